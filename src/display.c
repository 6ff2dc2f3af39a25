// SPDX-License-Identifier: GPL-2.0-or-later
#include "display.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper.h"
#include "host.h"

#define FAMILY_WILD 0xffff
#define XAUTH_MAX (1 << 20)

int display_parse(const char *display, unsigned *num)
{
	char *end;
	unsigned long n;

	if (!display)
		return -1;
	if (strncmp(display, "unix:", 5) == 0)
		display += 4;
	if (display[0] != ':' || display[1] < '0' || display[1] > '9')
		return -1;
	n = strtoul(display + 1, &end, 10);
	if (n > 65535 || (*end && *end != '.'))
		return -1;
	*num = (unsigned)n;
	return 0;
}

/* A counted field of an Xauthority entry: 16-bit big-endian length. */
static int field(const unsigned char *data, size_t len, size_t *at,
		 const unsigned char **v, size_t *vlen)
{
	if (len - *at < 2)
		return -1;
	*vlen = (size_t)data[*at] << 8 | data[*at + 1];
	*at += 2;
	if (len - *at < *vlen)
		return -1;
	*v = data + *at;
	*at += *vlen;
	return 0;
}

static void put_field(unsigned char *out, size_t *n, const unsigned char *v,
		      size_t vlen)
{
	out[(*n)++] = (unsigned char)(vlen >> 8);
	out[(*n)++] = (unsigned char)vlen;
	memcpy(out + *n, v, vlen);
	*n += vlen;
}

int display_xauth_filter(const unsigned char *data, size_t len, unsigned num,
			 unsigned char **out, size_t *out_len)
{
	char want[8];
	size_t at = 0, n = 0;
	unsigned char *buf = malloc(len + 1);

	*out = NULL;
	*out_len = 0;
	if (!buf)
		return -1;
	snprintf(want, sizeof(want), "%u", num);
	while (at < len) {
		const unsigned char *addr, *number, *name, *cookie;
		size_t alen, nlen, namelen, clen;

		if (len - at < 2)
			goto bad;
		at += 2;	/* the family, replaced below */
		if (field(data, len, &at, &addr, &alen) < 0 ||
		    field(data, len, &at, &number, &nlen) < 0 ||
		    field(data, len, &at, &name, &namelen) < 0 ||
		    field(data, len, &at, &cookie, &clen) < 0)
			goto bad;
		if (nlen != strlen(want) || memcmp(number, want, nlen) != 0)
			continue;
		/* the entry grows by nothing: the address is kept */
		buf[n++] = FAMILY_WILD >> 8;
		buf[n++] = FAMILY_WILD & 0xff;
		put_field(buf, &n, addr, alen);
		put_field(buf, &n, number, nlen);
		put_field(buf, &n, name, namelen);
		put_field(buf, &n, cookie, clen);
	}
	*out = buf;
	*out_len = n;
	return 0;
bad:
	free(buf);
	return -1;
}

static char *xauthority_path(void)
{
	const char *env = getenv("XAUTHORITY"), *home = getenv("HOME");
	char *path = NULL;

	if (env && *env)
		return strdup(env);
	if (home && *home && asprintf(&path, "%s/.Xauthority", home) < 0)
		return NULL;
	return path;
}

/* A display number nobody uses: neither socket nor lock file. */
static int free_display(unsigned *num)
{
	for (unsigned n = 100; n < 1000; n++) {
		char sock[64], lock[64];

		snprintf(sock, sizeof(sock), "/tmp/.X11-unix/X%u", n);
		snprintf(lock, sizeof(lock), "/tmp/.X%u-lock", n);
		if (access(sock, F_OK) < 0 && errno == ENOENT &&
		    access(lock, F_OK) < 0 && errno == ENOENT) {
			*num = n;
			return 0;
		}
	}
	return -1;
}

/* x11 xvfb: the display the program's Xvfb will have, and its cookie's
 * file; the server itself starts with the registry entry. */
static int prepare_xvfb(struct policy *p, const char *entry_dir,
			struct nb_error *err)
{
	char env[64];

	if (free_display(&p->x11.display) < 0)
		return nb_fail(err, 0, "x11 xvfb: no free display number");
	if (asprintf(&p->x11.socket, "/tmp/.X11-unix/X%u", p->x11.display) < 0 ||
	    asprintf(&p->x11.xauth, "%s/Xauthority", entry_dir) < 0)
		return nb_fail(err, ENOMEM, "x11");
	snprintf(env, sizeof(env), "DISPLAY=:%u", p->x11.display);
	if (policy_add_env(p, env, err) < 0)
		return -1;
	snprintf(env, sizeof(env), "XAUTHORITY=%s", DISPLAY_XAUTH_INSIDE);
	return policy_add_env(p, env, err);
}

int display_prepare(struct policy *p, const char *entry_dir,
		    struct nb_error *err)
{
	const char *display = getenv("DISPLAY");
	char socket[64], env[64], *xauth;
	struct stat st;
	unsigned num;

	if (p->x11.none)
		return policy_add_rmenv(p, "DISPLAY", err) < 0 ? -1 :
		       policy_add_rmenv(p, "XAUTHORITY", err);
	if (p->x11.xvfb)
		return prepare_xvfb(p, entry_dir, err);
	if (display_parse(display, &num) < 0)
		return 0; /* none, or over TCP: the network decides */
	snprintf(socket, sizeof(socket), "/tmp/.X11-unix/X%u", num);
	if (stat(socket, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		nb_debug("x11: DISPLAY=%s but no %s: nothing passed in", display,
			 socket);
		return 0;
	}
	p->x11.display = num;
	p->x11.socket = strdup(socket);
	if (!p->x11.socket)
		return nb_fail(err, ENOMEM, "x11");
	/* cookies only if the caller has an Xauthority file */
	xauth = xauthority_path();
	if (xauth && access(xauth, R_OK) == 0) {
		free(xauth);
		if (asprintf(&p->x11.xauth, "%s/Xauthority", entry_dir) < 0) {
			p->x11.xauth = NULL;
			return nb_fail(err, ENOMEM, "x11");
		}
		snprintf(env, sizeof(env), "XAUTHORITY=%s", DISPLAY_XAUTH_INSIDE);
		return policy_add_env(p, env, err);
	}
	free(xauth);
	return policy_add_rmenv(p, "XAUTHORITY", err);
}

/* One FamilyWild entry for display @num with a fresh random cookie. */
static int write_new_cookie(const char *file, unsigned num,
			    struct nb_error *err)
{
	static const char name[] = "MIT-MAGIC-COOKIE-1";
	unsigned char entry[128], cookie[16];
	char number[8];
	size_t n = 0;
	int fd, rc = 0;

	if (getrandom(cookie, sizeof(cookie), 0) != sizeof(cookie))
		return nb_fail(err, errno, "x11 xvfb: random cookie");
	snprintf(number, sizeof(number), "%u", num);
	entry[n++] = FAMILY_WILD >> 8;
	entry[n++] = FAMILY_WILD & 0xff;
	put_field(entry, &n, (const unsigned char *)"", 0);
	put_field(entry, &n, (const unsigned char *)number, strlen(number));
	put_field(entry, &n, (const unsigned char *)name, sizeof(name) - 1);
	put_field(entry, &n, cookie, sizeof(cookie));
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, entry, n) != (ssize_t)n)
		rc = nb_fail(err, errno, "x11: write %s", file);
	if (fd >= 0)
		close(fd);
	return rc;
}

static __attribute__((noreturn)) void exec_xvfb(const struct policy *p,
						int ready, pid_t launcher)
{
	char display[16], fd_arg[16];

	helper_child_setup(launcher, false);
	ready = fcntl(ready, F_DUPFD, 3);
	if (ready < 0)
		_exit(1);
	snprintf(display, sizeof(display), ":%u", p->x11.display);
	snprintf(fd_arg, sizeof(fd_arg), "%d", ready);
	execl("/usr/bin/Xvfb", "Xvfb", display, "-displayfd", fd_arg,
	      "-nolisten", "tcp", "-auth", p->x11.xauth, "-screen", "0",
	      "1280x800x24", (char *)NULL);
	_exit(127);
}

int display_start_xvfb(struct xvfb *x, const struct policy *p,
		       struct nb_error *err)
{
	pid_t launcher = getpid();
	char buf[16];
	size_t len = 0;
	int pipefd[2], rc;
	ssize_t n;

	x->pid = 0;
	x->ready_fd = -1;
	if (!p->x11.xvfb)
		return 0;
	if (access("/usr/bin/Xvfb", X_OK) < 0)
		return nb_fail(err, 0, "x11 xvfb needs Xvfb (Debian package xvfb)");
	if (write_new_cookie(p->x11.xauth, p->x11.display, err) < 0)
		return -1;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return nb_fail(err, errno, "pipe");
	x->pid = fork();
	if (x->pid == 0)
		exec_xvfb(p, pipefd[1], launcher);
	close(pipefd[1]);
	if (x->pid < 0) {
		x->pid = 0;
		close(pipefd[0]);
		return nb_fail(err, errno, "fork for Xvfb");
	}
	/* -displayfd: the number, then a newline in a second write, once it
	 * accepts clients; EOF means it exited.  Our end stays open for its
	 * lifetime: closed early, the newline's write fails and Xvfb exits. */
	x->ready_fd = pipefd[0];
	while (len < sizeof(buf) - 1 && !memchr(buf, '\n', len)) {
		struct pollfd pfd = { .fd = x->ready_fd, .events = POLLIN };

		do
			rc = poll(&pfd, 1, 10000);
		while (rc < 0 && errno == EINTR);
		n = rc > 0 ? read(x->ready_fd, buf + len, sizeof(buf) - 1 - len) : -1;
		if (n <= 0)
			return nb_fail(err, 0, "x11 xvfb: Xvfb :%u did not start",
				       p->x11.display);
		len += (size_t)n;
	}
	nb_debug("x11: Xvfb (pid %d) on :%u", (int)x->pid, p->x11.display);
	return 0;
}

void display_stop_xvfb(struct xvfb *x)
{
	if (x->ready_fd >= 0)
		close(x->ready_fd);
	x->ready_fd = -1;
	helper_stop(&x->pid);
}

int display_write_xauth(const struct policy *p, struct nb_error *err)
{
	char *path, *text;
	unsigned char *out;
	size_t len = 0, out_len;
	int fd, rc = 0;

	if (!p->x11.xauth || p->x11.xvfb)
		return 0; /* none, or a cookie of its own (display_start_xvfb) */
	path = xauthority_path();
	fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	text = fd >= 0 ? host_read_fd(fd, XAUTH_MAX, &len) : NULL;
	if (!text) {
		rc = nb_fail(err, errno, "x11: read %s", path ? path : "Xauthority");
		free(path);
		return rc;
	}
	if (display_xauth_filter((unsigned char *)text, len, p->x11.display,
				 &out, &out_len) < 0) {
		free(text);
		rc = nb_fail(err, 0, "x11: %s is not an Xauthority file", path);
		free(path);
		return rc;
	}
	free(text);
	free(path);
	fd = open(p->x11.xauth, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0 || write(fd, out, out_len) != (ssize_t)out_len)
		rc = nb_fail(err, errno, "x11: write %s", p->x11.xauth);
	if (fd >= 0)
		close(fd);
	free(out);
	return rc;
}
