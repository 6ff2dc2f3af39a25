// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mount plan's first half, mount_prepare() (mount.h): every host
 * source resolved once and cloned as a detached tree, the host's files
 * and directories the plan needs made, the copies' sources opened.  The
 * second half, building the root from these, is mount.c's.
 */
#include "mount.h"
#include "mount_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Resolve @src once, refusing magic links (/proc/PID/fd/N and the like
 * could point anywhere), and clone what it names.  From here on only the
 * descriptor is used, so a path swapped afterwards changes nothing.
 */
static int clone_host_tree(const struct mount_op *op, int *tree,
			   struct nb_error *err)
{
	int fd;

	*tree = -1;
	fd = sys_openat2(AT_FDCWD, op->src, O_PATH | O_CLOEXEC,
			 RESOLVE_NO_MAGICLINKS |
				 ((op->flags & MOUNT_F_NOFOLLOW)
					  ? RESOLVE_NO_SYMLINKS
					  : 0));
	if (fd < 0) {
		if (errno == ENOENT && (op->flags & MOUNT_F_OPTIONAL))
			return 0;
		return nb_fail(err, errno, "open %s", op->src);
	}
	*tree = open_tree(fd, "",
			  AT_EMPTY_PATH | OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
				  AT_RECURSIVE);
	close(fd);
	if (*tree < 0)
		return nb_fail(err, errno, "open_tree %s", op->src);
	return set_tree_attrs(*tree, op->flags, op->src, err);
}

void mount_prepared_close(struct mount_prepared *prep)
{
	for (size_t i = 0; i < prep->n; i++)
		close_fd(&prep->tree_fds[i]);
	free(prep->tree_fds);
	prep->tree_fds = NULL;
	prep->n = 0;
}

static int write_all(int fd, const char *text, size_t len)
{
	while (len) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * keep-missing's link to nowhere, made as @name in @dir, or found there
 * from an earlier launch.  Anything else there now (a file made since
 * the facts were read, a symlink of someone else's that leads nowhere
 * yet, whose target the program could create) is refused: the plan
 * holds no rule for it.
 */
static int keep_missing(int dir, const char *name, const struct mount_op *op,
			struct nb_error *err)
{
	char text[PATH_MAX];
	ssize_t n;

	if (!op->text)
		return nb_fail(err, EINVAL, "keep-missing %s", op->dst);
	if (symlinkat(op->text, dir, name) < 0) {
		if (errno != EEXIST)
			return nb_fail(err, errno, "keep-missing %s", op->dst);
		n = readlinkat(dir, name, text, sizeof(text) - 1);
		if (n < 0 || (size_t)n != strlen(op->text) ||
		    memcmp(text, op->text, (size_t)n) != 0)
			return nb_fail(err, 0,
				       "keep-missing %s: something is there "
				       "now that leads nowhere or appeared "
				       "since the launch began; remove it, or "
				       "make what it leads to",
				       op->dst);
	}
	return openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
}

/*
 * mkdir and mkfile on the host (and the protection of ~/.config/nestbox):
 * each component created or opened beneath the anchor (home, /tmp or
 * /run/user/UID), never through a symlink.  We run as the caller's uid,
 * so nothing is created that the caller could not create.
 */
static int host_create(const struct mount_op *op, struct nb_error *err)
{
	char path[PATH_MAX];
	char *comp, *next;
	int dir, fd;

	if (strlen(op->dst) >= sizeof(path) || !op->src ||
	    strncmp(op->dst, op->src, strlen(op->src)) != 0)
		return nb_fail(err, EINVAL, "create %s", op->dst);
	strcpy(path, op->dst + strlen(op->src));
	dir = sys_openat2(AT_FDCWD, op->src, O_PATH | O_DIRECTORY | O_CLOEXEC,
			  RESOLVE_NO_MAGICLINKS);
	if (dir < 0)
		return nb_fail(err, errno, "open %s", op->src);
	for (comp = path; *comp == '/'; comp++)
		;
	while (comp && *comp) {
		bool last;

		next = strchr(comp, '/');
		if (next)
			*next++ = '\0';
		last = !next || !*next;
		if (last && op->type == MOUNT_OP_HOST_MKFILE &&
		    (op->flags & MOUNT_F_LINK)) {
			fd = keep_missing(dir, comp, op, err);
			if (fd < 0) {
				close(dir);
				return -1;
			}
		} else if (last && op->type == MOUNT_OP_HOST_MKFILE) {
			fd = openat(dir, comp,
				    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
					    O_CLOEXEC,
				    op->mode ? op->mode : 0600);
			if (fd >= 0 && op->text &&
			    write_all(fd, op->text, strlen(op->text)) < 0) {
				int e = errno;

				close(fd);
				close(dir);
				return nb_fail(err, e, "write %s", op->dst);
			}
			if (fd < 0 && errno == EEXIST)
				fd = openat(dir, comp,
					    O_PATH | O_NOFOLLOW | O_CLOEXEC);
		} else {
			if (mkdirat(dir, comp, 0700) < 0 && errno != EEXIST) {
				int e = errno;

				close(dir);
				return nb_fail(err, e, "mkdir %s", op->dst);
			}
			fd = sys_openat2(dir, comp,
					 O_PATH | O_DIRECTORY | O_CLOEXEC,
					 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
						 RESOLVE_NO_MAGICLINKS);
		}
		if (fd < 0) {
			int e = errno;

			close(dir);
			return nb_fail(err, e, "create %s", op->dst);
		}
		close(dir);
		dir = fd;
		comp = next;
	}
	close(dir);
	return 0;
}

/*
 * MOUNT_OP_COPY's source, opened for reading here, as the caller (before
 * the uid map, no capability reaches the caller's files): beneath its
 * directory, so that a link cannot lead out of it, and through no link
 * at all with MOUNT_F_NOFOLLOW.  Non-blocking, so that a FIFO planted
 * there does not hang the launch; only a regular file is copied.
 * Returns the descriptor, or -1 (absent or not a regular file: skipped).
 */
static int open_copy_source(const struct mount_op *op)
{
	char dir[PATH_MAX];
	const char *base = strrchr(op->src, '/');
	struct stat st;
	int d, fd;

	if (!base || base == op->src || (size_t)(base - op->src) >= sizeof(dir))
		return -1;
	snprintf(dir, sizeof(dir), "%.*s", (int)(base - op->src), op->src);
	d = sys_openat2(AT_FDCWD, dir, O_PATH | O_DIRECTORY | O_CLOEXEC,
			RESOLVE_NO_MAGICLINKS);
	if (d < 0)
		return -1;
	fd = sys_openat2(d, base + 1,
			 O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
			 RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS |
				 ((op->flags & MOUNT_F_NOFOLLOW)
					  ? RESOLVE_NO_SYMLINKS
					  : 0));
	close(d);
	if (fd < 0) {
		if (errno != ENOENT)
			nb_debug("copy %s: not copied: %s", op->src,
				 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > COPY_MAX) {
		nb_warn("%s: not copied into the private home: not a regular "
			"file of at most %d bytes", op->src, COPY_MAX);
		close(fd);
		return -1;
	}
	return fd;
}

int mount_prepare(const struct mount_plan *plan, struct mount_prepared *prep,
		  struct nb_error *err)
{
	for (size_t i = 0; i < plan->n; i++) {
		const struct mount_op *op = &plan->ops[i];

		if ((op->type == MOUNT_OP_HOST_MKDIR ||
		     op->type == MOUNT_OP_HOST_MKFILE) &&
		    host_create(op, err) < 0)
			return -1;
	}
	prep->n = plan->n;
	prep->tree_fds = malloc(plan->n * sizeof(int));
	if (!prep->tree_fds)
		return nb_fail(err, ENOMEM, "mount plan");
	for (size_t i = 0; i < plan->n; i++)
		prep->tree_fds[i] = -1;
	for (size_t i = 0; i < plan->n; i++) {
		if (plan->ops[i].type == MOUNT_OP_COPY) {
			prep->tree_fds[i] = open_copy_source(&plan->ops[i]);
			continue;
		}
		if (plan->ops[i].type != MOUNT_OP_BIND)
			continue;
		if (clone_host_tree(&plan->ops[i], &prep->tree_fds[i], err) < 0) {
			mount_prepared_close(prep);
			return -1;
		}
	}
	return 0;
}
