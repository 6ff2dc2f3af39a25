// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a profile leaves out is the host's, as firejail shows it (issue
 * 18): the parts of the host's /var, /dev and /sys that stay covered
 * even so, and a home reached through a symlink, hidden at its real path.
 */
#include "mountplan_fs.h"

#include <string.h>

/*
 * A whitelisted /var (whitelist-var-common.inc names /var/tmp, /var/lock
 * and /var/log's neighbours) is bound from the host: firejail's binds
 * carry its private /var/tmp, /var/lock and empty /var/log, so these
 * cover the host's here too.
 */
int plan_var_whitelisted(struct fsplan *fp, struct nb_error *err)
{
	const struct policy_fs *fs = fp->fs;
	bool nocreate;

	if (!fp->tops[TOP_VAR].confined)
		return 0;	/* mountplan.c covered the host's /var */
	for (size_t i = 0; i < HOST_PATHS; i++) {
		const struct host_path *h = &host_paths[i];
		bool log = h->use == HOST_PATH_VAR_LOG;

		if (!fp->host->has_path[i] ||
		    (h->use != HOST_PATH_VAR_PRIVATE && !log) ||
		    (log && fs->writable_var_log) ||
		    (fs->keep_var_tmp && strcmp(h->path, "/var/tmp") == 0) ||
		    !visible(fp, h->path, &nocreate) || !nocreate)
			continue;
		if (add_op(fp, MOUNT_OP_TMPFS, NULL, h->path,
			   (log ? MOUNT_F_SYSTEM : MOUNT_F_USER) |
				   MOUNT_F_NOEXEC | MOUNT_F_NOCREATE,
			   log ? 0755 : 01777, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * The classes of the host's devices a profile hides (nodvd, notv,
 * novideo, noinput, nou2f, noprinters, no3d, nosound), and the kernel's
 * log and I/O ports, hidden from every sandbox as firejail does.  Only
 * where the host's /dev shows them: the minimal /dev has none of them.
 */
int plan_device_classes(struct fsplan *fp, struct nb_error *err)
{
	unsigned hidden = fp->fs->dev_hidden | POLICY_DEV_ALWAYS;

	if (fp->fs->no3d)
		hidden |= POLICY_DEV_3D;
	if (fp->fs->nosound)
		hidden |= POLICY_DEV_SOUND;
	for (size_t i = 0; i < HOST_PATHS; i++) {
		const struct host_path *h = &host_paths[i];

		if (h->use == HOST_PATH_DEVICE && fp->host->has_path[i] &&
		    (h->dev_class & hidden) && visible(fp, h->path, NULL) &&
		    block(fp, h->path, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * firejail hardens /sys in its code, for every sandbox: the firmware's
 * (EFI variables), the hypervisor's, power management, the kernel's
 * debug, crash-dump and hotplug-helper files are always hidden; /sys/fs
 * and /sys/module too, unless a profile's noblacklist names them (or it
 * whitelists modules' parameters, which confines /sys/module).
 */
int plan_sys_hidden(struct fsplan *fp, struct nb_error *err)
{
	static const char *const always[] = {
		"/sys/firmware", "/sys/hypervisor", "/sys/power",
		"/sys/kernel/debug", "/sys/kernel/vmcoreinfo",
		"/sys/kernel/uevent_helper",
	};
	static const char *const unless_noblacklisted[] = {
		"/sys/fs", "/sys/module",
	};

	for (size_t i = 0; i < sizeof(always) / sizeof(*always); i++)
		if (block(fp, always[i], err) < 0)
			return -1;
	for (size_t i = 0; i < sizeof(unless_noblacklisted) /
				       sizeof(*unless_noblacklisted); i++) {
		const char *path = unless_noblacklisted[i];

		if (negated(fp, fp->fs->n_rules, FS_NOBLACKLIST, path, NULL) ||
		    (strcmp(path, "/sys/module") == 0 &&
		     fp->tops[TOP_SYS_MODULE].confined))
			continue;
		if (block(fp, path, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * A home reached through a symlink (/home -> var/home) is shown at its
 * own name, where the rules apply; the host's /var, /mnt or /media shown
 * whole would show it again, at its real path, unconfined: hidden there.
 */
int plan_hide_real_home(struct fsplan *fp, struct nb_error *err)
{
	const char *real = fp->facts->home_real;

	if (!real || strcmp(real, fp->host->home) == 0 ||
	    path_under(fp->host->home, real) || !visible(fp, real, NULL))
		return 0;
	return block(fp, real, err);
}
