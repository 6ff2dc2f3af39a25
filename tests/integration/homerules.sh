# Home's code-running paths and secrets against the program (issue #19),
# sourced by suite.sh.  From inside, under every shipped profile that
# shows the real home: each path of nestbox-autostart.inc written to,
# replaced, and reached by renaming or swapping each of its parents
# (probe-homerules.c), then home checked from outside: the probe's mark
# nowhere.  A control runs the same attacks without a sandbox, on a scratch
# tree, and each one works there.  Then the rename attacks on blacklisted
# secrets and on a symlinked ~/.config, over two runs.
#
# Home is the test user's own: whatever a test adds there is removed after
# it (hr_isolated), what it renamed is put back.

HRP=${PROBE}-homerules
HR_PD=${NESTBOX_PROFILE_DIR:-}
HR_INC=$HR_PD/nestbox-autostart.inc

# Every path of home (6 levels, $P aside).
hr_home_list() {
	find "$HOME" -mindepth 1 -maxdepth 6 -path "$P" -prune -o -print 2>/dev/null |
		LC_ALL=C sort
}

# Run a test, then remove whatever it (or nestbox's placeholders) added to
# home, deepest first.
hr_isolated() {
	local before=$WORK/hr-home.before rc
	hr_home_list > "$before"
	"$@"
	rc=$?
	hr_home_list | LC_ALL=C comm -13 "$before" - | LC_ALL=C sort -r |
		while IFS= read -r f; do rm -rf -- "$f"; done
	return $rc
}

# The include's paths, one "KIND:REL TIER" a line: KIND d or f; TIER
# "made" (mkdir/mkfile before it: held even when missing) or "present"
# (held when it exists: the test creates it first; its kind is a directory
# when another listed path lies below it, else a file).
hr_specs() {
	awk -v home='${HOME}/' '
		function rel(p) { return substr(p, length(home) + 1) }
		$1 == "mkdir" && index($2, home) == 1 { made[rel($2)] = "d" }
		$1 == "mkfile" && index($2, home) == 1 { made[rel($2)] = "f" }
		$1 == "read-only" && index($2, home) == 1 { n++; ro[n] = rel($2) }
		END {
			for (i = 1; i <= n; i++) {
				r = ro[i]
				if (r in made) { print made[r] ":" r, "made"; continue }
				k = "f"
				for (j = 1; j <= n; j++)
					if (index(ro[j], r "/") == 1) k = "d"
				print k ":" r, "present"
			}
		}' "$HR_INC"
}

# The shipped profiles that show the real home (a bind of it, not a
# tmpfs), and firejail's of the real programs that do: nestbox gives
# firejail's profiles its code-running rules too (profile_load.c,
# default_home_rules).  One profile file a line.
hr_profiles() {
	local f
	for f in "$HR_PD"/*.profile /etc/firejail/{evince,gimp,vlc,mpv,okular,inkscape,mousepad,gedit}.profile; do
		[ -r "$f" ] || continue
		"$NB" --profile="$f" --dry-run true 2>/dev/null |
			grep -qE "^  bind +$HOME( |\$)" && echo "$f"
	done
}

# The paths a profile (or a profile it includes) gives back to its
# program, with `ignore read-only ${HOME}/REL`: one REL a line.
hr_given_back() { # FILE
	local f=$1 inc
	{
		cat "$f"
		for inc in $(sed -n 's/^include \(.*\.profile\)$/\1/p' "$f"); do
			cat "$(dirname "$f")/$inc" 2>/dev/null
		done
	} | sed -n 's|^ignore read-only ${HOME}/||p'
}

# Create the "present" paths that are missing; print what was created.
hr_make_present() { # ROOT
	local root=$1 spec tier
	while read -r spec tier; do
		[ "$tier" = present ] || continue
		[ -e "$root/${spec#?:}" ] && continue
		case $spec in
		d:*) mkdir -p "$root/${spec#d:}" ;;
		f:*) mkdir -p "$(dirname "$root/${spec#f:}")" &&
			echo "# $spec" > "$root/${spec#f:}" ;;
		esac || return 1
	done < <(hr_specs)
}

# Home after an attack marked MARK: every file holding it, every name the
# probe gives what it moves (nbx-...-MARK).  Empty: untouched.
hr_marks() { # ROOT MARK
	{
		grep -rlF --exclude-dir=.nestbox-test -- "$2" "$1" 2>/dev/null
		find "$1" -path "$P" -prune -o -name "*nbx-*$2*" -print 2>/dev/null
	} | LC_ALL=C sort -u
}

# Undo what an attack that worked left in home: the originals back, the
# planted copies and marks gone.
hr_undo() { # MARK
	local f
	find "$HOME" -path "$P" -prune -o -name "*.nbx-old-$1" -print 2>/dev/null |
		LC_ALL=C sort -r | while IFS= read -r f; do
			rm -rf -- "${f%.nbx-old-$1}"
			mv -- "$f" "${f%.nbx-old-$1}"
		done
	find "$HOME" -path "$P" -prune -o \( -name "*nbx-planted*-$1" -o \
		-name "nbx-xchg*-$1" -o -name "nbx-$1" \) -print 2>/dev/null |
		while IFS= read -r f; do rm -rf -- "$f"; done
}

# Remove the placeholders nestbox made in home (listed in MADE).
hr_unmake() { # MADE
	local rel
	while IFS= read -r rel; do rm -rf -- "${HOME:?}/$rel"; done < "$1"
}

# The control: without a sandbox, on a scratch tree laid out like home
# (the "made" paths missing unless home has them, the "present" ones
# there), every attack works and leaves its mark at its path.
hr_control() { # SPECS...
	local ctl=$WORK/hr-ctl mark=nbxctl$RANDOM out bad=0 spec rel
	rm -rf "$ctl" && mkdir -p "$ctl" || return 1
	while read -r spec _; do
		rel=${spec#?:}
		if [ -e "$HOME/$rel" ]; then
			mkdir -p "$(dirname "$ctl/$rel")"
			cp -a "$HOME/$rel" "$ctl/$rel" || return 1
		fi
	done < <(hr_specs)
	hr_make_present "$ctl" || return 1
	out=$("$HRP" "$ctl" "$mark" "$@") || return 1
	[ -n "$out" ] || { echo "# control: the probe printed nothing"; return 1; }
	while read -r rel step result; do
		[ "$result" = OK ] && continue
		echo "# control: $rel $step: $result without a sandbox"
		bad=1
	done <<< "$out"
	for spec in "$@"; do
		rel=${spec#?:}
		hr_marks "$ctl/$rel" "$mark" | grep -q . ||
			{ echo "# control: no mark at $rel"; bad=1; }
	done
	rm -rf "$ctl"
	return $bad
}

hr_attack_all() {
	local specs=() mine=() spec tier profiles pf name mark out marks made back rel
	local bad=0 n=0
	[ -x "$HRP" ] || { echo "# no probe at $HRP"; return 1; }
	[ -r "$HR_INC" ] || { echo "# no $HR_INC"; return 1; }
	while read -r spec tier; do specs+=("$spec"); done < <(hr_specs)
	[ "${#specs[@]}" -gt 100 ] ||
		{ echo "# only ${#specs[@]} paths read from $HR_INC"; return 1; }
	# placeholders an earlier launch left (an empty file or directory,
	# or one of nestbox's stand-ins) count as missing: kept aside in
	# $WORK/hr-saved, put back at the end
	made=$WORK/hr-made
	rm -rf "$WORK/hr-saved" && mkdir -p "$WORK/hr-saved" || return 1
	while read -r spec tier; do
		[ "$tier" = made ] || continue
		rel=${spec#?:}
		if [ -e "$HOME/$rel" ] && hr_is_placeholder "$HOME/$rel"; then
			(cd "$HOME" && cp -a --parents -- "$rel" "$WORK/hr-saved/") &&
				rm -rf -- "${HOME:?}/$rel" || return 1
		fi
		[ -e "$HOME/$rel" ] || echo "$rel"
	done < <(hr_specs) > "$made"
	hr_control "${specs[@]}" || return 1
	hr_make_present "$HOME" || return 1
	[ -s "$made" ] || { echo "# every placeholder already exists"; return 1; }
	profiles=$(hr_profiles)
	[ -n "$profiles" ] || { echo "# no profile shows the real home"; return 1; }
	for pf in $profiles; do
		name=${pf#/etc/firejail/}
		[ "$name" = "$pf" ] && name=$(basename "$pf" .profile)
		n=$((n + 1))
		hr_unmake "$made"
		mark=nbx$name$RANDOM
		# what the profile gives back to its program (git's
		# configuration to git), saying why, is not attacked there
		back=$(hr_given_back "$pf")
		mine=()
		for spec in "${specs[@]}"; do
			grep -qxF -- "${spec#?:}" <<< "$back" || mine+=("$spec")
		done
		# noexec ${HOME} (nestbox-base.inc) aside, to run the probe from
		# home: it stands for any code the profile's program runs
		out=$(cd "$HOME" && "$NB" --quiet --ignore='noexec ${HOME}' \
			--profile="$pf" "$HRP" "$HOME" "$mark" \
			"${mine[@]}" 2>&1)
		if ! grep -q " write " <<< "$out"; then
			echo "# $name: the probe did not run: $(head -3 <<< "$out")"
			bad=1
			continue
		fi
		grep " OK\$" <<< "$out" | sed "s/^/# $name: reached: /"
		grep -q " OK\$" <<< "$out" && bad=1
		marks=$(hr_marks "$HOME" "$mark")
		if [ -n "$marks" ]; then
			sed "s|^|# $name: changed outside: |" <<< "$marks"
			bad=1
			hr_undo "$mark"
		fi
	done
	[ "$n" -ge 20 ] || { echo "# only $n profiles show the real home"; bad=1; }
	grep -q /etc/firejail/ <<< "$profiles" ||
		{ echo "# no firejail profile of the list shows the real home"; bad=1; }
	hr_unmake "$made"
	cp -a "$WORK/hr-saved/." "$HOME/" && rm -rf "$WORK/hr-saved"
	return $bad
}

# Empty, or written by nestbox (mountplan_private.c's stand-ins).
hr_is_placeholder() { # PATH
	if [ -d "$1" ]; then
		[ -z "$(ls -A "$1")" ]
	else
		[ ! -s "$1" ] || head -1 "$1" | grep -q '^[#"] Made by nestbox'
	fi
}

test_homerules_code_running_paths_hold_under_every_profile() {
	hr_isolated hr_attack_all
}

# --- blacklisted secrets across runs ----------------------------------------

# Run 1 renames a secret's parents (or the secret) away; run 2 reads it
# under the new name.  Each under default.profile, with its control.
HR_SECRETS=(".local/share/keyrings/login.keyring" ".ssh/id_rsa" ".gnupg/private-keys-v1.d/k.key")
# deepest first, so that each works in the control
HR_RENAMES=".local/share/keyrings:.local/share/k2 .local/share:.local/share2 .local:.l2 .ssh:.s2 .gnupg:.g2"

hr_secret_steps() { # ROOT: run 1's renames, one "FROM TO rc" a line
	local pair
	for pair in $HR_RENAMES; do
		mv -- "$1/${pair%%:*}" "$1/${pair#*:}" 2>/dev/null
		echo "${pair%%:*} ${pair#*:} $?"
	done
}

hr_secret_reads() { # ROOT SECRET: run 2 looks for it everywhere in home
	grep -rlsF -- "$2" "$1"
}

hr_secrets_across_runs() {
	local secret=nbxsecret$RANDOM s ctl=$WORK/hr-sctl got fns
	for s in "${HR_SECRETS[@]}"; do
		[ -e "$HOME/$s" ] && { echo "# $HOME/$s exists already"; return 1; }
		mkdir -p "$(dirname "$HOME/$s")" "$(dirname "$ctl/$s")" &&
			echo "$secret" > "$HOME/$s" && echo "$secret" > "$ctl/$s" ||
			return 1
	done
	# control: the same renames and reads work without a sandbox
	eq "$(hr_secret_steps "$ctl" | awk '$3 != 0' | wc -l)" 0 || return 1
	eq "$(hr_secret_reads "$ctl" "$secret" | wc -l)" 3 || return 1
	rm -rf "$ctl"
	fns=$(declare -f hr_secret_steps hr_secret_reads)
	# run 1: every rename refused
	got=$(cd "$HOME" && "$NB" --quiet --profile="$HR_PD/default.profile" \
		bash -c "HR_RENAMES='$HR_RENAMES'; $fns; hr_secret_steps \$HOME" 2>&1)
	eq "$(grep -cE '^[^ ]+ [^ ]+ [0-9]+$' <<< "$got")" 5 ||
		{ echo "run 1 did not run: $got"; return 1; }
	eq "$(awk 'NF == 3 && $3 == 0' <<< "$got")" "" || {
		for s in $HR_RENAMES; do
			[ -e "$HOME/${s#*:}" ] && mv "$HOME/${s#*:}" "$HOME/${s%%:*}"
		done
		return 1
	}
	# run 2: no secret under any new name, nor under its own
	got=$(cd "$HOME" && "$NB" --quiet --profile="$HR_PD/default.profile" \
		bash -c "$fns; hr_secret_reads \$HOME $secret" 2>/dev/null)
	eq "$got" "" &&
		# and outside, every secret is where it was
		for s in "${HR_SECRETS[@]}"; do
			eq "$(cat "$HOME/$s")" "$secret" || return 1
		done
}

test_blacklisted_secrets_stay_hidden_whatever_run_one_renamed() {
	hr_isolated hr_secrets_across_runs
}

# --- a symlinked ~/.config ---------------------------------------------------

# ~/.config a link to ~/nbx-dotfiles/config.  Run 1 replaces the link with
# a directory of its own holding ~/.config/nestbox/default.local that
# unhides ~/.ssh, renames the link's target away, writes through the link;
# run 2 reads ~/.ssh/id_rsa.  Control: the same steps, outside, work.
hr_link_steps() { # ROOT: run 1's steps, each "STEP rc"
	local h=$1 line='ignore blacklist ${HOME}/.ssh'
	mkdir -p "$h/.config/nestbox" 2>/dev/null
	printf '%s\n' "$line" > "$h/.config/nestbox/default.local" 2>/dev/null
	echo "write-through $?"
	rm -f "$h/.config/nestbox/default.local"
	mv "$h/nbx-dotfiles/config" "$h/nbx-dotfiles/c2" 2>/dev/null
	echo "move-target-dir $?"
	mv "$h/nbx-dotfiles" "$h/nbx-elsewhere" 2>/dev/null
	echo "move-target $?"
	rm -f "$h/.config" 2>/dev/null && mkdir -p "$h/.config/nestbox" &&
		printf '%s\n' "$line" > "$h/.config/nestbox/default.local"
	echo "replace-link $?"
}

hr_symlinked_config() {
	local secret=nbxlinked$RANDOM ctl=$WORK/hr-lctl got fns moved=""
	[ -e "$HOME/.ssh/id_rsa" ] && { echo "# ~/.ssh/id_rsa exists already"; return 1; }
	mkdir -p "$HOME/.ssh" "$HOME/nbx-dotfiles" && echo "$secret" > "$HOME/.ssh/id_rsa" ||
		return 1
	# home's own ~/.config, if any, becomes the link's target
	if [ -d "$HOME/.config" ] && [ ! -L "$HOME/.config" ]; then
		mv "$HOME/.config" "$HOME/nbx-dotfiles/config" && moved=1
	else
		mkdir -p "$HOME/nbx-dotfiles/config/nestbox"
	fi
	ln -s nbx-dotfiles/config "$HOME/.config" || return 1
	hr_link_config_runs "$secret" "$ctl"
	local rc=$?
	# home as it was: ~/.config a directory again
	[ -L "$HOME/.config" ] && rm -f "$HOME/.config"
	[ -d "$HOME/nbx-elsewhere" ] && mv "$HOME/nbx-elsewhere" "$HOME/nbx-dotfiles"
	[ -d "$HOME/nbx-dotfiles/c2" ] && mv "$HOME/nbx-dotfiles/c2" "$HOME/nbx-dotfiles/config"
	if [ -n "$moved" ] && [ ! -e "$HOME/.config" ]; then
		mv "$HOME/nbx-dotfiles/config" "$HOME/.config"
	fi
	rm -rf "$HOME/nbx-dotfiles" "$HOME/nbx-elsewhere"
	return $rc
}

hr_link_config_runs() { # SECRET CONTROL-DIR
	local secret=$1 ctl=$2 got fns
	# control: a tree like it, the same steps work without a sandbox
	mkdir -p "$ctl/nbx-dotfiles/config/nestbox" &&
		ln -s nbx-dotfiles/config "$ctl/.config" || return 1
	eq "$(hr_link_steps "$ctl" | awk '$2 != 0')" "" || return 1
	rm -rf "$ctl"
	fns=$(declare -f hr_link_steps)
	# run 1
	got=$(cd "$HOME" && "$NB" --quiet --profile="$HR_PD/default.profile" \
		bash -c "$fns; hr_link_steps \$HOME" 2>&1)
	eq "$(grep -cE '^[a-z-]+ [0-9]+$' <<< "$got")" 4 ||
		{ echo "run 1 did not run: $got"; return 1; }
	eq "$(awk 'NF == 2 && $2 == 0' <<< "$got")" "" || return 1
	# outside: still the link, to the same place, and no default.local
	eq "$(readlink "$HOME/.config")" nbx-dotfiles/config || return 1
	[ ! -e "$HOME/.config/nestbox/default.local" ] ||
		{ echo "run 1 wrote ~/.config/nestbox/default.local"; return 1; }
	# run 2: the secret stays hidden
	got=$(cd "$HOME" && "$NB" --quiet --profile="$HR_PD/default.profile" \
		cat "$HOME/.ssh/id_rsa" 2>/dev/null)
	eq "$got" ""
}

test_symlinked_config_holds_as_link_and_target_over_two_runs() {
	hr_isolated hr_symlinked_config
}
