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
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "callerio.h"
#include "denials.h"
#include "gopipe.h"
#include "joinstate.h"
#include "memfd_noexec.h"
#include "nb_limits.h"
#include "mount.h"
#include "mountplan_wire.h"
#include "net.h"
#include "netfilter.h"
#include "wayland.h"
#include "program.h"
#include "userns.h"

struct init_state {
	struct seccomp_bpf bpf;
	/* trace-denials: the same filters without notifications, for
	 * processes that join the sandboxes (they have no listener). */
	struct seccomp_bpf join_bpf;
	struct mount_prepared prep;
	struct netfilter_run netfilter;	/* nft loading, while the root is built */
	/* trace-denials: the program's filters' listeners, answered here. */
	int listeners[SECCOMP_MAX_FILTERS];
	size_t n_listeners;
};

static void tell_launcher_ended(const struct sandbox *sb, int code);

static __attribute__((noreturn)) void die(struct sandbox *sb,
					  const struct nb_error *err)
{
	/* Our own failure: said here, and to the launcher, so that it
	 * says nothing of the helpers our end stops (pasta) */
	if (err) {
		nb_print_error(err);
		tell_launcher_ended(sb, NB_EXIT_ERROR);
	}
	/* The launcher removes the registry entry too; doing it here as well
	 * covers a launcher that is already gone, and one that died before
	 * it could tell us the entry was made (we have it by path only). */
	registry_remove_abandoned(&sb->registry);
	_exit(NB_EXIT_ERROR);
}

/* The rest of the namespaces, owned by our new user namespace.  The
 * network namespace: already made at clone for pasta, none for `net
 * host`. */
#define UNSHARED_NAMESPACES                                                  \
	(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP)

/* Work that needs capabilities in the new namespaces but no id map. */
static int prepare(struct sandbox *sb, struct init_state *st,
		   struct nb_error *err)
{
	const char *name = sb->opts->policy.hostname;

	if (unshare(UNSHARED_NAMESPACES |
		    (sb->launch.net == POLICY_NET_NONE ? CLONE_NEWNET : 0)) < 0)
		return nb_fail(err, errno,
			       "unshare mount, net, ipc, uts and cgroup namespaces");
	nb_debug("namespaces: user, pid, mount, %sipc, uts, cgroup",
		 sb->launch.net == POLICY_NET_HOST ? "" : "net, ");

	if (seccomp_compile(&sb->seccomp, &st->bpf, err) < 0)
		return -1;
	nb_debug("seccomp filter compiled: %zu instructions", st->bpf.len);
	if (sb->seccomp.trace) {
		struct seccomp_plan quiet = sb->seccomp;

		quiet.trace = false;
		if (seccomp_compile(&quiet, &st->join_bpf, err) < 0)
			return -1;
	}
	if (sb->launch.net != POLICY_NET_HOST && net_loopback_up(err) < 0)
		return -1;
	nb_debug("network: %s", sb->launch.net == POLICY_NET_HOST ? "the host's" :
				 sb->launch.net == POLICY_NET_PASTA ? "lo up, pasta" :
							       "loopback only, lo up");
	if (sethostname(name, strlen(name)) < 0)
		return nb_fail(err, errno, "sethostname %s", name);
	nb_debug("hostname %s", name);
	return 0;
}

/* What needs the launcher's registry entry and helpers: the proxy's
 * socket and the cookie file are among the trees the plan mounts. */
static int prepare_mounts(struct sandbox *sb, struct init_state *st,
			  struct nb_error *err)
{
	struct rlimit raised;

	/* a descriptor per host tree: more than the usual soft limit of
	 * 1024 for a thousand whitelists; the program gets the caller's */
	if (getrlimit(RLIMIT_NOFILE, &sb->caller_nofile) == 0) {
		raised = sb->caller_nofile;
		raised.rlim_cur = raised.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &raised) < 0) {
			/* the build fails later if it needs more, saying so */
		}
	}
	if (registry_attach(&sb->registry, err) < 0 ||
	    mount_prepare(&sb->mounts, &st->prep, err) < 0)
		return -1;
	nb_debug("host trees resolved and cloned");
	return 0;
}

/*
 * --as-root: every id of ours mapped onto itself, read from our own map
 * (the launcher's plan may have fallen back to the caller's id alone).
 * The program's root is then our root, the caller on the host, and the
 * subordinate ids stay usable for chown and setuid, as a package manager
 * needs.  Its capabilities still cover nothing we own: our mounts and
 * namespaces belong to our user namespace, its parent.
 */
static int write_identity_map(pid_t pid, const char *file,
			      struct nb_error *err)
{
	char path[32], ours[4096], map[4096];
	size_t len = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/%s", file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nb_fail(err, errno, "open %s", path);
	n = read(fd, ours, sizeof(ours) - 1);
	close(fd);
	if (n <= 0)
		return nb_fail(err, n < 0 ? errno : 0, "read %s", path);
	ours[n] = '\0';
	map[0] = '\0';
	for (char *line = strtok(ours, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned long inside, outside, count;

		if (sscanf(line, "%lu %lu %lu", &inside, &outside, &count) != 3)
			return nb_fail(err, 0, "%s: '%s'", path, line);
		len += (size_t)snprintf(map + len, sizeof(map) - len,
					"%lu %lu %lu\n", inside, inside, count);
		if (len >= sizeof(map))
			return nb_fail(err, 0, "%s: too many lines", path);
	}
	return userns_write_proc(pid, file, map, err);
}

/*
 * restrict-namespaces, in depth under the seccomp filter: no namespace of
 * a type it names can be created below ours.  user.max_*_namespaces are set
 * to 0 for those types (the host's limit for the others) in our user
 * namespace and in the program's, each by its own process
 * (CAP_SYS_RESOURCE there; /proc/sys/user shows the opener's namespace),
 * through the host's /proc/sys/user opened early (limits.c says why).
 * Ours only once the program's namespace exists: the kernel checks the
 * limits of every namespace up the chain (kernel/ucount.c), so creating
 * it would fail too.
 */
static void ns_limits_open(struct sandbox *sb)
{
	struct nb_error err = { 0 };

	sb->ns_sysctl_dir = limits_ns_open(&err);
	if (sb->ns_sysctl_dir < 0)
		nb_warn("user.max_*_namespaces not set: %s", err.msg);
}

static void ns_limits_set(struct sandbox *sb, const char *whose)
{
	struct nb_error err = { 0 };

	if (sb->ns_sysctl_dir < 0)
		return;
	if (limits_ns_set(sb->ns_sysctl_dir, sb->seccomp.ns_refused,
			  sb->ns_host_max, &err) < 0)
		nb_warn("user.max_*_namespaces not set: %s", err.msg);
	else
		nb_debug("user.max_*_namespaces set in %s user namespace",
			 whose);
	close(sb->ns_sysctl_dir);
	sb->ns_sysctl_dir = -1;
}

static int write_nested_maps(pid_t pid, const struct sandbox *sb,
			     struct nb_error *err)
{
	const struct host_facts *host = &sb->host;
	char line[64];

	if (sb->opts->as_root)
		return write_identity_map(pid, "uid_map", err) < 0 ? -1 :
		       write_identity_map(pid, "gid_map", err);
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
/* trace-denials: a socket for the program's process to hand over its
 * filters' listeners once they are installed. */
static int open_trace_socket(struct sandbox *sb, int *ours,
			     struct nb_error *err)
{
	int sv[2];

	*ours = -1;
	if (!sb->seccomp.trace && !sb->tty_guard)
		return 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return nb_fail(err, errno, "socketpair");
	*ours = sv[0];
	sb->trace_sock = sv[1];
	return 0;
}

/* A program that fails before its filters are in place closes its end:
 * then there is nothing to answer, and its exit status tells the rest. */
static void receive_listeners(struct sandbox *sb, struct init_state *st,
			      int ours)
{
	struct nb_error err = { 0 };

	if (ours < 0)
		return;
	close(sb->trace_sock);
	sb->trace_sock = -1;
	if (denials_receive_listeners(ours, st->listeners, &st->n_listeners,
				      &err) < 0)
		nb_debug("trace-denials: %s", err.msg);
	else
		nb_debug("trace-denials: %zu seccomp listeners", st->n_listeners);
	close(ours);
}

static pid_t start_program(struct sandbox *sb, struct init_state *st,
			   struct nb_error *err)
{
	int sync[2], trace;
	pid_t pid;
	char c = 0;

	sb->tty_guard = caller_tty_any();
	if (sb->tty_guard && sb->seccomp.trace) {
		sb->tty_guard = false;
		nb_warn("not enforced under --trace-denials: the terminal's window size (the program may set it)");
	}
	if (open_trace_socket(sb, &trace, err) < 0)
		return -1;
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
		/* needs no id map: done while we write them */
		ns_limits_set(sb, "the program's");
		if (read(sync[0], &c, 1) != 1 || c != 'G')
			_exit(NB_EXIT_ERROR);
		close(sync[0]);
		program_exec(sb, &st->bpf);
	}
	close(sync[0]);
	if (write_nested_maps(pid, sb, err) < 0) {
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
	receive_listeners(sb, st, trace);
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

/* Nothing of the sandbox runs any more: the launcher may go without
 * waiting for the kernel to free our namespaces.  A launcher already
 * gone makes the write fail, not kill us. */
static void tell_launcher_ended(const struct sandbox *sb, int code)
{
	unsigned char word = (unsigned char)code;

	if (sb->end_fd < 0)
		return;
	signal(SIGPIPE, SIG_IGN);
	if (write(sb->end_fd, &word, 1) < 0) {
		/* the launcher then has our exit instead */
	}
}

/* The program is gone: as PID 1, kill(-1) reaches every process left in
 * the namespace, then reap them all. */
static __attribute__((noreturn)) void finish(struct sandbox *sb, int code)
{
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	/* The sandbox is gone: its entry too, here rather than only by the
	 * launcher, which may be killed between our exit and its cleanup. */
	registry_remove(&sb->registry);
	tell_launcher_ended(sb, code);
	_exit(code);
}

static void supervised_signals(sigset_t *set)
{
	sandbox_forwarded_signals(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIG_LAUNCHER_GONE);
	sigaddset(set, SIGALRM);	/* timeout_check() */
}

/*
 * timeout hh:mm:ss: our alarm(2) wakes the supervising loop with SIGALRM,
 * and the whole sandbox is killed as when the program ends, exiting
 * 128+SIGKILL as a program killed by the kernel would.  The program runs
 * as our uid and may send us a SIGALRM itself: one that comes while our
 * alarm is still pending is not the timeout, and is dropped.
 */
static void timeout_start(const struct sandbox *sb)
{
	sigset_t alarm_set;

	sigemptyset(&alarm_set);
	sigaddset(&alarm_set, SIGALRM);
	sigprocmask(SIG_BLOCK, &alarm_set, NULL);
	if (sb->opts->policy.process.timeout)
		alarm(sb->opts->policy.process.timeout);
}

static void timeout_check(struct sandbox *sb)
{
	unsigned timeout = sb->opts->policy.process.timeout;
	struct itimerval left;
	char text[32];

	if (!timeout || getitimer(ITIMER_REAL, &left) < 0 ||
	    left.it_value.tv_sec || left.it_value.tv_usec)
		return;
	limits_format_timeout(timeout, text, sizeof(text));
	nb_error_msg("timeout %s reached", text);
	finish(sb, 128 + SIGKILL);
}

static void handle_signal(struct sandbox *sb, pid_t program, int sig)
{
	int status;
	pid_t pid;

	if (sig == SIG_LAUNCHER_GONE) {
		/* The launcher was killed: the sandbox must not outlive
		 * it, nor its registry entry. */
		registry_remove(&sb->registry);
		finish(sb, 128 + SIGKILL);
	}
	if (sig == SIGALRM) {
		timeout_check(sb);
		return;
	}
	if (sig != SIGCHLD) {
		kill(program, sig);
		return;
	}
	/* Reap every orphan re-parented to us, and note the program's own
	 * end. */
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (pid == program)
			finish(sb, status_to_exit(status));
}

static __attribute__((noreturn)) void supervise(struct sandbox *sb,
						pid_t program)
{
	sigset_t set;
	siginfo_t si;

	supervised_signals(&set);
	for (;;) {
		int sig = sigwaitinfo(&set, &si);

		if (sig >= 0)
			handle_signal(sb, program, sig);
	}
}

/* The program started before pasta was ready (network_wait): pasta makes
 * its own sandbox's namespaces in our user namespace at the end of its
 * set-up, so our limits on new namespaces wait for the launcher's
 * GO_NETWORK_UP (or its end) on @go_fd.  Meanwhile the program is held
 * by its own user namespace's limits, set before its execve, which bound
 * every namespace below it, and by its seccomp filter. */
static void ns_limits_when_network_up(struct sandbox *sb, int *go_fd)
{
	char c;

	if (*go_fd < 0)
		return;
	while (read(*go_fd, &c, 1) < 0 && errno == EINTR)
		;
	ns_limits_set(sb, "init's");
	close(*go_fd);
	*go_fd = -1;
}

/* trace-denials: the same, and every refused call answered as it comes;
 * or the terminal's guard, its ioctl(TIOCSWINSZ) calls (callerio.h).
 * A listener is done when every process under its filter has exited.
 * Also where init's namespace limits wait for @go_fd (not -1). */
static __attribute__((noreturn)) void supervise_traced(struct sandbox *sb,
						       struct init_state *st,
						       pid_t program, int go_fd)
{
	struct pollfd fds[2 + SECCOMP_MAX_FILTERS];
	struct signalfd_siginfo si;
	sigset_t set;
	size_t n = 1, go = 0;

	supervised_signals(&set);
	fds[0] = (struct pollfd){ .fd = signalfd(-1, &set, SFD_CLOEXEC),
				  .events = POLLIN };
	if (fds[0].fd < 0) {
		/* set now, even if pasta then fails: the launcher says so */
		if (go_fd >= 0) {
			ns_limits_set(sb, "init's");
			close(go_fd);
		}
		supervise(sb, program);
	}
	for (size_t i = 0; i < st->n_listeners; i++)
		fds[n++] = (struct pollfd){ .fd = st->listeners[i],
					    .events = POLLIN };
	if (go_fd >= 0) {
		go = n;
		fds[n++] = (struct pollfd){ .fd = go_fd, .events = POLLIN };
	}
	for (;;) {
		if (poll(fds, n, -1) < 0)
			continue;
		if (go && fds[go].fd >= 0 && fds[go].revents) {
			ns_limits_when_network_up(sb, &go_fd);
			fds[go].fd = -1;
		}
		for (size_t i = 1; i < n; i++) {
			if (i == go)
				continue;
			if (fds[i].revents & POLLIN &&
			    (sb->tty_guard ?
				     caller_tty_guard_answer(fds[i].fd) :
				     denials_answer(fds[i].fd, &sb->seccomp,
						    sb->trace_log_fd)) == 0)
				continue;
			if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
				close(fds[i].fd);
				fds[i].fd = -1;
			}
		}
		if ((fds[0].revents & POLLIN) &&
		    read(fds[0].fd, &si, sizeof(si)) == sizeof(si))
			handle_signal(sb, program, (int)si.ssi_signo);
	}
}

/*
 * For --join, in the registry entry: the program's environment and
 * working directory (init takes the same, its own are of no use to it),
 * its Landlock policy and filters, nogroups, rlimits, nice and cpu.
 * Here, while the program execs, not on its way.  Not fatal: the
 * program runs, it is only not joinable.
 */
static void record_join_state(struct sandbox *sb, struct init_state *st)
{
	struct nb_error err = { 0 };

	program_enter_cwd(&sb->host, sb->opts->policy.fs.cwd, false);
	if (program_set_environment(&sb->opts->policy, &sb->launch, &err) < 0 ||
	    joinstate_record(sb->registry.dir_fd, &sb->opts->policy.landlock,
			     sb->seccomp.trace ? &st->join_bpf : &st->bpf,
			     &sb->opts->policy.process, &err) < 0)
		nb_warn("this sandbox cannot be joined: %s", err.msg);
}

/*
 * Until the program may use the network: the launcher's GO_NETWORK_UP
 * (pasta ready, or no pasta), or, after its GO_NETWORK_CONFIGURED,
 * pasta's default routes in our namespace if they come first.  pasta
 * makes them last when it configures the namespace, about a fifth into
 * its set-up; what the program sends from then on waits in the tap
 * interface's queue until pasta reads it.  The packet filter is loaded
 * before either (netfilter_finish), so the program's first packet meets
 * it; and if pasta fails after all, the launcher ends the sandbox.
 */
static bool network_wait(struct sandbox *sb, int go_fd, bool *early)
{
	char c = 0;
	ssize_t n;
	int rc;

	do
		n = read(go_fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1 && c == (char)GO_NETWORK_UP)
		return true;
	if (n != 1 || c != (char)GO_NETWORK_CONFIGURED)
		return false;
	rc = net_wait_routes(sb->pasta_routes, go_fd);
	if (rc > 0)
		nb_debug("network: pasta has configured the namespace (its default routes): the program starts while pasta finishes its set-up");
	*early = rc > 0;
	return rc >= 0;
}

void init_main(struct sandbox *sb, int go_fd)
{
	struct init_state st = { 0 };
	struct nb_error err = { 0 };
	bool prepared, nft_waits, early = false;
	pid_t program;

	/* Die with the launcher.  The race (it died before this line) is
	 * covered by go_wait(): its end of the pipe is then closed. */
	prctl(PR_SET_PDEATHSIG, SIG_LAUNCHER_GONE);
	wayland_forget_connection(&sb->wayland);

	/* before the root is built, and while the launcher maps our ids */
	ns_limits_open(sb);
	/* first in the new pid namespace, so nothing of the sandbox ever
	 * makes an executable memfd; the launcher found it writable, so a
	 * failure fails the launch */
	prepared = (!sb->memfd_noexec || memfd_noexec_set(&err) == 0) &&
		   prepare(sb, &st, &err) == 0;
	if (!go_wait(go_fd, GO_READY))
		die(sb, NULL);
	/* the plan was made after we were cloned: it came with 'R' */
	prepared = prepared &&
		   mount_plan_receive(sb->plan_fd, &sb->mounts, &err) == 0;
	if (sb->plan_fd >= 0)
		close(sb->plan_fd);
	sb->plan_fd = -1;
	prepared = prepared && prepare_mounts(sb, &st, &err) == 0;
	/* a failure is told once the launcher waits for us, not while
	 * it still maps our ids */
	if (!go_wait(go_fd, GO_MAPPED))
		die(sb, NULL);
	if (!prepared)
		die(sb, &err);
	nb_debug("id maps written; building the root");

	/* The root is built while pasta still sets the network up:
	 * GO_NETWORK_UP comes when it is done.  The packet filter loads
	 * meanwhile (nft needs our id map to be root); a FILE may name
	 * pasta's interface, and then its worker waits for the word first.
	 * Otherwise we wait for it ourselves, before the program starts. */
	nft_waits = netfilter_needs_network(&sb->netfilter);
	if (netfilter_start(&sb->netfilter, nft_waits ? go_fd : -1,
			    &st.netfilter, &err) < 0)
		die(sb, &err);
	if (mount_build_root(&sb->mounts, &st.prep, &err) < 0)
		die(sb, &err);
	mount_prepared_close(&st.prep);
	nb_debug("root built, pivoted, old root detached");
	if (!nft_waits && !network_wait(sb, go_fd, &early))
		die(sb, NULL);
	if (!early) {
		close(go_fd);
		go_fd = -1;
	}
	if (netfilter_finish(&sb->netfilter, &st.netfilter, &err) < 0)
		die(sb, &err);
	if (sb->netfilter.n)
		nb_debug("netfilter: %zu ruleset%s loaded by %s", sb->netfilter.n,
			 sb->netfilter.n == 1 ? "" : "s", sb->netfilter.nft);

	/* before the program, which inherits it: the sandbox's processes
	 * are the OOM killer's first choice, before the caller's desktop
	 * (limits_oom_apply) */
	if (limits_oom_apply(&sb->opts->policy.process, &err) < 0)
		die(sb, &err);
	program = start_program(sb, &st, &err);
	if (program < 0)
		die(sb, &err);
	if (!early)
		ns_limits_set(sb, "init's");
	record_join_state(sb, &st);
	timeout_start(sb);
	if (st.n_listeners || early)
		supervise_traced(sb, &st, program, go_fd);
	supervise(sb, program);
}
