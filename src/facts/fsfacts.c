// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Gathering the file-system facts the mount plan needs: only read-only
 * system calls (open O_PATH, fstat, readlink, glob).  Each path is opened
 * once and its resolved form read back from the descriptor, which costs
 * four system calls whatever the path's depth.
 */
#include "fsfacts.h"

#include "fspath.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <fnmatch.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

void fs_facts_init(struct fs_facts *f)
{
	memset(f, 0, sizeof(*f));
}

static void fact_free(struct fs_fact *x)
{
	free(x->path);
	free(x->resolved);
	free(x->link);
	free(x->sealed_by);
}

void fs_facts_free(struct fs_facts *f)
{
	for (size_t i = 0; i < f->n; i++)
		fact_free(&f->v[i]);
	free(f->v);
	for (size_t r = 0; r < f->n_rules; r++) {
		for (size_t i = 0; i < f->n_matches[r]; i++)
			free(f->matches[r][i]);
		free(f->matches[r]);
	}
	free(f->matches);
	free(f->n_matches);
	free(f->kept_missing);
	free(f->home_real);
	for (size_t i = 0; i < f->n_lib_paths; i++)
		free(f->lib_paths[i]);
	free(f->lib_paths);
	memset(f, 0, sizeof(*f));
}

struct fs_fact *fs_facts_add(struct fs_facts *f, const char *path,
			     const char *resolved, enum fs_kind kind,
			     struct nb_error *err)
{
	struct fs_fact *x;

	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct fs_fact *grown = realloc(f->v, cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "facts"), NULL;
		f->v = grown;
		f->cap = cap;
	}
	x = &f->v[f->n];
	memset(x, 0, sizeof(*x));
	x->path = strdup(path);
	x->resolved = resolved ? strdup(resolved) : NULL;
	x->kind = kind;
	if (!x->path || (resolved && !x->resolved)) {
		fact_free(x);
		return nb_fail(err, ENOMEM, "facts"), NULL;
	}
	f->n++;
	f->sorted = false;
	return x;
}

int fs_facts_set_rules(struct fs_facts *f, size_t n_rules, struct nb_error *err)
{
	f->matches = calloc(n_rules ? n_rules : 1, sizeof(*f->matches));
	f->n_matches = calloc(n_rules ? n_rules : 1, sizeof(*f->n_matches));
	f->kept_missing = calloc(n_rules ? n_rules : 1,
				 sizeof(*f->kept_missing));
	if (!f->matches || !f->n_matches || !f->kept_missing)
		return nb_fail(err, ENOMEM, "facts");
	f->n_rules = n_rules;
	return 0;
}

int fs_facts_add_match(struct fs_facts *f, size_t rule, const char *path,
		       struct nb_error *err)
{
	char **grown;

	if (rule >= f->n_rules)
		return nb_fail(err, EINVAL, "facts: rule %zu", rule);
	grown = realloc(f->matches[rule],
			(f->n_matches[rule] + 1) * sizeof(*grown));
	if (!grown)
		return nb_fail(err, ENOMEM, "facts");
	f->matches[rule] = grown;
	grown[f->n_matches[rule]] = strdup(path);
	if (!grown[f->n_matches[rule]])
		return nb_fail(err, ENOMEM, "facts");
	f->n_matches[rule]++;
	return 0;
}

int fs_facts_add_lib_path(struct fs_facts *f, const char *path,
			  struct nb_error *err)
{
	if (f->n_lib_paths == f->cap_lib_paths) {
		size_t cap = f->cap_lib_paths ? f->cap_lib_paths * 2 : 64;
		char **grown = realloc(f->lib_paths, cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "facts");
		f->lib_paths = grown;
		f->cap_lib_paths = cap;
	}
	f->lib_paths[f->n_lib_paths] = strdup(path);
	if (!f->lib_paths[f->n_lib_paths])
		return nb_fail(err, ENOMEM, "facts");
	f->n_lib_paths++;
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct fs_fact *)a)->path,
		      ((const struct fs_fact *)b)->path);
}

/* Duplicates (a path named twice) keep the fact that knows most: one
 * that exists or will be created over one gathered as absent, one that
 * says what keeps it out of reach over one that does not. */
int fs_facts_finish(struct fs_facts *f, struct nb_error *err)
{
	size_t out = 0;

	(void)err;
	if (f->n)
		qsort(f->v, f->n, sizeof(*f->v), by_path);
	for (size_t i = 0; i < f->n; i++) {
		if (out && strcmp(f->v[out - 1].path, f->v[i].path) == 0) {
			if (f->v[out - 1].kind == FS_ABSENT &&
			    (f->v[i].kind != FS_ABSENT ||
			     (f->v[i].sealed_by && !f->v[out - 1].sealed_by))) {
				fact_free(&f->v[out - 1]);
				f->v[out - 1] = f->v[i];
			} else {
				fact_free(&f->v[i]);
			}
			continue;
		}
		f->v[out++] = f->v[i];
	}
	f->n = out;
	f->sorted = true;
	return 0;
}

const struct fs_fact *fs_facts_find(const struct fs_facts *f, const char *path)
{
	struct fs_fact key = { .path = (char *)path };

	if (!f->sorted || f->n == 0)
		return NULL;
	return bsearch(&key, f->v, f->n, sizeof(*f->v), by_path);
}
