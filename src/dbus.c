// SPDX-License-Identifier: GPL-2.0-or-later
#include "dbus.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper.h"

#define PROXY_READY_TIMEOUT_MS 10000

void dbus_session_path(uid_t uid, char *buf, size_t size)
{
	snprintf(buf, size, "/run/user/%u/bus", (unsigned)uid);
}

char *dbus_proxy_args(const char *address, const char *socket,
		      const struct policy_dbus *d, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	fprintf(f, "%s%c%s%c--filter%c", address, 0, socket, 0, 0);
	for (size_t i = 0; i < d->n_rules; i++)
		fprintf(f, "%s%c", d->rules[i], 0);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static const char *proxy_binary(struct nb_error *err)
{
	const char *env = getenv("NESTBOX_DBUS_PROXY");

	if (env && *env) {
		if (access(env, X_OK) == 0)
			return env;
		nb_fail(err, errno, "NESTBOX_DBUS_PROXY=%s", env);
		return NULL;
	}
	if (access("/usr/bin/xdg-dbus-proxy", X_OK) == 0)
		return "/usr/bin/xdg-dbus-proxy";
	nb_fail(err, 0,
		"dbus-user filter needs xdg-dbus-proxy (Debian package xdg-dbus-proxy); install it, or use dbus-user none");
	return NULL;
}

/* The caller's session bus address, or the usual socket. */
static const char *bus_address(uid_t uid, char *buf, size_t size)
{
	const char *env = getenv("DBUS_SESSION_BUS_ADDRESS");
	char path[64];

	if (env && *env)
		return env;
	dbus_session_path(uid, path, sizeof(path));
	snprintf(buf, size, "unix:path=%s", path);
	return buf;
}

int dbus_prepare(struct policy *p, uid_t uid, const char *entry_dir,
		 struct nb_error *err)
{
	char path[64], env[128];
	struct stat st;

	dbus_session_path(uid, path, sizeof(path));
	if (p->dbus.user == POLICY_DBUS_NONE)
		return policy_add_rmenv(p, "DBUS_SESSION_BUS_ADDRESS", err);
	if (p->dbus.user != POLICY_DBUS_FILTER)
		return 0;
	/* The proxy's socket is bound over this one.  Without a bus there
	 * is nothing to filter: the program gets none at all, which is
	 * what the filter would allow of a bus that is not there. */
	if (stat(path, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		nb_debug("dbus-user filter: no session bus at %s: the sandbox has none",
			 path);
		p->dbus.user = POLICY_DBUS_NONE;
		return policy_add_rmenv(p, "DBUS_SESSION_BUS_ADDRESS", err);
	}
	if (!proxy_binary(err))
		return -1;
	free(p->dbus.proxy_socket);
	if (asprintf(&p->dbus.proxy_socket, "%s/dbus-user", entry_dir) < 0) {
		p->dbus.proxy_socket = NULL;
		return nb_fail(err, ENOMEM, "dbus-user");
	}
	snprintf(env, sizeof(env), "DBUS_SESSION_BUS_ADDRESS=unix:path=%s", path);
	return policy_add_env(p, env, err);
}

static __attribute__((noreturn)) void exec_proxy(const char *binary,
						 int ready, int args,
						 pid_t launcher)
{
	char fd_opt[32], args_opt[32];

	/* its errors stay visible */
	helper_child_setup(launcher, true);
	/* the two pipes on 3 and 4 (by way of higher numbers, as either
	 * may be 3 or 4 now), nothing else of ours */
	ready = fcntl(ready, F_DUPFD, 10);
	args = fcntl(args, F_DUPFD, 10);
	if (ready < 0 || args < 0 || dup2(ready, 3) < 0 || dup2(args, 4) < 0)
		_exit(1);
	close_range(5, ~0U, 0);
	snprintf(fd_opt, sizeof(fd_opt), "--fd=3");
	snprintf(args_opt, sizeof(args_opt), "--args=4");
	execl(binary, binary, fd_opt, args_opt, (char *)NULL);
	_exit(127);
}

/* Its own messages went to stderr; ours says how it ended. */
static int proxy_failed(struct dbus_proxy *dp, struct nb_error *err)
{
	char how[128];

	helper_describe_end(&dp->pid, how, sizeof(how));
	return nb_fail(err, 0, "xdg-dbus-proxy failed to start%s%s",
		       how[0] ? ": " : "", how);
}

static int wait_ready(struct dbus_proxy *dp, struct nb_error *err)
{
	/* its exit closes the pipe too: then the read gets nothing */
	struct pollfd p = { .fd = dp->ready_fd, .events = POLLIN };
	char c;
	int rc;

	do
		rc = poll(&p, 1, PROXY_READY_TIMEOUT_MS);
	while (rc < 0 && errno == EINTR);
	if (rc > 0 && read(dp->ready_fd, &c, 1) == 1)
		return 0;
	if (rc == 0)
		return nb_fail(err, 0, "xdg-dbus-proxy did not start within %d s",
			       PROXY_READY_TIMEOUT_MS / 1000);
	return proxy_failed(dp, err);
}

int dbus_proxy_start(struct dbus_proxy *dp, const struct policy *p,
		     uid_t uid, struct nb_error *err)
{
	const char *binary;
	char addr_buf[128], *args;
	int ready[2], argp[2];
	pid_t launcher = getpid();
	size_t len;
	ssize_t n;

	dp->pid = 0;
	dp->ready_fd = -1;
	if (p->dbus.user != POLICY_DBUS_FILTER)
		return 0;
	binary = proxy_binary(err);
	if (!binary)
		return -1;
	args = dbus_proxy_args(bus_address(uid, addr_buf, sizeof(addr_buf)),
			       p->dbus.proxy_socket, &p->dbus, &len);
	if (!args)
		return nb_fail(err, ENOMEM, "xdg-dbus-proxy arguments");
	/* the arguments through a socket, not a pipe: a proxy that exits
	 * before reading them must not kill us with SIGPIPE (send's
	 * MSG_NOSIGNAL) */
	if (pipe2(ready, O_CLOEXEC) < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, argp) < 0) {
		free(args);
		return nb_fail(err, errno, "pipe");
	}
	dp->pid = fork();
	if (dp->pid == 0)
		exec_proxy(binary, ready[1], argp[0], launcher);
	close(ready[1]);
	close(argp[0]);
	dp->ready_fd = ready[0];
	if (dp->pid < 0) {
		dp->pid = 0;
		close(argp[1]);
		free(args);
		return nb_fail(err, errno, "fork for xdg-dbus-proxy");
	}
	/* the rules are small: the pipe takes them whole */
	n = send(argp[1], args, len, MSG_NOSIGNAL);
	close(argp[1]);
	free(args);
	/* it could not take them: it has exited */
	if (n != (ssize_t)len)
		return proxy_failed(dp, err);
	return wait_ready(dp, err);
}

void dbus_proxy_stop(struct dbus_proxy *dp)
{
	/* closing our end of --fd is its signal to stop */
	if (dp->ready_fd >= 0)
		close(dp->ready_fd);
	dp->ready_fd = -1;
	helper_stop(&dp->pid);
}
