#!/bin/bash
# The test runner behind `make check`: unit tests (cmocka), then the
# integration suite as an unprivileged user.  Ends with
# "N passed, N failed, N skipped".
#
# Run as root, it creates what the integration tests need and runs them as
# that user (a test that passes only as root proves nothing):
#   nestbox-test    with a subordinate id range (the normal case)
#   nestbox-nosub   without one (the direct-map fallback)
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
passed=0
failed=0
skipped=0

run_unit() {
	local t out p f
	for t in "$ROOT/$BUILD"/tests/test_*; do
		[ -x "$t" ] || continue
		out=$(CMOCKA_MESSAGE_OUTPUT=stdout "$t" 2>&1)
		printf '%s\n' "$out" | grep -E '\[  (FAILED|ERROR) *\]|\[  PASSED  \]' | sed "s|^|$(basename "$t"): |"
		p=$(printf '%s\n' "$out" | grep -o '\[  PASSED  \] [0-9]* test' | tail -1 | tr -dc 0-9)
		f=$(printf '%s\n' "$out" | grep -o '\[  FAILED  \] [0-9]* test' | tail -1 | tr -dc 0-9)
		if [ -z "$p" ] && [ -z "$f" ]; then
			echo "$(basename "$t"): crashed"
			printf '%s\n' "$out" | tail -20
			failed=$((failed + 1))
			continue
		fi
		passed=$((passed + ${p:-0}))
		failed=$((failed + ${f:-0}))
	done
}

. "$ROOT/tests/users.sh"

# Integration: copy the binaries where the test user can run them; the
# probe goes into that user's home, which the sandbox shows.
run_integration_as() { # USER
	local user=$1 home dir out
	home=$(getent passwd "$user" | cut -d: -f6)
	dir=$(mktemp -d /tmp/nestbox-it.XXXXXX)
	chmod 755 "$dir"
	cp "$ROOT/$BUILD/nestbox" "$dir/nestbox"
	mkdir -p "$home/.nestbox-test"
	# probe, probe-landlock...: $PROBE-NAME in the suite
	cp "$ROOT/$BUILD"/tests/probe* "$home/.nestbox-test/"
	chown -R "$user:" "$home/.nestbox-test"
	cp "$ROOT"/tests/integration/*.sh "$dir/"
	mkdir -p "$dir/escape" && find "$ROOT/tests/integration/escape" -name "*.sh" -exec cp {} "$dir/escape/" \; 2>/dev/null || true
	mkdir -p "$dir/profiles" && cp -r "$ROOT"/profiles/. "$dir/profiles/"
	chmod -R a+rX "$dir"
	chmod 755 "$dir/nestbox"
	local opt_file=""
	if [ -d /opt ]; then
		opt_file=/opt/nestbox-test-owned-$user
		: > "$opt_file"
		chown "$user:" "$opt_file"
	fi
	runuser -u "$user" -- env -i PATH=/usr/local/bin:/usr/bin:/bin \
		HOME="$home" USER="$user" SHELL=/bin/bash LANG=C.UTF-8 \
		XDG_RUNTIME_DIR="/run/user/$(id -u "$user")" \
		NESTBOX="$dir/nestbox" PROBE="$home/.nestbox-test/probe" \
		NESTBOX_PROFILE_DIR="$dir/profiles" \
		OPT_FILE="$opt_file" NOSUB_USER=nestbox-nosub NOSUB_AS_ROOT=1 \
		ONLY="${ONLY:-}" \
		bash "$dir/suite.sh" > "$dir/out" 2>&1
	cat "$dir/out"
	count_tap "$dir/out"
	# ONLY=REGEX (while developing): the matching tests of the suite alone
	if [ -n "${ONLY:-}" ]; then
		rm -rf "$dir" "$home/.nestbox-test"
		[ -n "$opt_file" ] && rm -f "$opt_file"
		return 0
	fi
	# the no-subordinate-range user, for the fallback and the hostile
	# registry cases: a runtime dir of its own whose nestbox/ root made
	local foreign
	foreign=$(mktemp -d /tmp/nestbox-foreign.XXXXXX)
	mkdir "$foreign/nestbox"
	chmod 755 "$foreign/nestbox"
	chown nestbox-nosub: "$foreign"
	chmod 700 "$foreign"
	runuser -u nestbox-nosub -- env -i PATH=/usr/bin:/bin FOREIGN_XDG="$foreign" \
		HOME="$(getent passwd nestbox-nosub | cut -d: -f6)" \
		XDG_RUNTIME_DIR="/run/user/$(id -u nestbox-nosub)" \
		NESTBOX="$dir/nestbox" NESTBOX_PROFILE_DIR="$dir/profiles" bash "$dir/suite.sh" fallback > "$dir/out2" 2>&1
	cat "$dir/out2"
	count_tap "$dir/out2"
	run_cross_user "$user" nestbox-nosub "$dir"
	rm -rf "$dir" "$home/.nestbox-test" "$foreign"
	[ -n "$opt_file" ] && rm -f "$opt_file"
}

# Two users (issue #6): OWNER runs a named sandbox; OTHER can neither see
# nor join nor stop it (tests/cross-user.sh), and it still runs after.
run_cross_user() { # OWNER OTHER DIR
	local owner=$1 other=$2 dir=$3 xdg info="" i init launcher
	xdg=/run/user/$(id -u "$owner")
	runuser -u "$owner" -- env -i PATH=/usr/bin:/bin HOME="$(getent passwd "$owner" | cut -d: -f6)" \
		XDG_RUNTIME_DIR="$xdg" "$dir/nestbox" --quiet --noprofile --name=private-box sleep 120 &
	local bg=$!
	cp "$ROOT/tests/cross-user.sh" "$dir/" && chmod a+r "$dir/cross-user.sh"
	for i in $(seq 1 200); do
		info=$(grep -l '^name private-box$' "$xdg"/nestbox/*/info 2>/dev/null | head -1)
		[ -n "$info" ] && [ -f "$(dirname "$info")/join" ] && break
		sleep 0.05
	done
	init=$(sed -n 's/^pid //p' "$info" 2>/dev/null)
	launcher=$(sed -n 's/^launcher //p' "$info" 2>/dev/null)
	runuser -u "$other" -- env -i PATH=/usr/bin:/bin HOME="$(getent passwd "$other" | cut -d: -f6)" \
		XDG_RUNTIME_DIR="/run/user/$(id -u "$other")" A_PID="${init:-none}" A_LAUNCHER="${launcher:-none}" \
		bash "$dir/cross-user.sh" "$dir/nestbox" > "$dir/out3" 2>&1
	if [ -n "$init" ] && kill -0 "$init" 2>/dev/null; then
		echo "ok - cross_user_sandbox_still_runs_after_the_other_users_attempts" >> "$dir/out3"
	else
		echo "not ok - cross_user_sandbox_still_runs_after_the_other_users_attempts" >> "$dir/out3"
	fi
	runuser -u "$owner" -- env -i PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$xdg" "$dir/nestbox" --shutdown=private-box
	wait "$bg"
	cat "$dir/out3"
	count_tap "$dir/out3"
}

count_tap() {
	local p f s
	# "ok - NAME # skip REASON": a skip, not a pass
	s=$(grep -c '^ok .* # skip ' "$1")
	p=$(($(grep -c '^ok ' "$1") - s))
	f=$(grep -c '^not ok ' "$1")
	grep '^ok .* # skip ' "$1" >> "$ROOT/$BUILD/skips"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ "$((p + f + s))" = 0 ]; then
		echo "integration: no test ran"
		failed=$((failed + 1))
	fi
}

# The man page renders without warnings and documents every option that
# --help lists (so a new directive cannot go undocumented).
run_docs() {
	local w opt missing=""
	w=$(groff -man -ww -z "$ROOT/man/nestbox.1" "$ROOT/man/nestbox-profile.5" 2>&1)
	if [ -z "$w" ]; then
		echo "ok - man page renders without warnings"
		passed=$((passed + 1))
	else
		echo "not ok - man page renders without warnings"
		printf '%s\n' "$w" | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
	for opt in $("$ROOT/$BUILD/nestbox" --help | grep -o '^  --[a-z.-]*' | sed 's/^  --//'); do
		grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" "$ROOT/man/nestbox.1" ||
			missing="$missing --$opt"
	done
	if [ -z "$missing" ]; then
		echo "ok - man page documents every option of --help"
		passed=$((passed + 1))
	else
		echo "not ok - man page documents every option of --help:$missing missing"
		failed=$((failed + 1))
	fi
	# every row of the directive table has its entry in nestbox-profile(5)
	missing=""
	for opt in $(grep -oE '^	(NOT|BASE)\("[a-z0-9.-]+"|^	\{ "[a-z0-9.-]+", (REQ|OPT|NONE)' "$ROOT/src/policy/directives.c" |
		grep -oE '"[a-z0-9.-]+"' | tr -d '"'); do
		grep -q "^\.B $(printf '%s' "$opt" | sed 's/-/\\\\-/g')\( \|$\)" "$ROOT/man/nestbox-profile.5" ||
			missing="$missing $opt"
	done
	if [ -z "$missing" ]; then
		echo "ok - nestbox-profile(5) documents every directive"
		passed=$((passed + 1))
	else
		echo "not ok - nestbox-profile(5) documents every directive:$missing missing"
		failed=$((failed + 1))
	fi
}

# No module includes its way back to itself (tests/include-cycles.py).
run_include_cycles() {
	if python3 "$ROOT/tests/include-cycles.py" "$ROOT"; then
		echo "ok - no new include cycle between modules"
		passed=$((passed + 1))
	else
		echo "not ok - no new include cycle between modules"
		failed=$((failed + 1))
	fi
}

# README's tables and layout say what the code has: every option in an
# option table is one --help lists, every source file and folder of src/
# is in the layout, and every file the layout names exists.
run_readme_docs() {
	local opt f missing="" stale=""
	for opt in $(grep -o '^| `--[a-z0-9.-]*' "$ROOT/README.md" | sed 's/^| `//'); do
		"$ROOT/$BUILD/nestbox" --help | grep -q -- "^  $opt\\b" || stale="$stale $opt"
	done
	for f in "$ROOT"/src/*.c "$ROOT"/src/*/ "$ROOT"/src/*/*.c; do
		f=${f#"$ROOT"/}
		grep -q "^$f " "$ROOT/README.md" || missing="$missing $f"
	done
	for f in $(grep -oE '^(src|tests|bench|profiles|man|include|docs)/[A-Za-z0-9_./*-]*' "$ROOT/README.md"); do
		# shellcheck disable=SC2086 # a glob such as tests/soak*.sh
		ls -d "$ROOT"/$f > /dev/null 2>&1 || stale="$stale $f"
	done
	if [ -z "$missing$stale" ]; then
		echo "ok - README's option tables and layout match the code"
		passed=$((passed + 1))
	else
		echo "not ok - README's option tables and layout match the code"
		[ -n "$missing" ] && echo "#   not in the layout:$missing"
		[ -n "$stale" ] && echo "#   named by README, not in the code:$stale"
		failed=$((failed + 1))
	fi
}

: > "$ROOT/$BUILD/skips"
echo "== unit tests"
run_unit
echo "== docs"
run_docs
run_readme_docs
run_include_cycles

if [ -z "${NESTBOX_UNIT_ONLY:-}" ]; then
	echo "== integration tests"
	if [ "$(id -u)" = 0 ]; then
		# NESTBOX_TEST_USER: another user, so that two checkouts can run
		# their suites at once without meeting in one registry
		test_user=${NESTBOX_TEST_USER:-nestbox-test}
		if ensure_user "$test_user" yes && ensure_user nestbox-nosub no; then
			run_integration_as "$test_user"
		else
			echo "not ok - could not create the test users"
			failed=$((failed + 1))
		fi
	else
		# Already unprivileged: run as ourselves, without the tests that
		# need a second user.
		mkdir -p "$HOME/.nestbox-test"
		cp "$ROOT/$BUILD"/tests/probe* "$HOME/.nestbox-test/"
		NESTBOX="$ROOT/$BUILD/nestbox" PROBE="$HOME/.nestbox-test/probe" \
			NESTBOX_PROFILE_DIR="$ROOT/profiles" bash "$ROOT/tests/integration/suite.sh" > "$ROOT/$BUILD/it.out" 2>&1
		cat "$ROOT/$BUILD/it.out"
		count_tap "$ROOT/$BUILD/it.out"
	fi
fi

# the skips, each with its reason, again at the end where they are seen
if [ "$skipped" -gt 0 ]; then
	echo "== skipped"
	cat "$ROOT/$BUILD"/skips 2>/dev/null
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
