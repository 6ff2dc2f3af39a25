/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The helper processes the launcher starts outside the sandbox: pasta,
 * xdg-dbus-proxy, Xvfb.  What each needs between fork and exec.
 */
#ifndef NESTBOX_HELPER_H
#define NESTBOX_HELPER_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Die with the launcher (PR_SET_PDEATHSIG; and at once if it died
 * before that was set), leave the terminal's process group (a Ctrl-C
 * meant for the program must not kill its network), unblock every
 * signal, and put stdin and stdout (and stderr unless @keep_stderr) on
 * /dev/null.  Exits the child on failure.
 */
void helper_child_setup(pid_t launcher, bool keep_stderr);

/*
 * A helper that failed to get ready: how it ended ("it exited with
 * status 1", "it was killed by signal 9 (Killed)") into @buf, once it
 * has (bounded wait), reaped (*@pid becomes 0); @buf is empty if it
 * still runs.
 */
void helper_describe_end(pid_t *pid, char *buf, size_t size);

/*
 * A helper ended at the sandbox's end (pasta, xdg-dbus-proxy): killed,
 * not awaited, as its own exit in the kernel takes longer than a killed
 * process is worth waiting for (pasta's tables: 25-50 ms; the proxy's
 * libraries: 1-3 ms).  It stays our unreaped child, so its pid stays its
 * own; once we exit, whoever adopts it reaps it.  *@pid becomes 0.
 */
void helper_kill(pid_t *pid);

/* SIGTERM to *@pid (if > 0), reaped; *@pid becomes 0. */
void helper_stop(pid_t *pid);

/* Waiting for a helper or a server with a limit: a deadline is
 * helper_deadline(MS), and helper_ms_left() what poll() may still wait
 * (0 once it passed). */
long long helper_deadline(int ms);
int helper_ms_left(long long deadline);

#endif
