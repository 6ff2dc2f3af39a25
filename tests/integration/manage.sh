# Managing running sandboxes (issue #6), sourced by suite.sh: --name,
# --list [--json], --tree, --join, --shutdown, join-or-start.  Every test
# asserts from the host what the registry shows, or from a joined
# process what it sees and may do.  Sandboxes run in the background and
# are shut down (or killed) at the end of each test.

MG=$P/manage
SP=${PROBE}-seccomp

# Start "$@" in the background as sandbox NAME; wait until it is listed
# (its program has started) and print nothing.  $MG_PID: the launcher.
mg_start() { # NAME ARGS...
	local name=$1 i
	shift
	"$NB" --quiet --name="$name" "$@" &
	MG_PID=$!
	for i in $(seq 1 200); do
		"$NB" --list | awk '{print $2}' | grep -qx "$name" &&
			[ -f "$(mg_entry "$name")/join" ] && return 0
		sleep 0.05
	done
	echo "sandbox $name never showed up in --list"
	return 1
}
# The registry directory of the sandbox NAME.
mg_entry() {
	grep -lx "name $1" "$REG"/*/info 2>/dev/null | head -1 | xargs -r dirname
}
mg_init_pid() { sed -n 's/^pid //p' "$(mg_entry "$1")/info"; }
mg_cleanup() { # LAUNCHER-PIDS...
	kill -KILL "$@" 2>/dev/null
	wait "$@" 2>/dev/null
	return 0
}

test_manage_list_shows_a_running_named_sandbox_and_not_a_finished_one() {
	mg_start listed --noprofile sleep 60 || return 1
	local out init
	out=$("$NB" --list)
	init=$(mg_init_pid listed)
	sbx --name=finished true
	"$NB" --shutdown=listed
	wait "$MG_PID"
	printf '%s\n' "$out" | grep -Eq "^[0-9a-f]{8} +listed +$init +[0-9:]+ +none +sleep 60$" ||
		{ echo "$out"; return 1; }
	printf '%s\n' "$out" | grep -q finished && { echo "$out"; return 1; }
	eq "$("$NB" --list | wc -l)" 1 # the header alone
}

test_manage_list_json_parses_with_ids_and_namespaces() {
	mg_start json --noprofile sleep 60 || return 1
	local init out want
	init=$(mg_init_pid json)
	want="$init $(stat -L -c %i /proc/"$init"/ns/pid) $(stat -L -c %i /proc/"$init"/ns/user) sleep 60 none"
	out=$("$NB" --list --json | python3 -c '
import json, sys
a = json.load(sys.stdin)
s = [x for x in a if x["name"] == "json"][0]
assert len(s["id"]) == 36 and s["id"].startswith(s["short_id"])
print(s["pid"], s["namespaces"]["pid"], s["namespaces"]["user"], s["command"], s["profile"])')
	"$NB" --shutdown=json
	wait "$MG_PID"
	eq "$out" "$want" &&
		eq "$("$NB" --list --json)" "[]"
}

test_manage_a_running_name_cannot_be_started_twice() {
	mg_start twice --noprofile sleep 60 || return 1
	local out rc
	rm -f "$HOME/.nb-twice"
	out=$("$NB" --quiet --noprofile --name=twice touch "$HOME/.nb-twice" 2>&1)
	rc=$?
	"$NB" --shutdown=twice
	wait "$MG_PID"
	eq "$rc" 125 && eq "$out" "nestbox: a sandbox named 'twice' is running (nestbox --list)" &&
		[ ! -e "$HOME/.nb-twice" ] &&
		# once it is gone, the name is free again
		sbx --name=twice true
}

test_manage_invalid_names_and_targets_are_refused() {
	local out
	out=$(sbx --name=1234 true 2>&1)
	eq "$?" 125 || return 1
	printf '%s\n' "$out" | grep -q "^nestbox: --name: invalid sandbox name '1234'" || { echo "$out"; return 1; }
	sbx --name=a/b true 2>/dev/null
	eq "$?" 125 || return 1
	out=$("$NB" --join=nosuchbox true 2>&1)
	eq "$?" 125 && eq "$out" "nestbox: no running sandbox of yours is named 'nosuchbox' or has that id or pid (nestbox --list)" &&
		{ "$NB" --list extra 2>/dev/null; eq "$?" 125; }
}

test_manage_join_sees_the_sandboxs_hostname_pid_namespace_and_files() {
	mg_start seen --noprofile --hostname=joinme \
		sh -c 'echo only-here > /tmp/marker; exec sleep 60' || return 1
	local init out prog want
	init=$(mg_init_pid seen)
	prog=$(cut -d' ' -f1 /proc/"$init"/task/"$init"/children)
	want="joinme
only-here
$(readlink /proc/"$init"/ns/pid)
$(readlink /proc/"$init"/ns/mnt)
$(readlink /proc/"$init"/ns/net)
$(readlink /proc/"$prog"/ns/user)
$(tr '\0' ' ' < /proc/"$init"/cmdline)
$ME"
	out=$("$NB" --join=seen sh -c 'hostname; cat /tmp/marker; readlink /proc/self/ns/pid
		readlink /proc/self/ns/mnt; readlink /proc/self/ns/net; readlink /proc/self/ns/user
		tr "\0" " " < /proc/1/cmdline; echo; id -u')
	"$NB" --shutdown=seen
	wait "$MG_PID"
	[ ! -e /tmp/marker ] || [ "$(cat /tmp/marker)" != only-here ] || { echo "marker on the host"; return 1; }
	eq "$out" "$want"
}

# The same /proc/self/status lines as the program, and the program's
# seccomp filter (recorded at launch, without trace-denials' listener).
test_manage_join_has_the_programs_capabilities_and_filter() {
	local f=Cap\|NoNewPrivs\|Seccomp mine theirs
	mg_start confined --noprofile --trace-denials --seccomp.drop=@timer \
		sh -c "grep -E '^($f)' /proc/self/status > /tmp/status; exec sleep 60" 2>/dev/null || return 1
	theirs=$("$NB" --join=confined cat /tmp/status)
	mine=$("$NB" --join=confined grep -E "^($f)" /proc/self/status)
	out=$("$NB" --join=confined sh -c "$SP timerfd; $SP set_mempolicy")
	"$NB" --shutdown=confined
	wait "$MG_PID"
	eq "$mine" "$theirs" && printf '%s\n' "$mine" | grep -qx 'CapEff:	0000000000000000' &&
		printf '%s\n' "$mine" | grep -qx 'NoNewPrivs:	1' &&
		printf '%s\n' "$mine" | grep -qx 'Seccomp:	2' &&
		eq "$out" "EPERM
OK"
}

test_manage_join_has_the_programs_landlock_rules() {
	ll_needs 1 || return 0
	ll_setup || return 1
	mkdir "$LL/in" "$LL/out" && echo a > "$LL/in/f" && echo b > "$LL/out/f"
	ll_profile "${LL_BASE[@]}" "landlock.fs.read $LL/in"
	mg_start ruled --profile="$LL/p.profile" sleep 60 || return 1
	local out
	out=$("$NB" --join=ruled sh -c "$LLP read $LL/in/f; $LLP read $LL/out/f")
	"$NB" --shutdown=ruled
	wait "$MG_PID"
	eq "$out" "OK
EACCES"
}

# What the profile asks of the program's process holds for a joined
# command too: no supplementary groups (tests/users.sh puts the user in
# nestbox-grp, so there is one to lose), the rlimits, nice and cpu.  The
# control: the program itself has them, and the caller outside has none.
test_manage_join_has_the_programs_groups_rlimits_nice_and_cpu() {
	local pp=${PROBE}-process mine last want prog joined outside
	mine=$("$pp" affinity)
	last=${mine##*,}
	[ -n "$(id -G | tr ' ' '\n' | grep -vx "$MYGID")" ] ||
		{ echo "$(id -un) has no supplementary group (tests/users.sh adds nestbox-grp)"; return 1; }
	[ "$mine" != "$last" ] || { echo "one CPU only: cpu $last cannot be told from none"; return 1; }
	mkdir -p "$MG" && printf '%s\n' nogroups 'rlimit-nofile 50' 'rlimit-nproc 40' \
		'nice 7' "cpu $last" > "$MG/limits.profile"
	local probe="$pp status Groups; $pp rlimit nofile; $pp rlimit nproc; $pp nice; $pp affinity"
	outside=$(sh -c "$probe")
	mg_start limits --profile="$MG/limits.profile" \
		sh -c "{ $probe; } > /tmp/prog; exec sleep 60" || return 1
	prog=$("$NB" --join=limits cat /tmp/prog)
	joined=$("$NB" --join=limits sh -c "$probe")
	"$NB" --shutdown=limits
	wait "$MG_PID"
	want="
50 50
40 40
7
$last"
	[ "$outside" != "$want" ] || { echo "the caller already has them: $outside"; return 1; }
	eq "$prog" "$want" && eq "$joined" "$want"
}

# firejail's CVE-2022-31214 class: the registry names a pid that is now
# another process of the user.  Simulated by pointing the entry at one.
test_manage_join_refuses_an_init_pid_now_held_by_another_process() {
	mg_start reused --noprofile sleep 60 || return 1
	local entry other out rc
	entry=$(mg_entry reused)
	sleep 60 &
	other=$!
	sed "s/^pid .*/pid $other/" "$entry/info" > "$entry/info.new" && mv "$entry/info.new" "$entry/info"
	rm -f "$HOME/.nb-joined"
	out=$("$NB" --join=reused touch "$HOME/.nb-joined" 2>&1)
	rc=$?
	kill "$other"
	mg_cleanup "$MG_PID"
	eq "$rc" 125 && [ ! -e "$HOME/.nb-joined" ] &&
		printf '%s\n' "$out" | grep -q "pid $other is no longer its init: refusing it" ||
		{ echo "$out"; return 1; }
}

test_manage_a_sandbox_killed_outright_is_neither_listed_nor_joinable() {
	mg_start killed --noprofile sleep 60 || return 1
	local init out
	init=$(mg_init_pid killed)
	kill -KILL "$MG_PID" "$init"
	wait "$MG_PID" 2>/dev/null
	wait_gone "$init"
	out=$("$NB" --join=killed true 2>&1)
	eq "$?" 125 || return 1
	"$NB" --list | grep -q killed && return 1
	registry_empty
}

test_manage_shutdown_ends_a_sandbox_that_ignores_sigterm() {
	mg_start stubborn --noprofile sh -c 'trap "" TERM; while :; do sleep 1; done' || return 1
	local init rc
	init=$(mg_init_pid stubborn)
	"$NB" --shutdown=stubborn --shutdown-timeout=1 || return 1
	# --shutdown returned: the whole sandbox is gone, entry included
	kill -0 "$init" 2>/dev/null && { echo "init $init still runs"; return 1; }
	wait "$MG_PID"
	rc=$?
	eq "$rc" 137 && registry_empty
}

test_manage_shutdown_by_pid_stops_with_sigterm() {
	mg_start polite --noprofile sleep 60 || return 1
	"$NB" --shutdown="$(mg_init_pid polite)" || return 1
	wait "$MG_PID"
	eq "$?" 143 && registry_empty
}

test_manage_tree_shows_the_sandboxs_processes() {
	mg_start treed --noprofile sh -c 'sleep 61 & exec sleep 62' || return 1
	local out
	out=$("$NB" --tree)
	"$NB" --shutdown=treed
	wait "$MG_PID"
	printf '%s\n' "$out" | grep -Eq '^[0-9a-f]{8} treed$' &&
		printf '%s\n' "$out" | grep -Eq '^    [0-9]+ sleep 62$' &&
		printf '%s\n' "$out" | grep -Eq '^      [0-9]+ sleep 61$' || { echo "$out"; return 1; }
}

# The joiner stays outside; killed, its command is re-parented to the
# sandbox's pid 1 and lives on until the sandbox ends.
test_manage_an_orphaned_joined_command_is_adopted_by_the_sandboxs_init() {
	mg_start adopt --noprofile sleep 60 || return 1
	local init joiner i kids
	init=$(mg_init_pid adopt)
	"$NB" --join=adopt sleep 63 &
	joiner=$!
	for i in $(seq 1 100); do
		pgrep -u "$ME" -x sleep -a | grep -q 'sleep 63' && break
		sleep 0.05
	done
	kill -KILL "$joiner"
	wait "$joiner" 2>/dev/null
	for i in $(seq 1 100); do
		kids=$(cat /proc/"$init"/task/"$init"/children)
		[ "$(echo $kids | wc -w)" = 2 ] && break
		sleep 0.05
	done
	local adopted=""
	for k in $kids; do
		grep -q '^sleep.63' <(tr '\0' ' ' < /proc/"$k"/cmdline) && adopted=$k
	done
	"$NB" --shutdown=adopt
	wait "$MG_PID"
	[ -n "$adopted" ] || { echo "children of init: $kids"; return 1; }
	! kill -0 "$adopted" 2>/dev/null || { echo "the joined command outlived the sandbox"; return 1; }
}

test_manage_join_or_start_starts_then_joins() {
	"$NB" --quiet --noprofile --join-or-start=jos sh -c 'echo first > /tmp/who; exec sleep 60' &
	MG_PID=$!
	local i out
	for i in $(seq 1 200); do
		[ -f "$(mg_entry jos)/join" ] && break
		sleep 0.05
	done
	out=$("$NB" --quiet --noprofile --join-or-start=jos cat /tmp/who)
	"$NB" --shutdown=jos
	wait "$MG_PID"
	eq "$out" first
}

test_manage_registry_is_hidden_inside_the_sandbox() {
	mg_start hidden --noprofile sleep 60 || return 1
	local out
	out=$(sbx sh -c "ls $REG 2>&1; cat $(mg_entry hidden)/info 2>&1 | head -1")
	"$NB" --shutdown=hidden
	wait "$MG_PID"
	# not there (the runtime directory is private), or covered if a
	# profile shows all of it
	printf '%s\n' "$out" | grep -Eq "cannot (open directory|access) '$REG'" &&
		! printf '%s\n' "$out" | grep -q '^id ' || { echo "$out"; return 1; }
	# a profile that shows all of $XDG_RUNTIME_DIR still does not show it
	mkdir -p "$MG" && printf 'whitelist ${RUNUSER}\n' > "$MG/all-run.profile"
	mg_start hidden2 --profile="$MG/all-run.profile" --net=none sleep 60 || return 1
	out=$("$NB" --quiet --profile="$MG/all-run.profile" --net=none sh -c "ls $REG 2>&1")
	"$NB" --shutdown=hidden2
	wait "$MG_PID"
	printf '%s\n' "$out" | grep -q 'Permission denied' || { echo "$out"; return 1; }
}
