/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The desktop sockets in $XDG_RUNTIME_DIR (/run/user/UID): the sandbox
 * gets a private one, with only these passed in, each as a whitelist
 * entry of the launch's (launch_facts.h) after the profile's own lines (so `nowhitelist` or `blacklist`
 * in a profile still hides one):
 *
 *   bus            the session bus, with dbus-user allow (dbus.c)
 *   $WAYLAND_DISPLAY (or wayland-0)   the Wayland compositor (or a
 *                  socket of its own for this sandbox: wayland.h)
 *   pulse/native   PulseAudio, unless nosound
 *   pipewire-0     PipeWire, unless nosound
 *
 * Everything else there (ssh and gpg agents, systemd's user instance,
 * keyrings...) stays outside.
 *
 * The GPU's nodes (/dev/dri, /dev/nvidia*) are passed the same way into
 * the sandbox's minimal /dev, unless no3d.
 */
#ifndef NESTBOX_DESKTOP_H
#define NESTBOX_DESKTOP_H

#include <stddef.h>
#include <sys/types.h>

#include "log.h"
#include "launch_facts.h"

/* Pure: add the whitelist entries for @uid to the launch's rules (@lf,
 * after @p's); @wayland_display is $WAYLAND_DISPLAY (NULL: wayland-0). */
int desktop_pass_sockets(const struct policy *p, struct launch_facts *lf,
			 uid_t uid, const char *wayland_display,
			 struct nb_error *err);

/* Pure: where desktop_pass_sockets() looks for the Wayland display's
 * socket (wayland.c asks the compositor there). */
void desktop_wayland_path(uid_t uid, const char *wayland_display, char *buf,
			  size_t size);

#endif
