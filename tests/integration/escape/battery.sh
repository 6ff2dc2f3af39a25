# The escape battery (issue #7), sourced by suite.sh with the other
# escape/*.sh: each attempt to get out runs from inside a sandbox under
# both --profile=default (the shipped default.profile) and --noprofile,
# and each failure is asserted exactly (the errno, the content not read,
# the process still alive).  Where the user can do the same thing outside,
# a control does it there first: the sandbox is then what stops it.
# ${PROBE}-escape makes one attempt (escape/probe-escape.c).

PE=${PROBE}-escape
ESC=$P/escape
ESC_SECRET=nestbox-escape-secret
esc_setup() {
	rm -rf "$ESC" && mkdir -p "$ESC" && cd "$HOME" || return 1
}

# A key in ~/.ssh, which default.profile blacklists (nestbox-secrets.inc);
# under --noprofile the same blacklist is asked for on the command line.
esc_ssh_setup() {
	mkdir -p -m 0700 "$HOME/.ssh" && echo "$ESC_SECRET" > "$HOME/.ssh/id_test"
}

# in_both FUNC ARGS...: FUNC runs once per profile with EB set to the
# launcher's command line (and EB_NAME to say which); both must pass.
in_both() {
	local f=$1 bad=0
	shift
	EB=("$NB" --quiet --profile=default)
	EB_NAME=default
	"$f" "$@" || { echo "(under --profile=default)"; bad=1; }
	EB=("$NB" --quiet --noprofile "--blacklist=$HOME/.ssh")
	EB_NAME=noprofile
	"$f" "$@" || { echo "(under --noprofile)"; bad=1; }
	return $bad
}

# eq_lines GOT LINE...: GOT is exactly these lines
eq_lines() {
	local got=$1
	shift
	eq "$got" "$(printf '%s\n' "$@")"
}
