// SPDX-License-Identifier: GPL-2.0-or-later
/* Messages: every line nestbox prints starts with "nestbox: ". */
#include "log.h"

#include <errno.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum nb_log_level current_level = NB_LOG_NORMAL;
static void (*line_tee)(const char *line, size_t len);
static struct timespec debug_epoch;

/*
 * NESTBOX_TEST_PAUSE=STEP (tests/integration/faults.sh): under --debug,
 * the process that logs a step whose text begins with the pattern STEP
 * stops there, once, so that a test can kill the launcher at exactly
 * that point of the launch.  Not a security matter: it only makes the
 * caller's own unprivileged processes stop themselves (and the program
 * it runs can set any variable of its own anyway); nothing else obeys it.
 * Read once, and only under --debug, so a normal launch never looks.
 */
static char pause_pattern[256];

void nb_log_set_level(enum nb_log_level level)
{
	current_level = level;
	/* --debug lines carry the time since here: where launch time goes */
	if (level >= NB_LOG_DEBUG) {
		const char *step = getenv("NESTBOX_TEST_PAUSE");

		clock_gettime(CLOCK_MONOTONIC, &debug_epoch);
		if (step && *step)
			snprintf(pause_pattern, sizeof(pause_pattern), "%s*",
				 step);
	}
}

void nb_log_set_tee(void (*tee)(const char *line, size_t len))
{
	line_tee = tee;
}

enum nb_log_level nb_log_get_level(void)
{
	return current_level;
}

int nb_fail(struct nb_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (errnum && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n, ": %s",
			 strerror(errnum));
	err->errnum = errnum;
	return -1;
}

int nb_fail_wrap(struct nb_error *err, const char *fmt, ...)
{
	char inner[sizeof(err->msg)];
	va_list ap;
	int n;

	if (!err)
		return -1;
	memcpy(inner, err->msg, sizeof(inner));
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n, ": %s", inner);
	return -1;
}

/*
 * Messages name paths from the host, and a sandboxed program that can
 * write somewhere a profile looks (a glob's directory, a symlink's
 * target) chooses those names: a newline in one would forge a line of
 * ours, an escape sequence would reach the caller's terminal.  Control
 * bytes are written as \xHH; other bytes, UTF-8 or not, as they are.
 */
size_t nb_escape_controls(char *out, size_t size, const char *in)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *in && o + 1 < size; in++) {
		unsigned char c = (unsigned char)*in;

		if (c >= 0x20 && c != 0x7f) {
			out[o++] = (char)c;
			continue;
		}
		if (o + 5 > size)
			break;
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 15];
	}
	out[o] = '\0';
	return o;
}

/*
 * One write(2) per line, so lines from the launcher, its init and the
 * program do not interleave mid-line on a shared stderr.
 */
static __attribute__((format(printf, 2, 0))) void emit(const char *kind, const char *fmt,
						      va_list ap)
{
	char raw[1200], line[1200];
	int n;

	n = snprintf(line, sizeof(line), "nestbox: %s", kind);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	if (vsnprintf(raw, sizeof(raw), fmt, ap) < 0)
		return;
	n += (int)nb_escape_controls(line + n, sizeof(line) - 1 - (size_t)n, raw);
	line[n++] = '\n';
	/* errors and warnings only: debug lines are for a terminal */
	if (line_tee && strncmp(kind, "debug", 5) != 0)
		line_tee(line, (size_t)n);
	{
		int saved = errno;
		ssize_t w = write(STDERR_FILENO, line, n);
		(void)w;
		errno = saved;
	}
}

static __attribute__((format(printf, 2, 3))) void emit_text(const char *kind,
							     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(kind, fmt, ap);
	va_end(ap);
}

void nb_print_error(const struct nb_error *err)
{
	nb_error_msg("%s", err->msg);
}

void nb_error_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
}

void nb_warn(const char *fmt, ...)
{
	va_list ap;

	if (current_level < NB_LOG_NORMAL)
		return;
	va_start(ap, fmt);
	emit("warning: ", fmt, ap);
	va_end(ap);
}

static void on_sigcont(int sig)
{
	(void)sig;
}

/*
 * Wait for a SIGCONT, in sigsuspend() rather than a SIGSTOP: a pid
 * namespace's init cannot stop itself (the kernel drops the signals it
 * sends itself without a handler), and the handler is in place and the
 * signal blocked before the line is written, so a SIGCONT sent as soon
 * as the line is read is not lost.  SIGKILL ends the wait as ever.
 */
static void pause_for_test(const char *msg)
{
	struct sigaction cont = { .sa_handler = on_sigcont }, saved;
	sigset_t all, all_but_cont, mask;
	int saved_errno = errno;

	pause_pattern[0] = '\0';
	sigfillset(&all);
	all_but_cont = all;
	sigdelset(&all_but_cont, SIGCONT);
	sigaction(SIGCONT, &cont, &saved);
	sigprocmask(SIG_BLOCK, &all, &mask);
	nb_error_msg("test: paused at '%s' (pid %d): SIGCONT to go on", msg,
		     (int)getpid());
	sigsuspend(&all_but_cont);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	sigaction(SIGCONT, &saved, NULL);
	errno = saved_errno;
}

void nb_debug(const char *fmt, ...)
{
	struct timespec now;
	char kind[48], msg[1024];
	va_list ap;

	if (current_level < NB_LOG_DEBUG)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	snprintf(kind, sizeof(kind), "debug: [%4d %7.3f ms] ", (int)getpid(),
		 (double)(now.tv_sec - debug_epoch.tv_sec) * 1e3 +
			 (double)(now.tv_nsec - debug_epoch.tv_nsec) / 1e6);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit_text(kind, "%s", msg);
	if (pause_pattern[0] && fnmatch(pause_pattern, msg, 0) == 0)
		pause_for_test(msg);
}
