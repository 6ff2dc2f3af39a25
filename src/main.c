// SPDX-License-Identifier: GPL-2.0-or-later
/* nestbox: a rootless, profile-driven sandbox.  Only main() exits. */
#include <stdio.h>
#include <stdlib.h>

#include "callerio.h"
#include "cli.h"
#include "dispatch.h"
#include "filecopy.h"
#include "integrate.h"
#include "launch.h"
#include "log.h"
#include "manage.h"
#include "menulog.h"

#ifndef NESTBOX_VERSION
#define NESTBOX_VERSION "0.0.0"
#endif

/* The program a launch is for, for the menu's log and notification. */
static const char *launched(const struct options *o)
{
	return o->program_argv && o->program_argv[0] ? o->program_argv[0] :
						       "nestbox";
}

int main(int argc, char *argv[])
{
	struct options opts;
	struct nb_error err = { 0 };
	struct caller_tty tty = { 0 };
	char **dispatched = NULL;
	bool launch;
	int status;

	/* without a terminal (from the menu), what nestbox says is kept for
	 * the log and, if the launch fails, a notification */
	menulog_start();
	/* started as a link ~/.local/bin/PROGRAM (--integrate): PROGRAM */
	if (dispatch_wanted(argv[0])) {
		status = dispatch_argv(argc, argv, &dispatched, &err);
		if (status != 0) {
			nb_print_error(&err);
			return menulog_end(argv[0], status, true);
		}
		argv = dispatched;
		argc += 2;
	}
	if (cli_parse(argc, argv, &opts, &err) < 0) {
		nb_print_error(&err);
		status = menulog_end(launched(&opts), NB_EXIT_ERROR,
				     opts.command == CMD_RUN);
		goto out;
	}
	nb_log_set_level(opts.log_level);
	if (opts.help || opts.version) {
		if (opts.help)
			cli_print_usage(stdout);
		else
			printf("nestbox %s\n", NESTBOX_VERSION);
		status = menulog_end(NULL, 0, false);
		goto out;
	}
	switch (opts.command) {
	case CMD_LIST:
		status = manage_list(&opts, &err);
		break;
	case CMD_TREE:
		status = manage_tree(&opts, &err);
		break;
	case CMD_SHUTDOWN:
		status = manage_shutdown(&opts, &err);
		break;
	case CMD_LS:
	case CMD_GET:
	case CMD_PUT:
		status = filecopy_run(&opts, &err);
		break;
	case CMD_INTEGRATE:
	case CMD_UNINTEGRATE:
	case CMD_INTEGRATED:
		status = integrate_command(&opts, &err);
		break;
	case CMD_JOIN:
	default:
		/* what the program inherits from us: 0-2, the terminal */
		status = callerio_check_stdio(&err);
		if (status < 0)
			break;
		caller_tty_save(&tty);
		status = opts.command == CMD_JOIN ?
				 join_sandbox(&opts, opts.target, &err) :
				 launch_sandbox(&opts, &err);
		caller_tty_restore(&tty);
		break;
	}
	if (status < 0) {
		nb_print_error(&err);
		status = NB_EXIT_ERROR;
	}
	launch = (opts.command == CMD_RUN || opts.command == CMD_JOIN) &&
		 !opts.dry_run;
	status = menulog_end(launched(&opts), status, launch);
out:
	options_free(&opts);
	if (dispatched) {
		free(dispatched[2]);
		free(dispatched);
	}
	return status;
}
