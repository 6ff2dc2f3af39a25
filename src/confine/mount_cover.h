/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Blacklist covers and the plan's files, from the scratch tmpfs
 * (mount_cover.c), and the two helpers of mount.c they share; all run in
 * init, building the root.
 */
#ifndef NESTBOX_MOUNT_COVER_H
#define NESTBOX_MOUNT_COVER_H

#include <stdbool.h>
#include <sys/types.h>

#include "log.h"
#include "mountplan.h"

/* The scratch tmpfs, sealed, holding the covers and the plan's files;
 * its mount, or -1. */
int mount_scratch_new(const struct mount_plan *plan, struct nb_error *err);
/* MOUNT_OP_FILE: a clone of the scratch's file for op @i. */
int mount_scratch_file(int scratch, size_t i, struct nb_error *err);
/* MOUNT_OP_BLOCK: @op->dst in the root @root covered from @scratch.
 * These two return 1 when there is nothing to cover, 0 when covered. */
int mount_block_path(const struct mount_op *op, int root, int scratch,
		     struct nb_error *err);
/* MOUNT_OP_BLOCK_ENTRIES. */
int mount_block_entries(const struct mount_op *op, int root,
			struct nb_error *err);

/* mount.c: @dst inside @root, opened O_PATH without following a link
 * (@is_dir, if given, says what it is); -1 and errno. */
int mount_open_existing(int root, const char *dst, bool *is_dir);
/* mount.c: a new tmpfs as a detached mount. */
int mount_new_tmpfs(mode_t mode, const char *size, unsigned flags,
		    struct nb_error *err);

#endif
