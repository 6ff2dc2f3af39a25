# nestbox profile for zathura, a keyboard-driven document viewer.
# Reads home but writes only its own settings and bookmarks; offline;
# secrets hidden; nothing in home or /tmp runs.
include zathura.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

mkdir ${HOME}/.config/zathura
mkdir ${HOME}/.local/share/zathura
read-only ${HOME}
read-write ${HOME}/.config/zathura
read-write ${HOME}/.local/share/zathura
noexec ${HOME}
noexec /tmp

include nestbox-base.inc
net none
machine-id
no3d
nodvd
nosound
nou2f
novideo
private-cache
private-dev
restrict-namespaces

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): no X11
# display; the program speaks Wayland.
x11.fallback none
