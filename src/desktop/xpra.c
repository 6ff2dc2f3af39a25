// SPDX-License-Identifier: GPL-2.0-or-later
#include "xpra.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper.h"

const char *xpra_binary(void)
{
	const char *env = getenv("NESTBOX_XPRA");

	return env && *env ? env : "/usr/bin/xpra";
}

int xpra_argv(enum xpra_role role, unsigned display, const char *dir,
	      const char *title, struct xpra_argv *a)
{
	/* Off, on both sides, what would reach past the program's display:
	 * the caller's clipboard, files, URLs, printers, sound, webcam,
	 * notifications, tray and D-Bus; mDNS and any HTML listener;
	 * commands started by xpra itself; systemd-run, which would move
	 * the server out of our process group; mmap, a file shared by the
	 * two.  No configuration file is read (xpra_env()), so none adds
	 * a TCP listener or the Xsession scripts Debian's /etc/xpra starts
	 * (outside the sandbox, on its display). */
	static const char *const shared[] = {
		"--mdns=no", "--notifications=no", "--clipboard=no",
		"--file-transfer=no", "--open-files=no", "--open-url=no",
		"--printing=no", "--speaker=disabled", "--microphone=disabled",
		"--webcam=no", "--bell=no", "--tray=no", "--system-tray=no",
		"--mmap=no",
	};
	static const char *const server_only[] = {
		"--use-display=yes", "--daemon=no", "--systemd-run=no",
		"--html=off", "--dbus-launch=no", "--dbus-proxy=no",
		"--dbus-control=no", "--pulseaudio=no",
		"--forward-xdg-open=no", "--fake-xinerama=no",
		"--start-new-commands=no", "--sharing=no",
	};
	static const char *const attach_only[] = { "--opengl=no" };
	size_t n = 0;

	if (!dir || !*dir)
		return -1;
	a->argv[n++] = "xpra";
	if (role == XPRA_SERVER) {
		snprintf(a->display, sizeof(a->display), ":%u", display);
		snprintf(a->socket_dir, sizeof(a->socket_dir),
			 "--socket-dir=%s", dir);
		snprintf(a->socket_dirs, sizeof(a->socket_dirs),
			 "--socket-dirs=%s", dir);
		snprintf(a->log_dir, sizeof(a->log_dir), "--log-dir=%s", dir);
		/* its one socket, by path, in the entry (hidden from the
		 * sandbox); no other in /run/user or ~/.xpra */
		snprintf(a->bind, sizeof(a->bind), "--bind=%s/server", dir);
		a->argv[n++] = "start";
		a->argv[n++] = a->display;
		a->argv[n++] = a->bind;
		a->argv[n++] = a->socket_dir;
		a->argv[n++] = a->socket_dirs;
		a->argv[n++] = a->log_dir;
		for (size_t i = 0; i < sizeof(server_only) / sizeof(*server_only); i++)
			a->argv[n++] = (char *)server_only[i];
	} else {
		snprintf(a->bind, sizeof(a->bind), "socket:%s/server", dir);
		snprintf(a->title, sizeof(a->title), "--title=@title@ (%s)",
			 title ? title : "nestbox");
		a->argv[n++] = "attach";
		a->argv[n++] = a->bind;
		a->argv[n++] = a->title;
		for (size_t i = 0; i < sizeof(attach_only) / sizeof(*attach_only); i++)
			a->argv[n++] = (char *)attach_only[i];
	}
	for (size_t i = 0; i < sizeof(shared) / sizeof(*shared); i++)
		a->argv[n++] = (char *)shared[i];
	a->argv[n] = NULL;
	return 0;
}

/* The environment of xpra's server or client: nothing of the caller's
 * but PATH and the locale (no session bus, no PYTHON*, no LD_*), its
 * home and runtime and temporary directories in @dir (its settings,
 * run-xpra script, pulse directory...), its configuration directories
 * too (empty: the command line is all its settings, not /etc/xpra's nor
 * ~/.config/xpra's), and the display it is a client of with that
 * display's cookies. */
struct xpra_env {
	char path[4200], home[4200], runtime[4200], tmp[4200], lang[256],
		display[64], xauth[4200], sys_conf[4200], user_conf[4200];
	char *envp[12];
};

static void xpra_env(struct xpra_env *e, const char *dir, const char *display,
		     const char *xauth)
{
	const char *path = getenv("PATH"), *lang = getenv("LANG");
	size_t n = 0;

	snprintf(e->path, sizeof(e->path), "PATH=%s",
		 path && *path ? path : "/usr/bin:/bin");
	snprintf(e->home, sizeof(e->home), "HOME=%s", dir);
	snprintf(e->runtime, sizeof(e->runtime), "XDG_RUNTIME_DIR=%s", dir);
	snprintf(e->tmp, sizeof(e->tmp), "TMPDIR=%s", dir);
	snprintf(e->display, sizeof(e->display), "DISPLAY=%s", display);
	snprintf(e->xauth, sizeof(e->xauth), "XAUTHORITY=%s", xauth);
	snprintf(e->sys_conf, sizeof(e->sys_conf), "XPRA_SYSTEM_CONF_DIRS=%s", dir);
	snprintf(e->user_conf, sizeof(e->user_conf), "XPRA_USER_CONF_DIRS=%s", dir);
	e->envp[n++] = e->sys_conf;
	e->envp[n++] = e->user_conf;
	e->envp[n++] = e->path;
	e->envp[n++] = e->home;
	e->envp[n++] = e->runtime;
	e->envp[n++] = e->tmp;
	e->envp[n++] = e->display;
	e->envp[n++] = e->xauth;
	if (lang && *lang) {
		snprintf(e->lang, sizeof(e->lang), "LANG=%s", lang);
		e->envp[n++] = e->lang;
	}
	e->envp[n] = NULL;
}

/* xpra's readiness: a line it logs, looked for in its log file as it
 * grows (inotify), within XPRA_READY_MS.  xpra 3.1 has no other: its
 * --displayfd is written before its socket listens. */
#define XPRA_READY_MS 30000
#define XPRA_LOG_TAIL 8192

struct xpra_log {
	int wfd;		/* its end: xpra's stdout and stderr */
	int rfd;		/* ours, read as it grows */
	int inotify;
	char buf[XPRA_LOG_TAIL + 1];
	size_t len;
};

static void xpra_log_close(struct xpra_log *l)
{
	if (l->wfd >= 0)
		close(l->wfd);
	if (l->rfd >= 0)
		close(l->rfd);
	if (l->inotify >= 0)
		close(l->inotify);
	l->wfd = l->rfd = l->inotify = -1;
}

/* Watched before xpra starts: no line is written unseen. */
static int xpra_log_open(struct xpra_log *l, const char *path,
			 struct nb_error *err)
{
	l->len = 0;
	l->rfd = l->inotify = -1;
	l->wfd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW |
				    O_CLOEXEC, 0600);
	if (l->wfd < 0)
		return nb_fail(err, errno, "x11 xpra: create %s", path);
	l->rfd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	l->inotify = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (l->rfd < 0 || l->inotify < 0 ||
	    inotify_add_watch(l->inotify, path, IN_MODIFY) < 0) {
		nb_fail(err, errno, "x11 xpra: watch %s", path);
		xpra_log_close(l);
		return -1;
	}
	return 0;
}

/* What it wrote since, kept to its last XPRA_LOG_TAIL bytes (a line to
 * look for is short; a long log is not). */
static void xpra_log_read(struct xpra_log *l)
{
	char chunk[4096];
	ssize_t n;

	while ((n = read(l->rfd, chunk, sizeof(chunk))) > 0) {
		size_t k = (size_t)n;

		if (k > XPRA_LOG_TAIL)
			k = XPRA_LOG_TAIL;
		if (l->len + k > XPRA_LOG_TAIL) {
			size_t drop = l->len + k - XPRA_LOG_TAIL;

			memmove(l->buf, l->buf + drop, l->len - drop);
			l->len -= drop;
		}
		memcpy(l->buf + l->len, chunk + (size_t)n - k, k);
		l->len += k;
		l->buf[l->len] = '\0';
	}
}

/* Its last line, for the message of a failure. */
static const char *xpra_log_last_line(struct xpra_log *l)
{
	char *end, *start;

	while (l->len && (l->buf[l->len - 1] == '\n' || l->buf[l->len - 1] == ' '))
		l->buf[--l->len] = '\0';
	end = l->buf + l->len;
	start = memrchr(l->buf, '\n', (size_t)(end - l->buf));
	return start ? start + 1 : l->buf;
}

/* 0 once @mark is in the log; -1 if @pid ended first, or time ran out. */
static int xpra_log_wait(struct xpra_log *l, pid_t pid, const char *mark)
{
	long long deadline = helper_deadline(XPRA_READY_MS);
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int rc = -1;

	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = l->inotify, .events = POLLIN },
			{ .fd = pidfd, .events = POLLIN },
		};
		char events[4096];
		int left;
		int r;

		xpra_log_read(l);
		if (memmem(l->buf, l->len, mark, strlen(mark))) {
			rc = 0;
			break;
		}
		left = helper_ms_left(deadline);
		if (left <= 0 || pfd[1].fd < 0)
			break;
		r = poll(pfd, 2, left);
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0 && pfd[1].revents) {
			/* it ended: what it wrote last is all there is */
			xpra_log_read(l);
			if (memmem(l->buf, l->len, mark, strlen(mark)))
				rc = 0;
			break;
		}
		while (read(l->inotify, events, sizeof(events)) > 0)
			;
	}
	if (pidfd >= 0)
		close(pidfd);
	return rc;
}

static __attribute__((noreturn)) void exec_xpra(const char *path,
						const struct xpra_argv *a,
						const struct xpra_env *e,
						int log, pid_t launcher)
{
	helper_child_setup(launcher, true);
	if (dup2(log, STDOUT_FILENO) < 0 || dup2(log, STDERR_FILENO) < 0)
		_exit(1);
	execve(path, a->argv, e->envp);
	_exit(127);
}

/* One of xpra's two processes, ready when its log says @mark. */
static int start_xpra_process(pid_t *pid, enum xpra_role role,
			      const struct launch_x11 *x, const char *dir,
			      const char *caller_xauth, const char *title,
			      struct nb_error *err)
{
	static const char *const what[] = { "server", "attach" };
	static const char *const mark[] = {
		/* logged once its socket listens */
		[XPRA_SERVER] = "xpra is ready.",
		/* logged once the server answered its hello */
		[XPRA_ATTACH] = "Attached to ",
	};
	pid_t launcher = getpid();
	struct xpra_argv a;
	struct xpra_env e;
	struct xpra_log l;
	char log[4200];
	int rc = 0;

	snprintf(log, sizeof(log), "%s/%s.log", dir, what[role]);
	if (xpra_argv(role, x->display, dir, title, &a) < 0)
		return nb_fail(err, 0, "x11 xpra: no directory");
	if (role == XPRA_SERVER) {
		snprintf(a.display, sizeof(a.display), ":%u", x->display);
		xpra_env(&e, dir, a.display, x->xauth);
	} else {
		/* the caller's display, with the caller's cookies: HOME is
		 * not the caller's any more, the file is named */
		xpra_env(&e, dir, getenv("DISPLAY"),
			 caller_xauth ? caller_xauth : "/dev/null");
	}
	if (xpra_log_open(&l, log, err) < 0)
		return -1;
	*pid = fork();
	if (*pid == 0)
		exec_xpra(xpra_binary(), &a, &e, l.wfd, launcher);
	if (*pid < 0) {
		*pid = 0;
		rc = nb_fail(err, errno, "fork for xpra %s", what[role]);
	} else if (xpra_log_wait(&l, *pid, mark[role]) < 0) {
		/* xpra's last line says why (a display that refused it, a
		 * missing Python module) */
		rc = nb_fail(err, 0, "x11 xpra: xpra %s did not start%s%s: %s",
			     what[role],
			     role == XPRA_ATTACH ? " on DISPLAY=" : "",
			     role == XPRA_ATTACH ? getenv("DISPLAY") : "",
			     l.len ? xpra_log_last_line(&l) : "it wrote nothing");
	}
	xpra_log_close(&l);
	return rc;
}

int xpra_start(pid_t *server, pid_t *attach, const struct launch_x11 *x,
	       const char *caller_xauth, const char *title,
	       struct nb_error *err)
{
	const char *slash = x->xauth ? strrchr(x->xauth, '/') : NULL;
	char dir[4096];

	*server = *attach = 0;
	if (!slash)
		return nb_fail(err, 0, "x11 xpra: no registry entry");
	/* the registry entry's, as the cookie is */
	snprintf(dir, sizeof(dir), "%.*s/" XPRA_DIR,
		 (int)(slash - x->xauth), x->xauth);
	if (mkdir(dir, 0700) < 0)
		return nb_fail(err, errno, "x11 xpra: mkdir %s", dir);
	/* Its server, then its client: the program's windows show once the
	 * client is attached, so both are ready before the program runs
	 * (and a client refused by the caller's display stops the launch,
	 * exit 125). */
	if (start_xpra_process(server, XPRA_SERVER, x, dir, NULL, title,
			       err) < 0 ||
	    start_xpra_process(attach, XPRA_ATTACH, x, dir, caller_xauth,
			       title, err) < 0)
		return -1;
	nb_debug("x11: xpra server (pid %d) on :%u, attached (pid %d) to DISPLAY=%s; their files in %s",
		 (int)*server, x->display, (int)*attach, getenv("DISPLAY"),
		 dir);
	return 0;
}

/* Killed, with what they started (their process groups): nothing of
 * theirs needs saving, their files go with the registry entry. */
void xpra_stop(pid_t *pid)
{
	if (*pid > 0) {
		kill(-*pid, SIGKILL);
		kill(*pid, SIGKILL);
		while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	*pid = 0;
}
