// SPDX-License-Identifier: GPL-2.0-or-later
#include "helper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void helper_child_setup(pid_t launcher, bool keep_stderr)
{
	sigset_t none;
	int null;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != launcher)
		_exit(1);
	setpgid(0, 0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		_exit(1);
	dup2(null, STDIN_FILENO);
	dup2(null, STDOUT_FILENO);
	if (!keep_stderr)
		dup2(null, STDERR_FILENO);
}

void helper_stop(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGTERM);
		while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	*pid = 0;
}

/* A helper that gave up before it was ready is ending: give it a moment
 * to be reaped, so the message can say how it ended. */
#define HELPER_END_WAIT_MS 1000

void helper_describe_end(pid_t *pid, char *buf, size_t size)
{
	int pidfd, status;
	struct pollfd p;

	buf[0] = '\0';
	if (*pid <= 0)
		return;
	pidfd = (int)syscall(SYS_pidfd_open, *pid, 0);
	if (pidfd >= 0) {
		p = (struct pollfd){ .fd = pidfd, .events = POLLIN };
		while (poll(&p, 1, HELPER_END_WAIT_MS) < 0 && errno == EINTR)
			;
		close(pidfd);
	}
	if (waitpid(*pid, &status, WNOHANG) != *pid)
		return;
	*pid = 0;
	if (WIFEXITED(status))
		snprintf(buf, size, "it exited with status %d",
			 WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "it was killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
}

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

long long helper_deadline(int ms)
{
	return now_ms() + ms;
}

int helper_ms_left(long long deadline)
{
	long long left = deadline - now_ms();

	return left < 0 ? 0 : left > 1000000000 ? 1000000000 : (int)left;
}

void helper_kill(pid_t *pid)
{
	if (*pid > 0)
		kill(*pid, SIGKILL);
	*pid = 0;
}
