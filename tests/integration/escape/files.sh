# Escape battery: files the program must not reach (another user's, the
# caller's blacklisted secrets), through a path, /proc, the working
# directory, an inherited descriptor or a file handle.

esc_other_users() { # FILE (another user's, readable outside, or "")
	eq "$("${EB[@]}" "$PE" read /etc/shadow)" EACCES || return 1
	# root in the user namespace is not root of the files: shadow's
	# owner is not mapped there
	eq "$("${EB[@]}" --as-root "$PE" read /etc/shadow)" EACCES || return 1
	# /root is not in the sandbox at all
	eq "$("${EB[@]}" "$PE" read /root/.profile)" ENOENT || return 1
	[ -z "$1" ] || eq "$("${EB[@]}" "$PE" read "$1")" ENOENT
}

test_escape_other_users_files_stay_unreadable() {
	local other
	# the same refusals outside: the sandbox must not widen them
	eq "$("$PE" read /etc/shadow)" EACCES &&
		eq "$("$PE" read /root/.profile)" EACCES || return 1
	# a file another user left world-readable in their home: readable
	# outside (the control), absent inside (other homes are not shown)
	other=$(find /home -mindepth 2 -maxdepth 2 -type f -readable ! -user "$ME" 2>/dev/null | head -1)
	if [ -n "$other" ]; then
		[ "$("$PE" read "$other")" != ENOENT ] || { echo "control: $other"; return 1; }
	else
		echo "no world-readable file of another user under /home: that part not run"
	fi
	in_both esc_other_users "$other"
}

esc_ssh_hidden() {
	local out
	eq "$("${EB[@]}" "$PE" read "$HOME/.ssh/id_test")" EACCES || return 1
	# nor by listing, globbing or changing the mode of the cover
	out=$("${EB[@]}" sh -c 'ls -A "$HOME/.ssh"; cat "$HOME"/.ssh/*; chmod 700 "$HOME/.ssh"' 2>&1)
	! printf '%s\n' "$out" | grep -q "$ESC_SECRET" || { echo "$out"; return 1; }
	eq "$("${EB[@]}" "$PE" read "$HOME/.ssh/id_test")" EACCES
}

test_escape_blacklisted_ssh_key_stays_hidden() {
	esc_ssh_setup || return 1
	# control: readable outside, and in a sandbox that does not blacklist it
	eq "$("$PE" read "$HOME/.ssh/id_test")" "$ESC_SECRET" &&
		eq "$(sbx "$PE" read "$HOME/.ssh/id_test")" "$ESC_SECRET" || return 1
	in_both esc_ssh_hidden
}

esc_proc_cwd() { # DIR (on the host, not in the sandbox)
	# the launcher's working directory is not carried in as a descriptor
	eq "$(cd "$1" && "${EB[@]}" "$PE" read f)" ENOENT &&
		eq "$(cd "$1" && "${EB[@]}" "$PE" read /proc/self/cwd/f)" ENOENT &&
		eq "$("${EB[@]}" "$PE" read "$1/f")" ENOENT || return 1
	# init's root and working directory: not the program's to follow
	eq "$(cd "$1" && "${EB[@]}" "$PE" read "/proc/1/root$1/f")" EACCES &&
		eq "$(cd "$1" && "${EB[@]}" "$PE" read /proc/1/cwd/f)" EACCES &&
		eq "$(cd "$1" && "${EB[@]}" "$PE" read /proc/1/root/etc/hostname)" EACCES || return 1
	# a working directory inside a blacklisted one is the cover
	eq "$(cd "$HOME/.ssh" && "${EB[@]}" "$PE" read id_test)" EACCES
}

test_escape_proc_root_and_cwd_lead_nowhere_outside() {
	local d rc
	esc_ssh_setup || return 1
	d=$(mktemp -d /tmp/nb-escape.XXXXXX) || return 1
	echo "$ESC_SECRET-host" > "$d/f"
	# control: from this working directory, outside, f is there
	eq "$(cd "$d" && "$PE" read f)" "$ESC_SECRET-host" &&
		eq "$(cd "$d" && "$PE" read /proc/self/cwd/f)" "$ESC_SECRET-host" &&
		in_both esc_proc_cwd "$d"
	rc=$?
	rm -rf "$d"
	return $rc
}

esc_fds() {
	eq "$("${EB[@]}" "$PE" fd 7 id_test)" EBADF &&
		eq "$("${EB[@]}" "$PE" read /proc/self/fd/8)" ENOENT &&
		eq "$("${EB[@]}" sh -c 'ls /proc/self/fd' | tr '\n' ' ')" "0 1 2 3 " || return 1
	# --keep-fd is the caller handing a descriptor over: it reaches what
	# it was opened on, blacklisted or not (the caller's choice)
	eq "$("${EB[@]}" --keep-fd=7 "$PE" fd 7 id_test)" "$ESC_SECRET" &&
		eq "$("${EB[@]}" --keep-fd=7 "$PE" fd 8 .)" EBADF
}

# nestbox closes every descriptor but 0-2 and those of --keep-fd.
test_escape_inherited_descriptors_are_closed() {
	esc_ssh_setup || return 1
	(
		exec 7<"$HOME/.ssh" 8<"$HOME/.ssh/id_test"
		# control: the descriptors reach the key outside
		eq "$("$PE" fd 7 id_test)" "$ESC_SECRET" &&
			eq "$("$PE" read /proc/self/fd/8)" "$ESC_SECRET" &&
			in_both esc_fds
	)
}

esc_handle() { # TYPE HEX
	# a handle names a file whatever the mount namespace shows: refused
	# (the "shocker" escape), to open and to make
	eq "$("${EB[@]}" "$PE" handle-open / "$1" "$2")" EPERM &&
		eq "$("${EB[@]}" "$PE" handle-open "$HOME" "$1" "$2")" EPERM &&
		eq "$("${EB[@]}" "$PE" handle-get "$HOME/.nestbox-test")" EPERM
}

test_escape_open_by_handle_at_is_refused() {
	local h
	esc_ssh_setup || return 1
	# control: outside, the caller can make the key's handle (opening
	# one needs CAP_DAC_READ_SEARCH, which no user has outside either)
	h=$("$PE" handle-get "$HOME/.ssh/id_test")
	[[ $h =~ ^[0-9]+\ [0-9a-f]+$ ]] || { echo "handle-get outside: $h"; return 1; }
	in_both esc_handle $h
}

# A directory as stdin (`nestbox ... 0</`) is a handle on the host's
# root below every mount of the sandbox: refused, before anything starts,
# with the descriptor named; an O_PATH descriptor as well.
esc_stdio_directory() {
	local out rc
	out=$("${EB[@]}" "$PE" write "$ESC/started" x 2>&1 0</)
	rc=$?
	eq "$rc" 125 &&
		eq "$out" "nestbox: descriptor 0 (standard input) is a directory: the program could reach the host's files through it (/proc/self/fd/0/); refusing it" || return 1
	"${EB[@]}" "$PE" write "$ESC/started" x 2>"$ESC/err" 1</
	rc=$?
	eq "$rc" 125 && grep -q "^nestbox: descriptor 1 (standard output) is a directory" "$ESC/err" ||
		{ cat "$ESC/err"; return 1; }
	out=$(python3 -c 'import os, sys
fd = os.open("/", os.O_PATH)
os.dup2(fd, 0)
os.execvp(sys.argv[1], sys.argv[1:])' "${EB[@]}" "$PE" write "$ESC/started" x 2>&1)
	rc=$?
	eq "$rc" 125 &&
		eq "$out" "nestbox: descriptor 0 (standard input) is an O_PATH descriptor: the program could reach the host's files through it; refusing it" || return 1
	[ ! -e "$ESC/started" ] || { echo "the program ran"; return 1; }
	# a closed descriptor, a file and a pipe are as before
	eq "$("${EB[@]}" sh -c 'echo ran' 0<&-)" ran &&
		eq "$(echo in | "${EB[@]}" cat)" in &&
		eq "$("${EB[@]}" cat < /etc/hostname)" "$(cat /etc/hostname)"
}

test_escape_directory_as_stdin_is_refused() {
	esc_setup || return 1
	# control: outside, the host's files through descriptor 0
	eq "$("$PE" read /proc/self/fd/0/etc/hostname 0</)" "$(head -1 /etc/hostname)" || return 1
	in_both esc_stdio_directory
}
