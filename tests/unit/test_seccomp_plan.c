// SPDX-License-Identifier: GPL-2.0-or-later
/* The seccomp directives compiled into a rule set: groups expanded,
 * exceptions applied, duplicates merged; pure. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/socket.h>
#include <cmocka.h>

#include <seccomp.h> /* libseccomp, to resolve names */

#include "denials.h"
#include "directives.h"
#include "seccomp.h"
#include "seccomp_groups.h"
#include "seccomp_policy.h"

struct fixture {
	struct policy policy;
	struct seccomp_plan plan;
	struct nb_error err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	policy_init(&f->policy);
	seccomp_plan_init(&f->plan);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	seccomp_plan_free(&f->plan);
	policy_free(&f->policy);
	free(f);
	return 0;
}

static void apply(struct fixture *f, const char *name, const char *arg)
{
	if (directive_apply(&f->policy, name, arg, NULL, &f->err) < 0)
		fail_msg("%s %s: %s", name, arg ? arg : "", f->err.msg);
}

static void build(struct fixture *f)
{
	if (seccomp_plan_build(&f->plan, &f->policy.seccomp, &f->err) < 0)
		fail_msg("build: %s", f->err.msg);
}

static size_t count_rules(const struct seccomp_plan *p, const char *name,
			  int conds /* -1: any */)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->rules[i].syscall, name) &&
		    (conds < 0 || (int)p->rules[i].n_conds == conds))
			n++;
	return n;
}

static const struct seccomp_rule *only_rule(const struct seccomp_plan *p,
					    const char *name)
{
	const struct seccomp_rule *found = NULL;

	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->rules[i].syscall, name)) {
			if (found)
				fail_msg("%s has more than one rule", name);
			found = &p->rules[i];
		}
	return found;
}

static bool kept(const struct seccomp_plan *p, const char *name)
{
	for (size_t i = 0; i < p->n_keep; i++)
		if (!strcmp(p->keep[i], name))
			return true;
	return false;
}

static void test_seccomp_refuses_the_default_group_members(void **state)
{
	struct fixture *f = *state;
	const struct seccomp_rule *r;

	apply(f, "seccomp", NULL);
	build(f);
	r = only_rule(&f->plan, "set_mempolicy");
	assert_non_null(r);
	assert_string_equal(r->why, "@default");
	assert_int_equal(r->errnum, EPERM);
	/* from @clock, nested in @default; the baseline had it first */
	assert_non_null(only_rule(&f->plan, "clock_settime"));
	/* @default-nodebuggers: personality entirely, so the baseline's
	 * conditional personality rules are gone */
	r = only_rule(&f->plan, "personality");
	assert_non_null(r);
	assert_int_equal(r->n_conds, 0);
}

static void test_allow_debuggers_allows_ptrace_and_keeps_personality_checks(
	void **state)
{
	struct fixture *f = *state;

	apply(f, "allow-debuggers", NULL);
	apply(f, "seccomp", NULL);
	build(f);
	assert_int_equal(count_rules(&f->plan, "ptrace", -1), 0);
	assert_int_equal(count_rules(&f->plan, "process_vm_readv", -1), 0);
	assert_int_equal(count_rules(&f->plan, "personality", 0), 0);
	assert_true(count_rules(&f->plan, "personality", 1) > 30);
	/* the rest of the debug group stays refused */
	assert_non_null(only_rule(&f->plan, "process_vm_writev"));
}

static void test_without_seccomp_only_the_baseline(void **state)
{
	struct fixture *f = *state;
	struct seccomp_plan base;

	/* the baseline of --noprofile (launch.c): every namespace type
	 * refused */
	f->policy.seccomp.ns_refused = seccomp_namespaces_all();
	build(f);
	seccomp_plan_init(&base);
	assert_int_equal(seccomp_plan_default(&base, &f->err), 0);
	assert_int_equal(f->plan.n, base.n);
	assert_int_equal(count_rules(&f->plan, "set_mempolicy", -1), 0);
	seccomp_plan_free(&base);
}

static void test_exceptions_take_names_out_of_groups(void **state)
{
	struct fixture *f = *state;

	apply(f, "seccomp", "!set_mempolicy,@timer,!timerfd_create");
	build(f);
	assert_int_equal(count_rules(&f->plan, "set_mempolicy", -1), 0);
	assert_int_equal(count_rules(&f->plan, "timerfd_create", -1), 0);
	assert_non_null(only_rule(&f->plan, "timerfd_settime"));
	assert_string_equal(only_rule(&f->plan, "timerfd_settime")->why,
			    "@timer");
	assert_non_null(only_rule(&f->plan, "io_setup"));
}

static void test_an_exception_does_not_loosen_the_baseline(void **state)
{
	struct fixture *f = *state;

	apply(f, "seccomp", "!ptrace,!mount");
	build(f);
	assert_non_null(only_rule(&f->plan, "ptrace"));
	assert_string_equal(only_rule(&f->plan, "mount")->why, "baseline");
}

/* io_uring bypasses every rule for a call it has an operation for:
 * refused by the baseline (ENOSYS, no io_uring in this kernel) unless the
 * profile takes each call out by name. */
static void test_io_uring_is_refused_unless_named_as_an_exception(void **state)
{
	struct fixture *f = *state;
	static const char *const calls[] = { "io_uring_setup",
					     "io_uring_enter",
					     "io_uring_register" };
	char bypass[256];

	build(f);
	for (size_t i = 0; i < 3; i++) {
		const struct seccomp_rule *r = only_rule(&f->plan, calls[i]);

		assert_non_null(r);
		assert_int_equal(r->n_conds, 0);
		assert_int_equal(r->errnum, ENOSYS);
		assert_string_equal(r->why, "baseline");
	}
	assert_int_equal(f->plan.io_uring_allowed, 0);
	seccomp_plan_free(&f->plan);
	seccomp_plan_init(&f->plan);

	/* protocol's own refusal of io_uring_setup goes too, and what its
	 * operations bypass is named: the audit socket, protocol, connect */
	apply(f, "seccomp.drop", "!io_uring_setup,!io_uring_enter,!io_uring_register,connect");
	apply(f, "protocol", "unix");
	build(f);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(count_rules(&f->plan, calls[i], -1), 0);
	assert_int_equal(f->plan.io_uring_allowed, 7);
	assert_int_equal(seccomp_plan_io_uring_bypass(&f->plan, bypass,
						      sizeof(bypass)), 2);
	assert_string_equal(bypass, "socket,connect");
	seccomp_plan_free(&f->plan);
	seccomp_plan_init(&f->plan);

	/* one call named: the others stay refused */
	policy_free(&f->policy);
	policy_init(&f->policy);
	apply(f, "seccomp", "!io_uring_enter");
	build(f);
	assert_non_null(only_rule(&f->plan, "io_uring_setup"));
	assert_int_equal(count_rules(&f->plan, "io_uring_enter", -1), 0);
	assert_int_equal(f->plan.io_uring_allowed, 2);
}

static void test_duplicates_merge_to_the_strongest_first(void **state)
{
	struct fixture *f = *state;

	apply(f, "seccomp.drop", "utimensat:ENOENT,utimensat,mount:ENOENT");
	apply(f, "seccomp.drop", "umount2:kill");
	build(f);
	assert_int_equal(only_rule(&f->plan, "utimensat")->errnum, ENOENT);
	/* the baseline came first: EPERM stays */
	assert_int_equal(only_rule(&f->plan, "mount")->errnum, EPERM);
	assert_int_equal(only_rule(&f->plan, "umount2")->verdict,
			 SECCOMP_VERDICT_KILL);
	for (size_t i = 0; i < f->plan.n; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(f->plan.rules[i].syscall,
				    f->plan.rules[j].syscall) &&
			    f->plan.rules[i].n_conds == 0 &&
			    f->plan.rules[j].n_conds == 0)
				fail_msg("%s twice", f->plan.rules[i].syscall);
}

static void test_error_action_applies_to_the_lists(void **state)
{
	struct fixture *f = *state;

	apply(f, "seccomp-error-action", "ENOSYS");
	apply(f, "seccomp.drop", "utimensat,getppid:EACCES");
	build(f);
	assert_int_equal(only_rule(&f->plan, "utimensat")->errnum, ENOSYS);
	assert_int_equal(only_rule(&f->plan, "getppid")->errnum, EACCES);
	/* not to the baseline */
	assert_int_equal(only_rule(&f->plan, "mount")->errnum, EPERM);
}

static void test_log_never_hides_a_refusal(void **state)
{
	struct fixture *f = *state;

	apply(f, "protocol", "unix");
	apply(f, "seccomp.drop", "socket:log,mount:log");
	build(f);
	/* an unconditional log would override the family checks */
	assert_int_equal(count_rules(&f->plan, "socket", 0), 0);
	assert_true(count_rules(&f->plan, "socket", 1) > 40);
	assert_int_equal(only_rule(&f->plan, "mount")->verdict,
			 SECCOMP_VERDICT_ERRNO);
}

static void test_protocol_refuses_every_other_family(void **state)
{
	struct fixture *f = *state;
	uint64_t args[6] = { 0 };
	bool by_keep;

	apply(f, "protocol", "unix,inet6");
	build(f);
	for (uint64_t fam = 0; fam < AF_MAX; fam++) {
		const struct seccomp_rule *r;

		args[0] = fam;
		r = seccomp_plan_explain(&f->plan,
					 seccomp_syscall_resolve_name("socket"),
					 args, &by_keep);
		if (fam == AF_UNIX || fam == AF_INET6)
			assert_null(r);
		else if (!r)
			fail_msg("family %llu allowed",
				 (unsigned long long)fam);
		else if (fam != AF_NETLINK) /* NETLINK_AUDIT: baseline */
			assert_int_equal(r->errnum, EAFNOSUPPORT);
	}
	/* garbage in the upper half is compared away */
	args[0] = (1ull << 32) | AF_INET;
	assert_non_null(seccomp_plan_explain(
		&f->plan, seccomp_syscall_resolve_name("socket"), args,
		&by_keep));
	args[0] = AF_MAX + 7;
	assert_non_null(seccomp_plan_explain(
		&f->plan, seccomp_syscall_resolve_name("socketpair"), args,
		&by_keep));
	assert_non_null(only_rule(&f->plan, "io_uring_setup"));
	/* the baseline's audit rule is covered by the family rule */
	assert_int_equal(count_rules(&f->plan, "socket", 2), 0);
}

static void test_mdwe_rules(void **state)
{
	struct fixture *f = *state;
	uint64_t args[6] = { 0, 4096, 0x6 /* W|X */ };
	bool by_keep;
	int mmap_nr = seccomp_syscall_resolve_name("mmap");
	int mprotect_nr = seccomp_syscall_resolve_name("mprotect");

	apply(f, "memory-deny-write-execute", NULL);
	build(f);
	assert_non_null(seccomp_plan_explain(&f->plan, mmap_nr, args, &by_keep));
	args[2] = 0x5; /* R|X: code mapped from a file */
	assert_null(seccomp_plan_explain(&f->plan, mmap_nr, args, &by_keep));
	assert_non_null(
		seccomp_plan_explain(&f->plan, mprotect_nr, args, &by_keep));
	args[2] = 0x3; /* R|W */
	assert_null(seccomp_plan_explain(&f->plan, mprotect_nr, args, &by_keep));
	assert_non_null(only_rule(&f->plan, "memfd_create"));
	assert_int_equal(count_rules(&f->plan, "shmat", 1), 1);
}

static void test_keep_allows_only_the_list_and_what_exec_needs(void **state)
{
	struct fixture *f = *state;
	uint64_t args[6] = { 0 };
	bool by_keep;

	apply(f, "seccomp.keep", "@timer,getppid,chown32,!timerfd_create");
	build(f);
	assert_true(f->plan.keep_mode);
	assert_true(kept(&f->plan, "execve"));
	assert_true(kept(&f->plan, "getppid"));
	assert_true(kept(&f->plan, "timerfd_settime"));
	assert_false(kept(&f->plan, "timerfd_create"));
	assert_false(kept(&f->plan, "chown32")); /* i386 only */
	assert_null(seccomp_plan_explain(
		&f->plan, seccomp_syscall_resolve_name("getppid"), args,
		&by_keep));
	assert_false(by_keep);
	assert_null(seccomp_plan_explain(
		&f->plan, seccomp_syscall_resolve_name("getpid"), args,
		&by_keep));
	assert_true(by_keep);
}

static void test_trace_needs_and_keeps_sendmsg(void **state)
{
	struct fixture *f = *state;

	apply(f, "trace-denials", NULL);
	apply(f, "seccomp.keep", "getppid");
	build(f);
	assert_true(f->plan.trace);
	assert_true(kept(&f->plan, "sendmsg"));
}

static void test_trace_refuses_a_profile_that_refuses_sendmsg(void **state)
{
	struct fixture *f = *state;

	apply(f, "trace-denials", NULL);
	apply(f, "seccomp.drop", "@network-io");
	assert_int_equal(seccomp_plan_build(&f->plan, &f->policy.seccomp,
					    &f->err), -1);
	assert_non_null(strstr(f->err.msg, "sendmsg"));
}

static void test_bad_names_are_errors(void **state)
{
	struct fixture *f = *state;
	static const char *bad[] = { "nosuchcall", "@nosuchgroup", "$99999",
				     "$", "$12a", "$-1", "getpid:EWHAT",
				     "!getpid:kill", "" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (directive_apply(&f->policy, "seccomp.drop", bad[i], NULL,
				    &f->err) == 0 && bad[i][0])
			fail_msg("'%s' accepted", bad[i]);
	assert_int_equal(directive_apply(&f->policy, "protocol", "unix,ipx", NULL,
					 &f->err), -1);
	assert_int_equal(directive_apply(&f->policy, "seccomp-error-action",
					 "maybe", NULL, &f->err), -1);
	/* valid on another architecture: accepted, skipped when built */
	apply(f, "seccomp.drop", "chown32,rtas");
	build(f);
	assert_int_equal(count_rules(&f->plan, "chown32", -1), 0);
}

static void test_everything_at_once_compiles(void **state)
{
	struct fixture *f = *state;
	struct seccomp_bpf bpf;

	apply(f, "seccomp", "@clock,@ipc,!pipe,!pipe2");
	apply(f, "seccomp.drop", "socket:log,utimensat:ENOENT,@resources");
	apply(f, "seccomp.keep", "@system-service,exit,exit_group");
	apply(f, "memory-deny-write-execute", NULL);
	apply(f, "protocol", "unix,inet,netlink");
	build(f);
	if (seccomp_compile(&f->plan, &bpf, &f->err) < 0)
		fail_msg("%s", f->err.msg);
	assert_true(bpf.len > 100);
	assert_non_null(bpf.keep_insns);
	seccomp_bpf_free(&bpf);
}

/* firejail's $NUMBER: the call of that number on the list's ABI. */
static void test_syscall_numbers_name_their_call(void **state)
{
	struct fixture *f = *state;
	int mount_nr = seccomp_syscall_resolve_name("mount");
	char word[32];

	snprintf(word, sizeof(word), "$%d", mount_nr);
	apply(f, "seccomp.drop", word);
	/* an exception by number takes the name out of a group */
	snprintf(word, sizeof(word), "!$%d",
		 seccomp_syscall_resolve_name("set_mempolicy"));
	apply(f, "seccomp", word);
	apply(f, "seccomp.32.drop", "$212");	/* chown32 on i386 */
	build(f);
	assert_string_equal(f->policy.seccomp.drop.v[0].name, "mount");
	assert_int_equal(count_rules(&f->plan, "set_mempolicy", -1), 0);
	assert_non_null(only_rule(&f->plan, "mbind"));
	assert_non_null(f->plan.i386);
	assert_non_null(only_rule(f->plan.i386, "chown32"));
	assert_int_equal(count_rules(&f->plan, "chown32", -1), 0);
}

static size_t count_masked(const struct seccomp_plan *p, const char *name,
			   uint64_t flag)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->rules[i].syscall, name) &&
		    p->rules[i].n_conds == 1 &&
		    p->rules[i].conds[0].mask == flag)
			n++;
	return n;
}

/* restrict-namespaces: firejail's meaning, absent = allowed; LIST = only
 * those types; no LIST = all. */
static void test_restrict_namespaces_refuses_the_types_it_names(void **state)
{
	struct fixture *f = *state;

	build(f);
	assert_int_equal(f->plan.ns_refused, 0);
	assert_int_equal(count_rules(&f->plan, "unshare", -1), 0);
	assert_int_equal(count_masked(&f->plan, "clone", CLONE_NEWUSER), 0);
	/* clone3 stays ENOSYS: its flags cannot be read */
	assert_non_null(only_rule(&f->plan, "clone3"));
	seccomp_plan_free(&f->plan);
	seccomp_plan_init(&f->plan);

	apply(f, "restrict-namespaces", "cgroup,ipc,net,mnt,pid,time,uts");
	build(f);
	assert_int_equal(count_masked(&f->plan, "unshare", CLONE_NEWUSER), 0);
	assert_int_equal(count_masked(&f->plan, "clone", CLONE_NEWUSER), 0);
	assert_int_equal(count_masked(&f->plan, "unshare", CLONE_NEWNET), 1);
	assert_int_equal(count_masked(&f->plan, "clone", CLONE_NEWNS), 1);
	assert_int_equal(count_rules(&f->plan, "unshare", 1), 7);
	seccomp_plan_free(&f->plan);
	seccomp_plan_init(&f->plan);

	apply(f, "restrict-namespaces", NULL);
	build(f);
	assert_int_equal(f->plan.ns_refused, seccomp_namespaces_all());
	assert_int_equal(count_masked(&f->plan, "unshare", CLONE_NEWUSER), 1);
	assert_int_equal(count_rules(&f->plan, "clone", 1), 8);

	assert_int_equal(directive_apply(&f->policy, "restrict-namespaces",
					 "net,bogus", NULL, &f->err), -1);
	assert_int_equal(directive_apply(&f->policy, "restrict-namespaces",
					 "net,", NULL, &f->err), -1);
}

/* Chromium's profiles say `seccomp !chroot`: the exception holds. */
static void test_chroot_exception_of_browser_profiles(void **state)
{
	struct fixture *f = *state;

	apply(f, "seccomp", NULL);
	build(f);
	assert_non_null(only_rule(&f->plan, "chroot"));
	seccomp_plan_free(&f->plan);
	seccomp_plan_init(&f->plan);
	seccomp_policy_free(&f->policy.seccomp);
	seccomp_policy_init(&f->policy.seccomp);
	apply(f, "seccomp", "!chroot");
	build(f);
	assert_int_equal(count_rules(&f->plan, "chroot", -1), 0);
	assert_non_null(only_rule(&f->plan, "mbind"));
}

/* seccomp.block-secondary: no i386 plan; without it, the native rules
 * adapted (mmap2, no socket argument check) and seccomp.32's lists. */
static void test_i386_plan_follows_the_native_one(void **state)
{
	struct fixture *f = *state;

	apply(f, "memory-deny-write-execute", NULL);
	apply(f, "protocol", "unix");
	apply(f, "seccomp.32", "!modify_ldt");
	apply(f, "seccomp.32.drop", "chown32");
	build(f);
	assert_non_null(f->plan.i386);
	assert_non_null(only_rule(f->plan.i386, "keyctl"));
	assert_non_null(only_rule(f->plan.i386, "chown32"));
	assert_int_equal(count_rules(&f->plan, "chown32", -1), 0);
	assert_int_equal(count_rules(f->plan.i386, "modify_ldt", -1), 0);
	assert_non_null(only_rule(f->plan.i386, "vm86"));	/* @default */
	assert_non_null(only_rule(f->plan.i386, "umount"));	/* umount2 */
	assert_int_equal(count_rules(f->plan.i386, "mmap2", 1), 1);
	assert_int_equal(count_rules(f->plan.i386, "mmap", 0), 1);
	assert_int_equal(count_rules(f->plan.i386, "socket", -1), 0);
	assert_true(f->plan.i386->socket_args_unchecked);
	assert_true(count_rules(&f->plan, "socket", 1) > 10);
	seccomp_plan_free(&f->plan);
	seccomp_plan_init(&f->plan);
	apply(f, "seccomp.block-secondary", NULL);
	build(f);
	assert_null(f->plan.i386);
}

/*
 * A classic BPF evaluator, enough for libseccomp's filters: what the
 * kernel would answer for one call.  The filter is the test's subject,
 * and this host may have no i386 emulation to run it for real.
 */
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

static uint32_t run_bpf(const struct sock_filter *insns, size_t len,
			const struct seccomp_data *d)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &insns[pc];
		uint32_t src = BPF_SRC(i->code) == BPF_X ? x : i->k;
		bool jump;

		switch (BPF_CLASS(i->code)) {
		case BPF_LD:
			if (BPF_MODE(i->code) == BPF_ABS)
				memcpy(&a, (const char *)d + i->k, 4);
			else if (BPF_MODE(i->code) == BPF_IMM)
				a = i->k;
			else
				a = mem[i->k];
			break;
		case BPF_LDX:
			x = BPF_MODE(i->code) == BPF_IMM ? i->k : mem[i->k];
			break;
		case BPF_ST:
			mem[i->k] = a;
			break;
		case BPF_STX:
			mem[i->k] = x;
			break;
		case BPF_ALU:
			if (BPF_OP(i->code) == BPF_AND)
				a &= src;
			else if (BPF_OP(i->code) == BPF_OR)
				a |= src;
			else
				fail_msg("ALU op %#x", i->code);
			break;
		case BPF_MISC:
			if (BPF_MISCOP(i->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		case BPF_RET:
			return BPF_RVAL(i->code) == BPF_A ? a : i->k;
		case BPF_JMP:
			if (BPF_OP(i->code) == BPF_JA) {
				pc += i->k;
				break;
			}
			switch (BPF_OP(i->code)) {
			case BPF_JEQ: jump = a == src; break;
			case BPF_JGT: jump = a > src; break;
			case BPF_JGE: jump = a >= src; break;
			case BPF_JSET: jump = (a & src) != 0; break;
			default: fail_msg("JMP op %#x", i->code); return 0;
			}
			pc += jump ? i->jt : i->jf;
			break;
		}
	}
	fail_msg("the filter ran off its end");
	return 0;
}

static uint32_t answer(const struct seccomp_bpf *bpf, uint32_t arch, int nr,
		       uint64_t a0, uint64_t a2)
{
	struct seccomp_data d = { .nr = nr, .arch = arch,
				  .args = { a0, 0, a2 } };
	uint32_t r = run_bpf(bpf->insns, bpf->len, &d);

	/* the kernel runs every filter; the most restrictive answer wins:
	 * enough here that an allow leaves the next filter's answer */
	if (r == SECCOMP_RET_ALLOW && bpf->keep32_insns)
		r = run_bpf(bpf->keep32_insns, bpf->keep32_len, &d);
	return r;
}

#define I386 AUDIT_ARCH_I386
#define X86_64 AUDIT_ARCH_X86_64
#define REFUSED (SECCOMP_RET_ERRNO | EPERM)

static void test_i386_calls_meet_the_same_filter(void **state)
{
	struct fixture *f = *state;
	struct seccomp_bpf bpf;

	apply(f, "restrict-namespaces", "user");
	apply(f, "memory-deny-write-execute", NULL);
	apply(f, "seccomp.32.drop", "chown32");
	build(f);
	if (seccomp_compile(&f->plan, &bpf, &f->err) < 0)
		fail_msg("%s", f->err.msg);
	/* i386 numbers: getpid 20, keyctl 288, mount 21, unshare 310,
	 * chown32 212, mmap2 192, socketcall 102 (1: socket), ptrace 26 */
	assert_int_equal(answer(&bpf, I386, 20, 0, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(answer(&bpf, I386, 288, 0, 0), REFUSED);
	assert_int_equal(answer(&bpf, I386, 21, 0, 0), REFUSED);
	assert_int_equal(answer(&bpf, I386, 26, 0, 0), REFUSED);
	assert_int_equal(answer(&bpf, I386, 310, CLONE_NEWUSER, 0), REFUSED);
	assert_int_equal(answer(&bpf, I386, 310, CLONE_NEWNET, 0),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(answer(&bpf, I386, 212, 0, 0), REFUSED);
	assert_int_equal(answer(&bpf, I386, 192, 0, 7), REFUSED);
	assert_int_equal(answer(&bpf, I386, 192, 0, 1), SECCOMP_RET_ALLOW);
	/* libc's socket(), through socketcall */
	assert_int_equal(answer(&bpf, I386, 102, 1, 0), SECCOMP_RET_ALLOW);
	/* native: chown32 is i386's list only; x32 refused */
	assert_int_equal(answer(&bpf, X86_64, 92 /* chown */, 0, 0),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(answer(&bpf, X86_64, 39 /* getpid */, 0, 0),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(answer(&bpf, X86_64, 0x40000000 | 39, 0, 0),
			 REFUSED);
	seccomp_bpf_free(&bpf);

	/* seccomp.block-secondary: i386 refused whole */
	seccomp_plan_free(&f->plan);
	seccomp_plan_init(&f->plan);
	apply(f, "seccomp.block-secondary", NULL);
	build(f);
	if (seccomp_compile(&f->plan, &bpf, &f->err) < 0)
		fail_msg("%s", f->err.msg);
	assert_int_equal(answer(&bpf, I386, 20, 0, 0), REFUSED);
	assert_int_equal(answer(&bpf, X86_64, 39, 0, 0), SECCOMP_RET_ALLOW);
	seccomp_bpf_free(&bpf);
}

/* seccomp.32.keep: an allowlist of its own, for i386 calls only. */
static void test_i386_keep_list_is_its_own_filter(void **state)
{
	struct fixture *f = *state;
	struct seccomp_bpf bpf;

	apply(f, "seccomp.32.keep", "getpid");
	build(f);
	if (seccomp_compile(&f->plan, &bpf, &f->err) < 0)
		fail_msg("%s", f->err.msg);
	assert_non_null(bpf.keep32_insns);
	assert_null(bpf.keep_insns);
	assert_int_equal(answer(&bpf, I386, 20, 0, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(answer(&bpf, I386, 4 /* write */, 0, 0), REFUSED);
	assert_int_equal(answer(&bpf, X86_64, 1 /* write */, 0, 0),
			 SECCOMP_RET_ALLOW);
	seccomp_bpf_free(&bpf);
}

static void test_groups_name_only_known_groups(void **state)
{
	size_t n;
	const struct seccomp_group *g = seccomp_group_table(&n);
	(void)state;
	for (size_t i = 0; i < n; i++) {
		const char *p = g[i].members;

		if (i && strcmp(g[i - 1].name, g[i].name) >= 0)
			fail_msg("%s out of order", g[i].name);
		while ((p = strchr(p, '@'))) {
			size_t len = strcspn(p, ",");
			char sub[64];

			snprintf(sub, sizeof(sub), "%.*s", (int)len, p);
			if (!seccomp_group_find(sub))
				fail_msg("%s names %s", g[i].name, sub);
			p += len;
		}
	}
}

static void test_denial_line(void **state)
{
	char line[256];
	uint64_t args[6] = { 16 /* PTRACE_ATTACH */, 7 };
	struct seccomp_rule debug = { .syscall = "ptrace", .why = "@debug" };
	(void)state;
	denials_format(line, sizeof(line), "ptrace", args, 7, "gdb", &debug,
		       false);
	assert_string_equal(line,
			    "denied ptrace(PTRACE_ATTACH) by pid 7 (gdb): seccomp @debug");
	args[0] = AF_INET;
	debug.why = "protocol";
	denials_format(line, sizeof(line), "socket", args, 3, "curl", &debug,
		       false);
	assert_string_equal(line,
			    "denied socket(AF_INET) by pid 3 (curl): protocol");
	denials_format(line, sizeof(line), "getpid", args, 3, "sh", NULL, true);
	assert_string_equal(line,
			    "denied getpid() by pid 3 (sh): seccomp.keep (not listed)");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_seccomp_refuses_the_default_group_members),
		T(test_allow_debuggers_allows_ptrace_and_keeps_personality_checks),
		T(test_without_seccomp_only_the_baseline),
		T(test_exceptions_take_names_out_of_groups),
		T(test_an_exception_does_not_loosen_the_baseline),
		T(test_io_uring_is_refused_unless_named_as_an_exception),
		T(test_duplicates_merge_to_the_strongest_first),
		T(test_error_action_applies_to_the_lists),
		T(test_log_never_hides_a_refusal),
		T(test_protocol_refuses_every_other_family),
		T(test_mdwe_rules),
		T(test_keep_allows_only_the_list_and_what_exec_needs),
		T(test_trace_needs_and_keeps_sendmsg),
		T(test_trace_refuses_a_profile_that_refuses_sendmsg),
		T(test_bad_names_are_errors),
		T(test_everything_at_once_compiles),
		T(test_syscall_numbers_name_their_call),
		T(test_restrict_namespaces_refuses_the_types_it_names),
		T(test_chroot_exception_of_browser_profiles),
		T(test_i386_plan_follows_the_native_one),
		T(test_i386_calls_meet_the_same_filter),
		T(test_i386_keep_list_is_its_own_filter),
		cmocka_unit_test(test_groups_name_only_known_groups),
		cmocka_unit_test(test_denial_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
