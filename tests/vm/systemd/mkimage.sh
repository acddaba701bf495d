#!/bin/sh
# mkimage.sh -- build the Debian guest with systemd as PID 1 that
# tests/vm/systemd boots, once, and cache it.
#
# usage: mkimage.sh -k KVER -c CACHEDIR
#
# Prints the directory holding rootfs.ext4 (the root file system, booted with
# -snapshot so it stays pristine) and initrd.img (just enough to mount it).
# That directory is CACHEDIR/systemd-KVER-KEY, KEY being the sha256 of this
# script and guest.sh: a change of either builds a new image (the old ones are
# removed).  The downloaded .debs are kept in CACHEDIR/systemd-debs for the
# next build.  Needs root (mmdebstrap --mode=root), mmdebstrap, mke2fs and a
# static busybox; the packages come from this machine's own apt sources.
#
# The image holds Debian's packages and the test harness (guest.sh), nothing
# of hostpowerd: the test hands hostpowerd and its configuration in at each
# boot (see sd-lib.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
kver= cache=
while getopts k:c: opt; do
	case $opt in
	k) kver=$OPTARG ;;
	c) cache=$OPTARG ;;
	*) echo "usage: $0 -k KVER -c CACHEDIR" >&2; exit 2 ;;
	esac
done
[ -n "$kver" ] && [ -n "$cache" ] || { echo "usage: $0 -k KVER -c CACHEDIR" >&2; exit 2; }

# snmpd with its tools; dbus, logind (libpam-systemd) and polkitd for the
# sleep pipeline and its inhibitors; libsnmp40 and libxml2: what hostpowerd
# links.
packages=systemd,systemd-sysv,dbus,udev,libpam-systemd,polkitd,snmpd,snmp,libsnmp40,libxml2,iproute2,kmod,procps
# What the guest needs from the kernel beyond what Debian builds in: the disk
# and file system (also in the initrd), the network, the virtio-serial port of
# the test channel, fw_cfg for the script handed in at boot.
root_modules="virtio_pci virtio_blk ext4"
modules="$root_modules virtio_net virtio_console qemu_fw_cfg"
# Units that only cost boot time (each is seconds under TCG) in a throw-away
# guest with a fixed network and no users.
masked="systemd-networkd-wait-online.service getty@tty1.service serial-getty@ttyS0.service
	apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer
	man-db.timer dpkg-db-backup.timer systemd-timesyncd.service logrotate.timer
	modprobe@configfs.service modprobe@dm_mod.service modprobe@drm.service
	modprobe@efi_pstore.service modprobe@fuse.service modprobe@loop.service
	dev-hugepages.mount dev-mqueue.mount sys-kernel-debug.mount sys-kernel-tracing.mount
	sys-kernel-config.mount systemd-modules-load.service systemd-network-generator.service
	systemd-random-seed.service systemd-journal-flush.service systemd-update-utmp.service
	systemd-update-utmp-runlevel.service systemd-sysusers.service"

key=$({ cat "$0" "$here/guest.sh"; echo "$kver"; } | sha256sum | cut -c1-16)

# sources: this machine's apt sources, as files mmdebstrap reads.
sources() {
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -s "$f" ] && echo "$f"
	done
	return 0
}

# bootstrap ROOT: Debian with $packages into directory ROOT; .debs kept in $debs.
bootstrap() {
	suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
	mkdir -p "$debs"
	# shellcheck disable=SC2046 # one argument per sources file
	mmdebstrap --mode=root --variant=minbase --include="$packages" \
		--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--skip=download/empty --skip=essential/unlink \
		--setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
		--setup-hook="sync-in $debs /var/cache/apt/archives/" \
		--customize-hook="sync-out /var/cache/apt/archives $debs" \
		--customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb' \
		"$suite" "$1" $(sources)
}

# module_files MODULE...: the files of these modules of this machine's
# kernel and of those they need, in load order.
module_files() {
	for m in "$@"; do
		modprobe -S "$kver" --show-depends "$m"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

# add_modules ROOT: $modules, from this machine's kernel, into ROOT.
add_modules() {
	# shellcheck disable=SC2086
	module_files $modules | while read -r f; do
		mkdir -p "$1$(dirname "$f")"
		cp "$f" "$1$f"
	done
	cp /lib/modules/"$kver"/modules.order /lib/modules/"$kver"/modules.builtin* "$1/lib/modules/$kver/"
	depmod -b "$1" "$kver"
}

# configure ROOT: the system around the packages: names, the root file
# system, a static address on QEMU's user network, the harness.
configure() {
	echo hpguest > "$1/etc/hostname"
	printf '127.0.0.1 localhost\n127.0.1.1 hpguest\n' > "$1/etc/hosts"
	echo 'LABEL=hpguest / ext4 rw,noatime 0 0' > "$1/etc/fstab"
	# preset: no first-boot work
	od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > "$1/etc/machine-id"
	echo >> "$1/etc/machine-id"
	# slirp's fixed plan: guest 10.0.2.15, gateway (the host) 10.0.2.2; set
	# by hand (systemd-networkd costs seconds of CPU under TCG), no IPv6
	cat > "$1/etc/systemd/system/hp-guest-net.service" <<-EOF
	[Unit]
	Description=hostpowerd tests: QEMU's user network
	BindsTo=sys-subsystem-net-devices-eth0.device
	After=sys-subsystem-net-devices-eth0.device
	Before=network.target
	[Service]
	Type=oneshot
	RemainAfterExit=yes
	ExecStart=sysctl -q net.ipv6.conf.eth0.disable_ipv6=1
	ExecStart=ip addr add 10.0.2.15/24 dev eth0
	ExecStart=ip link set eth0 up
	ExecStart=ip route add default via 10.0.2.2
	[Install]
	WantedBy=sys-subsystem-net-devices-eth0.device
	EOF
	install -D -m 755 "$here/guest.sh" "$1/usr/local/libexec/hp-guest"
	printf '#!/bin/sh\nexec /usr/local/libexec/hp-guest hook "$@"\n' > "$1/usr/lib/systemd/system-sleep/hp-test"
	chmod 755 "$1/usr/lib/systemd/system-sleep/hp-test"
	cat > "$1/etc/systemd/system/hp-guest-setup.service" <<-EOF
	[Unit]
	Description=hostpowerd tests: install and run what the host handed in
	After=local-fs.target
	Before=snmpd.service
	[Service]
	Type=oneshot
	RemainAfterExit=yes
	ExecStart=/usr/local/libexec/hp-guest setup
	StandardOutput=journal+console
	[Install]
	WantedBy=multi-user.target
	EOF
	cat > "$1/etc/systemd/system/hp-guest-shell.service" <<-EOF
	[Unit]
	Description=hostpowerd tests: run the scripts the host sends
	After=hp-guest-setup.service
	[Service]
	ExecStart=/usr/local/libexec/hp-guest shell
	StandardOutput=journal+console
	Restart=on-failure
	[Install]
	WantedBy=multi-user.target
	EOF
	# shellcheck disable=SC2086
	chroot "$1" systemctl mask --quiet $masked
	chroot "$1" systemctl enable --quiet hp-guest-net.service hp-guest-setup.service \
		hp-guest-shell.service
	rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin
}

# initrd OUT: busybox, the modules of the root and an /init that restores a
# hibernated system (resume=), or mounts the disk labelled hpguest and hands
# over to systemd (Debian's own initramfs runs
# udev: many seconds more under TCG).
initrd() {
	d=$(mktemp -d)
	mkdir "$d/bin" "$d/dev" "$d/proc" "$d/sys" "$d/root"
	cp "$(command -v busybox)" "$d/bin/busybox"
	# shellcheck disable=SC2086
	module_files $root_modules > "$d/modules"
	while read -r f; do
		mkdir -p "$d$(dirname "$f")"
		cp "$f" "$d$f"
	done < "$d/modules"
	cat > "$d/init" <<-'EOF'
	#!/bin/busybox sh
	/bin/busybox --install -s /bin
	mount -t devtmpfs devtmpfs /dev
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	while read -r m; do insmod "$m"; done < /modules
	# resume=DEV (hibernate.test): a hibernated system is restored from DEV
	# before its root is mounted; without an image there the boot goes on.
	for a in $(cat /proc/cmdline); do
		case $a in resume=/dev/*) resume=${a#resume=} ;; esac
	done
	if [ -n "$resume" ]; then
		for i in $(seq 100); do
			[ -b "$resume" ] && break
			sleep 0.1
		done
		cat "/sys/class/block/${resume#/dev/}/dev" > /sys/power/resume
		echo "initrd: no hibernation image restored from $resume"
	fi
	for i in $(seq 100); do
		root=$(findfs LABEL=hpguest 2> /dev/null) && break
		sleep 0.1
	done
	mount -t ext4 -o rw "$root" /root || { echo "initrd: no root (LABEL=hpguest)"; poweroff -f; }
	umount /proc /sys
	mount --move /dev /root/dev
	exec switch_root /root /sbin/init "$@"
	EOF
	chmod 755 "$d/init"
	(cd "$d" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$1"
	rm -rf "$d"
}

mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
out=$cache/systemd-$kver-$key
debs=$cache/systemd-debs
exec 9> "$cache/systemd.lock"
flock -w 1200 9 || { echo "mkimage: $cache/systemd.lock still held after 20 min" >&2; exit 1; }
if [ -s "$out/rootfs.ext4" ] && [ -s "$out/initrd.img" ]; then
	echo "$out"
	exit 0
fi
for t in mmdebstrap mke2fs depmod busybox cpio; do
	command -v "$t" > /dev/null || { echo "mkimage: $t not found" >&2; exit 1; }
done
! ldd "$(command -v busybox)" > /dev/null 2>&1 ||
	{ echo "mkimage: $(command -v busybox) is not static (install busybox-static)" >&2; exit 1; }
tmp=$cache/systemd-build.$$
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s)
bootstrap "$tmp/root" >&2
add_modules "$tmp/root"
configure "$tmp/root"
t1=$(date +%s)
mke2fs -q -t ext4 -L hpguest -d "$tmp/root" "$tmp/rootfs.ext4" 1G >&2
initrd "$tmp/initrd.img" >&2
t2=$(date +%s)
echo "mkimage: bootstrap $((t1 - t0)) s, image and initrd $((t2 - t1)) s" >&2
rm -rf "$tmp/root"
rm -rf "$cache/systemd-$kver-"*
mv "$tmp" "$out"
echo "$out"
