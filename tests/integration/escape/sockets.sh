# Escape battery: sockets listening outside (abstract, X11) and a
# descriptor sent out through a socket passed in.

# A listener of the probe's, outside, until killed: ESC_LISTENER its pid.
esc_listen() { # @NAME|PATH
	"$PE" listen "$1" > "$ESC/listen.out" 2>&1 &
	ESC_LISTENER=$!
	for _ in $(seq 1 100); do
		grep -qx listening "$ESC/listen.out" && return 0
		sleep 0.05
	done
	cat "$ESC/listen.out"
	return 1
}

esc_abstract() { # @NAME
	# the sandbox's network namespace has its own abstract names
	eq "$("${EB[@]}" "$PE" connect "$1")" ECONNREFUSED || return 1
	# sharing the host's (net host), Landlock's scope refuses it
	eq "$("${EB[@]}" --net=host "$PE" connect "$1")" EPERM
}

test_escape_abstract_socket_outside_is_unreachable() {
	local name="@nestbox-escape-$$" rc
	esc_setup && esc_listen "$name" || return 1
	# control: outside, it connects
	eq "$("$PE" connect "$name")" OK && in_both esc_abstract "$name"
	rc=$?
	kill $ESC_LISTENER
	wait $ESC_LISTENER 2>/dev/null
	return $rc
}

esc_x11_none() { # N
	local out
	out=$(DISPLAY=:$1 "${EB[@]}" --x11=none sh -c "echo \"display=\$DISPLAY\"; $PE connect @/tmp/.X11-unix/X$1; $PE connect /tmp/.X11-unix/X$1")
	eq_lines "$out" "display=" ECONNREFUSED ENOENT || return 1
	out=$(DISPLAY=:$1 "${EB[@]}" --x11=none --net=host sh -c "$PE connect @/tmp/.X11-unix/X$1; $PE connect /tmp/.X11-unix/X$1")
	eq_lines "$out" EPERM ENOENT
}

test_escape_x11_none_reaches_no_x_server() {
	command -v Xvfb > /dev/null || { skip "Xvfb is not installed"; return 0; }
	local n xvfb rc
	# a display nobody uses (other users' tests run their own servers)
	for n in $(seq $((300 + $$ % 200)) 600); do
		[ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
	done
	Xvfb ":$n" -nolisten tcp > /dev/null 2>&1 &
	xvfb=$!
	for _ in $(seq 1 100); do
		[ -S "/tmp/.X11-unix/X$n" ] && break
		sleep 0.05
	done
	# control: outside, both of the server's sockets connect
	eq "$("$PE" connect "@/tmp/.X11-unix/X$n")" OK &&
		eq "$("$PE" connect "/tmp/.X11-unix/X$n")" OK &&
		in_both esc_x11_none "$n"
	rc=$?
	kill $xvfb
	wait $xvfb 2>/dev/null
	return $rc
}

# A socket is in the sandbox only if the caller passes it (--keep-fd).
# Through it the program can send out a descriptor of its own; what the
# receiver gets is the sandbox's view and nothing more: the sandbox's
# /tmp, its covers over blacklisted paths, no way up past its root.  The
# risk is the receiver's (trusting what comes in), not a way out.
esc_fd_out() { # HOST-FILE (in the host's /tmp)
	local out
	out=$("$PE" fd-receive 9 tmp/inner "tmp/${1#/tmp/}" "../..$1" "${HOME#/}/.ssh/id_test" -- \
		"${EB[@]}" --keep-fd=9 sh -c "echo inside > /tmp/inner; $PE fd-send 9 /")
	eq_lines "$out" "tmp/inner: inside" "tmp/${1#/tmp/}: ENOENT" \
		"../..$1: ENOENT" "${HOME#/}/.ssh/id_test: EACCES" || return 1
	# not passed in: nothing to send through
	eq_lines "$("$PE" fd-receive 9 tmp -- "${EB[@]}" "$PE" fd-send 9 /)" EBADF none
}

test_escape_descriptor_sent_out_gives_only_the_sandboxs_view() {
	local f rc
	esc_ssh_setup || return 1
	f=$(mktemp /tmp/nb-escape.XXXXXX) || return 1
	echo host > "$f"
	# control: from outside's own root, the host file is there
	eq "$("$PE" fd-receive 9 "${f#/}" -- sh -c "exec $PE fd-send 9 /")" "${f#/}: host"
	rc=$?
	[ $rc = 0 ] && in_both esc_fd_out "$f"
	rc=$?
	rm -f "$f"
	return $rc
}
