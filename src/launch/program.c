// SPDX-License-Identifier: GPL-2.0-or-later
#include "program.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callerio.h"
#include "caps.h"
#include "denials.h"
#include "landlock.h"
#include "nb_limits.h"


void program_enter_cwd(const struct host_facts *host, const char *private_cwd,
		       bool warn)
{
	/* private-cwd: home ("~") or the directory named; else the
	 * caller's directory when the sandbox shows it, else home. */
	if (private_cwd) {
		if (chdir(strcmp(private_cwd, "~") ? private_cwd : host->home) == 0)
			return;
		if (warn)
			nb_warn("private-cwd %s: %s", private_cwd, strerror(errno));
	} else if (host->cwd[0] && chdir(host->cwd) == 0)
		return;
	if (chdir(host->home) == 0)
		return;
	if (chdir("/") < 0 && warn)
		nb_warn("cannot enter any working directory");
}

/* Each "NAME=VALUE" of @env, in order. */
static int set_all(char *const *env, size_t n, struct nb_error *err)
{
	for (size_t i = 0; i < n; i++) {
		char *copy = strdup(env[i]);

		if (!copy || putenv(copy) != 0)
			return nb_fail(err, errno, "env %s", env[i]);
	}
	return 0;
}

int program_set_environment(const struct policy *p,
			    const struct launch_facts *lf,
			    struct nb_error *err)
{
	/* As firejail does, so programs and scripts can tell. */
	if (setenv("container", "nestbox", 1) < 0)
		return nb_fail(err, errno, "setenv container");
	/* the removals first, then the settings: the policy's, then the
	 * launch's (the display and buses it found) */
	for (size_t i = 0; i < p->n_rmenv; i++)
		unsetenv(p->rmenv[i]);
	for (size_t i = 0; i < lf->n_rmenv; i++)
		unsetenv(lf->rmenv[i]);
	if (set_all(p->env, p->n_env, err) < 0)
		return -1;
	return set_all(lf->env, lf->n_env, err);
}

#define NOGROUPS_DENIED "setgroups is denied in this sandbox (its id maps were written without newgidmap)"

/*
 * nogroups needs CAP_SETGID over this process's own, new user namespace,
 * so it comes before the capabilities go; and setgroups allowed, which it
 * is not when the launcher had to write the id maps itself: that denies
 * setgroups in every namespace below.
 */
static int drop_groups(const struct sandbox *sb, struct nb_error *err)
{
	if (!sb->opts->policy.process.nogroups || setgroups(0, NULL) == 0)
		return 0;
	if (errno != EPERM)
		return nb_fail(err, errno, "nogroups");
	if (sb->opts->strict)
		return nb_fail(err, 0, "--strict: nogroups not enforced: " NOGROUPS_DENIED);
	nb_warn("nogroups not enforced: " NOGROUPS_DENIED);
	return 0;
}

/* Without --as-root the program keeps no capability at all (and as the
 * caller, not root, execve would clear them anyway); with it, those the
 * profile allows (caps.c). */
static int limit_capabilities(const struct sandbox *sb, struct nb_error *err)
{
	if (!sb->opts->as_root)
		return caps_drop_all(err);
	return caps_limit_to(caps_allowed(&sb->opts->policy.process), err);
}

/*
 * The filters, then (trace-denials) their listeners to init.  From here
 * on a refused call waits for init's answer, so the only calls left
 * before execve are the sendmsg (which the plan never refuses under
 * trace-denials) and execve itself; the listeners close on exec.
 */
static int install_filters(const struct sandbox *sb,
			   const struct seccomp_bpf *bpf, struct nb_error *err)
{
	int listeners[SECCOMP_MAX_FILTERS];
	size_t n;

	/* first, and its listener handed over at once: it stops only
	 * ioctl(TIOCSWINSZ), and the main filter may refuse sendmsg */
	if (sb->tty_guard) {
		int fd = caller_tty_guard_install(err);

		if (fd < 0 ||
		    denials_send_listeners(sb->trace_sock, &fd, 1, err) < 0)
			return -1;
		close(fd);
	}
	if (seccomp_install(bpf, listeners, &n, err) < 0)
		return -1;
	if (n == 0)
		return 0;
	return denials_send_listeners(sb->trace_sock, listeners, n, err);
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
	if (drop_groups(sb, &err) < 0)
		fail(&err);

	/* A new session has no controlling terminal: even without the
	 * seccomp rule, TIOCSTI could not push keystrokes into the caller's
	 * shell. */
	if (setsid() < 0)
		nb_fail(&err, errno, "setsid"), fail(&err);
	program_enter_cwd(&sb->host, sb->opts->policy.fs.cwd, true);
	if (program_set_environment(&sb->opts->policy, &sb->launch, &err) < 0)
		fail(&err);

	/* Capabilities, then no_new_privs, then the filter: the filter
	 * refuses calls the earlier steps need, so it comes last. */
	if (limit_capabilities(sb, &err) < 0 ||
	    caps_set_no_new_privs(&err) < 0)
		fail(&err);
	/* Nothing of the launcher's reaches the program: only 0, 1, 2, those
	 * of keep-fd, and for trace-denials the socket to init
	 * (close-on-exec). */
	if (limits_close_fds(&sb->opts->policy.process, sb->trace_sock,
			     &err) < 0)
		fail(&err);
	/* Landlock after no_new_privs (the kernel requires it) and before
	 * the filter (which may refuse its calls); paths are opened here,
	 * so they mean what the sandbox shows. */
	if (landlock_apply(&sb->opts->policy.landlock, &err) < 0)
		fail(&err);
	/* rlimits, nice, cpu: late, so a small rlimit-nofile or rlimit-as
	 * does not fail the steps above; before the filter, which may
	 * refuse setrlimit (@resources).  First the caller's own limit on
	 * descriptors, which init raised for itself. */
	if (sb->caller_nofile.rlim_max &&
	    setrlimit(RLIMIT_NOFILE, &sb->caller_nofile) < 0) {
		nb_fail(&err, errno, "restore RLIMIT_NOFILE");
		fail(&err);
	}
	if (limits_apply(&sb->opts->policy.process, &err) < 0)
		fail(&err);
	/* the last step that can log: the filter may refuse what a debug
	 * line needs */
	nb_debug("program: seccomp filter, then execve %s", sb->argv[0]);
	if (install_filters(sb, bpf, &err) < 0)
		fail(&err);

	execvp(sb->argv[0], sb->argv);
	e = errno;
	/* A path names one file, a bare name is looked up in PATH: say
	 * which lookup failed, and that it was the sandbox's view. */
	if (e == ENOENT)
		nb_error_msg("%s: %s in the sandbox", sb->argv[0],
			     strchr(sb->argv[0], '/') ? "no such file" :
							"command not found");
	else
		nb_error_msg("%s: %s", sb->argv[0], strerror(e));
	_exit(e == ENOENT ? NB_EXIT_NOTFOUND : NB_EXIT_NOEXEC);
}
