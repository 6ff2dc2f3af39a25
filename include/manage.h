/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Managing the caller's running sandboxes (--list, --tree, --shutdown,
 * --join): each returns an exit status, or -1 with @err set (125). */
#ifndef NESTBOX_MANAGE_H
#define NESTBOX_MANAGE_H

#include "cli.h"
#include "log.h"
#include "joinstate.h"
#include "registry.h"

/* A pidfd of the sandbox's init, checked to be the process the registry
 * recorded (its start time), never one that reused its pid. */
int manage_open_init(const struct registry_info *info, struct nb_error *err);

int manage_list(const struct options *o, struct nb_error *err);
int manage_tree(const struct options *o, struct nb_error *err);
int manage_shutdown(const struct options *o, struct nb_error *err);

/* join.c: the user namespace the sandbox's program runs in (nested in
 * init's, @init's children searched), open; -1 with @err set. */
int join_open_program_userns(pid_t init, struct nb_error *err);
/* join.c: a running sandbox of the caller's, found by name, id or pid
 * (only the caller's own registry is searched), opened for entering:
 * its recorded confinement, a pidfd of its init, its program's user
 * namespace.  join_target_close releases what open got, whatever failed. */
struct join_target {
	struct registry_entry reg;
	struct registry_info info;
	struct joinstate js;
	bool have_js;
	int dir_fd, pidfd, program_ns;
};
int join_target_open(struct join_target *t, const char *target,
		     struct nb_error *err);
void join_target_close(struct join_target *t);

/* join.c: run the program of @o (default $SHELL) inside the sandbox
 * @target, confined as its program is.  Returns -1 with @err set only
 * before it enters the sandbox; once in, it exits itself with the
 * command's status (or 125). */
int join_sandbox(const struct options *o, const char *target,
		 struct nb_error *err);

#endif
