// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the seccomp lists (seccomp_policy.c) straight, without
 * the profile reader in front, then the plan built from them, compiled to
 * BPF and asked which rule refused a call.  Each input line is one
 * directive's argument, picked by its first word:
 *   seccomp LIST | seccomp.drop LIST | seccomp.keep LIST |
 *   seccomp-error-action ACTION | protocol LIST
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp.h"
#include "seccomp_policy.h"

static int apply_line(struct policy_seccomp *s, char *line,
		      struct nb_error *err)
{
	char *arg = strchr(line, ' ');

	if (!arg)
		arg = line + strlen(line);
	else
		*arg++ = '\0';
	if (strcmp(line, "seccomp") == 0) {
		s->default_group = true;
		return *arg ? seccomp_names_add(&s->drop, line, arg, err) : 0;
	}
	if (strcmp(line, "seccomp.drop") == 0)
		return seccomp_names_add(&s->drop, line, arg, err);
	if (strcmp(line, "seccomp.keep") == 0) {
		s->keep_set = true;
		return seccomp_names_add(&s->keep, line, arg, err);
	}
	if (strcmp(line, "seccomp-error-action") == 0) {
		s->action_set = true;
		return seccomp_action_parse(arg, &s->error_action, err);
	}
	if (strcmp(line, "protocol") == 0)
		return seccomp_protocols_add(s, arg, err);
	return 0;
}

static void build_and_compile(const struct policy_seccomp *s, uint64_t nr)
{
	struct seccomp_plan plan;
	struct seccomp_bpf bpf = { 0 };
	struct nb_error err = { 0 };
	uint64_t args[6] = { nr >> 8, nr >> 16, 0, 0, 0, 0 };
	bool by_keep = false;

	seccomp_plan_init(&plan);
	if (seccomp_plan_build(&plan, s, &err) == 0) {
		seccomp_plan_explain(&plan, (int)(nr % 512), args, &by_keep);
		if (seccomp_compile(&plan, &bpf, &err) == 0)
			seccomp_bpf_free(&bpf);
	}
	seccomp_plan_free(&plan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_seccomp s;
	struct nb_error err = { 0 };
	char *text = malloc(size + 1), *line, *save = NULL;
	uint64_t nr = 0;
	bool ok = true;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0; i < size && i < 8; i++)
		nr = nr << 8 | data[i];
	seccomp_policy_init(&s);
	for (line = strtok_r(text, "\n", &save); line && ok;
	     line = strtok_r(NULL, "\n", &save))
		ok = apply_line(&s, line, &err) == 0;
	if (ok) {
		FILE *out = fopen("/dev/null", "w");

		if (out) {
			seccomp_policy_print(out, &s);
			fclose(out);
		}
		build_and_compile(&s, nr);
	}
	seccomp_policy_free(&s);
	free(text);
	return 0;
}
