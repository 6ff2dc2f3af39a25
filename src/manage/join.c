// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --join: run a command inside a running sandbox, confined as its
 * program is.
 *
 *   registry entry → pidfd of init, checked against the recorded start
 *   time → the program's user namespace (a child of init's) → one setns
 *   on the pidfd with every namespace flag (the kernel enters the user
 *   namespace first) → setns into the program's user namespace → fork
 *   (the child is in the sandbox's pid namespace) → the recorded
 *   confinement: nogroups, setsid, environment, cwd, no capabilities,
 *   no_new_privs, the terminal's guard, descriptors closed, Landlock,
 *   rlimits, nice and cpu, seccomp last → execve.
 *
 * The joining nestbox stays outside, waits for the command and exits
 * with its status; if it dies first, the command is adopted by the
 * sandbox's init, which reaps it.
 */
#include "manage.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/nsfs.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "callerio.h"
#include "caps.h"
#include "denials.h"
#include "host.h"
#include "joinstate.h"
#include "landlock.h"
#include "nb_limits.h"
#include "sandbox.h"

#define JOINED_NAMESPACES                                                    \
	(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |          \
	 CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP)

static bool same_file(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Is @child's user namespace a child of the namespace @parent_ns? */
static int nested_userns_of(pid_t child, int parent_ns)
{
	char path[64];
	int ns, up;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)child);
	ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0)
		return -1;
	up = ioctl(ns, NS_GET_PARENT);
	if (up >= 0 && same_file(up, parent_ns)) {
		close(up);
		return ns;
	}
	if (up >= 0)
		close(up);
	close(ns);
	return -1;
}

/*
 * The program runs in a user namespace nested in init's, where only the
 * caller's ids exist: a joined process belongs there too.  (A new one
 * may not be made: restrict-namespaces sets user.max_user_namespaces to
 * 0 in init's namespace.)  Found among init's children, and checked
 * to be nested in init's own namespace, whatever their pids are now.
 */
int join_open_program_userns(pid_t init, struct nb_error *err)
{
	char path[64], *text, *p, *end;
	int init_ns, ns = -1;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)init);
	init_ns = open(path, O_RDONLY | O_CLOEXEC);
	if (init_ns < 0)
		return nb_fail(err, errno, "open %s", path);
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)init,
		 (int)init);
	text = host_read_file(path, 1 << 20);
	for (p = text; p && *p && ns < 0; p = end) {
		long child = strtol(p, &end, 10);

		if (end == p)
			break;
		ns = nested_userns_of((pid_t)child, init_ns);
	}
	free(text);
	close(init_ns);
	if (ns < 0)
		return nb_fail(err, 0, "the sandbox's program is not running");
	return ns;
}

static int enter_sandbox(int pidfd, int program_ns, struct nb_error *err)
{
	if (setns(pidfd, JOINED_NAMESPACES) < 0)
		return nb_fail(err, errno, "setns into the sandbox's namespaces");
	if (setns(program_ns, CLONE_NEWUSER) < 0)
		return nb_fail(err, errno, "setns into the program's user namespace");
	return 0;
}

static void enter_cwd(const char *cwd)
{
	const char *home = getenv("HOME");

	if (chdir(cwd) == 0 || (home && chdir(home) == 0) || chdir("/") == 0)
		return;
	nb_warn("cannot enter any working directory");
}

static __attribute__((noreturn)) void fail(const struct nb_error *err)
{
	nb_print_error(err);
	_exit(NB_EXIT_ERROR);
}

/* In the child, in the sandbox's pid namespace: the order of
 * program_exec(), from the recorded state.  @guard: where the terminal's
 * guard sends its listener, or -1 (callerio.h). */
static __attribute__((noreturn)) void confine_and_exec(struct joinstate *js,
						       char *const argv[],
						       int guard)
{
	extern char **environ;
	struct nb_error err = { 0 };
	int listeners[SECCOMP_MAX_FILTERS], e;
	size_t n;
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* nogroups: the caller's supplementary groups go, with the
	 * CAP_SETGID setns gave over the program's user namespace.  Where
	 * setgroups is denied there, the program kept its groups too (and
	 * was warned of it): so does this command. */
	if (js->process.nogroups && setgroups(0, NULL) < 0) {
		if (errno != EPERM)
			nb_fail(&err, errno, "nogroups"), fail(&err);
		nb_warn("nogroups not enforced: setgroups is denied in this sandbox");
	}
	/* no controlling terminal: no TIOCSTI into the caller's shell */
	if (setsid() < 0)
		nb_fail(&err, errno, "setsid"), fail(&err);
	environ = js->env;
	enter_cwd(js->cwd);
	if (caps_drop_all(&err) < 0 || caps_set_no_new_privs(&err) < 0)
		fail(&err);
	/* as the program's: the joining caller's terminal is not the
	 * command's to resize; the relay answers */
	if (guard >= 0) {
		int fd = caller_tty_guard_install(&err);

		if (fd < 0 || denials_send_listeners(guard, &fd, 1, &err) < 0)
			fail(&err);
		close(fd);
		close(guard);
	}
	if (close_range(3, ~0U, 0) < 0)
		nb_fail(&err, errno, "close descriptors"), fail(&err);
	/* the program's OOM-killer bias, before Landlock may refuse
	 * writing /proc */
	if (limits_oom_apply(&js->process, &err) < 0 ||
	    landlock_apply(&js->landlock, &err) < 0)
		fail(&err);
	/* rlimits, nice, cpu: as late as the program's, before the filter
	 * that may refuse setrlimit; within the joining caller's own hard
	 * limits (a higher one: the caller's, with a warning, as at launch) */
	if (limits_check(&js->process, false, &err) < 0 ||
	    limits_apply(&js->process, &err) < 0)
		fail(&err);
	if (seccomp_install(&js->bpf, listeners, &n, &err) < 0)
		fail(&err);
	execvp(argv[0], argv);
	e = errno;
	nb_error_msg("%s: %s", argv[0],
		     e == ENOENT ? "command not found" : strerror(e));
	_exit(e == ENOENT ? NB_EXIT_NOTFOUND : NB_EXIT_NOEXEC);
}

/*
 * sandbox_wait_forwarding(), answering the command's terminal guard on
 * @listener as it goes (init does the same for the program).
 */
static int relay_guarded(pid_t child, int listener)
{
	struct pollfd fds[2] = { { .events = POLLIN },
				 { .fd = listener, .events = POLLIN } };
	struct signalfd_siginfo si;
	sigset_t set;
	int status;

	sandbox_forwarded_signals(&set);
	sigaddset(&set, SIGCHLD);
	fds[0].fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (fds[0].fd < 0)
		return sandbox_wait_forwarding(child);
	for (;;) {
		if (poll(fds, 2, -1) < 0)
			continue;
		if (fds[1].revents & POLLIN &&
		    caller_tty_guard_answer(fds[1].fd) < 0)
			fds[1].fd = -1;
		else if (fds[1].revents & (POLLHUP | POLLERR))
			fds[1].fd = -1;
		if (!(fds[0].revents & POLLIN) ||
		    read(fds[0].fd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo != SIGCHLD)
			kill(child, (int)si.ssi_signo);
		else if (waitpid(child, &status, WNOHANG) == child)
			break;
	}
	close(fds[0].fd);
	close(listener);
	return WIFEXITED(status) ? WEXITSTATUS(status) :
				   128 + WTERMSIG(status);
}

/*
 * In the sandbox's pid namespace, between the joining nestbox and the
 * command: a process whose parent dies is adopted by the init of the
 * dying parent's pid namespace, so the command needs a parent inside for
 * the sandbox's init to adopt it.  This one relays signals and the exit
 * status, and dies with the joining nestbox (PR_SET_PDEATHSIG): the
 * command then lives on as a child of the sandbox's pid 1.
 */
static __attribute__((noreturn)) void relay(struct joinstate *js,
					    char *const argv[], int joiner)
{
	struct nb_error err = { 0 };
	pid_t child;

	struct pollfd alive = { .fd = joiner, .events = POLLIN };
	int guard[2] = { -1, -1 }, listener = -1;
	size_t n;

	/* @joiner: a pipe the joining nestbox holds the other end of
	 * (getppid() says 0 here: the parent is outside the namespace) */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (poll(&alive, 1, 0) != 0)
		_exit(NB_EXIT_ERROR); /* it died before the line above */
	close(joiner);
	if (caller_tty_any() &&
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, guard) < 0)
		nb_fail(&err, errno, "socketpair"), fail(&err);
	child = fork();
	if (child < 0)
		nb_fail(&err, errno, "fork into the sandbox"), fail(&err);
	if (child == 0) {
		if (guard[0] >= 0)
			close(guard[0]);
		confine_and_exec(js, argv, guard[1]);
	}
	/* nothing left to do that needs them */
	prctl(PR_SET_DUMPABLE, 0);
	if (caps_drop_all(&err) < 0)
		nb_debug("joined relay: %s", err.msg);
	if (guard[0] < 0)
		_exit(sandbox_wait_forwarding(child));
	close(guard[1]);
	/* a command that failed before its guard closed its end */
	if (denials_receive_listeners(guard[0], &listener, &n, &err) < 0)
		_exit(sandbox_wait_forwarding(child));
	close(guard[0]);
	_exit(relay_guarded(child, listener));
}

static int run_joined(struct joinstate *js, char *const argv[],
		      struct nb_error *err)
{
	sigset_t blocked, saved;
	pid_t child;
	int status, alive[2];

	if (pipe2(alive, O_CLOEXEC) < 0)
		return nb_fail(err, errno, "pipe");
	sandbox_forwarded_signals(&blocked);
	sigaddset(&blocked, SIGCHLD);
	sigprocmask(SIG_BLOCK, &blocked, &saved);
	child = fork();
	if (child < 0) {
		sigprocmask(SIG_SETMASK, &saved, NULL);
		close(alive[0]);
		close(alive[1]);
		return nb_fail(err, errno, "fork into the sandbox");
	}
	if (child == 0) {
		close(alive[1]);
		relay(js, argv, alive[0]);
	}
	close(alive[0]);
	nb_debug("joined: %s runs under pid %d", argv[0], (int)child);
	status = sandbox_wait_forwarding(child);
	close(alive[1]);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	return status;
}

/* The command, or the shell the sandbox's program had in $SHELL. */
static char *const *command_of(const struct options *o,
			       const struct joinstate *js, char *shell[2])
{
	if (o->program_argv)
		return o->program_argv;
	shell[0] = "/bin/sh";
	for (char **e = js->env; *e; e++)
		if (strncmp(*e, "SHELL=/", 7) == 0)
			shell[0] = *e + 6;
	shell[1] = NULL;
	return shell;
}

int join_target_open(struct join_target *t, const char *target,
		     struct nb_error *err)
{
	*t = (struct join_target){ .dir_fd = -1, .pidfd = -1, .program_ns = -1 };
	if (registry_open(&t->reg, false, err) < 0 ||
	    registry_find(&t->reg, target, &t->info, &t->dir_fd, err) < 0 ||
	    joinstate_read(t->dir_fd, &t->js, err) < 0)
		return -1;
	t->have_js = true;
	t->pidfd = manage_open_init(&t->info, err);
	if (t->pidfd < 0)
		return -1;
	t->program_ns = join_open_program_userns(t->info.pid, err);
	return t->program_ns < 0 ? -1 : 0;
}

void join_target_close(struct join_target *t)
{
	if (t->have_js)
		joinstate_free(&t->js);
	t->have_js = false;
	if (t->program_ns >= 0)
		close(t->program_ns);
	if (t->pidfd >= 0)
		close(t->pidfd);
	if (t->dir_fd >= 0)
		close(t->dir_fd);
	t->program_ns = t->pidfd = t->dir_fd = -1;
	registry_close(&t->reg);
}

int join_sandbox(const struct options *o, const char *target,
		 struct nb_error *err)
{
	struct join_target t;
	struct joinstate js;
	char *shell[2];
	int status;

	if (join_target_open(&t, target, err) < 0)
		goto fail;
	nb_debug("joining sandbox %s (init pid %d)", t.info.id,
		 (int)t.info.pid);
	if (enter_sandbox(t.pidfd, t.program_ns, err) < 0)
		goto fail;
	/* the confinement stays; everything else is closed before the
	 * command runs */
	js = t.js;
	t.have_js = false;
	join_target_close(&t);
	status = run_joined(&js, command_of(o, &js, shell), err);
	joinstate_free(&js);
	/*
	 * Having entered the sandbox's pid namespace for its children, this
	 * process can no longer create threads (clone(CLONE_THREAD) fails),
	 * and so must not run exit handlers that might (LeakSanitizer's
	 * check does, and spins forever): it leaves here.
	 */
	if (status < 0)
		nb_print_error(err);
	fflush(NULL);
	_exit(status < 0 ? NB_EXIT_ERROR : status);
fail:
	join_target_close(&t);
	return -1;
}
