// SPDX-License-Identifier: GPL-2.0-or-later
#include "directives.h"

#include <string.h>

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

static const struct directive directives[] = {
	{ "env", DIRECTIVE_ARG_REQUIRED, "NAME=VALUE",
	  "set an environment variable for the program", apply_env },
	{ "hostname", DIRECTIVE_ARG_REQUIRED, "NAME",
	  "hostname inside the sandbox (default nestbox)", apply_hostname },
	{ "net", DIRECTIVE_ARG_REQUIRED, "none",
	  "network: 'none' is loopback only", apply_net },
	{ "private-tmp", DIRECTIVE_ARG_NONE, NULL,
	  "empty private /tmp (always the case)", apply_private_tmp },
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
	if (d->apply(p, arg, err) < 0)
		return -1;
	return 0;
}
