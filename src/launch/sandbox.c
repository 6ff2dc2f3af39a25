// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox.h"

#include <errno.h>
#include <poll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const int forwarded[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH,
};

void sandbox_forwarded_signals(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(*forwarded); i++)
		sigaddset(set, forwarded[i]);
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int sandbox_wait_forwarding(pid_t child)
{
	sigset_t set;
	siginfo_t si;
	int status;

	sandbox_forwarded_signals(&set);
	sigaddset(&set, SIGCHLD);
	for (;;) {
		int sig = sigwaitinfo(&set, &si);

		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			kill(child, sig);
			continue;
		}
		if (waitpid(child, &status, WNOHANG) == child)
			break;
	}
	return exit_code(status);
}

/* One forwarded signal or SIGCHLD from @sfd: the child's exit code once
 * it has exited, else -1. */
static int take_signal(int sfd, pid_t child)
{
	struct signalfd_siginfo si;
	int status;

	if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return -1;
	if (si.ssi_signo != SIGCHLD) {
		kill(child, (int)si.ssi_signo);
		return -1;
	}
	if (waitpid(child, &status, WNOHANG) == child)
		return exit_code(status);
	return -1;
}

/*
 * init's last word comes just before its exit: reap it, so that it does
 * not stay a zombie of the machine's init once we are gone (some reap
 * slowly), but never hold the caller for it: a bounded wait on its pidfd,
 * which costs a few microseconds when init is already gone.
 */
static void reap_init_shortly(pid_t init)
{
	struct pollfd pfd = { .events = POLLIN };

	if (waitpid(init, NULL, WNOHANG) != 0)
		return;
	pfd.fd = (int)syscall(SYS_pidfd_open, init, 0);
	if (pfd.fd < 0)
		return;
	if (poll(&pfd, 1, 200) == 1)
		waitpid(init, NULL, WNOHANG);
	close(pfd.fd);
}

int sandbox_wait_ended(pid_t init, int end_fd)
{
	struct pollfd fds[2] = { { .events = POLLIN },
				 { .fd = end_fd, .events = POLLIN } };
	sigset_t set;
	int code = -1;

	sandbox_forwarded_signals(&set);
	sigaddset(&set, SIGCHLD);
	fds[0].fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (fds[0].fd < 0)
		return sandbox_wait_forwarding(init);
	while (code < 0) {
		unsigned char word;
		ssize_t n;

		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents & POLLIN)
			code = take_signal(fds[0].fd, init);
		if (code >= 0 || !fds[1].revents)
			continue;
		n = read(end_fd, &word, 1);
		if (n == 1)
			code = word;
		else if (n == 0 || errno != EINTR)
			fds[1].fd = -1; /* init died without a word: its exit */
	}
	close(fds[0].fd);
	if (code < 0)
		return sandbox_wait_forwarding(init);
	reap_init_shortly(init);
	return code;
}
