// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * x11 xorg's untrusted cookie (xsecurity.h): the X protocol's connection
 * set-up, QueryExtension and the SECURITY extension's GenerateAuthorization
 * and RevokeAuthorization, written and read here in the client's byte
 * order (little-endian, said in the set-up's first byte).
 */
#include "xsecurity.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MIT_COOKIE "MIT-MAGIC-COOKIE-1"
#define X_QUERY_EXTENSION 98
#define XSEC_GENERATE 1
#define XSEC_REVOKE 2
#define XSEC_TIMEOUT (1u << 0)		/* the attributes' mask bits */
#define XSEC_TRUST_LEVEL (1u << 1)
#define XSEC_UNTRUSTED 1
/* a server that does not answer within this is taken as not answering */
#define XSEC_WAIT_MS 5000
/* a set-up reply lists the screens and their visuals: a few kB */
#define XSEC_SETUP_MAX (1 << 20)

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static unsigned get16(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static uint32_t get32(const unsigned char *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

size_t xsec_setup_request(unsigned char *buf, size_t size, const char *name,
			  const unsigned char *data, size_t dlen)
{
	size_t nlen = name ? strlen(name) : 0;
	size_t n = 12 + pad4(nlen) + pad4(dlen);

	if (n > size || nlen > 0xffff || dlen > 0xffff)
		return 0;
	memset(buf, 0, n);
	buf[0] = 'l';		/* little-endian */
	put16(buf + 2, 11);	/* protocol 11.0 */
	put16(buf + 6, (unsigned)nlen);
	put16(buf + 8, (unsigned)dlen);
	if (nlen)
		memcpy(buf + 12, name, nlen);
	if (dlen)
		memcpy(buf + 12 + pad4(nlen), data, dlen);
	return n;
}

size_t xsec_query_extension(unsigned char *buf, size_t size, const char *name)
{
	size_t nlen = strlen(name), n = 8 + pad4(nlen);

	if (n > size || nlen > 0xffff)
		return 0;
	memset(buf, 0, n);
	buf[0] = X_QUERY_EXTENSION;
	put16(buf + 2, (unsigned)(n / 4));
	put16(buf + 4, (unsigned)nlen);
	memcpy(buf + 8, name, nlen);
	return n;
}

size_t xsec_generate_request(unsigned char *buf, size_t size, uint8_t major)
{
	size_t plen = sizeof(MIT_COOKIE) - 1;
	size_t n = 12 + pad4(plen) + 8;

	if (n > size)
		return 0;
	memset(buf, 0, n);
	buf[0] = major;
	buf[1] = XSEC_GENERATE;
	put16(buf + 2, (unsigned)(n / 4));
	put16(buf + 4, (unsigned)plen);	/* the protocol's name */
	put16(buf + 6, 0);		/* no data: the server makes it */
	put32(buf + 8, XSEC_TIMEOUT | XSEC_TRUST_LEVEL);
	memcpy(buf + 12, MIT_COOKIE, plen);
	/* the values, in the mask's bit order: never expires by itself
	 * (revoked at the end instead), untrusted */
	put32(buf + 12 + pad4(plen), 0);
	put32(buf + 16 + pad4(plen), XSEC_UNTRUSTED);
	return n;
}

size_t xsec_revoke_request(unsigned char buf[8], uint8_t major, uint32_t id)
{
	buf[0] = major;
	buf[1] = XSEC_REVOKE;
	put16(buf + 2, 2);
	put32(buf + 4, id);
	return 8;
}

int xsec_parse_generate_reply(const unsigned char *r, size_t len,
			      uint32_t *id, unsigned char cookie[XSEC_COOKIE_LEN])
{
	if (len < 32 || r[0] != 1 || get16(r + 12) != XSEC_COOKIE_LEN ||
	    len < 32 + (size_t)get32(r + 4) * 4 ||
	    (size_t)get32(r + 4) * 4 < XSEC_COOKIE_LEN)
		return -1;
	*id = get32(r + 8);
	memcpy(cookie, r + 32, XSEC_COOKIE_LEN);
	return 0;
}

int xsec_auth_field(const unsigned char *d, size_t len, size_t *at,
		    const unsigned char **v, size_t *vlen)
{
	if (len - *at < 2)
		return -1;
	*vlen = (size_t)d[*at] << 8 | d[*at + 1];
	*at += 2;
	if (len - *at < *vlen)
		return -1;
	*v = d + *at;
	*at += *vlen;
	return 0;
}

int xsec_find_cookie(const unsigned char *data, size_t len,
		     unsigned char cookie[XSEC_COOKIE_LEN])
{
	size_t at = 0;

	while (len - at >= 2) {
		const unsigned char *f[4];
		size_t flen[4];
		int i;

		at += 2; /* the family */
		for (i = 0; i < 4; i++)
			if (xsec_auth_field(data, len, &at, &f[i], &flen[i]) < 0)
				return -1;
		if (flen[2] == sizeof(MIT_COOKIE) - 1 &&
		    memcmp(f[2], MIT_COOKIE, flen[2]) == 0 &&
		    flen[3] == XSEC_COOKIE_LEN) {
			memcpy(cookie, f[3], XSEC_COOKIE_LEN);
			return 0;
		}
	}
	return -1;
}

/* --- on the host ------------------------------------------------------ */

static int xwrite(int fd, const unsigned char *buf, size_t n)
{
	while (n) {
		ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static int xread(int fd, unsigned char *buf, size_t n)
{
	while (n) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t r;
		int rc = poll(&pfd, 1, XSEC_WAIT_MS);

		if (rc < 0 && errno == EINTR)
			continue;
		if (rc == 0)
			errno = ETIMEDOUT;
		if (rc <= 0)
			return -1;
		r = read(fd, buf, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			errno = ECONNRESET;
		if (r <= 0)
			return -1;
		buf += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Reads and drops @n bytes. */
static int xskip(int fd, size_t n)
{
	unsigned char buf[4096];

	while (n) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);

		if (xread(fd, buf, k) < 0)
			return -1;
		n -= k;
	}
	return 0;
}

/*
 * A connection to display :@num with MIT cookie @cookie (NULL: none).
 * -1 and why in @err; the server's own reason when it refuses.
 */
static int xconnect(unsigned num, const unsigned char *cookie,
		    struct nb_error *err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	unsigned char req[64], hdr[8];
	char reason[256];
	size_t n;
	int fd;

	snprintf(addr.sun_path, sizeof(addr.sun_path), "/tmp/.X11-unix/X%u",
		 num);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return nb_fail(err, errno, "x11 xorg: socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		nb_fail(err, errno, "x11 xorg: connect to %s", addr.sun_path);
		goto fail;
	}
	n = xsec_setup_request(req, sizeof(req), cookie ? MIT_COOKIE : NULL,
			       cookie, cookie ? XSEC_COOKIE_LEN : 0);
	if (xwrite(fd, req, n) < 0 || xread(fd, hdr, sizeof(hdr)) < 0) {
		nb_fail(err, errno, "x11 xorg: the X server of :%u", num);
		goto fail;
	}
	n = (size_t)get16(hdr + 6) * 4;
	if (hdr[0] != 1) {
		size_t rlen = hdr[0] == 0 ? hdr[1] : 0;

		if (rlen >= sizeof(reason) || n > XSEC_SETUP_MAX ||
		    rlen > n || xread(fd, (unsigned char *)reason, rlen) < 0)
			rlen = 0;
		reason[rlen] = '\0';
		while (rlen && (reason[rlen - 1] == '\n' || reason[rlen - 1] == '\r'))
			reason[--rlen] = '\0';
		nb_fail(err, 0, "x11 xorg: the X server of :%u refused the connection%s%s",
			num, rlen ? ": " : "", reason);
		goto fail;
	}
	if (n > XSEC_SETUP_MAX || xskip(fd, n) < 0) {
		nb_fail(err, errno, "x11 xorg: the X server of :%u", num);
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/*
 * The reply to the request just sent (32 bytes in @r, its extra length in
 * *@extra): events on the way are dropped.  -1 with errno on a dead
 * connection; 1 for an X error (its code in r[1]).
 */
static int xreply(int fd, unsigned char r[32], size_t *extra)
{
	for (;;) {
		if (xread(fd, r, 32) < 0)
			return -1;
		if (r[0] == 0)
			return 1;
		if (r[0] == 1) {
			*extra = (size_t)get32(r + 4) * 4;
			return 0;
		}
	}
}

/* The major opcode of extension @name, or 0 when the server does not
 * show it to this client. */
static int query_extension(int fd, const char *name, uint8_t *major)
{
	unsigned char req[64], r[32];
	size_t n = xsec_query_extension(req, sizeof(req), name), extra = 0;

	if (xwrite(fd, req, n) < 0 || xreply(fd, r, &extra) != 0 ||
	    xskip(fd, extra) < 0)
		return -1;
	*major = r[8] ? r[9] : 0;
	return 0;
}

int xsec_generate(unsigned num, const unsigned char *caller, uint32_t *id,
		  unsigned char cookie[XSEC_COOKIE_LEN], struct nb_error *err)
{
	unsigned char req[64], r[64];
	size_t n, extra = 0;
	uint8_t major = 0, seen = 0;
	int fd, rc;

	/* A server that lets the caller's clients in without a cookie
	 * (no access control, or `xhost +si:localuser:USER`) lets the
	 * program in too, as the same user, with no cookie and full trust:
	 * an untrusted cookie would be a pretence. */
	fd = xconnect(num, NULL, err);
	if (fd >= 0) {
		close(fd);
		return nb_fail(err, 0,
			       "x11 xorg: the X server of :%u lets your clients in without a cookie (no access control, or xhost +si:localuser): the program could connect with none, as a trusted client",
			       num);
	}
	fd = xconnect(num, caller, err);
	if (fd < 0)
		return -1;
	if (query_extension(fd, "SECURITY", &major) < 0)
		goto broken;
	if (!major) {
		close(fd);
		return nb_fail(err, 0,
			       "x11 xorg: the X server of :%u has no SECURITY extension (Xwayland, or a server started with -extension SECURITY): it can make no untrusted cookie",
			       num);
	}
	n = xsec_generate_request(req, sizeof(req), major);
	if (xwrite(fd, req, n) < 0)
		goto broken;
	rc = xreply(fd, r, &extra);
	if (rc < 0)
		goto broken;
	if (rc > 0) {
		close(fd);
		return nb_fail(err, 0,
			       "x11 xorg: the X server of :%u refused an untrusted cookie (X error %u)",
			       num, r[1]);
	}
	if (extra > sizeof(r) - 32 || xread(fd, r + 32, extra) < 0)
		goto broken;
	close(fd);
	if (xsec_parse_generate_reply(r, 32 + extra, id, cookie) < 0)
		return nb_fail(err, 0,
			       "x11 xorg: the X server of :%u answered with no cookie",
			       num);
	/* A client with it must be untrusted: such a client is not shown
	 * SECURITY (a server that honoured the request but lets the client
	 * in as trusted would give the program the whole display). */
	fd = xconnect(num, cookie, err);
	if (fd < 0 || query_extension(fd, "SECURITY", &seen) < 0 || seen) {
		if (fd >= 0)
			close(fd);
		xsec_revoke(num, caller, *id);
		return nb_fail(err, 0,
			       "x11 xorg: the X server of :%u does not make a client with the untrusted cookie untrusted",
			       num);
	}
	close(fd);
	return 0;
broken:
	rc = errno;
	close(fd);
	return nb_fail(err, rc, "x11 xorg: the X server of :%u", num);
}

int xsec_revoke(unsigned num, const unsigned char *caller, uint32_t id)
{
	struct nb_error err = { 0 };
	unsigned char req[64], r[32];
	size_t extra = 0;
	uint8_t major = 0;
	int fd, rc = -1;

	fd = xconnect(num, caller, &err);
	if (fd < 0) {
		nb_debug("x11 xorg: authorization %u not revoked: %s",
			 (unsigned)id, err.msg);
		return -1;
	}
	/* RevokeAuthorization has no reply: a request with one after it
	 * says when it was done (or its error) */
	if (query_extension(fd, "SECURITY", &major) == 0 && major) {
		xsec_revoke_request(req, major, id);
		if (xwrite(fd, req, 8) == 0 &&
		    xwrite(fd, req + 8,
			   xsec_query_extension(req + 8, sizeof(req) - 8,
						"SECURITY")) == 0)
			rc = xreply(fd, r, &extra);
	}
	close(fd);
	if (rc != 0)
		nb_debug("x11 xorg: authorization %u not revoked (%s)",
			 (unsigned)id, rc > 0 ? "X error" : "no answer");
	return rc == 0 ? 0 : -1;
}
