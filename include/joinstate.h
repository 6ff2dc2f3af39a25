/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a process joining a sandbox (--join) needs to be confined as the
 * sandbox's program is: recorded by init in the registry entry's "join"
 * file while the program starts (not on its path), read back by join.c.
 * Recorded, not re-derived: the profiles may have changed since the
 * launch.  Five sections:
 *
 *   environ    the program's environment, NUL-separated
 *   cwd        its working directory, inside the sandbox
 *   landlock   its Landlock policy, as NUL-separated words
 *   seccomp    its filters (without trace-denials' notifications), BPF
 *   process    nogroups, its rlimits, nice, oom-score-adj and cpu, as
 *              NUL-separated words (the directives' own syntax)
 *
 * The entry lies in the caller's private registry, which no sandbox
 * shows (mountplan_fs.c): a sandboxed program cannot rewrite it.
 */
#ifndef NESTBOX_JOINSTATE_H
#define NESTBOX_JOINSTATE_H

#include <stddef.h>

#include "log.h"
#include "policy.h"
#include "seccomp.h"

struct joinstate {
	char **env;		/* NULL-terminated */
	char *env_buf;
	char *cwd;
	struct policy_landlock landlock;
	struct seccomp_bpf bpf;
	/* nogroups, rlimit-*, nice, oom-score-adj and cpu only */
	struct policy_process process;
};

/* --- pure (unit-tested) ------------------------------------------------ */

/* The Landlock policy as words, and back. */
int joinstate_format_landlock(const struct policy_landlock *ll, char **buf,
			      size_t *len, struct nb_error *err);
int joinstate_parse_landlock(const char *buf, size_t len,
			     struct policy_landlock *ll, struct nb_error *err);

/* The filters as "NBSC", a count, then (length, instructions) each; the
 * parse checks every length against what it read. */
int joinstate_format_seccomp(const struct seccomp_bpf *bpf, char **buf,
			     size_t *len, struct nb_error *err);
int joinstate_parse_seccomp(const char *buf, size_t len,
			    struct seccomp_bpf *bpf, struct nb_error *err);

/* nogroups, the rlimits, nice and cpu of @pp as words ("nogroups",
 * "rlimit-nofile" "64", "nice" "5", "cpu" "0-1"), and back through the
 * directives' parsers. */
int joinstate_format_process(const struct policy_process *pp, char **buf,
			     size_t *len, struct nb_error *err);
int joinstate_parse_process(const char *buf, size_t len,
			    struct policy_process *pp, struct nb_error *err);

/* The whole file; every length checked against what is there. */
int joinstate_parse(const char *buf, size_t len, struct joinstate *js,
		    struct nb_error *err);

/* --- on the host / in the sandbox ------------------------------------ */

/* With the environment and working directory the program was given
 * (init sets its own to the same, program.c). */
int joinstate_record(int dir_fd, const struct policy_landlock *ll,
		     const struct seccomp_bpf *bpf,
		     const struct policy_process *pp, struct nb_error *err);

int joinstate_read(int dir_fd, struct joinstate *js, struct nb_error *err);
void joinstate_free(struct joinstate *js);

#endif
