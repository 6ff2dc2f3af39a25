# nestbox profile for mpv: plays files from anywhere in home and URLs from
# the network (through yt-dlp, a Python program, possibly installed in
# ~/.local/bin: so Python and exec from home stay); secrets hidden.
include mpv.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc

noexec /tmp

include nestbox-base.inc
nou2f
restrict-namespaces

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): no X11
# display; the program speaks Wayland.
x11.fallback none
