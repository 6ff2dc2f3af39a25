// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-startup RUNS NAME CMD... [:: NAME CMD...]...
 *
 * Runs each command RUNS times, alternating them round-robin so that drift
 * in the machine's state hits every command alike, and prints the median,
 * 10th and 90th percentile wall time of each, spawn to exit, the ratio
 * of the first command's median to each other's, and the median CPU time
 * of a run: user and system, of every process the command started.  We
 * are their subreaper, so the helpers a launcher kills without waiting
 * for their end (pasta, xdg-dbus-proxy) come to us and are counted too,
 * after the wall time has been taken; the next run starts once they are
 * gone.  On a machine with few CPUs, or a busy one, CPU time becomes
 * wall time.  A command whose first
 * run fails is reported as skipped.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_CMDS 16
#define WARMUP 5

struct cmd {
	const char *name;
	char **argv;
	double *ms;
	double *cpu;
	bool skipped;
	char why[64];
};

static double tv_ms(struct timeval t)
{
	return (double)t.tv_sec * 1e3 + (double)t.tv_usec / 1e3;
}

static double children_cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
}

/* What the command left to us: reaped, for 5 s at most (a daemon that
 * stays is not waited for, and not counted). */
static void reap_orphans(void)
{
	for (int i = 0; i < 5000; i++) {
		pid_t p = waitpid(-1, NULL, WNOHANG);

		if (p < 0 && errno == ECHILD)
			return;
		if (p <= 0)
			usleep(1000);
	}
}

static double run_once(char **argv, int *status, double *cpu)
{
	posix_spawn_file_actions_t fa;
	struct timespec a, b;
	double cpu0 = children_cpu_ms();
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		*status = -1;
		*cpu = 0;
		posix_spawn_file_actions_destroy(&fa);
		return 0;
	}
	waitpid(pid, status, 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	reap_orphans();
	*cpu = children_cpu_ms() - cpu0;
	posix_spawn_file_actions_destroy(&fa);
	return (double)(b.tv_sec - a.tv_sec) * 1e3 +
	       (double)(b.tv_nsec - a.tv_nsec) / 1e6;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

static double percentile(double *sorted, int n, double p)
{
	int i = (int)(p * (n - 1) + 0.5);

	return sorted[i];
}

int main(int argc, char *argv[])
{
	struct cmd cmds[MAX_CMDS];
	int n = 0, runs, status;

	if (argc < 4) {
		fprintf(stderr, "usage: %s RUNS NAME CMD... [:: NAME CMD...]\n",
			argv[0]);
		return 2;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	runs = atoi(argv[1]);
	if (runs < 1)
		runs = 1;
	for (int i = 2; i < argc && n < MAX_CMDS;) {
		struct cmd *c = &cmds[n++];

		memset(c, 0, sizeof(*c));
		c->name = argv[i++];
		c->argv = &argv[i];
		while (i < argc && strcmp(argv[i], "::") != 0)
			i++;
		if (i < argc)
			argv[i++] = NULL;
		c->ms = calloc((size_t)runs, sizeof(double));
		c->cpu = calloc((size_t)runs, sizeof(double));
		if (!c->ms || !c->cpu)
			return 1;
	}
	/* a first run decides whether a command takes part at all */
	for (int c = 0; c < n; c++) {
		double cpu;

		run_once(cmds[c].argv, &status, &cpu);
		if (status != 0) {
			cmds[c].skipped = true;
			snprintf(cmds[c].why, sizeof(cmds[c].why),
				 status < 0 ? "not found" : "failed (status %d)",
				 WIFEXITED(status) ? WEXITSTATUS(status) : status);
		}
	}
	for (int r = -WARMUP; r < runs; r++)
		for (int c = 0; c < n; c++) {
			double t, cpu;

			if (cmds[c].skipped)
				continue;
			t = run_once(cmds[c].argv, &status, &cpu);
			if (status != 0) {
				cmds[c].skipped = true;
				snprintf(cmds[c].why, sizeof(cmds[c].why),
					 "failed during the run");
				continue;
			}
			if (r >= 0) {
				cmds[c].ms[r] = t;
				cmds[c].cpu[r] = cpu;
			}
		}
	for (int c = 0; c < n; c++)
		if (!cmds[c].skipped) {
			qsort(cmds[c].ms, (size_t)runs, sizeof(double),
			      cmp_double);
			qsort(cmds[c].cpu, (size_t)runs, sizeof(double),
			      cmp_double);
		}
	for (int c = 0; c < n; c++) {
		struct cmd *k = &cmds[c];

		if (k->skipped) {
			printf("%-22s skipped (%s)\n", k->name, k->why);
			continue;
		}
		printf("%-22s median %7.2f ms  p10 %7.2f  p90 %7.2f", k->name,
		       percentile(k->ms, runs, 0.5), percentile(k->ms, runs, 0.1),
		       percentile(k->ms, runs, 0.9));
		if (c > 0 && !cmds[0].skipped)
			printf("  %s/this %.2f", cmds[0].name,
			       percentile(cmds[0].ms, runs, 0.5) /
				       percentile(k->ms, runs, 0.5));
		printf("  cpu %.2f ms\n", percentile(k->cpu, runs, 0.5));
	}
	return cmds[0].skipped ? 1 : 0;
}
