/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to the seccomp plan (seccomp_plan.c, seccomp_baseline.c): the
 * baseline's rules, added before the profile's.
 */
#ifndef NESTBOX_SECCOMP_BASELINE_H
#define NESTBOX_SECCOMP_BASELINE_H

#include <stdbool.h>

#include "seccomp.h"

/* The io_uring calls, refused with ENOSYS unless a profile excepts one. */
#define SECCOMP_IO_URING_CALLS 3
extern const char *const seccomp_io_uring_calls[SECCOMP_IO_URING_CALLS];

/* The baseline's rules into @plan: the debuggers' calls allowed if
 * @allow_debuggers, the namespace types @ns_refused refused, and the
 * io_uring calls whose bit is set in @uring_allowed left out. */
int seccomp_baseline_add(struct seccomp_plan *plan, bool allow_debuggers,
			 unsigned long ns_refused, unsigned uring_allowed,
			 struct nb_error *err);

#endif
