// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mounts planned so far, indexed by destination: what a path shows in
 * the sandbox (the host, a tmpfs, nothing), answered by binary search
 * rather than by rescanning the plan for each of thousands of rules.
 */
#include "mountplan_fs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Host paths to sandbox paths: they are the same, except that a home
 * reached through a symlink on the host is shown at its own name.  That
 * name may be the longer one: a path that no longer fits is an error,
 * not a path cut short (which would name another file). */
int to_sandbox(const struct fsplan *fp, const char *resolved, char *out,
	       size_t size, struct nb_error *err)
{
	const char *real = fp->facts->home_real;
	int n;

	if (real && strcmp(real, fp->host->home) != 0 &&
	    path_under(resolved, real))
		n = snprintf(out, size, "%s%s", fp->host->home,
			     resolved + strlen(real));
	else
		n = snprintf(out, size, "%s", resolved);
	if (n < 0 || (size_t)n >= size)
		return nb_fail(err, ENAMETOOLONG, "%s: in the sandbox",
			       resolved);
	return 0;
}

/* ---- the index of planned mounts ---------------------------------- */

static int cmp_index(const void *a, const void *b)
{
	const struct index_entry *x = a, *y = b;
	int c = strcmp(x->dst, y->dst);

	if (c)
		return c;
	return x->op < y->op ? -1 : x->op > y->op;
}

int index_rebuild(struct fsplan *fp, struct nb_error *err)
{
	const struct mount_plan *plan = fp->plan;

	if (plan->n > fp->cap_index) {
		struct index_entry *grown =
			realloc(fp->index, plan->n * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "mount plan");
		fp->index = grown;
		fp->cap_index = plan->n;
	}
	fp->n_index = 0;
	for (size_t i = 0; i < plan->n; i++)
		fp->index[fp->n_index++] =
			(struct index_entry){ plan->ops[i].dst, i };
	qsort(fp->index, fp->n_index, sizeof(*fp->index), cmp_index);
	return 0;
}

/* First entry whose dst is >= @key. */
static size_t index_lower(const struct fsplan *fp, const char *key, size_t len)
{
	size_t lo = 0, hi = fp->n_index;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strncmp(fp->index[mid].dst, key, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The latest planned mount at exactly the first @len bytes of @path. */
long index_latest_at(const struct fsplan *fp, const char *path,
			    size_t len)
{
	long best = -1;

	for (size_t i = index_lower(fp, path, len); i < fp->n_index; i++) {
		const char *d = fp->index[i].dst;

		if (strlen(d) != len || strncmp(d, path, len) != 0)
			break;
		/* a rebind changes flags, not what is shown: look through */
		if (fp->plan->ops[fp->index[i].op].type == MOUNT_OP_REBIND)
			continue;
		if ((long)fp->index[i].op > best)
			best = (long)fp->index[i].op;
	}
	return best;
}

bool index_has(const struct fsplan *fp, const char *dst)
{
	size_t len = strlen(dst);

	for (size_t i = index_lower(fp, dst, len + 1);
	     i < fp->n_index && strcmp(fp->index[i].dst, dst) == 0; i++) {
		enum mount_op_type t = fp->plan->ops[fp->index[i].op].type;

		/* what is created on the host, a link, a copied file: no
		 * mount there */
		if (t != MOUNT_OP_HOST_MKDIR && t != MOUNT_OP_HOST_MKFILE &&
		    t != MOUNT_OP_SYMLINK && t != MOUNT_OP_COPY)
			return true;
	}
	return false;
}

/* Whether the latest planned operation at exactly @dst, a rebind
 * included, is @type with @flags. */
bool index_latest_is(const struct fsplan *fp, const char *dst,
		     enum mount_op_type type, unsigned flags)
{
	size_t len = strlen(dst);
	long best = -1;

	for (size_t i = index_lower(fp, dst, len + 1);
	     i < fp->n_index && strcmp(fp->index[i].dst, dst) == 0; i++)
		if ((long)fp->index[i].op > best)
			best = (long)fp->index[i].op;
	return best >= 0 && fp->plan->ops[best].type == type &&
	       fp->plan->ops[best].flags == flags;
}

/*
 * Whether the mount at exactly @dst already has every one of @flags (a
 * rebind would add nothing): the latest operation there carries them and
 * nothing was planned below @dst after it (a rebind is recursive, and
 * would give a later submount the flags too).  Only for flags nothing
 * takes away again (nosuid, nodev, noexec: a rebind clears read-only
 * alone).
 */
bool index_latest_has(const struct fsplan *fp, const char *dst,
		      unsigned flags)
{
	size_t len = strlen(dst);
	char below[PATH_MAX];
	long best = -1;

	for (size_t i = index_lower(fp, dst, len + 1);
	     i < fp->n_index && strcmp(fp->index[i].dst, dst) == 0; i++)
		if ((long)fp->index[i].op > best)
			best = (long)fp->index[i].op;
	if (best < 0 || (fp->plan->ops[best].flags & flags) != flags)
		return false;
	if (snprintf(below, sizeof(below), "%s/", strcmp(dst, "/") ? dst : "") >=
	    (int)sizeof(below))
		return false;
	len = strlen(below);
	for (size_t i = index_lower(fp, below, len);
	     i < fp->n_index && strncmp(fp->index[i].dst, below, len) == 0; i++)
		if ((long)fp->index[i].op > best)
			return false;
	return true;
}

static bool shows_host(const struct mount_op *op)
{
	return op->type == MOUNT_OP_BIND || op->type == MOUNT_OP_PROC ||
	       op->type == MOUNT_OP_SYSFS || op->type == MOUNT_OP_DEVPTS ||
	       op->type == MOUNT_OP_FILE;
}

/*
 * Does @path show something of the host in the sandbox?  The latest mount
 * at or above it decides: a bind (or a kernel file system) shows the
 * host; a tmpfs shows nothing of it, unless a later bind lies below
 * @path (a whitelisted path inside), or @path is the tmpfs itself.
 * *@nocreate is set when @path lies in a host tree, where a mountpoint
 * must already exist.
 */
bool visible(const struct fsplan *fp, const char *path, bool *nocreate)
{
	const struct mount_op *ops = fp->plan->ops;
	long best = -1;
	size_t len = strlen(path), i;
	char below[PATH_MAX + 2];

	for (i = 1; i <= len; i++) {
		if (i == len || path[i] == '/') {
			long at = index_latest_at(fp, path, i);

			if (at > best)
				best = at;
		}
	}
	if (nocreate)
		*nocreate = best >= 0 && shows_host(&ops[best]);
	if (best < 0)
		return false;
	if (strcmp(ops[best].dst, path) == 0 || shows_host(&ops[best]))
		return true;
	snprintf(below, sizeof(below), "%s/", path);
	for (i = index_lower(fp, below, strlen(below)); i < fp->n_index; i++) {
		const struct index_entry *e = &fp->index[i];

		if (strncmp(e->dst, below, strlen(below)) != 0)
			break;
		if ((long)e->op > best && shows_host(&ops[e->op]))
			return true;
	}
	return false;
}

/* Add an op and keep the index in step (an insertion into a sorted
 * array: cheap next to the mount it stands for). */
int add_op(struct fsplan *fp, enum mount_op_type type, const char *src,
		  const char *dst, unsigned flags, mode_t mode,
		  struct nb_error *err)
{
	struct index_entry e;
	size_t at;

	if (mount_plan_add(fp->plan, type, src, dst, flags, mode, err) < 0)
		return -1;
	if (fp->n_index == fp->cap_index) {
		size_t cap = fp->cap_index ? fp->cap_index * 2 : 64;
		struct index_entry *grown =
			realloc(fp->index, cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "mount plan");
		fp->index = grown;
		fp->cap_index = cap;
	}
	e = (struct index_entry){ fp->plan->ops[fp->plan->n - 1].dst,
				  fp->plan->n - 1 };
	at = index_lower(fp, e.dst, strlen(e.dst) + 1);
	memmove(&fp->index[at + 1], &fp->index[at],
		(fp->n_index - at) * sizeof(*fp->index));
	fp->index[at] = e;
	fp->n_index++;
	return 0;
}

/* ---- blocked paths (dedup) ---------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool is_blocked(const struct fsplan *fp, const char *dst)
{
	return fp->n_blocked &&
	       bsearch(&dst, fp->blocked, fp->n_blocked, sizeof(char *),
		       cmp_str);
}

int block(struct fsplan *fp, const char *dst, struct nb_error *err)
{
	size_t lo = 0, hi = fp->n_blocked;

	if (is_blocked(fp, dst))
		return 0;
	if (fp->n_blocked == fp->cap_blocked) {
		size_t cap = fp->cap_blocked ? fp->cap_blocked * 2 : 64;
		char **grown = realloc(fp->blocked, cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "mount plan");
		fp->blocked = grown;
		fp->cap_blocked = cap;
	}
	if (add_op(fp, MOUNT_OP_BLOCK, NULL, dst, MOUNT_F_OPTIONAL, 0, err) < 0)
		return -1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(fp->blocked[mid], dst) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&fp->blocked[lo + 1], &fp->blocked[lo],
		(fp->n_blocked - lo) * sizeof(char *));
	fp->blocked[lo] = fp->plan->ops[fp->plan->n - 1].dst;
	fp->n_blocked++;
	return 0;
}

/* Is @path below @e's directory, in an entry it does not keep? */
static bool hidden_by_entries(const struct mount_op *e, const char *path)
{
	size_t n = strlen(e->dst);
	const char *name = path + n + 1;

	return strncmp(path, e->dst, n) == 0 && path[n] == '/' &&
	       !mount_op_keeps(e, name, strcspn(name, "/"));
}

/*
 * A block below another block (firejail's blacklist of /proc/sys/abi
 * then of /proc/sys/STAR/STAR), or in an entry a MOUNT_OP_BLOCK_ENTRIES
 * covers, is covered by it whatever the order: dropped, one mount less
 * each.
 */
static bool block_covered(const struct fsplan *fp, const struct mount_op *op,
			  const struct mount_op *const *all, size_t n_all)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", op->dst);
	if (op->type == MOUNT_OP_BLOCK_ENTRIES && is_blocked(fp, dir))
		return true;
	for (size_t k = 0; k < n_all; k++) /* a few: one per directory */
		if (all[k] != op && hidden_by_entries(all[k], op->dst))
			return true;
	for (char *slash = strrchr(dir, '/'); slash && slash != dir;
	     slash = strrchr(dir, '/')) {
		*slash = '\0';
		if (is_blocked(fp, dir))
			return true;
	}
	return false;
}

void drop_covered_blocks(struct fsplan *fp)
{
	struct mount_plan *plan = fp->plan;
	bool *covered = calloc(plan->n ? plan->n : 1, sizeof(*covered));
	const struct mount_op **all = calloc(plan->n ? plan->n : 1,
					     sizeof(*all));
	size_t out = 0, n_all = 0;

	if (!covered || !all) {
		free(covered);
		free(all);
		return; /* an optimisation only: the plan stays correct */
	}
	for (size_t i = 0; i < plan->n; i++)
		if (plan->ops[i].type == MOUNT_OP_BLOCK_ENTRIES)
			all[n_all++] = &plan->ops[i];
	/* decide first: the blocked set points into the ops' strings */
	for (size_t i = 0; i < plan->n; i++)
		covered[i] = (plan->ops[i].type == MOUNT_OP_BLOCK ||
			      plan->ops[i].type == MOUNT_OP_BLOCK_ENTRIES) &&
			     block_covered(fp, &plan->ops[i], all, n_all);
	for (size_t i = 0; i < plan->n; i++) {
		if (covered[i]) {
			free(plan->ops[i].src);
			free(plan->ops[i].dst);
			continue;
		}
		plan->ops[out++] = plan->ops[i];
	}
	plan->n = out;
	fp->n_blocked = 0; /* its strings may be gone */
	free(covered);
	free(all);
}

