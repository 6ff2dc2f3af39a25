# Sourced by suite.sh: which profile a launch reads (PROGRAM.profile or
# default.profile in the lookup list, --profile=NAME), and nestbox.conf.
# Each test points NESTBOX_PROFILE_DIR at a directory of its own (the
# repository's profiles/ change under us) and removes what it puts in
# ~/.config/nestbox.

UCFG=$HOME/.config/nestbox

# lookup_dir NAME: an empty "installed profiles" directory under $WORK
lookup_dir() {
	rm -rf "${WORK:?}/$1" && mkdir -p "$WORK/$1" && echo "$WORK/$1"
}

# Remove the files a test put in ~/.config/nestbox (and the directory
# when it is left empty), keeping the test's status.
lookup_cleanup() { # STATUS FILE...
	local rc=$1
	shift
	rm -f "$@"
	rmdir "$UCFG" 2>/dev/null
	return "$rc"
}

test_lookup_program_profile_from_user_config() {
	local pd rc
	pd=$(lookup_dir pd-user)
	printf 'hostname fromdefault\n' > "$pd/default.profile"
	mkdir -p "$UCFG"
	printf '# picked up by name\nhostname fromlookup\n' > "$UCFG/sh.profile"
	eq "$(NESTBOX_PROFILE_DIR=$pd "$NB" --quiet sh -c hostname)" fromlookup
	rc=$?
	lookup_cleanup $rc "$UCFG/sh.profile"
}

test_lookup_default_profile_when_the_program_has_none() {
	local pd
	pd=$(lookup_dir pd-default)
	printf 'hostname fromdefault\n' > "$pd/default.profile"
	[ ! -e "$UCFG/sh.profile" ] || { echo "$UCFG/sh.profile exists"; return 1; }
	eq "$(NESTBOX_PROFILE_DIR=$pd "$NB" --quiet sh -c hostname)" fromdefault || return 1
	# no program: the shell, under default.profile, as firejail does
	eq "$(echo hostname | NESTBOX_PROFILE_DIR=$pd SHELL=/bin/sh "$NB" --quiet)" fromdefault || return 1
	# --noprofile reads none
	eq "$(NESTBOX_PROFILE_DIR=$pd "$NB" --quiet --noprofile hostname)" nestbox
}

test_lookup_user_config_wins_over_installed_profiles() {
	local pd rc
	pd=$(lookup_dir pd-wins)
	printf 'hostname installed\n' > "$pd/sh.profile"
	printf 'hostname fromdefault\n' > "$pd/default.profile"
	mkdir -p "$UCFG"
	printf 'hostname fromuser\n' > "$UCFG/sh.profile"
	eq "$(NESTBOX_PROFILE_DIR=$pd "$NB" --quiet sh -c hostname)" fromuser
	rc=$?
	lookup_cleanup $rc "$UCFG/sh.profile" || return 1
	eq "$(NESTBOX_PROFILE_DIR=$pd "$NB" --quiet sh -c hostname)" installed
}

test_lookup_profile_option_searches_names() {
	local pd out rc
	pd=$(lookup_dir pd-named)
	printf 'hostname mine\n' > "$pd/mine.profile"
	printf 'hostname fromdefault\n' > "$pd/default.profile"
	eq "$(NESTBOX_PROFILE_DIR=$pd "$NB" --quiet --profile=mine hostname)" mine || return 1
	eq "$(NESTBOX_PROFILE_DIR=$pd "$NB" --quiet --profile=mine.profile hostname)" mine || return 1
	# several, in order: the last hostname wins
	printf 'hostname second\n' > "$pd/second.profile"
	eq "$(NESTBOX_PROFILE_DIR=$pd "$NB" --quiet --profile=mine --profile=second hostname)" second || return 1
	rm -f "$P/named-ran"
	out=$(NESTBOX_PROFILE_DIR=$pd "$NB" --profile=no-such-name touch "$P/named-ran" 2>&1)
	rc=$?
	eq "$rc" 125 || return 1
	printf '%s\n' "$out" | grep -q "^nestbox: --profile=no-such-name: no no-such-name.profile or no-such-name in .*$pd" ||
		{ echo "$out"; return 1; }
	[ ! -e "$P/named-ran" ] && registry_empty
}

# Needs a lookup list without any default.profile: not the case where
# firejail-profiles is installed (/etc/firejail/default.profile), where
# the test checks that that one is chosen instead.
test_lookup_no_profile_anywhere_is_an_error() {
	local pd out rc sys
	pd=$(lookup_dir pd-empty)
	[ ! -e "$UCFG/default.profile" ] && [ ! -e "$UCFG/sh.profile" ] ||
		{ echo "$UCFG has a profile for sh"; return 1; }
	for sys in /etc/nestbox /etc/firejail; do
		[ -e "$sys/sh.profile" ] && { echo "$sys/sh.profile exists"; return 1; }
		[ -e "$sys/default.profile" ] || continue
		echo "$sys/default.profile exists: checking it is the one chosen"
		out=$(NESTBOX_PROFILE_DIR=$pd "$NB" --quiet --dry-run sh)
		printf '%s\n' "$out" | grep -qx "profile: $sys/default.profile" ||
			{ echo "$out" | head -3; return 1; }
		return 0
	done
	rm -f "$P/none-ran"
	out=$(NESTBOX_PROFILE_DIR=$pd "$NB" sh -c "touch $P/none-ran" 2>&1)
	rc=$?
	eq "$rc" 125 || return 1
	eq "$out" "nestbox: no profile for sh and no default.profile in $UCFG, /etc/nestbox, $pd, /etc/firejail; use --noprofile" || return 1
	[ ! -e "$P/none-ran" ] && registry_empty
}

test_lookup_debug_and_dry_run_name_the_chosen_profile() {
	local pd out
	pd=$(lookup_dir pd-debug)
	printf 'include extra.inc\n' > "$pd/default.profile"
	printf 'hostname extra\n' > "$pd/extra.inc"
	out=$(NESTBOX_PROFILE_DIR=$pd "$NB" --debug true 2>&1 >/dev/null)
	printf '%s\n' "$out" | grep -q "profile $pd/default.profile chosen: no true.profile in the lookup list" &&
		printf '%s\n' "$out" | grep -q "profile file $pd/default.profile" &&
		printf '%s\n' "$out" | grep -q "profile file $pd/extra.inc" ||
		{ echo "$out"; return 1; }
	out=$(NESTBOX_PROFILE_DIR=$pd "$NB" --dry-run true)
	printf '%s\n' "$out" | grep -qx "profile: $pd/default.profile" &&
		printf '%s\n' "$out" | grep -qx "  hostname extra" ||
		{ echo "$out"; return 1; }
	out=$(NESTBOX_PROFILE_DIR=$pd "$NB" --noprofile --dry-run true)
	printf '%s\n' "$out" | grep -qx "profile: none (--noprofile)" || { echo "$out"; return 1; }
}

test_lookup_conf_sets_conditions() {
	local conf="$WORK/nestbox.conf" out
	printf '?BROWSER_ALLOW_DRM: hostname drm\n?BROWSER_DISABLE_U2F: env U2F=off\n' > "$P/cond.profile"
	# a missing file: firejail's defaults
	out=$(NESTBOX_CONF=$WORK/no-such.conf "$NB" --quiet --profile="$P/cond.profile" sh -c 'echo $(hostname) $U2F')
	eq "$out" "nestbox off" || return 1
	printf '# test\nbrowser-allow-drm yes\nbrowser-disable-u2f no  # comment\n' > "$conf"
	out=$(NESTBOX_CONF=$conf "$NB" --quiet --profile="$P/cond.profile" sh -c 'echo $(hostname) ${U2F:-on}')
	eq "$out" "drm on"
}

test_lookup_bad_conf_line_stops_the_launch() {
	local conf="$WORK/bad.conf" out rc
	printf 'allow-tray no\nbrowser-allow-drm maybe\n' > "$conf"
	rm -f "$P/conf-ran"
	out=$(NESTBOX_CONF=$conf "$NB" --noprofile touch "$P/conf-ran" 2>&1)
	rc=$?
	eq "$rc" 125 &&
		eq "$out" "nestbox: $conf:2: browser-allow-drm: 'maybe' is not yes or no" &&
		[ ! -e "$P/conf-ran" ] || return 1
	printf 'allow-tray no\n\nallow-tary yes\n' > "$conf"
	out=$(NESTBOX_CONF=$conf "$NB" --profile="$P/cond.profile" touch "$P/conf-ran" 2>&1)
	rc=$?
	eq "$rc" 125 &&
		printf '%s\n' "$out" | grep -q "^nestbox: $conf:3: unknown key 'allow-tary'" &&
		[ ! -e "$P/conf-ran" ] && registry_empty
}

test_lookup_options_given_set_conditions() {
	printf '?HAS_NOSOUND: hostname nosound\n?HAS_NET: env NETGIVEN=1\n' > "$P/hascond.profile"
	eq "$("$NB" --quiet --profile="$P/hascond.profile" sh -c 'echo $(hostname) ${NETGIVEN:-0}')" "nestbox 0" &&
		eq "$("$NB" --quiet --nosound --net=none --profile="$P/hascond.profile" sh -c 'echo $(hostname) ${NETGIVEN:-0}')" "nosound 1"
}

# firejail's --ignore and --include: an ignored directive is dropped from
# every profile line, included files too; an --include file is read
# before the profiles (a later profile line wins over it), with or
# without a profile.
test_lookup_ignore_and_include_options() {
	printf 'hostname fromprofile\ninclude %s/more.inc\n' "$P" > "$P/ig.profile"
	printf 'env FROMINC=1\n' > "$P/more.inc"
	printf 'hostname frominclude\nenv EXTRA=2\n' > "$P/extra.inc"
	local show='echo $(hostname) ${FROMINC:-0} ${EXTRA:-0}'
	eq "$("$NB" --quiet --profile="$P/ig.profile" sh -c "$show")" "fromprofile 1 0" &&
		eq "$("$NB" --quiet --ignore=hostname '--ignore=env  FROMINC=1' \
			--profile="$P/ig.profile" sh -c "$show")" "nestbox 0 0" &&
		eq "$("$NB" --quiet --include="$P/extra.inc" --profile="$P/ig.profile" sh -c "$show")" \
			"fromprofile 1 2" &&
		eq "$("$NB" --quiet --noprofile --include="$P/extra.inc" sh -c "$show")" \
			"frominclude 0 2" &&
		eq "$(cd "$P" && "$NB" --quiet --noprofile --include=extra.inc sh -c "$show")" \
			"frominclude 0 2" || return 1
	local out
	out=$("$NB" --quiet --noprofile --include="$P/none.inc" true 2>&1)
	eq "$?:$out" "125:nestbox: --include=$P/none.inc: not found"
}

# --profile's argument has the macros, as firejail's: ~/FILE is in home.
test_lookup_profile_option_expands_macros() {
	printf 'hostname tilde\n' > "$P/tilde.profile"
	eq "$("$NB" --quiet "--profile=~/${P#"$HOME"/}/tilde.profile" hostname)" tilde &&
		eq "$("$NB" --quiet "--profile=\${HOME}/${P#"$HOME"/}/tilde.profile" hostname)" tilde
}
