#!/bin/bash
# `make soak`: nestbox under sustained load (issue #7), then bwrap doing the
# same job for comparison.  Not part of `make check`.
#
#   sudo make soak [SOAK_MINUTES=10] [SOAK_WORKERS=8] [SOAK_USER=NAME]
#   sudo bash tests/soak.sh BIN SOAK_LAUNCH
#
# As an unprivileged user with a subordinate range (SOAK_USER, default
# nestbox-soak, created if needed), for SOAK_MINUTES:
#   - SOAK_WORKERS workers launch short sandboxes in a loop: a profile of
#     SOAK_ENTRIES (200) whitelist entries, real directories of the user's
#     home, running `sh -c 'echo ok-TOKEN'`; one launch in SOAK_PASTA_EVERY
#     (4) with pasta, one in SOAK_DBUS_EVERY (8) with its session bus
#     filtered by xdg-dbus-proxy, the others with --net=none;
#   - SOAK_LONG (3) long-lived named sandboxes running `sleep`, each shut
#     down with --shutdown at a random time and replaced.
# Then SOAK_COMPARE_SECONDS (default 60, at most the soak's length) of the
# same workers with nestbox --net=none only, and as long with bwrap
# (--unshare-all, the same read-only root, a tmpfs home and the same 200
# directories bound), for a like-for-like table.
#
# It fails (exit 1) when a launch neither succeeds with exactly its own
# "ok-TOKEN" nor fails with exit 125 and a "nestbox: ..." message; when a
# long-lived sandbox does not start, stop, or keep its descriptor count;
# when nestbox's peak RSS in the last minute is above the first minute's by
# more than the tolerance; or when anything is left: a process of the user,
# a registry entry, a mount.  Each launch is bounded by soak-launch's
# timeout (SOAK_LAUNCH_TIMEOUT, 30 s), and the whole run by SOAK_MINUTES
# plus the comparison plus a fixed drain time.
set -u
BIN=${1:-build/nestbox}
SOAK_LAUNCH_BIN=${2:-build/soak-launch}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MINUTES=${SOAK_MINUTES:-10}
WORKERS=${SOAK_WORKERS:-8}
USER_NAME=${SOAK_USER:-nestbox-soak}
ENTRIES=${SOAK_ENTRIES:-200}
LAUNCH_TIMEOUT=${SOAK_LAUNCH_TIMEOUT:-30}
SOAK_S=$(awk -v m="$MINUTES" 'BEGIN { s = int(m * 60); print (s < 10 ? 10 : s) }')
COMPARE_S=${SOAK_COMPARE_SECONDS:-60}
[ "$COMPARE_S" -gt "$SOAK_S" ] && COMPARE_S=$SOAK_S
# a phase's last launches, and the long-lived sandboxes' shutdowns, after
# the time is up: launch timeout + kill grace + three shutdowns, rounded up
DRAIN_S=$((LAUNCH_TIMEOUT + 5 + 3 * 20 + 10))
# "flat": the last minute's peak at most this far above the first minute's
RSS_TOLERANCE_KB=512
RSS_TOLERANCE_PCT=10
failures=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# --- set-up ---------------------------------------------------------------

# Stage the binaries where the user can run them, the tree the profile
# whitelists in the user's home, the profile and bwrap's arguments.
stage() {
	dir=$(mktemp -d /tmp/nestbox-soak.XXXXXX)
	chmod 755 "$dir"
	cp "$BIN" "$dir/nestbox"
	cp "$SOAK_LAUNCH_BIN" "$dir/soak-launch"
	cp "$ROOT/tests/soak-load.sh" "$dir/"
	chmod 755 "$dir/nestbox" "$dir/soak-launch"
	chmod 644 "$dir/soak-load.sh"
	mkdir "$dir/work"
	chown "$USER_NAME:" "$dir/work"

	home=$(getent passwd "$USER_NAME" | cut -d: -f6)
	uid=$(id -u "$USER_NAME")
	xdg=/run/user/$uid
	tree=$home/.nestbox-soak
	rm -rf "$tree"
	local i p
	mkdir -p "$tree/tree"
	: > "$dir/soak.profile"
	: > "$dir/bwrap.args"
	bwrap_root_args > "$dir/bwrap.args"
	printf '%s\n' --tmpfs "$home" >> "$dir/bwrap.args"
	for i in $(seq 0 $((ENTRIES - 1))); do
		p=$tree/tree/d$(printf '%03d' "$i")
		mkdir "$p"
		echo "whitelist \${HOME}/.nestbox-soak/tree/${p##*/}" >> "$dir/soak.profile"
		printf '%s\n' --bind "$p" "$p" >> "$dir/bwrap.args"
	done
	chown -R "$USER_NAME:" "$tree"
	chmod 644 "$dir/soak.profile" "$dir/bwrap.args"
}

# bwrap over the root nestbox builds (as bench/startup.sh): /usr, /etc
# read-only, the merged-/usr links, proc, dev, tmp; every namespace.
bwrap_root_args() {
	local d
	printf '%s\n' --unshare-all --die-with-parent --new-session \
		--ro-bind /usr /usr --ro-bind /etc /etc
	for d in bin sbin lib lib32 lib64 libx32; do
		if [ -L "/$d" ]; then
			printf '%s\n' --symlink "$(readlink "/$d")" "/$d"
		elif [ -d "/$d" ]; then
			printf '%s\n' --ro-bind "/$d" "/$d"
		fi
	done
	printf '%s\n' --proc /proc --dev /dev --tmpfs /tmp
}

cleanup() {
	[ -n "${dir:-}" ] && rm -rf "$dir"
	[ -n "${tree:-}" ] && rm -rf "$tree"
}

# Run one phase of soak-load.sh as the user, bounded by DRAIN_S past its
# length even if something hangs.
run_phase() { # KIND SECONDS
	local kind=$1 secs=$2
	timeout -k 5 $((secs + DRAIN_S)) \
		runuser -u "$USER_NAME" -- env -i PATH=/usr/bin:/bin \
		HOME="$home" USER="$USER_NAME" LANG=C.UTF-8 XDG_RUNTIME_DIR="$xdg" \
		NESTBOX="$dir/nestbox" SOAK_LAUNCH="$dir/soak-launch" \
		SOAK_PROFILE="$dir/soak.profile" SOAK_BWRAP_ARGS="$dir/bwrap.args" \
		SOAK_WORKERS="$WORKERS" SOAK_PASTA_EVERY="${SOAK_PASTA_EVERY:-4}" SOAK_DBUS_EVERY="${SOAK_DBUS_EVERY:-8}" \
		SOAK_LONG="${SOAK_LONG:-3}" SOAK_LAUNCH_TIMEOUT="$LAUNCH_TIMEOUT" \
		bash "$dir/soak-load.sh" "$kind" "$secs" "$dir/work/$kind"
	local rc=$?
	[ "$rc" = 0 ] || fail "$kind phase: the load exited $rc (124: cut off after $((secs + DRAIN_S)) s)"
}

# --- what must be left: nothing --------------------------------------------

mount_points() {
	awk '{ print $5 }' /proc/self/mountinfo | sort
}

# The user's processes, but not zombies whose parent is the machine's PID
# 1: dead already, waiting for an init that may not reap (a container's
# process_api does not), so not ours to count.
user_processes() {
	ps -u "$uid" -o pid=,ppid=,stat=,args= 2>/dev/null |
		awk '!($3 ~ /^Z/ && $2 == 1)'
}

user_zombies_under_init() {
	ps -u "$uid" -o ppid=,stat=,comm= 2>/dev/null | awk '$2 ~ /^Z/ && $1 == 1 { print $3 }'
}

# Processes that are ending (a sandbox's last ones, killed with its init)
# get a few seconds to go; only what is still there after is a leak.
wait_user_processes_gone() {
	local i
	for i in $(seq 1 50); do
		[ -z "$(user_processes)" ] && return 0
		sleep 0.1
	done
	return 1
}

check_nothing_left() { # WHEN
	local when=$1 left entries m z before=$failures
	wait_user_processes_gone
	left=$(user_processes)
	[ -z "$left" ] || fail "$when: processes of $USER_NAME left: $(printf '%s\n' "$left" | head -10)"
	left=$(ps -u "$uid" -o pid=,stat=,comm= | awk '$2 !~ /^Z/ && $3 ~ /^(pasta|passt|xdg-dbus-proxy)/')
	[ -z "$left" ] || fail "$when: helpers left running: $left"
	entries=$(find "$xdg/nestbox" "/tmp/nestbox-$uid" -mindepth 1 -maxdepth 1 2>/dev/null)
	[ -z "$entries" ] || fail "$when: registry entries left: $entries"
	m=$(comm -13 "$dir/mounts.before" <(mount_points) | grep -E "^($home|$xdg|$dir|/tmp/nestbox)" )
	[ -z "$m" ] || fail "$when: new mounts in the caller's namespace: $m"
	z=$(user_zombies_under_init | sort | uniq -c | awk '{ printf " %s %s", $1, $2 }')
	[ "$failures" = "$before" ] && echo "$when: nothing left (processes, helpers, registry entries, mounts)"
	echo "$when: zombies of $USER_NAME waiting for the machine's init:${z:- none}" \
		"(before the soak: $zombies_before)"
}

# --- figures ----------------------------------------------------------------

# Launch verdicts and rates of a phase: "N ok R refused B bad, X/s".
phase_counts() { # KIND
	local d=$dir/work/$1 elapsed
	elapsed=$(cat "$d/elapsed" 2>/dev/null || echo 0)
	cat "$d"/w*.log 2>/dev/null | awk -v e="$elapsed" '
		{ n[$3]++; all++ }
		END { printf "%d launches (%d ok, %d refused, %d bad) in %.1f s: %.2f launches/s\n",
			all, n["ok"], n["refused"], n["bad"], e, (e > 0 ? all / e : 0) }'
}

# min median max of column COL (RSS 5, wall 6) of MODE's launches started
# in [FROM, TO) seconds; "- - -" when there were none.
stats() { # KIND MODE COL FROM TO
	cat "$dir/work/$1"/w*.log 2>/dev/null |
		awk -v m="$2" -v c="$3" -v a="$4" -v b="$5" '$2 == m && $1 >= a && $1 < b { print $c }' |
		sort -n | awk '{ v[NR] = $1 } END {
			if (NR == 0) { print "- - -"; exit }
			printf "%s %s %s\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
}

rate() { # KIND MODE
	local e
	e=$(cat "$dir/work/$1/elapsed" 2>/dev/null || echo 0)
	cat "$dir/work/$1"/w*.log 2>/dev/null | awk -v m="$2" -v e="$e" \
		'$2 == m { n++ } END { printf "%.2f", (e > 0 ? n / e : 0) }'
}

# The most a peak of F kB may grow and still be "flat".
rss_allowed() { # F
	local pct=$(($1 * RSS_TOLERANCE_PCT / 100))
	echo $(($1 + (pct > RSS_TOLERANCE_KB ? pct : RSS_TOLERANCE_KB)))
}

# The peak RSS of MODE's launches in the last window is "flat" against the
# first: not above the first's maximum by more than the tolerance.
check_rss_flat() { # KIND MODE WINDOW
	local kind=$1 mode=$2 w=$3 first last f l allowed
	first=$(stats "$kind" "$mode" 5 0 "$w")
	last=$(stats "$kind" "$mode" 5 $((SOAK_S - w)) 999999)
	printf '  %-6s first %3ds: %-24s last %3ds: %s\n' "$mode" "$w" "$first" "$w" "$last"
	f=${first##* }
	l=${last##* }
	[ "$f" = - ] || [ "$l" = - ] && return 0
	allowed=$(rss_allowed "$f")
	[ "$l" -le "$allowed" ] ||
		fail "peak RSS of $mode launches grew: last ${w}s max $l kB > first ${w}s max $f kB + tolerance ($allowed kB)"
}

report_soak() {
	local d=$dir/work/soak w
	echo
	echo "== soak: $WORKERS workers, $SOAK_S s, $ENTRIES whitelist entries;" \
		"pasta 1 launch in ${SOAK_PASTA_EVERY:-4}, xdg-dbus-proxy 1 in ${SOAK_DBUS_EVERY:-8}"
	echo "  $(phase_counts soak)"
	echo "  launches/s: --net=none $(rate soak none), pasta $(rate soak pasta), dbus filter $(rate soak dbus)"
	echo "  wall ms (min median max): none $(stats soak none 6 0 999999); pasta $(stats soak pasta 6 0 999999);" \
		"dbus $(stats soak dbus 6 0 999999)"
	w=$((SOAK_S / 3 < 60 ? SOAK_S / 3 : 60))
	echo "peak RSS per launch, kB (min median max), launches started in the first and last ${w} s;"
	echo "  the largest of the launcher, its init and what they reap (pasta, xdg-dbus-proxy):"
	check_rss_flat soak none "$w"
	check_rss_flat soak pasta "$w"
	check_rss_flat soak dbus "$w"
	report_long "$w"
	report_messages "$d"
}

# The long-lived launchers: descriptors at start and before shutdown, RSS.
report_long() { # WINDOW
	local log=$dir/work/soak/long.log w=$1
	[ -s "$log" ] || { [ "${SOAK_LONG:-3}" = 0 ] || fail "no long-lived sandbox was run"; return; }
	echo "long-lived sandboxes (named, shut down at random with --shutdown):"
	awk '{ n++; if ($12 == "yes") ok++; fd[$4 " " $5 "->" $6]++; mode[$4]++
		if (min == "" || $9 < min) min = $9; if ($9 > max) max = $9 }
		END { printf "  %d stopped (%d clean; %d with --net=none, %d with pasta, %d with pasta and xdg-dbus-proxy)\n",
				n, ok, mode["none"], mode["pasta"], mode["pasta+dbus"]
			printf "  launcher descriptors, at start -> before shutdown (times seen):\n"
			for (k in fd) printf "    %s (%d)\n", k, fd[k]
			printf "  launcher VmHWM: %s..%s kB\n", min, max }' "$log"
	local f
	for f in "$dir"/work/soak/long-fds-*; do
		[ -s "$f" ] || continue
		echo "  the descriptors of a launcher with ${f##*long-fds-}: $(sed 's/ -> /->/' "$f" | tr '\n' ' ')"
	done
	local first last
	first=$(awk -v w="$w" '$1 < w { print $9 }' "$log" | sort -n | tail -1)
	last=$(awk -v a="$((SOAK_S - w))" '$1 >= a { print $9 }' "$log" | sort -n | tail -1)
	echo "  launcher VmHWM max, started in the first ${w} s: ${first:--} kB; in the last ${w} s: ${last:--} kB"
	if [ -n "$first" ] && [ -n "$last" ] &&
		[ "$last" -gt "$(rss_allowed "$first")" ]; then
		fail "long-lived launchers' VmHWM grew: $first kB -> $last kB (allowed: $(rss_allowed "$first") kB)"
	fi
	# every launcher holds as many descriptors as every other of its
	# kind (with the proxy, one more: its --fd pipe, which ends it when
	# the launcher goes)
	[ "$(awk '$5 > 0 { print $4, $5 }' "$log" | sort -u | wc -l)" -le \
		"$(awk '{ print $4 }' "$log" | sort -u | wc -l)" ] ||
		fail "long-lived launchers of one kind hold different numbers of descriptors"
}

report_messages() { # DIR
	if [ -s "$1/refused" ]; then
		echo "refused launches (exit 125), by message:"
		sort "$1/refused" | uniq -c | sort -rn | sed 's/^/  /'
	fi
	if [ -s "$1/noise" ]; then
		echo "stderr of successful launches (none expected under --quiet):"
		sort "$1/noise" | uniq -c | sort -rn | head -10 | sed 's/^/  /'
	fi
	if [ -s "$1/bad" ]; then
		fail "$(grep -c '^== ' "$1/bad") launch(es) neither succeeded nor failed cleanly; the first ones:"
		head -40 "$1/bad" | sed 's/^/  /'
	fi
}

report_compare() {
	local k
	echo
	echo "== nestbox against bwrap: $WORKERS workers, $COMPARE_S s each, $ENTRIES entries, sh -c 'echo ok-TOKEN'"
	for k in nestbox-none bwrap; do
		echo "  $k: $(phase_counts "$k")"
		report_messages "$dir/work/$k"
	done
	printf '\n%-28s %12s %16s %10s %10s\n' "" "launches/s" "wall ms median" "RSS kB med" "RSS kB max"
	compare_row "nestbox --net=none" nestbox-none none
	compare_row "bwrap --unshare-all" bwrap bwrap
	compare_row "nestbox soak, --net=none" soak none
	compare_row "nestbox soak, pasta" soak pasta
	compare_row "nestbox soak, dbus filter" soak dbus
	echo "(RSS: the peak of the launcher, its children and what they reap, as wait4() reports it:"
	echo " with pasta or the proxy, theirs; launches/s: of that row's kind alone;"
	echo " the soak's rows share the CPUs with each other and with the long-lived sandboxes)"
}

compare_row() { # LABEL KIND MODE
	local rss wall
	rss=$(stats "$2" "$3" 5 0 999999)
	wall=$(stats "$2" "$3" 6 0 999999)
	set -- "$1" "$(rate "$2" "$3")" "$wall" "$rss"
	# shellcheck disable=SC2086
	printf '%-28s %12s %16s %10s %10s\n' "$1" "$2" "$(echo $3 | cut -d' ' -f2)" \
		"$(echo $4 | cut -d' ' -f2)" "$(echo $4 | cut -d' ' -f3)"
}

# Descriptors inherited from whatever started the soak (a terminal
# multiplexer, a CI runner) would pass down to every launcher and blur its
# count: close all but 0-2 and the one bash reads this script from.
close_inherited_fds() {
	local path fd self
	self=$(readlink -f "$0")
	for path in "/proc/$$/fd"/*; do
		fd=${path##*/}
		[ "$fd" -gt 2 ] || continue
		[ "$(readlink -f "/proc/$$/fd/$fd" 2>/dev/null)" = "$self" ] && continue
		[ "$fd" = 255 ] && continue
		eval "exec $fd>&-"
	done
}

# --- main ---------------------------------------------------------------

if [ "$(id -u)" != 0 ]; then
	echo "soak: run as root (sudo make soak): it runs the load as an unprivileged user it sets up"
	exit 2
fi
close_inherited_fds
. "$ROOT/tests/users.sh"
ensure_user "$USER_NAME" yes >/dev/null || { echo "soak: could not set up user $USER_NAME"; exit 1; }
stage
trap cleanup EXIT
cd /tmp || exit 1
mount_points > "$dir/mounts.before"
zombies_before=$(user_zombies_under_init | wc -l)
left=$(user_processes)
[ -z "$left" ] && [ -z "$(find "$xdg/nestbox" -mindepth 1 -maxdepth 1 2>/dev/null)" ] ||
	{ echo "soak: $USER_NAME already runs processes or sandboxes; stop them first:"; echo "$left"; exit 1; }

echo "soak: $(uname -r), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ), as $USER_NAME;" \
	"nestbox $SOAK_S s, then nestbox --net=none and bwrap $COMPARE_S s each"
run_phase soak "$SOAK_S"
check_nothing_left "after the soak"
run_phase nestbox-none "$COMPARE_S"
if command -v bwrap >/dev/null; then
	run_phase bwrap "$COMPARE_S"
else
	fail "bwrap is not installed (make deps installs it)"
fi
check_nothing_left "at the end"
report_soak
report_compare
echo
if [ "$failures" = 0 ]; then
	echo "soak: passed"
else
	# the per-launch logs, for whoever looks into the failure
	logs=$(mktemp -d /tmp/nestbox-soak-logs.XXXXXX)
	cp -r "$dir/work/." "$logs/"
	echo "soak: $failures failure(s); the launch logs are in $logs"
fi
[ "$failures" = 0 ]
