// SPDX-License-Identifier: GPL-2.0-or-later
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define helper_run userns_helper_run

int userns_write_proc(pid_t pid, const char *file, const char *text,
		      struct nb_error *err)
{
	char path[64];
	size_t len = strlen(text);
	ssize_t w;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return nb_fail(err, errno, "open %s", path);
	w = write(fd, text, len);
	if (w < 0 || (size_t)w != len) {
		int e = w < 0 ? errno : EIO;

		close(fd);
		return nb_fail(err, e, "write '%.*s' to %s",
			       (int)strcspn(text, "\n"), text, path);
	}
	close(fd);
	return 0;
}

/* A helper that exits 0 without writing (a stand-in like /bin/true, or a
 * broken install) must not leave the namespace unmapped. */
static bool map_is_written(pid_t pid, const char *file)
{
	char path[64], c;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, &c, 1);
	close(fd);
	return n == 1;
}

/* In the forked child: stdout and stderr into the pipe, default signal
 * mask and dispositions (the launcher blocks signals), then exec. */
static __attribute__((noreturn)) void helper_exec(const char *path,
						  char *const argv[], int out)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t none;
	char msg[300];
	int n;

	sigemptyset(&none);
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &dfl, NULL);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(out, STDOUT_FILENO) < 0 || dup2(out, STDERR_FILENO) < 0)
		_exit(127);
	execve(path, argv, environ);
	n = snprintf(msg, sizeof(msg), "%s: %s\n", path, strerror(errno));
	if (n > 0 && write(STDERR_FILENO, msg, (size_t)n) < 0)
		_exit(127);
	_exit(127);
}

/*
 * fork(), not posix_spawn(): posix_spawn's vfork semantics keep us frozen
 * until the child's execve is done, and a setuid exec is the slow part;
 * forking this small process lets both helpers exec in parallel while the
 * launcher goes on.
 */
static void helper_start(struct helper_run *h, const char *path,
			 const struct id_map *plan, pid_t target)
{
	struct idmap_argv av;
	int pipefd[2];

	h->pid = 0;
	h->err_fd = -1;
	h->failure[0] = '\0';
	if (idmap_helper_argv(plan, path, target, &av) < 0) {
		snprintf(h->failure, sizeof(h->failure), "map too large");
		return;
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		snprintf(h->failure, sizeof(h->failure), "pipe: %s",
			 strerror(errno));
		return;
	}
	h->pid = fork();
	if (h->pid == 0)
		helper_exec(path, av.argv, pipefd[1]);
	close(pipefd[1]);
	if (h->pid < 0) {
		h->pid = 0;
		close(pipefd[0]);
		snprintf(h->failure, sizeof(h->failure), "fork: %s",
			 strerror(errno));
		return;
	}
	h->err_fd = pipefd[0];
}

static void helper_finish(struct helper_run *h, pid_t target,
			  const char *map_file)
{
	char msg[200];
	ssize_t n = 0;
	int status;

	if (!h->pid)
		return;
	while (waitpid(h->pid, &status, 0) < 0 && errno == EINTR)
		;
	n = read(h->err_fd, msg, sizeof(msg) - 1);
	close(h->err_fd);
	msg[n > 0 ? n : 0] = '\0';
	msg[strcspn(msg, "\n")] = '\0';
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (!map_is_written(target, map_file))
			snprintf(h->failure, sizeof(h->failure),
				 "%s exited 0 but wrote no map", h->name);
		return;
	}
	if (WIFEXITED(status))
		snprintf(h->failure, sizeof(h->failure), "%s failed (exit %d)%s%s",
			 h->name, WEXITSTATUS(status), msg[0] ? ": " : "", msg);
	else
		snprintf(h->failure, sizeof(h->failure), "%s died of signal %d",
			 h->name, WTERMSIG(status));
}

static int write_direct(pid_t pid, const char *file, unsigned long outer,
			struct nb_error *err)
{
	char line[64];

	snprintf(line, sizeof(line), "0 %lu 1\n", outer);
	return userns_write_proc(pid, file, line, err);
}

void userns_map_start(struct userns_mapping *m, pid_t pid,
		      const struct id_map *uid_plan,
		      const struct id_map *gid_plan,
		      const struct userns_helpers *helpers)
{
	memset(m, 0, sizeof(*m));
	m->target = pid;
	m->uid_plan = uid_plan;
	m->gid_plan = gid_plan;
	m->uid.name = "newuidmap";
	m->gid.name = "newgidmap";
	m->uid.err_fd = m->gid.err_fd = -1;
	/* Without a subordinate range the helper has nothing to add, and
	 * newuidmap with no /etc/subuid even fails silently: skip it. */
	if (uid_plan->n > 1)
		helper_start(&m->uid, helpers->newuidmap, uid_plan, pid);
	else
		snprintf(m->uid.failure, sizeof(m->uid.failure),
			 "no subordinate uid range for you in %s",
			 helpers->subuid_file ? helpers->subuid_file : "/etc/subuid");
	if (gid_plan->n > 1)
		helper_start(&m->gid, helpers->newgidmap, gid_plan, pid);
	else
		snprintf(m->gid.failure, sizeof(m->gid.failure),
			 "no subordinate gid range for you in %s",
			 helpers->subgid_file ? helpers->subgid_file : "/etc/subgid");
}

int userns_map_finish(struct userns_mapping *m, struct userns_outcome *out,
		      struct nb_error *err)
{
	struct helper_run uid, gid;
	pid_t pid = m->target;
	unsigned long outer_uid = m->uid_plan->extents[0].outside;
	unsigned long outer_gid = m->gid_plan->extents[0].outside;

	memset(out, 0, sizeof(*out));
	helper_finish(&m->gid, pid, "gid_map");
	helper_finish(&m->uid, pid, "uid_map");
	uid = m->uid;
	gid = m->gid;

	if (gid.failure[0]) {
		out->gid_direct = true;
		/* An unprivileged gid_map write needs setgroups denied first
		 * (user_namespaces(7)), else a process could drop a group
		 * that denies it access (CVE-2014-8989). */
		if (userns_write_proc(pid, "setgroups", "deny", err) < 0 ||
		    write_direct(pid, "gid_map", outer_gid, err) < 0)
			return nb_fail_wrap(err, "map gids (%s)", gid.failure);
	}
	if (uid.failure[0]) {
		out->uid_direct = true;
		if (write_direct(pid, "uid_map", outer_uid, err) < 0)
			return nb_fail_wrap(err, "map uids (%s)", uid.failure);
	}
	if (uid.failure[0] && gid.failure[0])
		snprintf(out->why, sizeof(out->why), "%s; %s", uid.failure,
			 gid.failure);
	else if (uid.failure[0] || gid.failure[0])
		snprintf(out->why, sizeof(out->why), "%s",
			 uid.failure[0] ? uid.failure : gid.failure);
	return 0;
}

int userns_map_ids(pid_t pid, const struct id_map *uid_plan,
		   const struct id_map *gid_plan,
		   const struct userns_helpers *helpers,
		   struct userns_outcome *out, struct nb_error *err)
{
	struct userns_mapping m;

	userns_map_start(&m, pid, uid_plan, gid_plan, helpers);
	return userns_map_finish(&m, out, err);
}
