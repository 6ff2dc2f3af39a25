# Escape battery: the kernel's own ways out of a mount namespace (undo a
# mount, a new user namespace to undo it from) and its tunables (/proc/sys,
# /sys).

esc_hidden_setup() {
	esc_setup && mkdir "$ESC/hidden" && echo "$ESC_SECRET" > "$ESC/hidden/f"
}

esc_unmount() {
	local b="--blacklist=$ESC/hidden"
	eq_lines "$("${EB[@]}" "$b" "$PE" unmount "$ESC/hidden")" \
		"umount EPERM" "mount EPERM" "open_tree EPERM" || return 1
	# the cover of default.profile's own blacklist, and /proc/sys
	eq_lines "$("${EB[@]}" "$PE" unmount "$HOME/.ssh")" \
		"umount EPERM" "mount EPERM" "open_tree EPERM" &&
		eq_lines "$("${EB[@]}" "$PE" unmount /proc/sys)" \
			"umount EPERM" "mount EPERM" "open_tree EPERM" || return 1
	# after all that, in the same sandbox, still hidden
	eq "$("${EB[@]}" "$b" sh -c "$PE unmount $ESC/hidden >/dev/null; $PE read $ESC/hidden/f")" EACCES
}

test_escape_blacklist_cannot_be_unmounted() {
	esc_hidden_setup && esc_ssh_setup || return 1
	# control: what the blacklist covers is there without it
	eq "$(sbx "$PE" read "$ESC/hidden/f")" "$ESC_SECRET" || return 1
	in_both esc_unmount
}

esc_userns() {
	local opt b="--blacklist=$ESC/hidden"
	# No option lets the program make a user namespace under the shipped
	# default.profile (nestbox-base.inc: restrict-namespaces) nor under
	# --noprofile; so the locked-mount attack from one cannot start:
	# clone and unshare refused, clone3 made to fall back to clone.
	for opt in --quiet --allow-debuggers --as-root --caps.keep=sys_admin; do
		eq_lines "$("${EB[@]}" "$b" $opt "$PE" userns "$ESC/hidden/f")" \
			"clone EPERM" "clone3 ENOSYS" "unshare EPERM" ||
			{ echo "with $opt"; return 1; }
	done
	# and were the filter gone, the kernel's own limit in the sandbox
	eq "$("${EB[@]}" "$PE" read /proc/sys/user/max_user_namespaces)" 0 &&
		eq "$("${EB[@]}" "$PE" unshare-user)" EPERM
}

test_escape_no_user_namespace_can_be_made() {
	esc_hidden_setup || return 1
	# control: outside, the caller may make one
	eq "$("$PE" unshare-user)" OK || return 1
	in_both esc_userns
}

esc_kernel_tunables() {
	local o
	# without CAP_NET_ADMIN over the sandbox's network namespace (the
	# program is in a namespace below it, as --as-root too)
	eq "$("${EB[@]}" "$PE" write /proc/sys/net/ipv4/ip_forward 1)" EACCES &&
		eq "$("${EB[@]}" --as-root "$PE" write /proc/sys/net/ipv4/ip_forward 1)" EACCES &&
		eq "$("${EB[@]}" "$PE" read /proc/sys/net/ipv4/ip_forward)" 0 || return 1
	# core_pattern runs a program as root on the host at the next crash
	# (the classic container escape); its own value is written back, so
	# even a success would change nothing
	eq "$("${EB[@]}" "$PE" write /proc/sys/kernel/core_pattern "$(cat /proc/sys/kernel/core_pattern)")" EACCES &&
		eq "$("${EB[@]}" "$PE" write /proc/sys/vm/drop_caches 1)" EACCES || return 1
	# /sys: the sandbox's own sysfs, read-only (EROFS), or the host's,
	# read-only and root's (EACCES); either way the value stays
	o=$("${EB[@]}" "$PE" write /sys/class/net/lo/mtu 1280)
	[ "$o" = EROFS ] || [ "$o" = EACCES ] || { echo "lo mtu: $o"; return 1; }
	eq "$("${EB[@]}" "$PE" read /sys/class/net/lo/mtu)" 65536 || return 1
	# both read-only mounts, whatever the permissions say
	o=$("${EB[@]}" cat /proc/self/mountinfo | awk '$5 == "/proc/sys" || $5 == "/sys" {print $5, $6}' | cut -d, -f1)
	eq_lines "$o" "/proc/sys ro" "/sys ro"
}

test_escape_proc_sys_and_sys_are_not_writable() {
	# control: the owner of a user and network namespace may set it
	# there (the sandbox's program is not that owner)
	if command -v unshare > /dev/null; then
		eq "$(unshare -rn sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward && cat /proc/sys/net/ipv4/ip_forward' 2>&1)" 1 || return 1
	else
		echo "no unshare(1): the control is not run"
	fi
	in_both esc_kernel_tunables
}
