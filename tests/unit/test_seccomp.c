// SPDX-License-Identifier: GPL-2.0-or-later
/* The default seccomp rule set, as data, and its compilation. */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <cmocka.h>

#include <seccomp.h> /* libseccomp, to resolve names */

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>

#include "callerio.h"
#include "seccomp.h"

static struct seccomp_plan default_plan(void)
{
	struct seccomp_plan p;
	struct nb_error err;

	seccomp_plan_init(&p);
	assert_int_equal(seccomp_plan_default(&p, &err), 0);
	return p;
}

static const struct seccomp_rule *unconditional(const struct seccomp_plan *p,
						const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->rules[i].syscall, name) && !p->rules[i].n_conds)
			return &p->rules[i];
	return NULL;
}

static bool has_masked(const struct seccomp_plan *p, const char *name,
		       unsigned arg, uint64_t mask, uint64_t value)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct seccomp_rule *r = &p->rules[i];

		if (!strcmp(r->syscall, name) && r->n_conds == 1 &&
		    r->conds[0].arg == arg && r->conds[0].mask == mask &&
		    r->conds[0].value == value && r->errnum == EPERM)
			return true;
	}
	return false;
}

static void test_dangerous_calls_are_refused_with_eperm(void **state)
{
	static const char *names[] = {
		"mount", "umount2", "pivot_root", "move_mount", "open_tree",
		"fsopen", "fsmount", "fsconfig", "fspick", "mount_setattr",
		"ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
		"keyctl", "add_key", "request_key", "bpf", "perf_event_open",
		"userfaultfd", "open_by_handle_at", "name_to_handle_at",
		"init_module", "finit_module", "delete_module", "kexec_load",
		"kexec_file_load", "reboot", "swapon", "swapoff", "acct",
		"quotactl", "syslog", "lookup_dcookie", "nfsservctl", "vhangup",
		"iopl", "ioperm", "clock_settime", "settimeofday", "adjtimex",
		"clock_adjtime",
	};
	struct seccomp_plan p = default_plan();
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const struct seccomp_rule *r = unconditional(&p, names[i]);

		if (!r)
			fail_msg("%s is not refused", names[i]);
		assert_int_equal(r->errnum, EPERM);
	}
	assert_null(unconditional(&p, "read"));
	seccomp_plan_free(&p);
}

static void test_clone3_gets_enosys_so_libc_falls_back(void **state)
{
	struct seccomp_plan p = default_plan();
	(void)state;
	assert_int_equal(unconditional(&p, "clone3")->errnum, ENOSYS);
	seccomp_plan_free(&p);
}

static void test_new_namespaces_are_refused(void **state)
{
	static const uint64_t flags[] = { CLONE_NEWUSER, CLONE_NEWNS,
					  CLONE_NEWNET, CLONE_NEWPID,
					  CLONE_NEWIPC, CLONE_NEWUTS,
					  CLONE_NEWCGROUP };
	struct seccomp_plan p = default_plan();
	(void)state;
	for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++) {
		assert_true(has_masked(&p, "unshare", 0, flags[i], flags[i]));
		assert_true(has_masked(&p, "clone", 0, flags[i], flags[i]));
	}
	assert_null(unconditional(&p, "clone"));
	seccomp_plan_free(&p);
}

static void test_terminal_injection_is_compared_on_32_bits(void **state)
{
	struct seccomp_plan p = default_plan();
	(void)state;
	assert_true(has_masked(&p, "ioctl", 1, 0xffffffff, TIOCSTI));
	assert_true(has_masked(&p, "ioctl", 1, 0xffffffff, TIOCLINUX));
	seccomp_plan_free(&p);
}

/* Would the plan refuse personality(v)? */
static bool personality_refused(const struct seccomp_plan *p, uint32_t v)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct seccomp_rule *r = &p->rules[i];
		bool all = true;

		if (strcmp(r->syscall, "personality"))
			continue;
		for (unsigned c = 0; c < r->n_conds; c++)
			if ((v & r->conds[c].mask) != r->conds[c].value)
				all = false;
		if (all)
			return true;
	}
	return false;
}

static void test_only_harmless_personalities_are_allowed(void **state)
{
	static const uint32_t allowed[] = { 0, 8, 0x20000, 0x20008, 0xffffffff };
	static const uint32_t refused[] = { 1, 0x400000, 0x0040000, 0xfffffff7,
					    0xfffdffff, 0xfffdfff7, 0x7fffffff,
					    0x20009, 0xfffffffe };
	struct seccomp_plan p = default_plan();
	uint32_t x = 12345;
	(void)state;
	for (size_t i = 0; i < 5; i++)
		assert_false(personality_refused(&p, allowed[i]));
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		if (!personality_refused(&p, refused[i]))
			fail_msg("personality %#x allowed", refused[i]);
	for (unsigned b = 0; b < 32; b++)
		if (b != 3 && b != 17)
			assert_true(personality_refused(&p, 1u << b));
	for (int i = 0; i < 100000; i++) {
		x = x * 1103515245u + 12345u;
		bool ok = x == 0 || x == 8 || x == 0x20000 || x == 0x20008 ||
			  x == 0xffffffff;
		assert_int_equal(personality_refused(&p, x), !ok);
	}
	seccomp_plan_free(&p);
}

static void test_default_plan_compiles_to_bpf(void **state)
{
	struct seccomp_plan p = default_plan();
	struct seccomp_bpf bpf;
	struct nb_error err;
	(void)state;
	assert_int_equal(seccomp_compile(&p, &bpf, &err), 0);
	assert_true(bpf.len > 50);
	assert_non_null(bpf.insns);
	seccomp_bpf_free(&bpf);
	seccomp_plan_free(&p);
}

static void test_the_issue_list_is_refused_unconditionally(void **state)
{
	static const char *names[] = {
		"mount", "umount2", "pivot_root", "move_mount", "open_tree",
		"fsopen", "fsmount", "fsconfig", "fspick", "mount_setattr",
		"ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
		"keyctl", "add_key", "request_key", "bpf", "perf_event_open",
		"userfaultfd", "open_by_handle_at", "name_to_handle_at",
		"init_module", "finit_module", "delete_module", "kexec_load",
		"kexec_file_load", "reboot", "swapon", "swapoff", "acct",
		"syslog", "iopl", "ioperm", "clock_settime", "settimeofday",
		"adjtimex", "clock_adjtime",
	};
	struct seccomp_plan p = default_plan();
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		size_t hits = 0;

		for (size_t j = 0; j < p.n; j++) {
			const struct seccomp_rule *r = &p.rules[j];

			if (strcmp(r->syscall, names[i]))
				continue;
			hits++;
			assert_int_equal(r->n_conds, 0);
			assert_int_equal(r->errnum, EPERM);
		}
		if (hits != 1)
			fail_msg("%s has %zu rules, want one unconditional",
				 names[i], hits);
	}
	seccomp_plan_free(&p);
}

static void test_only_clone3_and_io_uring_answer_enosys(void **state)
{
	struct seccomp_plan p = default_plan();
	(void)state;
	for (size_t i = 0; i < p.n; i++) {
		const struct seccomp_rule *r = &p.rules[i];

		/* a kernel without them: libc and libraries fall back */
		if (!strcmp(r->syscall, "clone3") ||
		    !strncmp(r->syscall, "io_uring_", 9)) {
			assert_int_equal(r->errnum, ENOSYS);
			assert_int_equal(r->n_conds, 0);
		} else if (r->errnum != EPERM) {
			fail_msg("%s answers %d", r->syscall, r->errnum);
		}
	}
	assert_int_equal(p.badarch_errnum, EPERM);
	seccomp_plan_free(&p);
}

static void test_new_user_namespace_is_refused_by_clone_and_unshare(
	void **state)
{
	struct seccomp_plan p = default_plan();
	(void)state;
	assert_true(has_masked(&p, "unshare", 0, CLONE_NEWUSER, CLONE_NEWUSER));
	assert_true(has_masked(&p, "clone", 0, CLONE_NEWUSER, CLONE_NEWUSER));
	assert_true(has_masked(&p, "unshare", 0, 0x80, 0x80)); /* NEWTIME */
	assert_true(has_masked(&p, "clone", 0, 0x80, 0x80));
	assert_null(unconditional(&p, "unshare"));
	seccomp_plan_free(&p);
}

static void test_tiocsti_and_tioclinux_are_refused_on_arg1(void **state)
{
	struct seccomp_plan p = default_plan();
	size_t n = 0;
	(void)state;
	assert_true(has_masked(&p, "ioctl", 1, 0xffffffffu, 0x5412));
	assert_true(has_masked(&p, "ioctl", 1, 0xffffffffu, 0x541C));
	for (size_t i = 0; i < p.n; i++)
		if (!strcmp(p.rules[i].syscall, "ioctl"))
			n++;
	assert_int_equal(n, 2); /* every other ioctl is allowed */
	assert_null(unconditional(&p, "ioctl"));
	seccomp_plan_free(&p);
}

static void test_audit_netlink_socket_is_refused(void **state)
{
	struct seccomp_plan p = default_plan();
	const struct seccomp_rule *r = NULL;
	(void)state;
	for (size_t i = 0; i < p.n; i++)
		if (!strcmp(p.rules[i].syscall, "socket"))
			r = &p.rules[i];
	assert_non_null(r);
	assert_int_equal(r->n_conds, 2);
	assert_int_equal(r->conds[0].arg, 0);
	assert_int_equal(r->conds[0].mask, 0xffffffffu);
	assert_int_equal(r->conds[0].value, 16);	/* AF_NETLINK */
	assert_int_equal(r->conds[1].arg, 2);
	assert_int_equal(r->conds[1].mask, 0xffffffffu);
	assert_int_equal(r->conds[1].value, 9);	/* NETLINK_AUDIT */
	seccomp_plan_free(&p);
}

/* A rule whose name libseccomp does not know is silently skipped by
 * seccomp_compile(): a misspelt name would be a hole, not an error. */
static void test_every_refused_call_exists_on_this_architecture(void **state)
{
	struct seccomp_plan p = default_plan();
	(void)state;
	for (size_t i = 0; i < p.n; i++)
		if (seccomp_syscall_resolve_name(p.rules[i].syscall) ==
		    __NR_SCMP_ERROR)
			fail_msg("libseccomp does not know '%s'",
				 p.rules[i].syscall);
	seccomp_plan_free(&p);
}

static void test_every_condition_is_a_masked_compare_within_its_mask(
	void **state)
{
	struct seccomp_plan p = default_plan();
	(void)state;
	for (size_t i = 0; i < p.n; i++) {
		const struct seccomp_rule *r = &p.rules[i];

		assert_true(r->n_conds <= SECCOMP_MAX_CONDS);
		for (unsigned c = 0; c < r->n_conds; c++) {
			/* a value outside its mask never matches: a dead rule */
			assert_int_equal(r->conds[c].cmp, SECCOMP_CMP_MASKED_EQ);
			assert_int_equal(r->conds[c].value & ~r->conds[c].mask, 0);
			assert_true(r->conds[c].mask != 0);
			assert_true(r->conds[c].arg < 6);
		}
	}
	seccomp_plan_free(&p);
}

/* The issue's personality check, as it states it. */
static void test_personality_rules_refuse_all_but_the_allowed_five(
	void **state)
{
	static const uint32_t allowed[] = { 0, 8, 0x20000, 0x20008, 0xffffffff };
	static const uint32_t refused[] = { 1, 0x400000, 0x0040000,
					    0xfffffff7, 0xfffdffff, 0xfffdfff7,
					    0x7fffffff, 0x20009 };
	struct seccomp_plan p = default_plan();
	uint64_t x = 0x9e3779b97f4a7c15ull;
	int sampled = 0;
	(void)state;
	for (size_t i = 0; i < sizeof(allowed) / sizeof(*allowed); i++)
		if (personality_refused(&p, allowed[i]))
			fail_msg("personality %#x refused", allowed[i]);
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		if (!personality_refused(&p, refused[i]))
			fail_msg("personality %#x allowed", refused[i]);
	for (unsigned b = 0; b < 32; b++) {
		if (b == 3 || b == 17)
			continue;
		if (!personality_refused(&p, 1u << b))
			fail_msg("personality %#x allowed", 1u << b);
		/* and the same bit with the allowed ones */
		if (!personality_refused(&p, (1u << b) | 0x20008))
			fail_msg("personality %#x allowed", (1u << b) | 0x20008);
		/* all ones but this bit */
		if (!personality_refused(&p, ~(1u << b)))
			fail_msg("personality %#x allowed", ~(1u << b));
	}
	while (sampled < 100) {
		uint32_t v;

		x ^= x >> 12;
		x ^= x << 25;
		x ^= x >> 27;
		v = (uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32);
		if (v == 0 || v == 8 || v == 0x20000 || v == 0x20008 ||
		    v == 0xffffffff)
			continue;
		sampled++;
		if (!personality_refused(&p, v))
			fail_msg("personality %#x allowed", v);
	}
	seccomp_plan_free(&p);
}

static void test_printed_plan_lists_every_rule(void **state)
{
	struct seccomp_plan p = default_plan();
	char *text = NULL;
	size_t len = 0, lines = 0;
	FILE *f = open_memstream(&text, &len);
	(void)state;
	assert_non_null(f);
	seccomp_plan_print(f, &p);
	fclose(f);
	for (char *c = text; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, p.n + 1);
	assert_non_null(strstr(text, "clone3             ENOSYS        (baseline)\n"));
	assert_non_null(strstr(text, "ioctl              EPERM        "
				       "if arg1 & 0xffffffff == 0x5412  (baseline)\n"));
	free(text);
	seccomp_plan_free(&p);
}

static void test_empty_plan_compiles_and_plan_grows(void **state)
{
	struct seccomp_plan p;
	struct seccomp_bpf bpf;
	struct nb_error err;
	struct seccomp_rule r = { .syscall = "getpid", .errnum = EPERM };
	(void)state;
	seccomp_plan_init(&p);
	assert_int_equal(seccomp_compile(&p, &bpf, &err), 0);
	assert_true(bpf.len > 0);
	seccomp_bpf_free(&bpf);
	assert_null(bpf.insns);
	assert_int_equal(bpf.len, 0);
	for (int i = 0; i < 300; i++)
		assert_int_equal(seccomp_plan_add(&p, &r, &err), 0);
	assert_int_equal(p.n, 300);
	assert_string_equal(p.rules[299].syscall, "getpid");
	seccomp_plan_free(&p);
	assert_int_equal(p.n, 0);
}


/* Runs the terminal guard's classic BPF (loads, equality jumps and
 * returns only) on one call, as the kernel would. */
static uint32_t run_guard(uint32_t arch, int nr, uint64_t request)
{
	struct sock_filter f[CALLER_TTY_GUARD_LEN];
	struct seccomp_data d = { .nr = nr, .arch = arch };
	size_t n = caller_tty_guard_filter(f), pc = 0;
	uint32_t a = 0;

	d.args[0] = 1;
	d.args[1] = request;
	assert_int_equal(n, CALLER_TTY_GUARD_LEN);
	while (pc < n) {
		const struct sock_filter *i = &f[pc];

		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			assert_true(i->k + 4 <= sizeof(d));
			memcpy(&a, (const char *)&d + i->k, 4);
			pc++;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += 1 + (a == i->k ? i->jt : i->jf);
			break;
		case BPF_RET | BPF_K:
			return i->k;
		default:
			fail_msg("instruction %#x at %zu", i->code, pc);
		}
	}
	fail_msg("ran off the end");
	return 0;
}

/* Only ioctl(TIOCSWINSZ) goes to init, natively and on i386 (its ioctl
 * is 54), with the request's high bits ignored as the kernel does. */
static void test_terminal_guard_stops_only_tiocswinsz(void **state)
{
	(void)state;
	assert_int_equal(run_guard(AUDIT_ARCH_X86_64, SYS_ioctl, TIOCSWINSZ),
			 SECCOMP_RET_USER_NOTIF);
	assert_int_equal(run_guard(AUDIT_ARCH_X86_64, SYS_ioctl,
				   0xffffffff00000000ULL | TIOCSWINSZ),
			 SECCOMP_RET_USER_NOTIF);
	assert_int_equal(run_guard(AUDIT_ARCH_I386, 54, TIOCSWINSZ),
			 SECCOMP_RET_USER_NOTIF);
	assert_int_equal(run_guard(AUDIT_ARCH_X86_64, SYS_ioctl, TIOCGWINSZ),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(run_guard(AUDIT_ARCH_X86_64, SYS_ioctl, TCSETS),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(run_guard(AUDIT_ARCH_I386, 54, TIOCGWINSZ),
			 SECCOMP_RET_ALLOW);
	/* the same numbers as other calls elsewhere */
	assert_int_equal(run_guard(AUDIT_ARCH_X86_64, 54, TIOCSWINSZ),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(run_guard(AUDIT_ARCH_I386, SYS_ioctl, TIOCSWINSZ),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(run_guard(AUDIT_ARCH_AARCH64, SYS_ioctl, TIOCSWINSZ),
			 SECCOMP_RET_ALLOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dangerous_calls_are_refused_with_eperm),
		cmocka_unit_test(test_clone3_gets_enosys_so_libc_falls_back),
		cmocka_unit_test(test_new_namespaces_are_refused),
		cmocka_unit_test(test_terminal_injection_is_compared_on_32_bits),
		cmocka_unit_test(test_only_harmless_personalities_are_allowed),
		cmocka_unit_test(test_default_plan_compiles_to_bpf),
		cmocka_unit_test(test_the_issue_list_is_refused_unconditionally),
		cmocka_unit_test(test_only_clone3_and_io_uring_answer_enosys),
		cmocka_unit_test(test_new_user_namespace_is_refused_by_clone_and_unshare),
		cmocka_unit_test(test_tiocsti_and_tioclinux_are_refused_on_arg1),
		cmocka_unit_test(test_audit_netlink_socket_is_refused),
		cmocka_unit_test(test_every_refused_call_exists_on_this_architecture),
		cmocka_unit_test(test_every_condition_is_a_masked_compare_within_its_mask),
		cmocka_unit_test(test_personality_rules_refuse_all_but_the_allowed_five),
		cmocka_unit_test(test_printed_plan_lists_every_rule),
		cmocka_unit_test(test_empty_plan_compiles_and_plan_grows),
		cmocka_unit_test(test_terminal_guard_stops_only_tiocswinsz),
	};
	return cmocka_run_group_tests_name("seccomp", tests, NULL, NULL);
}
