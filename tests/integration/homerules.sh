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

# Run FN inside, under default.profile, as `FN $HOME ARGS...` after the
# shell code PRELUDE: it prints one "STEP rc" line a step, N of them.  A
# step that worked there is said (# WHAT: ...) and fails the test; so do
# steps that did not run.
hr_all_refused_inside() { # WHAT N PRELUDE FN ARGS...
	local what=$1 n=$2 prelude=$3 fn=$4 out
	shift 4
	out=$(cd "$HOME" && "$NB" --quiet --profile="$HR_PD/default.profile" \
		bash -c "$prelude; $(declare -f "$fn"); $fn \$HOME $*" 2>&1)
	eq "$(grep -cE '^[^ ]+ [0-9]+$' <<< "$out")" "$n" ||
		{ echo "# $what: the steps did not run: $out"; return 1; }
	grep -E '^[^ ]+ 0$' <<< "$out" | sed "s/^/# $what: done inside: /"
	! grep -qE '^[^ ]+ 0$' <<< "$out"
}

# The include's paths, one "KIND:REL TIER" a line: KIND d or f; TIER
# "made" (mkdir/mkfile or keep-missing before it: held even when
# missing) or "present"
# (held when it exists: the test creates it first; its kind is a directory
# when another listed path lies below it, else a file).
hr_specs() {
	awk -v home='${HOME}/' '
		function rel(p) { return substr(p, length(home) + 1) }
		$1 == "mkdir" && index($2, home) == 1 { made[rel($2)] = "d" }
		$1 == "mkfile" && index($2, home) == 1 { made[rel($2)] = "f" }
		$1 == "keep-missing" && index($2, home) == 1 && !(rel($2) in made) {
			made[rel($2)] = "f"
		}
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

# keep-missing's link to nowhere, from an earlier launch
hr_is_kept_missing() { # PATH
	[ -L "$1" ] && [ "$(readlink "$1")" = /dev/null/kept-missing-by-nestbox ]
}

# Create the "present" paths that are missing (a link to nowhere an
# earlier launch left counts as missing); print what was created.
hr_make_present() { # ROOT
	local root=$1 spec tier
	while read -r spec tier; do
		[ "$tier" = present ] || continue
		hr_is_kept_missing "$root/${spec#?:}" && rm -f -- "$root/${spec#?:}"
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
	local bad=0 n=0 unmarked
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
	# links to nowhere an earlier launch left become files here: gone
	# again at the end (hr_isolated sees no new path there)
	unmarked=$(while read -r spec tier; do
		[ "$tier" = present ] && hr_is_kept_missing "$HOME/${spec#?:}" &&
			echo "${spec#?:}"
	done < <(hr_specs))
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
	for rel in $unmarked; do rm -rf -- "${HOME:?}/$rel"; done
	cp -a "$WORK/hr-saved/." "$HOME/" && rm -rf "$WORK/hr-saved"
	return $bad
}

# Empty, or written by nestbox (mountplan_private.c's stand-ins; after a
# #! line in those that are run).
hr_is_placeholder() { # PATH
	hr_is_kept_missing "$1" && return 0
	if [ -d "$1" ]; then
		# nothing in it but empty files and directories (~/.emacs.d
		# is made with an empty init.el)
		[ -z "$(find "$1" -mindepth 1 \( -type f -size +0 -o -type l -o \
			\! -type f \! -type d \) -print -quit)" ]
	else
		[ ! -s "$1" ] || head -2 "$1" | grep -q '^[#"] Made by nestbox'
	fi
}

test_homerules_code_running_paths_hold_under_every_profile() {
	hr_isolated hr_attack_all
}

# --- made when missing: files run by what is set up or installed later ------

# X's session and server start-up files, csh's, tcsh's and ksh's, the
# tool directories installers put in $PATH, gnome-session's ~/.gnomerc,
# xrdb's ~/.Xresources: once held only when present (a program could
# create them), now made when missing; ~/.Xclients kept missing.  Under
# default.profile: each created, appended to, or filled, from inside;
# outside, none holds the mark, each is there as nestbox's stand-in or
# empty, and the stand-ins keep what a missing file means.
HR_LATE="f:.xsession f:.Xsession f:.xinitrc f:.xserverrc f:.cshrc f:.tcshrc
f:.login f:.logout f:.kshrc f:.mkshrc d:.cargo/bin d:.rustup d:.nvm
f:.gnomerc f:.Xresources f:.Xclients"

# Plant MARK at each spec's path below ROOT: "REL rc" a line.
hr_late_plant() { # ROOT MARK SPECS...
	local root=$1 mark=$2 spec rel
	shift 2
	for spec; do
		rel=${spec#?:}
		case $spec in
		f:*) mkdir -p "$(dirname "$root/$rel")" 2>/dev/null &&
			echo "echo $mark" >> "$root/$rel" 2>/dev/null ;;
		d:*) mkdir -p "$root/$rel/.git" 2>/dev/null &&
			echo "echo $mark" > "$root/$rel/ls" 2>/dev/null ;;
		esac
		echo "$rel $?"
	done
}

hr_late() {
	local mark=nbxlate$RANDOM ctl=$WORK/hr-late-ctl s=$WORK/hr-late-s
	local saved=$WORK/hr-late-saved spec rel bad=0 f
	# each missing: a placeholder an earlier launch left is kept aside
	rm -rf "$saved" "$ctl" "$s" && mkdir -p "$saved" "$ctl" "$s" || return 1
	for spec in $HR_LATE; do
		rel=${spec#?:}
		[ -e "$HOME/$rel" ] || [ -L "$HOME/$rel" ] || continue
		hr_is_placeholder "$HOME/$rel" ||
			{ echo "# ~/$rel exists already, not nestbox's"; return 1; }
		(cd "$HOME" && cp -a --parents -- "$rel" "$saved/") &&
			rm -rf -- "${HOME:?}/$rel" || return 1
	done
	# control: without a sandbox, every one is planted
	eq "$(hr_late_plant "$ctl" "$mark" $HR_LATE | awk '$2 != 0')" "" ||
		return 1
	hr_all_refused_inside plant 16 : hr_late_plant "$mark" $HR_LATE || bad=1
	# outside: no mark, and each is there, nestbox's
	for spec in $HR_LATE; do
		rel=${spec#?:}
		if [ ! -e "$HOME/$rel" ] && [ ! -L "$HOME/$rel" ]; then
			echo "# ~/$rel was not made"
			bad=1
		elif grep -rqF -- "$mark" "$HOME/$rel" ||
			! hr_is_placeholder "$HOME/$rel"; then
			echo "# ~/$rel changed: $(ls -A "$HOME/$rel" | head -3)"
			bad=1
		fi
	done
	[ "$bad" = 0 ] && hr_late_meaning "$s" || bad=1
	for spec in $HR_LATE; do rm -rf -- "${HOME:?}/${spec#?:}"; done
	rmdir "$HOME/.cargo" 2>/dev/null
	cp -a "$saved/." "$HOME/" && rm -rf "$saved" "$ctl" "$s"
	return $bad
}

# The stand-ins, copied into a scratch home S, do what a missing file
# means: run as their callers run them (Debian's Xsession runs ~/.xsession
# directly when executable, xinit through sh), they go on to the user's
# ~/.Xsession, or exec the system's file with the same arguments.
hr_late_meaning() { # S
	local s=$1 f got
	for f in .xsession .Xsession .xinitrc .xserverrc; do
		[ -x "$HOME/$f" ] || { echo "# ~/$f is not executable"; return 1; }
		eq "$(head -1 "$HOME/$f")" "#!/bin/sh" || return 1
		sh -n "$HOME/$f" || { echo "# ~/$f: not sh"; return 1; }
		cp "$HOME/$f" "$s/$f" || return 1
	done
	grep -qxF '	exec /bin/sh /etc/X11/xinit/xinitrc "$@"' "$HOME/.xinitrc" &&
		grep -qxF '	exec /bin/sh /etc/X11/xinit/xserverrc "$@"' "$HOME/.xserverrc" ||
		{ echo "# the xinit stand-ins do not run the system's files"; return 1; }
	# ~/.Xsession's picks what 50x11-common_determine-startup picks
	grep -qF 'exec /usr/bin/x-session-manager' "$HOME/.Xsession" ||
		{ echo "# ~/.Xsession does not run x-session-manager"; return 1; }
	# ~/.xsession goes on to the user's own ~/.Xsession, executable...
	printf '#!/bin/sh\necho user-Xsession "$@"\n' > "$s/.Xsession" &&
		chmod 700 "$s/.Xsession" || return 1
	got=$(HOME=$s SHELL=/bin/false "$s/.xsession")
	eq "$got" "user-Xsession" || return 1
	# ...or not, run with $SHELL as Xsession does
	chmod 600 "$s/.Xsession" &&
		got=$(HOME=$s SHELL=/bin/bash "$s/.xsession")
	eq "$got" "user-Xsession" || return 1
	# tcsh reads ~/.cshrc through ~/.tcshrc's stand-in
	need tcsh || return 1
	cp "$HOME/.tcshrc" "$s/.tcshrc" &&
		echo 'set nbx=from-cshrc' > "$s/.cshrc" || return 1
	got=$(HOME=$s tcsh -c 'echo $nbx' 2>&1)
	eq "$got" "from-cshrc" || return 1
	# every other one is empty: what none means
	# a link to nowhere: what Red Hat's xinitrc tests, -x, is false
	[ ! -x "$HOME/.Xclients" ] && [ ! -e "$HOME/.Xclients" ] &&
		hr_is_kept_missing "$HOME/.Xclients" ||
		{ echo "# ~/.Xclients is not kept missing"; return 1; }
	for f in .cshrc .login .logout .kshrc .mkshrc .gnomerc .Xresources; do
		[ ! -s "$HOME/$f" ] || { echo "# ~/$f is not empty"; return 1; }
	done
	for f in .cargo/bin .rustup .nvm; do
		[ -d "$HOME/$f" ] && [ -z "$(ls -A "$HOME/$f")" ] ||
			{ echo "# ~/$f is not an empty directory"; return 1; }
	done
}

test_homerules_files_run_later_are_made_and_hold() {
	hr_isolated hr_late
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

# --- kept missing: emacs's and cargo's files ---------------------------------

# emacs and cargo read one file of several, chosen by which exist: no
# placeholder keeps that, so the missing names are kept missing (links to
# nowhere, pinned) and the rest made only where the program would use them
# (fsfacts_mkwhen.c).  For each way a user may have set emacs up (none,
# ~/.config/emacs, ~/.emacs.d, ~/.emacs), and cargo (none, config.toml, the
# legacy config): a launch under default.profile tries to plant code in
# every name they read; then the real emacs and cargo, run outside, read
# the user's configuration as they did before the launch, say no warning,
# and run nothing planted.  Control: the same plants, without a sandbox,
# in a scratch home like it, are run by emacs and cargo.
HR_EM_NAMES=".emacs .emacs.gz .emacs.el .emacs.el.gz .emacs.elc .emacs.elc.gz
.emacs.so .emacs.so.gz .emacs.d .config/emacs"
HR_EM_PLANTS=".emacs .emacs.el .emacs.elc .emacs.so .emacs.d/init.el
.emacs.d/early-init.el .config/emacs/init.el .config/emacs/early-init.el"
HR_CARGO_PLANTS=".cargo/config .cargo/config.toml .cargo/credentials
.cargo/credentials.toml"

# Plant in ROOT: emacs lisp that leaves a mark, cargo an alias; "REL rc".
hr_km_plant() { # ROOT MARKFILE
	local rel
	for rel in $HR_EM_PLANTS; do
		mkdir -p "$(dirname "$1/$rel")" 2>/dev/null &&
			printf '(write-region "%s\\n" nil "%s" t)\n' "$rel" "$2" \
				>> "$1/$rel" 2>/dev/null
		echo "$rel $?"
	done
	for rel in $HR_CARGO_PLANTS; do
		mkdir -p "$1/.cargo" 2>/dev/null &&
			printf '[alias]\nnbxplanted = "version"\n' > "$1/$rel" 2>/dev/null
		echo "$rel $?"
	done
}

# What emacs, started as a user starts it, reads in home H: "DIR INIT
# WARNINGS" (its user directory, its init file, whether it warned).
hr_emacs_reads() { # H
	local out=$WORK/hr-em.out
	rm -f "$out"
	printf '(write-region (format "%%s %%s %%s\\n" user-emacs-directory user-init-file (if (get-buffer "*Warnings*") "warned" "quiet")) nil "%s")\n(kill-emacs 0)\n' \
		"$out" > "$WORK/hr-em-check.el"
	# TMPDIR: what its native compiler starts at each start-up and we
	# cut short leaves a file there
	mkdir -p "$WORK/hr-em-tmp" &&
		HOME=$1 TMPDIR=$WORK/hr-em-tmp TERM=xterm timeout 60 script -qec \
		"emacs -nw -l $WORK/hr-em-check.el" /dev/null > /dev/null 2>&1
	[ -s "$out" ] || { echo "# emacs did not run in $1"; return 1; }
	sed "s|$1|~|g" "$out"
}

# One emacs set-up, made in H: none, xdg, emacs.d or dotemacs.
hr_emacs_setup() { # H KIND MARKFILE
	local line="(write-region \"user\\n\" nil \"$3\" t)"
	case $2 in
	xdg) mkdir -p "$1/.config/emacs" && echo "$line" > "$1/.config/emacs/init.el" ;;
	emacs.d) mkdir -p "$1/.emacs.d" && echo "$line" > "$1/.emacs.d/init.el" ;;
	dotemacs) echo "$line" > "$1/.emacs" ;;
	esac
}

hr_km_clear() { # H
	local n
	for n in $HR_EM_NAMES; do rm -rf -- "${1:?}/$n"; done
	rm -rf -- "${1:?}/.cargo/config" "$1/.cargo/config.toml" \
		"$1/.cargo/credentials" "$1/.cargo/credentials.toml"
}

# The control for one set-up: planted without a sandbox, emacs runs it.
hr_emacs_control() { # KIND
	local ctl=$WORK/hr-em-ctl mark=$WORK/hr-em-ctl.mark
	rm -rf "$ctl" "$mark" && mkdir -p "$ctl" || return 1
	hr_emacs_setup "$ctl" "$1" "$WORK/hr-em-ctl.user" || return 1
	eq "$(hr_km_plant "$ctl" "$mark" | awk '$2 != 0')" "" || return 1
	hr_emacs_reads "$ctl" > /dev/null || return 1
	[ -s "$mark" ] || { echo "# $1: emacs ran no plant without a sandbox"; return 1; }
	rm -rf "$ctl" "$mark"
}

hr_emacs_kept() {
	local kind mark=$WORK/hr-em.mark user=$WORK/hr-em.user before got fns out
	local n bad=0
	need emacs script || return 1
	for n in $HR_EM_NAMES; do
		[ -e "$HOME/$n" ] || [ -L "$HOME/$n" ] || continue
		[ -L "$HOME/$n" ] && [ "$(readlink "$HOME/$n")" = /dev/null/kept-missing-by-nestbox ] &&
			continue
		hr_is_placeholder "$HOME/$n" ||
			{ echo "# ~/$n exists already, not nestbox's"; return 1; }
	done
	fns=$(declare -f hr_km_plant)
	for kind in none xdg emacs.d dotemacs; do
		hr_emacs_control "$kind" || return 1
		hr_km_clear "$HOME"
		rm -f "$mark" "$user"
		hr_emacs_setup "$HOME" "$kind" "$user" || return 1
		# (run in a home of none, emacs would make ~/.emacs.d)
		if [ "$kind" != none ]; then
			before=$(hr_emacs_reads "$HOME") || return 1
		fi
		rm -f "$user"
		out=$(cd "$HOME" && "$NB" --quiet --profile="$HR_PD/default.profile" \
			bash -c "HR_EM_PLANTS='$(echo $HR_EM_PLANTS)' HR_CARGO_PLANTS=''; $fns; hr_km_plant \$HOME $mark" 2>&1)
		eq "$(grep -cE '^[^ ]+ [0-9]+$' <<< "$out")" 8 ||
			{ echo "# $kind: the plant did not run: $out"; return 1; }
		# what stays writable is what emacs does not read here
		# (checked below, by running it)
		got=$(hr_emacs_reads "$HOME") || return 1
		if [ -s "$mark" ]; then
			echo "# $kind: emacs ran what the sandbox planted: $(tr '\n' ' ' < "$mark")"
			bad=1
		fi
		case $kind in
		none) # what the launch made: ~/.emacs.d with an empty init.el
			eq "$got" "~/.emacs.d/ ~/.emacs.d/init.el quiet" || bad=1 ;;
		*)	eq "$got" "$before" || bad=1
			[ -s "$user" ] || { echo "# $kind: emacs did not read the user's init"; bad=1; } ;;
		esac
		case $got in *quiet) ;; *) echo "# $kind: emacs warned: $got"; bad=1 ;; esac
		hr_km_clear "$HOME"
	done
	return $bad
}

test_homerules_emacs_reads_its_own_init_whatever_was_planted() {
	hr_isolated hr_emacs_kept
}

# cargo: which configuration `cargo` reads in home H, and what it says:
# "ALIASES | STDERR" (the aliases it knows of, nbxuser and nbxplanted).
hr_cargo_reads() { # H
	local a got=""
	for a in nbxuser nbxplanted; do
		(cd "$1" && HOME=$1 cargo "$a" > /dev/null 2>&1) && got="$got$a "
	done
	echo "${got}| $(cd "$1" && HOME=$1 cargo version 2>&1 > /dev/null)"
}

hr_cargo_setup() { # H KIND
	mkdir -p "$1/.cargo" || return 1
	case $1:$2 in
	*:toml) printf '[alias]\nnbxuser = "version"\n' > "$1/.cargo/config.toml" ;;
	*:legacy) printf '[alias]\nnbxuser = "version"\n' > "$1/.cargo/config" ;;
	esac
}

hr_cargo_kept() {
	local kind ctl=$WORK/hr-cargo-ctl before got rel bad=0
	need cargo || return 1
	for rel in $HR_CARGO_PLANTS; do
		[ -e "$HOME/$rel" ] && ! hr_is_placeholder "$HOME/$rel" &&
			{ echo "# ~/$rel exists already, not nestbox's"; return 1; }
	done
	for kind in none toml legacy; do
		# control: planted without a sandbox, cargo reads the plant
		rm -rf "$ctl" && mkdir -p "$ctl" && hr_cargo_setup "$ctl" "$kind" ||
			return 1
		eq "$(HR_EM_PLANTS='' hr_km_plant "$ctl" /dev/null | awk '$2 != 0')" "" ||
			return 1
		case $(hr_cargo_reads "$ctl") in
		*nbxplanted*) ;;
		*) echo "# $kind: cargo read no plant without a sandbox"; return 1 ;;
		esac
		rm -rf "$ctl"
		hr_km_clear "$HOME"
		hr_cargo_setup "$HOME" "$kind" || return 1
		before=$(hr_cargo_reads "$HOME")
		hr_all_refused_inside "$kind" 4 \
			"HR_EM_PLANTS='' HR_CARGO_PLANTS='$(echo $HR_CARGO_PLANTS)'" \
			hr_km_plant /dev/null || bad=1
		# cargo reads what it read before, and says nothing more
		got=$(hr_cargo_reads "$HOME")
		eq "$got" "$before" || bad=1
		hr_km_clear "$HOME"
	done
	return $bad
}

test_homerules_cargo_reads_its_own_config_whatever_was_planted() {
	hr_isolated hr_cargo_kept
}

# --- a symlinked dotfile -----------------------------------------------------

# A dotfile manager's ~/.bashrc is a link into its repository.  From
# inside, under default.profile: the link removed, renamed, replaced by a
# file of the program's, and the file written through it.  Outside: the
# same link, the same file.  Control: the same steps work without a
# sandbox.
hr_dotlink_steps() { # H
	mv "$1/.bashrc" "$1/.bashrc-x" 2>/dev/null &&
		mv "$1/.bashrc-x" "$1/.bashrc"
	echo "rename $?"
	ln -sfn nbx-dots/other "$1/.bashrc" 2>/dev/null &&
		ln -sfn nbx-dots/bashrc "$1/.bashrc"
	echo "relink $?"
	echo "echo planted" >> "$1/.bashrc" 2>/dev/null; echo "write $?"
	rm -f "$1/.bashrc" 2>/dev/null &&
		echo "echo planted" > "$1/.bashrc" 2>/dev/null
	echo "replace $?"
}

hr_dotlink() {
	local saved=$WORK/hr-dotlink.saved ctl=$WORK/hr-dotlink-ctl rc=0
	local text="# the user's bashrc $RANDOM"
	rm -rf "$saved" "$ctl" && mkdir -p "$saved" "$ctl/nbx-dots" "$HOME/nbx-dots" ||
		return 1
	# control
	echo "$text" > "$ctl/nbx-dots/bashrc" && ln -s nbx-dots/bashrc "$ctl/.bashrc" ||
		return 1
	eq "$(hr_dotlink_steps "$ctl" | awk '$2 != 0')" "" || return 1
	rm -rf "$ctl"
	# home's own ~/.bashrc aside, the link in its place
	if [ -e "$HOME/.bashrc" ] || [ -L "$HOME/.bashrc" ]; then
		mv "$HOME/.bashrc" "$saved/" || return 1
	fi
	echo "$text" > "$HOME/nbx-dots/bashrc" && ln -s nbx-dots/bashrc "$HOME/.bashrc" ||
		rc=1
	if [ $rc = 0 ]; then
		hr_all_refused_inside dotfile 4 : hr_dotlink_steps || rc=1
		eq "$(readlink "$HOME/.bashrc")" nbx-dots/bashrc || rc=1
		eq "$(cat "$HOME/nbx-dots/bashrc")" "$text" || rc=1
	fi
	rm -f "$HOME/.bashrc" "$HOME/.bashrc-x"
	if [ -e "$saved/.bashrc" ] || [ -L "$saved/.bashrc" ]; then
		mv "$saved/.bashrc" "$HOME/" || rc=1
	fi
	rm -rf "$saved" "$HOME/nbx-dots"
	return $rc
}

test_homerules_symlinked_dotfile_holds_as_link_and_target() {
	hr_isolated hr_dotlink
}

# A link of someone else's that leads nowhere where keep-missing keeps a
# name missing: the program could create what it leads to, so the launch
# is refused (125), saying which, and nothing starts.
hr_foreign_link() {
	local got rc n
	for n in .emacs.el; do
		[ -e "$HOME/$n" ] || [ -L "$HOME/$n" ] || continue
		hr_is_kept_missing "$HOME/$n" ||
			{ echo "# ~/$n exists already, not nestbox's"; return 1; }
		rm -f "$HOME/$n"
	done
	ln -s nbx-missing/emacs.el "$HOME/.emacs.el" || return 1
	got=$(cd "$HOME" && "$NB" --profile="$HR_PD/default.profile" \
		touch "$WORK/hr-foreign.started" 2>&1)
	rc=$?
	rm -f "$HOME/.emacs.el"
	eq "$rc" 125 || return 1
	[ ! -e "$WORK/hr-foreign.started" ] || { echo "# the program started"; return 1; }
	grep -qF "keep-missing $HOME/.emacs.el: something is there" <<< "$got" ||
		{ echo "# not said: $got"; return 1; }
	[ ! -e "$HOME/nbx-missing" ] || { echo "# its target was made"; return 1; }
}

test_homerules_link_to_nothing_where_kept_missing_is_refused() {
	hr_isolated hr_foreign_link
}
