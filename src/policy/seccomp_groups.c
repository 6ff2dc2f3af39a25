// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The syscall groups of firejail's profile language, as firejail documents
 * them (/usr/share/doc/firejail/syscalls.txt, from systemd's sets).  One
 * table: adding a group is adding a row.
 */
#include "seccomp_groups.h"

#include <seccomp.h>
#include <string.h>

/* Sorted by name. */
static const struct seccomp_group groups[] = {
	{ "@aio", "io_cancel,io_destroy,io_getevents,io_pgetevents,io_setup,"
		  "io_submit,io_uring_enter,io_uring_register,io_uring_setup" },
	{ "@basic-io", "_llseek,close,close_range,dup,dup2,dup3,lseek,pread64,"
		       "preadv,preadv2,pwrite64,pwritev,pwritev2,read,readv,"
		       "write,writev" },
	{ "@chown", "chown,chown32,fchown,fchown32,fchownat,lchown,lchown32" },
	{ "@clock", "adjtimex,clock_adjtime,clock_settime,settimeofday,stime" },
	{ "@cpu-emulation", "modify_ldt,subpage_prot,switch_endian,vm86,vm86old" },
	{ "@debug", "lookup_dcookie,perf_event_open,pidfd_getfd,"
		    "process_vm_writev,rtas,s390_runtime_instr,"
		    "sys_debug_setcontext" },
	{ "@default", "@clock,@cpu-emulation,@debug,@module,@mount,@obsolete,"
		      "@raw-io,@reboot,@swap,open_by_handle_at,"
		      "name_to_handle_at,ioprio_set,ni_syscall,syslog,"
		      "fanotify_init,add_key,request_key,mbind,migrate_pages,"
		      "move_pages,keyctl,io_setup,io_destroy,io_getevents,"
		      "io_submit,io_cancel,remap_file_pages,set_mempolicy,"
		      "vmsplice,userfaultfd,acct,bpf,nfsservctl,setdomainname,"
		      "sethostname,vhangup" },
	/* What a program needs to be started at all: kept by seccomp.keep. */
	{ "@default-keep", "execveat,execve,prctl" },
	{ "@default-nodebuggers", "@default,ptrace,personality,process_vm_readv" },
	{ "@file-system",
	  "access,chdir,chmod,close,close_range,creat,faccessat,faccessat2,"
	  "fallocate,fchdir,fchmod,fchmodat,fcntl,fcntl64,fgetxattr,flistxattr,"
	  "fremovexattr,fsetxattr,fstat,fstat64,fstatat64,fstatfs,fstatfs64,"
	  "ftruncate,ftruncate64,futimesat,getcwd,getdents,getdents64,getxattr,"
	  "inotify_add_watch,inotify_init,inotify_init1,inotify_rm_watch,"
	  "lgetxattr,link,linkat,listxattr,llistxattr,lremovexattr,lsetxattr,"
	  "lstat,lstat64,mkdir,mkdirat,mknod,mknodat,mmap,mmap2,munmap,"
	  "newfstatat,oldfstat,oldlstat,oldstat,open,openat,openat2,readlink,"
	  "readlinkat,removexattr,rename,renameat,renameat2,rmdir,setxattr,"
	  "stat,stat64,statfs,statfs64,statx,symlink,symlinkat,truncate,"
	  "truncate64,unlink,unlinkat,utime,utimensat,utimes" },
	{ "@io-event", "_newselect,epoll_create,epoll_create1,epoll_ctl,"
		       "epoll_ctl_old,epoll_pwait,epoll_wait,epoll_wait_old,"
		       "eventfd,eventfd2,poll,ppoll,pselect6,select" },
	{ "@ipc", "ipc,memfd_create,mq_getsetattr,mq_notify,mq_open,"
		  "mq_timedreceive,mq_timedsend,mq_unlink,msgctl,msgget,msgrcv,"
		  "msgsnd,pipe,pipe2,process_madvise,process_vm_readv,"
		  "process_vm_writev,semctl,semget,semop,semtimedop,shmat,"
		  "shmctl,shmdt,shmget" },
	{ "@keyring", "add_key,keyctl,request_key" },
	{ "@memlock", "mlock,mlock2,mlockall,munlock,munlockall" },
	{ "@module", "delete_module,finit_module,init_module" },
	{ "@mount", "chroot,fsconfig,fsmount,fsopen,fspick,mount,move_mount,"
		    "open_tree,pivot_root,umount,umount2" },
	{ "@network-io", "accept,accept4,bind,connect,getpeername,getsockname,"
			 "getsockopt,listen,recv,recvfrom,recvmmsg,recvmsg,"
			 "send,sendmmsg,sendmsg,sendto,setsockopt,shutdown,"
			 "socket,socketcall,socketpair" },
	{ "@obsolete", "_sysctl,afs_syscall,bdflush,break,create_module,ftime,"
		       "get_kernel_syms,getpmsg,gtty,idle,lock,mpx,prof,profil,"
		       "putpmsg,query_module,security,sgetmask,ssetmask,stty,"
		       "sysfs,tuxcall,ulimit,uselib,ustat,vserver" },
	{ "@privileged", "@chown,@clock,@module,@raw-io,@reboot,@swap,_sysctl,"
			 "acct,bpf,capset,chroot,fanotify_init,mount,"
			 "nfsservctl,open_by_handle_at,pivot_root,quotactl,"
			 "setdomainname,setfsuid,setfsuid32,setgroups,"
			 "setgroups32,sethostname,setresuid,setresuid32,"
			 "setreuid,setreuid32,setuid,setuid32,umount2,vhangup" },
	{ "@process", "arch_prctl,capget,clone,clone3,execveat,fork,getrusage,"
		      "kill,pidfd_open,pidfd_send_signal,prctl,rt_sigqueueinfo,"
		      "rt_tgsigqueueinfo,setns,swapcontext,tgkill,times,tkill,"
		      "unshare,vfork,wait4,waitid,waitpid" },
	{ "@raw-io", "ioperm,iopl,pciconfig_iobase,pciconfig_read,"
		     "pciconfig_write,s390_mmio_read,s390_mmio_write" },
	{ "@reboot", "kexec_load,kexec_file_load,reboot" },
	{ "@resources", "ioprio_set,mbind,migrate_pages,move_pages,nice,"
			"sched_setaffinity,sched_setattr,sched_setparam,"
			"sched_setscheduler,set_mempolicy" },
	{ "@setuid", "setgid,setgid32,setgroups,setgroups32,setregid,"
		     "setregid32,setresgid,setresgid32,setresuid,setresuid32,"
		     "setreuid,setreuid32,setuid,setuid32" },
	{ "@signal", "rt_sigaction,rt_sigpending,rt_sigprocmask,rt_sigsuspend,"
		     "rt_sigtimedwait,sigaction,sigaltstack,signal,signalfd,"
		     "signalfd4,sigpending,sigprocmask,sigsuspend" },
	{ "@swap", "swapon,swapoff" },
	{ "@sync", "fdatasync,fsync,msync,sync,sync_file_range,"
		   "sync_file_range2,syncfs" },
	{ "@system-service",
	  "@aio,@basic-io,@chown,@default,@file-system,@io-event,@ipc,"
	  "@keyring,@memlock,@network-io,@process,@resources,@setuid,@signal,"
	  "@sync,@timer,brk,capget,capset,copy_file_range,fadvise64,"
	  "fadvise64_64,flock,get_mempolicy,getcpu,getpriority,getrandom,ioctl,"
	  "ioprio_get,kcmp,madvise,mprotect,mremap,name_to_handle_at,"
	  "oldolduname,olduname,personality,readahead,readdir,remap_file_pages,"
	  "sched_get_priority_max,sched_get_priority_min,sched_getaffinity,"
	  "sched_getattr,sched_getparam,sched_getscheduler,"
	  "sched_rr_get_interval,sched_yield,sendfile,sendfile64,setfsgid,"
	  "setfsgid32,setfsuid,setfsuid32,setpgid,setsid,splice,sysinfo,tee,"
	  "umask,uname,userfaultfd,vmsplice" },
	{ "@timer", "alarm,getitimer,setitimer,timer_create,timer_delete,"
		    "timer_getoverrun,timer_gettime,timer_settime,"
		    "timerfd_create,timerfd_gettime,timerfd_settime,times" },
};

#define N_GROUPS (sizeof(groups) / sizeof(groups[0]))

const struct seccomp_group *seccomp_group_table(size_t *count)
{
	*count = N_GROUPS;
	return groups;
}

static const struct seccomp_group *find_n(const char *name, size_t len)
{
	for (size_t i = 0; i < N_GROUPS; i++)
		if (strlen(groups[i].name) == len &&
		    memcmp(groups[i].name, name, len) == 0)
			return &groups[i];
	return NULL;
}

const struct seccomp_group *seccomp_group_find(const char *name)
{
	return find_n(name, strlen(name));
}

/* The table nests at most three deep (@system-service > @default >
 * @clock); the bound only guards against a cycle added by mistake. */
#define MAX_DEPTH 8

static int expand(const struct seccomp_group *group, unsigned depth,
		  int (*fn)(const char *, size_t, const char *, void *),
		  void *data)
{
	const char *p = group->members;

	if (depth > MAX_DEPTH)
		return -1;
	while (*p) {
		size_t len = strcspn(p, ",");
		int rc;

		if (p[0] == '@') {
			const struct seccomp_group *sub = find_n(p, len);

			rc = sub ? expand(sub, depth + 1, fn, data) : -1;
		} else {
			rc = fn(p, len, group->name, data);
		}
		if (rc < 0)
			return rc;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int seccomp_group_expand(const struct seccomp_group *group,
			 int (*fn)(const char *name, size_t len,
				   const char *why, void *data),
			 void *data)
{
	return expand(group, 0, fn, data);
}

/* The architectures libseccomp knows; a profile written on one of them
 * may name calls only it has (chown32, rtas...). */
static const uint32_t arches[] = {
	SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32, SCMP_ARCH_ARM,
	SCMP_ARCH_AARCH64, SCMP_ARCH_MIPS, SCMP_ARCH_MIPS64, SCMP_ARCH_PPC,
	SCMP_ARCH_PPC64, SCMP_ARCH_S390, SCMP_ARCH_S390X, SCMP_ARCH_RISCV64,
};

bool seccomp_syscall_known(const char *name)
{
	if (seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR)
		return true;
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (seccomp_syscall_resolve_name_arch(arches[i], name) !=
		    __NR_SCMP_ERROR)
			return true;
	return false;
}
