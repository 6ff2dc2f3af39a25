# Sourced by tests/run.sh and tests/demo.sh (as root): the unprivileged
# users the sandbox is tested and shown with.
ensure_user() { # NAME WITH_SUBIDS
	local name=$1 with=$2
	if ! id "$name" >/dev/null 2>&1; then
		useradd -m -s /bin/bash "$name" || return 1
	fi
	if [ "$with" = yes ]; then
		if ! grep -q "^$name:" /etc/subuid 2>/dev/null; then
			local start=$((300000 + $(id -u "$name") * 65536))
			usermod --add-subuids "$start-$((start + 65535))" \
				--add-subgids "$start-$((start + 65535))" "$name" || return 1
		fi
		# a supplementary group, for nogroups (process.sh)
		getent group nestbox-grp >/dev/null || groupadd nestbox-grp || return 1
		id -nG "$name" | tr ' ' '\n' | grep -qx nestbox-grp ||
			usermod -aG nestbox-grp "$name" || return 1
	else
		sed -i "/^$name:/d" /etc/subuid /etc/subgid 2>/dev/null
	fi
	# /dev/net/tun as Debian's udev rules leave it (0666), for pasta: a
	# machine without udev has the kernel's 0600, or no node at all
	if [ ! -e /dev/net/tun ] && grep -q ' tun$' /proc/misc 2>/dev/null; then
		mkdir -p /dev/net && mknod -m 0666 /dev/net/tun c 10 200
	fi
	[ -c /dev/net/tun ] && chmod 0666 /dev/net/tun
	# a stand-in GPU where the machine has none (DRM's first render
	# node; without a driver opening it gives ENXIO): desktop.sh checks
	# what the sandbox shows of /dev/dri
	if [ ! -e /dev/dri ]; then
		mkdir -p /dev/dri && mknod -m 0666 /dev/dri/renderD128 c 226 128
	fi
	# the same for a camera (V4L's first node) and an optical drive
	# (SCSI CD-ROM's first): hosttrees.sh checks that the host's /dev
	# shows them, and that novideo and nodvd hide them
	if ! ls /dev/video* > /dev/null 2>&1; then
		mknod -m 0660 /dev/video0 c 81 0
	fi
	[ -e /dev/sr0 ] || mknod -m 0660 /dev/sr0 b 11 0
	# a session's runtime directory, as logind would make it
	local uid
	uid=$(id -u "$name")
	mkdir -p "/run/user/$uid"
	chown "$name:" "/run/user/$uid"
	chmod 700 "/run/user/$uid"
}

