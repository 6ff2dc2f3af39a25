// SPDX-License-Identifier: GPL-2.0-or-later
/* The profile reader, over an in-memory file system. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "profile_read.h"

struct file {
	const char *path, *text;
};

static const struct file *files;

static char *read_mem(const char *path, void *ctx)
{
	(void)ctx;
	for (const struct file *f = files; f && f->path; f++)
		if (strcmp(f->path, path) == 0)
			return strdup(f->text);
	errno = ENOENT;
	return NULL;
}

static const char *const search[] = { "/etc/nestbox", "/etc/firejail" };

static struct profile_facts facts(void)
{
	struct profile_facts f = {
		.home = "/home/alice",
		.cfg = "/home/alice/.config",
		.runuser = "/run/user/1000",
		.path = "/usr/local/bin:/usr/bin",
		.xdg = { "/home/alice/Desktop", "/home/alice/Docs",
			 "/home/alice/Downloads", "/home/alice/Music",
			 "/home/alice/Pictures", "/home/alice/Videos" },
		.search_dirs = search,
		.n_search_dirs = 2,
		.read_file = read_mem,
	};
	return f;
}

/* @e as "directive arg;..." */
static void entries_text(const struct profile_entries *e, char *out,
			 size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < e->n; i++) {
		strncat(out, e->v[i].directive, len - strlen(out) - 1);
		if (e->v[i].arg) {
			strncat(out, " ", len - strlen(out) - 1);
			strncat(out, e->v[i].arg, len - strlen(out) - 1);
		}
		strncat(out, ";", len - strlen(out) - 1);
	}
}

/* Read /p/main.profile; return the entries as "directive arg;..." */
static int read_main(const struct profile_facts *f, char *out, size_t len,
		     struct nb_error *err)
{
	struct profile_entries e;
	int rc;

	profile_entries_init(&e);
	memset(err, 0, sizeof(*err));
	rc = profile_read("/p/main.profile", f, &e, err);
	entries_text(&e, out, len);
	profile_entries_free(&e);
	return rc;
}

static void expect(const struct file *fs, const char *want)
{
	struct profile_facts f = facts();
	struct nb_error err;
	char got[4096];

	files = fs;
	if (read_main(&f, got, sizeof(got), &err) < 0)
		fail_msg("error: %s", err.msg);
	assert_string_equal(got, want);
}

static void expect_error(const struct file *fs, const char *fragment)
{
	struct profile_facts f = facts();
	struct nb_error err;
	char got[4096];

	files = fs;
	assert_int_equal(read_main(&f, got, sizeof(got), &err), -1);
	if (!strstr(err.msg, fragment))
		fail_msg("message '%s' lacks '%s'", err.msg, fragment);
}

static void test_comments_blanks_and_arguments(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile", "# a comment\n\n   net none   # trailing\n"
				     "caps.drop   all\nnonewprivs\n\t\n" },
		{ NULL, NULL },
	};
	(void)state;
	expect(fs, "net none;caps.drop all;nonewprivs;");
}

/* A run of blanks inside an argument is part of a path: `blacklist ~/a  b`
 * names "a  b", not "a b" (which may exist, and would be covered or shown
 * in its place).  Only `ignore` compares lines with blanks squeezed. */
static void test_blanks_inside_an_argument_are_kept(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile",
		  "blacklist\t${HOME}/a  b  \nwhitelist ~/c\t d\n"
		  "ignore  read-only  ~/x   y\nread-only ~/x y\n"
		  "read-only ~/x  z\n" },
		{ NULL, NULL },
	};
	(void)state;
	expect(fs, "blacklist /home/alice/a  b;whitelist /home/alice/c\t d;"
		   "read-only /home/alice/x  z;");
}

static void test_include_searches_own_dir_then_the_list(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile", "include a.inc\ninclude b.inc\n" },
		{ "/p/a.inc", "hostname local\n" },
		{ "/etc/nestbox/a.inc", "hostname shadowed\n" },
		{ "/etc/firejail/b.inc", "hostname firejail\n" },
		{ NULL, NULL },
	};
	(void)state;
	expect(fs, "hostname local;hostname firejail;");
}

static void test_missing_local_is_skipped_other_includes_are_errors(void **state)
{
	const struct file ok[] = {
		{ "/p/main.profile", "include main.local\nnet none\n" },
		{ NULL, NULL },
	};
	const struct file bad[] = {
		{ "/p/main.profile", "net none\ninclude missing.inc\n" },
		{ NULL, NULL },
	};
	(void)state;
	expect(ok, "net none;");
	expect_error(bad, "/p/main.profile:2: include missing.inc: not found");
}

static void test_include_cycle_is_an_error(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile", "include a.inc\n" },
		{ "/p/a.inc", "include b.inc\n" },
		{ "/p/b.inc", "include a.inc\n" },
		{ NULL, NULL },
	};
	(void)state;
	expect_error(fs, "include cycle through /p/a.inc");
}

static void test_errors_name_file_and_line(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile", "net none\ninclude a.inc\n" },
		{ "/p/a.inc", "\n\n?NO_SUCH: net none\n" },
		{ NULL, NULL },
	};
	(void)state;
	expect_error(fs, "/p/a.inc:3: unknown condition 'NO_SUCH'");
}

static void test_ignore_suppresses_later_matching_lines_only(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile",
		  "net none\nignore net\nignore whitelist ${HOME}/x\n"
		  "net none\nnetfilter\ninclude a.inc\n" },
		{ "/p/a.inc", "whitelist   ${HOME}/x\nwhitelist ${HOME}/xy\n" },
		{ NULL, NULL },
	};
	(void)state;
	/* whole words: `ignore net` keeps netfilter; raw text before macros */
	expect(fs, "net none;netfilter;whitelist /home/alice/xy;");
}

/* firejail skips disable-devel.inc under allow-debuggers: given as an
 * option (the entries start with it) or on a line read before the
 * include; an include before that line is read. */
static void test_allow_debuggers_skips_disable_devel(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile",
		  "include disable-devel.inc\nallow-debuggers\n"
		  "include /etc/firejail/disable-devel.inc\n"
		  "include disable-common.inc\n" },
		{ "/etc/firejail/disable-devel.inc", "blacklist ${PATH}/gdb\n" },
		{ "/etc/firejail/disable-common.inc",
		  "blacklist ${PATH}/strace\n" },
		{ NULL, NULL },
	};
	struct profile_facts f = facts();
	struct profile_entries e;
	struct nb_error err;
	char got[4096];

	(void)state;
	f.path = "/usr/bin";
	files = fs;
	profile_entries_init(&e);
	assert_int_equal(profile_read("/p/main.profile", &f, &e, &err), 0);
	entries_text(&e, got, sizeof(got));
	assert_string_equal(got, "blacklist /usr/bin/gdb;allow-debuggers;"
				 "blacklist /usr/bin/strace;");
	profile_entries_free(&e);
	/* --allow-debuggers: before every line */
	profile_entries_init(&e);
	e.allow_debuggers = true;
	assert_int_equal(profile_read("/p/main.profile", &f, &e, &err), 0);
	entries_text(&e, got, sizeof(got));
	assert_string_equal(got, "allow-debuggers;blacklist /usr/bin/strace;");
	profile_entries_free(&e);
}

static void test_conditions_follow_the_facts(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile",
		  "?HAS_NET: dns 1.1.1.1\n?BROWSER_DISABLE_U2F: nou2f\n"
		  "?HAS_X11: ?ALLOW_TRAY: x11\n" },
		{ NULL, NULL },
	};
	struct profile_facts f = facts();
	struct nb_error err;
	char got[256];
	(void)state;
	files = fs;
	f.conditions[PROFILE_COND_BROWSER_DISABLE_U2F] = true;
	assert_int_equal(read_main(&f, got, sizeof(got), &err), 0);
	assert_string_equal(got, "nou2f;");
	f.conditions[PROFILE_COND_HAS_NET] = true;
	f.conditions[PROFILE_COND_HAS_X11] = true;
	f.conditions[PROFILE_COND_ALLOW_TRAY] = true;
	assert_int_equal(read_main(&f, got, sizeof(got), &err), 0);
	assert_string_equal(got, "dns 1.1.1.1;nou2f;x11;");
}

static void test_macros_expand(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile",
		  "whitelist ~/.mozilla\nwhitelist ${HOME}\nblacklist ${CFG}/x\n"
		  "blacklist ${RUNUSER}/bus\nwhitelist ${DOWNLOADS}\n"
		  "whitelist ${DOCUMENTS}/a\nread-only ~\n" },
		{ NULL, NULL },
	};
	(void)state;
	expect(fs, "whitelist /home/alice/.mozilla;whitelist /home/alice;"
		   "blacklist /home/alice/.config/x;blacklist /run/user/1000/bus;"
		   "whitelist /home/alice/Downloads;whitelist /home/alice/Docs/a;"
		   "read-only /home/alice;");
}

static void test_unknown_macro_is_an_error(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile", "whitelist ${NOPE}/x\n" },
		{ NULL, NULL },
	};
	const struct file open[] = {
		{ "/p/main.profile", "whitelist ${HOME\n" },
		{ NULL, NULL },
	};
	(void)state;
	expect_error(fs, "/p/main.profile:1: unknown macro ${NOPE}");
	expect_error(open, "unterminated macro");
}

static void test_path_macro_gives_one_line_per_element(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile", "blacklist ${PATH}/su\nnoblacklist ${PATH}/ls\n" },
		{ NULL, NULL },
	};
	const struct file bad[] = {
		{ "/p/main.profile", "whitelist ${PATH}/ls\n" },
		{ NULL, NULL },
	};
	(void)state;
	expect(fs, "blacklist /usr/local/bin/su;blacklist /usr/bin/su;"
		   "noblacklist /usr/local/bin/ls;noblacklist /usr/bin/ls;");
	expect_error(bad, "${PATH} is only allowed in blacklist");
}

/* Two ${PATH} in a line would multiply (fuzzer-found: a few lines made
 * millions of entries); one not at the start has no firejail meaning. */
static void test_path_macro_starts_the_path_once(void **state)
{
	const struct file twice[] = {
		{ "/p/main.profile", "blacklist ${PATH}/a${PATH}\n" },
		{ NULL, NULL },
	};
	const struct file inside[] = {
		{ "/p/main.profile", "\nblacklist /x${PATH}/su\n" },
		{ NULL, NULL },
	};
	(void)state;
	expect_error(twice, "/p/main.profile:1: ${PATH} must start the path, once");
	expect_error(inside, "/p/main.profile:2: ${PATH} must start the path, once");
}

static void test_deep_includes_are_limited(void **state)
{
	static char texts[PROFILE_MAX_DEPTH + 2][32];
	static char paths[PROFILE_MAX_DEPTH + 2][32];
	struct file fs[PROFILE_MAX_DEPTH + 3];
	int i;
	(void)state;
	for (i = 0; i < PROFILE_MAX_DEPTH + 2; i++) {
		snprintf(paths[i], sizeof(paths[i]),
			 i ? "/p/%d.inc" : "/p/main.profile", i);
		snprintf(texts[i], sizeof(texts[i]), "include %d.inc\n", i + 1);
		fs[i] = (struct file){ paths[i], texts[i] };
	}
	fs[i] = (struct file){ NULL, NULL };
	expect_error(fs, "includes nested deeper than");
}

/* a includes b twice, b includes c twice...: no cycle, 2^16 reads */
static void test_include_fan_out_is_bounded(void **state)
{
	static char texts[PROFILE_MAX_DEPTH + 2][64];
	static char paths[PROFILE_MAX_DEPTH + 2][32];
	struct file fs[PROFILE_MAX_DEPTH + 3];
	int i;
	(void)state;
	for (i = 0; i < PROFILE_MAX_DEPTH - 1; i++) {
		snprintf(paths[i], sizeof(paths[i]),
			 i ? "/p/%d.inc" : "/p/main.profile", i);
		snprintf(texts[i], sizeof(texts[i]),
			 "include %d.inc\ninclude %d.inc\nnet none\n", i + 1, i + 1);
		fs[i] = (struct file){ paths[i], texts[i] };
	}
	snprintf(paths[i], sizeof(paths[i]), "/p/%d.inc", i);
	fs[i] = (struct file){ paths[i], "net none\n" };
	i++;
	fs[i] = (struct file){ NULL, NULL };
	expect_error(fs, "more than 1000 profile files read");
}

/* ---------------------------------------------------- the command line */

static void test_option_arguments_expand_as_profile_lines_do(void **state)
{
	struct profile_facts f = facts();
	struct profile_entries e;
	struct nb_error err = { 0 };
	char got[1024];
	(void)state;
	profile_entries_init(&e);
	assert_int_equal(profile_expand_option("whitelist", "~/Documents", &f,
					       &e, &err), 0);
	assert_int_equal(profile_expand_option("blacklist", "${PATH}/su", &f,
					       &e, &err), 0);
	assert_int_equal(profile_expand_option("read-only", "${DOWNLOADS}", &f,
					       &e, &err), 0);
	assert_int_equal(profile_expand_option("net", "none", &f, &e, &err), 0);
	entries_text(&e, got, sizeof(got));
	assert_string_equal(got, "whitelist /home/alice/Documents;"
				 "blacklist /usr/local/bin/su;blacklist /usr/bin/su;"
				 "read-only /home/alice/Downloads;net none;");
	/* no file: an option, named by the caller */
	assert_null(e.v[0].file);
	assert_int_equal(profile_expand_option("whitelist", "${NOPE}", &f, &e,
					       &err), -1);
	assert_non_null(strstr(err.msg, "unknown macro ${NOPE}"));
	assert_int_equal(profile_expand_option("whitelist", "${PATH}/x", &f,
					       &e, &err), -1);
	profile_entries_free(&e);
}

static void test_ignore_option_holds_for_every_profile_line(void **state)
{
	const struct file fs[] = {
		{ "/p/main.profile", "net none\nnetfilter\ninclude a.inc\n" },
		{ "/p/a.inc", "whitelist ${HOME}/x\nwhitelist ${HOME}/xy\n" },
		{ NULL, NULL },
	};
	struct profile_facts f = facts();
	struct profile_entries e;
	struct nb_error err = { 0 };
	char got[1024];
	(void)state;
	files = fs;
	profile_entries_init(&e);
	assert_int_equal(profile_ignore(&e, "net", &err), 0);
	assert_int_equal(profile_ignore(&e, "whitelist   ${HOME}/x", &err), 0);
	assert_int_equal(profile_ignore(&e, "  ", &err), -1);
	assert_int_equal(profile_read("/p/main.profile", &f, &e, &err), 0);
	entries_text(&e, got, sizeof(got));
	assert_string_equal(got, "netfilter;whitelist /home/alice/xy;");
	profile_entries_free(&e);
}

static void test_include_option_reads_a_path_or_a_listed_name(void **state)
{
	const struct file fs[] = {
		{ "/etc/firejail/a.inc", "net none\ninclude b.inc\n" },
		{ "/etc/firejail/b.inc", "nosound\n" },
		{ "/home/alice/my.inc", "blacklist ~/x\n" },
		{ NULL, NULL },
	};
	struct profile_facts f = facts();
	struct profile_entries e;
	struct nb_error err = { 0 };
	char got[1024];
	(void)state;
	files = fs;
	profile_entries_init(&e);
	assert_int_equal(profile_include("a.inc", &f, &e, &err), 0);
	assert_int_equal(profile_include("~/my.inc", &f, &e, &err), 0);
	/* a user's optional addition may be missing, as in a profile */
	assert_int_equal(profile_include("gone.local", &f, &e, &err), 0);
	entries_text(&e, got, sizeof(got));
	assert_string_equal(got, "net none;nosound;blacklist /home/alice/x;");
	assert_int_equal(profile_include("gone.inc", &f, &e, &err), -1);
	assert_string_equal(err.msg, "--include=gone.inc: not found");
	profile_entries_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comments_blanks_and_arguments),
		cmocka_unit_test(test_include_searches_own_dir_then_the_list),
		cmocka_unit_test(test_missing_local_is_skipped_other_includes_are_errors),
		cmocka_unit_test(test_include_cycle_is_an_error),
		cmocka_unit_test(test_errors_name_file_and_line),
		cmocka_unit_test(test_ignore_suppresses_later_matching_lines_only),
		cmocka_unit_test(test_allow_debuggers_skips_disable_devel),
		cmocka_unit_test(test_option_arguments_expand_as_profile_lines_do),
		cmocka_unit_test(test_ignore_option_holds_for_every_profile_line),
		cmocka_unit_test(test_include_option_reads_a_path_or_a_listed_name),
		cmocka_unit_test(test_conditions_follow_the_facts),
		cmocka_unit_test(test_macros_expand),
		cmocka_unit_test(test_unknown_macro_is_an_error),
		cmocka_unit_test(test_path_macro_gives_one_line_per_element),
		cmocka_unit_test(test_path_macro_starts_the_path_once),
		cmocka_unit_test(test_deep_includes_are_limited),
		cmocka_unit_test(test_include_fan_out_is_bounded),
		cmocka_unit_test(test_blanks_inside_an_argument_are_kept),
	};
	return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
