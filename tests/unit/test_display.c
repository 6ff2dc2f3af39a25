// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The X11 display, pure part: which $DISPLAY values name a local
 * display, the Xauthority filter that keeps only its cookies, rewritten
 * to any address, the x11 and xephyr-screen directives, and the command
 * lines of the X servers a sandbox has of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "desktop.h"
#include "directives.h"
#include "display.h"
#include "xpra.h"
#include "xsecurity.h"
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

static const char *rule_path(const struct launch_facts *lf, size_t i)
{
	return lf->fs.rules[i].path;
}

/* The desktop's sockets and GPU nodes are the launch's rules, after the
 * policy's: the policy itself is left as the profile made it. */
static void test_desktop_sockets_follow_the_policy(void **state)
{
	struct launch_facts lf;
	struct policy p;
	struct nb_error err = { 0 };

	(void)state;
	policy_init(&p);
	p.dbus.user.mode = POLICY_DBUS_ALLOW;
	assert_int_equal(launch_facts_init(&lf, &p, &err), 0);
	/* the host's /dev (no private-dev) has the GPU already */
	assert_int_equal(desktop_pass_sockets(&p, &lf, 1000, "wayland-1", &err), 0);
	assert_int_equal(lf.fs.n_rules, 4);
	launch_facts_free(&lf);
	policy_free(&p);
	policy_init(&p);
	p.dbus.user.mode = POLICY_DBUS_ALLOW;
	p.fs.private_dev = true;
	assert_int_equal(directive_apply(&p, "blacklist", "/srv/x", "a.profile:1",
					 &err),
			 0);
	assert_int_equal(launch_facts_init(&lf, &p, &err), 0);
	assert_int_equal(desktop_pass_sockets(&p, &lf, 1000, "wayland-1", &err), 0);
	assert_true(lf.fs.private_run_user);
	assert_int_equal(lf.fs.n_rules, 7);
	assert_int_equal(lf.n_policy_rules, 1);
	assert_string_equal(rule_path(&lf, 0), "/srv/x");
	assert_string_equal(rule_path(&lf, 1), "/run/user/1000/bus");
	assert_string_equal(rule_path(&lf, 2), "/run/user/1000/wayland-1");
	assert_string_equal(rule_path(&lf, 3), "/run/user/1000/pulse/native");
	assert_string_equal(rule_path(&lf, 4), "/run/user/1000/pipewire-0");
	assert_string_equal(rule_path(&lf, 5), "/dev/dri");
	assert_string_equal(rule_path(&lf, 6), "/dev/nvidia*");
	assert_int_equal(lf.fs.rules[1].kind, FS_WHITELIST);
	assert_int_equal(lf.fs.rules[6].kind, FS_WHITELIST);
	assert_string_equal(lf.fs.rules[6].origin, "nestbox's GPU nodes");
	/* the policy: its one rule, no private /run/user */
	assert_int_equal(p.fs.n_rules, 1);
	assert_false(p.fs.private_run_user);
	launch_facts_free(&lf);
	policy_free(&p);

	/* no bus unless allowed, no sound with nosound, no GPU with no3d,
	 * and the display's name never a path elsewhere */
	policy_init(&p);
	p.dbus.user.mode = POLICY_DBUS_FILTER;
	p.fs.nosound = true;
	p.fs.no3d = true;
	assert_int_equal(launch_facts_init(&lf, &p, &err), 0);
	assert_int_equal(desktop_pass_sockets(&p, &lf, 7, "../../etc/x", &err), 0);
	assert_int_equal(lf.fs.n_rules, 1);
	assert_string_equal(rule_path(&lf, 0), "/run/user/7/wayland-0");
	launch_facts_free(&lf);
	policy_free(&p);
}

#define XAUTH "/run/user/7/nestbox/ID/Xauthority"

/* The command line of the server of a sandbox prepared with @mode (its
 * cookie in @xauth, on display 123, ready on fd 5, screen @w x @h): the
 * binary, then argv, as one line; NULL if there is none. */
static const char *command_line(enum policy_x11_mode mode, const char *xauth,
				unsigned w, unsigned h, const char *title)
{
	static char line[1024];
	struct display_server_argv a;
	struct launch_x11 x = { .mode = mode, .display = 123 };
	struct policy p;
	size_t n = 0;
	int rc;

	policy_init(&p);
	p.x11.mode = mode;
	x.xauth = (char *)xauth;
	p.x11.screen_width = w;
	p.x11.screen_height = h;
	rc = display_server_argv(&p, &x, 5, title, &a);
	if (rc == 0) {
		n = (size_t)snprintf(line, sizeof(line), "%s:", a.path);
		for (size_t i = 0; a.argv[i]; i++)
			n += (size_t)snprintf(line + n, sizeof(line) - n, " %s",
					      a.argv[i]);
	}
	policy_free(&p);
	return rc == 0 ? line : NULL;
}

static void test_xephyr_command_line_has_window_size_and_title(void **state)
{
	(void)state;
	assert_string_equal(command_line(POLICY_X11_XEPHYR, XAUTH, 0, 0, "nestbox: sh (web)"),
			    "/usr/bin/Xephyr: Xephyr :123 -displayfd 5 -nolisten tcp -noreset -auth " XAUTH
			    " -screen 800x600 -title nestbox: sh (web)");
	assert_string_equal(command_line(POLICY_X11_XEPHYR, XAUTH, 1024, 768, "t"),
			    "/usr/bin/Xephyr: Xephyr :123 -displayfd 5 -nolisten tcp -noreset -auth " XAUTH
			    " -screen 1024x768 -title t");
}

static void test_xvfb_command_line_has_no_window(void **state)
{
	(void)state;
	assert_string_equal(command_line(POLICY_X11_XVFB, XAUTH, 1024, 768, "t"),
			    "/usr/bin/Xvfb: Xvfb :123 -displayfd 5 -nolisten tcp -noreset -auth " XAUTH
			    " -screen 0 1280x800x24");
}

/* x11 xpra's display is an Xvfb, with room for a large monitor: xpra
 * can only shrink it to the caller's screen. */
static void test_xpra_display_is_a_large_xvfb(void **state)
{
	(void)state;
	assert_string_equal(command_line(POLICY_X11_XPRA, XAUTH, 0, 0, "t"),
			    "/usr/bin/Xvfb: Xvfb :123 -displayfd 5 -nolisten tcp -noreset -auth " XAUTH
			    " -screen 0 3840x2160x24");
}

static bool has_arg(char *const *argv, const char *arg)
{
	for (size_t i = 0; argv[i]; i++)
		if (strcmp(argv[i], arg) == 0)
			return true;
	return false;
}

#define ENTRY_XPRA_DIR "/run/user/7/nestbox/ID/xpra"

/* xpra's server joins the sandbox's display, listens on one socket in
 * the entry, and shares nothing of the caller's; its client attaches to
 * that socket. */
static void test_xpra_command_lines_share_nothing(void **state)
{
	static const char *const off[] = {
		"--mdns=no", "--clipboard=no", "--notifications=no",
		"--file-transfer=no", "--printing=no", "--webcam=no",
		"--speaker=disabled", "--microphone=disabled", "--mmap=no",
	};
	struct xpra_argv a;

	(void)state;
	assert_int_equal(xpra_argv(XPRA_SERVER, 123, ENTRY_XPRA_DIR,
					   "t", &a), 0);
	assert_string_equal(a.argv[0], "xpra");
	assert_string_equal(a.argv[1], "start");
	assert_string_equal(a.argv[2], ":123");
	assert_true(has_arg(a.argv, "--use-display=yes"));
	assert_true(has_arg(a.argv, "--daemon=no"));
	assert_true(has_arg(a.argv, "--systemd-run=no"));
	assert_true(has_arg(a.argv, "--bind=" ENTRY_XPRA_DIR "/server"));
	assert_true(has_arg(a.argv, "--socket-dirs=" ENTRY_XPRA_DIR));
	assert_true(has_arg(a.argv, "--dbus-proxy=no"));
	assert_true(has_arg(a.argv, "--pulseaudio=no"));
	assert_true(has_arg(a.argv, "--start-new-commands=no"));
	for (size_t i = 0; i < sizeof(off) / sizeof(*off); i++)
		assert_true(has_arg(a.argv, off[i]));
	for (size_t i = 0; a.argv[i]; i++)
		assert_null(strstr(a.argv[i], "tcp"));

	assert_int_equal(xpra_argv(XPRA_ATTACH, 123, ENTRY_XPRA_DIR,
					   "nestbox: sh (web)", &a), 0);
	assert_string_equal(a.argv[1], "attach");
	assert_string_equal(a.argv[2], "socket:" ENTRY_XPRA_DIR "/server");
	assert_true(has_arg(a.argv, "--title=@title@ (nestbox: sh (web))"));
	for (size_t i = 0; i < sizeof(off) / sizeof(*off); i++)
		assert_true(has_arg(a.argv, off[i]));
	assert_false(has_arg(a.argv, "--use-display=yes"));

	assert_int_equal(xpra_argv(XPRA_SERVER, 123, NULL, "t", &a), -1);
}

static void test_no_command_line_without_a_server_of_its_own(void **state)
{
	(void)state;
	assert_null(command_line(POLICY_X11_HOST, XAUTH, 0, 0, "t"));
	assert_null(command_line(POLICY_X11_NONE, XAUTH, 0, 0, "t"));
	assert_null(command_line(POLICY_X11_XORG, XAUTH, 0, 0, "t"));
	/* not prepared: no cookie file to give it */
	assert_null(command_line(POLICY_X11_XEPHYR, NULL, 0, 0, "t"));
}

static void test_x11_directive_chooses_the_server(void **state)
{
	struct nb_error err = { 0 };
	struct policy p;

	(void)state;
	policy_init(&p);
	assert_int_equal(p.x11.mode, POLICY_X11_HOST);
	assert_int_equal(directive_apply(&p, "x11", "xephyr", NULL, &err), 0);
	assert_int_equal(p.x11.mode, POLICY_X11_XEPHYR);
	assert_int_equal(directive_apply(&p, "x11", "none", NULL, &err), 0);
	assert_int_equal(p.x11.mode, POLICY_X11_NONE);
	/* bare: a nested server, Xvfb */
	assert_int_equal(directive_apply(&p, "x11", NULL, NULL, &err), 0);
	assert_int_equal(p.x11.mode, POLICY_X11_XVFB);
	/* the default has no name to be chosen by */
	assert_int_equal(directive_apply(&p, "x11", "host", NULL, &err), -1);
	assert_int_equal(directive_apply(&p, "x11", "xorgx", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "x11 xorgx: not supported"));
	assert_int_equal(p.x11.mode, POLICY_X11_XVFB);
	/* the caller's display with an untrusted cookie */
	assert_int_equal(directive_apply(&p, "x11", "xorg", NULL, &err), 0);
	assert_int_equal(p.x11.mode, POLICY_X11_XORG);
	assert_int_equal(directive_apply(&p, "x11", "xpra", NULL, &err), 0);
	assert_int_equal(p.x11.mode, POLICY_X11_XPRA);
	/* --x11 holds over the profiles' lines, applied after it */
	assert_int_equal(directive_apply(&p, "x11", "none", "--x11", &err), 0);
	assert_int_equal(directive_apply(&p, "x11", "xorg", "default.profile:30",
					 &err),
			 0);
	assert_int_equal(p.x11.mode, POLICY_X11_NONE);
	policy_free(&p);
}

/* x11.fallback: any of the other modes but x11 xorg itself (the display
 * with full trust is not among them); --x11.fallback holds over the
 * profiles' lines, as --x11 does. */
static void test_x11_fallback_option_holds_over_profile_lines(void **state)
{
	struct nb_error err = { 0 };
	struct policy p;

	(void)state;
	policy_init(&p);
	assert_int_equal(p.x11.fallback, POLICY_X11_XORG); /* fails closed */
	assert_int_equal(directive_apply(&p, "x11.fallback", "xorg", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "x11.fallback xorg: none, xvfb, xephyr or xpra"));
	assert_int_equal(directive_apply(&p, "x11.fallback", "host", NULL, &err), -1);
	assert_int_equal(directive_apply(&p, "x11.fallback", "none", "a.profile:1", &err), 0);
	assert_int_equal(p.x11.fallback, POLICY_X11_NONE);
	assert_int_equal(directive_apply(&p, "x11.fallback", "xvfb", "--x11.fallback", &err), 0);
	assert_int_equal(p.x11.fallback, POLICY_X11_XVFB);
	/* a profile line after the option does not undo it... */
	assert_int_equal(directive_apply(&p, "x11.fallback", "none", "firefox.profile:12", &err), 0);
	assert_int_equal(p.x11.fallback, POLICY_X11_XVFB);
	/* ...but is still checked */
	assert_int_equal(directive_apply(&p, "x11.fallback", "nope", "firefox.profile:12", &err), -1);
	/* a later option does (the last one said wins, as for --x11) */
	assert_int_equal(directive_apply(&p, "x11.fallback", "xpra", "--x11.fallback", &err), 0);
	assert_int_equal(p.x11.fallback, POLICY_X11_XPRA);
	policy_free(&p);
}

static void test_xephyr_screen_is_width_x_height(void **state)
{
	static const char *const bad[] = {
		"800", "x600", "800x", "800x600x24", "-800x600", "800x-600",
		"+800x600", " 800x600", "800X600", "63x600", "800x63",
		"32768x600", "800x32768", "99999999999999999999x600", "8OOx600",
	};
	struct nb_error err = { 0 };
	struct policy p;

	(void)state;
	policy_init(&p);
	assert_int_equal(policy_xephyr_width(&p), 800);
	assert_int_equal(policy_xephyr_height(&p), 600);
	assert_int_equal(directive_apply(&p, "xephyr-screen", "1920x1080", NULL, &err), 0);
	assert_int_equal(policy_xephyr_width(&p), 1920);
	assert_int_equal(policy_xephyr_height(&p), 1080);
	assert_int_equal(directive_apply(&p, "xephyr-screen", "64x32767", NULL, &err), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(directive_apply(&p, "xephyr-screen", bad[i], NULL, &err), -1);
		assert_non_null(strstr(err.msg, bad[i]));
	}
	/* a refused size leaves the last good one */
	assert_int_equal(policy_xephyr_width(&p), 64);
	assert_int_equal(policy_xephyr_height(&p), 32767);
	policy_free(&p);
}

/* x11 xorg's requests, byte by byte as the X protocol (little-endian
 * client) and the SECURITY extension's specification lay them out. */
static void test_xsecurity_requests(void **state)
{
	static const unsigned char cookie[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9,
						  10, 11, 12, 13, 14, 15, 16 };
	unsigned char buf[128];
	size_t n;

	(void)state;
	/* set-up: 'l', 11.0, name 18 bytes padded to 20, data 16 */
	n = xsec_setup_request(buf, sizeof(buf), "MIT-MAGIC-COOKIE-1", cookie, 16);
	assert_int_equal(n, 12 + 20 + 16);
	assert_int_equal(buf[0], 'l');
	assert_int_equal(buf[2], 11);
	assert_int_equal(buf[3], 0);
	assert_int_equal(buf[6], 18);
	assert_int_equal(buf[8], 16);
	assert_memory_equal(buf + 12, "MIT-MAGIC-COOKIE-1\0\0", 20);
	assert_memory_equal(buf + 32, cookie, 16);
	/* none: the header alone */
	assert_int_equal(xsec_setup_request(buf, sizeof(buf), NULL, NULL, 0), 12);
	assert_int_equal(buf[6] | buf[8], 0);
	assert_int_equal(xsec_setup_request(buf, 20, "MIT-MAGIC-COOKIE-1", cookie, 16), 0);
	/* QueryExtension: opcode 98, length in words, name's length */
	n = xsec_query_extension(buf, sizeof(buf), "SECURITY");
	assert_int_equal(n, 16);
	assert_int_equal(buf[0], 98);
	assert_int_equal(buf[2], 4);
	assert_int_equal(buf[4], 8);
	assert_memory_equal(buf + 8, "SECURITY", 8);
	/* GenerateAuthorization: minor 1, 10 words, mask timeout|trust,
	 * timeout 0 (revoked at the end instead), untrusted (1) */
	n = xsec_generate_request(buf, sizeof(buf), 137);
	assert_int_equal(n, 40);
	assert_int_equal(buf[0], 137);
	assert_int_equal(buf[1], 1);
	assert_int_equal(buf[2], 10);
	assert_int_equal(buf[4], 18);
	assert_int_equal(buf[6], 0);
	assert_int_equal(buf[8], 3);
	assert_memory_equal(buf + 12, "MIT-MAGIC-COOKIE-1\0\0", 20);
	assert_memory_equal(buf + 32, "\0\0\0\0\1\0\0\0", 8);
	/* RevokeAuthorization: minor 2, 2 words, the id */
	assert_int_equal(xsec_revoke_request(buf, 137, 0x01020304), 8);
	assert_memory_equal(buf, "\x89\x02\x02\x00\x04\x03\x02\x01", 8);
}

static void test_xsecurity_replies_and_cookies(void **state)
{
	unsigned char r[48] = { 1 }, cookie[16];
	/* two entries (FamilyWild, display 5): XDM's, then MIT's */
	static const unsigned char file[] =
		"\xff\xff\0\0\0\1" "5" "\0\x13" "XDM-AUTHORIZATION-1" "\0\1" "x"
		"\xff\xff\0\0\0\1" "5" "\0\x12" "MIT-MAGIC-COOKIE-1"
		"\0\x10" "abcdefghijklmnop";
	uint32_t id = 0;

	(void)state;
	r[4] = 4;		/* 4 words follow */
	r[8] = 0x2a;		/* id 42 */
	r[12] = 16;		/* 16 bytes of cookie */
	memcpy(r + 32, "0123456789abcdef", 16);
	assert_int_equal(xsec_parse_generate_reply(r, sizeof(r), &id, cookie), 0);
	assert_int_equal(id, 42);
	assert_memory_equal(cookie, "0123456789abcdef", 16);
	/* short, an error, another cookie length */
	assert_int_equal(xsec_parse_generate_reply(r, 40, &id, cookie), -1);
	r[0] = 0;
	assert_int_equal(xsec_parse_generate_reply(r, sizeof(r), &id, cookie), -1);
	r[0] = 1;
	r[12] = 8;
	assert_int_equal(xsec_parse_generate_reply(r, sizeof(r), &id, cookie), -1);
	/* the caller's MIT cookie among its entries; none in a damaged file */
	assert_int_equal(xsec_find_cookie(file, sizeof(file) - 1, cookie), 0);
	assert_memory_equal(cookie, "abcdefghijklmnop", 16);
	assert_int_equal(xsec_find_cookie(file, 30, cookie), -1);
	assert_int_equal(xsec_find_cookie(file, 0, cookie), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_displays_are_parsed),
		cmocka_unit_test(test_only_the_displays_cookies_are_kept_as_wildcards),
		cmocka_unit_test(test_damaged_xauthority_is_refused),
		cmocka_unit_test(test_desktop_sockets_follow_the_policy),
		cmocka_unit_test(test_xephyr_command_line_has_window_size_and_title),
		cmocka_unit_test(test_xvfb_command_line_has_no_window),
		cmocka_unit_test(test_xpra_display_is_a_large_xvfb),
		cmocka_unit_test(test_xpra_command_lines_share_nothing),
		cmocka_unit_test(test_no_command_line_without_a_server_of_its_own),
		cmocka_unit_test(test_x11_directive_chooses_the_server),
		cmocka_unit_test(test_x11_fallback_option_holds_over_profile_lines),
		cmocka_unit_test(test_xsecurity_requests),
		cmocka_unit_test(test_xsecurity_replies_and_cookies),
		cmocka_unit_test(test_xephyr_screen_is_width_x_height),
	};
	return cmocka_run_group_tests_name("display", tests, NULL, NULL);
}
