// SPDX-License-Identifier: GPL-2.0-or-later
#include "dbus.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include "host.h"

#define PROXY_READY_TIMEOUT_MS 10000

void dbus_session_path(uid_t uid, char *buf, size_t size)
{
	snprintf(buf, size, "/run/user/%u/bus", (unsigned)uid);
}

char *dbus_proxy_args(const struct dbus_upstream *up, size_t n, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	for (size_t u = 0; u < n; u++) {
		const struct policy_bus *bus = up[u].bus;

		fprintf(f, "%s%c%s%c--filter%c", up[u].address, 0,
			up[u].proxy_socket, 0, 0);
		for (size_t i = 0; i < bus->n_rules; i++)
			fprintf(f, "%s%c", bus->rules[i], 0);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

const char *dbus_address_path(const char *address, const char *usual)
{
	/* only a plain path is a socket we can show; an abstract or
	 * launchd address would be unreachable from the sandbox anyway */
	if (address && strncmp(address, "unix:path=", 10) == 0 &&
	    address[10] == '/' && !strchr(address + 10, ','))
		return address + 10;
	return usual;
}

bool dbus_desktop_app_id(const char *file, const char *exec,
			 const char *program, char *id, size_t size)
{
	size_t len = strlen(file), plen = strlen(program), n;
	const char *last, *word_end, *base;

	if (len <= 8 || strcmp(file + len - 8, ".desktop") != 0 || !plen)
		return false;
	len -= 8;
	/* a reverse-DNS name: at least one dot before its last element */
	last = memrchr(file, '.', len);
	if (!last || last == file || len + 1 > size)
		return false;
	last++;
	if ((size_t)(file + len - last) != plen ||
	    strncasecmp(last, program, plen) != 0)
		return false;
	/* Exec=PROGRAM ... or Exec=/path/PROGRAM ... */
	while (*exec == ' ' || *exec == '\t')
		exec++;
	word_end = exec + strcspn(exec, " \t\n");
	base = exec;
	for (const char *c = exec; c < word_end; c++)
		if (*c == '/')
			base = c + 1;
	n = (size_t)(word_end - base);
	if (n != plen || strncmp(base, program, plen) != 0)
		return false;
	memcpy(id, file, len);
	id[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)id[i]) && id[i] != '.' &&
		    id[i] != '_' && id[i] != '-')
			return false;
	return true;
}

/* The Exec= value of a desktop file's [Desktop Entry] group (the
 * first group), NULL if none; points into @text. */
static const char *desktop_exec(char *text)
{
	bool in_entry = false;

	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '[') {
			if (in_entry)
				return NULL;
			in_entry = strcmp(line, "[Desktop Entry]") == 0;
		} else if (in_entry && strncmp(line, "Exec=", 5) == 0) {
			return line + 5;
		}
	}
	return NULL;
}

int dbus_own_program_name(struct policy_bus *bus, const char *program,
			  struct nb_error *err)
{
	static const char *const dirs[] = { "/usr/local/share/applications",
					    "/usr/share/applications" };
	const char *slash = program ? strrchr(program, '/') : NULL;
	size_t plen;

	if (slash)
		program = slash + 1;
	if (!program || !*program)
		return 0;
	plen = strlen(program);
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *e;

		if (!dir)
			continue;
		while ((e = readdir(dir))) {
			char path[PATH_MAX], id[256], *text;
			const char *exec, *dot;
			size_t len = strlen(e->d_name);
			bool found;

			/* only NAME.PROGRAM.desktop is read */
			if (len < plen + 9)
				continue;
			dot = e->d_name + len - 8 - plen - 1;
			if (*dot != '.' || strncasecmp(dot + 1, program, plen) != 0 ||
			    strcmp(e->d_name + len - 8, ".desktop") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[d], e->d_name);
			text = host_read_file(path, 1 << 16);
			if (!text)
				continue;
			exec = desktop_exec(text);
			found = exec && dbus_desktop_app_id(e->d_name, exec, program,
							    id, sizeof(id));
			free(text);
			if (!found)
				continue;
			closedir(dir);
			nb_debug("session bus: %s owns %s (%s)", program, id, path);
			return policy_add_dbus_rule(bus, "own", id, err);
		}
		closedir(dir);
	}
	return 0;
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
		"dbus-user filter and dbus-system filter need xdg-dbus-proxy (Debian package xdg-dbus-proxy); install it, or say dbus-user none (a profile without a dbus-user line filters the session bus)");
	return NULL;
}

static bool is_socket(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* For `filter`: where the proxy listens, in the registry entry. */
static int set_proxy_socket(struct launch_bus *bus, const char *name,
			    const char *entry_dir, struct nb_error *err)
{
	if (!proxy_binary(err))
		return -1;
	free(bus->proxy_socket);
	if (asprintf(&bus->proxy_socket, "%s/%s", entry_dir, name) < 0) {
		bus->proxy_socket = NULL;
		return nb_fail(err, ENOMEM, "%s", name);
	}
	return 0;
}

static int prepare_session_bus(const struct policy *p,
			       struct launch_facts *lf, uid_t uid,
			       const char *entry_dir, struct nb_error *err)
{
	struct launch_bus *bus = &lf->dbus_user;
	char path[64], env[128];
	const char *host;

	bus->mode = p->dbus.user.mode;
	dbus_session_path(uid, path, sizeof(path));
	if (bus->mode == POLICY_DBUS_NONE)
		return launch_facts_add_rmenv(lf, "DBUS_SESSION_BUS_ADDRESS", err);
	host = dbus_address_path(getenv("DBUS_SESSION_BUS_ADDRESS"), path);
	if (bus->mode == POLICY_DBUS_ALLOW) {
		/* said by a profile or an option, and weaker than the
		 * default filter: the launch says so */
		if (!p->quiet && is_socket(host))
			nb_warn("%s", DBUS_ALLOW_WARNING);
		return 0;
	}
	/* The proxy's socket is bound over the usual one.  Without a bus
	 * there is nothing to filter: the program gets none at all, which
	 * is what the filter would allow of a bus that is not there. */
	if (!is_socket(host)) {
		nb_debug("dbus-user filter: no session bus at %s: the sandbox has none",
			 host);
		bus->mode = POLICY_DBUS_NONE;
		return launch_facts_add_rmenv(lf, "DBUS_SESSION_BUS_ADDRESS", err);
	}
	free(bus->host_socket);
	bus->host_socket = strdup(host);
	if (!bus->host_socket)
		return nb_fail(err, ENOMEM, "dbus-user");
	if (set_proxy_socket(bus, p->dbus.user.name, entry_dir, err) < 0)
		return -1;
	snprintf(env, sizeof(env), "DBUS_SESSION_BUS_ADDRESS=unix:path=%s", path);
	return launch_facts_add_env(lf, env, err);
}

/* The system bus is shown at its usual place whatever the caller's
 * DBUS_SYSTEM_BUS_ADDRESS says: the host's socket (allow) or the
 * proxy's (filter). */
static int prepare_system_bus(const struct policy *p,
			      struct launch_facts *lf, const char *entry_dir,
			      struct nb_error *err)
{
	struct launch_bus *bus = &lf->dbus_system;
	const char *host;

	bus->mode = p->dbus.system.mode;
	if (bus->mode != POLICY_DBUS_NONE) {
		host = dbus_address_path(getenv("DBUS_SYSTEM_BUS_ADDRESS"),
					 DBUS_SYSTEM_SOCKET);
		if (!is_socket(host)) {
			nb_debug("dbus-system: no system bus at %s: the sandbox has none",
				 host);
			bus->mode = POLICY_DBUS_NONE;
		}
	}
	if (bus->mode == POLICY_DBUS_NONE)
		return launch_facts_add_rmenv(lf, "DBUS_SYSTEM_BUS_ADDRESS", err);
	free(bus->host_socket);
	bus->host_socket = strdup(host);
	if (!bus->host_socket)
		return nb_fail(err, ENOMEM, "dbus-system");
	if (bus->mode == POLICY_DBUS_FILTER &&
	    set_proxy_socket(bus, p->dbus.system.name, entry_dir, err) < 0)
		return -1;
	return launch_facts_add_env(lf, "DBUS_SYSTEM_BUS_ADDRESS=unix:path=" DBUS_SYSTEM_SOCKET,
				    err);
}

int dbus_prepare(const struct policy *p, struct launch_facts *lf, uid_t uid,
		 const char *entry_dir, struct nb_error *err)
{
	lf->buses_resolved = true;
	if (prepare_session_bus(p, lf, uid, entry_dir, err) < 0)
		return -1;
	return prepare_system_bus(p, lf, entry_dir, err);
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

/*
 * vfork(), not fork(): fork copies the launcher's page tables, and its
 * pages are copied again as either side writes them before the exec;
 * that was about 2 ms of CPU per launch here, on a 2-CPU machine where
 * every launch's CPU time is its wall time too (bench/README.md).  The
 * launcher is held only until the execve, and xdg-dbus-proxy is not
 * setuid, so that is short (the id-map helpers fork, userns.c says
 * why).  The child shares our memory until then: exec_proxy makes
 * system calls only, on its own stack frame, and never returns; no
 * handler of ours can run in it (the launcher installs none, and its
 * signals are blocked until exec_proxy's setpgid has taken it out of
 * our process group).
 */
static pid_t spawn_proxy(const char *binary, int ready, int args,
			 pid_t launcher)
{
	pid_t pid = vfork();

	if (pid == 0)
		exec_proxy(binary, ready, args, launcher);
	return pid;
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

/* One proxy serves both buses: what each filters, from which socket. */
static size_t filtered_buses(const struct policy *p,
			     const struct launch_facts *lf,
			     struct dbus_upstream up[2],
			     char addr[2][PATH_MAX + 16])
{
	const struct policy_bus *rules[] = { &p->dbus.user, &p->dbus.system };
	const struct launch_bus *found[] = { &lf->dbus_user, &lf->dbus_system };
	size_t n = 0;

	for (size_t i = 0; i < 2; i++) {
		if (found[i]->mode != POLICY_DBUS_FILTER)
			continue;
		snprintf(addr[n], sizeof(addr[n]), "unix:path=%s",
			 found[i]->host_socket);
		up[n] = (struct dbus_upstream){ addr[n], rules[i],
						found[i]->proxy_socket };
		n++;
	}
	return n;
}

int dbus_proxy_start(struct dbus_proxy *dp, const struct policy *p,
		     const struct launch_facts *lf, struct nb_error *err)
{
	struct dbus_upstream up[2];
	const char *binary;
	char addr[2][PATH_MAX + 16], *args;
	int ready[2], argp[2];
	pid_t launcher = getpid();
	size_t len, n_up;
	ssize_t n;

	dp->pid = 0;
	dp->ready_fd = -1;
	n_up = filtered_buses(p, lf, up, addr);
	if (n_up == 0)
		return 0;
	binary = proxy_binary(err);
	if (!binary)
		return -1;
	args = dbus_proxy_args(up, n_up, &len);
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
	dp->pid = spawn_proxy(binary, ready[1], argp[0], launcher);
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
	return 0;
}

int dbus_proxy_wait(struct dbus_proxy *dp, struct nb_error *err)
{
	if (!dp->pid)
		return 0;
	return wait_ready(dp, err);
}

void dbus_proxy_stop(struct dbus_proxy *dp)
{
	/* closing our end of --fd is its signal to stop */
	if (dp->ready_fd >= 0)
		close(dp->ready_fd);
	dp->ready_fd = -1;
	/* its exit (GLib's libraries unmapped, its threads) took 1-3 ms
	 * at the end of every launch */
	helper_kill(&dp->pid);
}
