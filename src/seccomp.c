// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The rule set (seccomp_plan.c) compiled to BPF with libseccomp, and
 * installed.  Compiled in init while the id maps are written; installed
 * by the program's process as its last step before execve.
 */
#include "seccomp.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint32_t refusal(bool notify, enum seccomp_verdict verdict,
			int errnum)
{
	switch (verdict) {
	case SECCOMP_VERDICT_LOG:
		/* allowed: never handed to init, which only refuses */
		return SCMP_ACT_LOG;
	case SECCOMP_VERDICT_KILL:
		return notify ? SCMP_ACT_NOTIFY : SCMP_ACT_KILL_PROCESS;
	case SECCOMP_VERDICT_ERRNO:
		break;
	}
	return notify ? SCMP_ACT_NOTIFY : SCMP_ACT_ERRNO((uint32_t)errnum);
}

static int add_to_ctx(scmp_filter_ctx ctx, bool notify,
		      const struct seccomp_rule *r, struct nb_error *err)
{
	struct scmp_arg_cmp cmps[SECCOMP_MAX_CONDS];
	int nr = seccomp_syscall_resolve_name(r->syscall);
	int rc;

	/* A name this architecture does not have (unknown, or a negative
	 * pseudo-number) is nothing to refuse. */
	if (nr < 0)
		return 0;
	for (unsigned c = 0; c < r->n_conds; c++) {
		const struct seccomp_cond *k = &r->conds[c];

		cmps[c] = k->cmp == SECCOMP_CMP_GE ?
			(struct scmp_arg_cmp){ k->arg, SCMP_CMP_GE, k->value, 0 } :
			(struct scmp_arg_cmp){ k->arg, SCMP_CMP_MASKED_EQ,
					       k->mask, k->value };
	}
	rc = seccomp_rule_add_array(ctx, refusal(notify, r->verdict, r->errnum),
				    nr, r->n_conds, cmps);
	if (rc < 0)
		return nb_fail(err, -rc, "seccomp rule for %s", r->syscall);
	return 0;
}

/* Export, rather than seccomp_load(), so the BPF can be built while the
 * id maps are written and loaded later by the program's process with one
 * system call. */
static int export_bpf(scmp_filter_ctx ctx, void **insns, size_t *len,
		      struct nb_error *err)
{
	int fd = memfd_create("nestbox-seccomp", MFD_CLOEXEC);
	off_t size;
	int rc;

	if (fd < 0)
		return nb_fail(err, errno, "memfd_create");
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0) {
		close(fd);
		return nb_fail(err, -rc, "seccomp_export_bpf");
	}
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % (off_t)sizeof(struct sock_filter)) {
		close(fd);
		return nb_fail(err, EINVAL, "seccomp filter size %lld",
			       (long long)size);
	}
	*insns = malloc((size_t)size);
	if (!*insns || pread(fd, *insns, (size_t)size, 0) != size) {
		rc = *insns ? errno : ENOMEM;
		free(*insns);
		*insns = NULL;
		close(fd);
		return nb_fail(err, rc, "read seccomp filter");
	}
	*len = (size_t)size / sizeof(struct sock_filter);
	close(fd);
	return 0;
}

/* The blocklist: every rule of the plan; calls of other ABIs refused. */
static int compile_blocklist(const struct seccomp_plan *plan,
			     struct seccomp_bpf *bpf, struct nb_error *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (!ctx)
		return nb_fail(err, ENOMEM, "seccomp_init");
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      SCMP_ACT_ERRNO((uint32_t)plan->badarch_errnum));
	if (rc < 0) {
		nb_fail(err, -rc, "seccomp: action for other ABIs");
		goto out;
	}
	rc = -1;
	for (size_t i = 0; i < plan->n; i++)
		if (add_to_ctx(ctx, bpf->notify, &plan->rules[i], err) < 0)
			goto out;
	rc = export_bpf(ctx, &bpf->insns, &bpf->len, err);
out:
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
}

/* seccomp.keep: the listed calls allowed, every other one refused. */
static int compile_allowlist(const struct seccomp_plan *plan,
			     struct seccomp_bpf *bpf, struct nb_error *err)
{
	const struct seccomp_action *a = &plan->keep_action;
	scmp_filter_ctx ctx;
	int rc = -1;

	ctx = seccomp_init(a->verdict == SECCOMP_VERDICT_LOG ?
				   SCMP_ACT_LOG :
				   refusal(bpf->keep_notify, a->verdict,
					   a->errnum));
	if (!ctx)
		return nb_fail(err, ENOMEM, "seccomp_init");
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			     SCMP_ACT_ERRNO((uint32_t)plan->badarch_errnum)) < 0) {
		nb_fail(err, EINVAL, "seccomp: action for other ABIs");
		goto out;
	}
	for (size_t i = 0; i < plan->n_keep; i++) {
		int nr = seccomp_syscall_resolve_name(plan->keep[i]);

		if (nr < 0)
			continue;
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (rc < 0) {
			nb_fail(err, -rc, "seccomp.keep %s", plan->keep[i]);
			goto out;
		}
	}
	rc = export_bpf(ctx, &bpf->keep_insns, &bpf->keep_len, err);
out:
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
}

int seccomp_compile(const struct seccomp_plan *plan, struct seccomp_bpf *bpf,
		    struct nb_error *err)
{
	memset(bpf, 0, sizeof(*bpf));
	bpf->notify = plan->trace && !plan->keep_mode;
	bpf->keep_notify = plan->trace && plan->keep_mode;
	if (compile_blocklist(plan, bpf, err) < 0 ||
	    (plan->keep_mode && compile_allowlist(plan, bpf, err) < 0)) {
		seccomp_bpf_free(bpf);
		return -1;
	}
	return 0;
}

void seccomp_bpf_free(struct seccomp_bpf *bpf)
{
	free(bpf->insns);
	free(bpf->keep_insns);
	memset(bpf, 0, sizeof(*bpf));
}

static int install_one(void *insns, size_t len, bool notify,
		       struct nb_error *err)
{
	struct sock_fprog prog = { .len = (unsigned short)len,
				   .filter = insns };
	int rc;

	if (len == 0 || len > BPF_MAXINSNS)
		return nb_fail(err, EINVAL, "seccomp filter of %zu instructions",
			       len);
	rc = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  notify ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0, &prog);
	if (rc < 0)
		return nb_fail(err, errno, "load the seccomp filter");
	return notify ? rc : 0;
}

int seccomp_install(const struct seccomp_bpf *bpf, int *listeners,
		    size_t *n_listeners, struct nb_error *err)
{
	int fd;

	*n_listeners = 0;
	fd = install_one(bpf->insns, bpf->len, bpf->notify, err);
	if (fd < 0)
		return -1;
	if (bpf->notify)
		listeners[(*n_listeners)++] = fd;
	if (!bpf->keep_insns)
		return 0;
	fd = install_one(bpf->keep_insns, bpf->keep_len, bpf->keep_notify,
			 err);
	if (fd < 0)
		return -1;
	if (bpf->keep_notify)
		listeners[(*n_listeners)++] = fd;
	return 0;
}
