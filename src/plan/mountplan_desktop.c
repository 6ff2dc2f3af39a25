// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mount plan's desktop and network files (mountplan_fs.c's last
 * steps): the buses' sockets (the host's or the proxy's), the X11
 * display's socket and cookie, and the network's /etc files
 * (resolv.conf, its symlink's target, hosts).
 */
#include "mountplan_fs.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbus.h"
#include "display.h"

/*
 * A bus at @path: none covers the socket like a blacklisted file;
 * filter binds xdg-dbus-proxy's socket (dbus.c) over it, so the program
 * reaches the bus only through the proxy's rules; allow shows @host's
 * socket there, if given (the system bus: /run is not shown).
 *
 * A whitelist of the bus itself (firejail's desktop profiles have
 * `whitelist ${RUNUSER}/bus`) planned a bind of the host's socket there:
 * under filter that bind takes the proxy's socket instead, as the
 * Wayland socket takes the security context's (wayland.c), so the
 * host's is not even mounted beneath it.
 */
static int plan_bus(struct fsplan *fp, const struct launch_bus *bus,
		    const char *path, struct nb_error *err)
{
	const char *src = bus->mode == POLICY_DBUS_FILTER ? bus->proxy_socket :
			  bus->mode == POLICY_DBUS_ALLOW  ? bus->host_socket :
							    NULL;
	long at;

	if (bus->mode == POLICY_DBUS_NONE)
		return visible(fp, path, NULL) ? block(fp, path, err) : 0;
	if (!src)
		return 0;
	at = index_latest_at(fp, path, strlen(path));
	if (bus->mode == POLICY_DBUS_FILTER && at >= 0) {
		struct mount_op *op = &fp->plan->ops[at];
		char *own;

		if (op->type == MOUNT_OP_BIND && op->src &&
		    strcmp(op->src, path) == 0) {
			own = strdup(src);
			if (!own)
				return nb_fail(err, ENOMEM, "%s", path);
			free(op->src);
			op->src = own;
			op->flags = MOUNT_F_USER;
			return 0;
		}
	}
	return add_op(fp, MOUNT_OP_BIND, src, path, MOUNT_F_USER, 0, err);
}

int plan_buses(struct fsplan *fp, const struct launch_facts *launch,
	       struct nb_error *err)
{
	char session[64];

	snprintf(session, sizeof(session), "/run/user/%u/bus",
		 (unsigned)fp->host->uid);
	if (plan_bus(fp, &launch->dbus_user, session, err) < 0)
		return -1;
	return plan_bus(fp, &launch->dbus_system, DBUS_SYSTEM_SOCKET, err);
}

/*
 * Where /etc/resolv.conf is a link out of /etc (systemd-resolved's
 * ../run/systemd/resolve/stub-resolv.conf), its target is shown
 * read-only at its own path, or the link would dangle: /run is not
 * shown.  Not if a blacklist covers it or a directory above it.
 */
static bool blacklisted(const struct fsplan *fp, const char *path)
{
	const struct fs_facts *f = fp->facts;

	for (size_t i = 0; i < fp->fs->n_rules; i++) {
		if (fp->fs->rules[i].kind != FS_BLACKLIST)
			continue;
		for (size_t k = 0; k < f->n_matches[i]; k++) {
			const char *m = f->matches[i][k];
			const struct fs_fact *x = fs_facts_find(f, m);
			const char *real = x && x->resolved ? x->resolved : m;

			if (path_under(path, real) &&
			    !negated(fp, i, FS_NOBLACKLIST, m, real))
				return true;
		}
	}
	return false;
}

/* The host's /etc/resolv.conf when the sandbox shows it as a symlink
 * (in the host's /etc, not replaced by private-etc's bind of its
 * target), else NULL. */
static const struct fs_fact *resolv_conf_link(const struct fsplan *fp)
{
	const struct fs_fact *x = fs_facts_find(fp->facts, RESOLV_CONF);

	if (!x || x->kind != FS_FILE || !x->is_link ||
	    !visible(fp, RESOLV_CONF, NULL) || is_blocked(fp, RESOLV_CONF) ||
	    index_latest_at(fp, RESOLV_CONF, strlen(RESOLV_CONF)) >= 0)
		return NULL;
	return x;
}

int plan_resolv_conf_target(struct fsplan *fp,
			    const struct launch_facts *launch,
			    struct nb_error *err)
{
	const struct fs_fact *x = resolv_conf_link(fp);

	/* dns lines write the file there instead (plan_net_files) */
	if (launch->n_dns || !x || path_under(x->resolved, "/etc") ||
	    visible(fp, x->resolved, NULL) || blacklisted(fp, x->resolved))
		return 0;
	return add_op(fp, MOUNT_OP_BIND, x->resolved, x->resolved,
		      MOUNT_F_SYSTEM | MOUNT_F_NOEXEC | MOUNT_F_NOFOLLOW |
			      MOUNT_F_OPTIONAL,
		      0, err);
}

/* dns (the policy's, or the address pasta forwards: launch_facts.h): a
 * resolv.conf of those servers, where the host's leads (over a symlink
 * no file can be mounted); hosts-file: that file as /etc/hosts.
 * Read-only, like the rest of /etc. */
int plan_net_files(struct fsplan *fp, const struct policy *policy,
		   const struct launch_facts *launch, struct nb_error *err)
{
	const struct policy_netcfg *n = &policy->netcfg;
	const struct fs_fact *link = resolv_conf_link(fp);
	bool nocreate;

	if (launch->n_dns) {
		const char *dst = link ? link->resolved : RESOLV_CONF;
		char content[POLICY_DNS_MAX * 64] = "";

		for (size_t i = 0; i < launch->n_dns; i++)
			snprintf(content + strlen(content),
				 sizeof(content) - strlen(content),
				 "nameserver %s\n", launch->dns[i]);
		if (!visible(fp, dst, &nocreate))
			nocreate = false;
		if (add_op(fp, MOUNT_OP_FILE, content, dst,
			   MOUNT_F_RDONLY | (nocreate ? MOUNT_F_NOCREATE : 0), 0,
			   err) < 0)
			return -1;
	}
	if (!n->hosts_file)
		return 0;
	visible(fp, "/etc/hosts", &nocreate);
	return add_op(fp, MOUNT_OP_BIND, n->hosts_file, "/etc/hosts",
		      MOUNT_F_SYSTEM | (nocreate ? MOUNT_F_NOCREATE : 0), 0, err);
}

#define X11_SOCKET_DIR "/tmp/.X11-unix"

/* The X display of $DISPLAY (display.c): its socket, into the private
 * /tmp, and the file of its cookies alone. */
int plan_display(struct fsplan *fp, const struct launch_facts *launch,
		 struct nb_error *err)
{
	const struct launch_x11 *x = &launch->x11;
	char inside[64];
	bool host_tree;

	/* the host's /tmp (no private-tmp) holds every display's socket:
	 * x11 none hides them all, as firejail does; otherwise only the
	 * display the program is given is shown (firejail shows all of the
	 * host's, but only its own server's with x11 xvfb or xephyr) */
	if (!visible(fp, X11_SOCKET_DIR, &host_tree))
		host_tree = false;
	if (x->mode == POLICY_X11_NONE)
		return host_tree ? block(fp, X11_SOCKET_DIR, err) : 0;
	if (!x->socket)
		return 0;
	if (host_tree &&
	    add_op(fp, MOUNT_OP_TMPFS, NULL, X11_SOCKET_DIR,
		   MOUNT_F_SYSTEM | MOUNT_F_NOEXEC | MOUNT_F_NOCREATE, 0755,
		   err) < 0)
		return -1;
	if (add_op(fp, MOUNT_OP_BIND, x->socket, x->socket, MOUNT_F_USER, 0,
		   err) < 0)
		return -1;
	if (!x->xauth)
		return 0;
	display_xauth_inside(!fp->tmp_host, fp->host->uid, inside,
			     sizeof(inside));
	return add_op(fp, MOUNT_OP_BIND, x->xauth, inside,
		      MOUNT_F_USER | MOUNT_F_RDONLY, 0, err);
}

