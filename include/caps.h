/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Giving up privilege before execve: capabilities (libcap) and
 * no_new_privs.  See capabilities(7). */
#ifndef NESTBOX_CAPS_H
#define NESTBOX_CAPS_H

#include "log.h"

/* Empty every set: bounding and ambient first (dropping from the bounding
 * set needs CAP_SETPCAP), then effective, permitted and inheritable. */
int caps_drop_all(struct nb_error *err);

/* After this, execve never grants privilege (setuid bits, file caps), and
 * a seccomp filter may be installed without CAP_SYS_ADMIN. */
int caps_set_no_new_privs(struct nb_error *err);

#endif
