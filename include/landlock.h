/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Landlock: an extra layer on top of the mount namespace, which the
 * program's process applies to itself after no_new_privs and before the
 * seccomp filter.
 *
 * Three parts, the first two pure:
 *   the policy   directives → struct policy_landlock (paths, ports, scope);
 *   the plan     policy + the kernel's ABI → one ruleset: the rights it
 *                handles and the rules granting them, newer rights masked
 *                out on older kernels (best effort, as the kernel's
 *                documentation recommends);
 *   the effect   landlock_abi() probes, landlock_apply() builds the ruleset
 *                inside the sandbox and restricts the calling process.
 */
#ifndef NESTBOX_LANDLOCK_H
#define NESTBOX_LANDLOCK_H

#include <linux/landlock.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "log.h"
#include "policy_parts.h"

/*
 * What Debian 12's <linux/landlock.h> (Linux 6.1, ABI 2) does not know
 * yet, with the values of later kernels' UAPI.
 */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE /* ABI 3, Linux 6.2 */
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP /* ABI 4, Linux 6.7 */
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#define LANDLOCK_RULE_NET_PORT 2
struct landlock_net_port_attr {
	__u64 allowed_access;
	__u64 port;
};
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV /* ABI 5, Linux 6.10 */
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#ifndef LANDLOCK_SCOPE_SIGNAL /* ABI 6, Linux 6.12 */
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif

/* The kernel's struct landlock_ruleset_attr as of ABI 6: the installed
 * header may have only the first field.  The kernel takes a shorter size
 * from older programs, so a prefix of it is passed when enough. */
struct landlock_ruleset_attr_v6 {
	__u64 handled_access_fs;
	__u64 handled_access_net; /* ABI 4 */
	__u64 scoped;		  /* ABI 6 */
};

/* The first ABI with each feature nestbox uses. */
#define LANDLOCK_ABI_NET 4
#define LANDLOCK_ABI_SCOPE 6

/* --- the policy (pure) ------------------------------------------------ */

/* "landlock.fs.read"... */
const char *landlock_fs_kind_name(enum landlock_fs_kind kind);

/* Append a landlock.fs.* rule; @path must be absolute, without "." or
 * ".." (a profile error otherwise).  @origin may be NULL. */
int landlock_add_fs_rule(struct policy_landlock *ll, enum landlock_fs_kind kind,
			 const char *path, const char *origin,
			 struct nb_error *err);

/* "80,443,8000-8080" or "none": TCP ports 0-65535, merged into @ports. */
int landlock_add_ports(struct landlock_ports *ports, const char *list,
		       struct nb_error *err);

/* landlock.scope [all|none|abstract-unix-socket,signal]; NULL is all. */
int landlock_set_scope(struct policy_landlock *ll, const char *arg,
		       struct nb_error *err);

/* The scopes asked for: the directive's, or all by default. */
unsigned landlock_scope(const struct policy_landlock *ll);

void landlock_policy_free(struct policy_landlock *ll);
void landlock_policy_print(FILE *out, const struct policy_landlock *ll);

struct launch_facts;
struct policy;

/*
 * Launcher side, before anything runs: everything @p asks that a kernel
 * with Landlock ABI @abi (0: none) cannot enforce is noted as not
 * enforced in the launch's facts @lf (a warning at launch, an error
 * under --strict).
 */
int landlock_check(const struct policy *p, int abi, struct launch_facts *lf,
		   struct nb_error *err);

/* --- the plan (pure) --------------------------------------------------- */

struct landlock_path_rule {
	const char *path; /* borrowed from the policy */
	uint64_t access;  /* LANDLOCK_ACCESS_FS_* */
};

struct landlock_port_rule {
	uint16_t port;
	uint64_t access; /* LANDLOCK_ACCESS_NET_* */
};

struct landlock_plan {
	int abi;
	uint64_t handled_fs;		  /* 0: no file-system ruleset */
	uint64_t handled_net;		  /* 0: TCP not restricted */
	uint64_t scoped;		  /* 0: no scope */
	struct landlock_path_rule *paths; /* one per path, rights merged */
	size_t n_paths;
	struct landlock_port_rule *ports; /* one per port, sorted */
	size_t n_ports;
};

/* The file-system rights the ruleset handles at @abi (firejail's ABI 1
 * set, then refer, truncate and device ioctls where the kernel has them). */
uint64_t landlock_fs_handled(int abi);

/* The rights one landlock.fs.* directive grants at @abi. */
uint64_t landlock_fs_access(enum landlock_fs_kind kind, int abi);

/* Of @access, what a rule may grant on a file that is not a directory. */
uint64_t landlock_fs_file_access(uint64_t access);

int landlock_plan_build(const struct policy_landlock *ll, int abi,
			struct landlock_plan *plan, struct nb_error *err);
bool landlock_plan_empty(const struct landlock_plan *plan);
void landlock_plan_free(struct landlock_plan *plan);

/* --- the effect -------------------------------------------------------- */

/* The kernel's Landlock ABI version; 0 without Landlock (not built in, or
 * not in the lsm= list). */
int landlock_abi(void);

/*
 * In the program's process, inside the sandbox (paths mean what the
 * sandbox shows), after no_new_privs: build the ruleset the policy asks
 * for on this kernel and restrict the calling process with it.  A path
 * that does not exist is skipped; any other failure once a ruleset is
 * asked for is an error (fail closed).
 */
int landlock_apply(const struct policy_landlock *ll, struct nb_error *err);

#endif
