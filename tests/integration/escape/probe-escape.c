// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-escape: one escape attempt per subcommand (the escape battery,
 * the escape/ scripts).  The same probe runs inside the sandbox
 * (where the attempt must fail) and outside it (the control: the same
 * attempt succeeds, so the sandbox is what stops it).  Prints "OK" or the
 * errno name, or what was reached (a file's first line, a count, a line
 * of /proc/PID/status).
 */
#include <errno.h>
#include <linux/io_uring.h>
#include <linux/netlink.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
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

/* The first line of what @fd holds, or the errno of the read. */
static int print_first_line(int fd)
{
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	if (n < 0)
		return report(-1);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("%s\n", buf);
	return 0;
}

/* read PATH: its first line, or why it cannot be opened. */
static int do_read(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return report(-1);
	rc = print_first_line(fd);
	close(fd);
	return rc;
}

/* write PATH TEXT: one write, as a shell's `echo TEXT > PATH` would. */
static int do_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return report(-1);
	n = write(fd, text, strlen(text));
	close(fd);
	return report(n < 0 ? -1 : 0);
}

/* fd N NAME: the first line of NAME opened below the inherited
 * descriptor N (EBADF: the descriptor is not there). */
static int do_fd(int n, const char *name)
{
	int fd;
	int rc;

	if (fcntl(n, F_GETFD) < 0)
		return report(-1);
	fd = openat(n, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(-1);
	rc = print_first_line(fd);
	close(fd);
	return rc;
}

static int do_ptrace(pid_t pid)
{
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0)
		return report(-1);
	ptrace(PTRACE_DETACH, pid, NULL, NULL);
	return report(0);
}

/* handle-get PATH: "TYPE HEX", the file handle of PATH (outside). */
static int do_handle_get(const char *path)
{
	struct file_handle *fh = malloc(sizeof(*fh) + MAX_HANDLE_SZ);
	int mount_id;

	if (!fh)
		return report(-1);
	fh->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, path, fh, &mount_id, 0) < 0) {
		free(fh);
		return report(-1);
	}
	printf("%d ", fh->handle_type);
	for (unsigned i = 0; i < fh->handle_bytes; i++)
		printf("%02x", fh->f_handle[i]);
	printf("\n");
	free(fh);
	return 0;
}

/* handle-open MOUNT-PATH TYPE HEX: open a handle made outside, relative
 * to the mount of MOUNT-PATH, and print the first line reached. */
static int do_handle_open(const char *mount_path, const char *type,
			  const char *hex)
{
	size_t n = strlen(hex) / 2;
	struct file_handle *fh = malloc(sizeof(*fh) + n + 1);
	int mfd, fd, rc;

	if (!fh)
		return report(-1);
	fh->handle_bytes = (unsigned)n;
	fh->handle_type = atoi(type);
	for (size_t i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &fh->f_handle[i]);
	mfd = open(mount_path, O_PATH | O_CLOEXEC);
	if (mfd < 0) {
		free(fh);
		return report(-1);
	}
	fd = open_by_handle_at(mfd, fh, O_RDONLY | O_CLOEXEC);
	close(mfd);
	free(fh);
	if (fd < 0)
		return report(-1);
	rc = print_first_line(fd);
	close(fd);
	return rc;
}

/* unmount PATH: every way the program could take a mount away. */
static int do_unmount(const char *path)
{
	printf("umount %s\n", umount2(path, MNT_DETACH) < 0 ? errname(errno) : "OK");
	printf("mount %s\n", mount("none", path, "tmpfs", 0, NULL) < 0 ?
				     errname(errno) : "OK");
	printf("open_tree %s\n",
	       syscall(SYS_open_tree, AT_FDCWD, path, 1 /* OPEN_TREE_CLONE */) < 0 ?
		       errname(errno) : "OK");
	return 0;
}

/* userns: the three ways to a new user namespace; then, if one was
 * obtained, the mount attack it allows: unmount PATH there. */
static int do_userns(const char *path)
{
	pid_t pid;
	int status;

	pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL,
			     NULL, NULL);
	if (pid == 0)
		_exit(0);
	printf("clone %s\n", pid < 0 ? errname(errno) : "OK");
	if (pid > 0)
		waitpid(pid, &status, 0);
	printf("clone3 %s\n", syscall(SYS_clone3, NULL, 0) < 0 ?
				      errname(errno) : "OK");
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0) {
		printf("unshare %s\n", errname(errno));
		return 0;
	}
	printf("unshare OK\n");
	/* mounts inherited from a more privileged namespace are locked
	 * (mount_namespaces(7)): this must fail even here */
	printf("umount %s\n", umount2(path, MNT_DETACH) < 0 ? errname(errno) : "OK");
	return do_read(path);
}

/* tiocsti: push one byte into the input of the terminal on stdin. */
static int do_tiocsti(void)
{
	char c = '#';

	return report(ioctl(0, TIOCSTI, &c));
}

/* pending: the bytes waiting as input on the terminal on stdin ("0" if
 * none), and what they are.  Canonical mode counts only complete lines:
 * non-canonical mode shows an injected byte without its newline. */
static int do_pending(void)
{
	struct termios old, raw;
	char buf[64];
	int n = 0;
	ssize_t got = 0;

	if (tcgetattr(0, &old) < 0)
		return report(-1);
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSANOW, &raw) < 0 || ioctl(0, FIONREAD, &n) < 0)
		return report(-1);
	if (n > 0)
		got = read(0, buf, sizeof(buf) - 1);
	tcsetattr(0, TCSANOW, &old);
	/* the bytes, non-printable ones in octal: script(1) may add an
	 * end-of-file (\004) of its own when its input ends */
	printf("%d ", n);
	for (ssize_t i = 0; i < got; i++)
		printf(buf[i] > ' ' && buf[i] < 127 ? "%c" : "\\%03o",
		       (unsigned char)buf[i]);
	printf("\n");
	return 0;
}

/* setuid PATH: start PATH (setuid root, blocking on its standard input),
 * once it waits there print its "Uid:" line, then kill it. */
static int do_setuid(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char status_path[64], line[256], uid[256] = "";
	int in[2];
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) < 0)
		return report(-1);
	pid = fork();
	if (pid < 0)
		return report(-1);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		/* its prompt is not part of the answer */
		dup2(in[0], 0);
		dup2(null, 1);
		dup2(null, 2);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	snprintf(status_path, sizeof(status_path), "/proc/%d/status", pid);
	/* polled until the new program sleeps on its input (its name is
	 * set and its credentials committed at execve) */
	for (int i = 0; i < 400 && !uid[0]; i++) {
		FILE *f = fopen(status_path, "re");
		char name[256] = "", state = '?';

		if (!f)
			break;
		while (fgets(line, sizeof(line), f)) {
			if (sscanf(line, "Name: %255s", name) == 1)
				continue;
			if (sscanf(line, "State: %c", &state) == 1)
				continue;
			if (!strncmp(line, "Uid:", 4) && !strcmp(name, base) &&
			    state == 'S')
				snprintf(uid, sizeof(uid), "%s", line);
		}
		fclose(f);
		if (!uid[0])
			usleep(10000);
	}
	kill(pid, SIGKILL);
	close(in[1]);
	waitpid(pid, NULL, 0);
	if (!uid[0]) {
		printf("never waited on its input\n");
		return 1;
	}
	/* "Uid: real effective saved fs", tabs made spaces */
	for (char *p = uid; *p; p++)
		if (*p == '\t' || *p == '\n')
			*p = *p == '\n' ? '\0' : ' ';
	printf("%s\n", uid);
	return 0;
}

/* An AF_UNIX address: "@NAME" is abstract, anything else a path. */
static socklen_t unix_addr(const char *name, struct sockaddr_un *a)
{
	size_t n = strlen(name);

	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (n >= sizeof(a->sun_path))
		n = sizeof(a->sun_path) - 1;
	memcpy(a->sun_path, name, n);
	if (name[0] == '@')
		a->sun_path[0] = '\0';
	else
		n++;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
}

static int do_connect(const char *name)
{
	struct sockaddr_un a;
	socklen_t len = unix_addr(name, &a);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int rc;

	if (s < 0)
		return report(-1);
	rc = connect(s, (struct sockaddr *)&a, len);
	close(s);
	return report(rc);
}

/* listen NAME: a listener until killed; "listening" once it is. */
static int do_listen(const char *name)
{
	struct sockaddr_un a;
	socklen_t len = unix_addr(name, &a);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (s < 0 || bind(s, (struct sockaddr *)&a, len) < 0 ||
	    listen(s, 16) < 0)
		return report(-1);
	printf("listening\n");
	fflush(stdout);
	for (;;) {
		int c = accept(s, NULL, NULL);

		if (c >= 0)
			close(c);
	}
}

/* fd-send N PATH: send a descriptor of PATH out through socket N. */
static int do_fd_send(int n, const char *path)
{
	char data = 'x';
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	int fd;

	if (fcntl(n, F_GETFD) < 0)
		return report(-1);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return report(-1);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	/* silent when sent: the receiver's lines are the answer */
	if (sendmsg(n, &msg, MSG_NOSIGNAL) < 0)
		return report(-1);
	/* the sandbox stays up while the receiver looks: its mounts die
	 * with it.  The receiver closes its end when done. */
	while (read(n, &data, 1) > 0)
		;
	return 0;
}

/*
 * fd-receive N NAME... -- CMD...: run CMD with one end of a socket pair
 * as its descriptor N; receive the descriptor it sends, then print, for
 * each NAME, the first line of NAME opened below it (what the receiver
 * outside can reach with it).  "none" if nothing was sent.
 */
static int do_fd_receive(int n, char **names, char **cmd)
{
	char data;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	int sv[2], fd = -1, status;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return report(-1);
	pid = fork();
	if (pid < 0)
		return report(-1);
	if (pid == 0) {
		/* dup2 clears close-on-exec: N stays open across exec */
		if (dup2(sv[1], n) < 0)
			_exit(127);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	close(sv[1]);
	if (recvmsg(sv[0], &msg, 0) > 0) {
		c = CMSG_FIRSTHDR(&msg);
		if (c && c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	}
	if (fd < 0) {
		close(sv[0]);
		waitpid(pid, &status, 0);
		printf("none\n");
		return 0;
	}
	for (; *names; names++) {
		int f = openat(fd, *names, O_RDONLY | O_CLOEXEC);

		printf("%s: ", *names);
		fflush(stdout);
		if (f < 0) {
			report(-1);
			continue;
		}
		print_first_line(f);
		close(f);
	}
	close(fd);
	close(sv[0]);
	waitpid(pid, &status, 0);
	return 0;
}

/* statfs PATH: the size of the file system holding PATH, in bytes. */
static int do_statfs(const char *path)
{
	struct statfs s;

	if (statfs(path, &s) < 0)
		return report(-1);
	printf("%llu\n", (unsigned long long)s.f_blocks * (unsigned long long)s.f_bsize);
	return 0;
}

/* fill PATH MAX: write up to MAX bytes into PATH, in 64 KiB writes;
 * "N ERRNO" (N bytes written before the error) or "N OK". */
static int do_fill(const char *path, unsigned long long max)
{
	static char buf[1 << 16];
	unsigned long long n = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		return report(-1);
	memset(buf, 'f', sizeof(buf));
	while (n < max) {
		size_t want = max - n < sizeof(buf) ? (size_t)(max - n) : sizeof(buf);
		ssize_t w = write(fd, buf, want);

		if (w < 0) {
			printf("%llu %s\n", n, errname(errno));
			close(fd);
			return 0;
		}
		n += (unsigned long long)w;
	}
	close(fd);
	printf("%llu OK\n", n);
	return 0;
}

/*
 * fork-bomb: every process forks until fork fails, then waits to be
 * killed.  The first failure is reported through a pipe to the
 * original, which prints its errno and exits: what is left must die
 * with the sandbox.
 */
static int do_fork_bomb(void)
{
	int p[2];
	int e;

	if (pipe(p) < 0)
		return report(-1);
	if (fork() == 0) {
		close(p[0]);
		for (;;) {
			pid_t pid = fork();

			if (pid < 0) {
				e = errno;
				if (write(p[1], &e, sizeof(e)) < 0)
					_exit(1);
				for (;;)
					pause();
			}
		}
	}
	close(p[1]);
	if (read(p[0], &e, sizeof(e)) != sizeof(e))
		return report(-1);
	printf("%s\n", errname(e));
	return 0;
}

/*
 * A socket made by io_uring (IORING_OP_SOCKET), not by socket(2): the
 * audit netlink socket, which the baseline's filter refuses to socket(2).
 * "setup ERR" when the ring cannot be made, else the operation's answer.
 */
static int do_io_uring_socket(void)
{
	struct io_uring_params p = { 0 };
	struct io_uring_sqe *sqes, *sqe;
	struct io_uring_cqe *cqe;
	unsigned *tail, *array, mask, *cq_head, cq_mask;
	size_t sq_len, cq_len;
	char *sq, *cq;
	int ring = (int)syscall(SYS_io_uring_setup, 4, &p);

	if (ring < 0) {
		printf("setup %s\n", errname(errno));
		return 1;
	}
	sq_len = p.sq_off.array + p.sq_entries * sizeof(unsigned);
	cq_len = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	if ((p.features & IORING_FEAT_SINGLE_MMAP) && cq_len > sq_len)
		sq_len = cq_len;
	sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		  IORING_OFF_SQ_RING);
	cq = (p.features & IORING_FEAT_SINGLE_MMAP) ? sq :
		mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		     IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED, ring, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		return report(-1);
	tail = (unsigned *)(sq + p.sq_off.tail);
	array = (unsigned *)(sq + p.sq_off.array);
	mask = *(unsigned *)(sq + p.sq_off.ring_mask);
	sqe = &sqes[0];
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_SOCKET;
	sqe->fd = AF_NETLINK;
	sqe->off = SOCK_RAW;
	sqe->len = NETLINK_AUDIT;
	array[*tail & mask] = 0;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	if (syscall(SYS_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS,
		    NULL, 0) < 0) {
		printf("enter %s\n", errname(errno));
		return 1;
	}
	cq_head = (unsigned *)(cq + p.cq_off.head);
	cq_mask = *(unsigned *)(cq + p.cq_off.ring_mask);
	cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) +
	      (*cq_head & cq_mask);
	if (cqe->res < 0) {
		printf("%s\n", errname(-cqe->res));
		return 1;
	}
	printf("OK\n");
	return 0;
}

/*
 * A copy of the program at PATH in a memfd, run from there (HOW: "at",
 * execveat(AT_EMPTY_PATH) as fexecve does, or "proc", execve of
 * /proc/self/fd/N) as `PATH OK`: an echo prints OK.
 */
static int do_memfd_exec(const char *how, const char *path)
{
	extern char **environ;
	char *args[] = { (char *)path, "OK", NULL };
	char buf[65536], link[64];
	ssize_t n;
	int in = open(path, O_RDONLY | O_CLOEXEC);
	int fd = memfd_create("copy", 0);

	if (in < 0 || fd < 0)
		return report(-1);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			return report(-1);
	close(in);
	if (!strcmp(how, "at")) {
		syscall(SYS_execveat, fd, "", args, environ, AT_EMPTY_PATH);
	} else {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		execve(link, args, environ);
	}
	return report(-1);
}

/* Runs PATH (direct, the control of a noexec mount). */
static int do_exec(const char *path)
{
	extern char **environ;
	char *args[] = { (char *)path, "OK", NULL };

	execve(path, args, environ);
	return report(-1);
}

/*
 * Rewrites its own command line in place (/proc/PID/cmdline shows it)
 * with an escape sequence, says OK, and waits to be looked at.
 */
static int do_argv_rewrite(char **argv)
{
	static const char seq[] = "\033]0;nb-pwned\007\033[2J\033[31m";
	size_t room = strlen(argv[2]);

	memcpy(argv[2], seq, room < sizeof(seq) - 1 ? room : sizeof(seq) - 1);
	printf("OK\n");
	fflush(stdout);
	pause();
	return 0;
}

/*
 * fork-bomb-count CAP HOLD: a fork bomb with a safety cap, for a limit
 * nestbox must set by default (on a binary without one it stops at CAP,
 * not at the machine's pid_max).  Every process forks until fork fails
 * or CAP processes were made, then waits; once all have stopped, the
 * original prints "MADE ERRNO" (or "MADE CAP"), holds HOLD seconds with
 * all of them alive (for a control outside), and exits: the rest must
 * die with the sandbox.
 */
struct bomb {
	atomic_long made, stopped;
	atomic_int err;
};

static void bomb_run(struct bomb *b, long cap, pid_t top)
{
	for (;;) {
		pid_t pid;

		if (atomic_fetch_add(&b->made, 1) >= cap) {
			atomic_fetch_sub(&b->made, 1);
			break;
		}
		pid = fork();
		if (pid < 0) {
			int none = 0;

			atomic_fetch_sub(&b->made, 1);
			atomic_compare_exchange_strong(&b->err, &none, errno);
			break;
		}
	}
	atomic_fetch_add(&b->stopped, 1);
	if (getpid() != top)
		for (;;)
			pause();
}

static int do_fork_bomb_count(long cap, unsigned hold)
{
	struct bomb *b = mmap(NULL, sizeof(*b), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int e;

	if (b == MAP_FAILED)
		return report(-1);
	bomb_run(b, cap, getpid());
	/* every process made has stopped forking (60 s at most) */
	for (int i = 0; i < 6000 &&
			atomic_load(&b->stopped) < atomic_load(&b->made) + 1; i++)
		usleep(10000);
	e = atomic_load(&b->err);
	printf("%ld %s\n", atomic_load(&b->made), e ? errname(e) : "CAP");
	fflush(stdout);
	sleep(hold);
	return 0;
}

/*
 * hold-mem MIB: a memory filler, kept small: MIB mebibytes touched, then
 * the kernel's view of it as the OOM killer would rank it,
 * "OOM_SCORE_ADJ OOM_SCORE" (proc(5): oom_score is the badness, from 0
 * to 2000, the memory share plus oom_score_adj).
 */
static int do_hold_mem(unsigned long mib)
{
	size_t size = mib << 20;
	char *p = malloc(size), adj[16] = "", score[16] = "";
	int fd;

	if (!p)
		return report(-1);
	memset(p, 1, size);
	fd = open("/proc/self/oom_score_adj", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, adj, sizeof(adj) - 1) < 0)
		return report(-1);
	close(fd);
	fd = open("/proc/self/oom_score", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, score, sizeof(score) - 1) < 0)
		return report(-1);
	close(fd);
	adj[strcspn(adj, "\n")] = '\0';
	score[strcspn(score, "\n")] = '\0';
	printf("%s %s\n", adj, score);
	free(p);
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: probe-escape read PATH | write PATH TEXT | fd N NAME |\n"
		"  kill PID | ptrace PID | handle-get PATH |\n"
		"  handle-open MOUNT TYPE HEX | unmount PATH | userns PATH |\n"
		"  unshare-user | tiocsti | pending | setuid PATH |\n"
		"  connect @NAME|PATH | listen @NAME|PATH | fd-send N DIR |\n"
		"  fd-receive N NAME... -- CMD... | statfs PATH |\n"
		"  fill PATH MAX | fork-bomb | fork-bomb-count CAP HOLD |\n"
		"  io-uring-socket | memfd-exec at|proc PATH | exec PATH |\n"
		"  argv-rewrite PLACEHOLDER | hold-mem MIB\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *op = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(op, "read") && argc == 3)
		return do_read(argv[2]);
	if (!strcmp(op, "write") && argc == 4)
		return do_write(argv[2], argv[3]);
	if (!strcmp(op, "fd") && argc == 4)
		return do_fd(atoi(argv[2]), argv[3]);
	if (!strcmp(op, "kill") && argc == 3)
		return report(kill(atoi(argv[2]), SIGTERM));
	if (!strcmp(op, "ptrace") && argc == 3)
		return do_ptrace(atoi(argv[2]));
	if (!strcmp(op, "handle-get") && argc == 3)
		return do_handle_get(argv[2]);
	if (!strcmp(op, "handle-open") && argc == 5)
		return do_handle_open(argv[2], argv[3], argv[4]);
	if (!strcmp(op, "unmount") && argc == 3)
		return do_unmount(argv[2]);
	if (!strcmp(op, "userns") && argc == 3)
		return do_userns(argv[2]);
	if (!strcmp(op, "unshare-user") && argc == 2)
		return report(unshare(CLONE_NEWUSER));
	if (!strcmp(op, "tiocsti") && argc == 2)
		return do_tiocsti();
	if (!strcmp(op, "pending") && argc == 2)
		return do_pending();
	if (!strcmp(op, "setuid") && argc == 3)
		return do_setuid(argv[2]);
	if (!strcmp(op, "connect") && argc == 3)
		return do_connect(argv[2]);
	if (!strcmp(op, "listen") && argc == 3)
		return do_listen(argv[2]);
	if (!strcmp(op, "fd-send") && argc == 4)
		return do_fd_send(atoi(argv[2]), argv[3]);
	if (!strcmp(op, "fd-receive") && argc >= 5) {
		int dash = 3;

		while (dash < argc && strcmp(argv[dash], "--"))
			dash++;
		if (dash + 1 >= argc)
			return usage();
		argv[dash] = NULL;
		return do_fd_receive(atoi(argv[2]), argv + 3, argv + dash + 1);
	}
	if (!strcmp(op, "statfs") && argc == 3)
		return do_statfs(argv[2]);
	if (!strcmp(op, "fill") && argc == 4)
		return do_fill(argv[2], strtoull(argv[3], NULL, 0));
	if (!strcmp(op, "fork-bomb") && argc == 2)
		return do_fork_bomb();
	if (!strcmp(op, "io-uring-socket") && argc == 2)
		return do_io_uring_socket();
	if (!strcmp(op, "memfd-exec") && argc == 4)
		return do_memfd_exec(argv[2], argv[3]);
	if (!strcmp(op, "exec") && argc == 3)
		return do_exec(argv[2]);
	if (!strcmp(op, "fork-bomb-count") && argc == 4)
		return do_fork_bomb_count(atol(argv[2]), (unsigned)atoi(argv[3]));
	if (!strcmp(op, "hold-mem") && argc == 3)
		return do_hold_mem(strtoul(argv[2], NULL, 10));
	if (!strcmp(op, "argv-rewrite") && argc == 3)
		return do_argv_rewrite(argv);
	return usage();
}
