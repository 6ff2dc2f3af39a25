// SPDX-License-Identifier: GPL-2.0-or-later
/* The command line: nestbox's options, directives as options, the program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cli.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

static int parse(char **argv, struct options *o, struct nb_error *err)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	memset(err, 0, sizeof(*err));
	return cli_parse(argc, argv, o, err);
}

static void test_double_dash_ends_options(void **state)
{
	char *argv[] = { "nestbox", "--debug", "--", "--quiet", "x", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_int_equal(o.log_level, NB_LOG_DEBUG);
	assert_string_equal(o.program_argv[0], "--quiet");
	assert_string_equal(o.program_argv[1], "x");
	options_free(&o);
}

static void test_options_after_the_program_belong_to_it(void **state)
{
	char *argv[] = { "nestbox", "ls", "--debug", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_int_equal(o.log_level, NB_LOG_NORMAL);
	assert_string_equal(o.program_argv[0], "ls");
	assert_string_equal(o.program_argv[1], "--debug");
	assert_null(o.program_argv[2]);
	options_free(&o);
}

static void test_no_program_means_the_shell(void **state)
{
	char *argv[] = { "nestbox", "--noprofile", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_null(o.program_argv);
	assert_true(o.noprofile);
	options_free(&o);
}

static void test_own_options_set_their_fields(void **state)
{
	char *argv[] = { "nestbox", "--quiet", "--dry-run", "--help",
			 "--version", "-h", "true", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_int_equal(o.log_level, NB_LOG_QUIET);
	assert_true(o.dry_run);
	assert_true(o.help);
	assert_true(o.version);
	assert_false(o.noprofile);
	options_free(&o);
}

static void test_directives_are_options(void **state)
{
	char *argv[] = { "nestbox", "--hostname=box", "--net=none",
			 "--private-tmp", "--env=A=B=C", "--env=X=", "true",
			 NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_string_equal(o.policy.hostname, "box");
	assert_int_equal(o.policy.net, POLICY_NET_NONE);
	assert_true(o.policy.private_tmp);
	assert_int_equal(o.policy.n_env, 2);
	assert_string_equal(o.policy.env[0], "A=B=C");
	assert_string_equal(o.policy.env[1], "X=");
	options_free(&o);
}

static void expect_error(char *arg, const char *fragment)
{
	char *argv[] = { "nestbox", arg, "true", NULL };
	struct options o;
	struct nb_error err;

	assert_int_equal(parse(argv, &o, &err), -1);
	if (!strstr(err.msg, fragment))
		fail_msg("'%s': message '%s' lacks '%s'", arg, err.msg, fragment);
	options_free(&o);
}

static void test_bad_options_are_errors_naming_them(void **state)
{
	(void)state;
	expect_error("--bogus", "--bogus: unknown option");
	expect_error("-x", "-x: unknown option");
}

static void test_bad_directive_arguments_are_errors(void **state)
{
	(void)state;
	expect_error("--hostname", "hostname needs an argument");
	expect_error("--hostname=bad_name", "invalid hostname");
	expect_error("--hostname=", "hostname needs an argument");
	expect_error("--net=host", "net host: not supported");
	expect_error("--net=eth0", "not supported");
	expect_error("--env=NOEQUALS", "invalid environment assignment");
	expect_error("--env==x", "invalid environment assignment");
	expect_error("--noprofile=yes", "--noprofile takes no argument");
	expect_error("--private-tmp=x", "private-tmp takes no argument");
	expect_error("--=x", "unknown option");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_double_dash_ends_options),
		cmocka_unit_test(test_options_after_the_program_belong_to_it),
		cmocka_unit_test(test_no_program_means_the_shell),
		cmocka_unit_test(test_own_options_set_their_fields),
		cmocka_unit_test(test_directives_are_options),
		cmocka_unit_test(test_bad_options_are_errors_naming_them),
		cmocka_unit_test(test_bad_directive_arguments_are_errors),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
