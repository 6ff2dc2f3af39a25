/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small files read whole (host_read.c).  host.h includes it: whoever reads
 * the host's facts reads files too.
 */
#ifndef NESTBOX_HOST_READ_H
#define NESTBOX_HOST_READ_H

#include <stddef.h>

/* Read a whole small file into a NUL-terminated malloc'd buffer; NULL
 * and errno set on failure. */
char *host_read_file(const char *path, size_t limit);

/* The same from @fd, which it closes; *@len (if not NULL): the bytes
 * read, for contents that may hold NULs. */
char *host_read_fd(int fd, size_t limit, size_t *len);

#endif
