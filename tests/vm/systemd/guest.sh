#!/bin/bash
# guest.sh -- the test harness inside the systemd guest of tests/vm/systemd,
# installed there as /usr/local/libexec/hp-guest by mkimage.sh.
#
#   hp-guest setup  (hp-guest-setup.service, before snmpd) unpack the tar the
#                   host hands in as a raw virtio disk (serial "hpinstall")
#                   into /, then run the script handed in through fw_cfg as
#                   opt/org.hostpowerd/setup with bash; prints
#                   "HPGUEST SETUP rc=N" on the console.
#   hp-guest shell  (hp-guest-shell.service) run the scripts the host sends on
#                   the virtio-serial port org.hostpowerd.cmd, one per line as
#                   "ID BASE64-OF-SCRIPT"; answer with "HPOUT ID BASE64" lines
#                   (the script's stdout and stderr) and "HPEND ID RC".  Prints
#                   "HPGUEST READY" on the console once it listens.
#   hp-guest hook   the system-sleep hook (/usr/lib/systemd/system-sleep/hp-test,
#                   called with pre|post suspend|hibernate|...): a line in the
#                   kernel log, so that it sorts among the PM lines, and in
#                   /var/log/hp-sleep-hook.log; the RTC's wake alarm at that
#                   moment in /var/log/hp-sleep-hook.alarm.
fwcfg=/sys/firmware/qemu_fw_cfg/by_name/opt/org.hostpowerd
# (a disk: fw_cfg reads byte by byte, seconds for a few hundred KB under TCG)
install_serial=hpinstall
port=/dev/virtio-ports/org.hostpowerd.cmd
work=/var/lib/hp-guest
# A script that takes longer is killed: the host never waits forever.
script_timeout=300

# install_disk: the virtio disk whose serial is $install_serial (found
# without waiting for udev's by-id links).
install_disk() {
	local s d
	for s in /sys/block/vd*/serial; do
		d=${s%/serial}
		[ "$(cat "$s" 2>/dev/null)" = "$install_serial" ] && echo "/dev/${d##*/}"
	done
	return 0
}

setup() {
	local rc=0 disk
	mkdir -p "$work"
	modprobe qemu_fw_cfg
	disk=$(install_disk)
	if [ -n "$disk" ]; then
		tar -xf "$disk" -C / || rc=$?
		echo "HPGUEST INSTALL $disk rc=$rc"
	fi
	if [ "$rc" = 0 ] && [ -r "$fwcfg/setup/raw" ]; then
		# /run is noexec; bash reads the file, it need not be executable
		cp "$fwcfg/setup/raw" "$work/setup"
		bash "$work/setup" || rc=$?
	fi
	echo "HPGUEST SETUP rc=$rc"
	return "$rc"
}

# run ID B64: run one script, answer on fd 3.
run() {
	local rc=0
	printf '%s' "$2" | base64 -d > "$work/cmd-$1" 2>/dev/null || {
		echo "HPEND $1 126" >&3; return; }
	(cd /root && timeout "$script_timeout" bash "$work/cmd-$1") < /dev/null > "$work/out-$1" 2>&1 || rc=$?
	base64 -w 120 "$work/out-$1" | sed "s/^/HPOUT $1 /" >&3
	echo "HPEND $1 $rc" >&3
	rm -f "$work/cmd-$1" "$work/out-$1"
}

shell() {
	local i id b64
	mkdir -p "$work"
	for ((i = 0; i < 300; i++)); do
		[ -e "$port" ] && break
		sleep 0.1
	done
	exec 3<> "$port" || { echo "HPGUEST no $port"; exit 1; }
	echo "HPGUEST READY"
	while read -r id b64 <&3; do
		[ -n "$id" ] && run "$id" "$b64"
	done
	echo "HPGUEST $port closed"
}

hook() {
	echo "hp-sleep-hook: $1 $2 (SYSTEMD_SLEEP_ACTION=${SYSTEMD_SLEEP_ACTION:-})" > /dev/kmsg
	echo "$(date +%s.%N) $1 $2 ${SYSTEMD_SLEEP_ACTION:-}" >> /var/log/hp-sleep-hook.log
	echo "$(date +%s) $1 $2 $(cat /sys/class/rtc/rtc0/wakealarm 2>/dev/null)" >> /var/log/hp-sleep-hook.alarm
}

case ${1:-} in
setup) setup ;;
shell) shell ;;
hook) shift; hook "$@" ;;
*) echo "usage: $0 setup|shell|hook ARGS" >&2; exit 2 ;;
esac
