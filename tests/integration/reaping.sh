# What the launcher leaves behind it: no zombie of its own making.

# The launcher reaps its init before it exits: run under a subreaper that
# never reaps (as a slow machine init), an init left unreaped stays there
# as a zombie, where this test sees it.
test_launcher_reaps_its_init_before_it_exits() {
	python3 - "$NB" "$REG" <<'PY'
import ctypes, glob, os, sys, time
nb, reg = sys.argv[1], sys.argv[2]
PR_SET_CHILD_SUBREAPER = 36
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed")
launcher = os.fork()
if launcher == 0:
    os.execv(nb, [nb, "--quiet", "--noprofile", "--name=reaped", "sleep", "1"])
init = None
for _ in range(400):
    for info in glob.glob(reg + "/*/info"):
        try:
            lines = open(info).read().split("\n")
        except OSError:
            continue
        if "name reaped" in lines:
            pids = [l.split()[1] for l in lines if l.startswith("pid ") and l.split()[1] != "0"]
            if pids:
                init = int(pids[0])
    if init:
        break
    time.sleep(0.05)
if not init:
    sys.exit("the sandbox was never registered with its init")
_, status = os.waitpid(launcher, 0)
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit("nestbox exited %d" % os.waitstatus_to_exitcode(status))
try:
    stat = open("/proc/%d/stat" % init).read()
except FileNotFoundError:
    sys.exit(0)
state, ppid = stat.rsplit(")", 1)[1].split()[:2]
if state == "Z" and int(ppid) == os.getpid():
    sys.exit("init %d was left a zombie, reparented to us" % init)
sys.exit(0)
PY
}
