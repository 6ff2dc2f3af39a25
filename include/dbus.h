/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The buses, filtered: `dbus-user filter` and `dbus-system filter` run
 * xdg-dbus-proxy (Debian package xdg-dbus-proxy) outside the sandbox,
 * one process for both, listening on a socket per bus in the sandbox's
 * registry entry; the mount plan binds those over /run/user/UID/bus and
 * /run/dbus/system_bus_socket, so the real buses are not visible, and
 * the program gets DBUS_SESSION_BUS_ADDRESS and DBUS_SYSTEM_BUS_ADDRESS
 * pointing there.
 *
 * The proxy is started before init is cloned (init opens what it mounts
 * while the id maps are written), reports ready on a pipe (--fd), gets
 * its rules on another (--args, NUL-separated), and exits when the
 * launcher's end of the --fd pipe closes: it cannot outlive the
 * launcher.  `none` hides the socket and unsets the address (the
 * system bus's default); `dbus-system allow` shows the host's socket.
 */
#ifndef NESTBOX_DBUS_H
#define NESTBOX_DBUS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "log.h"
#include "launch_facts.h"

struct dbus_proxy {
	pid_t pid;		/* 0: not running */
	int ready_fd;		/* our end of --fd: open for its lifetime */
};

/* Where programs look for the system bus, in the sandbox too. */
#define DBUS_SYSTEM_SOCKET "/run/dbus/system_bus_socket"

/* What `dbus-user allow` costs, said at each launch that shows a bus. */
#define DBUS_ALLOW_WARNING                                                    \
	"dbus-user allow: the session bus is not filtered: the program can ask " \
	"services outside the sandbox to run commands (systemd --user, "      \
	"D-Bus activation) or to hand out saved passwords"

/* --- pure ------------------------------------------------------------- */

/* A bus the proxy filters: the host's address, the profile's rules in
 * @bus, and the proxy's socket. */
struct dbus_upstream {
	const char *address;
	const struct policy_bus *bus;
	const char *proxy_socket;
};

/* The NUL-separated --args text: for each bus ADDRESS PATH --filter
 * RULES...; the caller frees it. */
char *dbus_proxy_args(const struct dbus_upstream *up, size_t n, size_t *len);

/* The socket of a bus address (DBUS_SESSION_BUS_ADDRESS,
 * DBUS_SYSTEM_BUS_ADDRESS), if it is a plain unix:path=; else @usual. */
const char *dbus_address_path(const char *address, const char *usual);

/* /run/user/UID/bus: where programs look for the session bus. */
void dbus_session_path(uid_t uid, char *buf, size_t size);

/* The program's own name, which a GApplication must own or it stops
 * ("Failed to register"): @file is a desktop file's name
 * (org.gnome.eog.desktop), @exec the value of its Exec= line.  True,
 * and the name (org.gnome.eog) in @id, when the file's name is a D-Bus
 * name less ".desktop" whose last element is @program (case aside) and
 * its Exec= starts @program. */
bool dbus_desktop_app_id(const char *file, const char *exec,
			 const char *program, char *id, size_t size);

/* --- on the host ------------------------------------------------------ */

/* For the default filter: let @program own its name, as its desktop file
 * (in /usr/local/share/applications, /usr/share/applications) gives it;
 * nothing when it has none. */
int dbus_own_program_name(struct policy_bus *bus, const char *program,
			  struct nb_error *err);


/* Before planning, for each bus of the policy, in @lf: no bus on the
 * host makes it `none`; for `filter`, check there is a proxy and set the
 * bus's proxy_socket (in the registry entry @entry_dir); set the
 * program's bus address (or remove it for `none`). */
int dbus_prepare(const struct policy *p, struct launch_facts *lf, uid_t uid,
		 const char *entry_dir, struct nb_error *err);

/* Start the proxy (nothing when no bus is filtered); it gets ready
 * while the launcher plans the file system: dbus_proxy_wait then waits
 * until it listens, before init mounts its socket. */
int dbus_proxy_start(struct dbus_proxy *dp, const struct policy *p,
		     const struct launch_facts *lf, struct nb_error *err);
int dbus_proxy_wait(struct dbus_proxy *dp, struct nb_error *err);
/* At the sandbox's end: killed, and left to whoever reaps it. */
void dbus_proxy_stop(struct dbus_proxy *dp);

#endif
