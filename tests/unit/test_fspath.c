// SPDX-License-Identifier: GPL-2.0-or-later
/* Where a symlink leads when read lexically (path_link_target): only the
 * shapes where that is provably the kernel's answer, others refused. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fspath.h"

static char out[PATH_MAX];

/* The target, or "REFUSED". */
static const char *target(const char *link, const char *text)
{
	if (!path_link_target(link, text, out, sizeof(out)))
		return "REFUSED";
	return out;
}

static void test_plain_names_are_joined_to_the_links_directory(void **state)
{
	(void)state;
	assert_string_equal(target("/usr/lib/llvm-14/bin/clang++", "clang"),
			    "/usr/lib/llvm-14/bin/clang");
	assert_string_equal(target("/home/a/l", "d/sub/file"),
			    "/home/a/d/sub/file");
	assert_string_equal(target("/l", "etc/hostname"), "/etc/hostname");
}

static void test_leading_dotdot_pops_the_real_directory(void **state)
{
	(void)state;
	assert_string_equal(target("/usr/bin/llvm-ar",
				   "../lib/llvm-14/bin/llvm-ar"),
			    "/usr/lib/llvm-14/bin/llvm-ar");
	assert_string_equal(target("/home/a/sub/x/l", "../../f"),
			    "/home/a/f");
	assert_string_equal(target("/home/a/l", "../../etc/hostname"),
			    "/etc/hostname");
}

static void test_dotdot_above_root_stays_at_root(void **state)
{
	(void)state;
	assert_string_equal(target("/home/a/l", "../../../../../etc/passwd"),
			    "/etc/passwd");
	assert_string_equal(target("/l", "../x"), "/x");
	assert_string_equal(target("/home/a/l", "/../../etc"), "/etc");
}

static void test_absolute_targets_start_at_root(void **state)
{
	(void)state;
	assert_string_equal(target("/usr/bin/editor",
				   "/etc/alternatives/editor"),
			    "/etc/alternatives/editor");
}

/* "a/../b" climbs out of whatever "a" leads to, "./" and "//" are other
 * spellings, and a trailing slash asks for a directory: the kernel's. */
static void test_other_shapes_are_refused(void **state)
{
	(void)state;
	assert_string_equal(target("/home/a/l", "d/../f"), "REFUSED");
	assert_string_equal(target("/home/a/l", "./f"), "REFUSED");
	assert_string_equal(target("/home/a/l", "d/./f"), "REFUSED");
	assert_string_equal(target("/home/a/l", "d//f"), "REFUSED");
	assert_string_equal(target("/home/a/l", "//f"), "REFUSED");
	assert_string_equal(target("/home/a/l", "d/"), "REFUSED");
	assert_string_equal(target("/home/a/l", "../"), "REFUSED");
	assert_string_equal(target("/home/a/l", ".."), "REFUSED");
	assert_string_equal(target("/home/a/l", "."), "REFUSED");
	assert_string_equal(target("/home/a/l", "/"), "REFUSED");
	assert_string_equal(target("/home/a/l", ""), "REFUSED");
}

static void test_names_starting_with_dots_are_plain(void **state)
{
	(void)state;
	assert_string_equal(target("/home/a/l", "..f/.g"), "/home/a/..f/.g");
	assert_string_equal(target("/home/a/l", "..."), "/home/a/...");
}

static void test_a_link_path_not_plain_is_refused(void **state)
{
	(void)state;
	assert_string_equal(target("/home/a/../b/l", "f"), "REFUSED");
	assert_string_equal(target("/home//a/l", "f"), "REFUSED");
	assert_string_equal(target("/home/./a/l", "f"), "REFUSED");
	assert_string_equal(target("home/a/l", "f"), "REFUSED");
}

static void test_too_long_is_refused_never_cut(void **state)
{
	char name[NAME_MAX + 2], small[16];

	(void)state;
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_string_equal(target("/home/a/l", name), "REFUSED");
	name[NAME_MAX] = '\0';
	assert_string_not_equal(target("/home/a/l", name), "REFUSED");
	assert_false(path_link_target("/home/a/l", "abcdefghij", small,
				      sizeof(small)));
	assert_true(path_link_target("/home/a/l", "abcdef", small,
				     sizeof(small)));
	assert_string_equal(small, "/home/a/abcdef");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_names_are_joined_to_the_links_directory),
		cmocka_unit_test(test_leading_dotdot_pops_the_real_directory),
		cmocka_unit_test(test_dotdot_above_root_stays_at_root),
		cmocka_unit_test(test_absolute_targets_start_at_root),
		cmocka_unit_test(test_other_shapes_are_refused),
		cmocka_unit_test(test_names_starting_with_dots_are_plain),
		cmocka_unit_test(test_a_link_path_not_plain_is_refused),
		cmocka_unit_test(test_too_long_is_refused_never_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
