# nestbox default profile: for a program that has no profile of its own,
# and for `nestbox` with no program (your shell).
# Your home stays usable (read, write, build, run), but the credentials and
# secrets in it are hidden, and the files that would run code outside the
# sandbox at your next login are read-only.  Devices beyond the basics,
# other users' sessions and the system bus are out of reach (the baseline).
include default.local
include nestbox-globals.local

# your shell keeps its own history
noblacklist ${HOME}/.bash_history
noblacklist ${HOME}/.zsh_history
noblacklist ${HOME}/.histfile
noblacklist ${HOME}/.local/share/fish/fish_history

# resources, as every shipped profile (nestbox-base.inc): at most 2000
# processes and threads (rlimit-nproc, counted per sandbox: a fork bomb
# stops there, your other programs fork on); the writable tmpfs mounts
# share one total, tmpfs-size of nestbox.conf (half of RAM)

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-base.inc

nodvd
nou2f
novideo
# no GPU: its render node is a large kernel driver within a program's
# reach; a program known to need it has a profile that says so
no3d

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): no X11
# display rather than a trusted one; a program that speaks Wayland uses
# it.
x11.fallback none
