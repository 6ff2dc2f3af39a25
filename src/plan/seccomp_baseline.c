// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The seccomp baseline every sandbox gets, before the profile's lists
 * (seccomp_plan.c): calls refused always, namespaces, io_uring, TIOCSTI,
 * the audit socket, personality.  Pure: rules as data.
 */
#include "seccomp_baseline.h"

#include <errno.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "seccomp_policy.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

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

/*
 * allow-debuggers: what a debugger needs (firejail's @default instead of
 * @default-nodebuggers).  Safe to allow: the pid namespace shows only the
 * sandbox's processes, so nothing outside can be attached to.
 */
static bool debugger_call(const char *name)
{
	return strcmp(name, "ptrace") == 0 ||
	       strcmp(name, "process_vm_readv") == 0;
}

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

/*
 * io_uring does in the kernel, from a ring in shared memory, what
 * socket(2), connect(2), openat(2)... do, without those calls: a filter
 * never sees its operations' arguments, so every argument check above
 * and every refused call io_uring has an operation for would be bypassed
 * (the audit socket, protocol, seccomp.drop socket...).  Refused as
 * container runtimes' default profiles do, with ENOSYS: a kernel built
 * without it, so libraries (liburing users, libuv, tokio) fall back to
 * the plain calls.  A profile that needs it takes a call out by name,
 * firejail's spelling for an exception (`seccomp !io_uring_setup`), and
 * launch.c reports what io_uring then bypasses.
 */
const char *const seccomp_io_uring_calls[SECCOMP_IO_URING_CALLS] = {
	"io_uring_setup", "io_uring_enter", "io_uring_register",
};

int seccomp_baseline_add(struct seccomp_plan *plan, bool allow_debuggers,
			 unsigned long ns_refused, unsigned uring_allowed,
			 struct nb_error *err)
{
	for (size_t i = 0; i < SECCOMP_IO_URING_CALLS; i++)
		if (!(uring_allowed & (1u << i)) &&
		    add_plain(plan, seccomp_io_uring_calls[i], ENOSYS, err) < 0)
			return -1;

	for (size_t i = 0; i < sizeof(refused_always) / sizeof(*refused_always);
	     i++) {
		if (allow_debuggers && debugger_call(refused_always[i]))
			continue;
		if (add_plain(plan, refused_always[i], EPERM, err) < 0)
			return -1;
	}

	/* restrict-namespaces: the types it names (all under --noprofile).
	 * A namespace the program may make (firejail's meaning of a profile
	 * without the directive: a browser's own sandbox) holds no more
	 * than the sandbox: this filter is inherited, mount and its API are
	 * refused above, Landlock stays, the mounts it sees are locked, and
	 * only the caller's own ids can be mapped.  clone3 passes its flags
	 * in memory a filter cannot read: ENOSYS makes libc fall back to
	 * clone(), whose flags are checked.  setns needs a capability in
	 * the target's user namespace, which the program holds only in
	 * namespaces it made itself. */
	for (size_t i = 0; i < sizeof(namespace_flags) / sizeof(*namespace_flags);
	     i++) {
		uint64_t f = namespace_flags[i];

		if (!(ns_refused & f))
			continue;
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

int seccomp_plan_default(struct seccomp_plan *plan, struct nb_error *err)
{
	plan->ns_refused = seccomp_namespaces_all();
	return seccomp_baseline_add(plan, false, plan->ns_refused, 0, err);
}
