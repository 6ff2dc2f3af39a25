/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The seccomp directives' arguments, read into struct policy_seccomp:
 * syscall lists (`name`, `@group`, `!name`, `name:ERRNO|kill|log`),
 * seccomp-error-action and protocol.  Pure.
 */
#ifndef NESTBOX_SECCOMP_POLICY_H
#define NESTBOX_SECCOMP_POLICY_H

#include <stdio.h>

#include "log.h"
#include "policy_parts.h"

/* protocol LIST: the socket families a program may create. */
#define SECCOMP_PROTO_UNIX (1u << 0)
#define SECCOMP_PROTO_INET (1u << 1)
#define SECCOMP_PROTO_INET6 (1u << 2)
#define SECCOMP_PROTO_NETLINK (1u << 3)
#define SECCOMP_PROTO_PACKET (1u << 4)
#define SECCOMP_PROTO_BLUETOOTH (1u << 5)

/* The address families of each protocol bit, in bit order. */
struct seccomp_protocol {
	const char *name;	/* "unix" */
	int family;		/* AF_UNIX */
};
const struct seccomp_protocol *seccomp_protocol_table(size_t *count);

/* Append the comma-separated entries of @arg to @list.  Every name must be
 * a group or a syscall of some architecture. */
int seccomp_names_add(struct seccomp_names *list, const char *directive,
		      const char *arg, struct nb_error *err);
void seccomp_names_free(struct seccomp_names *list);

/* "EPERM", "ENOENT"... (any errno name), "kill" or "log". */
int seccomp_action_parse(const char *text, struct seccomp_action *action,
			 struct nb_error *err);
const char *seccomp_action_name(const struct seccomp_action *action);

int seccomp_protocols_add(struct policy_seccomp *s, const char *arg,
			  struct nb_error *err);

/* restrict-namespaces [LIST]: firejail's type names (cgroup, ipc, mnt,
 * net, pid, time, user, uts) as CLONE_NEW* flags; no LIST, all of them. */
int seccomp_namespaces_parse(const char *arg, unsigned long *refused,
			     struct nb_error *err);
unsigned long seccomp_namespaces_all(void);
/* "user,net", or "none". */
void seccomp_namespaces_format(unsigned long refused, char *buf, size_t size);

void seccomp_policy_init(struct policy_seccomp *s);
void seccomp_policy_free(struct policy_seccomp *s);
void seccomp_policy_print(FILE *out, const struct policy_seccomp *s);

#endif
