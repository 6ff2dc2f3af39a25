/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Giving up privilege before execve: capabilities (libcap) and
 * no_new_privs.  See capabilities(7). */
#ifndef NESTBOX_CAPS_H
#define NESTBOX_CAPS_H

#include <stdbool.h>
#include <stddef.h>

#include "log.h"
#include "policy.h"

/* Capability masks: bit N is capability N (CAP_CHOWN is 0). */
#define CAPS_MAX 64
#define CAPS_ALL (~0ULL)

/* firejail's `caps`: the capabilities its default filter drops. */
#define CAPS_FIREJAIL_DEFAULT_DROP                                             \
	((1ULL << 16) /* sys_module */ | (1ULL << 17) /* sys_rawio */ |        \
	 (1ULL << 21) /* sys_admin */ | (1ULL << 22) /* sys_boot */ |          \
	 (1ULL << 23) /* sys_nice */ | (1ULL << 26) /* sys_tty_config */ |     \
	 (1ULL << 27) /* mknod */ | (1ULL << 34) /* syslog */)

/* "chown,net_raw" or "cap_chown,..." (any case); "all" when @allow_all.
 * Pure: libcap's name table. */
int caps_parse_list(const char *directive, const char *list, bool allow_all,
		    unsigned long long *mask, struct nb_error *err);
/* "chown,net_raw", or "all" */
void caps_format(unsigned long long mask, char *buf, size_t size);

/* What a program run with --as-root keeps: every capability, only those
 * of caps.keep when given, minus caps.drop and caps. */
unsigned long long caps_allowed(const struct policy_process *pp);

/* Keep only @allowed: the bounding set first (dropping from it needs
 * CAP_SETPCAP), the ambient set emptied, then permitted and effective
 * set to @allowed and inheritable emptied. */
int caps_limit_to(unsigned long long allowed, struct nb_error *err);

/* Empty every set: caps_limit_to(0). */
int caps_drop_all(struct nb_error *err);

/* After this, execve never grants privilege (setuid bits, file caps), and
 * a seccomp filter may be installed without CAP_SYS_ADMIN. */
int caps_set_no_new_privs(struct nb_error *err);

#endif
