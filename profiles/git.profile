# nestbox profile for git: works on repositories anywhere in home and
# talks to remotes over HTTPS or SSH, so it keeps ~/.ssh and the SSH
# agent, its own credential store, and GnuPG (signed commits and tags).
# The other secrets stay hidden and start-up files read-only: a hostile
# repository's hooks run confined too.  Hooks and editors may be any
# program, so $PATH stays whole.
quiet
include git.local
include nestbox-globals.local

noblacklist ${HOME}/.ssh
noblacklist ${RUNUSER}/keyring
noblacklist ${RUNUSER}/gnupg
ignore rmenv SSH_AUTH_SOCK
ignore rmenv GPG_AGENT_INFO
noblacklist ${HOME}/.gnupg
noblacklist ${HOME}/.git-credentials
noblacklist ${HOME}/.config/git/credentials
noblacklist ${HOME}/.git-credential-cache
include nestbox-secrets.inc
include nestbox-autostart.inc

include nestbox-base.inc
# a command-line program: no session bus at all
dbus-user none
machine-id
no3d
nodvd
nosound
nou2f
novideo
private-cache
private-dev
restrict-namespaces
