// SPDX-License-Identifier: GPL-2.0-or-later
#include "program.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"


static void enter_cwd(const struct host_facts *host, const char *private_cwd)
{
	/* private-cwd: home ("~") or the directory named; else the
	 * caller's directory when the sandbox shows it, else home. */
	if (private_cwd) {
		if (chdir(strcmp(private_cwd, "~") ? private_cwd : host->home) == 0)
			return;
		nb_warn("private-cwd %s: %s", private_cwd, strerror(errno));
	} else if (host->cwd[0] && chdir(host->cwd) == 0)
		return;
	if (chdir(host->home) == 0)
		return;
	if (chdir("/") < 0)
		nb_warn("cannot enter any working directory");
}

static int apply_environment(const struct policy *p, struct nb_error *err)
{
	/* As firejail does, so programs and scripts can tell. */
	if (setenv("container", "nestbox", 1) < 0)
		return nb_fail(err, errno, "setenv container");
	for (size_t i = 0; i < p->n_rmenv; i++)
		unsetenv(p->rmenv[i]);
	for (size_t i = 0; i < p->n_env; i++) {
		char *copy = strdup(p->env[i]);

		if (!copy || putenv(copy) != 0)
			return nb_fail(err, errno, "env %s", p->env[i]);
	}
	return 0;
}

static __attribute__((noreturn)) void fail(const struct nb_error *err)
{
	nb_print_error(err);
	_exit(NB_EXIT_ERROR);
}

void program_exec(const struct sandbox *sb, const struct seccomp_bpf *bpf)
{
	struct nb_error err = { 0 };
	sigset_t none;
	int e;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* A new session has no controlling terminal: even without the
	 * seccomp rule, TIOCSTI could not push keystrokes into the caller's
	 * shell. */
	if (setsid() < 0)
		nb_fail(&err, errno, "setsid"), fail(&err);
	enter_cwd(&sb->host, sb->opts->policy.fs.cwd);
	if (apply_environment(&sb->opts->policy, &err) < 0)
		fail(&err);

	/* Capabilities, then no_new_privs, then the filter: the filter
	 * refuses calls the earlier steps need, so it comes last. */
	if (caps_drop_all(&err) < 0 || caps_set_no_new_privs(&err) < 0)
		fail(&err);
	/* Nothing of the launcher's reaches the program: only 0, 1, 2. */
	if (close_range(3, ~0U, 0) < 0)
		nb_fail(&err, errno, "close descriptors"), fail(&err);
	if (seccomp_install(bpf, &err) < 0)
		fail(&err);

	execvp(sb->argv[0], sb->argv);
	e = errno;
	nb_error_msg("%s: %s", sb->argv[0],
		     e == ENOENT ? "command not found" : strerror(e));
	_exit(e == ENOENT ? NB_EXIT_NOTFOUND : NB_EXIT_NOEXEC);
}
