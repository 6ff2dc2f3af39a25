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

#include "caps.h"
#include "directives_desktop.h"
#include "fspath.h"
#include "landlock.h"
#include "nb_limits.h"
#include "seccomp_policy.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Reasons, shown to the user. */
#define R_WHITELIST_TOP "whitelist confines only home, /tmp, /var, /opt, /srv, /etc, /usr/share, /usr/libexec, /usr/sbin, /run, /media, /mnt, /dev and /sys/module; a path elsewhere is shown as the baseline shows it"
#define R_LOOSEN "the baseline is stricter; this loosening is not granted"
#define R_APPARMOR "no AppArmor profile can be loaded without root"
#define R_TRACELOG "tracelog needs firejail's setuid logging; not supported"

static int apply_hostname(struct policy *p, const char *arg,
			  const char *origin, struct nb_error *err)
{
	(void)origin;
	return policy_set_hostname(p, arg, err);
}

/* The registry (registry.c) holds names; launch.c and join.c use them. */
static int apply_name(struct policy *p, const char *arg,
		      const char *origin, struct nb_error *err)
{
	(void)origin;
	return policy_set_name(p, arg, false, err);
}

static int apply_join_or_start(struct policy *p, const char *arg,
			       const char *origin, struct nb_error *err)
{
	(void)origin;
	return policy_set_name(p, arg, true, err);
}

/* A directive whose whole effect is one field of the policy set to one
 * value (flags, mostly). */
#define SET_DIRECTIVE(fn, field, value)                                        \
	static int fn(struct policy *p, const char *arg,                       \
		      const char *origin, struct nb_error *err)                \
	{                                                                      \
		(void)origin;                                                  \
		(void)arg;                                                     \
		(void)err;                                                     \
		p->field = value;                                              \
		return 0;                                                      \
	}

SET_DIRECTIVE(apply_private_tmp, private_tmp, true)

static int apply_env(struct policy *p, const char *arg,
		     const char *origin, struct nb_error *err)
{
	(void)origin;
	return policy_add_env(p, arg, err);
}

static int apply_rmenv(struct policy *p, const char *arg,
		       const char *origin, struct nb_error *err)
{
	(void)origin;
	return policy_add_rmenv(p, arg, err);
}

SET_DIRECTIVE(apply_quiet, quiet, true)

/* --- seccomp (seccomp_policy.c reads the lists, seccomp_plan.c
 * compiles them) --- */

/* `seccomp`: firejail's default list; `seccomp LIST`: that and LIST. */
static int apply_seccomp(struct policy *p, const char *arg,
			 const char *origin, struct nb_error *err)
{
	(void)origin;
	p->seccomp.default_group = true;
	if (!arg || !*arg)
		return 0;
	return seccomp_names_add(&p->seccomp.drop, "seccomp", arg, err);
}

static int apply_seccomp_drop(struct policy *p, const char *arg,
			      const char *origin, struct nb_error *err)
{
	(void)origin;
	return seccomp_names_add(&p->seccomp.drop, "seccomp.drop", arg, err);
}

static int apply_seccomp_keep(struct policy *p, const char *arg,
			      const char *origin, struct nb_error *err)
{
	(void)origin;
	p->seccomp.keep_set = true;
	return seccomp_names_add(&p->seccomp.keep, "seccomp.keep", arg, err);
}

static int apply_seccomp_error_action(struct policy *p, const char *arg,
				      const char *origin, struct nb_error *err)
{
	(void)origin;
	if (seccomp_action_parse(arg, &p->seccomp.error_action, err) < 0)
		return -1;
	p->seccomp.action_set = true;
	return 0;
}

static int apply_protocol(struct policy *p, const char *arg,
			  const char *origin, struct nb_error *err)
{
	(void)origin;
	return seccomp_protocols_add(&p->seccomp, arg, err);
}

/* restrict-namespaces [LIST]: these types (all without LIST) refused,
 * by the filter and by the kernel's limits (init.c).  Several lines add
 * up, as firejail's. */
static int apply_restrict_namespaces(struct policy *p, const char *arg,
				     const char *origin, struct nb_error *err)
{
	unsigned long refused;

	(void)origin;
	if (seccomp_namespaces_parse(arg, &refused, err) < 0)
		return -1;
	p->seccomp.ns_refused |= refused;
	return 0;
}

/* seccomp.32 [LIST]: firejail's default list and LIST, for i386 calls. */
static int apply_seccomp32(struct policy *p, const char *arg,
			   const char *origin, struct nb_error *err)
{
	(void)origin;
	p->seccomp.default_group32 = true;
	if (!arg || !*arg)
		return 0;
	return seccomp_names_add(&p->seccomp.drop32, "seccomp.32", arg, err);
}

static int apply_seccomp32_drop(struct policy *p, const char *arg,
				const char *origin, struct nb_error *err)
{
	(void)origin;
	return seccomp_names_add(&p->seccomp.drop32, "seccomp.32.drop", arg,
				 err);
}

static int apply_seccomp32_keep(struct policy *p, const char *arg,
				const char *origin, struct nb_error *err)
{
	(void)origin;
	p->seccomp.keep32_set = true;
	return seccomp_names_add(&p->seccomp.keep32, "seccomp.32.keep", arg,
				 err);
}

SET_DIRECTIVE(apply_block_secondary, seccomp.block_secondary, true)
SET_DIRECTIVE(apply_mdwe, seccomp.mdwe, true)
SET_DIRECTIVE(apply_allow_debuggers, seccomp.allow_debuggers, true)
SET_DIRECTIVE(apply_trace_denials, seccomp.trace_denials, true)

/* --- filesystem confinement: rules kept in order for mountplan_fs.c --- */

/* A directive whose whole effect is one rule of its kind, in order. */
#define RULE_DIRECTIVE(fn, kind)                                               \
	static int fn(struct policy *p, const char *arg,                       \
		      const char *origin, struct nb_error *err)                \
	{                                                                      \
		return policy_add_fs_rule(p, kind, arg, origin, err);          \
	}

RULE_DIRECTIVE(apply_blacklist, FS_BLACKLIST)
RULE_DIRECTIVE(apply_noblacklist, FS_NOBLACKLIST)
RULE_DIRECTIVE(apply_nowhitelist, FS_NOWHITELIST)
RULE_DIRECTIVE(apply_read_only, FS_READ_ONLY)
RULE_DIRECTIVE(apply_read_write, FS_READ_WRITE)
RULE_DIRECTIVE(apply_noexec, FS_NOEXEC)
RULE_DIRECTIVE(apply_tmpfs, FS_TMPFS)
RULE_DIRECTIVE(apply_mkdir, FS_MKDIR)
RULE_DIRECTIVE(apply_mkfile, FS_MKFILE)
RULE_DIRECTIVE(apply_keep_missing, FS_KEEP_MISSING)

/* The directories a whitelist can confine (a tmpfs over the directory,
 * the whitelisted paths bound back); homes lie under /home or /root, and
 * /run/user holds /run/user/UID. */
static const char *const whitelist_tops[] = {
	"/tmp", "/var", "/opt", "/srv", "/etc", "/usr/share", "/usr/libexec",
	"/usr/sbin", "/media", "/mnt", "/dev", "/run", "/home", "/root",
	"/sys/module",
};

/* Lexical: the whitelist is confinable when its path lies in one of the
 * directories above (home is under /home or /root, or anywhere ~ points:
 * the reader expanded it, so accept any path below those roots, and let
 * the planner place it). */
static bool whitelist_confinable(const char *path)
{
	for (size_t i = 0; i < sizeof(whitelist_tops) / sizeof(*whitelist_tops);
	     i++)
		if (path_under(path, whitelist_tops[i]) &&
		    strcmp(path, whitelist_tops[i]) != 0)
			return true;
	return false;
}

static int add_whitelist(struct policy *p, enum fs_rule_kind kind,
			 const char *arg, const char *name, const char *origin,
			 struct nb_error *err)
{
	if (arg[0] == '/' && !whitelist_confinable(arg))
		return policy_note_not_enforced(p, name, R_WHITELIST_TOP, err);
	return policy_add_fs_rule(p, kind, arg, origin, err);
}

static int apply_whitelist(struct policy *p, const char *arg,
			   const char *origin, struct nb_error *err)
{
	return add_whitelist(p, FS_WHITELIST, arg, "whitelist", origin, err);
}

static int apply_whitelist_ro(struct policy *p, const char *arg,
			      const char *origin, struct nb_error *err)
{
	return add_whitelist(p, FS_WHITELIST_RO, arg, "whitelist-ro", origin,
			     err);
}

static int set_string(char **field, const char *value, struct nb_error *err)
{
	char *copy = strdup(value);

	if (!copy)
		return nb_fail(err, ENOMEM, "policy");
	free(*field);
	*field = copy;
	return 0;
}

/* `private`: an empty home; `private DIR`: DIR shown as home. */
static int apply_private(struct policy *p, const char *arg,
			 const char *origin, struct nb_error *err)
{
	(void)origin;
	if (!arg || !*arg) {
		p->fs.private_home = true;
		return 0;
	}
	if (arg[0] != '/')
		return nb_fail(err, 0, "private %s: not an absolute path", arg);
	if (strstr(arg, "/../") || strstr(arg, "/./"))
		return nb_fail(err, 0, "private %s: '.' and '..' are not allowed",
			       arg);
	return set_string(&p->fs.private_home_dir, arg, err);
}

SET_DIRECTIVE(apply_private_cache, fs.private_cache, true)

static int apply_private_bin(struct policy *p, const char *arg,
			     const char *origin, struct nb_error *err)
{
	(void)origin;
	if (strchr(arg, '/'))
		return nb_fail(err, 0, "private-bin %s: program names, not paths",
			       arg);
	return policy_add_names(&p->fs.private_bin, arg, err);
}

/* Names relative to the library directory (gio, gdk-pixbuf-2.*):
 * policy_add_names refuses absolute paths and "..". */
static int apply_private_lib(struct policy *p, const char *arg,
			     const char *origin, struct nb_error *err)
{
	(void)origin;
	return policy_add_names(&p->fs.private_lib, arg, err);
}

/* With no list, the files nearly every program reads. */
#define PRIVATE_ETC_DEFAULT                                                    \
	"alternatives,ca-certificates,crypto-policies,fonts,group,host.conf,"  \
	"hostname,hosts,ld.so.cache,ld.so.conf,ld.so.conf.d,ld.so.preload,"    \
	"locale.alias,locale.conf,localtime,mime.types,nsswitch.conf,passwd,"  \
	"pki,protocols,resolv.conf,services,ssl,xdg"

static int apply_private_etc(struct policy *p, const char *arg,
			     const char *origin, struct nb_error *err)
{
	(void)origin;
	return policy_add_names(&p->fs.private_etc,
				arg && *arg ? arg : PRIVATE_ETC_DEFAULT, err);
}

static int apply_private_opt(struct policy *p, const char *arg,
			     const char *origin, struct nb_error *err)
{
	(void)origin;
	return policy_add_names(&p->fs.private_opt, arg, err);
}

static int apply_private_srv(struct policy *p, const char *arg,
			     const char *origin, struct nb_error *err)
{
	(void)origin;
	return policy_add_names(&p->fs.private_srv, arg, err);
}

/* `private-cwd`: start in home; `private-cwd DIR`: start in DIR. */
static int apply_private_cwd(struct policy *p, const char *arg,
			     const char *origin, struct nb_error *err)
{
	(void)origin;
	if (arg && *arg && arg[0] != '/')
		return nb_fail(err, 0, "private-cwd %s: not an absolute path",
			       arg);
	return set_string(&p->fs.cwd, arg && *arg ? arg : "~", err);
}

SET_DIRECTIVE(apply_writable_etc, fs.writable_etc, true)
SET_DIRECTIVE(apply_keep_dev_shm, fs.keep_dev_shm, true)
SET_DIRECTIVE(apply_machine_id, fs.machine_id, true)
SET_DIRECTIVE(apply_nosound, fs.nosound, true)
SET_DIRECTIVE(apply_no3d, fs.no3d, true)

/* --- what the host's trees show (mountplan.c): as in firejail, a
 * profile that does not say private-dev, disable-mnt or private-tmp has
 * the host's /dev, /mnt and /media, and /tmp --- */
SET_DIRECTIVE(apply_private_dev, fs.private_dev, true)
SET_DIRECTIVE(apply_disable_mnt, fs.disable_mnt, true)
SET_DIRECTIVE(apply_keep_var_tmp, fs.keep_var_tmp, true)
SET_DIRECTIVE(apply_writable_var, fs.writable_var, true)
SET_DIRECTIVE(apply_writable_var_log, fs.writable_var_log, true)

/* A class of the host's devices hidden (when /dev is the host's; the
 * minimal /dev of private-dev has none of them). */
#define DEV_CLASS_DIRECTIVE(fn, bit)                                           \
	static int fn(struct policy *p, const char *arg,                       \
		      const char *origin, struct nb_error *err)                \
	{                                                                      \
		(void)origin;                                                  \
		(void)arg;                                                     \
		(void)err;                                                     \
		p->fs.dev_hidden |= bit;                                       \
		return 0;                                                      \
	}

DEV_CLASS_DIRECTIVE(apply_nodvd, POLICY_DEV_DVD)
DEV_CLASS_DIRECTIVE(apply_notv, POLICY_DEV_TV)
DEV_CLASS_DIRECTIVE(apply_novideo, POLICY_DEV_VIDEO)
DEV_CLASS_DIRECTIVE(apply_noinput, POLICY_DEV_INPUT)
DEV_CLASS_DIRECTIVE(apply_nou2f, POLICY_DEV_U2F)
DEV_CLASS_DIRECTIVE(apply_noprinters, POLICY_DEV_PRINTER)

/* --- Landlock (landlock.c): firejail's landlock.*, nestbox's net and scope --- */

/* As in firejail, the landlock.fs.* rules apply only with it. */
SET_DIRECTIVE(apply_landlock_enforce, landlock.enforce, true)

#define LANDLOCK_FS_DIRECTIVE(fn, kind)                                        \
	static int fn(struct policy *p, const char *arg,                       \
		      const char *origin, struct nb_error *err)                \
	{                                                                      \
		return landlock_add_fs_rule(&p->landlock, kind, arg, origin,   \
					    err);                              \
	}

LANDLOCK_FS_DIRECTIVE(apply_landlock_fs_read, LANDLOCK_FS_READ)
LANDLOCK_FS_DIRECTIVE(apply_landlock_fs_write, LANDLOCK_FS_WRITE)
LANDLOCK_FS_DIRECTIVE(apply_landlock_fs_makeipc, LANDLOCK_FS_MAKEIPC)
LANDLOCK_FS_DIRECTIVE(apply_landlock_fs_makedev, LANDLOCK_FS_MAKEDEV)
LANDLOCK_FS_DIRECTIVE(apply_landlock_fs_execute, LANDLOCK_FS_EXECUTE)

static int apply_landlock_net_connect(struct policy *p, const char *arg,
				      const char *origin, struct nb_error *err)
{
	(void)origin;
	if (landlock_add_ports(&p->landlock.connect, arg, err) < 0)
		return nb_fail_wrap(err, "landlock.net.connect %s", arg);
	return 0;
}

static int apply_landlock_net_bind(struct policy *p, const char *arg,
				   const char *origin, struct nb_error *err)
{
	(void)origin;
	if (landlock_add_ports(&p->landlock.bind, arg, err) < 0)
		return nb_fail_wrap(err, "landlock.net.bind %s", arg);
	return 0;
}

static int apply_landlock_scope(struct policy *p, const char *arg,
				const char *origin, struct nb_error *err)
{
	(void)origin;
	if (landlock_set_scope(&p->landlock, arg, err) < 0)
		return nb_fail_wrap(err, "landlock.scope");
	return 0;
}

/* --- the program's process: limits.c, caps.c --- */

#define RLIMIT_DIRECTIVE(fn, which)                                            \
	static int fn(struct policy *p, const char *arg,                       \
		      const char *origin, struct nb_error *err)                \
	{                                                                      \
		(void)origin;                                                  \
		return limits_set_rlimit(&p->process, which, arg, err);        \
	}

RLIMIT_DIRECTIVE(apply_rlimit_as, POLICY_RLIMIT_AS)
RLIMIT_DIRECTIVE(apply_rlimit_cpu, POLICY_RLIMIT_CPU)
RLIMIT_DIRECTIVE(apply_rlimit_fsize, POLICY_RLIMIT_FSIZE)
RLIMIT_DIRECTIVE(apply_rlimit_nofile, POLICY_RLIMIT_NOFILE)
RLIMIT_DIRECTIVE(apply_rlimit_nproc, POLICY_RLIMIT_NPROC)
RLIMIT_DIRECTIVE(apply_rlimit_sigpending, POLICY_RLIMIT_SIGPENDING)

#define PROCESS_DIRECTIVE(fn, parse)                                           \
	static int fn(struct policy *p, const char *arg,                       \
		      const char *origin, struct nb_error *err)                \
	{                                                                      \
		(void)origin;                                                  \
		return parse(&p->process, arg, err);                           \
	}

PROCESS_DIRECTIVE(apply_timeout, limits_set_timeout)
PROCESS_DIRECTIVE(apply_nice, limits_set_nice)
PROCESS_DIRECTIVE(apply_oom_score_adj, limits_set_oom_score_adj)
PROCESS_DIRECTIVE(apply_cpu, limits_set_cpus)
PROCESS_DIRECTIVE(apply_keep_fd, limits_set_keep_fd)

SET_DIRECTIVE(apply_nogroups, process.nogroups, true)

/* The caps directives matter only with --as-root (caps.c): without it
 * the program has no capability at all, whatever they say. */
static int apply_caps(struct policy *p, const char *arg,
		      const char *origin, struct nb_error *err)
{
	(void)origin;
	(void)arg;
	(void)err;
	p->process.caps_drop |= CAPS_FIREJAIL_DEFAULT_DROP;
	return 0;
}

static int apply_caps_drop(struct policy *p, const char *arg,
			   const char *origin, struct nb_error *err)
{
	unsigned long long mask;

	(void)origin;
	if (caps_parse_list("caps.drop", arg, true, &mask, err) < 0)
		return -1;
	p->process.caps_drop |= mask;
	return 0;
}

static int apply_caps_keep(struct policy *p, const char *arg,
			   const char *origin, struct nb_error *err)
{
	unsigned long long mask;

	(void)origin;
	if (caps_parse_list("caps.keep", arg, false, &mask, err) < 0)
		return -1;
	p->process.caps_keep |= mask;
	p->process.caps_keep_set = true;
	return 0;
}

/*
 * Accepted because the baseline already guarantees it:
 *  nonewprivs            no_new_privs is always set;
 *  noroot                the program runs as the caller (unless the
 *                        command line says --as-root);
 *  ipc-namespace         the sandbox always has its own;
 *  writable-run-user     the sandbox's own /run/user/UID is writable;
 *  deterministic-shutdown  init kills every process left when the program
 *                        exits (init.c, finish());
 *  tab                   no effect in nestbox (firejail's shell completion).
 */
static int apply_baseline(struct policy *p, const char *arg,
			  const char *origin, struct nb_error *err)
{
	(void)origin;
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
	{ "allow-debuggers", NONE, NULL, "ptrace allowed between the sandbox's own processes", apply_allow_debuggers, NULL },
	NOT("allusers", NONE, NULL, R_LOOSEN),
	NOT("apparmor", OPT, "PROFILE", R_APPARMOR),
	NOT("apparmor-replace", OPT, "PROFILE", R_APPARMOR),
	NOT("appimage", NONE, NULL, "AppImage mounting is not implemented"),
	{ "blacklist", REQ, "PATH", "hide PATH: opening it gives EACCES", apply_blacklist, NULL },
	{ "blacklist-nolog", REQ, "PATH", "as blacklist", apply_blacklist, NULL },
	{ "caps", NONE, NULL, "with --as-root: drop firejail's default list of capabilities", apply_caps, NULL },
	{ "caps.drop", REQ, "all|LIST", "with --as-root: drop these capabilities", apply_caps_drop, NULL },
	{ "caps.keep", REQ, "LIST", "with --as-root: keep only these capabilities", apply_caps_keep, NULL },
	{ "cpu", REQ, "LIST", "run on these CPUs only (0,2 or 0-3)", apply_cpu, NULL },
	{ "dbus-system", REQ, "none|filter|allow", "system bus: none (default), filtered by xdg-dbus-proxy, or as it is", apply_dbus_system, NULL },
	{ "dbus-system.broadcast", REQ, "NAME=RULE", "with dbus-system filter: receive these broadcasts of NAME", apply_dbus_system_broadcast, NULL },
	{ "dbus-system.call", REQ, "NAME=RULE", "with dbus-system filter: make these calls on NAME", apply_dbus_system_call, NULL },
	{ "dbus-system.own", REQ, "NAME", "with dbus-system filter: own NAME", apply_dbus_system_own, NULL },
	{ "dbus-system.see", REQ, "NAME", "with dbus-system filter: see NAME", apply_dbus_system_see, NULL },
	{ "dbus-system.talk", REQ, "NAME", "with dbus-system filter: talk to NAME", apply_dbus_system_talk, NULL },
	{ "dbus-user", REQ, "none|filter|allow", "session bus: none, filtered by xdg-dbus-proxy (default under a profile: nestbox-dbus-user.inc), or as it is (weaker)", apply_dbus_user, NULL },
	{ "dbus-user.broadcast", REQ, "NAME=RULE", "with dbus-user filter: receive these broadcasts of NAME", apply_dbus_user_broadcast, NULL },
	{ "dbus-user.call", REQ, "NAME=RULE", "with dbus-user filter: make these calls on NAME", apply_dbus_user_call, NULL },
	{ "dbus-user.own", REQ, "NAME", "with dbus-user filter: own NAME", apply_dbus_user_own, NULL },
	{ "dbus-user.see", REQ, "NAME", "with dbus-user filter: see NAME", apply_dbus_user_see, NULL },
	{ "dbus-user.talk", REQ, "NAME", "with dbus-user filter: talk to NAME", apply_dbus_user_talk, NULL },
	{ "defaultgw", REQ, "ADDRESS", "with pasta: the sandbox's default gateway", apply_defaultgw, NULL },
	BASE("deterministic-shutdown", NONE, NULL, "(the sandbox ends with the program)"),
	{ "disable-mnt", NONE, NULL, "/mnt, /media and /run/media are not shown", apply_disable_mnt, NULL },
	{ "dns", REQ, "ADDRESS", "a name server for the sandbox's /etc/resolv.conf (up to 3)", apply_dns, NULL },
	{ "env", REQ, "NAME=VALUE", "set an environment variable for the program",
	  apply_env, NULL },
	{ "hostname", REQ, "NAME", "hostname inside the sandbox (default nestbox)",
	  apply_hostname, NULL },
	{ "hosts-file", REQ, "FILE", "FILE as the sandbox's /etc/hosts", apply_hosts_file, NULL },
	{ "ip", REQ, "ADDRESS", "with pasta: the sandbox's IPv4 address", apply_ip, NULL },
	{ "ip6", REQ, "ADDRESS", "with pasta: the sandbox's IPv6 address", apply_ip6, NULL },
	BASE("ipc-namespace", NONE, NULL, "(always)"),
	{ "join-or-start", REQ, "NAME", "join the running sandbox NAME, or start it with that name", apply_join_or_start, NULL },
	NOT("keep-config-pulse", NONE, NULL, R_LOOSEN),
	{ "keep-dev-shm", NONE, NULL, "the host's /dev/shm instead of a private one", apply_keep_dev_shm, NULL },
	{ "keep-fd", REQ, "all|LIST", "keep these inherited descriptors open", apply_keep_fd, NULL },
	{ "keep-missing", REQ, "PATH", "a missing PATH below home stays missing: a pinned link to nowhere", apply_keep_missing, NULL },
	{ "keep-var-tmp", NONE, NULL, "the host's /var/tmp instead of a private one", apply_keep_var_tmp, NULL },
	{ "landlock.enforce", NONE, NULL, "Landlock: apply the landlock.fs.* rules", apply_landlock_enforce, NULL },
	{ "landlock.fs.execute", REQ, "PATH", "Landlock: executing allowed beneath PATH", apply_landlock_fs_execute, NULL },
	{ "landlock.fs.makedev", REQ, "PATH", "Landlock: creating device nodes allowed beneath PATH", apply_landlock_fs_makedev, NULL },
	{ "landlock.fs.makeipc", REQ, "PATH", "Landlock: creating FIFOs and sockets allowed beneath PATH", apply_landlock_fs_makeipc, NULL },
	{ "landlock.fs.read", REQ, "PATH", "Landlock: reading allowed beneath PATH", apply_landlock_fs_read, NULL },
	{ "landlock.fs.write", REQ, "PATH", "Landlock: writing allowed beneath PATH", apply_landlock_fs_write, NULL },
	{ "landlock.net.bind", REQ, "PORTS", "Landlock: bind only these TCP ports (or none)", apply_landlock_net_bind, NULL },
	{ "landlock.net.connect", REQ, "PORTS", "Landlock: connect only to these TCP ports (or none)", apply_landlock_net_connect, NULL },
	{ "landlock.scope", OPT, "LIST", "Landlock: no signal or abstract socket outside (default all; none)", apply_landlock_scope, NULL },
	{ "machine-id", NONE, NULL, "a random /etc/machine-id", apply_machine_id, NULL },
	{ "memory-deny-write-execute", NONE, NULL, "no memory both writable and executable, none made executable", apply_mdwe, NULL },
	{ "mkdir", REQ, "PATH", "create a directory under home, /tmp or /run/user/UID", apply_mkdir, NULL },
	{ "mkfile", REQ, "PATH", "create an empty file under home, /tmp or /run/user/UID", apply_mkfile, NULL },
	{ "mtu", REQ, "NUMBER", "with pasta: the interface's MTU", apply_mtu, NULL },
	{ "name", REQ, "NAME", "name the sandbox (unique among yours that run)", apply_name, NULL },
	{ "net", REQ, "none|host|pasta|IFACE", "network: loopback only, the host's, or through pasta (the default under a profile)", apply_net,
	  NULL },
	{ "net.host-loopback", NONE, NULL, "with pasta: the host's loopback services reachable at the gateway address", apply_net_host_loopback, NULL },
	{ "netfilter", OPT, "FILE", "nft ruleset FILE (default: a client filter, nothing new comes in) in the sandbox's network namespace", apply_netfilter, NULL },
	{ "netfilter6", OPT, "FILE", "as netfilter (an nft ruleset covers IPv4 and IPv6); both load when both are given", apply_netfilter6, NULL },
	{ "nice", REQ, "NUMBER", "nice value of the program (-20 to 19)", apply_nice, NULL },
	{ "no3d", NONE, NULL, "no GPU nodes (/dev/dri, /dev/nvidia*)", apply_no3d, NULL },
	{ "noblacklist", REQ, "PATH", "later blacklists of PATH are ignored", apply_noblacklist, NULL },
	{ "nodbus", NONE, NULL, "no session bus and no system bus", apply_nodbus, NULL },
	{ "nodvd", NONE, NULL, "no optical drives (/dev/sr0)", apply_nodvd, NULL },
	{ "noexec", REQ, "PATH", "nothing under PATH can be executed", apply_noexec, NULL },
	{ "nogroups", NONE, NULL, "no supplementary groups", apply_nogroups, NULL },
	{ "noinput", NONE, NULL, "no input devices (/dev/input)", apply_noinput, NULL },
	BASE("nonewprivs", NONE, NULL, "(always)"),
	{ "noprinters", NONE, NULL, "no printer devices (/dev/lp*, /dev/parport*); the CUPS socket in /run is never shown", apply_noprinters, NULL },
	BASE("noroot", NONE, NULL, "(the program runs as you, unless --as-root)"),
	{ "nosound", NONE, NULL, "no sound server sockets, no /dev/snd", apply_nosound, NULL },
	{ "notv", NONE, NULL, "no DVB devices (/dev/dvb)", apply_notv, NULL },
	{ "nou2f", NONE, NULL, "no security keys (/dev/hidraw*, /dev/usb)", apply_nou2f, NULL },
	{ "novideo", NONE, NULL, "no cameras (/dev/video*)", apply_novideo, NULL },
	{ "nowhitelist", REQ, "PATH", "later whitelists of PATH are ignored", apply_nowhitelist, NULL },
	{ "oom-score-adj", REQ, "NUMBER", "the sandbox's OOM-killer bias, raised to NUMBER (0 to 1000)", apply_oom_score_adj, NULL },
	{ "private", OPT, "DIR", "a throwaway home (firejail's few copies), or DIR as home", apply_private, NULL },
	{ "private-bin", REQ, "LIST", "only the listed programs in the bin directories", apply_private_bin, NULL },
	{ "private-cache", NONE, NULL, "an empty ~/.cache", apply_private_cache, NULL },
	{ "private-cwd", OPT, "DIR", "start in home, or in DIR", apply_private_cwd, NULL },
	{ "private-dev", NONE, NULL, "a minimal /dev (null zero full random urandom tty pts shm, the GPU's nodes unless no3d); else the host's", apply_private_dev, NULL },
	{ "private-etc", OPT, "LIST", "only the listed entries of /etc", apply_private_etc, NULL },
	{ "private-lib", OPT, "LIST", "the library directory shows only what the programs load, and LIST", apply_private_lib, NULL },
	{ "private-opt", REQ, "LIST", "only the listed entries of /opt", apply_private_opt, NULL },
	{ "private-srv", REQ, "LIST", "only the listed entries of /srv", apply_private_srv, NULL },
	{ "private-tmp", NONE, NULL, "an empty private /tmp; else the host's", apply_private_tmp, NULL },
	{ "protocol", REQ, "LIST", "only these socket families: unix,inet,inet6,netlink,packet,bluetooth", apply_protocol, NULL },
	{ "quiet", NONE, NULL, "no warnings", apply_quiet, NULL },
	{ "read-only", REQ, "PATH", "PATH cannot be written", apply_read_only, NULL },
	{ "read-write", REQ, "PATH", "PATH under home writable again", apply_read_write, NULL },
	{ "restrict-namespaces", OPT, "LIST", "refuse new namespaces of these types (default all): cgroup,ipc,mnt,net,pid,time,user,uts", apply_restrict_namespaces, NULL },
	{ "rlimit-as", REQ, "NUMBER", "address space limit in bytes (k, m, g)", apply_rlimit_as, NULL },
	{ "rlimit-cpu", REQ, "NUMBER", "CPU time limit in seconds", apply_rlimit_cpu, NULL },
	{ "rlimit-fsize", REQ, "NUMBER", "file size limit in bytes (k, m, g)", apply_rlimit_fsize, NULL },
	{ "rlimit-nofile", REQ, "NUMBER", "open file limit", apply_rlimit_nofile, NULL },
	{ "rlimit-nproc", REQ, "NUMBER", "process limit of the program's uid in the sandbox", apply_rlimit_nproc, NULL },
	{ "rlimit-sigpending", REQ, "NUMBER", "pending signal limit", apply_rlimit_sigpending, NULL },
	{ "rmenv", REQ, "NAME", "remove a variable from the program's environment",
	  apply_rmenv, NULL },
	{ "seccomp", OPT, "LIST", "refuse firejail's default syscall list, and LIST", apply_seccomp, NULL },
	{ "seccomp-error-action", REQ, "ERRNO|kill|log", "what a refused call gets (default EPERM)", apply_seccomp_error_action, NULL },
	{ "seccomp.32", OPT, "LIST", "i386 calls: refuse firejail's default syscall list, and LIST", apply_seccomp32, NULL },
	{ "seccomp.32.drop", REQ, "LIST", "i386 calls: refuse the listed syscalls and @groups", apply_seccomp32_drop, NULL },
	{ "seccomp.32.keep", REQ, "LIST", "i386 calls: refuse every syscall not listed", apply_seccomp32_keep, NULL },
	{ "seccomp.block-secondary", NONE, NULL, "refuse the calls of every ABI but the native one (i386)", apply_block_secondary, NULL },
	{ "seccomp.drop", REQ, "LIST", "refuse the listed syscalls and @groups", apply_seccomp_drop, NULL },
	{ "seccomp.keep", REQ, "LIST", "refuse every syscall not listed", apply_seccomp_keep, NULL },
	BASE("tab", NONE, NULL, "(no effect)"),
	{ "timeout", REQ, "hh:mm:ss", "kill the sandbox after this time", apply_timeout, NULL },
	{ "tmpfs", REQ, "DIR", "an empty tmpfs over DIR (under home)", apply_tmpfs, NULL },
	{ "trace-denials", NONE, NULL, "report every refused syscall (init answers it)", apply_trace_denials, NULL },
	NOT("tracelog", NONE, NULL, R_TRACELOG),
	{ "whitelist", REQ, "PATH", "show only the whitelisted paths of its directory", apply_whitelist, NULL },
	{ "whitelist-ro", REQ, "PATH", "as whitelist, read-only", apply_whitelist_ro, NULL },
	{ "writable-etc", NONE, NULL, "/etc not mounted read-only (its files stay root's)", apply_writable_etc, NULL },
	BASE("writable-run-user", NONE, NULL, "(the sandbox's own /run/user/UID is writable)"),
	{ "writable-var", NONE, NULL, "/var not mounted read-only (its files stay root's)", apply_writable_var, NULL },
	{ "writable-var-log", NONE, NULL, "the host's /var/log instead of an empty one", apply_writable_var_log, NULL },
	{ "x11", OPT, "none|xorg|xvfb|xephyr|xpra", "X11: none, yours with an untrusted cookie (xorg), or an Xvfb, Xephyr or xpra server of its own (default: the display of $DISPLAY); --x11 holds over the profile's", apply_x11,
	  NULL },
	{ "x11.fallback", REQ, "none|xvfb|xephyr|xpra", "with x11 xorg: the mode where your X server can give no untrusted cookie (default: the launch fails)", apply_x11_fallback, NULL },
	{ "xephyr-screen", REQ, "WIDTHxHEIGHT", "with x11 xephyr: the window's size (default 800x600)", apply_xephyr_screen, NULL },
};

const struct directive *directive_table(size_t *count)
{
	*count = sizeof(directives) / sizeof(directives[0]);
	return directives;
}

static int cmp_name(const void *key, const void *entry)
{
	return strcmp(key, ((const struct directive *)entry)->name);
}

/* The table is kept in strcmp order (test_cli checks it): a firejail
 * profile and its includes have thousands of lines to look up. */
const struct directive *directive_find(const char *name)
{
	return bsearch(name, directives, sizeof(directives) / sizeof(directives[0]),
		       sizeof(directives[0]), cmp_name);
}

int directive_apply(struct policy *p, const char *name, const char *arg,
		    const char *origin, struct nb_error *err)
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
	return d->apply(p, arg, origin, err);
}
