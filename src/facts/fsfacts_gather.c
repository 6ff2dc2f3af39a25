// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading the host for the file-system facts (fsfacts.c): paths resolved
 * with openat2 (never through a magic link), or for a symlink of a plain
 * shape by reading it, where that is provably the kernel's answer;
 * directories probed or listed once per gathering (the caches), and globs
 * expanded as glob(3) with GLOB_PERIOD would.  Only read-only system
 * calls.
 */
#include "fsfacts_gather.h"

#include "fsfacts_resolve.h"
#include "fspath.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

static bool missing_errno(int e)
{
	return e == ENOENT || e == ENOTDIR || e == EACCES;
}

static int copy_fact(struct fs_fact *to, const struct fs_fact *from,
		     struct nb_error *err)
{
	to->kind = from->kind;
	to->is_link = from->is_link;
	to->resolved = from->resolved ? strdup(from->resolved) : NULL;
	to->link = from->link ? strdup(from->link) : NULL;
	if ((from->resolved && !to->resolved) || (from->link && !to->link))
		return nb_fail(err, ENOMEM, "facts");
	return 0;
}

/*
 * A lookup on its way.  @links counts the symlinks followed so far: 0
 * for a path the profile names, more on the way to a link's target.
 * gather_resolve() would have followed them all in one kernel walk,
 * which gives up past MAX_LINKS (ELOOP), so they are counted here too,
 * and on the way only an answer provably the kernel's is given: anything
 * else goes back to the start of the walk, where gather_resolve()
 * answers in its own words.
 */
struct walk {
	int links;
	bool may_list;
};

/* The kernel's MAXSYMLINKS: how many symlinks one path walk follows */
#define MAX_LINKS 40
#define LINKS_UNCOUNTED -1

/* Directories asked about this often are listed once instead: a
 * firejail profile names hundreds of paths in home and in /usr/bin. */
#define LIST_AFTER 4

static int fact_in_dir(struct gather_cache *c, const char *path,
		       struct cache_slot *d, struct walk *w, struct fs_fact *x,
		       struct nb_error *err);

/* Said on the way to a link's target, never to the user: the walk's
 * start turns it into gather_resolve(), whose errors are the ones
 * reported. */
static int leave_to_kernel(struct nb_error *err, const char *path)
{
	return nb_fail(err, 0, "%s: for the kernel to resolve", path);
}

/*
 * Magic links (/proc/PID/fd/N, exe, cwd, root) exist only in procfs,
 * which may be mounted anywhere (a chroot's /proc): their text is not
 * where the kernel goes, and gather_resolve() refuses to go there at all.
 */
static bool on_procfs(struct cache_slot *d)
{
	struct statfs sf;

	if (!d->fs_checked) {
		d->fs_checked = true;
		d->procfs = statfs(d->key, &sf) < 0 ||
			    sf.f_type == PROC_SUPER_MAGIC;
	}
	return d->procfs;
}

/*
 * Where the link's directory leaves no doubt about what the kernel does
 * with it: reached without a symlink (the kernel counts those of a
 * linked directory towards its 40, and their number is not known here),
 * so that a leading ".." pops a real component; and in no kernel file
 * system, where a link's text may be a magic link's.
 */
static bool links_followable_in(struct cache_slot *d, const char *real)
{
	return d->state == DIR_REAL && !path_in_kernel_fs(real) &&
	       !on_procfs(d);
}

/* The fact of @target, a path a link leads to, found as any path is. */
static int fact_of_target(struct gather_cache *c, const char *target,
			  struct walk *w, struct fs_fact *x,
			  struct nb_error *err)
{
	const char *slash = strrchr(target, '/');
	char dir[PATH_MAX];
	struct cache_slot *d;

	snprintf(dir, sizeof(dir), "%.*s",
		 slash == target ? 1 : (int)(slash - target), target);
	d = cache_probe_dir(c, dir, err);
	if (!d)
		return -1;
	/* the kernel's walk would have followed the directory's symlinks
	 * too, an unknown number of them */
	if (d->via_link)
		return leave_to_kernel(err, target);
	if (d->state != DIR_MISSING)
		return fact_in_dir(c, target, d, w, x, err);
	/* gather_resolve() finds nothing for these, and fails on any other */
	if (!missing_errno(d->probe_errno))
		return leave_to_kernel(err, target);
	return 0;
}

/*
 * Follow the symlink at @real (@path as named, in the probed directory
 * @d) in user space, where that is provably what gather_resolve() finds:
 * one readlink, the target joined to the link's real directory, and the
 * fact of that path found like any other (its directory probed, the
 * listings, look_once), so a chain costs a readlink a link instead of
 * gather_resolve()'s five calls, and links to one file resolve it once.
 * 1 and @x filled (left absent for a dangling link, as gather_resolve()
 * leaves it); 0 when only the kernel can tell; -1 on error.
 */
static int follow_link(struct gather_cache *c, const char *path,
		       const char *real, struct cache_slot *d, struct walk *w,
		       struct fs_fact *x, struct nb_error *err)
{
	char *text = NULL, *target = NULL;
	struct fs_fact to = { 0 };
	struct nb_error below;
	ssize_t n;
	int rc = 0;

	if (++w->links > MAX_LINKS || !links_followable_in(d, real))
		return 0;
	text = malloc(PATH_MAX + 1);
	target = malloc(PATH_MAX);
	if (!text || !target) {
		rc = nb_fail(err, ENOMEM, "facts");
		goto out;
	}
	/* readlink(2) cuts silently: a full buffer may be a cut name */
	n = readlink(real, text, PATH_MAX);
	if (n <= 0 || n >= PATH_MAX)
		goto out;
	d->searchable = true; /* the readlink got inside @d */
	text[n] = '\0';
	if (!path_link_target(real, text, target, PATH_MAX) ||
	    path_in_kernel_fs(target))
		goto out;
	/* whatever fails on the way, gather_resolve() fails the same way,
	 * in its own words: those are the ones to report */
	if (fact_of_target(c, target, w, &to, &below) < 0)
		goto out;
	rc = 1;
	if (to.kind == FS_ABSENT)
		goto out;
	x->kind = to.kind;
	x->resolved = to.resolved;
	to.resolved = NULL;
	if (strcmp(x->resolved, path) != 0) {
		x->is_link = true;
		x->link = strdup(text);
		if (!x->link)
			rc = nb_fail(err, ENOMEM, "facts");
	}
out:
	free(to.resolved);
	free(to.link);
	free(target);
	free(text);
	return rc;
}

static int remember(struct cache_slot *seen, int links, const struct fs_fact *x,
		    struct nb_error *err)
{
	seen->known = true;
	seen->links = links;
	return copy_fact(&seen->fact, x, err);
}

/* A real path looked at before.  On the way to a link's target, its
 * symlinks count towards the walk's. */
static int recall(const struct cache_slot *seen, const char *path,
		  struct walk *w, struct fs_fact *x, struct nb_error *err)
{
	if (w->links > 0 && (seen->links == LINKS_UNCOUNTED ||
			     w->links + seen->links > MAX_LINKS))
		return leave_to_kernel(err, path);
	if (seen->links != LINKS_UNCOUNTED)
		w->links += seen->links;
	return copy_fact(x, &seen->fact, err);
}

/*
 * What @path is, found at @real (@path with its directory @d resolved):
 * by one lstat, and for a symlink the full resolution (follow_link, or
 * gather_resolve() where only the kernel can tell).  Each real path is
 * looked at once: a profile names many twice (two rules, or /bin/x and
 * /usr/bin/x through the /bin link), and links lead to one file (clang++
 * and clang-14 to clang).
 */
static int look_once(struct gather_cache *c, const char *path, const char *real,
		     struct cache_slot *d, bool known_link, struct walk *w,
		     struct fs_fact *x, struct nb_error *err)
{
	bool on_the_way = w->links > 0;
	int before = w->links, rc;
	char key[PATH_MAX + 2];
	struct cache_slot *seen;
	struct stat st;

	snprintf(key, sizeof(key), "=%s", real); /* apart from directories' */
	seen = cache_get(c, key, err);
	if (!seen)
		return -1;
	if (seen->known)
		return recall(seen, path, w, x, err);
	if (!known_link) {
		if (lstat(real, &st) < 0) {
			if (!missing_errno(errno))
				return nb_fail(err, errno, "%s", path);
			/* unlike EACCES, ENOENT comes from inside @d */
			d->searchable |= errno == ENOENT;
			return remember(seen, 0, x, err);
		}
		d->searchable = true;
		if (!S_ISLNK(st.st_mode)) {
			x->resolved = strdup(real);
			if (!x->resolved)
				return nb_fail(err, ENOMEM, "facts");
			x->kind = S_ISDIR(st.st_mode) ? FS_DIR : FS_FILE;
			return remember(seen, 0, x, err);
		}
	}
	rc = follow_link(c, path, real, d, w, x, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return remember(seen, w->links - before, x, err);
	if (on_the_way)
		return leave_to_kernel(err, path);
	if (gather_resolve(path, true, x, err) < 0)
		return -1;
	return remember(seen, LINKS_UNCOUNTED, x, err);
}

/* @path's fact, its directory @d probed and found: one lstat at its real
 * path, or the listing's word once the directory is asked about often. */
static int fact_in_dir(struct gather_cache *c, const char *path,
		       struct cache_slot *d, struct walk *w, struct fs_fact *x,
		       struct nb_error *err)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/');
	unsigned *asked = w->links > 0 ? &d->target_queries : &d->queries;
	const struct cache_slot *l = NULL;
	unsigned char type = DT_UNKNOWN;

	if (gather_path_fmt(real, sizeof(real), err, "%s%s",
			    d->state == DIR_LINKED ? d->real : "",
			    d->state == DIR_LINKED ? slash : path) < 0)
		return nb_fail_wrap(err, "%s", path);
	if (w->may_list && ++*asked > LIST_AFTER) {
		snprintf(dir, sizeof(dir), "%.*s",
			 (int)(strrchr(real, '/') - real), real);
		l = cache_listing(c, dir[0] ? dir : "/", err);
		if (!l)
			return -1;
		/* a directory one may search but not read listed nothing:
		 * its names would all be taken for absent, their blacklists
		 * dropped */
		if (!cache_listing_agrees(l, d))
			l = NULL;
		else
			type = cache_listed_type(l, slash + 1);
	}
	if (l && type == 0)
		return 0; /* not in the listing: absent */
	if (l && type != DT_UNKNOWN && type != DT_LNK) {
		x->resolved = strdup(real);
		if (!x->resolved)
			return nb_fail(err, ENOMEM, "facts");
		x->kind = type == DT_DIR ? FS_DIR : FS_FILE;
		return 0;
	}
	return look_once(c, path, real, d, l && type == DT_LNK, w, x, err);
}

/*
 * Where a path mkdir or mkfile will create lies once created: below the
 * deepest of its parents that exists, resolved (a symlinked ~/.config
 * leads to ~/dotfiles/config: it is created there, and its rules apply
 * there, through no symlink).  NULL on error.
 */
static char *created_resolved(struct gather_cache *c, const char *path,
			      struct nb_error *err)
{
	char dir[PATH_MAX], *out = NULL;
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	while ((slash = strrchr(dir, '/')) && slash != dir) {
		struct cache_slot *d;

		*slash = '\0';
		d = cache_probe_dir(c, dir, err);
		if (!d)
			return NULL;
		if (d->state == DIR_MISSING)
			continue;
		if (d->state == DIR_LINKED && d->real &&
		    asprintf(&out, "%s%s", d->real, path + strlen(dir)) < 0)
			out = NULL;
		else if (d->state != DIR_LINKED || !d->real)
			out = strdup(path);
		break;
	}
	if (!out && !(out = strdup(path)))
		nb_fail(err, ENOMEM, "facts");
	return out;
}

/* A fact for @path: one lstat, in its directory or in what that
 * directory resolves to; the full resolution only for a symlink. */
static int gather_path_at(struct fs_facts *f, struct gather_cache *c,
			  const char *path, bool will_exist,
			  enum fs_kind will_be, bool may_list,
			  struct nb_error *err)
{
	const char *slash = strrchr(path, '/');
	struct walk w = { .links = 0, .may_list = may_list };
	struct cache_slot *d = NULL;
	struct fs_fact *x;
	char dir[PATH_MAX];

	x = fs_facts_add(f, path, NULL, FS_ABSENT, err);
	if (!x)
		return -1;
	if (slash && slash != path && slash[1]) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
		d = cache_probe_dir(c, dir, err);
		if (!d)
			return -1;
	}
	if (d && d->state == DIR_MISSING) {
		/* nothing below a missing directory */
	} else if (d) {
		if (fact_in_dir(c, path, d, &w, x, err) < 0)
			return -1;
	} else if (gather_resolve(path, false, x, err) < 0) {
		return -1;
	}
	if (x->kind == FS_ABSENT && will_exist) {
		x->resolved = created_resolved(c, path, err);
		if (!x->resolved)
			return -1;
		x->kind = will_be;
		x->created = true;
	}
	return 0;
}

int gather_path(struct fs_facts *f, struct gather_cache *c, const char *path,
		bool will_exist, enum fs_kind will_be, struct nb_error *err)
{
	return gather_path_at(f, c, path, will_exist, will_be, true, err);
}

int gather_path_unlisted(struct fs_facts *f, struct gather_cache *c,
			 const char *path, struct nb_error *err)
{
	return gather_path_at(f, c, path, false, FS_ABSENT, false, err);
}

/* ---- globs ---------------------------------------------------------- */

struct glob_walk {
	struct fs_facts *f;
	struct gather_cache *c;
	size_t rule;
	/* gather_glob: each match goes here instead of to a rule */
	int (*found)(void *ctx, const char *path, struct nb_error *err);
	void *ctx;
	/* the rule's matches are the sandbox's own paths (/proc, /sys):
	 * the plan takes them as written, and needs no fact of them */
	bool as_written;
	bool restricts;		/* what restricts_reach() says of the rule */
};

/* Rules whose path, were it there but left out, would be left open:
 * blacklist hides it, read-only and noexec take rights away. */
static bool restricts_reach(const struct fs_rule *rule)
{
	return rule->kind == FS_BLACKLIST || rule->kind == FS_READ_ONLY ||
	       rule->kind == FS_NOEXEC;
}

/*
 * A path gathered as absent (@x) may only be out of the caller's reach:
 * behind a directory of theirs that they may not search.  The program,
 * running as them, could chmod that directory and reach the path, which
 * no mount would then cover.  The fact names the directory, and the plan
 * keeps it as it is (read-only, so its mode cannot change).  A lookup
 * that got into @x's directory, or a directory plainly missing, settles
 * it without a system call.
 */
static int note_sealed(struct gather_cache *c, struct fs_fact *x,
		       struct nb_error *err)
{
	const char *slash = strrchr(x->path, '/'), *by;
	struct cache_slot *d;
	char dir[PATH_MAX];

	if (x->kind != FS_ABSENT || !slash || slash == x->path)
		return 0;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - x->path), x->path);
	d = cache_probe_dir(c, dir, err);
	if (!d)
		return -1;
	if (d->searchable ||
	    (d->state == DIR_MISSING && d->probe_errno != EACCES))
		return 0;
	if (cache_sealing_dir(c, dir, &by, err) < 0)
		return -1;
	if (by && !(x->sealed_by = strdup(by)))
		return nb_fail(err, ENOMEM, "facts");
	return 0;
}

static int glob_found(struct glob_walk *w, const char *path,
		      struct nb_error *err)
{
	if (!w->found && fs_facts_add_match(w->f, w->rule, path, err) < 0)
		return -1;
	if (w->as_written)
		return 0;
	/* gather_glob's callers ask about a few names in big directories
	 * (private-lib): a listing only where a glob needs one */
	if (gather_path_at(w->f, w->c, path, false, FS_ABSENT, !w->found,
			   err) < 0)
		return -1;
	if (!w->found)
		return w->restricts ? note_sealed(w->c, &w->f->v[w->f->n - 1], err)
				    : 0;
	/* a literal path is "matched" whether or not it exists */
	if (w->f->v[w->f->n - 1].kind == FS_ABSENT)
		return 0;
	return w->found(w->ctx, path, err);
}

/*
 * A restricting rule's pattern could not be matched in @dir, which the
 * caller may not list: if they own it and may not search it either,
 * they could chmod it and reach what the pattern names.  The pattern's
 * path stands as the rule's match, absent and naming the directory, so
 * that the plan keeps it as it is (note_sealed()): 1.  0: not so.
 */
static int note_unlisted(struct glob_walk *w, const char *dir,
			 const char *rest, struct nb_error *err)
{
	char pattern[PATH_MAX];
	struct fs_fact *x;
	const char *by;

	if (cache_sealing_dir(w->c, dir, &by, err) < 0)
		return -1;
	if (!by)
		return 0;
	if (gather_path_fmt(pattern, sizeof(pattern), err, "%s/%s",
			    strcmp(dir, "/") ? dir : "", rest) < 0 ||
	    fs_facts_add_match(w->f, w->rule, pattern, err) < 0)
		return -1;
	x = fs_facts_add(w->f, pattern, NULL, FS_ABSENT, err);
	if (!x)
		return -1;
	x->sealed_by = strdup(by);
	return x->sealed_by ? 1 : nb_fail(err, ENOMEM, "facts");
}

/*
 * Expand @rest (the components after @base) as glob(3) with GLOB_PERIOD
 * does: a wildcard matches a leading dot, but "." and ".." are never
 * matches (`whitelist ~/.*` must not name home's parent).  Names are
 * searched from the component's literal prefix in a sorted listing, so
 * `${PATH}/python2*` does not scan all of /usr/bin.
 *
 * Literal components are appended in a loop and only a pattern recurses,
 * with its buffers on the heap: a rule of 2,000 components ending in a
 * wildcard once recursed 2,000 frames of 4 KiB and overflowed the stack.
 */
static int glob_walk(struct glob_walk *w, const char *base, const char *rest,
		     struct nb_error *err)
{
	size_t len, plen = strlen(base), lit, lo, hi;
	char *path = malloc(PATH_MAX), *next = malloc(PATH_MAX), *comp = NULL;
	const char *end, *after;
	struct cache_slot *s;
	int rc = 0;

	if (!path || !next || plen >= PATH_MAX) {
		rc = nb_fail(err, path && next ? ENAMETOOLONG : ENOMEM,
			     "'%.40s...'", base);
		goto out;
	}
	memcpy(path, base, plen + 1);
	for (;;) {
		end = strchrnul(rest, '/');
		after = *end ? end + 1 : end;
		len = (size_t)(end - rest);
		if (len == 0 && !*after) {
			rc = glob_found(w, plen ? path : "/", err);
			goto out;
		}
		if (len == 0) {
			rest = after;
			continue;
		}
		if (memchr(rest, '*', len) || memchr(rest, '?', len) ||
		    memchr(rest, '[', len))
			break;
		/* a literal name over NAME_MAX names nothing; a pattern may
		 * be longer than the names it matches (firejail's UUID
		 * pattern of [[:xdigit:]] classes is 388 bytes), and a
		 * pattern skipped would be a blacklist that matches nothing */
		if (len > NAME_MAX)
			goto out;
		if (plen + 1 + len >= PATH_MAX) {
			rc = nb_fail(err, ENAMETOOLONG, "'%.40s...'", path);
			goto out;
		}
		path[plen++] = '/';
		memcpy(path + plen, rest, len);
		plen += len;
		path[plen] = '\0';
		if (!*after) {
			rc = glob_found(w, path, err);
			goto out;
		}
		rest = after;
	}
	comp = strndup(rest, len);
	s = comp ? cache_listing(w->c, plen ? path : "/", err) : NULL;
	if (!s) {
		rc = comp ? -1 : nb_fail(err, ENOMEM, "facts");
		goto out;
	}
	if (!s->complete && w->restricts && !w->found) {
		rc = note_unlisted(w, plen ? path : "/", rest, err);
		if (rc != 0) {
			rc = rc < 0 ? -1 : 0;
			goto out;
		}
	}
	lit = strcspn(comp, "*?[\\");
	lo = 0;
	hi = s->n_names;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strncmp(s->names[mid] + 1, comp, lit) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < s->n_names && rc == 0; i++) {
		if (strncmp(s->names[i] + 1, comp, lit) != 0)
			break;
		if (fnmatch(comp, s->names[i] + 1, 0) != 0)
			continue;
		rc = gather_path_fmt(next, PATH_MAX, err, "%s/%s", path,
			      s->names[i] + 1);
		if (rc == 0)
			rc = *after ? glob_walk(w, next, after, err)
				    : glob_found(w, next, err);
	}
out:
	free(comp);
	free(next);
	free(path);
	return rc;
}

/* /proc and /sys are the sandbox's own: paths there are taken as written.
 * /dev is a fresh tmpfs too, but what a whitelist brings into it is the
 * host's node, bound in: a fact of the host like any other; so is what a
 * whitelist brings into /sys/module's tmpfs. */
static bool taken_as_written(const struct fs_rule *rule)
{
	bool whitelist = rule->kind == FS_WHITELIST ||
			 rule->kind == FS_WHITELIST_RO;

	return path_in_kernel_fs(rule->path) &&
	       !(whitelist && (path_under(rule->path, "/dev") ||
			       path_under(rule->path, "/sys/module")));
}

int gather_rule(struct fs_facts *f, struct gather_cache *c, size_t r,
		const struct fs_rule *rule, bool not_made, struct nb_error *err)
{
	bool mk = (rule->kind == FS_MKDIR || rule->kind == FS_MKFILE) &&
		  !not_made;
	enum fs_kind kind = rule->kind == FS_MKFILE ? FS_FILE : FS_DIR;
	struct glob_walk w = { f, c, r, NULL, NULL, taken_as_written(rule),
			       restricts_reach(rule) };

	if (mk || !fspath_has_glob(rule->path)) {
		if (fs_facts_add_match(f, r, rule->path, err) < 0)
			return -1;
		if (taken_as_written(rule))
			return 0;
		if (gather_path(f, c, rule->path, mk, kind, err) < 0)
			return -1;
		return w.restricts ? note_sealed(c, &f->v[f->n - 1], err) : 0;
	}
	return glob_walk(&w, "", rule->path + 1, err);
}

int gather_glob(struct fs_facts *f, struct gather_cache *c,
		const char *pattern,
		int (*found)(void *ctx, const char *path, struct nb_error *err),
		void *ctx, struct nb_error *err)
{
	struct glob_walk w = { f, c, 0, found, ctx, false, false };

	if (pattern[0] != '/')
		return nb_fail(err, 0, "%s: not an absolute path", pattern);
	return glob_walk(&w, "", pattern + 1, err);
}

int gather_real_dir(struct gather_cache *c, const char *dir, char *out,
		    size_t size, struct nb_error *err)
{
	struct cache_slot *d = cache_probe_dir(c, dir, err);
	int n;

	if (!d)
		return -1;
	if (d->state == DIR_MISSING)
		return 0;
	n = snprintf(out, size, "%s", d->state == DIR_LINKED ? d->real : dir);
	/* a cut path would name another file */
	return n >= 0 && (size_t)n < size;
}

int gather_canonical(struct gather_cache *c, const char *path, char *out,
		     size_t size, struct nb_error *err)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	int rc, n;

	if (!slash || !slash[1] || (size_t)(slash - path) >= sizeof(dir))
		return 0;
	if (slash == path)
		return snprintf(out, size, "%s", path) < (int)size;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	rc = gather_real_dir(c, dir, out, size, err);
	if (rc <= 0)
		return rc;
	n = (int)strlen(out);
	rc = snprintf(out + n, size - (size_t)n, "%s", slash);
	return rc >= 0 && (size_t)rc < size - (size_t)n;
}

