/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The program's process: resource limits, scheduling, inherited
 * descriptors, and the namespace limits of the sandbox's user namespaces.
 *
 * Pure part: parsing the directives (rlimit-*, timeout, nice, cpu,
 * keep-fd) into struct policy_process, and turning it into the list of
 * setrlimit(2) calls and close_range(2) ranges; unit-tested.  Effects:
 * the launcher's checks, then in the program's process before execve.
 *
 * The header of limits.c is nb_limits.h: a "limits.h" in include/ would
 * be found by the #include_next of GCC's own <limits.h>.
 */
#ifndef NESTBOX_NB_LIMITS_H
#define NESTBOX_NB_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "log.h"
#include "policy_parts.h"

/* --- parsing (pure): fill @pp from one directive's argument --- */

/* `rlimit-as 1g`: a number, with k, m or g (base 1024) where firejail
 * allows them (rlimit-as, rlimit-fsize). */
int limits_set_rlimit(struct policy_process *pp, enum policy_rlimit which,
		      const char *arg, struct nb_error *err);
/* `timeout hh:mm:ss`, at least one second. */
int limits_set_timeout(struct policy_process *pp, const char *arg,
		       struct nb_error *err);
/* `nice N`, -20 to 19. */
int limits_set_nice(struct policy_process *pp, const char *arg,
		    struct nb_error *err);
/* `oom-score-adj N`, 0 to 1000. */
int limits_set_oom_score_adj(struct policy_process *pp, const char *arg,
			     struct nb_error *err);
/* `cpu 0,2-3`: replaces an earlier cpu directive. */
int limits_set_cpus(struct policy_process *pp, const char *arg,
		    struct nb_error *err);
/* `keep-fd all` or `keep-fd 3,4`: added to earlier ones. */
int limits_set_keep_fd(struct policy_process *pp, const char *arg,
		       struct nb_error *err);

/* "rlimit-as"... */
const char *limits_rlimit_name(enum policy_rlimit which);

/* --- plans (pure) --- */

struct limits_rlimit_call {
	int resource;		/* RLIMIT_* */
	unsigned long long value;	/* soft and hard */
	enum policy_rlimit which;
};

/* The setrlimit(2) calls the policy asks for; returns how many. */
size_t limits_rlimit_calls(const struct policy_process *pp,
			   struct limits_rlimit_call calls[POLICY_RLIMIT_COUNT]);

struct limits_fd_range {
	unsigned first, last;	/* for close_range(first, last, 0) */
};

#define LIMITS_FD_RANGES_MAX (POLICY_KEEP_FD_MAX + 2)

/* The ranges to close so that only 0, 1, 2, the kept descriptors and
 * @extra (when >= 0) stay open; none under keep-fd all. */
size_t limits_close_ranges(const struct policy_process *pp, int extra,
			   struct limits_fd_range out[LIMITS_FD_RANGES_MAX]);

/* "01:30:00" */
void limits_format_timeout(unsigned seconds, char *buf, size_t size);
/* "0,2-3" */
void limits_format_cpus(const cpu_set_t *cpus, char *buf, size_t size);

/* For --dry-run: one line per directive given. */
void limits_print(FILE *out, const struct policy_process *pp);

/* --- effects --- */

/*
 * In the launcher, before anything starts: every CPU of `cpu` usable.
 * An rlimit above the hard limit the program inherits is a warning: it
 * keeps that one, lower (raising it needs privilege), so that a shipped
 * profile's default (rlimit-nproc 2000) does not stop a caller whose own
 * limit is stricter.  @as_root: whether caps.keep can mean anything.
 */
int limits_check(const struct policy_process *pp, bool as_root,
		 struct nb_error *err);

/* In the program's process: setrlimit (at most the hard limit it has),
 * setpriority, sched_setaffinity, /proc/self/oom_score_adj.  A nice
 * value the caller may not take is a warning. */
int limits_apply(const struct policy_process *pp, struct nb_error *err);

/* oom-score-adj: raises /proc/self/oom_score_adj (its children inherit
 * it), in init before the program starts and in a joining process. */
int limits_oom_apply(const struct policy_process *pp, struct nb_error *err);

int limits_close_fds(const struct policy_process *pp, int extra,
		     struct nb_error *err);

/*
 * restrict-namespaces, in depth (user_namespaces(7), kernel/ucount.c):
 * the types it names (every type under --noprofile).
 * every user namespace has its own user.max_*_namespaces, checked at
 * each level up the chain, and /proc/sys/user shows the opener's.
 * /proc/sys is read-only in the sandbox, so init opens the host's
 * /proc/sys/user before building the root (limits_ns_open), and init and
 * the program's process each zero their own namespace's limits through
 * it (limits_ns_set: CAP_SYS_RESOURCE there), then close it (init.c).
 * The descriptor reaches the host's proc: it is close-on-exec, and the
 * program's process closes it first thing.
 */
int limits_ns_open(struct nb_error *err);
/* user.max_*_namespaces: the types in @refused (CLONE_NEW* flags,
 * restrict-namespaces) 0, the others @host_max's (-1: left as they are),
 * which the launcher reads on the host (limits_ns_read_host). */
#define LIMITS_NS_TYPES 8
void limits_ns_read_host(int host_max[LIMITS_NS_TYPES]);
int limits_ns_set(int dir, unsigned long refused,
		  const int host_max[LIMITS_NS_TYPES], struct nb_error *err);

#endif
