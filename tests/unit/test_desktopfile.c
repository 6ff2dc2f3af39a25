// SPDX-License-Identifier: GPL-2.0-or-later
/* .desktop files for --integrate: what is read of them, and the copy
 * that runs every Exec through nestbox with nothing else changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "desktopfile.h"

#define NB "/usr/local/bin/nestbox"
#define SRC "/usr/share/applications/org.gnome.Evince.desktop"

static const char evince[] =
	"# a comment before the group\n"
	"[Desktop Entry]\n"
	"Name=Document Viewer\n"
	"Name[de]=Dokumentenbetrachter\n"
	"TryExec=evince\n"
	"Exec=evince %U\n"
	"Type=Application\n"
	"Actions=new-window;\n"
	"\n"
	"[Desktop Action new-window]\n"
	"Name=New Window\n"
	"Exec=evince --new-window\n"
	"\n"
	"[X-Drawing Shortcut Group]\n"
	"Exec=evince --x\n";

static char *rewrite_ok(const char *text, const char *nestbox)
{
	struct nb_error err = { 0 };
	char *out = NULL;

	if (desktop_rewrite(SRC, text, nestbox, &out, &err) < 0)
		fail_msg("desktop_rewrite: %s", err.msg);
	return out;
}

static void expect_error(const char *text, const char *want)
{
	struct nb_error err = { 0 };
	char *out = NULL;

	assert_int_equal(desktop_rewrite(SRC, text, NB, &out, &err), -1);
	assert_null(out);
	if (!strstr(err.msg, want))
		fail_msg("error '%s' does not say '%s'", err.msg, want);
}

static void test_every_exec_runs_through_nestbox(void **state)
{
	char *out = rewrite_ok(evince, NB);

	(void)state;
	assert_non_null(strstr(out, "\nExec=" NB " evince %U\n"));
	assert_non_null(strstr(out, "\nExec=" NB " evince --new-window\n"));
	assert_non_null(strstr(out, "\nExec=" NB " evince --x\n"));
	assert_null(strstr(out, "\nExec=evince"));
	free(out);
}

static void test_everything_else_is_kept_as_it_was(void **state)
{
	char *out = rewrite_ok(evince, NB);

	(void)state;
	/* TryExec names the program, which is still installed */
	assert_non_null(strstr(out, "\nTryExec=evince\n"));
	assert_non_null(strstr(out, "# a comment before the group\n[Desktop Entry]\n"));
	assert_non_null(strstr(out, "\nName[de]=Dokumentenbetrachter\n"));
	assert_non_null(strstr(out, "\n\n[Desktop Action new-window]\nName=New Window\n"));
	free(out);
}

static void test_the_copy_carries_the_marker_and_its_source(void **state)
{
	struct desktop_info info;
	struct nb_error err = { 0 };
	char *out = rewrite_ok(evince, NB);

	(void)state;
	assert_non_null(strstr(out, "[Desktop Entry]\n# nestbox --integrate wrote"));
	assert_int_equal(desktop_info_read("copy", out, &info, &err), 0);
	assert_string_equal(info.marker, SRC);
	/* a copy is never copied again */
	expect_error(out, "a copy nestbox --integrate wrote already");
	desktop_info_free(&info);
	free(out);
}

static void test_dbus_activation_is_turned_off_and_explained(void **state)
{
	static const char text[] = "[Desktop Entry]\nType=Application\n"
				   "Exec=gedit %U\nDBusActivatable=true\n";
	struct desktop_info info;
	struct nb_error err = { 0 };
	char *out = rewrite_ok(text, NB);

	(void)state;
	assert_null(strstr(out, "\nDBusActivatable=true\n"));
	assert_non_null(strstr(out, "outside the sandbox.\nDBusActivatable=false\n"));
	assert_int_equal(desktop_info_read("copy", out, &info, &err), 0);
	assert_false(info.dbus_activatable);
	desktop_info_free(&info);
	free(out);
}

static void test_env_assignments_stay_in_front(void **state)
{
	static const char text[] = "[Desktop Entry]\nType=Application\n"
				   "Exec=env GDK_BACKEND=x11 LANG=C mousepad %F\n";
	struct desktop_info info;
	struct nb_error err = { 0 };
	char *out = rewrite_ok(text, NB);

	(void)state;
	assert_non_null(strstr(out, "\nExec=env GDK_BACKEND=x11 LANG=C " NB " mousepad %F\n"));
	assert_int_equal(desktop_info_read("x", text, &info, &err), 0);
	assert_string_equal(info.program, "mousepad");
	desktop_info_free(&info);
	free(out);
}

static void test_a_quoted_program_keeps_its_quotes(void **state)
{
	static const char text[] = "[Desktop Entry]\nType=Application\n"
				   "Exec=\"/opt/My App/run\" --x\n";
	struct desktop_info info;
	struct nb_error err = { 0 };
	char *out = rewrite_ok(text, NB);

	(void)state;
	assert_non_null(strstr(out, "\nExec=" NB " \"/opt/My App/run\" --x\n"));
	assert_int_equal(desktop_info_read("x", text, &info, &err), 0);
	assert_string_equal(info.program, "/opt/My App/run");
	assert_string_equal(desktop_program_name(info.program), "run");
	desktop_info_free(&info);
	free(out);
}

static void test_an_odd_nestbox_path_is_quoted_and_escaped(void **state)
{
	char *out = rewrite_ok(evince, "/opt/nest box/$x%\\nestbox");

	(void)state;
	/* Exec quoting (\$, \\, %%), then the string's own escapes (\\) */
	assert_non_null(strstr(out,
		"\nExec=\"/opt/nest box/\\\\$x%%\\\\\\\\nestbox\" evince %U\n"));
	free(out);
}

static void test_info_reads_type_hidden_and_program(void **state)
{
	static const char link[] = "[Desktop Entry]\nType=Link\nURL=https://x\n";
	static const char hidden[] = "[Desktop Entry]\nType=Application\n"
				     "Hidden=true\nExec=/usr/bin/foo\n";
	struct desktop_info info;
	struct nb_error err = { 0 };

	(void)state;
	assert_int_equal(desktop_info_read("x", link, &info, &err), 0);
	assert_false(info.application);
	assert_null(info.program);
	desktop_info_free(&info);
	assert_int_equal(desktop_info_read("x", hidden, &info, &err), 0);
	assert_true(info.application);
	assert_true(info.hidden);
	assert_string_equal(info.program, "/usr/bin/foo");
	assert_string_equal(desktop_program_name(info.program), "foo");
	desktop_info_free(&info);
}

static void test_bad_files_are_refused_with_file_and_line(void **state)
{
	(void)state;
	expect_error("[Desktop Entry]\nType=Application\nExec=\"evince\n",
		     SRC ":3: Exec: a quote is not closed");
	expect_error("Name=x\n[Desktop Entry]\n", SRC ":1: a key before any group");
	expect_error("[Other]\nName=x\n", SRC ":1: the first group is not [Desktop Entry]");
	expect_error("[Desktop Entry]\nthis is not a line\n", SRC ":2: neither KEY=VALUE");
	expect_error("[Desktop Entry]\nExec=%U\n", SRC ":2: Exec: cannot tell the program");
	expect_error("[Desktop Entry]\nExec=env A=1\n", SRC ":2: Exec names no program");
	expect_error("# only a comment\n", "no [Desktop Entry] group");
	expect_error("[Desktop Entry\n", SRC ":1: a group header");
}

static void test_hash_tells_an_edit(void **state)
{
	(void)state;
	assert_true(desktop_hash("Exec=a\n") == desktop_hash("Exec=a\n"));
	assert_true(desktop_hash("Exec=a\n") != desktop_hash("Exec=a\n#\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_exec_runs_through_nestbox),
		cmocka_unit_test(test_everything_else_is_kept_as_it_was),
		cmocka_unit_test(test_the_copy_carries_the_marker_and_its_source),
		cmocka_unit_test(test_dbus_activation_is_turned_off_and_explained),
		cmocka_unit_test(test_env_assignments_stay_in_front),
		cmocka_unit_test(test_a_quoted_program_keeps_its_quotes),
		cmocka_unit_test(test_an_odd_nestbox_path_is_quoted_and_escaped),
		cmocka_unit_test(test_info_reads_type_hidden_and_program),
		cmocka_unit_test(test_bad_files_are_refused_with_file_and_line),
		cmocka_unit_test(test_hash_tells_an_edit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
