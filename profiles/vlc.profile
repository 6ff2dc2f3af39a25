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

# media keys (nestbox-dbus-user.inc): VLC's MPRIS name, or the per-instance
# one when another VLC has it
dbus-user.own org.mpris.MediaPlayer2.vlc
dbus-user.own org.mpris.MediaPlayer2.vlc.*
