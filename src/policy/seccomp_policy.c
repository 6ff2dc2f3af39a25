// SPDX-License-Identifier: GPL-2.0-or-later
#include "seccomp_policy.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "seccomp_groups.h"

/* Far more than any profile names (firejail's longest lists have a few
 * hundred), few enough that expanding them stays cheap. */
#define SECCOMP_MAX_NAMES 1024

/* firejail's protocol names, in SECCOMP_PROTO_* bit order. */
static const struct seccomp_protocol protocols[] = {
	{ "unix", AF_UNIX },	   { "inet", AF_INET },
	{ "inet6", AF_INET6 },	   { "netlink", AF_NETLINK },
	{ "packet", AF_PACKET },   { "bluetooth", AF_BLUETOOTH },
};

const struct seccomp_protocol *seccomp_protocol_table(size_t *count)
{
	*count = sizeof(protocols) / sizeof(protocols[0]);
	return protocols;
}

void seccomp_policy_init(struct policy_seccomp *s)
{
	memset(s, 0, sizeof(*s));
	s->error_action.verdict = SECCOMP_VERDICT_ERRNO;
	s->error_action.errnum = EPERM;
}

/* Linux errnos are below 134; the names come from glibc, so every errno
 * firejail accepts by name is accepted here. */
static int errno_from_name(const char *name)
{
	for (int e = 1; e < 4096; e++) {
		const char *n = strerrorname_np(e);

		if (n && strcmp(n, name) == 0)
			return e;
	}
	return -1;
}

int seccomp_action_parse(const char *text, struct seccomp_action *action,
			 struct nb_error *err)
{
	int e;

	if (strcmp(text, "kill") == 0) {
		*action = (struct seccomp_action){ SECCOMP_VERDICT_KILL, 0 };
		return 0;
	}
	if (strcmp(text, "log") == 0) {
		*action = (struct seccomp_action){ SECCOMP_VERDICT_LOG, 0 };
		return 0;
	}
	e = errno_from_name(text);
	if (e < 0)
		return nb_fail(err, 0,
			       "'%s' is not an error name (EPERM, ENOENT...), 'kill' or 'log'",
			       text);
	*action = (struct seccomp_action){ SECCOMP_VERDICT_ERRNO, e };
	return 0;
}

const char *seccomp_action_name(const struct seccomp_action *action)
{
	const char *n;

	switch (action->verdict) {
	case SECCOMP_VERDICT_KILL:
		return "kill";
	case SECCOMP_VERDICT_LOG:
		return "log";
	case SECCOMP_VERDICT_ERRNO:
		break;
	}
	n = strerrorname_np(action->errnum);
	return n ? n : "E?";
}

static int check_name(const char *name, struct nb_error *err)
{
	if (name[0] == '@') {
		if (!seccomp_group_find(name))
			return nb_fail(err, 0, "unknown syscall group '%s'",
				       name);
		return 0;
	}
	if (!seccomp_syscall_known(name))
		return nb_fail(err, 0, "unknown syscall '%s'", name);
	return 0;
}

/*
 * firejail's `$NUMBER`: the call of that number on the list's ABI (the
 * native one; i386 for the seccomp.32 lists), stored by its name so the
 * rest of the pipeline (groups, exceptions, --dry-run) sees one spelling.
 * A number no call has is refused: it would refuse nothing.
 */
static char *name_of_number(const char *word, const char *directive,
			    struct nb_error *err)
{
	bool i386 = strncmp(directive, "seccomp.32", 10) == 0;
	unsigned long n = 0;
	const char *p = word + 1;
	char *name;

	if (*p < '0' || *p > '9')
		return nb_fail(err, 0, "'%s': not a syscall number", word), NULL;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > 100000)
			break;
	}
	if (*p)
		return nb_fail(err, 0, "'%s': not a syscall number", word), NULL;
	name = seccomp_syscall_resolve_num_arch(i386 ? SCMP_ARCH_X86 :
						       SCMP_ARCH_NATIVE,
						(int)n);
	if (!name)
		return nb_fail(err, 0, "'%s': no syscall has number %lu on %s",
			       word, n, i386 ? "i386" : "this architecture"),
		       NULL;
	return name;
}

/* One list entry: [!]name[:action], name a syscall, a @group or $NUMBER. */
static int parse_entry(char *word, const char *directive,
		       struct seccomp_name *out, struct nb_error *err)
{
	char *colon = strchr(word, ':');

	memset(out, 0, sizeof(*out));
	out->directive = directive;
	if (word[0] == '!') {
		out->except = true;
		word++;
	}
	if (colon) {
		*colon = '\0';
		if (out->except)
			return nb_fail(err, 0, "!%s: an exception takes no action",
				       word);
		if (seccomp_action_parse(colon + 1, &out->action, err) < 0)
			return -1;
		out->has_action = true;
	}
	if (!*word)
		return nb_fail(err, 0, "an empty syscall name");
	if (word[0] == '$') {
		out->name = name_of_number(word, directive, err);
		return out->name ? 0 : -1;
	}
	if (check_name(word, err) < 0)
		return -1;
	out->name = strdup(word);
	if (!out->name)
		return nb_fail(err, ENOMEM, "seccomp list");
	return 0;
}

int seccomp_names_add(struct seccomp_names *list, const char *directive,
		      const char *arg, struct nb_error *err)
{
	char *copy = strdup(arg), *save = NULL;
	int rc = 0;

	if (!copy)
		return nb_fail(err, ENOMEM, "seccomp list");
	for (char *w = strtok_r(copy, ",", &save); w;
	     w = strtok_r(NULL, ",", &save)) {
		struct seccomp_name entry, *grown;

		if (parse_entry(w, directive, &entry, err) < 0) {
			rc = -1;
			break;
		}
		if (list->n >= SECCOMP_MAX_NAMES) {
			free(entry.name);
			rc = nb_fail(err, 0, "more than %d seccomp list entries",
				     SECCOMP_MAX_NAMES);
			break;
		}
		grown = realloc(list->v, (list->n + 1) * sizeof(*grown));
		if (!grown) {
			free(entry.name);
			rc = nb_fail(err, ENOMEM, "seccomp list");
			break;
		}
		list->v = grown;
		list->v[list->n++] = entry;
	}
	free(copy);
	return rc;
}

void seccomp_names_free(struct seccomp_names *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->v[i].name);
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

int seccomp_protocols_add(struct policy_seccomp *s, const char *arg,
			  struct nb_error *err)
{
	const char *p = arg;

	while (*p) {
		size_t len = strcspn(p, ","), i;

		for (i = 0; i < sizeof(protocols) / sizeof(*protocols); i++)
			if (strlen(protocols[i].name) == len &&
			    strncmp(protocols[i].name, p, len) == 0)
				break;
		if (i == sizeof(protocols) / sizeof(*protocols))
			return nb_fail(err, 0,
				       "unknown protocol '%.*s' (unix, inet, inet6, netlink, packet, bluetooth)",
				       (int)len, p);
		s->protocols |= 1u << i;
		p += len;
		if (*p == ',')
			p++;
	}
	/* Several protocol lines accumulate, as in firejail. */
	s->protocol_set = true;
	return 0;
}

void seccomp_policy_free(struct policy_seccomp *s)
{
	seccomp_names_free(&s->drop);
	seccomp_names_free(&s->keep);
	seccomp_names_free(&s->drop32);
	seccomp_names_free(&s->keep32);
}

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* firejail's names for restrict-namespaces, with their clone flags. */
static const struct {
	const char *name;
	unsigned long flag;
} namespace_types[] = {
	{ "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC },
	{ "mnt", CLONE_NEWNS },	       { "net", CLONE_NEWNET },
	{ "pid", CLONE_NEWPID },       { "time", CLONE_NEWTIME },
	{ "user", CLONE_NEWUSER },     { "uts", CLONE_NEWUTS },
};

unsigned long seccomp_namespaces_all(void)
{
	unsigned long all = 0;

	for (size_t i = 0; i < sizeof(namespace_types) / sizeof(*namespace_types);
	     i++)
		all |= namespace_types[i].flag;
	return all;
}

int seccomp_namespaces_parse(const char *arg, unsigned long *refused,
			     struct nb_error *err)
{
	const char *p = arg;
	unsigned long set = 0;

	if (!arg || !*arg) {
		*refused = seccomp_namespaces_all();
		return 0;
	}
	while (*p) {
		size_t len = strcspn(p, ","), i;

		for (i = 0; i < sizeof(namespace_types) / sizeof(*namespace_types);
		     i++)
			if (strlen(namespace_types[i].name) == len &&
			    strncmp(namespace_types[i].name, p, len) == 0)
				break;
		if (i == sizeof(namespace_types) / sizeof(*namespace_types))
			return nb_fail(err, 0,
				       "unknown namespace type '%.*s' (cgroup, ipc, mnt, net, pid, time, user, uts)",
				       (int)len, p);
		set |= namespace_types[i].flag;
		p += len;
		if (*p == ',' && p[1])
			p++;
		else if (*p == ',')
			return nb_fail(err, 0, "restrict-namespaces %s: an empty type",
				       arg);
	}
	*refused = set;
	return 0;
}

void seccomp_namespaces_format(unsigned long refused, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	if (!refused) {
		snprintf(buf, size, "none");
		return;
	}
	for (size_t i = 0; i < sizeof(namespace_types) / sizeof(*namespace_types);
	     i++)
		if ((refused & namespace_types[i].flag) && len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						len ? "," : "",
						namespace_types[i].name);
}

static void print_names(FILE *out, const char *what,
			const struct seccomp_names *list)
{
	fprintf(out, "  %s:", what);
	for (size_t i = 0; i < list->n; i++) {
		const struct seccomp_name *e = &list->v[i];

		fprintf(out, " %s%s%s%s", e->except ? "!" : "", e->name,
			e->has_action ? ":" : "",
			e->has_action ? seccomp_action_name(&e->action) : "");
	}
	fputc('\n', out);
}

void seccomp_policy_print(FILE *out, const struct policy_seccomp *s)
{
	fprintf(out, "seccomp directives:\n");
	fprintf(out, "  default group: %s\n",
		!s->default_group ? "no" :
		s->allow_debuggers ? "@default" : "@default-nodebuggers");
	if (s->drop.n)
		print_names(out, "refused", &s->drop);
	if (s->keep_set)
		print_names(out, "allowed only", &s->keep);
	fprintf(out, "  error action: %s\n",
		seccomp_action_name(&s->error_action));
	if (s->protocol_set) {
		fprintf(out, "  protocols:");
		for (size_t i = 0; i < sizeof(protocols) / sizeof(*protocols);
		     i++)
			if (s->protocols & (1u << i))
				fprintf(out, " %s", protocols[i].name);
		fputc('\n', out);
	}
	fprintf(out, "  memory-deny-write-execute: %s\n",
		s->mdwe ? "yes" : "no");
	fprintf(out, "  allow-debuggers: %s\n",
		s->allow_debuggers ? "yes" : "no");
	fprintf(out, "  trace-denials: %s\n", s->trace_denials ? "yes" : "no");
	{
		char types[128];

		seccomp_namespaces_format(s->ns_refused, types, sizeof(types));
		fprintf(out, "  new namespaces refused: %s\n", types);
	}
	fprintf(out, "  other ABIs: %s\n",
		s->block_secondary ? "refused (seccomp.block-secondary)" :
				     "i386 allowed, x32 refused");
	if (s->default_group32)
		fprintf(out, "  i386 default group: %s\n",
			s->allow_debuggers ? "@default" : "@default-nodebuggers");
	if (s->drop32.n)
		print_names(out, "i386 refused", &s->drop32);
	if (s->keep32_set)
		print_names(out, "i386 allowed only", &s->keep32);
}
