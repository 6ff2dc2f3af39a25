/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small pure facts about paths, shared by the directive table, the
 * file-system facts and the mount plan.
 */
#ifndef NESTBOX_FSPATH_H
#define NESTBOX_FSPATH_H

#include <stdbool.h>
#include <stddef.h>

/* @path is @dir or lies below it ("/" holds every absolute path). */
bool path_under(const char *path, const char *dir);
/* @path lies strictly below @dir. */
bool path_below(const char *path, const char *dir);

/* @s holds a glob(3) metacharacter (* ? [). */
bool fspath_has_glob(const char *s);

/* Under /proc, /sys or /dev: the sandbox has its own, so paths there are
 * taken as written, never resolved on the host (where /proc/self is the
 * launcher). */
bool path_in_kernel_fs(const char *path);

/* Where a symlink at @link whose text is @text leads, read lexically,
 * into @out; @link's directory must hold no symlink (the caller knows).
 * True only for the shapes where that is the kernel's walk: @link
 * absolute with plain components (no ".", ".." or empty one), @text
 * absolute or relative, leading "../" and then at least one plain name.
 * Each ".." then pops a real component, as the kernel's does; any other
 * shape ("a/../b" where "a" may be a symlink, "dir/") is the kernel's to
 * follow.  False too for a name over NAME_MAX or an @out too small. */
bool path_link_target(const char *link, const char *text, char *out,
		      size_t size);

/* Where mkdir and mkfile may create @path: the one of home, /tmp and
 * @run_user it lies below, or NULL. */
const char *path_mk_anchor(const char *path, const char *home,
			   const char *run_user);

/* Where private-bin looks for programs, in this order. */
extern const char *const fspath_bin_dirs[];
extern const size_t fspath_n_bin_dirs;

/* The library directories private-lib confines, where they are real
 * directories (on a merged-/usr host only the first is). */
extern const char *const fspath_lib_dirs[];
extern const size_t fspath_n_lib_dirs;
/* Where it looks for a library after the object's own rpath: the
 * loader's default directories and Debian's /etc/ld.so.conf.d. */
extern const char *const fspath_lib_search[];
extern const size_t fspath_n_lib_search;

#endif
