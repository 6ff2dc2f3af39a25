/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading the facts the planners need from the host: who the caller is,
 * where their home is, and the shape of the top-level directories.  Only
 * read-only system calls; everything later is planned from this snapshot.
 */
#ifndef NESTBOX_HOST_H
#define NESTBOX_HOST_H

#include "host_read.h"
#include "log.h"
#include "mountplan.h"

int host_facts_read(struct host_facts *host, struct nb_error *err);

#endif
