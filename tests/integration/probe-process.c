// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-process: what the program's process is allowed, from inside
 * (process.sh).  Prints "OK" or the errno name for one operation, or the
 * value asked for (a count, a limit, a line of /proc/self/status).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *errname(int e)
{
	const char *name = strerrorname_np(e);

	return name ? name : "E?";
}

static int report(long rc)
{
	if (rc < 0) {
		printf("%s\n", errname(errno));
		return 1;
	}
	printf("OK\n");
	return 0;
}

/* Children that wait until killed, forked until fork fails: "N ERRNO". */
static int fork_count(void)
{
	pid_t kids[4096];
	int n = 0, e = 0;

	while (n < 4096) {
		pid_t pid = fork();

		if (pid < 0) {
			e = errno;
			break;
		}
		if (pid == 0) {
			pause();
			_exit(0);
		}
		kids[n++] = pid;
	}
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	printf("%d %s\n", n, e ? errname(e) : "none");
	return 0;
}

/* Descriptors opened until open fails: "N ERRNO". */
static int open_count(void)
{
	int n = 0;

	while (n < 1 << 20 && open("/dev/null", O_RDONLY) >= 0)
		n++;
	printf("%d %s\n", n, errname(errno));
	return 0;
}

/* Real-time signals queued to ourselves until the queue is full. */
static int sigqueue_count(void)
{
	union sigval v = { 0 };
	sigset_t set;
	int n = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	while (n < 1 << 20 && sigqueue(getpid(), SIGRTMIN, v) == 0)
		n++;
	printf("%d %s\n", n, errname(errno));
	return 0;
}

static int print_rlimit(const char *name)
{
	static const struct {
		const char *name;
		int resource;
	} r[] = {
		{ "as", RLIMIT_AS },	     { "cpu", RLIMIT_CPU },
		{ "fsize", RLIMIT_FSIZE },   { "nofile", RLIMIT_NOFILE },
		{ "nproc", RLIMIT_NPROC },   { "sigpending", RLIMIT_SIGPENDING },
	};

	for (size_t i = 0; i < sizeof(r) / sizeof(*r); i++) {
		struct rlimit l;

		if (strcmp(r[i].name, name))
			continue;
		if (getrlimit(r[i].resource, &l) < 0)
			return report(-1);
		if (l.rlim_cur == RLIM_INFINITY)
			printf("unlimited ");
		else
			printf("%llu ", (unsigned long long)l.rlim_cur);
		if (l.rlim_max == RLIM_INFINITY)
			printf("unlimited\n");
		else
			printf("%llu\n", (unsigned long long)l.rlim_max);
		return 0;
	}
	fprintf(stderr, "probe-process: unknown limit '%s'\n", name);
	return 2;
}

/* The value of one line of /proc/self/status ("CapEff", "Groups"). */
static int print_status(const char *field)
{
	char line[512];
	size_t len = strlen(field);
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return report(-1);
	while (fgets(line, sizeof(line), f)) {
		char *v = line + len + 1;

		if (strncmp(line, field, len) || line[len] != ':')
			continue;
		v += strspn(v, " \t");
		v[strcspn(v, "\n")] = '\0';
		/* Groups ends with a space when not empty */
		for (size_t n = strlen(v); n && v[n - 1] == ' '; n--)
			v[n - 1] = '\0';
		printf("%s\n", v);
		fclose(f);
		return 0;
	}
	fclose(f);
	printf("missing\n");
	return 1;
}

static int print_affinity(void)
{
	cpu_set_t set;
	const char *sep = "";

	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return report(-1);
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set)) {
			printf("%s%d", sep, c);
			sep = ",";
		}
	printf("\n");
	return 0;
}

/* What descriptor N holds (its first line), or why it cannot be read. */
static int read_fd(int fd)
{
	char buf[128];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	if (n < 0)
		return report(-1);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("%s\n", buf);
	return 0;
}

/* @bytes written to @path, with SIGXFSZ ignored so RLIMIT_FSIZE shows
 * as EFBIG. */
static long write_bytes(const char *path, long bytes)
{
	char block[1024];
	int fd;

	signal(SIGXFSZ, SIG_IGN);
	memset(block, 'x', sizeof(block));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	while (bytes > 0) {
		size_t chunk = bytes < 1024 ? (size_t)bytes : 1024;
		ssize_t w = write(fd, block, chunk);

		if (w < 0) {
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
		bytes -= w;
	}
	close(fd);
	return 0;
}

static long map_bytes(long bytes)
{
	void *p = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? -1 : 0;
}

static long write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t w;

	if (fd < 0)
		return -1;
	w = write(fd, text, strlen(text));
	close(fd);
	return w < 0 ? -1 : 0;
}

int main(int argc, char *argv[])
{
	const char *op = argc > 1 ? argv[1] : "";
	const char *a1 = argc > 2 ? argv[2] : "";
	const char *a2 = argc > 3 ? argv[3] : "";
	const char *a3 = argc > 4 ? argv[4] : "";

	if (!strcmp(op, "fork-count"))
		return fork_count();
	if (!strcmp(op, "open-count"))
		return open_count();
	if (!strcmp(op, "sigqueue-count"))
		return sigqueue_count();
	if (!strcmp(op, "rlimit"))
		return print_rlimit(a1);
	if (!strcmp(op, "status"))
		return print_status(a1);
	if (!strcmp(op, "nice")) {
		errno = 0;
		printf("%d\n", getpriority(PRIO_PROCESS, 0));
		return 0;
	}
	if (!strcmp(op, "affinity"))
		return print_affinity();
	if (!strcmp(op, "fd"))
		return read_fd(atoi(a1));
	if (!strcmp(op, "write-bytes"))
		return report(write_bytes(a1, atol(a2)));
	if (!strcmp(op, "mmap"))
		return report(map_bytes(atol(a1)));
	if (!strcmp(op, "chown"))
		return report(chown(a1, (uid_t)atoi(a2), (gid_t)atoi(a3)));
	if (!strcmp(op, "umount"))
		return report(umount2(a1, MNT_DETACH));
	if (!strcmp(op, "remount-rw"))
		return report(mount(NULL, a1, NULL, MS_REMOUNT | MS_BIND, NULL));
	if (!strcmp(op, "unshare-user"))
		return report(unshare(CLONE_NEWUSER));
	if (!strcmp(op, "write-file"))
		return report(write_file(a1, a2));
	if (!strcmp(op, "cpu-burn"))
		for (volatile unsigned long i = 0;; i++)
			;
	fprintf(stderr, "probe-process: unknown operation '%s'\n", op);
	return 2;
}
