// SPDX-License-Identifier: GPL-2.0-or-later
/* netfilter, netfilter6: see netfilter.h for the whole story. */
#include "netfilter.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "gopipe.h"

/* Why each line is there:
 *  - loopback: the sandbox's own services (and local addresses, which
 *    the kernel routes over lo) talk freely;
 *  - established, related: replies to what the program started, and the
 *    ICMP errors about it (unreachable, fragmentation needed, packet too
 *    big), which conntrack marks related;
 *  - neighbour discovery and router advertisements: IPv6 cannot reach
 *    its gateway without them; conntrack leaves them untracked, so they
 *    need their own rule; hop limit 255 proves they come from the link;
 *  - anything else coming in, or forwarded, is dropped: nothing can start
 *    a connection to the program.  Going out is free. */
static const char default_ruleset[] =
	"# nestbox's client filter (netfilter without a FILE)\n"
	"table inet nestbox {\n"
	"\tchain input {\n"
	"\t\ttype filter hook input priority filter; policy drop;\n"
	"\t\tiif \"lo\" accept\n"
	"\t\tct state established,related accept\n"
	"\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } ip6 hoplimit 255 accept\n"
	"\t}\n"
	"\tchain forward {\n"
	"\t\ttype filter hook forward priority filter; policy drop;\n"
	"\t}\n"
	"\tchain output {\n"
	"\t\ttype filter hook output priority filter; policy accept;\n"
	"\t}\n"
	"}\n";

#define R_NF_HOST "net host: the sandbox shares the host's network namespace, whose ruleset nestbox never touches"
#define R_NF_NO_NFT "nft is not installed (Debian package nftables): no packet filter is loaded"

const char *netfilter_default_ruleset(void)
{
	return default_ruleset;
}

/* --- pure ------------------------------------------------------------- */

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

enum netfilter_format netfilter_detect_format(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t end = i, n;
		const char *line;

		while (end < len && text[end] != '\n')
			end++;
		/* leading blanks do not count */
		while (i < end && (text[i] == ' ' || text[i] == '\t' ||
				   text[i] == '\r'))
			i++;
		line = text + i;
		n = end - i;
		if (n && line[0] != '#') {
			if (line[0] == '*' || line[0] == ':' ||
			    starts_with(line, n, "-A ") ||
			    starts_with(line, n, "-I ") ||
			    starts_with(line, n, "-N ") ||
			    starts_with(line, n, "-P ") ||
			    (starts_with(line, n, "COMMIT") &&
			     (n == 6 || line[6] == ' ' || line[6] == '\r' ||
			      line[6] == '\t')))
				return NETFILTER_FORMAT_IPTABLES;
			return NETFILTER_FORMAT_NFT;
		}
		i = end + 1;
	}
	return NETFILTER_FORMAT_NFT;
}

void netfilter_build_argv(const char *nft, struct netfilter_argv *a)
{
	size_t n = 0;

	a->v[n++] = nft;
	/* the memfd is stdin; nft opens it by this name, and names it so in
	 * its errors (netfilter_summarize_errors() renames it) */
	a->v[n++] = "-f";
	a->v[n++] = "/dev/stdin";
	a->v[n] = NULL;
}

/* Append @len bytes of @s to @out (of @size, holding *@used), cut at the
 * end, always terminated. */
static void append(char *out, size_t size, size_t *used, const char *s,
		   size_t len)
{
	if (*used + 1 >= size)
		return;
	if (len > size - 1 - *used)
		len = size - 1 - *used;
	memcpy(out + *used, s, len);
	*used += len;
	out[*used] = '\0';
}

/* One line of nft's, with "/dev/stdin" renamed @name. */
static void append_line(char *out, size_t size, size_t *used,
			const char *line, size_t len, const char *name)
{
	static const char stdin_name[] = "/dev/stdin";
	size_t sn = sizeof(stdin_name) - 1;

	while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	for (size_t i = 0; i < len;) {
		if (len - i >= sn && memcmp(line + i, stdin_name, sn) == 0) {
			append(out, size, used, name, strlen(name));
			i += sn;
		} else {
			append(out, size, used, line + i, 1);
			i++;
		}
	}
}

void netfilter_summarize_errors(const char *nft_stderr, const char *file,
				char *out, size_t size)
{
	const char *name = file ? file : "(nestbox's default filter)";
	const char *first = NULL, *s = nft_stderr;
	size_t used = 0, first_len = 0;
	unsigned shown = 0;

	if (!size)
		return;
	out[0] = '\0';
	while (*s) {
		const char *end = strchr(s, '\n');
		size_t len = end ? (size_t)(end - s) : strlen(s);

		if (!first && len) {
			first = s;
			first_len = len;
		}
		if (memmem(s, len, "Error:", 6)) {
			if (shown++)
				append(out, size, &used, "; ", 2);
			append_line(out, size, &used, s, len, name);
		}
		s += len + (end ? 1 : 0);
	}
	if (!shown && first)
		append_line(out, size, &used, first, first_len, name);
}

void netfilter_plan_init(struct netfilter_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
}

void netfilter_plan_free(struct netfilter_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->v[i].file);
		if (plan->v[i].text != default_ruleset)
			free(plan->v[i].text);
	}
	netfilter_plan_init(plan);
}

void netfilter_plan_print(FILE *out, const struct netfilter_plan *plan)
{
	if (plan->default_unneeded)
		fprintf(out, "netfilter: %s\n", NETFILTER_DEFAULT_UNNEEDED);
	if (!plan->n)
		return;
	fprintf(out, "netfilter (%s -f, in the sandbox's network namespace):\n",
		plan->nft);
	for (size_t i = 0; i < plan->n; i++)
		fprintf(out, "  %s: %s (%zu bytes)\n", plan->v[i].directive,
			plan->v[i].file ? plan->v[i].file :
					  "nestbox's default filter",
			plan->v[i].len);
}

/* --- in the launcher --------------------------------------------------- */

const char *netfilter_find_nft(void)
{
	static const char *const places[] = {
		"/usr/sbin/nft", "/sbin/nft", "/usr/local/sbin/nft",
	};
	const char *env = getenv(NETFILTER_NFT_ENV);

	/* the caller's own choice, as NESTBOX_PASTA: it runs with no more
	 * privilege than the caller has over their own sandbox */
	if (env && *env)
		return env;
	for (size_t i = 0; i < sizeof(places) / sizeof(*places); i++)
		if (access(places[i], X_OK) == 0)
			return places[i];
	return NULL;
}

/* FILE comes from a profile: opened once, no magic link followed (a
 * /proc/PID/fd/N could hand over someone else's descriptor), no FIFO or
 * device waited on, read whole; nft gets this copy, never the path. */
static int read_ruleset(const char *directive, const char *path,
			char **text, size_t *len, struct nb_error *err)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
		.resolve = RESOLVE_NO_MAGICLINKS,
	};
	struct stat st;
	size_t got = 0;
	char *buf;
	int fd;

	fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
	if (fd < 0)
		return nb_fail(err, errno, "%s %s", directive, path);
	if (fstat(fd, &st) < 0) {
		int e = errno;

		close(fd);
		return nb_fail(err, e, "%s %s", directive, path);
	}
	if (!S_ISREG(st.st_mode) || st.st_size > NETFILTER_FILE_MAX) {
		close(fd);
		return nb_fail(err, 0, "%s %s: %s", directive, path,
			       S_ISREG(st.st_mode) ? "larger than 1 MiB" :
						     "not a regular file");
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return nb_fail(err, ENOMEM, "%s %s", directive, path);
	}
	for (;;) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			nb_fail(err, errno, "%s %s: read", directive, path);
			close(fd);
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
		/* grew while read: the size seen is what counts */
		if (got > (size_t)st.st_size) {
			close(fd);
			free(buf);
			return nb_fail(err, 0, "%s %s: changed while read",
				       directive, path);
		}
	}
	close(fd);
	buf[got] = '\0';
	*text = buf;
	*len = got;
	return 0;
}

static int plan_add(struct netfilter_plan *plan, const char *directive,
		    const struct policy_netfilter *nf, struct nb_error *err)
{
	struct netfilter_ruleset *r = &plan->v[plan->n];

	r->directive = directive;
	if (!nf->file) {
		r->text = (char *)default_ruleset;
		r->len = sizeof(default_ruleset) - 1;
		plan->n++;
		return 0;
	}
	r->file = strdup(nf->file);
	if (!r->file)
		return nb_fail(err, ENOMEM, "%s", directive);
	/* counted now, so netfilter_plan_free() frees the name on error */
	plan->n++;
	if (read_ruleset(directive, nf->file, &r->text, &r->len, err) < 0)
		return -1;
	if (netfilter_detect_format(r->text, r->len) == NETFILTER_FORMAT_IPTABLES)
		return nb_fail(err, 0,
			       "%s %s: iptables-restore format (as firejail's .net files) is not supported: nestbox loads nft rulesets (nft -f syntax); iptables-restore-translate -f FILE converts one",
			       directive, nf->file);
	return 0;
}

int netfilter_plan_build(const struct policy *p, struct launch_facts *lf,
			 const char *nft, struct netfilter_plan *plan,
			 struct nb_error *err)
{
	const enum policy_net net = lf->net;
	const struct policy_netfilter *nf[] = { &p->netfilter, &p->netfilter6 };
	static const char *const names[] = { "netfilter", "netfilter6" };
	const char *why = NULL;

	netfilter_plan_init(plan);
	if (net == POLICY_NET_HOST)
		why = R_NF_HOST;
	else if (!nft)
		why = R_NF_NO_NFT;
	for (size_t i = 0; i < 2; i++) {
		if (!nf[i]->set)
			continue;
		if (why) {
			if (launch_facts_not_enforced(lf, names[i], why, err) < 0)
				return -1;
			continue;
		}
		if (net == POLICY_NET_NONE && !nf[i]->file) {
			plan->default_unneeded = true;
			continue;
		}
		if (plan_add(plan, names[i], nf[i], err) < 0) {
			netfilter_plan_free(plan);
			return -1;
		}
	}
	if (plan->n)
		plan->nft = nft;
	return 0;
}

/* --- in init ----------------------------------------------------------- */

/* Child of the worker: nft on @r, its stdin a memfd holding the text. */
static __attribute__((noreturn)) void exec_nft(const char *nft,
					       const struct netfilter_ruleset *r)
{
	static char *const no_env[] = { NULL };
	struct netfilter_argv a;
	struct nb_error err;
	size_t off = 0;
	int mfd, null;

	mfd = memfd_create("nestbox-netfilter", MFD_CLOEXEC);
	if (mfd < 0) {
		dprintf(STDERR_FILENO, "memfd_create: %s\n", strerror(errno));
		_exit(126);
	}
	while (off < r->len) {
		ssize_t n = write(mfd, r->text + off, r->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			dprintf(STDERR_FILENO, "write to a memfd: %s\n",
				strerror(errno));
			_exit(126);
		}
		off += (size_t)n;
	}
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (lseek(mfd, 0, SEEK_SET) < 0 || null < 0 ||
	    dup2(mfd, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0) {
		dprintf(STDERR_FILENO, "set up nft's input: %s\n",
			strerror(errno));
		_exit(126);
	}
	close_range(3, ~0U, 0);
	/* nft parses a file: it keeps the one capability it needs, over
	 * the sandbox's network namespace alone */
	if (caps_limit_to(1ULL << CAP_NET_ADMIN, &err) < 0 ||
	    caps_set_no_new_privs(&err) < 0) {
		dprintf(STDERR_FILENO, "%s\n", err.msg);
		_exit(126);
	}
	netfilter_build_argv(nft, &a);
	/* no environment: nothing of the caller's steers it */
	execve(nft, (char *const *)a.v, no_env);
	dprintf(STDERR_FILENO, "exec %s: %s\n", nft, strerror(errno));
	_exit(127);
}

/* The worker's status when the network never came up */
#define WORKER_NO_NETWORK 255

/* The worker: each ruleset in turn, once the network is up.  Exits 0,
 * or 1 + the index of the ruleset that failed (nft said why on
 * stderr). */
static __attribute__((noreturn)) void run_worker(const struct netfilter_plan *plan,
						 int net_up_fd)
{
	sigset_t none;

	if (net_up_fd >= 0) {
		if (!go_wait(net_up_fd, GO_NETWORK_UP))
			_exit(WORKER_NO_NETWORK);
		close(net_up_fd);
	}

	/* init blocks the signals it waits for; nft must not inherit that */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (size_t i = 0; i < plan->n; i++) {
		pid_t pid = fork();
		int status;

		if (pid < 0) {
			dprintf(STDERR_FILENO, "fork: %s\n", strerror(errno));
			_exit((int)(1 + i));
		}
		if (pid == 0)
			exec_nft(plan->nft, &plan->v[i]);
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				_exit((int)(1 + i));
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			_exit((int)(1 + i));
	}
	_exit(0);
}

bool netfilter_needs_network(const struct netfilter_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++)
		if (plan->v[i].file)
			return true;
	return false;
}

int netfilter_start(const struct netfilter_plan *plan, int net_up_fd,
		    struct netfilter_run *run, struct nb_error *err)
{
	int pipefd[2];
	pid_t pid;

	run->worker = 0;
	run->errors = -1;
	if (!plan->n)
		return 0;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return nb_fail(err, errno, "netfilter: pipe");
	/* A copy of our mount namespace: init pivots into the new root while
	 * nft runs, and nft (its libraries, /etc/protocols, its includes)
	 * must keep seeing the host's files, as the launch planned. */
	pid = (pid_t)syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, NULL, NULL,
			     NULL, NULL);
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return nb_fail(err, errno, "netfilter: clone for nft");
	}
	if (pid == 0) {
		if (dup2(pipefd[1], STDERR_FILENO) < 0)
			_exit(1);
		run_worker(plan, net_up_fd);
	}
	close(pipefd[1]);
	run->worker = pid;
	run->errors = pipefd[0];
	return 0;
}

int netfilter_finish(const struct netfilter_plan *plan,
		     struct netfilter_run *run, struct nb_error *err)
{
	char text[4096], summary[800];
	size_t got = 0;
	int status = 0;

	if (!run->worker)
		return 0;
	/* to EOF first: nft may fill the pipe before it exits */
	for (;;) {
		char sink[512];
		ssize_t n;

		if (got < sizeof(text) - 1)
			n = read(run->errors, text + got, sizeof(text) - 1 - got);
		else
			n = read(run->errors, sink, sizeof(sink));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (got < sizeof(text) - 1)
			got += (size_t)n;
	}
	text[got] = '\0';
	close(run->errors);
	run->errors = -1;
	while (waitpid(run->worker, &status, 0) < 0 && errno == EINTR)
		;
	run->worker = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) >= 1 &&
	    (size_t)WEXITSTATUS(status) <= plan->n) {
		const struct netfilter_ruleset *r =
			&plan->v[WEXITSTATUS(status) - 1];

		netfilter_summarize_errors(text, r->file, summary,
					   sizeof(summary));
		return nb_fail(err, 0, "%s %s: %s could not load it%s%s",
			       r->directive,
			       r->file ? r->file : "(nestbox's default filter)",
			       plan->nft, summary[0] ? ": " : "", summary);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == WORKER_NO_NETWORK)
		return nb_fail(err, 0, "netfilter: the network was never set up");
	return nb_fail(err, 0, "netfilter: the nft worker failed (status %d)",
		       status);
}
