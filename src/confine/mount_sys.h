/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to executing the mount plan (mount_prepare.c, mount.c): the
 * small system-call helpers both halves use.
 */
#ifndef NESTBOX_MOUNT_SYS_H
#define NESTBOX_MOUNT_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "mountplan.h"

/* A private home's copies are small start-up files: a bigger one is not
 * what firejail meant to copy, and would fill the sandbox's memory. */
#define COPY_MAX (1024 * 1024)

static inline int sys_openat2(int dirfd, const char *path, int flags,
		       unsigned long long resolve)
{
	struct open_how how = { .flags = (unsigned long long)flags,
				.mode = 0,
				.resolve = resolve };

	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

static inline void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static inline unsigned long long mount_attrs(unsigned flags)
{
	unsigned long long a = 0;

	if (flags & MOUNT_F_RDONLY)
		a |= MOUNT_ATTR_RDONLY;
	if (flags & MOUNT_F_NOSUID)
		a |= MOUNT_ATTR_NOSUID;
	if (flags & MOUNT_F_NODEV)
		a |= MOUNT_ATTR_NODEV;
	if (flags & MOUNT_F_NOEXEC)
		a |= MOUNT_ATTR_NOEXEC;
	return a;
}

/* Set flags on every mount of a (detached) tree at once: a bind's
 * submounts would otherwise stay writable. */
static inline int set_tree_attrs(int tree, unsigned flags,
				 const char *what, struct nb_error *err)
{
	struct mount_attr attr = { .attr_set = mount_attrs(flags) };

	if (!attr.attr_set)
		return 0;
	if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
			  sizeof(attr)) < 0)
		return nb_fail(err, errno, "mount_setattr %s", what);
	return 0;
}

#endif
