// SPDX-License-Identifier: GPL-2.0-or-later
/* nestbox: a rootless, profile-driven sandbox.  Only main() exits. */
#include <stdio.h>

#include "callerio.h"
#include "cli.h"
#include "filecopy.h"
#include "launch.h"
#include "log.h"
#include "manage.h"

#ifndef NESTBOX_VERSION
#define NESTBOX_VERSION "0.0.0"
#endif

int main(int argc, char *argv[])
{
	struct options opts;
	struct nb_error err = { 0 };
	struct caller_tty tty = { 0 };
	int status;

	if (cli_parse(argc, argv, &opts, &err) < 0) {
		nb_print_error(&err);
		options_free(&opts);
		return NB_EXIT_ERROR;
	}
	nb_log_set_level(opts.log_level);
	if (opts.help) {
		cli_print_usage(stdout);
		options_free(&opts);
		return 0;
	}
	if (opts.version) {
		printf("nestbox %s\n", NESTBOX_VERSION);
		options_free(&opts);
		return 0;
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
	options_free(&opts);
	return status;
}
