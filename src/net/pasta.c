// SPDX-License-Identifier: GPL-2.0-or-later
#include "pasta.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsfacts.h"
#include "helper.h"
#include "host.h"

#define PASTA_READY_TIMEOUT_MS 10000	/* pasta sets up in ~10 ms */

void pasta_build_argv(const char *binary, const struct policy *p,
		      const struct launch_facts *lf, pid_t target,
		      const char *pid_fifo, const char *log,
		      struct pasta_argv *a)
{
	size_t n = 0;

	a->v[n++] = binary;
	a->v[n++] = "--config-net";	/* addresses, routes, interface up */
	a->v[n++] = "--foreground";	/* ours to reap and to kill */
	a->v[n++] = "--quiet";
	a->v[n++] = "--pid";		/* written once ready */
	a->v[n++] = pid_fifo;
	a->v[n++] = "--log-file";
	a->v[n++] = log;
	/* no port forwarded into the sandbox, nor out of it to the host's
	 * loopback */
	a->v[n++] = "-t";
	a->v[n++] = "none";
	a->v[n++] = "-u";
	a->v[n++] = "none";
	a->v[n++] = "-T";
	a->v[n++] = "none";
	a->v[n++] = "-U";
	a->v[n++] = "none";
	if (!p->net_host_loopback)
		a->v[n++] = "--no-map-gw";
	if (p->netcfg.ip) {
		a->v[n++] = "-a";
		a->v[n++] = p->netcfg.ip;
	}
	if (p->netcfg.ip6) {
		a->v[n++] = "-a";
		a->v[n++] = p->netcfg.ip6;
	}
	if (p->netcfg.gateway) {
		a->v[n++] = "-g";
		a->v[n++] = p->netcfg.gateway;
	}
	if (p->netcfg.mtu) {
		snprintf(a->mtu, sizeof(a->mtu), "%u", p->netcfg.mtu);
		a->v[n++] = "-m";
		a->v[n++] = a->mtu;
	}
	if (lf->dns_forward) {
		a->v[n++] = "--dns-forward";
		a->v[n++] = PASTA_DNS_FORWARD;
	}
	snprintf(a->target, sizeof(a->target), "%d", (int)target);
	a->v[n++] = a->target;
	a->v[n] = NULL;
}

bool pasta_resolver_on_loopback(const char *resolv_conf)
{
	for (const char *l = resolv_conf; l && *l;) {
		size_t n = strcspn(l, "\n");
		char addr[64];

		if (sscanf(l, "nameserver %63s", addr) == 1)
			return strncmp(addr, "127.", 4) == 0 ||
			       strcmp(addr, "::1") == 0;
		l += n + (l[n] == '\n');
	}
	return false;
}

/* RTF_UP and RTF_REJECT of route(8), as /proc/net/route and ipv6_route
 * print them (hexadecimal). */
#define ROUTE_F_UP 0x0001u
#define ROUTE_F_REJECT 0x0200u

/* /proc/net/route: "Iface Destination Gateway Flags RefCnt Use Metric
 * Mask ...", a header line first. */
static bool has_default_v4(const char *text)
{
	for (const char *l = text; l && *l;) {
		size_t n = strcspn(l, "\n");
		char dev[32], dst[16], gw[16], mask[16];
		unsigned flags, refcnt, use, metric;

		if (sscanf(l, "%31s %15s %15s %x %u %u %u %15s", dev, dst, gw,
			   &flags, &refcnt, &use, &metric, mask) == 8 &&
		    strcmp(dst, "00000000") == 0 && strcmp(mask, "00000000") == 0 &&
		    (flags & ROUTE_F_UP) && !(flags & ROUTE_F_REJECT) &&
		    strcmp(dev, "lo") != 0)
			return true;
		l += n + (l[n] == '\n');
	}
	return false;
}

/* /proc/net/ipv6_route: "DST DST_LEN SRC SRC_LEN NEXT_HOP METRIC REFCNT
 * USE FLAGS DEV", no header. */
static bool has_default_v6(const char *text)
{
	for (const char *l = text; l && *l;) {
		size_t n = strcspn(l, "\n");
		char dst[40], src[40], hop[40], dev[32];
		unsigned dst_len, src_len, metric, refcnt, use, flags;

		if (sscanf(l, "%39s %x %39s %x %39s %x %x %x %x %31s", dst,
			   &dst_len, src, &src_len, hop, &metric, &refcnt, &use,
			   &flags, dev) == 10 &&
		    dst_len == 0 && strspn(dst, "0") == 32 && dst[32] == '\0' &&
		    (flags & ROUTE_F_UP) && !(flags & ROUTE_F_REJECT) &&
		    strcmp(dev, "lo") != 0)
			return true;
		l += n + (l[n] == '\n');
	}
	return false;
}

unsigned pasta_expected_routes(const char *route, const char *ipv6_route,
			       const struct policy *p)
{
	unsigned want = 0;

	if (has_default_v4(route) || p->netcfg.ip)
		want |= PASTA_ROUTE_V4;
	if (has_default_v6(ipv6_route) || p->netcfg.ip6)
		want |= PASTA_ROUTE_V6;
	return want;
}

unsigned pasta_expected_routes_here(const struct policy *p)
{
	char *v4 = host_read_file("/proc/net/route", 1 << 20);
	char *v6 = host_read_file("/proc/net/ipv6_route", 1 << 20);
	unsigned want = pasta_expected_routes(v4, v6, p);

	free(v4);
	free(v6);
	return want;
}

void pasta_resolve_dns(const char *resolv_conf, struct launch_facts *lf)
{
	/* the policy's dns lines hold */
	if (lf->n_dns || !resolv_conf || !pasta_resolver_on_loopback(resolv_conf))
		return;
	lf->dns_forward = true;
	lf->dns[lf->n_dns++] = PASTA_DNS_FORWARD;
}

void pasta_resolve_dns_here(struct launch_facts *lf)
{
	char text[4096];
	ssize_t n;
	int fd;

	if (lf->n_dns)
		return;
	fd = open(RESOLV_CONF, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return; /* no resolver: nothing to forward */
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	pasta_resolve_dns(text, lf);
}

const char *pasta_find(struct nb_error *err)
{
	static const char *const places[] = {
		"/usr/bin/pasta", "/usr/local/bin/pasta", "/bin/pasta",
	};
	const char *env = getenv("NESTBOX_PASTA");

	if (env && *env) {
		if (access(env, X_OK) == 0)
			return env;
		nb_fail(err, errno, "NESTBOX_PASTA=%s", env);
		return NULL;
	}
	for (size_t i = 0; i < sizeof(places) / sizeof(*places); i++)
		if (access(places[i], X_OK) == 0)
			return places[i];
	nb_fail(err, 0,
		"the profile wants network, but pasta is not installed (Debian package passt); install it, or run with --net=none");
	return NULL;
}

static __attribute__((noreturn)) void exec_pasta(const struct pasta_argv *a,
						 pid_t launcher)
{
	helper_child_setup(launcher, false);
	close_range(3, ~0U, 0);
	execv(a->v[0], (char *const *)a->v);
	_exit(127);
}

int pasta_start(struct pasta *pa, const char *binary, const struct policy *p,
		const struct launch_facts *lf, pid_t init, int dir_fd,
		const char *dir, struct nb_error *err)
{
	char fifo[4096];
	struct pasta_argv a;
	pid_t launcher = getpid();

	pa->pid = 0;
	pa->ready_fd = -1;
	pa->dir_fd = dir_fd;
	snprintf(fifo, sizeof(fifo), "%s/pasta.pid", dir);
	snprintf(pa->log, sizeof(pa->log), "%s/pasta.log", dir);
	if (mkfifoat(dir_fd, "pasta.pid", 0600) < 0)
		return nb_fail(err, errno, "mkfifo %s", fifo);
	/* a reader first, so that pasta's open for writing does not block */
	pa->ready_fd = openat(dir_fd, "pasta.pid",
			      O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (pa->ready_fd < 0)
		return nb_fail(err, errno, "open %s", fifo);
	pasta_build_argv(binary, p, lf, init, fifo, pa->log, &a);
	pa->pid = fork();
	if (pa->pid < 0) {
		pa->pid = 0;
		return nb_fail(err, errno, "fork for pasta");
	}
	if (pa->pid == 0)
		exec_pasta(&a, launcher);
	return 0;
}

/* The last line pasta logged, for the error message. */
static void last_log_line(const char *log, char *buf, size_t size)
{
	char *text = host_read_file(log, 1 << 20), *line, *end;

	buf[0] = '\0';
	if (!text)
		return;
	end = text + strlen(text);
	while (end > text && end[-1] == '\n')
		*--end = '\0';
	line = strrchr(text, '\n');
	snprintf(buf, size, "%s", line ? line + 1 : text);
	free(text);
}

/* Whether @fd is readable (or closed) now. */
static bool readable_now(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return fd >= 0 && poll(&p, 1, 0) > 0;
}

int pasta_wait_ready(struct pasta *pa, int ended_fd, struct nb_error *err)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pa->pid, 0);
	struct pollfd fds[3] = {
		{ .fd = pa->ready_fd, .events = POLLIN },
		{ .fd = pidfd, .events = POLLIN },
		{ .fd = ended_fd, .events = POLLIN },
	};
	char buf[32], why[512];
	int rc;

	if (pidfd < 0)
		return nb_fail(err, errno, "pasta exited at once");
	do
		rc = poll(fds, 3, PASTA_READY_TIMEOUT_MS);
	while (rc < 0 && errno == EINTR);
	close(pidfd);
	/* a pid written: configured (an empty read would be EOF) */
	if (rc > 0 && (fds[0].revents & POLLIN) &&
	    read(pa->ready_fd, buf, sizeof(buf)) > 0) {
		close(pa->ready_fd);
		pa->ready_fd = -1;
		unlinkat(pa->dir_fd, "pasta.pid", 0);
		return 0;
	}
	/* init wrote its word before it exited, and pasta can only see
	 * the namespace go after that: a pasta that ended because the
	 * sandbox did finds the word there already */
	if (readable_now(ended_fd))
		return 1;
	last_log_line(pa->log, why, sizeof(why));
	if (rc == 0)
		return nb_fail(err, 0, "pasta did not set the network up within %d s%s%s",
			       PASTA_READY_TIMEOUT_MS / 1000, why[0] ? ": " : "", why);
	/* its own last word if it logged one, else how it ended */
	if (!why[0])
		helper_describe_end(&pa->pid, why, sizeof(why));
	return nb_fail(err, 0, "pasta could not set the network up%s%s%s",
		       why[0] ? ": " : "", why,
		       strstr(why, "tun") ? " (is /dev/net/tun usable: mode 0666?)" : "");
}

void pasta_stop(struct pasta *pa)
{
	if (pa->ready_fd >= 0)
		close(pa->ready_fd);
	pa->ready_fd = -1;
	/* its end in the kernel (hundreds of sockets, 30 MB of tables)
	 * is longer than a launch's own work */
	helper_kill(&pa->pid);
	if (pa->dir_fd >= 0) {
		unlinkat(pa->dir_fd, "pasta.pid", 0);
		unlinkat(pa->dir_fd, "pasta.log", 0);
	}
}
