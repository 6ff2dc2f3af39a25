/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The program's process: confinement applied in order, then execve. */
#ifndef NESTBOX_PROGRAM_H
#define NESTBOX_PROGRAM_H

#include "sandbox.h"
#include "seccomp.h"

/*
 * Runs in the child init creates in a nested user namespace, once init
 * has mapped it (caller's uid and gid inside, init's root outside):
 * setsid, cwd, environment, capabilities, no_new_privs, descriptors,
 * seccomp last, execve.  Never returns; exits 126/127 on exec failure.
 */
__attribute__((noreturn)) void program_exec(const struct sandbox *sb,
					    const struct seccomp_bpf *bpf);

/* The working directory and environment the program gets; init sets its
 * own the same way to record them for --join (joinstate.c). */
void program_enter_cwd(const struct host_facts *host, const char *private_cwd,
		       bool warn);
int program_set_environment(const struct policy *p,
			    const struct launch_facts *lf,
			    struct nb_error *err);

#endif
