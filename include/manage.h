/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Managing the caller's running sandboxes (--list, --tree, --shutdown,
 * --join): each returns an exit status, or -1 with @err set (125). */
#ifndef NESTBOX_MANAGE_H
#define NESTBOX_MANAGE_H

#include "cli.h"
#include "log.h"
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
/* join.c: run the program of @o (default $SHELL) inside the sandbox
 * @target, confined as its program is.  Returns -1 with @err set only
 * before it enters the sandbox; once in, it exits itself with the
 * command's status (or 125). */
int join_sandbox(const struct options *o, const char *target,
		 struct nb_error *err);

#endif
