// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Holding home's paths against the program (issue #19), planned (pure):
 * the directories above a read-only or blacklisted path, and any symlink
 * on the way or at the path itself, made mountpoints ("pinned"); and
 * keep-missing's links to nowhere, made on the host and pinned.
 */
#include "mountplan_fs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/*
 * Pinning (issue #19).  rename(2), rmdir(2) and unlink(2) refuse a
 * mountpoint of the caller's mount namespace (EBUSY), RENAME_EXCHANGE
 * too.  Each directory between home and a read-only or blacklisted path
 * is made one (bound onto itself, its flags unchanged), so that
 * `mv ~/.local ~/.l; mkdir ~/.local` cannot move the path out from under
 * its rule: not in this run, and not for the next (a secret renamed in
 * run 1 would be read under its new name in run 2).  A symlink on the way
 * (a ~/.config that leads to ~/dotfiles/config) is pinned as the link,
 * so it cannot be replaced by a directory of the program's, and as its
 * target.  Only what shows the host's home is pinned: a tmpfs's
 * directories vanish with the sandbox.  The cost: a mount per directory
 * (a dozen for nestbox-autostart.inc), and a rename between two of them
 * fails with EXDEV, which mv and file managers handle by copying.
 */
static int pin_one(struct fsplan *fp, const char *dst, unsigned flags,
		   struct nb_error *err)
{
	bool shows_host;

	if (index_has(fp, dst) || !visible(fp, dst, &shows_host) ||
	    !shows_host)
		return 0;
	return add_op(fp, MOUNT_OP_REBIND, NULL, dst,
		      flags | MOUNT_F_OPTIONAL, 0, err);
}

/* Each directory strictly between home and @dst (in the sandbox),
 * shallowest first: a pin cloned after the mounts below it would carry
 * copies of them all. */
static int pin_dirs_above(struct fsplan *fp, const char *dst,
			  struct nb_error *err)
{
	const char *home = fp->host->home;
	char dir[PATH_MAX];

	if (!path_below(dst, home))
		return 0;
	for (const char *s = strchr(dst + strlen(home) + 1, '/'); s;
	     s = strchr(s + 1, '/')) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(s - dst), dst);
		if (pin_one(fp, dir, 0, err) < 0)
			return -1;
	}
	return 0;
}

/* Where @path (below home) lies on the host (@at) and in the sandbox
 * (@where), itself not followed: below where its parent resolves to.
 * 0: both set; 1: its parent is missing. */
static int where_named(struct fsplan *fp, const char *path,
		       char at[PATH_MAX], char where[PATH_MAX],
		       struct nb_error *err)
{
	const char *home = fp->host->home, *parent_real;
	size_t cut = (size_t)(strrchr(path, '/') - path);
	char parent[PATH_MAX];
	const struct fs_fact *p;
	int n;

	snprintf(parent, sizeof(parent), "%.*s", (int)cut, path);
	p = strcmp(parent, home) ? fs_facts_find(fp->facts, parent) : NULL;
	parent_real = p ? p->resolved : fp->facts->home_real;
	if (!parent_real)
		return 1;
	n = snprintf(at, PATH_MAX, "%s%s", parent_real, path + cut);
	if (n < 0 || n >= PATH_MAX)
		return nb_fail(err, ENAMETOOLONG, "%s", path);
	return to_sandbox(fp, at, where, PATH_MAX, err) < 0 ? -1 : 0;
}

/* The symlink @link (below home) pinned as a link, where it lies. */
static int pin_link_named(struct fsplan *fp, const char *link,
			  struct nb_error *err)
{
	char at[PATH_MAX], where[PATH_MAX];
	int rc = where_named(fp, link, at, where, err);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (pin_dirs_above(fp, where, err) < 0 ||
	    pin_one(fp, where, MOUNT_F_LINK, err) < 0)
		return -1;
	return 0;
}

/* @m: the rule's path as named on the host; @dst: where it applies in
 * the sandbox (every symlink followed).  @m itself, when a symlink (a
 * dotfile manager's ~/.bashrc -> dotfiles/bashrc), is pinned as the
 * link too: else `rm ~/.bashrc` and a file of the program's in its place
 * would run at the next login, the rule holding only the target. */
int pin_parents(struct fsplan *fp, const char *m, const char *dst,
		       struct nb_error *err)
{
	const char *home = fp->host->home;
	const struct fs_fact *x;
	char anc[PATH_MAX];

	if (fp->home_hidden || !path_below(m, home))
		return 0;
	for (const char *s = strchr(m + strlen(home) + 1, '/'); s;
	     s = strchr(s + 1, '/')) {
		const struct fs_fact *a;

		snprintf(anc, sizeof(anc), "%.*s", (int)(s - m), m);
		a = fs_facts_find(fp->facts, anc);
		if (!a || a->kind == FS_ABSENT)
			return pin_dirs_above(fp, dst, err);
		if (a->is_link && pin_link_named(fp, anc, err) < 0)
			return -1;
	}
	x = fs_facts_find(fp->facts, m);
	if (x && x->is_link && x->kind != FS_ABSENT &&
	    pin_link_named(fp, m, err) < 0)
		return -1;
	return pin_dirs_above(fp, dst, err);
}

/*
 * keep-missing (nestbox-autostart.inc): a code-running path for which no
 * placeholder keeps what its absence means (emacs's ~/.emacs, read
 * before the init file you have; a second name cargo would warn about)
 * stays missing.  It is made a symlink to KEEP_MISSING_TARGET, a path
 * below a character device, which resolves on no host: every program,
 * outside as inside, still finds no file there (ENOTDIR), and the link,
 * pinned as a link, can be neither removed nor replaced from inside.  A
 * path that exists is its read-only rule's.  Under a home not shown,
 * nothing: the program cannot reach it.
 */
static int keep_missing_one(struct fsplan *fp, const struct fs_rule *r,
			    struct nb_error *err)
{
	const char *home = fp->host->home, *m = r->path, *anchor;
	char at[PATH_MAX], where[PATH_MAX];
	const struct fs_fact *x;
	bool shows_host;
	int rc;

	if (!path_below(m, home) || fspath_has_glob(m))
		return nb_fail(err, 0,
			       "%s: keep-missing %s: only a path below home, "
			       "without wildcards",
			       r->origin, m);
	if (fp->home_hidden)
		return 0;
	x = fs_facts_find(fp->facts, m);
	/* out of the caller's reach, behind a directory of theirs: the
	 * read-only rule keeps that directory as it is (keep_sealed) */
	if (!x || x->kind != FS_ABSENT || x->sealed_by)
		return 0;
	rc = where_named(fp, m, at, where, err);
	if (rc < 0)
		return nb_fail_wrap(err, "%s: keep-missing", r->origin);
	/* a missing parent: made as named, through no symlink */
	if (rc == 1) {
		snprintf(at, sizeof(at), "%s", m);
		if (to_sandbox(fp, at, where, sizeof(where), err) < 0)
			return nb_fail_wrap(err, "%s: keep-missing", r->origin);
	}
	if (!visible(fp, where, &shows_host) || !shows_host)
		return 0;
	anchor = path_below(at, home) ? home
		 : path_below(at, fp->facts->home_real) ? fp->facts->home_real
							 : NULL;
	if (!anchor)
		return nb_fail(err, 0, "%s: keep-missing %s: leads out of home",
			       r->origin, m);
	if (mount_plan_add(fp->plan, MOUNT_OP_HOST_MKFILE, anchor, at,
			   MOUNT_F_LINK, 0, err) < 0 ||
	    mount_plan_set_text(fp->plan, KEEP_MISSING_TARGET, err) < 0)
		return -1;
	if (pin_parents(fp, m, where, err) < 0)
		return -1;
	return pin_one(fp, where, MOUNT_F_LINK, err);
}

int plan_keep_missing(struct fsplan *fp, struct nb_error *err)
{
	for (size_t i = 0; i < fp->fs->n_rules; i++)
		if (fp->fs->rules[i].kind == FS_KEEP_MISSING &&
		    keep_missing_one(fp, &fp->fs->rules[i], err) < 0)
			return -1;
	return 0;
}
