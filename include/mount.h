/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Executing a mount plan with the new mount API, inside the sandbox's
 * mount namespace.  Two phases, so the first can overlap the id mapping:
 *
 *  mount_prepare():    resolve every host source once with openat2() and
 *                      clone it as a detached tree (open_tree), read-only
 *                      flags already set recursively (mount_setattr);
 *                      creates no inode, so it works before the uid map.
 *  mount_build_root(): a tmpfs root; each operation attached by file
 *                      descriptor (move_mount); pivot_root into it and
 *                      detach the old root.  Needs the uid map.
 */
#ifndef NESTBOX_MOUNT_H
#define NESTBOX_MOUNT_H

#include "log.h"
#include "mountplan.h"

struct mount_prepared {
	int *tree_fds;		/* per op: detached tree, or -1 */
	size_t n;
};

int mount_prepare(const struct mount_plan *plan, struct mount_prepared *prep,
		  struct nb_error *err);
int mount_build_root(const struct mount_plan *plan,
		     struct mount_prepared *prep, struct nb_error *err);
void mount_prepared_close(struct mount_prepared *prep);

#endif
