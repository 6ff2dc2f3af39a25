/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading profiles (pure): firejail's profile language, from files to an
 * ordered list of (directive, argument) entries, each with its file and
 * line.  Handles comments, `include`, `ignore`, `?CONDITION:` prefixes and
 * macros; what a directive means is the directive table's business.
 * Files are read through an injected function, so the reader is tested
 * without a file system and fuzzed.
 */
#ifndef NESTBOX_PROFILE_READ_H
#define NESTBOX_PROFILE_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "log.h"

/* firejail's conditions: true when the option named is in effect. */
enum profile_condition {
	PROFILE_COND_HAS_APPIMAGE,
	PROFILE_COND_HAS_NET,
	PROFILE_COND_HAS_NODBUS,
	PROFILE_COND_HAS_NOSOUND,
	PROFILE_COND_HAS_PRIVATE,
	PROFILE_COND_HAS_X11,
	PROFILE_COND_BROWSER_DISABLE_U2F,
	PROFILE_COND_BROWSER_ALLOW_DRM,
	PROFILE_COND_ALLOW_TRAY,
	PROFILE_COND_COUNT
};

enum profile_xdg_dir { XDG_DESKTOP, XDG_DOCUMENTS, XDG_DOWNLOAD, XDG_MUSIC,
		       XDG_PICTURES, XDG_VIDEOS, XDG_DIR_COUNT };

/* Everything the reader needs to know about the world. */
struct profile_facts {
	const char *home;		/* ${HOME} and a leading ~ */
	const char *cfg;		/* ${CFG}: HOME/.config */
	const char *runuser;		/* ${RUNUSER}: /run/user/UID */
	const char *path;		/* the caller's $PATH, for ${PATH} */
	const char *xdg[XDG_DIR_COUNT];	/* ${DESKTOP}, ${DOCUMENTS}... */
	bool conditions[PROFILE_COND_COUNT];
	const char *const *search_dirs;	/* include lookup, after the
					 * including file's directory */
	size_t n_search_dirs;
	/* malloc'd NUL-terminated contents, or NULL with errno set
	 * (EILSEQ: the file holds a NUL byte, refused) */
	char *(*read_file)(const char *path, void *ctx);
	void *ctx;
};

struct profile_entry {
	const char *file;	/* owned by the entries' file list */
	unsigned line;
	char *directive;
	char *arg;		/* NULL when the line has no argument */
};

struct profile_entries {
	struct profile_entry *v;
	size_t n, cap;
	char **files;		/* every file read, in order (for --debug) */
	size_t n_files;
	char **ignores;		/* active `ignore` patterns */
	size_t n_ignores;
	/* firejail's allow-debuggers while reading (--allow-debuggers, or
	 * an `allow-debuggers` line read so far): an include of
	 * disable-devel.inc is skipped, as firejail skips it, so that gdb,
	 * valgrind and the rest of that file stay available */
	bool allow_debuggers;
};

#define PROFILE_MAX_DEPTH 16
/* longer lines are an error: FILE:LINE: line too long */
#define PROFILE_LINE_MAX 4096
/* Including the same file twice at each level is no cycle but doubles the
 * work per level: bound the total, far above real profiles (firejail's
 * firefox.profile reads about 20 files and yields about 2,500 entries). */
#define PROFILE_MAX_FILES 1000
#define PROFILE_MAX_ENTRIES 200000

void profile_entries_init(struct profile_entries *e);
void profile_entries_free(struct profile_entries *e);

/* Read @path and everything it includes, appending to @out.  Errors say
 * "FILE:LINE: problem". */
int profile_read(const char *path, const struct profile_facts *facts,
		 struct profile_entries *out, struct nb_error *err);

/* Read profile text given directly (tests, fuzzing): @name is used in
 * messages and as the base for relative includes. */
int profile_read_text(const char *name, const char *text,
		      const struct profile_facts *facts,
		      struct profile_entries *out, struct nb_error *err);

/* Expand the macros of @arg (pure); ${PATH} is refused here, see
 * profile_read.  Returns a malloc'd string or NULL with @err set. */
char *profile_expand(const char *arg, const struct profile_facts *facts,
		     struct nb_error *err);

/* A directive given as an option, --@directive=@arg: its argument's
 * macros expanded as on a profile line (one entry per $PATH element for
 * ${PATH}), appended to @out with no file (line 0). */
int profile_expand_option(const char *directive, const char *arg,
			  const struct profile_facts *facts,
			  struct profile_entries *out, struct nb_error *err);

/* --ignore=@pattern: an `ignore` line read before every profile. */
int profile_ignore(struct profile_entries *out, const char *pattern,
		   struct nb_error *err);

/* --include=@name: read as `include @name` would be from a profile in
 * the current directory (macros expanded; a missing NAME.local
 * skipped), appending to @out. */
int profile_include(const char *name, const struct profile_facts *facts,
		    struct profile_entries *out, struct nb_error *err);

/* Read @name as an `include` line would, from the lookup list only (no
 * current directory, no includer's directory), appending to @out: the
 * files the launcher reads on its own (profile_load.c). */
int profile_include_listed(const char *name, const struct profile_facts *facts,
			   struct profile_entries *out, struct nb_error *err);

const char *profile_condition_name(enum profile_condition c);

#endif
