// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A path from a profile, normalized once: for the policy's rules and for
 * the modules that parse a part of the policy (landlock.c), apart from
 * policy.h so that those need not include the whole policy.
 */
#ifndef NESTBOX_POLICY_PATH_H
#define NESTBOX_POLICY_PATH_H

#include "log.h"

/* @path absolute, without "." or ".." parts or control characters, one
 * spelling (no repeated or trailing slash); a new string, or NULL. */
char *policy_normalize_path(const char *path, struct nb_error *err);

#endif
