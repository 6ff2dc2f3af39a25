/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Seccomp: a rule set (pure data, printed by --dry-run, unit-tested; built
 * by seccomp_plan.c from the baseline and the profile's directives),
 * compiled to BPF with libseccomp (seccomp.c), installed last before
 * execve.
 *
 * The main filter is a blocklist: every listed call gets its verdict
 * (an errno, a kill, or a log), everything else is allowed.  seccomp.keep
 * adds a second filter, an allowlist; the kernel runs both and the
 * stricter answer wins (seccomp(2)), so the baseline's argument checks
 * hold even for calls the allowlist names.
 */
#ifndef NESTBOX_SECCOMP_H
#define NESTBOX_SECCOMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "log.h"
#include "policy.h"

enum seccomp_cmp {
	SECCOMP_CMP_MASKED_EQ,	/* (arg & mask) == value */
	SECCOMP_CMP_GE,		/* arg >= value (all 64 bits) */
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
	int errnum;		/* for SECCOMP_VERDICT_ERRNO */
	unsigned n_conds;	/* 0: always; else all must hold */
	struct seccomp_cond conds[SECCOMP_MAX_CONDS];
	enum seccomp_verdict verdict;	/* 0: an errno */
	const char *why;	/* static: "baseline", "@debug", "protocol"... */
};

struct seccomp_plan {
	struct seccomp_rule *rules;
	size_t n, cap;
	int badarch_errnum;	/* answer for non-native ABIs (x32, i386) */
	/* seccomp.keep: only these calls (names, unsorted, unique). */
	bool keep_mode;
	const char **keep;
	size_t n_keep, cap_keep;
	struct seccomp_action keep_action;
	/* trace-denials: refusals go to init, which answers and reports. */
	bool trace;
	/* Names the plan made (group members), freed with it. */
	char **owned;
	size_t n_owned, cap_owned;
	/* restrict-namespaces: the CLONE_NEW* types refused, by the rules
	 * above and by init (user.max_*_namespaces 0). */
	unsigned long ns_refused;
	/* The ABI whose names the rules are resolved on: 0 native, else
	 * SCMP_ARCH_X86 for the i386 plan below. */
	uint32_t arch;
	/* Without seccomp.block-secondary: the i386 ABI's own rule set (the
	 * native rules adapted, then seccomp.32's lists); NULL: refused. */
	struct seccomp_plan *i386;
	/* i386: conditional socket rules cannot be checked through
	 * socketcall(2), which passes its arguments in memory. */
	bool socket_args_unchecked;
	/* io_uring's calls a profile took out of the baseline by name
	 * (`!io_uring_setup`...): bit 0 setup, 1 enter, 2 register. */
	unsigned io_uring_allowed;
};

/* The compiled filters, ready for seccomp(SECCOMP_SET_MODE_FILTER): the
 * blocklist first, then the allowlists when there are (seccomp.keep's,
 * seccomp.32.keep's). */
#define SECCOMP_MAX_FILTERS 3

struct seccomp_bpf {
	void *insns;		/* struct sock_filter[] of the blocklist */
	size_t len;		/* number of instructions */
	void *keep_insns;	/* the allowlist, or NULL */
	size_t keep_len;
	void *keep32_insns;	/* seccomp.32.keep's allowlist, or NULL */
	size_t keep32_len;
	/* trace-denials: which filter reports its refusals to a listener.
	 * A thread can have one listener (seccomp(2), EBUSY): with
	 * seccomp.keep it is the allowlist's, and the blocklist's refusals
	 * then keep their errno unreported. */
	bool notify;
	bool keep_notify;
};

void seccomp_plan_init(struct seccomp_plan *plan);
void seccomp_plan_free(struct seccomp_plan *plan);
int seccomp_plan_add(struct seccomp_plan *plan, const struct seccomp_rule *r,
		     struct nb_error *err);

/* The baseline filter every sandbox gets (issue #2). */
int seccomp_plan_default(struct seccomp_plan *plan, struct nb_error *err);

/* The baseline, then the profile's directives; duplicates merged. */
int seccomp_plan_build(struct seccomp_plan *plan,
		       const struct policy_seccomp *s, struct nb_error *err);

void seccomp_plan_print(FILE *out, const struct seccomp_plan *plan);

/* The calls the plan refuses (or checks) that io_uring can do as an
 * operation, which its rules then do not hold for: "socket,connect" in
 * @out; returns how many. */
size_t seccomp_plan_io_uring_bypass(const struct seccomp_plan *plan,
				    char *out, size_t size);

/*
 * Which rule refused a call: for trace-denials, given what the kernel
 * reports (native syscall number and arguments).  Returns the rule, or
 * NULL with *by_keep set when only the allowlist refused it.
 */
const struct seccomp_rule *seccomp_plan_explain(const struct seccomp_plan *plan,
						int nr, const uint64_t args[6],
						bool *by_keep);

int seccomp_compile(const struct seccomp_plan *plan, struct seccomp_bpf *bpf,
		    struct nb_error *err);
void seccomp_bpf_free(struct seccomp_bpf *bpf);

/*
 * Needs no_new_privs already set; call it last before execve.  With
 * bpf->notify, @listeners receives one descriptor per filter installed
 * (*n_listeners of them) for init to answer; else *n_listeners is 0.
 */
int seccomp_install(const struct seccomp_bpf *bpf, int *listeners,
		    size_t *n_listeners, struct nb_error *err);

#endif
