# nestbox profile for sftp: ssh's confinement (it runs ssh).
include sftp.local
include ssh.profile
