#!/bin/sh
# make bench, part 3: what the seccomp filter costs (issue #4).
#  - building and loading nestbox's filter (bench-filter);
#  - the time of one system call (a getpid loop) outside any sandbox, in
#    nestbox (--noprofile: the baseline filter; --seccomp: plus firejail's
#    default list), and in bwrap with no filter and with the same BPF as
#    nestbox's passed by --seccomp, so both run a filter of the same size.
# As an unprivileged user (BENCH_USER when run as root).
set -u
BIN=${1:-build/nestbox}
BUILD=$(dirname "$BIN")
USER_SUB=${BENCH_USER:-nestbox-test}
N=${BENCH_SYSCALLS:-2000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

cc -O2 -Wall -Wextra -o "$BUILD/bench-getpid" "$ROOT/bench/getpid_loop.c" || exit 1

as_user() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$USER_SUB" -- env -i PATH=/usr/bin:/bin HOME="$home" \
			XDG_RUNTIME_DIR="/run/user/$(id -u "$USER_SUB")" "$@"
	else
		"$@"
	fi
}

if [ "$(id -u)" = 0 ]; then
	. "$ROOT/tests/users.sh"
	ensure_user "$USER_SUB" yes >/dev/null || exit 1
	home=$(getent passwd "$USER_SUB" | cut -d: -f6)
else
	home=$HOME
fi
# under home, which both sandboxes show
dir=$home/.nestbox-bench-seccomp
rm -rf "$dir" && mkdir -p "$dir" && cp "$BUILD/bench-getpid" "$BIN" "$dir/" || exit 1
[ "$(id -u)" = 0 ] && chown -R "$USER_SUB:" "$dir"
trap 'rm -rf "$dir"' EXIT

echo "seccomp: $(uname -r), $(nproc) CPUs, getpid x $N, best of 5 rounds"
"$BUILD/bench-filter" "$dir/base.bpf" || exit 1
"$BUILD/bench-filter" "$dir/seccomp.bpf" seccomp || exit 1
[ "$(id -u)" = 0 ] && chown "$USER_SUB:" "$dir"/*.bpf

bw="--unshare-all --die-with-parent --new-session --ro-bind /usr /usr --ro-bind /etc /etc"
for d in bin sbin lib lib32 lib64 libx32; do
	if [ -L "/$d" ]; then bw="$bw --symlink $(readlink "/$d") /$d"
	elif [ -d "/$d" ]; then bw="$bw --ro-bind /$d /$d"; fi
done
bw="$bw --proc /proc --dev /dev --ro-bind $dir $dir"

loop=$dir/bench-getpid
plain=$(as_user "$loop" "$N")
nb=$(as_user "$dir/nestbox" --quiet --noprofile "$loop" "$N")
nbs=$(as_user "$dir/nestbox" --quiet --noprofile --seccomp "$loop" "$N")
if command -v bwrap >/dev/null; then
	bwn=$(as_user bwrap $bw "$loop" "$N")
	bwb=$(as_user sh -c "exec bwrap --seccomp 9 $bw $loop $N 9<$dir/base.bpf")
	bws=$(as_user sh -c "exec bwrap --seccomp 9 $bw $loop $N 9<$dir/seccomp.bpf")
else
	bwn=- bwb=- bws=-
fi
printf '  %-44s %8s ns/call\n' "outside any sandbox" "$plain" \
	"nestbox --noprofile (baseline filter)" "$nb" \
	"bwrap, same BPF (--seccomp)" "$bwb" \
	"nestbox --seccomp" "$nbs" \
	"bwrap, same BPF as nestbox --seccomp" "$bws" \
	"bwrap, no filter" "$bwn"
awk -v p="$plain" -v a="$nb" -v b="$bwb" -v c="$nbs" -v d="$bws" 'BEGIN {
	printf "  filter overhead per call: nestbox %.1f ns, bwrap %.1f ns (baseline BPF); nestbox %.1f ns, bwrap %.1f ns (with --seccomp)\n", a - p, b - p, c - p, d - p
	if (b > 0) printf "  nestbox/bwrap per call: %.2f (baseline), %.2f (--seccomp)\n", a / b, c / d
}'
