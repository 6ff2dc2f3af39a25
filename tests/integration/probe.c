// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe: tries one operation from inside the sandbox and prints "OK" or
 * the errno name (EPERM, EROFS...), so a test asserts the exact outcome.
 * Each operation is chosen so that it would succeed, or fail otherwise,
 * without the sandbox's confinement.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
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

static long try_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		return -1;
	if (write(fd, "x", 1) != 1) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

static long try_read(const char *path)
{
	char c;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (read(fd, &c, 1) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

static long try_name_to_handle(void)
{
	struct {
		struct file_handle fh;
		unsigned char buf[128];
	} h = { .fh.handle_bytes = 128 };
	int mount_id;

	return name_to_handle_at(AT_FDCWD, "/", &h.fh, &mount_id, 0);
}

#if defined(__x86_64__)
/* getpid through the i386 entry point (int 0x80, syscall 20). */
static long i386_getpid(void)
{
	long rc;

	__asm__ volatile("int $0x80" : "=a"(rc) : "a"(20L) : "memory");
	if (rc < 0 && rc > -4096) {
		errno = (int)-rc;
		return -1;
	}
	return rc;
}
#endif

int main(int argc, char *argv[])
{
	const char *op = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : "";
	char c = 'x';

	if (!strcmp(op, "ptrace"))
		return report(ptrace(PTRACE_TRACEME, 0, NULL, NULL));
	if (!strcmp(op, "tiocsti"))
		return report(ioctl(0, TIOCSTI, &c));
	if (!strcmp(op, "tiocsti-high"))
		/* the command with garbage in the upper 32 bits */
		return report(syscall(SYS_ioctl, 0, (1UL << 32) | TIOCSTI, &c));
	if (!strcmp(op, "mount"))
		return report(mount("none", "/tmp", "tmpfs", 0, NULL));
	if (!strcmp(op, "unshare-user"))
		return report(unshare(CLONE_NEWUSER));
	if (!strcmp(op, "unshare-net"))
		return report(unshare(CLONE_NEWNET));
	if (!strcmp(op, "keyctl"))
		return report(syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
				      KEY_SPEC_SESSION_KEYRING, 0));
	if (!strcmp(op, "clone3"))
		return report(syscall(SYS_clone3, NULL, 0));
	if (!strcmp(op, "personality-bad"))
		return report(personality(ADDR_NO_RANDOMIZE) == -1 ? -1 : 0);
	if (!strcmp(op, "personality-query"))
		return report(personality(0xffffffff) == -1 ? -1 : 0);
	if (!strcmp(op, "netlink-audit"))
		return report(socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT));
	if (!strcmp(op, "name-to-handle"))
		return report(try_name_to_handle());
	if (!strcmp(op, "write"))
		return report(try_write(arg));
	if (!strcmp(op, "read"))
		return report(try_read(arg));
#if defined(__x86_64__)
	if (!strcmp(op, "x32"))
		return report(syscall(0x40000000 | SYS_getpid));
	if (!strcmp(op, "i386"))
		return report(i386_getpid());
#endif
	if (!strcmp(op, "setuid0"))
		return report(setuid(0));
	fprintf(stderr, "probe: unknown operation '%s'\n", op);
	return 2;
}
