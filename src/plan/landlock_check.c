// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What this kernel's Landlock cannot enforce of the policy, noted in the
 * launch's facts (landlock.h: landlock_check).  Apart from landlock.c so
 * that Landlock's policy and plan need nothing of the launch facts, which
 * need the policy's types (no include cycle: tests/include-cycles.py).
 */
#include "landlock.h"

#include "launch_facts.h"

#define R_LL_NONE "this kernel has no Landlock (not built in, or not in the lsm= boot list)"
#define R_LL_NET "TCP port rules need Landlock ABI 4 (Linux 6.7)"
#define R_LL_SCOPE "scopes need Landlock ABI 6 (Linux 6.12)"

int landlock_check(const struct policy *p, int abi, struct launch_facts *lf,
		   struct nb_error *err)
{
	const struct policy_landlock *ll = &p->landlock;
	const bool fs = ll->enforce && ll->n_fs > 0;

	if (abi > 0)
		nb_debug("Landlock ABI %d", abi);
	else
		nb_debug("Landlock: not available in this kernel");
	if (ll->n_fs && !ll->enforce)
		nb_debug("Landlock: %zu landlock.fs.* rules without landlock.enforce: not applied",
			 ll->n_fs);
	if (ll->enforce && !ll->n_fs && !p->quiet)
		nb_warn("landlock.enforce without any landlock.fs.* rule: Landlock restricts no file access");
	if (fs && abi < 1) {
		if (launch_facts_not_enforced(lf, "landlock.enforce", R_LL_NONE,
					     err) < 0)
			return -1;
		for (size_t i = 0; i < ll->n_fs; i++)
			if (launch_facts_not_enforced(
				    lf, landlock_fs_kind_name(ll->fs[i].kind),
				    R_LL_NONE, err) < 0)
				return -1;
	}
	if (ll->connect.set && abi < LANDLOCK_ABI_NET &&
	    launch_facts_not_enforced(lf, "landlock.net.connect",
				     abi < 1 ? R_LL_NONE : R_LL_NET, err) < 0)
		return -1;
	if (ll->bind.set && abi < LANDLOCK_ABI_NET &&
	    launch_facts_not_enforced(lf, "landlock.net.bind",
				     abi < 1 ? R_LL_NONE : R_LL_NET, err) < 0)
		return -1;
	if (ll->scope_given && ll->scope && abi < LANDLOCK_ABI_SCOPE &&
	    launch_facts_not_enforced(lf, "landlock.scope",
				     abi < 1 ? R_LL_NONE : R_LL_SCOPE, err) < 0)
		return -1;
	if (!ll->scope_given && abi < LANDLOCK_ABI_SCOPE)
		nb_debug("Landlock: the default scope needs ABI %d: not applied",
			 LANDLOCK_ABI_SCOPE);
	return 0;
}
