/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * netfilter [FILE], netfilter6 [FILE]: a packet filter in the sandbox's
 * own network namespace, loaded by nft (Debian package nftables).
 *
 * Planned by the launcher: nft found on a fixed list of directories, each
 * FILE opened once (openat2, no magic links) and read into memory, its
 * format checked (firejail's .net files are iptables-restore input, which
 * nft does not read: an error).  Without a FILE, nestbox's own client
 * filter (netfilter_default_ruleset).  Nothing is loaded under `net host`:
 * that namespace is the host's, and is reported as not enforced.
 *
 * Run by init once the launcher says go (the id maps are written and
 * pasta has made its interface, so a ruleset naming it finds it): a
 * worker cloned into a copy of init's mount namespace, so that init can
 * build and pivot into the new root meanwhile without moving the ground
 * under nft, feeds each ruleset to `nft -f /dev/stdin` through a memfd.
 * It is root of the sandbox's user namespace, which owns the network
 * namespace and nothing of the host's.  The program starts only once
 * every ruleset is loaded; a ruleset nft refuses fails the launch with
 * nft's own words.
 */
#ifndef NESTBOX_NETFILTER_H
#define NESTBOX_NETFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "log.h"
#include "launch_facts.h"
#include "policy.h"

#define NETFILTER_MAX_RULESETS 2	/* netfilter, netfilter6 */
#define NETFILTER_FILE_MAX (1 << 20)	/* bytes of one FILE */
#define NETFILTER_NFT_ENV "NESTBOX_NFT"
#define NETFILTER_DEFAULT_UNNEEDED "nestbox's default filter is not loaded under net none: it accepts everything a loopback-only namespace carries"

enum netfilter_format {
	NETFILTER_FORMAT_NFT,		/* what nft -f reads */
	NETFILTER_FORMAT_IPTABLES,	/* iptables-restore's: *filter... */
};

/* One ruleset to load: a FILE's content, or the default. */
struct netfilter_ruleset {
	const char *directive;	/* static: "netfilter" or "netfilter6" */
	char *file;		/* NULL: nestbox's default filter */
	char *text;		/* the content (the default's: not owned) */
	size_t len;
};

struct netfilter_plan {
	const char *nft;	/* NULL: nothing to load */
	struct netfilter_ruleset v[NETFILTER_MAX_RULESETS];
	size_t n;
	/* netfilter without FILE under net none: the default filter drops
	 * nothing a loopback-only namespace carries (all of it comes in on
	 * lo, which it accepts; nothing can be forwarded), so it is not
	 * loaded: nft's run was most of such a launch's wait */
	bool default_unneeded;
};

struct netfilter_argv {
	const char *v[8];
};

/* --- pure ------------------------------------------------------------- */

/* nestbox's client filter, in nft syntax (table inet nestbox). */
const char *netfilter_default_ruleset(void);

/* iptables-restore input starts (after comments and blank lines) with a
 * table (*filter), a chain (:INPUT), a rule (-A) or COMMIT; anything
 * else is left to nft to judge. */
enum netfilter_format netfilter_detect_format(const char *text, size_t len);

/* nft's command line: the ruleset comes on its standard input. */
void netfilter_build_argv(const char *nft, struct netfilter_argv *a);

/* nft's complaints as one line: its "Error:" lines (else its first
 * line), /dev/stdin named as @file (NULL: the default filter), joined by
 * "; ". */
void netfilter_summarize_errors(const char *nft_stderr, const char *file,
				char *out, size_t size);

void netfilter_plan_init(struct netfilter_plan *plan);
void netfilter_plan_free(struct netfilter_plan *plan);
void netfilter_plan_print(FILE *out, const struct netfilter_plan *plan);

/* --- in the launcher --------------------------------------------------- */

/* $NESTBOX_NFT, else nft in /usr/sbin, /sbin or /usr/local/sbin (never
 * $PATH); NULL when there is none. */
const char *netfilter_find_nft(void);

/*
 * What @p's netfilter directives load into a sandbox whose network is
 * @lf's: nothing (noted in @lf as not enforced) under net host or without
 * nft; else the plan, each FILE read.  A FILE that cannot be read or is
 * in iptables format is an error.
 */
int netfilter_plan_build(const struct policy *p, struct launch_facts *lf,
			 const char *nft, struct netfilter_plan *plan,
			 struct nb_error *err);

/* --- in init ----------------------------------------------------------- */

struct netfilter_run {
	pid_t worker;		/* 0: nothing running */
	int errors;		/* read end of nft's stderr, or -1 */
};

/* Whether @plan must wait for the network's interface: a FILE may name
 * it; nestbox's default filter names only lo. */
bool netfilter_needs_network(const struct netfilter_plan *plan);

/* Start loading @plan into our network namespace (a no-op for an empty
 * plan).  Must be root of the sandbox's user namespace, id maps
 * written.  With @net_up_fd >= 0 (the go pipe, gopipe.h), the worker
 * first waits there for GO_NETWORK_UP, the network's interface made;
 * EOF means the launcher is gone, and nothing is loaded. */
int netfilter_start(const struct netfilter_plan *plan, int net_up_fd,
		    struct netfilter_run *run, struct nb_error *err);

/* Wait for it: 0 when every ruleset is loaded. */
int netfilter_finish(const struct netfilter_plan *plan,
		     struct netfilter_run *run, struct nb_error *err);

#endif
