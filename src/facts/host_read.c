// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Small files read whole, with a bound: the host's configuration, /proc,
 * the registry's entries.  Its own module, below everything that reads a
 * file, so that reading one pulls in nothing else (host.c's facts need
 * the registry's base, and the registry reads its entries with this).
 */
#include "host_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

char *host_read_fd(int fd, size_t limit, size_t *len)
{
	size_t used = 0, cap = 4096;
	char *buf = malloc(cap + 1);

	while (buf) {
		ssize_t n = read(fd, buf + used, cap - used);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0) {
				free(buf);
				buf = NULL;
			}
			break;
		}
		used += (size_t)n;
		if (used == cap) {
			char *grown;

			if (cap >= limit) {
				free(buf);
				buf = NULL;
				errno = EFBIG;
				break;
			}
			cap *= 2;
			grown = realloc(buf, cap + 1);
			if (!grown)
				free(buf);
			buf = grown;
		}
	}
	close(fd);
	if (buf) {
		buf[used] = '\0';
		if (len)
			*len = used;
	}
	return buf;
}

char *host_read_file(const char *path, size_t limit)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? NULL : host_read_fd(fd, limit, NULL);
}
