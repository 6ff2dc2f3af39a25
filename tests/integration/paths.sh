# Hostile paths (issue #7), sourced by suite.sh: profiles and options that
# whitelist or blacklist through symlinks, "..", very long names, blanks,
# control characters and other bytes, /proc magic links, and paths swapped
# for symlinks while nestbox starts.  Each test asserts from inside the
# sandbox that nothing outside what the rules allow is shown, and checks
# from outside (the control) that the secret is there to be read.
#
# Most rules are tried twice: written in a profile (--profile=FILE) and
# given as options (--whitelist=PATH...).  Each test works in $P/paths.

PS=$P/paths
SECRET=nb-paths-secret
# Outside home, in a tree the sandbox confines: firejail's rule follows a
# whitelisted link into home, never out of it, so the secrets that links
# must not reach live here (/tmp, confined by a whitelist of PSO/pub).
PSO=/tmp/nb-paths-$(id -u)
ps_setup() {
	rm -rf "$PS" "$PSO" && mkdir -p "$PS" && cd "$HOME" || return 1
	RULES=()
}
ps_outside_secret() { # -> PSO/secret/f, and the rule confining /tmp
	mkdir -p "$PSO/pub" "$PSO/secret" && echo "$SECRET" > "$PSO/secret/f" || return 1
	rule whitelist "$PSO/pub"
}
# rule DIRECTIVE PATH: one rule, kept for both forms
rule() { RULES+=("$1" "$2"); }
ps_write_profile() {
	local i
	: > "$PS/p.profile"
	for ((i = 0; i < ${#RULES[@]}; i += 2)); do
		printf '%s %s\n' "${RULES[i]}" "${RULES[i + 1]}" >> "$PS/p.profile"
	done
}
# psbox FORM COMMAND...: run COMMAND in a sandbox given RULES as a profile
# file or as options
psbox() {
	local form=$1 i opts=()
	shift
	if [ "$form" = profile ]; then
		ps_write_profile
		"$NB" --quiet --profile="$PS/p.profile" "$@"
	else
		for ((i = 0; i < ${#RULES[@]}; i += 2)); do
			opts+=("--${RULES[i]}=${RULES[i + 1]}")
		done
		"$NB" --quiet --noprofile "${opts[@]}" "$@"
	fi
}
# both FUNC: FUNC profile, then FUNC options
both() {
	local form
	for form in profile options; do
		"$1" "$form" || { echo "(rules given as $form)"; return 1; }
	done
}
no_secret() { # OUTPUT
	! printf '%s\n' "$1" | grep -qx "$SECRET" || { echo "SECRET SHOWN:"; echo "$1"; return 1; }
}
secret_readable_outside() { # FILE
	eq "$(cat "$1")" "$SECRET" || { echo "control: $1 not readable outside"; return 1; }
}
# A refusal: exit 125, MESSAGE on stderr, the program never ran.
refused() { # FORM MESSAGE-REGEX
	local out rc
	out=$(psbox "$1" sh -c 'echo RAN' 2>&1)
	rc=$?
	eq "$rc" 125 && printf '%s\n' "$out" | grep -qE -- "$2" &&
		! printf '%s\n' "$out" | grep -q RAN || { echo "$out"; return 1; }
}

# --- symlinks -------------------------------------------------------------

# firejail's rule, as nestbox-profile(5) states it: a whitelisted symlink
# whose target is in its own top directory (home) is shown with its
# target; one leading elsewhere is shown as a link only if its target is
# whitelisted too or lies where the sandbox shows the host anyway; a link
# inside a whitelisted directory the sandbox writes (pub/inlink) is never
# followed; any other is refused.
sym_out_of_tree() {
	local out
	out=$(psbox "$1" sh -c "cat $PS/dlink/f $PS/flink $PS/secret/f $PSO/secret/f $PS/pub/inlink/f $PS/etclink; cat $PS/pub/ok" 2>&1)
	no_secret "$out" && ! printf '%s\n' "$out" | grep -qxF "$(cat /etc/hostname)" &&
		printf '%s\n' "$out" | grep -qx ok &&
		printf '%s\n' "$out" | grep -q "$PS/etclink: Permission denied" || { echo "$out"; return 1; }
}
test_paths_whitelisted_symlink_out_of_allowed_trees_is_not_followed() {
	ps_setup || return 1
	mkdir "$PS/pub" "$PS/secret" && echo ok > "$PS/pub/ok" && echo "$SECRET" > "$PS/secret/f"
	ps_outside_secret || return 1
	ln -s "$PSO/secret" "$PS/dlink" && ln -s "$PSO/secret/f" "$PS/flink" &&
		ln -s ../secret "$PS/pub/inlink" && ln -s /etc/hostname "$PS/etclink"
	[ -s /etc/hostname ] || { skip "no /etc/hostname"; return 0; }
	secret_readable_outside "$PS/dlink/f" && secret_readable_outside "$PS/flink" &&
		secret_readable_outside "$PS/pub/inlink/f" || return 1
	rule whitelist "$PS/pub"
	rule whitelist "$PS/dlink"
	rule whitelist "$PS/flink"
	rule whitelist "$PS/etclink"
	rule blacklist /etc/hostname
	both sym_out_of_tree
}

sym_to_blacklisted() {
	local out
	out=$(psbox "$1" sh -c "cat $PS/lnk $PS/pub/secret; cat $PS/pub/ok" 2>&1)
	no_secret "$out" && eq "$out" "cat: $PS/lnk: Permission denied
cat: $PS/pub/secret: Permission denied
ok"
}
test_paths_whitelisted_symlink_to_blacklisted_file_stays_covered() {
	ps_setup || return 1
	mkdir "$PS/pub" && echo ok > "$PS/pub/ok" && echo "$SECRET" > "$PS/pub/secret"
	ln -s pub/secret "$PS/lnk"
	secret_readable_outside "$PS/lnk" || return 1
	rule whitelist "$PS/pub"
	rule blacklist "$PS/pub/secret"
	rule whitelist "$PS/lnk"
	both sym_to_blacklisted
}

sym_chain() {
	local out
	out=$(psbox "$1" sh -c "cat $PS/c1 $PS/c2 $PS/c3 $PS/secret $PS/open" 2>&1)
	no_secret "$out" && eq "$(printf '%s\n' "$out" | grep -c 'Permission denied')" 4 &&
		printf '%s\n' "$out" | tail -1 | grep -qx open || { echo "$out"; return 1; }
}
test_paths_blacklisted_symlink_chain_covers_its_target() {
	ps_setup || return 1
	echo "$SECRET" > "$PS/secret" && ln -s secret "$PS/c3" && ln -s c3 "$PS/c2" && ln -s "$PS/c2" "$PS/c1"
	# the control beside it: the target is covered, not its directory
	echo open > "$PS/open"
	secret_readable_outside "$PS/c1" || return 1
	rule blacklist "$PS/c1"
	both sym_chain
}

sym_loop() { refused "$1" "$PS/l1: goes through a magic link or a symlink loop"; }
test_paths_symlink_loop_fails_closed() {
	ps_setup || return 1
	ln -s l2 "$PS/l1" && ln -s l1 "$PS/l2"
	rule whitelist "$PS/l1"
	both sym_loop || return 1
	RULES=()
	rule blacklist "$PS/l1"
	both sym_loop
}

sym_parent_wl() {
	local out
	out=$(psbox "$1" sh -c "cat $PS/podir/f $PSO/secret/f $PS/secret/f; ls $PS" 2>&1)
	no_secret "$out" && printf '%s\n' "$out" | grep -qx pub || { echo "$out"; return 1; }
}
sym_parent_bl() {
	local out
	out=$(psbox "$1" sh -c "cat $PS/pdir/f $PS/secret/f $PS/secret/open" 2>&1)
	no_secret "$out" && eq "$(printf '%s\n' "$out" | grep -c 'Permission denied')" 2 &&
		printf '%s\n' "$out" | tail -1 | grep -qx open || { echo "$out"; return 1; }
}
test_paths_symlink_in_a_parent_component() {
	ps_setup || return 1
	mkdir "$PS/pub" "$PS/secret" && echo "$SECRET" > "$PS/secret/f" && ln -s secret "$PS/pdir"
	echo open > "$PS/secret/open"	# beside the file: not covered
	ps_outside_secret && ln -s "$PSO/secret" "$PS/podir" || return 1
	secret_readable_outside "$PS/pdir/f" && secret_readable_outside "$PS/podir/f" || return 1
	rule whitelist "$PS/pub"
	rule whitelist "$PS/podir/f"
	both sym_parent_wl || return 1
	RULES=()
	rule blacklist "$PS/pdir/f"
	both sym_parent_bl
}

# --- "." and ".." ----------------------------------------------------------

dots() {
	local re="'\\.' and '\\.\\.' are not allowed in paths"
	if [ "$1" = profile ]; then
		refused "$1" "$PS/p.profile:1: .*$re"
	else
		refused "$1" "^nestbox: --${RULES[0]}: .*$re"
	fi
}
test_paths_dot_and_dotdot_are_refused() {
	local r
	ps_setup || return 1
	mkdir -p "$PS/a" "$PS/pub" && echo "$SECRET" > "$PS/secret"
	for r in "whitelist $PS/a/../../../../../etc" "blacklist $PS/a/../secret" \
		"whitelist $PS/./pub" "read-only $PS/pub/.." "noblacklist $PS/a/.."; do
		RULES=("${r%% *}" "${r#* }")
		both dots || { echo "rule: $r"; return 1; }
	done
}

# --- long paths ------------------------------------------------------------

# deep DIR LEN: a chain of directories under DIR whose path is LEN-201
# bytes or a little less; prints the path (built with relative steps, as
# no single path call may exceed PATH_MAX)
D200=$(printf 'd%.0s' $(seq 200))
deep() {
	local p=$1
	(cd "$p" && while [ $((${#p} + 201)) -lt "$2" ]; do
		mkdir "$D200" && cd "$D200" || exit 1
		p=$p/$D200
	done && echo "$p")
}
# in_deep DIR REL COMMAND: COMMAND run from DIR reached step by step
steps_to() { # DIR -> "cd A; cd B..." from $PS
	printf '%s' "cd $PS"
	local rest=${1#"$PS"/}
	while [ -n "$rest" ]; do
		printf '; cd %s' "${rest%%/*}"
		[ "$rest" = "${rest#*/}" ] && break
		rest=${rest#*/}
	done
}

too_long_opt() { refused options "^nestbox: --blacklist: '.*\\.\\.\\.': longer than 4095 bytes"; }
test_paths_longer_than_path_max_is_refused_not_cut() {
	local d last cut out
	ps_setup || return 1
	d=$(deep "$PS" 4080) || return 1
	# the rule names DIR/cut+"SUFFIX" (more than 4095 bytes); cut to
	# 4095 bytes it would name DIR/cut, which exists: a decoy
	cut=$(printf 's%.0s' $(seq $((4095 - ${#d} - 1))))
	last="$cut"SUFFIX
	(eval "$(steps_to "$d")" && echo "$SECRET" > "$last" && echo decoy > "$cut") || return 1
	out=$(sh -c "$(steps_to "$d"); cat $last")
	eq "$out" "$SECRET" || { echo "control failed"; return 1; }
	RULES=(blacklist "$d/$last")
	too_long_opt || return 1
	RULES=(whitelist "$d/$last")
	refused options "^nestbox: --whitelist: .*longer than 4095 bytes" || return 1
	# a profile line longer than 4096 bytes is refused whole, not split
	RULES=(blacklist "$d/$last")
	refused profile "$PS/p.profile:1: line too long"
}

test_paths_component_longer_than_name_max_is_refused() {
	ps_setup || return 1
	RULES=(blacklist "$PS/$(printf 'n%.0s' $(seq 256))")
	refused profile "$PS/p.profile:1: .*a component longer than 255 bytes" &&
		refused options "^nestbox: --blacklist: .*a component longer than 255 bytes"
}

# A glob's component is a pattern and may be longer than the names it
# matches (firejail's whitelist of a UUID is 388 bytes of [[:xdigit:]]):
# it still matches, and a blacklist with it covers (it once matched
# nothing, a blacklist failing open).
long_glob() {
	local out
	out=$(psbox "$1" cat "$PS/0123abcd-0123-4567-89ab-0123456789ab" "$PS/open" 2>&1)
	no_secret "$out" && eq "$out" "cat: $PS/0123abcd-0123-4567-89ab-0123456789ab: Permission denied
open"
}
test_paths_glob_pattern_longer_than_name_max_still_matches() {
	local x=[[:xdigit:]] pat
	ps_setup || return 1
	pat="$x$x$x$x$x$x$x$x-$x$x$x$x-$x$x$x$x-$x$x$x$x-$x$x$x$x$x$x$x$x$x$x$x$x"
	[ ${#pat} -gt 255 ] || return 1
	echo "$SECRET" > "$PS/0123abcd-0123-4567-89ab-0123456789ab" && echo open > "$PS/open"
	secret_readable_outside "$PS/0123abcd-0123-4567-89ab-0123456789ab" || return 1
	rule blacklist "$PS/$pat"
	both long_glob
}

# A rule of 2,000 components ending in a wildcard: an answer, not a stack
# overflow (the glob walk once recursed once per component).
deep_rule() {
	local out rc
	out=$(psbox "$1" sh -c 'echo RAN' 2>&1)
	rc=$?
	eq "$rc/$out" "0/RAN"
}
test_paths_many_components_before_a_wildcard_do_not_crash() {
	local p=/nb-paths-none i
	ps_setup || return 1
	for i in $(seq 1990); do p=$p/a; done
	rule blacklist "$p/*"
	both deep_rule
}

# A path of exactly 4095 bytes (PATH_MAX - 1) is still a path: covered
# when blacklisted, shown when whitelisted.
near_max_bl() {
	local out
	out=$(psbox "$1" sh -c "$(steps_to "$NEAR_DIR"); cat $NEAR_LAST" 2>&1)
	no_secret "$out" && printf '%s\n' "$out" | grep -q "Permission denied" || { echo "$out"; return 1; }
}
near_max_wl() {
	local out
	out=$(psbox "$1" sh -c "$(steps_to "$NEAR_DIR"); cat $NEAR_LAST; ls $PS" 2>&1)
	eq "$out" "$SECRET
${NEAR_TOP}"
}
test_paths_deep_path_at_path_max_is_handled() {
	ps_setup || return 1
	NEAR_DIR=$(deep "$PS" 4080) || return 1
	NEAR_LAST=$(printf 'e%.0s' $(seq $((4095 - ${#NEAR_DIR} - 1))))
	NEAR_TOP=${NEAR_DIR#"$PS"/}
	NEAR_TOP=${NEAR_TOP%%/*}
	(eval "$(steps_to "$NEAR_DIR")" && echo "$SECRET" > "$NEAR_LAST") || return 1
	eq "$((${#NEAR_DIR} + 1 + ${#NEAR_LAST}))" 4095 || return 1
	# as options; in a profile with ~ so that the line fits 4096 bytes
	RULES=(blacklist "$NEAR_DIR/$NEAR_LAST")
	near_max_bl options || return 1
	RULES=(blacklist "~${NEAR_DIR#"$HOME"}/$NEAR_LAST")
	near_max_bl profile || return 1
	RULES=(whitelist "$NEAR_DIR/$NEAR_LAST")
	near_max_wl options || return 1
	RULES=(whitelist "~${NEAR_DIR#"$HOME"}/$NEAR_LAST")
	near_max_wl profile
}

# --- blanks, control characters, other bytes -------------------------------

blanks_bl() {
	local out
	out=$(psbox "$1" cat "$PS/two  sp" "$PS/two sp" "$PS/"$'\xff\xfe' "$PS/"$'\xff' 2>&1)
	no_secret "$out" && eq "$(printf '%s\n' "$out" | grep -c 'Permission denied')" 2 &&
		eq "$(printf '%s\n' "$out" | grep -cx open)" 2 || { echo "$out"; return 1; }
}
blanks_wl() {
	local out
	out=$(psbox "$1" cat "$PS/w  x/f" "$PS/w x/f" "$PS/"$'\xfe\xff'/f 2>&1)
	no_secret "$out" && eq "$(printf '%s\n' "$out" | grep -cx ok)" 2 &&
		printf '%s\n' "$out" | grep -q "'$PS/w x/f': No such file" || { echo "$out"; return 1; }
}
test_paths_with_blanks_and_non_utf8_bytes_name_exactly_that_path() {
	ps_setup || return 1
	echo "$SECRET" > "$PS/two  sp" && echo open > "$PS/two sp"
	echo "$SECRET" > "$PS/"$'\xff\xfe' && echo open > "$PS/"$'\xff'
	mkdir "$PS/w  x" "$PS/w x" "$PS/"$'\xfe\xff' && echo ok > "$PS/w  x/f" &&
		echo "$SECRET" > "$PS/w x/f" && echo ok > "$PS/"$'\xfe\xff'/f
	secret_readable_outside "$PS/two  sp" && secret_readable_outside "$PS/"$'\xff\xfe' || return 1
	rule blacklist "$PS/two  sp"
	rule blacklist "$PS/"$'\xff\xfe'
	both blanks_bl || return 1
	RULES=()
	rule whitelist "$PS/w  x"
	rule whitelist "$PS/"$'\xfe\xff'
	both blanks_wl || return 1
	# a trailing blank can only be given as an option (a profile line is
	# trimmed)
	echo "$SECRET" > "$PS/tr " && echo open > "$PS/tr"
	RULES=(blacklist "$PS/tr ")
	eq "$(psbox options cat "$PS/tr " "$PS/tr" 2>&1)" "cat: '$PS/tr ': Permission denied
open"
}

glob_nl() {
	local out
	out=$(psbox "$1" cat "$PS/g"$'\n'"x" "$PS/open" 2>&1)
	no_secret "$out" && printf '%s\n' "$out" | grep -q "Permission denied" &&
		printf '%s\n' "$out" | tail -1 | grep -qx open || { echo "$out"; return 1; }
}
test_paths_with_control_characters_are_refused_but_globs_match_them() {
	ps_setup || return 1
	RULES=(blacklist "$PS/nl"$'\n'"x")
	refused options "^nestbox: --blacklist: path with a control character" || return 1
	RULES=(whitelist "$PS/t"$'\t'"x")
	refused profile "$PS/p.profile:1: path with a control character" &&
		refused options "^nestbox: --whitelist: path with a control character" || return 1
	# a name with a newline is still matched by a glob, and covered
	echo "$SECRET" > "$PS/g"$'\n'"x" && echo open > "$PS/open"	# open: not matched
	secret_readable_outside "$PS/g"$'\n'"x" || return 1
	RULES=(blacklist "$PS/g*")
	both glob_nl
}

test_paths_nul_byte_in_a_profile_is_refused() {
	local out rc
	ps_setup || return 1
	echo "$SECRET" > "$PS/secret"
	printf 'blacklist %s/none\0\nblacklist %s/secret\n' "$PS" "$PS" > "$PS/p.profile"
	out=$("$NB" --quiet --profile="$PS/p.profile" cat "$PS/secret" 2>&1)
	rc=$?
	no_secret "$out" && eq "$rc" 125 &&
		printf '%s\n' "$out" | grep -q "$PS/p.profile: a NUL byte" || { echo "$out"; return 1; }
}

# The names in nestbox's messages are the host's, chosen by whoever can
# write there (a sandboxed program, say): a newline in one must not forge
# a line of nestbox's, an escape sequence must not reach the terminal.
test_paths_messages_escape_control_characters_in_names() {
	local name out
	ps_setup || return 1
	name=$'x\e[2Jfake\nnestbox: forged'
	# a link inside a whitelisted directory the sandbox writes is refused
	# (it may be the sandbox's own), naming its target
	mkdir "$PS/pub" "$PS/$name" && ln -s "../$name" "$PS/pub/esc"
	RULES=(whitelist "$PS/pub" whitelist "$PS/pub/esc")
	ps_write_profile
	out=$("$NB" --profile="$PS/p.profile" true 2>&1)
	printf '%s\n' "$out" | grep -qF 'refused: it leads through a symlink to '"$PS"'/x\x1b[2Jfake\x0anestbox: forged' &&
		! printf '%s' "$out" | grep -q $'\e' &&
		! printf '%s\n' "$out" | grep -q '^nestbox: forged' || { printf '%s\n' "$out" | od -c | head -20; return 1; }
}

# --- /proc magic links -------------------------------------------------------

# Whitelisting under /proc names no confinable tree: ignored.  A rule
# reaching anything through a magic link fails closed (openat2 with
# RESOLVE_NO_MAGICLINKS: ELOOP, said), not refused for another reason.
# Either way the secret stays hidden.
magic() {
	local out rc
	out=$(cd "$PS/secret" && psbox "$1" sh -c "cat $PS/secret/f $PS/ml/f /proc/self/root$PS/secret/f; echo RAN" 2>&1)
	rc=$?
	no_secret "$out" || return 1
	case $rc/$MAGIC_WANT in
	0/shown) printf '%s\n' "$out" | grep -qx RAN ;;
	125/refused) ! printf '%s\n' "$out" | grep -qx RAN &&
		printf '%s\n' "$out" | grep -q '^nestbox: .*: Too many levels of symbolic links$' ;;
	*) false ;;
	esac || { echo "exit $rc, wanted $MAGIC_WANT: $out"; return 1; }
}
test_paths_proc_magic_links_expose_nothing() {
	local r
	ps_setup || return 1
	mkdir "$PS/pub" "$PS/secret" && echo "$SECRET" > "$PS/secret/f"
	ln -s "/proc/self/root$PS/secret" "$PS/ml"
	secret_readable_outside "$PS/ml/f" || return 1
	for r in "shown whitelist /proc/self/root$PS/secret" "shown whitelist /proc/self/cwd" \
		"shown whitelist /proc/1/root" "refused whitelist $PS/ml" "refused whitelist $PS/ml/f"; do
		MAGIC_WANT=${r%% *}
		r=${r#* }
		RULES=(whitelist "$PS/pub" "${r%% *}" "${r#* }")
		both magic || { echo "rule: $r"; return 1; }
	done
	for r in "blacklist /proc/self/fd/3" "blacklist /proc/self/root$PS/secret/f" \
		"blacklist $PS/ml" "blacklist /proc/self/cwd"; do
		MAGIC_WANT=refused
		RULES=("${r%% *}" "${r#* }")
		both magic || { echo "rule: $r"; return 1; }
	done
}

# --- swapped while nestbox starts --------------------------------------------

# racer A B: exchange A and B (renameat2 RENAME_EXCHANGE) in a tight loop
# until $PS/stop exists (bounded); $RACER is its pid
racer() {
	local nr
	case $(uname -m) in
	x86_64) nr=316 ;;
	aarch64) nr=276 ;;
	*) return 1 ;;
	esac
	perl -e 'my ($nr, $a, $b, $stop) = @ARGV; my $n = 0;
		while ($n++ < 20000000) {
			last if $n % 64 == 0 && -e $stop;
			syscall($nr, -100, $a, -100, $b, 2) == 0 or die "renameat2: $!\n";
		}' "$nr" "$1" "$2" "$PS/stop" &
	RACER=$!
}
stop_racer() { touch "$PS/stop"; wait "$RACER"; }
LAUNCHES=200

# ~/racedir (a directory) and a symlink to a secret directory trade places
# while nestbox starts: each launch shows the real directory, refuses the
# link, or fails with a message; never the secret.  A launch that fails
# closed names one of the two names being exchanged (which one depends on
# when the exchange came).
test_paths_whitelisted_dir_swapped_for_symlink_never_shows_secret() {
	local i out rc form real=0 refusedn=0 failed=0
	ps_setup || return 1
	mkdir "$PS/racedir" && echo real > "$PS/racedir/f" && ps_outside_secret || return 1
	ln -s "$PSO/secret" "$PS/race.alt"
	secret_readable_outside "$PS/race.alt/f" || return 1
	rule whitelist "$PS/racedir"
	ps_write_profile
	racer "$PS/racedir" "$PS/race.alt" || { skip "no renameat2 number for $(uname -m)"; return 0; }
	for i in $(seq $LAUNCHES); do
		form=profile
		[ $((i % 2)) = 0 ] && form=options
		out=$(psbox $form cat "$PS/racedir/f" 2>&1)
		rc=$?
		if printf '%s\n' "$out" | grep -qx "$SECRET"; then
			stop_racer
			echo "launch $i ($form) showed the secret: $out"
			return 1
		fi
		case $rc in
		0) [ "$out" = real ] && real=$((real + 1)) ;;
		1) printf '%s\n' "$out" | grep -q "No such file" && refusedn=$((refusedn + 1)) ;;
		125) printf '%s\n' "$out" | grep -q "^nestbox: .*\(racedir\|race\.alt\)" && failed=$((failed + 1)) ;;
		esac
		[ $((real + refusedn + failed)) = "$i" ] ||
			{ stop_racer; echo "launch $i ($form): exit $rc: $out"; return 1; }
	done
	stop_racer
	echo "# $LAUNCHES launches: $real showed the directory, $refusedn not shown, $failed failed closed"
}

# A blacklisted file and a symlink to a decoy trade places (bl <-> park)
# while nestbox starts.  Each launch fails with a message, or covers what
# the name was when nestbox looked.  When it saw the file, it covers the
# file, by the name the file had when it was opened and read back (bl,
# or park if an exchange came in between: --debug says "mounted block
# .../bl" or ".../park"); that name is opened again without following
# symlinks, so the cover lands on the file or the launch fails, and the
# file stays covered wherever the exchanges move it (a mount follows its
# dentry): the secret never shows.  When it saw the link, it covers the
# decoy: the file was then under another, unlisted name, which a
# blacklist does not promise to hide (nestbox-profile(5)).
test_paths_blacklisted_file_swapped_for_symlink_stays_covered() {
	local i out rc form covered=0 link=0 failed=0
	ps_setup || return 1
	echo "$SECRET" > "$PS/bl" && echo decoy > "$PS/decoy" && ln -s decoy "$PS/park"
	secret_readable_outside "$PS/bl" || return 1
	rule blacklist "$PS/bl"
	ps_write_profile
	racer "$PS/bl" "$PS/park" || { skip "no renameat2 number for $(uname -m)"; return 0; }
	for i in $(seq $LAUNCHES); do
		form=profile
		[ $((i % 2)) = 0 ] && form=options
		out=$(psbox $form --debug cat "$PS/bl" 2>&1)
		rc=$?
		if [ $rc = 125 ]; then
			printf '%s\n' "$out" | grep -qE "^nestbox: .*$PS/(bl|park)" && failed=$((failed + 1))
		elif printf '%s\n' "$out" | grep -qE "mounted block $PS/(bl|park)\$"; then
			printf '%s\n' "$out" | grep -qx "$SECRET" && {
				stop_racer
				echo "launch $i ($form) showed the secret: $out"
				return 1
			}
			covered=$((covered + 1))
		elif printf '%s\n' "$out" | grep -q "mounted block $PS/decoy\$"; then
			link=$((link + 1))
		fi
		[ $((covered + link + failed)) = "$i" ] ||
			{ stop_racer; echo "launch $i ($form): exit $rc:"; printf '%s\n' "$out" | grep -v "debug: .*] [^m]" | grep -v "mounted [^b]\|mounted bind /[a-su-z]"; return 1; }
	done
	stop_racer
	echo "# $LAUNCHES launches: $covered covered the file, $link saw the link, $failed failed closed"
}
