# Escape battery: processes outside (signals, ptrace) and a fork bomb.

esc_signal_ptrace() { # PID (outside)
	# not in the sandbox's pid namespace: there is no such process
	eq "$("${EB[@]}" "$PE" kill "$1")" ESRCH &&
		eq "$("${EB[@]}" "$PE" kill -1)" ESRCH || return 1
	# ptrace is refused by the filter; allowed (allow-debuggers), it
	# still finds nothing outside
	eq "$("${EB[@]}" "$PE" ptrace "$1")" EPERM &&
		eq "$("${EB[@]}" --allow-debuggers "$PE" ptrace "$1")" ESRCH || return 1
	kill -0 "$1" || { echo "process $1 outside was killed"; return 1; }
}

# PID has exec'd NAME (until then it is a copy of this shell).
esc_execd() { # PID NAME
	local i
	for i in $(seq 1 100); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.02
	done
	echo "process $1 never became $2"
	return 1
}

test_escape_process_outside_is_neither_signalled_nor_traced() {
	local victim control rc
	sleep 1000 &
	victim=$!
	sleep 1000 &
	control=$!
	esc_execd $victim sleep && esc_execd $control sleep ||
		{ kill $victim $control; wait $victim $control; return 1; } 2>/dev/null
	# control: outside, the probe can attach to one and kill the other
	eq "$("$PE" ptrace $victim)" OK && eq "$("$PE" kill $control)" OK &&
		wait_gone $control && in_both esc_signal_ptrace $victim
	rc=$?
	kill $victim $control 2>/dev/null
	wait $victim $control 2>/dev/null
	return $rc
}

esc_fork_bomb() {
	local out rc
	# a safety net only: the bomb must end on its own, not at the timeout
	out=$("${EB[@]}" --rlimit-nproc=20 --timeout=00:02:00 "$PE" fork-bomb)
	rc=$?
	eq "$rc" 0 && eq "$out" EAGAIN || return 1
	# the sandbox ended with the bomb's first process: none is left
	for _ in $(seq 1 100); do
		[ -z "$(live_pids '^probe-escape$')" ] && break
		sleep 0.05
	done
	none_left "fork bomb" '^probe-escape$'
}

test_escape_fork_bomb_is_stopped_and_cleaned_up() {
	in_both esc_fork_bomb
}
