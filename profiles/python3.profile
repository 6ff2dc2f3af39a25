# nestbox profile for python3: runs your scripts and projects anywhere in
# home, with network (pip, clients) and compilers (C extensions); but no
# script sees your secrets or can plant code in your start-up files.
quiet
include python3.local
include nestbox-globals.local

noblacklist ${HOME}/.python_history
# python's user site (~/.local/lib) and ~/.local/bin stay read-only: a
# script could leave a .pth file there that runs in every python outside.
# `pip install --user` needs them; in python3.local (at that cost):
#   ignore read-only ${HOME}/.local/lib
#   ignore read-only ${HOME}/.local/bin
include nestbox-secrets.inc
include nestbox-autostart.inc

include nestbox-base.inc
nodvd
nou2f
novideo
restrict-namespaces
