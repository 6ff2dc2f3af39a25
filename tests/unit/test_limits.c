// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The program's process, pure part: rlimit-*, timeout, nice, cpu and
 * keep-fd parsed through the directive table, the setrlimit calls and
 * close_range ranges they plan, and the caps.* masks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <cmocka.h>

#include "caps.h"
#include "directives.h"
#include "nb_limits.h"
#include "policy.h"

struct world {
	struct policy p;
	struct nb_error err;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	if (!w)
		return -1;
	policy_init(&w->p);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	policy_free(&w->p);
	free(w);
	return 0;
}

static void apply_ok(struct world *w, const char *name, const char *arg)
{
	memset(&w->err, 0, sizeof(w->err));
	if (directive_apply(&w->p, name, arg, NULL, &w->err) != 0)
		fail_msg("%s %s: %s", name, arg ? arg : "", w->err.msg);
}

/* Refused, with a message that names the directive and the value. */
static void apply_bad(struct world *w, const char *name, const char *arg,
		      const char *why)
{
	char want[128];

	memset(&w->err, 0, sizeof(w->err));
	if (directive_apply(&w->p, name, arg, NULL, &w->err) == 0)
		fail_msg("%s %s: accepted", name, arg);
	snprintf(want, sizeof(want), "%s %s: ", name, arg);
	if (strncmp(w->err.msg, want, strlen(want)) != 0 ||
	    !strstr(w->err.msg, why))
		fail_msg("%s %s: message '%s'", name, arg, w->err.msg);
}

static void test_rlimits_take_plain_numbers(void **state)
{
	struct world *w = *state;

	apply_ok(w, "rlimit-nofile", "100");
	apply_ok(w, "rlimit-nproc", "5");
	apply_ok(w, "rlimit-cpu", "0");
	apply_ok(w, "rlimit-sigpending", "18446744073709551614");
	assert_true(w->p.process.rlimit_set[POLICY_RLIMIT_NOFILE]);
	assert_int_equal(w->p.process.rlimit[POLICY_RLIMIT_NOFILE], 100);
	assert_int_equal(w->p.process.rlimit[POLICY_RLIMIT_NPROC], 5);
	assert_true(w->p.process.rlimit_set[POLICY_RLIMIT_CPU]);
	assert_int_equal(w->p.process.rlimit[POLICY_RLIMIT_CPU], 0);
	assert_false(w->p.process.rlimit_set[POLICY_RLIMIT_AS]);
}

static void test_size_suffixes_are_base_1024(void **state)
{
	struct world *w = *state;

	apply_ok(w, "rlimit-as", "3g");
	assert_int_equal(w->p.process.rlimit[POLICY_RLIMIT_AS], 3ULL << 30);
	apply_ok(w, "rlimit-fsize", "2k");
	assert_int_equal(w->p.process.rlimit[POLICY_RLIMIT_FSIZE], 2048);
	apply_ok(w, "rlimit-fsize", "5M");
	assert_int_equal(w->p.process.rlimit[POLICY_RLIMIT_FSIZE], 5ULL << 20);
	apply_ok(w, "rlimit-as", "1024");
	assert_int_equal(w->p.process.rlimit[POLICY_RLIMIT_AS], 1024);
}

static void test_bad_rlimit_numbers_are_refused(void **state)
{
	struct world *w = *state;

	apply_bad(w, "rlimit-nofile", "abc", "not a number");
	apply_bad(w, "rlimit-nofile", "-1", "not a number");
	apply_bad(w, "rlimit-nofile", "+5", "not a number");
	apply_bad(w, "rlimit-nofile", " 5", "not a number");
	apply_bad(w, "rlimit-nofile", "5 ", "not a number");
	apply_bad(w, "rlimit-nofile", "0x10", "not a number");
	/* suffixes only where firejail allows them */
	apply_bad(w, "rlimit-nofile", "1k", "not a number");
	apply_bad(w, "rlimit-nproc", "1m", "not a number");
	apply_bad(w, "rlimit-as", "1t", "not a number");
	apply_bad(w, "rlimit-as", "1kk", "not a number");
	apply_bad(w, "rlimit-as", "k", "not a number");
	/* RLIM_INFINITY is not a finite limit; overflow is refused */
	apply_bad(w, "rlimit-cpu", "18446744073709551615", "too large");
	apply_bad(w, "rlimit-cpu", "99999999999999999999999", "too large");
	apply_bad(w, "rlimit-as", "17179869184g", "too large");
	assert_false(w->p.process.rlimit_set[POLICY_RLIMIT_NOFILE]);
}

static void test_rlimit_calls_are_one_per_directive(void **state)
{
	struct world *w = *state;
	struct limits_rlimit_call calls[POLICY_RLIMIT_COUNT];
	size_t n;

	assert_int_equal(limits_rlimit_calls(&w->p.process, calls), 0);
	apply_ok(w, "rlimit-nproc", "5");
	apply_ok(w, "rlimit-as", "1g");
	apply_ok(w, "rlimit-as", "2g");	/* the last one wins */
	n = limits_rlimit_calls(&w->p.process, calls);
	assert_int_equal(n, 2);
	assert_int_equal(calls[0].resource, RLIMIT_AS);
	assert_int_equal(calls[0].value, 2ULL << 30);
	assert_int_equal(calls[1].resource, RLIMIT_NPROC);
	assert_int_equal(calls[1].value, 5);
	assert_string_equal(limits_rlimit_name(calls[1].which), "rlimit-nproc");
}

static void test_timeout_is_hh_mm_ss(void **state)
{
	struct world *w = *state;
	char text[16];

	apply_ok(w, "timeout", "01:30:00");
	assert_int_equal(w->p.process.timeout, 5400);
	apply_ok(w, "timeout", "0:0:5");
	assert_int_equal(w->p.process.timeout, 5);
	apply_ok(w, "timeout", "100:00:01");
	assert_int_equal(w->p.process.timeout, 360001);
	limits_format_timeout(5400, text, sizeof(text));
	assert_string_equal(text, "01:30:00");
	limits_format_timeout(360001, text, sizeof(text));
	assert_string_equal(text, "100:00:01");
}

static void test_bad_timeouts_are_refused(void **state)
{
	struct world *w = *state;

	apply_bad(w, "timeout", "1:2", "not hh:mm:ss");
	apply_bad(w, "timeout", "1:2:3:4", "not hh:mm:ss");
	apply_bad(w, "timeout", "00:60:00", "not hh:mm:ss");
	apply_bad(w, "timeout", "00:00:60", "not hh:mm:ss");
	apply_bad(w, "timeout", "00:001:00", "not hh:mm:ss");
	apply_bad(w, "timeout", "-1:00:00", "not hh:mm:ss");
	apply_bad(w, "timeout", "aa:bb:cc", "not hh:mm:ss");
	apply_bad(w, "timeout", "100000:00:00", "not hh:mm:ss");
	apply_bad(w, "timeout", "00:00:00", "at least one second");
	apply_bad(w, "timeout", "3600", "not hh:mm:ss");
}

static void test_nice_is_from_minus_20_to_19(void **state)
{
	struct world *w = *state;

	apply_ok(w, "nice", "19");
	assert_int_equal(w->p.process.nice, 19);
	apply_ok(w, "nice", "-20");
	assert_int_equal(w->p.process.nice, -20);
	apply_ok(w, "nice", "+2");
	assert_int_equal(w->p.process.nice, 2);
	assert_true(w->p.process.nice_set);
	apply_bad(w, "nice", "20", "-20 to 19");
	apply_bad(w, "nice", "-21", "-20 to 19");
	apply_bad(w, "nice", "abc", "-20 to 19");
	apply_bad(w, "nice", "-", "-20 to 19");
	apply_bad(w, "nice", "1.5", "-20 to 19");
}

/* Only a raise is possible unprivileged: no sign, 0 to 1000. */
static void test_oom_score_adj_is_from_0_to_1000(void **state)
{
	struct world *w = *state;

	apply_ok(w, "oom-score-adj", "1000");
	assert_int_equal(w->p.process.oom_score_adj, 1000);
	apply_ok(w, "oom-score-adj", "0");
	assert_int_equal(w->p.process.oom_score_adj, 0);
	assert_true(w->p.process.oom_score_adj_set);
	apply_bad(w, "oom-score-adj", "1001", "0 to 1000");
	apply_bad(w, "oom-score-adj", "-1", "0 to 1000");
	apply_bad(w, "oom-score-adj", "+5", "0 to 1000");
	apply_bad(w, "oom-score-adj", "2x", "0 to 1000");
}

static void test_cpu_lists_and_ranges(void **state)
{
	struct world *w = *state;
	char text[64];

	apply_ok(w, "cpu", "0,2");
	assert_int_equal(CPU_COUNT(&w->p.process.cpus), 2);
	assert_true(CPU_ISSET(0, &w->p.process.cpus));
	assert_true(CPU_ISSET(2, &w->p.process.cpus));
	/* a later cpu replaces the earlier one */
	apply_ok(w, "cpu", "1-3,5,7-7");
	limits_format_cpus(&w->p.process.cpus, text, sizeof(text));
	assert_string_equal(text, "1-3,5,7");
	apply_ok(w, "cpu", "1023");
	assert_true(w->p.process.cpus_set);
	assert_int_equal(CPU_COUNT(&w->p.process.cpus), 1);
}

static void test_bad_cpu_lists_are_refused(void **state)
{
	struct world *w = *state;

	apply_bad(w, "cpu", "9999", "no such CPU");
	apply_bad(w, "cpu", "0-1024", "no such CPU");
	apply_bad(w, "cpu", "3-1", "not a list");
	apply_bad(w, "cpu", "0,,1", "not a list");
	apply_bad(w, "cpu", "0,", "not a list");
	apply_bad(w, "cpu", "-1", "not a list");
	apply_bad(w, "cpu", "a", "not a list");
	apply_bad(w, "cpu", "0 1", "not a list");
	assert_false(w->p.process.cpus_set);
}

static void test_keep_fd_lists_are_sorted_and_merged(void **state)
{
	struct world *w = *state;

	apply_ok(w, "keep-fd", "7,5");
	apply_ok(w, "keep-fd", "5,0,2,9");
	assert_int_equal(w->p.process.n_keep_fd, 3);
	assert_int_equal(w->p.process.keep_fd[0], 5);
	assert_int_equal(w->p.process.keep_fd[1], 7);
	assert_int_equal(w->p.process.keep_fd[2], 9);
	assert_false(w->p.process.keep_fd_all);
	apply_ok(w, "keep-fd", "all");
	assert_true(w->p.process.keep_fd_all);
}

static void test_bad_keep_fd_is_refused_whole(void **state)
{
	struct world *w = *state;
	char many[512] = "";

	apply_bad(w, "keep-fd", "-1", "not 'all' nor a list");
	apply_bad(w, "keep-fd", "3,x", "not 'all' nor a list");
	apply_bad(w, "keep-fd", "3,", "not 'all' nor a list");
	apply_bad(w, "keep-fd", "2147483648", "not 'all' nor a list");
	apply_bad(w, "keep-fd", "none", "not 'all' nor a list");
	for (int fd = 3; fd < 3 + POLICY_KEEP_FD_MAX + 1; fd++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many),
			 "%s%d", fd > 3 ? "," : "", fd);
	apply_bad(w, "keep-fd", many, "more than");
	assert_int_equal(w->p.process.n_keep_fd, 0);
}

static void expect_ranges(const struct policy_process *pp, int extra,
			  const char *want)
{
	struct limits_fd_range r[LIMITS_FD_RANGES_MAX];
	size_t n = limits_close_ranges(pp, extra, r);
	char got[256] = "";

	for (size_t i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got),
			 r[i].last == ~0U ? "%s%u-max" : "%s%u-%u",
			 i ? " " : "", r[i].first, r[i].last);
	assert_string_equal(got, want);
}

static void test_close_ranges_spare_only_the_kept(void **state)
{
	struct world *w = *state;

	expect_ranges(&w->p.process, -1, "3-max");
	expect_ranges(&w->p.process, 3, "4-max");
	expect_ranges(&w->p.process, 6, "3-5 7-max");
	apply_ok(w, "keep-fd", "5");
	expect_ranges(&w->p.process, -1, "3-4 6-max");
	expect_ranges(&w->p.process, 5, "3-4 6-max");
	expect_ranges(&w->p.process, 4, "3-3 6-max");
	expect_ranges(&w->p.process, 9, "3-4 6-8 10-max");
	apply_ok(w, "keep-fd", "3,4,10");
	expect_ranges(&w->p.process, 7, "6-6 8-9 11-max");
	apply_ok(w, "keep-fd", "all");
	expect_ranges(&w->p.process, 7, "");
}

static void test_caps_lists(void **state)
{
	struct world *w = *state;
	char text[128];

	apply_ok(w, "caps.keep", "chown,NET_RAW");
	apply_ok(w, "caps.keep", "cap_sys_admin");
	assert_true(w->p.process.caps_keep_set);
	assert_int_equal(w->p.process.caps_keep,
			 (1ULL << 0) | (1ULL << 13) | (1ULL << 21));
	caps_format(w->p.process.caps_keep, text, sizeof(text));
	assert_string_equal(text, "chown,net_raw,sys_admin");
	apply_ok(w, "caps.drop", "sys_admin");
	assert_int_equal(caps_allowed(&w->p.process),
			 (1ULL << 0) | (1ULL << 13));
	apply_ok(w, "caps.drop", "all");
	assert_int_equal(caps_allowed(&w->p.process), 0);
}

static void test_caps_is_firejails_default_drop_list(void **state)
{
	struct world *w = *state;
	char text[256];

	assert_int_equal(caps_allowed(&w->p.process), CAPS_ALL);
	apply_ok(w, "caps", NULL);
	caps_format(w->p.process.caps_drop, text, sizeof(text));
	assert_string_equal(text, "sys_module,sys_rawio,sys_admin,sys_boot,"
				  "sys_nice,sys_tty_config,mknod,syslog");
	assert_true(caps_allowed(&w->p.process) & (1ULL << 0));
	assert_false(caps_allowed(&w->p.process) & (1ULL << 21));
}

static void test_bad_caps_are_refused(void **state)
{
	struct world *w = *state;

	apply_bad(w, "caps.drop", "chown,bogus", "unknown capability 'bogus'");
	apply_bad(w, "caps.keep", "all", "unknown capability 'all'");
	apply_bad(w, "caps.keep", "chown,", "unknown capability ''");
	apply_bad(w, "caps.keep", "cap_", "unknown capability 'cap_'");
	assert_int_equal(w->p.process.caps_drop, 0);
	assert_false(w->p.process.caps_keep_set);
}

static void test_printed_policy_shows_the_process_part(void **state)
{
	struct world *w = *state;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	apply_ok(w, "rlimit-as", "1g");
	apply_ok(w, "timeout", "0:01:05");
	apply_ok(w, "cpu", "0-1");
	apply_ok(w, "keep-fd", "4,3");
	apply_ok(w, "nogroups", NULL);
	apply_ok(w, "oom-score-adj", "200");
	apply_ok(w, "caps.keep", "chown");
	f = open_memstream(&text, &len);
	assert_non_null(f);
	policy_print(f, &w->p);
	fclose(f);
	assert_non_null(strstr(text, "  rlimit-as 1073741824\n"));
	assert_non_null(strstr(text, "  timeout 00:01:05\n"));
	assert_non_null(strstr(text, "  cpu 0-1\n"));
	assert_non_null(strstr(text, "  keep-fd 3,4\n"));
	assert_non_null(strstr(text, "  nogroups\n"));
	assert_non_null(strstr(text, "  oom-score-adj 200\n"));
	assert_non_null(strstr(text, "  caps.keep chown (with --as-root)\n"));
	free(text);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_rlimits_take_plain_numbers),
		T(test_size_suffixes_are_base_1024),
		T(test_bad_rlimit_numbers_are_refused),
		T(test_rlimit_calls_are_one_per_directive),
		T(test_timeout_is_hh_mm_ss),
		T(test_bad_timeouts_are_refused),
		T(test_nice_is_from_minus_20_to_19),
		T(test_oom_score_adj_is_from_0_to_1000),
		T(test_cpu_lists_and_ranges),
		T(test_bad_cpu_lists_are_refused),
		T(test_keep_fd_lists_are_sorted_and_merged),
		T(test_bad_keep_fd_is_refused_whole),
		T(test_close_ranges_spare_only_the_kept),
		T(test_caps_lists),
		T(test_caps_is_firejails_default_drop_list),
		T(test_bad_caps_are_refused),
		T(test_printed_policy_shows_the_process_part),
	};
	return cmocka_run_group_tests_name("limits", tests, NULL, NULL);
}
