// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One path resolved by the kernel, for the gathering of file-system facts
 * (fsfacts_gather.c, fsfacts_cache.c): openat2 without magic links, and
 * where it led read back from the descriptor.  Read-only system calls.
 */
#include "fsfacts_resolve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Every path built here (a glob's match, a name in a directory reached
 * through a symlink) must fit: cut short, it would name another file,
 * which could exist and be covered or shown in place of the one meant.
 * Too long is an error, never a truncation.
 */
int gather_path_fmt(char *buf, size_t size, struct nb_error *err,
		    const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		return nb_fail(err, ENAMETOOLONG, "'%.40s...'", buf);
	return 0;
}

/*
 * Open @path following ordinary symlinks but never a magic link (a
 * /proc/PID/fd/N or /proc/self/root could name anything), and read back
 * where it led.
 */
int gather_resolve(const char *path, bool known_link, struct fs_fact *x,
		   struct nb_error *err)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC,
				.resolve = RESOLVE_NO_MAGICLINKS };
	char link[64], buf[PATH_MAX + 1];
	struct stat st;
	ssize_t n;
	int fd;

	fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR || errno == EACCES)
			return 0; /* absent, or not ours to see: nothing to do */
		if (errno == ELOOP)
			return nb_fail(err, ELOOP,
				       "%s: goes through a magic link or a symlink loop",
				       path);
		return nb_fail(err, errno, "%s", path);
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	/* readlink(2) cuts silently: an answer that fills the buffer may
	 * be a longer path cut short, another file's name */
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n >= (ssize_t)sizeof(buf) - 1)
		errno = ENAMETOOLONG;
	if (n < 0 || n >= (ssize_t)sizeof(buf) - 1 || fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		return nb_fail(err, e, "%s: resolved", path);
	}
	close(fd);
	buf[n] = '\0';
	x->resolved = strdup(buf);
	if (!x->resolved)
		return nb_fail(err, ENOMEM, "facts");
	x->kind = S_ISDIR(st.st_mode) ? FS_DIR : FS_FILE;
	if (strcmp(buf, path) != 0 &&
	    (known_link || (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)))) {
		n = readlink(path, buf, sizeof(buf) - 1);
		if (n >= (ssize_t)sizeof(buf) - 1)
			return nb_fail(err, ENAMETOOLONG, "%s: link", path);
		if (n >= 0) {
			buf[n] = '\0';
			x->is_link = true;
			x->link = strdup(buf);
			if (!x->link)
				return nb_fail(err, ENOMEM, "facts");
		}
	}
	return 0;
}
