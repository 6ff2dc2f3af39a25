// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The caller's descriptors and terminal, which the sandbox shares by
 * construction: the program inherits 0-2, and a terminal's modes belong
 * to the terminal, not to the process that set them.
 */
#include "callerio.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

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
 * The terminal's modes are put back when the sandbox ends.  Its window
 * size is guarded instead (below): the kernel cannot tell a resize by the
 * terminal emulator from one by the program, as both reach the
 * terminal's foreground process group, ours (the program has a session
 * of its own), as the same SIGWINCH; putting the size back would undo a
 * resize the user made while the program ran.
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

/* --- the window size ------------------------------------------------------ */

bool caller_tty_any(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (isatty(fd))
			return true;
	return false;
}

#define ARG_LOW(n) (offsetof(struct seccomp_data, args) + 8 * (n))

/*
 * ioctl(fd, TIOCSWINSZ, ...) to the listener, everything else allowed:
 * native and, for a program the main filter lets use it, i386 (its
 * ioctl is 54).  The request is an unsigned int to the kernel: only the
 * low 32 bits count (as for TIOCSTI).  x32 is the main filter's to
 * refuse.
 */
size_t caller_tty_guard_filter(struct sock_filter out[CALLER_TTY_GUARD_LEN])
{
	const struct sock_filter f[CALLER_TTY_GUARD_LEN] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 3, 5),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 4),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 54, 0, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LOW(1)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSWINSZ, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};

	memcpy(out, f, sizeof(f));
	return CALLER_TTY_GUARD_LEN;
}

int caller_tty_guard_install(struct nb_error *err)
{
	struct sock_filter f[CALLER_TTY_GUARD_LEN];
	struct sock_fprog prog = { .len = (unsigned short)caller_tty_guard_filter(f),
				   .filter = f };
	int fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			      SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);

	if (fd < 0)
		return nb_fail(err, errno, "load the terminal's seccomp filter");
	return fd;
}

/*
 * Whether @fd of ours and @st are the same terminal.  A pty's device
 * number is its index in its devpts instance: the sandbox's own ptys
 * (private-dev's devpts) have the same numbers as the host's, so there
 * the file system must be the same too.  Other terminals (a console's,
 * a serial line's) have one number on the machine.
 */
static bool same_tty(int fd, const struct stat *st)
{
	struct stat mine;
	unsigned maj = major(st->st_rdev);

	if (!isatty(fd) || fstat(fd, &mine) < 0 || !S_ISCHR(mine.st_mode) ||
	    mine.st_rdev != st->st_rdev)
		return false;
	/* Unix 98 pty slaves (devices.txt: 136-143) */
	return maj < 136 || maj > 143 || mine.st_dev == st->st_dev;
}

/*
 * The call is made here, on the program's own file (pidfd_getfd), never
 * let go on in the program (SECCOMP_USER_NOTIF_FLAG_CONTINUE): between
 * the check and the call the program could put the caller's terminal
 * under the same descriptor number.  init may take it: it owns the
 * program's user namespace.
 */
static int winsize_call(int listener, const struct seccomp_notif *req,
			long *val)
{
	struct winsize ws;
	struct stat st;
	struct iovec local = { &ws, sizeof(ws) };
	struct iovec remote = { (void *)(uintptr_t)req->data.args[2],
				sizeof(ws) };
	int pidfd, fd, e;

	pidfd = (int)syscall(SYS_pidfd_open, (pid_t)req->pid, 0);
	if (pidfd < 0)
		return -EPERM;
	/* the pid still the caller's, not gone and reused before the pidfd
	 * held it */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0) {
		close(pidfd);
		return -EPERM;
	}
	fd = (int)syscall(SYS_pidfd_getfd, pidfd, (int)req->data.args[0], 0);
	e = errno;
	close(pidfd);
	if (fd < 0)
		return e == EBADF ? -EBADF : -EPERM;
	e = 0;
	if (fstat(fd, &st) < 0)
		e = -EPERM;
	/* the caller's terminal: its size is the terminal emulator's */
	else if (S_ISCHR(st.st_mode) &&
		 (same_tty(0, &st) || same_tty(1, &st) || same_tty(2, &st)))
		e = -EPERM;
	else if (process_vm_readv((pid_t)req->pid, &local, 1, &remote, 1, 0) !=
		 (ssize_t)sizeof(ws))
		e = -EFAULT;
	/* read from the caller's memory, by pid: still the caller's */
	else if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0)
		e = -EPERM;
	else if ((*val = ioctl(fd, TIOCSWINSZ, &ws)) < 0)
		e = -errno;
	close(fd);
	return e;
}

int caller_tty_guard_answer(int listener)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	long val = 0;

	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return errno == EINTR || errno == ENOENT ? 0 : -1;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.error = winsize_call(listener, &req, &val);
	resp.val = resp.error ? 0 : val;
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 &&
	    errno != ENOENT && errno != EINTR)
		return -1;
	return 0;
}
