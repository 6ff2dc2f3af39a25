# Escape battery: a namespace the program makes itself.  Under a profile
# without restrict-namespaces (firejail's meaning: a browser's sandbox
# needs one), the program may make a user namespace, and every other
# type in it; root there must hold no more than the sandbox has: no
# mount, no ptrace outside, no tunable, nothing hidden shown, the same
# seccomp filter, and only its own ids.

# the shipped default.profile, but user namespaces allowed
esc_ns_profile() {
	esc_setup && mkdir "$ESC/hidden" && echo "$ESC_SECRET" > "$ESC/hidden/f" &&
		esc_ssh_setup &&
		printf '%s\n' "ignore restrict-namespaces" "include default.profile" \
			> "$ESC/ns.profile"
}

# NS CMD...: CMD as root of a new user namespace inside the sandbox
esc_ns() {
	"$NB" --quiet --profile="$ESC/ns.profile" "--blacklist=$ESC/hidden" \
		unshare -Ur "$@" 2>&1
}

# what reading a hidden file gave: refused (EACCES: the cover's mode) or
# not found (ENOENT: root there passes the cover, which is empty)
esc_unread() { # GOT
	case "$1" in
	EACCES | ENOENT) return 0 ;;
	esac
	echo "a hidden file read: $1"
	return 1
}

test_escape_nested_user_namespace_holds_no_more() {
	local me victim out rc=0
	esc_ns_profile || return 1
	me=$(id -u)
	# control: the namespace is made, and its root is root there
	eq "$(esc_ns id -u)" 0 || return 1
	# only the caller's own id, mapped as root: no other id exists
	eq "$(esc_ns cat /proc/self/uid_map | tr -s ' ' | sed 's/^ //')" "0 $me 1" &&
		eq "$(esc_ns sh -c 'cat /proc/self/gid_map | wc -l')" 1 || return 1
	# mounts: the mount calls are refused, and those it inherits are
	# locked (the blacklist's cover stays, the file unread)
	eq_lines "$(esc_ns "$PE" unmount "$ESC/hidden")" \
		"umount EPERM" "mount EPERM" "open_tree EPERM" &&
		eq_lines "$(esc_ns "$PE" unmount "$HOME/.ssh")" \
			"umount EPERM" "mount EPERM" "open_tree EPERM" || return 1
	out=$("$NB" --quiet --profile="$ESC/ns.profile" \
		"--blacklist=$ESC/hidden" "$PE" userns "$ESC/hidden/f")
	eq_lines "$(head -4 <<< "$out")" \
		"clone OK" "clone3 ENOSYS" "unshare OK" "umount EPERM" &&
		esc_unread "$(sed -n 5p <<< "$out")" || return 1
	esc_unread "$(esc_ns "$PE" read "$ESC/hidden/f")" &&
		esc_unread "$(esc_ns "$PE" read "$HOME/.ssh/id_test")" || return 1
	# control: the same files, read outside
	eq "$(cat "$ESC/hidden/f")" "$ESC_SECRET" || return 1
	# /proc/sys: read-only, even in a network namespace of its own where
	# it is root (the owner could set ip_forward there: see the control
	# of test_escape_proc_sys_and_sys_are_not_writable)
	eq "$(esc_ns "$PE" write /proc/sys/user/max_user_namespaces 5)" EROFS &&
		eq "$("$NB" --quiet --profile="$ESC/ns.profile" unshare -Urn \
			"$PE" write /proc/sys/net/ipv4/ip_forward 1 2>&1)" EROFS || return 1
	# the same seccomp filter: refused calls stay refused as root there
	eq "$(esc_ns "$PROBE" keyctl)" EPERM &&
		eq "$(esc_ns "$PROBE" mount)" EPERM &&
		eq "$(esc_ns "$PROBE" ptrace)" EPERM &&
		eq "$(esc_ns "$PROBE" x32)" EPERM || return 1
	# a process outside: not in the pid namespace, and ptrace refused
	sleep 1000 &
	victim=$!
	eq "$(esc_ns "$PE" kill $victim)" ESRCH &&
		eq "$(esc_ns "$PE" ptrace $victim)" EPERM &&
		eq "$("$NB" --quiet --profile="$ESC/ns.profile" --allow-debuggers \
			unshare -Ur "$PE" ptrace $victim 2>&1)" ESRCH &&
		kill -0 $victim || rc=1
	kill $victim 2>/dev/null
	wait $victim 2>/dev/null
	return $rc
}

# The kernel's limits: the types restrict-namespaces names are 0 in the
# sandbox; the others are the host's (never more: each level up counts).
test_escape_restrict_namespaces_list_refuses_only_its_types() {
	local host
	esc_ns_profile || return 1
	host=$(cat /proc/sys/user/max_user_namespaces)
	eq "$("$NB" --quiet --profile="$ESC/ns.profile" cat /proc/sys/user/max_user_namespaces)" "$host" || return 1
	# firejail's form that keeps user namespaces: only those listed refused
	eq "$("$NB" --quiet --profile="$ESC/ns.profile" \
		--restrict-namespaces=cgroup,ipc,net,mnt,pid,time,uts \
		sh -c 'cat /proc/sys/user/max_user_namespaces /proc/sys/user/max_net_namespaces | tr "\n" " "; unshare -Ur true && echo user; unshare -Urn true 2>/dev/null || echo no-net; unshare -Urm --propagation unchanged true 2>/dev/null || echo no-mnt')" \
		"$host 0 user
no-net
no-mnt" || return 1
	# the whole directive, and --noprofile: none at all
	eq "$("$NB" --quiet --profile="$ESC/ns.profile" --restrict-namespaces "$PROBE" unshare-user)" EPERM &&
		eq "$("$NB" --quiet --noprofile "$PROBE" unshare-user)" EPERM &&
		eq "$("$NB" --quiet --profile=default "$PROBE" unshare-user)" EPERM
}
