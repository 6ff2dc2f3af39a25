# nestbox profile for Mousepad, Xfce's text editor: any file of home except
# secrets; start-up files read-only; offline; no interpreters needed.
include mousepad.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc
include nestbox-interpreters.inc

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
