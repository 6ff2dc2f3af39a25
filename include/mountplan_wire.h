/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef NESTBOX_MOUNTPLAN_WIRE_H
#define NESTBOX_MOUNTPLAN_WIRE_H
/*
 * The mount plan in one buffer, from the launcher to init.  init is
 * cloned before the plan is made, so that pasta and the id-map helpers
 * work while the launcher reads the host (launch.c says why); the plan
 * then reaches init through a memfd they share.  Both ends are the same
 * binary: the format needs no versioning, only to refuse what it did not
 * write (a short or damaged buffer).
 */
#include <stddef.h>

#include "mountplan.h"

/* Pure: @plan into a new buffer (*@buf, *@len; free() it). */
int mount_plan_encode(const struct mount_plan *plan, char **buf, size_t *len,
		      struct nb_error *err);

/* Pure: a buffer of mount_plan_encode() into @plan (initialized here);
 * anything else is an error, and @plan is left empty. */
int mount_plan_decode(const char *buf, size_t len, struct mount_plan *plan,
		      struct nb_error *err);

/* Write @plan to @fd (a memfd) from offset 0. */
int mount_plan_send(int fd, const struct mount_plan *plan,
		    struct nb_error *err);

/* Read it back from @fd, from offset 0, to its end. */
int mount_plan_receive(int fd, struct mount_plan *plan, struct nb_error *err);

#endif
