// SPDX-License-Identifier: GPL-2.0-or-later
#include "display.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int display_write_xauth(const struct policy *p, struct nb_error *err)
{
	char *path, *text;
	unsigned char *out;
	size_t len = 0, out_len;
	int fd, rc = 0;

	if (!p->x11.xauth)
		return 0;
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
