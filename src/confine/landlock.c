// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Landlock (landlock.h): the policy and the plan are pure; the last part
 * of the file makes the system calls.
 *
 * Meaning, after firejail 0.9.74: landlock.fs.* rules take effect only
 * with landlock.enforce; once they do, every file-system right the kernel
 * knows is handled, so what no rule grants is refused (EACCES).  nestbox's
 * own landlock.net.* and landlock.scope act by themselves, and the scope
 * is on by default where the kernel has it.
 */
#include "landlock.h"

#include "policy_path.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* --- the policy ----------------------------------------------------------- */

static const char *const fs_kind_names[] = {
	[LANDLOCK_FS_READ] = "landlock.fs.read",
	[LANDLOCK_FS_WRITE] = "landlock.fs.write",
	[LANDLOCK_FS_MAKEIPC] = "landlock.fs.makeipc",
	[LANDLOCK_FS_MAKEDEV] = "landlock.fs.makedev",
	[LANDLOCK_FS_EXECUTE] = "landlock.fs.execute",
};

#define N_FS_KINDS (sizeof(fs_kind_names) / sizeof(*fs_kind_names))

const char *landlock_fs_kind_name(enum landlock_fs_kind kind)
{
	return (size_t)kind < N_FS_KINDS ? fs_kind_names[kind] : "landlock.fs.?";
}

int landlock_add_fs_rule(struct policy_landlock *ll, enum landlock_fs_kind kind,
			 const char *path, const char *origin,
			 struct nb_error *err)
{
	struct landlock_fs_rule *grown, *r;
	char *norm, *org;

	if ((size_t)kind >= N_FS_KINDS)
		return nb_fail(err, 0, "unknown Landlock rule kind %d", kind);
	norm = policy_normalize_path(path, err);
	if (!norm)
		return nb_fail_wrap(err, "%s", landlock_fs_kind_name(kind));
	org = strdup(origin ? origin : landlock_fs_kind_name(kind));
	grown = realloc(ll->fs, (ll->n_fs + 1) * sizeof(*grown));
	if (!org || !grown) {
		free(norm);
		free(org);
		if (grown)
			ll->fs = grown;
		return nb_fail(err, ENOMEM, "policy");
	}
	ll->fs = grown;
	r = &ll->fs[ll->n_fs++];
	r->kind = kind;
	r->path = norm;
	r->origin = org;
	return 0;
}

/* A port number: 1 to 5 decimal digits, at most 65535. */
static int parse_port(const char *s, size_t n, unsigned *port,
		      struct nb_error *err)
{
	unsigned v = 0;

	if (n == 0)
		return nb_fail(err, 0, "empty port in the list");
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return nb_fail(err, 0, "'%.*s' is not a port number",
				       (int)n, s);
	if (n > 5)
		return nb_fail(err, 0, "port %.*s out of range (0-65535)",
			       (int)n, s);
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	if (v > 65535)
		return nb_fail(err, 0, "port %u out of range (0-65535)", v);
	*port = v;
	return 0;
}

#define PORT_BITMAP_BYTES (65536 / 8)

static void bit_set(unsigned char *map, unsigned i)
{
	map[i / 8] |= (unsigned char)(1u << (i % 8));
}

static bool bit_get(const unsigned char *map, unsigned i)
{
	return map[i / 8] & (1u << (i % 8));
}

/* Items "N" or "N-M", comma-separated, blanks around them allowed; the
 * ports already in @ports stay.  @ports is unchanged on error. */
static int merge_ports(struct landlock_ports *ports, const char *list,
		       unsigned char *map, struct nb_error *err)
{
	const char *c = list;
	unsigned short *v;
	size_t n = 0;

	for (size_t i = 0; i < ports->n; i++)
		bit_set(map, ports->v[i]);
	for (;;) {
		const char *end = strchrnul(c, ','), *b = c, *e = end, *dash;
		size_t len;
		unsigned lo, hi;

		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		dash = memchr(b, '-', (size_t)(e - b));
		len = (size_t)((dash ? dash : e) - b);
		if (parse_port(b, len, &lo, err) < 0)
			return -1;
		hi = lo;
		if (dash && parse_port(dash + 1, (size_t)(e - dash - 1), &hi,
				       err) < 0)
			return -1;
		if (hi < lo)
			return nb_fail(err, 0, "empty port range %u-%u", lo, hi);
		for (unsigned p = lo; p <= hi; p++)
			bit_set(map, p);
		if (!*end)
			break;
		c = end + 1;
	}
	for (unsigned p = 0; p < 65536; p++)
		n += bit_get(map, p);
	v = malloc(n * sizeof(*v));
	if (!v)
		return nb_fail(err, ENOMEM, "ports");
	n = 0;
	for (unsigned p = 0; p < 65536; p++)
		if (bit_get(map, p))
			v[n++] = (unsigned short)p;
	free(ports->v);
	ports->v = v;
	ports->n = n;
	ports->set = true;
	return 0;
}

int landlock_add_ports(struct landlock_ports *ports, const char *list,
		       struct nb_error *err)
{
	unsigned char *map;
	int rc;

	if (!list)
		list = "";
	/* `none`: the directive applies, and no port is granted */
	if (strcmp(list, "none") == 0) {
		ports->set = true;
		return 0;
	}
	map = calloc(1, PORT_BITMAP_BYTES);
	if (!map)
		return nb_fail(err, ENOMEM, "ports");
	rc = merge_ports(ports, list, map, err);
	free(map);
	return rc;
}

static const struct {
	const char *name;
	unsigned bit;
} scope_names[] = {
	{ "abstract-unix-socket", POLICY_LANDLOCK_SCOPE_ABSTRACT_UNIX },
	{ "signal", POLICY_LANDLOCK_SCOPE_SIGNAL },
};

#define N_SCOPES (sizeof(scope_names) / sizeof(*scope_names))

int landlock_set_scope(struct policy_landlock *ll, const char *arg,
		       struct nb_error *err)
{
	unsigned scope = 0;
	const char *c = arg;

	if (!arg || !*arg || strcmp(arg, "all") == 0) {
		scope = POLICY_LANDLOCK_SCOPE_ALL;
	} else if (strcmp(arg, "none") != 0) {
		for (;;) {
			const char *end = strchrnul(c, ',');
			size_t n = (size_t)(end - c), i;

			for (i = 0; i < N_SCOPES; i++)
				if (strlen(scope_names[i].name) == n &&
				    strncmp(scope_names[i].name, c, n) == 0)
					break;
			if (i == N_SCOPES)
				return nb_fail(err, 0,
					       "unknown scope '%.*s' (abstract-unix-socket, signal, all or none)",
					       (int)n, c);
			scope |= scope_names[i].bit;
			if (!*end)
				break;
			c = end + 1;
		}
	}
	ll->scope_given = true;
	ll->scope = scope;
	return 0;
}

unsigned landlock_scope(const struct policy_landlock *ll)
{
	return ll->scope_given ? ll->scope : POLICY_LANDLOCK_SCOPE_ALL;
}

void landlock_policy_free(struct policy_landlock *ll)
{
	for (size_t i = 0; i < ll->n_fs; i++) {
		free(ll->fs[i].path);
		free(ll->fs[i].origin);
	}
	free(ll->fs);
	free(ll->connect.v);
	free(ll->bind.v);
	memset(ll, 0, sizeof(*ll));
}

/* "80,443,8000-8080": runs of consecutive ports as ranges. */
static void print_ports(FILE *out, const char *what,
			const struct landlock_ports *ports)
{
	if (!ports->set)
		return;
	fprintf(out, "  %s ", what);
	if (ports->n == 0)
		fprintf(out, "none");
	for (size_t i = 0; i < ports->n;) {
		size_t j = i;

		while (j + 1 < ports->n && ports->v[j + 1] == ports->v[j] + 1)
			j++;
		fprintf(out, "%s%u", i ? "," : "", ports->v[i]);
		if (j > i)
			fprintf(out, "-%u", ports->v[j]);
		i = j + 1;
	}
	fputc('\n', out);
}

static void print_scope(FILE *out, unsigned scope)
{
	size_t printed = 0;

	for (size_t i = 0; i < N_SCOPES; i++)
		if (scope & scope_names[i].bit)
			fprintf(out, "%s%s", printed++ ? "," : "",
				scope_names[i].name);
	if (!printed)
		fprintf(out, "none");
}

void landlock_policy_print(FILE *out, const struct policy_landlock *ll)
{
	if (ll->enforce)
		fprintf(out, "  landlock.enforce\n");
	for (size_t i = 0; i < ll->n_fs; i++)
		fprintf(out, "  %s %s%s\n", landlock_fs_kind_name(ll->fs[i].kind),
			ll->fs[i].path,
			ll->enforce ? "" : " (no effect without landlock.enforce)");
	print_ports(out, "landlock.net.connect", &ll->connect);
	print_ports(out, "landlock.net.bind", &ll->bind);
	fprintf(out, "  landlock.scope ");
	print_scope(out, landlock_scope(ll));
	fprintf(out, "%s\n", ll->scope_given ? "" : " (default)");
}

/* --- the plan ------------------------------------------------------------- */

/* The rights of ABI 1, all handled as firejail does. */
#define FS_ABI1                                                              \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |        \
	 LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |        \
	 LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |    \
	 LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |        \
	 LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |        \
	 LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |      \
	 LANDLOCK_ACCESS_FS_MAKE_SYM)

/* The only rights a rule on a file that is not a directory may hold. */
#define FS_FILE                                                              \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |        \
	 LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |        \
	 LANDLOCK_ACCESS_FS_IOCTL_DEV)

uint64_t landlock_fs_handled(int abi)
{
	uint64_t handled = 0;

	if (abi < 1)
		return 0;
	handled = FS_ABI1;
	/* Reparenting (rename or link across directories) is refused by
	 * any ruleset from ABI 2 on; handling it lets write grant it. */
	if (abi >= 2)
		handled |= LANDLOCK_ACCESS_FS_REFER;
	/* Before ABI 3, truncate(2) is not checked at all. */
	if (abi >= 3)
		handled |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		handled |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return handled;
}

/*
 * firejail's sets, plus what later ABIs split out of them: writing
 * includes truncating, moving files between writable directories (refer)
 * and device ioctls, as in the kernel's sample sandboxer.
 */
uint64_t landlock_fs_access(enum landlock_fs_kind kind, int abi)
{
	uint64_t access = 0;

	switch (kind) {
	case LANDLOCK_FS_READ:
		access = LANDLOCK_ACCESS_FS_READ_FILE |
			 LANDLOCK_ACCESS_FS_READ_DIR;
		break;
	case LANDLOCK_FS_WRITE:
		access = LANDLOCK_ACCESS_FS_WRITE_FILE |
			 LANDLOCK_ACCESS_FS_MAKE_DIR |
			 LANDLOCK_ACCESS_FS_MAKE_REG |
			 LANDLOCK_ACCESS_FS_MAKE_SYM |
			 LANDLOCK_ACCESS_FS_REMOVE_DIR |
			 LANDLOCK_ACCESS_FS_REMOVE_FILE |
			 LANDLOCK_ACCESS_FS_REFER |
			 LANDLOCK_ACCESS_FS_TRUNCATE |
			 LANDLOCK_ACCESS_FS_IOCTL_DEV;
		break;
	case LANDLOCK_FS_MAKEIPC:
		access = LANDLOCK_ACCESS_FS_MAKE_FIFO |
			 LANDLOCK_ACCESS_FS_MAKE_SOCK;
		break;
	case LANDLOCK_FS_MAKEDEV:
		access = LANDLOCK_ACCESS_FS_MAKE_CHAR |
			 LANDLOCK_ACCESS_FS_MAKE_BLOCK;
		break;
	case LANDLOCK_FS_EXECUTE:
		access = LANDLOCK_ACCESS_FS_EXECUTE;
		break;
	}
	return access & landlock_fs_handled(abi);
}

uint64_t landlock_fs_file_access(uint64_t access)
{
	return access & FS_FILE;
}

static int plan_paths(const struct policy_landlock *ll, int abi,
		      struct landlock_plan *plan, struct nb_error *err)
{
	plan->handled_fs = landlock_fs_handled(abi);
	plan->paths = calloc(ll->n_fs, sizeof(*plan->paths));
	if (!plan->paths)
		return nb_fail(err, ENOMEM, "Landlock plan");
	for (size_t i = 0; i < ll->n_fs; i++) {
		uint64_t access = landlock_fs_access(ll->fs[i].kind, abi);
		size_t j;

		/* one rule per path: one open and one call fewer */
		for (j = 0; j < plan->n_paths; j++)
			if (strcmp(plan->paths[j].path, ll->fs[i].path) == 0)
				break;
		if (j == plan->n_paths)
			plan->paths[plan->n_paths++].path = ll->fs[i].path;
		plan->paths[j].access |= access;
	}
	return 0;
}

/* Both lists are sorted: one walk merges them. */
static int plan_ports(const struct policy_landlock *ll,
		      struct landlock_plan *plan, struct nb_error *err)
{
	const struct landlock_ports *c = &ll->connect, *b = &ll->bind;
	size_t i = 0, j = 0;

	if (c->set)
		plan->handled_net |= LANDLOCK_ACCESS_NET_CONNECT_TCP;
	if (b->set)
		plan->handled_net |= LANDLOCK_ACCESS_NET_BIND_TCP;
	if (c->n + b->n == 0)
		return 0;
	plan->ports = calloc(c->n + b->n, sizeof(*plan->ports));
	if (!plan->ports)
		return nb_fail(err, ENOMEM, "Landlock plan");
	while (i < c->n || j < b->n) {
		struct landlock_port_rule *r = &plan->ports[plan->n_ports++];

		if (j == b->n || (i < c->n && c->v[i] < b->v[j])) {
			r->port = c->v[i++];
			r->access = LANDLOCK_ACCESS_NET_CONNECT_TCP;
		} else if (i == c->n || b->v[j] < c->v[i]) {
			r->port = b->v[j++];
			r->access = LANDLOCK_ACCESS_NET_BIND_TCP;
		} else {
			r->port = c->v[i++];
			j++;
			r->access = LANDLOCK_ACCESS_NET_CONNECT_TCP |
				    LANDLOCK_ACCESS_NET_BIND_TCP;
		}
	}
	return 0;
}

int landlock_plan_build(const struct policy_landlock *ll, int abi,
			struct landlock_plan *plan, struct nb_error *err)
{
	unsigned scope = landlock_scope(ll);

	memset(plan, 0, sizeof(*plan));
	plan->abi = abi;
	if (abi < 1)
		return 0;
	if (ll->enforce && ll->n_fs > 0 && plan_paths(ll, abi, plan, err) < 0)
		goto fail;
	if (abi >= LANDLOCK_ABI_NET && plan_ports(ll, plan, err) < 0)
		goto fail;
	if (abi >= LANDLOCK_ABI_SCOPE) {
		if (scope & POLICY_LANDLOCK_SCOPE_ABSTRACT_UNIX)
			plan->scoped |= LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET;
		if (scope & POLICY_LANDLOCK_SCOPE_SIGNAL)
			plan->scoped |= LANDLOCK_SCOPE_SIGNAL;
	}
	return 0;
fail:
	landlock_plan_free(plan);
	return -1;
}

bool landlock_plan_empty(const struct landlock_plan *plan)
{
	return !plan->handled_fs && !plan->handled_net && !plan->scoped;
}

void landlock_plan_free(struct landlock_plan *plan)
{
	free(plan->paths);
	free(plan->ports);
	memset(plan, 0, sizeof(*plan));
}

/* --- the effect ----------------------------------------------------------- */

int landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
			   LANDLOCK_CREATE_RULESET_VERSION);

	/* ENOSYS: not built in; EOPNOTSUPP: not enabled at boot */
	return abi > 0 ? (int)abi : 0;
}

static int create_ruleset(const struct landlock_plan *plan)
{
	const struct landlock_ruleset_attr_v6 attr = {
		.handled_access_fs = plan->handled_fs,
		.handled_access_net = plan->handled_net,
		.scoped = plan->scoped,
	};
	size_t size = sizeof(attr);

	/* The shortest prefix that says it all: what an older kernel
	 * understands, should the plan need nothing newer. */
	if (!plan->scoped)
		size = offsetof(struct landlock_ruleset_attr_v6, scoped);
	if (!plan->scoped && !plan->handled_net)
		size = offsetof(struct landlock_ruleset_attr_v6,
				handled_access_net);
	return (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
}

/* The path is opened inside the sandbox, after pivot_root: it means what
 * the sandbox shows.  One that cannot be opened grants nothing. */
static int add_path_rule(int ruleset, const struct landlock_path_rule *r,
			 size_t *skipped, struct nb_error *err)
{
	struct landlock_path_beneath_attr attr = { 0 };
	struct stat st;
	int fd, rc, e;

	fd = open(r->path, O_PATH | O_CLOEXEC);
	if (fd < 0) {
		nb_debug("Landlock: %s: %s: rule skipped", r->path,
			 strerror(errno));
		(*skipped)++;
		return 0;
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return nb_fail(err, e, "Landlock: stat %s", r->path);
	}
	/* directory rights on a file are EINVAL: keep the file's part */
	attr.allowed_access = r->access;
	if (!S_ISDIR(st.st_mode))
		attr.allowed_access = landlock_fs_file_access(r->access);
	if (!attr.allowed_access) {
		nb_debug("Landlock: %s: not a directory, and only directories take these rights: rule skipped",
			 r->path);
		(*skipped)++;
		close(fd);
		return 0;
	}
	attr.parent_fd = fd;
	rc = (int)syscall(SYS_landlock_add_rule, ruleset,
			  LANDLOCK_RULE_PATH_BENEATH, &attr, 0);
	e = errno;
	close(fd);
	if (rc < 0)
		return nb_fail(err, e, "Landlock: rule for %s", r->path);
	return 0;
}

static int add_port_rule(int ruleset, const struct landlock_port_rule *r,
			 struct nb_error *err)
{
	struct landlock_net_port_attr attr = {
		.allowed_access = r->access,
		.port = r->port,
	};

	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_NET_PORT,
		    &attr, 0) < 0)
		return nb_fail(err, errno, "Landlock: rule for TCP port %u",
			       r->port);
	return 0;
}

/* What --debug says was applied, and what this kernel could not do. */
static void debug_plan(const struct landlock_plan *plan, size_t skipped)
{
	const int abi = plan->abi;
	const uint64_t net = plan->handled_net, scoped = plan->scoped;

	if (plan->handled_fs)
		nb_debug("Landlock ABI %d: file-system rights 0x%llx handled, %zu path rules (%zu skipped)",
			 abi, (unsigned long long)plan->handled_fs,
			 plan->n_paths, skipped);
	if (plan->handled_fs && abi < 2)
		nb_debug("Landlock ABI %d: moving files between directories is always refused",
			 abi);
	if (plan->handled_fs && abi < 5)
		nb_debug("Landlock ABI %d: not restricted by this kernel:%s device ioctls",
			 abi, abi < 3 ? " truncate," : "");
	if (net)
		nb_debug("Landlock ABI %d: TCP%s%s restricted, %zu port rules",
			 abi,
			 net & LANDLOCK_ACCESS_NET_CONNECT_TCP ? " connect" : "",
			 net & LANDLOCK_ACCESS_NET_BIND_TCP ? " bind" : "",
			 plan->n_ports);
	if (scoped)
		nb_debug("Landlock ABI %d: scope%s%s", abi,
			 scoped & LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET ?
				 " abstract-unix-socket" : "",
			 scoped & LANDLOCK_SCOPE_SIGNAL ? " signal" : "");
}

int landlock_apply(const struct policy_landlock *ll, struct nb_error *err)
{
	struct landlock_plan plan;
	size_t skipped = 0;
	int ruleset, rc = -1;

	if (landlock_plan_build(ll, landlock_abi(), &plan, err) < 0)
		return -1;
	if (landlock_plan_empty(&plan)) {
		nb_debug("Landlock: nothing to apply (ABI %d)", plan.abi);
		landlock_plan_free(&plan);
		return 0;
	}
	ruleset = create_ruleset(&plan);
	if (ruleset < 0) {
		nb_fail(err, errno, "Landlock: create a ruleset (ABI %d)",
			plan.abi);
		goto out;
	}
	for (size_t i = 0; i < plan.n_paths; i++)
		if (add_path_rule(ruleset, &plan.paths[i], &skipped, err) < 0)
			goto out_close;
	for (size_t i = 0; i < plan.n_ports; i++)
		if (add_port_rule(ruleset, &plan.ports[i], err) < 0)
			goto out_close;
	/* no_new_privs is already set (program.c): the kernel requires it
	 * of a process without CAP_SYS_ADMIN. */
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) < 0) {
		nb_fail(err, errno, "Landlock: restrict the program");
		goto out_close;
	}
	debug_plan(&plan, skipped);
	rc = 0;
out_close:
	close(ruleset);
out:
	landlock_plan_free(&plan);
	return rc;
}
