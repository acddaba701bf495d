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
#                  sys/devices: a NIC (MAC, sim/wol file), USB devices (one
#                  disabled), rtc0 moved to its pnp device, class links
#   short-reach    rtc0 refuses alarms more than 86399 s ahead, as rtc-cmos
#                  does without a day alarm register (sim/rtc_reach)
#   garbage        every file holds junk
#   empty          every file is there and empty

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
