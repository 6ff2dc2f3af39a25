/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sandbox's network namespace.  For now: loopback only. */
#ifndef NESTBOX_NET_H
#define NESTBOX_NET_H

#include "log.h"

/* A new net namespace has `lo` down; programs expect 127.0.0.1 to work. */
int net_loopback_up(struct nb_error *err);

#endif
