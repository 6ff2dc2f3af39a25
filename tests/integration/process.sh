# The program's process (issue #4): identity, capabilities, limits.
# Sourced by suite.sh; each test proves from inside the sandbox that the
# restriction holds and that what it still allows works.
# ${PROBE}-process makes one call or counts (probe-process.c).

PP=${PROBE}-process
PR=$P/process
pr_profile() { # LINES... -> $PR/p.profile
	mkdir -p "$PR" && printf '%s\n' "$@" > "$PR/p.profile"
}
# Only the sandbox's own limit counts: the caller's processes outside do
# not (RLIMIT_NPROC is per user namespace and uid since Linux 5.14).
test_process_rlimit_nproc_counts_only_the_program() {
	local outside=() i five eight
	for i in 1 2 3 4 5 6 7 8 9 10; do
		sleep 60 &
		outside+=($!)
	done
	five=$(sbx --rlimit-nproc=5 "$PP" fork-count)
	eight=$(sbx --rlimit-nproc=8 "$PP" fork-count)
	kill "${outside[@]}"
	eq "$five" "4 EAGAIN" && eq "$eight" "7 EAGAIN" &&
		eq "$(sbx --rlimit-nproc=5 "$PP" rlimit nproc)" "5 5"
}

# The shipped profiles' process count (rlimit-nproc 2000) over a caller
# whose own hard limit is lower: the program keeps the caller's, stricter
# one, with a warning, instead of refusing to start.
test_process_a_limit_above_the_callers_hard_limit_keeps_the_callers() {
	local out
	out=$(prlimit --nproc=1500:1500 "$NB" --profile=default "$PP" rlimit nproc 2>"$WORK/err")
	eq "$out" "1500 1500" &&
		grep -qx 'nestbox: warning: rlimit-nproc 2000: above your hard limit (1500), which the program keeps' "$WORK/err" ||
		{ cat "$WORK/err"; return 1; }
}

test_process_rlimit_nofile_caps_descriptors() {
	eq "$(sbx --rlimit-nofile=10 "$PP" open-count)" "7 EMFILE" &&
		eq "$(sbx --rlimit-nofile=10 "$PP" rlimit nofile)" "10 10" &&
		eq "$(sbx --rlimit-nofile=100 "$PP" open-count)" "97 EMFILE"
}

test_process_rlimit_fsize_caps_file_size() {
	mkdir -p "$PR"
	eq "$(sbx --rlimit-fsize=1k "$PP" write-bytes "$PR/f" 1024)" OK &&
		eq "$(sbx --rlimit-fsize=1k "$PP" write-bytes "$PR/f" 1025)" EFBIG &&
		eq "$(stat -c %s "$PR/f")" 1024 &&
		eq "$(sbx "$PP" write-bytes "$PR/f" 1025)" OK
}

test_process_rlimit_as_caps_the_address_space() {
	eq "$(sbx --rlimit-as=64m "$PP" mmap $((128 << 20)))" ENOMEM &&
		eq "$(sbx --rlimit-as=64m "$PP" mmap $((1 << 20)))" OK &&
		eq "$(sbx --rlimit-as=1g "$PP" rlimit as)" "1073741824 1073741824"
}

# soft = hard, as firejail sets them: the kernel kills at the hard limit.
test_process_rlimit_cpu_kills_at_the_limit() {
	local rc
	eq "$(sbx --rlimit-cpu=1 "$PP" rlimit cpu)" "1 1" || return 1
	sbx --rlimit-cpu=1 "$PP" cpu-burn
	rc=$?
	[ "$rc" = 137 ] || [ "$rc" = 152 ] || { echo "cpu-burn: $rc"; return 1; }
}

test_process_rlimit_sigpending_caps_queued_signals() {
	eq "$(sbx --rlimit-sigpending=5 "$PP" sigqueue-count)" "5 EAGAIN" &&
		eq "$(sbx --rlimit-sigpending=50 "$PP" sigqueue-count)" "50 EAGAIN"
}

test_process_timeout_kills_the_whole_sandbox() {
	local err rc
	# 1 s: the program and a background child; the sleeps never end
	err=$(sbx --timeout=00:00:01 sh -c 'sleep 1003 & exec sleep 1004' 2>&1)
	rc=$?
	eq "$rc" 137 && eq "$err" "nestbox: timeout 00:00:01 reached" || return 1
	! pgrep -u "$ME" -f 'sleep 100[34]' || { echo "left behind"; return 1; }
	# a program that ends first keeps its own status
	sbx --timeout=01:00:00 sh -c 'exit 3'
	eq "$?" 3
}

test_process_nice_sets_the_programs_priority() {
	local err out
	eq "$(sbx --nice=5 "$PP" nice)" 5 || return 1
	# below the caller's is refused to an unprivileged user: a warning
	out=$("$NB" --noprofile --nice=-5 "$PP" nice 2>"$WORK/err")
	err=$(cat "$WORK/err")
	eq "$out" "$("$PP" nice)" &&
		eq "$err" "nestbox: warning: nice -5: not permitted to an unprivileged user; the program runs at nice $("$PP" nice)"
}

test_process_cpu_pins_the_program() {
	local mine last out rc
	mine=$("$PP" affinity)
	last=${mine##*,}
	eq "$(sbx --cpu="$last" "$PP" affinity)" "$last" || return 1
	eq "$(sbx --cpu="$mine" "$PP" affinity)" "$mine" || return 1
	# a CPU this machine does not have: refused before anything starts
	rm -f "$P/cpu-ran"
	out=$(sbx --cpu=1023 touch "$P/cpu-ran" 2>&1)
	rc=$?
	eq "$rc" 125 && [ ! -e "$P/cpu-ran" ] &&
		printf '%s\n' "$out" | grep -qx "nestbox: cpu: CPU 1023 not available (this process may use .*)" ||
		{ echo "$out"; return 1; }
}

test_process_keep_fd_keeps_only_the_listed() {
	echo kept-five > "$WORK/five"
	echo kept-seven > "$WORK/seven"
	(
		exec 5<"$WORK/five" 7<"$WORK/seven"
		eq "$(sbx "$PP" fd 5)" EBADF &&
			eq "$(sbx --keep-fd=5 "$PP" fd 5)" kept-five &&
			eq "$(sbx --keep-fd=5 "$PP" fd 7)" EBADF &&
			eq "$(sbx --keep-fd=5,7 "$PP" fd 7)" kept-seven &&
			sbx --keep-fd=all sh -c 'ls /proc/self/fd' > "$WORK/fds" &&
			grep -qx 5 "$WORK/fds" && grep -qx 7 "$WORK/fds"
	)
}

# What firejail's deterministic-shutdown asks is nestbox's way anyway.
test_process_deterministic_shutdown_ends_every_process() {
	sbx --deterministic-shutdown sh -c 'sleep 1005 & exit 4'
	eq "$?" 4 || return 1
	! pgrep -u "$ME" -f 'sleep 1005' || { echo "left behind"; return 1; }
}

# tests/users.sh puts the test user in nestbox-grp: without a
# supplementary group outside, this test proves nothing and fails.
test_process_nogroups_drops_supplementary_groups() {
	local extra
	extra=$(id -G | tr ' ' '\n' | grep -vx "$MYGID")
	[ -n "$extra" ] || { echo "$(id -un) has no supplementary group (tests/users.sh adds nestbox-grp)"; return 1; }
	[ -n "$(sbx "$PP" status Groups)" ] &&
		eq "$(sbx --nogroups "$PP" status Groups)" "" &&
		eq "$(sbx --nogroups id -u):$(sbx --nogroups id -g)" "$ME:$MYGID" &&
		eq "$(sbx --as-root --nogroups "$PP" status Groups)" ""
}

test_process_as_root_is_root_with_the_subordinate_ids() {
	local start
	start=$(awk -F: -v u="$(id -un)" -v n="$ME" '$1==u||$1==n {print $2; exit}' /etc/subuid)
	[ -n "$start" ] || { echo "no subordinate range"; return 1; }
	mkdir -p "$PR" && rm -f "$PR/owned" && : > "$PR/owned"
	eq "$(sbx --as-root sh -c 'id -u; id -g')" "0
0" || return 1
	# without --as-root, uid 1 does not exist in the program's namespace
	eq "$(sbx "$PP" chown "$PR/owned" 1 1)" EINVAL &&
		eq "$(sbx --as-root "$PP" chown "$PR/owned" 1 1)" OK &&
		eq "$(sbx --as-root stat -c %u:%g "$PR/owned")" 1:1 &&
		eq "$(stat -c %u "$PR/owned")" "$start" &&
		eq "$(sbx --as-root "$PP" chown "$PR/owned" 0 0)" OK &&
		eq "$(stat -c %u "$PR/owned")" "$ME"
}

capeff() { sbx --as-root "$@" "$PP" status CapEff; }

test_process_as_root_capabilities_follow_the_caps_directives() {
	local last all
	last=$(cat /proc/sys/kernel/cap_last_cap)
	all=$(printf '%016x' $(((1 << (last + 1)) - 1)))
	mkdir -p "$PR" && : > "$PR/c"
	eq "$(capeff)" "$all" &&
		eq "$(sbx --as-root "$PP" status NoNewPrivs)" 1 &&
		eq "$(sbx --as-root "$PP" status Seccomp)" 2 &&
		eq "$(capeff --caps.keep=chown,net_raw)" 0000000000002001 &&
		eq "$(sbx --as-root --caps.keep=chown,net_raw "$PP" status CapBnd)" 0000000000002001 &&
		eq "$(capeff --caps.drop=all)" 0000000000000000 &&
		eq "$(sbx --as-root --caps.drop=all id -u)" 0 &&
		eq "$(capeff --caps.drop=chown)" "$(printf '%016x' $(((1 << (last + 1)) - 2)))" &&
		eq "$(sbx --as-root --caps.drop=chown "$PP" chown "$PR/c" 1 1)" EPERM &&
		eq "$(capeff --caps)" "$(printf '%016x' $(((1 << (last + 1)) - 1 & ~0x400000000 & ~0x0ce30000)))"
}

test_process_caps_keep_without_as_root_keeps_nothing() {
	local out err
	out=$("$NB" --noprofile --caps.keep=chown "$PP" status CapEff 2>"$WORK/err")
	err=$(cat "$WORK/err")
	eq "$out" 0000000000000000 &&
		eq "$err" "nestbox: warning: caps.keep: the program runs as you, with no capabilities at all; --as-root keeps the listed ones"
}

# Root of the program's namespace owns nothing init mounted or created:
# a blacklisted file stays hidden, mounts stay, the namespace limits stay.
test_process_as_root_cannot_undo_the_sandbox() {
	local out
	mkdir -p "$PR" && echo the-secret > "$PR/secret" && echo kept > "$PR/ro"
	pr_profile "blacklist $PR/secret" "read-only $PR/ro"
	out=$("$NB" --quiet --as-root --profile="$PR/p.profile" cat "$PR/secret" 2>&1)
	! printf '%s\n' "$out" | grep -q the-secret || { echo "read: $out"; return 1; }
	eq "$("$NB" --quiet --as-root --profile="$PR/p.profile" "$PP" write-file "$PR/ro" x)" EROFS &&
		eq "$("$NB" --quiet --as-root --profile="$PR/p.profile" "$PP" umount "$PR/ro")" EPERM &&
		eq "$(cat "$PR/ro")" kept &&
		eq "$(sbx --as-root "$PP" umount /proc/sys)" EPERM &&
		eq "$(sbx --as-root "$PP" umount "$HOME")" EPERM &&
		eq "$(sbx --as-root "$PP" remount-rw /usr)" EPERM &&
		eq "$(sbx --as-root "$PP" write-file /proc/sys/user/max_user_namespaces 9)" EROFS &&
		eq "$(sbx --as-root "$PP" unshare-user)" EPERM &&
		eq "$(sbx --as-root cat /etc/shadow 2>&1)" "cat: /etc/shadow: Permission denied"
}

ns_limits() { sbx "$@" sh -c 'cd /proc/sys/user && cat max_user_namespaces max_mnt_namespaces max_pid_namespaces max_net_namespaces max_ipc_namespaces max_uts_namespaces max_cgroup_namespaces max_time_namespaces | tr "\n" " "'; }

# restrict-namespaces in depth: the limits of the program's own user
# namespace are 0 (and its parent's, which it cannot read); the host's
# are untouched.
test_process_namespace_limits_are_zero_inside() {
	local host
	host=$(cat /proc/sys/user/max_user_namespaces)
	eq "$(ns_limits)" "0 0 0 0 0 0 0 0 " &&
		eq "$(ns_limits --as-root)" "0 0 0 0 0 0 0 0 " &&
		eq "$(ns_limits --restrict-namespaces=user)" "0 0 0 0 0 0 0 0 " &&
		eq "$(cat /proc/sys/user/max_user_namespaces)" "$host" &&
		[ "$host" -gt 0 ]
}

test_process_hostile_directives_stop_before_start() {
	local line out rc bad=0
	for line in "rlimit-nofile abc" "timeout 1:2" "cpu 9999" "keep-fd -1" \
		"rlimit-as 1t" "nice 20" "caps.drop bogus" "timeout 00:00:00"; do
		rm -f "$P/hostile-ran"
		pr_profile "# hostile" "$line"
		out=$("$NB" --profile="$PR/p.profile" touch "$P/hostile-ran" 2>&1)
		rc=$?
		if [ "$rc" != 125 ] || [ -e "$P/hostile-ran" ] ||
			! printf '%s\n' "$out" | grep -qx "nestbox: $PR/p.profile:2: ${line%% *} .*"; then
			echo "$line: $rc: $out"
			bad=1
		fi
	done
	[ "$bad" = 0 ]
}

# Run as the user without a subordinate range (suite.sh fallback): the
# launcher wrote the id maps itself, setgroups is denied.
test_fallback_nogroups_is_reported_not_enforced() {
	local out err rc
	out=$("$NB" --noprofile --nogroups awk '/^Groups:/ {print $2}' /proc/self/status 2>"$WORK/err")
	err=$(cat "$WORK/err")
	[ -n "$out" ] &&
		printf '%s\n' "$err" | grep -qx 'nestbox: warning: nogroups not enforced: setgroups is denied in this sandbox (its id maps were written without newgidmap)' ||
		{ echo "$err"; return 1; }
	"$NB" --noprofile --strict --nogroups true 2>"$WORK/err"
	rc=$?
	eq "$rc" 125 && grep -q '^nestbox: --strict: nogroups not enforced' "$WORK/err"
}
