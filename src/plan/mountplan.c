// SPDX-License-Identifier: GPL-2.0-or-later
#include "mountplan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void mount_plan_init(struct mount_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
}

void mount_plan_free(struct mount_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->ops[i].src);
		free(plan->ops[i].dst);
		free(plan->ops[i].text);
	}
	free(plan->ops);
	memset(plan, 0, sizeof(*plan));
}

int mount_plan_add(struct mount_plan *plan, enum mount_op_type type,
		   const char *src, const char *dst, unsigned flags,
		   mode_t mode, struct nb_error *err)
{
	struct mount_op *op;

	if (!dst || dst[0] != '/')
		return nb_fail(err, 0, "mount destination '%s' is not absolute",
			       dst ? dst : "(null)");
	if (plan->n == plan->cap) {
		size_t cap = plan->cap ? plan->cap * 2 : 32;
		struct mount_op *grown = realloc(plan->ops, cap * sizeof(*grown));

		if (!grown)
			return nb_fail(err, ENOMEM, "mount plan");
		plan->ops = grown;
		plan->cap = cap;
	}
	op = &plan->ops[plan->n];
	memset(op, 0, sizeof(*op));
	op->type = type;
	op->flags = flags;
	op->mode = mode;
	op->dst = strdup(dst);
	op->src = src ? strdup(src) : NULL;
	if (!op->dst || (src && !op->src)) {
		free(op->dst);
		free(op->src);
		return nb_fail(err, ENOMEM, "mount plan");
	}
	plan->n++;
	return 0;
}

int mount_plan_set_text(struct mount_plan *plan, const char *text,
			struct nb_error *err)
{
	struct mount_op *op;

	if (!plan->n || !text)
		return 0;
	op = &plan->ops[plan->n - 1];
	free(op->text);
	op->text = strdup(text);
	return op->text ? 0 : nb_fail(err, ENOMEM, "mount plan");
}

#define RO_SYSTEM (MOUNT_F_RDONLY | MOUNT_F_NODEV)

#define DEV(path, class) { path, HOST_PATH_DEVICE, class }
#define DEV10(prefix, class)                                                   \
	DEV(prefix "0", class), DEV(prefix "1", class), DEV(prefix "2", class), \
	DEV(prefix "3", class), DEV(prefix "4", class), DEV(prefix "5", class), \
	DEV(prefix "6", class), DEV(prefix "7", class), DEV(prefix "8", class), \
	DEV(prefix "9", class)

/* firejail's lists (fs_var.c, fs_dev.c); the numbered nodes as firejail
 * names them, 0 to 9. */
const struct host_path host_paths[] = {
	{ "/var/tmp", HOST_PATH_VAR_PRIVATE, 0 },
	{ "/var/lock", HOST_PATH_VAR_PRIVATE, 0 },
	{ "/var/log", HOST_PATH_VAR_LOG, 0 },
	/* servers' state, which another instance in the sandbox would
	 * clobber: firejail shows each empty */
	{ "/var/lib/dhcp", HOST_PATH_VAR_SERVER, 0 },
	{ "/var/lib/nginx", HOST_PATH_VAR_SERVER, 0 },
	{ "/var/lib/snmp", HOST_PATH_VAR_SERVER, 0 },
	{ "/var/lib/sudo", HOST_PATH_VAR_SERVER, 0 },
	{ "/var/cache/apache2", HOST_PATH_VAR_SERVER, 0 },
	{ "/var/cache/lighttpd", HOST_PATH_VAR_SERVER, 0 },
	DEV("/dev/snd", POLICY_DEV_SOUND),
	DEV("/dev/dri", POLICY_DEV_3D),
	DEV10("/dev/nvidia", POLICY_DEV_3D),
	DEV("/dev/nvidiactl", POLICY_DEV_3D),
	DEV("/dev/nvidia-modeset", POLICY_DEV_3D),
	DEV("/dev/nvidia-uvm", POLICY_DEV_3D),
	DEV10("/dev/video", POLICY_DEV_VIDEO),
	DEV("/dev/dvb", POLICY_DEV_TV),
	DEV("/dev/sr0", POLICY_DEV_DVD),
	DEV10("/dev/hidraw", POLICY_DEV_U2F),
	DEV("/dev/usb", POLICY_DEV_U2F),
	DEV("/dev/input", POLICY_DEV_INPUT),
	DEV("/dev/lp0", POLICY_DEV_PRINTER),
	DEV("/dev/lp1", POLICY_DEV_PRINTER),
	DEV("/dev/lp2", POLICY_DEV_PRINTER),
	DEV("/dev/lp3", POLICY_DEV_PRINTER),
	DEV("/dev/parport0", POLICY_DEV_PRINTER),
	DEV("/dev/parport1", POLICY_DEV_PRINTER),
	DEV("/dev/parport2", POLICY_DEV_PRINTER),
	DEV("/dev/parport3", POLICY_DEV_PRINTER),
	/* the kernel's log and I/O ports: firejail hides them from every
	 * sandbox of an unprivileged user */
	DEV("/dev/kmsg", POLICY_DEV_ALWAYS),
	DEV("/dev/port", POLICY_DEV_ALWAYS),
};
_Static_assert(sizeof(host_paths) / sizeof(*host_paths) == HOST_PATHS,
	       "HOST_PATHS counts host_paths");

/*
 * The host's /var as firejail shows it: read-only (unless writable-var)
 * and noexec, with a private /var/tmp (unless keep-var-tmp) and /var/lock,
 * an empty /var/log (unless writable-var-log), and servers' state empty.
 * Each covered directory exists (host.c): nothing is created in /var.
 */
static int plan_var(const struct host_facts *host,
		    const struct mount_shape *shape, struct mount_plan *plan,
		    struct nb_error *err)
{
	const unsigned in_var = MOUNT_F_NOCREATE | MOUNT_F_NOEXEC;
	int rc = 0;

	if (!shape->var_host)
		return 0;
	if (mount_plan_add(plan, MOUNT_OP_BIND, "/var", "/var",
			   (shape->var_rw ? MOUNT_F_USER : MOUNT_F_SYSTEM) |
				   MOUNT_F_NOEXEC | MOUNT_F_OPTIONAL,
			   0, err) < 0)
		return -1;
	for (size_t i = 0; rc == 0 && i < HOST_PATHS; i++) {
		const struct host_path *h = &host_paths[i];

		if (!host->has_path[i])
			continue;
		if (h->use == HOST_PATH_VAR_PRIVATE &&
		    !(shape->var_tmp_host && strcmp(h->path, "/var/tmp") == 0))
			rc = mount_plan_add(plan, MOUNT_OP_TMPFS, NULL, h->path,
					    MOUNT_F_USER | in_var, 01777, err);
		else if (h->use == HOST_PATH_VAR_LOG && !shape->var_log_host)
			rc = mount_plan_add(plan, MOUNT_OP_TMPFS, NULL, h->path,
					    MOUNT_F_SYSTEM | in_var, 0755, err);
		else if (h->use == HOST_PATH_VAR_LOG && !shape->var_rw)
			/* writable-var-log: the host's, as writable as its
			 * permissions let it be */
			rc = mount_plan_add(plan, MOUNT_OP_REBIND, NULL, h->path,
					    MOUNT_F_RW | MOUNT_F_OPTIONAL, 0, err);
		else if (h->use == HOST_PATH_VAR_SERVER)
			rc = mount_plan_add(plan, MOUNT_OP_TMPFS, NULL, h->path,
					    MOUNT_F_SYSTEM | in_var, 0755, err);
	}
	return rc;
}

/* Without disable-mnt, the drives the desktop mounts: /mnt, /media and
 * udisks2's /run/media/USER, as writable as on the host. */
static int plan_drives(const struct host_facts *host,
		       const struct mount_shape *shape,
		       struct mount_plan *plan, struct nb_error *err)
{
	char run_media[300];

	if (shape->mnt_host &&
	    mount_plan_add(plan, MOUNT_OP_BIND, "/mnt", "/mnt",
			   MOUNT_F_USER | MOUNT_F_OPTIONAL, 0, err) < 0)
		return -1;
	if (!shape->media_host)
		return 0;
	snprintf(run_media, sizeof(run_media), "/run/media/%s", host->user);
	if (mount_plan_add(plan, MOUNT_OP_BIND, "/media", "/media",
			   MOUNT_F_USER | MOUNT_F_OPTIONAL, 0, err) < 0 ||
	    (host->user[0] && !strchr(host->user, '/') &&
	     mount_plan_add(plan, MOUNT_OP_BIND, run_media, run_media,
			    MOUNT_F_USER | MOUNT_F_OPTIONAL, 0, err) < 0))
		return -1;
	return 0;
}

static int plan_system_dirs(const struct host_facts *host,
			    const struct mount_shape *shape,
			    struct mount_plan *plan, struct nb_error *err)
{
	char dst[PATH_MAX + 1];
	int rc;

	if (mount_plan_add(plan, MOUNT_OP_BIND, "/usr", "/usr", RO_SYSTEM, 0,
			   err) < 0)
		return -1;
	if (shape->etc_tmpfs)
		rc = mount_plan_add(plan, MOUNT_OP_TMPFS, NULL, "/etc",
				    MOUNT_F_SYSTEM, 0755, err);
	else
		rc = mount_plan_add(plan, MOUNT_OP_BIND, "/etc", "/etc",
				    shape->etc_rw ? MOUNT_F_NODEV : RO_SYSTEM,
				    0, err);
	if (rc < 0)
		return -1;
	/* /bin, /lib...: symlinks into /usr on a merged-/usr host are
	 * recreated as the same links; real directories are bound. */
	for (size_t i = 0; i < host->n_top; i++) {
		const struct host_entry *e = &host->top[i];

		snprintf(dst, sizeof(dst), "/%s", e->name);
		if (e->kind == HOST_SYMLINK) {
			rc = mount_plan_add(plan, MOUNT_OP_SYMLINK, e->target,
					    dst, 0, 0, err);
		} else if (e->kind == HOST_DIR &&
			   ((shape->opt_tmpfs && strcmp(dst, "/opt") == 0) ||
			    (shape->srv_tmpfs && strcmp(dst, "/srv") == 0))) {
			rc = mount_plan_add(plan, MOUNT_OP_TMPFS, NULL, dst,
					    MOUNT_F_SYSTEM, 0755, err);
		} else if (e->kind == HOST_DIR) {
			rc = mount_plan_add(plan, MOUNT_OP_BIND, dst, dst,
					    RO_SYSTEM | MOUNT_F_OPTIONAL, 0, err);
		} else {
			rc = 0;
		}
		if (rc < 0)
			return -1;
	}
	/* before home, which may lie below one of them */
	if (plan_var(host, shape, plan, err) < 0 ||
	    plan_drives(host, shape, plan, err) < 0)
		return -1;
	return 0;
}

static int plan_user_dirs(const struct host_facts *host,
			  const struct mount_shape *shape,
			  struct mount_plan *plan, struct nb_error *err)
{
	char run_user[64];
	int rc = 0;

	if (host->home[0] == '/' && strcmp(host->home, "/") != 0) {
		if (!shape->home_src)
			rc = mount_plan_add(plan, MOUNT_OP_TMPFS, NULL,
					    host->home, MOUNT_F_USER, 0700, err);
		else
			rc = mount_plan_add(plan, MOUNT_OP_BIND, shape->home_src,
					    host->home,
					    MOUNT_F_USER | MOUNT_F_OPTIONAL, 0,
					    err);
	}
	if (rc < 0)
		return -1;
	if (shape->tmp_host)
		rc = mount_plan_add(plan, MOUNT_OP_BIND, "/tmp", "/tmp",
				    MOUNT_F_USER, 0, err);
	else
		rc = mount_plan_add(plan, MOUNT_OP_TMPFS, NULL, "/tmp",
				    MOUNT_F_USER, 01777, err);
	if (rc < 0)
		return -1;
	snprintf(run_user, sizeof(run_user), "/run/user/%u",
		 (unsigned)host->uid);
	if (shape->run_user_tmpfs)
		rc = mount_plan_add(plan, MOUNT_OP_TMPFS, NULL, run_user,
				    MOUNT_F_USER, 0700, err);
	else if (host->has_run_user)
		rc = mount_plan_add(plan, MOUNT_OP_BIND, run_user, run_user,
				    MOUNT_F_USER | MOUNT_F_OPTIONAL, 0, err);
	return rc;
}

/* Parts of /proc that configure the kernel or devices: read-only, as
 * bubblewrap does, although the sandbox's uid could only reach the
 * sysctls of its own network namespace. */
static const char *const proc_readonly[] = {
	"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus",
};

static int plan_kernel_fs(struct mount_plan *plan, struct nb_error *err)
{
	const unsigned kfs = MOUNT_F_NOSUID | MOUNT_F_NODEV | MOUNT_F_NOEXEC;

	if (mount_plan_add(plan, MOUNT_OP_PROC, NULL, "/proc", kfs, 0, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(proc_readonly) / sizeof(*proc_readonly);
	     i++)
		if (mount_plan_add(plan, MOUNT_OP_REBIND, NULL,
				   proc_readonly[i],
				   kfs | MOUNT_F_RDONLY | MOUNT_F_OPTIONAL, 0,
				   err) < 0)
			return -1;
	return mount_plan_add(plan, MOUNT_OP_SYSFS, NULL, "/sys",
			      kfs | MOUNT_F_RDONLY, 0, err);
}

static const char *const dev_nodes[] = {
	"null", "zero", "full", "random", "urandom", "tty",
};

static const struct {
	const char *name, *target;
} dev_links[] = {
	{ "ptmx", "pts/ptmx" },
	{ "fd", "/proc/self/fd" },
	{ "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" },
};

/*
 * Without private-dev, the host's /dev as firejail shows it: its device
 * nodes usable (no nodev), nothing in it writable but what the devices'
 * own permissions allow, never the host's terminals (a devpts of the
 * sandbox's own over /dev/pts), a private /dev/shm unless keep-dev-shm,
 * and nothing of the host's POSIX message queues (the sandbox has an IPC
 * namespace of its own).  The classes a profile hides are covered later
 * (mountplan_fs.c).  The host's submounts come with the bind (a user
 * namespace may not take /dev without them), so each is covered here.
 */
static int plan_host_dev(const struct mount_shape *shape,
			 struct mount_plan *plan, struct nb_error *err)
{
	const unsigned in_dev = MOUNT_F_NOSUID | MOUNT_F_NOEXEC |
				MOUNT_F_NOCREATE;

	if (mount_plan_add(plan, MOUNT_OP_BIND, "/dev", "/dev",
			   MOUNT_F_RDONLY | MOUNT_F_NOSUID | MOUNT_F_NOEXEC, 0,
			   err) < 0 ||
	    mount_plan_add(plan, MOUNT_OP_DEVPTS, NULL, "/dev/pts", in_dev, 0,
			   err) < 0 ||
	    mount_plan_add(plan,
			   shape->dev_shm_host ? MOUNT_OP_BIND : MOUNT_OP_TMPFS,
			   shape->dev_shm_host ? "/dev/shm" : NULL, "/dev/shm",
			   in_dev | MOUNT_F_NODEV, 01777, err) < 0)
		return -1;
	return mount_plan_add(plan, MOUNT_OP_TMPFS, NULL, "/dev/mqueue",
			      in_dev | MOUNT_F_SYSTEM | MOUNT_F_OPTIONAL, 0755,
			      err);
}

/*
 * firejail's private-dev is not only the basics: it keeps the host's
 * sound, camera, TV, optical drive, security key and input devices, each
 * class unless its no* directive (nosound, novideo, notv, nodvd, nou2f,
 * noinput) takes it away, and names an optical drive as players look for
 * it (cdrom, cdrw, dvd, dvdrw).  Only nodes the host has.
 */
static int plan_dev_keep(const struct host_facts *host,
			 const struct mount_shape *shape,
			 struct mount_plan *plan, struct nb_error *err)
{
	static const char *const dvd_names[] = { "cdrom", "cdrw", "dvd",
						 "dvdrw" };
	char path[64];
	bool dvd = false;

	for (size_t i = 0; i < HOST_PATHS; i++) {
		const struct host_path *h = &host_paths[i];

		if (h->use != HOST_PATH_DEVICE || !host->has_path[i] ||
		    !(h->dev_class & shape->dev_keep))
			continue;
		if (mount_plan_add(plan, MOUNT_OP_BIND, h->path, h->path,
				   MOUNT_F_NOSUID | MOUNT_F_NOEXEC |
					   MOUNT_F_OPTIONAL,
				   0, err) < 0)
			return -1;
		dvd = dvd || strcmp(h->path, "/dev/sr0") == 0;
	}
	for (size_t i = 0; dvd && i < sizeof(dvd_names) / sizeof(*dvd_names);
	     i++) {
		snprintf(path, sizeof(path), "/dev/%s", dvd_names[i]);
		if (mount_plan_add(plan, MOUNT_OP_SYMLINK, "sr0", path, 0, 0,
				   err) < 0)
			return -1;
	}
	return 0;
}

static int plan_dev(const struct host_facts *host,
		    const struct mount_shape *shape, struct mount_plan *plan,
		    struct nb_error *err)
{
	char path[64];

	if (shape->dev_host)
		return plan_host_dev(shape, plan, err);

	if (mount_plan_add(plan, MOUNT_OP_TMPFS, NULL, "/dev",
			   MOUNT_F_RDONLY | MOUNT_F_NOSUID | MOUNT_F_NOEXEC, 0755, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(dev_nodes) / sizeof(*dev_nodes); i++) {
		snprintf(path, sizeof(path), "/dev/%s", dev_nodes[i]);
		if (mount_plan_add(plan, MOUNT_OP_BIND, path, path,
				   MOUNT_F_NOSUID | MOUNT_F_NOEXEC |
					   MOUNT_F_OPTIONAL,
				   0, err) < 0)
			return -1;
	}
	if (mount_plan_add(plan, MOUNT_OP_DEVPTS, NULL, "/dev/pts",
			   MOUNT_F_NOSUID | MOUNT_F_NOEXEC, 0, err) < 0 ||
	    mount_plan_add(plan,
			   shape->dev_shm_host ? MOUNT_OP_BIND : MOUNT_OP_TMPFS,
			   shape->dev_shm_host ? "/dev/shm" : NULL, "/dev/shm",
			   MOUNT_F_NOSUID | MOUNT_F_NODEV | MOUNT_F_NOEXEC,
			   01777, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(dev_links) / sizeof(*dev_links); i++) {
		snprintf(path, sizeof(path), "/dev/%s", dev_links[i].name);
		if (mount_plan_add(plan, MOUNT_OP_SYMLINK, dev_links[i].target,
				   path, 0, 0, err) < 0)
			return -1;
	}
	return plan_dev_keep(host, shape, plan, err);
}

int mount_plan_base(const struct host_facts *host,
		    const struct mount_shape *shape, struct mount_plan *plan,
		    struct nb_error *err)
{
	if (plan_system_dirs(host, shape, plan, err) < 0 ||
	    plan_user_dirs(host, shape, plan, err) < 0 ||
	    plan_kernel_fs(plan, err) < 0 ||
	    plan_dev(host, shape, plan, err) < 0)
		return -1;
	return 0;
}

int mount_plan_baseline(const struct policy *policy,
			const struct host_facts *host, struct mount_plan *plan,
			struct nb_error *err)
{
	const struct mount_shape shape = { .home_src = host->home };

	(void)policy;
	return mount_plan_base(host, &shape, plan, err);
}

const char *mount_op_type_name(enum mount_op_type type)
{
	switch (type) {
	case MOUNT_OP_BIND:
		return "bind";
	case MOUNT_OP_TMPFS:
		return "tmpfs";
	case MOUNT_OP_PROC:
		return "proc";
	case MOUNT_OP_SYSFS:
		return "sysfs";
	case MOUNT_OP_DEVPTS:
		return "devpts";
	case MOUNT_OP_SYMLINK:
		return "symlink";
	case MOUNT_OP_REBIND:
		return "rebind";
	case MOUNT_OP_BLOCK:
		return "block";
	case MOUNT_OP_FILE:
		return "file";
	case MOUNT_OP_HOST_MKDIR:
		return "mkdir";
	case MOUNT_OP_HOST_MKFILE:
		return "mkfile";
	case MOUNT_OP_BLOCK_ENTRIES:
		return "block-entries";
	case MOUNT_OP_COPY:
		return "copy";
	}
	return "?";
}

bool mount_op_keeps(const struct mount_op *op, const char *name, size_t len)
{
	for (const char *k = op->src; k && *k;) {
		size_t klen = strcspn(k, "/");

		if (klen == len && strncmp(k, name, len) == 0)
			return true;
		k += klen + (k[klen] == '/');
	}
	return false;
}

void mount_plan_print(FILE *out, const struct mount_plan *plan)
{
	static const struct {
		unsigned flag;
		const char *name;
	} names[] = {
		{ MOUNT_F_RDONLY, "ro" },     { MOUNT_F_NOSUID, "nosuid" },
		{ MOUNT_F_NODEV, "nodev" },   { MOUNT_F_NOEXEC, "noexec" },
		{ MOUNT_F_OPTIONAL, "optional" }, { MOUNT_F_NOFOLLOW, "nofollow" },
		{ MOUNT_F_NOCREATE, "nocreate" }, { MOUNT_F_RW, "rw" },
		{ MOUNT_F_LINK, "link" },
	};

	fprintf(out, "mount plan (%zu operations):\n", plan->n);
	for (size_t i = 0; i < plan->n; i++) {
		const struct mount_op *op = &plan->ops[i];

		fprintf(out, "  %-7s %s", mount_op_type_name(op->type), op->dst);
		if (op->type == MOUNT_OP_SYMLINK)
			fprintf(out, " -> %s", op->src);
		else if (op->type == MOUNT_OP_FILE)
			fprintf(out, " (%zu bytes)", strlen(op->src));
		else if (op->type == MOUNT_OP_COPY)
			fprintf(out, " from %s", op->src);
		else if (op->type == MOUNT_OP_HOST_MKDIR ||
			 op->type == MOUNT_OP_HOST_MKFILE)
			fprintf(out, " below %s%s", op->src,
				op->flags & MOUNT_F_LINK ? " (kept missing: a link to nowhere)"
				: !op->text		 ? ""
				: op->mode & 0111	 ? " (a stand-in, executable)"
							 : " (a stand-in)");
		else if (op->type == MOUNT_OP_BLOCK_ENTRIES)
			fprintf(out, " keeping %s", op->src ? op->src : "none");
		else if (op->src && strcmp(op->src, op->dst) != 0)
			fprintf(out, " from %s", op->src);
		if (op->type == MOUNT_OP_TMPFS)
			fprintf(out, " mode=%04o", (unsigned)op->mode);
		if (op->type == MOUNT_OP_TMPFS && !(op->flags & MOUNT_F_RDONLY) &&
		    plan->tmpfs_size[0])
			fprintf(out, " size=%s/%zu", plan->tmpfs_size,
				mount_plan_writable_tmpfs(plan));
		for (size_t f = 0; f < sizeof(names) / sizeof(*names); f++)
			if (op->flags & names[f].flag)
				fprintf(out, " %s", names[f].name);
		fputc('\n', out);
	}
}

size_t mount_plan_writable_tmpfs(const struct mount_plan *plan)
{
	size_t n = 0;

	/* an optional one that turns out absent (/dev/mqueue) counts too:
	 * the sum can only be smaller */
	for (size_t i = 0; i < plan->n; i++)
		n += plan->ops[i].type == MOUNT_OP_TMPFS &&
		     !(plan->ops[i].flags & MOUNT_F_RDONLY);
	return n;
}

void mount_plan_tmpfs_share(const struct mount_plan *plan,
			    unsigned long long ram, unsigned long page,
			    char *out, size_t size)
{
	size_t n = mount_plan_writable_tmpfs(plan);
	unsigned long long v = 0, total;
	const char *p = plan->tmpfs_size;

	out[0] = '\0';
	if (!*p || n == 0 || page == 0)
		return;
	/* config.c checked it: digits (at most 13), then k, m, g or % */
	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (unsigned)(*p - '0');
	if (*p == '%') {
		total = ram / 100 * v + ram % 100 * v / 100;
	} else {
		const char *unit = *p ? strchr("kmg", *p | 0x20) : NULL;
		int shift = unit ? 10 * (int)(unit - "kmg" + 1) : 0;

		/* 1000000000000g: more than there is, and no limit lower */
		total = v > (~0ULL >> shift) ? ~0ULL : v << shift;
	}
	total = total / n / page * page;
	snprintf(out, size, "%llu", total ? total : page);
}
