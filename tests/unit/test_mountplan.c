// SPDX-License-Identifier: GPL-2.0-or-later
/* The baseline mount plan: policy and host facts in, exact operations out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mountplan.h"

static void host_of_alice(struct host_facts *h, bool run_user)
{
	static const char *names[] = { "bin", "sbin", "lib", "lib64", "opt",
				       "srv" };
	memset(h, 0, sizeof(*h));
	h->uid = 1000;
	h->gid = 1000;
	strcpy(h->user, "alice");
	strcpy(h->home, "/home/alice");
	h->has_run_user = run_user;
	for (size_t i = 0; i < 6; i++)
		h->top[i].name = names[i];
	h->top[0].kind = HOST_SYMLINK;
	strcpy(h->top[0].target, "usr/bin");
	h->top[1].kind = HOST_SYMLINK;
	strcpy(h->top[1].target, "usr/sbin");
	h->top[2].kind = HOST_SYMLINK;
	strcpy(h->top[2].target, "usr/lib");
	h->top[3].kind = HOST_DIR; /* a non-merged /lib64 */
	h->top[4].kind = HOST_ABSENT;
	h->top[5].kind = HOST_DIR;
	h->n_top = 6;
}

static struct mount_plan plan_for(bool run_user)
{
	struct host_facts h;
	struct policy p;
	struct mount_plan plan;
	struct nb_error err;

	host_of_alice(&h, run_user);
	policy_init(&p);
	mount_plan_init(&plan);
	assert_int_equal(mount_plan_baseline(&p, &h, &plan, &err), 0);
	policy_free(&p);
	return plan;
}

static const struct mount_op *find(const struct mount_plan *plan,
				   const char *dst, size_t *index)
{
	for (size_t i = 0; i < plan->n; i++)
		if (strcmp(plan->ops[i].dst, dst) == 0) {
			if (index)
				*index = i;
			return &plan->ops[i];
		}
	return NULL;
}

static void test_system_dirs_come_first_read_only(void **state)
{
	struct mount_plan plan = plan_for(true);
	(void)state;
	assert_int_equal(plan.ops[0].type, MOUNT_OP_BIND);
	assert_string_equal(plan.ops[0].dst, "/usr");
	assert_string_equal(plan.ops[0].src, "/usr");
	assert_true(plan.ops[0].flags & MOUNT_F_RDONLY);
	assert_string_equal(plan.ops[1].dst, "/etc");
	assert_true(plan.ops[1].flags & MOUNT_F_RDONLY);
	mount_plan_free(&plan);
}

static void test_merged_usr_links_are_recreated_and_dirs_bound(void **state)
{
	struct mount_plan plan = plan_for(true);
	const struct mount_op *op;
	(void)state;
	op = find(&plan, "/bin", NULL);
	assert_non_null(op);
	assert_int_equal(op->type, MOUNT_OP_SYMLINK);
	assert_string_equal(op->src, "usr/bin");
	op = find(&plan, "/lib64", NULL);
	assert_non_null(op);
	assert_int_equal(op->type, MOUNT_OP_BIND);
	assert_true(op->flags & MOUNT_F_RDONLY);
	op = find(&plan, "/srv", NULL);
	assert_non_null(op);
	assert_true(op->flags & MOUNT_F_RDONLY);
	assert_null(find(&plan, "/opt", NULL)); /* absent on this host */
	mount_plan_free(&plan);
}

static void test_home_is_bound_writable_but_nosuid(void **state)
{
	struct mount_plan plan = plan_for(true);
	const struct mount_op *op = find(&plan, "/home/alice", NULL);
	(void)state;
	assert_non_null(op);
	assert_int_equal(op->type, MOUNT_OP_BIND);
	assert_false(op->flags & MOUNT_F_RDONLY);
	assert_true(op->flags & MOUNT_F_NOSUID);
	assert_true(op->flags & MOUNT_F_NODEV);
	mount_plan_free(&plan);
}

static void test_tmp_is_a_fresh_sticky_tmpfs(void **state)
{
	struct mount_plan plan = plan_for(true);
	const struct mount_op *op = find(&plan, "/tmp", NULL);
	(void)state;
	assert_non_null(op);
	assert_int_equal(op->type, MOUNT_OP_TMPFS);
	assert_int_equal(op->mode, 01777);
	assert_null(op->src);
	mount_plan_free(&plan);
}

static void test_run_user_is_bound_only_when_present(void **state)
{
	struct mount_plan with = plan_for(true), without = plan_for(false);
	(void)state;
	assert_non_null(find(&with, "/run/user/1000", NULL));
	assert_null(find(&without, "/run/user/1000", NULL));
	assert_int_equal(with.n, without.n + 1);
	mount_plan_free(&with);
	mount_plan_free(&without);
}

static void test_proc_then_its_read_only_parts_then_sys(void **state)
{
	struct mount_plan plan = plan_for(true);
	size_t proc = 0, sys = 0, psys = 0;
	(void)state;
	assert_non_null(find(&plan, "/proc", &proc));
	assert_non_null(find(&plan, "/proc/sys", &psys));
	assert_non_null(find(&plan, "/sys", &sys));
	assert_true(proc < psys);
	assert_int_equal(plan.ops[proc].type, MOUNT_OP_PROC);
	assert_int_equal(plan.ops[psys].type, MOUNT_OP_REBIND);
	assert_true(plan.ops[psys].flags & MOUNT_F_RDONLY);
	assert_int_equal(plan.ops[sys].type, MOUNT_OP_SYSFS);
	assert_true(plan.ops[sys].flags & MOUNT_F_RDONLY);
	mount_plan_free(&plan);
}

static void test_dev_is_minimal(void **state)
{
	struct mount_plan plan = plan_for(true);
	const char *nodes[] = { "/dev/null", "/dev/zero", "/dev/full",
				"/dev/random", "/dev/urandom", "/dev/tty" };
	size_t dev = 0, node = 0;
	(void)state;
	assert_non_null(find(&plan, "/dev", &dev));
	assert_int_equal(plan.ops[dev].type, MOUNT_OP_TMPFS);
	assert_true(plan.ops[dev].flags & MOUNT_F_RDONLY);
	for (size_t i = 0; i < 6; i++) {
		assert_non_null(find(&plan, nodes[i], &node));
		assert_int_equal(plan.ops[node].type, MOUNT_OP_BIND);
		assert_false(plan.ops[node].flags & MOUNT_F_NODEV);
		assert_true(node > dev);
	}
	assert_int_equal(find(&plan, "/dev/pts", NULL)->type, MOUNT_OP_DEVPTS);
	assert_int_equal(find(&plan, "/dev/shm", NULL)->type, MOUNT_OP_TMPFS);
	assert_string_equal(find(&plan, "/dev/ptmx", NULL)->src, "pts/ptmx");
	assert_string_equal(find(&plan, "/dev/fd", NULL)->src, "/proc/self/fd");
	assert_null(find(&plan, "/dev/sda", NULL));
	mount_plan_free(&plan);
}

static void test_relative_destination_is_refused(void **state)
{
	struct mount_plan plan;
	struct nb_error err;
	(void)state;
	mount_plan_init(&plan);
	assert_int_equal(mount_plan_add(&plan, MOUNT_OP_TMPFS, NULL, "tmp", 0,
					0755, &err), -1);
	assert_int_equal(plan.n, 0);
	mount_plan_free(&plan);
}

static void test_printed_plan_names_each_operation(void **state)
{
	struct mount_plan plan = plan_for(true);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	(void)state;
	mount_plan_print(f, &plan);
	fclose(f);
	assert_non_null(strstr(text, "bind    /usr ro"));
	assert_non_null(strstr(text, "symlink /bin -> usr/bin"));
	assert_non_null(strstr(text, "tmpfs   /tmp mode=1777"));
	free(text);
	mount_plan_free(&plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_system_dirs_come_first_read_only),
		cmocka_unit_test(test_merged_usr_links_are_recreated_and_dirs_bound),
		cmocka_unit_test(test_home_is_bound_writable_but_nosuid),
		cmocka_unit_test(test_tmp_is_a_fresh_sticky_tmpfs),
		cmocka_unit_test(test_run_user_is_bound_only_when_present),
		cmocka_unit_test(test_proc_then_its_read_only_parts_then_sys),
		cmocka_unit_test(test_dev_is_minimal),
		cmocka_unit_test(test_relative_destination_is_refused),
		cmocka_unit_test(test_printed_plan_names_each_operation),
	};
	return cmocka_run_group_tests_name("mountplan", tests, NULL, NULL);
}
