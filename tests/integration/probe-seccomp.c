// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-seccomp: one system call the seccomp directives are about, from
 * inside the sandbox; prints "OK" or the errno name.  Each call succeeds
 * for an unprivileged process outside a filter.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

static int report(long rc)
{
	if (rc < 0) {
		const char *name = strerrorname_np(errno);

		printf("%s\n", name ? name : "E?");
		return 1;
	}
	printf("OK\n");
	return 0;
}

static long wx_mmap(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? -1 : 0;
}

/* Writable first, then made executable: what a JIT does. */
static long w_then_x(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	return mprotect(p, 4096, PROT_READ | PROT_EXEC);
}

/* Read and execute from the start, as the loader maps code: allowed. */
static long rx_mmap(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? -1 : 0;
}

static long shmat_exec(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0700);
	void *p;

	if (id < 0)
		return -1;
	p = shmat(id, NULL, SHM_EXEC);
	shmctl(id, IPC_RMID, NULL);
	return p == (void *)-1 ? -1 : 0;
}

static int family(const char *name)
{
	if (!strcmp(name, "unix"))
		return AF_UNIX;
	if (!strcmp(name, "inet"))
		return AF_INET;
	if (!strcmp(name, "inet6"))
		return AF_INET6;
	if (!strcmp(name, "netlink"))
		return AF_NETLINK;
	if (!strcmp(name, "packet"))
		return AF_PACKET;
	return atoi(name);
}

static long open_socket(const char *name)
{
	int f = family(name);
	int type = f == AF_NETLINK || f == AF_PACKET ? SOCK_RAW : SOCK_DGRAM;

	return socket(f, type, 0);
}

/* AF_INET with garbage in the upper 32 bits, which the kernel ignores. */
static long socket_high_bits(void)
{
	return syscall(SYS_socket, (1UL << 32) | AF_INET, SOCK_DGRAM, 0);
}

static long socketpair_unix(void)
{
	int sv[2];

	return socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
}

/* Attach to our own child: what a debugger does. */
static long ptrace_attach(void)
{
	pid_t child = fork();
	long rc;
	int e;

	if (child < 0)
		return -1;
	if (child == 0) {
		pause();
		_exit(0);
	}
	rc = ptrace(PTRACE_ATTACH, child, NULL, NULL);
	e = errno;
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	errno = e;
	return rc;
}

static long io_setup_call(void)
{
	aio_context_t ctx = 0;

	return syscall(SYS_io_setup, 1, &ctx);
}

int main(int argc, char *argv[])
{
	const char *op = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : "";

	if (!strcmp(op, "set_mempolicy"))
		return report(syscall(SYS_set_mempolicy, 0, NULL, 0));
	if (!strcmp(op, "io_setup"))
		return report(io_setup_call());
	if (!strcmp(op, "timerfd"))
		return report(timerfd_create(CLOCK_MONOTONIC, 0));
	if (!strcmp(op, "getpid"))
		return report(syscall(SYS_getpid));
	if (!strcmp(op, "getppid"))
		return report(syscall(SYS_getppid));
	if (!strcmp(op, "utimensat"))
		return report(utimensat(AT_FDCWD, arg, NULL, 0));
	if (!strcmp(op, "wx-mmap"))
		return report(wx_mmap());
	if (!strcmp(op, "w-then-x"))
		return report(w_then_x());
	if (!strcmp(op, "rx-mmap"))
		return report(rx_mmap());
	if (!strcmp(op, "memfd"))
		return report(memfd_create("probe", 0));
	if (!strcmp(op, "shmat-exec"))
		return report(shmat_exec());
	if (!strcmp(op, "socket"))
		return report(open_socket(arg));
	if (!strcmp(op, "socket-high"))
		return report(socket_high_bits());
	if (!strcmp(op, "socketpair-unix"))
		return report(socketpair_unix());
	if (!strcmp(op, "ptrace-attach"))
		return report(ptrace_attach());
	fprintf(stderr, "probe-seccomp: unknown operation '%s'\n", op);
	return 2;
}
