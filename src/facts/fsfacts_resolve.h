/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to the gathering of file-system facts: one path resolved by
 * the kernel (fsfacts_resolve.c), and paths built without being cut.
 */
#ifndef NESTBOX_FSFACTS_RESOLVE_H
#define NESTBOX_FSFACTS_RESOLVE_H

#include "fsfacts.h"

/* Open @path following ordinary symlinks but never a magic link, and
 * read back where it led: @x filled, or left absent when @path is not
 * there or not ours to see. */
int gather_resolve(const char *path, bool known_link, struct fs_fact *x,
		   struct nb_error *err);

/* snprintf into @buf, or an error (ENAMETOOLONG) where the result would
 * not fit: a cut path would name another file. */
int gather_path_fmt(char *buf, size_t size, struct nb_error *err,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
