// SPDX-License-Identifier: GPL-2.0-or-later
/* The default seccomp rule set, as data, and its compilation. */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <cmocka.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dangerous_calls_are_refused_with_eperm),
		cmocka_unit_test(test_clone3_gets_enosys_so_libc_falls_back),
		cmocka_unit_test(test_new_namespaces_are_refused),
		cmocka_unit_test(test_terminal_injection_is_compared_on_32_bits),
		cmocka_unit_test(test_only_harmless_personalities_are_allowed),
		cmocka_unit_test(test_default_plan_compiles_to_bpf),
	};
	return cmocka_run_group_tests_name("seccomp", tests, NULL, NULL);
}
