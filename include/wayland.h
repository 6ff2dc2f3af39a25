/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Wayland compositor's socket, through a security context where the
 * compositor has one (wayland.c).
 *
 * desktop.c whitelists $XDG_RUNTIME_DIR/$WAYLAND_DISPLAY like any other
 * desktop socket, so a profile can still hide it.  The launcher asks
 * the compositor for its globals before planning (when the socket is
 * there: the answer comes while the launch plans, and is thrown away if
 * the plan hides the socket), and once the mount plan is made, if it
 * shows that socket, looks for wp_security_context_manager_v1
 * (wayland-protocols, staging/security-context/security-context-v1.xml,
 * since wayland-protocols 1.32).  If it is there, the plan binds a socket of
 * the launcher's instead, in the sandbox's registry entry, which the
 * compositor listens on for this sandbox alone and labels: sandbox
 * engine "nestbox", app id the profile's name ("firefox"; the program's
 * name under --noprofile), instance id the sandbox's id.  The compositor
 * can then restrict what the program's connections may do (no screen
 * capture, no global shortcuts...); the real socket is not in the
 * sandbox.  The launcher holds the "close" end of a pipe whose other end
 * the compositor watches: when the launcher ends (or is killed), the
 * compositor stops listening.  The registration is sent before init is
 * told "ready" and its answer read before the program is released, so
 * that the compositor answers while newuidmap runs.
 *
 * Otherwise the real socket is passed in as it is: a compositor without
 * the protocol (none of Debian 12's: weston 10, wlroots 0.15, mutter
 * 43), one that does not answer, or no libwayland-client.so.0 (it is
 * loaded with dlopen, and only then: a launch without a Wayland socket
 * pays nothing for it).  A compositor that offers the protocol but
 * refuses the registration stops the launch (exit 125): passing the
 * unrestricted socket instead would silently give the program more than
 * the compositor was asked to.
 */
#ifndef NESTBOX_WAYLAND_H
#define NESTBOX_WAYLAND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "log.h"
#include "mountplan.h"

/* What the compositor is told about this sandbox. */
#define WAYLAND_SANDBOX_ENGINE "nestbox"
/* Our socket's name in the registry entry (registry.c removes it). */
#define WAYLAND_OWN_SOCKET "wayland"
/* How long the compositor has to answer, each time. */
#define WAYLAND_TIMEOUT_MS 5000

struct wayland_client;		/* the connection to the compositor */

struct wayland_context {
	char path[PATH_MAX];	/* the compositor's socket */
	char why[PATH_MAX + 256];	/* why there is no client */
	struct wayland_client *client;	/* open from the probe to ready */
	bool used;		/* the plan binds our socket */
	int close_fd;		/* the pipe end the compositor watches; -1 */
	char socket[PATH_MAX];	/* ours, host path; "" if none */
	char app_id[256];
	char instance_id[64];
};

/* --- pure ------------------------------------------------------------- */

/* The application id the compositor is told: the first profile's name
 * (@profile_label is "a/b/firefox.profile,..."), without ".profile";
 * with no profile (NULL), the program's name (@program, a path or a
 * name).  "nestbox" if neither gives one. */
void wayland_app_id(const char *profile_label, const char *program,
		    char *buf, size_t size);

/* The index of the plan's operation that shows the compositor's socket
 * at @path, bound from the host, as the sandbox will see it (no later
 * operation covers it or a directory above it); -1 if the plan does not
 * show it so (a profile hid it, or no socket was there). */
ssize_t wayland_plan_find_socket(const struct mount_plan *plan,
				 const char *path);

/* Make operation @i bind @own instead: our socket, at the same place. */
int wayland_plan_use_socket(struct mount_plan *plan, size_t i,
			    const char *own, struct nb_error *err);

/* --- on the host ------------------------------------------------------ */

/* Before planning, when the compositor's socket is there: connect and
 * ask for its globals, which it sends while the launch plans. */
void wayland_probe_start(struct wayland_context *wl, bool dry_run, uid_t uid);

/* What names the sandbox's socket and its security context: the
 * registry entry's directory and id, the profiles and the program. */
struct wayland_names {
	const char *registry_dir;	/* $XDG_RUNTIME_DIR/nestbox */
	const char *id;			/* the entry's */
	const char *profile_label;	/* the profiles loaded, or NULL */
	const char *program;		/* argv[0] */
};

/* After the mount plan, before init is cloned: if the plan shows the
 * compositor's socket and the compositor offers security contexts, make
 * @plan bind ours (@wl->used); the connection stays open for
 * wayland_start().  Says under --debug what was decided.  Fails only on
 * a plan it cannot change (memory). */
int wayland_prepare(struct wayland_context *wl, struct mount_plan *plan,
		    const struct wayland_names *names, struct nb_error *err);

/* Once the registry entry exists, before init is told "ready": our
 * listening socket, and its registration sent to the compositor. */
int wayland_start(struct wayland_context *wl, int entry_fd,
		  struct nb_error *err);

/* Before the program is released: the compositor's answer to it, which
 * came meanwhile.  Fails (and the launch with it) if the compositor
 * refused. */
int wayland_ready(struct wayland_context *wl, struct nb_error *err);

/* In init, a copy of the launcher made while the compositor was asked:
 * its copy of the connection is closed, or the compositor would keep an
 * idle client until the sandbox ends.  Nothing is sent; the launcher's
 * own connection goes on. */
void wayland_forget_connection(struct wayland_context *wl);

/* When the sandbox has ended: the compositor stops listening (our end
 * of its close pipe), and our socket is removed. */
void wayland_stop(struct wayland_context *wl);

#endif
