# Under a profile, a directive's presence or absence means what it means
# in firejail (issue 18): restrict-namespaces and seccomp.block-secondary
# are directives, not the baseline; --noprofile stays strict.

MN=$P/meaning

# --- chromium's own sandbox ---------------------------------------------------

# PID...: the processes among PID's descendants, one "PID ARGS" a line
mn_descendants() {
	local all
	all=$(ps -u "$(id -u)" -o pid=,ppid=,args=)
	awk -v roots=" $* " '
		{ pid[NR] = $1; ppid[NR] = $2; line[NR] = $0; n = NR }
		END {
			split(roots, r, " ")
			for (i in r) keep[r[i]] = 1
			do {
				more = 0
				for (i = 1; i <= n; i++)
					if (!(pid[i] in keep) && (ppid[i] in keep)) {
						keep[pid[i]] = 1; more = 1
					}
			} while (more)
			for (i = 1; i <= n; i++)
				if ((pid[i] in keep)) {
					sub(/^ *[0-9]+ +[0-9]+ +/, "", line[i])
					print pid[i], line[i]
				}
		}' <<< "$all"
}

# PROFILE: chromium under it runs its renderers in a user namespace of
# their own (its namespace sandbox: without one it says "No usable
# sandbox!" and exits), seen from outside; the browser's is the
# sandbox's program namespace, below the caller's.
mn_chromium_sandboxed() {
	local log=$MN/chromium.log launcher i procs browser renderer bns rns
	mkdir -p "$MN" "$HOME/Downloads" && cd "$HOME" || return 1
	"$NB" --quiet --profile="$1" chromium --headless --disable-gpu \
		--remote-debugging-port=0 about:blank > "$log" 2>&1 &
	launcher=$!
	for i in $(seq 1 150); do
		procs=$(mn_descendants $launcher)
		renderer=$(awk '/--type=renderer/ {print $1; exit}' <<< "$procs")
		[ -n "$renderer" ] && break
		kill -0 $launcher 2>/dev/null || break
		sleep 0.2
	done
	browser=$(awk '$2 ~ /chromium$/ && !/--type=/ {print $1; exit}' <<< "$procs")
	[ -n "$browser" ] && bns=$(readlink /proc/$browser/ns/user)
	[ -n "$renderer" ] && rns=$(readlink /proc/$renderer/ns/user)
	kill $launcher 2>/dev/null
	wait $launcher 2>/dev/null
	if grep -q "No usable sandbox" "$log"; then
		echo "under $1:"; grep "No usable sandbox" "$log" | cut -c1-160
		return 1
	fi
	[ -n "$renderer" ] && [ -n "$bns" ] && [ -n "$rns" ] ||
		{ echo "under $1: no renderer seen (browser '$browser')"; tail -5 "$log"; return 1; }
	[ "$bns" != "$rns" ] && [ "$bns" != "$(readlink /proc/self/ns/user)" ] ||
		{ echo "under $1: browser $bns, renderer $rns"; return 1; }
}

test_chromium_sandbox_is_on_under_its_profiles() {
	command -v chromium > /dev/null || { echo "chromium is not installed (make deps)"; return 1; }
	[ -f /etc/firejail/chromium.profile ] || { echo "no firejail-profiles"; return 1; }
	mn_chromium_sandboxed /etc/firejail/chromium.profile &&
		mn_chromium_sandboxed chromium
}

# PROFILE: Firefox's content processes run in user namespaces of their
# own (its content sandbox; without them it says "CanCreateUserNamespace()
# clone() failure" and runs them at a lower level, in its own namespace).
mn_firefox_sandboxed() {
	local log=$MN/firefox.log launcher i procs parent content pns cns
	mkdir -p "$MN" && cd "$HOME" || return 1
	"$NB" --quiet --profile="$1" firefox-esr --headless --no-remote \
		about:blank > "$log" 2>&1 &
	launcher=$!
	for i in $(seq 1 150); do
		procs=$(mn_descendants $launcher)
		content=$(awk '/-contentproc/ && /-isForBrowser/ {print $1; exit}' <<< "$procs")
		[ -n "$content" ] && break
		kill -0 $launcher 2>/dev/null || break
		sleep 0.2
	done
	parent=$(awk '$2 ~ /firefox-esr$/ && !/-contentproc/ {print $1; exit}' <<< "$procs")
	[ -n "$parent" ] && pns=$(readlink /proc/$parent/ns/user)
	[ -n "$content" ] && cns=$(readlink /proc/$content/ns/user)
	kill $launcher 2>/dev/null
	wait $launcher 2>/dev/null
	if grep -q "CanCreateUserNamespace" "$log"; then
		echo "under $1:"; grep "CanCreateUserNamespace" "$log" | head -2
		return 1
	fi
	[ -n "$pns" ] && [ -n "$cns" ] ||
		{ echo "under $1: no content process seen (parent '$parent')"; tail -5 "$log"; return 1; }
	[ "$pns" != "$cns" ] || { echo "under $1: parent and content in $pns"; return 1; }
}

test_firefox_content_sandbox_has_its_namespaces() {
	command -v firefox-esr > /dev/null || { echo "firefox-esr is not installed (make deps)"; return 1; }
	[ -f /etc/firejail/firefox-esr.profile ] || { echo "no firejail-profiles"; return 1; }
	mn_firefox_sandboxed /etc/firejail/firefox-esr.profile &&
		mn_firefox_sandboxed firefox-esr
}

# --- the 32-bit ABI -----------------------------------------------------------

# A static i386 program (gcc -m32, gcc-multilib in make deps): prints its
# line, then what a refused call (keyctl, through int 0x80) and an
# allowed one (getpid) answer, and a profile's seccomp.32.drop (chown32).
mn_build_i386() {
	[ -x "$MN/hello32" ] && return 0
	mkdir -p "$MN" || return 1
	cat > "$MN/hello32.c" <<-'EOF'
	#include <errno.h>
	#include <stdio.h>
	#include <string.h>
	static long sys(long nr, long a, long b)
	{
		long rc;
		__asm__ volatile("int $0x80" : "=a"(rc) : "a"(nr), "b"(a), "c"(b) : "memory");
		return rc;
	}
	static const char *answer(long rc)
	{
		return rc < 0 ? strerrorname_np((int)-rc) : "OK";
	}
	int main(void)
	{
		printf("hello from i386\n");
		printf("keyctl %s\n", answer(sys(288, 0, -3)));	/* GET_KEYRING_ID */
		printf("unshare %s\n", answer(sys(310, 0x10000000, 0)));	/* NEWUSER */
		printf("getpid %s\n", answer(sys(20, 0, 0) > 0 ? 0 : -1));
		printf("chown32 %s\n", answer(sys(212, (long)"/nonexistent", 0)));
		return 0;
	}
	EOF
	gcc -m32 -static -O2 -o "$MN/hello32" "$MN/hello32.c" ||
		{ echo "gcc -m32 -static failed (gcc-multilib: make deps)"; return 1; }
}

test_i386_program_runs_where_the_profile_allows_it() {
	local out
	mn_build_i386 || return 1
	# control: the host runs it (else this kernel has no IA32 emulation)
	out=$("$MN/hello32" 2>&1) ||
		{ skip "this kernel runs no i386 program ($out); the filter is unit-tested (test_seccomp_plan)"; return 0; }
	mkdir -p "$MN" && printf '%s\n' "seccomp.32.drop chown32" > "$MN/i386.profile" &&
		printf '%s\n' "seccomp.block-secondary" > "$MN/i386-blocked.profile" || return 1
	eq "$("$NB" --quiet --profile="$MN/i386.profile" "$MN/hello32")" \
		"hello from i386
keyctl EPERM
unshare OK
getpid OK
chown32 EPERM" || return 1
	# under restrict-namespaces, refused there too
	eq "$("$NB" --quiet --profile="$MN/i386.profile" --restrict-namespaces=user "$MN/hello32" | sed -n 3p)" \
		"unshare EPERM" || return 1
	# refused whole: it dies before its first line.  The control: the
	# same launch of a native program runs (no line is printed by a launch
	# that failed too)
	eq "$("$NB" --quiet --profile="$MN/i386-blocked.profile" echo native 2>&1)" native || return 1
	out=$("$NB" --quiet --profile="$MN/i386-blocked.profile" "$MN/hello32" 2>&1)
	[ -z "$(grep hello <<< "$out")" ] || { echo "ran under block-secondary: $out"; return 1; }
	eq "$("$NB" --quiet --noprofile echo native 2>&1)" native || return 1
	out=$("$NB" --quiet --noprofile "$MN/hello32" 2>&1)
	[ -z "$(grep hello <<< "$out")" ] || { echo "ran under --noprofile: $out"; return 1; }
}

# --- firejail's $NUMBER in seccomp lists ---------------------------------------

# Numbers of x86_64: 63 uname, 237 mbind.
test_seccomp_lists_take_syscall_numbers() {
	[ "$(uname -m)" = x86_64 ] || { skip "numbers written for x86_64"; return 0; }
	mkdir -p "$MN" || return 1
	# refused by its number when run (control: the same without it)
	printf '%s\n' 'seccomp.drop $63' > "$MN/num.profile"
	eq "$("$NB" --quiet --profile="$MN/num.profile" --ignore=seccomp.drop uname)" Linux &&
		eq "$("$NB" --quiet --profile="$MN/num.profile" uname 2>&1)" \
			"uname: cannot get system name: Operation not permitted" || return 1
	eq "$("$NB" --quiet --profile="$MN/num.profile" --dry-run true | sed -n '/^seccomp (/,/^seccomp i386/p' | grep -c '^  uname ')" 1 || return 1
	# an exception by number takes a call out of the default group
	printf '%s\n' 'seccomp' > "$MN/num.profile"
	eq "$("$NB" --quiet --profile="$MN/num.profile" --dry-run true | sed -n '/^seccomp (/,/^seccomp i386/p' | grep -c '^  mbind ')" 1 || return 1
	printf '%s\n' 'seccomp !$237' > "$MN/num.profile"
	eq "$("$NB" --quiet --profile="$MN/num.profile" --dry-run true | sed -n '/^seccomp (/,/^seccomp i386/p' | grep -c '^  mbind ')" 0 || return 1
	# a number no call has: the file and line, exit 125
	printf '%s\n' '# bad' 'seccomp.drop $99999' > "$MN/num.profile"
	"$NB" --quiet --profile="$MN/num.profile" true 2> "$MN.err"
	eq "$?" 125 && grep -q "num.profile:2: .*99999" "$MN.err"
}

# firejail's browser profiles say `seccomp !chroot`: their sandboxes
# chroot once in a user namespace of their own.  The default list refuses
# chroot; the exception gives it back, and only it.
test_seccomp_exception_gives_chroot_back() {
	mkdir -p "$MN" || return 1
	printf '%s\n' 'seccomp' > "$MN/chroot.profile"
	eq "$("$NB" --quiet --profile="$MN/chroot.profile" unshare -Ur /usr/sbin/chroot / echo in 2>&1)" \
		"/usr/sbin/chroot: cannot change root directory to '/': Operation not permitted" || return 1
	printf '%s\n' 'seccomp !chroot' > "$MN/chroot.profile"
	eq "$("$NB" --quiet --profile="$MN/chroot.profile" unshare -Ur /usr/sbin/chroot / echo in 2>&1)" in &&
		eq "$("$NB" --quiet --profile="$MN/chroot.profile" "$PROBE" keyctl)" EPERM &&
		eq "$("$NB" --quiet --profile="$MN/chroot.profile" sh -c "/usr/sbin/chroot / true 2>&1")" \
			"/usr/sbin/chroot: cannot change root directory to '/': Operation not permitted"
}
