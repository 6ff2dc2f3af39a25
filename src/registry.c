// SPDX-License-Identifier: GPL-2.0-or-later
#include "registry.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "host.h"

/*
 * The base directory must be the caller's own and private: another user
 * who pre-created /tmp/nestbox-UID (or planted a symlink there) could
 * otherwise read or forge the registry.
 */
static int open_private_dir(const char *path, uid_t uid, struct nb_error *err)
{
	struct stat st;
	int fd;

	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return nb_fail(err, errno, "create %s", path);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return nb_fail(err, errno, "open %s", path);
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		return nb_fail(err, e, "stat %s", path);
	}
	if (st.st_uid != uid || (st.st_mode & 077)) {
		close(fd);
		return nb_fail(err, 0,
			       "%s is not a private directory of uid %u (owner %u, mode %04o): refusing it",
			       path, (unsigned)uid, (unsigned)st.st_uid,
			       (unsigned)(st.st_mode & 07777));
	}
	return fd;
}

static int open_base(struct registry_entry *e, struct nb_error *err)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	uid_t uid = getuid();
	struct stat st;

	/* XDG_RUNTIME_DIR only when it is really the caller's. */
	if (xdg && xdg[0] == '/' && stat(xdg, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == uid && access(xdg, W_OK) == 0 &&
	    strlen(xdg) < sizeof(e->base) - 16) {
		snprintf(e->base, sizeof(e->base), "%s/nestbox", xdg);
		e->base_fd = open_private_dir(e->base, uid, err);
		return e->base_fd;
	}
	snprintf(e->base, sizeof(e->base), "/tmp/nestbox-%u", (unsigned)uid);
	e->base_fd = open_private_dir(e->base, uid, err);
	return e->base_fd;
}

static void remove_entry(int base_fd, int dir_fd, const char *id)
{
	unlinkat(dir_fd, "info", 0);
	unlinkat(dir_fd, "info.tmp", 0);
	unlinkat(base_fd, id, AT_REMOVEDIR);
}

/* An entry nobody holds the lock of belongs to a sandbox that is gone
 * (its launcher and init were both killed): remove it. */
void registry_sweep_stale(const struct registry_entry *e)
{
	int base_fd = e->base_fd;
	int fd = dup(base_fd);
	DIR *d;
	struct dirent *de;

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		int entry;

		if (de->d_name[0] == '.')
			continue;
		entry = openat(base_fd, de->d_name,
			       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (entry < 0)
			continue;
		if (flock(entry, LOCK_EX | LOCK_NB) == 0)
			remove_entry(base_fd, entry, de->d_name);
		close(entry);
	}
	closedir(d);
}

int registry_create(struct registry_entry *e, struct nb_error *err)
{
	uuid_t uu;

	e->base_fd = e->dir_fd = -1;
	if (open_base(e, err) < 0)
		return -1;

	uuid_generate_random(uu);
	uuid_unparse_lower(uu, e->id);
	if (mkdirat(e->base_fd, e->id, 0700) < 0) {
		nb_fail(err, errno, "create %s/%s", e->base, e->id);
		goto fail;
	}
	e->dir_fd = openat(e->base_fd, e->id,
			   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (e->dir_fd < 0 || flock(e->dir_fd, LOCK_EX | LOCK_NB) < 0) {
		nb_fail(err, errno, "lock %s/%s", e->base, e->id);
		if (e->dir_fd >= 0)
			remove_entry(e->base_fd, e->dir_fd, e->id);
		goto fail;
	}
	return 0;
fail:
	registry_close(e);
	return -1;
}

/* Field 22 of /proc/PID/stat: with the pid, it names one process for
 * the life of the system. */
static unsigned long long process_start_time(pid_t pid)
{
	char path[64], *buf, *p;
	unsigned long long start = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	buf = host_read_file(path, 1 << 16);
	if (!buf)
		return 0;
	p = strrchr(buf, ')'); /* the command may contain spaces */
	if (p) {
		int field = 2;

		for (p++; *p && field < 22; p++)
			if (*p == ' ')
				field++;
		start = strtoull(p, NULL, 10);
	}
	free(buf);
	return start;
}

int registry_record(struct registry_entry *e, pid_t init_pid,
		    const char *profile, char *const argv[],
		    struct nb_error *err)
{
	FILE *f;
	int fd;

	fd = openat(e->dir_fd, "info.tmp",
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return nb_fail(err, errno, "write %s/%s/info", e->base, e->id);
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return nb_fail(err, errno, "fdopen");
	}
	fprintf(f, "id %s\npid %d\nstart %llu\nprofile %s\ncommand", e->id,
		(int)init_pid, process_start_time(init_pid), profile);
	for (size_t i = 0; argv[i]; i++)
		fprintf(f, " %s", argv[i]);
	fputc('\n', f);
	if (fclose(f) != 0)
		return nb_fail(err, errno, "write %s/%s/info", e->base, e->id);
	/* rename: a reader never sees half a file */
	if (renameat(e->dir_fd, "info.tmp", e->dir_fd, "info") < 0)
		return nb_fail(err, errno, "rename %s/%s/info", e->base, e->id);
	return 0;
}

void registry_remove(struct registry_entry *e)
{
	if (e->base_fd >= 0 && e->dir_fd >= 0)
		remove_entry(e->base_fd, e->dir_fd, e->id);
	registry_close(e);
}

void registry_close(struct registry_entry *e)
{
	if (e->dir_fd >= 0)
		close(e->dir_fd);
	if (e->base_fd >= 0)
		close(e->base_fd);
	e->dir_fd = e->base_fd = -1;
}
