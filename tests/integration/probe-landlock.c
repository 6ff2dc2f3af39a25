// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-landlock: tries one operation that Landlock may refuse, from
 * inside the sandbox, and prints "OK" or the errno name (EACCES,
 * EPERM...).  Each operation succeeds without Landlock, so a refusal is
 * Landlock's.  `abi` prints the kernel's Landlock ABI version instead;
 * `abstract-listen` serves a test from outside the sandbox.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
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

/* The test's own set-up failed: not a result. */
static int setup_failed(const char *what)
{
	const char *name = strerrorname_np(errno);

	printf("SETUP-%s-%s\n", what, name ? name : "E?");
	return 2;
}

static long try_read(const char *path)
{
	char c;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long rc;

	if (fd < 0)
		return -1;
	rc = read(fd, &c, 1);
	close(fd);
	return rc;
}

static long try_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	long rc;

	if (fd < 0)
		return -1;
	rc = write(fd, "x", 1);
	close(fd);
	return rc;
}

static long try_readdir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static long try_bind_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	long rc;

	if (fd < 0)
		return -1;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return rc;
}

static struct sockaddr_in loopback(const char *port)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons((unsigned short)atoi(port)),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};

	return sa;
}

static int tcp_bind(const char *port)
{
	struct sockaddr_in sa = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* A listener on 127.0.0.1:PORT (binding is not what is tested), then a
 * connection to it. */
static int tcp_connect(const char *port)
{
	struct sockaddr_in sa = loopback(port);
	int srv = tcp_bind(port), fd;

	if (srv < 0 || listen(srv, 1) < 0)
		return setup_failed("listen");
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return setup_failed("socket");
	return report(connect(fd, (struct sockaddr *)&sa, sizeof(sa)));
}

static socklen_t abstract_addr(const char *name, struct sockaddr_un *sa)
{
	size_t n = strlen(name);

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (n > sizeof(sa->sun_path) - 1)
		n = sizeof(sa->sun_path) - 1;
	memcpy(sa->sun_path + 1, name, n); /* sun_path[0] = 0: abstract */
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

static int abstract_listener(const char *name)
{
	struct sockaddr_un sa;
	socklen_t len = abstract_addr(name, &sa);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, len) < 0 ||
	    listen(fd, 8) < 0)
		return -1;
	return fd;
}

static long abstract_connect(const char *name)
{
	struct sockaddr_un sa;
	socklen_t len = abstract_addr(name, &sa);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	return connect(fd, (struct sockaddr *)&sa, len);
}

/* Serve NAME for SECONDS: accept and drop connections. */
static int abstract_listen(const char *name, const char *seconds)
{
	int fd = abstract_listener(name);

	if (fd < 0)
		return setup_failed("listen");
	alarm((unsigned)atoi(seconds));
	printf("LISTENING\n");
	fflush(stdout);
	for (;;) {
		int c = accept(fd, NULL, NULL);

		if (c >= 0)
			close(c);
	}
}

/* A process of our own domain (our child) can be signalled. */
static int kill_child(void)
{
	pid_t child = fork();
	long rc;

	if (child < 0)
		return setup_failed("fork");
	if (child == 0) {
		pause();
		_exit(0);
	}
	rc = kill(child, 0);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return report(rc);
}

int main(int argc, char *argv[])
{
	const char *op = argc > 1 ? argv[1] : "";
	const char *arg = argc > 2 ? argv[2] : "";
	const char *arg2 = argc > 3 ? argv[3] : "";

	if (!strcmp(op, "abi")) {
		printf("%ld\n", syscall(SYS_landlock_create_ruleset, NULL, 0, 1U));
		return 0;
	}
	if (!strcmp(op, "noop"))
		return report(0);
	if (!strcmp(op, "read"))
		return report(try_read(arg));
	if (!strcmp(op, "readdir"))
		return report(try_readdir(arg));
	if (!strcmp(op, "write"))
		return report(try_write(arg));
	if (!strcmp(op, "truncate"))
		return report(truncate(arg, 0));
	if (!strcmp(op, "mkdir"))
		return report(mkdir(arg, 0755));
	if (!strcmp(op, "rename"))
		return report(rename(arg, arg2));
	if (!strcmp(op, "mkfifo"))
		return report(mkfifo(arg, 0644));
	if (!strcmp(op, "bind-unix"))
		return report(try_bind_unix(arg));
	/* a whiteout (char 0:0) needs no CAP_MKNOD since Linux 5.8 */
	if (!strcmp(op, "mknod-whiteout"))
		return report(mknod(arg, S_IFCHR | 0600, makedev(0, 0)));
	if (!strcmp(op, "exec")) {
		execl(arg, arg, "noop", (char *)NULL);
		return report(-1);
	}
	if (!strcmp(op, "tcp-connect"))
		return tcp_connect(arg);
	if (!strcmp(op, "tcp-bind"))
		return report(tcp_bind(arg));
	if (!strcmp(op, "kill"))
		return report(kill(atoi(arg), 0));
	if (!strcmp(op, "kill-child"))
		return kill_child();
	if (!strcmp(op, "abstract-connect"))
		return report(abstract_connect(arg));
	if (!strcmp(op, "abstract-self")) {
		if (abstract_listener(arg) < 0)
			return setup_failed("listen");
		return report(abstract_connect(arg));
	}
	if (!strcmp(op, "abstract-listen"))
		return abstract_listen(arg, arg2);
	fprintf(stderr, "probe-landlock: unknown operation '%s'\n", op);
	return 2;
}
