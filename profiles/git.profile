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
# `git config --global` writes ~/.gitconfig or ~/.config/git/config, and
# the credential store ~/.config/git/credentials: git gets them back.  The
# cost: a hook of a repository run here could set core.pager or
# core.fsmonitor there, which every git outside then runs.  If you never
# change them from git, keep them read-only again in git.local:
#   read-only ${HOME}/.gitconfig
#   read-only ${HOME}/.config/git
ignore read-only ${HOME}/.gitconfig
ignore read-only ${HOME}/.config/git
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
