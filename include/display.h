/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The X11 display (display.c).  The sandbox's private /tmp hides the
 * host's /tmp/.X11-unix and its own network namespace cuts off the
 * abstract sockets, so no X server is reachable unless it is passed in:
 * by default the display named by $DISPLAY (a local one, ":N") is, as
 * its socket /tmp/.X11-unix/XN bound in, and an Xauthority file holding
 * only that display's cookies.  `x11 none` passes nothing and removes
 * DISPLAY and XAUTHORITY from the environment; `x11 xvfb`, `x11 xephyr`
 * and `x11 xpra` run the program on an X server of its own instead.
 * `x11 xorg` passes the display of $DISPLAY as the default does, with an
 * untrusted cookie of the SECURITY extension instead of the caller's
 * (xsecurity.h), revoked when the sandbox ends.
 *
 * The cookies are rewritten to "any address" (FamilyWild): inside, the
 * hostname differs, and Xlib matches local entries by hostname.
 */
#ifndef NESTBOX_DISPLAY_H
#define NESTBOX_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "log.h"
#include "launch_facts.h"

/* Where the program finds its display's cookie: in a directory of the
 * sandbox's own that xauth can write its lock files into, the private
 * /tmp, or without private-tmp (the host's /tmp, where nothing may be
 * created) the runtime directory /run/user/UID. */
void display_xauth_inside(bool private_tmp, uid_t uid, char *buf,
			  size_t size);

/* --- pure ------------------------------------------------------------- */

/* ":N", ":N.S", "unix:N[.S]": a local display, its number in *@num.
 * Anything else (a host, TCP): -1. */
int display_parse(const char *display, unsigned *num);

/* The entries of an Xauthority file (@data, @len) for display @num,
 * rewritten to FamilyWild, in *@out (malloc'd, *@out_len bytes; 0 when
 * none).  -1 if the file is damaged. */
int display_xauth_filter(const unsigned char *data, size_t len, unsigned num,
			 unsigned char **out, size_t *out_len);

/* --- on the host ------------------------------------------------------ */

/* Before planning: which display to pass (@lf->x11), and the program's
 * DISPLAY/XAUTHORITY (@lf's env); x11 xorg asks the server for its
 * untrusted cookie now (or falls back, x11.fallback, or fails). */
int display_prepare(const struct policy *p, struct launch_facts *lf,
		    const char *entry_dir, struct nb_error *err);

/*
 * x11 xvfb and x11 xephyr: the program's own X server, on a display
 * nobody uses, with a fresh cookie that only the sandbox gets; Xephyr
 * shows it in a window on the caller's display, of which it is a client
 * (with the caller's $DISPLAY and cookie; the program has neither).
 * Started once the registry entry exists (the cookie lives there) and
 * before init opens what it mounts; ready when -displayfd says so;
 * PR_SET_PDEATHSIG ties it to the launcher, which stops it when the
 * sandbox ends.  @title names the sandbox on Xephyr's window.
 */
struct display_server {
	pid_t pid;		/* 0: none */
	int ready_fd;		/* -displayfd's other end, open while it runs */
	pid_t xpra_pid;		/* x11 xpra (xpra.h): its server (0: none), */
	pid_t attach_pid;	/* and its client on the caller's display */
};

/* Once the registry entry exists: write the Xauthority file the plan
 * binds, the caller's filtered cookies or (x11 xorg) the untrusted
 * cookie display_prepare() asked the server for. */
int display_write_xauth(const struct launch_x11 *x, struct nb_error *err);

/* x11 xorg: revoke the untrusted authorization (when the sandbox ends,
 * or the launch fails after display_prepare()); closes every connection
 * made with it.  Does nothing the second time, or for other modes. */
void display_revoke(struct launch_x11 *x);

int display_start_server(struct display_server *x, const struct policy *p,
			 const struct launch_x11 *lx, const char *title,
			 struct nb_error *err);
void display_stop_server(struct display_server *x);

/* Pure: the server's command line for the display display_prepare() has
 * set up in @x (-1 when it has no server of its own); @p for the size of
 * Xephyr's screen.  Points into @a, @x and @title. */
struct display_server_argv {
	const char *path;
	char display[16], ready_fd[16], screen[32];
	char *argv[16];
};
int display_server_argv(const struct policy *p, const struct launch_x11 *x,
			int ready_fd, const char *title,
			struct display_server_argv *a);

#endif
