# Escape battery: the host's memory through the sandbox's own tmpfs
# mounts (/tmp, /dev/shm, /run/user/UID): each has nestbox.conf's
# tmpfs-size (default 20% of RAM), not the kernel's half of RAM each.

esc_tmpfs_full() { # CONF (tmpfs-size 1m)
	local out name="nb-escape-fill-$$" dirs="/tmp /dev/shm"
	[ -d "/run/user/$ME" ] && dirs="$dirs /run/user/$ME"
	out=$(NESTBOX_CONF=$1 "${EB[@]}" sh -c "for d in $dirs; do $PE statfs \$d; $PE fill \$d/$name 4194304; done")
	eq "$out" "$(for d in $dirs; do printf '1048576\n1048576 ENOSPC\n'; done)" || return 1
	# nothing of it on the host
	for d in $dirs; do
		[ ! -e "$d/$name" ] || { echo "$d/$name on the host"; return 1; }
	done
}

esc_tmpfs_default() { # CONF (empty) EXPECTED-BYTES
	eq "$(NESTBOX_CONF=$1 "${EB[@]}" "$PE" statfs /tmp)" "$2" &&
		eq "$(NESTBOX_CONF=$1 "${EB[@]}" "$PE" statfs /dev/shm)" "$2"
}

test_escape_tmpfs_cannot_fill_the_hosts_memory() {
	local pages page want
	esc_setup || return 1
	printf 'tmpfs-size 1m\n' > "$ESC/small.conf"
	: > "$ESC/empty.conf"
	# control: without the small limit the same write fits
	eq "$(NESTBOX_CONF=$ESC/empty.conf sbx "$PE" fill /tmp/f 4194304)" "4194304 OK" || return 1
	in_both esc_tmpfs_full "$ESC/small.conf" || return 1
	# the default, 20% of RAM as tmpfs counts it: pages, rounded up
	page=$(getconf PAGESIZE)
	pages=$(awk -v p="$page" '/^MemTotal:/ {print $2 * 1024 / p}' /proc/meminfo)
	want=$(( (pages * 20 + 99) / 100 * page ))
	in_both esc_tmpfs_default "$ESC/empty.conf" "$want"
}

test_escape_tmpfs_size_is_checked() {
	local out rc
	esc_setup || return 1
	printf '# limits\ntmpfs-size 0\n' > "$ESC/zero.conf"
	rm -f "$ESC/ran"
	out=$(NESTBOX_CONF=$ESC/zero.conf "$NB" --noprofile touch "$ESC/ran" 2>&1)
	rc=$?
	eq "$rc" 125 && [ ! -e "$ESC/ran" ] &&
		eq "$out" "nestbox: $ESC/zero.conf:2: tmpfs-size: '0' is out of range (more than 0, at most 100%)"
}
