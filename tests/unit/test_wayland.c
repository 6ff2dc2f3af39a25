// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Wayland security context, pure part: which application id the
 * compositor is told, and which operation of the mount plan shows the
 * compositor's socket (the one wayland.c makes bind a socket of its
 * own), with the desktop sockets' whitelist and the real planner.
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
#include "fsfacts.h"
#include "mountplan.h"
#include "plan_world.h"
#include "wayland.h"

#define SOCKET "/run/user/1000/wayland-1"

static void test_app_id_is_the_profiles_name(void **state)
{
	char id[64];

	(void)state;
	wayland_app_id("/etc/nestbox/firefox.profile", "/usr/bin/firefox-esr",
		       id, sizeof(id));
	assert_string_equal(id, "firefox");
	/* several: the first names the application */
	wayland_app_id("/home/a/.config/nestbox/foot.profile,/x/y/extra.profile",
		       "foot", id, sizeof(id));
	assert_string_equal(id, "foot");
	wayland_app_id("default.profile", "gimp", id, sizeof(id));
	assert_string_equal(id, "default");
	/* --profile=FILE with another suffix: the file's name */
	wayland_app_id("/tmp/p/my.prof", "x", id, sizeof(id));
	assert_string_equal(id, "my.prof");
}

static void test_app_id_without_a_profile_is_the_programs_name(void **state)
{
	char id[64];

	(void)state;
	wayland_app_id(NULL, "/usr/bin/foot", id, sizeof(id));
	assert_string_equal(id, "foot");
	wayland_app_id(NULL, "bash", id, sizeof(id));
	assert_string_equal(id, "bash");
	/* never empty: the engine's name rather than nothing */
	wayland_app_id(NULL, NULL, id, sizeof(id));
	assert_string_equal(id, "nestbox");
	wayland_app_id("/etc/nestbox/.profile", "x", id, sizeof(id));
	assert_string_equal(id, "nestbox");
	wayland_app_id(NULL, "/usr/bin/", id, sizeof(id));
	assert_string_equal(id, "nestbox");
}

static void test_app_id_fits_the_buffer(void **state)
{
	char id[5];

	(void)state;
	wayland_app_id("/p/thunderbird.profile", "t", id, sizeof(id));
	assert_string_equal(id, "thun");
}

/* --- the plan, by hand ------------------------------------------------ */

static void add(struct mount_plan *p, enum mount_op_type type,
		const char *src, const char *dst)
{
	struct nb_error err;

	assert_int_equal(mount_plan_add(p, type, src, dst, 0, 0, &err), 0);
}

static void test_socket_bound_last_is_found(void **state)
{
	struct mount_plan p;

	(void)state;
	mount_plan_init(&p);
	add(&p, MOUNT_OP_TMPFS, NULL, "/run/user/1000");
	add(&p, MOUNT_OP_BIND, SOCKET, SOCKET);
	/* flags only: a socket on a read-only mount still connects */
	add(&p, MOUNT_OP_REBIND, NULL, "/run/user/1000");
	add(&p, MOUNT_OP_BIND, "/run/user/1000/pipewire-0",
	    "/run/user/1000/pipewire-0");
	assert_int_equal(wayland_plan_find_socket(&p, SOCKET), 1);
	mount_plan_free(&p);
}

static void test_socket_covered_later_is_not_found(void **state)
{
	static const struct {
		enum mount_op_type type;
		const char *src, *dst;
	} covers[] = {
		{ MOUNT_OP_BLOCK, NULL, SOCKET },		/* blacklist */
		{ MOUNT_OP_TMPFS, NULL, "/run/user/1000" },	/* tmpfs above */
		{ MOUNT_OP_BIND, "/elsewhere", SOCKET },	/* another file */
		{ MOUNT_OP_BIND, "/run/user/1000", "/run/user/1000" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(covers) / sizeof(*covers); i++) {
		struct mount_plan p;

		mount_plan_init(&p);
		add(&p, MOUNT_OP_TMPFS, NULL, "/run/user/1000");
		add(&p, MOUNT_OP_BIND, SOCKET, SOCKET);
		add(&p, covers[i].type, covers[i].src, covers[i].dst);
		assert_int_equal(wayland_plan_find_socket(&p, SOCKET), -1);
		mount_plan_free(&p);
	}
}

static void test_socket_not_planned_is_not_found(void **state)
{
	struct mount_plan p;

	(void)state;
	mount_plan_init(&p);
	assert_int_equal(wayland_plan_find_socket(&p, SOCKET), -1);
	add(&p, MOUNT_OP_TMPFS, NULL, "/run/user/1000");
	add(&p, MOUNT_OP_BIND, "/run/user/1000/wayland-0",
	    "/run/user/1000/wayland-0");
	assert_int_equal(wayland_plan_find_socket(&p, SOCKET), -1);
	/* only a bind from the host's socket itself */
	add(&p, MOUNT_OP_BIND, "/other", SOCKET);
	assert_int_equal(wayland_plan_find_socket(&p, SOCKET), -1);
	mount_plan_free(&p);
}

static void test_own_socket_replaces_the_compositors(void **state)
{
	struct mount_plan p;
	struct nb_error err;

	(void)state;
	mount_plan_init(&p);
	add(&p, MOUNT_OP_TMPFS, NULL, "/run/user/1000");
	assert_int_equal(mount_plan_add(&p, MOUNT_OP_BIND, SOCKET, SOCKET,
					MOUNT_F_USER | MOUNT_F_NOFOLLOW, 0, &err),
			 0);
	assert_int_equal(wayland_plan_use_socket(&p, 1,
						 "/run/user/1000/nestbox/ID/wayland",
						 &err),
			 0);
	assert_string_equal(p.ops[1].src, "/run/user/1000/nestbox/ID/wayland");
	assert_string_equal(p.ops[1].dst, SOCKET);
	assert_int_equal(p.ops[1].type, MOUNT_OP_BIND);
	assert_int_equal(p.ops[1].flags, MOUNT_F_USER);
	/* the plan no longer binds the compositor's socket from the host */
	assert_int_equal(wayland_plan_find_socket(&p, SOCKET), -1);
	mount_plan_free(&p);
}

/* --- the plan the planner makes ------------------------------------------ */

/* The profile's lines, then the desktop sockets (as launch.c), with
 * the compositor's socket on the host; then plan. */
static void plan(struct world *w, const char *name, const char *arg)
{
	if (name) {
		assert_int_equal(directive_apply(&w->policy, name, arg,
						 "test.profile:1", &w->err),
				 0);
	}
	w->policy.fs.nosound = true;
	assert_int_equal(desktop_pass_sockets(&w->policy, world_launch(w), 1000,
					      "wayland-1", &w->err),
			 0);
	assert_non_null(fs_facts_add(&w->facts, SOCKET, SOCKET, FS_FILE,
				     &w->err));
	assert_int_equal(fs_facts_set_rules(&w->facts, w->launch.fs.n_rules,
					    &w->err),
			 0);
	for (size_t i = 0; i < w->launch.fs.n_rules; i++) {
		const char *path = w->launch.fs.rules[i].path;

		if (strcmp(path, SOCKET) == 0 ||
		    strcmp(path, "/run/user/1000/wayland-*") == 0)
			assert_int_equal(fs_facts_add_match(&w->facts, i, SOCKET,
							    &w->err),
					 0);
	}
	w->facts.home_real = strdup("/home/alice");
	assert_int_equal(fs_facts_finish(&w->facts, &w->err), 0);
	assert_int_equal(world_plan(w),
			 0);
}

static void test_planner_shows_the_socket_to_replace(void **state)
{
	struct world *w = world_new();
	ssize_t i;

	(void)state;
	plan(w, NULL, NULL);
	i = wayland_plan_find_socket(&w->plan, SOCKET);
	assert_true(i >= 0);
	assert_int_equal(w->plan.ops[i].type, MOUNT_OP_BIND);
	assert_string_equal(w->plan.ops[i].src, SOCKET);
	world_free(w);
}

/* A profile that hides the display: nothing to ask the compositor. */
static void test_planner_hidden_socket_is_left_alone(void **state)
{
	struct world *w = world_new();

	(void)state;
	plan(w, "blacklist", "/run/user/1000/wayland-*");
	assert_int_equal(wayland_plan_find_socket(&w->plan, SOCKET), -1);
	world_free(w);
	w = world_new();
	plan(w, "nowhitelist", SOCKET);
	assert_int_equal(wayland_plan_find_socket(&w->plan, SOCKET), -1);
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_app_id_is_the_profiles_name),
		cmocka_unit_test(test_app_id_without_a_profile_is_the_programs_name),
		cmocka_unit_test(test_app_id_fits_the_buffer),
		cmocka_unit_test(test_socket_bound_last_is_found),
		cmocka_unit_test(test_socket_covered_later_is_not_found),
		cmocka_unit_test(test_socket_not_planned_is_not_found),
		cmocka_unit_test(test_own_socket_replaces_the_compositors),
		cmocka_unit_test(test_planner_shows_the_socket_to_replace),
		cmocka_unit_test(test_planner_hidden_socket_is_left_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
