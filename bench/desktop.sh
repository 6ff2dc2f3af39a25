#!/bin/sh
# make bench: what the desktop components cost at launch.  The same small
# profile, alternated in one run, as an unprivileged user with a session
# bus of its own: nestbox with net none, with pasta, with dbus-user
# filter (xdg-dbus-proxy), and with both; firejail with the same profile
# (it shares the host's network) and with dbus-user filter.  The display
# (issue #19): an Xvfb of the run's own that requires a cookie, passed in
# with the caller's cookie (the default) against x11 xorg's untrusted one
# (asked of the server at each launch, revoked at its end).
set -u
BIN=${1:-build/nestbox}
RUNS=${BENCH_RUNS:-50}
USER_SUB=${BENCH_USER:-nestbox-test}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

bench_stage "$BIN"
printf 'hostname bench\n' > "$dir/plain.profile"
printf 'hostname bench\ndbus-user filter\ndbus-user.talk org.freedesktop.Notifications\n' \
	> "$dir/dbus.profile"
printf 'hostname bench\nx11 xorg\n' > "$dir/xorg.profile"
chmod 644 "$dir"/*.profile

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
echo "desktop components, $runs runs each, alternated; $(uname -r), $(nproc) CPUs"
$d/bench-startup "$runs" \
  nestbox-net-none $d/nestbox --quiet --profile=$d/plain.profile --net=none /bin/true \
  :: nestbox-pasta $d/nestbox --quiet --profile=$d/plain.profile /bin/true \
  :: nestbox-dbus-filter $d/nestbox --quiet --profile=$d/dbus.profile --net=none /bin/true \
  :: nestbox-pasta+dbus $d/nestbox --quiet --profile=$d/dbus.profile /bin/true \
  :: nestbox-x11-cookie $x $d/nestbox --quiet --profile=$d/plain.profile --net=none /bin/true \
  :: nestbox-x11-xorg $x $d/nestbox --quiet --profile=$d/xorg.profile --net=none /bin/true \
  :: firejail firejail --quiet --profile=$d/plain.profile /bin/true \
  :: firejail-dbus-filter firejail --quiet --profile=$d/dbus.profile /bin/true
rc=$?
kill $xvfb; rm -f "$xa"
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
