#!/bin/sh
# make bench: what the desktop components cost at launch.  The same small
# profile, alternated in one run, as an unprivileged user with a session
# bus of its own: nestbox with net none, with pasta, with dbus-user
# filter (xdg-dbus-proxy), and with both; firejail with the same profile
# (it shares the host's network) and with dbus-user filter.
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
echo "desktop components, $runs runs each, alternated; $(uname -r), $(nproc) CPUs"
$d/bench-startup "$runs" \
  nestbox-net-none $d/nestbox --quiet --profile=$d/plain.profile --net=none /bin/true \
  :: nestbox-pasta $d/nestbox --quiet --profile=$d/plain.profile /bin/true \
  :: nestbox-dbus-filter $d/nestbox --quiet --profile=$d/dbus.profile --net=none /bin/true \
  :: nestbox-pasta+dbus $d/nestbox --quiet --profile=$d/dbus.profile /bin/true \
  :: firejail firejail --quiet --profile=$d/plain.profile /bin/true \
  :: firejail-dbus-filter firejail --quiet --profile=$d/dbus.profile /bin/true
rc=$?
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
