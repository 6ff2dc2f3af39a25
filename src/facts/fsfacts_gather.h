/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to the gathering of file-system facts (fsfacts_scan.c,
 * fsfacts_gather.c and fsfacts_lib.c): the helpers that read the host
 * through one gathering's caches (fsfacts_cache.h).
 */
#ifndef NESTBOX_FSFACTS_GATHER_H
#define NESTBOX_FSFACTS_GATHER_H

#include "fsfacts.h"
#include "fsfacts_cache.h"

/* Rule @r's matches (its path, or what its glob matches) and their
 * facts; a mkdir or mkfile @not_made is gathered as it is. */
int gather_rule(struct fs_facts *f, struct gather_cache *c, size_t r,
		const struct fs_rule *rule, bool not_made,
		struct nb_error *err);

/* A fact for @path (absent unless @will_exist, then of kind @will_be). */
int gather_path(struct fs_facts *f, struct gather_cache *c, const char *path,
		bool will_exist, enum fs_kind will_be, struct nb_error *err);

/* The directory @dir with every symlink followed: 1 and @out set, 0
 * when it does not exist or would not fit, -1 on error. */
int gather_real_dir(struct gather_cache *c, const char *dir, char *out,
		    size_t size, struct nb_error *err);

/* The same, never listing its directory: private-lib asks about a few
 * dozen names in a directory of over a thousand. */
int gather_path_unlisted(struct fs_facts *f, struct gather_cache *c,
			 const char *path, struct nb_error *err);

/* @path with its directory resolved (every symlink above the last
 * component followed): 1 and @out set, 0 when the directory does not
 * exist or the result would not fit, -1 on error. */
int gather_canonical(struct gather_cache *c, const char *path, char *out,
		     size_t size, struct nb_error *err);

/* Each existing path the absolute glob @pattern matches, passed to
 * @found (a fact is gathered for it first). */
int gather_glob(struct fs_facts *f, struct gather_cache *c,
		const char *pattern,
		int (*found)(void *ctx, const char *path, struct nb_error *err),
		void *ctx, struct nb_error *err);

/* fsfacts_lib.c: what private-lib shows, when the policy asks for it. */
int gather_private_lib(struct fs_facts *f, struct gather_cache *c,
		       const struct policy_fs *fs, const char *program,
		       struct nb_error *err);

#endif
