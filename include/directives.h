/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The directive table: one row per profile directive.  The same row makes
 * `--NAME[=ARG]` an option and `NAME [ARG]` a profile line
 * (docs/architecture.md, "Principles" 2); adding a directive is adding a row.
 */
#ifndef NESTBOX_DIRECTIVES_H
#define NESTBOX_DIRECTIVES_H

#include <stddef.h>

#include "policy.h"

enum directive_arg {
	DIRECTIVE_ARG_NONE,	/* `private-tmp` */
	DIRECTIVE_ARG_REQUIRED,	/* `hostname NAME` */
	DIRECTIVE_ARG_OPTIONAL,	/* `x11` or `x11 none` */
};

struct directive {
	const char *name;
	enum directive_arg arg;
	const char *arg_name;	/* for help text: "NAME", "none" */
	const char *summary;	/* NULL for a directive not enforced */
	/* @origin: where the line comes from ("FILE:LINE", "--option"),
	 * copied into the rules that keep it for their messages */
	int (*apply)(struct policy *p, const char *arg, const char *origin,
		     struct nb_error *err);
	const char *not_enforced; /* why, when apply is NULL */
};

const struct directive *directive_find(const char *name);
const struct directive *directive_table(size_t *count);

/* Apply one directive by name; @arg is NULL when none was given; @origin
 * ("FILE:LINE", "--option") says where it comes from, as the rules it
 * makes will in their messages (NULL: the directive's name). */
int directive_apply(struct policy *p, const char *name, const char *arg,
		    const char *origin, struct nb_error *err);

#endif
