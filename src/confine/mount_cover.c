// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Blacklist covers, for mount.c's build of the root: the scratch tmpfs's
 * inaccessible directory and file, cloned over a blacklisted path (the
 * scratch holds the plan's files too); and a directory's every entry
 * covered at once by a tmpfs of stand-ins.
 */
#include "mount_cover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The scratch tmpfs, never attached anywhere: it holds the inaccessible
 * directory and file that blacklisted paths are covered with, and the
 * files the plan writes (machine-id).  Each use is a clone of one of its
 * entries; the scratch mount is read-only, noexec, nosuid and nodev
 * before any clone is taken, and clones keep those flags.
 */
#define BLOCKED_DIR "blocked-dir"
#define BLOCKED_FILE "blocked-file"

#define FILE_NAME_MAX 32

/* The scratch's name for the file of the plan's op @i. */
static void file_name(char name[FILE_NAME_MAX], size_t i)
{
	snprintf(name, FILE_NAME_MAX, "file-%zu", i);
}

static int write_scratch_file(int scratch, size_t i, const char *content,
			      struct nb_error *err)
{
	char name[FILE_NAME_MAX];
	size_t len = strlen(content);
	int fd;

	file_name(name, i);
	fd = openat(scratch, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0444);
	if (fd < 0)
		return nb_fail(err, errno, "scratch file");
	if (write(fd, content, len) != (ssize_t)len) {
		int e = errno;

		close(fd);
		return nb_fail(err, e, "scratch file");
	}
	close(fd);
	return 0;
}

int mount_scratch_new(const struct mount_plan *plan, struct nb_error *err)
{
	struct mount_attr sealed = { .attr_set = MOUNT_ATTR_RDONLY |
						 MOUNT_ATTR_NOSUID |
						 MOUNT_ATTR_NODEV |
						 MOUNT_ATTR_NOEXEC };
	int scratch, fd;

	scratch = mount_new_tmpfs(0755, NULL, MOUNT_F_NOSUID | MOUNT_F_NODEV,
				  err);
	if (scratch < 0)
		return nb_fail_wrap(err, "scratch");
	/* mode 0: even their owner (the caller, inside) cannot open them,
	 * and chmod fails on the read-only mount */
	if (mkdirat(scratch, BLOCKED_DIR, 0) < 0 ||
	    (fd = openat(scratch, BLOCKED_FILE,
			 O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0)) < 0) {
		int e = errno;

		close(scratch);
		return nb_fail(err, e, "scratch");
	}
	close(fd);
	for (size_t i = 0; i < plan->n; i++)
		if (plan->ops[i].type == MOUNT_OP_FILE &&
		    write_scratch_file(scratch, i, plan->ops[i].src, err) < 0) {
			close(scratch);
			return -1;
		}
	if (mount_setattr(scratch, "", AT_EMPTY_PATH, &sealed,
			  sizeof(sealed)) < 0) {
		int e = errno;

		close(scratch);
		return nb_fail(err, e, "seal scratch");
	}
	return scratch;
}

static int clone_scratch(int scratch, const char *name, struct nb_error *err)
{
	int mnt = open_tree(scratch, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

	if (mnt < 0)
		return nb_fail(err, errno, "clone %s", name);
	return mnt;
}

int mount_scratch_file(int scratch, size_t i, struct nb_error *err)
{
	char name[FILE_NAME_MAX];

	file_name(name, i);
	return clone_scratch(scratch, name, err);
}

/* blacklist: what is at @dst now decides between a directory and a file;
 * nothing there (it was never there, or lies in a blocked directory)
 * needs no cover. */
int mount_block_path(const struct mount_op *op, int root, int scratch,
		     struct nb_error *err)
{
	bool is_dir = false;
	int mp = mount_open_existing(root, op->dst, &is_dir);
	int mnt, rc = 0;

	if (mp < 0) {
		if (errno == ENOENT)
			return 1;
		return nb_fail(err, errno, "blacklist %s", op->dst);
	}
	mnt = clone_scratch(scratch, is_dir ? BLOCKED_DIR : BLOCKED_FILE, err);
	if (mnt < 0) {
		close(mp);
		return -1;
	}
	if (move_mount(mnt, "", mp, "",
		       MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		rc = nb_fail(err, errno, "blacklist %s", op->dst);
	close(mnt);
	close(mp);
	return rc;
}

/* An inaccessible stand-in for @e in @mnt, what a blacklist's cover
 * would be without a mount of its own; for an entry kept, an empty one
 * its bind goes onto. */
static int make_stand_in(int mnt, int listed, const struct dirent *e,
			 bool kept)
{
	struct stat st;
	bool is_dir = e->d_type == DT_DIR;

	if (e->d_type == DT_UNKNOWN &&
	    fstatat(listed, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		is_dir = S_ISDIR(st.st_mode);
	if (is_dir)
		return mkdirat(mnt, e->d_name, kept ? 0555 : 0);
	return mknodat(mnt, e->d_name, S_IFREG | (kept ? 0444 : 0), 0);
}

/* Stand-ins in @mnt for the entries of the directory @listed (closed). */
static int fill_stand_ins(int mnt, int listed, const struct mount_op *op,
			  struct nb_error *err)
{
	DIR *d = fdopendir(listed);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		close(listed);
		return nb_fail(err, errno, "list %s", op->dst);
	}
	while (rc == 0 && (e = readdir(d))) {
		const char *name = e->d_name;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (make_stand_in(mnt, dirfd(d), e,
				  mount_op_keeps(op, name, strlen(name))) < 0)
			rc = nb_fail(err, errno, "cover %s/%s", op->dst, name);
	}
	closedir(d);
	return rc;
}

/* A tmpfs holding a stand-in for each entry of the directory @listed
 * (closed), sealed as the scratch is: read-only, noexec, nosuid, nodev. */
static int stand_ins_for(int listed, const struct mount_op *op,
			 struct nb_error *err)
{
	struct mount_attr sealed = { .attr_set = MOUNT_ATTR_RDONLY |
						 MOUNT_ATTR_NOSUID |
						 MOUNT_ATTR_NODEV |
						 MOUNT_ATTR_NOEXEC };
	int mnt = mount_new_tmpfs(0555, NULL, MOUNT_F_NOSUID | MOUNT_F_NODEV,
				  err);

	if (mnt < 0) {
		close(listed);
		return -1;
	}
	if (fill_stand_ins(mnt, listed, op, err) < 0) {
		close(mnt);
		return -1;
	}
	if (mount_setattr(mnt, "", AT_EMPTY_PATH, &sealed,
			  sizeof(sealed)) < 0) {
		nb_fail(err, errno, "seal the cover of %s", op->dst);
		close(mnt);
		return -1;
	}
	return mnt;
}

/* The entries kept, cloned from @dir before it is covered (-1 for one
 * not there), in @kept's order. */
static int clone_kept(int dir, const char *kept, int *clones, size_t max,
		      size_t *n, struct nb_error *err)
{
	char name[NAME_MAX + 1];

	for (*n = 0; kept && *kept && *n < max; (*n)++) {
		size_t len = strcspn(kept, "/");

		snprintf(name, sizeof(name), "%.*s", (int)len, kept);
		kept += len + (kept[len] == '/');
		clones[*n] = open_tree(dir, name,
				       OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
				       AT_RECURSIVE | AT_SYMLINK_NOFOLLOW);
		if (clones[*n] < 0 && errno != ENOENT)
			return nb_fail(err, errno, "clone %s", name);
	}
	if (kept && *kept)
		return nb_fail(err, E2BIG, "too many entries kept");
	return 0;
}

/* Each kept entry's clone back onto its empty stand-in in @cover. */
static int attach_kept(int cover, const char *kept, const int *clones,
		       size_t n, struct nb_error *err)
{
	char name[NAME_MAX + 1];

	for (size_t k = 0; k < n; k++) {
		size_t len = strcspn(kept, "/");
		int mp;

		snprintf(name, sizeof(name), "%.*s", (int)len, kept);
		kept += len + (kept[len] == '/');
		if (clones[k] < 0)
			continue;
		mp = openat(cover, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (mp < 0 ||
		    move_mount(clones[k], "", mp, "",
			       MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) {
			int e = errno;

			if (mp >= 0)
				close(mp);
			return nb_fail(err, e, "keep %s", name);
		}
		close(mp);
	}
	return 0;
}

#define KEPT_MAX 64

/*
 * Every entry of @dst blacklisted but those kept, as the sandbox sees
 * the directory now: one mount over it, and one per entry kept, instead
 * of one per entry.
 */
int mount_block_entries(const struct mount_op *op, int root,
			struct nb_error *err)
{
	int clones[KEPT_MAX], listed = -1, mnt = -1, rc = -1;
	bool is_dir = false;
	int mp = mount_open_existing(root, op->dst, &is_dir);
	size_t n = 0;

	if (mp < 0) {
		if (errno == ENOENT)
			return 1;
		return nb_fail(err, errno, "blacklist %s/*", op->dst);
	}
	if (!is_dir) {
		close(mp);
		return 1; /* no entries to hide */
	}
	if (clone_kept(mp, op->src, clones, KEPT_MAX, &n, err) < 0)
		goto out;
	listed = openat(mp, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (listed < 0) {
		nb_fail(err, errno, "list %s", op->dst);
		goto out;
	}
	mnt = stand_ins_for(listed, op, err);
	if (mnt < 0)
		goto out;
	if (move_mount(mnt, "", mp, "",
		       MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) {
		nb_fail(err, errno, "blacklist %s/*", op->dst);
		goto out;
	}
	rc = attach_kept(mnt, op->src, clones, n, err);
out:
	for (size_t k = 0; k < n; k++)
		if (clones[k] >= 0)
			close(clones[k]);
	if (mnt >= 0)
		close(mnt);
	close(mp);
	return rc;
}
