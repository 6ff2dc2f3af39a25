// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mount plan on the wire (mountplan_wire.h).  Layout, native
 * endianness (both ends are this binary, on this machine):
 *
 *   "NBMP" u32 count, tmpfs_size as a string;
 *   per operation: u32 type, u32 flags, u32 mode, src, dst, text;
 *
 * a string is a u32 length, then its bytes; NULL is length ~0.
 */
#include "mountplan_wire.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WIRE_MAGIC "NBMP"
#define WIRE_NULL UINT32_MAX

struct wire_out {
	char *buf;
	size_t len, cap;
	bool failed;
};

static void put(struct wire_out *w, const void *p, size_t n)
{
	if (w->failed)
		return;
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4096;
		char *grown;

		while (cap < w->len + n)
			cap *= 2;
		grown = realloc(w->buf, cap);
		if (!grown) {
			w->failed = true;
			return;
		}
		w->buf = grown;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void put_u32(struct wire_out *w, uint32_t v)
{
	put(w, &v, sizeof(v));
}

static void put_str(struct wire_out *w, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n >= WIRE_NULL) {
		w->failed = true;
		return;
	}
	put_u32(w, s ? (uint32_t)n : WIRE_NULL);
	if (s)
		put(w, s, n);
}

int mount_plan_encode(const struct mount_plan *plan, char **buf, size_t *len,
		      struct nb_error *err)
{
	struct wire_out w = { 0 };

	if (plan->n >= WIRE_NULL)
		return nb_fail(err, E2BIG, "mount plan: %zu operations", plan->n);
	put(&w, WIRE_MAGIC, 4);
	put_u32(&w, (uint32_t)plan->n);
	put_str(&w, plan->tmpfs_size);
	for (size_t i = 0; i < plan->n; i++) {
		const struct mount_op *op = &plan->ops[i];

		put_u32(&w, (uint32_t)op->type);
		put_u32(&w, op->flags);
		put_u32(&w, (uint32_t)op->mode);
		put_str(&w, op->src);
		put_str(&w, op->dst);
		put_str(&w, op->text);
	}
	if (w.failed) {
		free(w.buf);
		return nb_fail(err, ENOMEM, "mount plan: encode");
	}
	*buf = w.buf;
	*len = w.len;
	return 0;
}

struct wire_in {
	const char *p, *end;
};

static bool get(struct wire_in *r, void *out, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		return false;
	memcpy(out, r->p, n);
	r->p += n;
	return true;
}

/* A string of the wire into *@s (NULL for the null string). */
static bool get_str(struct wire_in *r, char **s)
{
	uint32_t n;

	*s = NULL;
	if (!get(r, &n, sizeof(n)))
		return false;
	if (n == WIRE_NULL)
		return true;
	if ((size_t)(r->end - r->p) < n || memchr(r->p, '\0', n))
		return false;
	*s = strndup(r->p, n);
	if (!*s)
		return false;
	r->p += n;
	return true;
}

int mount_plan_decode(const char *buf, size_t len, struct mount_plan *plan,
		      struct nb_error *err)
{
	struct wire_in r = { buf, buf + len };
	char magic[4], *size = NULL;
	uint32_t n;

	mount_plan_init(plan);
	if (!get(&r, magic, 4) || memcmp(magic, WIRE_MAGIC, 4) != 0 ||
	    !get(&r, &n, sizeof(n)) || !get_str(&r, &size) || !size ||
	    strlen(size) >= sizeof(plan->tmpfs_size))
		goto bad;
	strcpy(plan->tmpfs_size, size);
	free(size);
	size = NULL;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t type, flags, mode;
		char *src = NULL, *dst = NULL, *text = NULL;
		int rc;

		if (!get(&r, &type, sizeof(type)) ||
		    !get(&r, &flags, sizeof(flags)) ||
		    !get(&r, &mode, sizeof(mode)) || !get_str(&r, &src) ||
		    !get_str(&r, &dst) || !get_str(&r, &text) ||
		    type > MOUNT_OP_LAST) {
			free(src);
			free(dst);
			free(text);
			goto bad;
		}
		rc = mount_plan_add(plan, (enum mount_op_type)type, src, dst,
				    flags, (mode_t)mode, err);
		if (rc == 0)
			rc = mount_plan_set_text(plan, text, err);
		free(src);
		free(dst);
		free(text);
		if (rc < 0) {
			mount_plan_free(plan);
			return -1;
		}
	}
	if (r.p != r.end)
		goto bad;
	return 0;
bad:
	free(size);
	mount_plan_free(plan);
	return nb_fail(err, EINVAL, "mount plan: damaged in transfer");
}

int mount_plan_send(int fd, const struct mount_plan *plan,
		    struct nb_error *err)
{
	char *buf;
	size_t len, done = 0;

	if (mount_plan_encode(plan, &buf, &len, err) < 0)
		return -1;
	while (done < len) {
		ssize_t n = pwrite(fd, buf + done, len - done, (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return nb_fail(err, n < 0 ? errno : EIO, "mount plan: send");
		}
		done += (size_t)n;
	}
	free(buf);
	return 0;
}

int mount_plan_receive(int fd, struct mount_plan *plan, struct nb_error *err)
{
	off_t end = lseek(fd, 0, SEEK_END);
	size_t done = 0, len;
	char *buf;
	int rc;

	if (end < 0)
		return nb_fail(err, errno, "mount plan: receive");
	len = (size_t)end;
	buf = malloc(len ? len : 1);
	if (!buf)
		return nb_fail(err, ENOMEM, "mount plan: receive");
	while (done < len) {
		ssize_t n = pread(fd, buf + done, len - done, (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return nb_fail(err, n < 0 ? errno : EIO,
				       "mount plan: receive");
		}
		done += (size_t)n;
	}
	rc = mount_plan_decode(buf, len, plan, err);
	free(buf);
	return rc;
}
