/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing the id maps of a freshly cloned user namespace.
 *
 * The preferred path runs the setuid helpers newuidmap and newgidmap
 * (shadow's uidmap package), which may map the caller's subordinate
 * ranges.  When a helper is missing, fails, or the caller has no range,
 * the map is written directly: only "0 CALLER 1", and for gids only after
 * "deny" was written to setgroups, as user_namespaces(7) requires of an
 * unprivileged writer.
 */
#ifndef NESTBOX_USERNS_H
#define NESTBOX_USERNS_H

#include <stdbool.h>
#include <sys/types.h>

#include "idmap.h"
#include "log.h"

struct userns_helpers {
	const char *newuidmap;	/* injectable: tests pass /bin/false etc. */
	const char *newgidmap;
	/* where the plans' ranges were read, for the message without one
	 * (NULL: /etc/subuid, /etc/subgid) */
	const char *subuid_file, *subgid_file;
};

#define USERNS_DEFAULT_NEWUIDMAP "/usr/bin/newuidmap"
#define USERNS_DEFAULT_NEWGIDMAP "/usr/bin/newgidmap"

struct userns_outcome {
	bool uid_direct;	/* uid map fell back to "0 U 1" */
	bool gid_direct;	/* gid map fell back; setgroups is denied */
	char why[600];		/* why the fallback was taken, for one warning */
};

struct userns_helper_run {
	const char *name;	/* "newuidmap" */
	pid_t pid;		/* 0: not started */
	int err_fd;		/* read end of its stderr */
	char failure[256];	/* empty when it mapped the namespace */
};

/* A mapping under way: the helpers run while the caller does other work. */
struct userns_mapping {
	pid_t target;
	const struct id_map *uid_plan, *gid_plan;
	struct userns_helper_run uid, gid;
};

void userns_map_start(struct userns_mapping *m, pid_t pid,
		      const struct id_map *uid_plan,
		      const struct id_map *gid_plan,
		      const struct userns_helpers *helpers);
int userns_map_finish(struct userns_mapping *m, struct userns_outcome *out,
		      struct nb_error *err);

/*
 * Map @pid's user namespace: @uid_plan/@gid_plan through the helpers when
 * they hold more than the caller's own id, else (or when a helper fails)
 * directly.  Both helpers run at once: each is a setuid exec costing about
 * a millisecond.  Fails only when even the direct write fails.
 */
int userns_map_ids(pid_t pid, const struct id_map *uid_plan,
		   const struct id_map *gid_plan,
		   const struct userns_helpers *helpers,
		   struct userns_outcome *out, struct nb_error *err);

/* Write a whole map file for @pid ("uid_map"/"gid_map"/"setgroups"). */
int userns_write_proc(pid_t pid, const char *file, const char *text,
		      struct nb_error *err);

#endif
