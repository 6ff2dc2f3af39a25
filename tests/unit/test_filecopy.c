// SPDX-License-Identifier: GPL-2.0-or-later
/* --ls, --get, --put: what the caller's side decides without the
 * sandbox (the name --get creates, what --ls prints of a name). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "filecopy.h"

static void test_get_creates_the_last_component(void **state)
{
	const char *ok[][2] = {
		{ "/tmp/a.png", "a.png" }, { "b", "b" },
		{ "/home/u/dir/", "dir" }, { "x//y//", "y" },
	};
	const char *bad[] = { "/", "", ".", "/tmp/..", "a/./", "//" };
	char out[256];
	struct nb_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(filecopy_get_name(ok[i][0], out, sizeof(out),
						   &err), 0);
		assert_string_equal(out, ok[i][1]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(filecopy_get_name(bad[i], out, sizeof(out),
						   &err), -1);
	assert_int_equal(filecopy_get_name("/t/0123456789", out, 8, &err), -1);
}

/* A name made inside the sandbox cannot send escape sequences to the
 * caller's terminal. */
static void test_names_reach_the_terminal_without_control_characters(void **state)
{
	char out[64];

	(void)state;
	filecopy_printable("a\033]0;x\007b\nc\x7f", out, sizeof(out));
	assert_string_equal(out, "a?]0;x?b?c?");
	filecopy_printable("0123456789", out, 5);
	assert_string_equal(out, "0123");
}

static void test_modes_read_as_ls_writes_them(void **state)
{
	char out[11];

	(void)state;
	filecopy_mode_string(S_IFDIR | 01777, out);
	assert_string_equal(out, "drwxrwxrwt");
	filecopy_mode_string(S_IFREG | 04755, out);
	assert_string_equal(out, "-rwsr-xr-x");
	filecopy_mode_string(S_IFLNK | 0777, out);
	assert_string_equal(out, "lrwxrwxrwx");
	filecopy_mode_string(S_IFREG | 02640, out);
	assert_string_equal(out, "-rw-r-S---");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_creates_the_last_component),
		cmocka_unit_test(test_names_reach_the_terminal_without_control_characters),
		cmocka_unit_test(test_modes_read_as_ls_writes_them),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
