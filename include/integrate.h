/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nestbox --integrate, --unintegrate, --integrated: starting a program
 * from the menu or a terminal starts it sandboxed, for one user, no root.
 *
 * What --integrate writes: per program, a link ~/.local/bin/PROGRAM to
 * nestbox (argv[0] dispatch, dispatch.c) and a copy of each of its
 * .desktop files in ~/.local/share/applications (desktopfile.c), which
 * the menus prefer to /usr/share's.  A record of what was written, with
 * a hash of each copy, lives in $XDG_STATE_HOME/nestbox/integrated:
 * --unintegrate removes exactly those files, and leaves any the user
 * changed since, saying so.
 *
 * Planning (integrate_plan.c) is pure: the world it looks at comes in
 * through struct integrate_world, and the plan is a list of steps that
 * integrate.c carries out, or prints under --dry-run.
 */
#ifndef NESTBOX_INTEGRATE_H
#define NESTBOX_INTEGRATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "log.h"

enum integrate_kind { IK_LINK, IK_DESKTOP };

struct integrate_entry {
	enum integrate_kind kind;
	char *program;
	char *path;		/* the link, or the copy */
	char *extra;		/* the link's target, or the copy's source */
	uint64_t hash;		/* the copy's text, as written */
};

struct integrate_record {
	struct integrate_entry *v;
	size_t n;
};

/* The record's text: one entry a line, tab-separated ("link PROGRAM PATH
 * TARGET", "desktop PROGRAM PATH SOURCE HASH"); errors "FILE:LINE: ...". */
int integrate_record_parse(const char *file, const char *text,
			   struct integrate_record *r, struct nb_error *err);
char *integrate_record_format(const struct integrate_record *r);
void integrate_record_free(struct integrate_record *r);

/* A .desktop file of $XDG_DATA_DIRS: its desktop-file id (the name the
 * per-user copy takes) and its text. */
struct integrate_source {
	char *id;
	char *path;
	char *text;
};

struct integrate_world {
	const char *apps_dir;	/* ~/.local/share/applications */
	const char *bin_dir;	/* ~/.local/bin */
	const char *nestbox;	/* nestbox's absolute path */
	const struct integrate_source *sources;	/* first id wins */
	size_t n_sources;
	const struct integrate_record *record;
	/* PROGRAM.profile in the lookup list (not default.profile) */
	bool (*has_profile)(const char *program, void *ctx);
	/* found in PATH, links to nestbox skipped */
	bool (*installed)(const char *program, void *ctx);
	/* a file's text, NULL if there is none */
	char *(*read_file)(const char *path, void *ctx);
	/* 0: a symlink, *target malloc'd; 1: something else; -1: nothing */
	int (*read_link)(const char *path, char **target, void *ctx);
	void *ctx;
};

enum integrate_step_kind {
	IS_WRITE,		/* path, text */
	IS_LINK,		/* path -> text */
	IS_REMOVE,		/* path */
	IS_NOTE,		/* text: something left alone, and why */
};

struct integrate_step {
	enum integrate_step_kind kind;
	char *path;
	char *text;
};

struct integrate_plan {
	struct integrate_step *v;
	size_t n;
	struct integrate_record record;	/* the record once done */
};

/* @programs (names; none: every program of a .desktop file that has a
 * profile and is installed).  A name that is not installed or has no
 * profile fails the whole plan: nothing is written. */
int integrate_plan_integrate(const struct integrate_world *w,
			     char *const *programs, size_t n,
			     struct integrate_plan *p, struct nb_error *err);
int integrate_plan_unintegrate(const struct integrate_world *w,
			       char *const *programs, size_t n,
			       struct integrate_plan *p, struct nb_error *err);
void integrate_plan_free(struct integrate_plan *p);

/* An entry's state now: "ok", "edited", "changed", "missing", "orphan"
 * (its source is gone). */
const char *integrate_entry_state(const struct integrate_world *w,
				  const struct integrate_entry *e);

/* --integrate, --unintegrate, --integrated (integrate.c). */
int integrate_command(const struct options *o, struct nb_error *err);

#endif
