#!/bin/bash
# The load of `make soak`, run by tests/soak.sh as the unprivileged soak
# user: one phase, then exit.
#
#   soak-load.sh KIND SECONDS OUT
#
# KIND is what the workers launch:
#   soak          nestbox under the 200-entry profile, --net=none; with
#                 pasta (the default under a profile) every SOAK_PASTA_EVERY
#                 launches, and with the session bus filtered by
#                 xdg-dbus-proxy every SOAK_DBUS_EVERY (a dbus-daemon of the
#                 phase's own); plus SOAK_LONG named, long-lived sandboxes
#                 (--net=none, pasta, pasta and the proxy in turn) shut down
#                 at random with --shutdown
#   nestbox-none  nestbox under the same profile, always --net=none
#   bwrap         bwrap doing the same job (tests/soak.sh builds its args)
#
# SOAK_WORKERS workers loop until SECONDS have passed; each launch runs
# `sh -c 'echo ok-$1' sh TOKEN`, TOKEN unique to the launch, and is judged
# at once.  OUT/wN.log gets one line per launch:
#
#   T KIND VERDICT STATUS RSS_KB WALL_MS TOKEN
#
# T: seconds since the phase began, when the launch started; VERDICT: ok,
# refused (exit 125 with "nestbox: ..." on stderr and no output: a clear
# error) or bad (anything else: the details go to OUT/bad).  The messages of
# refused launches go to OUT/refused, the stderr of successful ones (there
# should be none under --quiet) to OUT/noise.  The long-lived sandboxes log
# to OUT/long.log (see keep_long_lived).
#
# Environment (from tests/soak.sh): NESTBOX, SOAK_LAUNCH (soak-launch),
# SOAK_PROFILE, SOAK_BWRAP_ARGS (a file, one argument a line), SOAK_WORKERS,
# SOAK_PASTA_EVERY, SOAK_LONG, SOAK_LAUNCH_TIMEOUT.
set -u
KIND=$1
SECONDS_WANTED=$2
OUT=$3
NB=${NESTBOX:?}
LAUNCH=${SOAK_LAUNCH:?}
PROFILE=${SOAK_PROFILE:?}
WORKERS=${SOAK_WORKERS:-8}
PASTA_EVERY=${SOAK_PASTA_EVERY:-4}
DBUS_EVERY=${SOAK_DBUS_EVERY:-8}
LONG=${SOAK_LONG:-3}
LAUNCH_TIMEOUT=${SOAK_LAUNCH_TIMEOUT:-30}
REG=/tmp/nestbox-$(id -u)
[ -n "${XDG_RUNTIME_DIR:-}" ] && REG=$XDG_RUNTIME_DIR/nestbox

now_us() { echo "${EPOCHREALTIME/./}"; }
T0=$(now_us)
END=$((T0 + SECONDS_WANTED * 1000000))

# seconds since the phase began, to 0.1 s
since_start() {
	local d=$(($(now_us) - T0))
	echo "$((d / 1000000)).$(((d / 100000) % 10))"
}

# The command of one launch, into the array CMD.
build_command() { # MODE TOKEN
	local mode=$1 token=$2
	case $mode in
	none) CMD=("$NB" --quiet --net=none --profile="$PROFILE") ;;
	pasta) CMD=("$NB" --quiet --profile="$PROFILE") ;;
	dbus) CMD=("$NB" --quiet --net=none --profile="$PROFILE" "${DBUS_FILTER[@]}") ;;
	bwrap) mapfile -t CMD < "$SOAK_BWRAP_ARGS" && CMD=(bwrap "${CMD[@]}") ;;
	esac
	# with the filter, "ok" only when the proxy's socket is there: a
	# launch that quietly ran without it would fail
	if [ "$mode" = dbus ]; then
		CMD+=(sh -c 'test -S "${DBUS_SESSION_BUS_ADDRESS#unix:path=}" && echo ok-$1' sh "$token")
	else
		CMD+=(sh -c 'echo ok-$1' sh "$token")
	fi
}

# A refused launch's message with its numbers blurred, so that the same
# failure counts once however many times it happened.
normalize_message() {
	head -1 | sed -E 's/[0-9]+/N/g; s/[0-9a-f]{8}-[0-9a-f-]{27}/UUID/g'
}

# Launch once and judge it; append the verdict to the worker's log.
launch_once() { # WORKER MODE TOKEN
	local w=$1 mode=$2 token=$3 t status rss wall verdict out err
	local res=$OUT/w$w.res o=$OUT/w$w.out e=$OUT/w$w.err
	build_command "$mode" "$token"
	t=$(since_start)
	"$LAUNCH" "$res" "$LAUNCH_TIMEOUT" "${CMD[@]}" > "$o" 2> "$e"
	read -r status rss wall < "$res" || status=noresult
	out=$(< "$o")
	err=$(< "$e")
	if [ "$status" = 0 ] && [ "$out" = "ok-$token" ]; then
		verdict=ok
		[ -n "$err" ] && printf '%s\n' "$err" | normalize_message >> "$OUT/noise"
	elif [ "$status" = 125 ] && [ -z "$out" ] && [ -n "$err" ] &&
		! printf '%s\n' "$err" | grep -qv '^nestbox: '; then
		verdict=refused
		printf '%s\n' "$err" | normalize_message >> "$OUT/refused"
	else
		verdict=bad
		{
			echo "== $mode launch $token: status $status (expected 0 and \"ok-$token\")"
			echo "-- stdout:"
			printf '%s\n' "$out" | head -5
			echo "-- stderr:"
			printf '%s\n' "$err" | head -5
		} >> "$OUT/bad"
	fi
	echo "$t $mode $verdict $status ${rss:-0} ${wall:-0} $token" >> "$OUT/w$w.log"
}

worker() { # ID
	local id=$1 n=0 mode
	while [ "$(now_us)" -lt "$END" ]; do
		n=$((n + 1))
		case $KIND in
		soak)
			mode=none
			# staggered by worker, so pasta and proxy launches are
			# spread out
			if [ $(((n + id) % PASTA_EVERY)) = 0 ]; then
				mode=pasta
			elif [ $(((n + id + 1) % DBUS_EVERY)) = 0 ]; then
				mode=dbus
			fi
			;;
		nestbox-none) mode=none ;;
		bwrap) mode=bwrap ;;
		esac
		launch_once "$id" "$mode" "w$id-$n"
	done
}

# --- long-lived sandboxes -------------------------------------------------

# The registry entry of the running sandbox NAME, once its init is known.
entry_of() { # NAME
	local f
	f=$(grep -lx "name $1" "$REG"/*/info 2>/dev/null | head -1)
	[ -n "$f" ] && grep -q '^pid [1-9]' "$f" && dirname "$f"
}

fd_count() { # PID
	find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l
}

status_field() { # PID FIELD: in kB
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null
}

# Children of PID that are zombies: a helper (pasta, xdg-dbus-proxy) the
# launcher failed to reap while it still runs.
zombie_children() { # PID
	ps -o pid=,stat=,comm= --ppid "$1" 2>/dev/null | awk '$2 ~ /^Z/ { print $3 "(" $1 ")" }'
}

# PID runs: it exists and is not a zombie (state Z: exited, waiting for
# its parent, or the machine's init, to reap it).
alive() { # PID
	kill -0 "$1" 2>/dev/null || return 1
	case $(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) in
	Z | "") return 1 ;;
	esac
}

# Poll until PID is no longer running (bash reaps its background jobs when
# they exit), at most SECONDS; a zombie counts as gone.
wait_exit() { # PID SECONDS
	for _ in $(seq 1 $(($2 * 20))); do
		alive "$1" || return 0
		sleep 0.05
	done
	return 1
}

long_bad() { # NAME TEXT
	echo "== long-lived $1: $2" >> "$OUT/bad"
	LONG_OK=no
}

# Slot S: start sandbox soak-K (--net=none, pasta, pasta and the D-Bus
# proxy in turn) and wait until its program runs; record the launcher's
# descriptors and memory.
start_long() { # SLOT K
	local s=$1 k=$2 name=soak-$2 mode entry=""
	local args=("$NB" --quiet --name="$name" --profile="$PROFILE")
	case $((k % 3)) in
	1) mode=none && args+=(--net=none) ;;
	2) mode=pasta ;;
	0) mode=pasta+dbus && args+=("${DBUS_FILTER[@]}") ;;
	esac
	"${args[@]}" sh -c 'echo started-$1; exec sleep 3600' sh "$name" \
		> "$OUT/long-$k.out" 2> "$OUT/long-$k.err" < /dev/null &
	L_PID[$s]=$!
	L_NAME[$s]=$name
	L_MODE[$s]=$mode
	L_T0[$s]=$(since_start)
	for _ in $(seq 1 $((LAUNCH_TIMEOUT * 20))); do
		entry=$(entry_of "$name") && [ "$(< "$OUT/long-$k.out")" = "started-$name" ] && break
		entry=""
		kill -0 "${L_PID[$s]}" 2>/dev/null || break
		sleep 0.05
	done
	L_ENTRY[$s]=$entry
	L_INIT[$s]=$(sed -n 's/^pid //p' "$entry/info" 2>/dev/null)
	L_FD0[$s]=$(fd_count "${L_PID[$s]}")
	L_RSS0[$s]=$(status_field "${L_PID[$s]}" VmRSS)
	# shut down at random, 2 to 20 s from now
	L_DUE[$s]=$(($(now_us) + (2 + RANDOM % 19) * 1000000))
}

# Check slot S's launcher, shut its sandbox down, check that all of it
# ended; one line to OUT/long.log:
#   T0 T1 NAME MODE FD_START FD_END RSS_START RSS_END HWM SHUTDOWN_RC STATUS VERDICT
stop_long() { # SLOT
	local s=$1
	local name=${L_NAME[$s]} pid=${L_PID[$s]} fd1 rss1 hwm rc status zombies
	LONG_OK=yes
	[ -n "${L_ENTRY[$s]}" ] || long_bad "$name" "did not start within ${LAUNCH_TIMEOUT}s: $(head -c 300 "$OUT/long-${name#soak-}.err")"
	fd1=$(fd_count "$pid")
	rss1=$(status_field "$pid" VmRSS)
	hwm=$(status_field "$pid" VmHWM)
	# what the descriptors are, once per kind, for the report
	[ -s "$OUT/long-fds-${L_MODE[$s]}" ] || ls -l "/proc/$pid/fd" 2>/dev/null |
		awk 'NR > 1 { print $(NF - 2), $(NF - 1), $NF }' > "$OUT/long-fds-${L_MODE[$s]}"
	zombies=$(zombie_children "$pid")
	[ -z "$zombies" ] || long_bad "$name" "zombie children of the live launcher: $zombies"
	timeout -k 5 "$((LAUNCH_TIMEOUT))" "$NB" --quiet --shutdown="$name" > "$OUT/shutdown.out" 2>&1
	rc=$?
	[ "$rc" = 0 ] || long_bad "$name" "--shutdown exited $rc: $(head -c 300 "$OUT/shutdown.out")"
	if wait_exit "$pid" 15; then
		wait "$pid"
		status=$?
	else
		long_bad "$name" "launcher $pid still running 15 s after --shutdown"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid"
		status=killed
	fi
	# the program (sleep) got the SIGTERM: the launcher reports it as 128+15
	[ "$status" = 143 ] || long_bad "$name" "launcher exited $status, expected 143 (its program's SIGTERM)"
	[ -z "${L_INIT[$s]}" ] || ! alive "${L_INIT[$s]}" ||
		long_bad "$name" "init ${L_INIT[$s]} still running after --shutdown"
	[ -z "${L_ENTRY[$s]}" ] || [ ! -e "${L_ENTRY[$s]}" ] ||
		long_bad "$name" "registry entry ${L_ENTRY[$s]} left after --shutdown"
	[ "$(< "$OUT/long-${name#soak-}.out")" = "started-$name" ] ||
		long_bad "$name" "output: $(head -c 200 "$OUT/long-${name#soak-}.out")"
	[ "${L_FD0[$s]}" = "$fd1" ] || long_bad "$name" "launcher descriptors ${L_FD0[$s]} at start, $fd1 before shutdown"
	echo "${L_T0[$s]} $(since_start) $name ${L_MODE[$s]} ${L_FD0[$s]:-0} ${fd1:-0}" \
		"${L_RSS0[$s]:-0} ${rss1:-0} ${hwm:-0} $rc $status $LONG_OK" >> "$OUT/long.log"
	[ "$LONG_OK" = yes ] && rm -f "$OUT/long-${name#soak-}".*
	L_PID[$s]=""
}

# SOAK_LONG named sandboxes, each running `sleep` until shut down at a
# random time; a new one takes the place of each one stopped.
keep_long_lived() {
	local k=0 s
	L_PID=()
	while [ "$(now_us)" -lt "$END" ]; do
		for s in $(seq 1 "$LONG"); do
			if [ -z "${L_PID[$s]:-}" ]; then
				k=$((k + 1))
				start_long "$s" "$k"
			elif [ "$(now_us)" -ge "${L_DUE[$s]}" ]; then
				stop_long "$s"
			fi
		done
		sleep 0.2
	done
	for s in $(seq 1 "$LONG"); do
		[ -n "${L_PID[$s]:-}" ] && stop_long "$s"
	done
}

# A session bus, for the launches whose bus is filtered by xdg-dbus-proxy:
# nestbox filters the one at /run/user/UID/bus.  When the user has none,
# one of the phase's own, stopped at the end (the leak checks would see it).
BUS=/run/user/$(id -u)/bus
start_session_bus() {
	local bus=$BUS
	[ -S "$bus" ] && return 0
	dbus-daemon --session --address="unix:path=$bus" --nofork --nopidfile > /dev/null 2>&1 &
	BUS_PID=$!
	for _ in $(seq 1 100); do
		[ -S "$bus" ] && break
		sleep 0.05
	done
	export DBUS_SESSION_BUS_ADDRESS=unix:path=$bus
}

DBUS_FILTER=(--dbus-user=filter --dbus-user.talk=org.freedesktop.Notifications)
BUS_PID=""

mkdir -p "$OUT"
[ "$KIND" = soak ] && start_session_bus
pids=()
for w in $(seq 1 "$WORKERS"); do
	worker "$w" &
	pids+=($!)
done
[ "$KIND" = soak ] && [ "$LONG" -gt 0 ] && { keep_long_lived & pids+=($!); }
wait "${pids[@]}"
[ -n "$BUS_PID" ] && kill "$BUS_PID" && wait "$BUS_PID"; [ -n "$BUS_PID" ] && rm -f "$BUS"
echo "$(since_start)" > "$OUT/elapsed"
