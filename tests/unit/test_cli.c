// SPDX-License-Identifier: GPL-2.0-or-later
/* The command line: nestbox's options, directives as options, the program. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli.h"
#include "directives.h"

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

/* directive_find() searches the table by halves: an entry out of order
 * would be an "unknown directive" */
static void test_directive_table_is_sorted_and_each_entry_found(void **state)
{
	size_t n;
	const struct directive *d = directive_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (i)
			assert_true(strcmp(d[i - 1].name, d[i].name) < 0);
		assert_ptr_equal(directive_find(d[i].name), &d[i]);
	}
	assert_null(directive_find("no-such-directive"));
	assert_null(directive_find(""));
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
	expect_error("--net=a/b", "net a/b: none, host, pasta or an interface name");
	expect_error("--env=NOEQUALS", "invalid environment assignment");
	expect_error("--env==x", "invalid environment assignment");
	expect_error("--noprofile=yes", "--noprofile takes no argument");
	expect_error("--private-tmp=x", "private-tmp takes no argument");
	expect_error("--=x", "unknown option");
}

/* One option alone: it sets its field and nothing else. */
static struct options parse_one(char *word)
{
	char *argv[] = { "nestbox", word, NULL };
	struct options o;
	struct nb_error err;

	if (parse(argv, &o, &err) != 0)
		fail_msg("'%s' refused: %s", word, err.msg);
	assert_null(o.program_argv);
	return o;
}

static void test_each_own_option_sets_only_its_field(void **state)
{
	struct options o;
	(void)state;
	o = parse_one("--noprofile");
	assert_true(o.noprofile);
	assert_false(o.help || o.version || o.dry_run || o.strict);
	assert_int_equal(o.log_level, NB_LOG_NORMAL);
	options_free(&o);

	o = parse_one("--debug");
	assert_int_equal(o.log_level, NB_LOG_DEBUG);
	assert_false(o.help || o.version || o.dry_run || o.noprofile);
	options_free(&o);

	o = parse_one("--quiet");
	assert_int_equal(o.log_level, NB_LOG_QUIET);
	assert_false(o.help || o.version || o.dry_run || o.noprofile);
	options_free(&o);

	o = parse_one("--dry-run");
	assert_true(o.dry_run);
	assert_false(o.help || o.version || o.noprofile);
	assert_int_equal(o.log_level, NB_LOG_NORMAL);
	options_free(&o);

	o = parse_one("--help");
	assert_true(o.help);
	assert_false(o.version || o.dry_run || o.noprofile);
	options_free(&o);

	o = parse_one("-h");
	assert_true(o.help);
	assert_false(o.version || o.dry_run || o.noprofile);
	options_free(&o);

	o = parse_one("--version");
	assert_true(o.version);
	assert_false(o.help || o.dry_run || o.noprofile);
	options_free(&o);

	o = parse_one("--strict");
	assert_true(o.strict);
	options_free(&o);
}

static void test_defaults_without_any_option(void **state)
{
	char *argv[] = { "nestbox", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_null(o.program_argv);
	assert_int_equal(o.log_level, NB_LOG_NORMAL);
	assert_false(o.help || o.version || o.dry_run || o.noprofile ||
		     o.strict);
	assert_int_equal(o.n_profiles, 0);
	assert_string_equal(o.policy.hostname, "nestbox");
	assert_int_equal(o.policy.n_env, 0);
	options_free(&o);
}

static void test_first_word_not_an_option_starts_the_program(void **state)
{
	char *argv[] = { "nestbox", "--debug", "ls", "-l", "--", "x", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_int_equal(o.log_level, NB_LOG_DEBUG);
	assert_ptr_equal(o.program_argv, &argv[2]);
	assert_string_equal(o.program_argv[1], "-l");
	assert_string_equal(o.program_argv[2], "--");
	assert_string_equal(o.program_argv[3], "x");
	assert_null(o.program_argv[4]);
	options_free(&o);
}

static void test_double_dash_alone_at_the_end_means_no_program(void **state)
{
	char *argv[] = { "nestbox", "--dry-run", "--", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_true(o.dry_run);
	assert_null(o.program_argv);
	options_free(&o);
}

static void test_only_the_first_double_dash_is_consumed(void **state)
{
	char *argv[] = { "nestbox", "--", "--", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_string_equal(o.program_argv[0], "--");
	assert_null(o.program_argv[1]);
	options_free(&o);
}

static void test_hostname_option_sets_the_policy_hostname(void **state)
{
	char *argv[] = { "nestbox", "--hostname=build-01.example", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_string_equal(o.policy.hostname, "build-01.example");
	assert_null(o.program_argv);
	options_free(&o);
}

static void test_invalid_hostname_is_refused_naming_it(void **state)
{
	(void)state;
	expect_error("--hostname=bad_name", "bad_name");
	expect_error("--hostname=bad_name", "--hostname");
	expect_error("--hostname=-lead", "invalid hostname");
	expect_error("--hostname=has space", "invalid hostname");
}

static void test_hostname_without_an_argument_is_refused(void **state)
{
	(void)state;
	expect_error("--hostname", "--hostname");
	expect_error("--hostname", "needs an argument");
}

static void test_net_none_is_accepted(void **state)
{
	char *argv[] = { "nestbox", "--net=none", "true", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_int_equal(o.policy.net, POLICY_NET_NONE);
	assert_string_equal(o.program_argv[0], "true");
	options_free(&o);
}

static void test_net_modes_and_bad_values(void **state)
{
	char *host[] = { "nestbox", "--net=host", "true", NULL };
	char *pasta[] = { "nestbox", "--net=pasta", "--net.host-loopback", "true", NULL };
	char *iface[] = { "nestbox", "--net=eth0", "true", NULL };
	struct options o;
	struct nb_error err;

	(void)state;
	assert_int_equal(parse(host, &o, &err), 0);
	assert_int_equal(o.policy.net, POLICY_NET_HOST);
	assert_int_equal(o.policy.n_not_enforced, 0);
	options_free(&o);
	assert_int_equal(parse(pasta, &o, &err), 0);
	assert_int_equal(o.policy.net, POLICY_NET_PASTA);
	assert_true(o.policy.net_host_loopback);
	options_free(&o);
	/* firejail's macvlan needs root: pasta instead, and said so */
	assert_int_equal(parse(iface, &o, &err), 0);
	assert_int_equal(o.policy.net, POLICY_NET_PASTA);
	assert_int_equal(o.policy.n_not_enforced, 1);
	assert_string_equal(o.policy.not_enforced[0].directive, "net IFACE");
	options_free(&o);
	expect_error("--net=a b", "none, host, pasta or an interface name");
	expect_error("--net=averyveryverylongname", "none, host, pasta or an interface name");
	expect_error("--net", "needs an argument");
	expect_error("--net=", "needs an argument");
	expect_error("--net.host-loopback=yes", "takes no argument");
}

static void test_env_assignments_are_added_in_order(void **state)
{
	char *argv[] = { "nestbox", "--env=A=B", "--env=LANG=C.UTF-8", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_int_equal(o.policy.n_env, 2);
	assert_string_equal(o.policy.env[0], "A=B");
	assert_string_equal(o.policy.env[1], "LANG=C.UTF-8");
	options_free(&o);
}

static void test_env_without_equals_is_refused(void **state)
{
	(void)state;
	expect_error("--env=noequals", "noequals");
	expect_error("--env=noequals", "--env");
	expect_error("--env", "needs an argument");
}

static void test_unknown_long_option_is_refused_naming_it(void **state)
{
	(void)state;
	expect_error("--foo", "--foo");
	expect_error("--foo=bar", "--foo");
	expect_error("---debug", "unknown option");
	expect_error("--Debug", "unknown option");
	expect_error("--debu", "unknown option");
}

static void test_single_dash_options_other_than_h_are_refused(void **state)
{
	(void)state;
	expect_error("-x", "-x");
	expect_error("-d", "unknown option");
	expect_error("-hx", "unknown option");
}

static void test_options_without_argument_refuse_one(void **state)
{
	(void)state;
	expect_error("--noprofile=x", "--noprofile");
	expect_error("--noprofile=", "takes no argument");
	expect_error("--debug=1", "--debug takes no argument");
	expect_error("--help=x", "takes no argument");
	expect_error("--private-tmp=x", "--private-tmp");
	expect_error("--private-tmp=", "takes no argument");
}

static void test_error_stops_at_the_first_bad_option(void **state)
{
	char *argv[] = { "nestbox", "--debug", "--foo", "--bar", "ls", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), -1);
	assert_non_null(strstr(err.msg, "--foo"));
	assert_null(strstr(err.msg, "--bar"));
	options_free(&o);
}

static void test_profiles_are_kept_in_order(void **state)
{
	char *argv[] = { "nestbox", "--profile=a.profile", "--profile=/b",
			 "ls", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_int_equal(o.n_profiles, 2);
	assert_string_equal(o.profiles[0], "a.profile");
	assert_string_equal(o.profiles[1], "/b");
	options_free(&o);
}

static void test_profile_needs_a_file_and_contradicts_noprofile(void **state)
{
	char *argv[] = { "nestbox", "--noprofile", "--profile=x", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	expect_error("--profile", "--profile needs an argument");
	expect_error("--profile=", "--profile needs a file");
	assert_int_equal(parse(argv, &o, &err), -1);
	assert_non_null(strstr(err.msg, "contradict"));
	options_free(&o);
}

static void test_directive_not_enforced_is_counted_not_dropped(void **state)
{
	char *argv[] = { "nestbox", "--appimage", "--appimage",
			 "--apparmor", "--blacklist=/a", NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_int_equal(o.policy.n_not_enforced, 2);
	assert_string_equal(o.policy.not_enforced[0].directive, "appimage");
	assert_int_equal(o.policy.not_enforced[0].count, 2);
	assert_string_equal(o.policy.not_enforced[1].directive, "apparmor");
	assert_int_equal(o.policy.not_enforced[1].count, 1);
	/* blacklist is enforced: a rule, not a note */
	assert_int_equal(o.policy.fs.n_rules, 1);
	options_free(&o);
}


/* --ls=T PATH, --get=T PATH, --put=T SRC DEST: the target, then exactly
 * their paths, as firejail takes them. */
static void test_file_transfer_options_take_their_paths(void **state)
{
	char *ls[] = { "nestbox", "--ls=box", "/tmp", NULL };
	char *put[] = { "nestbox", "--put=1234", "a", "/tmp/b", NULL };
	char *bad[][5] = {
		{ "nestbox", "--ls=box", NULL },
		{ "nestbox", "--get=box", "a", "b", NULL },
		{ "nestbox", "--put=box", "a", NULL },
		{ "nestbox", "--get=", "a", NULL },
		{ "nestbox", "--put=box", "", "b", NULL },
	};
	const char *msg[] = {
		"--ls=box takes PATH", "--get=box takes PATH",
		"--put=box takes SRC DEST",
		"--get needs a sandbox: a name, an id or a pid",
		"--put: an empty path",
	};
	struct options o;
	struct nb_error err;

	(void)state;
	assert_int_equal(parse(ls, &o, &err), 0);
	assert_int_equal(o.command, CMD_LS);
	assert_string_equal(o.target, "box");
	assert_string_equal(o.program_argv[0], "/tmp");
	options_free(&o);
	assert_int_equal(parse(put, &o, &err), 0);
	assert_int_equal(o.command, CMD_PUT);
	assert_string_equal(o.target, "1234");
	assert_string_equal(o.program_argv[1], "/tmp/b");
	options_free(&o);
	for (size_t i = 0; i < sizeof(msg) / sizeof(msg[0]); i++) {
		assert_int_equal(parse(bad[i], &o, &err), -1);
		assert_string_equal(err.msg, msg[i]);
		options_free(&o);
	}
}

/* --allow-debuggers, as firejail's: ptrace in the seccomp filter, and
 * strace un-hidden by a noblacklist of each $PATH element's, before
 * every profile line. */
static void test_allow_debuggers_noblacklists_strace(void **state)
{
	char *argv[] = { "nestbox", "--allow-debuggers", "true", NULL };
	struct options o;
	struct nb_error err;

	(void)state;
	setenv("PATH", "/opt/a:/opt/b", 1);
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_true(o.policy.seccomp.allow_debuggers);
	assert_int_equal(o.policy.fs.n_rules, 2);
	assert_int_equal(o.policy.fs.rules[0].kind, FS_NOBLACKLIST);
	assert_string_equal(o.policy.fs.rules[0].path, "/opt/a/strace");
	assert_string_equal(o.policy.fs.rules[1].path, "/opt/b/strace");
	assert_string_equal(o.policy.fs.rules[1].origin, "--allow-debuggers");
	options_free(&o);
}

/* --whitelist=~/Documents as the profile line `whitelist ~/Documents`:
 * the macros have the caller's values (the password database's home,
 * $PATH), ${PATH} one rule per element. */
static void test_directive_arguments_have_the_profile_macros(void **state)
{
	char *argv[] = { "nestbox", "--whitelist=~/Documents",
			 "--blacklist=${PATH}/su", "--read-only=${HOME}",
			 "true", NULL };
	char *bad[] = { "nestbox", "--whitelist=${NOPE}/x", NULL };
	struct passwd *pw = getpwuid(getuid());
	char want[4096];
	struct options o;
	struct nb_error err;
	(void)state;
	assert_non_null(pw);
	setenv("PATH", "/opt/a:/opt/b", 1);
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_int_equal(o.policy.fs.n_rules, 4);
	snprintf(want, sizeof(want), "%s/Documents", pw->pw_dir);
	assert_int_equal(o.policy.fs.rules[0].kind, FS_WHITELIST);
	assert_string_equal(o.policy.fs.rules[0].path, want);
	assert_string_equal(o.policy.fs.rules[0].origin, "--whitelist");
	assert_int_equal(o.policy.fs.rules[1].kind, FS_BLACKLIST);
	assert_string_equal(o.policy.fs.rules[1].path, "/opt/a/su");
	assert_string_equal(o.policy.fs.rules[2].path, "/opt/b/su");
	assert_int_equal(o.policy.fs.rules[3].kind, FS_READ_ONLY);
	assert_string_equal(o.policy.fs.rules[3].path, pw->pw_dir);
	/* the option as given, for the profiles' conditions */
	assert_string_equal(o.given[0].arg, "~/Documents");
	options_free(&o);
	assert_int_equal(parse(bad, &o, &err), -1);
	assert_non_null(strstr(err.msg, "--whitelist"));
	assert_non_null(strstr(err.msg, "unknown macro ${NOPE}"));
	options_free(&o);
}

static void test_ignore_and_include_are_kept_in_order(void **state)
{
	char *argv[] = { "nestbox", "--ignore=net", "--include=a.inc",
			 "--ignore=whitelist ~/x", "--include=/b.inc", "ls",
			 NULL };
	struct options o;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse(argv, &o, &err), 0);
	assert_int_equal(o.n_ignores, 2);
	assert_string_equal(o.ignores[0], "net");
	assert_string_equal(o.ignores[1], "whitelist ~/x");
	assert_int_equal(o.n_includes, 2);
	assert_string_equal(o.includes[0], "a.inc");
	assert_string_equal(o.includes[1], "/b.inc");
	options_free(&o);
	expect_error("--ignore=", "--ignore needs a directive");
	expect_error("--include=", "--include needs a file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_double_dash_ends_options),
		cmocka_unit_test(test_options_after_the_program_belong_to_it),
		cmocka_unit_test(test_no_program_means_the_shell),
		cmocka_unit_test(test_own_options_set_their_fields),
		cmocka_unit_test(test_directive_table_is_sorted_and_each_entry_found),
		cmocka_unit_test(test_directives_are_options),
		cmocka_unit_test(test_bad_options_are_errors_naming_them),
		cmocka_unit_test(test_bad_directive_arguments_are_errors),
		cmocka_unit_test(test_each_own_option_sets_only_its_field),
		cmocka_unit_test(test_defaults_without_any_option),
		cmocka_unit_test(test_first_word_not_an_option_starts_the_program),
		cmocka_unit_test(test_double_dash_alone_at_the_end_means_no_program),
		cmocka_unit_test(test_only_the_first_double_dash_is_consumed),
		cmocka_unit_test(test_hostname_option_sets_the_policy_hostname),
		cmocka_unit_test(test_invalid_hostname_is_refused_naming_it),
		cmocka_unit_test(test_hostname_without_an_argument_is_refused),
		cmocka_unit_test(test_net_none_is_accepted),
		cmocka_unit_test(test_net_modes_and_bad_values),
		cmocka_unit_test(test_env_assignments_are_added_in_order),
		cmocka_unit_test(test_env_without_equals_is_refused),
		cmocka_unit_test(test_unknown_long_option_is_refused_naming_it),
		cmocka_unit_test(test_single_dash_options_other_than_h_are_refused),
		cmocka_unit_test(test_options_without_argument_refuse_one),
		cmocka_unit_test(test_error_stops_at_the_first_bad_option),
		cmocka_unit_test(test_profiles_are_kept_in_order),
		cmocka_unit_test(test_directive_arguments_have_the_profile_macros),
		cmocka_unit_test(test_allow_debuggers_noblacklists_strace),
		cmocka_unit_test(test_file_transfer_options_take_their_paths),
		cmocka_unit_test(test_ignore_and_include_are_kept_in_order),
		cmocka_unit_test(test_profile_needs_a_file_and_contradicts_noprofile),
		cmocka_unit_test(test_directive_not_enforced_is_counted_not_dropped),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
