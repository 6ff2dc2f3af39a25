# Escape battery: the caller's terminal (TIOCSTI) and setuid programs.

# Under a real pty (script(1)): the program pushes '#' into the terminal's
# input, then, once the launcher is gone, the outer shell looks at what
# waits there as its next input.
esc_tiocsti() {
	local out
	out=$(script -qec "sh -c '${EB[*]} $PE tiocsti; $PE pending'" /dev/null < /dev/null | tr -d '\r')
	eq "$(printf '%s\n' "$out" | head -1)" EPERM || { echo "$out"; return 1; }
	# never arrived: no echo, nothing pending (script may add an EOF)
	! printf '%s\n' "$out" | grep -q '#' || { echo "$out"; return 1; }
}

test_escape_tiocsti_never_reaches_the_callers_shell() {
	command -v script > /dev/null || { skip "no script(1)"; return 0; }
	local out
	# control: outside, the byte is echoed and waits as input
	out=$(script -qec "sh -c '$PE tiocsti; $PE pending'" /dev/null < /dev/null | tr -d '\r')
	if [ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ]; then
		printf '%s\n' "$out" | head -1 | grep -qx '#*OK' &&
			printf '%s\n' "$out" | sed -n 2p | grep -q '^[1-9][0-9]* .*#' ||
			{ echo "control: $out"; return 1; }
	else
		echo "dev.tty.legacy_tiocsti is 0: TIOCSTI is refused outside too"
	fi
	in_both esc_tiocsti
}

esc_setuid() { # PROGRAM
	# no_new_privs: the setuid bit is ignored, every uid stays the caller's
	eq "$("${EB[@]}" "$PE" setuid "$1")" "Uid: $ME $ME $ME $ME"
}

test_escape_setuid_program_gains_nothing() {
	local prog
	for prog in /usr/bin/passwd /usr/bin/su; do
		[ -u "$prog" ] && [ "$(stat -c %u "$prog")" = 0 ] && break
		prog=
	done
	[ -n "$prog" ] || { skip "no setuid-root passwd or su"; return 0; }
	# control: outside, the same program runs with effective uid 0
	eq "$("$PE" setuid "$prog")" "Uid: $ME 0 0 0" || return 1
	in_both esc_setuid "$prog"
}
