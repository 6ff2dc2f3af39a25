// SPDX-License-Identifier: GPL-2.0-or-later
/* nestbox.conf: firejail.config's `key value` lines, errors by line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"

static int parse(const char *text, struct nestbox_config *c,
		 struct nb_error *err)
{
	memset(err, 0, sizeof(*err));
	config_defaults(c);
	return config_parse("/etc/nestbox/nestbox.conf", text, c, err);
}

static void test_defaults_are_firejails(void **state)
{
	struct nestbox_config c;
	(void)state;
	memset(&c, 0xff, sizeof(c));
	config_defaults(&c);
	assert_true(c.browser_disable_u2f);
	assert_false(c.browser_allow_drm);
	assert_false(c.allow_tray);
}

static void test_empty_text_keeps_the_defaults(void **state)
{
	struct nestbox_config c;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse("", &c, &err), 0);
	assert_true(c.browser_disable_u2f);
	assert_false(c.browser_allow_drm);
	assert_false(c.allow_tray);
}

static void test_each_key_sets_its_switch(void **state)
{
	struct nestbox_config c;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse("browser-disable-u2f no\n"
			       "browser-allow-drm yes\n"
			       "allow-tray yes\n", &c, &err), 0);
	assert_false(c.browser_disable_u2f);
	assert_true(c.browser_allow_drm);
	assert_true(c.allow_tray);

	assert_int_equal(parse("allow-tray yes\n", &c, &err), 0);
	assert_true(c.browser_disable_u2f);
	assert_false(c.browser_allow_drm);
	assert_true(c.allow_tray);
}

static void test_comments_blanks_and_crlf_are_accepted(void **state)
{
	struct nestbox_config c;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse("# nestbox.conf\n"
			       "\n"
			       "   \t\n"
			       "  browser-allow-drm \t yes   # for the video site\n"
			       "#allow-tray yes\n"
			       "allow-tray\tno\r\n"
			       "browser-disable-u2f no", &c, &err), 0);
	assert_true(c.browser_allow_drm);
	assert_false(c.allow_tray);
	assert_false(c.browser_disable_u2f);
}

static void test_a_key_given_twice_takes_the_last_value(void **state)
{
	struct nestbox_config c;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse("allow-tray yes\nallow-tray no\n", &c, &err), 0);
	assert_false(c.allow_tray);
}

static void test_unknown_key_is_an_error_naming_the_line(void **state)
{
	struct nestbox_config c;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse("allow-tray yes\n\nbrowser-alow-drm yes\n", &c,
			       &err), -1);
	assert_non_null(strstr(err.msg, "/etc/nestbox/nestbox.conf:3: unknown key 'browser-alow-drm'"));
	assert_int_equal(strncmp(err.msg, "/etc/nestbox/nestbox.conf:3: ", 29), 0);
}

static void test_value_other_than_yes_or_no_is_an_error(void **state)
{
	struct nestbox_config c;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse("allow-tray maybe\n", &c, &err), -1);
	assert_string_equal(err.msg,
			    "/etc/nestbox/nestbox.conf:1: allow-tray: 'maybe' is not yes or no");
	assert_int_equal(parse("# x\nallow-tray YES\n", &c, &err), -1);
	assert_string_equal(err.msg,
			    "/etc/nestbox/nestbox.conf:2: allow-tray: 'YES' is not yes or no");
	assert_int_equal(parse("allow-tray yes no\n", &c, &err), -1);
	assert_string_equal(err.msg,
			    "/etc/nestbox/nestbox.conf:1: allow-tray: 'yes no' is not yes or no");
	/* firejail.config has no `key=value` form */
	assert_int_equal(parse("allow-tray=yes\n", &c, &err), -1);
	assert_non_null(strstr(err.msg, ":1: unknown key 'allow-tray=yes'"));
}

static void test_key_without_value_is_an_error(void **state)
{
	struct nestbox_config c;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse("browser-allow-drm   # forgot\n", &c, &err), -1);
	assert_string_equal(err.msg,
			    "/etc/nestbox/nestbox.conf:1: browser-allow-drm needs a value: yes or no");
}

static void test_keys_are_whole_words(void **state)
{
	struct nestbox_config c;
	struct nb_error err;
	(void)state;
	assert_int_equal(parse("allow-tray-icons yes\n", &c, &err), -1);
	assert_non_null(strstr(err.msg, "unknown key 'allow-tray-icons'"));
	assert_int_equal(parse("allow yes\n", &c, &err), -1);
	assert_non_null(strstr(err.msg, "unknown key 'allow'"));
}

static void test_tmpfs_size_takes_tmpfs_sizes(void **state)
{
	struct nestbox_config c;
	struct nb_error err;
	(void)state;
	config_defaults(&c);
	assert_string_equal(c.tmpfs_size, CONFIG_TMPFS_SIZE_DEFAULT);
	assert_int_equal(parse("tmpfs-size 512m\n", &c, &err), 0);
	assert_string_equal(c.tmpfs_size, "512m");
	assert_int_equal(parse("tmpfs-size 10%  # of RAM\n", &c, &err), 0);
	assert_string_equal(c.tmpfs_size, "10%");
	assert_int_equal(parse("tmpfs-size 1048576\ntmpfs-size 2G\n", &c, &err), 0);
	assert_string_equal(c.tmpfs_size, "2G");
}

static void test_tmpfs_size_refuses_what_is_no_limit(void **state)
{
	static const char *const bad[] = { "", "m", "10x", "1.5g", "-1", "10 m",
					   "%", "99999999999999999999" };
	struct nestbox_config c;
	struct nb_error err;
	char line[64];
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		snprintf(line, sizeof(line), "tmpfs-size %s\n", bad[i]);
		assert_int_equal(parse(line, &c, &err), -1);
		assert_non_null(strstr(err.msg, "is not a size"));
	}
	/* 0 is tmpfs's "unlimited"; over 100% is more than the machine */
	assert_int_equal(parse("tmpfs-size 0\n", &c, &err), -1);
	assert_string_equal(err.msg,
			    "/etc/nestbox/nestbox.conf:1: tmpfs-size: '0' is out of range (more than 0, at most 100%)");
	assert_int_equal(parse("tmpfs-size 101%\n", &c, &err), -1);
	assert_non_null(strstr(err.msg, "out of range"));
}

static void test_long_garbage_is_cut_in_the_message(void **state)
{
	struct nestbox_config c;
	struct nb_error err;
	char text[4000];
	(void)state;
	memset(text, 'k', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(parse(text, &c, &err), -1);
	assert_true(strlen(err.msg) < 300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_are_firejails),
		cmocka_unit_test(test_empty_text_keeps_the_defaults),
		cmocka_unit_test(test_each_key_sets_its_switch),
		cmocka_unit_test(test_comments_blanks_and_crlf_are_accepted),
		cmocka_unit_test(test_a_key_given_twice_takes_the_last_value),
		cmocka_unit_test(test_unknown_key_is_an_error_naming_the_line),
		cmocka_unit_test(test_value_other_than_yes_or_no_is_an_error),
		cmocka_unit_test(test_key_without_value_is_an_error),
		cmocka_unit_test(test_keys_are_whole_words),
		cmocka_unit_test(test_tmpfs_size_takes_tmpfs_sizes),
		cmocka_unit_test(test_tmpfs_size_refuses_what_is_no_limit),
		cmocka_unit_test(test_long_garbage_is_cut_in_the_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
