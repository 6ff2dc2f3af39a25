/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The policy: plain data saying what the sandbox may see and do.
 * Directives, from the command line and the profiles, make it; once they
 * are read it is frozen (the launch holds it const).  What the launch
 * learns besides (the default network, the host's buses and display...)
 * goes in its own facts (launch_facts.h).  The planners turn both into
 * an id map, a mount plan, a seccomp rule set and a packet filter.
 */
#ifndef NESTBOX_POLICY_H
#define NESTBOX_POLICY_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "log.h"
#include "policy_parts.h"
#include "policy_path.h"

#define POLICY_DEFAULT_HOSTNAME "nestbox"

enum policy_net {
	POLICY_NET_DEFAULT,	/* not said: pasta under a profile, else none */
	POLICY_NET_NONE,	/* own net namespace, loopback only */
	POLICY_NET_PASTA,	/* own net namespace, connected by pasta */
	POLICY_NET_HOST,	/* the host's network namespace (weaker) */
};

/* The session and system buses (dbus.c): as the host has them, none,
 * or through xdg-dbus-proxy with the profile's rules. */
enum policy_dbus_mode {
	POLICY_DBUS_ALLOW,	/* the bus socket is shown */
	POLICY_DBUS_NONE,
	POLICY_DBUS_FILTER,
};

struct policy_bus {
	const char *name;	/* "dbus-user", "dbus-system" */
	enum policy_dbus_mode mode;
	bool said;		/* a profile line or an option set the mode */
	char **rules;		/* "--talk=NAME"...: xdg-dbus-proxy's options */
	size_t n_rules;
};

struct policy_dbus {
	/* default: filtered by nestbox-dbus-user.inc's allowlist under a
	 * profile that does not say (profile_load.c), none under --noprofile */
	struct policy_bus user;
	struct policy_bus system;	/* default: none */
};

/* Network settings: given to pasta (ip, ip6, defaultgw, mtu) or written
 * into the sandbox's /etc (dns, hosts-file). */
#define POLICY_DNS_MAX 3

struct policy_netcfg {
	char *ip, *ip6, *gateway;
	unsigned mtu;		/* 0: pasta's default */
	char *dns[POLICY_DNS_MAX];
	size_t n_dns;
	char *hosts_file;	/* absolute path on the host */
};

/* netfilter [FILE], netfilter6 [FILE] (netfilter.c): a ruleset nft
 * loads into the sandbox's own network namespace. */
struct policy_netfilter {
	bool set;
	char *file;		/* absolute, normalized; NULL: the default */
};

/* X11 (display.c): which X server the program talks to. */
enum policy_x11_mode {
	POLICY_X11_HOST,	/* the display of $DISPLAY, passed in (default) */
	POLICY_X11_NONE,	/* x11 none */
	POLICY_X11_XVFB,	/* x11 xvfb (or bare x11): a server of its own */
	POLICY_X11_XEPHYR,	/* x11 xephyr: one of its own, in a window on
				 * the caller's display */
	POLICY_X11_XPRA,	/* x11 xpra: one of its own, its windows shown
				 * on the caller's display by xpra */
	POLICY_X11_XORG,	/* x11 xorg: the display of $DISPLAY, with an
				 * untrusted cookie of the SECURITY extension */
};

/* xephyr-screen's default: the Xephyr window's size. */
#define POLICY_XEPHYR_WIDTH 800
#define POLICY_XEPHYR_HEIGHT 600

struct policy_x11 {
	enum policy_x11_mode mode;
	bool by_option;		/* --x11 chose it: profile lines do not */
	unsigned screen_width;	/* xephyr-screen; 0: the default */
	unsigned screen_height;
	/* x11.fallback: the mode when x11 xorg can have no untrusted
	 * cookie (POLICY_X11_XORG: none, the launch fails) */
	enum policy_x11_mode fallback;
	bool fallback_by_option; /* --x11.fallback chose it: profile lines
				  * do not */
	/* the display, cookie and server the launch finds or makes are
	 * its facts (launch_facts.h) */
};

/* A directive the sandbox cannot honour (yet): reported, never dropped. */
struct policy_not_enforced {
	const char *directive;	/* static: the directive table's name */
	const char *reason;	/* static */
	unsigned count;
};

/*
 * Path rules, kept in profile order: firejail's negative forms act only on
 * later lines, and the mount plan (mountplan_fs.c) needs that order.
 * Paths are macro-expanded and may hold glob characters.
 */
enum fs_rule_kind {
	FS_BLACKLIST,		/* blacklist, blacklist-nolog */
	FS_NOBLACKLIST,
	FS_WHITELIST,
	FS_WHITELIST_RO,
	FS_NOWHITELIST,
	FS_READ_ONLY,
	FS_READ_WRITE,
	FS_NOEXEC,
	FS_TMPFS,
	FS_MKDIR,
	FS_MKFILE,
	FS_KEEP_MISSING,	/* a missing path below home stays missing
				 * (mountplan_fs.c, plan_keep_missing) */
};

struct fs_rule {
	enum fs_rule_kind kind;
	char *path;
	char *origin;		/* "FILE:LINE" or "--option", for messages */
};

/* A list of names (private-bin, private-etc...); set says it was given. */
struct name_list {
	bool set;
	char **v;
	size_t n;
};

struct policy_fs {
	struct fs_rule *rules;
	size_t n_rules;
	bool private_home;	/* `private`: an empty home */
	char *private_home_dir;	/* `private DIR`: DIR shown as home */
	bool private_cache;	/* ~/.cache is a fresh tmpfs */
	char *cwd;		/* private-cwd: NULL keeps the caller's */
	struct name_list private_bin, private_etc, private_opt, private_srv;
	/* private-lib: entries of the library directory shown besides what
	 * the programs load (names relative to it, globs allowed) */
	struct name_list private_lib;
	bool writable_etc;
	bool keep_dev_shm;
	/* size= of every tmpfs the program can write: nestbox.conf's
	 * tmpfs-size (config.h), never empty */
	char tmpfs_size[CONFIG_SIZE_MAX];
	bool machine_id;	/* a random /etc/machine-id */
	bool nosound;
	bool no3d;		/* no GPU nodes (desktop.c shows them) */
	/* /run/user/UID a tmpfs: only what is whitelisted is shown.  Set
	 * by the launch in its copy (launch_facts.h, desktop.c), never by
	 * a directive. */
	bool private_run_user;
	/* Firejail's meaning: what a profile leaves out is the host's.
	 * private-dev: the minimal /dev; else the host's /dev, less the
	 * classes hidden (dev_hidden, no3d, nosound). */
	bool private_dev;
	unsigned dev_hidden;	/* POLICY_DEV_* bits: nodvd, notv... */
	bool disable_mnt;	/* /mnt, /media, /run/media not shown */
	/* /var: the host's, read-only, with a private /var/tmp and an
	 * empty /var/log; no_var (--noprofile) shows none of it */
	bool no_var;
	bool writable_var, writable_var_log, keep_var_tmp;
};

/* Device classes of the host's /dev a directive hides (firejail's). */
#define POLICY_DEV_DVD (1u << 0)	/* nodvd */
#define POLICY_DEV_TV (1u << 1)		/* notv */
#define POLICY_DEV_VIDEO (1u << 2)	/* novideo */
#define POLICY_DEV_INPUT (1u << 3)	/* noinput */
#define POLICY_DEV_U2F (1u << 4)	/* nou2f */
#define POLICY_DEV_SOUND (1u << 5)	/* nosound (fs.nosound) */
#define POLICY_DEV_3D (1u << 6)		/* no3d (fs.no3d) */
#define POLICY_DEV_PRINTER (1u << 7)	/* noprinters */
#define POLICY_DEV_ALWAYS (1u << 8)	/* hidden whatever the profile */

/*
 * What the program may do, rather than see (seccomp, Landlock, the
 * process): policy_parts.h, whose modules parse and enforce each part.
 */

struct policy {
	struct policy_fs fs;
	char *hostname;		/* never NULL after policy_init() */
	char *name;		/* name / join-or-start: the sandbox's name */
	bool join_or_start;	/* join-or-start: join a running @name */
	bool private_tmp;	/* private-tmp: /tmp a fresh tmpfs; else the
				 * host's */
	bool quiet;		/* `quiet`: the profile asks for no warnings */
	enum policy_net net;
	bool net_host_loopback;	/* net.host-loopback: the host's lo via pasta */
	struct policy_netcfg netcfg;
	struct policy_netfilter netfilter, netfilter6;
	struct policy_dbus dbus;
	struct policy_x11 x11;
	char **env;		/* "NAME=VALUE" entries to set, in order */
	size_t n_env;
	char **rmenv;		/* names to remove from the environment */
	size_t n_rmenv;
	struct policy_seccomp seccomp;
	struct policy_landlock landlock;
	struct policy_process process;
	struct policy_not_enforced *not_enforced;
	size_t n_not_enforced;
};

void policy_init(struct policy *p);

/* --noprofile: the strict baseline, stricter than firejail's (a minimal
 * /dev, no /mnt or /media, a private /tmp, no /var, no GPU, no session
 * bus, the display with an untrusted cookie). */
void policy_strict_baseline(struct policy *p);
void policy_free(struct policy *p);

/* dbus-user.talk/own/see NAME, .call/.broadcast NAME=RULE (or the same
 * of dbus-system): @option is "talk"...; the name is checked against
 * D-Bus's grammar. */
int policy_add_dbus_rule(struct policy_bus *bus, const char *option,
			 const char *arg, struct nb_error *err);

/* x11's argument (none, xvfb, xephyr, xpra, xorg) as a mode: -1 for any other. */
int policy_x11_mode_parse(const char *name, enum policy_x11_mode *mode);

/* The size of x11 xephyr's screen: xephyr-screen's, or the default. */
unsigned policy_xephyr_width(const struct policy *p);
unsigned policy_xephyr_height(const struct policy *p);

/* `name NAME`, `join-or-start NAME` (registry_name_valid()). */
int policy_set_name(struct policy *p, const char *name, bool join_or_start,
		    struct nb_error *err);

int policy_set_hostname(struct policy *p, const char *name,
			struct nb_error *err);
int policy_add_env(struct policy *p, const char *assignment,
		   struct nb_error *err);

int policy_add_rmenv(struct policy *p, const char *name,
		     struct nb_error *err);

/* @origin: "FILE:LINE" or "--option", copied for messages (NULL: the
 * kind's name). */
int policy_add_fs_rule(struct policy *p, enum fs_rule_kind kind,
		       const char *path, const char *origin,
		       struct nb_error *err);

/* Append the comma-separated @names to @list (duplicates dropped). */
int policy_add_names(struct name_list *list, const char *names,
		     struct nb_error *err);

const char *fs_rule_kind_name(enum fs_rule_kind kind);
void policy_fs_free(struct policy_fs *fs);
void policy_fs_print(FILE *out, const struct policy_fs *fs);

/* Count one use of a directive that is not enforced, by kind: in the
 * policy (the directive table's) or another list (launch_facts.h). */
int policy_note_not_enforced(struct policy *p, const char *directive,
			     const char *reason, struct nb_error *err);
int not_enforced_note(struct policy_not_enforced **v, size_t *n,
		      const char *directive, const char *reason,
		      struct nb_error *err);
void not_enforced_print(FILE *out, const struct policy_not_enforced *v,
			size_t n);

void policy_print(FILE *out, const struct policy *p);

#endif
