# nestbox profile for xterm: the terminal and the shell it starts share the
# sandbox, confined like nestbox's default (your shell): home usable,
# secrets hidden, start-up files read-only.
include xterm.local
include nestbox-globals.local

noblacklist ${HOME}/.bash_history
noblacklist ${HOME}/.zsh_history
noblacklist ${HOME}/.histfile
noblacklist ${HOME}/.local/share/fish/fish_history
include nestbox-secrets.inc
include nestbox-autostart.inc

include nestbox-base.inc
nodvd
nou2f
novideo

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): its own
# server, shown through xpra (xterm is an X program).
x11.fallback xpra
