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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper.h"
#include "host.h"
#include "xpra.h"
#include "xsecurity.h"

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
		if (xsec_auth_field(data, len, &at, &addr, &alen) < 0 ||
		    xsec_auth_field(data, len, &at, &number, &nlen) < 0 ||
		    xsec_auth_field(data, len, &at, &name, &namelen) < 0 ||
		    xsec_auth_field(data, len, &at, &cookie, &clen) < 0)
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

/* The socket of a server of ours that was killed (a launcher killed
 * with SIGKILL takes its server along, which has no chance to remove
 * it): nobody listens.  A new server replaces it, as a number whose
 * lock file is gone is free; another user's it could not remove from
 * the sticky /tmp/.X11-unix. */
static bool stale_socket(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct stat st;
	bool stale;
	int fd;

	if (lstat(path, &st) < 0 || !S_ISSOCK(st.st_mode) ||
	    st.st_uid != geteuid())
		return false;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	stale = connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 &&
		errno == ECONNREFUSED;
	close(fd);
	return stale;
}

/* A display number nobody uses: no lock file (a server makes it before
 * its socket), and no socket but a stale one. */
static int free_display(unsigned *num)
{
	for (unsigned n = 100; n < 1000; n++) {
		char sock[64], lock[64];

		snprintf(sock, sizeof(sock), "/tmp/.X11-unix/X%u", n);
		snprintf(lock, sizeof(lock), "/tmp/.X%u-lock", n);
		if (access(lock, F_OK) < 0 && errno == ENOENT &&
		    ((access(sock, F_OK) < 0 && errno == ENOENT) ||
		     stale_socket(sock))) {
			*num = n;
			return 0;
		}
	}
	return -1;
}

/*
 * The X servers a sandbox can have of its own.  Xephyr is also a client
 * of the caller's display, where it shows the program's screen in a
 * window: it needs one to open.  x11 xpra's server is an Xvfb, its
 * windows shown on the caller's display by xpra (which needs one too).
 */
struct own_server {
	enum policy_x11_mode mode;
	const char *directive;
	const char *path;
	const char *name;
	const char *package;	/* Debian's */
	bool window;		/* opens a window on $DISPLAY */
	bool xpra;		/* xpra shows its windows on $DISPLAY */
	const char *screen;	/* Xvfb's: -screen 0 WxHxD */
};

static const struct own_server own_servers[] = {
	{ POLICY_X11_XVFB, "x11 xvfb", "/usr/bin/Xvfb", "Xvfb", "xvfb", false,
	  false, "1280x800x24" },
	{ POLICY_X11_XEPHYR, "x11 xephyr", "/usr/bin/Xephyr", "Xephyr",
	  "xserver-xephyr", true, false, NULL },
	/* xpra sizes the screen to the caller's with RandR, which can only
	 * shrink it: room for a large monitor (xpra's own default is
	 * larger still, at 60 MB of frame buffer) */
	{ POLICY_X11_XPRA, "x11 xpra", "/usr/bin/Xvfb", "Xvfb", "xvfb", false,
	  true, "3840x2160x24" },
};


static const struct own_server *own_server_of(enum policy_x11_mode mode)
{
	for (size_t i = 0; i < sizeof(own_servers) / sizeof(own_servers[0]); i++)
		if (own_servers[i].mode == mode)
			return &own_servers[i];
	return NULL;
}

static const struct own_server *own_server(const struct launch_x11 *x)
{
	return own_server_of(x->mode);
}

int display_server_argv(const struct policy *p, const struct launch_x11 *x,
			int ready_fd, const char *title,
			struct display_server_argv *a)
{
	const struct own_server *s = own_server(x);
	size_t n = 0;

	if (!s || !x->xauth)
		return -1;
	snprintf(a->display, sizeof(a->display), ":%u", x->display);
	snprintf(a->ready_fd, sizeof(a->ready_fd), "%d", ready_fd);
	a->path = s->path;
	a->argv[n++] = (char *)s->name;
	a->argv[n++] = a->display;
	/* ready when it writes its number here: no polling for the socket */
	a->argv[n++] = "-displayfd";
	a->argv[n++] = a->ready_fd;
	a->argv[n++] = "-nolisten";
	a->argv[n++] = "tcp";
	/* The display lives as long as the sandbox.  By default a server
	 * resets when its last client leaves, and a client connecting
	 * meanwhile is refused: a program that runs a helper client first
	 * (xrdb, xdpyinfo) would fail now and then. */
	a->argv[n++] = "-noreset";
	a->argv[n++] = "-auth";
	a->argv[n++] = x->xauth;
	a->argv[n++] = "-screen";
	if (s->window) {
		snprintf(a->screen, sizeof(a->screen), "%ux%u",
			 policy_xephyr_width(p), policy_xephyr_height(p));
		a->argv[n++] = a->screen;
		a->argv[n++] = "-title";
		a->argv[n++] = (char *)title;
	} else {
		a->argv[n++] = "0";
		a->argv[n++] = (char *)s->screen;
	}
	a->argv[n] = NULL;
	return 0;
}

/* x11 xvfb and xephyr: the display the program's server will have, and
 * its cookie's file; the server itself starts with the registry entry.
 * What it needs is checked now, before anything is set up. */
void display_xauth_inside(bool private_tmp, uid_t uid, char *buf,
			  size_t size)
{
	if (private_tmp)
		snprintf(buf, size, "/tmp/.nestbox-Xauthority");
	else
		snprintf(buf, size, "/run/user/%u/.nestbox-Xauthority",
			 (unsigned)uid);
}

static int prepare_own_server(const struct policy *p, struct launch_facts *lf,
			      const struct own_server *s,
			      const char *entry_dir, struct nb_error *err)
{
	struct launch_x11 *x = &lf->x11;
	const char *outer = getenv("DISPLAY");
	char env[128], inside[64];

	if (access(s->path, X_OK) < 0)
		return nb_fail(err, 0, "%s needs %s (Debian package %s)",
			       s->directive, s->name, s->package);
	if (s->xpra && access(xpra_binary(), X_OK) < 0)
		return nb_fail(err, 0, "%s needs xpra (Debian package xpra)",
			       s->directive);
	if (s->window && (!outer || !*outer))
		return nb_fail(err, 0,
			       "%s shows the program's display in a window on yours, and DISPLAY is not set",
			       s->directive);
	if (s->xpra && (!outer || !*outer))
		return nb_fail(err, 0,
			       "%s shows the program's windows on your display, and DISPLAY is not set",
			       s->directive);
	if (free_display(&x->display) < 0)
		return nb_fail(err, 0, "%s: no free display number", s->directive);
	if (asprintf(&x->socket, "/tmp/.X11-unix/X%u", x->display) < 0 ||
	    asprintf(&x->xauth, "%s/Xauthority", entry_dir) < 0)
		return nb_fail(err, ENOMEM, "x11");
	snprintf(env, sizeof(env), "DISPLAY=:%u", x->display);
	if (launch_facts_add_env(lf, env, err) < 0)
		return -1;
	display_xauth_inside(p->private_tmp, getuid(), inside, sizeof(inside));
	snprintf(env, sizeof(env), "XAUTHORITY=%s", inside);
	return launch_facts_add_env(lf, env, err);
}

/*
 * The cookies of @x's display in the caller's Xauthority file @path,
 * into @x.  -1: none to pass, and the launch goes on, as an X client
 * outside does (libXau reads what entries it can and stops at the
 * first it cannot: a missing or garbled file is no cookie, not an
 * error).  A file that is there but cannot be read or parsed is worth
 * a warning; the program then has no XAUTHORITY.
 */
static int read_cookies(struct launch_x11 *x, const char *path)
{
	size_t len = 0;
	char *text;
	int fd, e;

	/* O_NONBLOCK: a FIFO there must not hold the launch */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		nb_debug("x11: no cookie passed in: %s: %s", path,
			 strerror(errno));
		return -1;
	}
	text = host_read_fd(fd, XAUTH_MAX, &len);
	e = errno;
	close(fd);
	if (!text) {
		nb_warn("x11: cannot read the Xauthority file %s (%s): the program gets no cookie",
			path, strerror(e));
		return -1;
	}
	if (display_xauth_filter((unsigned char *)text, len, x->display,
				 &x->cookies, &x->cookies_len) < 0) {
		free(text);
		nb_warn("x11: %s is not an Xauthority file (an entry runs past its end): the program gets no cookie",
			path);
		return -1;
	}
	free(text);
	return 0;
}

/*
 * x11 xorg: an untrusted cookie asked of the caller's server, with the
 * caller's cookie (if any), kept in the launch's facts until written and
 * revoked.
 * 0: had; -1: failed (x11 xorg fails closed); 1: failed and the profile
 * names a fallback (warned about, with the reason).
 */
static int ask_untrusted(const struct policy *p, struct launch_x11 *x,
			 struct nb_error *err)
{
	enum policy_x11_mode fallback = p->x11.fallback;

	x->caller_cookie_set = x->cookies &&
		xsec_find_cookie(x->cookies, x->cookies_len,
				 x->caller_cookie) == 0;
	if (xsec_generate(x->display,
			  x->caller_cookie_set ? x->caller_cookie : NULL,
			  &x->untrusted_id, x->untrusted_cookie, err) < 0) {
		size_t n = strlen(err->msg);

		if (fallback == POLICY_X11_XORG) {
			snprintf(err->msg + n, sizeof(err->msg) - n,
				 "; the display is not given with full trust instead (x11.fallback none, xvfb, xephyr or xpra names what the program gets)");
			return -1;
		}
		nb_warn("%s; x11.fallback: the program gets %s instead",
			err->msg, fallback == POLICY_X11_NONE ?
			"no X11 display" : own_server_of(fallback)->directive);
		err->msg[0] = '\0';
		err->errnum = 0;
		return 1;
	}
	x->untrusted = true;
	nb_debug("x11 xorg: untrusted authorization %u on :%u",
		 (unsigned)x->untrusted_id, x->display);
	return 0;
}

static int prepare_mode(const struct policy *p, struct launch_facts *lf,
			const char *entry_dir, struct nb_error *err);

/* x11.fallback: the display is not passed; the mode named instead (never
 * xorg again: that fallback is "none, the launch fails"). */
static int display_fall_back(const struct policy *p, struct launch_facts *lf,
			     const char *entry_dir, struct nb_error *err)
{
	free(lf->x11.socket);
	lf->x11.socket = NULL;
	lf->x11.mode = p->x11.fallback;
	return prepare_mode(p, lf, entry_dir, err);
}

/* The display of lf->x11.mode: the policy's, or its fallback's. */
static int prepare_mode(const struct policy *p, struct launch_facts *lf,
			const char *entry_dir, struct nb_error *err)
{
	struct launch_x11 *x = &lf->x11;
	const char *display = getenv("DISPLAY");
	char socket[64], env[128], inside[64], *xauth;
	bool xorg = x->mode == POLICY_X11_XORG;
	struct stat st;
	unsigned num;

	if (x->mode == POLICY_X11_NONE)
		return launch_facts_add_rmenv(lf, "DISPLAY", err) < 0 ? -1 :
		       launch_facts_add_rmenv(lf, "XAUTHORITY", err);
	if (own_server(x))
		return prepare_own_server(p, lf, own_server(x), entry_dir, err);
	if (display_parse(display, &num) < 0) {
		/* none, or over TCP: the network decides.  x11 xorg can make
		 * no untrusted cookie for it: the caller's (full) cookie file
		 * is not named to the program at least. */
		if (xorg && display && *display)
			nb_debug("x11 xorg: DISPLAY=%s is not a local display: no cookie passed in",
				 display);
		return xorg ? launch_facts_add_rmenv(lf, "XAUTHORITY", err) : 0;
	}
	snprintf(socket, sizeof(socket), "/tmp/.X11-unix/X%u", num);
	if (stat(socket, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		nb_debug("x11: DISPLAY=%s but no %s: nothing passed in", display,
			 socket);
		return xorg ? launch_facts_add_rmenv(lf, "XAUTHORITY", err) : 0;
	}
	x->display = num;
	x->socket = strdup(socket);
	if (!x->socket)
		return nb_fail(err, ENOMEM, "x11");
	/* cookies only if the caller has a valid Xauthority file; x11 xorg
	 * asks the server for its own with them (or with none, where the
	 * server lets the caller in without one) */
	xauth = xauthority_path(); /* NULL: neither XAUTHORITY nor HOME */
	if ((!xauth || read_cookies(x, xauth) < 0) && !xorg) {
		free(xauth);
		return launch_facts_add_rmenv(lf, "XAUTHORITY", err);
	}
	free(xauth);
	if (xorg) {
		int rc = ask_untrusted(p, x, err);

		if (rc != 0)
			return rc < 0 ? -1 :
			       display_fall_back(p, lf, entry_dir, err);
	}
	if (asprintf(&x->xauth, "%s/Xauthority", entry_dir) < 0) {
		x->xauth = NULL;
		return nb_fail(err, ENOMEM, "x11");
	}
	display_xauth_inside(p->private_tmp, getuid(), inside, sizeof(inside));
	snprintf(env, sizeof(env), "XAUTHORITY=%s", inside);
	return launch_facts_add_env(lf, env, err);
}

int display_prepare(const struct policy *p, struct launch_facts *lf,
		    const char *entry_dir, struct nb_error *err)
{
	lf->x11.mode = p->x11.mode;
	lf->x11_resolved = true;
	return prepare_mode(p, lf, entry_dir, err);
}

/* One FamilyWild entry for display @num with @cookie, alone in @file. */
static int write_cookie(const char *file, unsigned num,
			const unsigned char cookie[XSEC_COOKIE_LEN],
			struct nb_error *err)
{
	static const char name[] = "MIT-MAGIC-COOKIE-1";
	unsigned char entry[128];
	char number[8];
	size_t n = 0;
	int fd, rc = 0;

	snprintf(number, sizeof(number), "%u", num);
	entry[n++] = FAMILY_WILD >> 8;
	entry[n++] = FAMILY_WILD & 0xff;
	put_field(entry, &n, (const unsigned char *)"", 0);
	put_field(entry, &n, (const unsigned char *)number, strlen(number));
	put_field(entry, &n, (const unsigned char *)name, sizeof(name) - 1);
	put_field(entry, &n, cookie, XSEC_COOKIE_LEN);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, entry, n) != (ssize_t)n)
		rc = nb_fail(err, errno, "x11: write %s", file);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* The cookie of a server of the sandbox's own: fresh and random. */
static int write_new_cookie(const char *file, unsigned num,
			    struct nb_error *err)
{
	unsigned char cookie[XSEC_COOKIE_LEN];

	if (getrandom(cookie, sizeof(cookie), 0) != sizeof(cookie))
		return nb_fail(err, errno, "x11: random cookie");
	return write_cookie(file, num, cookie, err);
}

static __attribute__((noreturn)) void exec_server(const struct policy *p,
						  const struct launch_x11 *x,
						  int ready, const char *title,
						  pid_t launcher)
{
	struct display_server_argv a;

	/* its complaints only under --debug: they are noise otherwise */
	helper_child_setup(launcher, nb_log_get_level() >= NB_LOG_DEBUG);
	/* Under xpra, a killed launcher's Xvfb ends on SIGTERM, removing
	 * its socket and lock file itself: nothing of the sandbox is left
	 * in /tmp (xpra's own files go with the registry entry). */
	if (own_server(x) && own_server(x)->xpra)
		prctl(PR_SET_PDEATHSIG, SIGTERM);
	ready = fcntl(ready, F_DUPFD, 3);
	if (ready < 0 || display_server_argv(p, x, ready, title, &a) < 0)
		_exit(1);
	execv(a.path, a.argv);
	_exit(127);
}

/* Xephyr's usual reason: the caller's display refused it. */
static int did_not_start(const struct own_server *s,
			 const struct launch_x11 *x, struct nb_error *err)
{
	if (s->window)
		return nb_fail(err, 0,
			       "%s: %s :%u did not start (could it open DISPLAY=%s?)",
			       s->directive, s->name, x->display,
			       getenv("DISPLAY"));
	return nb_fail(err, 0, "%s: %s :%u did not start", s->directive,
		       s->name, x->display);
}

int display_start_server(struct display_server *x, const struct policy *p,
			 const struct launch_x11 *lx, const char *title,
			 struct nb_error *err)
{
	const struct own_server *s = own_server(lx);
	pid_t launcher = getpid();
	char buf[16];
	size_t len = 0;
	int pipefd[2], rc;
	ssize_t n;

	x->pid = x->xpra_pid = x->attach_pid = 0;
	x->ready_fd = -1;
	if (!s)
		return 0;
	if (write_new_cookie(lx->xauth, lx->display, err) < 0)
		return -1;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return nb_fail(err, errno, "pipe");
	x->pid = fork();
	if (x->pid == 0)
		exec_server(p, lx, pipefd[1], title, launcher);
	close(pipefd[1]);
	if (x->pid < 0) {
		x->pid = 0;
		close(pipefd[0]);
		return nb_fail(err, errno, "fork for %s", s->name);
	}
	/* -displayfd: the number, then a newline in a second write, once it
	 * accepts clients; EOF means it exited.  Our end stays open for its
	 * lifetime: closed early, the newline's write fails and the server
	 * exits. */
	x->ready_fd = pipefd[0];
	while (len < sizeof(buf) - 1 && !memchr(buf, '\n', len)) {
		struct pollfd pfd = { .fd = x->ready_fd, .events = POLLIN };

		do
			rc = poll(&pfd, 1, 10000);
		while (rc < 0 && errno == EINTR);
		n = rc > 0 ? read(x->ready_fd, buf + len, sizeof(buf) - 1 - len) : -1;
		if (n <= 0)
			return did_not_start(s, lx, err);
		len += (size_t)n;
	}
	nb_debug("x11: %s (pid %d) on :%u", s->name, (int)x->pid,
		 lx->display);
	if (s->xpra) {
		char *xauth = xauthority_path();

		rc = xpra_start(&x->xpra_pid, &x->attach_pid, lx, xauth, title,
				err);
		free(xauth);
		return rc;
	}
	return 0;
}

void display_stop_server(struct display_server *x)
{
	/* xpra first: its client, then its server, clients of the Xvfb */
	xpra_stop(&x->attach_pid);
	xpra_stop(&x->xpra_pid);
	if (x->ready_fd >= 0)
		close(x->ready_fd);
	x->ready_fd = -1;
	helper_stop(&x->pid);
}

void display_revoke(struct launch_x11 *x)
{
	if (!x->untrusted)
		return;
	if (xsec_revoke(x->display, x->caller_cookie_set ? x->caller_cookie : NULL,
			x->untrusted_id) == 0)
		nb_debug("x11 xorg: authorization %u revoked",
			 (unsigned)x->untrusted_id);
	x->untrusted = false;
}

int display_write_xauth(const struct launch_x11 *x, struct nb_error *err)
{
	size_t len = x->cookies_len;
	int fd, rc = 0;

	if (!x->xauth || own_server(x))
		return 0; /* none, or a cookie of its own (display_start_server) */
	/* x11 xorg: the untrusted cookie alone (display_prepare asked) */
	if (x->mode == POLICY_X11_XORG)
		return write_cookie(x->xauth, x->display, x->untrusted_cookie,
				    err);
	/* read and filtered by display_prepare() */
	fd = open(x->xauth, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0 || (len && write(fd, x->cookies, len) != (ssize_t)len))
		rc = nb_fail(err, errno, "x11: write %s", x->xauth);
	if (fd >= 0)
		close(fd);
	return rc;
}
