// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-filter: the cost of nestbox's seccomp filter itself.
 *   bench-filter OUT.bpf [seccomp]
 * Builds the rule set (the baseline; with "seccomp", plus firejail's
 * default list), prints the median time to compile it with libseccomp and
 * to load it (seccomp(2) in a fresh child), and writes the BPF to OUT.bpf
 * for `bwrap --seccomp FD`, so bwrap runs a filter of the same size.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "seccomp.h"
#include "seccomp_policy.h"

#define REPS 41

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* Load it in a child (a filter cannot be removed), report the time. */
static double load_once(const struct seccomp_bpf *bpf)
{
	int p[2];
	double t = -1;
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		struct sock_fprog prog = { (unsigned short)bpf->len, bpf->insns };
		double t0;

		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		t0 = now_us();
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
			_exit(1);
		t0 = now_us() - t0;
		if (write(p[1], &t0, sizeof(t0)) != sizeof(t0))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &t, sizeof(t)) != sizeof(t))
		t = -1;
	close(p[0]);
	waitpid(pid, NULL, 0);
	return t;
}

int main(int argc, char *argv[])
{
	struct policy_seccomp s;
	struct nb_error err;
	double compile[REPS], load[REPS];
	struct seccomp_bpf bpf = { 0 };
	size_t rules = 0;
	FILE *out;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-filter OUT.bpf [seccomp]\n");
		return 2;
	}
	seccomp_policy_init(&s);
	s.default_group = argc > 2 && !strcmp(argv[2], "seccomp");
	for (int i = 0; i < REPS; i++) {
		struct seccomp_plan plan;
		double t0 = now_us();

		seccomp_plan_init(&plan);
		if (seccomp_plan_build(&plan, &s, &err) < 0 ||
		    (seccomp_bpf_free(&bpf), seccomp_compile(&plan, &bpf, &err)) < 0) {
			fprintf(stderr, "bench-filter: %s\n", err.msg);
			return 1;
		}
		compile[i] = now_us() - t0;
		rules = plan.n;
		seccomp_plan_free(&plan);
	}
	for (int i = 0; i < REPS; i++)
		load[i] = load_once(&bpf);
	out = fopen(argv[1], "w");
	if (!out || fwrite(bpf.insns, sizeof(struct sock_filter), bpf.len, out) != bpf.len ||
	    fclose(out) != 0) {
		perror(argv[1]);
		return 1;
	}
	printf("  filter (%s): %zu rules, %zu BPF instructions; plan+compile %.0f us, load %.1f us (medians of %d)\n",
	       s.default_group ? "baseline + seccomp" : "baseline", rules,
	       bpf.len, median(compile, REPS), median(load, REPS), REPS);
	seccomp_bpf_free(&bpf);
	return 0;
}
