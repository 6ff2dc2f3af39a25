/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to the directive table (directives.c): the handlers of the
 * network, D-Bus and X11 directives, which live in directives_desktop.c.
 * Each is a row's apply(): the policy, the argument (NULL when none),
 * where the line comes from, an error with the reason.
 */
#ifndef NESTBOX_DIRECTIVES_DESKTOP_H
#define NESTBOX_DIRECTIVES_DESKTOP_H

#include "log.h"
#include "policy.h"

#define DESKTOP_DIRECTIVE(fn)                                          \
	int fn(struct policy *p, const char *arg, const char *origin, \
	       struct nb_error *err)

DESKTOP_DIRECTIVE(apply_net);
DESKTOP_DIRECTIVE(apply_net_host_loopback);
DESKTOP_DIRECTIVE(apply_ip);
DESKTOP_DIRECTIVE(apply_ip6);
DESKTOP_DIRECTIVE(apply_defaultgw);
DESKTOP_DIRECTIVE(apply_mtu);
DESKTOP_DIRECTIVE(apply_dns);
DESKTOP_DIRECTIVE(apply_hosts_file);
DESKTOP_DIRECTIVE(apply_netfilter);
DESKTOP_DIRECTIVE(apply_netfilter6);
DESKTOP_DIRECTIVE(apply_x11);
DESKTOP_DIRECTIVE(apply_x11_fallback);
DESKTOP_DIRECTIVE(apply_xephyr_screen);
DESKTOP_DIRECTIVE(apply_dbus_user);
DESKTOP_DIRECTIVE(apply_dbus_system);
DESKTOP_DIRECTIVE(apply_dbus_user_talk);
DESKTOP_DIRECTIVE(apply_dbus_user_own);
DESKTOP_DIRECTIVE(apply_dbus_user_see);
DESKTOP_DIRECTIVE(apply_dbus_user_call);
DESKTOP_DIRECTIVE(apply_dbus_user_broadcast);
DESKTOP_DIRECTIVE(apply_dbus_system_talk);
DESKTOP_DIRECTIVE(apply_dbus_system_own);
DESKTOP_DIRECTIVE(apply_dbus_system_see);
DESKTOP_DIRECTIVE(apply_dbus_system_call);
DESKTOP_DIRECTIVE(apply_dbus_system_broadcast);
DESKTOP_DIRECTIVE(apply_nodbus);

#endif
