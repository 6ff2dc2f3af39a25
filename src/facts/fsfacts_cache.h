/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to the gathering of file-system facts (fsfacts_cache.c and
 * fsfacts_gather.c): one gathering's caches of directories probed and
 * listed, and of real paths looked at.
 */
#ifndef NESTBOX_FSFACTS_CACHE_H
#define NESTBOX_FSFACTS_CACHE_H

#include "fsfacts.h"

struct cache_slot;

/* One gathering's caches: a directory probed or listed is not asked
 * again.  Slots are allocated one by one: pointers to them stay valid
 * while the table grows (glob_walk holds one across its recursion).
 * Zeroed to start; gather_cache_free() at the end. */
struct gather_cache {
	struct cache_slot **slots;
	size_t cap, used;
};

void gather_cache_free(struct gather_cache *c);

/*
 * Caches for one gathering.  A firejail profile names thousands of paths
 * (firefox.profile: ~3,800 after ${PATH} and globs), most in a few
 * directories: each directory is listed or probed once.
 */
struct cache_slot {
	char *key;
	int state;		/* DIR_UNKNOWN, DIR_REAL... */
	bool via_link;		/* reaching it followed a symlink */
	int probe_errno;	/* DIR_MISSING without a symlink: why */
	char *real;		/* DIR_LINKED: the directory resolved */
	char **names;		/* a listing, sorted; each name is prefixed
				 * by one byte, its d_type */
	size_t n_names;
	bool listed;
	bool complete;		/* listed: every name read */
	unsigned queries;	/* lookups in this directory so far */
	/* on the way to links' targets: counted apart, so that the paths
	 * the profile names are listed or not exactly as before */
	unsigned target_queries;
	bool searchable;	/* a lookup in it got past its permission */
	bool fs_checked, procfs; /* on_procfs() */
	bool seal_checked;	/* cache_sealing_dir() */
	char *sealed_by;
	/* a path's own slot: what it was found to be */
	bool known;
	struct fs_fact fact;	/* its resolved, kind, is_link, link */
	int links;		/* symlinks followed to find it from its real
				 * path, LINKS_UNCOUNTED if resolve() did */
};

enum { DIR_UNKNOWN, DIR_REAL, DIR_MISSING, DIR_LINKED };

/* @key's slot, made (zeroed) if new; NULL on ENOMEM. */
struct cache_slot *cache_get(struct gather_cache *c, const char *key,
			     struct nb_error *err);

/*
 * What @dir is, probed once: a directory reached without any symlink
 * (DIR_REAL), missing (nothing in it exists), or reached through a
 * symlink (DIR_LINKED, its resolved form in real).
 */
struct cache_slot *cache_probe_dir(struct gather_cache *c, const char *dir,
				   struct nb_error *err);

/*
 * *@by: the directory on @dir's way (the real path of @dir or of one of
 * its parents) that the caller may not search but owns, so could chmod;
 * NULL when every one may be searched, or the first that may not is
 * someone else's.  Asked once per directory.
 */
int cache_sealing_dir(struct gather_cache *c, const char *dir,
		      const char **by, struct nb_error *err);

/* The sorted names of @dir, read once: /bin and /usr/bin (a link to it)
 * are one listing. */
struct cache_slot *cache_listing(struct gather_cache *c, const char *dir,
				 struct nb_error *err);

/* The d_type of @name in a listed directory: DT_UNKNOWN if the listing
 * cannot tell, 0 when the name is not there. */
unsigned char cache_listed_type(const struct cache_slot *l, const char *name);

/* Does the listing @l say what a lookup in @d would (see the .c)? */
bool cache_listing_agrees(const struct cache_slot *l,
			  const struct cache_slot *d);

#endif
