#!/bin/sh
# make bench, CLI programs (issue #17): a short command-line job bare,
# under nestbox with the profile its lookup finds (firejail's
# default.profile where nestbox has none of its name: pasta's network),
# and with --net=none; alternated in one run (bench-startup), BENCH_RUNS
# runs each (default 50), as an unprivileged user (run as root:
# BENCH_USER, default nestbox-test).  The launch cost is each nestbox
# median minus the bare one.  BENCH_CLI_OLD=BINARY adds the same two
# launches with another nestbox, for an A/B of a change.
set -u
RUNS=${BENCH_RUNS:-50}

if [ "${1:-}" != --as-user ]; then
	BIN=${1:-build/nestbox}
	USER_=${BENCH_USER:-nestbox-test}
	ROOT=$(cd "$(dirname "$0")/.." && pwd)
	. "$ROOT/bench/lib.sh"

	bench_stage "$BIN"
	trap 'exit 130' INT TERM HUP
	cp "$ROOT/bench/cli.sh" "$dir/"
	# as old/nestbox: under another name it would start as a program's
	# link (argv[0] dispatch, --integrate)
	[ -n "${BENCH_CLI_OLD:-}" ] && mkdir "$dir/old" &&
		cp "$BENCH_CLI_OLD" "$dir/old/nestbox"
	chmod -R a+rX "$dir"
	if [ "$(id -u)" = 0 ]; then
		. "$ROOT/tests/users.sh"
		ensure_user "$USER_" yes >/dev/null || exit 1
		cd /tmp || exit 1
		runuser -u "$USER_" -- env -i PATH=/usr/bin:/bin \
			HOME="$(getent passwd "$USER_" | cut -d: -f6)" \
			XDG_RUNTIME_DIR="/run/user/$(id -u "$USER_")" \
			BENCH_RUNS="$RUNS" sh "$dir/cli.sh" --as-user "$dir"
	else
		sh "$dir/cli.sh" --as-user "$dir"
	fi
	exit $?
fi

dir=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
command -v convert > /dev/null || { echo "cli: skipped: no convert (imagemagick)"; exit 0; }
set -- convert -size 64x64 xc:red "$out/x.png"
profile=$("$dir/nestbox" --debug --dry-run "$@" 2>&1 >/dev/null |
	sed -n 's/.*debug: \[.*\] profile \(.*\) chosen.*/\1/p')
echo "CLI launch: $* (profile ${profile:-?}), $RUNS runs each, alternated"
if [ -x "$dir/old/nestbox" ]; then
	results=$("$dir/bench-startup" "$RUNS" bare "$@" \
		:: nestbox "$dir/nestbox" --quiet "$@" \
		:: old "$dir/old/nestbox" --quiet "$@" \
		:: net-none "$dir/nestbox" --quiet --net=none "$@" \
		:: old-net-none "$dir/old/nestbox" --quiet --net=none "$@")
else
	results=$("$dir/bench-startup" "$RUNS" bare "$@" \
		:: nestbox "$dir/nestbox" --quiet "$@" \
		:: net-none "$dir/nestbox" --quiet --net=none "$@")
fi
printf '%s\n' "$results" | sed 's/^/  /'
printf '%s\n' "$results" | awk '$2 == "median" { m[$1] = $3 }
	END { for (k in m) if (k != "bare") printf "  launch cost %-13s %7.2f ms\n", k, m[k] - m["bare"] }' | sort
