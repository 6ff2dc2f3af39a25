// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Managing the caller's running sandboxes: --list, --tree, --shutdown.
 *
 * Everything goes through the registry (registry.c), which holds only
 * the caller's sandboxes; a pid is acted on only through a pidfd that
 * was checked to be the init the registry recorded (manage_open_init()).
 */
#include "manage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "host.h"
#include "registry.h"

static int pidfd_open(pid_t pid, unsigned flags)
{
	return (int)syscall(SYS_pidfd_open, pid, flags);
}

static int pidfd_send_signal(int pidfd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

/*
 * The pidfd names whatever process had the pid when it was opened.  If
 * that process is still alive after /proc/PID/stat showed the recorded
 * start time, the start time was its own: it is the recorded init, and a
 * pid reused since can never redirect us (firejail's CVE-2022-31214 was
 * a --join trusting a pid).
 */
int manage_open_init(const struct registry_info *info, struct nb_error *err)
{
	int pidfd = pidfd_open(info->pid, 0);

	if (pidfd < 0)
		return nb_fail(err, errno, "sandbox %.8s: its init (pid %d) is gone",
			       info->id, (int)info->pid);
	if (info->start == 0 ||
	    registry_process_start(info->pid) != info->start) {
		close(pidfd);
		return nb_fail(err, 0,
			       "sandbox %.8s: pid %d is no longer its init: refusing it",
			       info->id, (int)info->pid);
	}
	if (pidfd_send_signal(pidfd, 0) < 0) {
		int e = errno;

		close(pidfd);
		return nb_fail(err, e, "sandbox %.8s: its init is gone", info->id);
	}
	return pidfd;
}

/* ---- --list ---------------------------------------------------------- */

static double uptime_seconds(const struct registry_info *info)
{
	char *text = host_read_file("/proc/uptime", 256);
	double now = text ? strtod(text, NULL) : 0;
	long hz = sysconf(_SC_CLK_TCK);
	double up = now - (double)info->start / (double)(hz > 0 ? hz : 100);

	free(text);
	return up > 0 ? up : 0;
}

static void format_uptime(double s, char *buf, size_t size)
{
	unsigned long t = (unsigned long)s;

	if (t >= 86400)
		snprintf(buf, size, "%lud%02lu:%02lu:%02lu", t / 86400,
			 t / 3600 % 24, t / 60 % 60, t % 60);
	else
		snprintf(buf, size, "%02lu:%02lu:%02lu", t / 3600, t / 60 % 60,
			 t % 60);
}

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* Namespace inodes as /proc/PID/ns shows them (init's). */
static const char *const ns_names[] = {
	"user", "mnt", "pid", "net", "ipc", "uts", "cgroup",
};

static void json_namespaces(FILE *out, pid_t pid)
{
	fputs("\"namespaces\": {", out);
	for (size_t i = 0; i < sizeof(ns_names) / sizeof(*ns_names); i++) {
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid,
			 ns_names[i]);
		fprintf(out, "%s\"%s\": ", i ? ", " : "", ns_names[i]);
		if (stat(path, &st) == 0)
			fprintf(out, "%lu", (unsigned long)st.st_ino);
		else
			fputs("null", out);
	}
	fputc('}', out);
}

struct list_ctx {
	FILE *out;
	bool json;
	size_t n;
};

static int list_one(const struct registry_info *info, int dir_fd, void *ctx)
{
	struct list_ctx *l = ctx;
	char up[32];

	(void)dir_fd;
	if (info->pid <= 0)
		return 0; /* still starting */
	if (!l->json) {
		/* the command line is the caller's, but the registry's
		 * fields are read back from a file: escaped on the way to
		 * the terminal (as --tree does) */
		char name[4 * sizeof(info->name)], profile[4 * sizeof(info->profile)];
		char command[4 * sizeof(info->command)];

		nb_escape_controls(name, sizeof(name),
				   info->name[0] ? info->name : "-");
		nb_escape_controls(profile, sizeof(profile), info->profile);
		nb_escape_controls(command, sizeof(command),
				   info->command + (info->command[0] == ' '));
		format_uptime(uptime_seconds(info), up, sizeof(up));
		fprintf(l->out, "%-8.8s  %-16s %7d  %9s  %-20s %s\n", info->id,
			name, (int)info->pid, up, profile, command);
		l->n++;
		return 0;
	}
	fprintf(l->out, "%s\n  {\"id\": ", l->n++ ? "," : "");
	json_string(l->out, info->id);
	fprintf(l->out, ", \"short_id\": \"%.8s\", \"name\": ", info->id);
	if (info->name[0])
		json_string(l->out, info->name);
	else
		fputs("null", l->out);
	fprintf(l->out, ", \"pid\": %d, \"launcher_pid\": %d, \"uptime\": %.0f, \"profile\": ",
		(int)info->pid, (int)info->launcher, uptime_seconds(info));
	json_string(l->out, info->profile);
	fputs(", \"command\": ", l->out);
	json_string(l->out, info->command + (info->command[0] == ' '));
	fputs(", ", l->out);
	json_namespaces(l->out, info->pid);
	fputc('}', l->out);
	return 0;
}

int manage_list(const struct options *o, struct nb_error *err)
{
	struct registry_entry reg = { 0 };
	struct list_ctx l = { .out = stdout, .json = o->json };

	if (registry_open(&reg, false, err) < 0)
		return -1;
	if (o->json)
		fputc('[', stdout);
	else
		printf("%-8s  %-16s %7s  %9s  %-20s %s\n", "ID", "NAME", "PID",
		       "UPTIME", "PROFILE", "COMMAND");
	registry_scan(&reg, list_one, &l);
	if (o->json)
		fputs(l.n ? "\n]\n" : "]\n", stdout);
	registry_close(&reg);
	return 0;
}

/* ---- --tree ---------------------------------------------------------- */

/* Every child of @pid, from /proc/PID/task/TID/children (each thread's). */
static pid_t *children_of(pid_t pid, size_t *n)
{
	char path[64], *text;
	pid_t *v = NULL;
	size_t cap = 0;
	DIR *d;
	struct dirent *de;

	*n = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		char *p, *end;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.20s/children",
			 (int)pid, de->d_name);
		text = host_read_file(path, 1 << 20);
		for (p = text; p && *p; p = end) {
			long c = strtol(p, &end, 10);

			if (end == p)
				break;
			if (*n == cap) {
				pid_t *grown = realloc(v, (cap = cap ? cap * 2 : 8) *
								  sizeof(*v));
				if (!grown)
					break;
				v = grown;
			}
			v[(*n)++] = (pid_t)c;
		}
		free(text);
	}
	closedir(d);
	return v;
}

/* /proc/PID/cmdline: arguments separated by NULs, shown with spaces. */
static void read_cmdline(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, size - 1);
		close(fd);
	}
	if (n <= 0) {
		snprintf(buf, size, "?");
		return;
	}
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
	buf[n] = '\0';
}

static void print_process(FILE *out, pid_t pid, unsigned depth)
{
	char cmd[1024], shown[4 * sizeof(cmd)];
	size_t n;
	pid_t *kids;

	/* the program writes its own command line: an escape sequence in
	 * it must not reach the caller's terminal */
	read_cmdline(pid, cmd, sizeof(cmd));
	nb_escape_controls(shown, sizeof(shown), cmd);
	fprintf(out, "%*s%d %s\n", (int)(2 + 2 * depth), "", (int)pid, shown);
	if (depth > 64)
		return;
	kids = children_of(pid, &n);
	for (size_t i = 0; i < n; i++)
		print_process(out, kids[i], depth + 1);
	free(kids);
}

static int tree_one(const struct registry_info *info, int dir_fd, void *ctx)
{
	FILE *out = ctx;
	struct nb_error err = { 0 };
	int pidfd;

	(void)dir_fd;
	if (info->pid <= 0)
		return 0;
	pidfd = manage_open_init(info, &err);
	if (pidfd < 0)
		return 0;
	{
		char name[4 * sizeof(info->name)];

		nb_escape_controls(name, sizeof(name),
				   info->name[0] ? info->name : "-");
		fprintf(out, "%.8s %s\n", info->id, name);
	}
	print_process(out, info->pid, 0);
	close(pidfd);
	return 0;
}

int manage_tree(const struct options *o, struct nb_error *err)
{
	struct registry_entry reg = { 0 };

	(void)o;
	if (registry_open(&reg, false, err) < 0)
		return -1;
	registry_scan(&reg, tree_one, stdout);
	registry_close(&reg);
	return 0;
}

/* ---- --shutdown ------------------------------------------------------ */

/* Until the pidfd says the process exited, or @ms ran out (-1: never). */
static bool wait_exit(int pidfd, int ms)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int rc;

	do
		rc = poll(&p, 1, ms);
	while (rc < 0 && errno == EINTR);
	return rc > 0;
}

/* The launcher removes the entry once init is gone; if the launcher was
 * killed too, nobody holds the lock and we remove it. */
static void wait_entry_released(const struct registry_entry *reg,
				const struct registry_info *info, int dir_fd)
{
	for (int i = 0; i < 500 && registry_entry_alive(dir_fd); i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	registry_remove_stale(reg, info->id);
}

int manage_shutdown(const struct options *o, struct nb_error *err)
{
	struct registry_entry reg = { 0 };
	struct registry_info info;
	int dir_fd, pidfd;

	if (registry_open(&reg, false, err) < 0)
		return -1;
	if (registry_find(&reg, o->target, &info, &dir_fd, err) < 0)
		goto fail;
	pidfd = manage_open_init(&info, err);
	if (pidfd < 0) {
		close(dir_fd);
		goto fail;
	}
	/* init forwards SIGTERM to the program; the sandbox ends with it */
	nb_debug("SIGTERM to sandbox %.8s (init pid %d)", info.id, (int)info.pid);
	if (pidfd_send_signal(pidfd, SIGTERM) == 0 &&
	    !wait_exit(pidfd, (int)o->shutdown_timeout * 1000)) {
		nb_debug("still running after %us: SIGKILL", o->shutdown_timeout);
		/* SIGKILL to a pid namespace's init kills all of it */
		pidfd_send_signal(pidfd, SIGKILL);
		wait_exit(pidfd, -1);
	}
	close(pidfd);
	wait_entry_released(&reg, &info, dir_fd);
	close(dir_fd);
	registry_close(&reg);
	return 0;
fail:
	registry_close(&reg);
	return -1;
}
