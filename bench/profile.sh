#!/bin/sh
# make bench, profiles: the launch time of nestbox with firejail's
# firefox.profile against firejail with the same profile, and how nestbox's
# launch time and mount count grow with 10, 100 and 1000 whitelist and
# blacklist entries.  Like bench/startup.sh: commands alternated in one run,
# BENCH_RUNS runs each (default 50), as an unprivileged user (run as root:
# BENCH_USER, default nestbox-test).  BENCH_PROFILE replaces firefox.profile.
# See bench/README.md for what each figure means.
#
# A comparison that cannot run (firejail-profiles or firejail missing, a
# profile nestbox refuses) prints "skipped: REASON" and the rest goes on;
# whether nestbox runs at all is bench/startup.sh's job.
set -u
RUNS=${BENCH_RUNS:-50}
FF=${BENCH_PROFILE:-/etc/firejail/firefox.profile}
PN=$(basename "$FF" .profile)
# without a session bus firejail refuses firefox.profile unless D-Bus is off
FF_OPTS="--quiet --dbus-user=none --dbus-system=none --profile=$FF"
SIZES="10 100 1000"

# ---- outer part: build, copy where the bench user can read, switch user ----
if [ "${1:-}" != --as-user ]; then
	BIN=${1:-build/nestbox}
	USER_=${BENCH_USER:-nestbox-test}
	ROOT=$(cd "$(dirname "$0")/.." && pwd)
	. "$ROOT/bench/lib.sh"

	bench_stage "$BIN"
	trap 'exit 130' INT TERM HUP
	cp "$ROOT/bench/profile.sh" "$dir/"
	if [ "$(id -u)" = 0 ]; then
		. "$ROOT/tests/users.sh"
		ensure_user "$USER_" yes >/dev/null || exit 1
		cd /tmp || exit 1
		runuser -u "$USER_" -- env -i PATH=/usr/bin:/bin \
			HOME="$(getent passwd "$USER_" | cut -d: -f6)" \
			XDG_RUNTIME_DIR="/run/user/$(id -u "$USER_")" \
			BENCH_RUNS="$RUNS" BENCH_PROFILE="$FF" \
			sh "$dir/profile.sh" --as-user "$dir"
	else
		sh "$dir/profile.sh" --as-user "$dir"
	fi
	exit $?
fi

# ---- inner part, as the bench user ----
dir=$2
NB=$dir/nestbox
results=

# bench NAME CMD... [:: NAME CMD...]: the alternated run, printed indented
# and kept in $results for median and spread
bench() {
	results=$("$dir/bench-startup" "$RUNS" "$@")
	printf '%s\n' "$results" | sed 's/^/  /'
}
# median NAME, spread NAME (p90 - p10): from the last bench's output
median() { printf '%s\n' "$results" | awk -v n="$1" '$1 == n && $2 == "median" { print $3 }'; }
spread() { printf '%s\n' "$results" | awk -v n="$1" '$1 == n && $2 == "median" { print $8 - $6 }'; }
# launches CMD...: whether CMD /bin/true exits 0; if not, prints why (the
# last line CMD wrote on stderr)
launches() {
	err=$("$@" /bin/true 2>&1 >/dev/null)
	rc=$?
	[ $rc = 0 ] && return 0
	printf '%s\n' "${err:-exit status $rc}" | tail -n 1
	return 1
}
# plan_ops NESTBOX-OPTIONS...: the size of nestbox's mount plan
plan_ops() {
	"$NB" --dry-run "$@" /bin/true 2>/dev/null |
		sed -n 's/^mount plan (\([0-9]*\) operations).*/\1/p'
}
# mounts CMD...: how many mounts a program run by CMD sees
mounts() { "$@" cat /proc/self/mountinfo 2>/dev/null | wc -l; }
# pasta_alone N: the median of N starts of pasta, as nestbox starts it,
# into a namespace made beforehand, up to when it has configured the
# namespace (it then goes to the background and its parent exits); in ms.
# Each pasta is killed after: one left running slows the next ones down.
pasta_alone() {
	i=0
	pidf=$(mktemp) || return 1
	while [ $i -lt "$1" ]; do
		unshare -Urn sleep 5 &
		target=$!
		sleep 0.2
		t0=$(date +%s%N)
		pasta --config-net -q -t none -u none -T none -U none --no-map-gw \
			--pid "$pidf" "$target" >/dev/null 2>&1 || {
			kill $target; rm -f "$pidf"; return 1; }
		t1=$(date +%s%N)
		kill "$(cat "$pidf")" $target
		wait $target 2>/dev/null
		echo $(((t1 - t0) / 1000))
		i=$((i + 1))
	done | sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%.2f\n", v[int((NR + 1) / 2)] / 1000 }'
	rm -f "$pidf"
}

echo "profiles, $RUNS runs each, alternated; as $(id -un)"

# ---- 1. firefox.profile: nestbox against firejail ----
echo "$PN.profile ($FF_OPTS):"
if [ ! -r "$FF" ]; then
	echo "  skipped: $FF not installed (firejail-profiles)"
else
	set --
	if why=$(launches "$NB" $FF_OPTS); then
		nb_ok=yes
		# with its network through pasta (the default), and without, the
		# line comparable with earlier runs and with firejail, which
		# shares the host's network at no cost
		set -- nestbox-$PN "$NB" $FF_OPTS /bin/true \
			:: nestbox-$PN-net-none "$NB" $FF_OPTS --net=none /bin/true
	else
		nb_ok=no
		# a directive nestbox refuses shows in --dry-run; else it is the launch
		if err=$("$NB" --dry-run $FF_OPTS /bin/true 2>&1 >/dev/null); then
			echo "  nestbox skipped: the launch fails (--dry-run accepts the profile): $why"
		else
			echo "  nestbox skipped: nestbox refuses the profile: $(printf '%s\n' "$err" | tail -n 1)"
		fi
	fi
	if ! command -v firejail >/dev/null; then
		fj_ok=no
		echo "  firejail skipped: not installed"
	elif why=$(launches firejail $FF_OPTS); then
		fj_ok=yes
		[ $# -gt 0 ] && set -- "$@" ::
		set -- "$@" firejail-$PN firejail $FF_OPTS /bin/true
	else
		fj_ok=no
		echo "  firejail skipped: firejail fails: $why"
	fi
	[ $# -gt 0 ] && bench "$@"
	if [ $nb_ok = yes ] && [ $fj_ok = yes ]; then
		awk -v n="$(median nestbox-$PN)" -v f="$(median firejail-$PN)" \
		    -v m="$(median nestbox-$PN-net-none)" 'BEGIN {
			r = n / f
			printf "  nestbox/firejail %.3f (goal: at most 0.100: %s); with --net=none %.3f\n", r,
			       r <= 0.1 ? "met" : "NOT met", m / f
		}'
	else
		echo "  nestbox/firejail: skipped (see above)"
	fi
	# the goal's budget against what pasta alone takes: the launch waits
	# for pasta, or the program's first connection could fail
	if [ $fj_ok = yes ] && command -v pasta >/dev/null &&
		p=$(pasta_alone 15) && [ -n "$p" ]; then
		awk -v p="$p" -v f="$(median firejail-$PN)" 'BEGIN {
			printf "  pasta alone, started into a namespace until it has configured it: median %.2f ms (15 runs); the goal%ss whole budget, firejail/10: %.2f ms\n", p, "\047", f / 10
		}'
	fi
	line="  mounts: nestbox plan"
	if [ $nb_ok = yes ]; then
		line="$line $(plan_ops $FF_OPTS) operations; /proc/self/mountinfo inside: nestbox $(mounts "$NB" $FF_OPTS) lines"
	else
		line="$line skipped; /proc/self/mountinfo inside: nestbox skipped"
	fi
	if [ $fj_ok = yes ]; then
		line="$line, firejail $(mounts firejail $FF_OPTS)"
	else
		line="$line, firejail skipped"
	fi
	echo "$line (host: $(wc -l </proc/self/mountinfo))"
fi

# ---- 2. whitelist and blacklist: launch time per entry ----
# A tree of 1000 real directories in the bench user's home, profiles of the
# first N as whitelist or blacklist entries, and an empty profile as the
# baseline, all alternated in one run.
base=$HOME/.nestbox-bench
tree=$base/tree
trap 'rm -rf "$base"' EXIT
trap 'exit 130' INT TERM HUP
rm -rf "$base"
mkdir -p "$tree" || exit 1
(cd "$tree" && seq -f 'd%04g' 0 999 | xargs mkdir) || exit 1
: >"$base/entries-0.profile"
for kind in whitelist blacklist; do
	for n in $SIZES; do
		seq -f "$kind \${HOME}/.nestbox-bench/tree/d%04g" 0 $((n - 1)) \
			>"$base/$kind-$n.profile"
	done
done

echo "whitelist and blacklist entries (real directories in ~/.nestbox-bench/tree):"
set --
for name in entries-0 whitelist-10 whitelist-100 whitelist-1000 \
	blacklist-10 blacklist-100 blacklist-1000; do
	# --net=none: with pasta, the entries' cost would hide behind its
	# 30-40 ms of set-up, which the launch now overlaps
	opts="--quiet --net=none --profile=$base/$name.profile"
	if why=$(launches "$NB" $opts); then
		[ $# -gt 0 ] && set -- "$@" ::
		set -- "$@" "$name" "$NB" $opts /bin/true
	else
		echo "  $name skipped: nestbox fails: $why"
	fi
done
[ $# -gt 0 ] && bench "$@"

# the table: median, mount plan size and mounts seen inside, per N
ops0=$(plan_ops --quiet --profile="$base/entries-0.profile")
printf '  %-7s %12s %9s %7s %12s %9s %7s\n' entries \
	"whitelist ms" "plan ops" mounts "blacklist ms" "plan ops" mounts
printf '  %-7s %12s %9s %7s\n' 0 "$(median entries-0)" "$ops0" \
	"$(mounts "$NB" --quiet --profile="$base/entries-0.profile")"
for n in $SIZES; do
	row=$(printf '  %-7s' "$n")
	for kind in whitelist blacklist; do
		p=$base/$kind-$n.profile
		if [ -n "$(median $kind-$n)" ]; then
			row="$row$(printf ' %12s %9s %7s' "$(median $kind-$n)" \
				"$(plan_ops --quiet --profile="$p")" "$(mounts "$NB" --quiet --profile="$p")")"
		else
			row="$row$(printf ' %12s %9s %7s' - - -)"
		fi
	done
	printf '%s\n' "$row"
done

# per kind: per-entry cost, linearity, mount operations per entry.
# Noise: a median's standard error is about 1.25 sigma/sqrt(runs), and sigma
# about (p90-p10)/2.56; a difference counts when above two standard errors.
for kind in whitelist blacklist; do
	enforced=yes
	"$NB" --dry-run --profile="$base/$kind-10.profile" /bin/true 2>/dev/null |
		grep -q "not enforced: $kind " && enforced=no
	awk -v k="$kind" -v runs="$RUNS" -v enforced=$enforced \
		-v t10="$(median $kind-10)" -v t100="$(median $kind-100)" -v t1000="$(median $kind-1000)" \
		-v w10="$(spread $kind-10)" -v w100="$(spread $kind-100)" -v w1000="$(spread $kind-1000)" \
		-v ops0="$ops0" -v ops1000="$(plan_ops --quiet --profile="$base/$kind-1000.profile")" '
	function se(w) { return 1.25 * (w / 2.56) / sqrt(runs) }
	BEGIN {
		if (enforced == "no")
			printf "  %s: not enforced by this nestbox (no mounts): its figures are flat\n", k
		if (t10 == "" || t100 == "" || t1000 == "") {
			printf "  %s: skipped (a size did not run)\n", k
			exit
		}
		per = (t1000 - t10) / 990
		s1 = (t100 - t10) / 90
		s2 = (t1000 - t100) / 900
		printf "  %s: per entry (t(1000)-t(10))/990 = %.4f ms; slope 10->100 %.4f, 100->1000 %.4f ms/entry", k, per, s1, s2
		if (s1 > 0)
			printf ", ratio %.2f", s2 / s1
		printf "\n"
		# linear: t(100) on the straight line through t(10) and t(1000)
		noise = 2 * sqrt(se(w10)^2 + se(w1000)^2)
		off = t100 - (t10 + 90 * per)
		offnoise = 2 * sqrt(se(w100)^2 + (900 / 990 * se(w10))^2 + (90 / 990 * se(w1000))^2)
		if (t1000 - t10 <= noise)
			verdict = sprintf("flat: t(1000)-t(10) = %.2f ms is within noise (%.2f)", t1000 - t10, noise)
		else if (off < -offnoise)
			verdict = sprintf("SUPERLINEAR: t(100) is %.2f ms below the line (noise %.2f)", -off, offnoise)
		else if (off > offnoise)
			verdict = sprintf("sublinear: t(100) is %.2f ms above the line (noise %.2f)", off, offnoise)
		else
			verdict = sprintf("consistent with linear: t(100) is %+.2f ms off the line through t(10) and t(1000) (noise %.2f)", off, offnoise)
		printf "  %s: %s\n", k, verdict
		if (enforced == "yes" && ops0 != "" && ops1000 != "") {
			m = (ops1000 - ops0) / 1000
			printf "  %s: mount plan operations per entry %.3f (goal: at most 1: %s)\n",
			    k, m, m <= 1 ? "met" : "NOT met"
		}
	}'
done
exit 0
