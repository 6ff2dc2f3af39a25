# nestbox profile for Thunderbird.
# Home is empty except Thunderbird's profile and cache and your downloads
# directory (to save and attach files); it never runs what it receives.
# To attach from elsewhere, add `whitelist ${DOCUMENTS}` to thunderbird.local.
include thunderbird.local
include nestbox-globals.local

noblacklist ${HOME}/.thunderbird
noblacklist ${HOME}/.cache/thunderbird
include nestbox-secrets.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

mkdir ${HOME}/.thunderbird
mkdir ${HOME}/.cache/thunderbird
mkdir ${DOWNLOADS}
whitelist ${HOME}/.thunderbird
whitelist ${HOME}/.cache/thunderbird
whitelist ${DOWNLOADS}
include nestbox-whitelist-common.inc

noexec ${HOME}
noexec /tmp

include nestbox-base.inc
disable-mnt
machine-id
no3d
nodvd
nou2f
novideo
private-dev

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): no X11
# display; the program speaks Wayland.
x11.fallback none
# its own name on the session bus (nestbox-dbus-user.inc): a second
# `thunderbird` (a mailto: link) hands over to the one running
dbus-user.own org.mozilla.thunderbird.*
