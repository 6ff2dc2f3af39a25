// SPDX-License-Identifier: GPL-2.0-or-later
#include "gopipe.h"

#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

bool go_wait(int fd, enum go_word word)
{
	char c = 0;
	ssize_t n;

	do
		n = read(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 && c == (char)word;
}

int go_say(int fd, enum go_word word)
{
	char c = (char)word;
	ssize_t n;

	do
		n = write(fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -1;
}

int go_say_if_alive(int fd, enum go_word word)
{
	struct timespec now = { 0, 0 };
	sigset_t pipe_only, saved;
	int rc, e;

	sigemptyset(&pipe_only);
	sigaddset(&pipe_only, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_only, &saved);
	rc = go_say(fd, word);
	e = errno;
	if (rc < 0 && e == EPIPE)
		sigtimedwait(&pipe_only, NULL, &now);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	errno = e;
	return rc;
}
