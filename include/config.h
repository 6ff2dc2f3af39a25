/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nestbox.conf (pure): the system-wide switches that firejail keeps in
 * firejail.config and that profiles test with `?CONDITION:` lines.  One
 * `key value` per line, `#` starts a comment; an unknown key or a bad
 * value is an error naming the line.  Reading the file is the caller's
 * business (profile_load.c), so the parser is tested and fuzzed on text.
 */
#ifndef NESTBOX_CONFIG_H
#define NESTBOX_CONFIG_H

#include <stdbool.h>

#include "log.h"

#define CONFIG_DEFAULT_PATH "/etc/nestbox/nestbox.conf"
#define CONFIG_MAX_SIZE (1 << 16)

/*
 * tmpfs-size: the total size of the tmpfs mounts the program can write
 * (/tmp, /dev/shm, /run/user/UID, a private home...), shared equally
 * among them (mount_plan_tmpfs_share).  The kernel's default is half of
 * RAM per mount, so a few of them could together take all memory of the
 * host; a total caps the sum, however the program spreads its files: half
 * of RAM, a sixth each for the three every sandbox has.
 */
#define CONFIG_TMPFS_SIZE_DEFAULT "50%"
#define CONFIG_SIZE_MAX 24	/* "N", "Nk", "Nm", "Ng" or "N%", with its NUL */

struct nestbox_config {
	bool browser_disable_u2f;	/* ?BROWSER_DISABLE_U2F, default yes */
	bool browser_allow_drm;		/* ?BROWSER_ALLOW_DRM, default no */
	bool allow_tray;		/* ?ALLOW_TRAY, default no */
	char tmpfs_size[CONFIG_SIZE_MAX]; /* tmpfs's own syntax, checked */
};

/* firejail's defaults (and nestbox's tmpfs-size): what a missing file
 * means. */
void config_defaults(struct nestbox_config *c);

/* Parse @text over @c (set defaults first); @name is used in messages,
 * which say "NAME:LINE: problem".  On error @c may be half-updated. */
int config_parse(const char *name, const char *text, struct nestbox_config *c,
		 struct nb_error *err);

#endif
