# DNS (issue #5), sourced by suite.sh: a sandbox under a profile resolves
# names through the host's resolver, wherever /etc/resolv.conf puts it.
#
# An unprivileged test cannot change the host's resolver, so each test
# makes a host of its own: a user, mount and network namespace
# (unshare -r -m -n), where root of that namespace sets up
#   - lo up, and a tap interface with an address and a default route for
#     pasta to copy (a tap: /dev/net/tun is pasta's own need, while
#     dummy and veth are modules a namespace cannot load where the host
#     has not);
#   - a DNS server of the test's (python3, standard library) answering
#     nbtest.example with 10.9.8.7, listening before the test goes on;
#   - an overlay of /etc whose top layer holds resolv.conf: a file, or a
#     symlink to ../run/systemd/resolve/stub-resolv.conf as
#     systemd-resolved makes it (on a tmpfs over /run, with the runtime
#     directory moved back onto it).
# nestbox runs there as the caller's uid again (a second user namespace
# maps it back, as in faults.sh).  newuidmap cannot map the subordinate
# range from there: the launch uses the direct map (--quiet hides the
# warning) and is otherwise the one an unprivileged user gets on such a
# host: pasta, the sandbox's resolv.conf, a real lookup by glibc.

DN=$P/dns
DN_NAME=nbtest.example
DN_ADDR=10.9.8.7
DN_TARGET=/run/systemd/resolve/stub-resolv.conf

# What the tests need; false when something is missing (a skip said
# for a kernel without unprivileged user namespaces).
dn_ready() {
	need unshare ip python3 pasta getent || return 1
	unshare -r -m -n true 2>/dev/null ||
		{ skip "no unprivileged user namespace for unshare(1)"; return 1; }
	mkdir -p "$DN" || return 1
	printf 'hostname dnstest\n' > "$DN/plain.profile"
	printf 'hostname dnstest\ndns 10.1.1.1\n' > "$DN/dns.profile"
	# QUERY -> one answer for DN_NAME's A record; an empty NOERROR for
	# its other types (glibc asks AAAA first), NXDOMAIN for other names.
	# Gone after a minute without a query, whatever happens to the test.
	cat > "$DN/server.py" <<'EOF'
import socket, struct, sys
addr, name, answer = sys.argv[1:4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((addr, 53))
s.settimeout(60)
print("ready", flush=True)
while True:
    try:
        q, peer = s.recvfrom(512)
    except socket.timeout:
        sys.exit(0)
    i, labels = 12, []
    while i < len(q) and q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode(errors="replace"))
        i += 1 + q[i]
    if len(q) < i + 5:
        continue
    qtype = struct.unpack("!H", q[i + 1:i + 3])[0]
    known = ".".join(labels).lower() == name
    an = b""
    if known and qtype == 1:
        an = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton(answer)
    flags = 0x8180 if known else 0x8183
    head = q[:2] + struct.pack("!HHHHH", flags, 1, 1 if an else 0, 0, 0)
    s.sendto(head + q[12:i + 5] + an, peer)
EOF
	# Run inside: PROBE [lookup].  What /etc/resolv.conf is and says,
	# its target's mount (where it is a link), and glibc's answer.
	cat > "$DN/look.sh" <<'EOF'
link=$(readlink /etc/resolv.conf) && echo "link $link"
cat /etc/resolv.conf
if [ -n "$link" ]; then
	t=$(readlink -m /etc/resolv.conf)
	o=$(awk -v m="$t" '$5 == m { split($6, o, ","); print o[1] }' /proc/self/mountinfo)
	echo "target $t: ${o:-not a mount}, write $("$1" write "$t")"
fi
[ "${2:-}" = lookup ] || exit 0
if a=$(RES_OPTIONS="timeout:2 attempts:2" getent hosts nbtest.example); then
	echo "answer $a" | tr -s ' '
else
	echo "no answer"
fi
EOF
}

# The set-up of the test's host, then its SCRIPT, as root of a user,
# mount and network namespace of the test's own.
IFS= read -r -d '' DN_HOST <<'EOF'
set -u
ip link set lo up &&
	ip tuntap add dev nbdns0 mode tap &&
	ip addr add 10.77.0.2/24 dev nbdns0 &&
	ip link set nbdns0 up &&
	ip route add default via 10.77.0.1 dev nbdns0 ||
	{ echo "the namespace's network could not be set up"; exit 1; }
srv=
trap '[ -z "$srv" ] || { kill "$srv"; wait "$srv"; } 2>/dev/null' EXIT
# serve ADDRESS: the DNS server, answering once this returns
serve() {
	exec 3< <(exec python3 "$DN/server.py" "$1" "$DN_NAME" "$DN_ADDR")
	srv=$!
	read -r -t 10 line <&3 && [ "$line" = ready ] ||
		{ echo "the DNS server on $1 did not start"; exit 1; }
}
# /etc with $DN/etc/resolv.conf on top of the host's
etc_with() {
	mount -t overlay nbetc -o "lowerdir=$DN/etc:/etc" /etc ||
		{ echo "no overlay of /etc"; exit 1; }
}
resolv_file() { # CONTENT
	rm -rf "$DN/etc" && mkdir "$DN/etc" &&
		printf "%s\n" "$1" > "$DN/etc/resolv.conf" && etc_with || exit 1
}
# systemd-resolved's shape: the link in /etc, its target in /run
resolv_link() { # CONTENT
	rm -rf "$DN/etc" "$DN/xdg" && mkdir "$DN/etc" "$DN/xdg" &&
		ln -s "../${DN_TARGET#/}" "$DN/etc/resolv.conf" && etc_with || exit 1
	case ${XDG_RUNTIME_DIR:-} in
	/run/*) mount --rbind "$XDG_RUNTIME_DIR" "$DN/xdg" || exit 1 ;;
	esac
	mount -t tmpfs -o mode=0755 nbrun /run &&
		mkdir -p "${DN_TARGET%/*}" &&
		printf "%s\n" "$1" > "$DN_TARGET" || exit 1
	case ${XDG_RUNTIME_DIR:-} in
	/run/*) mkdir -p "$XDG_RUNTIME_DIR" &&
		mount --move "$DN/xdg" "$XDG_RUNTIME_DIR" || exit 1 ;;
	esac
}
# nestbox as the caller again, under a profile of the test's
box() { # PROFILE ARGS...
	local profile=$1
	shift
	unshare --map-user="$ME" --map-group="$MYGID" \
		"$NB" --quiet --profile="$DN/$profile.profile" "$@"
}
EOF
dn_host() { # SCRIPT
	DN=$DN DN_NAME=$DN_NAME DN_ADDR=$DN_ADDR DN_TARGET=$DN_TARGET \
		NB=$NB ME=$ME MYGID=$MYGID PROBE=$PROBE \
		unshare -r -m -n bash -c "$DN_HOST"$'\n'"$1" 2>&1
}

# The host's resolver on its loopback (systemd-resolved's 127.0.0.53) is
# the sandbox's own loopback inside: pasta forwards 169.254.1.1 to it,
# and the sandbox's resolv.conf names that.  Controls: the server
# answers on the test's host; with --net=none, nothing does.
test_dns_loopback_resolver_answers_inside_through_pasta() {
	dn_ready || { setup_failed; return; }
	local out
	out=$(dn_host '
		resolv_file "nameserver 127.0.0.53"
		serve 127.0.0.53
		echo "host: $(getent hosts "$DN_NAME" | tr -s " ")"
		box plain sh "$DN/look.sh" "$PROBE" lookup
		echo "net none:"
		box plain --net=none sh "$DN/look.sh" "$PROBE" lookup')
	eq "$out" "host: $DN_ADDR $DN_NAME
nameserver 169.254.1.1
answer $DN_ADDR $DN_NAME
net none:
nameserver 127.0.0.53
no answer" && no_pasta_left && registry_empty
}

# /etc/resolv.conf a symlink out of /etc, to a resolver that is not on
# loopback (here an address of the test's host): the link's target is
# shown read-only at its own path, and the lookup goes there.  A `dns`
# line writes its file where the link leads.
test_dns_symlinked_resolv_conf_target_is_shown_read_only() {
	dn_ready || { setup_failed; return; }
	local out
	out=$(dn_host '
		resolv_link "nameserver 10.53.0.53"
		ip addr add 10.53.0.53/32 dev lo || exit 1
		serve 10.53.0.53
		box plain sh "$DN/look.sh" "$PROBE" lookup
		echo "dns 10.1.1.1:"
		box dns sh "$DN/look.sh" "$PROBE"')
	eq "$out" "link ../${DN_TARGET#/}
nameserver 10.53.0.53
target $DN_TARGET: ro, write EROFS
answer $DN_ADDR $DN_NAME
dns 10.1.1.1:
link ../${DN_TARGET#/}
nameserver 10.1.1.1
target $DN_TARGET: ro, write EACCES" && no_pasta_left && registry_empty
}

# systemd-resolved as Debian sets it up: the link to its stub file, which
# names 127.0.0.53.  The file where the link leads names 169.254.1.1,
# and the answer comes through pasta.
test_dns_symlink_to_a_loopback_stub_resolver_answers_inside() {
	dn_ready || { setup_failed; return; }
	local out
	out=$(dn_host '
		resolv_link "nameserver 127.0.0.53"
		serve 127.0.0.53
		box plain sh "$DN/look.sh" "$PROBE" lookup')
	eq "$out" "link ../${DN_TARGET#/}
nameserver 169.254.1.1
target $DN_TARGET: ro, write EACCES
answer $DN_ADDR $DN_NAME" && no_pasta_left && registry_empty
}
