// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The caller's descriptors and terminal, which the sandbox shares by
 * construction: the program inherits 0-2, and a terminal's modes belong
 * to the terminal, not to the process that set them.
 */
#include "callerio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const stdio_names[] = { "standard input",
					   "standard output",
					   "standard error" };

/*
 * A directory in 0-2 is a handle on the host's tree below it: openat(0,
 * ...) or /proc/self/fd/0/... reach every file there, whatever the mount
 * namespace hides (`nestbox ... 0</`).  An O_PATH descriptor is the same
 * handle without read access.  Refused rather than replaced with
 * /dev/null: a program meant to read or write there would run and
 * silently do nothing, and a caller who passes a directory made a
 * mistake worth hearing about.  A closed descriptor stays closed.
 */
int callerio_check_stdio(struct nb_error *err)
{
	for (int fd = 0; fd <= 2; fd++) {
		struct stat st;
		int flags = fcntl(fd, F_GETFL);

		if (flags < 0)
			continue; /* not open */
		if (flags & O_PATH)
			return nb_fail(err, 0,
				       "descriptor %d (%s) is an O_PATH descriptor: the program could reach the host's files through it; refusing it",
				       fd, stdio_names[fd]);
		if (fstat(fd, &st) < 0)
			return nb_fail(err, errno, "descriptor %d (%s)", fd,
				       stdio_names[fd]);
		if (S_ISDIR(st.st_mode))
			return nb_fail(err, 0,
				       "descriptor %d (%s) is a directory: the program could reach the host's files through it (/proc/self/fd/%d/); refusing it",
				       fd, stdio_names[fd], fd);
	}
	return 0;
}

void caller_tty_save(struct caller_tty *tty)
{
	tty->saved = isatty(STDIN_FILENO) &&
		     tcgetattr(STDIN_FILENO, &tty->modes) == 0;
}

/*
 * The window size is not put back: the user may have resized the
 * terminal while the program ran, and the kernel cannot say whether the
 * size it holds now came from the terminal emulator or from the program.
 */
void caller_tty_restore(const struct caller_tty *tty)
{
	struct termios now;

	/* a job in the background leaves the foreground job's modes be */
	if (!tty->saved || tcgetpgrp(STDIN_FILENO) != getpgrp() ||
	    tcgetattr(STDIN_FILENO, &now) < 0 ||
	    memcmp(&now, &tty->modes, sizeof(now)) == 0)
		return;
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &tty->modes) < 0)
		nb_debug("terminal modes not restored: %s", strerror(errno));
}
