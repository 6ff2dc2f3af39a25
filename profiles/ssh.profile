# nestbox profile for the OpenSSH client: keeps ~/.ssh (keys, known_hosts)
# and the SSH agent's socket; every other secret is hidden, and the files
# that decide what runs (~/.ssh/config, authorized_keys, rc) are read-only.
# scp.profile and sftp.profile include this file.
quiet
include ssh.local
include nestbox-globals.local

noblacklist ${HOME}/.ssh
noblacklist ${RUNUSER}/keyring
noblacklist ${RUNUSER}/gnupg
ignore rmenv SSH_AUTH_SOCK
ignore rmenv GPG_AGENT_INFO
include nestbox-secrets.inc
include nestbox-autostart.inc
include nestbox-devel.inc

include nestbox-base.inc
# a command-line program: no session bus at all
dbus-user none
machine-id
no3d
nodvd
nosound
novideo
private-cache
private-dev
restrict-namespaces
