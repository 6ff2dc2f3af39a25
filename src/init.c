// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PID 1 of the sandbox.
 *
 * Born from clone() in every new namespace at once, as root of the new
 * user namespace but with no id map yet.  It does first what needs no
 * map (compile the filter, bring lo up, name the host, clone the host
 * trees to mount), overlapping the launcher's newuidmap/newgidmap, then
 * waits for the launcher's "go", builds the root, starts the program in
 * a nested user namespace and supervises it.
 */
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mount.h"
#include "net.h"
#include "program.h"
#include "userns.h"

struct init_state {
	struct seccomp_bpf bpf;
	struct mount_prepared prep;
};

static __attribute__((noreturn)) void die(struct sandbox *sb,
					  const struct nb_error *err)
{
	if (err)
		nb_print_error(err);
	/* The launcher removes the registry entry too; doing it here as well
	 * covers a launcher that is already gone. */
	registry_remove(&sb->registry);
	_exit(NB_EXIT_ERROR);
}

/* The rest of the namespaces, owned by our new user namespace. */
#define UNSHARED_NAMESPACES                                                  \
	(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS |           \
	 CLONE_NEWCGROUP)

/* Work that needs capabilities in the new namespaces but no id map. */
static int prepare(struct sandbox *sb, struct init_state *st,
		   struct nb_error *err)
{
	const char *name = sb->opts->policy.hostname;

	if (unshare(UNSHARED_NAMESPACES) < 0)
		return nb_fail(err, errno,
			       "unshare mount, net, ipc, uts and cgroup namespaces");
	nb_debug("namespaces: user, pid, mount, net, ipc, uts, cgroup");

	if (seccomp_compile(&sb->seccomp, &st->bpf, err) < 0)
		return -1;
	nb_debug("seccomp filter compiled: %zu instructions", st->bpf.len);
	if (net_loopback_up(err) < 0)
		return -1;
	nb_debug("network: loopback only, lo up");
	if (sethostname(name, strlen(name)) < 0)
		return nb_fail(err, errno, "sethostname %s", name);
	nb_debug("hostname %s", name);
	if (mount_prepare(&sb->mounts, &st->prep, err) < 0)
		return -1;
	nb_debug("host trees resolved and cloned");
	return 0;
}

/* Block until the launcher has written our id maps.  EOF: it died before
 * that, possibly before PR_SET_PDEATHSIG was set, so we cannot rely on
 * the signal and leave on our own. */
static bool wait_for_go(int go_fd)
{
	char c = 0;
	ssize_t n;

	do
		n = read(go_fd, &c, 1);
	while (n < 0 && errno == EINTR);
	close(go_fd);
	return n == 1 && c == 'G';
}

static int write_nested_maps(pid_t pid, const struct host_facts *host,
			     struct nb_error *err)
{
	char line[64];

	/* Inside: the caller's own ids; outside: our root, which is the
	 * caller on the host.  We hold CAP_SETGID in the parent namespace,
	 * so setgroups need not be denied here. */
	snprintf(line, sizeof(line), "%u 0 1\n", (unsigned)host->uid);
	if (userns_write_proc(pid, "uid_map", line, err) < 0)
		return -1;
	snprintf(line, sizeof(line), "%u 0 1\n", (unsigned)host->gid);
	return userns_write_proc(pid, "gid_map", line, err);
}

/*
 * The program runs in a nested user namespace in which only the caller's
 * uid and gid exist, mapped onto our root: it is the caller, as seen both
 * inside and outside, and holds no capability over anything we mounted.
 */
static pid_t start_program(struct sandbox *sb, struct init_state *st,
			   struct nb_error *err)
{
	int sync[2];
	pid_t pid;
	char c = 0;

	if (pipe2(sync, O_CLOEXEC) < 0)
		return nb_fail(err, errno, "pipe");
	pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL,
			     NULL, NULL);
	if (pid < 0) {
		nb_fail(err, errno, "clone the program's user namespace");
		close(sync[0]);
		close(sync[1]);
		return -1;
	}
	if (pid == 0) {
		close(sync[1]);
		if (read(sync[0], &c, 1) != 1 || c != 'G')
			_exit(NB_EXIT_ERROR);
		close(sync[0]);
		program_exec(sb, &st->bpf);
	}
	close(sync[0]);
	if (write_nested_maps(pid, &sb->host, err) < 0) {
		kill(pid, SIGKILL);
		close(sync[1]);
		return -1;
	}
	if (write(sync[1], "G", 1) != 1) {
		nb_fail(err, errno, "release the program");
		kill(pid, SIGKILL);
		close(sync[1]);
		return -1;
	}
	close(sync[1]);
	nb_debug("program started: %s (pid %d in the sandbox)", sb->argv[0],
		 (int)pid);
	return pid;
}

static int status_to_exit(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return NB_EXIT_ERROR;
}

/* The program is gone: as PID 1, kill(-1) reaches every process left in
 * the namespace, then reap them all. */
static __attribute__((noreturn)) void finish(struct sandbox *sb, int code)
{
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	registry_close(&sb->registry);
	_exit(code);
}

static __attribute__((noreturn)) void supervise(struct sandbox *sb,
						pid_t program)
{
	sigset_t set;
	siginfo_t si;

	sandbox_forwarded_signals(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIG_LAUNCHER_GONE);
	for (;;) {
		int sig = sigwaitinfo(&set, &si), status;
		pid_t pid;

		if (sig < 0)
			continue;
		if (sig == SIG_LAUNCHER_GONE) {
			/* The launcher was killed: the sandbox must not
			 * outlive it, nor its registry entry. */
			registry_remove(&sb->registry);
			finish(sb, 128 + SIGKILL);
		}
		if (sig != SIGCHLD) {
			kill(program, sig);
			continue;
		}
		/* Reap every orphan re-parented to us, and note the
		 * program's own end. */
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			if (pid == program)
				finish(sb, status_to_exit(status));
	}
}

void init_main(struct sandbox *sb, int go_fd)
{
	struct init_state st = { 0 };
	struct nb_error err = { 0 };
	bool prepared;
	pid_t program;

	/* Die with the launcher.  The race (it died before this line) is
	 * covered by wait_for_go(): its end of the pipe is then closed. */
	prctl(PR_SET_PDEATHSIG, SIG_LAUNCHER_GONE);

	prepared = prepare(sb, &st, &err) == 0;
	if (!wait_for_go(go_fd))
		die(sb, NULL);
	if (!prepared)
		die(sb, &err);
	nb_debug("id maps written; building the root");

	if (mount_build_root(&sb->mounts, &st.prep, &err) < 0)
		die(sb, &err);
	mount_prepared_close(&st.prep);
	nb_debug("root built, pivoted, old root detached");

	program = start_program(sb, &st, &err);
	if (program < 0)
		die(sb, &err);
	supervise(sb, program);
}
