// SPDX-License-Identifier: GPL-2.0-or-later
#include "registry.h"

#include <ctype.h>
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

#include "host_read.h"

/* ---- pure: names, info files, targets ---------------------------- */

bool registry_name_valid(const char *name)
{
	bool digits_only = true;
	size_t n = strlen(name);

	if (n == 0 || n > REGISTRY_NAME_MAX || name[0] == '-' || name[0] == '.')
		return false;
	for (const char *c = name; *c; c++) {
		if (!isalnum((unsigned char)*c) && !strchr("._-", *c))
			return false;
		if (!isdigit((unsigned char)*c))
			digits_only = false;
	}
	return !digits_only;
}

static void copy_field(char *dst, size_t size, const char *v, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}

int registry_parse_info(const char *text, struct registry_info *info)
{
	memset(info, 0, sizeof(*info));
	while (*text) {
		const char *end = strchrnul(text, '\n');
		const char *sp = memchr(text, ' ', (size_t)(end - text));
		const char *v = sp ? sp + 1 : end;
		size_t klen = (size_t)((sp ? sp : end) - text);
		size_t vlen = (size_t)(end - v);
		char num[32];

		copy_field(num, sizeof(num), v, vlen);
		if (klen == 2 && !strncmp(text, "id", 2))
			copy_field(info->id, sizeof(info->id), v, vlen);
		else if (klen == 4 && !strncmp(text, "name", 4))
			copy_field(info->name, sizeof(info->name), v, vlen);
		else if (klen == 3 && !strncmp(text, "pid", 3))
			info->pid = (pid_t)strtol(num, NULL, 10);
		else if (klen == 8 && !strncmp(text, "launcher", 8))
			info->launcher = (pid_t)strtol(num, NULL, 10);
		else if (klen == 5 && !strncmp(text, "start", 5))
			info->start = strtoull(num, NULL, 10);
		else if (klen == 7 && !strncmp(text, "profile", 7))
			copy_field(info->profile, sizeof(info->profile), v, vlen);
		else if (klen == 7 && !strncmp(text, "command", 7))
			copy_field(info->command, sizeof(info->command), v, vlen);
		text = *end ? end + 1 : end;
	}
	if (strlen(info->id) != 36 || info->pid < 0 || info->launcher < 0)
		return -1;
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

enum registry_match registry_match(const struct registry_info *info,
				   const char *target)
{
	size_t n = strlen(target);

	if ((info->name[0] && strcmp(info->name, target) == 0) ||
	    strcmp(info->id, target) == 0)
		return MATCH_EXACT;
	if (all_digits(target) && info->pid > 0) {
		long pid = strtol(target, NULL, 10);

		if (pid == info->pid || pid == info->launcher)
			return MATCH_PID;
	}
	if (n >= 4 && n < sizeof(info->id) && strncmp(info->id, target, n) == 0)
		return MATCH_PREFIX;
	return MATCH_NONE;
}

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
	if (fd < 0) {
		int e = errno;

		/* O_NOFOLLOW says ELOOP, or ENOTDIR with O_DIRECTORY: name
		 * the real reason */
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			return nb_fail(err, 0,
				       "%s is a symbolic link, not a private directory of uid %u: refusing it",
				       path, (unsigned)uid);
		return nb_fail(err, e, "open %s", path);
	}
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

int registry_base_path(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	uid_t uid = getuid();
	struct stat st;

	/* XDG_RUNTIME_DIR only when it is really the caller's. */
	if (xdg && xdg[0] == '/' && stat(xdg, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == uid && access(xdg, W_OK) == 0 &&
	    strlen(xdg) + sizeof("/nestbox") <= size) {
		snprintf(buf, size, "%s/nestbox", xdg);
		return 0;
	}
	if ((size_t)snprintf(buf, size, "/tmp/nestbox-%u", (unsigned)uid) >= size)
		return -1;
	return 0;
}

int registry_open(struct registry_entry *e, bool create, struct nb_error *err)
{
	e->base_fd = e->dir_fd = -1;
	/* the launcher found it already (host facts) */
	if (!e->base[0] && registry_base_path(e->base, sizeof(e->base)) < 0)
		return nb_fail(err, 0, "no place for the registry");
	if (!create && access(e->base, F_OK) < 0 && errno == ENOENT)
		return 0;
	e->base_fd = open_private_dir(e->base, getuid(), err);
	return e->base_fd < 0 ? -1 : 0;
}

/* A directory of a helper's own files, as deep as @depth: x11 xpra's
 * (display.c), whose server and client write their sockets, logs and
 * settings there.  The entry is private to the caller and hidden from
 * the sandbox, so nothing in it is planted by the program; O_NOFOLLOW
 * all the same. */
static void remove_tree_at(int dir_fd, const char *name, int depth)
{
	struct dirent *de;
	DIR *d;
	int fd;

	if (unlinkat(dir_fd, name, 0) == 0 || errno == ENOENT || depth == 0)
		return;
	fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			remove_tree_at(dirfd(d), de->d_name, depth - 1);
	closedir(d);
	unlinkat(dir_fd, name, AT_REMOVEDIR);
}

static void remove_entry(int base_fd, int dir_fd, const char *id)
{
	static const char *const files[] = {
		"info", "info.tmp", "join", "join.tmp", "pasta.pid", "pasta.log",
		"dbus-user", "dbus-system", "Xauthority",
		"wayland",	/* wayland.h: WAYLAND_OWN_SOCKET */
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		unlinkat(dir_fd, files[i], 0);
	remove_tree_at(dir_fd, "xpra", 8);	/* xpra.h: XPRA_DIR */
	unlinkat(base_fd, id, AT_REMOVEDIR);
}

/* Short, and taken only around creating and removing entries. */
static void lock_base(const struct registry_entry *e)
{
	while (flock(e->base_fd, LOCK_EX) < 0 && errno == EINTR)
		;
}

static void unlock_base(const struct registry_entry *e)
{
	flock(e->base_fd, LOCK_UN);
}

bool registry_entry_alive(int dir_fd)
{
	/* Shared fails while the sandbox holds its exclusive lock. */
	if (flock(dir_fd, LOCK_SH | LOCK_NB) == 0) {
		flock(dir_fd, LOCK_UN);
		return false;
	}
	return errno == EWOULDBLOCK;
}

static void remove_if_stale(const struct registry_entry *e, const char *id)
{
	int fd = openat(e->base_fd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					    O_CLOEXEC);
	if (fd >= 0) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			remove_entry(e->base_fd, fd, id);
		close(fd);
	}
}

void registry_remove_stale(const struct registry_entry *e, const char *id)
{
	lock_base(e);
	remove_if_stale(e, id);
	unlock_base(e);
}

static int read_info(int dir_fd, struct registry_info *info)
{
	int fd = openat(dir_fd, "info", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char *text;
	int rc;

	if (fd < 0)
		return -1;
	text = host_read_fd(fd, 8192, NULL);
	if (!text || !*text) {
		free(text);
		return -1;
	}
	rc = registry_parse_info(text, info);
	free(text);
	return rc;
}

/* @locked: the caller holds the base lock (creating an entry). */
static int scan(const struct registry_entry *e, registry_visit_fn fn,
		void *ctx, bool locked)
{
	int fd, rc = 0;
	DIR *d;
	struct dirent *de;

	if (e->base_fd < 0)
		return 0;
	fd = openat(e->base_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while (rc == 0 && (de = readdir(d))) {
		struct registry_info info;
		int entry;

		if (de->d_name[0] == '.')
			continue;
		entry = openat(e->base_fd, de->d_name,
			       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (entry < 0)
			continue;
		if (!registry_entry_alive(entry)) {
			if (locked)
				remove_if_stale(e, de->d_name);
			else
				registry_remove_stale(e, de->d_name);
		} else if (fn && read_info(entry, &info) == 0 &&
			   strcmp(info.id, de->d_name) == 0) {
			rc = fn(&info, entry, ctx);
		}
		close(entry);
	}
	closedir(d);
	return rc;
}

int registry_scan(const struct registry_entry *e, registry_visit_fn fn,
		  void *ctx)
{
	return scan(e, fn, ctx, false);
}

struct find_ctx {
	const char *target;
	enum registry_match best;
	size_t n_best;
	struct registry_info info;
	int dir_fd;
};

static int consider(const struct registry_info *info, int dir_fd, void *ctx)
{
	struct find_ctx *f = ctx;
	enum registry_match m = registry_match(info, f->target);

	if (info->pid <= 0 || m == MATCH_NONE || m < f->best)
		return 0;
	if (m > f->best) {
		f->best = m;
		f->n_best = 0;
		if (f->dir_fd >= 0)
			close(f->dir_fd);
		f->dir_fd = -1;
	}
	if (f->n_best++ == 0) {
		f->info = *info;
		f->dir_fd = fcntl(dir_fd, F_DUPFD_CLOEXEC, 3);
	}
	return 0;
}

int registry_find(const struct registry_entry *e, const char *target,
		  struct registry_info *info, int *dir_fd,
		  struct nb_error *err)
{
	struct find_ctx f = { .target = target, .dir_fd = -1 };

	*dir_fd = -1;
	scan(e, consider, &f, false);
	if (f.n_best == 0 || f.dir_fd < 0) {
		if (f.dir_fd >= 0)
			close(f.dir_fd);
		return nb_fail(err, 0,
			       "no running sandbox of yours is named '%s' or has that id or pid (nestbox --list)",
			       target);
	}
	if (f.n_best > 1) {
		close(f.dir_fd);
		return nb_fail(err, 0,
			       "'%s' designates %zu sandboxes: give more of the id",
			       target, f.n_best);
	}
	*info = f.info;
	*dir_fd = f.dir_fd;
	return 0;
}

void registry_sweep_stale(const struct registry_entry *e)
{
	scan(e, NULL, NULL, false);
}

static int name_taken(const struct registry_info *info, int dir_fd,
		      void *ctx)
{
	(void)dir_fd;
	return strcmp(info->name, (const char *)ctx) == 0;
}

/* The first info, written under the base lock with the entry: a name is
 * claimed from then on (pid 0: not running yet, not listed). */
static int write_info(struct registry_entry *e, const char *text,
		      struct nb_error *err)
{
	size_t len = strlen(text);
	int fd;

	fd = openat(e->dir_fd, "info.tmp",
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return nb_fail(err, errno, "write %s/%s/info", e->base, e->id);
	if (write(fd, text, len) != (ssize_t)len) {
		int en = errno;

		close(fd);
		return nb_fail(err, en, "write %s/%s/info", e->base, e->id);
	}
	close(fd);
	/* rename: a reader never sees half a file */
	if (renameat(e->dir_fd, "info.tmp", e->dir_fd, "info") < 0)
		return nb_fail(err, errno, "rename %s/%s/info", e->base, e->id);
	return 0;
}

static int create_locked(struct registry_entry *e, const char *name,
			 struct nb_error *err)
{
	char text[256];
	uuid_t uu;

	if (name && scan(e, name_taken, (void *)name, true)) {
		nb_fail(err, 0,
			"a sandbox named '%s' is running (nestbox --list)",
			name);
		err->errnum = EEXIST;
		return -1;
	}
	if (!e->id[0]) {
		uuid_generate_random(uu);
		uuid_unparse_lower(uu, e->id);
	}
	if (mkdirat(e->base_fd, e->id, 0700) < 0)
		return nb_fail(err, errno, "create %s/%s", e->base, e->id);
	e->dir_fd = openat(e->base_fd, e->id,
			   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (e->dir_fd < 0 || flock(e->dir_fd, LOCK_EX | LOCK_NB) < 0) {
		nb_fail(err, errno, "lock %s/%s", e->base, e->id);
		if (e->dir_fd >= 0)
			remove_entry(e->base_fd, e->dir_fd, e->id);
		return -1;
	}
	snprintf(e->name, sizeof(e->name), "%s", name ? name : "");
	if (!name)
		return 0; /* nothing to claim: info comes with the pid */
	snprintf(text, sizeof(text), "id %s\nname %s\npid 0\n", e->id, name);
	if (write_info(e, text, err) < 0) {
		remove_entry(e->base_fd, e->dir_fd, e->id);
		return -1;
	}
	return 0;
}

void registry_new_id(struct registry_entry *e)
{
	uuid_t uu;

	uuid_generate_random(uu);
	uuid_unparse_lower(uu, e->id);
}

int registry_create(struct registry_entry *e, const char *name,
		    struct nb_error *err)
{
	int rc;

	if (registry_open(e, true, err) < 0)
		goto fail;
	lock_base(e);
	rc = create_locked(e, name, err);
	unlock_base(e);
	if (rc == 0)
		return 0;
fail:
	registry_close(e);
	return -1;
}

/* Field 22 of /proc/PID/stat: with the pid, it names one process for
 * the life of the system. */
unsigned long long registry_process_start(pid_t pid)
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
	char *text = NULL;
	size_t size = 0;
	FILE *f;
	int rc;

	f = open_memstream(&text, &size);
	if (!f)
		return nb_fail(err, errno, "registry");
	fprintf(f, "id %s\nname %s\npid %d\nlauncher %d\nstart %llu\nprofile %s\ncommand",
		e->id, e->name, (int)init_pid, (int)getpid(),
		registry_process_start(init_pid), profile);
	/* one line: a newline in an argument would start a new field */
	for (size_t i = 0; argv[i]; i++) {
		fputc(' ', f);
		for (const char *c = argv[i]; *c; c++)
			fputc(*c == '\n' ? ' ' : *c, f);
	}
	fputc('\n', f);
	if (fclose(f) != 0) {
		free(text);
		return nb_fail(err, errno, "registry");
	}
	rc = write_info(e, text, err);
	free(text);
	return rc;
}

void registry_remove(struct registry_entry *e)
{
	if (e->base_fd >= 0 && e->dir_fd >= 0)
		remove_entry(e->base_fd, e->dir_fd, e->id);
	registry_close(e);
}

int registry_attach(struct registry_entry *e, struct nb_error *err)
{
	e->base_fd = open(e->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					   O_CLOEXEC);
	if (e->base_fd < 0)
		return nb_fail(err, errno, "open %s", e->base);
	e->dir_fd = openat(e->base_fd, e->id, O_RDONLY | O_DIRECTORY |
						     O_NOFOLLOW | O_CLOEXEC);
	if (e->dir_fd < 0) {
		nb_fail(err, errno, "open %s/%s", e->base, e->id);
		registry_close(e);
		return -1;
	}
	return 0;
}

#define ABANDONED_TRIES 100
#define ABANDONED_PAUSE_US 10000

void registry_remove_abandoned(struct registry_entry *e)
{
	int base = e->base_fd;

	if (base < 0 && e->base[0] && e->id[0])
		base = open(e->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					     O_CLOEXEC);
	/* Only the dead launcher used this (random) id: no lock of a live
	 * sandbox to respect, only the base lock against a scan. */
	for (int i = 0; base >= 0 && i < ABANDONED_TRIES; i++) {
		int dir = openat(base, e->id, O_RDONLY | O_DIRECTORY |
						      O_NOFOLLOW | O_CLOEXEC);
		bool gone;

		if (dir < 0)
			break;
		while (flock(base, LOCK_EX) < 0 && errno == EINTR)
			;
		remove_entry(base, dir, e->id);
		gone = faccessat(base, e->id, F_OK, AT_SYMLINK_NOFOLLOW) < 0;
		flock(base, LOCK_UN);
		close(dir);
		if (gone)
			break;
		usleep(ABANDONED_PAUSE_US);
	}
	if (base >= 0 && base != e->base_fd)
		close(base);
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
