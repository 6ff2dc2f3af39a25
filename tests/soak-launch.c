// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * soak-launch RESULT SECONDS CMD...
 *
 * Runs CMD once for the soak test (tests/soak.sh), with stdin from
 * /dev/null and stdout and stderr inherited, and writes one line to the
 * file RESULT:
 *
 *	STATUS MAXRSS_KB WALL_MS
 *
 * STATUS is CMD's exit status, 128+N if it died of signal N, "timeout" if it
 * was still running after SECONDS (it then gets SIGTERM, and SIGKILL 5 s
 * later, so a hung launch can never stretch the soak), or "spawn" if it
 * could not be started.  MAXRSS_KB is what wait4() reports: the peak
 * resident set of CMD or of any descendant it reaped, whichever is larger
 * (the same figure as GNU time's %M).  The measuring process is not part of
 * it, which is why this is not `timeout ... /usr/bin/time ...`: both tools
 * would either add their own RSS or leave CMD running when killed.
 *
 * Exit status: 0 when RESULT was written, 2 on a usage or I/O error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define KILL_GRACE_S 5

static double ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 +
	       (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

/*
 * Wait for PID (through PIDFD) until LIMIT_MS after START; 0 when it ended
 * (STATUS and RU filled), 1 when it is still running.  poll() on a pidfd,
 * not a sleep loop: eight workers polling every millisecond would take a
 * share of the CPUs the launches are measured on.
 */
static int wait_up_to(pid_t pid, int pidfd, const struct timespec *start,
		      double limit_ms, int *status, struct rusage *ru)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	double left;

	for (;;) {
		left = limit_ms - ms_since(start);
		if (left <= 0)
			return 1;
		if (poll(&p, 1, (int)left + 1) < 0 && errno != EINTR)
			break;
		if (p.revents & POLLIN)
			break;
	}
	wait4(pid, status, 0, ru);
	return 0;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	struct timespec start;
	struct rusage ru;
	char status_text[32];
	double limit_ms, wall_ms;
	int status = 0, timed_out, pidfd;
	pid_t pid;
	FILE *out;

	if (argc < 4) {
		fprintf(stderr,
			"usage: soak-launch RESULT SECONDS CMD [ARGS...]\n");
		return 2;
	}
	limit_ms = atof(argv[2]) * 1e3;
	out = fopen(argv[1], "we");
	if (!out) {
		fprintf(stderr, "soak-launch: %s: %s\n", argv[1],
			strerror(errno));
		return 2;
	}
	memset(&ru, 0, sizeof(ru));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	clock_gettime(CLOCK_MONOTONIC, &start);
	if (posix_spawnp(&pid, argv[3], &fa, NULL, argv + 3, environ) != 0) {
		fprintf(out, "spawn 0 0\n");
		fclose(out);
		return 0;
	}
	posix_spawn_file_actions_destroy(&fa);
	/* CMD is our unreaped child: its pid cannot be reused under us */
	pidfd = pidfd_open(pid, 0);
	if (pidfd < 0) {
		fprintf(stderr, "soak-launch: pidfd_open: %s\n",
			strerror(errno));
		kill(pid, SIGKILL);
		wait4(pid, &status, 0, &ru);
		fclose(out);
		return 2;
	}

	timed_out = wait_up_to(pid, pidfd, &start, limit_ms, &status, &ru);
	if (timed_out) {
		kill(pid, SIGTERM);
		if (wait_up_to(pid, pidfd, &start,
			       limit_ms + KILL_GRACE_S * 1e3, &status, &ru)) {
			kill(pid, SIGKILL);
			wait4(pid, &status, 0, &ru);
		}
	}
	wall_ms = ms_since(&start);

	if (timed_out)
		snprintf(status_text, sizeof(status_text), "timeout");
	else if (WIFSIGNALED(status))
		snprintf(status_text, sizeof(status_text), "%d",
			 128 + WTERMSIG(status));
	else
		snprintf(status_text, sizeof(status_text), "%d",
			 WEXITSTATUS(status));
	fprintf(out, "%s %ld %.1f\n", status_text, ru.ru_maxrss, wall_ms);
	if (fclose(out) != 0) {
		fprintf(stderr, "soak-launch: %s: %s\n", argv[1],
			strerror(errno));
		return 2;
	}
	return 0;
}
