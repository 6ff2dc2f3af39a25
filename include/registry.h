/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The registry of running sandboxes: $XDG_RUNTIME_DIR/nestbox/ID (or
 * /tmp/nestbox-UID/ID), one directory per sandbox holding an "info" file
 * and what a joining process needs (joinstate.c).
 *
 * Liveness is a lock, not a pid: the launcher takes flock(LOCK_EX) on the
 * entry's directory and its init inherits the descriptor, so the lock is
 * held exactly as long as some process of the sandbox is.  An entry whose
 * lock can be taken is stale and is removed by whoever sees it; no pid can
 * be reused to fake one.  Creating and removing entries happens under a
 * lock on the base directory, so a name is claimed by one sandbox only.
 *
 * The base directory is the caller's and private (0700): other users can
 * neither list nor forge entries; inside every sandbox it is hidden
 * (mountplan_fs.c), so a sandboxed program cannot either.
 */
#ifndef NESTBOX_REGISTRY_H
#define NESTBOX_REGISTRY_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "log.h"

#define REGISTRY_NAME_MAX 64
#define REGISTRY_SHORT_ID 8	/* characters of the id that --list shows */

struct registry_entry {
	int base_fd;		/* the nestbox/ directory */
	int dir_fd;		/* ID/, locked */
	char id[40];		/* libuuid, lower case */
	char name[REGISTRY_NAME_MAX + 1];	/* "" when it has none */
	char base[PATH_MAX];
};

/* What ID/info says of a sandbox. */
struct registry_info {
	char id[40];
	char name[REGISTRY_NAME_MAX + 1];	/* "" when it has none */
	pid_t pid;		/* init, on the host; 0 while starting */
	pid_t launcher;
	unsigned long long start;	/* init's start time, /proc/PID/stat */
	char profile[PATH_MAX];
	char command[4096];
};

/* --- pure ------------------------------------------------------------- */

/* A name is 1 to 64 of [A-Za-z0-9._-], not starting with '-' or '.',
 * and not all digits (so that --join=PID is never ambiguous). */
bool registry_name_valid(const char *name);

/* Parse the text of an info file; -1 when it is not one. */
int registry_parse_info(const char *text, struct registry_info *info);

/* Does @target (a name, an id or a prefix of one, or a pid of init or
 * of the launcher) designate @info?  Names and whole ids first: see
 * registry_find(). */
enum registry_match { MATCH_NONE, MATCH_PREFIX, MATCH_PID, MATCH_EXACT };
enum registry_match registry_match(const struct registry_info *info,
				   const char *target);

/* --- on the host ------------------------------------------------------ */

/* Where the registry lives for the caller (not created). */
int registry_base_path(char *buf, size_t size);

/* Open the base directory (@e->base if set, else registry_base_path());
 * @create: make it if missing.  Without
 * @create, a missing directory is 0 with e->base_fd -1 (no sandbox). */
int registry_open(struct registry_entry *e, bool create,
		  struct nb_error *err);

/* Choose the id of the entry registry_create() will make, before it
 * exists (the plan names files in it). */
void registry_new_id(struct registry_entry *e);

/* Open (creating) the base directory, then create and lock a new entry
 * (with the id chosen, else a new one) claiming @name (NULL: none).  A running sandbox with that name: -1
 * with errno-like @err->errnum EEXIST. */
int registry_create(struct registry_entry *e, const char *name,
		    struct nb_error *err);

/* Write ID/info atomically: pids, init's start time, profile, argv. */
int registry_record(struct registry_entry *e, pid_t init_pid,
		    const char *profile, char *const argv[],
		    struct nb_error *err);

/* Each running sandbox (stale entries are removed on the way), in no
 * particular order; @fn returning non-zero stops the scan.  @dir_fd is
 * the entry's directory, open for the duration of the call. */
typedef int (*registry_visit_fn)(const struct registry_info *info,
				 int dir_fd, void *ctx);
int registry_scan(const struct registry_entry *e, registry_visit_fn fn,
		  void *ctx);

/* Remove the entries of sandboxes that are gone (nobody holds their
 * lock): a launch does it, overlapping newuidmap. */
void registry_sweep_stale(const struct registry_entry *e);

/* The running sandbox @target designates: its info, and its directory
 * open in *@dir_fd.  Not found, or ambiguous: -1 and @err says which. */
int registry_find(const struct registry_entry *e, const char *target,
		  struct registry_info *info, int *dir_fd,
		  struct nb_error *err);

/* Is the sandbox of this entry directory still running (lock held)? */
bool registry_entry_alive(int dir_fd);

/* Field 22 of /proc/PID/stat (clock ticks after boot); 0 if unknown. */
unsigned long long registry_process_start(pid_t pid);

/* Remove a stale entry (under the base lock). */
void registry_remove_stale(const struct registry_entry *e, const char *id);

/* Remove the entry; safe to call from init (uses only descriptors). */
void registry_remove(struct registry_entry *e);

/*
 * For init, which is cloned before the launcher makes the entry: open
 * the entry @e names (base path and id) once the launcher says it is
 * made, without taking its lock (the launcher holds it).
 */
int registry_attach(struct registry_entry *e, struct nb_error *err);

/*
 * For init, when the launcher died: remove the entry @e names, if it
 * was made, by its descriptors or else by its path.  A helper of the
 * dead launcher may still be dying with a file half made in it: tried
 * again, a bounded number of times, until the directory is gone.
 */
void registry_remove_abandoned(struct registry_entry *e);

/* Close the descriptors without removing anything. */
void registry_close(struct registry_entry *e);

#endif
