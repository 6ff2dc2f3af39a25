/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loading profiles into the policy: the reader's facts gathered from the
 * host (home, $PATH, ~/.config/user-dirs.dirs, the lookup list), each
 * file read, each entry applied through the directive table with its
 * FILE:LINE, and the directives not enforced reported (or refused under
 * --strict).
 */
#ifndef NESTBOX_PROFILES_H
#define NESTBOX_PROFILES_H

#include "cli.h"
#include "mountplan.h"

#ifndef NESTBOX_PROFILE_DIR
#define NESTBOX_PROFILE_DIR "/usr/local/share/nestbox/profiles"
#endif

int profiles_load(struct options *o, const struct host_facts *host,
		  struct nb_error *err);

/* One warning line per kind of directive not enforced, or with --strict
 * an error naming them all. */
int profiles_report_not_enforced(const struct options *o, struct nb_error *err);

#endif
