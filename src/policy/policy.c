// SPDX-License-Identifier: GPL-2.0-or-later
#include "policy.h"

#include "landlock.h"

#include "nb_limits.h"
#include "registry.h"
#include "seccomp_policy.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* x11's arguments, by enum policy_x11_mode; the default has none */
static const char *const x11_modes[] = {
	[POLICY_X11_HOST] = NULL,
	[POLICY_X11_NONE] = "none",
	[POLICY_X11_XVFB] = "xvfb",
	[POLICY_X11_XEPHYR] = "xephyr",
	[POLICY_X11_XPRA] = "xpra",
	[POLICY_X11_XORG] = "xorg",
};

int policy_x11_mode_parse(const char *name, enum policy_x11_mode *mode)
{
	for (size_t i = 0; i < sizeof(x11_modes) / sizeof(x11_modes[0]); i++)
		if (x11_modes[i] && strcmp(name, x11_modes[i]) == 0) {
			*mode = (enum policy_x11_mode)i;
			return 0;
		}
	return -1;
}

unsigned policy_xephyr_width(const struct policy *p)
{
	return p->x11.screen_width ? p->x11.screen_width : POLICY_XEPHYR_WIDTH;
}

unsigned policy_xephyr_height(const struct policy *p)
{
	return p->x11.screen_height ? p->x11.screen_height :
	       POLICY_XEPHYR_HEIGHT;
}

void policy_init(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->hostname = strdup(POLICY_DEFAULT_HOSTNAME);
	snprintf(p->fs.tmpfs_size, sizeof(p->fs.tmpfs_size), "%s",
		 CONFIG_TMPFS_SIZE_DEFAULT);
	p->net = POLICY_NET_DEFAULT;
	p->x11.fallback = POLICY_X11_XORG; /* none: x11 xorg fails closed */
	p->dbus.user.name = "dbus-user";
	/* until the profiles are read: a policy that is never resolved
	 * (profiles_load, policy_strict_baseline) shows no bus */
	p->dbus.user.mode = POLICY_DBUS_NONE;
	/* firejail shows the system bus unless told; nestbox only when
	 * asked (`dbus-system allow|filter`) */
	p->dbus.system.name = "dbus-system";
	p->dbus.system.mode = POLICY_DBUS_NONE;
	seccomp_policy_init(&p->seccomp);
}

void policy_strict_baseline(struct policy *p)
{
	p->private_tmp = true;
	p->fs.private_dev = true;
	/* and none of the devices firejail's private-dev keeps */
	p->fs.dev_hidden |= POLICY_DEV_DVD | POLICY_DEV_TV | POLICY_DEV_VIDEO |
			    POLICY_DEV_INPUT | POLICY_DEV_U2F | POLICY_DEV_SOUND;
	p->fs.disable_mnt = true;
	p->fs.no_var = true;
	/* the GPU comes with a profile, as the network does */
	p->fs.no3d = true;
	/* no new namespace of any type, no ABI but the native one.  Under
	 * a profile these are its own directives (firejail's meaning;
	 * nestbox-base.inc asks for them). */
	p->seccomp.ns_refused = seccomp_namespaces_all();
	p->seccomp.block_secondary = true;
	/* no session bus unless an option asks for one */
	if (!p->dbus.user.said)
		p->dbus.user.mode = POLICY_DBUS_NONE;
	/* The display with an untrusted cookie (x11 xorg), unless an option
	 * (or an --include file) named the mode: the full cookie would let
	 * the program type into a terminal outside.  Where the server can
	 * give no untrusted cookie (Xwayland), no display rather than a
	 * trusted one, as default.profile says (x11.fallback none): a
	 * program that speaks Wayland uses that, and one that needs no
	 * display at all is not refused for a DISPLAY it inherited.
	 * --x11.fallback still names another; --x11=xorg said outright
	 * keeps its own rule (fails closed). */
	if (p->x11.mode == POLICY_X11_HOST) {
		p->x11.mode = POLICY_X11_XORG;
		if (p->x11.fallback == POLICY_X11_XORG)
			p->x11.fallback = POLICY_X11_NONE;
	}
}

static void bus_free(struct policy_bus *bus)
{
	for (size_t i = 0; i < bus->n_rules; i++)
		free(bus->rules[i]);
	free(bus->rules);
}

void policy_free(struct policy *p)
{
	free(p->hostname);
	free(p->name);
	bus_free(&p->dbus.user);
	bus_free(&p->dbus.system);
	free(p->netcfg.ip);
	free(p->netcfg.ip6);
	free(p->netcfg.gateway);
	free(p->netcfg.hosts_file);
	free(p->netfilter.file);
	free(p->netfilter6.file);
	for (size_t i = 0; i < p->netcfg.n_dns; i++)
		free(p->netcfg.dns[i]);
	for (size_t i = 0; i < p->n_env; i++)
		free(p->env[i]);
	free(p->env);
	for (size_t i = 0; i < p->n_rmenv; i++)
		free(p->rmenv[i]);
	free(p->rmenv);
	free(p->not_enforced);
	policy_fs_free(&p->fs);
	landlock_policy_free(&p->landlock);
	seccomp_policy_free(&p->seccomp);
	memset(p, 0, sizeof(*p));
}

/* RFC 1123 labels: what sethostname(2) accepts is wider, but a name a
 * resolver would reject only causes confusion inside the sandbox. */
static bool hostname_is_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > 64 || name[0] == '-' || name[0] == '.')
		return false;
	for (const char *c = name; *c; c++) {
		bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			  (*c >= '0' && *c <= '9') || *c == '-' || *c == '.';
		if (!ok)
			return false;
	}
	return true;
}

/* A well-known bus name, with xdg-dbus-proxy's ".*" suffix allowed:
 * elements of [A-Za-z0-9_-] separated by dots. */
static bool dbus_name_valid(const char *name, size_t len)
{
	size_t elements = 1;

	if (len >= 2 && strncmp(name + len - 2, ".*", 2) == 0)
		len -= 2;
	if (len == 0 || len > 255 || name[0] == '.' || name[len - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (c == '.') {
			if (name[i + 1] == '.')
				return false;
			elements++;
		} else if (!isalnum((unsigned char)c) && c != '_' && c != '-') {
			return false;
		}
	}
	return elements >= 2;
}

int policy_add_dbus_rule(struct policy_bus *bus, const char *option,
			 const char *arg, struct nb_error *err)
{
	bool with_rule = !strcmp(option, "call") || !strcmp(option, "broadcast");
	const char *eq = strchr(arg, '=');
	size_t name_len = with_rule ? (eq ? (size_t)(eq - arg) : 0) : strlen(arg);
	char **grown, *rule;

	if (!dbus_name_valid(arg, name_len) || (with_rule && !eq[1]) ||
	    strpbrk(arg, " \t\n"))
		return nb_fail(err, 0, "%s.%s %s: %s", bus->name, option, arg,
			       with_rule ? "NAME=RULE, with a D-Bus name (org.example.Name)" :
					   "not a D-Bus name (org.example.Name or org.example.*)");
	grown = realloc(bus->rules, (bus->n_rules + 1) * sizeof(*grown));
	if (!grown || asprintf(&rule, "--%s=%s", option, arg) < 0) {
		if (grown)
			bus->rules = grown;
		return nb_fail(err, ENOMEM, "%s.%s", bus->name, option);
	}
	bus->rules = grown;
	bus->rules[bus->n_rules++] = rule;
	return 0;
}

/* *@field becomes a copy of @value (already checked). */
static int replace_string(char **field, const char *value, const char *what,
			  struct nb_error *err)
{
	char *copy = strdup(value);

	if (!copy)
		return nb_fail(err, ENOMEM, "%s", what);
	free(*field);
	*field = copy;
	return 0;
}

int policy_set_name(struct policy *p, const char *name, bool join_or_start,
		    struct nb_error *err)
{
	if (!registry_name_valid(name))
		return nb_fail(err, 0,
			       "invalid sandbox name '%s' (1 to 64 letters, digits, '.', '_' or '-', not all digits)",
			       name);
	p->join_or_start = join_or_start;
	return replace_string(&p->name, name, "name", err);
}

int policy_set_hostname(struct policy *p, const char *name,
			struct nb_error *err)
{
	if (!hostname_is_valid(name))
		return nb_fail(err, 0,
			       "invalid hostname '%s' (letters, digits, '-' and '.', at most 64)",
			       name);
	return replace_string(&p->hostname, name, "hostname", err);
}

int policy_add_env(struct policy *p, const char *assignment,
		   struct nb_error *err)
{
	const char *eq = strchr(assignment, '=');
	char **grown;

	if (!eq || eq == assignment)
		return nb_fail(err, 0, "invalid environment assignment '%s' (want NAME=VALUE)",
			       assignment);
	grown = realloc(p->env, (p->n_env + 1) * sizeof(*grown));
	if (!grown)
		return nb_fail(err, ENOMEM, "env");
	p->env = grown;
	p->env[p->n_env] = strdup(assignment);
	if (!p->env[p->n_env])
		return nb_fail(err, ENOMEM, "env");
	p->n_env++;
	return 0;
}

int policy_add_rmenv(struct policy *p, const char *name, struct nb_error *err)
{
	char **grown;

	if (!*name || strchr(name, '=') || strchr(name, ' '))
		return nb_fail(err, 0, "invalid variable name '%s'", name);
	grown = realloc(p->rmenv, (p->n_rmenv + 1) * sizeof(*grown));
	if (!grown)
		return nb_fail(err, ENOMEM, "rmenv");
	p->rmenv = grown;
	p->rmenv[p->n_rmenv] = strdup(name);
	if (!p->rmenv[p->n_rmenv])
		return nb_fail(err, ENOMEM, "rmenv");
	p->n_rmenv++;
	return 0;
}

int not_enforced_note(struct policy_not_enforced **v, size_t *n,
		      const char *directive, const char *reason,
		      struct nb_error *err)
{
	struct policy_not_enforced *grown;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].directive, directive) == 0) {
			(*v)[i].count++;
			return 0;
		}
	grown = realloc(*v, (*n + 1) * sizeof(*grown));
	if (!grown)
		return nb_fail(err, ENOMEM, "policy");
	*v = grown;
	grown[(*n)++] = (struct policy_not_enforced){ directive, reason, 1 };
	return 0;
}

int policy_note_not_enforced(struct policy *p, const char *directive,
			     const char *reason, struct nb_error *err)
{
	return not_enforced_note(&p->not_enforced, &p->n_not_enforced,
				 directive, reason, err);
}

void not_enforced_print(FILE *out, const struct policy_not_enforced *v,
			size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  not enforced: %s (%u): %s\n", v[i].directive,
			v[i].count, v[i].reason);
}

static void print_bus(FILE *out, const struct policy_bus *bus)
{
	fprintf(out, "  %s %s\n", bus->name,
		bus->mode == POLICY_DBUS_NONE ? "none" :
		bus->mode == POLICY_DBUS_FILTER ? "filter" : "allow");
	for (size_t i = 0; i < bus->n_rules; i++)
		fprintf(out, "  %s rule %s\n", bus->name, bus->rules[i]);
}

void policy_print(FILE *out, const struct policy *p)
{
	fprintf(out, "policy:\n");
	fprintf(out, "  hostname %s\n", p->hostname);
	fprintf(out, "  private-tmp %s\n", p->private_tmp ? "yes" : "no");
	fprintf(out, "  tmpfs-size %s\n", p->fs.tmpfs_size);
	fprintf(out, "  net %s%s\n",
		p->net == POLICY_NET_NONE ? "none" :
		p->net == POLICY_NET_HOST ? "host" :
		p->net == POLICY_NET_PASTA ? "pasta" : "default",
		p->net_host_loopback ? " (host loopback reachable)" : "");
	print_bus(out, &p->dbus.user);
	print_bus(out, &p->dbus.system);
	if (p->x11.mode == POLICY_X11_XEPHYR)
		fprintf(out, "  x11 xephyr %ux%u\n", policy_xephyr_width(p),
			policy_xephyr_height(p));
	else
		fprintf(out, "  x11 %s\n", p->x11.mode == POLICY_X11_HOST ?
			"the display of $DISPLAY" : x11_modes[p->x11.mode]);
	if (p->x11.mode == POLICY_X11_XORG &&
	    p->x11.fallback != POLICY_X11_XORG)
		fprintf(out, "  x11.fallback %s\n", x11_modes[p->x11.fallback]);
	if (p->netcfg.ip)
		fprintf(out, "  ip %s\n", p->netcfg.ip);
	if (p->netcfg.ip6)
		fprintf(out, "  ip6 %s\n", p->netcfg.ip6);
	if (p->netcfg.gateway)
		fprintf(out, "  defaultgw %s\n", p->netcfg.gateway);
	if (p->netcfg.mtu)
		fprintf(out, "  mtu %u\n", p->netcfg.mtu);
	for (size_t i = 0; i < p->netcfg.n_dns; i++)
		fprintf(out, "  dns %s\n", p->netcfg.dns[i]);
	if (p->netcfg.hosts_file)
		fprintf(out, "  hosts-file %s\n", p->netcfg.hosts_file);
	if (p->netfilter.set)
		fprintf(out, "  netfilter %s\n",
			p->netfilter.file ? p->netfilter.file : "(default)");
	if (p->netfilter6.set)
		fprintf(out, "  netfilter6 %s\n",
			p->netfilter6.file ? p->netfilter6.file : "(default)");
	for (size_t i = 0; i < p->n_env; i++)
		fprintf(out, "  env %s\n", p->env[i]);
	for (size_t i = 0; i < p->n_rmenv; i++)
		fprintf(out, "  rmenv %s\n", p->rmenv[i]);
	policy_fs_print(out, &p->fs);
	landlock_policy_print(out, &p->landlock);
	seccomp_policy_print(out, &p->seccomp);
	limits_print(out, &p->process);
	not_enforced_print(out, p->not_enforced, p->n_not_enforced);
}

const char *fs_rule_kind_name(enum fs_rule_kind kind)
{
	static const char *const names[] = {
		[FS_BLACKLIST] = "blacklist",	  [FS_NOBLACKLIST] = "noblacklist",
		[FS_WHITELIST] = "whitelist",	  [FS_WHITELIST_RO] = "whitelist-ro",
		[FS_NOWHITELIST] = "nowhitelist", [FS_READ_ONLY] = "read-only",
		[FS_READ_WRITE] = "read-write",	  [FS_NOEXEC] = "noexec",
		[FS_TMPFS] = "tmpfs",		  [FS_MKDIR] = "mkdir",
		[FS_MKFILE] = "mkfile",		  [FS_KEEP_MISSING] = "keep-missing",
	};

	return kind < sizeof(names) / sizeof(*names) ? names[kind] : "?";
}

int policy_add_fs_rule(struct policy *p, enum fs_rule_kind kind,
		       const char *path, const char *origin,
		       struct nb_error *err)
{
	struct policy_fs *fs = &p->fs;
	struct fs_rule *grown, *r;
	char *norm = policy_normalize_path(path, err);

	if (!norm)
		return -1;
	grown = realloc(fs->rules, (fs->n_rules + 1) * sizeof(*grown));
	if (!grown) {
		free(norm);
		return nb_fail(err, ENOMEM, "policy");
	}
	fs->rules = grown;
	r = &fs->rules[fs->n_rules];
	r->kind = kind;
	r->path = norm;
	r->origin = strdup(origin ? origin : fs_rule_kind_name(kind));
	if (!r->origin) {
		free(norm);
		return nb_fail(err, ENOMEM, "policy");
	}
	fs->n_rules++;
	return 0;
}

static bool name_listed(const struct name_list *list, const char *name,
			size_t len)
{
	for (size_t i = 0; i < list->n; i++)
		if (strlen(list->v[i]) == len &&
		    strncmp(list->v[i], name, len) == 0)
			return true;
	return false;
}

/* "a,b, c": each name a relative path without "." or ".." parts. */
int policy_add_names(struct name_list *list, const char *names,
		     struct nb_error *err)
{
	const char *c = names ? names : "";

	list->set = true;
	while (*c) {
		const char *end = strchrnul(c, ',');
		const char *b = c, *e = end;
		char **grown;

		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		c = *end ? end + 1 : end;
		if (b == e)
			continue;
		for (const char *s = b; s < e; s++)
			if ((unsigned char)*s < 0x20)
				return nb_fail(err, 0, "name with a control character");
		if (*b == '/' || (e - b == 1 && *b == '.') ||
		    (e - b == 2 && b[0] == '.' && b[1] == '.') ||
		    memmem(b, (size_t)(e - b), "/..", 3) ||
		    memmem(b, (size_t)(e - b), "../", 3))
			return nb_fail(err, 0, "'%.*s': not a plain name",
				       (int)(e - b), b);
		if (name_listed(list, b, (size_t)(e - b)))
			continue;
		grown = realloc(list->v, (list->n + 1) * sizeof(*grown));
		if (!grown)
			return nb_fail(err, ENOMEM, "policy");
		list->v = grown;
		list->v[list->n] = strndup(b, (size_t)(e - b));
		if (!list->v[list->n])
			return nb_fail(err, ENOMEM, "policy");
		list->n++;
	}
	return 0;
}

static void name_list_free(struct name_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->v[i]);
	free(list->v);
}

void policy_fs_free(struct policy_fs *fs)
{
	for (size_t i = 0; i < fs->n_rules; i++) {
		free(fs->rules[i].path);
		free(fs->rules[i].origin);
	}
	free(fs->rules);
	free(fs->private_home_dir);
	free(fs->cwd);
	name_list_free(&fs->private_bin);
	name_list_free(&fs->private_etc);
	name_list_free(&fs->private_opt);
	name_list_free(&fs->private_srv);
	name_list_free(&fs->private_lib);
	memset(fs, 0, sizeof(*fs));
}

static void print_names(FILE *out, const char *what,
			const struct name_list *list)
{
	if (!list->set)
		return;
	fprintf(out, "  %s", what);
	for (size_t i = 0; i < list->n; i++)
		fprintf(out, "%c%s", i ? ',' : ' ', list->v[i]);
	fputc('\n', out);
}

void policy_fs_print(FILE *out, const struct policy_fs *fs)
{
	for (size_t i = 0; i < fs->n_rules; i++)
		fprintf(out, "  %s %s\n", fs_rule_kind_name(fs->rules[i].kind),
			fs->rules[i].path);
	if (fs->private_home)
		fprintf(out, "  private\n");
	if (fs->private_home_dir)
		fprintf(out, "  private %s\n", fs->private_home_dir);
	if (fs->private_cache)
		fprintf(out, "  private-cache\n");
	print_names(out, "private-bin", &fs->private_bin);
	print_names(out, "private-etc", &fs->private_etc);
	print_names(out, "private-opt", &fs->private_opt);
	print_names(out, "private-srv", &fs->private_srv);
	print_names(out, "private-lib", &fs->private_lib);
	if (fs->cwd)
		fprintf(out, "  private-cwd %s\n", fs->cwd);
	if (fs->writable_etc)
		fprintf(out, "  writable-etc\n");
	if (fs->keep_dev_shm)
		fprintf(out, "  keep-dev-shm\n");
	if (fs->machine_id)
		fprintf(out, "  machine-id\n");
	if (fs->nosound)
		fprintf(out, "  nosound\n");
	if (fs->private_dev)
		fprintf(out, "  private-dev\n");
	if (fs->dev_hidden)
		fprintf(out, "  device classes hidden 0x%x\n", fs->dev_hidden);
	if (fs->disable_mnt)
		fprintf(out, "  disable-mnt\n");
	if (fs->no_var)
		fprintf(out, "  no /var\n");
	if (fs->writable_var)
		fprintf(out, "  writable-var\n");
	if (fs->writable_var_log)
		fprintf(out, "  writable-var-log\n");
	if (fs->keep_var_tmp)
		fprintf(out, "  keep-var-tmp\n");
}
