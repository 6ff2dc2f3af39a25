// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Filesystem confinement, planned (pure): the policy's private-*,
 * whitelist, blacklist, read-only, read-write, noexec, tmpfs, mkdir and
 * mkfile directives, with firejail's semantics, turned into mount
 * operations on top of the baseline.  Input: the policy, the host facts
 * and the file-system facts (fsfacts.h); output: the ordered plan.
 *
 * The order of the plan is the order of firejail's processing:
 *   1. the baseline, reshaped: a directory that is whitelisted or given a
 *      private-* list becomes an empty tmpfs;
 *   2. private-etc/opt/srv and private-bin entries, private-cache;
 *   3. whitelisted paths bound back into their tmpfs;
 *   4. blacklist, read-only, read-write, noexec and tmpfs rules in
 *      profile order (so a blacklist inside a whitelisted tree wins and
 *      read-only on a whitelisted path holds); nosound; machine-id;
 *   5. nestbox's own configuration, read-only whatever came before.
 * Negative forms (noblacklist, nowhitelist) act only on later lines.
 */
#include "mountplan.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "fsfacts.h"

#define USER_FLAGS (MOUNT_F_NOSUID | MOUNT_F_NODEV)
#define SYSTEM_RO (MOUNT_F_RDONLY | MOUNT_F_NOSUID | MOUNT_F_NODEV)
#define SYSTEM_TMPFS SYSTEM_RO

/* A directory a whitelist confines. */
struct wl_top {
	const char *path;
	bool confined;		/* some whitelist below it: an empty tmpfs */
	bool whole;		/* `whitelist TOP` itself: shown whole */
	bool system;		/* binds into it are read-only */
	bool new_tmpfs;		/* not in the baseline: planned here */
	bool keeps_devices;	/* /dev: binds keep device nodes usable */
};

enum { TOP_HOME, TOP_RUN_USER, TOP_TMP, TOP_DEV, TOP_ETC, TOP_OPT, TOP_SRV,
       TOP_VAR, TOP_MEDIA, TOP_MNT, TOP_USR_SHARE, TOP_COUNT };

struct index_entry {
	const char *dst;
	size_t op;
};

struct fsplan {
	const struct policy *policy;
	const struct policy_fs *fs;
	const struct host_facts *host;
	const struct fs_facts *facts;
	struct mount_plan *plan;
	char run_user[64];
	struct wl_top tops[TOP_COUNT];
	bool home_hidden;	/* private, or private DIR: home's whitelists
				 * and rules do not apply */
	/* the mounts planned so far, sorted by destination, to tell what a
	 * path shows in the sandbox without rescanning the plan */
	struct index_entry *index;
	size_t n_index, cap_index;
	/* destinations already blocked */
	char **blocked;
	size_t n_blocked, cap_blocked;
};

static bool path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || !path[n]);
}

static bool path_below(const char *path, const char *dir)
{
	return path_under(path, dir) && strcmp(path, dir) != 0;
}

/* Host paths to sandbox paths: they are the same, except that a home
 * reached through a symlink on the host is shown at its own name. */
static void to_sandbox(const struct fsplan *fp, const char *resolved,
		       char *out, size_t size)
{
	const char *real = fp->facts->home_real;

	if (real && strcmp(real, fp->host->home) != 0 &&
	    path_under(resolved, real))
		snprintf(out, size, "%s%s", fp->host->home,
			 resolved + strlen(real));
	else
		snprintf(out, size, "%s", resolved);
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

static int index_rebuild(struct fsplan *fp, struct nb_error *err)
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
static long index_latest_at(const struct fsplan *fp, const char *path,
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
static bool visible(const struct fsplan *fp, const char *path, bool *nocreate)
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
static int add_op(struct fsplan *fp, enum mount_op_type type, const char *src,
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

static bool is_blocked(const struct fsplan *fp, const char *dst)
{
	return fp->n_blocked &&
	       bsearch(&dst, fp->blocked, fp->n_blocked, sizeof(char *),
		       cmp_str);
}

static int block(struct fsplan *fp, const char *dst, struct nb_error *err)
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

/* ---- 1. the reshaped baseline ------------------------------------- */

static void init_tops(struct fsplan *fp)
{
	static const struct {
		int id;
		const char *path;
		bool system, new_tmpfs, devices;
	} fixed[] = {
		{ TOP_TMP, "/tmp", false, false, false },
		{ TOP_DEV, "/dev", false, false, true },
		{ TOP_ETC, "/etc", true, false, false },
		{ TOP_OPT, "/opt", true, false, false },
		{ TOP_SRV, "/srv", true, false, false },
		{ TOP_VAR, "/var", false, true, false },
		{ TOP_MEDIA, "/media", false, true, false },
		{ TOP_MNT, "/mnt", false, true, false },
		{ TOP_USR_SHARE, "/usr/share", true, true, false },
	};

	snprintf(fp->run_user, sizeof(fp->run_user), "/run/user/%u",
		 (unsigned)fp->host->uid);
	fp->tops[TOP_HOME] = (struct wl_top){ .path = fp->host->home };
	fp->tops[TOP_RUN_USER] = (struct wl_top){ .path = fp->run_user };
	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		fp->tops[fixed[i].id] = (struct wl_top){
			.path = fixed[i].path,
			.system = fixed[i].system,
			.new_tmpfs = fixed[i].new_tmpfs,
			.keeps_devices = fixed[i].devices,
		};
}

/* The deepest top at or above @path (home may lie below /var or /srv). */
static struct wl_top *top_of(struct fsplan *fp, const char *path)
{
	struct wl_top *best = NULL;

	for (int i = 0; i < TOP_COUNT; i++)
		if (path_under(path, fp->tops[i].path) &&
		    (!best || strlen(fp->tops[i].path) > strlen(best->path)))
			best = &fp->tops[i];
	return best;
}

static bool is_whitelist(const struct fs_rule *r)
{
	return r->kind == FS_WHITELIST || r->kind == FS_WHITELIST_RO;
}

/* The literal part of a pattern, before its first glob character. */
static size_t literal_prefix(const char *pattern)
{
	return strcspn(pattern, "*?[\\");
}

/* Does an earlier rule of @neg kind (noblacklist, nowhitelist) name
 * @path?  Only earlier lines count: firejail's order. */
static bool negated(const struct fsplan *fp, size_t before,
		    enum fs_rule_kind neg, const char *path, const char *also)
{
	for (size_t i = 0; i < before; i++) {
		const struct fs_rule *r = &fp->fs->rules[i];
		size_t lit;

		if (r->kind != neg)
			continue;
		lit = literal_prefix(r->path);
		if (!r->path[lit]) {
			if (strcmp(r->path, path) == 0 ||
			    (also && strcmp(r->path, also) == 0))
				return true;
			continue;
		}
		if ((strncmp(r->path, path, lit) == 0 &&
		     fnmatch(r->path, path, FNM_PATHNAME) == 0) ||
		    (also && strncmp(r->path, also, lit) == 0 &&
		     fnmatch(r->path, also, FNM_PATHNAME) == 0))
			return true;
	}
	return false;
}

static void mark_whitelist_tops(struct fsplan *fp)
{
	for (size_t i = 0; i < fp->fs->n_rules; i++) {
		const struct fs_rule *r = &fp->fs->rules[i];
		struct wl_top *t;

		if (!is_whitelist(r) || negated(fp, i, FS_NOWHITELIST, r->path,
						NULL))
			continue;
		t = top_of(fp, r->path);
		if (!t)
			continue;
		if (t == &fp->tops[TOP_HOME] && fp->home_hidden)
			continue;
		if (strcmp(r->path, t->path) == 0)
			t->whole = true;
		else
			t->confined = true;
	}
	for (int i = 0; i < TOP_COUNT; i++)
		if (fp->tops[i].whole)
			fp->tops[i].confined = false;
}

static bool top_confined(const struct fsplan *fp, int id)
{
	return fp->tops[id].confined;
}

static int plan_base(struct fsplan *fp, struct nb_error *err)
{
	const struct policy_fs *fs = fp->fs;
	struct mount_shape shape = { .home_src = fp->host->home };

	if (fs->private_home) {
		shape.home_src = NULL;
	} else if (fs->private_home_dir) {
		const struct fs_fact *d =
			fs_facts_find(fp->facts, fs->private_home_dir);

		if (!d || d->kind != FS_DIR)
			return nb_fail(err, 0, "private %s: no such directory",
				       fs->private_home_dir);
		shape.home_src = d->resolved;
	} else if (top_confined(fp, TOP_HOME)) {
		shape.home_src = NULL;
	}
	shape.etc_tmpfs = fs->private_etc.set || top_confined(fp, TOP_ETC);
	shape.etc_rw = fs->writable_etc;
	shape.opt_tmpfs = fs->private_opt.set || top_confined(fp, TOP_OPT);
	shape.srv_tmpfs = fs->private_srv.set || top_confined(fp, TOP_SRV);
	shape.run_user_tmpfs = top_confined(fp, TOP_RUN_USER);
	shape.dev_shm_host = fs->keep_dev_shm;
	if (mount_plan_base(fp->host, &shape, fp->plan, err) < 0)
		return -1;
	for (int i = 0; i < TOP_COUNT; i++) {
		struct wl_top *t = &fp->tops[i];

		if (t->new_tmpfs && t->confined &&
		    mount_plan_add(fp->plan, MOUNT_OP_TMPFS, NULL, t->path,
				   t->system ? SYSTEM_TMPFS : USER_FLAGS, 0755,
				   err) < 0)
			return -1;
	}
	return index_rebuild(fp, err);
}

/* ---- 2. private-* lists ------------------------------------------- */

/* Link targets the sandbox shows as the host has them: a link into
 * them is recreated as a link, anything else is bound as its target. */
static bool shown_as_on_host(const char *resolved)
{
	return path_under(resolved, "/usr") || path_under(resolved, "/proc") ||
	       path_under(resolved, "/sys") || path_under(resolved, "/dev");
}

static int plan_listed(struct fsplan *fp, const char *dir,
		       const struct name_list *names, struct nb_error *err)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < names->n; i++) {
		const struct fs_fact *x;

		snprintf(path, sizeof(path), "%s/%s", dir, names->v[i]);
		x = fs_facts_find(fp->facts, path);
		if (!x || x->kind == FS_ABSENT) {
			nb_debug("%s: %s is not on the host", dir, names->v[i]);
			continue;
		}
		if (x->is_link && (shown_as_on_host(x->resolved) ||
				   path_under(x->resolved, dir))) {
			if (add_op(fp, MOUNT_OP_SYMLINK, x->link, path, 0, 0,
				   err) < 0)
				return -1;
			if (!path_under(x->resolved, dir))
				continue;
			/* the target, in the same directory, is shown too */
			snprintf(path, sizeof(path), "%s", x->resolved);
		}
		if (add_op(fp, MOUNT_OP_BIND, x->resolved, path,
			   SYSTEM_RO | MOUNT_F_NOFOLLOW, 0, err) < 0)
			return -1;
	}
	return 0;
}

static const char *const bin_dirs[] = {
	"/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin",
	"/sbin", "/usr/games", "/usr/local/games",
};

/* A real (not symlinked) bin directory that the sandbox shows. */
static bool real_dir(const struct fsplan *fp, const char *dir)
{
	const struct fs_fact *d = fs_facts_find(fp->facts, dir);

	return d && d->kind == FS_DIR && strcmp(d->resolved, dir) == 0;
}

static int plan_private_bin(struct fsplan *fp, struct nb_error *err)
{
	const struct name_list *names = &fp->fs->private_bin;
	char path[PATH_MAX], dst[PATH_MAX + 256];

	if (!names->set)
		return 0;
	for (size_t d = 0; d < sizeof(bin_dirs) / sizeof(*bin_dirs); d++)
		if (real_dir(fp, bin_dirs[d]) &&
		    add_op(fp, MOUNT_OP_TMPFS, NULL, bin_dirs[d],
			   SYSTEM_TMPFS | MOUNT_F_NOCREATE, 0755, err) < 0)
			return -1;
	for (size_t i = 0; i < names->n; i++) {
		const struct fs_fact *x = NULL;
		const struct fs_fact *dir = NULL;

		for (size_t d = 0; d < sizeof(bin_dirs) / sizeof(*bin_dirs);
		     d++) {
			snprintf(path, sizeof(path), "%s/%s", bin_dirs[d],
				 names->v[i]);
			x = fs_facts_find(fp->facts, path);
			if (x && x->kind == FS_FILE) {
				dir = fs_facts_find(fp->facts, bin_dirs[d]);
				break;
			}
			x = NULL;
		}
		if (!x || !dir || !dir->resolved) {
			nb_debug("private-bin: %s not found", names->v[i]);
			continue;
		}
		/* into the real directory: /bin/ls on a merged-/usr host is
		 * /usr/bin/ls, shown through the /bin link */
		snprintf(dst, sizeof(dst), "%s/%s", dir->resolved, names->v[i]);
		if (index_latest_at(fp, dst, strlen(dst)) >= 0)
			continue;
		if (add_op(fp, MOUNT_OP_BIND, x->resolved, dst,
			   SYSTEM_RO | MOUNT_F_NOFOLLOW, 0, err) < 0)
			return -1;
	}
	return 0;
}

static int plan_host_mkdir(struct fsplan *fp, const struct fs_fact *x,
			   const char *anchor, struct nb_error *err)
{
	if (!x || !x->created)
		return 0;
	return mount_plan_add(fp->plan,
			      x->kind == FS_FILE ? MOUNT_OP_HOST_MKFILE
						 : MOUNT_OP_HOST_MKDIR,
			      anchor, x->path, 0, 0, err);
}

static int plan_private_cache(struct fsplan *fp, struct nb_error *err)
{
	char cache[PATH_MAX + 16];
	const struct fs_fact *x;
	bool nocreate;

	if (!fp->fs->private_cache)
		return 0;
	snprintf(cache, sizeof(cache), "%s/.cache", fp->host->home);
	if (!visible(fp, cache, &nocreate))
		return 0; /* an empty home already has no cache */
	x = fs_facts_find(fp->facts, cache);
	if (nocreate && plan_host_mkdir(fp, x, fp->host->home, err) < 0)
		return -1;
	return add_op(fp, MOUNT_OP_TMPFS, NULL, cache,
		      USER_FLAGS | (nocreate ? MOUNT_F_NOCREATE : 0), 0700, err);
}

/* ---- 3. whitelists ------------------------------------------------ */

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
 * (e.g. ~/.mozilla -> ~/.mozilla-real, both listed) or outside every
 * confined directory (e.g. into /usr); nowhere else. */
static bool link_target_allowed(const struct fsplan *fp, const char *real)
{
	const struct fs_facts *f = fp->facts;
	struct wl_top *t = top_of((struct fsplan *)fp, real);

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
	to_sandbox(fp, x->resolved, real, sizeof(real));
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

static int plan_whitelists(struct fsplan *fp, struct nb_error *err)
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

/* ---- 4. blacklist, read-only, read-write, noexec, tmpfs ----------- */

/* The sandbox has its own /proc, /sys and /dev: their paths are taken
 * as written, and what is not there in the sandbox is skipped. */
static bool in_kernel_fs(const char *path)
{
	return path_under(path, "/proc") || path_under(path, "/sys") ||
	       path_under(path, "/dev");
}

static int mk_anchor(const struct fsplan *fp, const char *path,
		     const char **anchor)
{
	const char *bases[] = { fp->host->home, "/tmp", fp->run_user };

	for (size_t i = 0; i < 3; i++)
		if (path_below(path, bases[i])) {
			*anchor = bases[i];
			return 0;
		}
	return -1;
}

static int plan_mk_rules(struct fsplan *fp, struct nb_error *err)
{
	for (size_t i = 0; i < fp->fs->n_rules; i++) {
		const struct fs_rule *r = &fp->fs->rules[i];
		const char *anchor;

		if (r->kind != FS_MKDIR && r->kind != FS_MKFILE)
			continue;
		if (mk_anchor(fp, r->path, &anchor) < 0)
			return nb_fail(err, 0,
				       "%s: %s %s: only below home, /tmp or %s",
				       r->origin, fs_rule_kind_name(r->kind),
				       r->path, fp->run_user);
		if (plan_host_mkdir(fp, fs_facts_find(fp->facts, r->path),
				    anchor, err) < 0)
			return -1;
	}
	return 0;
}

static int apply_rule(struct fsplan *fp, const struct fs_rule *r,
		      const char *dst, bool nocreate, struct nb_error *err)
{
	switch (r->kind) {
	case FS_BLACKLIST:
		return block(fp, dst, err);
	case FS_READ_ONLY:
		return add_op(fp, MOUNT_OP_REBIND, NULL, dst,
			      MOUNT_F_RDONLY | MOUNT_F_OPTIONAL, 0, err);
	case FS_READ_WRITE:
		if (!path_below(dst, fp->host->home)) {
			nb_warn("%s: read-write %s: refused: only paths below home",
				r->origin, dst);
			return 0;
		}
		return add_op(fp, MOUNT_OP_REBIND, NULL, dst,
			      MOUNT_F_RW | MOUNT_F_OPTIONAL, 0, err);
	case FS_NOEXEC:
		return add_op(fp, MOUNT_OP_REBIND, NULL, dst,
			      MOUNT_F_NOEXEC | MOUNT_F_NOSUID | MOUNT_F_NODEV |
				      MOUNT_F_OPTIONAL,
			      0, err);
	case FS_TMPFS:
		return add_op(fp, MOUNT_OP_TMPFS, NULL, dst,
			      USER_FLAGS | (nocreate ? MOUNT_F_NOCREATE : 0),
			      0700, err);
	default:
		return 0;
	}
}

static bool is_path_rule(enum fs_rule_kind k)
{
	return k == FS_BLACKLIST || k == FS_READ_ONLY || k == FS_READ_WRITE ||
	       k == FS_NOEXEC || k == FS_TMPFS;
}

static int rule_one(struct fsplan *fp, size_t i, const char *m,
		    struct nb_error *err)
{
	const struct fs_rule *r = &fp->fs->rules[i];
	const struct fs_fact *x = NULL;
	char dst[PATH_MAX];
	bool nocreate;

	if (in_kernel_fs(m)) {
		snprintf(dst, sizeof(dst), "%s", m);
	} else {
		x = fs_facts_find(fp->facts, m);
		if (!x || x->kind == FS_ABSENT)
			return 0;
		to_sandbox(fp, x->resolved, dst, sizeof(dst));
	}
	if (r->kind == FS_BLACKLIST &&
	    negated(fp, i, FS_NOBLACKLIST, m, x ? x->resolved : NULL))
		return 0;
	if (r->kind == FS_TMPFS &&
	    (!path_below(dst, fp->host->home) || (x && x->kind != FS_DIR)))
		return nb_fail(err, 0,
			       "%s: tmpfs %s: only directories below home",
			       r->origin, m);
	if (!in_kernel_fs(dst) && !visible(fp, dst, &nocreate))
		return 0; /* not in the sandbox: nothing to hide or change */
	if (in_kernel_fs(dst))
		nocreate = true;
	return apply_rule(fp, r, dst, nocreate, err);
}

static int plan_path_rules(struct fsplan *fp, struct nb_error *err)
{
	for (size_t i = 0; i < fp->fs->n_rules; i++) {
		if (!is_path_rule(fp->fs->rules[i].kind))
			continue;
		for (size_t k = 0; k < fp->facts->n_matches[i]; k++)
			if (rule_one(fp, i, fp->facts->matches[i][k], err) < 0)
				return -1;
	}
	return 0;
}

static int plan_nosound(struct fsplan *fp, struct nb_error *err)
{
	static const char *const sockets[] = { "pulse", "pipewire-0",
					       "pipewire-0-manager" };
	char path[128];

	if (!fp->fs->nosound)
		return 0;
	for (size_t i = 0; i < sizeof(sockets) / sizeof(*sockets); i++) {
		snprintf(path, sizeof(path), "%s/%s", fp->run_user, sockets[i]);
		if (visible(fp, path, NULL) && block(fp, path, err) < 0)
			return -1;
	}
	return 0;
}

static int plan_machine_id(struct fsplan *fp, struct nb_error *err)
{
	char content[40];
	bool nocreate;

	if (!fp->fs->machine_id)
		return 0;
	snprintf(content, sizeof(content), "%s\n", fp->facts->machine_id);
	visible(fp, "/etc/machine-id", &nocreate);
	return add_op(fp, MOUNT_OP_FILE, content, "/etc/machine-id",
		      MOUNT_F_RDONLY | (nocreate ? MOUNT_F_NOCREATE : 0), 0,
		      err);
}

/* ---- 5. nestbox's own configuration ------------------------------- */

/*
 * ~/.config/nestbox holds the user's profiles: a sandbox that could
 * write there could loosen the next one.  Wherever it is shown it is
 * read-only, and ~/.config is made a mountpoint so that it cannot be
 * renamed away and replaced (rename(2) refuses a mountpoint: EBUSY).
 * It is created when missing, so that it cannot be created from inside.
 */
static int plan_protect_config(struct fsplan *fp, struct nb_error *err)
{
	const struct fs_fact *home_dir;
	char cfg[PATH_MAX + 16], own[PATH_MAX + 32];
	char cfg_dst[PATH_MAX], own_dst[PATH_MAX];
	const struct fs_fact *c, *o;
	bool nocreate;

	/* `private`: the real home is not shown at all; `private DIR`: a
	 * different directory is home, where nestbox reads nothing */
	if (fp->fs->private_home)
		return 0;
	if (fp->fs->private_home_dir) {
		home_dir = fs_facts_find(fp->facts, fp->fs->private_home_dir);
		if (!home_dir || !home_dir->resolved || !fp->facts->home_real ||
		    strcmp(home_dir->resolved, fp->facts->home_real) != 0)
			return 0;
	}
	snprintf(cfg, sizeof(cfg), "%s/.config", fp->host->home);
	snprintf(own, sizeof(own), "%s/.config/nestbox", fp->host->home);
	c = fs_facts_find(fp->facts, cfg);
	o = fs_facts_find(fp->facts, own);
	if (!c || !o || c->kind != FS_DIR || o->kind != FS_DIR)
		return 0; /* not a directory: nestbox reads no profile there */
	to_sandbox(fp, c->resolved, cfg_dst, sizeof(cfg_dst));
	to_sandbox(fp, o->resolved, own_dst, sizeof(own_dst));
	if (!visible(fp, own_dst, &nocreate))
		return 0;
	if (nocreate && (plan_host_mkdir(fp, c, fp->host->home, err) < 0 ||
			 plan_host_mkdir(fp, o, fp->host->home, err) < 0))
		return -1;
	if (path_under(own_dst, cfg_dst) &&
	    add_op(fp, MOUNT_OP_REBIND, NULL, cfg_dst, 0, 0, err) < 0)
		return -1;
	return add_op(fp, MOUNT_OP_REBIND, NULL, own_dst,
		      MOUNT_F_RDONLY | MOUNT_F_NOSUID | MOUNT_F_NODEV |
			      MOUNT_F_NOEXEC,
		      0, err);
}

/* A block below another block (firejail's blacklist of /proc/sys/STAR/STAR
 * then `blacklist /proc/sys/vm`) is covered by it whatever the order:
 * dropped, one mount less each. */
static void drop_covered_blocks(struct fsplan *fp)
{
	struct mount_plan *plan = fp->plan;
	char dir[PATH_MAX];
	size_t out = 0;

	for (size_t i = 0; i < plan->n; i++) {
		struct mount_op *op = &plan->ops[i];
		bool covered = false;

		if (op->type == MOUNT_OP_BLOCK) {
			snprintf(dir, sizeof(dir), "%s", op->dst);
			for (char *slash = strrchr(dir, '/');
			     slash && slash != dir && !covered;
			     slash = strrchr(dir, '/')) {
				*slash = '\0';
				covered = is_blocked(fp, dir);
			}
		}
		if (covered) {
			free(op->src);
			free(op->dst);
			continue;
		}
		plan->ops[out++] = *op;
	}
	plan->n = out;
}

int mount_plan_build(const struct policy *policy,
		     const struct host_facts *host,
		     const struct fs_facts *facts, struct mount_plan *plan,
		     struct nb_error *err)
{
	struct fsplan fp = {
		.policy = policy,
		.fs = &policy->fs,
		.host = host,
		.facts = facts,
		.plan = plan,
	};
	int rc;

	init_tops(&fp);
	fp.home_hidden = policy->fs.private_home || policy->fs.private_home_dir;
	mark_whitelist_tops(&fp);
	rc = plan_base(&fp, err);
	if (rc == 0)
		rc = plan_mk_rules(&fp, err);
	if (rc == 0)
		rc = plan_listed(&fp, "/etc", &policy->fs.private_etc, err);
	if (rc == 0)
		rc = plan_listed(&fp, "/opt", &policy->fs.private_opt, err);
	if (rc == 0)
		rc = plan_listed(&fp, "/srv", &policy->fs.private_srv, err);
	if (rc == 0)
		rc = plan_private_bin(&fp, err);
	if (rc == 0)
		rc = plan_whitelists(&fp, err);
	if (rc == 0)
		rc = plan_private_cache(&fp, err);
	if (rc == 0)
		rc = plan_path_rules(&fp, err);
	if (rc == 0)
		rc = plan_nosound(&fp, err);
	if (rc == 0)
		rc = plan_machine_id(&fp, err);
	if (rc == 0)
		rc = plan_protect_config(&fp, err);
	if (rc == 0)
		drop_covered_blocks(&fp);
	free(fp.index);
	free(fp.blocked);
	return rc;
}
