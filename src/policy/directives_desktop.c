// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The directive table's handlers for the network (net, ip, ip6, defaultgw,
 * mtu, dns, hosts-file, net.host-loopback, netfilter), the buses
 * (dbus-user, dbus-system and their rules, nodbus) and X11 (x11,
 * xephyr-screen): each checks its argument and sets the policy; pasta.c,
 * netfilter.c, dbus.c and display.c act on it at launch.
 */
#include "directives_desktop.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fspath.h"

#define R_NET_IFACE "a macvlan on an interface needs root: the sandbox is connected through pasta instead"

/*
 * net none | host | pasta | IFACE.  firejail's `net IFACE` makes a
 * macvlan or veth on IFACE, which needs root: nestbox gives the same
 * sandbox its network through pasta instead, and says the interface
 * itself is not used.
 */
int apply_net(struct policy *p, const char *arg,
	      const char *origin, struct nb_error *err)
{
	(void)origin;
	if (strcmp(arg, "none") == 0) {
		p->net = POLICY_NET_NONE;
	} else if (strcmp(arg, "host") == 0) {
		p->net = POLICY_NET_HOST;
	} else if (strcmp(arg, "pasta") == 0) {
		p->net = POLICY_NET_PASTA;
	} else if (!*arg || strlen(arg) >= 16 || strpbrk(arg, "/ \t")) {
		return nb_fail(err, 0, "net %s: none, host, pasta or an interface name",
			       arg);
	} else {
		p->net = POLICY_NET_PASTA;
		return policy_note_not_enforced(p, "net IFACE", R_NET_IFACE, err);
	}
	return 0;
}

/* --- network settings: checked here, used by pasta.c and the mount plan */

static int set_address(char **field, const char *name, int family,
		       const char *arg, struct nb_error *err)
{
	unsigned char buf[sizeof(struct in6_addr)];
	char *copy;

	if (inet_pton(family, arg, buf) != 1)
		return nb_fail(err, 0, "%s %s: not an %s address", name, arg,
			       family == AF_INET ? "IPv4" : "IPv6");
	copy = strdup(arg);
	if (!copy)
		return nb_fail(err, ENOMEM, "%s", name);
	free(*field);
	*field = copy;
	return 0;
}

int apply_ip(struct policy *p, const char *arg,
	     const char *origin, struct nb_error *err)
{
	(void)origin;
	return set_address(&p->netcfg.ip, "ip", AF_INET, arg, err);
}

int apply_ip6(struct policy *p, const char *arg,
	      const char *origin, struct nb_error *err)
{
	(void)origin;
	return set_address(&p->netcfg.ip6, "ip6", AF_INET6, arg, err);
}

int apply_defaultgw(struct policy *p, const char *arg,
			   const char *origin, struct nb_error *err)
{
	(void)origin;
	return set_address(&p->netcfg.gateway, "defaultgw", AF_INET, arg, err);
}

int apply_mtu(struct policy *p, const char *arg,
	      const char *origin, struct nb_error *err)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	(void)origin;
	if (*end || arg[0] == '-' || v < 576 || v > 65520)
		return nb_fail(err, 0, "mtu %s: a number from 576 to 65520", arg);
	p->netcfg.mtu = (unsigned)v;
	return 0;
}

int apply_dns(struct policy *p, const char *arg,
	      const char *origin, struct nb_error *err)
{
	unsigned char buf[sizeof(struct in6_addr)];
	struct policy_netcfg *n = &p->netcfg;

	(void)origin;
	if (inet_pton(AF_INET, arg, buf) != 1 && inet_pton(AF_INET6, arg, buf) != 1)
		return nb_fail(err, 0, "dns %s: not an IP address", arg);
	if (n->n_dns == POLICY_DNS_MAX)
		return nb_fail(err, 0, "dns %s: at most %d dns lines", arg,
			       POLICY_DNS_MAX);
	n->dns[n->n_dns] = strdup(arg);
	if (!n->dns[n->n_dns])
		return nb_fail(err, ENOMEM, "dns");
	n->n_dns++;
	return 0;
}

int apply_hosts_file(struct policy *p, const char *arg,
			    const char *origin, struct nb_error *err)
{
	char *norm;

	(void)origin;
	if (arg[0] != '/')
		return nb_fail(err, 0, "hosts-file %s: an absolute path", arg);
	norm = policy_normalize_path(arg, err);
	if (!norm)
		return -1;
	free(p->netcfg.hosts_file);
	p->netcfg.hosts_file = norm;
	return 0;
}

int apply_net_host_loopback(struct policy *p, const char *arg,
			    const char *origin, struct nb_error *err)
{
	(void)origin;
	(void)arg;
	(void)err;
	p->net_host_loopback = true;
	return 0;
}

/*
 * netfilter [FILE], netfilter6 [FILE]: the file is only named here; the
 * launcher reads it once and checks its format (netfilter.c).  One nft
 * ruleset covers IPv4 and IPv6 (an inet table), so netfilter6 is the
 * same directive under firejail's second name: both, when given, load.
 * The last line of each wins, as for every setting.
 */
static int set_netfilter(struct policy_netfilter *nf, const char *name,
			 const char *arg, struct nb_error *err)
{
	char *norm = NULL;

	if (arg && *arg) {
		if (arg[0] != '/')
			return nb_fail(err, 0, "%s %s: an absolute path", name,
				       arg);
		norm = policy_normalize_path(arg, err);
		if (!norm)
			return -1;
	}
	free(nf->file);
	nf->file = norm;
	nf->set = true;
	return 0;
}

int apply_netfilter(struct policy *p, const char *arg,
			   const char *origin, struct nb_error *err)
{
	(void)origin;
	return set_netfilter(&p->netfilter, "netfilter", arg, err);
}

int apply_netfilter6(struct policy *p, const char *arg,
			    const char *origin, struct nb_error *err)
{
	(void)origin;
	return set_netfilter(&p->netfilter6, "netfilter6", arg, err);
}

/* X11 sockets live in /tmp/.X11-unix, which the private /tmp hides, and
 * in the abstract namespace, which the sandbox's own network namespace
 * cuts off: `x11 none` holds.  `x11 xvfb` (and a bare `x11`, for which
 * firejail picks the first nested server it finds), `x11 xephyr` and
 * `x11 xpra` give the program an X server of its own (display.c);
 * `x11 xorg` the caller's display with an untrusted cookie of the X
 * SECURITY extension (xsecurity.h).
 *
 * The command line's --x11 holds over the profiles' lines (applied after
 * it): `--x11=none` must not give the display back because the profile
 * says `x11 xorg`, as firejail's --x11=none holds over a profile's x11. */
int apply_x11(struct policy *p, const char *arg,
	      const char *origin, struct nb_error *err)
{
	bool option = origin && origin[0] == '-';
	enum policy_x11_mode mode;

	if (!arg || !*arg)
		arg = "xvfb";
	if (policy_x11_mode_parse(arg, &mode) == 0) {
		if (p->x11.by_option && !option)
			return 0;
		p->x11.mode = mode;
		p->x11.by_option = option;
		return 0;
	}
	return nb_fail(err, 0,
		       "x11 %s: not supported (x11 xorg for your display with an untrusted cookie, x11 xephyr, x11 xpra or x11 xvfb for a server of the program's own, x11 none for none)",
		       arg);
}

/* x11.fallback none|xvfb|xephyr|xpra: what x11 xorg becomes where the
 * caller's server can give no untrusted cookie (Xwayland has no SECURITY
 * extension): never the display with full trust.  Without it, x11 xorg
 * fails closed there.  --x11.fallback holds over the profiles' lines, as
 * --x11 does: the one who runs the program knows the desktop it runs on. */
int apply_x11_fallback(struct policy *p, const char *arg,
		       const char *origin, struct nb_error *err)
{
	bool option = origin && origin[0] == '-';
	enum policy_x11_mode mode;

	if (policy_x11_mode_parse(arg, &mode) < 0 ||
	    mode == POLICY_X11_XORG)
		return nb_fail(err, 0,
			       "x11.fallback %s: none, xvfb, xephyr or xpra",
			       arg);
	if (p->x11.fallback_by_option && !option)
		return 0;
	p->x11.fallback = mode;
	p->x11.fallback_by_option = option;
	return 0;
}

/* WIDTHxHEIGHT, as X servers' -screen takes it.  The bounds are the
 * protocol's (a screen's size is 16 bits, signed in places) and a
 * window one can still see. */
int apply_xephyr_screen(struct policy *p, const char *arg,
			       const char *origin, struct nb_error *err)
{
	unsigned long w, h;
	char *end;

	(void)origin;
	if (arg[0] < '0' || arg[0] > '9')
		goto bad;
	w = strtoul(arg, &end, 10);
	if (*end != 'x' || end[1] < '0' || end[1] > '9')
		goto bad;
	h = strtoul(end + 1, &end, 10);
	if (*end || w < 64 || h < 64 || w > 32767 || h > 32767)
		goto bad;
	p->x11.screen_width = (unsigned)w;
	p->x11.screen_height = (unsigned)h;
	return 0;
bad:
	return nb_fail(err, 0,
		       "xephyr-screen %s: WIDTHxHEIGHT, each from 64 to 32767",
		       arg);
}

/* A bus as the host has it (allow), none, or filtered by xdg-dbus-proxy
 * (dbus.c).  The rules count only with `filter`, as in firejail. */
static int set_bus_mode(struct policy_bus *bus, const char *arg,
			struct nb_error *err)
{
	if (strcmp(arg, "none") == 0)
		bus->mode = POLICY_DBUS_NONE;
	else if (strcmp(arg, "filter") == 0)
		bus->mode = POLICY_DBUS_FILTER;
	else if (strcmp(arg, "allow") == 0)
		bus->mode = POLICY_DBUS_ALLOW;
	else
		return nb_fail(err, 0, "%s %s: none, filter or allow",
			       bus->name, arg);
	bus->said = true;
	return 0;
}

int apply_dbus_user(struct policy *p, const char *arg,
			   const char *origin, struct nb_error *err)
{
	(void)origin;
	return set_bus_mode(&p->dbus.user, arg, err);
}

/* Unlike firejail, the system bus is not shown unless a profile says
 * `dbus-system allow` or `filter`. */
int apply_dbus_system(struct policy *p, const char *arg,
			     const char *origin, struct nb_error *err)
{
	(void)origin;
	return set_bus_mode(&p->dbus.system, arg, err);
}

#define DBUS_RULE_DIRECTIVE(fn, bus, option)                                 \
	int fn(struct policy *p, const char *arg, const char *origin,        \
	       struct nb_error *err)                                         \
	{                                                                    \
		(void)origin;                                                \
		return policy_add_dbus_rule(&p->dbus.bus, option, arg, err); \
	}
DBUS_RULE_DIRECTIVE(apply_dbus_user_talk, user, "talk")
DBUS_RULE_DIRECTIVE(apply_dbus_user_own, user, "own")
DBUS_RULE_DIRECTIVE(apply_dbus_user_see, user, "see")
DBUS_RULE_DIRECTIVE(apply_dbus_user_call, user, "call")
DBUS_RULE_DIRECTIVE(apply_dbus_user_broadcast, user, "broadcast")
DBUS_RULE_DIRECTIVE(apply_dbus_system_talk, system, "talk")
DBUS_RULE_DIRECTIVE(apply_dbus_system_own, system, "own")
DBUS_RULE_DIRECTIVE(apply_dbus_system_see, system, "see")
DBUS_RULE_DIRECTIVE(apply_dbus_system_call, system, "call")
DBUS_RULE_DIRECTIVE(apply_dbus_system_broadcast, system, "broadcast")

/* nodbus: firejail's older spelling of no session and no system bus. */
int apply_nodbus(struct policy *p, const char *arg,
			const char *origin, struct nb_error *err)
{
	(void)origin;
	(void)arg;
	(void)err;
	p->dbus.user.mode = POLICY_DBUS_NONE;
	p->dbus.system.mode = POLICY_DBUS_NONE;
	p->dbus.user.said = true;
	p->dbus.system.said = true;
	return 0;
}

