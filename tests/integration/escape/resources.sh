# Escape battery: the host's memory and processes.  The sandbox's own
# tmpfs mounts (/tmp, /dev/shm, /run/user/UID...) share one total,
# nestbox.conf's tmpfs-size (default half of RAM), not the kernel's half
# of RAM each; default.profile (nestbox-base.inc) caps the processes and
# threads at 2000.

# "SIZE" and "BYTES ERRNO" lines, one pair per directory: every fill
# stopped with ENOSPC at its mount's share, the shares equal, their sum
# and what was written within TOTAL.
esc_tmpfs_shares() { # TOTAL < lines
	awk -v total="$1" '
		NR % 2 == 1 { size = $1; sizes += $1; if (!first) first = $1
			if ($1 != first) bad = bad " unequal shares (" first ", " $1 ")" }
		NR % 2 == 0 { written += $1
			if ($2 != "ENOSPC" || $1 != size) bad = bad " fill: " $0 " of " size }
		END { if (sizes > total) bad = bad " shares " sizes " > " total
			if (written > total) bad = bad " written " written " > " total
			if (NR < 4) bad = bad " only " NR " lines"
			print bad ? "bad:" bad : "ok" }'
}

esc_tmpfs_full() { # CONF (tmpfs-size 1m)
	local out name="nb-escape-fill-$$" dirs="/tmp /dev/shm" d
	[ -d "/run/user/$ME" ] && dirs="$dirs /run/user/$ME"
	out=$(NESTBOX_CONF=$1 "${EB[@]}" sh -c "for d in $dirs; do $PE statfs \$d; $PE fill \$d/$name 4194304; done")
	eq "$(printf '%s\n' "$out" | esc_tmpfs_shares 1048576)" ok || { echo "$out"; return 1; }
	# nothing of it on the host
	for d in $dirs; do
		[ ! -e "$d/$name" ] || { echo "$d/$name on the host"; return 1; }
	done
}

# The default total, half of RAM as tmpfs counts it, shared by as many
# writable tmpfs mounts as --dry-run lists ("size=50%/N"), in pages.
esc_tmpfs_default() { # CONF (empty)
	local page ram n want
	n=$(NESTBOX_CONF=$1 "${EB[@]}" --dry-run true | grep -o 'size=50%/[0-9]*' | sort -u)
	[ "$(printf '%s\n' "$n" | wc -l)" = 1 ] && [ -n "$n" ] || { echo "--dry-run sizes: $n"; return 1; }
	n=${n##*/}
	page=$(getconf PAGESIZE)
	ram=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) * 1024 ))
	want=$(( (ram / 100 * 50 + ram % 100 * 50 / 100) / n / page * page ))
	eq "$(NESTBOX_CONF=$1 "${EB[@]}" "$PE" statfs /tmp)" "$want" &&
		eq "$(NESTBOX_CONF=$1 "${EB[@]}" "$PE" statfs /dev/shm)" "$want"
}

test_escape_tmpfs_cannot_fill_the_hosts_memory() {
	esc_setup || return 1
	printf 'tmpfs-size 1m\n' > "$ESC/small.conf"
	: > "$ESC/empty.conf"
	# control: without the small limit the same write fits
	eq "$(NESTBOX_CONF=$ESC/empty.conf sbx "$PE" fill /tmp/f 4194304)" "4194304 OK" || return 1
	in_both esc_tmpfs_full "$ESC/small.conf" || return 1
	in_both esc_tmpfs_default "$ESC/empty.conf"
}

test_escape_tmpfs_size_is_checked() {
	local out rc
	esc_setup || return 1
	printf '# limits\ntmpfs-size 0\n' > "$ESC/zero.conf"
	rm -f "$ESC/ran"
	out=$(NESTBOX_CONF=$ESC/zero.conf "$NB" --noprofile touch "$ESC/ran" 2>&1)
	rc=$?
	eq "$rc" 125 && [ ! -e "$ESC/ran" ] &&
		eq "$out" "nestbox: $ESC/zero.conf:2: tmpfs-size: '0' is out of range (more than 0, at most 100%)"
}

# A fork bomb under default.profile, with no limit of its own: it stops
# at the profile's 2000 processes (1999 forked besides the first) with
# EAGAIN, while the caller's processes outside fork on; then the sandbox
# ends and takes every one of them.  The bomb stops at 2500 on its own
# (a binary or profile without the limit fails at that, not at pid_max),
# and the launcher is killed after 120 s whatever happens.
test_escape_fork_bomb_under_default_profile_stops_at_the_process_count() {
	local out="$ESC/bomb" nb_pid line="" i outside=() n rc=0
	esc_setup || return 1
	timeout -s KILL 120 "$NB" --quiet --profile=default "$PE" fork-bomb-count 2500 3 > "$out" &
	nb_pid=$!
	for i in $(seq 1 1200); do
		line=$(head -1 "$out")
		[ -n "$line" ] && break
		sleep 0.05
	done
	# at its height (every bomb process alive, for 3 s): the control,
	# twenty forks outside
	n=$(live_pids '^probe-escape$' | wc -l)
	for i in $(seq 1 20); do
		sleep 30 &
		outside+=($!)
	done
	for i in "${outside[@]}"; do
		kill -0 "$i" 2>/dev/null || { echo "a fork outside failed during the bomb"; rc=1; }
	done
	kill "${outside[@]}" 2>/dev/null
	wait "${outside[@]}" 2>/dev/null
	wait "$nb_pid"
	eq "$line" "1999 EAGAIN" || rc=1
	[ "$n" -ge 2000 ] || { echo "$n bomb processes alive at its height"; rc=1; }
	for i in $(seq 1 200); do
		[ -z "$(live_pids '^probe-escape$')" ] && break
		sleep 0.05
	done
	none_left "fork bomb" '^probe-escape$' && return $rc
}

# A memory filler under default.profile is what the kernel's OOM killer
# ranks first: the same 64 MiB filler inside and outside, and the badness
# the kernel would compare (/proc/PID/oom_score: the memory share plus
# oom_score_adj, scaled) is that of the filler outside with a bias of 200
# (nestbox-base.inc's oom-score-adj), above the caller's.  A real
# out-of-memory is not provoked: the machine's RAM would have to be
# filled (there is no memory cgroup to make a small one here).  A command
# that joins the sandbox ranks as its program.
test_escape_memory_filler_is_the_oom_killers_first_choice() {
	local out adj_o score_o adj_i score_i want name=nb-esc-oom-$$ bg i
	esc_setup || return 1
	# control: outside, and under --noprofile (no directive), the
	# caller's own bias, below the profile's
	read -r adj_o score_o <<< "$("$PE" hold-mem 64)"
	[ "$adj_o" -lt 200 ] 2>/dev/null || { echo "outside: $adj_o $score_o"; return 1; }
	read -r adj_i _ <<< "$("$NB" --quiet --noprofile "$PE" hold-mem 64)"
	eq "$adj_i" "$adj_o" || return 1
	# what the kernel makes of the same filler with a bias of 200
	read -r _ want <<< "$(sh -c "echo 200 > /proc/self/oom_score_adj && exec $PE hold-mem 64")"
	[ "$want" -gt "$score_o" ] 2>/dev/null || { echo "outside, biased: $want (unbiased $score_o)"; return 1; }
	read -r adj_i score_i <<< "$("$NB" --quiet --profile=default "$PE" hold-mem 64)"
	eq "$adj_i" 200 || return 1
	# the same memory: the same badness, within two points
	[ "$score_i" -ge $((want - 2)) ] && [ "$score_i" -le $((want + 2)) ] ||
		{ echo "oom_score $score_i inside, $want outside with the bias, $score_o without"; return 1; }
	# --join: the joined command has the program's
	"$NB" --quiet --profile=default --name=$name sh -c 'echo up; exec sleep 60' > "$ESC/oom.out" &
	bg=$!
	for i in $(seq 1 200); do
		grep -qx up "$ESC/oom.out" && break
		sleep 0.05
	done
	out=$("$NB" --join=$name cat /proc/self/oom_score_adj)
	"$NB" --shutdown=$name
	wait $bg
	eq "$out" 200
}
