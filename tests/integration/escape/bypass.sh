# Escape battery: ways around a rule that still hold on paper (issue #20):
# io_uring's operations, which no seccomp filter sees, and a memfd, which
# no noexec mount covers; and the GPU, which a program without a profile
# does not get.

IO_URING_ALLOWED='--seccomp.drop=!io_uring_setup,!io_uring_enter,!io_uring_register'

esc_io_uring() {
	local err
	# the audit socket that socket(2) may not make, made through the
	# ring: the ring itself is refused, as a kernel without io_uring
	eq "$("${EB[@]}" "$PE" io-uring-socket)" "setup ENOSYS" || return 1
	# a profile that names it gets it, and is told at launch what the
	# ring's operations do unchecked; --strict refuses to start so
	eq "$("${EB[@]}" "$IO_URING_ALLOWED" "$PE" io-uring-socket 2>/dev/null)" OK || return 1
	err=$("$NB" --profile=default "$IO_URING_ALLOWED" "$PE" io-uring-socket 2>&1 >/dev/null)
	printf '%s\n' "$err" | grep -qx "nestbox: warning: not enforced for io_uring's operations (allowed by the profile): the seccomp rules for socket.*" ||
		{ echo "no report: $err"; return 1; }
	err=$("${EB[@]}" --strict "$IO_URING_ALLOWED" "$PE" io-uring-socket 2>&1)
	eq "$?" 125 && eq "$err" "nestbox: --strict: not enforced for io_uring's operations (allowed by the profile): the seccomp rules for socket"
}

test_escape_io_uring_cannot_make_a_refused_socket() {
	[ "$(cat /proc/sys/kernel/io_uring_disabled 2>/dev/null || echo 0)" = 0 ] ||
		{ skip "kernel.io_uring_disabled is set on this machine"; return 0; }
	# control: outside, the ring makes the audit netlink socket
	eq "$("$PE" io-uring-socket)" OK || return 1
	in_both esc_io_uring
}

# firefox.profile, with its noexec narrowed from the whole home to one
# directory so that the probe (in the home) can run: the rule under test
# is the same `noexec PATH`, the rest of the profile as shipped.
esc_noexec_profile() {
	mkdir -p "$ESC/noexec" && cp /bin/echo "$ESC/noexec/x" &&
		printf 'ignore noexec ${HOME}\ninclude %s/firefox.profile\nwhitelist %s\nnoexec %s/noexec\n' \
			"$NESTBOX_PROFILE_DIR" "$P" "$ESC" > "$ESC/firefox-noexec.profile"
}

test_escape_noexec_is_not_bypassed_through_a_memfd() {
	local err enforced=1 prof=$ESC/firefox-noexec.profile
	esc_setup && esc_noexec_profile || return 1
	# control: outside, the copy runs directly and from a memfd
	eq "$("$PE" exec "$ESC/noexec/x")" OK &&
		eq "$("$PE" memfd-exec at "$ESC/noexec/x")" OK &&
		eq "$("$PE" memfd-exec proc "$ESC/noexec/x")" OK || return 1
	# inside, noexec refuses the direct way
	eq "$("$NB" --quiet --profile="$prof" "$PE" exec "$ESC/noexec/x")" EACCES || return 1
	# vm.memfd_noexec=2 closes the memfd way where this user may set it
	# in the sandbox's pid namespace (the host's root only) or the host
	# has it; else the launch says it is not enforced
	if [ "$(cat /proc/sys/vm/memfd_noexec 2>/dev/null)" != 2 ] &&
		! [ -w /proc/sys/vm/memfd_noexec ]; then
		enforced=0
	fi
	err=$("$NB" --profile="$prof" "$PE" memfd-exec at "$ESC/noexec/x" 2>&1 >/dev/null)
	if [ $enforced = 1 ]; then
		eq "$("$NB" --quiet --profile="$prof" "$PE" memfd-exec at "$ESC/noexec/x")" EACCES &&
			eq "$("$NB" --quiet --profile="$prof" "$PE" memfd-exec proc "$ESC/noexec/x")" EACCES &&
			eq "$("$NB" --quiet --profile="$prof" cat /proc/sys/vm/memfd_noexec)" 2 || return 1
		! printf '%s\n' "$err" | grep -q memfd_noexec || { echo "$err"; return 1; }
	else
		printf '%s\n' "$err" | grep -q "^nestbox: warning: not enforced: memfd_noexec: a copy of a file in a memfd can still be executed" ||
			{ echo "not reported: $err"; return 1; }
		# said, not refused, under --strict too: the noexec mounts hold
		err=$("$NB" --strict --profile="$prof" true 2>&1)
		eq "$?" 0 || return 1
		printf '%s\n' "$err" | grep -q "^nestbox: warning: not enforced: memfd_noexec" ||
			{ echo "not reported under --strict: $err"; return 1; }
	fi
	# memory-deny-write-execute needs no sysctl: memfd_create is refused
	eq "$("$NB" --quiet --profile="$prof" --memory-deny-write-execute "$PE" memfd-exec at "$ESC/noexec/x")" EPERM || return 1
	[ $enforced = 1 ] || skip "vm.memfd_noexec: only the host's root may set it on this kernel, and the host has $(cat /proc/sys/vm/memfd_noexec 2>/dev/null || echo none): reported, not enforced"
}

esc_gpu() {
	eq "$("${EB[@]}" "$PE" read "$1")" ENOENT
}

test_escape_program_without_profile_gets_no_gpu() {
	local node
	node=$(ls /dev/dri/renderD* 2>/dev/null | head -1)
	[ -n "$node" ] || { echo "no render node (tests/users.sh makes a stand-in)"; return 1; }
	# control: the node is there outside, and a profile without no3d
	# shows it
	[ -c "$node" ] || return 1
	printf 'include %s/nestbox-base.inc\n' "$NESTBOX_PROFILE_DIR" > "$P/gpu.profile"
	"$NB" --quiet --profile="$P/gpu.profile" sh -c "test -c $node" ||
		{ echo "control: $node not shown without no3d"; return 1; }
	in_both esc_gpu "$node" || return 1
	# and a program that has no use for it runs as before
	eq "$("$NB" --quiet --profile=default sh -c 'echo ran')" ran
}
