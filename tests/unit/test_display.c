// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The X11 display, pure part: which $DISPLAY values name a local
 * display, and the Xauthority filter that keeps only its cookies,
 * rewritten to any address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "desktop.h"
#include "display.h"
#include "policy.h"

static void test_local_displays_are_parsed(void **state)
{
	unsigned n = 0;

	(void)state;
	assert_int_equal(display_parse(":0", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(display_parse(":12.1", &n), 0);
	assert_int_equal(n, 12);
	assert_int_equal(display_parse("unix:3", &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(display_parse(NULL, &n), -1);
	assert_int_equal(display_parse("", &n), -1);
	assert_int_equal(display_parse("host:0", &n), -1);
	assert_int_equal(display_parse(":", &n), -1);
	assert_int_equal(display_parse(":x", &n), -1);
	assert_int_equal(display_parse(":1x", &n), -1);
	assert_int_equal(display_parse(":99999999", &n), -1);
}

/* family, address, number, name, cookie */
static size_t entry(unsigned char *p, unsigned family, const char *addr,
		    const char *num, const char *cookie)
{
	const char *fields[] = { addr, num, "MIT-MAGIC-COOKIE-1", cookie };
	size_t n = 0;

	p[n++] = (unsigned char)(family >> 8);
	p[n++] = (unsigned char)family;
	for (int i = 0; i < 4; i++) {
		size_t l = strlen(fields[i]);

		p[n++] = (unsigned char)(l >> 8);
		p[n++] = (unsigned char)l;
		memcpy(p + n, fields[i], l);
		n += l;
	}
	return n;
}

static void test_only_the_displays_cookies_are_kept_as_wildcards(void **state)
{
	unsigned char file[512], want[256], *out;
	size_t n = 0, w, out_len;

	(void)state;
	n += entry(file + n, 256, "myhost", "0", "aaaa");
	n += entry(file + n, 256, "myhost", "10", "bbbb");
	n += entry(file + n, 0, "\x7f\0\0\x01", "1", "cccc");
	w = entry(want, 0xffff, "myhost", "10", "bbbb");
	assert_int_equal(display_xauth_filter(file, n, 10, &out, &out_len), 0);
	assert_int_equal(out_len, w);
	assert_memory_equal(out, want, w);
	free(out);
	/* display 1 is not display 10's prefix, nor 10 of 1 */
	assert_int_equal(display_xauth_filter(file, n, 1, &out, &out_len), 0);
	w = entry(want, 0xffff, "\x7f\0\0\x01", "1", "cccc");
	assert_int_equal(out_len, w);
	free(out);
	assert_int_equal(display_xauth_filter(file, n, 5, &out, &out_len), 0);
	assert_int_equal(out_len, 0);
	free(out);
}

static void test_damaged_xauthority_is_refused(void **state)
{
	unsigned char file[128], *out;
	size_t n = entry(file, 256, "h", "0", "cookie"), out_len;

	(void)state;
	/* every cut inside the entry leaves a field longer than what is left */
	for (size_t cut = 1; cut < n; cut++)
		assert_int_equal(display_xauth_filter(file, cut, 0, &out, &out_len), -1);
	assert_int_equal(display_xauth_filter(file, n, 0, &out, &out_len), 0);
	assert_int_equal(out_len, n);
	free(out);
}

static const char *rule_path(const struct policy *p, size_t i)
{
	return p->fs.rules[i].path;
}

static void test_desktop_sockets_follow_the_policy(void **state)
{
	struct policy p;
	struct nb_error err = { 0 };

	(void)state;
	policy_init(&p);
	assert_int_equal(desktop_pass_sockets(&p, 1000, "wayland-1", &err), 0);
	assert_true(p.fs.private_run_user);
	assert_int_equal(p.fs.n_rules, 6);
	assert_string_equal(rule_path(&p, 0), "/run/user/1000/bus");
	assert_string_equal(rule_path(&p, 1), "/run/user/1000/wayland-1");
	assert_string_equal(rule_path(&p, 2), "/run/user/1000/pulse/native");
	assert_string_equal(rule_path(&p, 3), "/run/user/1000/pipewire-0");
	assert_string_equal(rule_path(&p, 4), "/dev/dri");
	assert_string_equal(rule_path(&p, 5), "/dev/nvidia*");
	assert_int_equal(p.fs.rules[0].kind, FS_WHITELIST);
	assert_int_equal(p.fs.rules[5].kind, FS_WHITELIST);
	policy_free(&p);

	/* no bus unless allowed, no sound with nosound, no GPU with no3d,
	 * and the display's name never a path elsewhere */
	policy_init(&p);
	p.dbus.user.mode = POLICY_DBUS_FILTER;
	p.fs.nosound = true;
	p.fs.no3d = true;
	assert_int_equal(desktop_pass_sockets(&p, 7, "../../etc/x", &err), 0);
	assert_int_equal(p.fs.n_rules, 1);
	assert_string_equal(rule_path(&p, 0), "/run/user/7/wayland-0");
	policy_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_displays_are_parsed),
		cmocka_unit_test(test_only_the_displays_cookies_are_kept_as_wildcards),
		cmocka_unit_test(test_damaged_xauthority_is_refused),
		cmocka_unit_test(test_desktop_sockets_follow_the_policy),
	};
	return cmocka_run_group_tests_name("display", tests, NULL, NULL);
}
