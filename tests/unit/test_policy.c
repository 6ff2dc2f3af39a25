// SPDX-License-Identifier: GPL-2.0-or-later
/* The policy: its defaults, the hostname rules, environment entries. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "policy.h"

static void test_defaults_are_the_baseline(void **state)
{
	struct policy p;
	(void)state;
	policy_init(&p);
	assert_non_null(p.hostname);
	assert_string_equal(p.hostname, "nestbox");
	assert_string_equal(p.hostname, POLICY_DEFAULT_HOSTNAME);
	/* firejail's meaning: what no directive takes away is the host's */
	assert_false(p.private_tmp);
	assert_false(p.fs.private_dev);
	assert_false(p.fs.disable_mnt);
	assert_false(p.fs.no_var);
	assert_false(p.quiet);
	/* not said: pasta under a profile, loopback only without (launch.c) */
	assert_int_equal(p.net, POLICY_NET_DEFAULT);
	assert_false(p.net_host_loopback);
	assert_int_equal(p.n_env, 0);
	assert_int_equal(p.n_rmenv, 0);
	assert_int_equal(p.n_not_enforced, 0);
	policy_free(&p);
	assert_null(p.hostname);
	assert_null(p.env);
}

/* --noprofile: stricter than firejail's --noprofile. */
static void test_strict_baseline_takes_the_host_trees_away(void **state)
{
	struct policy p;

	(void)state;
	policy_init(&p);
	policy_strict_baseline(&p);
	assert_true(p.private_tmp);
	assert_true(p.fs.private_dev);
	assert_true(p.fs.disable_mnt);
	assert_true(p.fs.no_var);
	assert_true(p.fs.no3d);
	/* the display with an untrusted cookie; none where there is none */
	assert_int_equal(p.x11.mode, POLICY_X11_XORG);
	assert_int_equal(p.x11.fallback, POLICY_X11_NONE);
	policy_free(&p);
}

/* What the command line said of the display holds under --noprofile:
 * the mode (any, even x11 xorg without a fallback: fails closed), and
 * the fallback. */
static void test_strict_baseline_keeps_the_display_options(void **state)
{
	static const enum policy_x11_mode said[] = {
		POLICY_X11_NONE, POLICY_X11_XVFB, POLICY_X11_XEPHYR,
		POLICY_X11_XPRA, POLICY_X11_XORG,
	};
	struct policy p;

	(void)state;
	for (size_t i = 0; i < sizeof(said) / sizeof(said[0]); i++) {
		policy_init(&p);
		p.x11.mode = said[i];
		policy_strict_baseline(&p);
		assert_int_equal(p.x11.mode, said[i]);
		assert_int_equal(p.x11.fallback, POLICY_X11_XORG);
		policy_free(&p);
	}
	policy_init(&p);
	p.x11.fallback = POLICY_X11_XPRA;
	policy_strict_baseline(&p);
	assert_int_equal(p.x11.mode, POLICY_X11_XORG);
	assert_int_equal(p.x11.fallback, POLICY_X11_XPRA);
	policy_free(&p);
}

static void expect_hostname(const char *name, int want)
{
	struct policy p;
	struct nb_error err;

	policy_init(&p);
	memset(&err, 0, sizeof(err));
	if (policy_set_hostname(&p, name, &err) != want)
		fail_msg("hostname '%s': want %d (%s)", name, want, err.msg);
	if (want == 0) {
		assert_string_equal(p.hostname, name);
	} else {
		assert_non_null(strstr(err.msg, "invalid hostname"));
		assert_string_equal(p.hostname, "nestbox"); /* unchanged */
	}
	policy_free(&p);
}

static void test_hostname_of_64_characters_is_accepted(void **state)
{
	char name[65];
	(void)state;
	memset(name, 'a', 64);
	name[64] = '\0';
	expect_hostname(name, 0);
	memset(name, '7', 64);
	expect_hostname(name, 0);
}

static void test_hostname_of_65_characters_is_refused(void **state)
{
	char name[66];
	(void)state;
	memset(name, 'a', 65);
	name[65] = '\0';
	expect_hostname(name, -1);
}

static void test_usual_hostnames_are_accepted(void **state)
{
	(void)state;
	expect_hostname("a", 0);
	expect_hostname("box", 0);
	expect_hostname("Build-01", 0);
	expect_hostname("build-01.example.org", 0);
	expect_hostname("1234", 0);
	expect_hostname("end-", 0);
}

static void test_hostname_starting_with_a_dash_or_dot_is_refused(void **state)
{
	(void)state;
	expect_hostname("-box", -1);
	expect_hostname("-", -1);
	expect_hostname(".box", -1);
}

static void test_hostname_with_other_characters_is_refused(void **state)
{
	(void)state;
	expect_hostname("my_box", -1);
	expect_hostname("_", -1);
	expect_hostname("my box", -1);
	expect_hostname("box\n", -1);
	expect_hostname("box/1", -1);
	expect_hostname("b\xc3\xa4r", -1); /* UTF-8 */
	expect_hostname("", -1);
}

static void test_hostname_message_names_the_bad_value(void **state)
{
	struct policy p;
	struct nb_error err;
	(void)state;
	policy_init(&p);
	assert_int_equal(policy_set_hostname(&p, "x_y", &err), -1);
	assert_non_null(strstr(err.msg, "'x_y'"));
	assert_int_equal(policy_set_hostname(&p, "first", &err), 0);
	assert_int_equal(policy_set_hostname(&p, "second", &err), 0);
	assert_string_equal(p.hostname, "second");
	policy_free(&p);
}

static void test_env_entries_are_kept_in_order_as_given(void **state)
{
	struct policy p;
	struct nb_error err;
	(void)state;
	policy_init(&p);
	assert_int_equal(policy_add_env(&p, "A=B", &err), 0);
	assert_int_equal(policy_add_env(&p, "EMPTY=", &err), 0);
	assert_int_equal(policy_add_env(&p, "X=1=2", &err), 0);
	assert_int_equal(policy_add_env(&p, "A=again", &err), 0);
	assert_int_equal(p.n_env, 4);
	assert_string_equal(p.env[0], "A=B");
	assert_string_equal(p.env[1], "EMPTY=");
	assert_string_equal(p.env[2], "X=1=2");
	assert_string_equal(p.env[3], "A=again");
	policy_free(&p);
}

static void test_env_entry_is_a_copy(void **state)
{
	struct policy p;
	struct nb_error err;
	char buf[] = "NAME=value";
	(void)state;
	policy_init(&p);
	assert_int_equal(policy_add_env(&p, buf, &err), 0);
	buf[0] = 'X';
	assert_string_equal(p.env[0], "NAME=value");
	policy_free(&p);
}

static void test_env_without_name_or_equals_is_refused(void **state)
{
	static const char *bad[] = { "NOEQUALS", "", "=value", "=" };
	struct policy p;
	struct nb_error err;
	(void)state;
	policy_init(&p);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(policy_add_env(&p, bad[i], &err), -1);
		assert_non_null(strstr(err.msg, "NAME=VALUE"));
	}
	assert_int_equal(p.n_env, 0);
	policy_free(&p);
}

static void test_rmenv_takes_a_bare_name(void **state)
{
	struct policy p;
	struct nb_error err;
	(void)state;
	policy_init(&p);
	assert_int_equal(policy_add_rmenv(&p, "SSH_AUTH_SOCK", &err), 0);
	assert_int_equal(policy_add_rmenv(&p, "A=B", &err), -1);
	assert_int_equal(policy_add_rmenv(&p, "", &err), -1);
	assert_int_equal(policy_add_rmenv(&p, "A B", &err), -1);
	assert_int_equal(p.n_rmenv, 1);
	assert_string_equal(p.rmenv[0], "SSH_AUTH_SOCK");
	policy_free(&p);
}

/* Paths past the kernel's limits are refused, never cut: cut short, a
 * path names another file (issue #7). */
static void test_paths_beyond_path_max_or_name_max_are_refused(void **state)
{
	static char path[PATH_MAX + 8];
	struct nb_error err = { 0 };
	char *norm;
	(void)state;

	/* 4095 bytes: the longest path the kernel takes */
	path[0] = '/';
	for (size_t i = 1; i < PATH_MAX - 1; i++)
		path[i] = i % 200 == 0 ? '/' : 'a';
	path[PATH_MAX - 1] = '\0';
	norm = policy_normalize_path(path, &err);
	assert_non_null(norm);
	assert_int_equal(strlen(norm), PATH_MAX - 1);
	free(norm);
	/* 4096 bytes, and 4096 once its repeated slashes are dropped */
	strcat(path, "a");
	assert_null(policy_normalize_path(path, &err));
	assert_non_null(strstr(err.msg, "longer than 4095 bytes"));
	memmove(path + 2, path + 1, strlen(path));
	path[1] = '/';
	assert_null(policy_normalize_path(path, &err));
	/* a component of 255 bytes is a name; of 256, not */
	memset(path, 'n', 257);
	path[0] = '/';
	path[256] = '\0';
	norm = policy_normalize_path(path, &err);
	assert_non_null(norm);
	free(norm);
	path[256] = 'n';
	path[257] = '\0';
	assert_null(policy_normalize_path(path, &err));
	assert_non_null(strstr(err.msg, "a component longer than 255 bytes"));
	/* unless it is a glob's pattern, longer than the names it matches */
	path[1] = '[';
	path[3] = ']';
	norm = policy_normalize_path(path, &err);
	assert_non_null(norm);
	free(norm);
}

static void test_printed_policy_shows_hostname_and_env(void **state)
{
	struct policy p;
	struct nb_error err;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	(void)state;
	policy_init(&p);
	assert_int_equal(policy_add_env(&p, "A=B", &err), 0);
	f = open_memstream(&text, &len);
	assert_non_null(f);
	policy_print(f, &p);
	fclose(f);
	assert_non_null(strstr(text, "  hostname nestbox\n"));
	assert_non_null(strstr(text, "  env A=B\n"));
	free(text);
	policy_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_are_the_baseline),
		cmocka_unit_test(test_strict_baseline_takes_the_host_trees_away),
		cmocka_unit_test(test_strict_baseline_keeps_the_display_options),
		cmocka_unit_test(test_hostname_of_64_characters_is_accepted),
		cmocka_unit_test(test_hostname_of_65_characters_is_refused),
		cmocka_unit_test(test_usual_hostnames_are_accepted),
		cmocka_unit_test(test_hostname_starting_with_a_dash_or_dot_is_refused),
		cmocka_unit_test(test_hostname_with_other_characters_is_refused),
		cmocka_unit_test(test_hostname_message_names_the_bad_value),
		cmocka_unit_test(test_env_entries_are_kept_in_order_as_given),
		cmocka_unit_test(test_env_entry_is_a_copy),
		cmocka_unit_test(test_env_without_name_or_equals_is_refused),
		cmocka_unit_test(test_rmenv_takes_a_bare_name),
		cmocka_unit_test(test_printed_policy_shows_hostname_and_env),
		cmocka_unit_test(test_paths_beyond_path_max_or_name_max_are_refused),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
