/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the caller hands the sandbox by being its parent: descriptors 0-2
 * and, when stdin is a terminal, that terminal's modes.
 */
#ifndef NESTBOX_CALLERIO_H
#define NESTBOX_CALLERIO_H

#include <stdbool.h>
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

#endif
