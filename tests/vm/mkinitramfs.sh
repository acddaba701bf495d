#!/bin/sh
# mkinitramfs.sh -- build the gzip initramfs the tests/vm guests boot.
#
# usage: mkinitramfs.sh -k KVER -c CACHEDIR -o OUTPUT [-d HOSTPOWERD]
#
# The image is concatenated gzip cpio archives (the kernel unpacks them all):
#   base     busybox, the virtio and three NIC modules (plus their load order),
#            snmpd and, when installed, ethtool with their libraries --
#            changes only with the Debian packages;
#   libs     the libraries hostpowerd needs beyond those -- likewise;
#   overlay  /init (guest-init.sh) and hostpowerd -- changes with every build
#            of the daemon, and is small.
# Each part is cached in CACHEDIR under the sha256 of everything that goes into
# it, so a rerun with unchanged inputs only concatenates files.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
kver= cache= out= daemon=
while getopts k:c:o:d: opt; do
	case $opt in
	k) kver=$OPTARG ;;
	c) cache=$OPTARG ;;
	o) out=$OPTARG ;;
	d) daemon=$OPTARG ;;
	*) echo "usage: $0 -k KVER -c CACHEDIR -o OUTPUT [-d HOSTPOWERD]" >&2; exit 2 ;;
	esac
done
[ -n "$kver" ] && [ -n "$cache" ] && [ -n "$out" ] || {
	echo "usage: $0 -k KVER -c CACHEDIR -o OUTPUT [-d HOSTPOWERD]" >&2; exit 2; }

moddir=/lib/modules/$kver
# What the guest needs from the kernel: virtio-pci, a disk (swap / resume
# device for S4) and a network card (SNMP).  rtc_cmos is built into Debian's
# kernel.  crc32c_generic and ext4: the file system holding a swap file
# (swapfile.test; ext4 asks for crc32c at every mount).  e1000e, e1000 and
# 8139cp, last so that virtio's NIC stays eth0: the drivers of QEMU's
# e1000e, e1000 and rtl8139, whose Wake-on-LAN wakesrc.test reads (without
# such a device they bind to nothing).
modules="virtio_pci virtio_blk virtio_net crc32c_generic ext4 e1000e e1000 8139cp"

# Print the files (absolute paths) a dynamically linked program needs: itself,
# then each library ldd resolves, including the dynamic loader.
needed_files() {
	echo "$1"
	ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
}

# Print module paths (relative to $moddir) in load order: dependencies first,
# as modules.dep lists them last-needed-first.
module_order() {
	for m in $modules; do
		line=$(grep -E "/$m\.ko(\.xz|\.zst|\.gz)?:" "$moddir/modules.dep") || {
			echo "mkinitramfs: module $m not in $moddir/modules.dep" >&2; exit 1; }
		deps=${line#*:}
		rev=
		for d in $deps; do rev="$d $rev"; done
		for d in $rev ${line%%:*}; do echo "$d"; done
	done | awk '!seen[$0]++'
}

# Copy file $1 into tree $2 at the same path, following symlinks.
put() {
	mkdir -p "$2$(dirname "$1")"
	cp -L "$1" "$2$1"
}

# Pack tree $1 into gzip cpio $2.
pack() {
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -6 > "$2.tmp.$$"
	mv "$2.tmp.$$" "$2"
}

# Print the sha256 of files $@ (their contents and names) plus this script.
inputs_key() {
	{ cat "$0"; for f in "$@"; do echo "$f"; done; sha256sum "$@"; } |
		sha256sum | cut -c1-16
}

build_base() {
	busybox=$(command -v busybox)
	! ldd "$busybox" >/dev/null 2>&1 || {
		echo "mkinitramfs: $busybox is not static (install busybox-static)" >&2; exit 1; }
	snmpd=$(command -v snmpd || echo /usr/sbin/snmpd)
	# the guest's own view of Wake-on-LAN (wakesrc.test), when installed
	ethtool=$(command -v ethtool || :)
	mods=$(module_order)
	files=$( (echo "$busybox"; needed_files "$snmpd"; [ -z "$ethtool" ] || needed_files "$ethtool";
		for m in $mods; do echo "$moddir/$m"; done) | awk '!seen[$0]++')
	# shellcheck disable=SC2086
	key=$(inputs_key $files)
	base=$cache/base-$kver-$key.cpio.gz
	if [ ! -s "$base" ]; then
		tree=$cache/base.tree.$$
		rm -rf "$tree"
		mkdir -p "$tree/bin" "$tree/lib/modules" "$tree/dev" "$tree/proc" \
			"$tree/sys" "$tree/tmp" "$tree/run" "$tree/etc"
		cp -L "$busybox" "$tree/bin/busybox"
		ln -s busybox "$tree/bin/sh"	# for /init's #! line
		for f in $(needed_files "$snmpd"; [ -z "$ethtool" ] || needed_files "$ethtool"); do
			put "$f" "$tree"
		done
		for m in $mods; do
			name=$(basename "$m")
			case $name in
			*.xz) xz -dc "$moddir/$m" > "$tree/lib/modules/${name%.xz}" ;;
			*.zst) zstd -qdc "$moddir/$m" > "$tree/lib/modules/${name%.zst}" ;;
			*.gz) gzip -dc "$moddir/$m" > "$tree/lib/modules/${name%.gz}" ;;
			*) cp "$moddir/$m" "$tree/lib/modules/$name" ;;
			esac
			name=${name%.ko*}
			echo "$name" >> "$tree/lib/modules/load-order"
		done
		pack "$tree" "$base"
		rm -rf "$tree"
	fi
	echo "$files" > "$base.files"
	echo "$base"
}

# Print the libraries of the daemon that the base lacks.
daemon_libs() {
	needed_files "$daemon" | tail -n +2 | grep -vxF -f "$basefiles" || :
}

build_libs() {
	libs=$(daemon_libs)
	[ -n "$libs" ] || return 0
	# shellcheck disable=SC2086
	key=$(inputs_key $libs)
	archive=$cache/libs-$key.cpio.gz
	if [ ! -s "$archive" ]; then
		tree=$cache/libs.tree.$$
		rm -rf "$tree"
		for f in $libs; do put "$f" "$tree"; done
		pack "$tree" "$archive"
		rm -rf "$tree"
	fi
	echo "$archive"
}

build_overlay() {
	files="$here/guest-init.sh $daemon"
	# shellcheck disable=SC2086
	key=$(inputs_key $files)
	overlay=$cache/overlay-$key.cpio.gz
	if [ ! -s "$overlay" ]; then
		tree=$cache/overlay.tree.$$
		rm -rf "$tree"
		mkdir -p "$tree/usr/sbin"
		cp "$here/guest-init.sh" "$tree/init"
		chmod 755 "$tree/init"
		[ -z "$daemon" ] || cp -L "$daemon" "$tree/usr/sbin/hostpowerd"
		pack "$tree" "$overlay"
		rm -rf "$tree"
	fi
	echo "$overlay"
}

mkdir -p "$cache"
base=$(build_base)
basefiles=$base.files
libs=
[ -z "$daemon" ] || libs=$(build_libs)
overlay=$(build_overlay)
cat "$base" $libs "$overlay" > "$out.tmp.$$"
mv "$out.tmp.$$" "$out"
# every daemon build leaves an overlay; keep the cache from growing forever
find "$cache" -name '*.cpio.gz' -mmin +240 -delete 2>/dev/null || :
