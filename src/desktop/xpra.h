/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x11 xpra (xpra.c).  The program's display is an Xvfb of its own, as
 * under x11 xvfb (display.c starts it); an xpra server joins it
 * (--use-display) and an `xpra attach` on the caller's $DISPLAY shows
 * its windows there, one by one.  Both run as the caller, outside the
 * sandbox, with HOME, XDG_RUNTIME_DIR and TMPDIR in the registry entry's
 * XPRA_DIR, where xpra's socket, logs and settings go (removed with the
 * entry, registry.c); the program gets the Xvfb's socket and cookie
 * only, never xpra's socket nor the caller's display.
 */
#ifndef NESTBOX_XPRA_H
#define NESTBOX_XPRA_H

#include <sys/types.h>

#include "log.h"
#include "launch_facts.h"

#define XPRA_DIR "xpra"

enum xpra_role { XPRA_SERVER, XPRA_ATTACH };

/* Pure: the command line of xpra's server on display @display, or of
 * its client (@title in its windows' titles), with its files in @dir;
 * -1 without @dir.  Points into @a. */
struct xpra_argv {
	char display[16], bind[4200], socket_dir[4200], socket_dirs[4200],
		log_dir[4200], title[600];
	char *argv[48];
};
int xpra_argv(enum xpra_role role, unsigned display, const char *dir,
	      const char *title, struct xpra_argv *a);

/* /usr/bin/xpra, or what NESTBOX_XPRA names (the tests: a missing one). */
const char *xpra_binary(void);

/*
 * Once the Xvfb display_prepare() set up for x11 xpra (@x) is
 * ready: its server, then its client on $DISPLAY with @caller_xauth's
 * cookies, each ready when its log says so (bounded); their pids in
 * *@server and *@attach, to stop even on failure.  PR_SET_PDEATHSIG
 * ties both to the launcher.
 */
int xpra_start(pid_t *server, pid_t *attach, const struct launch_x11 *x,
	       const char *caller_xauth, const char *title,
	       struct nb_error *err);

/* SIGKILL to *@pid's process group, reaped; *@pid becomes 0. */
void xpra_stop(pid_t *pid);

#endif
