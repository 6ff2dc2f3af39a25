// SPDX-License-Identifier: GPL-2.0-or-later
/* getpid-loop N: N raw getpid system calls; prints nanoseconds per call
 * (the best of 5 rounds, so a preemption does not count). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	double best = 1e18;

	for (int round = 0; round < 5; round++) {
		struct timespec a, b;
		double ns;

		clock_gettime(CLOCK_MONOTONIC, &a);
		for (long i = 0; i < n; i++)
			syscall(SYS_getpid);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
		if (ns < best)
			best = ns;
	}
	printf("%.1f\n", best);
	return 0;
}
