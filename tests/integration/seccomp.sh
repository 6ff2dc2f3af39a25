# Seccomp directives (issue #4), sourced by suite.sh: each proves from
# inside the sandbox that the refused call fails with the right errno and
# that the call next to it still works.  ${PROBE}-seccomp makes one call.

SP=${PROBE}-seccomp
SC=$P/seccomp
sc_profile() { # LINES... -> $SC/p.profile
	mkdir -p "$SC" && printf '%s\n' "$@" > "$SC/p.profile"
}

test_seccomp_default_group_refuses_its_members() {
	# set_mempolicy and io_setup: in firejail's default list, not in
	# nestbox's baseline, and fine for any process otherwise
	eq "$(sbx "$SP" set_mempolicy)" OK &&
		eq "$(sbx --seccomp "$SP" set_mempolicy)" EPERM &&
		eq "$(sbx --seccomp "$SP" io_setup)" EPERM &&
		eq "$(sbx --seccomp "$SP" getpid)" OK
}

test_seccomp_list_adds_to_the_default_and_takes_exceptions() {
	sc_profile "seccomp utimensat,!set_mempolicy"
	: > "$SC/f"
	eq "$(sbx "$SP" utimensat "$SC/f")" OK &&
		eq "$("$NB" --quiet --profile="$SC/p.profile" "$SP" utimensat "$SC/f")" EPERM &&
		eq "$("$NB" --quiet --profile="$SC/p.profile" "$SP" set_mempolicy)" OK &&
		eq "$("$NB" --quiet --profile="$SC/p.profile" "$SP" io_setup)" EPERM
}

test_seccomp_drop_refuses_a_group_only() {
	eq "$(sbx --seccomp.drop=@timer "$SP" timerfd)" EPERM &&
		eq "$(sbx --seccomp.drop=@timer "$SP" set_mempolicy)" OK &&
		eq "$(sbx "$SP" timerfd)" OK
}

test_seccomp_per_call_errno_and_error_action() {
	eq "$(sbx --seccomp.drop=set_mempolicy:ENOENT "$SP" set_mempolicy)" ENOENT &&
		eq "$(sbx --seccomp-error-action=EACCES --seccomp "$SP" set_mempolicy)" EACCES
}

test_seccomp_error_action_kill_kills() {
	sbx --seccomp-error-action=kill --seccomp "$SP" set_mempolicy
	eq "$?" 159 || return 1 # 128 + SIGSYS
	# the control: a call the filter allows is not killed
	eq "$(sbx --seccomp-error-action=kill --seccomp "$SP" getpid)" OK
}

test_seccomp_error_action_log_allows() {
	# the control: without the action, the same drop refuses the call
	eq "$(sbx --seccomp.drop=set_mempolicy "$SP" set_mempolicy)" EPERM &&
		eq "$(sbx --seccomp-error-action=log --seccomp.drop=set_mempolicy "$SP" set_mempolicy)" OK
}

test_seccomp_keep_refuses_every_unlisted_call() {
	# what the probe's loader and libc need, plus getppid, not getpid
	local keep=@system-service,exit,exit_group,rseq,set_robust_list
	keep=$keep,set_tid_address,arch_prctl,getppid
	eq "$(sbx --seccomp.keep=$keep "$SP" getppid)" OK &&
		eq "$(sbx --seccomp.keep=$keep "$SP" getpid)" EPERM &&
		eq "$(sbx --seccomp.keep=$keep,!getppid "$SP" getppid)" EPERM
}

test_seccomp_keep_still_refuses_what_the_baseline_refuses() {
	# @system-service allows ptrace-free calls only, but unshare is in
	# @process: the baseline's namespace check still holds
	local keep=@system-service,exit,exit_group,rseq,set_robust_list
	keep=$keep,set_tid_address,arch_prctl
	eq "$(sbx --seccomp.keep=$keep "$PROBE" unshare-user)" EPERM
}

test_seccomp_unknown_syscall_is_a_profile_error() {
	sc_profile "# line 1" "seccomp.drop getpid,nosuchcall"
	local out
	out=$("$NB" --profile="$SC/p.profile" true 2>&1)
	[ $? = 125 ] && printf '%s\n' "$out" | grep -q "p.profile:2: .*nosuchcall" ||
		{ echo "$out"; return 1; }
	# a call only another architecture has is accepted, and skipped
	eq "$(sbx --seccomp.drop=chown32 "$SP" getpid)" OK
}

test_seccomp_mdwe_refuses_wx_memory() {
	local op
	for op in wx-mmap w-then-x memfd shmat-exec; do
		eq "$(sbx "$SP" $op)" OK || return 1
		eq "$(sbx --memory-deny-write-execute "$SP" $op)" EPERM || return 1
	done
	# code mapped read+execute from the start still works
	eq "$(sbx --memory-deny-write-execute "$SP" rx-mmap)" OK
}

test_seccomp_protocol_limits_socket_families() {
	eq "$(sbx --protocol=unix "$SP" socket unix)" OK &&
		eq "$(sbx --protocol=unix "$SP" socketpair-unix)" OK &&
		eq "$(sbx --protocol=unix "$SP" socket inet)" EAFNOSUPPORT &&
		eq "$(sbx --protocol=unix "$SP" socket-high)" EAFNOSUPPORT &&
		eq "$(sbx --protocol=unix "$SP" socket netlink)" EAFNOSUPPORT &&
		eq "$(sbx --protocol=unix,inet6 "$SP" socket inet6)" OK &&
		eq "$(sbx "$SP" socket inet)" OK
}

# Both lines' families, and no other: a second line that replaced the
# first, or lines ignored, would not give all three.
test_seccomp_protocol_accumulates_and_rejects_unknown_names() {
	local op out
	sc_profile "protocol unix" "protocol inet"
	for op in "socket unix:OK" "socket inet:OK" "socket inet6:EAFNOSUPPORT"; do
		# shellcheck disable=SC2086 # the probe's operation is words
		eq "$("$NB" --quiet --profile="$SC/p.profile" "$SP" ${op%:*})" "${op#*:}" ||
			{ echo "$op"; return 1; }
	done
	out=$("$NB" --quiet --protocol=unix,ipx true 2>&1)
	eq "$?:$out" "125:nestbox: --protocol: unknown protocol 'ipx' (unix, inet, inet6, netlink, packet, bluetooth)"
}

test_seccomp_allow_debuggers_allows_ptrace_inside() {
	eq "$(sbx "$SP" ptrace-attach)" EPERM &&
		eq "$(sbx --allow-debuggers "$SP" ptrace-attach)" OK
}

test_seccomp_trace_denials_reports_and_refuses() {
	local out
	out=$(sbx --trace-denials "$SP" ptrace-attach 2>&1)
	printf '%s\n' "$out" | grep -q '^EPERM$' &&
		printf '%s\n' "$out" | grep -Eq '^nestbox: denied ptrace\(PTRACE_ATTACH\) by pid [0-9]+ \(probe-seccomp\): nestbox baseline$' ||
		{ echo "$out"; return 1; }
	out=$(sbx --trace-denials --protocol=unix "$SP" socket inet 2>&1)
	printf '%s\n' "$out" | grep -q '^EAFNOSUPPORT$' &&
		printf '%s\n' "$out" | grep -q 'denied socket(AF_INET) by pid [0-9]* (probe-seccomp): protocol$' ||
		{ echo "$out"; return 1; }
	out=$(sbx --trace-denials --seccomp "$SP" set_mempolicy 2>&1)
	printf '%s\n' "$out" | grep -q 'denied set_mempolicy() .*: seccomp @default$' ||
		{ echo "$out"; return 1; }
	# nothing reported for what is allowed
	out=$(sbx --trace-denials "$SP" getpid 2>&1)
	eq "$out" OK
}

test_seccomp_trace_denials_in_keep_mode_and_to_a_log_file() {
	local keep=@system-service,exit,exit_group,rseq,set_robust_list
	keep=$keep,set_tid_address,arch_prctl
	mkdir -p "$SC" && rm -f "$SC/log"
	eq "$(sbx --trace-denials --log="$SC/log" --seccomp.keep=$keep "$SP" getpid 2>&1)" EPERM &&
		grep -q 'denied getpid() by pid [0-9]* (probe-seccomp): seccomp.keep (not listed)' "$SC/log" ||
		{ cat "$SC/log"; return 1; }
}

test_seccomp_trace_denials_kill_action_kills() {
	local out
	out=$(sbx --trace-denials --seccomp-error-action=kill --seccomp "$SP" set_mempolicy 2>&1)
	local rc=$?
	printf '%s\n' "$out" | grep -q 'denied set_mempolicy() .*(killed)' && [ $rc -ge 128 ] ||
		{ echo "rc $rc: $out"; return 1; }
}

test_seccomp_dry_run_prints_the_rule_set() {
	local out
	out=$(sbx --dry-run --seccomp --protocol=unix --seccomp.keep=getpid true)
	printf '%s\n' "$out" | grep -Eq '^  set_mempolicy +EPERM +\(@default\)$' &&
		printf '%s\n' "$out" | grep -Eq '^  socket +EAFNOSUPPORT +if arg0 & 0xffffffff == 0x2 +\(protocol\)$' &&
		printf '%s\n' "$out" | grep -q '^seccomp.keep: every other call gets EPERM; allowed (4): ' ||
		{ echo "$out" | grep -v '^  personality'; return 1; }
}
