#!/bin/sh
# make bench: what the desktop components cost at launch.  The same small
# profile, alternated in one run, as an unprivileged user with a session
# bus of its own: nestbox with the bus as it is (dbus-user allow) and net
# none, with pasta, with the default filter of a profile that has no
# dbus-user line (xdg-dbus-proxy with nestbox-dbus-user.inc, issue #19),
# with a one-name dbus-user filter, and with pasta and that filter;
# firejail with the same profile (it shares the host's network) and with
# dbus-user filter.  Then the default filter's cost: its median less
# dbus-user allow's (goal: under 5 ms).  The display (issue #19): an Xvfb
# of the run's own that requires a cookie, passed in with the caller's
# cookie against x11 xorg's untrusted one (asked of the server at each
# launch, revoked at its end), both under the default filter.
# BENCH_DESKTOP_OLD=BINARY adds dbus-user allow and the default filter
# with another nestbox (staged as old/nestbox: another basename would be
# taken for a program's name), for an A/B of a change in the same run.
set -u
BIN=${1:-build/nestbox}
RUNS=${BENCH_RUNS:-50}
USER_SUB=${BENCH_USER:-nestbox-test}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

bench_stage "$BIN"
# the default filter's allowlist, found as an include is
mkdir -p "$dir/profiles"
cp "$ROOT/profiles/nestbox-dbus-user.inc" "$dir/profiles/"
# no dbus-user line: nestbox's default filter (firejail: the bus as it is)
printf 'hostname bench\n' > "$dir/plain.profile"
printf 'hostname bench\ndbus-user allow\n' > "$dir/allow.profile"
printf 'hostname bench\ndbus-user filter\ndbus-user.talk org.freedesktop.Notifications\n' \
	> "$dir/dbus.profile"
printf 'hostname bench\nx11 xorg\n' > "$dir/xorg.profile"
chmod 644 "$dir"/*.profile "$dir"/profiles/*
chmod 755 "$dir/profiles"
if [ -n "${BENCH_DESKTOP_OLD:-}" ]; then
	mkdir -p "$dir/old"
	cp "$BENCH_DESKTOP_OLD" "$dir/old/nestbox" || exit 1
	chmod -R a+rX "$dir/old"
fi

script='
set -u
d=$1 runs=$2
bus=$XDG_RUNTIME_DIR/bus
started=
if [ ! -S "$bus" ]; then
	dbus-daemon --session --address="unix:path=$bus" --nofork --nopidfile >/dev/null 2>&1 &
	started=$!
	for i in $(seq 1 100); do [ -S "$bus" ] && break; sleep 0.05; done
fi
export DBUS_SESSION_BUS_ADDRESS=unix:path=$bus
# a display of the run'"'"'s own, with a cookie
n=$((700 + $$ % 200))
while [ -e /tmp/.X$n-lock ] || [ -e /tmp/.X11-unix/X$n ]; do n=$((n + 1)); done
xa=$XDG_RUNTIME_DIR/nestbox-bench-Xauthority
rm -f "$xa"
xauth -q -f "$xa" add ":$n" . "$(mcookie)" 2>/dev/null
Xvfb ":$n" -nolisten tcp -noreset -auth "$xa" >/dev/null 2>&1 &
xvfb=$!
# only the two x11 lines see it (env on both sides)
x="/usr/bin/env DISPLAY=:$n XAUTHORITY=$xa"
for i in $(seq 1 100); do $x xdpyinfo >/dev/null 2>&1 && break; sleep 0.05; done
$x xdpyinfo >/dev/null 2>&1 || { echo "Xvfb :$n did not start"; kill $xvfb; exit 1; }
export NESTBOX_PROFILE_DIR=$d/profiles
out=$(mktemp)
echo "desktop components, $runs runs each, alternated; $(uname -r), $(nproc) CPUs"
set --
[ -x "$d/old/nestbox" ] && set -- \
  old-dbus-allow $d/old/nestbox --quiet --profile=$d/allow.profile --net=none /bin/true \
  :: old-dbus-default $d/old/nestbox --quiet --profile=$d/plain.profile --net=none /bin/true ::
$d/bench-startup "$runs" "$@" \
  nestbox-dbus-allow $d/nestbox --quiet --profile=$d/allow.profile --net=none /bin/true \
  :: nestbox-pasta $d/nestbox --quiet --profile=$d/allow.profile /bin/true \
  :: nestbox-dbus-default $d/nestbox --quiet --profile=$d/plain.profile --net=none /bin/true \
  :: nestbox-dbus-filter $d/nestbox --quiet --profile=$d/dbus.profile --net=none /bin/true \
  :: nestbox-pasta+dbus $d/nestbox --quiet --profile=$d/dbus.profile /bin/true \
  :: nestbox-x11-cookie $x $d/nestbox --quiet --profile=$d/plain.profile --net=none /bin/true \
  :: nestbox-x11-xorg $x $d/nestbox --quiet --profile=$d/xorg.profile --net=none /bin/true \
  :: firejail firejail --quiet --profile=$d/plain.profile /bin/true \
  :: firejail-dbus-filter firejail --quiet --profile=$d/dbus.profile /bin/true \
  > "$out"
rc=$?
kill $xvfb; rm -f "$xa"
cat "$out"
# the default filter against the bus as it is, both with net none: wall
# and CPU (all processes of a launch; on 2 CPUs under load, CPU is wall)
awk '\''function cpu(   i) { for (i = 4; i < NF; i++) if ($i == "cpu") return $(i + 1); return "" }
     $2 == "median" { m[$1] = $3; c[$1] = cpu() }
     function cost(base, filt, what) {
             if (m[base] != "" && m[filt] != "")
                     printf "%s: %+.2f ms over dbus-user allow, CPU %+.2f ms (goal: under 5 ms)\n",
                            what, m[filt] - m[base], c[filt] - c[base] }
     END { cost("nestbox-dbus-allow", "nestbox-dbus-default", "default filter")
           cost("old-dbus-allow", "old-dbus-default", "old binary: default filter")
           if (m["nestbox-x11-cookie"] != "" && m["nestbox-x11-xorg"] != "")
                   printf "x11 xorg: %+.2f ms over the full cookie (goal: under 5 ms)\n",
                          m["nestbox-x11-xorg"] - m["nestbox-x11-cookie"] }'\'' "$out"
rm -f "$out"
[ -n "$started" ] && { kill $started; rm -f "$bus"; }
exit $rc
'
if [ "$(id -u)" = 0 ]; then
	. "$ROOT/tests/users.sh"
	ensure_user "$USER_SUB" yes >/dev/null || exit 1
	cd /tmp
	runuser -u "$USER_SUB" -- env -i PATH=/usr/bin:/bin \
		HOME="$(getent passwd "$USER_SUB" | cut -d: -f6)" \
		XDG_RUNTIME_DIR="/run/user/$(id -u "$USER_SUB")" \
		sh -c "$script" sh "$dir" "$RUNS"
else
	sh -c "$script" sh "$dir" "$RUNS"
fi
