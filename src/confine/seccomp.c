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

/* The number to give libseccomp for a rule of @plan: the native one;
 * for the i386 plan a pseudo-number too (chown32 on x86_64), which
 * libseccomp translates to the ABI of the context. */
static int rule_nr(const struct seccomp_plan *plan, const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (plan->arch)
		return seccomp_syscall_resolve_name_arch(plan->arch, name) < 0 ?
			       -1 : nr;
	return nr;
}

static int add_to_ctx(scmp_filter_ctx ctx, const struct seccomp_plan *plan,
		      bool notify, const struct seccomp_rule *r,
		      struct nb_error *err)
{
	struct scmp_arg_cmp cmps[SECCOMP_MAX_CONDS];
	int nr = rule_nr(plan, r->syscall);
	int rc;

	/* A name the plan's ABI does not have is nothing to refuse. */
	if (nr == -1 || nr == __NR_SCMP_ERROR)
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

/* A context for @plan's ABI alone, whose default is @def; the calls of
 * an ABI not in the filter get @badarch. */
static scmp_filter_ctx new_ctx(const struct seccomp_plan *plan, uint32_t def,
			       uint32_t badarch, struct nb_error *err)
{
	scmp_filter_ctx ctx = seccomp_init(def);
	int rc;

	if (!ctx)
		return nb_fail(err, ENOMEM, "seccomp_init"), NULL;
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, badarch);
	if (rc == 0 && plan->arch) {
		rc = seccomp_arch_add(ctx, plan->arch);
		if (rc == 0)
			rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	}
	if (rc < 0) {
		nb_fail(err, -rc, "seccomp: the filter's ABIs");
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

/* The blocklist: every rule of the plan, and the i386 plan's for that
 * ABI; calls of other ABIs (x32, i386 under block-secondary) refused.
 * x32 stays refused: no program the profiles are written for uses it,
 * and its calls share the native audit arch, so the rules would need
 * their x32 numbers too.  i386 refusals are answered by the filter, not
 * by init (trace-denials explains native calls). */
static int compile_blocklist(const struct seccomp_plan *plan,
			     struct seccomp_bpf *bpf, struct nb_error *err)
{
	uint32_t badarch = SCMP_ACT_ERRNO((uint32_t)plan->badarch_errnum);
	scmp_filter_ctx ctx = new_ctx(plan, SCMP_ACT_ALLOW, badarch, err);
	scmp_filter_ctx ctx32 = NULL;
	int rc = -1;

	if (!ctx)
		return -1;
	for (size_t i = 0; i < plan->n; i++)
		if (add_to_ctx(ctx, plan, bpf->notify, &plan->rules[i], err) < 0)
			goto out;
	if (plan->i386) {
		ctx32 = new_ctx(plan->i386, SCMP_ACT_ALLOW, badarch, err);
		if (!ctx32)
			goto out;
		for (size_t i = 0; i < plan->i386->n; i++)
			if (add_to_ctx(ctx32, plan->i386, false,
				       &plan->i386->rules[i], err) < 0)
				goto out;
		rc = seccomp_merge(ctx, ctx32);
		if (rc < 0) {
			nb_fail(err, -rc, "seccomp: the i386 rules");
			goto out;
		}
		ctx32 = NULL;	/* merged into ctx, released with it */
	}
	rc = export_bpf(ctx, &bpf->insns, &bpf->len, err);
out:
	if (ctx32)
		seccomp_release(ctx32);
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
}

/*
 * seccomp.keep (or seccomp.32.keep): the listed calls of the plan's ABI
 * allowed, every other one refused.  The other ABIs pass this filter
 * when @others_pass (the blocklist answers for them): seccomp.keep is
 * native only, seccomp.32.keep i386 only, as in firejail.
 */
static int compile_allowlist(const struct seccomp_plan *plan,
			     bool notify, bool others_pass, void **insns,
			     size_t *len, struct nb_error *err)
{
	const struct seccomp_action *a = &plan->keep_action;
	scmp_filter_ctx ctx;
	int rc = -1;

	ctx = new_ctx(plan, a->verdict == SECCOMP_VERDICT_LOG ?
				    SCMP_ACT_LOG :
				    refusal(notify, a->verdict, a->errnum),
		      others_pass ? SCMP_ACT_ALLOW :
				    SCMP_ACT_ERRNO((uint32_t)plan->badarch_errnum),
		      err);
	if (!ctx)
		return -1;
	for (size_t i = 0; i < plan->n_keep; i++) {
		int nr = rule_nr(plan, plan->keep[i]);

		if (nr == -1 || nr == __NR_SCMP_ERROR)
			continue;
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (rc < 0) {
			nb_fail(err, -rc, "seccomp.keep %s", plan->keep[i]);
			goto out;
		}
	}
	rc = export_bpf(ctx, insns, len, err);
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
	    (plan->keep_mode &&
	     compile_allowlist(plan, bpf->keep_notify, plan->i386 != NULL,
			       &bpf->keep_insns, &bpf->keep_len, err) < 0) ||
	    (plan->i386 && plan->i386->keep_mode &&
	     compile_allowlist(plan->i386, false, true, &bpf->keep32_insns,
			       &bpf->keep32_len, err) < 0)) {
		seccomp_bpf_free(bpf);
		return -1;
	}
	return 0;
}

void seccomp_bpf_free(struct seccomp_bpf *bpf)
{
	free(bpf->insns);
	free(bpf->keep_insns);
	free(bpf->keep32_insns);
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
	if (bpf->keep_insns) {
		fd = install_one(bpf->keep_insns, bpf->keep_len,
				 bpf->keep_notify, err);
		if (fd < 0)
			return -1;
		if (bpf->keep_notify)
			listeners[(*n_listeners)++] = fd;
	}
	if (bpf->keep32_insns &&
	    install_one(bpf->keep32_insns, bpf->keep32_len, false, err) < 0)
		return -1;
	return 0;
}
