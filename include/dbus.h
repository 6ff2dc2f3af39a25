/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The session bus, filtered: `dbus-user filter` runs xdg-dbus-proxy
 * (Debian package xdg-dbus-proxy) outside the sandbox, listening on a
 * socket in the sandbox's registry entry; the mount plan binds that
 * socket over /run/user/UID/bus, so the real bus is not visible, and the
 * program gets DBUS_SESSION_BUS_ADDRESS pointing there.
 *
 * The proxy is started before init is cloned (init opens what it mounts
 * while the id maps are written), reports ready on a pipe (--fd), gets
 * its rules on another (--args, NUL-separated), and exits when the
 * launcher's end of the --fd pipe closes: it cannot outlive the
 * launcher.  `dbus-user none` hides the socket and unsets the address.
 */
#ifndef NESTBOX_DBUS_H
#define NESTBOX_DBUS_H

#include <sys/types.h>

#include "log.h"
#include "policy.h"

struct dbus_proxy {
	pid_t pid;		/* 0: not running */
	int ready_fd;		/* our end of --fd: open for its lifetime */
};

/* --- pure ------------------------------------------------------------- */

/* The NUL-separated --args text: ADDRESS PATH --filter RULES...; the
 * caller frees it. */
char *dbus_proxy_args(const char *address, const char *socket,
		      const struct policy_dbus *d, size_t *len);

/* /run/user/UID/bus: where programs look for the session bus. */
void dbus_session_path(uid_t uid, char *buf, size_t size);

/* --- on the host ------------------------------------------------------ */

/* Before planning: for `filter`, check there is a proxy (no bus: the
 * sandbox gets none, as `dbus-user none`), and
 * set @p->dbus.proxy_socket (in the registry entry @entry_dir); set the
 * program's DBUS_SESSION_BUS_ADDRESS (or remove it for `none`). */
int dbus_prepare(struct policy *p, uid_t uid, const char *entry_dir,
		 struct nb_error *err);

/* Start the proxy and wait until it listens. */
int dbus_proxy_start(struct dbus_proxy *dp, const struct policy *p,
		     uid_t uid, struct nb_error *err);
void dbus_proxy_stop(struct dbus_proxy *dp);

#endif
