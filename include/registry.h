/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The registry of running sandboxes: $XDG_RUNTIME_DIR/nestbox/ID (or
 * /tmp/nestbox-UID/ID), one directory per sandbox holding an "info" file.
 *
 * Liveness is a lock, not a pid: the launcher takes flock(LOCK_EX) on the
 * entry's directory and its init inherits the descriptor, so the lock is
 * held exactly as long as some process of the sandbox is.  An entry whose
 * lock can be taken is stale and is swept by the next launch; no pid can
 * be reused to fake one.
 */
#ifndef NESTBOX_REGISTRY_H
#define NESTBOX_REGISTRY_H

#include <limits.h>
#include <sys/types.h>

#include "log.h"

struct registry_entry {
	int base_fd;		/* the nestbox/ directory */
	int dir_fd;		/* ID/, locked */
	char id[40];		/* libuuid, lower case */
	char base[PATH_MAX];
};

/* Open (creating) the base directory, create and lock a new entry. */
int registry_create(struct registry_entry *e, struct nb_error *err);

/* Remove the entries of sandboxes that are gone (nobody holds the lock),
 * skipping our own @e. */
void registry_sweep_stale(const struct registry_entry *e);

/* Write ID/info atomically: pid of init, its start time, profile, argv. */
int registry_record(struct registry_entry *e, pid_t init_pid,
		    const char *profile, char *const argv[],
		    struct nb_error *err);

/* Remove the entry; safe to call from init (uses only descriptors). */
void registry_remove(struct registry_entry *e);

/* Close the descriptors without removing anything. */
void registry_close(struct registry_entry *e);

#endif
