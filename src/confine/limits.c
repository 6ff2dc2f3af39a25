// SPDX-License-Identifier: GPL-2.0-or-later
#include "nb_limits.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "caps.h"

static const struct {
	const char *name;
	int resource;
	bool sizes;		/* k, m, g suffixes (firejail's man page) */
} rlimits[POLICY_RLIMIT_COUNT] = {
	[POLICY_RLIMIT_AS] = { "rlimit-as", RLIMIT_AS, true },
	[POLICY_RLIMIT_CPU] = { "rlimit-cpu", RLIMIT_CPU, false },
	[POLICY_RLIMIT_FSIZE] = { "rlimit-fsize", RLIMIT_FSIZE, true },
	[POLICY_RLIMIT_NOFILE] = { "rlimit-nofile", RLIMIT_NOFILE, false },
	[POLICY_RLIMIT_NPROC] = { "rlimit-nproc", RLIMIT_NPROC, false },
	[POLICY_RLIMIT_SIGPENDING] = { "rlimit-sigpending", RLIMIT_SIGPENDING,
				       false },
};

const char *limits_rlimit_name(enum policy_rlimit which)
{
	return which < POLICY_RLIMIT_COUNT ? rlimits[which].name : "rlimit-?";
}

/* Decimal digits only: no sign, no space, no 0x (strtoull takes all of
 * them, and a "-1" would wrap to a huge limit). */
static bool parse_decimal(const char **s, unsigned long long max,
			  unsigned long long *out)
{
	unsigned long long v = 0;
	const char *p = *s;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*s = p;
	*out = v;
	return true;
}

int limits_set_rlimit(struct policy_process *pp, enum policy_rlimit which,
		      const char *arg, struct nb_error *err)
{
	/* RLIM_INFINITY is all ones: a finite limit stays below it. */
	const unsigned long long max = ~0ULL - 1;
	const char *name = limits_rlimit_name(which), *p = arg;
	unsigned long long v = 0, unit = 1;

	if (which >= POLICY_RLIMIT_COUNT)
		return nb_fail(err, 0, "unknown resource limit");
	/* parse_decimal fails on a non-digit or on overflow */
	if (!parse_decimal(&p, max, &v) && *p >= '0' && *p <= '9')
		return nb_fail(err, 0, "%s %s: too large", name, arg);
	if (p == arg)
		return nb_fail(err, 0, "%s %s: not a number%s", name, arg,
			       rlimits[which].sizes ?
				       " (digits, then k, m or g)" : "");
	if (*p && rlimits[which].sizes && !p[1]) {
		const char *suffix = strchr("kmg", *p | 0x20);

		if (suffix) {
			unit = 1ULL << (10 * (suffix - "kmg" + 1));
			p++;
		}
	}
	if (*p)
		return nb_fail(err, 0, "%s %s: not a number%s", name, arg,
			       rlimits[which].sizes ?
				       " (digits, then k, m or g)" : "");
	if (v > max / unit)
		return nb_fail(err, 0, "%s %s: too large", name, arg);
	pp->rlimit[which] = v * unit;
	pp->rlimit_set[which] = true;
	return 0;
}

/* hh:mm:ss as firejail writes it; hours up to 99999, minutes and seconds
 * 0-59 with one or two digits. */
int limits_set_timeout(struct policy_process *pp, const char *arg,
		       struct nb_error *err)
{
	static const unsigned long long max[3] = { 99999, 59, 59 };
	unsigned long long part[3];
	const char *p = arg;

	for (int i = 0; i < 3; i++) {
		const char *start = p;

		if (!parse_decimal(&p, ~0ULL, &part[i]) ||
		    (i > 0 && p - start > 2) || (i == 0 && p - start > 5) ||
		    part[i] > max[i] || *p != (i < 2 ? ':' : '\0'))
			return nb_fail(err, 0,
				       "timeout %s: not hh:mm:ss (minutes and seconds below 60)",
				       arg);
		if (i < 2)
			p++;
	}
	pp->timeout = (unsigned)(part[0] * 3600 + part[1] * 60 + part[2]);
	if (!pp->timeout)
		return nb_fail(err, 0, "timeout %s: at least one second", arg);
	return 0;
}

int limits_set_nice(struct policy_process *pp, const char *arg,
		    struct nb_error *err)
{
	const char *p = arg + (arg[0] == '-' || arg[0] == '+');
	unsigned long long v;

	if (!parse_decimal(&p, 100, &v) || *p ||
	    (arg[0] == '-' ? v > 20 : v > 19))
		return nb_fail(err, 0, "nice %s: not a number from -20 to 19",
			       arg);
	pp->nice = arg[0] == '-' ? -(int)v : (int)v;
	pp->nice_set = true;
	return 0;
}

int limits_set_oom_score_adj(struct policy_process *pp, const char *arg,
			     struct nb_error *err)
{
	const char *p = arg;
	unsigned long long v;

	/* no sign: an unprivileged process can only raise it (proc(5)) */
	if (!parse_decimal(&p, 1000, &v) || *p)
		return nb_fail(err, 0,
			       "oom-score-adj %s: not a number from 0 to 1000",
			       arg);
	pp->oom_score_adj = (int)v;
	pp->oom_score_adj_set = true;
	return 0;
}

int limits_set_cpus(struct policy_process *pp, const char *arg,
		    struct nb_error *err)
{
	const unsigned long long last = CPU_SETSIZE - 1;
	const char *p = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	for (;;) {
		unsigned long long lo, hi;

		if (!parse_decimal(&p, ~0ULL, &lo))
			return nb_fail(err, 0,
				       "cpu %s: not a list of CPU numbers (0,2 or 0-3)",
				       arg);
		hi = lo;
		if (*p == '-') {
			p++;
			if (!parse_decimal(&p, ~0ULL, &hi) || hi < lo)
				return nb_fail(err, 0,
					       "cpu %s: not a list of CPU numbers (0,2 or 0-3)",
					       arg);
		}
		if (hi > last)
			return nb_fail(err, 0, "cpu %s: no such CPU (at most %llu)",
				       arg, last);
		for (unsigned long long c = lo; c <= hi; c++)
			CPU_SET((size_t)c, &set);
		if (!*p)
			break;
		if (*p++ != ',')
			return nb_fail(err, 0,
				       "cpu %s: not a list of CPU numbers (0,2 or 0-3)",
				       arg);
	}
	pp->cpus = set;
	pp->cpus_set = true;
	return 0;
}

static int add_keep_fd(struct policy_process *pp, int fd)
{
	size_t i = 0;

	while (i < pp->n_keep_fd && pp->keep_fd[i] < fd)
		i++;
	if (i < pp->n_keep_fd && pp->keep_fd[i] == fd)
		return 0;
	if (pp->n_keep_fd == POLICY_KEEP_FD_MAX)
		return -1;
	memmove(&pp->keep_fd[i + 1], &pp->keep_fd[i],
		(pp->n_keep_fd - i) * sizeof(*pp->keep_fd));
	pp->keep_fd[i] = fd;
	pp->n_keep_fd++;
	return 0;
}

/* 0, 1 and 2 are always kept: listing them is accepted. */
int limits_set_keep_fd(struct policy_process *pp, const char *arg,
		       struct nb_error *err)
{
	struct policy_process copy = *pp;
	const char *p = arg;

	if (strcmp(arg, "all") == 0) {
		pp->keep_fd_all = true;
		return 0;
	}
	for (;;) {
		unsigned long long fd;

		if (!parse_decimal(&p, INT_MAX, &fd) || (*p && *p != ','))
			return nb_fail(err, 0,
				       "keep-fd %s: not 'all' nor a list of descriptor numbers",
				       arg);
		if (fd > 2 && add_keep_fd(&copy, (int)fd) < 0)
			return nb_fail(err, 0, "keep-fd %s: more than %d descriptors",
				       arg, POLICY_KEEP_FD_MAX);
		if (!*p++)
			break;
	}
	memcpy(pp->keep_fd, copy.keep_fd, sizeof(pp->keep_fd));
	pp->n_keep_fd = copy.n_keep_fd;
	return 0;
}

size_t limits_rlimit_calls(const struct policy_process *pp,
			   struct limits_rlimit_call calls[POLICY_RLIMIT_COUNT])
{
	size_t n = 0;

	for (int i = 0; i < POLICY_RLIMIT_COUNT; i++)
		if (pp->rlimit_set[i])
			calls[n++] = (struct limits_rlimit_call){
				.resource = rlimits[i].resource,
				.value = pp->rlimit[i],
				.which = (enum policy_rlimit)i,
			};
	return n;
}

size_t limits_close_ranges(const struct policy_process *pp, int extra,
			   struct limits_fd_range out[LIMITS_FD_RANGES_MAX])
{
	unsigned next = 3;
	size_t n = 0, i = 0;
	bool extra_done = extra < 3;

	if (pp->keep_fd_all)
		return 0;
	/* Walk the kept descriptors in order, @extra merged in. */
	for (;;) {
		unsigned keep;

		if (i < pp->n_keep_fd &&
		    (extra_done || pp->keep_fd[i] <= extra)) {
			keep = (unsigned)pp->keep_fd[i++];
			if (!extra_done && keep == (unsigned)extra)
				extra_done = true;
		} else if (!extra_done) {
			keep = (unsigned)extra;
			extra_done = true;
		} else {
			break;
		}
		if (keep > next)
			out[n++] = (struct limits_fd_range){ next, keep - 1 };
		next = keep + 1;
	}
	out[n++] = (struct limits_fd_range){ next, ~0U };
	return n;
}

void limits_format_timeout(unsigned seconds, char *buf, size_t size)
{
	snprintf(buf, size, "%02u:%02u:%02u", seconds / 3600,
		 seconds / 60 % 60, seconds % 60);
}

void limits_format_cpus(const cpu_set_t *cpus, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int c = 0; c < CPU_SETSIZE && len < size; c++) {
		int end = c;

		if (!CPU_ISSET(c, cpus))
			continue;
		while (end + 1 < CPU_SETSIZE && CPU_ISSET(end + 1, cpus))
			end++;
		len += (size_t)snprintf(buf + len, size - len,
					end > c ? "%s%d-%d" : "%s%d",
					len ? "," : "", c, end);
		c = end;
	}
}

void limits_print(FILE *out, const struct policy_process *pp)
{
	static const struct policy_process none;
	char text[512];

	if (memcmp(pp, &none, sizeof(none)) == 0)
		return;
	fprintf(out, "process:\n");
	for (int i = 0; i < POLICY_RLIMIT_COUNT; i++)
		if (pp->rlimit_set[i])
			fprintf(out, "  %s %llu\n", rlimits[i].name,
				pp->rlimit[i]);
	if (pp->timeout) {
		limits_format_timeout(pp->timeout, text, sizeof(text));
		fprintf(out, "  timeout %s\n", text);
	}
	if (pp->nice_set)
		fprintf(out, "  nice %d\n", pp->nice);
	if (pp->oom_score_adj_set)
		fprintf(out, "  oom-score-adj %d\n", pp->oom_score_adj);
	if (pp->cpus_set) {
		limits_format_cpus(&pp->cpus, text, sizeof(text));
		fprintf(out, "  cpu %s\n", text);
	}
	if (pp->keep_fd_all)
		fprintf(out, "  keep-fd all\n");
	for (size_t i = 0; i < pp->n_keep_fd; i++)
		fprintf(out, "%s%d%s", i ? "," : "  keep-fd ", pp->keep_fd[i],
			i + 1 == pp->n_keep_fd ? "\n" : "");
	if (pp->nogroups)
		fprintf(out, "  nogroups\n");
	if (pp->caps_drop) {
		caps_format(pp->caps_drop, text, sizeof(text));
		fprintf(out, "  caps.drop %s (with --as-root)\n", text);
	}
	if (pp->caps_keep_set) {
		caps_format(pp->caps_keep, text, sizeof(text));
		fprintf(out, "  caps.keep %s (with --as-root)\n", text);
	}
}

/* --- effects --- */

int limits_check(const struct policy_process *pp, bool as_root,
		 struct nb_error *err)
{
	struct limits_rlimit_call calls[POLICY_RLIMIT_COUNT];
	size_t n = limits_rlimit_calls(pp, calls);

	for (size_t i = 0; i < n; i++) {
		struct rlimit now;

		if (getrlimit(calls[i].resource, &now) < 0)
			return nb_fail(err, errno, "getrlimit");
		/* raising it needs privilege; the caller's own, lower, is
		 * stricter still (limits_apply keeps it) */
		if (now.rlim_max != RLIM_INFINITY &&
		    calls[i].value > now.rlim_max)
			nb_warn("%s %llu: above your hard limit (%llu), which the program keeps",
				limits_rlimit_name(calls[i].which),
				calls[i].value,
				(unsigned long long)now.rlim_max);
	}
	if (pp->cpus_set) {
		cpu_set_t usable, missing;
		char want[256], have[256];

		if (sched_getaffinity(0, sizeof(usable), &usable) < 0)
			return nb_fail(err, errno, "sched_getaffinity");
		CPU_AND(&missing, &pp->cpus, &usable);
		CPU_XOR(&missing, &missing, &pp->cpus);
		if (CPU_COUNT(&missing)) {
			limits_format_cpus(&missing, want, sizeof(want));
			limits_format_cpus(&usable, have, sizeof(have));
			return nb_fail(err, 0,
				       "cpu: CPU %s not available (this process may use %s)",
				       want, have);
		}
	}
	if (pp->caps_keep_set && !as_root)
		nb_warn("caps.keep: the program runs as you, with no capabilities at all; --as-root keeps the listed ones");
	return 0;
}

/*
 * The kernel's OOM killer takes the process with the highest badness:
 * its share of memory plus oom_score_adj (proc(5)).  An unprivileged
 * process may raise its own, never lower it below the floor a privileged
 * process last set for it (oom_score_adj_min): 0, or the 100 systemd
 * gives a user's session.  So the raise holds against the caller's
 * desktop, but the program may lower it back to that floor: it is a bias
 * for a program that runs away by mistake, not a limit.  A value already
 * higher (the caller's own) is kept.
 */
int limits_oom_apply(const struct policy_process *pp, struct nb_error *err)
{
	char buf[16];
	ssize_t n;
	int fd, len;

	if (!pp->oom_score_adj_set)
		return 0;
	fd = open("/proc/self/oom_score_adj", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return nb_fail(err, errno, "oom-score-adj: /proc/self/oom_score_adj");
	n = read(fd, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		if (atoi(buf) >= pp->oom_score_adj) {
			close(fd);
			return 0;
		}
	}
	len = snprintf(buf, sizeof(buf), "%d", pp->oom_score_adj);
	if (pwrite(fd, buf, (size_t)len, 0) != len) {
		int e = errno;

		close(fd);
		return nb_fail(err, e, "oom-score-adj %d", pp->oom_score_adj);
	}
	close(fd);
	return 0;
}

int limits_apply(const struct policy_process *pp, struct nb_error *err)
{
	struct limits_rlimit_call calls[POLICY_RLIMIT_COUNT];
	size_t n = limits_rlimit_calls(pp, calls);

	for (size_t i = 0; i < n; i++) {
		struct rlimit r = { calls[i].value, calls[i].value }, now;

		/* above the hard limit this process has: that one, lower */
		if (getrlimit(calls[i].resource, &now) == 0 &&
		    now.rlim_max != RLIM_INFINITY && r.rlim_max > now.rlim_max)
			r.rlim_cur = r.rlim_max = now.rlim_max;
		if (setrlimit(calls[i].resource, &r) < 0)
			return nb_fail(err, errno, "%s %llu",
				       limits_rlimit_name(calls[i].which),
				       calls[i].value);
	}
	/* Only a privileged process may lower its nice value below what
	 * RLIMIT_NICE allows (setpriority(2)): firejail reserves negative
	 * values to root, and here the program runs on as it is. */
	if (pp->nice_set && setpriority(PRIO_PROCESS, 0, pp->nice) < 0) {
		if (errno != EACCES && errno != EPERM)
			return nb_fail(err, errno, "nice %d", pp->nice);
		errno = 0;
		nb_warn("nice %d: not permitted to an unprivileged user; the program runs at nice %d",
			pp->nice, getpriority(PRIO_PROCESS, 0));
	}
	if (pp->cpus_set &&
	    sched_setaffinity(0, sizeof(pp->cpus), &pp->cpus) < 0) {
		char text[256];

		limits_format_cpus(&pp->cpus, text, sizeof(text));
		return nb_fail(err, errno, "cpu %s", text);
	}
	return 0;
}

int limits_close_fds(const struct policy_process *pp, int extra,
		     struct nb_error *err)
{
	struct limits_fd_range r[LIMITS_FD_RANGES_MAX];
	size_t n = limits_close_ranges(pp, extra, r);

	for (size_t i = 0; i < n; i++)
		if (close_range(r[i].first, r[i].last, 0) < 0)
			return nb_fail(err, errno, "close descriptors %u-%u",
				       r[i].first, r[i].last);
	return 0;
}

/* The inotify and fanotify limits in the same directory are left alone. */
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct {
	const char *sysctl;
	unsigned long flag;
} ns_limits[LIMITS_NS_TYPES] = {
	{ "max_user_namespaces", CLONE_NEWUSER },
	{ "max_mnt_namespaces", CLONE_NEWNS },
	{ "max_pid_namespaces", CLONE_NEWPID },
	{ "max_net_namespaces", CLONE_NEWNET },
	{ "max_ipc_namespaces", CLONE_NEWIPC },
	{ "max_uts_namespaces", CLONE_NEWUTS },
	{ "max_cgroup_namespaces", CLONE_NEWCGROUP },
	{ "max_time_namespaces", CLONE_NEWTIME },
};

/*
 * The host's /proc, still reachable before the root is built: a clone of
 * the sandbox's read-only /proc/sys made writable would do as well, but
 * dropping a detached mount waits for an RCU grace period (milliseconds,
 * measured), while this one is unmounted with the old root anyway.
 */
int limits_ns_open(struct nb_error *err)
{
	int dir = open("/proc/sys/user", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (dir < 0)
		return nb_fail(err, errno, "open /proc/sys/user");
	return dir;
}

void limits_ns_read_host(int host_max[LIMITS_NS_TYPES])
{
	for (size_t i = 0; i < LIMITS_NS_TYPES; i++) {
		char path[64], buf[32];
		ssize_t len;
		int fd;

		host_max[i] = -1;
		snprintf(path, sizeof(path), "/proc/sys/user/%s",
			 ns_limits[i].sysctl);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len > 0) {
			buf[len] = '\0';
			host_max[i] = atoi(buf);
		}
	}
}

int limits_ns_set(int dir, unsigned long refused,
		  const int host_max[LIMITS_NS_TYPES], struct nb_error *err)
{
	for (size_t i = 0; i < LIMITS_NS_TYPES; i++) {
		char value[16];
		int fd, len;

		/* a type the program may make: the host's limit (a new user
		 * namespace starts with INT_MAX; the kernel checks every
		 * level up anyway, so this is what it sees, not more) */
		if (refused & ns_limits[i].flag)
			len = snprintf(value, sizeof(value), "0\n");
		else if (host_max[i] >= 0)
			len = snprintf(value, sizeof(value), "%d\n",
				       host_max[i]);
		else
			continue;
		/* The lookup, not the mount, picks the namespace: the
		 * caller's own (proc_sys's set_lookup). */
		fd = openat(dir, ns_limits[i].sysctl, O_WRONLY | O_CLOEXEC);

		if (fd < 0) {
			/* max_time_namespaces is recent (5.6) */
			if (errno == ENOENT)
				continue;
			return nb_fail(err, errno, "open user.%s",
				       ns_limits[i].sysctl);
		}
		if (write(fd, value, (size_t)len) != len) {
			int e = errno;

			close(fd);
			return nb_fail(err, e, "write to user.%s",
				       ns_limits[i].sysctl);
		}
		close(fd);
	}
	return 0;
}
