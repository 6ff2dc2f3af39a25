// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --ls, --get, --put: firejail's file transfer with a running sandbox.
 *
 * Two sides that meet in one open descriptor:
 *
 *   the host side stays with the caller, here: --get creates its file in
 *   the caller's working directory (a new file: no link followed, nothing
 *   overwritten), --put opens its source, as the caller, before anything
 *   enters the sandbox;
 *
 *   the sandbox side is a child that enters the sandbox's user and mount
 *   namespaces, then the program's user namespace, and takes on the
 *   program's recorded confinement (no capabilities, no_new_privs,
 *   Landlock, seccomp) before it touches a path.  It sees what the
 *   program sees: a blacklisted file stays unreadable, a symlink the
 *   sandbox planted leads only where the program's own paths lead, and
 *   what --put creates belongs to the sandbox's user.
 *
 * The child stays in the host's pid namespace: no process of the sandbox
 * can see it, so none can ptrace it while it holds the caller's
 * descriptor.  It copies, lists, and exits; the caller's nestbox waits
 * and removes what --get created if the copy failed.
 */
#include "filecopy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "joinstate.h"
#include "landlock.h"
#include "manage.h"
#include "registry.h"

/* The descriptor the host side hands to the sandbox side. */
#define HOST_FD 3

/* --- pure (unit-tested) ---------------------------------------------- */

void filecopy_mode_string(mode_t mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";

	out[0] = S_ISDIR(mode)	  ? 'd'
		 : S_ISLNK(mode)  ? 'l'
		 : S_ISCHR(mode)  ? 'c'
		 : S_ISBLK(mode)  ? 'b'
		 : S_ISFIFO(mode) ? 'p'
		 : S_ISSOCK(mode) ? 's'
				  : '-';
	for (int i = 0; i < 9; i++)
		out[i + 1] = (mode & (0400u >> i)) ? rwx[i] : '-';
	if (mode & S_ISUID)
		out[3] = (mode & S_IXUSR) ? 's' : 'S';
	if (mode & S_ISGID)
		out[6] = (mode & S_IXGRP) ? 's' : 'S';
	if (mode & S_ISVTX)
		out[9] = (mode & S_IXOTH) ? 't' : 'T';
	out[10] = '\0';
}

/* A name chosen inside the sandbox reaches the caller's terminal: no
 * control character (an escape sequence) gets through. */
void filecopy_printable(const char *name, char *out, size_t size)
{
	size_t n = 0;

	for (; *name && n + 1 < size; name++, n++) {
		unsigned char c = (unsigned char)*name;

		out[n] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	out[n] = '\0';
}

int filecopy_get_name(const char *path, char *out, size_t size,
		      struct nb_error *err)
{
	const char *end = path + strlen(path), *base;
	size_t len;

	while (end > path && end[-1] == '/')
		end--;
	for (base = end; base > path && base[-1] != '/'; base--)
		;
	len = (size_t)(end - base);
	if (len == 0 || (len == 1 && base[0] == '.') ||
	    (len == 2 && base[0] == '.' && base[1] == '.'))
		return nb_fail(err, 0, "--get %s: not a file name", path);
	if (len >= size)
		return nb_fail(err, ENAMETOOLONG, "--get %s", path);
	memcpy(out, base, len);
	out[len] = '\0';
	return 0;
}

/* --- the sandbox side ------------------------------------------------- */

static __attribute__((noreturn)) void child_fail(const struct nb_error *err)
{
	nb_print_error(err);
	_exit(NB_EXIT_ERROR);
}

/* Every byte of @in onto @out. */
static int copy_fd(int in, int out, const char *what, struct nb_error *err)
{
	char buf[65536];

	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf)), w = 0;

		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return nb_fail(err, errno, "%s: read", what);
		}
		while (w < n) {
			ssize_t k = write(out, buf + w, (size_t)(n - w));

			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				return nb_fail(err, k < 0 ? errno : EIO,
					       "%s: write", what);
			w += k;
		}
	}
}

/* The program's view and confinement, in the order of program_exec()
 * (join.c): namespaces, working directory, capabilities,
 * no_new_privs, descriptors, Landlock, seccomp last. */
static int enter_and_confine(int pidfd, int program_ns, struct joinstate *js,
			     int host_fd, struct nb_error *err)
{
	int listeners[SECCOMP_MAX_FILTERS];
	size_t n;

	/* not even the caller's other processes may attach to this one */
	prctl(PR_SET_DUMPABLE, 0);
	if (setns(pidfd, CLONE_NEWUSER | CLONE_NEWNS) < 0)
		return nb_fail(err, errno,
			       "setns into the sandbox's namespaces");
	if (setns(program_ns, CLONE_NEWUSER) < 0)
		return nb_fail(err, errno,
			       "setns into the program's user namespace");
	if (chdir(js->cwd) < 0 && chdir("/") < 0)
		return nb_fail(err, errno, "chdir /");
	if (caps_drop_all(err) < 0 || caps_set_no_new_privs(err) < 0)
		return -1;
	if (host_fd >= 0 && host_fd != HOST_FD &&
	    dup2(host_fd, HOST_FD) < 0)
		return nb_fail(err, errno, "dup2");
	if (close_range(host_fd >= 0 ? HOST_FD + 1 : HOST_FD, ~0U, 0) < 0)
		return nb_fail(err, errno, "close descriptors");
	if (landlock_apply(&js->landlock, err) < 0)
		return -1;
	return seccomp_install(&js->bpf, listeners, &n, err);
}

/* --get: the sandbox's regular file @path onto the caller's file. */
static int sandbox_get(const char *path, struct nb_error *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return nb_fail(err, errno, "--get %s", path);
	/* a FIFO or a device could block, or never end */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return nb_fail(err, 0, "--get %s: not a regular file", path);
	}
	rc = copy_fd(fd, HOST_FD, path, err);
	close(fd);
	return rc;
}

/* --put: the caller's file into a new file @dest of the sandbox, made by
 * the sandbox's user: never through a link at @dest, never over an
 * existing file. */
static int sandbox_put(const char *dest, mode_t mode, struct nb_error *err)
{
	int fd = open(dest,
		      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		      mode);

	if (fd < 0)
		return nb_fail(err, errno, "--put %s", dest);
	if (copy_fd(HOST_FD, fd, dest, err) < 0) {
		close(fd);
		unlink(dest);
		return -1;
	}
	if (close(fd) < 0) {
		unlink(dest);
		return nb_fail(err, errno, "--put %s", dest);
	}
	return 0;
}

struct owner_names {
	uid_t uid;
	gid_t gid;
	char user[64], group[64];
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One line of --ls, like ls -l's (numbers for ids other than the
 * caller's: the sandbox's user database is not read from out here). */
static void print_entry(int dir, const char *name, const char *shown,
			const struct owner_names *own)
{
	char mode[11], user[64], group[64], text[PATH_MAX], link[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		filecopy_printable(shown, text, sizeof(text));
		printf("?????????? %8s %8s %10s %s\n", "?", "?", "?", text);
		return;
	}
	filecopy_mode_string(st.st_mode, mode);
	if (st.st_uid == own->uid)
		snprintf(user, sizeof(user), "%s", own->user);
	else
		snprintf(user, sizeof(user), "%u", (unsigned)st.st_uid);
	if (st.st_gid == own->gid)
		snprintf(group, sizeof(group), "%s", own->group);
	else
		snprintf(group, sizeof(group), "%u", (unsigned)st.st_gid);
	filecopy_printable(shown, text, sizeof(text));
	printf("%s %-8s %-8s %10lld %s", mode, user, group,
	       (long long)st.st_size, text);
	if (S_ISLNK(st.st_mode) &&
	    (n = readlinkat(dir, name, link, sizeof(link) - 1)) >= 0) {
		link[n] = '\0';
		filecopy_printable(link, text, sizeof(text));
		printf(" -> %s", text);
	}
	putchar('\n');
}

/* The names of @dir's entries, malloc'd; NULL with @err set. */
static char **read_names(DIR *dir, size_t *n, struct nb_error *err)
{
	char **names = NULL;
	size_t cap = 0;
	struct dirent *d;

	*n = 0;
	for (;;) {
		errno = 0;
		d = readdir(dir);
		if (!d && errno == 0)
			return names ? names : calloc(1, sizeof(*names));
		if (!d)
			break;
		if (*n == cap) {
			char **grown;

			cap = cap ? cap * 2 : 64;
			grown = realloc(names, cap * sizeof(*names));
			if (!grown)
				break;
			names = grown;
		}
		names[*n] = strdup(d->d_name);
		if (!names[*n])
			break;
		(*n)++;
	}
	nb_fail(err, errno ? errno : ENOMEM, "readdir");
	for (size_t i = 0; i < *n; i++)
		free(names[i]);
	free(names);
	return NULL;
}

/* --ls: a directory's entries (sorted, . and .. too), or one file. */
static int sandbox_ls(const char *path, const struct owner_names *own,
		      struct nb_error *err)
{
	char **names;
	struct stat st;
	size_t n;
	DIR *dir;
	int fd;

	if (stat(path, &st) < 0)
		return nb_fail(err, errno, "--ls %s", path);
	if (!S_ISDIR(st.st_mode)) {
		print_entry(AT_FDCWD, path, path, own);
		return fflush(stdout) == 0 ? 0 : nb_fail(err, errno, "stdout");
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return nb_fail(err, errno, "--ls %s", path);
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return nb_fail(err, errno, "--ls %s", path);
	}
	names = read_names(dir, &n, err);
	if (!names) {
		closedir(dir);
		return nb_fail_wrap(err, "--ls %s", path);
	}
	qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		print_entry(dirfd(dir), names[i], names[i], own);
		free(names[i]);
	}
	free(names);
	closedir(dir);
	return fflush(stdout) == 0 ? 0 : nb_fail(err, errno, "stdout");
}

/* --- the host side ------------------------------------------------------ */

struct transfer {
	enum nb_command command;
	char *const *paths;
	int host_fd;		/* --get: the new file; --put: the source */
	mode_t put_mode;
	char get_name[NAME_MAX + 1];
	struct owner_names own;
};

static int open_host_side(struct transfer *t, struct nb_error *err)
{
	struct stat st;

	t->host_fd = -1;
	if (t->command == CMD_GET) {
		if (filecopy_get_name(t->paths[0], t->get_name,
				      sizeof(t->get_name), err) < 0)
			return -1;
		/* a new file of the caller's: an existing one, or a link
		 * someone left there, is never written through */
		t->host_fd = open(t->get_name,
				  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
					  O_CLOEXEC,
				  0600);
		if (t->host_fd < 0)
			return nb_fail(err, errno, "--get: %s", t->get_name);
	} else if (t->command == CMD_PUT) {
		t->host_fd = open(t->paths[0],
				  O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (t->host_fd < 0)
			return nb_fail(err, errno, "--put %s", t->paths[0]);
		if (fstat(t->host_fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(t->host_fd);
			t->host_fd = -1;
			return nb_fail(err, 0, "--put %s: not a regular file",
				       t->paths[0]);
		}
		fcntl(t->host_fd, F_SETFL, 0);
		/* its permissions, without set-id bits or write for others */
		t->put_mode = st.st_mode & 0755;
	}
	return 0;
}

/* --get that failed: remove the file it created, if it is still the one
 * it created (same inode). */
static void remove_partial(const struct transfer *t)
{
	struct stat made, now;

	if (fstat(t->host_fd, &made) == 0 &&
	    fstatat(AT_FDCWD, t->get_name, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
	    made.st_dev == now.st_dev && made.st_ino == now.st_ino)
		unlinkat(AT_FDCWD, t->get_name, 0);
}

static void owner_names(struct owner_names *own)
{
	struct passwd *pw;
	struct group *gr;

	own->uid = getuid();
	own->gid = getgid();
	pw = getpwuid(own->uid);
	gr = getgrgid(own->gid);
	if (pw)
		snprintf(own->user, sizeof(own->user), "%s", pw->pw_name);
	else
		snprintf(own->user, sizeof(own->user), "%u",
			 (unsigned)own->uid);
	if (gr)
		snprintf(own->group, sizeof(own->group), "%s", gr->gr_name);
	else
		snprintf(own->group, sizeof(own->group), "%u",
			 (unsigned)own->gid);
}

static __attribute__((noreturn)) void sandbox_side(struct transfer *t,
						   int pidfd, int program_ns,
						   struct joinstate *js)
{
	struct nb_error err = { 0 };
	int rc;

	if (enter_and_confine(pidfd, program_ns, js, t->host_fd, &err) < 0)
		child_fail(&err);
	if (t->command == CMD_GET)
		rc = sandbox_get(t->paths[0], &err);
	else if (t->command == CMD_PUT)
		rc = sandbox_put(t->paths[1], t->put_mode, &err);
	else
		rc = sandbox_ls(t->paths[0], &t->own, &err);
	if (rc < 0)
		child_fail(&err);
	_exit(0);
}

static int run_transfer(struct transfer *t, int pidfd, int program_ns,
			struct joinstate *js, struct nb_error *err)
{
	sigset_t stop, saved;
	pid_t child;
	int status, rc = 0;

	fflush(NULL);
	child = fork();
	if (child < 0)
		return nb_fail(err, errno, "fork");
	if (child == 0)
		sandbox_side(t, pidfd, program_ns, js);
	/* ^C reaches the child too (same process group): this side waits
	 * for it, removes a half-copied file, then takes the signal */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGQUIT);
	sigprocmask(SIG_BLOCK, &stop, &saved);
	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR) {
			rc = nb_fail(err, errno, "wait");
			status = 0;
			break;
		}
	}
	if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		sigprocmask(SIG_SETMASK, &saved, NULL);
		return 0;
	}
	if (t->command == CMD_GET)
		remove_partial(t);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	if (rc < 0)
		return rc;
	if (WIFSIGNALED(status))
		return nb_fail(err, 0, "%s: killed by signal %d",
			       t->command == CMD_GET   ? "--get"
			       : t->command == CMD_PUT ? "--put"
						       : "--ls",
			       WTERMSIG(status));
	/* the child said why */
	return NB_EXIT_ERROR;
}

int filecopy_run(const struct options *o, struct nb_error *err)
{
	struct join_target jt;
	struct transfer t = { .command = o->command,
			      .paths = o->program_argv,
			      .host_fd = -1 };
	int rc = -1;

	owner_names(&t.own);
	if (join_target_open(&jt, o->target, err) < 0 ||
	    open_host_side(&t, err) < 0)
		goto out;
	nb_debug("sandbox %s (init pid %d): %s", jt.info.id, (int)jt.info.pid,
		 t.paths[0]);
	rc = run_transfer(&t, jt.pidfd, jt.program_ns, &jt.js, err);
	close(t.host_fd);
out:
	join_target_close(&jt);
	return rc;
}
