/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command line: nestbox's own options, then every directive of the
 * directive table as `--NAME` or `--NAME=ARG`, then `--` or the first
 * word that is not an option, which starts the program's argv.
 */
#ifndef NESTBOX_CLI_H
#define NESTBOX_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "log.h"
#include "policy.h"

/* A directive given on the command line (for ?HAS_X11 and friends). */
struct cli_directive {
	char *name;		/* owned */
	const char *arg;	/* into the caller's argv; NULL: none given */
};

/* What nestbox is asked to do: run a sandbox, or manage running ones. */
enum nb_command {
	CMD_RUN,
	CMD_LIST,		/* --list [--json] */
	CMD_TREE,		/* --tree */
	CMD_JOIN,		/* --join=TARGET [PROGRAM...] */
	CMD_SHUTDOWN,		/* --shutdown=TARGET */
	CMD_LS,			/* --ls=TARGET PATH */
	CMD_GET,		/* --get=TARGET PATH */
	CMD_PUT,		/* --put=TARGET SRC DEST */
	CMD_INTEGRATE,		/* --integrate [PROGRAM...] (integrate.h) */
	CMD_UNINTEGRATE,	/* --unintegrate [PROGRAM...] */
	CMD_INTEGRATED,		/* --integrated [--json] */
};

#define SHUTDOWN_TIMEOUT_DEFAULT 10	/* seconds, --shutdown-timeout */

struct options {
	struct policy policy;
	enum nb_command command;
	const char *target;	/* --join, --shutdown, --ls, --get, --put:
				 * name, id or pid */
	bool json;		/* --list, --integrated: --json */
	unsigned shutdown_timeout;	/* seconds before SIGKILL */
	enum nb_log_level log_level;
	bool dry_run;
	bool noprofile;
	bool help;
	bool version;
	bool strict;		/* a directive not enforced is an error */
	bool as_root;		/* the program is root of its own user namespace */
	const char *log_file;	/* --log=FILE; NULL: stderr */
	const char **profiles;	/* --profile=NAME|PATH, in order */
	const char **ignores;	/* --ignore=DIRECTIVE [ARG] */
	size_t n_ignores;
	const char **includes;	/* --include=FILE, in order */
	size_t n_includes;
	struct cli_macros *macros;	/* the macros' values, once needed */
	char *profile_label;	/* the files loaded, for the registry (owned) */
	size_t n_profiles;
	struct cli_directive *given;	/* directives given as options */
	size_t n_given;
	char **program_argv;	/* into the caller's argv; NULL: run $SHELL
				 * (--ls, --get, --put: their paths) */
};

int cli_parse(int argc, char *argv[], struct options *o, struct nb_error *err);
void cli_print_usage(FILE *out);
void options_free(struct options *o);

#endif
