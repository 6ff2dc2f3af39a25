# netfilter, netfilter6 (issue #5), sourced by suite.sh: nft rulesets in
# the sandbox's own network namespace.  The tests connect from inside to
# servers, feed packets in from outside through a tun device of the test's
# own (the caller owns the sandbox's user namespace: nsenter makes it root
# there, and of nothing else), read the loaded ruleset the same way, and
# check that a failure starts nothing and leaves nothing.

NF=$P/netfilter
NF_PROFILE=$NF/plain.profile	# a profile: the network is pasta's
nf_setup() {
	rm -rf "$NF" && mkdir -p "$NF" && printf 'hostname nftest\n' > "$NF_PROFILE"
}
nf_nft() { command -v nft || echo /usr/sbin/nft; }

# Two HTTP servers on the host's loopback: $NF_PORT1 $NF_PORT2, pids in
# $NF_SRVS; reached from a sandbox with net.host-loopback at the gateway.
nf_serve() {
	mkdir -p "$NF/www" && echo "served-$$" > "$NF/www/marker"
	NF_PORT1=$((20000 + RANDOM % 20000))
	NF_PORT2=$((NF_PORT1 + 1))
	NF_SRVS=
	local port rc
	for port in $NF_PORT1 $NF_PORT2; do
		http_serve "$NF/www" "$port"
		rc=$?
		NF_SRVS="$NF_SRVS $HTTP_PID"
		[ "$rc" = 0 ] || return 1
	done
}
nf_unserve() {
	local pid
	for pid in $NF_SRVS; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
	return 0
}

# A ruleset that refuses connections to one TCP port ($1), at once (a
# reset, not a drop: nothing to wait for).
nf_reject_port_file() { # PORT
	cat > "$NF/reject.nft" <<EOF
# test: no connection to port $1
table inet nbtest {
	chain output {
		type filter hook output priority filter; policy accept;
		tcp dport $1 reject with tcp reset
	}
}
EOF
}

# Start a sandbox running sleep (nestbox OPTIONS...) and wait until its
# program runs (the filter is loaded before): $NF_LAUNCHER is the
# launcher, $NF_INIT its init.  Not in $(...): the launcher must be ours.
nf_start() {
	rm -f "$NF/started"
	NF_LAUNCHER= NF_INIT=
	"$NB" --quiet "$@" sh -c "touch '$NF/started'; exec sleep 60" > /dev/null 2>&1 &
	NF_LAUNCHER=$!
	local i
	for i in $(seq 1 200); do
		[ -e "$NF/started" ] && break
		sleep 0.05
	done
	[ -e "$NF/started" ] || { echo "the sandbox's program never ran"; return 1; }
	NF_INIT=$(registered_init_pid)
}
nf_stop() {
	[ -n "$NF_LAUNCHER" ] || return 0
	kill "$NF_LAUNCHER" 2>/dev/null
	wait "$NF_LAUNCHER" 2>/dev/null
	NF_LAUNCHER=
	return 0
}

test_netfilter_file_refuses_one_port_and_not_another() {
	nf_setup && nf_serve || return 1
	local gw out
	gw=$(nt_gateway)
	[ -n "$gw" ] || { nf_unserve; skip "the host has no default IPv4 route"; return 0; }
	nf_reject_port_file "$NF_PORT1"
	out=$("$NB" --quiet --profile="$NF_PROFILE" --net.host-loopback \
		--netfilter="$NF/reject.nft" sh -c "
		curl -s --max-time 10 http://$gw:$NF_PORT1/marker; echo \"curl \$?\"
		curl -s --max-time 10 http://$gw:$NF_PORT2/marker")
	nf_unserve
	# curl 7: could not connect (the reset)
	eq "$out" "curl 7
served-$$" && no_pasta_left
}

# The same file under net none: the filter is the namespace's, whatever
# connects it; here two listeners on the sandbox's own loopback.
test_netfilter_file_applies_under_net_none_too() {
	nf_setup || return 1
	local port=$((20000 + RANDOM % 20000)) out
	nf_reject_port_file "$port"
	out=$("$NB" --quiet --noprofile --netfilter="$NF/reject.nft" python3 -c '
import socket, sys
port = int(sys.argv[1])
for p in (port, port + 1):
    l = socket.socket(); l.bind(("127.0.0.1", p)); l.listen(1)
    c = socket.socket()
    try:
        c.connect(("127.0.0.1", p)); print(p - port, "connected")
    except OSError as e:
        print(p - port, e.strerror)' "$port")
	eq "$out" "0 Connection refused
1 connected"
}

# Outgoing connections and their replies pass nestbox's client filter.
test_netfilter_default_filter_lets_the_program_connect_out() {
	nf_setup && nf_serve || return 1
	local gw out
	gw=$(nt_gateway)
	[ -n "$gw" ] || { nf_unserve; skip "the host has no default IPv4 route"; return 0; }
	out=$("$NB" --quiet --profile="$NF_PROFILE" --net.host-loopback --netfilter \
		curl -s --max-time 10 "http://$gw:$NF_PORT1/marker")
	nf_unserve
	eq "$out" "served-$$" && no_pasta_left
}

# What the caller sees in the sandbox's network namespace: nestbox's table
# (and netfilter6's file's), in that namespace, not the host's; nothing
# without the directive.
test_netfilter_rulesets_are_loaded_in_the_sandboxs_namespace() {
	nf_setup || return 1
	local nft pid rules
	nft=$(nf_nft)
	printf 'table inet extra6 {\n}\n' > "$NF/extra6.nft"
	nf_start --profile="$NF_PROFILE" --netfilter --netfilter6="$NF/extra6.nft" ||
		{ nf_stop; return 1; }
	pid=$NF_INIT
	rules=$(nsenter -t "$pid" -U -n "$nft" list ruleset 2>&1)
	[ "$(readlink "/proc/$pid/ns/net")" != "$(readlink /proc/self/ns/net)" ] ||
		{ nf_stop; echo "the sandbox shares the host's network namespace"; return 1; }
	nf_stop
	printf '%s\n' "$rules" | grep -qx 'table inet nestbox {' &&
		printf '%s\n' "$rules" | grep -q 'hook input priority filter; policy drop;' &&
		printf '%s\n' "$rules" | grep -q 'hook output priority filter; policy accept;' &&
		printf '%s\n' "$rules" | grep -qx 'table inet extra6 {' ||
		{ echo "$rules"; return 1; }
	nf_start --profile="$NF_PROFILE" || { nf_stop; return 1; }
	pid=$NF_INIT
	rules=$(nsenter -t "$pid" -U -n "$nft" list ruleset 2>&1)
	nf_stop
	eq "$rules" "" && no_pasta_left && registry_empty
}

# From outside the sandbox, through a tun device made in its namespace
# (as the root nsenter makes us there): a SYN to a port a process listens
# on, then the answer to a connection the sandbox started.  The kernel
# handles each packet within the write() that hands it over, in order, so
# the second answer's ACK comes after whatever the first got: no waiting
# on a silence.  Prints "inbound: answered|dropped" and "reply: passed".
nf_probe_inbound() { # INIT-PID
	nsenter -t "$1" -U -n python3 - <<'EOF'
import fcntl, os, select, socket, struct, subprocess, sys

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def tcp_packet(src, dst, sport, dport, seq, ack, flags):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    return ip[:10] + struct.pack("!H", csum(ip)) + ip[12:] + tcp

def parse(p):
    if len(p) < 40 or p[0] >> 4 != 4 or p[9] != 6:
        return None
    h = (p[0] & 15) * 4
    sport, dport, seq, ack = struct.unpack("!HHII", p[h:h + 12])
    return sport, dport, seq, ack, p[h + 13]

IN, OUT = "198.18.77.1", "198.18.77.2"	# the sandbox's end, ours
fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", b"nbtest0", 0x0001 | 0x1000))  # TUNSETIFF: tun, no header
subprocess.run(["ip", "addr", "add", IN, "peer", OUT, "dev", "nbtest0"], check=True)
subprocess.run(["ip", "link", "set", "nbtest0", "up"], check=True)

def packets():
    out = []
    while True:
        try:
            out.append(os.read(fd, 65536))
        except BlockingIOError:
            return [t for t in map(parse, out) if t]

listener = socket.socket()
listener.bind((IN, 0))
listener.listen(1)
port = listener.getsockname()[1]

# a connection started inside: its SYN comes out
out = socket.socket()
out.setblocking(False)
out.connect_ex((OUT, 50000))
syn = [t for t in packets() if t[1] == 50000 and t[4] & 0x02]
if not syn:
    sys.exit("no SYN came out")
sport, oseq = syn[0][0], syn[0][2]

os.write(fd, tcp_packet(OUT, IN, 40000, port, 1000, 0, 0x02))	# new, inbound
os.write(fd, tcp_packet(OUT, IN, 50000, sport, 7000, oseq + 1, 0x12))	# the reply
seen = []
while not any(t[0] == sport and t[4] & 0x10 and not t[4] & 0x02 for t in seen):
    if not select.select([fd], [], [], 30)[0]:
        sys.exit("the reply's ACK never came: %r" % seen)
    seen += packets()
answered = any(t[0] == port and t[1] == 40000 and t[4] & 0x12 == 0x12 for t in seen)
print("inbound:", "answered" if answered else "dropped")
print("reply: passed")
EOF
}

test_netfilter_default_filter_drops_new_inbound_and_passes_replies() {
	nf_setup || return 1
	[ -c /dev/net/tun ] || { skip "no /dev/net/tun"; return 0; }
	local pid out
	# without the filter, the probe's SYN is answered: the probe works
	nf_start --profile="$NF_PROFILE" || { nf_stop; return 1; }
	pid=$NF_INIT
	out=$(nf_probe_inbound "$pid" 2>&1)
	nf_stop
	eq "$out" "inbound: answered
reply: passed" || return 1
	nf_start --profile="$NF_PROFILE" --netfilter || { nf_stop; return 1; }
	pid=$NF_INIT
	out=$(nf_probe_inbound "$pid" 2>&1)
	nf_stop
	eq "$out" "inbound: dropped
reply: passed" && no_pasta_left && registry_empty
}

# A ruleset nft refuses: exit 125, nft's words with the file named, the
# program never started, nothing left.
test_netfilter_bad_file_stops_the_launch_with_nfts_error() {
	nf_setup || return 1
	local out rc
	printf 'table inet t {\n\tchain c {\n\t\tbogus\n\t}\n}\n' > "$NF/bad.nft"
	out=$("$NB" --profile="$NF_PROFILE" --netfilter="$NF/bad.nft" touch "$NF/ran" 2>&1)
	rc=$?
	eq "$rc" 125 && [ ! -e "$NF/ran" ] || { echo "$out"; return 1; }
	printf '%s\n' "$out" | grep -q "^nestbox: netfilter $NF/bad.nft: .*nft could not load it: $NF/bad.nft:3:[0-9-]*: Error: " ||
		{ echo "$out"; return 1; }
	registry_empty && no_pasta_left
}

test_netfilter_iptables_file_is_refused() {
	nf_setup || return 1
	local out rc
	printf '# as firejail.net\n*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n' > "$NF/ipt.net"
	out=$("$NB" --noprofile --netfilter6="$NF/ipt.net" touch "$NF/ran" 2>&1)
	rc=$?
	eq "$rc" 125 && [ ! -e "$NF/ran" ] &&
		eq "$out" "nestbox: netfilter6 $NF/ipt.net: iptables-restore format (as firejail's .net files) is not supported: nestbox loads nft rulesets (nft -f syntax); iptables-restore-translate -f FILE converts one" &&
		registry_empty
}

# net host: the host's namespace is never touched.  A file nft would
# refuse shows nft is not even run; --strict makes the report an error.
test_netfilter_under_net_host_is_reported_and_not_run() {
	nf_setup || return 1
	local out
	printf 'bogus\n' > "$NF/bad.nft"
	out=$("$NB" --noprofile --net=host --netfilter="$NF/bad.nft" echo ran 2>&1)
	eq "$?" 0 || { echo "$out"; return 1; }
	eq "$out" "nestbox: warning: not enforced: netfilter (1 line): net host: the sandbox shares the host's network namespace, whose ruleset nestbox never touches
ran" || return 1
	out=$("$NB" --noprofile --strict --net=host --netfilter touch "$NF/ran" 2>&1)
	eq "$?" 125 && [ ! -e "$NF/ran" ] &&
		eq "$out" "nestbox: --strict: not enforced: netfilter"
}

test_netfilter_nft_that_cannot_run_stops_the_launch() {
	nf_setup || return 1
	local out
	out=$(NESTBOX_NFT=/nonexistent/nft "$NB" --profile="$NF_PROFILE" --netfilter touch "$NF/ran" 2>&1)
	eq "$?" 125 && [ ! -e "$NF/ran" ] &&
		eq "$out" "nestbox: netfilter (nestbox's default filter): /nonexistent/nft could not load it: exec /nonexistent/nft: No such file or directory" &&
		registry_empty && no_pasta_left
}

# Under net none nestbox's default filter would accept everything the
# loopback-only namespace carries: it is not loaded (nft is not even
# run: one that cannot does not stop the launch), --dry-run and --debug
# say so; a FILE still is (test_netfilter_file_applies_under_net_none_too).
test_netfilter_default_filter_is_not_loaded_under_net_none() {
	nf_setup || return 1
	local out dry dbg
	rm -f "$NF/ran"
	out=$(NESTBOX_NFT=/nonexistent/nft "$NB" --quiet --noprofile --netfilter touch "$NF/ran" 2>&1)
	eq "$?" 0 && [ -e "$NF/ran" ] && eq "$out" "" || return 1
	dry=$("$NB" --noprofile --netfilter --dry-run true | grep '^netfilter')
	eq "$dry" "netfilter: nestbox's default filter is not loaded under net none: it accepts everything a loopback-only namespace carries" || return 1
	dbg=$("$NB" --debug --noprofile --netfilter true 2>&1 | grep -c "debug: .* netfilter: nestbox's default filter is not loaded under net none")
	eq "$dbg" 1 && registry_empty
}
