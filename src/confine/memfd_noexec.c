// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm.memfd_noexec for noexec and memory-deny-write-execute: the launcher
 * decides from the host's value, init writes it in the sandbox's pid
 * namespace (the kernel reads and writes the value of the writer's pid
 * namespace, and a new one starts with its parent's).
 */
#include "memfd_noexec.h"

#include "host_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOT_ENFORCED "memfd_noexec: a copy of a file in a memfd can still be executed (noexec does not reach it): "

bool memfd_noexec_wanted(const struct policy *p)
{
	if (p->seccomp.mdwe)
		return true;
	for (size_t i = 0; i < p->fs.n_rules; i++)
		if (p->fs.rules[i].kind == FS_NOEXEC)
			return true;
	return false;
}

static int host_value(void)
{
	char *text = host_read_file(MEMFD_NOEXEC_SYSCTL, 16);
	int v = text && text[0] >= '0' && text[0] <= '9' ? text[0] - '0' : -1;

	free(text);
	return v;
}

int memfd_noexec_plan(const struct policy *p)
{
	const char *why;

	/* memory-deny-write-execute refuses memfd_create itself */
	if (!memfd_noexec_wanted(p) || p->seccomp.mdwe)
		return 0;
	if (host_value() == 2)
		return 0; /* every pid namespace starts with it */
	/*
	 * Writing takes CAP_SYS_ADMIN over the pid namespace (init has it)
	 * and the file's own permission, which the kernel grants the
	 * host's root alone (proc_sys's test_perm): what access(2) says
	 * here is what init will meet.
	 */
	if (access(MEMFD_NOEXEC_SYSCTL, W_OK) == 0)
		return 1;
	why = errno == ENOENT ? "this kernel has no vm.memfd_noexec (Linux 6.3+)" :
				"only the host's root may set vm.memfd_noexec (set it to 2 on the host: every sandbox inherits it)";
	/*
	 * Said, but not refused under --strict: noexec itself is enforced
	 * (the mounts), this is the kernel keeping one way past it from an
	 * unprivileged caller, and refusing would make every profile with a
	 * noexec line unusable under --strict on most machines.
	 */
	if (!p->quiet)
		nb_warn("not enforced: " NOT_ENFORCED "%s", why);
	return 0;
}

int memfd_noexec_set(struct nb_error *err)
{
	int fd = open(MEMFD_NOEXEC_SYSCTL, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return nb_fail(err, errno, "open %s", MEMFD_NOEXEC_SYSCTL);
	if (write(fd, "2\n", 2) != 2) {
		int e = errno;

		close(fd);
		return nb_fail(err, e, "write %s", MEMFD_NOEXEC_SYSCTL);
	}
	close(fd);
	return 0;
}
