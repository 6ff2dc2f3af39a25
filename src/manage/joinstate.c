// SPDX-License-Identifier: GPL-2.0-or-later
#include "joinstate.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "landlock.h"
#include "nb_limits.h"

#define BPF_MAX_INSNS 4096	/* the kernel's BPF_MAXINSNS */
#define STATE_MAX (1 << 20)	/* no file of ours is larger */

/* ---- Landlock: words "enforce", "fs KIND PATH", "connect LIST",
 *      "bind LIST", "scope LIST", each NUL-terminated ---------------- */

static void put_word(FILE *f, const char *w)
{
	fputs(w, f);
	fputc('\0', f);
}

static void put_ports(FILE *f, const char *what,
		      const struct landlock_ports *ports)
{
	if (!ports->set)
		return;
	put_word(f, what);
	if (ports->n == 0)
		fputs("none", f);
	for (size_t i = 0; i < ports->n; i++)
		fprintf(f, "%s%u", i ? "," : "", (unsigned)ports->v[i]);
	fputc('\0', f);
}

int joinstate_format_landlock(const struct policy_landlock *ll, char **buf,
			      size_t *len, struct nb_error *err)
{
	FILE *f = open_memstream(buf, len);

	if (!f)
		return nb_fail(err, errno, "landlock state");
	if (ll->enforce)
		put_word(f, "enforce");
	for (size_t i = 0; i < ll->n_fs; i++) {
		char kind[4];

		snprintf(kind, sizeof(kind), "%d", (int)ll->fs[i].kind);
		put_word(f, "fs");
		put_word(f, kind);
		put_word(f, ll->fs[i].path);
	}
	put_ports(f, "connect", &ll->connect);
	put_ports(f, "bind", &ll->bind);
	if (ll->scope_given) {
		put_word(f, "scope");
		put_word(f, ll->scope == 0 ? "none" :
			    ll->scope == POLICY_LANDLOCK_SCOPE_ALL ? "all" :
			    ll->scope == POLICY_LANDLOCK_SCOPE_SIGNAL ?
								 "signal" :
								 "abstract-unix-socket");
	}
	if (fclose(f) != 0)
		return nb_fail(err, errno, "landlock state");
	return 0;
}

/* The next NUL-terminated word of [*p, end), or NULL. */
static const char *next_word(const char **p, const char *end)
{
	const char *w = *p;
	const char *nul = memchr(w, '\0', (size_t)(end - w));

	if (w >= end || !nul)
		return NULL;
	*p = nul + 1;
	return w;
}

int joinstate_parse_landlock(const char *buf, size_t len,
			     struct policy_landlock *ll, struct nb_error *err)
{
	const char *p = buf, *end = buf + len, *w;

	memset(ll, 0, sizeof(*ll));
	while ((w = next_word(&p, end))) {
		const char *a = next_word(&p, end), *path;
		int rc;

		if (strcmp(w, "enforce") == 0) {
			ll->enforce = true;
			if (a)
				p = a; /* not an argument: read it again */
			continue;
		}
		if (!a)
			goto bad;
		if (strcmp(w, "fs") == 0) {
			long kind = strtol(a, NULL, 10);

			path = next_word(&p, end);
			if (!path || kind < LANDLOCK_FS_READ ||
			    kind > LANDLOCK_FS_EXECUTE)
				goto bad;
			rc = landlock_add_fs_rule(ll, (enum landlock_fs_kind)kind,
						  path, "recorded", err);
		} else if (strcmp(w, "connect") == 0) {
			rc = landlock_add_ports(&ll->connect, a, err);
		} else if (strcmp(w, "bind") == 0) {
			rc = landlock_add_ports(&ll->bind, a, err);
		} else if (strcmp(w, "scope") == 0) {
			rc = landlock_set_scope(ll, a, err);
		} else {
			goto bad;
		}
		if (rc < 0)
			goto fail;
	}
	if (p != end)
		goto bad;
	return 0;
bad:
	nb_fail(err, 0, "landlock state: not one nestbox wrote");
fail:
	landlock_policy_free(ll);
	return -1;
}

/* ---- seccomp: "NBSC", u32 count, then (u32 length, insns) each ----- */

int joinstate_format_seccomp(const struct seccomp_bpf *bpf, char **buf,
			     size_t *len, struct nb_error *err)
{
	/* the filters there are, in the order they are installed; a joined
	 * process installs them all the same way (none reports to init) */
	const void *insns[SECCOMP_MAX_FILTERS] = { bpf->insns };
	size_t lens[SECCOMP_MAX_FILTERS] = { bpf->len };
	uint32_t n = 1;
	FILE *f;

	if (bpf->keep_insns) {
		insns[n] = bpf->keep_insns;
		lens[n++] = bpf->keep_len;
	}
	if (bpf->keep32_insns) {
		insns[n] = bpf->keep32_insns;
		lens[n++] = bpf->keep32_len;
	}
	f = open_memstream(buf, len);
	if (!f)
		return nb_fail(err, errno, "seccomp state");
	fwrite("NBSC", 1, 4, f);
	fwrite(&n, sizeof(n), 1, f);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t l = (uint32_t)lens[i];

		fwrite(&l, sizeof(l), 1, f);
		fwrite(insns[i], sizeof(struct sock_filter), l, f);
	}
	if (fclose(f) != 0)
		return nb_fail(err, errno, "seccomp state");
	return 0;
}

int joinstate_parse_seccomp(const char *buf, size_t len,
			    struct seccomp_bpf *bpf, struct nb_error *err)
{
	const char *p = buf + 8, *end = buf + len;
	uint32_t n;

	memset(bpf, 0, sizeof(*bpf));
	if (len < 8 || memcmp(buf, "NBSC", 4) != 0)
		goto bad;
	memcpy(&n, buf + 4, sizeof(n));
	if (n < 1 || n > SECCOMP_MAX_FILTERS)
		goto bad;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t l;
		size_t bytes;
		void *copy;

		if ((size_t)(end - p) < sizeof(l))
			goto bad;
		memcpy(&l, p, sizeof(l));
		p += sizeof(l);
		bytes = (size_t)l * sizeof(struct sock_filter);
		if (l == 0 || l > BPF_MAX_INSNS || (size_t)(end - p) < bytes)
			goto bad;
		copy = malloc(bytes);
		if (!copy) {
			seccomp_bpf_free(bpf);
			return nb_fail(err, ENOMEM, "seccomp state");
		}
		memcpy(copy, p, bytes);
		p += bytes;
		if (i == 0) {
			bpf->insns = copy;
			bpf->len = l;
		} else if (i == 1) {
			bpf->keep_insns = copy;
			bpf->keep_len = l;
		} else {
			bpf->keep32_insns = copy;
			bpf->keep32_len = l;
		}
	}
	if (p != end)
		goto bad;
	return 0;
bad:
	seccomp_bpf_free(bpf);
	return nb_fail(err, 0, "seccomp state: not one nestbox wrote");
}

/* ---- the process: "nogroups", then (directive, argument) pairs of
 *      rlimit-*, nice and cpu, each NUL-terminated ------------------ */

int joinstate_format_process(const struct policy_process *pp, char **buf,
			     size_t *len, struct nb_error *err)
{
	struct limits_rlimit_call calls[POLICY_RLIMIT_COUNT];
	size_t n = limits_rlimit_calls(pp, calls);
	/* every other CPU of CPU_SETSIZE (1024) as "0,2,...": 2560 bytes */
	char text[4096];
	FILE *f = open_memstream(buf, len);

	if (!f)
		return nb_fail(err, errno, "process state");
	if (pp->nogroups)
		put_word(f, "nogroups");
	for (size_t i = 0; i < n; i++) {
		snprintf(text, sizeof(text), "%llu", calls[i].value);
		put_word(f, limits_rlimit_name(calls[i].which));
		put_word(f, text);
	}
	if (pp->nice_set) {
		snprintf(text, sizeof(text), "%d", pp->nice);
		put_word(f, "nice");
		put_word(f, text);
	}
	if (pp->oom_score_adj_set) {
		snprintf(text, sizeof(text), "%d", pp->oom_score_adj);
		put_word(f, "oom-score-adj");
		put_word(f, text);
	}
	if (pp->cpus_set) {
		limits_format_cpus(&pp->cpus, text, sizeof(text));
		put_word(f, "cpu");
		put_word(f, text);
	}
	if (fclose(f) != 0)
		return nb_fail(err, errno, "process state");
	return 0;
}

int joinstate_parse_process(const char *buf, size_t len,
			    struct policy_process *pp, struct nb_error *err)
{
	const char *p = buf, *end = buf + len, *w;

	memset(pp, 0, sizeof(*pp));
	while ((w = next_word(&p, end))) {
		const char *a;
		int rc = -1, i;

		if (strcmp(w, "nogroups") == 0) {
			pp->nogroups = true;
			continue;
		}
		a = next_word(&p, end);
		if (!a)
			goto bad;
		for (i = 0; i < POLICY_RLIMIT_COUNT; i++)
			if (strcmp(w, limits_rlimit_name((enum policy_rlimit)i)) == 0)
				break;
		if (i < POLICY_RLIMIT_COUNT)
			rc = limits_set_rlimit(pp, (enum policy_rlimit)i, a, err);
		else if (strcmp(w, "nice") == 0)
			rc = limits_set_nice(pp, a, err);
		else if (strcmp(w, "cpu") == 0)
			rc = limits_set_cpus(pp, a, err);
		else if (strcmp(w, "oom-score-adj") == 0)
			rc = limits_set_oom_score_adj(pp, a, err);
		if (rc < 0)
			goto bad;
	}
	if (p != end)
		goto bad;
	return 0;
bad:
	memset(pp, 0, sizeof(*pp));
	return nb_fail(err, 0, "process state: not one nestbox wrote");
}

/* ---- the file: "NBJ2", then five sections, each a u32 length and its
 *      bytes: environ (NUL-separated), cwd, landlock words, seccomp,
 *      process words ---- */

#define N_SECTIONS 5
#define STATE_MAGIC "NBJ2"

static void put_section(FILE *f, const void *data, size_t len)
{
	uint32_t l = (uint32_t)len;

	fwrite(&l, sizeof(l), 1, f);
	fwrite(data, 1, len, f);
}

static int format_state(const struct policy_landlock *ll,
			const struct seccomp_bpf *bpf,
			const struct policy_process *pp, char **out,
			size_t *out_len, struct nb_error *err)
{
	extern char **environ;
	char cwd[4096], *env = NULL, *lbuf = NULL, *sbuf = NULL, *pbuf = NULL;
	size_t env_len = 0, llen = 0, slen = 0, plen = 0;
	FILE *e, *f;
	int rc = -1;

	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "/");
	e = open_memstream(&env, &env_len);
	if (!e)
		return nb_fail(err, errno, "join state");
	for (char **v = environ; *v; v++)
		put_word(e, *v);
	if (fclose(e) != 0) {
		nb_fail(err, errno, "join state");
		goto out;
	}
	if (joinstate_format_landlock(ll, &lbuf, &llen, err) < 0 ||
	    joinstate_format_seccomp(bpf, &sbuf, &slen, err) < 0 ||
	    joinstate_format_process(pp, &pbuf, &plen, err) < 0)
		goto out;
	f = open_memstream(out, out_len);
	if (!f) {
		nb_fail(err, errno, "join state");
		goto out;
	}
	fwrite(STATE_MAGIC, 1, 4, f);
	put_section(f, env, env_len);
	put_section(f, cwd, strlen(cwd));
	put_section(f, lbuf, llen);
	put_section(f, sbuf, slen);
	put_section(f, pbuf, plen);
	rc = fclose(f) == 0 ? 0 : nb_fail(err, errno, "join state");
out:
	free(env);
	free(lbuf);
	free(sbuf);
	free(pbuf);
	return rc;
}

int joinstate_record(int dir_fd, const struct policy_landlock *ll,
		     const struct seccomp_bpf *bpf,
		     const struct policy_process *pp, struct nb_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;
	int fd;

	if (format_state(ll, bpf, pp, &buf, &len, err) < 0)
		return -1;
	/* written whole under another name, then renamed: a joining
	 * process reads all of it or nothing */
	fd = openat(dir_fd, "join.tmp",
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		free(buf);
		return nb_fail(err, errno, "write join state");
	}
	n = write(fd, buf, len);
	close(fd);
	free(buf);
	if (n != (ssize_t)len)
		return nb_fail(err, n < 0 ? errno : EIO, "write join state");
	if (renameat(dir_fd, "join.tmp", dir_fd, "join") < 0)
		return nb_fail(err, errno, "write join state");
	return 0;
}

static char *read_state(int dir_fd, size_t *len, struct nb_error *err)
{
	int fd = openat(dir_fd, "join", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char *buf;

	if (fd < 0) {
		nb_fail(err, errno, "read the join state (has the sandbox's program started?)");
		return NULL;
	}
	buf = host_read_fd(fd, STATE_MAX, len);
	if (!buf)
		nb_fail(err, errno, "read the join state");
	return buf;
}

/* NUL-separated entries into a NULL-terminated vector over @buf. */
static char **split_environ(char *buf, size_t len)
{
	size_t n = 0, i = 0;
	char **v;

	for (size_t k = 0; k < len; k++)
		n += buf[k] == '\0';
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return NULL;
	for (char *p = buf; p < buf + len && i < n; p += strlen(p) + 1)
		v[i++] = p;
	return v;
}

int joinstate_parse(const char *buf, size_t len, struct joinstate *js,
		    struct nb_error *err)
{
	const char *sec[N_SECTIONS], *p = buf + 4, *end = buf + len;
	size_t sec_len[N_SECTIONS];

	memset(js, 0, sizeof(*js));
	if (len < 4 || memcmp(buf, STATE_MAGIC, 4) != 0)
		return nb_fail(err, 0, "join state: not one nestbox wrote");
	for (int i = 0; i < N_SECTIONS; i++) {
		uint32_t l;

		if ((size_t)(end - p) < sizeof(l))
			return nb_fail(err, 0, "join state: truncated");
		memcpy(&l, p, sizeof(l));
		p += sizeof(l);
		if ((size_t)(end - p) < l)
			return nb_fail(err, 0, "join state: truncated");
		sec[i] = p;
		sec_len[i] = l;
		p += l;
	}
	if (p != end)
		return nb_fail(err, 0, "join state: not one nestbox wrote");
	/* the environment must end with its NUL, and the cwd have none */
	if ((sec_len[0] && sec[0][sec_len[0] - 1] != '\0') ||
	    memchr(sec[1], '\0', sec_len[1]) || sec_len[1] == 0)
		return nb_fail(err, 0, "join state: not one nestbox wrote");
	js->env_buf = malloc(sec_len[0] + 1);
	js->cwd = strndup(sec[1], sec_len[1]);
	if (!js->env_buf || !js->cwd)
		goto nomem;
	memcpy(js->env_buf, sec[0], sec_len[0]);
	js->env = split_environ(js->env_buf, sec_len[0]);
	if (!js->env)
		goto nomem;
	if (joinstate_parse_landlock(sec[2], sec_len[2], &js->landlock, err) < 0 ||
	    joinstate_parse_seccomp(sec[3], sec_len[3], &js->bpf, err) < 0 ||
	    joinstate_parse_process(sec[4], sec_len[4], &js->process, err) < 0) {
		joinstate_free(js);
		return -1;
	}
	return 0;
nomem:
	joinstate_free(js);
	return nb_fail(err, ENOMEM, "join state");
}

int joinstate_read(int dir_fd, struct joinstate *js, struct nb_error *err)
{
	size_t len;
	char *buf = read_state(dir_fd, &len, err);
	int rc;

	memset(js, 0, sizeof(*js));
	if (!buf)
		return -1;
	rc = joinstate_parse(buf, len, js, err);
	free(buf);
	return rc;
}

void joinstate_free(struct joinstate *js)
{
	free(js->env);
	free(js->env_buf);
	free(js->cwd);
	landlock_policy_free(&js->landlock);
	seccomp_bpf_free(&js->bpf);
	memset(js, 0, sizeof(*js));
}
