/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * argv[0] dispatch: nestbox started under another name (a link
 * ~/.local/bin/evince -> nestbox, written by --integrate) runs the
 * program of that name found in PATH, sandboxed under its profile.
 * Every PATH entry that is nestbox itself (the same file as
 * /proc/self/exe: any link, symbolic or hard, to it) is skipped, so it
 * can never start itself again: with nothing else in PATH it fails,
 * exit 127.
 */
#ifndef NESTBOX_DISPATCH_H
#define NESTBOX_DISPATCH_H

#include <stdbool.h>

#include "log.h"

/* How a candidate is looked at (injected: the search is pure). */
struct dispatch_fs {
	/* 1: an executable file that is nestbox itself; 0: another
	 * executable file; -1: none (missing, a directory, not executable) */
	int (*probe)(const char *path, void *ctx);
	void *ctx;
};

/* Whether nestbox was started under another name than its own. */
bool dispatch_wanted(const char *argv0);

/* The first @name in @path_env (NULL: the default PATH) that is not
 * nestbox itself: malloc'd, or NULL with *@self_links the entries that
 * were nestbox (and errno ENOMEM when out of memory). */
char *dispatch_find(const char *name, const char *path_env,
		    const struct dispatch_fs *fs, unsigned *self_links);

/* The same against the file system, from /proc/self/exe. */
char *dispatch_find_on_host(const char *name, unsigned *self_links);

/*
 * The command line nestbox runs for @argv started under another name:
 * "nestbox -- /path/to/PROGRAM ARGS..." in *@out (malloc'd, pointing
 * into @argv and the path found).  Returns 0, or the exit status
 * (127: not found) with @err set.  Inside a nestbox sandbox already it
 * execs the program itself, sandboxed once.
 */
int dispatch_argv(int argc, char *argv[], char ***out, struct nb_error *err);

#endif
