// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What is gathered for one launch (fs_facts_gather): the policy's rules'
 * paths, the programs' directories, home's paths and the parents the
 * plan makes, each through the gathering (fsfacts_gather.c) into the
 * facts (fsfacts.c).
 */
#include "fsfacts.h"

#include "fsfacts_gather.h"
#include "fsfacts_mkwhen.h"
#include "log.h"
#include "fsfacts_resolve.h"
#include "fspath.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* gather_glob has already gathered the match's fact: nothing more. */
static int glob_match_noted(void *ctx, const char *path, struct nb_error *err)
{
	(void)ctx;
	(void)path;
	(void)err;
	return 0;
}

static int gather_bin_dirs(struct fs_facts *f, struct gather_cache *c,
			   const struct name_list *names, struct nb_error *err)
{
	char path[PATH_MAX];

	for (size_t d = 0; d < fspath_n_bin_dirs; d++) {
		if (gather_path(f, c, fspath_bin_dirs[d], false, FS_ABSENT, err) < 0)
			return -1;
		for (size_t i = 0; i < names->n; i++) {
			if (gather_path_fmt(path, sizeof(path), err, "%s/%s",
				     fspath_bin_dirs[d], names->v[i]) < 0)
				return -1;
			/* a glob (`python*`): a fact for each match, which
			 * the plan finds by name (mountplan_private.c) */
			if (fspath_has_glob(names->v[i])
				    ? gather_glob(f, c, path, glob_match_noted,
						  NULL, err) < 0
				    : gather_path(f, c, path, false, FS_ABSENT,
						  err) < 0)
				return -1;
		}
	}
	return 0;
}

static int gather_names(struct fs_facts *f, struct gather_cache *c,
			const char *dir, const struct name_list *names,
			struct nb_error *err)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < names->n; i++) {
		if (gather_path_fmt(path, sizeof(path), err, "%s/%s", dir,
			     names->v[i]) < 0 ||
		    gather_path(f, c, path, false, FS_ABSENT, err) < 0)
			return -1;
	}
	return 0;
}

static int make_machine_id(struct fs_facts *f, struct nb_error *err)
{
	unsigned char raw[16];

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return nb_fail(err, errno, "getrandom");
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(f->machine_id + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

/* Paths the planner always asks about: nestbox's own configuration,
 * protected in every sandbox, and the cache for private-cache. */
static int gather_home_paths(struct fs_facts *f, struct gather_cache *c,
			     const struct host_facts *host,
			     const struct policy_fs *fs, struct nb_error *err)
{
	char path[PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/.config", host->home);
	if (gather_path(f, c, path, true, FS_DIR, err) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/.config/nestbox", host->home);
	if (gather_path(f, c, path, true, FS_DIR, err) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/.cache", host->home);
	if (fs->private_cache &&
	    gather_path(f, c, path, true, FS_DIR, err) < 0)
		return -1;
	if (fs->private_home_dir &&
	    gather_path(f, c, fs->private_home_dir, false, FS_ABSENT, err) < 0)
		return -1;
	return 0;
}

/* The directories mkdir and mkfile create on the way exist for the
 * other rules too (`mkdir ~/a/b` then `whitelist ~/a`). */
static int gather_mk_parents(struct fs_facts *f, struct gather_cache *c,
			     const struct host_facts *host,
			     const struct policy_fs *fs, struct nb_error *err)
{
	char run_user[64], path[PATH_MAX];

	snprintf(run_user, sizeof(run_user), "/run/user/%u",
		 (unsigned)host->uid);
	for (size_t r = 0; r < fs->n_rules; r++) {
		const char *p = fs->rules[r].path, *anchor;
		size_t base;

		if ((fs->rules[r].kind != FS_MKDIR &&
		     fs->rules[r].kind != FS_MKFILE) || f->kept_missing[r])
			continue;
		anchor = path_mk_anchor(p, host->home, run_user);
		if (!anchor)
			continue;
		base = strlen(anchor);
		for (const char *s = strchr(p + base + 1, '/'); s;
		     s = strchr(s + 1, '/')) {
			snprintf(path, sizeof(path), "%.*s", (int)(s - p), p);
			if (gather_path(f, c, path, true, FS_DIR, err) < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * The directories between home and each path a read-only, blacklist,
 * mkdir or mkfile rule names below it: the plan makes each a mountpoint
 * (pins it) so that renaming a parent cannot move the path out from under
 * its rule, and needs to know which of them is a symlink (pinned as a link
 * and as its target).  Each once: the shipped includes name some 400
 * paths below a few dozen directories.
 */
struct seen_dirs {
	char **v;
	size_t n, cap;
};

/* true: @path was seen already; else it is added (false), or -1 */
static int seen_before(struct seen_dirs *s, const char *path)
{
	for (size_t i = s->n; i-- > 0;)
		if (strcmp(s->v[i], path) == 0)
			return 1;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		char **v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n] = strdup(path);
	return s->v[s->n] ? (s->n++, 0) : -1;
}

static int gather_home_parents(struct fs_facts *f, struct gather_cache *c,
			       const struct host_facts *host,
			       const struct policy_fs *fs, struct nb_error *err)
{
	size_t base = strlen(host->home);
	struct seen_dirs seen = { 0 };
	char path[PATH_MAX];
	int rc = 0;

	for (size_t r = 0; r < fs->n_rules && rc == 0; r++) {
		enum fs_rule_kind k = fs->rules[r].kind;

		if (k != FS_READ_ONLY && k != FS_BLACKLIST && k != FS_MKDIR &&
		    k != FS_MKFILE && k != FS_KEEP_MISSING)
			continue;
		for (size_t i = 0; i < f->n_matches[r]; i++) {
			const char *m = f->matches[r][i];

			if (!path_below(m, host->home))
				continue;
			for (const char *s = strchr(m + base + 1, '/');
			     s && rc == 0; s = strchr(s + 1, '/')) {
				int was;

				snprintf(path, sizeof(path), "%.*s",
					 (int)(s - m), m);
				was = seen_before(&seen, path);
				if (was < 0)
					rc = nb_fail(err, ENOMEM, "facts");
				else if (!was)
					rc = gather_path(f, c, path, false,
							 FS_ABSENT, err);
			}
		}
	}
	for (size_t i = 0; i < seen.n; i++)
		free(seen.v[i]);
	free(seen.v);
	return rc < 0 ? -1 : 0;
}

static int gather_all(const struct policy_fs *fs,
		      const struct host_facts *host, const char *program,
		      struct fs_facts *f, struct gather_cache *c,
		      struct nb_error *err)
{
	char real[PATH_MAX];

	if (fs_facts_set_rules(f, fs->n_rules, err) < 0)
		return -1;
	f->home_real = strdup(realpath(host->home, real) ? real : host->home);
	if (!f->home_real)
		return nb_fail(err, ENOMEM, "facts");
	/* decided before anything is gathered as made */
	for (size_t r = 0; r < fs->n_rules; r++)
		if (fs->rules[r].kind == FS_MKDIR ||
		    fs->rules[r].kind == FS_MKFILE)
			if ((f->kept_missing[r] = fs_mk_kept_missing(
				     host->home, fs->rules[r].path)))
				nb_debug("%s: %s %s: kept missing: %s",
					 fs->rules[r].origin,
					 fs_rule_kind_name(fs->rules[r].kind),
					 fs->rules[r].path, f->kept_missing[r]);
	if (gather_mk_parents(f, c, host, fs, err) < 0)
		return -1;
	/* mkdir and mkfile first: what they create exists for the others */
	for (int pass = 0; pass < 2; pass++)
		for (size_t r = 0; r < fs->n_rules; r++) {
			const struct fs_rule *rule = &fs->rules[r];
			bool mk = (rule->kind == FS_MKDIR ||
				   rule->kind == FS_MKFILE) &&
				  !f->kept_missing[r];

			if (mk != (pass == 0))
				continue;
			if (gather_rule(f, c, r, rule, f->kept_missing[r], err) < 0)
				return nb_fail_wrap(err, "%s: %s", rule->origin,
						    fs_rule_kind_name(rule->kind));
		}
	if (gather_home_parents(f, c, host, fs, err) < 0 ||
	    gather_home_paths(f, c, host, fs, err) < 0 ||
	    gather_path(f, c, RESOLV_CONF, false, FS_ABSENT, err) < 0)
		return -1;
	if (fs->private_bin.set &&
	    gather_bin_dirs(f, c, &fs->private_bin, err) < 0)
		return -1;
	if (gather_names(f, c, "/etc", &fs->private_etc, err) < 0 ||
	    gather_names(f, c, "/opt", &fs->private_opt, err) < 0 ||
	    gather_names(f, c, "/srv", &fs->private_srv, err) < 0)
		return -1;
	if (fs->private_lib.set &&
	    gather_private_lib(f, c, fs, program, err) < 0)
		return nb_fail_wrap(err, "private-lib");
	if (fs->machine_id && make_machine_id(f, err) < 0)
		return -1;
	return fs_facts_finish(f, err);
}

int fs_facts_gather(const struct policy_fs *fs, const struct host_facts *host,
		    const char *program, struct fs_facts *f,
		    struct nb_error *err)
{
	struct gather_cache c = { 0 };
	int rc = gather_all(fs, host, program, f, &c, err);

	gather_cache_free(&c);
	return rc;
}
