/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Seccomp: a rule set (pure data, printed by --dry-run, unit-tested),
 * compiled to BPF with libseccomp, installed last before execve.
 *
 * The filter is a blocklist: every listed call fails with its errno
 * (EPERM, or ENOSYS for clone3 so libc falls back to clone, whose flags a
 * filter can read), nothing kills the program.
 */
#ifndef NESTBOX_SECCOMP_H
#define NESTBOX_SECCOMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "log.h"

enum seccomp_cmp {
	SECCOMP_CMP_MASKED_EQ,	/* (arg & mask) == value */
};

struct seccomp_cond {
	unsigned arg;
	enum seccomp_cmp cmp;
	uint64_t mask;
	uint64_t value;
};

#define SECCOMP_MAX_CONDS 2

struct seccomp_rule {
	const char *syscall;	/* name, resolved for the native arch */
	int errnum;
	unsigned n_conds;	/* 0: always; else all must hold */
	struct seccomp_cond conds[SECCOMP_MAX_CONDS];
};

struct seccomp_plan {
	struct seccomp_rule *rules;
	size_t n, cap;
	int badarch_errnum;	/* answer for non-native ABIs (x32, i386) */
};

/* The compiled filter, ready for seccomp(SECCOMP_SET_MODE_FILTER). */
struct seccomp_bpf {
	void *insns;		/* struct sock_filter[] */
	size_t len;		/* number of instructions */
};

void seccomp_plan_init(struct seccomp_plan *plan);
void seccomp_plan_free(struct seccomp_plan *plan);
int seccomp_plan_add(struct seccomp_plan *plan, const struct seccomp_rule *r,
		     struct nb_error *err);

/* The baseline filter every sandbox gets (issue #2). */
int seccomp_plan_default(struct seccomp_plan *plan, struct nb_error *err);
void seccomp_plan_print(FILE *out, const struct seccomp_plan *plan);

int seccomp_compile(const struct seccomp_plan *plan, struct seccomp_bpf *bpf,
		    struct nb_error *err);
void seccomp_bpf_free(struct seccomp_bpf *bpf);

/* Needs no_new_privs already set; call it last before execve. */
int seccomp_install(const struct seccomp_bpf *bpf, struct nb_error *err);

#endif
