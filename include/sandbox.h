/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Everything planned before launch, handed from the launcher to the
 * sandbox's init (which gets a copy at clone) and on to the program.
 */
#ifndef NESTBOX_SANDBOX_H
#define NESTBOX_SANDBOX_H

#include <signal.h>
#include <sys/resource.h>

#include "cli.h"
#include "dbus.h"
#include "display.h"
#include "idmap.h"
#include "launch_facts.h"
#include "mountplan.h"
#include "netfilter.h"
#include "pasta.h"
#include "registry.h"
#include "seccomp.h"
#include "wayland.h"

/* Sent to init by the kernel when the launcher dies (PR_SET_PDEATHSIG):
 * not one of the forwarded signals, and catchable so init can clean up. */
#define SIG_LAUNCHER_GONE SIGPWR

struct sandbox {
	/* what options and profiles asked for (opts->policy), frozen */
	const struct options *opts;
	/* what the launch made of it here (launch_facts.h) */
	struct launch_facts launch;
	struct host_facts host;
	struct mount_plan mounts;
	struct seccomp_plan seccomp;
	struct id_map uid_map, gid_map;
	char **argv;		/* the program; $SHELL when none was given */
	struct registry_entry registry;
	struct pasta pasta;	/* the launcher's; pid 0 without pasta */
	const char *pasta_binary;
	unsigned pasta_routes;	/* PASTA_ROUTE_*: what init waits for */
	struct netfilter_plan netfilter;	/* loaded by init (netfilter.c) */
	struct dbus_proxy dbus;	/* the launcher's: xdg-dbus-proxy */
	struct display_server xserver;	/* the launcher's: x11 xvfb, xephyr */
	struct wayland_context wayland;	/* the launcher's: its own socket */
	/* the mount plan's way from the launcher to init, which is cloned
	 * before the plan is made: a memfd (mountplan_wire.h), or -1 */
	int plan_fd;
	/* trace-denials: the program's process sends its seccomp listeners
	 * to init on this socket (-1: not tracing). */
	int trace_sock;
	/* The caller's terminal guarded (callerio.h): one of 0-2 is a
	 * terminal and trace-denials, which takes the one listener a
	 * process may have, is off.  The listener comes on trace_sock. */
	bool tty_guard;
	int trace_log_fd;	/* where init writes them: stderr or --log */
	/* init's and the program's: the host's /proc/sys/user, for
	 * limits_ns_set(), or -1 (init.c); the host's limits, read by the
	 * launcher, for the types the program may make. */
	int ns_sysctl_dir;
	int ns_host_max[8];
	/* init sets vm.memfd_noexec=2 in the sandbox's pid namespace
	 * (memfd_noexec.h): the launcher found it writable */
	bool memfd_noexec;
	/* init's word to the launcher that the sandbox is over (its exit
	 * code, one byte), written once every process in it is reaped:
	 * the kernel frees the namespaces after that, a few milliseconds
	 * for a profile's hundreds of mounts, and nobody need wait for it.
	 * In init the write end, in the launcher the read end; -1 if none. */
	int end_fd;
	/* the caller's RLIMIT_NOFILE: init raises its soft limit to the
	 * hard one, as it holds a host tree per bind (a profile's thousand
	 * whitelists), and gives the program the caller's back */
	struct rlimit caller_nofile;
};

/* The signals forwarded from the launcher to init to the program. */
void sandbox_forwarded_signals(sigset_t *set);

/* Until @child exits: forward those signals to it (they and SIGCHLD must
 * be blocked), then return its status as nestbox exits with it. */
int sandbox_wait_forwarding(pid_t child);

/* The same for the sandbox's init, which also says on @end_fd (see
 * struct sandbox) when the sandbox is over: that word, or its exit if
 * it never came, ends the wait. */
int sandbox_wait_ended(pid_t init, int end_fd);

#endif
