/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to the mount plan's filesystem confinement (mountplan_fs.c,
 * mountplan_index.c, mountplan_private.c): the planning state, and what
 * the planned mounts so far show at a path.
 */
#ifndef NESTBOX_MOUNTPLAN_FS_H
#define NESTBOX_MOUNTPLAN_FS_H

#include <stdbool.h>
#include <stddef.h>

#include "fsfacts.h"
#include "fspath.h"
#include "mountplan.h"

/* A directory a whitelist confines. */
struct wl_top {
	const char *path;
	bool confined;		/* some whitelist below it: an empty tmpfs */
	bool whole;		/* `whitelist TOP` itself: shown whole */
	bool system;		/* binds into it are read-only */
	bool new_tmpfs;		/* not in the baseline: planned here */
	bool keeps_devices;	/* /dev: binds keep device nodes usable */
};

enum { TOP_HOME, TOP_RUN_USER, TOP_TMP, TOP_DEV, TOP_ETC, TOP_OPT, TOP_SRV,
       TOP_VAR, TOP_MEDIA, TOP_MNT, TOP_USR_SHARE, TOP_USR_LIBEXEC,
       TOP_USR_SBIN, TOP_RUN, TOP_SYS_MODULE, TOP_COUNT };

struct index_entry {
	const char *dst;
	size_t op;
};

struct fsplan {
	const struct policy_fs *fs;
	const struct host_facts *host;
	const struct fs_facts *facts;
	struct mount_plan *plan;
	char run_user[64];
	struct wl_top tops[TOP_COUNT];
	bool home_hidden;	/* private, or private DIR: home's whitelists
				 * and rules do not apply */
	bool throwaway_home;	/* private, or private DIR where DIR is the
				 * home itself: an empty tmpfs as home */
	bool tmp_host;		/* no private-tmp: the host's /tmp */
	/* the mounts planned so far, sorted by destination, to tell what a
	 * path shows in the sandbox without rescanning the plan */
	struct index_entry *index;
	size_t n_index, cap_index;
	/* destinations already blocked */
	char **blocked;
	size_t n_blocked, cap_blocked;
	/* the indexes of the noblacklist and nowhitelist rules, in order:
	 * firejail's profiles have thousands of rules and few negations */
	size_t *negations;
	size_t n_negations;
};

/* mountplan_fs.c */
/* The deepest top at or above @path (home may lie below /var or /srv). */
struct wl_top *top_of(struct fsplan *fp, const char *path);
bool is_whitelist(const struct fs_rule *r);
/* Is @path (or @also) named by a negation @neg (noblacklist,
 * nowhitelist) before rule @before? */
bool negated(const struct fsplan *fp, size_t before,
	     enum fs_rule_kind neg, const char *path, const char *also);

/* mountplan_pin.c */
/* Pin what lies between home and @m (as named on the host), which
 * applies at @dst in the sandbox: before a read-only or blacklist. */
int pin_parents(struct fsplan *fp, const char *m, const char *dst,
		struct nb_error *err);
int plan_keep_missing(struct fsplan *fp, struct nb_error *err);

/* mountplan_whitelist.c */
int plan_whitelists(struct fsplan *fp, struct nb_error *err);

/* mountplan_index.c */
int to_sandbox(const struct fsplan *fp, const char *resolved, char *out,
	       size_t size, struct nb_error *err);
int index_rebuild(struct fsplan *fp, struct nb_error *err);
long index_latest_at(const struct fsplan *fp, const char *path, size_t len);
bool index_latest_is(const struct fsplan *fp, const char *dst,
		     enum mount_op_type type, unsigned flags);
/* The mount at @dst already has @flags (nosuid, nodev, noexec), and
 * nothing is planned below it since: a rebind would add nothing. */
bool index_latest_has(const struct fsplan *fp, const char *dst,
		      unsigned flags);
/* Some mount (a rebind included) is planned at exactly @dst: a mountpoint
 * there already. */
bool index_has(const struct fsplan *fp, const char *dst);
bool visible(const struct fsplan *fp, const char *path, bool *nocreate);
int add_op(struct fsplan *fp, enum mount_op_type type, const char *src,
	   const char *dst, unsigned flags, mode_t mode, struct nb_error *err);
bool is_blocked(const struct fsplan *fp, const char *dst);
int block(struct fsplan *fp, const char *dst, struct nb_error *err);
void drop_covered_blocks(struct fsplan *fp);

/* mountplan_private.c */
int plan_listed(struct fsplan *fp, const char *dir,
		const struct name_list *names, struct nb_error *err);
int plan_private_bin(struct fsplan *fp, struct nb_error *err);
int plan_private_lib(struct fsplan *fp, struct nb_error *err);
int plan_host_mkdir(struct fsplan *fp, const struct fs_fact *x,
		    const char *anchor, struct nb_error *err);
int plan_private_cache(struct fsplan *fp, struct nb_error *err);
int plan_private_home_files(struct fsplan *fp, struct nb_error *err);

/* mountplan_host.c: the host's trees a profile leaves shown */
int plan_var_whitelisted(struct fsplan *fp, struct nb_error *err);
int plan_device_classes(struct fsplan *fp, struct nb_error *err);
int plan_sys_hidden(struct fsplan *fp, struct nb_error *err);
int plan_hide_real_home(struct fsplan *fp, struct nb_error *err);

/* mountplan_desktop.c: the buses, the display, the network's files */
int plan_buses(struct fsplan *fp, const struct launch_facts *launch,
	       struct nb_error *err);
int plan_display(struct fsplan *fp, const struct launch_facts *launch,
		 struct nb_error *err);
int plan_net_files(struct fsplan *fp, const struct policy *policy,
		   const struct launch_facts *launch, struct nb_error *err);
int plan_resolv_conf_target(struct fsplan *fp,
			    const struct launch_facts *launch,
			    struct nb_error *err);

#endif
