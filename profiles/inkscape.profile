# nestbox profile for Inkscape: drawings anywhere in home, secrets hidden,
# offline.  Its extensions are Python scripts: the interpreters stay.
include inkscape.local
include nestbox-globals.local

include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc

# extensions are run through python3, never executed from home directly
noexec ${HOME}
noexec /tmp

include nestbox-base.inc
net none
machine-id
nodvd
nosound
nou2f
novideo
private-cache
private-dev
restrict-namespaces
