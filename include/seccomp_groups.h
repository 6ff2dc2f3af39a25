/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Syscall groups: firejail's names (@default, @clock, @debug...), each a
 * list of syscall names and other groups.  Names are for every
 * architecture; a name the running one lacks is skipped when compiled.
 */
#ifndef NESTBOX_SECCOMP_GROUPS_H
#define NESTBOX_SECCOMP_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

struct seccomp_group {
	const char *name;	/* "@clock" */
	const char *members;	/* comma-separated names and @groups */
};

const struct seccomp_group *seccomp_group_find(const char *name);
const struct seccomp_group *seccomp_group_table(size_t *count);

/*
 * Call @fn for every syscall name in @group, groups expanded (depth first,
 * in table order; a name may come more than once).  @fn returns < 0 to
 * stop; that value is returned.  @why is the innermost group's name.
 */
int seccomp_group_expand(const struct seccomp_group *group,
			 int (*fn)(const char *name, size_t len,
				   const char *why, void *data),
			 void *data);

/* A syscall name known on this or another architecture. */
bool seccomp_syscall_known(const char *name);

#endif
