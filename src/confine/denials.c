// SPDX-License-Identifier: GPL-2.0-or-later
#include "denials.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

int denials_send_listeners(int sock, const int *fds, size_t n,
			   struct nb_error *err)
{
	char data = 'L';
	struct iovec iov = { &data, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int) * SECCOMP_MAX_FILTERS)];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf,
			      .msg_controllen = CMSG_SPACE(sizeof(int) * n) };
	struct cmsghdr *c;

	if (n == 0 || n > SECCOMP_MAX_FILTERS)
		return nb_fail(err, EINVAL, "%zu seccomp listeners", n);
	memset(u.buf, 0, sizeof(u.buf));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) != 1)
		return nb_fail(err, errno, "hand the seccomp listener to init");
	return 0;
}

int denials_receive_listeners(int sock, int *fds, size_t *n,
			      struct nb_error *err)
{
	char data;
	struct iovec iov = { &data, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int) * SECCOMP_MAX_FILTERS)];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	ssize_t got;

	*n = 0;
	do
		got = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (got < 0 && errno == EINTR);
	if (got != 1)
		return nb_fail(err, got < 0 ? errno : EPIPE,
			       "receive the seccomp listener");
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len < CMSG_LEN(sizeof(int)))
		return nb_fail(err, EPROTO, "receive the seccomp listener");
	*n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	if (*n > SECCOMP_MAX_FILTERS)
		*n = SECCOMP_MAX_FILTERS;
	memcpy(fds, CMSG_DATA(c), sizeof(int) * *n);
	return 0;
}

/* --- the message --- */

struct value_name {
	uint64_t value;
	const char *name;
};

static const struct value_name ptrace_requests[] = {
	{ 0, "PTRACE_TRACEME" },      { 1, "PTRACE_PEEKTEXT" },
	{ 2, "PTRACE_PEEKDATA" },     { 3, "PTRACE_PEEKUSER" },
	{ 4, "PTRACE_POKETEXT" },     { 5, "PTRACE_POKEDATA" },
	{ 6, "PTRACE_POKEUSER" },     { 7, "PTRACE_CONT" },
	{ 8, "PTRACE_KILL" },	      { 9, "PTRACE_SINGLESTEP" },
	{ 12, "PTRACE_GETREGS" },     { 13, "PTRACE_SETREGS" },
	{ 16, "PTRACE_ATTACH" },      { 17, "PTRACE_DETACH" },
	{ 24, "PTRACE_SYSCALL" },     { 0x4200, "PTRACE_SETOPTIONS" },
	{ 0x4201, "PTRACE_GETEVENTMSG" }, { 0x4202, "PTRACE_GETSIGINFO" },
	{ 0x4206, "PTRACE_SEIZE" },   { 0x4207, "PTRACE_INTERRUPT" },
};

static const struct value_name families[] = {
	{ AF_UNIX, "AF_UNIX" },	      { AF_INET, "AF_INET" },
	{ AF_INET6, "AF_INET6" },     { AF_NETLINK, "AF_NETLINK" },
	{ AF_PACKET, "AF_PACKET" },   { AF_BLUETOOTH, "AF_BLUETOOTH" },
	{ AF_ALG, "AF_ALG" },	      { AF_VSOCK, "AF_VSOCK" },
	{ AF_KEY, "AF_KEY" },	      { AF_CAN, "AF_CAN" },
};

static const struct value_name clone_flags[] = {
	{ CLONE_NEWNS, "CLONE_NEWNS" },	    { CLONE_NEWUSER, "CLONE_NEWUSER" },
	{ CLONE_NEWPID, "CLONE_NEWPID" },   { CLONE_NEWNET, "CLONE_NEWNET" },
	{ CLONE_NEWIPC, "CLONE_NEWIPC" },   { CLONE_NEWUTS, "CLONE_NEWUTS" },
	{ CLONE_NEWCGROUP, "CLONE_NEWCGROUP" },
	{ CLONE_NEWTIME, "CLONE_NEWTIME" },
};

static const struct value_name prot_bits[] = {
	{ PROT_READ, "PROT_READ" },
	{ PROT_WRITE, "PROT_WRITE" },
	{ PROT_EXEC, "PROT_EXEC" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void put_value(char *buf, size_t size, const struct value_name *t,
		      size_t n, uint64_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == v) {
			snprintf(buf, size, "%s", t[i].name);
			return;
		}
	snprintf(buf, size, "%llu", (unsigned long long)v);
}

static void put_bits(char *buf, size_t size, const struct value_name *t,
		     size_t n, uint64_t v)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++)
		if (v & t[i].value)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? "|" : "", t[i].name);
	if (len == 0)
		snprintf(buf, size, "%#llx", (unsigned long long)v);
}

/* The argument that says what the call was for, where one does. */
static void describe_args(char *buf, size_t size, const char *name,
			  const uint64_t args[6])
{
	buf[0] = '\0';
	if (!strcmp(name, "ptrace"))
		put_value(buf, size, ptrace_requests, N(ptrace_requests),
			  args[0]);
	else if (!strcmp(name, "socket") || !strcmp(name, "socketpair"))
		put_value(buf, size, families, N(families),
			  (uint32_t)args[0]);
	else if (!strcmp(name, "unshare") || !strcmp(name, "clone"))
		put_bits(buf, size, clone_flags, N(clone_flags), args[0]);
	else if (!strcmp(name, "mmap") || !strcmp(name, "mprotect") ||
		 !strcmp(name, "pkey_mprotect"))
		put_bits(buf, size, prot_bits, N(prot_bits), args[2]);
}

void denials_format(char *buf, size_t size, const char *syscall,
		    const uint64_t args[6], int pid, const char *comm,
		    const struct seccomp_rule *rule, bool by_keep)
{
	char what[128];
	const char *why = by_keep ? "seccomp.keep (not listed)" :
			  !rule ? "seccomp" : rule->why;
	const char *prefix = rule && rule->why[0] == '@' ? "seccomp " :
			     rule && !strcmp(rule->why, "baseline") ?
			     "nestbox " : "";

	describe_args(what, sizeof(what), syscall, args);
	snprintf(buf, size, "denied %s(%s) by pid %d (%s): %s%s", syscall,
		 what, pid, comm, prefix, why);
}

/* --- answering --- */

static void read_comm(int pid, char *comm, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(comm, size, "?");
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, comm, size - 1);
	close(fd);
	if (n <= 0) {
		snprintf(comm, size, "?");
		return;
	}
	comm[n] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
}

int denials_answer(int listener, const struct seccomp_plan *plan, int log_fd)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	const struct seccomp_rule *rule;
	char line[512], comm[32], *name;
	bool by_keep;
	int errnum = EPERM;
	bool kill_it = false;

	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return errno == EINTR || errno == ENOENT ? 0 : -1;
	rule = seccomp_plan_explain(plan, req.data.nr,
				    (const uint64_t *)req.data.args, &by_keep);
	if (rule) {
		errnum = rule->errnum;
		kill_it = rule->verdict == SECCOMP_VERDICT_KILL;
	} else if (by_keep) {
		errnum = plan->keep_action.errnum;
		kill_it = plan->keep_action.verdict == SECCOMP_VERDICT_KILL;
	}
	if (errnum <= 0)
		errnum = EPERM;

	name = seccomp_syscall_resolve_num_arch(req.data.arch, req.data.nr);
	read_comm((int)req.pid, comm, sizeof(comm));
	denials_format(line, sizeof(line), name ? name : "?",
		       (const uint64_t *)req.data.args, (int)req.pid, comm,
		       rule, by_keep);
	free(name);
	dprintf(log_fd, "nestbox: %s%s\n", line, kill_it ? " (killed)" : "");

	/* Only ever an error: the flag that would let the call go on
	 * (SECCOMP_USER_NOTIF_FLAG_CONTINUE) is never set. */
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.error = -errnum;
	if (kill_it)
		kill((pid_t)req.pid, SIGKILL);
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 &&
	    errno != ENOENT && errno != EINTR)
		return -1;
	return 0;
}
