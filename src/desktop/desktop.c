// SPDX-License-Identifier: GPL-2.0-or-later
#include "desktop.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool bus_wanted(const struct policy *p)
{
	return p->dbus.user.mode == POLICY_DBUS_ALLOW;
}

static bool sound_wanted(const struct policy *p)
{
	return !p->fs.nosound;
}

static bool always(const struct policy *p)
{
	(void)p;
	return true;
}

/* One row per socket; NULL name: the Wayland display's. */
static const struct {
	const char *name;
	bool (*wanted)(const struct policy *p);
} sockets[] = {
	{ "bus", bus_wanted },
	{ NULL, always },
	{ "pulse/native", sound_wanted },
	{ "pipewire-0", sound_wanted },
};

/* The GPU's nodes, where the host has them: DRM, and NVIDIA's own. */
static const char *const gpu_nodes[] = { "/dev/dri", "/dev/nvidia*" };

static int pass_gpu(const struct policy *p, struct launch_facts *lf,
		    struct nb_error *err)
{
	int rc = 0;

	/* without private-dev the host's /dev shows them already */
	if (p->fs.no3d || !p->fs.private_dev)
		return 0;
	for (size_t i = 0; rc == 0 && i < sizeof(gpu_nodes) / sizeof(*gpu_nodes); i++)
		rc = launch_facts_add_fs_rule(lf, FS_WHITELIST, gpu_nodes[i],
					      "nestbox's GPU nodes", err);
	return rc;
}

/* a name in the runtime directory, not a path elsewhere */
static const char *wayland_name(const char *wayland_display)
{
	if (!wayland_display || !*wayland_display ||
	    strchr(wayland_display, '/') || strcmp(wayland_display, "..") == 0 ||
	    strcmp(wayland_display, ".") == 0)
		return "wayland-0";
	return wayland_display;
}

void desktop_wayland_path(uid_t uid, const char *wayland_display, char *buf,
			  size_t size)
{
	snprintf(buf, size, "/run/user/%u/%s", (unsigned)uid,
		 wayland_name(wayland_display));
}

int desktop_pass_sockets(const struct policy *p, struct launch_facts *lf,
			 uid_t uid, const char *wayland_display,
			 struct nb_error *err)
{
	int rc = 0;

	wayland_display = wayland_name(wayland_display);
	lf->fs.private_run_user = true;
	for (size_t i = 0; rc == 0 && i < sizeof(sockets) / sizeof(*sockets); i++) {
		char path[256];

		if (!sockets[i].wanted(p))
			continue;
		snprintf(path, sizeof(path), "/run/user/%u/%s", (unsigned)uid,
			 sockets[i].name ? sockets[i].name : wayland_display);
		rc = launch_facts_add_fs_rule(lf, FS_WHITELIST, path,
					      "nestbox's desktop sockets", err);
	}
	if (rc == 0)
		rc = pass_gpu(p, lf, err);
	return rc;
}
