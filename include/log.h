/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Messages and errors.
 *
 * Errors are values: a fallible function fills a struct nb_error and
 * returns -1, and the caller decides what to do (the id-map fallback
 * depends on that).  Only main() turns an error into an exit status.
 */
#ifndef NESTBOX_LOG_H
#define NESTBOX_LOG_H

#include <stdarg.h>
#include <stddef.h>

#define NB_EXIT_ERROR 125	/* nestbox's own failure: bad input or setup */
#define NB_EXIT_NOEXEC 126	/* program found but could not be executed */
#define NB_EXIT_NOTFOUND 127	/* program not found */

struct nb_error {
	int errnum;		/* errno of the failing call, 0 if none */
	char msg[1024];		/* "what failed: why" without the prefix */
};

enum nb_log_level {
	NB_LOG_QUIET = 0,	/* errors only */
	NB_LOG_NORMAL = 1,	/* errors and warnings */
	NB_LOG_DEBUG = 2,	/* one line per setup step */
};

void nb_log_set_level(enum nb_log_level level);
enum nb_log_level nb_log_get_level(void);

/* Every error and warning line, as written to stderr, is also given to
 * @tee (menulog.c keeps them for a menu launch); NULL: none. */
void nb_log_set_tee(void (*tee)(const char *line, size_t len));

/* Fill @err with a formatted message; append strerror(@errnum) if
 * @errnum is not 0.  Always returns -1 so callers can `return nb_fail(...)`. */
int nb_fail(struct nb_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the message already in @err with more context ("outer: inner"). */
int nb_fail_wrap(struct nb_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* @in with each control byte as \xHH (so a name a program chose cannot
 * forge a line or reach the terminal); returns the length written. */
size_t nb_escape_controls(char *out, size_t size, const char *in);

void nb_print_error(const struct nb_error *err);
void nb_error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void nb_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void nb_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
