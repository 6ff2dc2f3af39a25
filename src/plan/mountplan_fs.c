// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Filesystem confinement, planned (pure): the policy's private-*,
 * whitelist, blacklist, read-only, read-write, noexec, tmpfs, mkdir and
 * mkfile directives, with firejail's semantics, turned into mount
 * operations on top of the baseline.  Input: the policy, the host facts
 * and the file-system facts (fsfacts.h); output: the ordered plan.
 *
 * The order of the plan is the order of firejail's processing:
 *   1. the baseline, reshaped: a directory that is whitelisted or given a
 *      private-* list becomes an empty tmpfs;
 *   2. private-etc/opt/srv, private-bin and private-lib entries,
 *      private-cache;
 *   3. whitelisted paths bound back into their tmpfs;
 *   4. blacklist, read-only, read-write, noexec and tmpfs rules in
 *      profile order (so a blacklist inside a whitelisted tree wins and
 *      read-only on a whitelisted path holds); nosound; machine-id;
 *   5. nestbox's own configuration, read-only whatever came before.
 * Negative forms (noblacklist, nowhitelist) act only on later lines.
 */
#include "mountplan_fs.h"
#include "dbus.h"
#include "display.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- 1. the reshaped baseline ------------------------------------- */

static void init_tops(struct fsplan *fp)
{
	static const struct {
		int id;
		const char *path;
		bool system, new_tmpfs, devices;
	} fixed[] = {
		{ TOP_TMP, "/tmp", false, false, false },
		{ TOP_DEV, "/dev", false, false, true },
		{ TOP_ETC, "/etc", true, false, false },
		{ TOP_OPT, "/opt", true, false, false },
		{ TOP_SRV, "/srv", true, false, false },
		{ TOP_VAR, "/var", false, true, false },
		{ TOP_MEDIA, "/media", false, true, false },
		{ TOP_MNT, "/mnt", false, true, false },
		{ TOP_USR_SHARE, "/usr/share", true, true, false },
		/* firejail's profiles whitelist helpers here */
		{ TOP_USR_LIBEXEC, "/usr/libexec", true, true, false },
		{ TOP_USR_SBIN, "/usr/sbin", true, true, false },
		/* the root's empty /run: nothing to cover, and /run/user/UID
		 * (a top of its own) must stay */
		{ TOP_RUN, "/run", false, false, false },
		/* blender's amdgpu: the modules' parameters, the host's */
		{ TOP_SYS_MODULE, "/sys/module", true, true, false },
	};

	snprintf(fp->run_user, sizeof(fp->run_user), "/run/user/%u",
		 (unsigned)fp->host->uid);
	fp->tops[TOP_HOME] = (struct wl_top){ .path = fp->host->home };
	fp->tops[TOP_RUN_USER] = (struct wl_top){ .path = fp->run_user };
	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		fp->tops[fixed[i].id] = (struct wl_top){
			.path = fixed[i].path,
			.system = fixed[i].system,
			.new_tmpfs = fixed[i].new_tmpfs,
			.keeps_devices = fixed[i].devices,
		};
}

/* The deepest top at or above @path (home may lie below /var or /srv). */
struct wl_top *top_of(struct fsplan *fp, const char *path)
{
	struct wl_top *best = NULL;

	for (int i = 0; i < TOP_COUNT; i++)
		if (path_under(path, fp->tops[i].path) &&
		    (!best || strlen(fp->tops[i].path) > strlen(best->path)))
			best = &fp->tops[i];
	return best;
}

bool is_whitelist(const struct fs_rule *r)
{
	return r->kind == FS_WHITELIST || r->kind == FS_WHITELIST_RO;
}

/* The literal part of a pattern, before its first glob character. */
static size_t literal_prefix(const char *pattern)
{
	return strcspn(pattern, "*?[\\");
}

/* Does an earlier rule of @neg kind (noblacklist, nowhitelist) name
 * @path?  Only earlier lines count: firejail's order. */
bool negated(const struct fsplan *fp, size_t before,
		    enum fs_rule_kind neg, const char *path, const char *also)
{
	for (size_t k = 0; k < fp->n_negations && fp->negations[k] < before;
	     k++) {
		const struct fs_rule *r = &fp->fs->rules[fp->negations[k]];
		size_t lit;

		if (r->kind != neg)
			continue;
		lit = literal_prefix(r->path);
		if (!r->path[lit]) {
			if (strcmp(r->path, path) == 0 ||
			    (also && strcmp(r->path, also) == 0))
				return true;
			continue;
		}
		if ((strncmp(r->path, path, lit) == 0 &&
		     fnmatch(r->path, path, FNM_PATHNAME) == 0) ||
		    (also && strncmp(r->path, also, lit) == 0 &&
		     fnmatch(r->path, also, FNM_PATHNAME) == 0))
			return true;
	}
	return false;
}

static int index_negations(struct fsplan *fp, struct nb_error *err)
{
	const struct policy_fs *fs = fp->fs;

	fp->negations = calloc(fs->n_rules ? fs->n_rules : 1,
			       sizeof(*fp->negations));
	if (!fp->negations)
		return nb_fail(err, ENOMEM, "mount plan");
	for (size_t i = 0; i < fs->n_rules; i++)
		if (fs->rules[i].kind == FS_NOBLACKLIST ||
		    fs->rules[i].kind == FS_NOWHITELIST)
			fp->negations[fp->n_negations++] = i;
	return 0;
}

static void mark_whitelist_tops(struct fsplan *fp)
{
	for (size_t i = 0; i < fp->fs->n_rules; i++) {
		const struct fs_rule *r = &fp->fs->rules[i];
		struct wl_top *t;

		if (!is_whitelist(r) || negated(fp, i, FS_NOWHITELIST, r->path,
						NULL))
			continue;
		t = top_of(fp, r->path);
		if (!t)
			continue;
		if (t == &fp->tops[TOP_HOME] && fp->home_hidden)
			continue;
		if (strcmp(r->path, t->path) == 0)
			t->whole = true;
		else
			t->confined = true;
	}
	/* the desktop's runtime directory is private unless the profile
	 * shows all of it */
	if (fp->fs->private_run_user)
		fp->tops[TOP_RUN_USER].confined = true;
	for (int i = 0; i < TOP_COUNT; i++)
		if (fp->tops[i].whole)
			fp->tops[i].confined = false;
}

static int plan_base(struct fsplan *fp, struct nb_error *err)
{
	const struct policy_fs *fs = fp->fs;
	struct mount_shape shape = { .home_src = fp->host->home };

	if (fp->throwaway_home) {
		shape.home_src = NULL;
	} else if (fs->private_home_dir) {
		const struct fs_fact *d =
			fs_facts_find(fp->facts, fs->private_home_dir);

		if (!d || d->kind != FS_DIR)
			return nb_fail(err, 0, "private %s: no such directory",
				       fs->private_home_dir);
		shape.home_src = d->resolved;
	} else if (fp->tops[TOP_HOME].confined) {
		shape.home_src = NULL;
	}
	shape.etc_tmpfs = fs->private_etc.set || fp->tops[TOP_ETC].confined;
	shape.etc_rw = fs->writable_etc;
	shape.opt_tmpfs = fs->private_opt.set || fp->tops[TOP_OPT].confined;
	shape.srv_tmpfs = fs->private_srv.set || fp->tops[TOP_SRV].confined;
	shape.run_user_tmpfs = fp->tops[TOP_RUN_USER].confined;
	shape.dev_shm_host = fs->keep_dev_shm;
	/* what the profile does not take away is the host's (firejail's
	 * meaning); a whitelist in one of them confines it instead */
	shape.dev_host = !fs->private_dev && !fp->tops[TOP_DEV].confined;
	shape.dev_keep = (POLICY_DEV_SOUND | POLICY_DEV_VIDEO | POLICY_DEV_TV |
			  POLICY_DEV_DVD | POLICY_DEV_U2F | POLICY_DEV_INPUT) &
			 ~(fs->dev_hidden | (fs->nosound ? POLICY_DEV_SOUND : 0));
	shape.tmp_host = fp->tmp_host && !fp->tops[TOP_TMP].confined;
	shape.var_host = !fs->no_var && !fp->tops[TOP_VAR].confined;
	shape.var_rw = fs->writable_var;
	shape.var_log_host = fs->writable_var_log;
	shape.var_tmp_host = fs->keep_var_tmp;
	shape.mnt_host = !fs->disable_mnt && !fp->tops[TOP_MNT].confined;
	shape.media_host = !fs->disable_mnt && !fp->tops[TOP_MEDIA].confined;
	if (mount_plan_base(fp->host, &shape, fp->plan, err) < 0)
		return -1;
	for (int i = 0; i < TOP_COUNT; i++) {
		struct wl_top *t = &fp->tops[i];

		if (t->new_tmpfs && t->confined &&
		    mount_plan_add(fp->plan, MOUNT_OP_TMPFS, NULL, t->path,
				   t->system ? MOUNT_F_SYSTEM : MOUNT_F_USER, 0755,
				   err) < 0)
			return -1;
	}
	return index_rebuild(fp, err);
}

/* ---- 4. blacklist, read-only, read-write, noexec, tmpfs ----------- */

static int plan_mk_rules(struct fsplan *fp, struct nb_error *err)
{
	for (size_t i = 0; i < fp->fs->n_rules; i++) {
		const struct fs_rule *r = &fp->fs->rules[i];
		const char *anchor;

		if (r->kind != FS_MKDIR && r->kind != FS_MKFILE)
			continue;
		anchor = path_mk_anchor(r->path, fp->host->home, fp->run_user);
		if (!anchor)
			return nb_fail(err, 0,
				       "%s: %s %s: only below home, /tmp or %s",
				       r->origin, fs_rule_kind_name(r->kind),
				       r->path, fp->run_user);
		if (plan_host_mkdir(fp, fs_facts_find(fp->facts, r->path),
				    anchor, err) < 0)
			return -1;
	}
	return 0;
}

#define NOEXEC_FLAGS (MOUNT_F_NOEXEC | MOUNT_F_NOSUID | MOUNT_F_NODEV)

static int apply_rule(struct fsplan *fp, const struct fs_rule *r,
		      const char *dst, bool nocreate, struct nb_error *err)
{
	switch (r->kind) {
	case FS_BLACKLIST:
		return block(fp, dst, err);
	case FS_READ_ONLY:
		return add_op(fp, MOUNT_OP_REBIND, NULL, dst,
			      MOUNT_F_RDONLY | MOUNT_F_OPTIONAL, 0, err);
	case FS_READ_WRITE:
		if (!path_below(dst, fp->host->home)) {
			nb_warn("%s: read-write %s: refused: only paths below home",
				r->origin, dst);
			return 0;
		}
		return add_op(fp, MOUNT_OP_REBIND, NULL, dst,
			      MOUNT_F_RW | MOUNT_F_OPTIONAL, 0, err);
	case FS_NOEXEC:
		/* `noexec /dev/shm` on a tmpfs that is noexec already (or
		 * said twice, by two includes) stacks no mount: programs
		 * that read /proc/self/mountinfo (chromium's wrapper,
		 * findmnt -T) expect one mount there */
		if (index_latest_has(fp, dst, NOEXEC_FLAGS))
			return 0;
		return add_op(fp, MOUNT_OP_REBIND, NULL, dst,
			      NOEXEC_FLAGS | MOUNT_F_OPTIONAL, 0, err);
	case FS_TMPFS:
		return add_op(fp, MOUNT_OP_TMPFS, NULL, dst,
			      MOUNT_F_USER | (nocreate ? MOUNT_F_NOCREATE : 0),
			      0700, err);
	default:
		return 0;
	}
}

static bool is_path_rule(enum fs_rule_kind k)
{
	return k == FS_BLACKLIST || k == FS_READ_ONLY || k == FS_READ_WRITE ||
	       k == FS_NOEXEC || k == FS_TMPFS;
}

/*
 * Rule @i's path @m is out of the caller's reach only because a directory
 * of theirs (@x->sealed_by) may not be searched: the program could chmod
 * it and reach @m.  That directory is bound read-only onto itself, so its
 * mode stays as it is and @m out of reach, as the rule wants; nothing it
 * holds could be seen anyway.
 */
static int keep_sealed(struct fsplan *fp, size_t i, const char *m,
		       const struct fs_fact *x, struct nb_error *err)
{
	const struct fs_rule *r = &fp->fs->rules[i];
	char dst[PATH_MAX];
	bool nocreate;

	if (r->kind == FS_BLACKLIST && negated(fp, i, FS_NOBLACKLIST, m, NULL))
		return 0;
	if (to_sandbox(fp, x->sealed_by, dst, sizeof(dst), err) < 0)
		return nb_fail_wrap(err, "%s: %s", r->origin,
				    fs_rule_kind_name(r->kind));
	if (!visible(fp, dst, &nocreate))
		return 0;
	/* rules on several paths in it keep it once */
	if (index_latest_is(fp, dst, MOUNT_OP_REBIND,
			    MOUNT_F_RDONLY | MOUNT_F_OPTIONAL))
		return 0;
	return add_op(fp, MOUNT_OP_REBIND, NULL, dst,
		      MOUNT_F_RDONLY | MOUNT_F_OPTIONAL, 0, err);
}

static int rule_one(struct fsplan *fp, size_t i, const char *m,
		    struct nb_error *err)
{
	const struct fs_rule *r = &fp->fs->rules[i];
	const struct fs_fact *x = NULL;
	char dst[PATH_MAX];
	bool nocreate;

	if (path_in_kernel_fs(m)) {
		snprintf(dst, sizeof(dst), "%s", m);
	} else {
		x = fs_facts_find(fp->facts, m);
		if (x && x->kind == FS_ABSENT && x->sealed_by)
			return keep_sealed(fp, i, m, x, err);
		if (!x || x->kind == FS_ABSENT)
			return 0;
		if (to_sandbox(fp, x->resolved, dst, sizeof(dst), err) < 0)
			return nb_fail_wrap(err, "%s: %s", r->origin,
					    fs_rule_kind_name(r->kind));
	}
	if (r->kind == FS_BLACKLIST &&
	    negated(fp, i, FS_NOBLACKLIST, m, x ? x->resolved : NULL))
		return 0;
	if (r->kind == FS_TMPFS &&
	    (!path_below(dst, fp->host->home) || (x && x->kind != FS_DIR)))
		return nb_fail(err, 0,
			       "%s: tmpfs %s: only directories below home",
			       r->origin, m);
	if (!path_in_kernel_fs(dst) && !visible(fp, dst, &nocreate))
		return 0; /* not in the sandbox: nothing to hide or change */
	if (path_in_kernel_fs(dst))
		nocreate = true;
	if ((r->kind == FS_READ_ONLY || r->kind == FS_BLACKLIST) &&
	    pin_parents(fp, m, dst, err) < 0)
		return -1;
	return apply_rule(fp, r, dst, nocreate, err);
}

/*
 * firejail's `blacklist /proc/sys/STAR/STAR` is 123 entries, a mount each.
 * Where a rule blacklists every entry of directories that are read-only
 * anyway and hold no symlinks (below /proc/sys), each is covered instead by
 * one read-only tmpfs of inaccessible stand-ins for its entries, the
 * entries an earlier noblacklist keeps bound back (mount.c lists the
 * directory inside the sandbox).  A mount per directory and per entry
 * kept, instead of one per entry; and an entry the sandbox has that the
 * host had not is covered too.
 */
static bool blocks_every_entry(const struct fs_rule *r)
{
	size_t len = strlen(r->path);

	return r->kind == FS_BLACKLIST && len > 2 &&
	       strcmp(r->path + len - 2, "/*") == 0 &&
	       path_below(r->path, "/proc/sys");
}

/* Matches @from.. of rule @i in the directory of matches[@from]: one
 * op for them, keeping (in its src, '/'-separated) those negated. */
static size_t plan_dir_entries(struct fsplan *fp, size_t i, size_t from,
			       struct nb_error *err)
{
	char *const *m = fp->facts->matches[i];
	size_t dir_len = (size_t)(strrchr(m[from], '/') - m[from]), k;
	char kept[PATH_MAX] = "", dir[PATH_MAX];
	size_t used = 0;

	snprintf(dir, sizeof(dir), "%.*s", (int)dir_len, m[from]);
	for (k = from; k < fp->facts->n_matches[i]; k++) {
		const char *name = m[k] + dir_len + 1;

		if (strncmp(m[k], dir, dir_len) != 0 || m[k][dir_len] != '/' ||
		    strchr(name, '/'))
			break;
		if (!negated(fp, i, FS_NOBLACKLIST, m[k], NULL))
			continue;
		if (used + strlen(name) + 2 > sizeof(kept))
			return nb_fail(err, ENAMETOOLONG, "%s: kept entries",
				       dir), 0;
		used += (size_t)snprintf(kept + used, sizeof(kept) - used,
					 "%s%s", used ? "/" : "", name);
	}
	if (add_op(fp, MOUNT_OP_BLOCK_ENTRIES, used ? kept : NULL, dir,
		   MOUNT_F_OPTIONAL, 0, err) < 0)
		return 0;
	return k;
}

static int plan_entries_blocked(struct fsplan *fp, size_t i,
				struct nb_error *err)
{
	size_t k = 0;

	while (k < fp->facts->n_matches[i]) {
		const char *m = fp->facts->matches[i][k];
		const char *slash = strrchr(m, '/');
		char dir[PATH_MAX];

		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - m), m);
		if (!path_below(dir, "/proc/sys")) {
			if (rule_one(fp, i, m, err) < 0)
				return -1;
			k++;
			continue;
		}
		k = plan_dir_entries(fp, i, k, err);
		if (!k)
			return -1;
	}
	return 0;
}

static int plan_path_rules(struct fsplan *fp, struct nb_error *err)
{
	for (size_t i = 0; i < fp->fs->n_rules; i++) {
		if (!is_path_rule(fp->fs->rules[i].kind))
			continue;
		if (blocks_every_entry(&fp->fs->rules[i])) {
			if (plan_entries_blocked(fp, i, err) < 0)
				return -1;
			continue;
		}
		for (size_t k = 0; k < fp->facts->n_matches[i]; k++)
			if (rule_one(fp, i, fp->facts->matches[i][k], err) < 0)
				return -1;
	}
	return 0;
}

static int plan_nosound(struct fsplan *fp, struct nb_error *err)
{
	static const char *const sockets[] = { "pulse", "pipewire-0",
					       "pipewire-0-manager" };
	char path[128];

	if (!fp->fs->nosound)
		return 0;
	for (size_t i = 0; i < sizeof(sockets) / sizeof(*sockets); i++) {
		snprintf(path, sizeof(path), "%s/%s", fp->run_user, sockets[i]);
		if (visible(fp, path, NULL) && block(fp, path, err) < 0)
			return -1;
	}
	return 0;
}

static int plan_machine_id(struct fsplan *fp, struct nb_error *err)
{
	char content[40];
	bool nocreate;

	if (!fp->fs->machine_id)
		return 0;
	snprintf(content, sizeof(content), "%s\n", fp->facts->machine_id);
	visible(fp, "/etc/machine-id", &nocreate);
	return add_op(fp, MOUNT_OP_FILE, content, "/etc/machine-id",
		      MOUNT_F_RDONLY | (nocreate ? MOUNT_F_NOCREATE : 0), 0,
		      err);
}

/* ---- 5. nestbox's own configuration ------------------------------- */

/*
 * ~/.config/nestbox holds the user's profiles: a sandbox that could
 * write there could loosen the next one.  Wherever it is shown it is
 * read-only, and ~/.config is made a mountpoint so that it cannot be
 * renamed away and replaced (rename(2) refuses a mountpoint: EBUSY);
 * a symlinked ~/.config is pinned as the link too (pin_parents).
 * It is created when missing, so that it cannot be created from inside.
 */
static int plan_protect_config(struct fsplan *fp, struct nb_error *err)
{
	char cfg[PATH_MAX + 16], own[PATH_MAX + 32];
	char cfg_dst[PATH_MAX], own_dst[PATH_MAX];
	const struct fs_fact *c, *o;
	bool nocreate;

	/* `private`: the real home is not shown at all; `private DIR`: a
	 * different directory is home, where nestbox reads nothing */
	if (fp->throwaway_home || fp->fs->private_home_dir)
		return 0;
	snprintf(cfg, sizeof(cfg), "%s/.config", fp->host->home);
	snprintf(own, sizeof(own), "%s/.config/nestbox", fp->host->home);
	c = fs_facts_find(fp->facts, cfg);
	o = fs_facts_find(fp->facts, own);
	if (!c || !o || c->kind != FS_DIR || o->kind != FS_DIR)
		return 0; /* not a directory: nestbox reads no profile there */
	if (to_sandbox(fp, c->resolved, cfg_dst, sizeof(cfg_dst), err) < 0 ||
	    to_sandbox(fp, o->resolved, own_dst, sizeof(own_dst), err) < 0)
		return -1;
	if (!visible(fp, own_dst, &nocreate))
		return 0;
	if (nocreate && (plan_host_mkdir(fp, c, fp->host->home, err) < 0 ||
			 plan_host_mkdir(fp, o, fp->host->home, err) < 0))
		return -1;
	/* a symlinked ~/.config pinned as the link and as its target */
	if (pin_parents(fp, own, own_dst, err) < 0)
		return -1;
	if (path_under(own_dst, cfg_dst) && !index_has(fp, cfg_dst) &&
	    add_op(fp, MOUNT_OP_REBIND, NULL, cfg_dst, 0, 0, err) < 0)
		return -1;
	return add_op(fp, MOUNT_OP_REBIND, NULL, own_dst,
		      MOUNT_F_RDONLY | MOUNT_F_NOSUID | MOUNT_F_NODEV |
			      MOUNT_F_NOEXEC,
		      0, err);
}

/*
 * The registry of running sandboxes (registry.c) usually lies in
 * /run/user/UID, which the sandbox shows: hidden, so that a sandboxed
 * program can neither see the caller's other sandboxes nor forge the
 * state that --join and --shutdown trust.
 */
static int plan_hide_registry(struct fsplan *fp, struct nb_error *err)
{
	/* usually not shown at all: /run/user/UID is private (desktop.c) */
	if (fp->host->registry_dir[0] != '/' ||
	    !visible(fp, fp->host->registry_dir, NULL))
		return 0;
	return block(fp, fp->host->registry_dir, err);
}

/*
 * `private DIR` where DIR is the home itself (`--private=~`, `private
 * ${HOME}`, or a link to it) means `private` in firejail: a throwaway
 * home, never the real one bound read-write.
 */
static bool private_dir_is_home(const struct policy *policy,
				const struct fs_facts *facts)
{
	const struct fs_fact *d;

	if (!policy->fs.private_home_dir)
		return false;
	d = fs_facts_find(facts, policy->fs.private_home_dir);
	return d && d->resolved && facts->home_real &&
	       strcmp(d->resolved, facts->home_real) == 0;
}

int mount_plan_build(const struct policy *policy,
		     const struct launch_facts *launch,
		     const struct host_facts *host,
		     const struct fs_facts *facts, struct mount_plan *plan,
		     struct nb_error *err)
{
	struct fsplan fp = {
		/* the policy's, with the desktop's rules after its own */
		.fs = &launch->fs,
		.host = host,
		.facts = facts,
		.plan = plan,
	};
	int rc;

	/* the program could fill each one: the limit of nestbox.conf */
	snprintf(plan->tmpfs_size, sizeof(plan->tmpfs_size), "%s",
		 policy->fs.tmpfs_size);
	init_tops(&fp);
	fp.home_hidden = policy->fs.private_home || policy->fs.private_home_dir;
	fp.throwaway_home = policy->fs.private_home ||
			    private_dir_is_home(policy, facts);
	fp.tmp_host = !policy->private_tmp;
	rc = index_negations(&fp, err);
	if (rc < 0)
		return rc;
	mark_whitelist_tops(&fp);
	rc = plan_base(&fp, err);
	if (rc == 0)
		rc = plan_private_home_files(&fp, err);
	if (rc == 0)
		rc = plan_mk_rules(&fp, err);
	if (rc == 0)
		rc = plan_listed(&fp, "/etc", &policy->fs.private_etc, err);
	if (rc == 0)
		rc = plan_listed(&fp, "/opt", &policy->fs.private_opt, err);
	if (rc == 0)
		rc = plan_listed(&fp, "/srv", &policy->fs.private_srv, err);
	if (rc == 0)
		rc = plan_private_bin(&fp, err);
	if (rc == 0)
		rc = plan_private_lib(&fp, err);
	if (rc == 0)
		rc = plan_whitelists(&fp, err);
	if (rc == 0)
		rc = plan_var_whitelisted(&fp, err);
	if (rc == 0)
		rc = plan_private_cache(&fp, err);
	if (rc == 0)
		rc = plan_resolv_conf_target(&fp, launch, err);
	if (rc == 0)
		rc = plan_path_rules(&fp, err);
	if (rc == 0)
		rc = plan_keep_missing(&fp, err);
	if (rc == 0)
		rc = plan_nosound(&fp, err);
	if (rc == 0)
		rc = plan_device_classes(&fp, err);
	if (rc == 0)
		rc = plan_sys_hidden(&fp, err);
	if (rc == 0)
		rc = plan_hide_real_home(&fp, err);
	if (rc == 0)
		rc = plan_machine_id(&fp, err);
	if (rc == 0)
		rc = plan_protect_config(&fp, err);
	if (rc == 0)
		rc = plan_hide_registry(&fp, err);
	if (rc == 0)
		rc = plan_buses(&fp, launch, err);
	if (rc == 0)
		rc = plan_display(&fp, launch, err);
	if (rc == 0)
		rc = plan_net_files(&fp, policy, launch, err);
	if (rc == 0)
		drop_covered_blocks(&fp);
	free(fp.index);
	free(fp.blocked);
	free(fp.negations);
	return rc;
}
