/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Launches from the menu: nestbox has no terminal there (stderr is not a
 * tty, it goes to the session's journal or nowhere), so what it says
 * would go unseen.  Its error and warning lines (the launcher's, init's,
 * and the program's process's before execve) are kept, and when the
 * launch ends they are appended to a log, $XDG_STATE_HOME/nestbox/
 * launch.log (rotated: launch.log.1), and a launch that failed also
 * shows a desktop notification, sent by notify-send (libnotify) from
 * the launcher, outside the sandbox, once everything is over.
 *
 * A launch that succeeds pays one isatty() and, without a terminal, one
 * mmap(); the log is written when the sandbox has ended, only if
 * something was said.
 */
#ifndef NESTBOX_MENULOG_H
#define NESTBOX_MENULOG_H

#include <stdbool.h>
#include <stddef.h>

#include "log.h"

#define MENULOG_NAME "launch.log"
#define MENULOG_ROTATE_BYTES (256 * 1024)

/* Starts keeping the lines when stderr is not a terminal. */
void menulog_start(void);

/*
 * The launch of @program ended with @status: its lines logged and, if
 * it failed (125, 126, 127 with an error line of nestbox's), a
 * notification.  @launch false (--list, --dry-run...): nothing but the
 * clean-up.  Returns @status.
 */
int menulog_end(const char *program, int status, bool launch);

/* The notification's summary: "PROGRAM: REASON", REASON the first error
 * line of @lines without its "nestbox: " (pure, for the tests). */
void menulog_summary(const char *program, const char *lines, char *out,
		     size_t size);

#endif
