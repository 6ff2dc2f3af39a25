/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The mount plan (pure): the policy and a few facts about the host in,
 * the exact ordered list of operations that build the sandbox's root out.
 * mount.c executes it; nothing here makes a system call, so every plan is
 * unit-tested and printed by --dry-run.
 */
#ifndef NESTBOX_MOUNTPLAN_H
#define NESTBOX_MOUNTPLAN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "log.h"
#include "launch_facts.h"
#include "policy.h"

enum mount_op_type {
	MOUNT_OP_BIND,		/* host @src, recursively, at @dst */
	MOUNT_OP_TMPFS,		/* a fresh tmpfs at @dst, @mode for its root */
	MOUNT_OP_PROC,		/* proc of the sandbox's pid namespace */
	MOUNT_OP_SYSFS,		/* sysfs of the sandbox's net namespace */
	MOUNT_OP_DEVPTS,	/* a new devpts instance */
	MOUNT_OP_SYMLINK,	/* @dst -> @src (a link, not a mount) */
	MOUNT_OP_REBIND,	/* @dst, already inside the root, onto itself
				 * (to give part of a mount other flags) */
	MOUNT_OP_BLOCK,		/* cover @dst with an empty, inaccessible
				 * directory or file (blacklist) */
	MOUNT_OP_FILE,		/* a read-only file holding @src at @dst */
	MOUNT_OP_HOST_MKDIR,	/* create directory @dst on the host, below
				 * the existing directory @src, before the
				 * binds are taken (mkdir, protection) */
	MOUNT_OP_HOST_MKFILE,	/* the same for an empty file (mkfile) */
	MOUNT_OP_BLOCK_ENTRIES,	/* cover directory @dst with a read-only
				 * tmpfs holding an inaccessible stand-in
				 * for each of its entries (a blacklist of
				 * them all, in a read-only tree) */
	MOUNT_OP_COPY,		/* a writable copy of the host's regular
				 * file @src at @dst (mode @mode), in a
				 * tmpfs of the sandbox: the private home's
				 * .Xauthority, .asoundrc and .bashrc.  @src
				 * is opened beneath its directory (with
				 * MOUNT_F_NOFOLLOW: through no symlink at
				 * all); an absent one is skipped */
};
#define MOUNT_OP_LAST MOUNT_OP_COPY

/* What a kept-missing path leads to (MOUNT_OP_HOST_MKFILE with
 * MOUNT_F_LINK, mountplan_fs.c's keep-missing): below a character
 * device, a path no host can resolve, whoever makes what. */
#define KEEP_MISSING_TARGET "/dev/null/kept-missing-by-nestbox"


#define MOUNT_F_RDONLY (1u << 0)
#define MOUNT_F_NOSUID (1u << 1)
#define MOUNT_F_NODEV (1u << 2)
#define MOUNT_F_NOEXEC (1u << 3)
#define MOUNT_F_OPTIONAL (1u << 4) /* a missing source is skipped */
#define MOUNT_F_NOFOLLOW (1u << 5) /* the source is already symlink-free:
				    * resolve it with RESOLVE_NO_SYMLINKS, so
				    * a link swapped in since fails closed */
#define MOUNT_F_NOCREATE (1u << 6) /* @dst must exist: it lies in a host
				    * tree, where nothing may be created */
/* The usual combinations: a user's tree, and a system tree or tmpfs. */
#define MOUNT_F_USER (MOUNT_F_NOSUID | MOUNT_F_NODEV)
#define MOUNT_F_SYSTEM (MOUNT_F_RDONLY | MOUNT_F_NOSUID | MOUNT_F_NODEV)
#define MOUNT_F_RW (1u << 7)	  /* REBIND: clear read-only (read-write) */
#define MOUNT_F_LINK (1u << 8)	  /* REBIND: the symlink at @dst itself, not
				   * what it leads to (a pin: a mountpoint
				   * cannot be removed or renamed) */

struct mount_op {
	enum mount_op_type type;
	unsigned flags;
	char *src;		/* host path (BIND) or link target (SYMLINK) */
	char *dst;		/* absolute path inside the sandbox */
	mode_t mode;		/* TMPFS: mode of its root; HOST_MKFILE: of
				 * the file it creates (0: 0600) */
	/* HOST_MKFILE: what a file it creates holds (a stand-in that
	 * keeps a start-up chain's meaning: mountplan_private.c); NULL:
	 * empty */
	char *text;
};

struct mount_plan {
	struct mount_op *ops;
	size_t n;
	size_t cap;
	/* nestbox.conf's tmpfs-size: the total of the tmpfs mounts the
	 * program can write (those not made read-only), shared equally
	 * among them (mount_plan_tmpfs_share); "" for none (the kernel's
	 * default, half of RAM each) */
	char tmpfs_size[CONFIG_SIZE_MAX];
};

/* What a top-level host entry like /bin is (merged-/usr or not). */
enum host_entry_kind { HOST_ABSENT, HOST_DIR, HOST_SYMLINK, HOST_OTHER };

struct host_entry {
	const char *name;	/* "bin" */
	enum host_entry_kind kind;
	char target[PATH_MAX];	/* for HOST_SYMLINK: "usr/bin" */
};

#define HOST_TOP_ENTRIES 8

/*
 * Host paths the plan covers or hides when the host has them (host.c
 * reads each with lstat: a symlink does not count): the parts of /var
 * firejail makes private, and the device classes of firejail's nodvd,
 * notv, novideo... in the host's /dev.
 */
enum host_path_use {
	HOST_PATH_VAR_PRIVATE,	/* a private tmpfs 1777 (/var/tmp, /var/lock) */
	HOST_PATH_VAR_LOG,	/* an empty /var/log, unless writable-var-log */
	HOST_PATH_VAR_SERVER,	/* a server's state: an empty tmpfs */
	HOST_PATH_DEVICE,	/* hidden with its class (POLICY_DEV_*) */
};

struct host_path {
	const char *path;
	enum host_path_use use;
	unsigned dev_class;	/* HOST_PATH_DEVICE: a POLICY_DEV_* bit */
};

#define HOST_PATHS 58
extern const struct host_path host_paths[];

/* Facts read from the host once, before planning (host.c). */
struct host_facts {
	uid_t uid;
	gid_t gid;
	char user[256];
	char home[PATH_MAX];	/* from the password database */
	char shell[64];		/* its login shell's name ("bash"), or "" */
	char cwd[PATH_MAX];	/* empty if unknown */
	bool has_run_user;	/* /run/user/UID exists */
	char registry_dir[PATH_MAX];	/* registry.c's base; "" if none */
	struct host_entry top[HOST_TOP_ENTRIES];
	size_t n_top;
	bool has_path[HOST_PATHS];	/* host_paths[i] exists */
};

void mount_plan_init(struct mount_plan *plan);
void mount_plan_free(struct mount_plan *plan);

int mount_plan_add(struct mount_plan *plan, enum mount_op_type type,
		   const char *src, const char *dst, unsigned flags,
		   mode_t mode, struct nb_error *err);

struct fs_facts;

/* How profile directives reshape the baseline (decided in
 * mountplan_fs.c): which baseline binds become an empty tmpfs that the
 * whitelisted or listed entries are then bound into. */
struct mount_shape {
	const char *home_src;	/* NULL: home is a tmpfs; else bound from */
	bool etc_tmpfs, etc_rw;
	bool opt_tmpfs, srv_tmpfs;
	bool run_user_tmpfs;
	bool dev_shm_host;	/* keep-dev-shm */
	/* the host's trees shown (zero: the strict baseline's view) */
	bool dev_host;		/* no private-dev: the host's /dev */
	/* private-dev: the POLICY_DEV_* classes of the host's devices its
	 * /dev keeps (firejail's: sound, cameras, TV, drives, security
	 * keys, input; the GPU's are desktop.c's) */
	unsigned dev_keep;
	bool tmp_host;		/* no private-tmp: the host's /tmp */
	bool var_host, var_rw, var_log_host, var_tmp_host;
	bool mnt_host, media_host;	/* no disable-mnt */
};

int mount_plan_base(const struct host_facts *host,
		    const struct mount_shape *shape, struct mount_plan *plan,
		    struct nb_error *err);

/* The baseline (nestbox(1), THE SANDBOX): what --noprofile gives. */
int mount_plan_baseline(const struct policy *policy,
			const struct host_facts *host, struct mount_plan *plan,
			struct nb_error *err);

/* The whole plan: the baseline shaped by the policy's private-* and
 * whitelist directives, then its blacklist, read-only, read-write,
 * noexec and tmpfs rules in order, then the protection of nestbox's own
 * configuration (mountplan_fs.c).  @facts: fsfacts.h. */
int mount_plan_build(const struct policy *policy,
		     const struct launch_facts *launch,
		     const struct host_facts *host,
		     const struct fs_facts *facts, struct mount_plan *plan,
		     struct nb_error *err);

/* The last operation added creates a file holding @text. */
int mount_plan_set_text(struct mount_plan *plan, const char *text,
			struct nb_error *err);

const char *mount_op_type_name(enum mount_op_type type);

/* MOUNT_OP_BLOCK_ENTRIES: is the entry @name (its first @len bytes) one
 * it keeps (in its src, '/'-separated)? */
bool mount_op_keeps(const struct mount_op *op, const char *name, size_t len);
void mount_plan_print(FILE *out, const struct mount_plan *plan);

/* How many tmpfs mounts of the plan the program can write. */
size_t mount_plan_writable_tmpfs(const struct mount_plan *plan);

/*
 * The size= of each writable tmpfs: tmpfs-size divided by their number,
 * in bytes, rounded down to whole pages of @page bytes (tmpfs rounds a
 * size up to pages), at least one page; "N%" is of @ram bytes, as tmpfs
 * counts it.  So the sum stays within tmpfs-size, however the program
 * spreads its files.  @out: "" when the plan has no limit or no such
 * mount.
 */
void mount_plan_tmpfs_share(const struct mount_plan *plan,
			    unsigned long long ram, unsigned long page,
			    char *out, size_t size);

#endif
