// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a seccomp plan back: which rule a call meets (for
 * trace-denials and the tests), and the rule set as --dry-run prints it.
 */
#include "seccomp.h"

#include <inttypes.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "seccomp_groups.h"
#include "seccomp_policy.h"

static bool conds_hold(const struct seccomp_rule *r, const uint64_t args[6])
{
	for (unsigned c = 0; c < r->n_conds; c++) {
		const struct seccomp_cond *k = &r->conds[c];
		uint64_t v = args[k->arg];

		if (k->cmp == SECCOMP_CMP_GE ? v < k->value :
		    (v & k->mask) != k->value)
			return false;
	}
	return true;
}

const struct seccomp_rule *seccomp_plan_explain(const struct seccomp_plan *plan,
						int nr, const uint64_t args[6],
						bool *by_keep)
{
	*by_keep = false;
	for (size_t i = 0; i < plan->n; i++) {
		const struct seccomp_rule *r = &plan->rules[i];

		if (r->verdict != SECCOMP_VERDICT_LOG &&
		    seccomp_syscall_resolve_name(r->syscall) == nr &&
		    conds_hold(r, args))
			return r;
	}
	if (plan->keep_mode) {
		for (size_t i = 0; i < plan->n_keep; i++)
			if (seccomp_syscall_resolve_name(plan->keep[i]) == nr)
				return NULL;
		*by_keep = true;
	}
	return NULL;
}

/* --- printing, for --dry-run --- */

static const char *verdict_text(const struct seccomp_rule *r, char *buf,
				size_t size)
{
	struct seccomp_action a = { r->verdict, r->errnum };

	snprintf(buf, size, "%s", seccomp_action_name(&a));
	return buf;
}

static void print_rules(FILE *out, const struct seccomp_plan *plan)
{
	char buf[32];

	for (size_t i = 0; i < plan->n; i++) {
		const struct seccomp_rule *r = &plan->rules[i];

		fprintf(out, "  %-18s %-12s", r->syscall,
			verdict_text(r, buf, sizeof(buf)));
		for (unsigned c = 0; c < r->n_conds; c++) {
			const struct seccomp_cond *k = &r->conds[c];

			if (k->cmp == SECCOMP_CMP_GE)
				fprintf(out, "%s arg%u >= %llu",
					c ? " and" : " if", k->arg,
					(unsigned long long)k->value);
			else
				fprintf(out, "%s arg%u & %#llx == %#llx",
					c ? " and" : " if", k->arg,
					(unsigned long long)k->mask,
					(unsigned long long)k->value);
		}
		fprintf(out, "  (%s)\n", r->why);
	}
}

static void print_keep(FILE *out, const char *what,
		       const struct seccomp_plan *plan)
{
	if (!plan->keep_mode)
		return;
	fprintf(out, "%s: every other call gets %s; allowed (%zu):", what,
		seccomp_action_name(&plan->keep_action), plan->n_keep);
	for (size_t i = 0; i < plan->n_keep; i++)
		fprintf(out, " %s", plan->keep[i]);
	fputc('\n', out);
}

void seccomp_plan_print(FILE *out, const struct seccomp_plan *plan)
{
	const struct seccomp_plan *p32 = plan->i386;
	char types[128];

	seccomp_namespaces_format(plan->ns_refused, types, sizeof(types));
	fprintf(out, "seccomp (%zu rules; new namespaces refused: %s; %s: %s%s):\n",
		plan->n, types, p32 ? "x32" : "other ABIs",
		strerrorname_np(plan->badarch_errnum),
		plan->trace ? "; refusals reported by init" : "");
	print_rules(out, plan);
	print_keep(out, "seccomp.keep", plan);
	if (plan->io_uring_allowed) {
		char calls[1024];

		if (seccomp_plan_io_uring_bypass(plan, calls, sizeof(calls)))
			fprintf(out, "  io_uring allowed: its operations bypass the rules for %s\n",
				calls);
		else
			fprintf(out, "  io_uring allowed\n");
	}
	if (!p32)
		return;
	fprintf(out, "seccomp i386 (%zu rules%s):\n", p32->n,
		p32->socket_args_unchecked ?
			"; socket arguments unchecked: socketcall(2) passes them in memory" :
			"");
	print_rules(out, p32);
	print_keep(out, "seccomp.32.keep", p32);
}
