/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The policy: plain data saying what the sandbox may see and do.
 * Directives (from the command line now, from profiles later) change it;
 * the planners turn it into an id map, a mount plan and a seccomp rule set.
 */
#ifndef NESTBOX_POLICY_H
#define NESTBOX_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "log.h"

#define POLICY_DEFAULT_HOSTNAME "nestbox"

enum policy_net {
	POLICY_NET_NONE,	/* own net namespace, loopback only */
};

/* A directive the sandbox cannot honour (yet): reported, never dropped. */
struct policy_not_enforced {
	const char *directive;	/* static: the directive table's name */
	const char *reason;	/* static */
	unsigned count;
};

struct policy {
	char *hostname;		/* never NULL after policy_init() */
	bool private_tmp;	/* /tmp is a fresh tmpfs (always, for now) */
	bool quiet;		/* `quiet`: the profile asks for no warnings */
	enum policy_net net;
	char **env;		/* "NAME=VALUE" entries to set, in order */
	size_t n_env;
	char **rmenv;		/* names to remove from the environment */
	size_t n_rmenv;
	struct policy_not_enforced *not_enforced;
	size_t n_not_enforced;
};

void policy_init(struct policy *p);
void policy_free(struct policy *p);

int policy_set_hostname(struct policy *p, const char *name,
			struct nb_error *err);
int policy_add_env(struct policy *p, const char *assignment,
		   struct nb_error *err);

int policy_add_rmenv(struct policy *p, const char *name,
		     struct nb_error *err);

/* Count one use of a directive that is not enforced, by kind. */
int policy_note_not_enforced(struct policy *p, const char *directive,
			     const char *reason, struct nb_error *err);

void policy_print(FILE *out, const struct policy *p);

#endif
