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
#include "mountplan_wire.h"

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

/* The host of the issue: /bin a merged-/usr link, /lib64 a real
 * directory, no /opt, a /srv directory. */
static void host_of_issue(struct host_facts *h, bool run_user)
{
	static const struct {
		const char *name;
		enum host_entry_kind kind;
		const char *target;
	} top[] = {
		{ "bin", HOST_SYMLINK, "usr/bin" },
		{ "lib64", HOST_DIR, "" },
		{ "opt", HOST_ABSENT, "" },
		{ "srv", HOST_DIR, "" },
	};

	memset(h, 0, sizeof(*h));
	h->uid = 1000;
	h->gid = 1000;
	strcpy(h->user, "alice");
	strcpy(h->home, "/home/alice");
	h->has_run_user = run_user;
	for (size_t i = 0; i < sizeof(top) / sizeof(*top); i++) {
		h->top[i].name = top[i].name;
		h->top[i].kind = top[i].kind;
		strcpy(h->top[i].target, top[i].target);
	}
	h->n_top = sizeof(top) / sizeof(*top);
}

struct want_op {
	enum mount_op_type type;
	const char *dst, *src;
	unsigned flags;
	mode_t mode;
};

#define RO MOUNT_F_RDONLY
#define NOSUID MOUNT_F_NOSUID
#define NODEV MOUNT_F_NODEV
#define NOEXEC MOUNT_F_NOEXEC
#define OPTIONAL MOUNT_F_OPTIONAL
#define KFS (NOSUID | NODEV | NOEXEC)

static const struct want_op baseline_ops[] = {
	{ MOUNT_OP_BIND, "/usr", "/usr", RO | NODEV, 0 },
	{ MOUNT_OP_BIND, "/etc", "/etc", RO | NODEV, 0 },
	{ MOUNT_OP_SYMLINK, "/bin", "usr/bin", 0, 0 },
	{ MOUNT_OP_BIND, "/lib64", "/lib64", RO | NODEV | OPTIONAL, 0 },
	{ MOUNT_OP_BIND, "/srv", "/srv", RO | NODEV | OPTIONAL, 0 },
	{ MOUNT_OP_BIND, "/home/alice", "/home/alice",
	  NOSUID | NODEV | OPTIONAL, 0 },
	{ MOUNT_OP_TMPFS, "/tmp", NULL, NOSUID | NODEV, 01777 },
	{ MOUNT_OP_BIND, "/run/user/1000", "/run/user/1000",
	  NOSUID | NODEV | OPTIONAL, 0 },
	{ MOUNT_OP_PROC, "/proc", NULL, KFS, 0 },
	{ MOUNT_OP_REBIND, "/proc/sys", NULL, KFS | RO | OPTIONAL, 0 },
	{ MOUNT_OP_REBIND, "/proc/sysrq-trigger", NULL, KFS | RO | OPTIONAL, 0 },
	{ MOUNT_OP_REBIND, "/proc/irq", NULL, KFS | RO | OPTIONAL, 0 },
	{ MOUNT_OP_REBIND, "/proc/bus", NULL, KFS | RO | OPTIONAL, 0 },
	{ MOUNT_OP_SYSFS, "/sys", NULL, KFS | RO, 0 },
	{ MOUNT_OP_TMPFS, "/dev", NULL, RO | NOSUID | NOEXEC, 0755 },
	{ MOUNT_OP_BIND, "/dev/null", "/dev/null", NOSUID | NOEXEC | OPTIONAL, 0 },
	{ MOUNT_OP_BIND, "/dev/zero", "/dev/zero", NOSUID | NOEXEC | OPTIONAL, 0 },
	{ MOUNT_OP_BIND, "/dev/full", "/dev/full", NOSUID | NOEXEC | OPTIONAL, 0 },
	{ MOUNT_OP_BIND, "/dev/random", "/dev/random",
	  NOSUID | NOEXEC | OPTIONAL, 0 },
	{ MOUNT_OP_BIND, "/dev/urandom", "/dev/urandom",
	  NOSUID | NOEXEC | OPTIONAL, 0 },
	{ MOUNT_OP_BIND, "/dev/tty", "/dev/tty", NOSUID | NOEXEC | OPTIONAL, 0 },
	{ MOUNT_OP_DEVPTS, "/dev/pts", NULL, NOSUID | NOEXEC, 0 },
	{ MOUNT_OP_TMPFS, "/dev/shm", NULL, NOSUID | NODEV | NOEXEC, 01777 },
	{ MOUNT_OP_SYMLINK, "/dev/ptmx", "pts/ptmx", 0, 0 },
	{ MOUNT_OP_SYMLINK, "/dev/fd", "/proc/self/fd", 0, 0 },
	{ MOUNT_OP_SYMLINK, "/dev/stdin", "/proc/self/fd/0", 0, 0 },
	{ MOUNT_OP_SYMLINK, "/dev/stdout", "/proc/self/fd/1", 0, 0 },
	{ MOUNT_OP_SYMLINK, "/dev/stderr", "/proc/self/fd/2", 0, 0 },
};

static void assert_plan_is(const struct mount_plan *plan,
			   const struct want_op *want, size_t n,
			   const char *skip_dst)
{
	size_t i = 0;

	for (size_t w = 0; w < n; w++) {
		const struct mount_op *op;

		if (skip_dst && strcmp(want[w].dst, skip_dst) == 0)
			continue;
		if (i >= plan->n)
			fail_msg("plan ends before op %zu (%s)", w, want[w].dst);
		op = &plan->ops[i++];
		if (op->type != want[w].type || strcmp(op->dst, want[w].dst) ||
		    (op->src == NULL) != (want[w].src == NULL) ||
		    (op->src && strcmp(op->src, want[w].src)) ||
		    op->flags != want[w].flags ||
		    (op->type == MOUNT_OP_TMPFS && op->mode != want[w].mode))
			fail_msg("op %zu is %s %s from %s flags %#x mode %04o, "
				 "want %s %s from %s flags %#x mode %04o",
				 i - 1, mount_op_type_name(op->type), op->dst,
				 op->src ? op->src : "-", op->flags,
				 (unsigned)op->mode,
				 mount_op_type_name(want[w].type), want[w].dst,
				 want[w].src ? want[w].src : "-", want[w].flags,
				 (unsigned)want[w].mode);
	}
	assert_int_equal(plan->n, i);
}

static struct mount_plan issue_plan(bool run_user)
{
	struct host_facts h;
	struct policy p;
	struct mount_plan plan;
	struct nb_error err;

	host_of_issue(&h, run_user);
	policy_init(&p);
	mount_plan_init(&plan);
	assert_int_equal(mount_plan_baseline(&p, &h, &plan, &err), 0);
	policy_free(&p);
	return plan;
}

static void test_baseline_is_exactly_the_ordered_operations(void **state)
{
	struct mount_plan plan = issue_plan(true);
	(void)state;
	assert_plan_is(&plan, baseline_ops,
		       sizeof(baseline_ops) / sizeof(*baseline_ops), NULL);
	mount_plan_free(&plan);
}

static void test_baseline_without_run_user_only_lacks_it(void **state)
{
	struct mount_plan plan = issue_plan(false);
	(void)state;
	assert_plan_is(&plan, baseline_ops,
		       sizeof(baseline_ops) / sizeof(*baseline_ops),
		       "/run/user/1000");
	mount_plan_free(&plan);
}

static void test_only_home_run_user_and_devices_are_bound_writable(void **state)
{
	struct mount_plan plan = plan_for(true);
	(void)state;
	for (size_t i = 0; i < plan.n; i++) {
		const struct mount_op *op = &plan.ops[i];

		if (op->type != MOUNT_OP_BIND || (op->flags & MOUNT_F_RDONLY))
			continue;
		if (strcmp(op->dst, "/home/alice") &&
		    strcmp(op->dst, "/run/user/1000") &&
		    strncmp(op->dst, "/dev/", 5))
			fail_msg("%s is bound writable", op->dst);
	}
	mount_plan_free(&plan);
}

static void test_home_is_not_bound_when_it_is_root_or_unknown(void **state)
{
	struct host_facts h;
	struct policy p;
	struct mount_plan plan;
	struct nb_error err;
	(void)state;
	host_of_issue(&h, false);
	strcpy(h.home, "/");
	policy_init(&p);
	mount_plan_init(&plan);
	assert_int_equal(mount_plan_baseline(&p, &h, &plan, &err), 0);
	assert_null(find(&plan, "/", NULL));
	assert_null(find(&plan, "/home/alice", NULL));
	assert_int_equal(plan.n, 26); /* the baseline less home, run/user */
	mount_plan_free(&plan);
	h.home[0] = '\0';
	assert_int_equal(mount_plan_baseline(&p, &h, &plan, &err), 0);
	assert_null(find(&plan, "/home/alice", NULL));
	assert_int_equal(plan.n, 26);
	mount_plan_free(&plan);
	policy_free(&p);
}

static void test_run_user_path_uses_the_callers_uid(void **state)
{
	struct host_facts h;
	struct policy p;
	struct mount_plan plan;
	struct nb_error err;
	(void)state;
	host_of_issue(&h, true);
	h.uid = 4294967294u;
	policy_init(&p);
	mount_plan_init(&plan);
	assert_int_equal(mount_plan_baseline(&p, &h, &plan, &err), 0);
	assert_non_null(find(&plan, "/run/user/4294967294", NULL));
	assert_null(find(&plan, "/run/user/1000", NULL));
	mount_plan_free(&plan);
	policy_free(&p);
}

static void test_destination_must_be_absolute(void **state)
{
	static const char *bad[] = { "tmp", "", "./tmp", "usr/bin", " /tmp" };
	struct mount_plan plan;
	struct nb_error err;
	(void)state;
	mount_plan_init(&plan);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(mount_plan_add(&plan, MOUNT_OP_BIND, "/usr",
						bad[i], 0, 0, &err), -1);
		assert_non_null(strstr(err.msg, "not absolute"));
	}
	assert_int_equal(mount_plan_add(&plan, MOUNT_OP_BIND, "/usr", NULL, 0,
					0, &err), -1);
	assert_int_equal(plan.n, 0);
	assert_int_equal(mount_plan_add(&plan, MOUNT_OP_BIND, "/usr", "/usr",
					MOUNT_F_RDONLY, 0, &err), 0);
	assert_int_equal(plan.n, 1);
	mount_plan_free(&plan);
	assert_int_equal(plan.n, 0);
	assert_null(plan.ops);
}

static void test_plan_keeps_every_operation_as_it_grows(void **state)
{
	struct mount_plan plan;
	struct nb_error err;
	char dst[32];
	(void)state;
	mount_plan_init(&plan);
	for (unsigned i = 0; i < 100; i++) {
		snprintf(dst, sizeof(dst), "/d%u", i);
		assert_int_equal(mount_plan_add(&plan, MOUNT_OP_TMPFS, NULL, dst,
						0, 0700 + (i % 8), &err), 0);
	}
	assert_int_equal(plan.n, 100);
	for (unsigned i = 0; i < 100; i++) {
		snprintf(dst, sizeof(dst), "/d%u", i);
		assert_string_equal(plan.ops[i].dst, dst);
		assert_null(plan.ops[i].src);
		assert_int_equal(plan.ops[i].mode, 0700 + (i % 8));
	}
	mount_plan_free(&plan);
}

static void test_printed_plan_shows_flags_sources_and_modes(void **state)
{
	struct mount_plan plan = issue_plan(true);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	(void)state;
	assert_non_null(f);
	mount_plan_print(f, &plan);
	fclose(f);
	assert_non_null(strstr(text, "mount plan (28 operations):\n"));
	assert_non_null(strstr(text, "  bind    /usr ro nodev\n"));
	assert_non_null(strstr(text, "  bind    /lib64 ro nodev optional\n"));
	assert_non_null(strstr(text,
			       "  bind    /home/alice nosuid nodev optional\n"));
	assert_non_null(strstr(text,
			       "  tmpfs   /dev mode=0755 ro nosuid noexec\n"));
	assert_non_null(strstr(text, "  symlink /dev/ptmx -> pts/ptmx\n"));
	assert_non_null(strstr(text, "  rebind  /proc/sys ro nosuid nodev noexec "
				       "optional\n"));
	assert_null(strstr(text, "/opt"));
	free(text);
	mount_plan_free(&plan);
}

static void test_operation_types_have_names(void **state)
{
	(void)state;
	assert_string_equal(mount_op_type_name(MOUNT_OP_BIND), "bind");
	assert_string_equal(mount_op_type_name(MOUNT_OP_TMPFS), "tmpfs");
	assert_string_equal(mount_op_type_name(MOUNT_OP_PROC), "proc");
	assert_string_equal(mount_op_type_name(MOUNT_OP_SYSFS), "sysfs");
	assert_string_equal(mount_op_type_name(MOUNT_OP_DEVPTS), "devpts");
	assert_string_equal(mount_op_type_name(MOUNT_OP_SYMLINK), "symlink");
	assert_string_equal(mount_op_type_name(MOUNT_OP_REBIND), "rebind");
	assert_string_equal(mount_op_type_name(MOUNT_OP_BLOCK_ENTRIES),
			    "block-entries");
}


static void test_entry_cover_keeps_only_its_names(void **state)
{
	struct mount_op op = { .type = MOUNT_OP_BLOCK_ENTRIES,
			       .src = (char *)"osrelease/yama",
			       .dst = (char *)"/proc/sys/kernel" };

	(void)state;
	assert_true(mount_op_keeps(&op, "osrelease", 9));
	assert_true(mount_op_keeps(&op, "yama/ptrace_scope", 4));
	assert_false(mount_op_keeps(&op, "os", 2));
	assert_false(mount_op_keeps(&op, "yamas", 5));
	op.src = NULL;
	assert_false(mount_op_keeps(&op, "osrelease", 9));
}

/* The plan goes to init through a memfd: what arrives is the plan,
 * operation for operation, and a short or damaged buffer is refused. */
static void test_plan_survives_the_wire_exactly(void **state)
{
	struct mount_plan plan = plan_for(true), back;
	struct nb_error err;
	char *buf;
	size_t len;

	(void)state;
	strcpy(plan.tmpfs_size, "20%");
	assert_int_equal(mount_plan_add(&plan, MOUNT_OP_FILE, "a\nb c",
					"/etc/x y", MOUNT_F_RDONLY, 0640, &err), 0);
	assert_int_equal(mount_plan_add(&plan, MOUNT_OP_BLOCK_ENTRIES,
					"osrelease/yama", "/proc/sys/kernel",
					MOUNT_F_OPTIONAL, 0, &err), 0);
	assert_int_equal(mount_plan_encode(&plan, &buf, &len, &err), 0);
	assert_int_equal(mount_plan_decode(buf, len, &back, &err), 0);
	assert_int_equal(back.n, plan.n);
	assert_string_equal(back.tmpfs_size, "20%");
	for (size_t i = 0; i < plan.n; i++) {
		assert_int_equal(back.ops[i].type, plan.ops[i].type);
		assert_int_equal(back.ops[i].flags, plan.ops[i].flags);
		assert_int_equal(back.ops[i].mode, plan.ops[i].mode);
		assert_string_equal(back.ops[i].dst, plan.ops[i].dst);
		if (plan.ops[i].src)
			assert_string_equal(back.ops[i].src, plan.ops[i].src);
		else
			assert_null(back.ops[i].src);
	}
	mount_plan_free(&back);
	free(buf);
	mount_plan_free(&plan);
}

static void test_damaged_plan_on_the_wire_is_refused(void **state)
{
	struct mount_plan plan = plan_for(true), back;
	struct nb_error err;
	char *buf;
	size_t len;

	(void)state;
	strcpy(plan.tmpfs_size, "20%");
	assert_int_equal(mount_plan_encode(&plan, &buf, &len, &err), 0);
	/* every truncation, and one byte too many */
	for (size_t cut = 0; cut < len; cut++) {
		assert_int_equal(mount_plan_decode(buf, cut, &back, &err), -1);
		assert_int_equal(back.n, 0);
	}
	buf = realloc(buf, len + 1);
	assert_non_null(buf);
	buf[len] = 0;
	assert_int_equal(mount_plan_decode(buf, len + 1, &back, &err), -1);
	/* a NUL inside a string, an unknown operation type, another magic */
	assert_int_equal(mount_plan_decode(buf, len, &back, &err), 0);
	mount_plan_free(&back);
	buf[4 + 4 + 4 + 1] = '\0'; /* inside tmpfs_size's bytes */
	assert_int_equal(mount_plan_decode(buf, len, &back, &err), -1);
	buf[0] = 'X';
	assert_int_equal(mount_plan_decode(buf, len, &back, &err), -1);
	free(buf);

	mount_plan_free(&plan);
	mount_plan_init(&plan);
	assert_int_equal(mount_plan_add(&plan, MOUNT_OP_TMPFS, NULL, "/t", 0,
					0755, &err), 0);
	plan.ops[0].type = (enum mount_op_type)999;
	assert_int_equal(mount_plan_encode(&plan, &buf, &len, &err), 0);
	assert_int_equal(mount_plan_decode(buf, len, &back, &err), -1);
	free(buf);
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
		cmocka_unit_test(test_baseline_is_exactly_the_ordered_operations),
		cmocka_unit_test(test_baseline_without_run_user_only_lacks_it),
		cmocka_unit_test(test_only_home_run_user_and_devices_are_bound_writable),
		cmocka_unit_test(test_home_is_not_bound_when_it_is_root_or_unknown),
		cmocka_unit_test(test_run_user_path_uses_the_callers_uid),
		cmocka_unit_test(test_destination_must_be_absolute),
		cmocka_unit_test(test_plan_keeps_every_operation_as_it_grows),
		cmocka_unit_test(test_printed_plan_shows_flags_sources_and_modes),
		cmocka_unit_test(test_operation_types_have_names),
		cmocka_unit_test(test_entry_cover_keeps_only_its_names),
		cmocka_unit_test(test_plan_survives_the_wire_exactly),
		cmocka_unit_test(test_damaged_plan_on_the_wire_is_refused),
	};
	return cmocka_run_group_tests_name("mountplan", tests, NULL, NULL);
}
