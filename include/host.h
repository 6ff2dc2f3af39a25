/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the facts the planners need from the host: who the caller is,
 * where their home is, and the shape of the top-level directories.  Only
 * read-only system calls; everything later is planned from this snapshot.
 */
#ifndef NESTBOX_HOST_H
#define NESTBOX_HOST_H

#include "log.h"
#include "mountplan.h"

int host_facts_read(struct host_facts *host, struct nb_error *err);

/* Read a whole small file into a NUL-terminated malloc'd buffer; NULL
 * and errno set on failure. */
char *host_read_file(const char *path, size_t limit);

/* The same from @fd, which it closes; *@len (if not NULL): the bytes
 * read, for contents that may hold NULs. */
char *host_read_fd(int fd, size_t limit, size_t *len);

#endif
