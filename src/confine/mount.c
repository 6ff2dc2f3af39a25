// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mount plan's second half, mount_build_root() (mount.h): in init,
 * after the uid map, the root built on a tmpfs from the trees
 * mount_prepare.c cloned, each operation attached by descriptor, then
 * pivoted into.
 */
#include "mount.h"
#include "mount_cover.h"
#include "mount_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <unistd.h>

/* Where the new root is attached while it is built: any directory of the
 * host tree will do, since our mount namespace is private; /tmp exists on
 * every system and nothing of the host's /tmp is bound in. */
#define BUILD_DIR "/tmp"

/* Directories we create inside the new root are ours: a symlink there
 * could only come from a bound host tree, so none is followed. */
#define BENEATH (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)

/*
 * A file's mountpoint, @name in @dir: what is there already, whatever
 * its type, or a new empty file.  Only opened with O_PATH: an existing
 * socket opened for writing fails (ENXIO: the bus or X socket in a
 * whitelisted directory, under the proxy's or the display's), a FIFO
 * waits for a reader, a device node is opened, a file on a read-only
 * bind is EROFS.
 * O_EXCL creates only what was not there; one that appeared meanwhile
 * is taken as it is.
 */
static int open_file_mountpoint(int dir, const char *name)
{
	/* without O_NOFOLLOW: BENEATH refuses a symlink (ELOOP) */
	int fd = sys_openat2(dir, name, O_PATH | O_CLOEXEC, BENEATH);
	struct stat st;
	int e;

	if (fd < 0 && errno == ENOENT) {
		fd = sys_openat2(dir, name,
				 O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
					 O_CLOEXEC,
				 BENEATH);
		if (fd < 0 && errno != EEXIST)
			return -1;
		if (fd >= 0)
			close(fd);
		fd = sys_openat2(dir, name, O_PATH | O_CLOEXEC, BENEATH);
	}
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (S_ISDIR(st.st_mode))
		e = EISDIR; /* a file cannot be mounted on a directory */
	else
		return fd;
	close(fd);
	errno = e;
	return -1;
}

/*
 * Open (creating as needed) the mountpoint @dst inside @root: a directory,
 * or a file's (open_file_mountpoint) when @want_file.  The parents
 * are created one component at a time, each resolved beneath the last.
 */
static int open_mountpoint(int root, const char *dst, bool want_file,
			   bool create, struct nb_error *err)
{
	char path[PATH_MAX];
	char *comp, *next;
	int dir, fd;

	if (strlen(dst) >= sizeof(path))
		return nb_fail(err, ENAMETOOLONG, "%s", dst);
	strcpy(path, dst);
	dir = dup(root);
	if (dir < 0)
		return nb_fail(err, errno, "dup");
	for (comp = path; *comp == '/'; comp++)
		;
	while (comp && *comp) {
		bool last;

		next = strchr(comp, '/');
		if (next)
			*next++ = '\0';
		while (next && *next == '/')
			next++;
		last = !next || !*next;
		if (last && want_file) {
			fd = open_file_mountpoint(dir, comp);
		} else {
			if (create && mkdirat(dir, comp, 0755) < 0 &&
			    errno != EEXIST) {
				int e = errno;

				close(dir);
				return nb_fail(err, e, "mkdir %s", dst);
			}
			fd = sys_openat2(dir, comp,
					 O_PATH | O_DIRECTORY | O_CLOEXEC,
					 BENEATH);
		}
		if (fd < 0) {
			int e = errno;

			close(dir);
			return nb_fail(err, e, "open mountpoint %s", dst);
		}
		close(dir);
		dir = fd;
		comp = next;
	}
	return dir;
}

/* An existing path inside the new root, without following any link. */
int mount_open_existing(int root, const char *dst, bool *is_dir)
{
	struct stat st;
	int fd = sys_openat2(root, dst[1] ? dst + 1 : ".", O_PATH | O_CLOEXEC,
			     BENEATH);

	if (fd >= 0 && is_dir) {
		if (fstat(fd, &st) < 0) {
			close(fd);
			return -1;
		}
		*is_dir = S_ISDIR(st.st_mode);
	}
	return fd;
}

static int attach(int tree, int root, const char *dst, bool is_file,
		  bool create, struct nb_error *err)
{
	int mp;
	int rc = 0;

	if (create) {
		mp = open_mountpoint(root, dst, is_file, true, err);
	} else {
		mp = mount_open_existing(root, dst, NULL);
		if (mp < 0)
			nb_fail(err, errno, "open mountpoint %s", dst);
	}
	if (mp < 0)
		return -1;
	if (move_mount(tree, "", mp, "",
		       MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		rc = nb_fail(err, errno, "move_mount %s", dst);
	close(mp);
	return rc;
}

/* A fresh filesystem as a detached mount: fsopen, fsconfig, fsmount. */
static int new_fs(const char *type, const char *const *opts, unsigned flags,
		  struct nb_error *err)
{
	int fs, mnt;

	fs = fsopen(type, FSOPEN_CLOEXEC);
	if (fs < 0)
		return nb_fail(err, errno, "fsopen %s", type);
	for (; opts && opts[0]; opts += 2) {
		int rc = opts[1] ? fsconfig(fs, FSCONFIG_SET_STRING, opts[0],
					    opts[1], 0)
				 : fsconfig(fs, FSCONFIG_SET_FLAG, opts[0],
					    NULL, 0);
		if (rc < 0) {
			int e = errno;

			close(fs);
			return nb_fail(err, e,
				       "%s option %s", type, opts[0]);
		}
	}
	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		int e = errno;

		close(fs);
		return nb_fail(err, e, "create %s", type);
	}
	mnt = fsmount(fs, FSMOUNT_CLOEXEC, (unsigned)mount_attrs(flags));
	close(fs);
	if (mnt < 0)
		return nb_fail(err, errno, "fsmount %s", type);
	return mnt;
}

/* @size: tmpfs's size= (NULL: the kernel's default, half of RAM), for
 * a tmpfs the program can write into; nestbox's own, read-only ones
 * (the root, /dev, the scratch) are left without. */
int mount_new_tmpfs(mode_t mode, const char *size, unsigned flags,
		     struct nb_error *err)
{
	char mode_str[16];
	const char *opts[] = { "mode", mode_str, "size", size, NULL, NULL };

	snprintf(mode_str, sizeof(mode_str), "%04o", (unsigned)mode);
	if (!size)
		opts[2] = NULL;
	return new_fs("tmpfs", opts, flags, err);
}

/* sysfs can only be mounted when the sandbox owns its net namespace and
 * no sysfs path is hidden on the host; else the host's, read-only. */
static int new_sysfs(const struct mount_op *op, struct nb_error *err)
{
	int mnt = new_fs("sysfs", NULL, op->flags, err);

	if (mnt >= 0 || err->errnum != EPERM)
		return mnt;
	mnt = open_tree(AT_FDCWD, "/sys",
			OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (mnt < 0)
		return nb_fail(err, errno, "open_tree /sys");
	if (set_tree_attrs(mnt, op->flags, "/sys", err) < 0) {
		close(mnt);
		return -1;
	}
	return mnt;
}

/*
 * MOUNT_F_LINK: the symlink at @dst itself, cloned and attached onto
 * itself (a symlink can be a mountpoint: open_tree and move_mount take
 * it through an O_PATH | O_NOFOLLOW descriptor), so that it can be
 * neither removed nor renamed, nor replaced by a directory.
 * 0: done; 1: optional and gone.
 */
static int pin_link(const struct mount_op *op, int root, struct nb_error *err)
{
	struct open_how how = { .flags = O_PATH | O_NOFOLLOW | O_CLOEXEC,
				.resolve = BENEATH };
	int at, mnt, rc = 0;

	at = (int)syscall(SYS_openat2, root, op->dst[1] ? op->dst + 1 : ".",
			  &how, sizeof(how));
	if (at < 0) {
		if (errno == ENOENT && (op->flags & MOUNT_F_OPTIONAL))
			return 1;
		return nb_fail(err, errno, "open %s", op->dst);
	}
	mnt = open_tree(at, "",
			AT_EMPTY_PATH | OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (mnt < 0) {
		rc = nb_fail(err, errno, "open_tree %s", op->dst);
	} else {
		if (move_mount(mnt, "", at, "",
			       MOVE_MOUNT_F_EMPTY_PATH |
				       MOVE_MOUNT_T_EMPTY_PATH) < 0)
			rc = nb_fail(err, errno, "move_mount %s", op->dst);
		close(mnt);
	}
	close(at);
	return rc;
}

/* Part of the tree given other flags: cloned and re-attached on itself. */
static int rebind(const struct mount_op *op, int root, bool *is_file,
		  struct nb_error *err)
{
	struct mount_attr attr = { .attr_set = mount_attrs(op->flags) };
	bool is_dir = true;
	int src = mount_open_existing(root, op->dst, &is_dir);
	int mnt;

	if (src < 0) {
		if (errno == ENOENT && (op->flags & MOUNT_F_OPTIONAL))
			return -2;
		return nb_fail(err, errno, "open %s", op->dst);
	}
	*is_file = !is_dir;
	mnt = open_tree(src, "",
			AT_EMPTY_PATH | OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
				AT_RECURSIVE);
	close(src);
	if (mnt < 0)
		return nb_fail(err, errno, "open_tree %s", op->dst);
	if (op->flags & MOUNT_F_RW)
		attr.attr_clr = MOUNT_ATTR_RDONLY;
	if ((attr.attr_set || attr.attr_clr) &&
	    mount_setattr(mnt, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr,
			  sizeof(attr)) < 0) {
		int e = errno;

		close(mnt);
		return nb_fail(err, e, "mount_setattr %s", op->dst);
	}
	return mnt;
}

/*
 * MOUNT_OP_COPY: a new file at @dst in the sandbox's own tmpfs, created
 * (never opened: O_EXCL, no link followed) and filled from @src, the
 * descriptor mount_prepare() opened.  At most COPY_MAX bytes, whatever
 * the file grew to since.
 */
static int copy_file_in(const struct mount_op *op, int src, int root,
			struct nb_error *err)
{
	struct open_how how = { .flags = O_WRONLY | O_CREAT | O_EXCL |
					 O_NOFOLLOW | O_CLOEXEC,
				.mode = op->mode & 07777,
				.resolve = BENEATH };
	char dir[PATH_MAX], buf[16384];
	const char *base = strrchr(op->dst, '/') + 1;
	size_t total = 0;
	int parent, fd, rc = 0;
	ssize_t n;

	snprintf(dir, sizeof(dir), "%.*s", (int)(base - op->dst), op->dst);
	parent = open_mountpoint(root, dir, false, false, err);
	if (parent < 0)
		return -1;
	fd = (int)syscall(SYS_openat2, parent, base, &how, sizeof(how));
	close(parent);
	if (fd < 0)
		return nb_fail(err, errno, "create %s", op->dst);
	while (total < COPY_MAX &&
	       (n = read(src, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = nb_fail(err, errno, "read %s", op->src);
			break;
		}
		if (total + (size_t)n > COPY_MAX)
			n = (ssize_t)(COPY_MAX - total);
		if (write(fd, buf, (size_t)n) != n) {
			rc = nb_fail(err, errno, "write %s", op->dst);
			break;
		}
		total += (size_t)n;
	}
	close(fd);
	return rc;
}

/* 0: done; 1: nothing to do, the op optional and its path absent. */
static int execute_op(const struct mount_plan *plan, size_t i, int *tree,
		      int root, int scratch, const char *tmpfs_share,
		      struct nb_error *err)
{
	static const char *const devpts_opts[] = {
		"newinstance", NULL, "ptmxmode", "0666", "mode", "0620", NULL,
	};
	const struct mount_op *op = &plan->ops[i];
	int mnt = -1, rc;
	bool is_file = false, create = !(op->flags & MOUNT_F_NOCREATE);
	struct stat st;

	switch (op->type) {
	case MOUNT_OP_HOST_MKDIR:
	case MOUNT_OP_HOST_MKFILE:
		return 0; /* done by mount_prepare(), on the host */
	case MOUNT_OP_BLOCK:
		return mount_block_path(op, root, scratch, err);
	case MOUNT_OP_BLOCK_ENTRIES:
		return mount_block_entries(op, root, err);
	case MOUNT_OP_COPY:
		if (*tree < 0)
			return 1; /* absent on the host: nothing to copy */
		rc = copy_file_in(op, *tree, root, err);
		close_fd(tree);
		return rc;
	case MOUNT_OP_SYMLINK: {
		int parent;
		char dir[PATH_MAX];
		const char *base = strrchr(op->dst, '/') + 1;

		snprintf(dir, sizeof(dir), "%.*s", (int)(base - op->dst),
			 op->dst);
		parent = open_mountpoint(root, dir, false, true, err);
		if (parent < 0)
			return -1;
		rc = symlinkat(op->src, parent, base);
		close(parent);
		if (rc < 0)
			return nb_fail(err, errno, "symlink %s", op->dst);
		return 0;
	}
	case MOUNT_OP_FILE:
		mnt = mount_scratch_file(scratch, i, err);
		is_file = true;
		break;
	case MOUNT_OP_BIND:
		if (*tree < 0)
			return 1; /* optional and missing */
		if (fstat(*tree, &st) == 0 && !S_ISDIR(st.st_mode))
			is_file = true;
		mnt = *tree;
		*tree = -1;
		break;
	case MOUNT_OP_TMPFS:
		/* over a host's directory that may not exist (/dev/mqueue):
		 * nothing to cover then, and nothing may be created there */
		if ((op->flags & (MOUNT_F_OPTIONAL | MOUNT_F_NOCREATE)) ==
		    (MOUNT_F_OPTIONAL | MOUNT_F_NOCREATE)) {
			bool is_dir = false;
			int at = mount_open_existing(root, op->dst, &is_dir);

			if (at < 0 && errno != ENOENT && errno != ELOOP)
				return nb_fail(err, errno, "%s", op->dst);
			if (at >= 0)
				close(at);
			if (at < 0 || !is_dir)
				return 1;
		}
		/* populated later; seal_readonly() applies RDONLY.  Only
		 * what stays writable gets its share of the size limit. */
		mnt = mount_new_tmpfs(op->mode,
				op->flags & MOUNT_F_RDONLY || !tmpfs_share[0] ?
					NULL : tmpfs_share,
				op->flags & ~MOUNT_F_RDONLY, err);
		break;
	case MOUNT_OP_PROC:
		mnt = new_fs("proc", NULL, op->flags, err);
		break;
	case MOUNT_OP_SYSFS:
		mnt = new_sysfs(op, err);
		break;
	case MOUNT_OP_DEVPTS:
		mnt = new_fs("devpts", devpts_opts, op->flags, err);
		break;
	case MOUNT_OP_REBIND:
		if (op->flags & MOUNT_F_LINK)
			return pin_link(op, root, err);
		mnt = rebind(op, root, &is_file, err);
		if (mnt == -2)
			return 1; /* optional and missing */
		create = false;
		break;
	}
	if (mnt < 0)
		return nb_fail_wrap(err, "%s", op->dst);
	rc = attach(mnt, root, op->dst, is_file, create, err);
	close(mnt);
	return rc;
}

/*
 * The root tmpfs and a tmpfs like /dev belong to the sandbox's root, that
 * is to the caller's own uid: left writable, the program could add files
 * anywhere.  They are made read-only (this mount only, not its children)
 * once everything under them is in place.
 */
static int seal_readonly(const struct mount_plan *plan, const bool *skipped,
			 int root, struct nb_error *err)
{
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };

	for (size_t i = 0; i < plan->n; i++) {
		const struct mount_op *op = &plan->ops[i];

		if (op->type != MOUNT_OP_TMPFS || !(op->flags & MOUNT_F_RDONLY) ||
		    skipped[i])
			continue;
		if (mount_setattr(root, op->dst + 1, AT_SYMLINK_NOFOLLOW, &ro,
				  sizeof(ro)) < 0)
			return nb_fail(err, errno, "make %s read-only", op->dst);
	}
	if (mount_setattr(root, "", AT_EMPTY_PATH, &ro, sizeof(ro)) < 0)
		return nb_fail(err, errno, "make the root read-only");
	return 0;
}

int mount_build_root(const struct mount_plan *plan,
		     struct mount_prepared *prep, struct nb_error *err)
{
	struct mount_attr private = { .propagation = MS_PRIVATE };
	int root = -1, scratch = -1, rc = -1;
	bool *skipped_ops = NULL;
	char tmpfs_share[CONFIG_SIZE_MAX];
	struct sysinfo si;

	/* RAM as tmpfs's "N%" counts it (totalram_pages) */
	if (sysinfo(&si) < 0)
		return nb_fail(err, errno, "sysinfo");
	mount_plan_tmpfs_share(plan, (unsigned long long)si.totalram * si.mem_unit,
			       (unsigned long)sysconf(_SC_PAGESIZE), tmpfs_share,
			       sizeof(tmpfs_share));

	/* No mount event may leak between the sandbox and the host in
	 * either direction (mount_namespaces(7)); pivot_root also refuses
	 * shared parents. */
	if (mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &private,
			  sizeof(private)) < 0)
		return nb_fail(err, errno, "make / private");

	root = mount_new_tmpfs(0755, NULL, MOUNT_F_NOSUID | MOUNT_F_NODEV, err);
	if (root < 0)
		return nb_fail_wrap(err, "root");
	if (move_mount(root, "", AT_FDCWD, BUILD_DIR,
		       MOVE_MOUNT_F_EMPTY_PATH) < 0) {
		nb_fail(err, errno, "attach the new root at %s", BUILD_DIR);
		goto out;
	}
	scratch = mount_scratch_new(plan, err);
	if (scratch < 0)
		goto out;
	skipped_ops = calloc(plan->n ? plan->n : 1, sizeof(*skipped_ops));
	if (!skipped_ops) {
		nb_fail(err, ENOMEM, "mount plan");
		goto out;
	}
	for (size_t i = 0; i < plan->n; i++) {
		int skipped = execute_op(plan, i, &prep->tree_fds[i], root,
					 scratch, tmpfs_share, err);

		if (skipped < 0)
			goto out;
		skipped_ops[i] = skipped;
		nb_debug("%s %s %s", skipped ? "skipped (absent)" : "mounted",
			 mount_op_type_name(plan->ops[i].type),
			 plan->ops[i].dst);
	}

	if (seal_readonly(plan, skipped_ops, root, err) < 0)
		goto out;

	/* pivot_root(".", ".") stacks the old root on the new one; detaching
	 * it leaves no path to the host tree (as in pivot_root(2)). */
	if (fchdir(root) < 0) {
		nb_fail(err, errno, "chdir to the new root");
		goto out;
	}
	if (syscall(SYS_pivot_root, ".", ".") < 0) {
		nb_fail(err, errno, "pivot_root");
		goto out;
	}
	if (umount2(".", MNT_DETACH) < 0) {
		nb_fail(err, errno, "detach the old root");
		goto out;
	}
	if (chdir("/") < 0) {
		nb_fail(err, errno, "chdir /");
		goto out;
	}
	rc = 0;
out:
	free(skipped_ops);
	close_fd(&scratch);
	close_fd(&root);
	return rc;
}
