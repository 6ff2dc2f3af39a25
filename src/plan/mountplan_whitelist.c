// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whitelists (firejail's semantics, mountplan_fs.c's step 3): in each top
 * directory a whitelist touches, which the baseline already covers with
 * an empty tmpfs, the whitelisted paths bound back.
 *
 * A whitelisted path that leads through a symlink follows firejail's
 * rule (fs_whitelist.c): its target, resolved once by the facts, is
 * bound where it really is when it lies in the same top directory as
 * the link (a GNU stow ~/.mozilla -> dotfiles/mozilla shows
 * ~/dotfiles/mozilla and nothing else of ~/dotfiles), and the link is
 * recreated pointing at it.  A target elsewhere is never bound: the link
 * alone is shown when the sandbox shows the target anyway, and anything
 * else (another user's home, a hidden tree) is refused with a warning.
 * The bind is by the symlink-free resolved path with MOUNT_F_NOFOLLOW,
 * so a link swapped in after planning fails the open instead of
 * redirecting the mount.
 */
#include "mountplan_fs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct wl_entry {
	char *dst;
	const char *src;	/* the fact's resolved path */
	unsigned flags;
};

static int cmp_wl(const void *a, const void *b)
{
	return strcmp(((const struct wl_entry *)a)->dst,
		      ((const struct wl_entry *)b)->dst);
}

static int wl_push(struct wl_entry **v, size_t *n, const char *dst,
		   const char *src, unsigned flags, struct nb_error *err)
{
	struct wl_entry *grown = realloc(*v, (*n + 1) * sizeof(*grown));

	if (!grown)
		return nb_fail(err, ENOMEM, "mount plan");
	*v = grown;
	grown[*n] = (struct wl_entry){ strdup(dst), src, flags };
	if (!grown[*n].dst)
		return nb_fail(err, ENOMEM, "mount plan");
	(*n)++;
	return 0;
}

/* A whitelisted symlink whose target lies outside the link's own top
 * directory is shown alone, never with its target bound, and only where
 * the target is what the sandbox shows anyway: a path whitelisted itself
 * in another confined directory, somewhere no whitelist confines (into
 * /usr, into /etc when /etc is not confined), or the sandbox's own /run.
 * Another user's home or a directory the baseline hides is refused. */
static bool link_target_shown(const struct fsplan *fp, const char *real)
{
	const struct fs_facts *f = fp->facts;
	struct wl_top *t = top_of((struct fsplan *)fp, real);

	if (t && t->confined && visible(fp, real, NULL))
		return true;
	/* the sandbox's /run holds only whitelisted entries, never the
	 * host's others: a link there (/var/run, /var/lock) shows nothing
	 * more, as before /run could be whitelisted */
	if (t == &fp->tops[TOP_RUN])
		return true;
	/* no top: the baseline decides (the root's /home shows only the
	 * caller's home, so ~/../bob leads nowhere and is refused) */
	if (!t)
		return visible(fp, real, NULL);
	if (!t->confined)
		return !fp->home_hidden || t != &fp->tops[TOP_HOME];
	for (size_t i = 0; i < fp->fs->n_rules; i++) {
		if (!is_whitelist(&fp->fs->rules[i]))
			continue;
		for (size_t k = 0; k < f->n_matches[i]; k++) {
			const struct fs_fact *x =
				fs_facts_find(f, f->matches[i][k]);

			if (x && x->kind != FS_ABSENT && !x->is_link &&
			    strcmp(x->resolved, x->path) == 0 &&
			    path_under(real, x->path))
				return true;
		}
	}
	return false;
}

/* Does @m lie inside another path a whitelist shows writable?  Then the
 * sandboxed program could have made the link itself on an earlier run
 * (a link at ~/.mozilla/x -> ~/.ssh, with ~/.mozilla and ~/.mozilla/x
 * both whitelisted): following it would let the sandbox widen its own
 * next sandbox, so such a link gets only what the old rule gave, the
 * link alone and only to what is shown anyway.  Stricter than firejail,
 * which follows it. */
static bool inside_writable_whitelist(struct fsplan *fp, const char *m)
{
	const struct fs_facts *f = fp->facts;

	for (size_t i = 0; i < fp->fs->n_rules; i++) {
		if (fp->fs->rules[i].kind != FS_WHITELIST)
			continue;
		for (size_t k = 0; k < f->n_matches[i]; k++) {
			const char *w = f->matches[i][k];
			const struct fs_fact *x = fs_facts_find(f, w);
			struct wl_top *t = top_of(fp, w);

			/* binds into a system top are read-only */
			if (!x || x->kind != FS_DIR || (t && t->system))
				continue;
			if (path_below(m, w) || path_below(m, x->resolved))
				return true;
		}
	}
	return false;
}

/* One match of a whitelist rule: a plain path is bound back; a path
 * through a symlink is handled by firejail's rule (above); anything
 * else is refused, said, and not followed. */
static int whitelist_one(struct fsplan *fp, const struct fs_rule *r,
			 const char *m, struct wl_entry **v, size_t *n,
			 struct nb_error *err)
{
	const struct fs_fact *x = fs_facts_find(fp->facts, m);
	struct wl_top *t = top_of(fp, m);
	char real[PATH_MAX];
	unsigned flags;
	bool same_top, planted;

	if (!t || !t->confined || strcmp(m, t->path) == 0)
		return 0;
	if (!x || x->kind == FS_ABSENT) {
		nb_debug("%s: whitelist %s: not on the host", r->origin, m);
		return 0;
	}
	flags = MOUNT_F_NOFOLLOW | MOUNT_F_NOSUID;
	if (!t->keeps_devices)
		flags |= MOUNT_F_NODEV;
	if (r->kind == FS_WHITELIST_RO || t->system)
		flags |= MOUNT_F_RDONLY;
	if (to_sandbox(fp, x->resolved, real, sizeof(real), err) < 0)
		return nb_fail_wrap(err, "%s: whitelist", r->origin);
	if (strcmp(real, m) == 0)
		return wl_push(v, n, m, x->resolved, flags, err);
	same_top = path_below(real, t->path) && top_of(fp, real) == t;
	planted = same_top && inside_writable_whitelist(fp, m);
	if (same_top && !planted) {
		/* the target in the link's own top: bound where it is
		 * (firejail shows it there too); a link in the last
		 * component is recreated pointing at it, one higher up
		 * is not (firejail's whitelist does neither more) */
		if (wl_push(v, n, real, x->resolved, flags, err) < 0)
			return -1;
		if (!x->is_link)
			return 0;
		return add_op(fp, MOUNT_OP_SYMLINK, real, m, 0, 0, err);
	}
	if (!x->is_link || !link_target_shown(fp, real)) {
		if (planted)
			nb_warn("%s: whitelist %s: refused: it leads through a symlink to %s, from inside a whitelisted directory the sandbox can write",
				r->origin, m, real);
		else
			nb_warn("%s: whitelist %s: refused: it leads through a symlink to %s, outside %s, which the profile does not whitelist",
				r->origin, m, real, t->path);
		return 0;
	}
	/* the link alone: its target is shown by its own whitelist, or
	 * lies where the sandbox shows the host anyway */
	return add_op(fp, MOUNT_OP_SYMLINK, x->link, m, 0, 0, err);
}

int plan_whitelists(struct fsplan *fp, struct nb_error *err)
{
	struct wl_entry *v = NULL;
	size_t n = 0, depth = 0;
	size_t *stack = NULL;
	int rc = 0;

	for (size_t i = 0; i < fp->fs->n_rules && rc == 0; i++) {
		const struct fs_rule *r = &fp->fs->rules[i];

		if (!is_whitelist(r))
			continue;
		for (size_t k = 0; k < fp->facts->n_matches[i] && rc == 0; k++) {
			const char *m = fp->facts->matches[i][k];
			const struct fs_fact *x = fs_facts_find(fp->facts, m);

			if (negated(fp, i, FS_NOWHITELIST, m,
				    x ? x->resolved : NULL))
				continue;
			rc = whitelist_one(fp, r, m, &v, &n, err);
		}
	}
	/* Parents before children; a child already shown by its parent
	 * with the same flags needs no mount of its own. */
	if (n)
		qsort(v, n, sizeof(*v), cmp_wl);
	stack = calloc(n ? n : 1, sizeof(*stack));
	if (!stack && rc == 0)
		rc = nb_fail(err, ENOMEM, "mount plan");
	for (size_t i = 0; i < n && rc == 0; i++) {
		bool nocreate = false;

		while (depth && !path_under(v[i].dst, v[stack[depth - 1]].dst))
			depth--;
		if (depth) {
			const struct wl_entry *p = &v[stack[depth - 1]];

			if (p->flags == v[i].flags || strcmp(p->dst, v[i].dst) == 0)
				continue;
			nocreate = true; /* inside a host tree */
		}
		stack[depth++] = i;
		rc = add_op(fp, MOUNT_OP_BIND, v[i].src, v[i].dst,
			    v[i].flags | (nocreate ? MOUNT_F_NOCREATE : 0), 0,
			    err);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].dst);
	free(v);
	free(stack);
	return rc;
}
