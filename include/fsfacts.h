/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the host's file system looks like at the paths a profile names:
 * each glob expanded, each path resolved to its symlink-free form and
 * its type, the private-bin programs located.  Gathered once, read-only,
 * before planning (fsfacts.c); the mount plan is computed from this
 * snapshot alone (mountplan_fs.c), so unit tests build facts by hand.
 */
#ifndef NESTBOX_FSFACTS_H
#define NESTBOX_FSFACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "log.h"
#include "mountplan.h"
#include "policy.h"

enum fs_kind { FS_ABSENT, FS_DIR, FS_FILE };

/* Always gathered: where it leads decides what the sandbox must show
 * for name resolution (mountplan_fs.c). */
#define RESOLV_CONF "/etc/resolv.conf"

struct fs_fact {
	char *path;		/* as named (a glob's match), normalized */
	char *resolved;		/* every symlink followed; NULL if absent */
	enum fs_kind kind;
	bool is_link;		/* the last component is a symlink */
	char *link;		/* its target as written, when is_link */
	bool created;		/* absent now, made by mkdir/mkfile first */
	/* absent to the caller only: behind this directory of theirs,
	 * which they may not search but could chmod (fsfacts_gather.c) */
	char *sealed_by;
};

struct fs_facts {
	struct fs_fact *v;	/* sorted by path once finished */
	size_t n, cap;
	bool sorted;
	/* per policy rule: the paths its pattern names (a glob may match
	 * many, a plain path names itself), each with a fact in v */
	char ***matches;
	size_t *n_matches;
	size_t n_rules;
	/* per policy rule: a mkdir or mkfile not made here, and why (a
	 * program reads another path instead: fsfacts_mkwhen.c), or NULL */
	const char **kept_missing;
	char *home_real;	/* home with symlinks resolved */
	/* private-lib (fsfacts_lib.c): the paths in the library
	 * directories the sandbox shows, each with a fact */
	char **lib_paths;
	size_t n_lib_paths, cap_lib_paths;
	char machine_id[33];	/* for `machine-id`: 32 random hex digits */
};

void fs_facts_init(struct fs_facts *f);
void fs_facts_free(struct fs_facts *f);

/* Read the facts every rule and private-* list of @fs needs (the
 * launch's: launch_facts.h); @program (argv[0], NULL for none) is what
 * private-lib follows (fsfacts_scan.c, over the gathering's internals). */
int fs_facts_gather(const struct policy_fs *fs, const struct host_facts *host,
		    const char *program, struct fs_facts *f,
		    struct nb_error *err);

/* Sort and merge the facts (after the last fs_facts_add). */
int fs_facts_finish(struct fs_facts *f, struct nb_error *err);

/* The fact for @path, or NULL when it was not gathered. */
const struct fs_fact *fs_facts_find(const struct fs_facts *f, const char *path);

/* Building facts (the gatherer and unit tests). */
struct fs_fact *fs_facts_add(struct fs_facts *f, const char *path,
			     const char *resolved, enum fs_kind kind,
			     struct nb_error *err);
int fs_facts_set_rules(struct fs_facts *f, size_t n_rules,
		       struct nb_error *err);
int fs_facts_add_match(struct fs_facts *f, size_t rule, const char *path,
		       struct nb_error *err);
/* A path private-lib shows (its fact is added apart). */
int fs_facts_add_lib_path(struct fs_facts *f, const char *path,
			  struct nb_error *err);

#endif
