/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Id-map planning (pure): from the text of /etc/subuid (or /etc/subgid)
 * and the caller's id, the extents of the sandbox's outer user namespace:
 *
 *     0  CALLER 1            the caller is root inside
 *     1  START  COUNT        the subordinate ranges, packed from 1 up
 *
 * Nothing here makes a system call; userns.h applies a plan.
 */
#ifndef NESTBOX_IDMAP_H
#define NESTBOX_IDMAP_H

#include <stddef.h>
#include <sys/types.h>

#include "log.h"

/* newuidmap takes at most this many; the kernel allows 340. */
#define IDMAP_MAX_RANGES 32
#define IDMAP_MAX_EXTENTS (IDMAP_MAX_RANGES * 2 + 1)

struct id_range {
	unsigned long start;	/* first host id */
	unsigned long count;
};

struct id_extent {
	unsigned long inside;
	unsigned long outside;
	unsigned long count;
};

struct id_map {
	struct id_extent extents[IDMAP_MAX_EXTENTS];
	size_t n;
};

/*
 * The ranges of /etc/subuid-format @text (NUL-terminated) whose first
 * field is @user or the decimal @id.  In /etc/subgid too, @id is the
 * caller's *uid*: shadow names a range's owner by user, not by group.  Malformed lines and zero counts are
 * skipped, as shadow's newuidmap skips them; at most @max are returned.
 */
size_t subid_find_ranges(const char *text, const char *user, unsigned long id,
			 struct id_range *out, size_t max);

/*
 * Map @caller to 0 and pack @ranges from 1 upwards.  A range that contains
 * @caller is split around it and ranges overlapping earlier ones are
 * trimmed, because the kernel refuses overlapping extents.
 */
void idmap_plan(unsigned long caller, const struct id_range *ranges,
		size_t n, struct id_map *map);

/* The single-extent map "0 CALLER 1" used when no helper can be used. */
void idmap_plan_direct(unsigned long caller, struct id_map *map);

/* The text written to /proc/PID/{u,g}id_map: one "IN OUT COUNT" line each. */
int idmap_format_proc(const struct id_map *map, char *buf, size_t len);

/* newuidmap/newgidmap argv: HELPER PID IN OUT COUNT [IN OUT COUNT...] */
struct idmap_argv {
	char *argv[2 + 3 * IDMAP_MAX_EXTENTS + 1];
	char storage[32 * (2 + 3 * IDMAP_MAX_EXTENTS)];
};

int idmap_helper_argv(const struct id_map *map, const char *helper, pid_t pid,
		      struct idmap_argv *out);

#endif
