// SPDX-License-Identifier: GPL-2.0-or-later
#include "net.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gopipe.h"
#include "pasta.h"

int net_loopback_up(struct nb_error *err)
{
	struct ifreq ifr;
	int fd, rc = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return nb_fail(err, errno, "socket for lo");
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		rc = nb_fail(err, errno, "read the flags of lo");
	} else {
		ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			rc = nb_fail(err, errno, "bring lo up");
	}
	close(fd);
	return rc;
}

/* The family bit of a default unicast route of the main table in @msg,
 * else 0. */
static unsigned default_route_of(struct nlmsghdr *h)
{
	struct rtmsg *r = NLMSG_DATA(h);
	int left = (int)RTM_PAYLOAD(h);
	uint32_t table;

	if (h->nlmsg_type != RTM_NEWROUTE ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*r)) || r->rtm_dst_len != 0 ||
	    r->rtm_type != RTN_UNICAST)
		return 0;
	table = r->rtm_table;
	for (struct rtattr *a = RTM_RTA(r); RTA_OK(a, left);
	     a = RTA_NEXT(a, left))
		if (a->rta_type == RTA_TABLE &&
		    RTA_PAYLOAD(a) >= sizeof(uint32_t))
			memcpy(&table, RTA_DATA(a), sizeof(table));
	if (table != RT_TABLE_MAIN)
		return 0;
	return r->rtm_family == AF_INET ? PASTA_ROUTE_V4 :
	       r->rtm_family == AF_INET6 ? PASTA_ROUTE_V6 : 0;
}


/* The default routes (a bit per family, default_route_of) among the
 * netlink messages of @len bytes in @buf: NLMSG_OK and NLMSG_NEXT, with
 * an unsigned length (the macros compare it with a signed one). */
static unsigned default_routes_in(const void *buf, size_t len)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
	unsigned seen = 0;

	while (len >= sizeof(*h) && h->nlmsg_len >= sizeof(*h) &&
	       h->nlmsg_len <= len) {
		size_t step = NLMSG_ALIGN(h->nlmsg_len);

		seen |= default_route_of((struct nlmsghdr *)h);
		if (step >= len)
			break;
		len -= step;
		h = (const struct nlmsghdr *)((const char *)h + step);
	}
	return seen;
}

/* Subscribed to route changes, then asked for the routes there already:
 * none made meanwhile can be missed. */
static int routes_open(void)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE,
	};
	struct {
		struct nlmsghdr h;
		struct rtmsg r;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETROUTE,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.r = { .rtm_family = AF_UNSPEC },
	};
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    send(fd, &req, sizeof(req), 0) != (ssize_t)sizeof(req)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int word_after(int go_fd)
{
	char c = 0;
	ssize_t n;

	do
		n = read(go_fd, &c, 1);
	while (n < 0 && errno == EINTR);
	return n == 1 && c == (char)GO_NETWORK_UP ? 0 : -1;
}

int net_wait_routes(unsigned want, int go_fd)
{
	/* aligned for the headers it holds */
	uint32_t buf[8192 / sizeof(uint32_t)];
	unsigned seen = 0;
	int nl = want ? routes_open() : -1;

	if (nl < 0)
		return word_after(go_fd);
	for (;;) {
		struct pollfd fds[2] = {
			{ .fd = go_fd, .events = POLLIN },
			{ .fd = nl, .events = POLLIN },
		};
		ssize_t n;

		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents) {
			close(nl);
			return word_after(go_fd);
		}
		n = recv(nl, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		/* ENOBUFS (changes lost) or worse: the word, then */
		if (n <= 0)
			break;
		seen |= default_routes_in(buf, (size_t)n);
		if ((seen & want) == want) {
			close(nl);
			return 1;
		}
	}
	close(nl);
	return word_after(go_fd);
}
