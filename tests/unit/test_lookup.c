// SPDX-License-Identifier: GPL-2.0-or-later
/* Which profile a launch reads, and under which ?CONDITIONS: the lookup
 * list over an in-memory set of files, the conditions from the options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli.h"
#include "profile_load.h"

static const char *const dirs[] = {
	"/home/alice/.config/nestbox",
	"/etc/nestbox",
	"/usr/share/nestbox/profiles",
	"/etc/firejail",
};

/* NULL-terminated list of the paths that exist */
static bool exists_in(const char *path, void *ctx)
{
	for (const char *const *p = ctx; *p; p++)
		if (strcmp(*p, path) == 0)
			return true;
	return false;
}

static struct profile_lookup lookup_over(const char *const *files)
{
	struct profile_lookup l = {
		.dirs = dirs,
		.n_dirs = 4,
		.exists = exists_in,
		.ctx = (void *)files,
	};
	return l;
}

/* The path chosen for @program, "ERROR: msg" or "DEFAULT path". */
static char got[4096];

static const char *choose(const char *const *files, const char *program)
{
	struct profile_lookup l = lookup_over(files);
	struct nb_error err = { 0 };
	bool is_default = false;
	char *path = profiles_find_for_program(&l, program, &is_default, &err);

	if (!path)
		snprintf(got, sizeof(got), "ERROR: %s", err.msg);
	else
		snprintf(got, sizeof(got), "%s%s", is_default ? "DEFAULT " : "",
			 path);
	free(path);
	return got;
}

static const char *named(const char *const *files, const char *arg)
{
	struct profile_lookup l = lookup_over(files);
	struct nb_error err = { 0 };
	char *path = profiles_find_named(&l, arg, &err);

	if (!path)
		snprintf(got, sizeof(got), "ERROR: %s", err.msg);
	else
		snprintf(got, sizeof(got), "%s", path);
	free(path);
	return got;
}

static void test_program_profile_is_found_by_basename(void **state)
{
	const char *const files[] = { "/etc/firejail/firefox.profile",
				      "/etc/firejail/default.profile", NULL };
	(void)state;
	assert_string_equal(choose(files, "firefox"),
			    "/etc/firejail/firefox.profile");
	assert_string_equal(choose(files, "/usr/bin/firefox"),
			    "/etc/firejail/firefox.profile");
	assert_string_equal(choose(files, "./firefox"),
			    "/etc/firejail/firefox.profile");
}

static void test_earlier_directories_win(void **state)
{
	const char *const all[] = {
		"/etc/firejail/vlc.profile",
		"/usr/share/nestbox/profiles/vlc.profile",
		"/etc/nestbox/vlc.profile",
		"/home/alice/.config/nestbox/vlc.profile",
		NULL,
	};
	(void)state;
	/* all[i] .. all[3]: the i+1 last directories of the list have one */
	assert_string_equal(choose(all, "vlc"),
			    "/home/alice/.config/nestbox/vlc.profile");
	{
		const char *const three[] = { all[0], all[1], all[2], NULL };
		assert_string_equal(choose(three, "vlc"),
				    "/etc/nestbox/vlc.profile");
	}
	{
		const char *const two[] = { all[0], all[1], NULL };
		assert_string_equal(choose(two, "vlc"),
				    "/usr/share/nestbox/profiles/vlc.profile");
	}
}

/* A program's own profile anywhere in the list beats a default.profile
 * earlier in the list. */
static void test_program_profile_beats_an_earlier_default(void **state)
{
	const char *const files[] = {
		"/home/alice/.config/nestbox/default.profile",
		"/etc/firejail/gimp.profile",
		NULL,
	};
	(void)state;
	assert_string_equal(choose(files, "gimp"), "/etc/firejail/gimp.profile");
}

static void test_default_profile_when_the_program_has_none(void **state)
{
	const char *const files[] = {
		"/etc/firejail/default.profile",
		"/usr/share/nestbox/profiles/default.profile",
		NULL,
	};
	(void)state;
	assert_string_equal(choose(files, "/opt/tool/bin/tool"),
			    "DEFAULT /usr/share/nestbox/profiles/default.profile");
}

static void test_no_program_means_default_profile(void **state)
{
	const char *const files[] = { "/etc/firejail/bash.profile",
				      "/etc/firejail/default.profile", NULL };
	(void)state;
	assert_string_equal(choose(files, NULL),
			    "DEFAULT /etc/firejail/default.profile");
	/* a program ending in '/' has no name to look up */
	assert_string_equal(choose(files, "somedir/"),
			    "DEFAULT /etc/firejail/default.profile");
}

static void test_nothing_anywhere_is_an_error_naming_the_list(void **state)
{
	const char *const files[] = { "/etc/firejail/other.profile", NULL };
	(void)state;
	assert_string_equal(choose(files, "/usr/bin/tool"),
			    "ERROR: no profile for tool and no default.profile in "
			    "/home/alice/.config/nestbox, /etc/nestbox, "
			    "/usr/share/nestbox/profiles, /etc/firejail; use --noprofile");
	assert_string_equal(choose(files, NULL),
			    "ERROR: no default.profile in "
			    "/home/alice/.config/nestbox, /etc/nestbox, "
			    "/usr/share/nestbox/profiles, /etc/firejail; use --noprofile");
}

static void test_profile_name_is_searched_with_or_without_suffix(void **state)
{
	const char *const files[] = {
		"/etc/nestbox/mine.inc",
		"/usr/share/nestbox/profiles/firefox.profile",
		"/etc/firejail/firefox.profile",
		NULL,
	};
	(void)state;
	assert_string_equal(named(files, "firefox"),
			    "/usr/share/nestbox/profiles/firefox.profile");
	assert_string_equal(named(files, "firefox.profile"),
			    "/usr/share/nestbox/profiles/firefox.profile");
	assert_string_equal(named(files, "mine.inc"), "/etc/nestbox/mine.inc");
}

/* The directory's precedence, not the spelling, decides. */
static void test_profile_name_prefers_earlier_directories(void **state)
{
	const char *const files[] = {
		"/home/alice/.config/nestbox/firefox",
		"/etc/nestbox/firefox.profile",
		NULL,
	};
	(void)state;
	assert_string_equal(named(files, "firefox"),
			    "/home/alice/.config/nestbox/firefox");
	{
		const char *const both[] = {
			"/etc/nestbox/firefox",
			"/etc/nestbox/firefox.profile",
			NULL,
		};
		assert_string_equal(named(both, "firefox"),
				    "/etc/nestbox/firefox.profile");
	}
}

static void test_profile_with_a_slash_is_a_path_as_given(void **state)
{
	const char *const files[] = { "/etc/firejail/x.profile", NULL };
	(void)state;
	/* not looked up, not checked here: reading it reports a missing file */
	assert_string_equal(named(files, "./x.profile"), "./x.profile");
	assert_string_equal(named(files, "/tmp/none.profile"),
			    "/tmp/none.profile");
	assert_string_equal(named(files, "sub/x.profile"), "sub/x.profile");
}

static void test_unknown_profile_name_is_an_error(void **state)
{
	const char *const files[] = { "/etc/firejail/x.profile", NULL };
	(void)state;
	assert_string_equal(named(files, "nosuch"),
			    "ERROR: --profile=nosuch: no nosuch.profile or nosuch in "
			    "/home/alice/.config/nestbox, /etc/nestbox, "
			    "/usr/share/nestbox/profiles, /etc/firejail");
}

/* ------------------------------------------------------------ conditions */

static int parse(char **argv, struct options *o)
{
	struct nb_error err = { 0 };
	int argc = 0;

	while (argv[argc])
		argc++;
	return cli_parse(argc, argv, o, &err);
}

static void conditions_of(char **argv, const struct nestbox_config *conf,
			  bool cond[PROFILE_COND_COUNT])
{
	struct options o;

	assert_int_equal(parse(argv, &o), 0);
	profiles_conditions(&o, conf, cond);
	options_free(&o);
}

static void test_conditions_default_to_firejails_configuration(void **state)
{
	char *argv[] = { "nestbox", "true", NULL };
	struct nestbox_config conf;
	bool cond[PROFILE_COND_COUNT];
	(void)state;
	config_defaults(&conf);
	conditions_of(argv, &conf, cond);
	for (int c = 0; c < PROFILE_COND_COUNT; c++)
		assert_int_equal(cond[c],
				 c == PROFILE_COND_BROWSER_DISABLE_U2F);
}

static void test_configuration_sets_its_three_conditions(void **state)
{
	char *argv[] = { "nestbox", "true", NULL };
	struct nestbox_config conf = { .browser_disable_u2f = false,
				       .browser_allow_drm = true,
				       .allow_tray = true };
	bool cond[PROFILE_COND_COUNT];
	(void)state;
	conditions_of(argv, &conf, cond);
	assert_false(cond[PROFILE_COND_BROWSER_DISABLE_U2F]);
	assert_true(cond[PROFILE_COND_BROWSER_ALLOW_DRM]);
	assert_true(cond[PROFILE_COND_ALLOW_TRAY]);
	assert_false(cond[PROFILE_COND_HAS_X11]);
}

static void test_options_given_set_the_has_conditions(void **state)
{
	char *argv[] = { "nestbox", "--net=none", "--x11=none", "--nosound",
			 "--private", "true", NULL };
	struct nestbox_config conf;
	bool cond[PROFILE_COND_COUNT];
	(void)state;
	config_defaults(&conf);
	conditions_of(argv, &conf, cond);
	/* as firejail: --net=none and --x11=none count as given */
	assert_true(cond[PROFILE_COND_HAS_NET]);
	assert_true(cond[PROFILE_COND_HAS_X11]);
	assert_true(cond[PROFILE_COND_HAS_NOSOUND]);
	assert_true(cond[PROFILE_COND_HAS_PRIVATE]);
	assert_false(cond[PROFILE_COND_HAS_NODBUS]);
	assert_false(cond[PROFILE_COND_HAS_APPIMAGE]);
}

static void test_private_dir_counts_as_private(void **state)
{
	char *argv[] = { "nestbox", "--private=/home/alice/box", "true", NULL };
	struct nestbox_config conf;
	bool cond[PROFILE_COND_COUNT];
	(void)state;
	config_defaults(&conf);
	conditions_of(argv, &conf, cond);
	assert_true(cond[PROFILE_COND_HAS_PRIVATE]);
}

static void test_dbus_policies_other_than_allow_mean_nodbus(void **state)
{
	char *none[] = { "nestbox", "--dbus-user=none", "true", NULL };
	char *sys[] = { "nestbox", "--dbus-system=none", "true", NULL };
	struct nestbox_config conf;
	bool cond[PROFILE_COND_COUNT];
	(void)state;
	config_defaults(&conf);
	conditions_of(none, &conf, cond);
	assert_true(cond[PROFILE_COND_HAS_NODBUS]);
	conditions_of(sys, &conf, cond);
	assert_true(cond[PROFILE_COND_HAS_NODBUS]);
}

/* The mapping itself, for options whose directive rows may not exist yet
 * (appimage, nodbus) and for `allow`, which nestbox does not accept. */
static void test_given_names_map_to_conditions(void **state)
{
	struct cli_directive given[] = {
		{ "appimage", NULL },
		{ "nodbus", NULL },
		{ "dbus-user", "allow" },
	};
	struct options o = { .given = given, .n_given = 1 };
	struct nestbox_config conf;
	bool cond[PROFILE_COND_COUNT];
	(void)state;
	config_defaults(&conf);
	profiles_conditions(&o, &conf, cond);
	assert_true(cond[PROFILE_COND_HAS_APPIMAGE]);
	assert_false(cond[PROFILE_COND_HAS_NODBUS]);
	o.given = given + 1;
	profiles_conditions(&o, &conf, cond);
	assert_false(cond[PROFILE_COND_HAS_APPIMAGE]);
	assert_true(cond[PROFILE_COND_HAS_NODBUS]);
	o.given = given + 2;
	profiles_conditions(&o, &conf, cond);
	assert_false(cond[PROFILE_COND_HAS_NODBUS]);
}

static void test_directives_given_are_recorded_in_order(void **state)
{
	char *argv[] = { "nestbox", "--debug", "--hostname=h", "--private-tmp",
			 "--profile=x", "--x11=none", "ls", "--nosound", NULL };
	struct options o;
	(void)state;
	assert_int_equal(parse(argv, &o), 0);
	assert_int_equal(o.n_given, 3);
	assert_string_equal(o.given[0].name, "hostname");
	assert_string_equal(o.given[0].arg, "h");
	assert_string_equal(o.given[1].name, "private-tmp");
	assert_null(o.given[1].arg);
	assert_string_equal(o.given[2].name, "x11");
	assert_string_equal(o.given[2].arg, "none");
	options_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_program_profile_is_found_by_basename),
		cmocka_unit_test(test_earlier_directories_win),
		cmocka_unit_test(test_program_profile_beats_an_earlier_default),
		cmocka_unit_test(test_default_profile_when_the_program_has_none),
		cmocka_unit_test(test_no_program_means_default_profile),
		cmocka_unit_test(test_nothing_anywhere_is_an_error_naming_the_list),
		cmocka_unit_test(test_profile_name_is_searched_with_or_without_suffix),
		cmocka_unit_test(test_profile_name_prefers_earlier_directories),
		cmocka_unit_test(test_profile_with_a_slash_is_a_path_as_given),
		cmocka_unit_test(test_unknown_profile_name_is_an_error),
		cmocka_unit_test(test_conditions_default_to_firejails_configuration),
		cmocka_unit_test(test_configuration_sets_its_three_conditions),
		cmocka_unit_test(test_options_given_set_the_has_conditions),
		cmocka_unit_test(test_private_dir_counts_as_private),
		cmocka_unit_test(test_dbus_policies_other_than_allow_mean_nodbus),
		cmocka_unit_test(test_given_names_map_to_conditions),
		cmocka_unit_test(test_directives_given_are_recorded_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
