/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The sandbox's network namespace.  For now: loopback only. */
#ifndef NESTBOX_NET_H
#define NESTBOX_NET_H

#include "log.h"

/* A new net namespace has `lo` down; programs expect 127.0.0.1 to work. */
int net_loopback_up(struct nb_error *err);

/*
 * In init, after the launcher's GO_NETWORK_CONFIGURED: until pasta has
 * made the default route of each family in @want (PASTA_ROUTE_V4, _V6)
 * in our network namespace, the last step of its configuration of it
 * (1), or until the launcher's next word on @go_fd: GO_NETWORK_UP, pasta
 * fully ready (0), anything else or EOF (-1).  Watched through rtnetlink
 * (the routes there already, then their changes); without it, the word
 * alone.
 */
int net_wait_routes(unsigned want, int go_fd);

#endif
