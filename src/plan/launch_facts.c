// SPDX-License-Identifier: GPL-2.0-or-later
/* What the launch resolved, beside the frozen policy (launch_facts.h). */
#include "launch_facts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const net_names[] = {
	[POLICY_NET_DEFAULT] = "default",
	[POLICY_NET_NONE] = "none",
	[POLICY_NET_PASTA] = "pasta",
	[POLICY_NET_HOST] = "host",
};

static const char *const bus_modes[] = {
	[POLICY_DBUS_ALLOW] = "allow",
	[POLICY_DBUS_NONE] = "none",
	[POLICY_DBUS_FILTER] = "filter",
};

static const char *const x11_names[] = {
	[POLICY_X11_HOST] = "the display of $DISPLAY",
	[POLICY_X11_NONE] = "none",
	[POLICY_X11_XVFB] = "xvfb",
	[POLICY_X11_XEPHYR] = "xephyr",
	[POLICY_X11_XPRA] = "xpra",
	[POLICY_X11_XORG] = "xorg",
};

int launch_facts_init(struct launch_facts *lf, const struct policy *p,
		      struct nb_error *err)
{
	memset(lf, 0, sizeof(*lf));
	lf->net = p->net;
	for (size_t i = 0; i < p->netcfg.n_dns; i++)
		lf->dns[lf->n_dns++] = p->netcfg.dns[i];
	lf->dbus_user.mode = p->dbus.user.mode;
	lf->dbus_system.mode = p->dbus.system.mode;
	lf->x11.mode = p->x11.mode;
	/* the policy's file system, its rules copied by value: the launch
	 * appends its own after them */
	lf->fs = p->fs;
	lf->fs.rules = NULL;
	lf->n_policy_rules = lf->fs.n_rules = 0;
	if (p->fs.n_rules) {
		lf->fs.rules = malloc(p->fs.n_rules * sizeof(*lf->fs.rules));
		if (!lf->fs.rules)
			return nb_fail(err, ENOMEM, "launch facts");
		memcpy(lf->fs.rules, p->fs.rules,
		       p->fs.n_rules * sizeof(*lf->fs.rules));
		lf->n_policy_rules = lf->fs.n_rules = p->fs.n_rules;
	}
	return 0;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void bus_free(struct launch_bus *b)
{
	free(b->host_socket);
	free(b->proxy_socket);
}

void launch_facts_free(struct launch_facts *lf)
{
	/* only the launch's own rules: the others are the policy's */
	for (size_t i = lf->n_policy_rules; i < lf->fs.n_rules; i++) {
		free(lf->fs.rules[i].path);
		free(lf->fs.rules[i].origin);
	}
	free(lf->fs.rules);
	bus_free(&lf->dbus_user);
	bus_free(&lf->dbus_system);
	free(lf->x11.socket);
	free(lf->x11.xauth);
	free(lf->x11.cookies);
	free_strings(lf->env, lf->n_env);
	free_strings(lf->rmenv, lf->n_rmenv);
	free(lf->not_enforced);
	memset(lf, 0, sizeof(*lf));
}

/* Network by default under a profile (a browser needs it); the bare
 * baseline, --noprofile, has loopback only. */
enum policy_net launch_net_resolve(const struct policy *p, bool noprofile)
{
	if (p->net != POLICY_NET_DEFAULT)
		return p->net;
	return noprofile ? POLICY_NET_NONE : POLICY_NET_PASTA;
}

int launch_facts_add_fs_rule(struct launch_facts *lf, enum fs_rule_kind kind,
			     const char *path, const char *origin,
			     struct nb_error *err)
{
	struct fs_rule *grown, *r;
	char *norm = policy_normalize_path(path, err);

	if (!norm)
		return -1;
	grown = realloc(lf->fs.rules, (lf->fs.n_rules + 1) * sizeof(*grown));
	if (!grown) {
		free(norm);
		return nb_fail(err, ENOMEM, "launch facts");
	}
	lf->fs.rules = grown;
	r = &grown[lf->fs.n_rules];
	r->kind = kind;
	r->path = norm;
	r->origin = strdup(origin);
	if (!r->origin) {
		free(norm);
		return nb_fail(err, ENOMEM, "launch facts");
	}
	lf->fs.n_rules++;
	return 0;
}

static int add_string(char ***v, size_t *n, const char *s, struct nb_error *err)
{
	char **grown = realloc(*v, (*n + 1) * sizeof(*grown));

	if (!grown)
		return nb_fail(err, ENOMEM, "launch facts");
	*v = grown;
	grown[*n] = strdup(s);
	if (!grown[*n])
		return nb_fail(err, ENOMEM, "launch facts");
	(*n)++;
	return 0;
}

int launch_facts_add_env(struct launch_facts *lf, const char *assignment,
			 struct nb_error *err)
{
	return add_string(&lf->env, &lf->n_env, assignment, err);
}

int launch_facts_add_rmenv(struct launch_facts *lf, const char *name,
			   struct nb_error *err)
{
	return add_string(&lf->rmenv, &lf->n_rmenv, name, err);
}

int launch_facts_not_enforced(struct launch_facts *lf, const char *directive,
			      const char *reason, struct nb_error *err)
{
	return not_enforced_note(&lf->not_enforced, &lf->n_not_enforced,
				 directive, reason, err);
}

static void print_bus(FILE *out, const char *name, const struct launch_bus *b)
{
	fprintf(out, "  %s %s", name, bus_modes[b->mode]);
	if (b->host_socket)
		fprintf(out, ", the host's %s", b->host_socket);
	if (b->proxy_socket)
		fprintf(out, " through xdg-dbus-proxy's %s", b->proxy_socket);
	fputc('\n', out);
}

void launch_facts_print(FILE *out, const struct launch_facts *lf)
{
	fprintf(out, "resolved (what the launch made of the policy here):\n");
	fprintf(out, "  net %s\n", net_names[lf->net]);
	for (size_t i = 0; i < lf->n_dns; i++)
		fprintf(out, "  dns %s%s\n", lf->dns[i],
			lf->dns_forward ? " (pasta forwards it to the host's resolver on its loopback)" : "");
	if (lf->buses_resolved) {
		print_bus(out, "dbus-user", &lf->dbus_user);
		print_bus(out, "dbus-system", &lf->dbus_system);
	} else {
		fprintf(out, "  buses: found at launch (the host's sockets, the proxy's)\n");
	}
	if (lf->x11_resolved) {
		fprintf(out, "  x11 %s", x11_names[lf->x11.mode]);
		if (lf->x11.socket)
			fprintf(out, ", display :%u at %s", lf->x11.display,
				lf->x11.socket);
		if (lf->x11.xauth)
			fprintf(out, ", cookie file %s%s", lf->x11.xauth,
				lf->x11.untrusted ? " (untrusted cookie)" : "");
		fputc('\n', out);
	} else {
		fprintf(out, "  x11: found at launch (the display, its cookie)\n");
	}
	for (size_t i = 0; i < lf->n_rmenv; i++)
		fprintf(out, "  rmenv %s\n", lf->rmenv[i]);
	for (size_t i = 0; i < lf->n_env; i++)
		fprintf(out, "  env %s\n", lf->env[i]);
	for (size_t i = lf->n_policy_rules; i < lf->fs.n_rules; i++)
		fprintf(out, "  %s %s (%s)\n",
			fs_rule_kind_name(lf->fs.rules[i].kind),
			lf->fs.rules[i].path, lf->fs.rules[i].origin);
	if (lf->fs.private_run_user)
		fprintf(out, "  /run/user/UID private: only what is whitelisted\n");
	not_enforced_print(out, lf->not_enforced, lf->n_not_enforced);
}
