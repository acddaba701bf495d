#!/bin/sh
# fakeroot.sh -- the one place that lays out fake hosts (a temp dir that looks
# like / to hostpowerd --root DIR). Sourced: call hp_fakeroot DIR PROFILE.
# Executed: tests/lib/fakeroot.sh DIR PROFILE.
#
# Profiles:
#   server         S3 + S4 + hybrid + s2idle + RTC wake (the reference host)
#   laptop-s2idle  mem_sleep "[s2idle]" only, no disk in power/state
#   no-resume      power/resume is 0:0
#   small-swap     the resume swap is 1024 kB, Active(anon) 204800 kB
#   noresume       the kernel command line has noresume
#   no-rtc         no sys/class/rtc at all
#   rtc-disabled   rtc0's device/power/wakeup reads disabled
#   armed          rtc0's wakealarm already holds a time an hour ahead
#   wake           server with wake sources laid out as on a real host under
#                  sys/devices: a NIC (MAC, ifindex, sim/wol file), USB devices (one
#                  disabled), rtc0 moved to its pnp device, class links
#   short-reach    rtc0 refuses alarms more than 86399 s ahead, as rtc-cmos
#                  does without a day alarm register (sim/rtc_reach)
#   garbage        every file holds junk
#   empty          every file is there and empty
#   lockdown-none  sys/kernel/security/lockdown reads "[none] integrity ..."
#   lockdown-integrity, lockdown-confidentiality
#                  that level selected; power/state without "disk", as a
#                  locked-down kernel shows it
#   swapfile       the resume swap is /swapfile, a real 1 MiB file in DIR:
#                  power/resume is its file system's device, resume_offset
#                  its first page (filefrag's FIEMAP); DIR/swapfile.page
#                  holds that page, or "unknown: why" where the file system
#                  of DIR has no FIEMAP (resume_offset is then 0)
#   swapfile-wrong the same, with resume_offset 0

# _hp_put ROOT REL CONTENT: write one file (CONTENT as is, plus a newline
# unless it is empty), creating its directory.
_hp_put() {
	mkdir -p "$(dirname "$1/$2")" || return 1
	if [ -n "$3" ]; then printf '%s\n' "$3" >"$1/$2"; else : >"$1/$2"; fi
}

# The server host; the other profiles change a few files of it.
_hp_server() {
	d=$1
	_hp_put "$d" sys/power/state "freeze mem disk"
	_hp_put "$d" sys/power/mem_sleep "s2idle [deep]"
	_hp_put "$d" sys/power/disk "[platform] shutdown reboot suspend test_resume"
	_hp_put "$d" sys/power/resume "254:0"
	_hp_put "$d" sys/power/wakeup_count "7"
	_hp_put "$d" sys/class/block/vda/dev "254:0"
	_hp_put "$d" proc/swaps "$(printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/vda                                partition\t4194300\t\t0\t\t-2')"
	_hp_put "$d" proc/meminfo "$(printf 'MemTotal:        2014356 kB\nMemFree:         1523400 kB\nActive:           262144 kB\nInactive:         102400 kB\nActive(anon):     204800 kB\nInactive(anon):    10240 kB\nSwapTotal:       4194300 kB\nSwapFree:        4194300 kB')"
	_hp_put "$d" proc/cmdline "BOOT_IMAGE=/vmlinuz root=/dev/vdb ro resume=/dev/vda quiet"
	_hp_put "$d" sys/class/rtc/rtc0/wakealarm ""
	_hp_put "$d" sys/class/rtc/rtc0/name "rtc_cmos"
	_hp_put "$d" sys/class/rtc/rtc0/device/power/wakeup "enabled"
	mkdir -p "$d/sim"
}

# The wake profile: devices under sys/devices as a real host has them, with
# their subsystem, class and device links (so a walk that followed links
# would loop: eno1/device points back up).
_hp_wake() {
	d=$1
	_hp_server "$d"
	pci=sys/devices/pci0000:00
	_hp_put "$d" $pci/0000:00:1f.6/power/wakeup "enabled"
	_hp_put "$d" $pci/0000:00:1f.6/net/eno1/address "3c:ec:ef:12:34:56"
	_hp_put "$d" $pci/0000:00:1f.6/net/eno1/power/control "auto"
	_hp_put "$d" $pci/0000:00:14.0/power/wakeup "disabled"
	_hp_put "$d" $pci/0000:00:14.0/usb1/1-3/power/wakeup "enabled"
	_hp_put "$d" $pci/0000:00:14.0/usb1/1-4/power/wakeup "disabled"
	_hp_put "$d" sys/devices/virtual/net/lo/address "00:00:00:00:00:00"
	_hp_put "$d" sys/devices/virtual/net/lo/power/control "auto"
	_hp_put "$d" $pci/0000:00:1f.6/net/eno1/ifindex "2"
	_hp_put "$d" sys/devices/virtual/net/lo/ifindex "1"
	_hp_put "$d" sim/wol/eno1 "supported=pumbg enabled=g"
	mkdir -p "$d/sys/bus/pci" "$d/sys/bus/usb" "$d/sys/bus/pnp" "$d/sys/class/net" \
		"$d/sys/devices/pnp0/00:01/rtc"
	ln -s ../../../bus/pci "$d/$pci/0000:00:1f.6/subsystem"
	ln -s ../../../bus/pci "$d/$pci/0000:00:14.0/subsystem"
	ln -s ../../../../../bus/usb "$d/$pci/0000:00:14.0/usb1/1-3/subsystem"
	ln -s ../../../../../bus/usb "$d/$pci/0000:00:14.0/usb1/1-4/subsystem"
	ln -s ../../../0000:00:1f.6 "$d/$pci/0000:00:1f.6/net/eno1/device"
	ln -s ../../devices/pci0000:00/0000:00:1f.6/net/eno1 "$d/sys/class/net/eno1"
	ln -s ../../devices/virtual/net/lo "$d/sys/class/net/lo"
	# rtc0 lives under its pnp device; sys/class/rtc/rtc0 is a link to it.
	mv "$d/sys/class/rtc/rtc0" "$d/sys/devices/pnp0/00:01/rtc/rtc0"
	mv "$d/sys/devices/pnp0/00:01/rtc/rtc0/device/power" "$d/sys/devices/pnp0/00:01/power"
	rm -r "$d/sys/devices/pnp0/00:01/rtc/rtc0/device"
	ln -s ../../../00:01 "$d/sys/devices/pnp0/00:01/rtc/rtc0/device"
	ln -s ../../../bus/pnp "$d/sys/devices/pnp0/00:01/subsystem"
	ln -s ../../devices/pnp0/00:01/rtc/rtc0 "$d/sys/class/rtc/rtc0"
}

# _hp_lockdown ROOT LEVEL: the lockdown LSM's file with LEVEL selected.
_hp_lockdown() {
	_hp_put "$1" sys/kernel/security/lockdown \
		"$(echo "none integrity confidentiality" | sed "s/\b$2\b/[$2]/")"
}

# _hp_swapfile ROOT: swap on the real file ROOT/swapfile; print its first
# page on disk, or "unknown: why".
_hp_swapfile() {
	dd if=/dev/zero of="$1/swapfile" bs=64k count=16 conv=fsync status=none &&
		chmod 600 "$1/swapfile" || return 1
	_hp_put "$1" sys/power/resume "$(stat -c '%Hd:%Ld' "$1/swapfile")"
	_hp_put "$1" proc/swaps "$(printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/swapfile                               file\t\t1020\t\t0\t\t-2')"
	_hp_put "$1" proc/meminfo "$(sed 's/^Active(anon):.*/Active(anon):        512 kB/' "$1/proc/meminfo")"
	# btrfs answers FIEMAP with its logical addresses, not the disk's.
	if [ "$(stat -f -c %T "$1")" = btrfs ]; then
		echo "unknown: btrfs (FIEMAP gives no disk offset)"
		return 0
	fi
	# "   0:        0..     255:   44398848..  44399103:    256: ..." in
	# blocks of "File size of F is N (256 blocks of 4096 bytes)"
	LC_ALL=C filefrag -v "$1/swapfile" 2>&1 | awk -v psize="$(getconf PAGESIZE)" '
		/ blocks? of [0-9]+ bytes/ { bs = $(NF - 1) }
		$1 == "0:" && $2 == "0.." { phys = $4; sub(/\.\./, "", phys) }
		/FI[BE]MAP/ { why = $0; sub(/.*: /, "", why) }
		END {
			if (bs && phys != "") printf "%d\n", phys * bs / psize
			else print "unknown: filefrag: " (why ? why : "no extent")
		}'
}

# _hp_swapfile_profile ROOT RIGHT: the swapfile profiles; RIGHT says whether
# resume_offset is the file's first page (else 0).
_hp_swapfile_profile() {
	_hp_server "$1"
	page=$(_hp_swapfile "$1") || return 1
	printf '%s\n' "$page" >"$1/swapfile.page"
	case $page in
	unknown*) page=0 ;;
	*) [ "$2" = yes ] || page=0 ;;
	esac
	_hp_put "$1" sys/power/resume_offset "$page"
}

# hp_fakeroot DIR PROFILE: lay out DIR (created if needed) as host PROFILE.
hp_fakeroot() {
	if [ $# -ne 2 ]; then
		echo "usage: hp_fakeroot DIR PROFILE" >&2
		return 2
	fi
	d=$1
	mkdir -p "$d" || return 1
	case $2 in
	server) _hp_server "$d" ;;
	laptop-s2idle)
		_hp_server "$d"
		_hp_put "$d" sys/power/state "freeze mem"
		_hp_put "$d" sys/power/mem_sleep "[s2idle]"
		;;
	no-resume)
		_hp_server "$d"
		_hp_put "$d" sys/power/resume "0:0"
		;;
	small-swap)
		_hp_server "$d"
		_hp_put "$d" proc/swaps "$(printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/vda                                partition\t1024\t\t0\t\t-2')"
		;;
	noresume)
		_hp_server "$d"
		_hp_put "$d" proc/cmdline "BOOT_IMAGE=/vmlinuz root=/dev/vdb ro noresume quiet"
		;;
	no-rtc)
		_hp_server "$d"
		rm -rf "$d/sys/class/rtc"
		;;
	rtc-disabled)
		_hp_server "$d"
		_hp_put "$d" sys/class/rtc/rtc0/device/power/wakeup "disabled"
		;;
	armed)
		_hp_server "$d"
		_hp_put "$d" sys/class/rtc/rtc0/wakealarm "$(($(date +%s) + 3600))"
		;;
	wake) _hp_wake "$d" ;;
	short-reach)
		_hp_server "$d"
		_hp_put "$d" sim/rtc_reach 86399
		;;
	lockdown-none)
		_hp_server "$d"
		_hp_lockdown "$d" none
		;;
	lockdown-integrity | lockdown-confidentiality)
		_hp_server "$d"
		_hp_lockdown "$d" "${2#lockdown-}"
		_hp_put "$d" sys/power/state "freeze mem"
		;;
	swapfile) _hp_swapfile_profile "$d" yes ;;
	swapfile-wrong) _hp_swapfile_profile "$d" no ;;
	garbage | empty)
		_hp_server "$d"
		for f in sys/power/state sys/power/mem_sleep sys/power/disk sys/power/resume \
			sys/power/wakeup_count sys/class/block/vda/dev proc/swaps proc/meminfo \
			proc/cmdline sys/class/rtc/rtc0/wakealarm \
			sys/class/rtc/rtc0/device/power/wakeup; do
			if [ "$2" = garbage ]; then
				_hp_put "$d" "$f" "#%&! junk 0:x:: [[ ]] $f"
			else
				_hp_put "$d" "$f" ""
			fi
		done
		;;
	*)
		echo "hp_fakeroot: unknown profile '$2'" >&2
		return 2
		;;
	esac
}

# Executed rather than sourced: do it.
case ${0##*/} in
fakeroot.sh) hp_fakeroot "$@" ;;
esac
