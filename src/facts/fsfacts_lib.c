// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * private-lib's facts: from the programs to every object the dynamic
 * loader would map for them, and what of that lies in a confined library
 * directory (fspath_lib_dirs).  Read-only system calls only.
 *
 * Followed: the program (argv[0], found in PATH as execvp will), the
 * programs of private-bin, /bin/sh (system(), popen()), a script's
 * interpreter (and env's program), each object's PT_INTERP and DT_NEEDED
 * (searched in its DT_RPATH or DT_RUNPATH with $ORIGIN and $LIB, then in
 * fspath_lib_search), what glibc loads without a DT_NEEDED (lib_defaults)
 * and the profile's list.  Not followed: dlopen() with a name only the
 * program's code knows, LD_LIBRARY_PATH and LD_PRELOAD, directories named
 * only in /etc/ld.so.conf, glibc-hwcaps subdirectories.
 *
 * Each file is opened once (openat2, no magic link), its headers read
 * through that descriptor by elfdeps.c.  The walk is a work list, not a
 * recursion, and bounded: a crafted chain of libraries can neither loop
 * nor exhaust the stack.
 */
#include "fsfacts_gather.h"

#include "elfdeps.h"
#include "fspath.h"

#include <errno.h>
#include <fnmatch.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LIB_OBJECTS_MAX 2048	/* files read */
#define LIB_ITEMS_MAX 65536	/* work items queued */
#define LIB_CHAIN_MAX 16	/* symlinks followed from one name */
#define SCRIPT_DEPTH_MAX 4	/* a script run by a script... */
#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

/* Always shown: what glibc loads at run time without any DT_NEEDED
 * naming it (the resolver, iconv's modules, the unwinder that
 * pthread_cancel and backtrace load; the name services of
 * nsswitch.conf, below).  Literal names: a glob would list the whole
 * directory, over a thousand entries, at every launch. */
static const char *const lib_defaults[] = {
	"libnss_files.so.2", "libnss_dns.so.2", "libresolv.so.2",
	"libgcc_s.so.1", "gconv",
};

#define NSSWITCH "/etc/nsswitch.conf"
#define NSSWITCH_MAX (64 * 1024)

enum item_kind {
	ITEM_OBJECT,	/* a path: read it if it is there */
	ITEM_LIBRARY,	/* a DT_NEEDED name: look for it in dirs */
	ITEM_PROGRAM,	/* a program name: the first in PATH */
};

struct item {
	enum item_kind kind;
	char *name;
	char *dirs;		/* ITEM_LIBRARY: the object's own search path,
				 * expanded, colon-separated; "" for none */
	char *needed_by;	/* ITEM_LIBRARY: for messages */
	unsigned depth;		/* scripts deep */
};

struct lib_walk {
	struct fs_facts *f;
	struct gather_cache *c;
	const char *dirs[4];	/* the confined directories */
	size_t n_dirs;
	char search[16][PATH_MAX]; /* fspath_lib_search, resolved, unique */
	size_t n_search;
	const char *path_env;
	struct item *items;
	size_t n_items, cap_items, next;
	char **seen;		/* paths read, as named and resolved */
	size_t n_seen, cap_seen;
	size_t n_objects;
};

static void walk_free(struct lib_walk *w)
{
	for (size_t i = 0; i < w->n_items; i++) {
		free(w->items[i].name);
		free(w->items[i].dirs);
		free(w->items[i].needed_by);
	}
	free(w->items);
	for (size_t i = 0; i < w->n_seen; i++)
		free(w->seen[i]);
	free(w->seen);
}

static int push(struct lib_walk *w, enum item_kind kind, const char *name,
		const char *dirs, const char *needed_by, unsigned depth,
		struct nb_error *err)
{
	struct item *it;

	if (w->n_items == LIB_ITEMS_MAX)
		return nb_fail(err, 0, "more than %d libraries to look for",
			       LIB_ITEMS_MAX);
	if (w->n_items == w->cap_items) {
		size_t cap = w->cap_items ? w->cap_items * 2 : 64;
		struct item *grown = realloc(w->items, cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "private-lib");
		w->items = grown;
		w->cap_items = cap;
	}
	it = &w->items[w->n_items];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->depth = depth;
	it->name = strdup(name);
	it->dirs = dirs ? strdup(dirs) : NULL;
	it->needed_by = needed_by ? strdup(needed_by) : NULL;
	w->n_items++; /* freed by walk_free even if a copy failed */
	if (!it->name || (dirs && !it->dirs) || (needed_by && !it->needed_by))
		return nb_fail(err, ENOMEM, "private-lib");
	return 0;
}

static bool was_seen(const struct lib_walk *w, const char *path)
{
	for (size_t i = 0; i < w->n_seen; i++)
		if (strcmp(w->seen[i], path) == 0)
			return true;
	return false;
}

static int mark_seen(struct lib_walk *w, const char *path,
		     struct nb_error *err)
{
	if (was_seen(w, path))
		return 0;
	if (w->n_seen == w->cap_seen) {
		size_t cap = w->cap_seen ? w->cap_seen * 2 : 64;
		char **grown = realloc(w->seen, cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "private-lib");
		w->seen = grown;
		w->cap_seen = cap;
	}
	w->seen[w->n_seen] = strdup(path);
	if (!w->seen[w->n_seen])
		return nb_fail(err, ENOMEM, "private-lib");
	w->n_seen++;
	return 0;
}

static bool confined(const struct lib_walk *w, const char *path)
{
	for (size_t i = 0; i < w->n_dirs; i++)
		if (path_below(path, w->dirs[i]))
			return true;
	return false;
}

static int show(struct lib_walk *w, const char *path, struct nb_error *err)
{
	for (size_t i = 0; i < w->f->n_lib_paths; i++)
		if (strcmp(w->f->lib_paths[i], path) == 0)
			return 0;
	if (fs_facts_add_lib_path(w->f, path, err) < 0)
		return -1;
	return gather_path_unlisted(w->f, w->c, path, err);
}

/* "." and ".." taken out of an absolute path, in place; -1 if it does
 * not fit.  Exact here: the directory part it applies to is a resolved
 * one (gather_canonical), with no symlink for ".." to climb out of. */
static int normalize(char *p, size_t size)
{
	char out[PATH_MAX];
	const char *s = p;
	size_t o = 0;

	while (*s) {
		const char *e;
		size_t len;

		while (*s == '/')
			s++;
		if (!*s)
			break;
		e = strchrnul(s, '/');
		len = (size_t)(e - s);
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if (!(len == 1 && s[0] == '.')) {
			if (o + 1 + len >= sizeof(out))
				return -1;
			out[o++] = '/';
			memcpy(out + o, s, len);
			o += len;
		}
		s = e;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	if (o >= size)
		return -1;
	memcpy(p, out, o + 1);
	return 0;
}

/*
 * What the sandbox must show for @start (a path whose directory is
 * resolved) to lead where it leads on the host: each link on the way
 * that lies in a confined directory, and the file at the end
 * (libz.so.1 -> libz.so.1.2.13: both).
 */
static int show_chain(struct lib_walk *w, const char *start,
		      struct nb_error *err)
{
	char path[PATH_MAX], next[PATH_MAX * 2], target[PATH_MAX];
	int rc;

	if (snprintf(path, sizeof(path), "%s", start) >= (int)sizeof(path))
		return 0;
	for (int hop = 0; hop < LIB_CHAIN_MAX; hop++) {
		struct stat st;
		ssize_t n;

		if (confined(w, path) && show(w, path, err) < 0)
			return -1;
		if (lstat(path, &st) < 0 || !S_ISLNK(st.st_mode))
			return 0;
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			return 0;
		target[n] = '\0';
		if (target[0] == '/')
			snprintf(next, sizeof(next), "%s", target);
		else
			snprintf(next, sizeof(next), "%.*s/%s",
				 (int)(strrchr(path, '/') - path), path, target);
		if (strlen(next) >= PATH_MAX || normalize(next, PATH_MAX) < 0)
			return 0;
		rc = gather_canonical(w->c, next, path, sizeof(path), err);
		if (rc <= 0)
			return rc;
	}
	return 0;
}

static int read_fd(void *ctx, void *buf, size_t len, uint64_t off)
{
	int fd = *(int *)ctx;
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done,
				  (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/* $ORIGIN's value: the directory of @real. */
static void origin_of(const char *real, char *out, size_t size)
{
	const char *slash = strrchr(real, '/');

	snprintf(out, size, "%.*s", slash && slash != real ?
		 (int)(slash - real) : 1, real);
}

/* The object's own search path, expanded: DT_RUNPATH, or DT_RPATH when
 * there is no DT_RUNPATH (the loader's rule). */
static int own_dirs(const struct elf_deps *d, const char *real, char *out,
		    size_t size)
{
	const char *list = d->runpath ? d->runpath : d->rpath;
	char origin[PATH_MAX], dir[PATH_MAX];
	size_t at = 0;

	out[0] = '\0';
	if (!list)
		return 0;
	origin_of(real, origin, sizeof(origin));
	for (const char *s = list; *s;) {
		const char *e = strchrnul(s, ':');

		if (e > s && elf_expand_rpath(s, (size_t)(e - s), origin, dir,
					      sizeof(dir)) == 0) {
			size_t n = strlen(dir);

			if (at + n + 2 > size)
				return -1;
			if (at)
				out[at++] = ':';
			memcpy(out + at, dir, n + 1);
			at += n;
		} else if (e > s) {
			nb_debug("private-lib: %s: search path entry '%.*s' not followed",
				 real, (int)(e - s), s);
		}
		s = *e ? e + 1 : e;
	}
	return 0;
}

static int queue_deps(struct lib_walk *w, const struct elf_deps *d,
		      const char *real, unsigned depth, struct nb_error *err)
{
	char dirs[PATH_MAX * 4];

	switch (d->kind) {
	case ELF_KIND_SCRIPT:
		if (depth >= SCRIPT_DEPTH_MAX) {
			nb_debug("private-lib: %s: scripts nested too deep", real);
			return 0;
		}
		if (d->interp &&
		    push(w, ITEM_OBJECT, d->interp, NULL, NULL, depth + 1, err) < 0)
			return -1;
		if (d->script_program &&
		    push(w, strchr(d->script_program, '/') ? ITEM_OBJECT :
							     ITEM_PROGRAM,
			 d->script_program, NULL, NULL, depth + 1, err) < 0)
			return -1;
		return 0;
	case ELF_KIND_FOREIGN:
		nb_debug("private-lib: %s: not an ELF object of this machine; its libraries are not followed",
			 real);
		return 0;
	case ELF_KIND_OTHER:
		return 0;
	case ELF_KIND_NATIVE:
		break;
	}
	if (d->interp && push(w, ITEM_OBJECT, d->interp, NULL, NULL, depth,
			      err) < 0)
		return -1;
	if (own_dirs(d, real, dirs, sizeof(dirs)) < 0) {
		nb_debug("private-lib: %s: search path too long, not followed",
			 real);
		dirs[0] = '\0';
	}
	for (size_t i = 0; i < d->n_needed; i++)
		if (push(w, strchr(d->needed[i], '/') ? ITEM_OBJECT : ITEM_LIBRARY,
			 d->needed[i], dirs, real, depth, err) < 0)
			return -1;
	return 0;
}

/*
 * Read the object at @path, if there is a regular file: 1, else 0.  Its
 * dependencies are queued; a file that is not a well-formed ELF object
 * is shown but not followed (the loader will refuse it with a message).
 */
static int visit_object(struct lib_walk *w, const char *path, unsigned depth,
			struct nb_error *err)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC | O_NOCTTY |
					 O_NONBLOCK,
				.resolve = RESOLVE_NO_MAGICLINKS };
	char cpath[PATH_MAX], real[PATH_MAX], fdlink[64];
	struct nb_error perr = { 0 };
	struct elf_deps d;
	struct stat st;
	ssize_t n;
	int fd, rc;

	if (path[0] != '/')
		return 0; /* relative: resolved against a cwd we do not know */
	rc = gather_canonical(w->c, path, cpath, sizeof(cpath), err);
	if (rc <= 0)
		return rc;
	if (was_seen(w, cpath))
		return 1;
	fd = (int)syscall(SYS_openat2, AT_FDCWD, cpath, &how, sizeof(how));
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR || errno == EACCES ||
		    errno == ENXIO)
			return 0;
		if (errno == ELOOP)
			return nb_fail(err, ELOOP,
				       "%s: goes through a magic link or a symlink loop",
				       cpath);
		return nb_fail(err, errno, "%s", cpath);
	}
	snprintf(fdlink, sizeof(fdlink), "/proc/self/fd/%d", fd);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (n = readlink(fdlink, real, sizeof(real) - 1)) < 0) {
		close(fd);
		return 0;
	}
	real[n] = '\0';
	if (was_seen(w, real)) {
		/* another name of an object already read */
		close(fd);
		if (mark_seen(w, cpath, err) < 0 || show_chain(w, cpath, err) < 0)
			return -1;
		return 1;
	}
	if (mark_seen(w, cpath, err) < 0) {
		close(fd);
		return -1;
	}
	if (++w->n_objects > LIB_OBJECTS_MAX) {
		close(fd);
		return nb_fail(err, 0, "more than %d objects to read",
			       LIB_OBJECTS_MAX);
	}
	rc = elf_deps_read(read_fd, &fd, (uint64_t)st.st_size, &d, &perr);
	close(fd);
	if (mark_seen(w, real, err) < 0 || show_chain(w, cpath, err) < 0 ||
	    (confined(w, real) && show(w, real, err) < 0)) {
		if (rc == 0)
			elf_deps_free(&d);
		return -1;
	}
	if (rc < 0) {
		nb_debug("private-lib: %s: %s; its libraries are not followed",
			 real, perr.msg);
		return 1;
	}
	rc = queue_deps(w, &d, real, depth, err);
	elf_deps_free(&d);
	return rc < 0 ? -1 : 1;
}

/* A library name, in the object's own directories then the loader's.
 * Every copy found is followed, not only the first: which one the
 * loader takes depends on ld.so.cache, so all are shown. */
static int visit_library(struct lib_walk *w, const struct item *it,
			 struct nb_error *err)
{
	char path[PATH_MAX * 2];
	int found = 0, rc;

	for (const char *s = it->dirs; s && *s;) {
		const char *e = strchrnul(s, ':');

		snprintf(path, sizeof(path), "%.*s/%s", (int)(e - s), s,
			 it->name);
		if (strlen(path) < PATH_MAX) {
			rc = visit_object(w, path, it->depth, err);
			if (rc < 0)
				return -1;
			found |= rc;
		}
		s = *e ? e + 1 : e;
	}
	for (size_t i = 0; i < w->n_search; i++) {
		snprintf(path, sizeof(path), "%s/%s", w->search[i], it->name);
		if (strlen(path) >= PATH_MAX)
			continue;
		rc = visit_object(w, path, it->depth, err);
		if (rc < 0)
			return -1;
		found |= rc;
	}
	if (!found)
		nb_debug("private-lib: %s (needed by %s) not found", it->name,
			 it->needed_by ? it->needed_by : "?");
	return 0;
}

/* As execvp: a name with a slash is a path, else the first in PATH. */
static int visit_program(struct lib_walk *w, const char *name,
			 unsigned depth, struct nb_error *err)
{
	char path[PATH_MAX * 2];
	int rc;

	if (strchr(name, '/'))
		return visit_object(w, name, depth, err);
	for (const char *s = w->path_env; *s;) {
		const char *e = strchrnul(s, ':');

		snprintf(path, sizeof(path), "%.*s/%s", (int)(e - s), s, name);
		if (e > s && strlen(path) < PATH_MAX) {
			rc = visit_object(w, path, depth, err);
			if (rc != 0)
				return rc;
		}
		s = *e ? e + 1 : e;
	}
	nb_debug("private-lib: program %s not found on the host", name);
	return 0;
}

/* A listed entry (or a default one) that exists: shown, and followed
 * when it is an object. */
static int listed_found(void *ctx, const char *path, struct nb_error *err)
{
	struct lib_walk *w = ctx;
	char cpath[PATH_MAX];
	int rc = gather_canonical(w->c, path, cpath, sizeof(cpath), err);

	if (rc <= 0)
		return rc;
	if (show_chain(w, cpath, err) < 0)
		return -1;
	return visit_object(w, cpath, 0, err) < 0 ? -1 : 0;
}

static int visit_listed(struct lib_walk *w, const char *name,
			struct nb_error *err)
{
	char pattern[PATH_MAX];

	for (size_t i = 0; i < w->n_dirs; i++) {
		if (snprintf(pattern, sizeof(pattern), "%s/%s", w->dirs[i],
			     name) >= (int)sizeof(pattern))
			return nb_fail(err, ENAMETOOLONG, "%s", name);
		if (gather_glob(w->f, w->c, pattern, listed_found, w, err) < 0)
			return -1;
	}
	return 0;
}

/* The modules nsswitch.conf names ("passwd: files systemd [NOTFOUND=
 * return] mdns"): glibc loads libnss_NAME.so.2 for each. */
static int visit_nss_modules(struct lib_walk *w, struct nb_error *err)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC | O_NOCTTY |
					 O_NONBLOCK,
				.resolve = RESOLVE_NO_MAGICLINKS };
	char *text, name[64];
	ssize_t n;
	int fd = (int)syscall(SYS_openat2, AT_FDCWD, NSSWITCH, &how,
			      sizeof(how));

	if (fd < 0)
		return 0;
	text = malloc(NSSWITCH_MAX + 1);
	if (!text) {
		close(fd);
		return nb_fail(err, ENOMEM, "private-lib");
	}
	n = read(fd, text, NSSWITCH_MAX);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	for (char *line = text, *next; line && *line; line = next) {
		char *p = strchr(line, '\n');

		next = p ? p + 1 : NULL;
		if (p)
			*p = '\0';
		if ((p = strchr(line, '#')))
			*p = '\0';
		p = strchr(line, ':');
		while (p && *++p) {
			size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");

			if (*p == '[') { /* an action: [NOTFOUND=return] */
				p = strchr(p, ']');
				continue;
			}
			if (len == 0 || len > 32)
				continue;
			snprintf(name, sizeof(name), "libnss_%.*s.so.2", (int)len, p);
			if (visit_listed(w, name, err) < 0) {
				free(text);
				return -1;
			}
			p += len - 1;
		}
	}
	free(text);
	return 0;
}

static int walk_setup(struct lib_walk *w, struct nb_error *err)
{
	for (size_t i = 0; i < fspath_n_lib_dirs; i++) {
		const char *dir = fspath_lib_dirs[i];
		const struct fs_fact *x;

		if (gather_path(w->f, w->c, dir, false, FS_ABSENT, err) < 0)
			return -1;
		x = &w->f->v[w->f->n - 1];
		/* a link into another (merged /usr): confined there */
		if (x->kind == FS_DIR && strcmp(x->resolved, dir) == 0 &&
		    w->n_dirs < sizeof(w->dirs) / sizeof(*w->dirs))
			w->dirs[w->n_dirs++] = dir;
	}
	for (size_t i = 0; i < fspath_n_lib_search; i++) {
		char real[PATH_MAX];
		bool dup = false;
		int rc = gather_real_dir(w->c, fspath_lib_search[i], real,
					 sizeof(real), err);

		if (rc < 0)
			return -1;
		for (size_t k = 0; rc && k < w->n_search; k++)
			dup = dup || strcmp(w->search[k], real) == 0;
		if (rc && !dup &&
		    w->n_search < sizeof(w->search) / sizeof(*w->search))
			memcpy(w->search[w->n_search++], real, strlen(real) + 1);
	}
	w->path_env = getenv("PATH");
	if (!w->path_env || !*w->path_env)
		w->path_env = DEFAULT_PATH;
	return 0;
}

/* A private-bin glob's matches: the facts gathered for it already
 * (fsfacts.c, gather_bin_dirs), each a program whose libraries count. */
static int push_bin_matches(struct lib_walk *w, const char *pattern,
			    struct nb_error *err)
{
	size_t n = w->f->n;

	/* push() may gather facts: only those there before are matches */
	for (size_t k = 0; k < n; k++) {
		char path[PATH_MAX];

		if (w->f->v[k].kind != FS_FILE ||
		    fnmatch(pattern, w->f->v[k].path,
			    FNM_PATHNAME | FNM_PERIOD) != 0)
			continue;
		snprintf(path, sizeof(path), "%s", w->f->v[k].path);
		if (push(w, ITEM_OBJECT, path, NULL, NULL, 0, err) < 0)
			return -1;
	}
	return 0;
}

static int walk(struct lib_walk *w, const struct policy_fs *fs,
		const char *program, struct nb_error *err)
{
	if (program && push(w, ITEM_PROGRAM, program, NULL, NULL, 0, err) < 0)
		return -1;
	if (push(w, ITEM_OBJECT, "/bin/sh", NULL, NULL, 0, err) < 0)
		return -1;
	/* private-bin's programs, from the bin directories it takes them */
	for (size_t i = 0; i < fs->private_bin.n; i++)
		for (size_t d = 0; d < fspath_n_bin_dirs; d++) {
			char path[PATH_MAX];

			if (snprintf(path, sizeof(path), "%s/%s",
				     fspath_bin_dirs[d], fs->private_bin.v[i]) >=
			    (int)sizeof(path))
				continue;
			if (fspath_has_glob(path)
				    ? push_bin_matches(w, path, err) < 0
				    : push(w, ITEM_OBJECT, path, NULL, NULL, 0,
					   err) < 0)
				return -1;
		}
	for (size_t i = 0; i < sizeof(lib_defaults) / sizeof(*lib_defaults); i++)
		if (visit_listed(w, lib_defaults[i], err) < 0)
			return -1;
	if (visit_nss_modules(w, err) < 0)
		return -1;
	for (size_t i = 0; i < fs->private_lib.n; i++)
		if (visit_listed(w, fs->private_lib.v[i], err) < 0)
			return nb_fail_wrap(err, "%s", fs->private_lib.v[i]);
	while (w->next < w->n_items) {
		/* a copy: pushing may move the array */
		struct item it = w->items[w->next++];
		int rc;

		if (it.kind == ITEM_LIBRARY)
			rc = visit_library(w, &it, err);
		else if (it.kind == ITEM_PROGRAM)
			rc = visit_program(w, it.name, it.depth, err);
		else
			rc = visit_object(w, it.name, it.depth, err);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int gather_private_lib(struct fs_facts *f, struct gather_cache *c,
		       const struct policy_fs *fs, const char *program,
		       struct nb_error *err)
{
	struct lib_walk *w = calloc(1, sizeof(*w));
	int rc;

	if (!w)
		return nb_fail(err, ENOMEM, "private-lib");
	w->f = f;
	w->c = c;
	rc = walk_setup(w, err);
	if (rc == 0 && w->n_dirs == 0) {
		nb_warn("private-lib not enforced: no library directory of this machine to confine");
	} else if (rc == 0) {
		rc = walk(w, fs, program, err);
		if (rc == 0)
			nb_debug("private-lib: %zu objects read, %zu paths shown in %s; libraries loaded with dlopen() are shown only if listed",
				 w->n_objects, f->n_lib_paths, w->dirs[0]);
	}
	walk_free(w);
	free(w);
	return rc;
}
