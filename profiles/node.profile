# nestbox profile for Node.js: runs your scripts and projects anywhere in
# home, with network and compilers (native modules); secrets hidden, among
# them ~/.npmrc's registry token; start-up files read-only.
# nodejs.profile includes this file.
quiet
include node.local
include nestbox-globals.local

noblacklist ${HOME}/.node_repl_history
include nestbox-secrets.inc
include nestbox-autostart.inc

include nestbox-base.inc
nodvd
nou2f
novideo
restrict-namespaces
