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

# The caller's terminal modes: a program that puts the terminal in raw
# mode without echo and exits, or is ended by a signal to nestbox, leaves
# it as it was (stty -g before and after, under a pty).
esc_tty_modes() {
	local out
	out=$(script -qec "sh -c 'stty -g; ${EB[*]} stty raw -echo; stty -g'" /dev/null < /dev/null | tr -d '\r')
	eq "$(printf '%s\n' "$out" | sed -n 2p)" "$(printf '%s\n' "$out" | sed -n 1p)" || return 1
	# ended by SIGTERM to nestbox once the modes are changed
	cat > "$ESC/tty-term.sh" <<EOS
stty -g
before=\$(stty -g)
exec 3<&0
${EB[*]} sh -c 'stty raw -echo; exec sleep 60' <&3 &
p=\$!
for i in \$(seq 1 200); do [ "\$(stty -g)" != "\$before" ] && break; sleep 0.05; done
[ "\$(stty -g)" != "\$before" ] || echo "modes never changed"
kill -TERM \$p
wait \$p
stty -g
EOS
	out=$(script -qec "sh $ESC/tty-term.sh" /dev/null < /dev/null | tr -d '\r')
	eq "$(printf '%s\n' "$out" | sed -n 2p)" "$(printf '%s\n' "$out" | sed -n 1p)" ||
		{ echo "after SIGTERM"; return 1; }
}

test_escape_terminal_modes_are_restored() {
	command -v script > /dev/null || { skip "no script(1)"; return 0; }
	local out
	esc_setup || return 1
	# control: outside, the modes stay changed after the program
	out=$(script -qec "sh -c 'stty -g; stty raw -echo; stty -g'" /dev/null < /dev/null | tr -d '\r')
	[ "$(printf '%s\n' "$out" | sed -n 2p)" != "$(printf '%s\n' "$out" | sed -n 1p)" ] ||
		{ echo "control: $out"; return 1; }
	in_both esc_tty_modes
}

# The caller's window size is the terminal emulator's: a program sets it
# (TIOCSWINSZ) neither on its standard input nor through another
# descriptor of the same terminal (a copy, a reopening through
# /proc/self/fd/0), so it never needs putting back; its own ptys it
# sizes as it likes (script(1) inside).  A resize from outside while the
# program runs (here the outer shell's, as a terminal emulator's would
# be) stays.  A command joined from a terminal is held as the program.
esc_tty_winsize() {
	local out
	out=$(script -qec "sh -c 'stty size
		${EB[*]} sh -c \"stty cols 33 rows 11; exec 5<&0; stty cols 34 rows 12 <&5; stty cols 35 rows 13 < /proc/self/fd/0\" 2>&1
		stty size'" /dev/null < /dev/null | tr -d '\r')
	eq_lines "$out" "0 0" \
		"stty: 'standard input': Operation not permitted" \
		"stty: 'standard input': Operation not permitted" \
		"stty: 'standard input': Operation not permitted" \
		"0 0" || return 1
	# its own pty (the inner script echoes the end of its input as ^@)
	out=$(script -qec "${EB[*]} script -qec 'stty cols 33 rows 11; stty size' /dev/null" /dev/null < /dev/null | tr -d '\r' | sed 's/\^@//g')
	eq "$out" "11 33" || return 1
	# resized from outside meanwhile
	cat > "$ESC/tty-resize.sh" <<EOS
exec 3<&0
${EB[*]} sh -c 'echo up; exec sleep 60' <&3 > "$ESC/tty-up" &
p=\$!
for i in \$(seq 1 200); do grep -qx up "$ESC/tty-up" && break; sleep 0.05; done
stty cols 50 rows 20
kill -TERM \$p
wait \$p
stty size
EOS
	out=$(script -qec "sh $ESC/tty-resize.sh" /dev/null < /dev/null | tr -d '\r')
	eq "$out" "20 50" || return 1
	# a command joined from a terminal, as the program
	local name=nb-esc-winsz-$EB_NAME-$$ bg i
	"${EB[@]}" --name=$name sh -c 'echo up; exec sleep 60' > "$ESC/tty-join" 2>&1 < /dev/null &
	bg=$!
	for i in $(seq 1 200); do
		grep -qx up "$ESC/tty-join" && break
		sleep 0.05
	done
	out=$(script -qec "sh -c 'stty size; $NB --join=$name stty cols 33 rows 11 2>&1; stty size'" /dev/null < /dev/null | tr -d '\r')
	"$NB" --shutdown=$name
	wait $bg
	eq_lines "$out" "0 0" "stty: 'standard input': Operation not permitted" "0 0" ||
		{ echo "(--join)"; return 1; }
}

test_escape_terminal_window_size_stays_the_emulators() {
	command -v script > /dev/null || { skip "no script(1)"; return 0; }
	local out
	esc_setup || return 1
	# control: outside, a program resizes its terminal, also through
	# a copy of the descriptor
	out=$(script -qec "sh -c 'stty size; stty cols 34 rows 12 <&5; stty size' 5<&0" /dev/null < /dev/null | tr -d '\r')
	eq_lines "$out" "0 0" "12 34" || { echo "(control)"; return 1; }
	in_both esc_tty_winsize
}

# --tree and --list show a sandbox's command line: the program rewrites
# its own (/proc/PID/cmdline) and the caller chose the registered one;
# an escape sequence in either reaches the caller's terminal escaped.
esc_cmdline_shown() {
	local name=nb-esc-argv-$$ out i bg
	"${EB[@]}" --name=$name "$PE" argv-rewrite "$(printf '\033[31m')xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" > "$ESC/argv.out" &
	bg=$!
	for i in $(seq 1 200); do
		grep -qx OK "$ESC/argv.out" && break
		sleep 0.05
	done
	out=$("$NB" --tree; "$NB" --list)
	"$NB" --shutdown=$name
	wait $bg
	grep -qx OK "$ESC/argv.out" || { echo "the probe did not start"; return 1; }
	# no control byte at all (newlines end the lines)
	! printf '%s\n' "$out" | LC_ALL=C grep -q '[[:cntrl:]]' ||
		{ printf '%s\n' "$out" | od -c | head; return 1; }
	# what was there, escaped: the rewritten line (--tree), the caller's
	# (--list)
	printf '%s\n' "$out" | grep -qF '\x1b]0;nb-pwned\x07\x1b[2J\x1b[31m' &&
		printf '%s\n' "$out" | grep -F "$name" | grep -qF 'argv-rewrite \x1b[31mxxx' ||
		{ echo "$out"; return 1; }
}

test_escape_tree_and_list_escape_control_bytes() {
	local out pid
	esc_setup || return 1
	# control: outside, the rewritten command line holds the raw bytes
	"$PE" argv-rewrite xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx > "$ESC/argv.out" &
	pid=$!
	for _ in $(seq 1 200); do
		grep -qx OK "$ESC/argv.out" && break
		sleep 0.05
	done
	out=$(tr '\0' ' ' < /proc/$pid/cmdline)
	kill $pid
	wait $pid 2>/dev/null
	printf '%s' "$out" | grep -qF "$(printf '\033]0;nb-pwned\007')" || { echo "control: $out"; return 1; }
	in_both esc_cmdline_shown
}
