// SPDX-License-Identifier: GPL-2.0-or-later
#include "menulog.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "desktopfile.h"

#define KEPT_BYTES (16 * 1024)

/*
 * One mapping shared by every process of the launch: MAP_SHARED
 * survives clone() without CLONE_VM, so init and the program's process
 * (until its execve drops the mapping) append to the launcher's copy.
 * The offset is taken atomically, so lines from several processes never
 * overlap.  What comes back is read as untrusted text (bounded, control
 * bytes replaced): it is only ever shown.
 */
struct kept {
	unsigned used;
	unsigned errors;
	char text[KEPT_BYTES];
};

static struct kept *kept;

#define ERROR_PREFIX "nestbox: "
#define WARNING_PREFIX "nestbox: warning: "

static void keep_line(const char *line, size_t len)
{
	unsigned at;

	if (len > KEPT_BYTES)
		return;
	at = __atomic_fetch_add(&kept->used, (unsigned)len, __ATOMIC_RELAXED);
	if (at > KEPT_BYTES - len) {
		/* full: the first lines are the ones that explain */
		__atomic_store_n(&kept->used, KEPT_BYTES, __ATOMIC_RELAXED);
		return;
	}
	memcpy(kept->text + at, line, len);
	if (strncmp(line, WARNING_PREFIX, strlen(WARNING_PREFIX)) != 0)
		__atomic_fetch_add(&kept->errors, 1, __ATOMIC_RELAXED);
}

void menulog_start(void)
{
	void *m;

	if (isatty(STDERR_FILENO))
		return;
	m = mmap(NULL, sizeof(*kept), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return;
	kept = m;
	nb_log_set_tee(keep_line);
}

void menulog_summary(const char *program, const char *lines, char *out,
		     size_t size)
{
	const char *l = lines, *reason = NULL;
	size_t len = 0;

	while (l && *l) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);

		if (strncmp(l, ERROR_PREFIX, strlen(ERROR_PREFIX)) == 0 &&
		    strncmp(l, WARNING_PREFIX, strlen(WARNING_PREFIX)) != 0) {
			reason = l + strlen(ERROR_PREFIX);
			len = n - strlen(ERROR_PREFIX);
			break;
		}
		l += n + (nl ? 1 : 0);
	}
	if (!reason) {
		snprintf(out, size, "%s: did not start", program);
		return;
	}
	/* a notification's summary is one short line */
	if (len > 200)
		len = 200;
	snprintf(out, size, "%s: %.*s", program, (int)len, reason);
}

static const char *state_dir(char *buf, size_t size)
{
	const char *v = getenv("XDG_STATE_HOME");
	struct passwd *pw;

	if (v && v[0] == '/') {
		snprintf(buf, size, "%s/nestbox", v);
		return buf;
	}
	pw = getpwuid(getuid());
	if (!pw || pw->pw_dir[0] != '/')
		return NULL;
	snprintf(buf, size, "%s/.local/state/nestbox", pw->pw_dir);
	return buf;
}

static int mkdirs(char *path)
{
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

/* One entry, one write(2), in a log rotated once it passes
 * MENULOG_ROTATE_BYTES (the older half kept as launch.log.1). */
static void append_log(const char *dir, const char *program, int status,
		       bool failed, const char *lines)
{
	char path[PATH_MAX + 16], old[PATH_MAX + 32], stamp[32];
	struct stat st;
	time_t now = time(NULL);
	struct tm tm;
	char *entry = NULL;
	size_t size = 0;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s", dir);
	if (mkdirs(path) < 0)
		return;
	snprintf(path, sizeof(path), "%s/" MENULOG_NAME, dir);
	if (stat(path, &st) == 0 && st.st_size >= MENULOG_ROTATE_BYTES) {
		snprintf(old, sizeof(old), "%s.1", path);
		rename(path, old);
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	f = open_memstream(&entry, &size);
	if (!f)
		return;
	fprintf(f, "%s %s (pid %d): %s, exit %d\n", stamp, program,
		(int)getpid(), failed ? "did not start" : "warnings", status);
	for (const char *l = lines; *l;) {
		const char *nl = strchr(l, '\n');
		int n = nl ? (int)(nl - l) : (int)strlen(l);

		fprintf(f, "  %.*s\n", n, l);
		l += n + (nl ? 1 : 0);
	}
	if (fclose(f) != 0) {
		free(entry);
		return;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd >= 0) {
		ssize_t w = write(fd, entry, size);

		(void)w;
		close(fd);
	}
	free(entry);
}

/* A notification server is reached through the session bus: without
 * one (no desktop) there is nobody to show it to. */
static bool have_session_bus(void)
{
	const char *runtime = getenv("XDG_RUNTIME_DIR");
	char bus[PATH_MAX];

	if (getenv("DBUS_SESSION_BUS_ADDRESS"))
		return true;
	if (!runtime || runtime[0] != '/')
		return false;
	snprintf(bus, sizeof(bus), "%s/bus", runtime);
	return access(bus, F_OK) == 0;
}

/* The body may be read as markup by the server: &, < and > escaped. */
static void escape_markup(char *out, size_t size, const char *in)
{
	size_t o = 0;

	for (; *in && o + 6 < size; in++) {
		const char *e = *in == '&' ? "&amp;" : *in == '<' ? "&lt;" :
				*in == '>' ? "&gt;" : NULL;

		if (e) {
			memcpy(out + o, e, strlen(e));
			o += strlen(e);
		} else {
			out[o++] = *in;
		}
	}
	out[o] = '\0';
}

/*
 * notify-send (libnotify-bin), a well-kept client of the freedesktop
 * notification service, in a grandchild of its own session: the
 * launcher waits for nothing but the child's immediate exit, and the
 * notification outlives nestbox if the server is slow to answer.
 */
static void notify(const char *summary, const char *body)
{
	pid_t child = fork();

	if (child < 0)
		return;
	if (child == 0) {
		int null;

		if (fork() != 0)
			_exit(0);
		setsid();
		null = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execlp("notify-send", "notify-send", "--app-name=nestbox",
		       "--icon=dialog-error", "--", summary, body, (char *)NULL);
		_exit(127);
	}
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
		;
}

int menulog_end(const char *program, int status, bool launch)
{
	char text[KEPT_BYTES + 1], dirbuf[PATH_MAX], summary[512];
	char body[PATH_MAX + 256], raw[PATH_MAX + 256];
	const char *dir, *name;
	unsigned used, errors;
	bool failed;

	if (!kept)
		return status;
	nb_log_set_tee(NULL);
	used = __atomic_load_n(&kept->used, __ATOMIC_RELAXED);
	errors = __atomic_load_n(&kept->errors, __ATOMIC_RELAXED);
	if (used > KEPT_BYTES)
		used = KEPT_BYTES;
	memcpy(text, kept->text, used);
	text[used] = '\0';
	munmap(kept, sizeof(*kept));
	kept = NULL;
	if (!launch || used == 0)
		return status;
	for (char *c = text; *c; c++)
		if (((unsigned char)*c < 0x20 && *c != '\n') || *c == 0x7f)
			*c = '?';
	name = desktop_program_name(program);
	failed = errors > 0 && status >= NB_EXIT_ERROR &&
		 status <= NB_EXIT_NOTFOUND;
	dir = state_dir(dirbuf, sizeof(dirbuf));
	if (dir)
		append_log(dir, name, status, failed, text);
	if (!failed || !have_session_bus())
		return status;
	menulog_summary(name, text, summary, sizeof(summary));
	snprintf(raw, sizeof(raw),
		 "nestbox did not start %s in its sandbox (exit %d).%s%s%s", name,
		 status, dir ? " The full message is in " : "",
		 dir ? dir : "", dir ? "/" MENULOG_NAME "." : "");
	escape_markup(body, sizeof(body), raw);
	notify(summary, body);
	return status;
}
