/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the caller hands the sandbox by being its parent: descriptors 0-2
 * and, when stdin is a terminal, that terminal's modes.
 */
#ifndef NESTBOX_CALLERIO_H
#define NESTBOX_CALLERIO_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

#include "log.h"

/* Refuse a directory or an O_PATH descriptor in 0-2: the program would
 * reach the host's file system through it (/proc/self/fd/0/...). */
int callerio_check_stdio(struct nb_error *err);

/* The caller's terminal as it was before the sandbox. */
struct caller_tty {
	bool saved;
	struct termios modes;
};

/* Saves the modes of stdin's terminal, if it is one. */
void caller_tty_save(struct caller_tty *tty);
/* Puts them back if the program changed them (and we are in the
 * terminal's foreground: a background job does not touch it). */
void caller_tty_restore(const struct caller_tty *tty);

/*
 * The window size of the caller's terminal is the terminal emulator's:
 * the program may not set it (TIOCSWINSZ), while it sets its own ptys'
 * (tmux, script, an editor's terminal).  seccomp cannot see which
 * terminal a descriptor is, so the program's ioctl(TIOCSWINSZ) goes to
 * init (a user notification), which makes the call itself on the
 * program's file unless it is one of init's 0-2 terminals: EPERM then.
 * Nothing to put back when the sandbox ends, so a resize of the window
 * by the user while the program ran is never undone.  For --join, the
 * relay in the sandbox (join.c) answers for the joined command.
 */

/* Whether any of 0-2 is a terminal: the guard is wanted. */
bool caller_tty_any(void);

#define CALLER_TTY_GUARD_LEN 11
/* The guard's filter (pure): its length. */
size_t caller_tty_guard_filter(struct sock_filter out[CALLER_TTY_GUARD_LEN]);
/* In the program's process: installs it, returns its listener. */
int caller_tty_guard_install(struct nb_error *err);
/* In init (or join's relay): answers one notification on @listener;
 * -1 when it is done. */
int caller_tty_guard_answer(int listener);

#endif
