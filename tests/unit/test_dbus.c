// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The buses, pure part: the arguments one xdg-dbus-proxy gets for the
 * buses it filters, and which system bus address names a socket nestbox
 * can show.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dbus.h"
#include "directives.h"
#include "policy.h"

/* The NUL-separated words, joined by '|' to compare. */
static char *joined(const char *args, size_t len)
{
	char *s = malloc(len + 1);

	memcpy(s, args, len);
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\0')
			s[i] = '|';
	s[len] = '\0';
	return s;
}

static void test_one_proxy_gets_each_bus_with_its_own_rules(void **state)
{
	struct nb_error err = { 0 };
	struct policy p;
	struct dbus_upstream up[2];
	size_t len;
	char *args, *s;

	(void)state;
	policy_init(&p);
	assert_int_equal(directive_apply(&p, "dbus-user.talk", "org.example.A", NULL, &err), 0);
	assert_int_equal(directive_apply(&p, "dbus-system.see", "org.example.S", NULL, &err), 0);
	assert_int_equal(directive_apply(&p, "dbus-system.call", "org.example.S=*@/x", NULL, &err), 0);
	up[0] = (struct dbus_upstream){ "unix:path=/run/user/1/bus", &p.dbus.user,
					"/r/id/dbus-user" };
	up[1] = (struct dbus_upstream){ "unix:path=/s", &p.dbus.system,
					"/r/id/dbus-system" };
	args = dbus_proxy_args(up, 2, &len);
	assert_non_null(args);
	s = joined(args, len);
	assert_string_equal(s, "unix:path=/run/user/1/bus|/r/id/dbus-user|--filter|"
			       "--talk=org.example.A|"
			       "unix:path=/s|/r/id/dbus-system|--filter|"
			       "--see=org.example.S|--call=org.example.S=*@/x|");
	free(s);
	free(args);
	policy_free(&p);
}

static void test_system_bus_rules_are_checked_and_named(void **state)
{
	struct nb_error err = { 0 };
	struct policy p;

	(void)state;
	policy_init(&p);
	assert_int_equal(p.dbus.system.mode, POLICY_DBUS_NONE);
	/* until a profile or the baseline decides (profile_load.c): none */
	assert_int_equal(p.dbus.user.mode, POLICY_DBUS_NONE);
	assert_false(p.dbus.user.said);
	assert_int_equal(directive_apply(&p, "dbus-system.own", "nodots", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "dbus-system.own nodots: not a D-Bus name"));
	assert_int_equal(directive_apply(&p, "dbus-system", "filter", NULL, &err), 0);
	assert_int_equal(p.dbus.system.mode, POLICY_DBUS_FILTER);
	assert_int_equal(directive_apply(&p, "nodbus", NULL, NULL, &err), 0);
	assert_int_equal(p.dbus.system.mode, POLICY_DBUS_NONE);
	assert_int_equal(p.dbus.user.mode, POLICY_DBUS_NONE);
	assert_true(p.dbus.user.said);
	policy_free(&p);
}

/* The program's own name from its desktop file: the file's name must be
 * a D-Bus name ending in the program's, and its Exec= start it. */
static void test_desktop_file_gives_the_programs_own_name(void **state)
{
	char id[64];

	(void)state;
	assert_true(dbus_desktop_app_id("org.gnome.eog.desktop", "eog %U", "eog", id, sizeof(id)));
	assert_string_equal(id, "org.gnome.eog");
	assert_true(dbus_desktop_app_id("org.gnome.Evince.desktop", "/usr/bin/evince %U", "evince", id, sizeof(id)));
	assert_string_equal(id, "org.gnome.Evince");
	/* another program's file, or one that starts another program */
	assert_false(dbus_desktop_app_id("org.gnome.Terminal.desktop", "gnome-terminal", "eog", id, sizeof(id)));
	assert_false(dbus_desktop_app_id("org.gnome.eog.desktop", "sh -c eog", "eog", id, sizeof(id)));
	assert_false(dbus_desktop_app_id("org.gnome.eog.desktop", "eogx", "eog", id, sizeof(id)));
	/* not a reverse-DNS name, not a desktop file, too long */
	assert_false(dbus_desktop_app_id("eog.desktop", "eog", "eog", id, sizeof(id)));
	assert_false(dbus_desktop_app_id("org.gnome.eog.service", "eog", "eog", id, sizeof(id)));
	assert_false(dbus_desktop_app_id("org.gnome.eog.desktop", "eog", "eog", id, 8));
	assert_false(dbus_desktop_app_id("org.gn ome.eog.desktop", "eog", "eog", id, sizeof(id)));
}

/* A mode said (a line, an option) is kept by --noprofile's baseline; a
 * rule alone does not say one. */
static void test_session_bus_mode_said_or_not(void **state)
{
	struct nb_error err = { 0 };
	struct policy p;

	(void)state;
	policy_init(&p);
	assert_int_equal(directive_apply(&p, "dbus-user.talk", "org.example.A", NULL, &err), 0);
	assert_false(p.dbus.user.said);
	policy_strict_baseline(&p);
	assert_int_equal(p.dbus.user.mode, POLICY_DBUS_NONE);
	policy_free(&p);
	policy_init(&p);
	assert_int_equal(directive_apply(&p, "dbus-user", "allow", NULL, &err), 0);
	assert_true(p.dbus.user.said);
	policy_strict_baseline(&p);
	assert_int_equal(p.dbus.user.mode, POLICY_DBUS_ALLOW);
	policy_free(&p);
}

static void test_only_a_plain_system_socket_path_is_taken(void **state)
{
	(void)state;
	assert_string_equal(dbus_address_path("unix:path=/tmp/sys", DBUS_SYSTEM_SOCKET), "/tmp/sys");
	assert_string_equal(dbus_address_path(NULL, DBUS_SYSTEM_SOCKET), DBUS_SYSTEM_SOCKET);
	assert_string_equal(dbus_address_path("unix:abstract=x", DBUS_SYSTEM_SOCKET), DBUS_SYSTEM_SOCKET);
	assert_string_equal(dbus_address_path("unix:path=rel", DBUS_SYSTEM_SOCKET), DBUS_SYSTEM_SOCKET);
	assert_string_equal(dbus_address_path("unix:path=/a,guid=1", DBUS_SYSTEM_SOCKET), DBUS_SYSTEM_SOCKET);
	assert_string_equal(dbus_address_path("tcp:host=x", DBUS_SYSTEM_SOCKET), DBUS_SYSTEM_SOCKET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_proxy_gets_each_bus_with_its_own_rules),
		cmocka_unit_test(test_system_bus_rules_are_checked_and_named),
		cmocka_unit_test(test_session_bus_mode_said_or_not),
		cmocka_unit_test(test_desktop_file_gives_the_programs_own_name),
		cmocka_unit_test(test_only_a_plain_system_socket_path_is_taken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
