/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The profile reader's environment, read from the host (profile_env.c):
 * what its macros stand for, where it looks for profiles and includes.
 */
#ifndef NESTBOX_PROFILE_ENV_H
#define NESTBOX_PROFILE_ENV_H

#include <limits.h>

#include "host.h"
#include "profile_read.h"

/* The installed profiles; the environment variable of the same name
 * overrides it (the test suite points it at the source tree's). */
#ifndef NESTBOX_PROFILE_DIR
#define NESTBOX_PROFILE_DIR "/usr/local/share/nestbox/profiles"
#endif

/* What the reader's facts point into. */
struct profiles_storage {
	char cfg[PATH_MAX + 16];
	char runuser[64];
	char xdg[XDG_DIR_COUNT][PATH_MAX + 64];
	char user_cfg[PATH_MAX + 32];
	const char *search[4];
};

/* The reader's facts about the caller @h: the macros' values (home,
 * ~/.config/user-dirs.dirs, $PATH) and the lookup list, all but the
 * conditions, which are left false. */
void profiles_reader_facts(const struct host_facts *h,
			   struct profiles_storage *st, struct profile_facts *f);

#endif
