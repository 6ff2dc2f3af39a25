# nestbox profile for GIMP: your pictures anywhere in home, secrets hidden,
# offline.  Plug-ins are programs (some in ~/.config/GIMP) and may be
# scripts, so neither noexec nor the interpreters group applies.
include gimp.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc

include nestbox-base.inc
net none
nodvd
nosound
nou2f
private-dev
restrict-namespaces
