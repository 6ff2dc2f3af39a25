#!/bin/sh
# make bench: startup of `nestbox --noprofile /bin/true` against bwrap with a
# comparable root, firejail --noprofile and plain /bin/true, alternated in
# one run, as an unprivileged user (BENCH_RUNS runs each, default 50).
# Run as root, the user is BENCH_USER (default nestbox-test, with a
# subordinate range) and BENCH_NOSUB_USER (default nestbox-nosub, without).
set -u
BIN=${1:-build/nestbox}
RUNS=${BENCH_RUNS:-50}
USER_SUB=${BENCH_USER:-nestbox-test}
USER_NOSUB=${BENCH_NOSUB_USER:-nestbox-nosub}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"

# bwrap over the same root nestbox builds: /usr and /etc read-only, the
# merged-/usr links (or directories) as the host has them, proc, dev, tmp.
bwrap_args="--unshare-all --die-with-parent --new-session --ro-bind /usr /usr --ro-bind /etc /etc"
for d in bin sbin lib lib32 lib64 libx32; do
	if [ -L "/$d" ]; then
		bwrap_args="$bwrap_args --symlink $(readlink "/$d") /$d"
	elif [ -d "/$d" ]; then
		bwrap_args="$bwrap_args --ro-bind /$d /$d"
	fi
done
bwrap_args="$bwrap_args --proc /proc --dev /dev --tmpfs /tmp"

bench_stage "$BIN"

echo "startup, $RUNS runs each, alternated; $(uname -r), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
cmd="$dir/bench-startup $RUNS \
 nestbox $dir/nestbox --quiet --noprofile /bin/true \
 :: bwrap bwrap $bwrap_args /bin/true \
 :: firejail firejail --quiet --noprofile /bin/true \
 :: /bin/true /bin/true"

# as_user NAME CMD...: CMD as NAME, with the environment of a fresh session
as_user() {
	name=$1
	shift
	runuser -u "$name" -- env -i PATH=/usr/bin:/bin \
		HOME="$(getent passwd "$name" | cut -d: -f6)" \
		XDG_RUNTIME_DIR="/run/user/$(id -u "$name")" "$@"
}

if [ "$(id -u)" = 0 ]; then
	. "$ROOT/tests/users.sh"
	ensure_user "$USER_SUB" yes >/dev/null || exit 1
	# the same launch for a user without a subordinate range: no
	# newuidmap/newgidmap, which shows what the two setuid helpers cost
	ensure_user "$USER_NOSUB" no >/dev/null || exit 1
	cd /tmp
	echo "as $USER_SUB (subordinate ids, newuidmap+newgidmap):"
	as_user "$USER_SUB" $cmd
	rc=$?
	echo "as $USER_NOSUB (no subordinate ids: direct map, no helper):"
	as_user "$USER_NOSUB" "$dir/bench-startup" "$RUNS" nestbox-direct "$dir/nestbox" --quiet --noprofile /bin/true \
		:: bwrap bwrap $bwrap_args /bin/true || rc=1
	exit $rc
else
	$cmd
fi
