/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --ls=SANDBOX PATH, --get=SANDBOX PATH, --put=SANDBOX SRC DEST: listing
 * and copying files of a running sandbox of the caller's, as firejail's
 * options of the same names; the sandbox side confined as the sandbox's
 * program is (filecopy.c).
 */
#ifndef NESTBOX_FILECOPY_H
#define NESTBOX_FILECOPY_H

#include <stddef.h>
#include <sys/types.h>

#include "cli.h"
#include "log.h"

/* --- pure (unit-tested) ---------------------------------------------- */

/* ls -l's "drwxr-xr-x" for @mode. */
void filecopy_mode_string(mode_t mode, char out[11]);
/* @name with each control character replaced by '?'. */
void filecopy_printable(const char *name, char *out, size_t size);
/* The file --get creates in the current directory: @path's last
 * component ("a/b/" -> "b"); "", "." and ".." are refused. */
int filecopy_get_name(const char *path, char *out, size_t size,
		      struct nb_error *err);

/* --- the command ------------------------------------------------------ */

/* Run o->command (CMD_LS, CMD_GET, CMD_PUT) against the sandbox
 * o->target with the paths in o->program_argv: 0, the exit status the
 * sandbox side gave after saying why (125), or -1 with @err set. */
int filecopy_run(const struct options *o, struct nb_error *err);

#endif
