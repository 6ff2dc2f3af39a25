// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whitelists (firejail's semantics, mountplan_fs.c's step 3): in each top
 * directory a whitelist touches, which the baseline already covers with
 * an empty tmpfs, the whitelisted paths bound back, a symlink only where
 * its target is allowed too.
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

/* A whitelisted symlink may point at a path that is whitelisted itself
 * (e.g. ~/.mozilla -> ~/.mozilla-real, both listed), outside every
 * confined directory (e.g. into /usr), or at what the sandbox shows
 * anyway (/run/shm -> /dev/shm); nowhere else. */
static bool link_target_allowed(const struct fsplan *fp, const char *real)
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
	if (!t || !t->confined)
		return !t || !fp->home_hidden || t != &fp->tops[TOP_HOME];
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

/* One match of a whitelist rule: a plain path is bound back; a symlink
 * is recreated if its target is whitelisted too (or not in a confined
 * directory); any other symlink is refused, not followed. */
static int whitelist_one(struct fsplan *fp, const struct fs_rule *r,
			 const char *m, struct wl_entry **v, size_t *n,
			 struct nb_error *err)
{
	const struct fs_fact *x = fs_facts_find(fp->facts, m);
	struct wl_top *t = top_of(fp, m);
	char real[PATH_MAX];
	unsigned flags;

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
	if (!x->is_link || !link_target_allowed(fp, real)) {
		nb_warn("%s: whitelist %s: refused: it leads through a symlink to %s, which the profile does not whitelist",
			r->origin, m, real);
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
