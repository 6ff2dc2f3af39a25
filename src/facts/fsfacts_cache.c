// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One gathering's caches (fsfacts_gather.c): each directory probed or
 * listed once, and each real path's fact kept, in one hash table.
 */
#include "fsfacts_cache.h"

#include "fsfacts_resolve.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int cache_grow(struct gather_cache *c, struct nb_error *err)
{
	size_t cap = c->cap ? c->cap * 2 : 256, i;
	struct cache_slot **slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return nb_fail(err, ENOMEM, "facts");
	for (size_t k = 0; k < c->cap; k++) {
		if (!c->slots[k])
			continue;
		for (i = hash_str(c->slots[k]->key) & (cap - 1); slots[i];
		     i = (i + 1) & (cap - 1))
			;
		slots[i] = c->slots[k];
	}
	free(c->slots);
	c->slots = slots;
	c->cap = cap;
	return 0;
}

struct cache_slot *cache_get(struct gather_cache *c, const char *key,
				    struct nb_error *err)
{
	struct cache_slot *s;
	size_t i;

	if (c->used * 2 >= c->cap && cache_grow(c, err) < 0)
		return NULL;
	for (i = hash_str(key) & (c->cap - 1); c->slots[i];
	     i = (i + 1) & (c->cap - 1))
		if (strcmp(c->slots[i]->key, key) == 0)
			return c->slots[i];
	s = calloc(1, sizeof(*s));
	if (!s || !(s->key = strdup(key))) {
		free(s);
		return nb_fail(err, ENOMEM, "facts"), NULL;
	}
	c->slots[i] = s;
	c->used++;
	return s;
}

void gather_cache_free(struct gather_cache *c)
{
	for (size_t i = 0; i < c->cap; i++) {
		struct cache_slot *s = c->slots[i];

		if (!s)
			continue;
		free(s->key);
		free(s->real);
		free(s->fact.resolved);
		free(s->fact.link);
		free(s->sealed_by);
		for (size_t k = 0; k < s->n_names; k++)
			free(s->names[k]);
		free(s->names);
		free(s);
	}
	free(c->slots);
}

/*
 * What is @dir: a directory reached without any symlink (a path in it is
 * then resolved by one lstat), missing (nothing in it exists), or reached
 * through a symlink (its resolved form stands in for it).
 */
struct cache_slot *cache_probe_dir(struct gather_cache *c, const char *dir,
				    struct nb_error *err)
{
	struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
				.resolve = RESOLVE_NO_SYMLINKS |
					   RESOLVE_NO_MAGICLINKS };
	struct cache_slot *s = cache_get(c, dir, err);
	struct fs_fact x = { 0 };
	int fd;

	if (!s || s->state != DIR_UNKNOWN)
		return s;
	fd = (int)syscall(SYS_openat2, AT_FDCWD, dir, &how, sizeof(how));
	if (fd >= 0) {
		close(fd);
		s->state = DIR_REAL;
		return s;
	}
	if (errno != ELOOP && errno != EXDEV) {
		s->state = DIR_MISSING;
		s->probe_errno = errno;
		return s;
	}
	s->via_link = true;
	if (gather_resolve(dir, false, &x, err) < 0)
		return NULL;
	s->state = x.kind == FS_DIR ? DIR_LINKED : DIR_MISSING;
	s->real = x.kind == FS_DIR ? x.resolved : NULL;
	if (x.kind != FS_DIR)
		free(x.resolved);
	free(x.link);
	return s;
}

/* The d_type of @name in a listed directory: DT_UNKNOWN if the listing
 * cannot tell, 0 when the name is not there. */
unsigned char cache_listed_type(const struct cache_slot *l, const char *name)
{
	size_t lo = 0, hi = l->n_names;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(l->names[mid] + 1, name);

		if (c == 0)
			return (unsigned char)l->names[mid][0];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * A listing says what a lookup in @d would only where both read the same
 * directory: read whole, and @d searchable.  A directory one may search
 * but not read lists nothing; one one may read but not search lists
 * names no lookup reaches.
 */
bool cache_listing_agrees(const struct cache_slot *l,
			   const struct cache_slot *d)
{
	return l->complete && d->searchable;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

static int add_name(struct cache_slot *s, size_t *cap, const char *name,
		    unsigned char type, struct nb_error *err)
{
	if (s->n_names == *cap) {
		size_t grown_cap = *cap ? *cap * 2 : 32;
		char **grown = realloc(s->names, grown_cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "facts");
		s->names = grown;
		*cap = grown_cap;
	}
	s->names[s->n_names] = malloc(strlen(name) + 2);
	if (!s->names[s->n_names])
		return nb_fail(err, ENOMEM, "facts");
	s->names[s->n_names][0] = (char)(type ? type : DT_UNKNOWN);
	strcpy(s->names[s->n_names] + 1, name);
	s->n_names++;
	return 0;
}

/* The first directory on @dir's way, from the root, that the caller may
 * not search, into @out (PATH_MAX bytes); false if there is none. */
static bool first_unsearchable(const char *dir, char *out)
{
	size_t len = strlen(dir);

	if (len >= PATH_MAX)
		return false;
	for (size_t i = 1; i <= len; i++) {
		if (i < len && dir[i] != '/')
			continue;
		memcpy(out, dir, i);
		out[i] = '\0';
		if (access(out, X_OK) < 0)
			return errno == EACCES;
	}
	return false;
}

int cache_sealing_dir(struct gather_cache *c, const char *dir,
		      const char **by, struct nb_error *err)
{
	struct cache_slot *s = cache_get(c, dir, err);
	char first[PATH_MAX], real[PATH_MAX];
	struct stat st;

	*by = NULL;
	if (!s)
		return -1;
	if (!s->seal_checked) {
		s->seal_checked = true;
		/* access(2) asks with the real uid: the caller's */
		if (access(dir, X_OK) < 0 && errno == EACCES &&
		    first_unsearchable(dir, first) && stat(first, &st) == 0 &&
		    st.st_uid == getuid() && realpath(first, real)) {
			s->sealed_by = strdup(real);
			if (!s->sealed_by)
				return nb_fail(err, ENOMEM, "facts");
		}
	}
	*by = s->sealed_by;
	return 0;
}

/* The sorted names of @dir, read once: /bin and /usr/bin (a link to it)
 * are one listing. */
struct cache_slot *cache_listing(struct gather_cache *c, const char *dir,
				  struct nb_error *err)
{
	char key[PATH_MAX + 2];
	struct cache_slot *s, *probed = cache_probe_dir(c, dir, err);
	struct dirent *e;
	size_t cap = 0;
	DIR *d;

	if (!probed)
		return NULL;
	if (probed->state == DIR_LINKED)
		dir = probed->real;
	/* apart from cache_probe_dir's */
	snprintf(key, sizeof(key), "%s/", dir);
	s = cache_get(c, key, err);
	if (!s || s->listed)
		return s;
	s->listed = true;
	d = opendir(dir);
	if (!d)
		return s;
	/* readdir(3) ends with NULL on an error too, errno telling */
	for (errno = 0; (e = readdir(d)); errno = 0) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (add_name(s, &cap, e->d_name, e->d_type, err) < 0) {
			closedir(d);
			return NULL;
		}
	}
	s->complete = errno == 0;
	closedir(d);
	if (s->n_names)
		qsort(s->names, s->n_names, sizeof(char *), cmp_name);
	return s;
}
