/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NESTBOX_TEST_PLAN_WORLD_H
#define NESTBOX_TEST_PLAN_WORLD_H
/*
 * For the unit tests of the planners: a host (alice's, uid 1000, a
 * merged /bin), a policy, the launch's facts of it, hand-made file-system
 * facts and the plan they give.  Header-only: each test program includes
 * it once.
 */
#include <stdlib.h>
#include <string.h>

#include "fsfacts.h"
#include "launch_facts.h"
#include "mountplan.h"
#include "policy.h"

struct world {
	struct host_facts host;
	struct policy policy;
	struct launch_facts launch;	/* once world_launch() made them */
	bool launched;
	struct fs_facts facts;
	struct mount_plan plan;
	struct nb_error err;
};

static inline void host_of_alice(struct host_facts *h)
{
	memset(h, 0, sizeof(*h));
	h->uid = 1000;
	h->gid = 1000;
	strcpy(h->user, "alice");
	strcpy(h->home, "/home/alice");
	h->has_run_user = true;
	h->top[0].name = "bin";
	h->top[0].kind = HOST_SYMLINK;
	strcpy(h->top[0].target, "usr/bin");
	h->n_top = 1;
}

static inline struct world *world_new(void)
{
	struct world *w = calloc(1, sizeof(*w));

	if (!w)
		abort();
	host_of_alice(&w->host);
	policy_init(&w->policy);
	/* the planners' tests start from --noprofile's strict view; those
	 * of the host's trees (firejail's meaning) undo it */
	policy_strict_baseline(&w->policy);
	w->policy.fs.no3d = false;
	/* the session bus's socket shown as it is, which the plans of the
	 * bus's tests change */
	w->policy.dbus.user.mode = POLICY_DBUS_ALLOW;
	fs_facts_init(&w->facts);
	mount_plan_init(&w->plan);
	return w;
}

/* The launch's facts of the policy as it is now (its lines applied):
 * nothing found on the host; the display's and buses' tests add theirs. */
static inline struct launch_facts *world_launch(struct world *w)
{
	if (!w->launched) {
		if (launch_facts_init(&w->launch, &w->policy, &w->err) < 0)
			abort();
		w->launched = true;
	}
	return &w->launch;
}

/* The mount plan of the policy and its launch's facts. */
static inline int world_plan(struct world *w)
{
	return mount_plan_build(&w->policy, world_launch(w), &w->host,
				&w->facts, &w->plan, &w->err);
}

static inline void world_free(struct world *w)
{
	launch_facts_free(&w->launch);
	policy_free(&w->policy);
	fs_facts_free(&w->facts);
	mount_plan_free(&w->plan);
	free(w);
}

#endif
