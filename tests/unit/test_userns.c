// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writing id maps, with the helper path injected: /bin/false (fails),
 * /bin/true (claims success, writes nothing) and a missing path must all
 * end in the direct single-id map, and say why.  Each test maps a real
 * child in a new user namespace (no privilege needed).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "userns.h"

struct child {
	pid_t pid;
	int release;
};

/* A child parked in a new user namespace until released. */
static struct child new_userns_child(void)
{
	struct child c;
	int ready[2], go[2];
	char x;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	c.pid = fork();
	assert_true(c.pid >= 0);
	if (c.pid == 0) {
		close(ready[0]);
		close(go[1]);
		if (unshare(CLONE_NEWUSER) < 0)
			_exit(1);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &x, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	assert_int_equal(read(ready[0], &x, 1), 1);
	close(ready[0]);
	c.release = go[1];
	return c;
}

static void release(struct child *c)
{
	close(c->release);
	waitpid(c->pid, NULL, 0);
}

static void read_proc(pid_t pid, const char *file, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, len - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
}

static void expect_direct_fallback(const char *helper, const char *why)
{
	struct id_range r[] = { { 1u << 30, 1000 } };
	struct userns_helpers h = { .newuidmap = helper, .newgidmap = helper };
	struct id_map uids, gids;
	struct userns_outcome out;
	struct nb_error err = { 0 };
	struct child c = new_userns_child();
	char text[256], want[64];

	idmap_plan(getuid(), r, 1, &uids);
	idmap_plan(getgid(), r, 1, &gids);
	assert_int_equal(userns_map_ids(c.pid, &uids, &gids, &h, &out, &err), 0);
	assert_true(out.uid_direct);
	assert_true(out.gid_direct);
	if (!strstr(out.why, why))
		fail_msg("why: '%s' lacks '%s'", out.why, why);

	read_proc(c.pid, "uid_map", text, sizeof(text));
	snprintf(want, sizeof(want), "0 %u 1", (unsigned)getuid());
	/* the kernel pads the columns: compare without blanks */
	{
		char a[256], b[64];
		size_t j = 0;
		for (size_t i = 0; text[i] && j < sizeof(a) - 1; i++)
			if (text[i] != ' ')
				a[j++] = text[i];
		a[j] = '\0';
		j = 0;
		for (size_t i = 0; want[i]; i++)
			if (want[i] != ' ')
				b[j++] = want[i];
		b[j] = '\0';
		assert_string_equal(a, strcat(b, "\n"));
	}
	read_proc(c.pid, "setgroups", text, sizeof(text));
	assert_string_equal(text, "deny\n");
	release(&c);
}

static void test_failing_helper_falls_back_to_direct_map(void **state)
{
	(void)state;
	expect_direct_fallback("/bin/false", "newuidmap failed (exit 1)");
}

static void test_helper_that_writes_nothing_is_caught(void **state)
{
	(void)state;
	expect_direct_fallback("/bin/true", "exited 0 but wrote no map");
}

static void test_missing_helper_falls_back_to_direct_map(void **state)
{
	(void)state;
	expect_direct_fallback("/nonexistent/newuidmap", "exit 127");
}

static void test_no_subordinate_range_skips_the_helper(void **state)
{
	struct userns_helpers h = { .newuidmap = "/bin/false",
				    .newgidmap = "/bin/false" };
	struct id_map uids, gids;
	struct userns_outcome out;
	struct nb_error err = { 0 };
	struct child c = new_userns_child();
	(void)state;
	idmap_plan(getuid(), NULL, 0, &uids);
	idmap_plan(getgid(), NULL, 0, &gids);
	assert_int_equal(userns_map_ids(c.pid, &uids, &gids, &h, &out, &err), 0);
	assert_true(out.uid_direct);
	assert_non_null(strstr(out.why, "no subordinate uid range"));
	release(&c);
}

static void test_direct_write_to_a_gone_process_is_an_error(void **state)
{
	struct userns_helpers h = { .newuidmap = "/bin/false",
				    .newgidmap = "/bin/false" };
	struct id_map uids, gids;
	struct userns_outcome out;
	struct nb_error err = { 0 };
	struct child c = new_userns_child();
	(void)state;
	release(&c); /* reaped: its pid names nothing now */
	idmap_plan(getuid(), NULL, 0, &uids);
	idmap_plan(getgid(), NULL, 0, &gids);
	assert_int_equal(userns_map_ids(c.pid, &uids, &gids, &h, &out, &err), -1);
	assert_non_null(strstr(err.msg, "map gids"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_failing_helper_falls_back_to_direct_map),
		cmocka_unit_test(test_helper_that_writes_nothing_is_caught),
		cmocka_unit_test(test_missing_helper_falls_back_to_direct_map),
		cmocka_unit_test(test_no_subordinate_range_skips_the_helper),
		cmocka_unit_test(test_direct_write_to_a_gone_process_is_an_error),
	};
	return cmocka_run_group_tests_name("userns", tests, NULL, NULL);
}
