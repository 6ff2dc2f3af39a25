// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Filesystem confinement planning: policy + hand-made file-system facts
 * in, exact mount operations out (firejail's order and semantics).
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "directives.h"
#include "fsfacts.h"
#include "mountplan.h"
#include "plan_world.h"

static void directive(struct world *w, const char *name, const char *arg)
{
	assert_int_equal(directive_apply(&w->policy, name, arg, "test.profile:1",
					 &w->err),
			 0);
}

/* A path on the "host": resolved to @resolved (NULL: absent). */
static struct fs_fact *fact(struct world *w, const char *path,
			    const char *resolved, enum fs_kind kind)
{
	struct fs_fact *x = fs_facts_add(&w->facts, path, resolved,
					 resolved ? kind : FS_ABSENT, &w->err);

	assert_non_null(x);
	return x;
}

/* Each rule names its own path; then plan. */
static int plan(struct world *w)
{
	assert_int_equal(fs_facts_set_rules(&w->facts, w->policy.fs.n_rules,
					    &w->err), 0);
	for (size_t i = 0; i < w->policy.fs.n_rules; i++)
		assert_int_equal(fs_facts_add_match(&w->facts, i,
						    w->policy.fs.rules[i].path,
						    &w->err), 0);
	w->facts.home_real = strdup("/home/alice");
	assert_int_equal(fs_facts_finish(&w->facts, &w->err), 0);
	return world_plan(w);
}

/* Index of the last op of @type at @dst, or -1. */
static long op_at(const struct world *w, enum mount_op_type type,
		  const char *dst)
{
	long found = -1;

	for (size_t i = 0; i < w->plan.n; i++)
		if (w->plan.ops[i].type == type &&
		    strcmp(w->plan.ops[i].dst, dst) == 0)
			found = (long)i;
	return found;
}

static void test_blacklist_covers_the_path(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "blacklist", "/home/alice/.ssh");
	fact(w, "/home/alice/.ssh", "/home/alice/.ssh", FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/home/alice/.ssh") >
		    op_at(w, MOUNT_OP_BIND, "/home/alice"));
	world_free(w);
}

/* nestbox.conf's tmpfs-size is shared by every tmpfs the program can
 * write, and only those: the read-only /dev keeps none. */
static void test_writable_tmpfs_mounts_get_the_size_limit(void **state)
{
	struct world *w = world_new();
	char *text = NULL, want[128], one[32];
	size_t len = 0, n;
	FILE *f;

	(void)state;
	snprintf(w->policy.fs.tmpfs_size, sizeof(w->policy.fs.tmpfs_size),
		 "64m");
	directive(w, "private", NULL);
	assert_int_equal(plan(w), 0);
	assert_string_equal(w->plan.tmpfs_size, "64m");
	f = open_memstream(&text, &len);
	mount_plan_print(f, &w->plan);
	fclose(f);
	n = mount_plan_writable_tmpfs(&w->plan);
	snprintf(want, sizeof(want), "tmpfs   /tmp mode=1777 size=64m/%zu nosuid", n);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof(want), "tmpfs   /dev/shm mode=1777 size=64m/%zu nosuid", n);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof(want), "tmpfs   /home/alice mode=0700 size=64m/%zu nosuid", n);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "tmpfs   /dev mode=0755 ro nosuid"));
	free(text);
	/* the three, and whatever else the plan writes into: one total,
	 * in whole pages */
	assert_true(n >= 3);
	mount_plan_tmpfs_share(&w->plan, 0, 4096, want, sizeof(want));
	snprintf(one, sizeof(one), "%llu", (64ULL << 20) / n / 4096 * 4096);
	assert_string_equal(want, one);
	/* N% of RAM as tmpfs counts it */
	strcpy(w->plan.tmpfs_size, "50%");
	mount_plan_tmpfs_share(&w->plan, 1000ULL << 20, 4096, want, sizeof(want));
	snprintf(one, sizeof(one), "%llu", (500ULL << 20) / n / 4096 * 4096);
	assert_string_equal(want, one);
	/* at least a page; none without a limit */
	strcpy(w->plan.tmpfs_size, "1");
	mount_plan_tmpfs_share(&w->plan, 0, 4096, want, sizeof(want));
	assert_string_equal(want, "4096");
	strcpy(w->plan.tmpfs_size, "999999999999g");
	mount_plan_tmpfs_share(&w->plan, 0, 4096, want, sizeof(want));
	snprintf(one, sizeof(one), "%llu", ~0ULL / n / 4096 * 4096);
	assert_string_equal(want, one);
	w->plan.tmpfs_size[0] = '\0';
	mount_plan_tmpfs_share(&w->plan, 0, 4096, want, sizeof(want));
	assert_string_equal(want, "");
	world_free(w);
}

/* `private` and `private DIR` where DIR is the home (through a link
 * too): a throwaway home holding copies, never the real home bound. */
static void test_private_of_the_home_itself_is_a_throwaway_home(void **state)
{
	const char *args[] = { NULL, "/home/alice", "/h-link" };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct world *w = world_new();
		long tmpfs, x, skel;

		strcpy(w->host.shell, "zsh");
		directive(w, "private", args[i]);
		fact(w, "/home/alice", "/home/alice", FS_DIR);
		fact(w, "/h-link", "/home/alice", FS_DIR);
		assert_int_equal(plan(w), 0);
		tmpfs = op_at(w, MOUNT_OP_TMPFS, "/home/alice");
		x = op_at(w, MOUNT_OP_COPY, "/home/alice/.Xauthority");
		skel = op_at(w, MOUNT_OP_COPY, "/home/alice/.zshrc");
		assert_int_equal(op_at(w, MOUNT_OP_BIND, "/home/alice"), -1);
		assert_true(tmpfs >= 0 && x > tmpfs && skel > tmpfs);
		assert_true(op_at(w, MOUNT_OP_COPY, "/home/alice/.asoundrc") > tmpfs);
		assert_string_equal(w->plan.ops[x].src, "/home/alice/.Xauthority");
		assert_int_equal(w->plan.ops[x].flags, MOUNT_F_NOFOLLOW);
		assert_int_equal(w->plan.ops[x].mode, 0600);
		assert_string_equal(w->plan.ops[skel].src, "/etc/skel/.zshrc");
		world_free(w);
	}
}

/* `private DIR` of another directory binds it, and copies nothing. */
static void test_private_dir_is_bound_without_copies(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "private", "/home/alice/box");
	fact(w, "/home/alice/box", "/home/alice/box", FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/home/alice") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_COPY, "/home/alice/.bashrc"), -1);
	assert_string_equal(
		w->plan.ops[op_at(w, MOUNT_OP_BIND, "/home/alice")].src,
		"/home/alice/box");
	world_free(w);
}

static void test_noblacklist_acts_only_on_later_lines(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "blacklist", "/home/alice/a");
	directive(w, "noblacklist", "/home/alice/a");
	directive(w, "noblacklist", "/home/alice/b*");
	directive(w, "blacklist", "/home/alice/b1");
	fact(w, "/home/alice/a", "/home/alice/a", FS_DIR);
	fact(w, "/home/alice/b1", "/home/alice/b1", FS_FILE);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/home/alice/a") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/home/alice/b1"), -1);
	world_free(w);
}

static void test_blacklisting_a_link_blocks_its_target(void **state)
{
	struct world *w = world_new();
	struct fs_fact *x;

	(void)state;
	directive(w, "blacklist", "/home/alice/link");
	x = fact(w, "/home/alice/link", "/usr/share/secret", FS_FILE);
	x->is_link = true;
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/usr/share/secret") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/home/alice/link"), -1);
	world_free(w);
}

static void test_absent_or_invisible_paths_need_no_mount(void **state)
{
	struct world *w = world_new();
	size_t before;

	(void)state;
	directive(w, "blacklist", "/home/alice/absent");
	directive(w, "blacklist", "/var/lib/hidden"); /* /var is not shown */
	fact(w, "/home/alice/absent", NULL, FS_ABSENT);
	fact(w, "/var/lib/hidden", "/var/lib/hidden", FS_DIR);
	assert_int_equal(plan(w), 0);
	before = w->plan.n;
	for (size_t i = 0; i < before; i++)
		assert_false(w->plan.ops[i].type == MOUNT_OP_BLOCK &&
			     strncmp(w->plan.ops[i].dst, "/sys/", 5) != 0);
	world_free(w);
}

/* A path absent only because a directory of the caller's may not be
 * searched (they could chmod it): that directory is kept as it is,
 * read-only, once; not under a noblacklist, not where it is not shown. */
static void test_path_behind_a_sealed_directory_keeps_it_sealed(void **state)
{
	struct world *w = world_new();
	struct fs_fact *x;
	long k;

	(void)state;
	directive(w, "blacklist", "/home/alice/sec/key");
	directive(w, "read-only", "/home/alice/sec/in/k2");
	directive(w, "noblacklist", "/home/alice/open/key");
	directive(w, "blacklist", "/home/alice/open/key");
	directive(w, "blacklist", "/home/alice/gone/key");
	x = fact(w, "/home/alice/sec/key", NULL, FS_ABSENT);
	x->sealed_by = strdup("/home/alice/sec");
	x = fact(w, "/home/alice/sec/in/k2", NULL, FS_ABSENT);
	x->sealed_by = strdup("/home/alice/sec");
	x = fact(w, "/home/alice/open/key", NULL, FS_ABSENT);
	x->sealed_by = strdup("/home/alice/open");
	fact(w, "/home/alice/gone/key", NULL, FS_ABSENT);
	assert_int_equal(plan(w), 0);
	k = op_at(w, MOUNT_OP_REBIND, "/home/alice/sec");
	assert_true(k >= 0);
	assert_int_equal(w->plan.ops[k].flags, MOUNT_F_RDONLY | MOUNT_F_OPTIONAL);
	for (size_t i = 0; i < (size_t)k; i++)
		assert_false(w->plan.ops[i].type == MOUNT_OP_REBIND &&
			     strcmp(w->plan.ops[i].dst, "/home/alice/sec") == 0);
	assert_int_equal(op_at(w, MOUNT_OP_REBIND, "/home/alice/open"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_REBIND, "/home/alice/gone"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/home/alice/sec/key"), -1);
	world_free(w);
}

static void test_whitelist_empties_home_and_binds_back(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "whitelist", "/home/alice/Downloads");
	directive(w, "blacklist", "/home/alice/.ssh");
	fact(w, "/home/alice/Downloads", "/home/alice/Downloads", FS_DIR);
	fact(w, "/home/alice/.ssh", "/home/alice/.ssh", FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/home/alice"), -1);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/home/alice") >= 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/home/alice/Downloads") >
		    op_at(w, MOUNT_OP_TMPFS, "/home/alice"));
	assert_true(w->plan.ops[op_at(w, MOUNT_OP_BIND,
				      "/home/alice/Downloads")].flags &
		    MOUNT_F_NOFOLLOW);
	/* ~/.ssh is not whitelisted: not shown, nothing to block */
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/home/alice/.ssh"), -1);
	world_free(w);
}

static void test_blacklist_inside_whitelist_wins(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "blacklist", "/home/alice/.mozilla/secret");
	directive(w, "read-only", "/home/alice/.mozilla/ro");
	directive(w, "whitelist", "/home/alice/.mozilla");
	fact(w, "/home/alice/.mozilla", "/home/alice/.mozilla", FS_DIR);
	fact(w, "/home/alice/.mozilla/secret", "/home/alice/.mozilla/secret",
	     FS_FILE);
	fact(w, "/home/alice/.mozilla/ro", "/home/alice/.mozilla/ro", FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/home/alice/.mozilla/secret") >
		    op_at(w, MOUNT_OP_BIND, "/home/alice/.mozilla"));
	assert_true(op_at(w, MOUNT_OP_REBIND, "/home/alice/.mozilla/ro") >
		    op_at(w, MOUNT_OP_BIND, "/home/alice/.mozilla"));
	world_free(w);
}

static void test_nowhitelist_acts_only_on_later_lines(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "nowhitelist", "/home/alice/b");
	directive(w, "whitelist", "/home/alice/a");
	directive(w, "whitelist", "/home/alice/b");
	fact(w, "/home/alice/a", "/home/alice/a", FS_DIR);
	fact(w, "/home/alice/b", "/home/alice/b", FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/home/alice/a") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/home/alice/b"), -1);
	world_free(w);
}

static void test_whitelisted_symlink_out_of_home_is_refused(void **state)
{
	struct world *w = world_new();
	struct fs_fact *out, *in;

	(void)state;
	directive(w, "whitelist", "/home/alice/out");
	directive(w, "whitelist", "/home/alice/in");
	directive(w, "whitelist", "/home/alice/real");
	directive(w, "whitelist", "/home/alice/bob");
	directive(w, "whitelist", "/home/alice/chain");
	out = fact(w, "/home/alice/out", "/etc/shadow-ish", FS_FILE);
	out->is_link = true;
	out->link = strdup("/etc/shadow-ish");
	in = fact(w, "/home/alice/in", "/home/alice/real", FS_DIR);
	in->is_link = true;
	in->link = strdup("real");
	fact(w, "/home/alice/real", "/home/alice/real", FS_DIR);
	/* ~/../bob: another user's home, which the sandbox does not show */
	out = fact(w, "/home/alice/bob", "/home/bob", FS_DIR);
	out->is_link = true;
	out->link = strdup("../bob");
	/* a chain that leaves home (~/chain -> ~/hop -> /root/x) */
	out = fact(w, "/home/alice/chain", "/root/x", FS_DIR);
	out->is_link = true;
	out->link = strdup("hop");
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/home/alice/out"), -1);
	/* into /etc, which the sandbox shows anyway: only the link */
	assert_true(op_at(w, MOUNT_OP_SYMLINK, "/home/alice/out") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/etc/shadow-ish"), -1);
	/* a link to a whitelisted path: the link, and the target's bind */
	assert_true(op_at(w, MOUNT_OP_SYMLINK, "/home/alice/in") >= 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/home/alice/real") >= 0);
	/* out of home into what the sandbox hides: neither link nor bind */
	assert_int_equal(op_at(w, MOUNT_OP_SYMLINK, "/home/alice/bob"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/home/bob"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_SYMLINK, "/home/alice/chain"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/root/x"), -1);
	world_free(w);
}

/* firejail's rule: a whitelisted link whose target is in home (GNU
 * stow's ~/.mozilla -> dotfiles/mozilla) shows the link and binds the
 * target where it is, by its symlink-free path, and nothing beside it. */
static void test_whitelisted_symlink_into_home_binds_its_target(void **state)
{
	struct world *w = world_new();
	struct fs_fact *x;
	long b, l;

	(void)state;
	directive(w, "whitelist", "/home/alice/.mozilla");
	directive(w, "whitelist-ro", "/home/alice/.gitconfig");
	directive(w, "whitelist", "/home/alice/.config/app");
	x = fact(w, "/home/alice/.mozilla", "/home/alice/dotfiles/mozilla",
		 FS_DIR);
	x->is_link = true;
	x->link = strdup("dotfiles/mozilla");
	x = fact(w, "/home/alice/.gitconfig", "/home/alice/dotfiles/git/cfg",
		 FS_FILE);
	x->is_link = true;
	x->link = strdup("dotfiles/git/cfg");
	/* a folded directory: the link is higher up (~/.config) */
	fact(w, "/home/alice/.config/app", "/home/alice/dotfiles/config/app",
	     FS_DIR);
	assert_int_equal(plan(w), 0);
	b = op_at(w, MOUNT_OP_BIND, "/home/alice/dotfiles/mozilla");
	assert_true(b >= 0);
	assert_string_equal(w->plan.ops[b].src, "/home/alice/dotfiles/mozilla");
	assert_true(w->plan.ops[b].flags & MOUNT_F_NOFOLLOW);
	assert_false(w->plan.ops[b].flags & MOUNT_F_RDONLY);
	l = op_at(w, MOUNT_OP_SYMLINK, "/home/alice/.mozilla");
	assert_true(l >= 0);
	assert_string_equal(w->plan.ops[l].src, "/home/alice/dotfiles/mozilla");
	/* nothing else of ~/dotfiles, and never a bind on the link */
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/home/alice/dotfiles"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/home/alice/.mozilla"), -1);
	/* whitelist-ro holds on the target */
	b = op_at(w, MOUNT_OP_BIND, "/home/alice/dotfiles/git/cfg");
	assert_true(b >= 0 && (w->plan.ops[b].flags & MOUNT_F_RDONLY));
	assert_true(op_at(w, MOUNT_OP_SYMLINK, "/home/alice/.gitconfig") >= 0);
	/* firejail binds a folded directory's target, makes no link */
	assert_true(op_at(w, MOUNT_OP_BIND, "/home/alice/dotfiles/config/app") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_SYMLINK, "/home/alice/.config"), -1);
	world_free(w);
}

/* A link inside a tree the sandbox writes (~/.mozilla whitelisted, and
 * ~/.mozilla/x too) may be the sandbox's own work: never followed to a
 * target the profile does not show. */
static void test_link_inside_a_writable_whitelist_is_not_followed(void **state)
{
	struct world *w = world_new();
	struct fs_fact *x;

	(void)state;
	directive(w, "whitelist", "/home/alice/.mozilla");
	directive(w, "whitelist", "/home/alice/.mozilla/x");
	fact(w, "/home/alice/.mozilla", "/home/alice/.mozilla", FS_DIR);
	x = fact(w, "/home/alice/.mozilla/x", "/home/alice/.ssh", FS_DIR);
	x->is_link = true;
	x->link = strdup("../.ssh");
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/home/alice/.ssh"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_SYMLINK, "/home/alice/.mozilla/x"), -1);
	assert_true(op_at(w, MOUNT_OP_BIND, "/home/alice/.mozilla") >= 0);
	world_free(w);
}

/* nowhitelist of the target wins over the link's whitelist, as in
 * firejail (which compares the resolved paths). */
static void test_nowhitelist_of_a_links_target(void **state)
{
	struct world *w = world_new();
	struct fs_fact *x;

	(void)state;
	directive(w, "nowhitelist", "/home/alice/dotfiles/mozilla");
	directive(w, "whitelist", "/home/alice/.mozilla");
	directive(w, "whitelist", "/home/alice/keep");
	x = fact(w, "/home/alice/.mozilla", "/home/alice/dotfiles/mozilla",
		 FS_DIR);
	x->is_link = true;
	x->link = strdup("dotfiles/mozilla");
	fact(w, "/home/alice/dotfiles/mozilla", "/home/alice/dotfiles/mozilla",
	     FS_DIR);
	fact(w, "/home/alice/keep", "/home/alice/keep", FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/home/alice/dotfiles/mozilla"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_SYMLINK, "/home/alice/.mozilla"), -1);
	assert_true(op_at(w, MOUNT_OP_BIND, "/home/alice/keep") >= 0);
	world_free(w);
}

static void test_whitelist_ro_and_system_tops(void **state)
{
	struct world *w = world_new();
	long b;

	(void)state;
	directive(w, "whitelist-ro", "/home/alice/docs");
	directive(w, "whitelist", "/usr/share/fonts");
	fact(w, "/home/alice/docs", "/home/alice/docs", FS_DIR);
	fact(w, "/usr/share/fonts", "/usr/share/fonts", FS_DIR);
	assert_int_equal(plan(w), 0);
	b = op_at(w, MOUNT_OP_BIND, "/home/alice/docs");
	assert_true(b >= 0 && (w->plan.ops[b].flags & MOUNT_F_RDONLY));
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/usr/share") >= 0);
	b = op_at(w, MOUNT_OP_BIND, "/usr/share/fonts");
	assert_true(b > op_at(w, MOUNT_OP_TMPFS, "/usr/share"));
	assert_true(w->plan.ops[b].flags & MOUNT_F_RDONLY);
	world_free(w);
}

/* blender's `whitelist /sys/module/amdgpu`: a read-only tmpfs over the
 * sandbox's /sys/module, after its sysfs, the module bound back. */
static void test_whitelist_in_sys_module(void **state)
{
	struct world *w = world_new();
	long t, b;

	(void)state;
	directive(w, "whitelist", "/sys/module/amdgpu");
	fact(w, "/sys/module/amdgpu", "/sys/module/amdgpu", FS_DIR);
	assert_int_equal(plan(w), 0);
	t = op_at(w, MOUNT_OP_TMPFS, "/sys/module");
	b = op_at(w, MOUNT_OP_BIND, "/sys/module/amdgpu");
	assert_true(t > op_at(w, MOUNT_OP_SYSFS, "/sys"));
	assert_true(w->plan.ops[t].flags & MOUNT_F_RDONLY);
	assert_true(b > t && (w->plan.ops[b].flags & MOUNT_F_RDONLY));
	world_free(w);
}

static void test_private_etc_and_bin_bind_only_the_listed(void **state)
{
	struct world *w = world_new();
	struct fs_fact *x;

	(void)state;
	directive(w, "private-etc", "passwd,localtime,missing");
	directive(w, "private-bin", "sh,python3");
	fact(w, "/etc/passwd", "/etc/passwd", FS_FILE);
	x = fact(w, "/etc/localtime", "/usr/share/zoneinfo/UTC", FS_FILE);
	x->is_link = true;
	x->link = strdup("/usr/share/zoneinfo/UTC");
	fact(w, "/etc/missing", NULL, FS_ABSENT);
	fact(w, "/usr/bin", "/usr/bin", FS_DIR);
	fact(w, "/bin", "/usr/bin", FS_DIR);
	fact(w, "/usr/bin/sh", "/usr/bin/dash", FS_FILE);
	fact(w, "/usr/bin/python3", "/usr/bin/python3.11", FS_FILE);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/etc") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/etc"), -1);
	assert_true(op_at(w, MOUNT_OP_BIND, "/etc/passwd") >= 0);
	assert_true(op_at(w, MOUNT_OP_SYMLINK, "/etc/localtime") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/etc/missing"), -1);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/usr/bin") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_TMPFS, "/bin"), -1);
	assert_string_equal(
		w->plan.ops[op_at(w, MOUNT_OP_BIND, "/usr/bin/python3")].src,
		"/usr/bin/python3.11");
	assert_true(op_at(w, MOUNT_OP_BIND, "/usr/bin/sh") >
		    op_at(w, MOUNT_OP_TMPFS, "/usr/bin"));
	world_free(w);
}

#define LIBDIR "/usr/lib/x86_64-linux-gnu"

/* A path private-lib's facts say to show. */
static struct fs_fact *lib_fact(struct world *w, const char *path,
				const char *resolved, enum fs_kind kind)
{
	assert_int_equal(fs_facts_add_lib_path(&w->facts, path, &w->err), 0);
	return fact(w, path, resolved, kind);
}

static void test_private_lib_shows_only_what_was_found(void **state)
{
	struct world *w = world_new();
	struct fs_fact *x;
	long t;

	(void)state;
	directive(w, "private-lib", "gconv");
	fact(w, LIBDIR, LIBDIR, FS_DIR);
	/* merged /usr: a link into the other, confined there */
	fact(w, "/lib/x86_64-linux-gnu", LIBDIR, FS_DIR);
	lib_fact(w, LIBDIR "/libc.so.6", LIBDIR "/libc.so.6", FS_FILE);
	x = lib_fact(w, LIBDIR "/libz.so.1", LIBDIR "/libz.so.1.2.13", FS_FILE);
	x->is_link = true;
	x->link = strdup("libz.so.1.2.13");
	lib_fact(w, LIBDIR "/libz.so.1.2.13", LIBDIR "/libz.so.1.2.13", FS_FILE);
	/* a link out of /usr: its target is bound in its place */
	x = lib_fact(w, LIBDIR "/libblas.so.3", "/etc/alternatives/blas",
		     FS_FILE);
	x->is_link = true;
	x->link = strdup("/etc/alternatives/blas");
	lib_fact(w, LIBDIR "/gconv", LIBDIR "/gconv", FS_DIR);
	/* inside a directory shown whole: nothing of its own */
	lib_fact(w, LIBDIR "/gconv/UTF-16.so", LIBDIR "/gconv/UTF-16.so",
		 FS_FILE);
	lib_fact(w, LIBDIR "/libgone.so.1", NULL, FS_ABSENT);
	assert_int_equal(plan(w), 0);

	t = op_at(w, MOUNT_OP_TMPFS, LIBDIR);
	assert_true(t > op_at(w, MOUNT_OP_BIND, "/usr"));
	assert_true(w->plan.ops[t].flags & MOUNT_F_RDONLY);
	assert_true(w->plan.ops[t].flags & MOUNT_F_NOCREATE);
	assert_int_equal(op_at(w, MOUNT_OP_TMPFS, "/lib/x86_64-linux-gnu"), -1);
	assert_true(op_at(w, MOUNT_OP_BIND, LIBDIR "/libc.so.6") > t);
	assert_string_equal(
		w->plan.ops[op_at(w, MOUNT_OP_SYMLINK, LIBDIR "/libz.so.1")].src,
		"libz.so.1.2.13");
	assert_true(op_at(w, MOUNT_OP_BIND, LIBDIR "/libz.so.1.2.13") > t);
	assert_int_equal(op_at(w, MOUNT_OP_SYMLINK, LIBDIR "/libblas.so.3"), -1);
	assert_string_equal(
		w->plan.ops[op_at(w, MOUNT_OP_BIND, LIBDIR "/libblas.so.3")].src,
		"/etc/alternatives/blas");
	assert_true(w->plan.ops[op_at(w, MOUNT_OP_BIND, LIBDIR "/libc.so.6")].flags &
		    MOUNT_F_NOFOLLOW);
	assert_true(op_at(w, MOUNT_OP_BIND, LIBDIR "/gconv") > t);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, LIBDIR "/gconv/UTF-16.so"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, LIBDIR "/libgone.so.1"), -1);
	world_free(w);
}

/* No real library directory (another layout, another machine): the
 * gatherer says private-lib is not enforced; the plan is unchanged. */
static void test_private_lib_without_a_library_directory(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "private-lib", NULL);
	fact(w, LIBDIR, NULL, FS_ABSENT);
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_TMPFS, LIBDIR), -1);
	assert_true(op_at(w, MOUNT_OP_BIND, "/usr") >= 0);
	world_free(w);
}

static void test_tmpfs_only_below_home(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "tmpfs", "/etc/xdg");
	fact(w, "/etc/xdg", "/etc/xdg", FS_DIR);
	assert_int_equal(plan(w), -1);
	assert_non_null(strstr(w->err.msg, "test.profile:1: tmpfs /etc/xdg"));
	world_free(w);
}

static void test_mkdir_creates_on_the_host_first(void **state)
{
	struct world *w = world_new();
	struct fs_fact *x;
	long m;

	(void)state;
	directive(w, "mkdir", "/home/alice/.cache/app");
	directive(w, "whitelist", "/home/alice/.cache/app");
	x = fact(w, "/home/alice/.cache/app", "/home/alice/.cache/app", FS_DIR);
	x->created = true;
	assert_int_equal(plan(w), 0);
	m = op_at(w, MOUNT_OP_HOST_MKDIR, "/home/alice/.cache/app");
	assert_true(m >= 0);
	assert_string_equal(w->plan.ops[m].src, "/home/alice");
	assert_true(op_at(w, MOUNT_OP_BIND, "/home/alice/.cache/app") >= 0);
	world_free(w);
}

/* Issue #19: every directory between home and a read-only or blacklisted
 * path is pinned (a mountpoint cannot be renamed), shallowest first and
 * before the rule's own mount, once. */
static void test_parents_of_protected_paths_are_pinned_first(void **state)
{
	struct world *w = world_new();
	long local, share, keyrings, apps;

	(void)state;
	directive(w, "blacklist", "/home/alice/.local/share/keyrings");
	directive(w, "read-only", "/home/alice/.local/share/applications");
	fact(w, "/home/alice/.local", "/home/alice/.local", FS_DIR);
	fact(w, "/home/alice/.local/share", "/home/alice/.local/share", FS_DIR);
	fact(w, "/home/alice/.local/share/keyrings",
	     "/home/alice/.local/share/keyrings", FS_DIR);
	fact(w, "/home/alice/.local/share/applications",
	     "/home/alice/.local/share/applications", FS_DIR);
	assert_int_equal(plan(w), 0);
	local = op_at(w, MOUNT_OP_REBIND, "/home/alice/.local");
	share = op_at(w, MOUNT_OP_REBIND, "/home/alice/.local/share");
	keyrings = op_at(w, MOUNT_OP_BLOCK, "/home/alice/.local/share/keyrings");
	apps = op_at(w, MOUNT_OP_REBIND,
		     "/home/alice/.local/share/applications");
	assert_true(local >= 0 && local < share && share < keyrings &&
		    keyrings < apps);
	/* a pin changes no flag */
	assert_int_equal(w->plan.ops[share].flags, MOUNT_F_OPTIONAL);
	/* pinned once, for both rules */
	for (size_t i = (size_t)share + 1; i < w->plan.n; i++)
		assert_string_not_equal(w->plan.ops[i].dst,
					"/home/alice/.local/share");
	world_free(w);
}

/* A directory mkdir creates on the host is no mountpoint: a rule below it
 * still pins it. */
static void test_directory_made_by_mkdir_is_still_pinned(void **state)
{
	struct world *w = world_new();
	long pin, block;

	(void)state;
	directive(w, "blacklist", "/home/alice/.config/git/credentials");
	directive(w, "mkdir", "/home/alice/.config/git");
	fact(w, "/home/alice/.config", "/home/alice/.config", FS_DIR);
	fact(w, "/home/alice/.config/git", "/home/alice/.config/git",
	     FS_DIR)->created = true;
	fact(w, "/home/alice/.config/git/credentials",
	     "/home/alice/.config/git/credentials", FS_FILE);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_HOST_MKDIR, "/home/alice/.config/git") >= 0);
	pin = op_at(w, MOUNT_OP_REBIND, "/home/alice/.config/git");
	block = op_at(w, MOUNT_OP_BLOCK, "/home/alice/.config/git/credentials");
	assert_true(pin >= 0 && pin < block);
	world_free(w);
}

/* A symlinked ~/.config: the link itself is pinned (MOUNT_F_LINK), so it
 * cannot be replaced by a directory, and its target's directories too. */
static void test_symlinked_parent_is_pinned_as_link_and_target(void **state)
{
	struct world *w = world_new();
	struct fs_fact *x;
	long link, dots, cfg, ro;

	(void)state;
	directive(w, "read-only", "/home/alice/.config/autostart");
	x = fact(w, "/home/alice/.config", "/home/alice/dots/config", FS_DIR);
	x->is_link = true;
	fact(w, "/home/alice/.config/autostart",
	     "/home/alice/dots/config/autostart", FS_DIR);
	fact(w, "/home/alice/.config/nestbox", "/home/alice/dots/config/nestbox",
	     FS_DIR);
	assert_int_equal(plan(w), 0);
	link = op_at(w, MOUNT_OP_REBIND, "/home/alice/.config");
	dots = op_at(w, MOUNT_OP_REBIND, "/home/alice/dots");
	cfg = op_at(w, MOUNT_OP_REBIND, "/home/alice/dots/config");
	ro = op_at(w, MOUNT_OP_REBIND, "/home/alice/dots/config/autostart");
	assert_true(link >= 0 && dots >= 0 && cfg >= 0 && ro >= 0);
	assert_true(w->plan.ops[link].flags & MOUNT_F_LINK);
	assert_false(w->plan.ops[cfg].flags & MOUNT_F_LINK);
	assert_true(cfg < ro);
	assert_true(w->plan.ops[ro].flags & MOUNT_F_RDONLY);
	world_free(w);
}

/* A held file that is itself a link (a dotfile manager's ~/.bashrc):
 * pinned as the link where it lies, and held read-only at its target. */
static void test_symlinked_file_is_pinned_as_link_and_target(void **state)
{
	struct world *w = world_new();
	struct fs_fact *x;
	long link, ro;

	(void)state;
	directive(w, "read-only", "/home/alice/.bashrc");
	x = fact(w, "/home/alice/.bashrc", "/home/alice/dots/bashrc", FS_FILE);
	x->is_link = true;
	fact(w, "/home/alice/dots", "/home/alice/dots", FS_DIR);
	assert_int_equal(plan(w), 0);
	link = op_at(w, MOUNT_OP_REBIND, "/home/alice/.bashrc");
	ro = op_at(w, MOUNT_OP_REBIND, "/home/alice/dots/bashrc");
	assert_true(link >= 0 && ro >= 0);
	assert_true(w->plan.ops[link].flags & MOUNT_F_LINK);
	assert_false(w->plan.ops[link].flags & MOUNT_F_RDONLY);
	assert_true(w->plan.ops[ro].flags & MOUNT_F_RDONLY);
	world_free(w);
}

/* keep-missing: a missing path is made a link to nowhere on the host and
 * pinned as a link in the sandbox; one that exists is left to its other
 * rules; below home only. */
static void test_keep_missing_pins_a_link_to_nowhere(void **state)
{
	struct world *w = world_new();
	long made, pin;

	(void)state;
	directive(w, "keep-missing", "/home/alice/.emacs");
	directive(w, "keep-missing", "/home/alice/.emacs.el");
	directive(w, "read-only", "/home/alice/.emacs.el");
	fact(w, "/home/alice/.emacs", NULL, FS_ABSENT);
	fact(w, "/home/alice/.emacs.el", "/home/alice/.emacs.el", FS_FILE);
	assert_int_equal(plan(w), 0);
	made = op_at(w, MOUNT_OP_HOST_MKFILE, "/home/alice/.emacs");
	pin = op_at(w, MOUNT_OP_REBIND, "/home/alice/.emacs");
	assert_true(made >= 0 && pin > made);
	assert_true(w->plan.ops[made].flags & MOUNT_F_LINK);
	assert_string_equal(w->plan.ops[made].src, "/home/alice");
	assert_string_equal(w->plan.ops[made].text, KEEP_MISSING_TARGET);
	assert_true(w->plan.ops[pin].flags & MOUNT_F_LINK);
	/* present: its read-only rule's, no link made */
	assert_true(op_at(w, MOUNT_OP_HOST_MKFILE, "/home/alice/.emacs.el") < 0);
	pin = op_at(w, MOUNT_OP_REBIND, "/home/alice/.emacs.el");
	assert_true(pin >= 0 && (w->plan.ops[pin].flags & MOUNT_F_RDONLY));
	world_free(w);

	/* not below home: refused, naming the line */
	w = world_new();
	directive(w, "keep-missing", "/tmp/x");
	fact(w, "/tmp/x", NULL, FS_ABSENT);
	assert_int_equal(plan(w), -1);
	assert_non_null(strstr(w->err.msg, "test.profile:1: keep-missing /tmp/x"));
	world_free(w);

	/* a home not shown: nothing made */
	w = world_new();
	directive(w, "private", NULL);
	directive(w, "keep-missing", "/home/alice/.emacs");
	fact(w, "/home/alice/.emacs", NULL, FS_ABSENT);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_HOST_MKFILE, "/home/alice/.emacs") < 0);
	world_free(w);
}

/* mkfile of ~/.bash_profile: a stand-in that goes on down bash's login
 * chain, not an empty file that would hide ~/.profile. */
static void test_missing_bash_profile_gets_a_chain_keeping_stand_in(void **state)
{
	struct world *w = world_new();
	long m, rc;

	(void)state;
	directive(w, "mkfile", "/home/alice/.bash_profile");
	directive(w, "mkfile", "/home/alice/.bashrc");
	fact(w, "/home/alice/.bash_profile", "/home/alice/.bash_profile",
	     FS_FILE)->created = true;
	fact(w, "/home/alice/.bashrc", "/home/alice/.bashrc", FS_FILE)->created =
		true;
	assert_int_equal(plan(w), 0);
	m = op_at(w, MOUNT_OP_HOST_MKFILE, "/home/alice/.bash_profile");
	rc = op_at(w, MOUNT_OP_HOST_MKFILE, "/home/alice/.bashrc");
	assert_true(m >= 0 && rc >= 0);
	assert_non_null(w->plan.ops[m].text);
	assert_non_null(strstr(w->plan.ops[m].text, ". \"$HOME/.profile\""));
	assert_null(w->plan.ops[rc].text);
	world_free(w);
}

/* mkfile of ~/.xsession: an executable stand-in (Xsession runs it
 * directly, gdm's custom session only when executable) that goes on to
 * ~/.Xsession; ~/.tcshrc's reads ~/.cshrc, and is not executable. */
static void test_missing_xsession_gets_an_executable_stand_in(void **state)
{
	struct world *w = world_new();
	long x, t;

	(void)state;
	directive(w, "mkfile", "/home/alice/.xsession");
	directive(w, "mkfile", "/home/alice/.tcshrc");
	fact(w, "/home/alice/.xsession", "/home/alice/.xsession", FS_FILE)
		->created = true;
	fact(w, "/home/alice/.tcshrc", "/home/alice/.tcshrc", FS_FILE)
		->created = true;
	assert_int_equal(plan(w), 0);
	x = op_at(w, MOUNT_OP_HOST_MKFILE, "/home/alice/.xsession");
	t = op_at(w, MOUNT_OP_HOST_MKFILE, "/home/alice/.tcshrc");
	assert_true(x >= 0 && t >= 0);
	assert_int_equal(w->plan.ops[x].mode, 0700);
	assert_non_null(w->plan.ops[x].text);
	assert_true(strncmp(w->plan.ops[x].text, "#!/bin/sh\n", 10) == 0);
	assert_non_null(strstr(w->plan.ops[x].text, "exec \"$HOME/.Xsession\""));
	assert_int_equal(w->plan.ops[t].mode, 0);
	assert_non_null(strstr(w->plan.ops[t].text, "source ~/.cshrc"));
	world_free(w);
}

/* A path created below a symlinked directory is created where the link
 * leads (mount.c follows no symlink beneath the anchor). */
static void test_mkdir_below_a_symlinked_parent_creates_at_its_target(void **state)
{
	struct world *w = world_new();
	long m;

	(void)state;
	directive(w, "mkdir", "/home/alice/.config/autostart");
	directive(w, "read-only", "/home/alice/.config/autostart");
	fact(w, "/home/alice/.config/autostart",
	     "/home/alice/dots/config/autostart", FS_DIR)->created = true;
	assert_int_equal(plan(w), 0);
	m = op_at(w, MOUNT_OP_HOST_MKDIR, "/home/alice/dots/config/autostart");
	assert_true(m >= 0);
	assert_string_equal(w->plan.ops[m].src, "/home/alice");
	assert_true(op_at(w, MOUNT_OP_REBIND,
			  "/home/alice/dots/config/autostart") >= 0);
	world_free(w);
}

static void test_mkdir_outside_home_tmp_runuser_is_refused(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "mkdir", "/etc/foo");
	fact(w, "/etc/foo", "/etc/foo", FS_DIR)->created = true;
	assert_int_equal(plan(w), -1);
	/* refused for where it is, not for another reason */
	assert_non_null(strstr(w->err.msg,
			       "test.profile:1: mkdir /etc/foo: only below home, /tmp or "));
	world_free(w);
}

static void test_own_configuration_is_read_only_last(void **state)
{
	struct world *w = world_new();
	long ro;

	(void)state;
	directive(w, "read-write", "/home/alice/.config/nestbox");
	fact(w, "/home/alice/.config", "/home/alice/.config", FS_DIR);
	fact(w, "/home/alice/.config/nestbox", "/home/alice/.config/nestbox",
	     FS_DIR);
	assert_int_equal(plan(w), 0);
	ro = op_at(w, MOUNT_OP_REBIND, "/home/alice/.config/nestbox");
	assert_int_equal(ro, (long)w->plan.n - 1);
	assert_true(w->plan.ops[ro].flags & MOUNT_F_RDONLY);
	/* ~/.config itself is pinned: it cannot be renamed away */
	assert_true(op_at(w, MOUNT_OP_REBIND, "/home/alice/.config") >= 0);
	world_free(w);
}

static void test_own_configuration_hidden_by_whitelist_needs_nothing(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "whitelist", "/home/alice/Downloads");
	fact(w, "/home/alice/Downloads", "/home/alice/Downloads", FS_DIR);
	fact(w, "/home/alice/.config", "/home/alice/.config", FS_DIR);
	fact(w, "/home/alice/.config/nestbox", "/home/alice/.config/nestbox",
	     FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_REBIND, "/home/alice/.config/nestbox"),
			 -1);
	world_free(w);
}

static void test_private_home_and_cache(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "private", NULL);
	directive(w, "whitelist", "/home/alice/Downloads");
	fact(w, "/home/alice/Downloads", "/home/alice/Downloads", FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/home/alice") >= 0);
	/* `private` ignores home's whitelists, as firejail does */
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/home/alice/Downloads"), -1);
	world_free(w);
}

static void test_machine_id_and_nosound(void **state)
{
	struct world *w = world_new();
	long m;

	(void)state;
	directive(w, "machine-id", NULL);
	directive(w, "nosound", NULL);
	strcpy(w->facts.machine_id, "0123456789abcdef0123456789abcdef");
	assert_int_equal(plan(w), 0);
	m = op_at(w, MOUNT_OP_FILE, "/etc/machine-id");
	assert_true(m >= 0);
	assert_string_equal(w->plan.ops[m].src,
			    "0123456789abcdef0123456789abcdef\n");
	assert_true(w->plan.ops[m].flags & MOUNT_F_NOCREATE);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/run/user/1000/pulse") >= 0);
	world_free(w);
}

static void test_paths_are_normalized_and_dotdot_refused(void **state)
{
	struct world *w = world_new();

	(void)state;
	assert_int_equal(directive_apply(&w->policy, "blacklist",
					 "/home//alice/./x", NULL, &w->err), -1);
	assert_int_equal(directive_apply(&w->policy, "blacklist",
					 "/home/alice/../bob", NULL, &w->err), -1);
	assert_int_equal(directive_apply(&w->policy, "blacklist", "relative", NULL,
					 &w->err), -1);
	assert_int_equal(directive_apply(&w->policy, "blacklist",
					 "/home//alice/x/", NULL, &w->err), 0);
	assert_string_equal(w->policy.fs.rules[0].path, "/home/alice/x");
	world_free(w);
}

/* Home reached through a symlink to a shorter path: a resolved path that
 * fits on the host may not fit once shown at home's own name.  The plan
 * fails rather than cut it (cut, it would name another file). */
static void test_path_too_long_once_shown_under_home_is_an_error(void **state)
{
	struct world *w = world_new();
	static char resolved[PATH_MAX];
	size_t n;

	(void)state;
	directive(w, "blacklist", "/home/alice/x");
	strcpy(resolved, "/h/");
	for (n = strlen(resolved); n < PATH_MAX - 2; n++)
		resolved[n] = (n % 100 == 0) ? '/' : 'y';
	resolved[n] = '\0';
	fact(w, "/home/alice/x", resolved, FS_FILE);
	assert_int_equal(fs_facts_set_rules(&w->facts, 1, &w->err), 0);
	assert_int_equal(fs_facts_add_match(&w->facts, 0, "/home/alice/x",
					    &w->err), 0);
	w->facts.home_real = strdup("/h");
	assert_int_equal(fs_facts_finish(&w->facts, &w->err), 0);
	assert_int_equal(world_plan(w), -1);
	assert_non_null(strstr(w->err.msg, "test.profile:1: blacklist"));
	assert_int_equal(w->err.errnum, ENAMETOOLONG);
	world_free(w);
}

static void test_kernel_fs_paths_are_taken_as_written(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "blacklist", "/proc/sys/kernel/core_pattern");
	directive(w, "read-only", "/dev/shm");
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/proc/sys/kernel/core_pattern") >= 0);
	assert_true(op_at(w, MOUNT_OP_REBIND, "/dev/shm") >= 0);
	world_free(w);
}

static size_t count_at(const struct world *w, enum mount_op_type type,
		       const char *dst)
{
	size_t n = 0;

	for (size_t i = 0; i < w->plan.n; i++)
		n += w->plan.ops[i].type == type &&
		     strcmp(w->plan.ops[i].dst, dst) == 0;
	return n;
}

/* firejail's chromium profile says `noexec /dev/shm` twice, and the
 * sandbox's /dev/shm is a noexec tmpfs already: no mount is stacked
 * there (chromium's wrapper runs findmnt -T /dev/shm and expects one
 * line), while a noexec on a path that is not noexec yet is planned
 * once, however often it is said. */
static void test_noexec_on_what_is_noexec_already_stacks_nothing(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "noexec", "/dev/shm");
	directive(w, "noexec", "/dev/shm");
	directive(w, "noexec", "/home/alice/Downloads");
	directive(w, "noexec", "/home/alice/Downloads");
	fact(w, "/home/alice/Downloads", "/home/alice/Downloads", FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_int_equal(count_at(w, MOUNT_OP_REBIND, "/dev/shm"), 0);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/dev/shm") >= 0);
	assert_true(w->plan.ops[op_at(w, MOUNT_OP_TMPFS, "/dev/shm")].flags &
		    MOUNT_F_NOEXEC);
	assert_int_equal(count_at(w, MOUNT_OP_REBIND, "/home/alice/Downloads"), 1);
	world_free(w);
}

/* As plan(), but rule @glob matched @matches (NULL-terminated), in
 * the glob's order: a directory's entries together. */
static int plan_globbed(struct world *w, size_t glob,
			const char *const *matches)
{
	assert_int_equal(fs_facts_set_rules(&w->facts, w->policy.fs.n_rules,
					    &w->err), 0);
	for (size_t i = 0; i < w->policy.fs.n_rules; i++) {
		if (i != glob) {
			assert_int_equal(fs_facts_add_match(&w->facts, i,
							    w->policy.fs.rules[i].path,
							    &w->err), 0);
			continue;
		}
		for (const char *const *m = matches; *m; m++)
			assert_int_equal(fs_facts_add_match(&w->facts, i, *m,
							    &w->err), 0);
	}
	w->facts.home_real = strdup("/home/alice");
	assert_int_equal(fs_facts_finish(&w->facts, &w->err), 0);
	return world_plan(w);
}

static size_t count_ops(const struct world *w, enum mount_op_type type)
{
	size_t n = 0;

	for (size_t i = 0; i < w->plan.n; i++)
		n += w->plan.ops[i].type == type;
	return n;
}

/* The same, of those below @dir. */
static size_t count_ops_under(const struct world *w, enum mount_op_type type,
			      const char *dir)
{
	size_t n = 0, len = strlen(dir);

	for (size_t i = 0; i < w->plan.n; i++)
		n += w->plan.ops[i].type == type &&
		     strncmp(w->plan.ops[i].dst, dir, len) == 0 &&
		     w->plan.ops[i].dst[len] == '/';
	return n;
}

static const char *const proc_sys_entries[] = {
	"/proc/sys/kernel/ostype", "/proc/sys/kernel/osrelease",
	"/proc/sys/kernel/random", "/proc/sys/vm/swappiness",
	"/proc/sys/vm/overcommit_memory", NULL,
};

/* firejail's `blacklist /proc/sys/STAR/STAR`: one cover per directory,
 * not one per entry; an earlier noblacklist keeps its entry. */
static void test_every_entry_of_proc_sys_dirs_is_one_cover(void **state)
{
	struct world *w = world_new();
	long kernel;

	(void)state;
	directive(w, "noblacklist", "/proc/sys/kernel/osrelease");
	directive(w, "blacklist", "/proc/sys/*/*");
	assert_int_equal(plan_globbed(w, 1, proc_sys_entries), 0);
	assert_int_equal(count_ops_under(w, MOUNT_OP_BLOCK, "/proc"), 0);
	assert_int_equal(count_ops(w, MOUNT_OP_BLOCK_ENTRIES), 2);
	kernel = op_at(w, MOUNT_OP_BLOCK_ENTRIES, "/proc/sys/kernel");
	assert_true(kernel >= 0);
	assert_string_equal(w->plan.ops[kernel].src, "osrelease");
	assert_true(op_at(w, MOUNT_OP_BLOCK_ENTRIES, "/proc/sys/vm") >= 0);
	assert_null(w->plan.ops[op_at(w, MOUNT_OP_BLOCK_ENTRIES,
				      "/proc/sys/vm")].src);
	world_free(w);
}

/* A directory blocked whole needs no cover of its entries; an entry
 * blocked by another rule is already covered, unless it is one kept. */
static void test_entry_covers_and_blocks_drop_what_they_cover(void **state)
{
	struct world *w = world_new();

	(void)state;
	directive(w, "blacklist", "/proc/sys/vm");
	directive(w, "noblacklist", "/proc/sys/kernel/random");
	directive(w, "blacklist", "/proc/sys/*/*");
	directive(w, "blacklist", "/proc/sys/kernel/ostype");
	directive(w, "blacklist", "/proc/sys/kernel/random/uuid");
	assert_int_equal(plan_globbed(w, 2, proc_sys_entries), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/proc/sys/vm") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK_ENTRIES, "/proc/sys/vm"), -1);
	assert_true(op_at(w, MOUNT_OP_BLOCK_ENTRIES, "/proc/sys/kernel") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/proc/sys/kernel/ostype"), -1);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/proc/sys/kernel/random/uuid") >
		    op_at(w, MOUNT_OP_BLOCK_ENTRIES, "/proc/sys/kernel"));
	world_free(w);
}

/* Elsewhere a directory stays writable: its entries are covered one by
 * one, as firejail does. */
static void test_every_entry_elsewhere_is_covered_one_by_one(void **state)
{
	static const char *const entries[] = { "/home/alice/d/a",
					       "/home/alice/d/b", NULL };
	struct world *w = world_new();

	(void)state;
	directive(w, "blacklist", "/home/alice/d/*");
	fact(w, "/home/alice/d/a", "/home/alice/d/a", FS_FILE);
	fact(w, "/home/alice/d/b", "/home/alice/d/b", FS_DIR);
	assert_int_equal(plan_globbed(w, 0, entries), 0);
	assert_int_equal(count_ops(w, MOUNT_OP_BLOCK_ENTRIES), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/home/alice/d/a") >= 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/home/alice/d/b") >= 0);
	world_free(w);
}

static struct fs_fact *resolv_link(struct world *w, const char *target,
				   const char *resolved)
{
	struct fs_fact *x = fact(w, "/etc/resolv.conf", resolved, FS_FILE);

	x->is_link = true;
	x->link = strdup(target);
	return x;
}

/* systemd-resolved: /etc/resolv.conf leads into /run, which the sandbox
 * does not show; the file it leads to is shown at its own path. */
static void test_resolv_conf_link_target_is_shown(void **state)
{
	const char *stub = "/run/systemd/resolve/stub-resolv.conf";
	struct world *w = world_new();
	long b;

	(void)state;
	resolv_link(w, "../run/systemd/resolve/stub-resolv.conf", stub);
	assert_int_equal(plan(w), 0);
	b = op_at(w, MOUNT_OP_BIND, stub);
	assert_true(b >= 0);
	assert_string_equal(w->plan.ops[b].src, stub);
	assert_true(w->plan.ops[b].flags & MOUNT_F_RDONLY);
	world_free(w);

	/* a blacklist of it (or above it) still wins */
	w = world_new();
	directive(w, "blacklist", "/run/systemd/resolve");
	fact(w, "/run/systemd/resolve", "/run/systemd/resolve", FS_DIR);
	resolv_link(w, "../run/systemd/resolve/stub-resolv.conf", stub);
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, stub), -1);
	world_free(w);

	/* within /etc, or a plain file: nothing to add */
	w = world_new();
	resolv_link(w, "resolvconf/run/resolv.conf", "/etc/resolvconf/run/resolv.conf");
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/etc/resolvconf/run/resolv.conf"), -1);
	world_free(w);
	w = world_new();
	fact(w, "/etc/resolv.conf", "/etc/resolv.conf", FS_FILE);
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/etc/resolv.conf"), -1);
	world_free(w);
}

/* dns lines: no file can be mounted over a symlink, so the file goes
 * where the link leads; where private-etc bound the target as
 * /etc/resolv.conf, over that. */
static void test_dns_file_goes_where_resolv_conf_leads(void **state)
{
	const char *stub = "/run/systemd/resolve/stub-resolv.conf";
	struct world *w = world_new();
	long f;

	(void)state;
	directive(w, "dns", "192.0.2.53");
	resolv_link(w, "../run/systemd/resolve/stub-resolv.conf", stub);
	assert_int_equal(plan(w), 0);
	f = op_at(w, MOUNT_OP_FILE, stub);
	assert_true(f >= 0);
	assert_string_equal(w->plan.ops[f].src, "nameserver 192.0.2.53\n");
	assert_false(w->plan.ops[f].flags & MOUNT_F_NOCREATE);
	assert_int_equal(op_at(w, MOUNT_OP_FILE, "/etc/resolv.conf"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, stub), -1);
	world_free(w);

	w = world_new();
	directive(w, "dns", "192.0.2.53");
	directive(w, "private-etc", "resolv.conf");
	resolv_link(w, "../run/systemd/resolve/stub-resolv.conf", stub);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_FILE, "/etc/resolv.conf") >
		    op_at(w, MOUNT_OP_BIND, "/etc/resolv.conf"));
	assert_int_equal(op_at(w, MOUNT_OP_FILE, stub), -1);
	world_free(w);
}

/* /run: whitelisted entries are bound into the root's empty /run, and
 * /run/user/UID stays the sandbox's own; the system bus socket stays
 * covered unless dbus-system says otherwise (firejail's
 * whitelist-run-common.inc lists it). */
static void test_whitelist_in_run_binds_into_the_empty_run(void **state)
{
	const char *bus = "/run/dbus/system_bus_socket";
	struct world *w = world_new();

	(void)state;
	directive(w, "whitelist", "/run/cups/cups.sock");
	directive(w, "whitelist", bus);
	fact(w, "/run/cups/cups.sock", "/run/cups/cups.sock", FS_FILE);
	fact(w, bus, bus, FS_FILE);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/run/cups/cups.sock") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_TMPFS, "/run"), -1);
	assert_true(op_at(w, MOUNT_OP_BLOCK, bus) > op_at(w, MOUNT_OP_BIND, bus));
	world_free(w);
}

/* ---- firejail's meaning of what a profile leaves out ----------------- */

/* A profile's view: nothing said about /dev, /tmp, /var, /mnt. */
static struct world *world_of_a_profile(void)
{
	struct world *w = world_new();

	w->policy.private_tmp = false;
	w->policy.fs.private_dev = false;
	w->policy.fs.dev_hidden = 0;
	w->policy.fs.disable_mnt = false;
	w->policy.fs.no_var = false;
	return w;
}

static long host_path_index(const char *path)
{
	for (size_t i = 0; i < HOST_PATHS; i++)
		if (strcmp(host_paths[i].path, path) == 0)
			return (long)i;
	return -1;
}

static void host_has(struct world *w, const char *path)
{
	long i = host_path_index(path);

	assert_true(i >= 0);
	w->host.has_path[i] = true;
}

static unsigned flags_at(const struct world *w, enum mount_op_type type,
			 const char *dst)
{
	long i = op_at(w, type, dst);

	assert_true(i >= 0);
	return w->plan.ops[i].flags;
}

static void test_without_private_dev_the_hosts_dev_is_shown(void **state)
{
	struct world *w = world_of_a_profile();
	unsigned f;

	(void)state;
	host_has(w, "/dev/dri");
	host_has(w, "/dev/video0");
	host_has(w, "/dev/kmsg");
	assert_int_equal(plan(w), 0);
	f = flags_at(w, MOUNT_OP_BIND, "/dev");
	/* devices work (no nodev); nothing in it can be written */
	assert_false(f & MOUNT_F_NODEV);
	assert_true(f & MOUNT_F_RDONLY);
	assert_true(f & MOUNT_F_NOSUID);
	/* never the host's terminals, shared memory or message queues */
	assert_true(op_at(w, MOUNT_OP_DEVPTS, "/dev/pts") >
		    op_at(w, MOUNT_OP_BIND, "/dev"));
	assert_true(flags_at(w, MOUNT_OP_DEVPTS, "/dev/pts") & MOUNT_F_NOCREATE);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/dev/shm") >= 0);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/dev/mqueue") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_TMPFS, "/dev"), -1);
	/* the GPU and cameras are the host's; the kernel's log never */
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/dev/dri"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/dev/video0"), -1);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/dev/kmsg") >= 0);
	world_free(w);
}

static void test_device_classes_hide_theirs_from_the_hosts_dev(void **state)
{
	struct world *w = world_of_a_profile();

	(void)state;
	host_has(w, "/dev/dri");
	host_has(w, "/dev/video0");
	host_has(w, "/dev/sr0");
	host_has(w, "/dev/hidraw3");
	host_has(w, "/dev/input");
	host_has(w, "/dev/snd");
	directive(w, "novideo", NULL);
	directive(w, "nodvd", NULL);
	directive(w, "nou2f", NULL);
	directive(w, "no3d", NULL);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/dev/video0") >= 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/dev/sr0") >= 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/dev/hidraw3") >= 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/dev/dri") >= 0);
	/* absent on the host: no mount at all */
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/dev/video1"), -1);
	/* not asked */
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/dev/input"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/dev/snd"), -1);
	world_free(w);
}

/* firejail's private-dev: the minimal /dev, and the host's sound,
 * camera, TV, drive, security key and input devices, each class unless
 * its no* directive; an optical drive under the names players use.
 * --noprofile's /dev keeps none of them. */
static void test_private_dev_keeps_firejails_device_classes(void **state)
{
	struct world *w = world_of_a_profile();

	(void)state;
	host_has(w, "/dev/video0");
	host_has(w, "/dev/sr0");
	host_has(w, "/dev/snd");
	host_has(w, "/dev/hidraw3");
	directive(w, "private-dev", NULL);
	directive(w, "nou2f", NULL);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/dev") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/dev"), -1);
	assert_true(op_at(w, MOUNT_OP_BIND, "/dev/video0") >= 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/dev/sr0") >= 0);
	assert_true(op_at(w, MOUNT_OP_SYMLINK, "/dev/cdrom") >= 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/dev/snd") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/dev/hidraw3"), -1);
	world_free(w);

	w = world_new();
	host_has(w, "/dev/video0");
	host_has(w, "/dev/sr0");
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/dev/video0"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/dev/sr0"), -1);
	world_free(w);
}

static void test_without_private_tmp_the_hosts_tmp_is_shown(void **state)
{
	struct world *w = world_of_a_profile();

	(void)state;
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/tmp") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_TMPFS, "/tmp"), -1);
	world_free(w);

	w = world_of_a_profile();
	directive(w, "private-tmp", NULL);
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/tmp") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/tmp"), -1);
	world_free(w);
}

/* The host's /tmp/.X11-unix holds every display: only the program's is
 * shown, in a tmpfs over it; with x11 none, none. */
static void test_hosts_tmp_shows_only_the_programs_display(void **state)
{
	struct world *w = world_of_a_profile();
	long cover, sock;

	(void)state;
	world_launch(w)->x11.socket = strdup("/tmp/.X11-unix/X5");
	w->launch.x11.xauth = strdup("/run/user/1000/nestbox/ID/Xauthority");
	assert_int_equal(plan(w), 0);
	cover = op_at(w, MOUNT_OP_TMPFS, "/tmp/.X11-unix");
	sock = op_at(w, MOUNT_OP_BIND, "/tmp/.X11-unix/X5");
	assert_true(cover > op_at(w, MOUNT_OP_BIND, "/tmp"));
	assert_true(w->plan.ops[cover].flags & MOUNT_F_NOCREATE);
	assert_true(sock > cover);
	/* the cookie where xauth can lock it, not in the host's /tmp */
	assert_true(op_at(w, MOUNT_OP_BIND,
			  "/run/user/1000/.nestbox-Xauthority") >= 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/tmp/.nestbox-Xauthority"),
			 -1);
	world_free(w);

	w = world_of_a_profile();
	w->policy.x11.mode = POLICY_X11_NONE;
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/tmp/.X11-unix") >= 0);
	world_free(w);
}

static void test_var_is_the_hosts_read_only_with_private_parts(void **state)
{
	struct world *w = world_of_a_profile();
	unsigned f;

	(void)state;
	host_has(w, "/var/tmp");
	host_has(w, "/var/log");
	host_has(w, "/var/lib/sudo");
	assert_int_equal(plan(w), 0);
	f = flags_at(w, MOUNT_OP_BIND, "/var");
	assert_true((f & MOUNT_F_RDONLY) && (f & MOUNT_F_NOEXEC));
	f = flags_at(w, MOUNT_OP_TMPFS, "/var/tmp");
	assert_false(f & MOUNT_F_RDONLY);
	assert_true(f & MOUNT_F_NOCREATE);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/var/log") >= 0);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/var/lib/sudo") >= 0);
	/* before home, which could lie below /var */
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/var/log") <
		    op_at(w, MOUNT_OP_BIND, "/home/alice"));
	/* absent on the host: nothing */
	assert_int_equal(op_at(w, MOUNT_OP_TMPFS, "/var/lock"), -1);
	world_free(w);

	w = world_of_a_profile();
	host_has(w, "/var/tmp");
	host_has(w, "/var/log");
	directive(w, "keep-var-tmp", NULL);
	directive(w, "writable-var-log", NULL);
	directive(w, "writable-var", NULL);
	assert_int_equal(plan(w), 0);
	assert_false(flags_at(w, MOUNT_OP_BIND, "/var") & MOUNT_F_RDONLY);
	assert_int_equal(op_at(w, MOUNT_OP_TMPFS, "/var/tmp"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_TMPFS, "/var/log"), -1);
	world_free(w);

	/* --noprofile: no /var */
	w = world_new();
	host_has(w, "/var/tmp");
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/var"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_TMPFS, "/var/tmp"), -1);
	world_free(w);
}

/* whitelist-var-common.inc names /var/tmp: the private one, still. */
static void test_whitelisted_var_tmp_stays_private(void **state)
{
	struct world *w = world_of_a_profile();

	(void)state;
	host_has(w, "/var/tmp");
	directive(w, "whitelist", "/var/tmp");
	directive(w, "whitelist", "/var/cache/fontconfig");
	fact(w, "/var/tmp", "/var/tmp", FS_DIR);
	fact(w, "/var/cache/fontconfig", "/var/cache/fontconfig", FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/var"), -1);
	assert_true(op_at(w, MOUNT_OP_TMPFS, "/var/tmp") >
		    op_at(w, MOUNT_OP_BIND, "/var/tmp"));
	world_free(w);
}

static void test_disable_mnt_decides_the_drives(void **state)
{
	struct world *w = world_of_a_profile();

	(void)state;
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/mnt") >= 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/media") >= 0);
	assert_true(op_at(w, MOUNT_OP_BIND, "/run/media/alice") >= 0);
	assert_true(flags_at(w, MOUNT_OP_BIND, "/media") & MOUNT_F_OPTIONAL);
	world_free(w);

	w = world_of_a_profile();
	directive(w, "disable-mnt", NULL);
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/mnt"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/media"), -1);
	assert_int_equal(op_at(w, MOUNT_OP_BIND, "/run/media/alice"), -1);
	world_free(w);
}

/* firejail's /sys hardening: always; /sys/fs and /sys/module open to a
 * noblacklist, the rest not. */
static void test_sys_hardening_and_its_noblacklist(void **state)
{
	struct world *w = world_new();

	(void)state;
	assert_int_equal(plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/sys/firmware") >
		    op_at(w, MOUNT_OP_SYSFS, "/sys"));
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/sys/kernel/vmcoreinfo") >= 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/sys/fs") >= 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/sys/module") >= 0);
	world_free(w);

	w = world_new();
	directive(w, "noblacklist", "/sys/module");
	directive(w, "noblacklist", "/sys/firmware");
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/sys/module"), -1);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/sys/fs") >= 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/sys/firmware") >= 0);
	world_free(w);

	/* modules' parameters whitelisted: /sys/module is that tmpfs */
	w = world_new();
	directive(w, "whitelist", "/sys/module/amdgpu");
	fact(w, "/sys/module/amdgpu", "/sys/module/amdgpu", FS_DIR);
	assert_int_equal(plan(w), 0);
	assert_int_equal(op_at(w, MOUNT_OP_BLOCK, "/sys/module"), -1);
	assert_true(op_at(w, MOUNT_OP_BIND, "/sys/module/amdgpu") >= 0);
	world_free(w);
}

/* /home -> var/home (Fedora's Atomic desktops): the host's /var would
 * show home again, unconfined. */
static void test_real_home_is_hidden_where_a_host_tree_shows_it(void **state)
{
	struct world *w = world_of_a_profile();

	(void)state;
	assert_int_equal(fs_facts_set_rules(&w->facts, 0, &w->err), 0);
	w->facts.home_real = strdup("/var/home/alice");
	assert_int_equal(fs_facts_finish(&w->facts, &w->err), 0);
	assert_int_equal(world_plan(w), 0);
	assert_true(op_at(w, MOUNT_OP_BLOCK, "/var/home/alice") >
		    op_at(w, MOUNT_OP_BIND, "/var"));
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blacklist_covers_the_path),
		cmocka_unit_test(test_private_of_the_home_itself_is_a_throwaway_home),
		cmocka_unit_test(test_private_dir_is_bound_without_copies),
		cmocka_unit_test(test_resolv_conf_link_target_is_shown),
		cmocka_unit_test(test_whitelist_in_run_binds_into_the_empty_run),
		cmocka_unit_test(test_dns_file_goes_where_resolv_conf_leads),
		cmocka_unit_test(test_writable_tmpfs_mounts_get_the_size_limit),
		cmocka_unit_test(test_noblacklist_acts_only_on_later_lines),
		cmocka_unit_test(test_blacklisting_a_link_blocks_its_target),
		cmocka_unit_test(test_absent_or_invisible_paths_need_no_mount),
		cmocka_unit_test(test_path_behind_a_sealed_directory_keeps_it_sealed),
		cmocka_unit_test(test_whitelist_empties_home_and_binds_back),
		cmocka_unit_test(test_blacklist_inside_whitelist_wins),
		cmocka_unit_test(test_nowhitelist_acts_only_on_later_lines),
		cmocka_unit_test(test_whitelisted_symlink_out_of_home_is_refused),
		cmocka_unit_test(test_whitelisted_symlink_into_home_binds_its_target),
		cmocka_unit_test(test_nowhitelist_of_a_links_target),
		cmocka_unit_test(test_link_inside_a_writable_whitelist_is_not_followed),
		cmocka_unit_test(test_whitelist_ro_and_system_tops),
		cmocka_unit_test(test_whitelist_in_sys_module),
		cmocka_unit_test(test_private_etc_and_bin_bind_only_the_listed),
		cmocka_unit_test(test_tmpfs_only_below_home),
		cmocka_unit_test(test_mkdir_creates_on_the_host_first),
		cmocka_unit_test(test_parents_of_protected_paths_are_pinned_first),
		cmocka_unit_test(test_directory_made_by_mkdir_is_still_pinned),
		cmocka_unit_test(test_symlinked_parent_is_pinned_as_link_and_target),
		cmocka_unit_test(test_symlinked_file_is_pinned_as_link_and_target),
		cmocka_unit_test(test_keep_missing_pins_a_link_to_nowhere),
		cmocka_unit_test(test_missing_bash_profile_gets_a_chain_keeping_stand_in),
		cmocka_unit_test(test_missing_xsession_gets_an_executable_stand_in),
		cmocka_unit_test(test_mkdir_below_a_symlinked_parent_creates_at_its_target),
		cmocka_unit_test(test_mkdir_outside_home_tmp_runuser_is_refused),
		cmocka_unit_test(test_own_configuration_is_read_only_last),
		cmocka_unit_test(test_own_configuration_hidden_by_whitelist_needs_nothing),
		cmocka_unit_test(test_private_home_and_cache),
		cmocka_unit_test(test_private_lib_shows_only_what_was_found),
		cmocka_unit_test(test_private_lib_without_a_library_directory),
		cmocka_unit_test(test_machine_id_and_nosound),
		cmocka_unit_test(test_paths_are_normalized_and_dotdot_refused),
		cmocka_unit_test(test_kernel_fs_paths_are_taken_as_written),
		cmocka_unit_test(test_noexec_on_what_is_noexec_already_stacks_nothing),
		cmocka_unit_test(test_every_entry_of_proc_sys_dirs_is_one_cover),
		cmocka_unit_test(test_entry_covers_and_blocks_drop_what_they_cover),
		cmocka_unit_test(test_every_entry_elsewhere_is_covered_one_by_one),
		cmocka_unit_test(test_path_too_long_once_shown_under_home_is_an_error),
		cmocka_unit_test(test_without_private_dev_the_hosts_dev_is_shown),
		cmocka_unit_test(test_device_classes_hide_theirs_from_the_hosts_dev),
		cmocka_unit_test(test_private_dev_keeps_firejails_device_classes),
		cmocka_unit_test(test_without_private_tmp_the_hosts_tmp_is_shown),
		cmocka_unit_test(test_hosts_tmp_shows_only_the_programs_display),
		cmocka_unit_test(test_var_is_the_hosts_read_only_with_private_parts),
		cmocka_unit_test(test_whitelisted_var_tmp_stays_private),
		cmocka_unit_test(test_disable_mnt_decides_the_drives),
		cmocka_unit_test(test_sys_hardening_and_its_noblacklist),
		cmocka_unit_test(test_real_home_is_hidden_where_a_host_tree_shows_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
