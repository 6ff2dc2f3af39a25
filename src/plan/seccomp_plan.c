// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The seccomp rule set, as data: the baseline every sandbox gets, then
 * what the profile's directives add (syscall lists and groups,
 * memory-deny-write-execute, protocol, seccomp.keep), merged so each call
 * has one clear answer.  Pure: no filter is built or loaded here.
 */
#include "seccomp.h"

#include <errno.h>
#include <linux/netlink.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>

#include "seccomp_baseline.h"
#include "seccomp_groups.h"
#include "seccomp_policy.h"

#define WHY_BASELINE "baseline"

void seccomp_plan_init(struct seccomp_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	plan->badarch_errnum = EPERM;
	plan->keep_action.errnum = EPERM;
}

void seccomp_plan_free(struct seccomp_plan *plan)
{
	/* its rules may name the native plan's strings: freed first */
	if (plan->i386) {
		seccomp_plan_free(plan->i386);
		free(plan->i386);
	}
	free(plan->rules);
	free(plan->keep);
	for (size_t i = 0; i < plan->n_owned; i++)
		free(plan->owned[i]);
	free(plan->owned);
	memset(plan, 0, sizeof(*plan));
}

int seccomp_plan_add(struct seccomp_plan *plan, const struct seccomp_rule *r,
		     struct nb_error *err)
{
	if (plan->n == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 128;
		struct seccomp_rule *grown =
			realloc(plan->rules, cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "seccomp plan");
		plan->rules = grown;
		plan->cap = cap;
	}
	plan->rules[plan->n] = *r;
	if (!plan->rules[plan->n].why)
		plan->rules[plan->n].why = WHY_BASELINE;
	plan->n++;
	return 0;
}

/* --- the profile's lists --- */

static const char *own_name(struct seccomp_plan *plan, const char *name,
			    size_t len, struct nb_error *err)
{
	char *copy;

	for (size_t i = 0; i < plan->n_owned; i++)
		if (strlen(plan->owned[i]) == len &&
		    memcmp(plan->owned[i], name, len) == 0)
			return plan->owned[i];
	if (plan->n_owned == plan->cap_owned) {
		size_t cap = plan->cap_owned ? plan->cap_owned * 2 : 64;
		char **grown = realloc(plan->owned, cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "seccomp plan"), NULL;
		plan->owned = grown;
		plan->cap_owned = cap;
	}
	copy = strndup(name, len);
	if (!copy)
		return nb_fail(err, ENOMEM, "seccomp plan"), NULL;
	plan->owned[plan->n_owned++] = copy;
	return copy;
}

/* The names the exceptions (`!name`, `!@group`) take out of a list. */
struct name_set {
	const char **v;
	size_t n, cap;
};

static bool set_has(const struct name_set *set, const char *name, size_t len)
{
	for (size_t i = 0; i < set->n; i++)
		if (strlen(set->v[i]) == len &&
		    memcmp(set->v[i], name, len) == 0)
			return true;
	return false;
}

static int set_add(struct name_set *set, const char *name)
{
	if (set_has(set, name, strlen(name)))
		return 0;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 32;
		const char **grown = realloc(set->v, cap * sizeof(*grown));

		if (!grown)
			return -1;
		set->v = grown;
		set->cap = cap;
	}
	set->v[set->n++] = name;
	return 0;
}

/* What every expansion callback needs. */
struct expansion {
	struct seccomp_plan *plan;
	const struct name_set *except;
	struct name_set *collect;	/* exceptions and keep: names only */
	struct seccomp_action action;
	struct nb_error *err;
};

/* Whether the plan's ABI has the call: libseccomp answers a negative
 * pseudo-number for a call only other architectures have (chown32 on
 * x86_64). */
static bool has_call(const struct seccomp_plan *plan, const char *name)
{
	return plan->arch ? seccomp_syscall_resolve_name_arch(plan->arch, name) >= 0 :
			    seccomp_syscall_resolve_name(name) >= 0;
}

static int strength(const struct seccomp_rule *r)
{
	switch (r->verdict) {
	case SECCOMP_VERDICT_KILL:
		return 2;
	case SECCOMP_VERDICT_ERRNO:
		return 1;
	case SECCOMP_VERDICT_LOG:
		break;
	}
	return 0;
}

/*
 * One unconditional rule per call, kept as the lists are expanded: the
 * strongest, the first among equals (as merge_rules() would keep), so a
 * profile repeating a large group does not grow the rule set.
 */
static int add_unconditional(struct seccomp_plan *plan,
			     const struct seccomp_rule *r, struct nb_error *err)
{
	for (size_t i = 0; i < plan->n; i++) {
		struct seccomp_rule *o = &plan->rules[i];

		if (o->n_conds || strcmp(o->syscall, r->syscall))
			continue;
		if (strength(r) > strength(o))
			*o = *r;
		return 0;
	}
	return seccomp_plan_add(plan, r, err);
}

/* A refused name: an unconditional rule, unless excepted, or unknown on
 * this architecture (then there is nothing to refuse). */
static int refuse_name(const char *name, size_t len, const char *why,
		       void *data)
{
	struct expansion *x = data;
	struct seccomp_rule r = { 0 };

	if (x->except && set_has(x->except, name, len))
		return 0;
	r.syscall = own_name(x->plan, name, len, x->err);
	if (!r.syscall)
		return -1;
	if (!has_call(x->plan, r.syscall))
		return 0;
	r.verdict = x->action.verdict;
	r.errnum = x->action.errnum;
	r.why = why;
	return add_unconditional(x->plan, &r, x->err);
}

static int collect_name(const char *name, size_t len, const char *why,
			void *data)
{
	struct expansion *x = data;
	const char *owned;

	(void)why;
	if (x->except && set_has(x->except, name, len))
		return 0;
	owned = own_name(x->plan, name, len, x->err);
	if (!owned)
		return -1;
	if (set_add(x->collect, owned) < 0)
		return nb_fail(x->err, ENOMEM, "seccomp plan");
	return 0;
}

/* One list entry: a @group expanded, or a single name. */
static int expand_entry(const char *name, const char *why,
			int (*fn)(const char *, size_t, const char *, void *),
			struct expansion *x)
{
	if (name[0] == '@') {
		const struct seccomp_group *g = seccomp_group_find(name);

		if (!g)
			return nb_fail(x->err, 0, "unknown syscall group '%s'",
				       name);
		x->err->msg[0] = '\0';
		if (seccomp_group_expand(g, fn, x) < 0)
			return x->err->msg[0] ? -1 :
			       nb_fail(x->err, 0, "syscall group %s", name);
		return 0;
	}
	return fn(name, strlen(name), why, x);
}

static int collect_exceptions(struct seccomp_plan *plan,
			      const struct seccomp_names *list,
			      struct name_set *except, struct nb_error *err)
{
	struct expansion x = { .plan = plan, .collect = except, .err = err };

	for (size_t i = 0; i < list->n; i++)
		if (list->v[i].except &&
		    expand_entry(list->v[i].name, NULL, collect_name, &x) < 0)
			return -1;
	return 0;
}

/*
 * `seccomp` refuses firejail's default group (without the debugger calls
 * under allow-debuggers); `seccomp LIST` and `seccomp.drop LIST` refuse
 * what they name; `!name` anywhere in them takes a name out.  The
 * baseline is not loosened by an exception.
 */
static int add_drop_lists(struct seccomp_plan *plan,
			  const struct policy_seccomp *s, struct nb_error *err)
{
	struct name_set except = { 0 };
	struct expansion x = { .plan = plan, .except = &except,
			       .action = s->error_action, .err = err };
	int rc = collect_exceptions(plan, &s->drop, &except, err);

	if (rc == 0 && s->default_group)
		rc = expand_entry(s->allow_debuggers ? "@default" :
						       "@default-nodebuggers",
				  "seccomp", refuse_name, &x);
	for (size_t i = 0; rc == 0 && i < s->drop.n; i++) {
		const struct seccomp_name *e = &s->drop.v[i];

		if (e->except)
			continue;
		x.action = e->has_action ? e->action : s->error_action;
		rc = expand_entry(e->name, e->directive, refuse_name, &x);
	}
	free(except.v);
	return rc;
}

/* seccomp.keep: only the listed calls, plus what starting the program
 * takes (@default-keep: execve...), as in firejail. */
static int add_keep_list(struct seccomp_plan *plan,
			 const struct policy_seccomp *s, struct nb_error *err)
{
	struct name_set except = { 0 }, keep = { 0 };
	struct expansion x = { .plan = plan, .except = &except,
			       .collect = &keep, .err = err };
	int rc = collect_exceptions(plan, &s->keep, &except, err);

	if (rc == 0)
		rc = expand_entry("@default-keep", NULL, collect_name, &x);
	for (size_t i = 0; rc == 0 && i < s->keep.n; i++)
		if (!s->keep.v[i].except)
			rc = expand_entry(s->keep.v[i].name, NULL,
					  collect_name, &x);
	free(except.v);
	if (rc < 0) {
		free(keep.v);
		return -1;
	}
	/* Only the names this architecture has can be allowed. */
	plan->n_keep = 0;
	for (size_t i = 0; i < keep.n; i++)
		if (has_call(plan, keep.v[i]))
			keep.v[plan->n_keep++] = keep.v[i];
	free(plan->keep);
	plan->keep = keep.v;
	plan->cap_keep = keep.cap;
	plan->keep_mode = true;
	plan->keep_action = s->error_action;
	return 0;
}

/* --- memory-deny-write-execute, protocol --- */

static int add_cond_rule(struct seccomp_plan *plan, const char *name,
			 unsigned arg, enum seccomp_cmp cmp, uint64_t mask,
			 uint64_t value, struct seccomp_action action,
			 const char *why, struct nb_error *err)
{
	struct seccomp_rule r = {
		.syscall = name, .n_conds = 1,
		.conds = { { arg, cmp, mask, value } },
		.verdict = action.verdict, .errnum = action.errnum, .why = why,
	};

	return seccomp_plan_add(plan, &r, err);
}

#define WHY_MDWE "memory-deny-write-execute"

/*
 * No memory both writable and executable, and no memory made executable
 * after the fact (which W then X would do): mmap with W|X, mprotect and
 * pkey_mprotect adding X, shmat with SHM_EXEC, and memfd_create (a file
 * written then mapped executable).  Code can still be mapped from files.
 */
static int add_mdwe(struct seccomp_plan *plan, struct seccomp_action a,
		    struct nb_error *err)
{
	const uint64_t wx = PROT_WRITE | PROT_EXEC;
	struct seccomp_rule memfd = { .syscall = "memfd_create",
				      .verdict = a.verdict,
				      .errnum = a.errnum, .why = WHY_MDWE };

	if (add_cond_rule(plan, "mmap", 2, SECCOMP_CMP_MASKED_EQ, wx, wx, a,
			  WHY_MDWE, err) < 0 ||
	    add_cond_rule(plan, "mprotect", 2, SECCOMP_CMP_MASKED_EQ,
			  PROT_EXEC, PROT_EXEC, a, WHY_MDWE, err) < 0 ||
	    add_cond_rule(plan, "pkey_mprotect", 2, SECCOMP_CMP_MASKED_EQ,
			  PROT_EXEC, PROT_EXEC, a, WHY_MDWE, err) < 0 ||
	    add_cond_rule(plan, "shmat", 2, SECCOMP_CMP_MASKED_EQ, SHM_EXEC,
			  SHM_EXEC, a, WHY_MDWE, err) < 0)
		return -1;
	return seccomp_plan_add(plan, &memfd, err);
}

#define WHY_PROTOCOL "protocol"

static bool family_allowed(unsigned protocols, uint64_t family)
{
	size_t n;
	const struct seccomp_protocol *t = seccomp_protocol_table(&n);

	for (size_t i = 0; i < n; i++)
		if ((protocols & (1u << i)) && (uint64_t)t[i].family == family)
			return true;
	return false;
}

/*
 * protocol LIST: socket() and socketpair() refuse every other family.
 * The family is an int: each refused value is compared on 32 bits, so
 * garbage in the upper half cannot slip by; anything at or above AF_MAX
 * is refused whole.  Refused with EAFNOSUPPORT, as a kernel without that
 * family would, so programs fall back (unless seccomp-error-action says
 * otherwise).  io_uring can open sockets without socket(2): refused too.
 */
static int add_protocol(struct seccomp_plan *plan,
			const struct policy_seccomp *s, struct nb_error *err)
{
	static const char *const calls[] = { "socket", "socketpair" };
	struct seccomp_action a = s->action_set ? s->error_action :
		(struct seccomp_action){ SECCOMP_VERDICT_ERRNO, EAFNOSUPPORT };
	struct seccomp_rule uring = { .syscall = "io_uring_setup",
				      .verdict = a.verdict,
				      .errnum = a.errnum, .why = WHY_PROTOCOL };

	for (size_t c = 0; c < 2; c++) {
		for (uint64_t f = 0; f < AF_MAX; f++)
			if (!family_allowed(s->protocols, f) &&
			    add_cond_rule(plan, calls[c], 0,
					  SECCOMP_CMP_MASKED_EQ, 0xffffffff, f,
					  a, WHY_PROTOCOL, err) < 0)
				return -1;
		if (add_cond_rule(plan, calls[c], 0, SECCOMP_CMP_GE, 0, AF_MAX,
				  a, WHY_PROTOCOL, err) < 0)
			return -1;
	}
	/* taken out by name: reported with the rest io_uring bypasses */
	if (plan->io_uring_allowed & 1u)
		return 0;
	return seccomp_plan_add(plan, &uring, err);
}

/* --- merging --- */


static bool cond_equal(const struct seccomp_cond *a,
		       const struct seccomp_cond *b)
{
	return a->arg == b->arg && a->cmp == b->cmp && a->mask == b->mask &&
	       a->value == b->value;
}

/* Every condition of @general is one of @specific's: @general holds
 * whenever @specific does. */
static bool covers(const struct seccomp_rule *general,
		   const struct seccomp_rule *specific)
{
	for (unsigned i = 0; i < general->n_conds; i++) {
		bool found = false;

		for (unsigned j = 0; j < specific->n_conds && !found; j++)
			found = cond_equal(&general->conds[i],
					   &specific->conds[j]);
		if (!found)
			return false;
	}
	return true;
}

/* Whether rule @i goes, given rule @j for the same call. */
static bool superseded(const struct seccomp_rule *r, size_t i,
		       const struct seccomp_rule *o, size_t j)
{
	bool o_covers = covers(o, r), r_covers = covers(r, o);

	if (o_covers && r_covers)	/* the same conditions */
		return strength(o) > strength(r) ||
		       (strength(o) == strength(r) && j < i);
	if (o_covers)			/* o is the more general */
		return strength(o) > 0;
	if (r_covers)			/* r is: a log never hides a refusal */
		return strength(r) == 0 && strength(o) > 0;
	return false;
}

/*
 * One answer per call.  libseccomp refuses (EEXIST) or lets the general
 * rule override two rules for the same call whose conditions overlap with
 * different actions, so:
 *  - of rules with the same conditions, the strongest stays (kill, then
 *    an errno, the first one given, then log);
 *  - a refusal makes every more specific rule for the call redundant;
 *  - but a `log` (which allows) never hides a more specific refusal: the
 *    log rule goes.
 */
static void merge_rules(struct seccomp_plan *plan)
{
	size_t out = 0;

	for (size_t i = 0; i < plan->n; i++) {
		const struct seccomp_rule *r = &plan->rules[i];
		bool keep = true;

		for (size_t j = 0; j < plan->n && keep; j++)
			if (j != i && !strcmp(plan->rules[j].syscall, r->syscall))
				keep = !superseded(r, i, &plan->rules[j], j);
		if (keep)
			plan->rules[out++] = *r;
	}
	plan->n = out;
}

/*
 * Under trace-denials the program's process hands the filters' listeners
 * to init with sendmsg, after the filters are in place: a refused sendmsg
 * would wait for an answer only the listeners it holds could give.
 */
static int allow_handoff(struct seccomp_plan *plan, struct nb_error *err)
{
	for (size_t i = 0; i < plan->n; i++)
		if (!strcmp(plan->rules[i].syscall, "sendmsg") &&
		    plan->rules[i].verdict != SECCOMP_VERDICT_LOG)
			return nb_fail(err, 0,
				       "trace-denials needs sendmsg, which the profile refuses (%s)",
				       plan->rules[i].why);
	if (plan->keep_mode) {
		for (size_t i = 0; i < plan->n_keep; i++)
			if (!strcmp(plan->keep[i], "sendmsg"))
				return 0;
		if (plan->n_keep == plan->cap_keep) {
			size_t cap = plan->cap_keep ? plan->cap_keep * 2 : 8;
			const char **grown =
				realloc(plan->keep, cap * sizeof(*grown));

			if (!grown)
				return nb_fail(err, ENOMEM, "seccomp plan");
			plan->keep = grown;
			plan->cap_keep = cap;
		}
		plan->keep[plan->n_keep++] = "sendmsg";
	}
	return 0;
}

/*
 * One native rule as the i386 ABI needs it.  The calls and argument
 * positions are the same but for two: old mmap(2) takes its arguments in
 * memory (libc uses mmap2, whose are the native ones): a check of them
 * goes to mmap2 and old mmap is refused whole; and socket(2) and
 * socketpair(2) reach the kernel through socketcall(2) too, whose
 * arguments are in memory: libseccomp would refuse every socket made
 * that way (libc's way on i386), so a check of their arguments is left
 * out and said (--dry-run; protocol is reported as not enforced there).
 * ipc(2)'s shmat keeps shmflg in the same position: libseccomp adds it.
 */
static int add_i386_rule(struct seccomp_plan *p32,
			 const struct seccomp_rule *r, struct nb_error *err)
{
	/* i386's other name for the same call: old umount(2) is umount2
	 * without flags; mmap2 is what libc uses for mmap */
	static const char *const alias[][2] = { { "umount2", "umount" },
						{ "mmap", "mmap2" } };
	struct seccomp_rule copy = *r;

	if (!r->n_conds) {
		for (size_t i = 0; i < sizeof(alias) / sizeof(*alias); i++) {
			if (strcmp(r->syscall, alias[i][0]))
				continue;
			copy.syscall = alias[i][1];
			if (add_unconditional(p32, &copy, err) < 0)
				return -1;
		}
		return add_unconditional(p32, r, err);
	}
	if (!strcmp(r->syscall, "socket") || !strcmp(r->syscall, "socketpair")) {
		p32->socket_args_unchecked = true;
		return 0;
	}
	if (!strcmp(r->syscall, "mmap")) {
		struct seccomp_rule old = { .syscall = "mmap",
					    .verdict = r->verdict,
					    .errnum = r->errnum,
					    .why = r->why };

		copy.syscall = "mmap2";
		if (add_unconditional(p32, &old, err) < 0)
			return -1;
	}
	return seccomp_plan_add(p32, &copy, err);
}

/* Without seccomp.block-secondary: the i386 ABI, under the native rules
 * (adapted) and seccomp.32's lists, resolved on i386's names. */
static int build_i386(struct seccomp_plan *plan,
		      const struct policy_seccomp *s, struct nb_error *err)
{
	struct policy_seccomp s32 = *s;
	struct seccomp_plan *p32 = calloc(1, sizeof(*p32));

	if (!p32)
		return nb_fail(err, ENOMEM, "seccomp plan");
	seccomp_plan_init(p32);
	plan->i386 = p32;
	p32->arch = SCMP_ARCH_X86;
	p32->ns_refused = plan->ns_refused;
	for (size_t i = 0; i < plan->n; i++)
		if (add_i386_rule(p32, &plan->rules[i], err) < 0)
			return -1;
	s32.default_group = s->default_group32;
	s32.drop = s->drop32;
	s32.keep_set = s->keep32_set;
	s32.keep = s->keep32;
	if (add_drop_lists(p32, &s32, err) < 0 ||
	    (s32.keep_set && add_keep_list(p32, &s32, err) < 0))
		return -1;
	merge_rules(p32);
	return 0;
}

/* The io_uring calls an exception of the drop lists names (`!name`,
 * or a group holding it): bit i for seccomp_io_uring_calls[i]. */
static int io_uring_excepted(struct seccomp_plan *plan,
			     const struct policy_seccomp *s, unsigned *allowed,
			     struct nb_error *err)
{
	struct name_set except = { 0 };

	*allowed = 0;
	if (collect_exceptions(plan, &s->drop, &except, err) < 0) {
		free(except.v);
		return -1;
	}
	for (size_t i = 0; i < SECCOMP_IO_URING_CALLS; i++)
		if (set_has(&except, seccomp_io_uring_calls[i],
			    strlen(seccomp_io_uring_calls[i])))
			*allowed |= 1u << i;
	free(except.v);
	return 0;
}

int seccomp_plan_build(struct seccomp_plan *plan,
		       const struct policy_seccomp *s, struct nb_error *err)
{
	plan->ns_refused = s->ns_refused;
	if (io_uring_excepted(plan, s, &plan->io_uring_allowed, err) < 0 ||
	    seccomp_baseline_add(plan, s->allow_debuggers, s->ns_refused,
				 plan->io_uring_allowed, err) < 0 ||
	    add_drop_lists(plan, s, err) < 0)
		return -1;
	if (s->mdwe && add_mdwe(plan, s->error_action, err) < 0)
		return -1;
	if (s->protocol_set && add_protocol(plan, s, err) < 0)
		return -1;
	if (s->keep_set && add_keep_list(plan, s, err) < 0)
		return -1;
	merge_rules(plan);
	if (!s->block_secondary && build_i386(plan, s, err) < 0)
		return -1;
	plan->trace = s->trace_denials;
	return plan->trace ? allow_handoff(plan, err) : 0;
}

/* The calls io_uring has an operation for (IORING_OP_*): a rule of the
 * filter for one of them does not hold for the operation. */
static const char *const io_uring_ops[] = {
	"socket", "connect", "accept", "accept4", "bind", "listen",
	"sendmsg", "recvmsg", "sendto", "recvfrom", "shutdown", "openat",
	"openat2", "close", "statx", "read", "write", "readv", "writev",
	"pread64", "pwrite64", "preadv", "pwritev", "fsync", "fdatasync",
	"sync_file_range", "fallocate", "fadvise64", "madvise", "renameat",
	"renameat2", "unlinkat", "mkdirat", "symlinkat", "linkat", "setxattr",
	"fsetxattr", "getxattr", "fgetxattr", "splice", "tee", "epoll_ctl",
	"ftruncate", "waitid", "futex", "futex_wait", "futex_wake",
};

size_t seccomp_plan_io_uring_bypass(const struct seccomp_plan *plan,
				    char *out, size_t size)
{
	size_t n = 0, len = 0;

	out[0] = '\0';
	for (size_t o = 0; o < sizeof(io_uring_ops) / sizeof(*io_uring_ops);
	     o++) {
		bool refused = false;

		for (size_t i = 0; i < plan->n && !refused; i++)
			refused = !strcmp(plan->rules[i].syscall,
					  io_uring_ops[o]) &&
				  strength(&plan->rules[i]) > 0;
		if (!refused)
			continue;
		if (len < size)
			len += (size_t)snprintf(out + len, size - len, "%s%s",
						n ? "," : "", io_uring_ops[o]);
		n++;
	}
	return n;
}

/* --- trace-denials: which rule refused a call --- */
