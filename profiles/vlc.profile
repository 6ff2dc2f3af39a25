# nestbox profile for VLC: plays files from anywhere in home and streams
# from the network; secrets hidden; nothing in home or /tmp runs.
# Its playlist scripts are Lua inside VLC, not an outside interpreter.
include vlc.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

noexec ${HOME}
noexec /tmp

include nestbox-base.inc
nou2f
restrict-namespaces

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): its own
# server, shown through xpra (VLC 3 embeds its video through X (xcb)
# even on Wayland).
x11.fallback xpra
# media keys (nestbox-dbus-user.inc): VLC's MPRIS name, or the per-instance
# one when another VLC has it
dbus-user.own org.mpris.MediaPlayer2.vlc
dbus-user.own org.mpris.MediaPlayer2.vlc.*
