/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loading profiles into the policy: which profile (PROGRAM.profile or
 * default.profile in the lookup list, or the --profile ones), the
 * reader's facts gathered from the host (home, $PATH,
 * ~/.config/user-dirs.dirs, nestbox.conf, the options given), each file
 * read, each entry applied through the directive table with its
 * FILE:LINE, and the directives not enforced reported (or refused under
 * --strict).
 */
#ifndef NESTBOX_PROFILE_LOAD_H
#define NESTBOX_PROFILE_LOAD_H

#include <limits.h>
#include <stdbool.h>

#include "cli.h"
#include "config.h"
#include "launch_facts.h"
#include "mountplan.h"
#include "profile_env.h"
#include "profile_read.h"

/* The session bus's allowlist, for a profile that does not say how its
 * bus is shown (profile_load.c), looked up as an include. */
#define PROFILES_DBUS_USER_INC "nestbox-dbus-user.inc"

/* Home's code-running files, for a profile that does not include them
 * (profile_load.c): firejail's own, most of all. */
#define PROFILES_HOME_RULES_INC "nestbox-autostart.inc"

/* the lookup list of nestbox(1), FILES, and how to tell whether a candidate is there
 * (injected: the choice below is pure and unit-tested). */
struct profile_lookup {
	const char *const *dirs;	/* in order of precedence */
	size_t n_dirs;
	bool (*exists)(const char *path, void *ctx);
	void *ctx;
};

/* The profile for running @program (NULL: the shell): the first
 * basename(@program).profile in the list, else the first default.profile.
 * Returns a malloc'd path and sets *@is_default, or NULL with @err set
 * ("no profile for X and no default.profile in DIRS; use --noprofile"). */
char *profiles_find_for_program(const struct profile_lookup *l,
				const char *program, bool *is_default,
				struct nb_error *err);

/* --profile=@arg: with a '/' it is a path, taken as it is; otherwise
 * @arg.profile or @arg, whichever comes first in the list.  Returns a
 * malloc'd path, or NULL with @err set. */
char *profiles_find_named(const struct profile_lookup *l, const char *arg,
			  struct nb_error *err);

/* firejail's conditions: HAS_* from the options given on the command
 * line, the others from nestbox.conf (pure). */
void profiles_conditions(const struct options *o,
			 const struct nestbox_config *conf,
			 bool cond[PROFILE_COND_COUNT]);

/* Whether @program has a profile of its own (PROGRAM.profile, not
 * default.profile) in @h's lookup list, the one a launch would use:
 * nestbox's own profiles or firejail's. */
bool profiles_program_has_own(const struct host_facts *h, const char *program);

/* Read nestbox.conf ($NESTBOX_CONF, else /etc/nestbox/nestbox.conf; a
 * missing file is firejail's defaults), choose the profiles, read them
 * and apply them to o->policy.  Nothing is read with --noprofile but the
 * configuration, whose errors stop a launch in every case. */
int profiles_load(struct options *o, const struct host_facts *host,
		  struct nb_error *err);

/* One warning line per kind of directive not enforced (the policy's,
 * then the launch's: launch_facts.h), or with --strict an error naming
 * them all. */
int profiles_report_not_enforced(const struct options *o,
				 const struct launch_facts *lf,
				 struct nb_error *err);

#endif
