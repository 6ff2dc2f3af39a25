// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The launch sequence, launcher side (docs/architecture.md, "The launch sequence"):
 *
 *   plan the policy, seccomp and netfilter (pure) → block signals →
 *   clone init into new user and pid namespaces (it makes the others) →
 *   registry entry → start pasta, the id-map helpers (newuidmap and
 *   newgidmap), xdg-dbus-proxy, the X server → plan the file system
 *   (reading the host: the launcher's longest step, while those start)
 *   → the mount plan to init through a memfd → "ready" → the id maps
 *   written → "go" (init builds the root) → the compositor's answer →
 *   "configured" (the program may start once pasta's routes are in its
 *   namespace) → pasta ready → "network up" → forward signals and wait
 *   → remove the registry entry → exit with init's status.
 *
 * init exists before anything is made on the host, so that whatever
 * step the launcher is killed at, someone is left to undo it.
 */
#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "desktop.h"
#include "display.h"
#include "fsfacts.h"
#include "gopipe.h"
#include "host.h"
#include "init.h"
#include "landlock.h"
#include "manage.h"
#include "memfd_noexec.h"
#include "mountplan_wire.h"
#include "nb_limits.h"
#include "netfilter.h"
#include "pasta.h"
#include "profile_load.h"
#include "sandbox.h"
#include "seccomp_policy.h"
#include "userns.h"

/* Only what must exist at birth: the user namespace (so newuidmap can
 * start at once) and the pid namespace (so init is its PID 1).  Init
 * unshares the others itself while the id-map helpers run. */
#define CLONE_NAMESPACES (CLONE_NEWUSER | CLONE_NEWPID)

static char *default_shell_argv[2];

/*
 * The id-map inputs can be named in the environment, for the fault tests
 * (tests/integration/faults.sh: a missing, failing or non-setuid helper,
 * a missing subordinate-id file).  Safe: they only choose what this
 * unprivileged process asks for and which program it runs as itself.
 * newuidmap reads /etc/subuid on its own and grants only what it lists;
 * a helper of the caller's choosing runs with the caller's rights, which
 * allow no more than the direct "0 U 1" map.
 */
static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

/* @owner_uid identifies the caller's lines (in both files, as shadow
 * does); @outer is the id mapped to 0: the uid or the gid. */
static void plan_id_map(const char *subid_file, const char *user,
			unsigned long owner_uid, unsigned long outer,
			struct id_map *map)
{
	struct id_range ranges[IDMAP_MAX_RANGES];
	char *text = host_read_file(subid_file, 1 << 20);
	size_t n = 0;

	if (text) {
		n = subid_find_ranges(text, user, owner_uid, ranges,
				      IDMAP_MAX_RANGES);
		free(text);
	}
	idmap_plan(outer, ranges, n, map);
}

/* What of the network settings this sandbox cannot honour: ip, ip6,
 * defaultgw and mtu are pasta's. */
static int net_check_settings(const struct policy *p, struct launch_facts *lf,
			      struct nb_error *err)
{
	const struct policy_netcfg *n = &p->netcfg;

	if (lf->net != POLICY_NET_PASTA &&
	    (n->ip || n->ip6 || n->gateway || n->mtu) &&
	    launch_facts_not_enforced(lf, "ip, ip6, defaultgw, mtu",
				      "set through pasta; this sandbox has no pasta network (net none or host)",
				      err) < 0)
		return -1;
	return 0;
}

/* The file-system facts are read here, once, and dropped once the plan
 * is made: the plan alone goes on to init. */
static int plan_mounts(struct sandbox *sb, const struct policy *policy,
		       struct nb_error *err)
{
	struct fs_facts facts;
	int rc;

	mount_plan_init(&sb->mounts);
	fs_facts_init(&facts);
	nb_debug("profiles applied: %zu path rules", policy->fs.n_rules);
	/* the program, for private-lib: execvp finds it in the same PATH;
	 * the rules, the policy's and the desktop's after them */
	rc = fs_facts_gather(&sb->launch.fs, &sb->host, sb->argv[0], &facts,
			     err);
	if (rc == 0) {
		nb_debug("file-system facts: %zu paths", facts.n);
		rc = mount_plan_build(policy, &sb->launch, &sb->host, &facts,
				      &sb->mounts, err);
	}
	fs_facts_free(&facts);
	return rc;
}

/* io_uring taken out of the baseline by the profile: what its
 * operations then do unchecked is said, as any rule not enforced. */
static int report_io_uring(const struct options *o,
			   const struct seccomp_plan *plan, struct nb_error *err)
{
	char calls[1024];

	if (!plan->io_uring_allowed ||
	    !seccomp_plan_io_uring_bypass(plan, calls, sizeof(calls)))
		return 0;
	if (o->strict)
		return nb_fail(err, 0,
			       "--strict: not enforced for io_uring's operations (allowed by the profile): the seccomp rules for %s",
			       calls);
	if (!o->policy.quiet)
		nb_warn("not enforced for io_uring's operations (allowed by the profile): the seccomp rules for %s",
			calls);
	return 0;
}

/*
 * Options and profiles become the policy (docs/architecture.md, "The
 * policy and the launch facts"): the last writes to it.  From here on
 * the launch holds it const, and what it learns goes in sb->launch.
 */
static int load_policy(struct options *opts, const struct host_facts *host,
		       struct nb_error *err)
{
	if (profiles_load(opts, host, err) < 0)
		return -1;
	/* under a profile, what it leaves out is the host's (firejail's
	 * meaning); the bare sandbox stays the strict baseline */
	if (opts->noprofile)
		policy_strict_baseline(&opts->policy);
	return 0;
}

/* What the launch makes of the frozen policy here, and the plans. */
static int resolve_and_plan(struct sandbox *sb, const struct options *o,
			    struct nb_error *err)
{
	const struct policy *p = &o->policy;
	struct launch_facts *lf = &sb->launch;

	if (launch_facts_init(lf, p, err) < 0)
		return -1;
	lf->net = launch_net_resolve(p, o->noprofile);
	/* the rulesets read now, their files' errors before anything runs;
	 * what this kernel's Landlock cannot enforce is reported with the
	 * rest of what is not enforced (an error under --strict) */
	if (landlock_check(p, landlock_abi(), lf, err) < 0 ||
	    net_check_settings(p, lf, err) < 0 ||
	    netfilter_plan_build(p, lf, netfilter_find_nft(), &sb->netfilter,
				 err) < 0 ||
	    profiles_report_not_enforced(o, lf, err) < 0)
		return -1;
	if (sb->netfilter.default_unneeded)
		nb_debug("netfilter: %s", NETFILTER_DEFAULT_UNNEEDED);
	if (p->quiet && nb_log_get_level() == NB_LOG_NORMAL)
		nb_log_set_level(NB_LOG_QUIET);
	/* the host's resolver, read-only: --dry-run says it too */
	if (lf->net == POLICY_NET_PASTA)
		pasta_resolve_dns_here(lf);
	if (lf->net == POLICY_NET_PASTA && !o->dry_run &&
	    !(sb->pasta_binary = pasta_find(err)))
		return -1;
	if (lf->net == POLICY_NET_PASTA && !o->dry_run)
		sb->pasta_routes = pasta_expected_routes_here(p);
	if (limits_check(&p->process, o->as_root, err) < 0)
		return -1;
	/* the registry entry's id now: the proxy's socket, which the plan
	 * binds, lives in it */
	registry_new_id(&sb->registry);
	{
		char entry[PATH_MAX + 64];

		snprintf(entry, sizeof(entry), "%s/%s", sb->host.registry_dir,
			 sb->registry.id);
		/* the host's buses and display, the proxy's sockets and
		 * the cookie file: a launch's alone (x11 xorg asks the X
		 * server for a cookie) */
		if (!o->dry_run &&
		    (dbus_prepare(p, lf, sb->host.uid, entry, err) < 0 ||
		     display_prepare(p, lf, entry, err) < 0))
			return -1;
	}
	/* after the profiles' lines, which can still hide one */
	if (desktop_pass_sockets(p, lf, sb->host.uid,
				 getenv("WAYLAND_DISPLAY"), err) < 0)
		return -1;
	if (o->program_argv) {
		sb->argv = o->program_argv;
	} else {
		/* As firejail: no program means the user's shell. */
		const char *shell = getenv("SHELL");

		default_shell_argv[0] =
			(char *)(shell && shell[0] == '/' ? shell : "/bin/sh");
		sb->argv = default_shell_argv;
	}
	seccomp_plan_init(&sb->seccomp);
	if (seccomp_plan_build(&sb->seccomp, &p->seccomp, err) < 0 ||
	    report_io_uring(o, &sb->seccomp, err) < 0)
		return -1;
	sb->memfd_noexec = memfd_noexec_plan(p) == 1;
	limits_ns_read_host(sb->ns_host_max);
	plan_id_map(env_or("NESTBOX_SUBUID", "/etc/subuid"), sb->host.user,
		    sb->host.uid, sb->host.uid, &sb->uid_map);
	plan_id_map(env_or("NESTBOX_SUBGID", "/etc/subgid"), sb->host.user,
		    sb->host.uid, sb->host.gid, &sb->gid_map);
	return 0;
}

static int plan_sandbox(struct sandbox *sb, struct options *opts,
			struct nb_error *err)
{
	if (host_facts_read(&sb->host, err) < 0)
		return -1;
	/* the compositor answers while we plan */
	wayland_probe_start(&sb->wayland, opts->dry_run, sb->host.uid);
	if (load_policy(opts, &sb->host, err) < 0)
		return -1;
	return resolve_and_plan(sb, opts, err);
}

/* The file system's part of the plan, made while init, pasta and the
 * id-map helpers start (reading the host is most of a launch's own
 * work): everything else is planned before init is cloned. */
static int plan_filesystem(struct sandbox *sb, struct nb_error *err)
{
	const struct options *o = sb->opts;
	const struct wayland_names names = {
		.registry_dir = sb->host.registry_dir,
		.id = sb->registry.id,
		.profile_label = o->profile_label,
		.program = sb->argv[0],
	};

	/* after the program is known: private-lib follows its libraries */
	if (plan_mounts(sb, &o->policy, err) < 0)
		return -1;
	/* the plan says whether the compositor's socket is shown */
	if (!o->dry_run &&
	    wayland_prepare(&sb->wayland, &sb->mounts, &names, err) < 0)
		return -1;
	nb_debug("planned: %zu mount operations, %zu seccomp rules",
		 sb->mounts.n, sb->seccomp.n);
	return 0;
}

/* --log=FILE: opened here, on the host, for init to write to; the
 * program never gets it (it closes every inherited descriptor). */
static int open_trace_log(struct sandbox *sb, struct nb_error *err)
{
	const char *file = sb->opts->log_file;
	int fd;

	if (!file)
		return 0;
	if (!sb->seccomp.trace) {
		nb_warn("--log=%s: nothing to log without --trace-denials",
			file);
		return 0;
	}
	fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY,
		  0600);
	if (fd < 0)
		return nb_fail(err, errno, "--log=%s", file);
	sb->trace_log_fd = fd;
	return 0;
}

static void print_id_map(const char *what, const struct id_map *map)
{
	char text[4096];

	if (idmap_format_proc(map, text, sizeof(text)) < 0)
		return;
	printf("%s (inside outside count):\n", what);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		printf("  %s\n", line);
}

static void print_plans(const struct sandbox *sb)
{
	printf("program:");
	for (size_t i = 0; sb->argv[i]; i++)
		printf(" %s", sb->argv[i]);
	printf("\n");
	policy_print(stdout, &sb->opts->policy);
	launch_facts_print(stdout, &sb->launch);
	print_id_map("uid map", &sb->uid_map);
	print_id_map("gid map", &sb->gid_map);
	mount_plan_print(stdout, &sb->mounts);
	seccomp_plan_print(stdout, &sb->seccomp);
	netfilter_plan_print(stdout, &sb->netfilter);
}

static pid_t clone_init(struct sandbox *sb, int go[2], int end[2],
			struct nb_error *err)
{
	/* pasta needs the network namespace at once, to set it up while
	 * the id maps are written; otherwise init makes it later */
	unsigned long flags = CLONE_NAMESPACES |
			      (sb->launch.net == POLICY_NET_PASTA ? CLONE_NEWNET : 0);
	pid_t pid;

	/* A fork-like clone (no new stack): the child continues here with a
	 * copy of the plans, as PID 1 of the new pid namespace. */
	pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid < 0)
		return nb_fail(err, errno,
			       "clone into new namespaces (are unprivileged user namespaces enabled? see user.max_user_namespaces)");
	if (pid == 0) {
		close(go[1]);
		close(end[0]);
		sb->end_fd = end[1];
		init_main(sb, go[0]);
	}
	close(go[0]);
	close(end[1]);
	sb->end_fd = end[0];
	return pid;
}

/*
 * The helpers are setuid execs costing about a millisecond each: both run
 * at once, started as soon as init exists, while the launcher plans the
 * file system and does the registry bookkeeping.
 */
static void map_ids_start(struct sandbox *sb, pid_t pid,
			  struct userns_mapping *mapping)
{
	static struct userns_helpers helpers;

	helpers = (struct userns_helpers){
		.newuidmap = env_or("NESTBOX_NEWUIDMAP", USERNS_DEFAULT_NEWUIDMAP),
		.newgidmap = env_or("NESTBOX_NEWGIDMAP", USERNS_DEFAULT_NEWGIDMAP),
		.subuid_file = env_or("NESTBOX_SUBUID", "/etc/subuid"),
		.subgid_file = env_or("NESTBOX_SUBGID", "/etc/subgid"),
	};
	userns_map_start(mapping, pid, &sb->uid_map, &sb->gid_map, &helpers);
}

static int map_ids_finish_and_record(struct sandbox *sb, pid_t pid,
				     struct userns_mapping *mapping,
				     struct nb_error *err)
{
	struct userns_outcome out;
	int recorded;

	registry_sweep_stale(&sb->registry);
	recorded = registry_record(&sb->registry, pid,
				   sb->opts->profile_label ?
					   sb->opts->profile_label : "none",
				   sb->argv, err);
	if (userns_map_finish(mapping, &out, recorded < 0 ? NULL : err) < 0 ||
	    recorded < 0)
		return -1;
	if (out.uid_direct || out.gid_direct) {
		nb_warn("%s: only your own uid/gid exist in the sandbox%s",
			out.why, out.gid_direct ? " (setgroups denied)" : "");
		nb_debug("id maps written directly: uid %s, gid %s",
			 out.uid_direct ? "0 U 1" : "newuidmap",
			 out.gid_direct ? "0 G 1" : "newgidmap");
	} else {
		nb_debug("id maps written by newuidmap and newgidmap (%zu and %zu extents)",
			 sb->uid_map.n, sb->gid_map.n);
	}
	return 0;
}

/* pasta, started on init's network namespace as soon as it exists: it
 * sets the namespace up while newuidmap runs (pasta.c says how). */
static int start_network(struct sandbox *sb, pid_t init, struct nb_error *err)
{
	char dir[PATH_MAX + 64];

	if (sb->launch.net != POLICY_NET_PASTA)
		return 0;
	snprintf(dir, sizeof(dir), "%s/%s", sb->registry.base, sb->registry.id);
	return pasta_start(&sb->pasta, sb->pasta_binary, &sb->opts->policy,
			   &sb->launch, init, sb->registry.dir_fd, dir, err);
}

/* 1: init ended first, failing in its set-up (it said why): pasta,
 * whose namespace it ended, is not to blame. */
static int network_ready(struct sandbox *sb, struct nb_error *err)
{
	int rc;

	if (sb->pasta.pid <= 0)
		return 0;
	rc = pasta_wait_ready(&sb->pasta, sb->end_fd, err);
	if (rc != 0)
		return rc;
	nb_debug("network: pasta (pid %d) is ready", (int)sb->pasta.pid);
	return 0;
}

static void abort_init(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* join-or-start NAME: a running sandbox of that name is joined (with
 * the program given, or the shell) instead of starting another. */
static bool join_if_running(const struct options *opts, int *status,
			    struct nb_error *err)
{
	struct registry_entry reg = { 0 };
	struct registry_info info;
	struct nb_error none = { 0 };
	int dir_fd;

	if (registry_open(&reg, false, &none) < 0 || reg.base_fd < 0)
		return false;
	if (registry_find(&reg, opts->policy.name, &info, &dir_fd, &none) < 0 ||
	    strcmp(info.name, opts->policy.name) != 0) {
		if (dir_fd >= 0)
			close(dir_fd);
		registry_close(&reg);
		return false;
	}
	close(dir_fd);
	registry_close(&reg);
	nb_debug("join-or-start: joining the running sandbox %s", info.name);
	*status = join_sandbox(opts, opts->policy.name, err);
	return true;
}

/* x11 xvfb or xephyr: the program's own X server.  Xephyr's window, on
 * the caller's screen, says which sandbox it belongs to: the program and
 * the name (or id) that --join and --shutdown take. */
static int start_display_server(struct sandbox *sb, struct nb_error *err)
{
	const char *program = strrchr(sb->argv[0], '/');
	char title[512];

	snprintf(title, sizeof(title), "nestbox: %s (%s)",
		 program ? program + 1 : sb->argv[0],
		 sb->registry.name[0] ? sb->registry.name : sb->registry.id);
	return display_start_server(&sb->xserver, &sb->opts->policy,
				    &sb->launch.x11, title, err);
}

/*
 * One launch's state beside the sandbox's: what the cleanup must undo.
 * Each step below sets what it started, so that one cleanup,
 * launch_end(), undoes exactly that whatever step failed.
 */
struct launch {
	struct sandbox sb;
	const struct options *opts;	/* sb.opts: the policy, frozen */
	sigset_t saved;			/* the mask before signals_block() */
	bool signals_blocked;
	int go;				/* the go pipe's write end to init, or -1 */
	pid_t init;			/* 0 until cloned */
	struct userns_mapping mapping;
	bool mapping_started;		/* its helpers to reap on failure */
};

/* Blocked before clone so init inherits the mask: no signal is lost or
 * acted on by default before either process waits for it. */
static void signals_block(struct launch *l)
{
	sigset_t blocked;

	sandbox_forwarded_signals(&blocked);
	sigaddset(&blocked, SIGCHLD);
	sigaddset(&blocked, SIG_LAUNCHER_GONE);
	sigprocmask(SIG_BLOCK, &blocked, &l->saved);
	l->signals_blocked = true;
}

/*
 * init first, before anything is made on the host: from here on a
 * launcher killed at any point leaves init behind to remove what it made
 * (the registry entry, by its path until init has it open); helpers die
 * with the launcher (PR_SET_PDEATHSIG).  init does what needs nothing of
 * ours meanwhile, then waits for "ready".  Its channels: the go pipe,
 * the end pipe, and the memfd that will carry the mount plan.
 */
static int start_init(struct launch *l, struct nb_error *err)
{
	struct sandbox *sb = &l->sb;
	int go[2], end[2];
	pid_t init;

	/* where host_facts_read() found it; the mount plan hides it */
	snprintf(sb->registry.base, sizeof(sb->registry.base), "%s",
		 sb->host.registry_dir);
	if (pipe2(go, O_CLOEXEC) < 0)
		return nb_fail(err, errno, "pipe");
	if (pipe2(end, O_CLOEXEC) < 0) {
		nb_fail(err, errno, "pipe");
		close(go[0]);
		close(go[1]);
		return -1;
	}
	/* the mount plan's way to init, which exists before the plan */
	sb->plan_fd = memfd_create("nestbox-mount-plan", MFD_CLOEXEC);
	if (sb->plan_fd < 0) {
		nb_fail(err, errno, "memfd for the mount plan");
		close(go[0]);
		close(go[1]);
		close(end[0]);
		close(end[1]);
		return -1;
	}
	init = clone_init(sb, go, end, err);
	if (init < 0) {
		close(go[0]);
		close(go[1]);
		close(end[0]);
		close(end[1]);
		return -1;
	}
	l->init = init;
	l->go = go[1];
	nb_debug("init cloned into new user and pid namespaces: pid %d",
		 (int)init);
	return 0;
}

/*
 * The helpers start now and work while the launcher reads the host for
 * the file system's plan, its longest step: pasta sets the network
 * namespace up (it takes longer than all the rest), the id-map helpers
 * map init's ids, the proxy and X server start.  init opens the proxy's
 * socket and the cookie file to mount them once told "ready".
 */
static int start_helpers_and_plan(struct launch *l, struct nb_error *err)
{
	struct sandbox *sb = &l->sb;
	const struct options *opts = l->opts;

	if (start_network(sb, l->init, err) < 0)
		return -1;
	map_ids_start(sb, l->init, &l->mapping);
	l->mapping_started = true;
	/* the proxy before the display: its start is the longest of those
	 * waited for before "ready", and x11 xorg's cookie is asked of the
	 * X server meanwhile */
	if (dbus_proxy_start(&sb->dbus, &opts->policy, &sb->launch, err) < 0 ||
	    display_write_xauth(&sb->launch.x11, err) < 0 ||
	    start_display_server(sb, err) < 0 ||
	    plan_filesystem(sb, err) < 0 ||
	    wayland_start(&sb->wayland, sb->registry.dir_fd, err) < 0 ||
	    mount_plan_send(sb->plan_fd, &sb->mounts, err) < 0 ||
	    /* it started while we planned; init mounts its socket */
	    dbus_proxy_wait(&sb->dbus, err) < 0)
		return -1;
	if (sb->dbus.pid)
		nb_debug("buses: xdg-dbus-proxy (pid %d) filters%s%s",
			 (int)sb->dbus.pid,
			 sb->launch.dbus_user.proxy_socket ? " the session bus" : "",
			 sb->launch.dbus_system.proxy_socket ? " the system bus" : "");
	return 0;
}

/* "ready": init reads the plan and builds the root once its ids are
 * mapped ("mapped"); then the compositor's registration, which came
 * meanwhile, before the program may start. */
static int release_init(struct launch *l, struct nb_error *err)
{
	struct sandbox *sb = &l->sb;

	if (go_say(l->go, GO_READY) < 0)
		return nb_fail(err, errno, "tell init the registry entry is ready");
	/* init reads the plan through its own descriptor of the memfd */
	close(sb->plan_fd);
	sb->plan_fd = -1;
	l->mapping_started = false;
	if (map_ids_finish_and_record(sb, l->init, &l->mapping, err) < 0)
		return -1;
	/* init builds the root while pasta finishes and the compositor
	 * answers: only the program waits for them */
	if (go_say(l->go, GO_MAPPED) < 0)
		return nb_fail(err, errno, "release init");
	return wayland_ready(&sb->wayland, err);
}

/*
 * The program may start once pasta has configured the namespace, without
 * waiting for the rest of its set-up; not where nft's worker waits for
 * pasta's interface, nor before its rules (init loads them first).
 * Under restrict-namespaces, init then sets its own user namespace's
 * limits only once pasta is ready: pasta makes its own sandbox's
 * namespaces there at the end of its set-up (ns_limits_when_network_up).
 * 0: the program released; 1: init is gone (it could not build the
 * root, say), and only its own cause is printed, already: its exit is
 * the status; -1: failed.  pasta failing even after the program started
 * ends the sandbox, as before it.
 */
static int release_program(struct launch *l, struct nb_error *err)
{
	struct sandbox *sb = &l->sb;
	int rc;

	if (sb->pasta.pid > 0 && sb->pasta_routes &&
	    !netfilter_needs_network(&sb->netfilter) &&
	    go_say_if_alive(l->go, GO_NETWORK_CONFIGURED) < 0) {
		if (errno == EPIPE)
			return 1;
		return nb_fail(err, errno, "release init");
	}
	rc = network_ready(sb, err);
	if (rc != 0)
		return rc;
	go_say_if_alive(l->go, GO_NETWORK_UP);
	return 0;
}

/* The go pipe closed: the last word to init ("the launcher is gone" when
 * nothing came before it). */
static void close_go(struct launch *l)
{
	if (l->go >= 0)
		close(l->go);
	l->go = -1;
}

/* The one cleanup: whatever the steps started, undone in reverse. */
static void launch_end(struct launch *l, bool init_ended)
{
	struct sandbox *sb = &l->sb;

	if (l->init > 0) {
		close_go(l);
		if (!init_ended)
			abort_init(l->init);
		if (l->mapping_started) {
			struct userns_outcome ignored;

			/* its helpers, reaped: they fail on a dead init */
			userns_map_finish(&l->mapping, &ignored, NULL);
		}
		pasta_stop(&sb->pasta);
		dbus_proxy_stop(&sb->dbus);
		display_stop_server(&sb->xserver);
		registry_remove(&sb->registry);
	}
	if (l->signals_blocked)
		sigprocmask(SIG_SETMASK, &l->saved, NULL);
	/* x11 xorg's cookie goes with the sandbox (or the failed launch) */
	display_revoke(&sb->launch.x11);
	if (sb->plan_fd >= 0)
		close(sb->plan_fd);
	if (sb->end_fd >= 0)
		close(sb->end_fd);
	if (sb->trace_log_fd != STDERR_FILENO)
		close(sb->trace_log_fd);
	wayland_stop(&sb->wayland);
	mount_plan_free(&sb->mounts);
	seccomp_plan_free(&sb->seccomp);
	netfilter_plan_free(&sb->netfilter);
	launch_facts_free(&sb->launch);
}

/*
 * The launch, step by step (docs/architecture.md, "The launch
 * sequence"): plan, clone init, start the helpers while the file system
 * is planned, release init, release the program, wait.  Returns the
 * program's status, or -1 with @err set.
 */
int launch_sandbox(struct options *loaded, struct nb_error *err)
{
	/* written once, by load_policy (plan_sandbox); read-only after */
	const struct options *opts = loaded;
	struct launch l = {
		.sb = { .opts = opts, .trace_sock = -1,
			.registry = { .base_fd = -1, .dir_fd = -1 },
			.trace_log_fd = STDERR_FILENO,
			.pasta = { .ready_fd = -1, .dir_fd = -1 },
			.dbus = { .ready_fd = -1 },
			.xserver = { .ready_fd = -1 },
			.wayland = { .close_fd = -1 },
			.plan_fd = -1, .end_fd = -1 },
		.opts = opts,
		.go = -1,
	};
	struct sandbox *sb = &l.sb;
	int status = -1, rc;

	if (plan_sandbox(sb, loaded, err) < 0)
		goto out;
	if (opts->policy.join_or_start && !opts->dry_run &&
	    join_if_running(opts, &status, err)) {
		display_revoke(&sb->launch.x11);
		launch_facts_free(&sb->launch);
		wayland_stop(&sb->wayland);
		seccomp_plan_free(&sb->seccomp);
		netfilter_plan_free(&sb->netfilter);
		return status;
	}
	if (opts->dry_run) {
		if (plan_filesystem(sb, err) < 0)
			goto out;
		print_plans(sb);
		status = 0;
		goto out;
	}
	if (open_trace_log(sb, err) < 0)
		goto out;
	signals_block(&l);
	if (start_init(&l, err) < 0 ||
	    registry_create(&sb->registry, opts->policy.name, err) < 0)
		goto out;
	nb_debug("registry entry %s/%s", sb->registry.base, sb->registry.id);
	if (start_helpers_and_plan(&l, err) < 0 ||
	    release_init(&l, err) < 0)
		goto out;
	rc = release_program(&l, err);
	if (rc < 0)
		goto out;
	/* 0 or 1 (init gone): the end is init's to say */
	close_go(&l);
	status = sandbox_wait_ended(l.init, sb->end_fd);
	nb_debug("sandbox exited with status %d", status);
	launch_end(&l, true);
	return status;
out:
	launch_end(&l, false);
	return status;
}
