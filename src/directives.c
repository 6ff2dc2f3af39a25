// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The directive table.  Every directive firejail's profiles use has a row,
 * in one of three states:
 *
 *   implemented        apply() changes the policy;
 *   the baseline       apply() accepts it because the baseline sandbox
 *                      already guarantees it (the comment says why);
 *   not enforced       no apply(); each use is counted in the policy with
 *                      the reason, reported at launch, an error under
 *                      --strict.  Never silently accepted.
 */
#include "directives.h"

#include <string.h>

/* Reasons, shown to the user. */
#define R_FS "filesystem confinement is not implemented yet: only the baseline mounts apply"
#define R_LOOSEN "the baseline is stricter; this loosening is not granted"
#define R_SOUND "sound sockets under /run/user are not hidden yet"
#define R_SECCOMP "only nestbox's default seccomp filter applies; syscall lists are not implemented yet"
#define R_PROTOCOL "socket family filtering is not implemented yet"
#define R_MDWE "memory-deny-write-execute is not implemented yet"
#define R_CAPS "the program has no capabilities at all; keeping some needs --as-root (not implemented yet)"
#define R_GROUPS "supplementary groups are not dropped yet"
#define R_NET "network configuration is not implemented yet: the sandbox has loopback only"
#define R_DBUS "D-Bus filtering is not implemented yet: the session bus under /run/user is reachable"
#define R_DBUS_SYSTEM "D-Bus filtering is not implemented yet: the system bus is not reachable at all"
#define R_DISPLAY "only 'x11 none' is implemented (private /tmp and its own network namespace)"
#define R_LIMITS "resource limits and scheduling are not implemented yet"
#define R_MGMT "sandbox management is not implemented yet"
#define R_LANDLOCK "Landlock is not implemented yet"
#define R_APPARMOR "no AppArmor profile can be loaded without root"
#define R_TRACELOG "tracelog needs firejail's setuid logging; not supported"

static int apply_hostname(struct policy *p, const char *arg,
			  struct nb_error *err)
{
	return policy_set_hostname(p, arg, err);
}

static int apply_private_tmp(struct policy *p, const char *arg,
			     struct nb_error *err)
{
	(void)arg;
	(void)err;
	p->private_tmp = true;
	return 0;
}

/* Only `none` until the network issue brings pasta: refusing the other
 * forms is failing closed, never a silently weaker sandbox. */
static int apply_net(struct policy *p, const char *arg, struct nb_error *err)
{
	if (strcmp(arg, "none") != 0)
		return nb_fail(err, 0,
			       "net %s: not supported yet (only 'none'; networking through pasta is not implemented)",
			       arg);
	p->net = POLICY_NET_NONE;
	return 0;
}

static int apply_env(struct policy *p, const char *arg, struct nb_error *err)
{
	return policy_add_env(p, arg, err);
}

static int apply_rmenv(struct policy *p, const char *arg, struct nb_error *err)
{
	return policy_add_rmenv(p, arg, err);
}

static int apply_quiet(struct policy *p, const char *arg, struct nb_error *err)
{
	(void)arg;
	(void)err;
	p->quiet = true;
	return 0;
}

/* X11 sockets live in /tmp/.X11-unix, which the private /tmp hides, and
 * in the abstract namespace, which the sandbox's own network namespace
 * cuts off: `x11 none` holds.  Any other mode is display forwarding. */
static int apply_x11(struct policy *p, const char *arg, struct nb_error *err)
{
	if (arg && strcmp(arg, "none") == 0)
		return 0;
	return policy_note_not_enforced(p, "x11", R_DISPLAY, err);
}

/* The system bus socket lives in /run/dbus, which the baseline does not
 * show: `dbus-system none` holds; filtering it is not implemented. */
static int apply_dbus_system(struct policy *p, const char *arg,
			     struct nb_error *err)
{
	if (strcmp(arg, "none") == 0)
		return 0;
	return policy_note_not_enforced(p, "dbus-system", R_DBUS_SYSTEM, err);
}

/*
 * Accepted because the baseline already guarantees it:
 *  nonewprivs            no_new_privs is always set;
 *  noroot                the program always runs as the caller;
 *  ipc-namespace         the sandbox always has its own;
 *  seccomp.block-secondary  the default filter refuses non-native ABIs;
 *  private-dev, nodvd, notv, novideo, noinput, nou2f, no3d, noprinters
 *                        /dev holds only null zero full random urandom tty,
 *                        pts and shm, and /run (printers) is not shown;
 *  disable-mnt           /mnt, /media and /run/media are not shown;
 *  restrict-namespaces   the default filter refuses every new namespace;
 *  caps, caps.drop       the program has no capabilities at all;
 *  tab                   no effect in nestbox (firejail's shell completion).
 */
static int apply_baseline(struct policy *p, const char *arg,
			  struct nb_error *err)
{
	(void)p;
	(void)arg;
	(void)err;
	return 0;
}

#define NONE DIRECTIVE_ARG_NONE
#define REQ DIRECTIVE_ARG_REQUIRED
#define OPT DIRECTIVE_ARG_OPTIONAL
#define NOT(name, form, argname, reason) { name, form, argname, NULL, NULL, reason }
#define BASE(name, form, argname, summary) { name, form, argname, summary, apply_baseline, NULL }

/* Sorted by name. */
static const struct directive directives[] = {
	NOT("allow-debuggers", NONE, NULL, R_LOOSEN),
	NOT("allusers", NONE, NULL, R_LOOSEN),
	NOT("apparmor", OPT, "PROFILE", R_APPARMOR),
	NOT("apparmor-replace", OPT, "PROFILE", R_APPARMOR),
	NOT("blacklist", REQ, "PATH", R_FS),
	NOT("blacklist-nolog", REQ, "PATH", R_FS),
	BASE("caps", NONE, NULL, "(the program has no capabilities)"),
	BASE("caps.drop", REQ, "all|LIST", "(the program has no capabilities)"),
	NOT("caps.keep", REQ, "LIST", R_CAPS),
	NOT("cpu", REQ, "LIST", R_LIMITS),
	{ "dbus-system", REQ, "none", "system bus: 'none' is no access",
	  apply_dbus_system, NULL },
	NOT("dbus-system.broadcast", REQ, "NAME=RULE", R_DBUS_SYSTEM),
	NOT("dbus-system.call", REQ, "NAME=RULE", R_DBUS_SYSTEM),
	NOT("dbus-system.own", REQ, "NAME", R_DBUS_SYSTEM),
	NOT("dbus-system.see", REQ, "NAME", R_DBUS_SYSTEM),
	NOT("dbus-system.talk", REQ, "NAME", R_DBUS_SYSTEM),
	NOT("dbus-user", REQ, "none|filter|allow", R_DBUS),
	NOT("dbus-user.broadcast", REQ, "NAME=RULE", R_DBUS),
	NOT("dbus-user.call", REQ, "NAME=RULE", R_DBUS),
	NOT("dbus-user.own", REQ, "NAME", R_DBUS),
	NOT("dbus-user.see", REQ, "NAME", R_DBUS),
	NOT("dbus-user.talk", REQ, "NAME", R_DBUS),
	NOT("defaultgw", REQ, "ADDRESS", R_NET),
	NOT("deterministic-shutdown", NONE, NULL, R_MGMT),
	BASE("disable-mnt", NONE, NULL, "(/mnt and /media are not shown)"),
	NOT("dns", REQ, "ADDRESS", R_NET),
	{ "env", REQ, "NAME=VALUE", "set an environment variable for the program",
	  apply_env, NULL },
	{ "hostname", REQ, "NAME", "hostname inside the sandbox (default nestbox)",
	  apply_hostname, NULL },
	NOT("hosts-file", REQ, "FILE", R_NET),
	NOT("ip", REQ, "ADDRESS", R_NET),
	NOT("ip6", REQ, "ADDRESS", R_NET),
	BASE("ipc-namespace", NONE, NULL, "(always)"),
	NOT("join-or-start", REQ, "NAME", R_MGMT),
	NOT("keep-config-pulse", NONE, NULL, R_LOOSEN),
	NOT("keep-dev-shm", NONE, NULL, R_LOOSEN),
	NOT("keep-fd", REQ, "all|LIST", R_MGMT),
	NOT("keep-var-tmp", NONE, NULL, R_LOOSEN),
	NOT("landlock.enforce", NONE, NULL, R_LANDLOCK),
	NOT("landlock.fs.execute", REQ, "PATH", R_LANDLOCK),
	NOT("landlock.fs.makedev", REQ, "PATH", R_LANDLOCK),
	NOT("landlock.fs.makeipc", REQ, "PATH", R_LANDLOCK),
	NOT("landlock.fs.read", REQ, "PATH", R_LANDLOCK),
	NOT("landlock.fs.write", REQ, "PATH", R_LANDLOCK),
	NOT("machine-id", NONE, NULL, R_FS),
	NOT("memory-deny-write-execute", NONE, NULL, R_MDWE),
	NOT("mkdir", REQ, "PATH", R_FS),
	NOT("mkfile", REQ, "PATH", R_FS),
	NOT("mtu", REQ, "NUMBER", R_NET),
	{ "net", REQ, "none", "network: 'none' is loopback only", apply_net,
	  NULL },
	NOT("netfilter", OPT, "FILE", R_NET),
	NOT("netfilter6", OPT, "FILE", R_NET),
	NOT("nice", REQ, "NUMBER", R_LIMITS),
	BASE("no3d", NONE, NULL, "(/dev has no GPU nodes)"),
	NOT("noblacklist", REQ, "PATH", R_FS),
	BASE("nodvd", NONE, NULL, "(/dev has no optical drives)"),
	NOT("noexec", REQ, "PATH", R_FS),
	NOT("nogroups", NONE, NULL, R_GROUPS),
	BASE("noinput", NONE, NULL, "(/dev has no input devices)"),
	BASE("nonewprivs", NONE, NULL, "(always)"),
	BASE("noprinters", NONE, NULL, "(no printer device or socket is shown)"),
	BASE("noroot", NONE, NULL, "(always: the program runs as you)"),
	NOT("nosound", NONE, NULL, R_SOUND),
	BASE("notv", NONE, NULL, "(/dev has no DVB devices)"),
	BASE("nou2f", NONE, NULL, "(/dev has no hidraw devices)"),
	BASE("novideo", NONE, NULL, "(/dev has no video devices)"),
	NOT("nowhitelist", REQ, "PATH", R_FS),
	NOT("private", OPT, "DIR", R_FS),
	NOT("private-bin", REQ, "LIST", R_FS),
	NOT("private-cache", NONE, NULL, R_FS),
	NOT("private-cwd", OPT, "DIR", R_FS),
	BASE("private-dev", NONE, NULL, "(/dev is always minimal)"),
	NOT("private-etc", OPT, "LIST", R_FS),
	NOT("private-lib", OPT, "LIST", R_FS),
	NOT("private-opt", REQ, "LIST", R_FS),
	NOT("private-srv", REQ, "LIST", R_FS),
	{ "private-tmp", NONE, NULL, "empty private /tmp (always the case)",
	  apply_private_tmp, NULL },
	NOT("protocol", REQ, "LIST", R_PROTOCOL),
	{ "quiet", NONE, NULL, "no warnings", apply_quiet, NULL },
	NOT("read-only", REQ, "PATH", R_FS),
	NOT("read-write", REQ, "PATH", R_FS),
	BASE("restrict-namespaces", OPT, "LIST", "(every new namespace is refused)"),
	NOT("rlimit-as", REQ, "NUMBER", R_LIMITS),
	NOT("rlimit-cpu", REQ, "NUMBER", R_LIMITS),
	NOT("rlimit-fsize", REQ, "NUMBER", R_LIMITS),
	NOT("rlimit-nofile", REQ, "NUMBER", R_LIMITS),
	NOT("rlimit-nproc", REQ, "NUMBER", R_LIMITS),
	NOT("rlimit-sigpending", REQ, "NUMBER", R_LIMITS),
	{ "rmenv", REQ, "NAME", "remove a variable from the program's environment",
	  apply_rmenv, NULL },
	NOT("seccomp", OPT, "LIST", R_SECCOMP),
	NOT("seccomp-error-action", REQ, "ERRNO|kill|log", R_SECCOMP),
	NOT("seccomp.32", OPT, "LIST", R_SECCOMP),
	NOT("seccomp.32.drop", REQ, "LIST", R_SECCOMP),
	NOT("seccomp.32.keep", REQ, "LIST", R_SECCOMP),
	BASE("seccomp.block-secondary", NONE, NULL, "(non-native ABIs are refused)"),
	NOT("seccomp.drop", REQ, "LIST", R_SECCOMP),
	NOT("seccomp.keep", REQ, "LIST", R_SECCOMP),
	BASE("tab", NONE, NULL, "(no effect)"),
	NOT("timeout", REQ, "hh:mm:ss", R_LIMITS),
	NOT("tmpfs", REQ, "DIR", R_FS),
	NOT("tracelog", NONE, NULL, R_TRACELOG),
	NOT("whitelist", REQ, "PATH", R_FS),
	NOT("whitelist-ro", REQ, "PATH", R_FS),
	NOT("writable-etc", NONE, NULL, R_LOOSEN),
	NOT("writable-run-user", NONE, NULL, R_LOOSEN),
	NOT("writable-var", NONE, NULL, R_LOOSEN),
	NOT("writable-var-log", NONE, NULL, R_LOOSEN),
	{ "x11", OPT, "none", "X11: 'none' hides every X server", apply_x11,
	  NULL },
};

const struct directive *directive_table(size_t *count)
{
	*count = sizeof(directives) / sizeof(directives[0]);
	return directives;
}

const struct directive *directive_find(const char *name)
{
	for (size_t i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		if (strcmp(directives[i].name, name) == 0)
			return &directives[i];
	return NULL;
}

int directive_apply(struct policy *p, const char *name, const char *arg,
		    struct nb_error *err)
{
	const struct directive *d = directive_find(name);

	if (!d)
		return nb_fail(err, 0, "unknown directive '%s'", name);
	if (d->arg == DIRECTIVE_ARG_NONE && arg)
		return nb_fail(err, 0, "%s takes no argument", name);
	if (d->arg == DIRECTIVE_ARG_REQUIRED && (!arg || !*arg))
		return nb_fail(err, 0, "%s needs an argument (%s)", name,
			       d->arg_name);
	if (!d->apply)
		return policy_note_not_enforced(p, d->name, d->not_enforced,
						err);
	return d->apply(p, arg, err);
}
