# nestbox profile for Transmission (GTK): a BitTorrent client sees its
# settings, its cache and your downloads directory, nothing else of home.
include transmission-gtk.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

mkdir ${HOME}/.config/transmission
mkdir ${HOME}/.cache/transmission
mkdir ${DOWNLOADS}
whitelist ${HOME}/.config/transmission
whitelist ${HOME}/.cache/transmission
whitelist ${DOWNLOADS}
include nestbox-whitelist-common.inc

# downloaded files are data: nothing in home or /tmp runs
noexec ${HOME}
noexec /tmp

include nestbox-base.inc
disable-mnt
machine-id
no3d
nodvd
nosound
nou2f
novideo
private-dev
restrict-namespaces

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): no X11
# display; the program speaks Wayland.
x11.fallback none
# its own name on the session bus (nestbox-dbus-user.inc): the GTK client
# is a GApplication, which stops ("Failed to register") unless it owns
# com.transmissionbt.transmission_N_N (numbers from its configuration
# directory); its desktop file's name does not give it
dbus-user.own com.transmissionbt.*
