// SPDX-License-Identifier: GPL-2.0-or-later
#include "policy.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void policy_init(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->hostname = strdup(POLICY_DEFAULT_HOSTNAME);
	p->private_tmp = true;
	p->net = POLICY_NET_NONE;
}

void policy_free(struct policy *p)
{
	free(p->hostname);
	for (size_t i = 0; i < p->n_env; i++)
		free(p->env[i]);
	free(p->env);
	for (size_t i = 0; i < p->n_rmenv; i++)
		free(p->rmenv[i]);
	free(p->rmenv);
	free(p->not_enforced);
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

int policy_set_hostname(struct policy *p, const char *name,
			struct nb_error *err)
{
	char *copy;

	if (!hostname_is_valid(name))
		return nb_fail(err, 0,
			       "invalid hostname '%s' (letters, digits, '-' and '.', at most 64)",
			       name);
	copy = strdup(name);
	if (!copy)
		return nb_fail(err, ENOMEM, "hostname");
	free(p->hostname);
	p->hostname = copy;
	return 0;
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

int policy_note_not_enforced(struct policy *p, const char *directive,
			     const char *reason, struct nb_error *err)
{
	struct policy_not_enforced *grown;

	for (size_t i = 0; i < p->n_not_enforced; i++)
		if (strcmp(p->not_enforced[i].directive, directive) == 0) {
			p->not_enforced[i].count++;
			return 0;
		}
	grown = realloc(p->not_enforced,
			(p->n_not_enforced + 1) * sizeof(*grown));
	if (!grown)
		return nb_fail(err, ENOMEM, "policy");
	p->not_enforced = grown;
	grown[p->n_not_enforced++] =
		(struct policy_not_enforced){ directive, reason, 1 };
	return 0;
}

void policy_print(FILE *out, const struct policy *p)
{
	fprintf(out, "policy:\n");
	fprintf(out, "  hostname %s\n", p->hostname);
	fprintf(out, "  private-tmp %s\n", p->private_tmp ? "yes" : "no");
	fprintf(out, "  net none\n");
	for (size_t i = 0; i < p->n_env; i++)
		fprintf(out, "  env %s\n", p->env[i]);
	for (size_t i = 0; i < p->n_rmenv; i++)
		fprintf(out, "  rmenv %s\n", p->rmenv[i]);
	for (size_t i = 0; i < p->n_not_enforced; i++)
		fprintf(out, "  not enforced: %s (%u): %s\n",
			p->not_enforced[i].directive, p->not_enforced[i].count,
			p->not_enforced[i].reason);
}
