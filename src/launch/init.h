/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PID 1 of the sandbox.  Runs in the child of clone(), never returns. */
#ifndef NESTBOX_INIT_H
#define NESTBOX_INIT_H

#include "sandbox.h"

/* @go_fd: read end of the pipe on which the launcher says the id maps are
 * written; EOF means the launcher died. */
__attribute__((noreturn)) void init_main(struct sandbox *sb, int go_fd);

#endif
