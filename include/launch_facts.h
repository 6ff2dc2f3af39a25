/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the launch resolved (docs/architecture.md, "The policy and the
 * launch facts").  The policy is what the options and profiles asked
 * for, frozen once they are read; these are what this launch, on this
 * host, made of it: the defaults it chose, what the host has (a bus, a
 * display, a resolver on its loopback), what it made for the sandbox
 * (the proxy's sockets, the cookie file) and what it cannot enforce
 * here.  The planners read them beside the policy; --dry-run prints
 * both.  Nothing here is a user's rule: a rule is in the policy.
 */
#ifndef NESTBOX_LAUNCH_FACTS_H
#define NESTBOX_LAUNCH_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "log.h"
#include "policy.h"

/* A bus as the launch found it (dbus.c, dbus_prepare). */
struct launch_bus {
	enum policy_dbus_mode mode;	/* the policy's; none when the host
					 * has no bus to show or filter */
	char *host_socket;	/* the host's socket, filtered or shown */
	char *proxy_socket;	/* filter: xdg-dbus-proxy's, in the
				 * registry entry */
};

/* The X display the program gets (display.c, display_prepare). */
struct launch_x11 {
	enum policy_x11_mode mode;	/* the policy's, or x11.fallback's */
	unsigned display;	/* N: $DISPLAY's, or its own server's */
	char *socket;		/* /tmp/.X11-unix/XN to bind; NULL: none */
	char *xauth;		/* the cookie file the plan binds */
	unsigned char *cookies;	/* what goes in it: the caller's, filtered
				 * (x11 xorg: the caller's, to ask with) */
	size_t cookies_len;
	/* x11 xorg: the untrusted authorization (revoked at the end), its
	 * cookie, and the caller's that asked for it */
	bool untrusted;
	bool caller_cookie_set;
	uint32_t untrusted_id;
	unsigned char untrusted_cookie[16];
	unsigned char caller_cookie[16];
};

struct launch_facts {
	/* the network: the policy's, or its default (pasta under a
	 * profile, none under --noprofile); never POLICY_NET_DEFAULT */
	enum policy_net net;
	/* the sandbox's resolv.conf: the policy's dns lines; without any,
	 * and with the host's resolver on its loopback, PASTA_DNS_FORWARD,
	 * which pasta forwards there (pasta.c) */
	bool dns_forward;
	const char *dns[POLICY_DNS_MAX];	/* the policy's, or static */
	size_t n_dns;
	bool buses_resolved;	/* dbus_prepare ran (not under --dry-run) */
	struct launch_bus dbus_user, dbus_system;
	bool x11_resolved;	/* display_prepare ran (not under --dry-run) */
	struct launch_x11 x11;
	/* the program's environment, after the policy's rmenv and env:
	 * DISPLAY, XAUTHORITY, the buses' addresses */
	char **rmenv;
	size_t n_rmenv;
	char **env;
	size_t n_env;
	/*
	 * The file system the mount plan follows: the policy's, with the
	 * desktop's sockets and GPU nodes (desktop.c) after the profile's
	 * path rules, and /run/user/UID private.  The rules before
	 * n_policy_rules are the policy's, their strings borrowed (the
	 * policy outlives these); the others are the launch's own.
	 */
	struct policy_fs fs;
	size_t n_policy_rules;
	/* what this host or this network cannot enforce of the policy
	 * (Landlock's ABI, netfilter without nft or under net host...),
	 * besides what the directive table noted in the policy */
	struct policy_not_enforced *not_enforced;
	size_t n_not_enforced;
};

/* Nothing resolved yet: the policy's own modes, rules and servers. */
int launch_facts_init(struct launch_facts *lf, const struct policy *p,
		      struct nb_error *err);
void launch_facts_free(struct launch_facts *lf);

/* Pure: the network the policy gets (its default resolved). */
enum policy_net launch_net_resolve(const struct policy *p, bool noprofile);

/* A path rule after the policy's (the desktop's, desktop.c). */
int launch_facts_add_fs_rule(struct launch_facts *lf, enum fs_rule_kind kind,
			     const char *path, const char *origin,
			     struct nb_error *err);
int launch_facts_add_env(struct launch_facts *lf, const char *assignment,
			 struct nb_error *err);
int launch_facts_add_rmenv(struct launch_facts *lf, const char *name,
			   struct nb_error *err);
int launch_facts_not_enforced(struct launch_facts *lf, const char *directive,
			      const char *reason, struct nb_error *err);

/* --dry-run's section after the policy's: what the launch resolved. */
void launch_facts_print(FILE *out, const struct launch_facts *lf);

#endif
