/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Networking through pasta (Debian package passt): a user-mode network
 * stack that gives the sandbox's own network namespace a tap interface
 * with the host's addresses and routes, and carries its TCP and UDP
 * through ordinary sockets of the caller.  No privilege is needed, and
 * nothing on the host changes.
 *
 * The launcher starts pasta on init's namespaces as soon as init exists
 * (it needs no id map), in the foreground, in a process group of its own
 * and with PR_SET_PDEATHSIG: it cannot outlive the launcher.  Ready is
 * when pasta writes its pid file, which is a FIFO in the registry entry:
 * the launcher waits on it without sleeping, and releases init only then.
 * The program may start earlier: once pasta has configured the namespace
 * (its addresses and default routes, the first fifth of its set-up; the
 * rest is its own tables and sockets), what it sends waits in the tap
 * interface's queue until pasta reads it (init.c, net_wait_routes).
 *
 * ip, ip6, defaultgw and mtu become pasta's -a, -g and -m.  A resolver
 * on the host's loopback (systemd-resolved's 127.0.0.53, dnsmasq's
 * 127.0.0.1) is the sandbox's own loopback inside: pasta then forwards
 * PASTA_DNS_FORWARD to it (--dns-forward), and the sandbox's
 * resolv.conf names that address.
 *
 * What the sandbox does not get: ports forwarded in either direction
 * (-t/-u/-T/-U none), and the gateway address mapped to the host's
 * loopback (--no-map-gw), unless net.host-loopback asks for the latter.
 */
#ifndef NESTBOX_PASTA_H
#define NESTBOX_PASTA_H

#include <stdbool.h>
#include <sys/types.h>

#include "log.h"
#include "launch_facts.h"

#define PASTA_ARGV_MAX 32

/* Link-local: never a real resolver's address, and routed to pasta. */
#define PASTA_DNS_FORWARD "169.254.1.1"

struct pasta_argv {
	const char *v[PASTA_ARGV_MAX];
	char target[16];
	char mtu[16];
};

/* --- pure ------------------------------------------------------------- */

/* The command line for pasta @binary on the namespaces of @target. */
void pasta_build_argv(const char *binary, const struct policy *p,
		      const struct launch_facts *lf, pid_t target,
		      const char *pid_fifo, const char *log,
		      struct pasta_argv *a);

/* Whether the first nameserver of resolv.conf @text is a loopback one. */
bool pasta_resolver_on_loopback(const char *text);

/* The families whose default route pasta makes in the namespace, last
 * in its configuration of it: those of the host's default routes (pasta
 * copies them; a reject route, as a host without IPv6 has on lo, is not
 * one), and those of the addresses @p gives.  From the texts of
 * /proc/net/route and /proc/net/ipv6_route (NULL: none).  Expecting a
 * family pasta then leaves out only costs the early start; missing one
 * would let the program start before that family's route. */
#define PASTA_ROUTE_V4 1u
#define PASTA_ROUTE_V6 2u
unsigned pasta_expected_routes(const char *route, const char *ipv6_route,
			       const struct policy *p);

/* Without dns lines (@lf->dns holds the policy's), and with the first
 * nameserver of @resolv_conf (its text) on the host's loopback: the
 * sandbox's resolver is PASTA_DNS_FORWARD, which pasta forwards there. */
void pasta_resolve_dns(const char *resolv_conf, struct launch_facts *lf);

/* --- on the host ------------------------------------------------------ */

/* The same, with the host's /etc/resolv.conf. */
void pasta_resolve_dns_here(struct launch_facts *lf);

struct pasta {
	pid_t pid;		/* 0: not running */
	int ready_fd;		/* the FIFO's read end, until ready */
	int dir_fd;		/* the registry entry (not owned) */
	char log[4096];		/* pasta's log file, for errors */
};

/* The same, from this host's /proc/net. */
unsigned pasta_expected_routes_here(const struct policy *p);

/* $NESTBOX_PASTA, else pasta in /usr/bin, /usr/local/bin or /bin; NULL
 * with @err naming the package when there is none. */
const char *pasta_find(struct nb_error *err);

/* Start pasta for the network namespace of @init.  @dir_fd/@dir: the
 * registry entry, where its FIFO and log live. */
int pasta_start(struct pasta *pa, const char *binary, const struct policy *p,
		const struct launch_facts *lf, pid_t init, int dir_fd,
		const char *dir, struct nb_error *err);

/* Until pasta has configured the namespace: 0.  1, nothing said, if
 * @ended_fd (init's end, launch.c) became readable first: the sandbox
 * failed in its set-up and said why, and pasta, whose namespace went
 * with it, did not fail.  -1 if pasta failed or exited. */
int pasta_wait_ready(struct pasta *pa, int ended_fd, struct nb_error *err);

/* Stop it (SIGTERM, then reap) and remove its files. */
void pasta_stop(struct pasta *pa);

#endif
