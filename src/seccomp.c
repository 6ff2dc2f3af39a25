// SPDX-License-Identifier: GPL-2.0-or-later
#include "seccomp.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

void seccomp_plan_init(struct seccomp_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	plan->badarch_errnum = EPERM;
}

void seccomp_plan_free(struct seccomp_plan *plan)
{
	free(plan->rules);
	memset(plan, 0, sizeof(*plan));
}

int seccomp_plan_add(struct seccomp_plan *plan, const struct seccomp_rule *r,
		     struct nb_error *err)
{
	if (plan->n == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 128;
		struct seccomp_rule *grown =
			realloc(plan->rules, cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "seccomp plan");
		plan->rules = grown;
		plan->cap = cap;
	}
	plan->rules[plan->n++] = *r;
	return 0;
}

static int add_plain(struct seccomp_plan *plan, const char *name, int errnum,
		     struct nb_error *err)
{
	struct seccomp_rule r = { .syscall = name, .errnum = errnum };

	return seccomp_plan_add(plan, &r, err);
}

static int add_masked(struct seccomp_plan *plan, const char *name,
		      unsigned arg, uint64_t mask, uint64_t value,
		      struct nb_error *err)
{
	struct seccomp_rule r = {
		.syscall = name, .errnum = EPERM, .n_conds = 1,
		.conds = { { arg, SECCOMP_CMP_MASKED_EQ, mask, value } },
	};

	return seccomp_plan_add(plan, &r, err);
}

/* Calls no sandboxed desktop program needs, each a known way to reach the
 * kernel's or the host's sensitive parts. */
static const char *const refused_always[] = {
	/* kernel modules and replacing the kernel */
	"init_module", "finit_module", "delete_module", "kexec_load",
	"kexec_file_load", "reboot",
	/* swap, mounts: the mount API included, so no blacklist is undone */
	"swapon", "swapoff", "mount", "umount2", "pivot_root", "move_mount",
	"open_tree", "fsopen", "fsmount", "fsconfig", "fspick",
	"mount_setattr",
	/* reading or steering other processes */
	"ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
	/* kernel keyrings are not namespaced */
	"keyctl", "add_key", "request_key",
	/* large kernel attack surface, rarely needed */
	"bpf", "perf_event_open", "userfaultfd",
	/* file handles bypass the mount namespace (the shocker exploit) */
	"open_by_handle_at", "name_to_handle_at",
	/* host-wide accounting, quotas, logs, old or raw interfaces */
	"acct", "quotactl", "quotactl_fd", "syslog", "lookup_dcookie",
	"nfsservctl", "vhangup", "iopl", "ioperm",
	/* the clock is the host's */
	"clock_settime", "settimeofday", "adjtimex", "clock_adjtime",
};

static const uint64_t namespace_flags[] = {
	CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC,
	CLONE_NEWUTS, CLONE_NEWCGROUP, CLONE_NEWTIME,
};

/*
 * personality(2) is allowed only for PER_LINUX, PER_LINUX32, UNAME26 and
 * their combination, and the 0xffffffff query; other personas (e.g.
 * READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE) weaken exploit mitigations.
 * libseccomp allows one comparison per argument in a rule, so the refused
 * set is written as a union: ignoring the two allowed bits (3, 17), a
 * 32-bit word that is neither all 0 nor all 1 has, cyclically, a set bit
 * followed by a clear one; plus the three all-ones words lacking bit 3 or
 * bit 17.
 */
static int add_personality_rules(struct seccomp_plan *plan,
				 struct nb_error *err)
{
	unsigned bits[30], n = 0;

	for (unsigned b = 0; b < 32; b++)
		if (b != 3 && b != 17)
			bits[n++] = b;
	for (unsigned i = 0; i < n; i++) {
		uint64_t set = 1ull << bits[i];
		uint64_t clear = 1ull << bits[(i + 1) % n];

		if (add_masked(plan, "personality", 0, set | clear, set, err) < 0)
			return -1;
	}
	if (add_masked(plan, "personality", 0, 0xffffffff, 0xfffffff7, err) < 0 ||
	    add_masked(plan, "personality", 0, 0xffffffff, 0xfffdffff, err) < 0 ||
	    add_masked(plan, "personality", 0, 0xffffffff, 0xfffdfff7, err) < 0)
		return -1;
	return 0;
}

int seccomp_plan_default(struct seccomp_plan *plan, struct nb_error *err)
{
	for (size_t i = 0; i < sizeof(refused_always) / sizeof(*refused_always);
	     i++)
		if (add_plain(plan, refused_always[i], EPERM, err) < 0)
			return -1;

	/* New namespaces would give the program capabilities again (in a
	 * new user namespace) and a way to remount what is hidden. clone3
	 * passes its flags in memory a filter cannot read: ENOSYS makes libc
	 * fall back to clone(), whose flags are checked. */
	for (size_t i = 0; i < sizeof(namespace_flags) / sizeof(*namespace_flags);
	     i++) {
		uint64_t f = namespace_flags[i];

		if (add_masked(plan, "unshare", 0, f, f, err) < 0 ||
		    add_masked(plan, "clone", 0, f, f, err) < 0)
			return -1;
	}
	if (add_plain(plan, "clone3", ENOSYS, err) < 0)
		return -1;

	/* TIOCSTI pushes input into the terminal (run as the caller, in the
	 * caller's shell); TIOCLINUX can do the same on a console.  The
	 * command is an int: compare 32 bits so high garbage cannot slip by
	 * (CVE-2019-10063). */
	if (add_masked(plan, "ioctl", 1, 0xffffffff, TIOCSTI, err) < 0 ||
	    add_masked(plan, "ioctl", 1, 0xffffffff, TIOCLINUX, err) < 0)
		return -1;

	/* The audit socket lets a process write to the host's audit log. */
	{
		struct seccomp_rule r = {
			.syscall = "socket", .errnum = EPERM, .n_conds = 2,
			.conds = { { 0, SECCOMP_CMP_MASKED_EQ, 0xffffffff,
				     AF_NETLINK },
				   { 2, SECCOMP_CMP_MASKED_EQ, 0xffffffff,
				     NETLINK_AUDIT } },
		};
		if (seccomp_plan_add(plan, &r, err) < 0)
			return -1;
	}
	return add_personality_rules(plan, err);
}

void seccomp_plan_print(FILE *out, const struct seccomp_plan *plan)
{
	fprintf(out, "seccomp (%zu rules; other ABIs: %s):\n", plan->n,
		strerror(plan->badarch_errnum));
	for (size_t i = 0; i < plan->n; i++) {
		const struct seccomp_rule *r = &plan->rules[i];

		fprintf(out, "  %-18s %s", r->syscall,
			r->errnum == ENOSYS ? "ENOSYS" : "EPERM");
		for (unsigned c = 0; c < r->n_conds; c++)
			fprintf(out, "%s arg%u & %#llx == %#llx",
				c ? " and" : " if", r->conds[c].arg,
				(unsigned long long)r->conds[c].mask,
				(unsigned long long)r->conds[c].value);
		fputc('\n', out);
	}
}

static int add_to_ctx(scmp_filter_ctx ctx, const struct seccomp_rule *r,
		      struct nb_error *err)
{
	struct scmp_arg_cmp cmps[SECCOMP_MAX_CONDS];
	int nr = seccomp_syscall_resolve_name(r->syscall);
	int rc;

	/* A name this architecture does not have is nothing to refuse. */
	if (nr == __NR_SCMP_ERROR)
		return 0;
	for (unsigned c = 0; c < r->n_conds; c++)
		cmps[c] = (struct scmp_arg_cmp){ r->conds[c].arg,
						 SCMP_CMP_MASKED_EQ,
						 r->conds[c].mask,
						 r->conds[c].value };
	rc = seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO((uint32_t)r->errnum),
				    nr, r->n_conds, cmps);
	if (rc < 0)
		return nb_fail(err, -rc, "seccomp rule for %s", r->syscall);
	return 0;
}

int seccomp_compile(const struct seccomp_plan *plan, struct seccomp_bpf *bpf,
		    struct nb_error *err)
{
	scmp_filter_ctx ctx;
	off_t size;
	int fd = -1, rc;

	memset(bpf, 0, sizeof(*bpf));
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return nb_fail(err, ENOMEM, "seccomp_init");
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      SCMP_ACT_ERRNO((uint32_t)plan->badarch_errnum));
	if (rc < 0) {
		nb_fail(err, -rc, "seccomp: action for other ABIs");
		goto fail;
	}
	for (size_t i = 0; i < plan->n; i++)
		if (add_to_ctx(ctx, &plan->rules[i], err) < 0)
			goto fail;

	/* Export, rather than seccomp_load(), so the BPF can be built while
	 * the id maps are written and loaded later by the program's process
	 * with one system call. */
	fd = memfd_create("nestbox-seccomp", MFD_CLOEXEC);
	if (fd < 0) {
		nb_fail(err, errno, "memfd_create");
		goto fail;
	}
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0) {
		nb_fail(err, -rc, "seccomp_export_bpf");
		goto fail;
	}
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % (off_t)sizeof(struct sock_filter)) {
		nb_fail(err, EINVAL, "seccomp filter size %lld", (long long)size);
		goto fail;
	}
	bpf->insns = malloc((size_t)size);
	if (!bpf->insns || pread(fd, bpf->insns, (size_t)size, 0) != size) {
		nb_fail(err, bpf->insns ? errno : ENOMEM, "read seccomp filter");
		goto fail;
	}
	bpf->len = (size_t)size / sizeof(struct sock_filter);
	close(fd);
	seccomp_release(ctx);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	seccomp_release(ctx);
	seccomp_bpf_free(bpf);
	return -1;
}

void seccomp_bpf_free(struct seccomp_bpf *bpf)
{
	free(bpf->insns);
	bpf->insns = NULL;
	bpf->len = 0;
}

int seccomp_install(const struct seccomp_bpf *bpf, struct nb_error *err)
{
	struct sock_fprog prog = { .len = (unsigned short)bpf->len,
				   .filter = bpf->insns };

	if (bpf->len == 0 || bpf->len > BPF_MAXINSNS)
		return nb_fail(err, EINVAL, "seccomp filter of %zu instructions",
			       bpf->len);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return nb_fail(err, errno, "load the seccomp filter");
	return 0;
}
