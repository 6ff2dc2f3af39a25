// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The policy's parts that a module of their own parses, prints and
 * enforces: seccomp (seccomp_policy.h), Landlock (landlock.h), the
 * program's process (nb_limits.h, caps.h).  Types only, apart from
 * policy.h, so that those modules need not include the whole policy
 * that includes them (no include cycle: tests/include-cycles.py).
 */
#ifndef NESTBOX_POLICY_PARTS_H
#define NESTBOX_POLICY_PARTS_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Filled by the directive table; each part has one module that enforces
 * it.
 */

/* What a refused call gets: an errno, the process killed, or (log)
 * allowed and logged by the kernel's audit. */
enum seccomp_verdict {
	SECCOMP_VERDICT_ERRNO,
	SECCOMP_VERDICT_KILL,
	SECCOMP_VERDICT_LOG,
};

struct seccomp_action {
	enum seccomp_verdict verdict;
	int errnum;		/* for SECCOMP_VERDICT_ERRNO */
};

/* One entry of a seccomp list: a syscall or @group, `!name` an exception,
 * `name:ERRNO|kill|log` its own action. */
struct seccomp_name {
	char *name;
	bool except;
	bool has_action;
	struct seccomp_action action;
	const char *directive;	/* static: "seccomp", "seccomp.drop"... */
};

struct seccomp_names {
	struct seccomp_name *v;
	size_t n;
};

/* Seccomp directives, compiled by seccomp_plan.c on top of the baseline
 * filter every sandbox has. */
struct policy_seccomp {
	bool default_group;	/* `seccomp`: firejail's default list */
	struct seccomp_names drop;	/* seccomp LIST, seccomp.drop LIST */
	bool keep_set;		/* seccomp.keep: an allowlist too */
	struct seccomp_names keep;
	bool action_set;	/* seccomp-error-action given */
	struct seccomp_action error_action;	/* default: EPERM */
	bool mdwe;		/* memory-deny-write-execute */
	bool protocol_set;	/* protocol LIST */
	unsigned protocols;	/* bits: SECCOMP_PROTO_* */
	bool allow_debuggers;	/* ptrace within the sandbox */
	bool trace_denials;	/* report each refused call (init answers) */
	/* restrict-namespaces [LIST]: the CLONE_NEW* types the program may
	 * not create.  firejail's meaning: without the directive, every
	 * type may be made (a browser's own sandbox); --noprofile refuses
	 * them all (policy_strict_baseline). */
	unsigned long ns_refused;
	/* seccomp.block-secondary: only the native ABI.  Without it the
	 * i386 ABI is allowed, under the native rules and seccomp.32's;
	 * x32 never.  --noprofile blocks (policy_strict_baseline). */
	bool block_secondary;
	/* seccomp.32 [LIST], seccomp.32.drop, seccomp.32.keep: the same
	 * lists, for the i386 ABI only. */
	bool default_group32;
	struct seccomp_names drop32;
	bool keep32_set;
	struct seccomp_names keep32;
};

/* Landlock (landlock.c), on top of the mount namespace. */
enum landlock_fs_kind {
	LANDLOCK_FS_READ,	/* landlock.fs.read */
	LANDLOCK_FS_WRITE,	/* landlock.fs.write */
	LANDLOCK_FS_MAKEIPC,	/* landlock.fs.makeipc */
	LANDLOCK_FS_MAKEDEV,	/* landlock.fs.makedev */
	LANDLOCK_FS_EXECUTE,	/* landlock.fs.execute */
};

struct landlock_fs_rule {
	enum landlock_fs_kind kind;
	char *path;		/* absolute, normalized, macros expanded */
	char *origin;		/* "FILE:LINE" or "--option", for messages */
};

/* TCP ports of landlock.net.connect or .bind: set once the directive is
 * given, even as `none` (then no port at all).  Sorted, no duplicates. */
struct landlock_ports {
	bool set;
	unsigned short *v;
	size_t n;
};

/* landlock.scope: what the program may not reach outside its domain. */
#define POLICY_LANDLOCK_SCOPE_ABSTRACT_UNIX 0x1u
#define POLICY_LANDLOCK_SCOPE_SIGNAL 0x2u
#define POLICY_LANDLOCK_SCOPE_ALL 0x3u

struct policy_landlock {
	bool enforce;		/* landlock.enforce: the fs rules apply */
	struct landlock_fs_rule *fs;	/* landlock.fs.*, in order */
	size_t n_fs;
	struct landlock_ports connect, bind;	/* landlock.net.* */
	bool scope_given;	/* landlock.scope; else every scope (default) */
	unsigned scope;		/* POLICY_LANDLOCK_SCOPE_* when given */
};

/* The program's process: identity, capabilities, limits (limits.c,
 * caps.c, program.c, init.c). */
enum policy_rlimit {
	POLICY_RLIMIT_AS,
	POLICY_RLIMIT_CPU,
	POLICY_RLIMIT_FSIZE,
	POLICY_RLIMIT_NOFILE,
	POLICY_RLIMIT_NPROC,
	POLICY_RLIMIT_SIGPENDING,
	POLICY_RLIMIT_COUNT
};

#define POLICY_KEEP_FD_MAX 64

struct policy_process {
	bool nogroups;		/* no supplementary groups */
	bool rlimit_set[POLICY_RLIMIT_COUNT];
	unsigned long long rlimit[POLICY_RLIMIT_COUNT]; /* soft = hard */
	unsigned timeout;	/* seconds; 0: none */
	bool nice_set;
	int nice;
	/* oom-score-adj: raised to this (0 to 1000) unless already higher */
	bool oom_score_adj_set;
	int oom_score_adj;
	bool cpus_set;
	cpu_set_t cpus;		/* sched_setaffinity */
	bool keep_fd_all;	/* keep-fd all */
	int keep_fd[POLICY_KEEP_FD_MAX]; /* sorted, each >= 3 */
	size_t n_keep_fd;
	/* Capabilities of a program run with --as-root; bit N is
	 * capability N.  Without --as-root it has none at all. */
	unsigned long long caps_drop;
	bool caps_keep_set;
	unsigned long long caps_keep;
};

#endif
