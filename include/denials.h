/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --trace-denials: every call the seccomp filters refuse is handed to
 * init (SECCOMP_RET_USER_NOTIF), which answers it with the refusal the
 * plan gives and logs one line.  A notification is only ever answered
 * with an error (or the process killed): never allowed.
 */
#ifndef NESTBOX_DENIALS_H
#define NESTBOX_DENIALS_H

#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "seccomp.h"

/* The program's process hands its listeners to init over a unix socket. */
int denials_send_listeners(int sock, const int *fds, size_t n,
			   struct nb_error *err);
int denials_receive_listeners(int sock, int *fds, size_t *n,
			      struct nb_error *err);

/* One line, without the newline: "denied ptrace(PTRACE_ATTACH) by pid 7
 * (gdb): seccomp @debug".  Pure, for the tests. */
void denials_format(char *buf, size_t size, const char *syscall,
		    const uint64_t args[6], int pid, const char *comm,
		    const struct seccomp_rule *rule, bool by_keep);

/*
 * Answer one pending notification on @listener: refuse it as the plan
 * says and write the line to @log_fd.  Returns 0, or -1 when the listener
 * is gone (every process holding the filter has exited).
 */
int denials_answer(int listener, const struct seccomp_plan *plan, int log_fd);

#endif
