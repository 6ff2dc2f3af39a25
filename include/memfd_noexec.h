/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * noexec against a memfd: a program that may not run a file of its home
 * (noexec ${HOME}) copies it into a memfd and runs that (execveat with
 * AT_EMPTY_PATH, or execve of /proc/self/fd/N): no mount says noexec
 * there.  vm.memfd_noexec=2 (Linux 6.3+, per pid namespace) makes every
 * memfd non-executable and sealed so.
 */
#ifndef NESTBOX_MEMFD_NOEXEC_H
#define NESTBOX_MEMFD_NOEXEC_H

#include <stdbool.h>

#include "log.h"
#include "policy.h"

#define MEMFD_NOEXEC_SYSCTL "/proc/sys/vm/memfd_noexec"

/* What the policy asks for: a noexec rule, or memory-deny-write-execute. */
bool memfd_noexec_wanted(const struct policy *p);

/*
 * The launcher's decision, from the host's sysctl: 1 when init is to
 * write 2 in the sandbox's pid namespace (writable by us), 0 when
 * nothing is to be done (not wanted, the host's 2 is inherited, or
 * memory-deny-write-execute refuses memfd_create already, or it cannot
 * be had: then said at launch unless quiet, also under --strict).
 */
int memfd_noexec_plan(const struct policy *p);

/* init, as the new pid namespace's first process: vm.memfd_noexec=2 in
 * it (and in every pid namespace below, which inherits it). */
int memfd_noexec_set(struct nb_error *err);

#endif
