# nestbox profile for Chromium.
# Home is empty except Chromium's own profile and cache, its certificate
# store, your downloads directory and read-only desktop settings.
include chromium.local
include nestbox-globals.local

noblacklist ${HOME}/.config/chromium
noblacklist ${HOME}/.cache/chromium
# Chromium keeps its certificates and client keys in the NSS store
noblacklist ${HOME}/.pki
noblacklist ${HOME}/.local/share/pki
include nestbox-secrets.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

mkdir ${HOME}/.config/chromium
mkdir ${HOME}/.cache/chromium
mkdir ${HOME}/.pki
mkdir ${DOWNLOADS}
whitelist ${HOME}/.config/chromium
whitelist ${HOME}/.cache/chromium
whitelist ${HOME}/.pki
whitelist ${HOME}/.local/share/pki
whitelist ${DOWNLOADS}
include nestbox-whitelist-common.inc

?BROWSER_ALLOW_DRM: ignore noexec ${HOME}
noexec ${HOME}
noexec /tmp

# Chromium's own sandbox puts each renderer in a user, pid and network
# namespace of its own and chroots it (without one it refuses to start:
# "No usable sandbox!"), as firejail's chromium-common.profile allows.
# What a namespace made inside gets is never more than the sandbox has.
ignore restrict-namespaces
# Video calls (WebRTC cameras, ALSA devices) and WebAuthn security keys
# are devices: as firejail's chromium-common.profile, the browser keeps the host's
# /dev, less optical drives, and security keys when nestbox.conf says so.
ignore private-dev
# a browser runs a process per site, each with dozens of threads: twice
# the process and thread count of nestbox-base.inc
ignore rlimit-nproc 2000
rlimit-nproc 4000
include nestbox-base.inc
nodvd
?BROWSER_DISABLE_U2F: nou2f
disable-mnt

# The display with an untrusted cookie (X SECURITY extension): no typing
# into other windows, no reading them (nestbox-profile(5), x11 xorg).
x11 xorg
# Where your X server can give none (Xwayland has no SECURITY): no X11
# display; the program speaks Wayland.
x11.fallback none
# media keys (nestbox-dbus-user.inc): chromium is an MPRIS player while
# a page plays
dbus-user.own org.mpris.MediaPlayer2.chromium.*
