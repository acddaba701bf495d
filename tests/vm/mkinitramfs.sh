#!/bin/sh
# mkinitramfs.sh -- build the gzip initramfs the tests/vm guests boot.
#
# usage: mkinitramfs.sh -k KVER -c CACHEDIR -o OUTPUT [-d HOSTPOWERD]
#
# The image is concatenated gzip cpio archives (the kernel unpacks them all):
#   base     busybox, the virtio modules (plus their load order), snmpd with
#            its libraries -- changes only with the Debian packages;
#   libs     the libraries hostpowerd needs beyond those -- likewise;
#   nics     with HOSTPOWERD_VM_NICS=1 only (wakesrc.test): the drivers of
#            QEMU's e1000e, e1000 and rtl8139 (their load order in
#            load-order.nics) and ethtool with its libraries.  A part of its
#            own: every other guest stays as small as it was (a 256 MB guest
#            restores an 80 MB hibernation image with little to spare:
#            1.7 MB more made it fail with ENOMEM);
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
# (swapfile.test; ext4 asks for crc32c at every mount).
modules="virtio_pci virtio_blk virtio_net crc32c_generic ext4"
# The nics part: NICs with Wake-on-LAN, loaded after virtio's (it stays eth0).
nic_modules="e1000e e1000 8139cp"

# Print the files (absolute paths) a dynamically linked program needs: itself,
# then each library ldd resolves, including the dynamic loader.
needed_files() {
	echo "$1"
	ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'
}

# Print the paths (relative to $moddir) of modules $@ in load order:
# dependencies first, as modules.dep lists them last-needed-first.
module_order() {
	for m in "$@"; do
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

# Put modules $3... (paths relative to $moddir) uncompressed into tree $1's
# /lib/modules, their names in load order appended to its file $2 there.
put_modules() {
	tree=$1 list=$2
	shift 2
	mkdir -p "$tree/lib/modules"
	for m in "$@"; do
		name=$(basename "$m")
		case $name in
		*.xz) xz -dc "$moddir/$m" > "$tree/lib/modules/${name%.xz}" ;;
		*.zst) zstd -qdc "$moddir/$m" > "$tree/lib/modules/${name%.zst}" ;;
		*.gz) gzip -dc "$moddir/$m" > "$tree/lib/modules/${name%.gz}" ;;
		*) cp "$moddir/$m" "$tree/lib/modules/$name" ;;
		esac
		name=${name%.ko*}
		echo "$name" >> "$tree/lib/modules/$list"
	done
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

# Print the archive $cache/$1-KEY.cpio.gz (KEY: inputs_key of files $3...),
# made when not cached of a tree that function $2 fills (given the tree).
cached() {
	name=$1 fill=$2
	shift 2
	archive=$cache/$name-$(inputs_key "$@").cpio.gz
	if [ ! -s "$archive" ]; then
		tree=$cache/$name.tree.$$
		rm -rf "$tree"
		mkdir -p "$tree"
		$fill "$tree"
		pack "$tree" "$archive"
		rm -rf "$tree"
	fi
	echo "$archive"
}

fill_base() {
	mkdir -p "$1/bin" "$1/lib/modules" "$1/dev" "$1/proc" "$1/sys" "$1/tmp" "$1/run" "$1/etc"
	cp -L "$busybox" "$1/bin/busybox"
	ln -s busybox "$1/bin/sh"	# for /init's #! line
	for f in $(needed_files "$snmpd"); do put "$f" "$1"; done
	# shellcheck disable=SC2086
	put_modules "$1" load-order $mods
}

build_base() {
	busybox=$(command -v busybox)
	! ldd "$busybox" >/dev/null 2>&1 || {
		echo "mkinitramfs: $busybox is not static (install busybox-static)" >&2; exit 1; }
	snmpd=$(command -v snmpd || echo /usr/sbin/snmpd)
	# shellcheck disable=SC2086
	mods=$(module_order $modules)
	files=$( (echo "$busybox"; needed_files "$snmpd";
		for m in $mods; do echo "$moddir/$m"; done) | awk '!seen[$0]++')
	# shellcheck disable=SC2086
	base=$(cached "base-$kver" fill_base $files)
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

# The nics part (HOSTPOWERD_VM_NICS=1): NIC drivers beyond the base's, and
# ethtool with the libraries the base lacks.
build_nics() {
	ethtool=$(command -v ethtool) || {
		echo "mkinitramfs: no ethtool (install ethtool)" >&2; exit 1; }
	# shellcheck disable=SC2086
	mods=$(module_order $nic_modules | grep -vxF -f "$basemods" || :)
	files=$( (needed_files "$ethtool" | grep -vxF -f "$basefiles" || :;
		for m in $mods; do echo "$moddir/$m"; done) | awk '!seen[$0]++')
	# shellcheck disable=SC2086
	cached "nics-$kver" fill_nics $files
}

fill_nics() {
	for f in $(needed_files "$ethtool" | grep -vxF -f "$basefiles" || :); do put "$f" "$1"; done
	# shellcheck disable=SC2086
	put_modules "$1" load-order.nics $mods
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
nics=
if [ "${HOSTPOWERD_VM_NICS:-0}" = 1 ]; then
	basemods=$base.mods
	# shellcheck disable=SC2086
	module_order $modules > "$basemods"
	nics=$(build_nics)
fi
overlay=$(build_overlay)
cat "$base" $libs $nics "$overlay" > "$out.tmp.$$"
mv "$out.tmp.$$" "$out"
# every daemon build leaves an overlay; keep the cache from growing forever
find "$cache" -name '*.cpio.gz' -mmin +240 -delete 2>/dev/null || :
