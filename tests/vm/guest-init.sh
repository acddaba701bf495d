#!/bin/sh
# guest-init.sh -- /init of the tests/vm guest (see mkinitramfs.sh).
#
# Boots a minimal system: the virtio modules, the disk as swap and hibernation
# resume device (hpvm.swap=1) or, with hpvm.swapfile=N, the disk an ext4 file
# system whose /swapfile is the swap, with resume_offset N, the network (10.0.2.15, gateway 10.0.2.2), snmpd
# as AgentX master sending traps to 10.0.2.2:PORT (hpvm.trap=PORT) and, with
# hpvm.daemon=1, hostpowerd on the guest's real /sys (with hpvm.wolroot=1 on
# /run/wolroot, see setup_wolroot).  Everything logs to the
# console (ttyS0), which the host test reads.
#
# snmpd is the host's window into the guest.  A "pass_persist" subtree reads
# and writes guest files: the file's path, one sub-identifier per byte, follows
# $passoid (see "/init persist").  "extend" entries run the shell-driven sleeps
# and stop or start hostpowerd, as "/init act NAME [ARG]" when the host GETs
# nsExtendOutput1Line.NAME.

rtc=/sys/class/rtc/rtc0
passoid=.1.3.6.1.4.1.8072.9999.9999.7

# Print the value of kernel command line parameter $1, or $2 when absent.
param() {
	for w in $(cat /proc/cmdline); do
		case $w in "$1="*) echo "${w#*=}"; return ;; esac
	done
	echo "$2"
}

# Actions the host triggers through snmpd.  A sleep runs in the background,
# detached from snmpd's pipe, so that snmpd answers first.
act() {
	case $1 in
	s3)
		( sleep 1
		  echo 0 > $rtc/wakealarm
		  echo "+$2" > $rtc/wakealarm
		  echo "hpvm: shell s3: wakealarm $(cat $rtc/wakealarm)"
		  echo mem > /sys/power/state; rc=$?
		  echo "hpvm: shell s3: state write rc=$rc"
		) < /dev/null > /dev/console 2>&1 &
		echo started ;;
	s4)
		( sleep 1
		  echo "hpvm: shell s4: resume=$(cat /sys/power/resume)"
		  echo disk > /sys/power/state; rc=$?
		  echo "hpvm: shell s4: state write rc=$rc"
		) < /dev/null > /dev/console 2>&1 &
		echo started ;;
	hpdstop)
		# no waiting here: a stopping subagent talks to snmpd, which
		# is running this very action
		kill "$(cat /run/hostpowerd.pid)" && echo signalled ;;
	hpdstart)
		start_daemon
		echo started ;;
	hpdcaps)
		# CapPrm of hostpowerd and of its monitor
		p=$(cat /run/hostpowerd.pid)
		m=$(cat /proc/"$p"/task/*/children | tr -d ' ')
		echo "snmp $(sed -n 's/^CapPrm:[[:space:]]*//p' /proc/"$p"/status)" \
			"monitor $(sed -n 's/^CapPrm:[[:space:]]*//p' /proc/"$m"/status)" ;;
	wol)
		# every interface's Wake-on-LAN as the guest's ethtool tells it
		# ("-" when it tells none): "eth0 - -;eth1 pumbg g;"
		for i in $(ls /sys/class/net); do
			out=$(ethtool "$i" 2>/dev/null)
			s=$(echo "$out" | sed -n 's/^[[:space:]]*Supports Wake-on: //p')
			w=$(echo "$out" | sed -n 's/^[[:space:]]*Wake-on: //p')
			printf '%s %s %s;' "$i" "${s:--}" "${w:--}"
		done
		echo ;;
	hpdcreds)
		# uid and CapEff of hostpowerd and of its monitor (its child)
		p=$(cat /run/hostpowerd.pid)
		m=$(cat /proc/"$p"/task/*/children | tr -d ' ')
		echo "snmp $(creds "$p") monitor $(creds "$m")" ;;
	*)
		echo "unknown action $1" ;;
	esac
}

# Print "UID CAPEFF" of process $1.
creds() {
	echo "$(sed -n 's/^Uid:[[:space:]]*\([0-9]*\).*/\1/p' /proc/"$1"/status)" \
		"$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/"$1"/status)"
}

# Print the guest path named by OID $1 (below $passoid, a byte per
# sub-identifier).
oid_path() {
	for n in $(echo "${1#"$passoid".}" | tr . ' '); do
		printf "\\$(printf %03o "$n")"
	done
}

# snmpd's pass_persist protocol on stdin/stdout (a pass_persist process, unlike
# "pass" and "extend", is asked every time: no cached answers).  Only exact
# GETs and SETs; GETNEXT ends a walk here.
persist() {
	while read -r cmd; do
		case $cmd in
		PING) echo PONG ;;
		get)
			read -r oid
			path=$(oid_path "$oid")
			if [ -r "$path" ]; then
				printf '%s\nstring\n%s\n' "$oid" "$(head -n 1 "$path")"
			else
				echo NONE
			fi ;;
		getnext) read -r oid; echo NONE ;;
		set)
			read -r oid; read -r value
			value=${value#* }; value=${value#\"}; value=${value%\"}
			if echo "$value" > "$(oid_path "$oid")" 2>/dev/null; then
				echo DONE
			else
				echo commit-failed
			fi ;;
		'') ;;	# snmpd ends a set with an empty line
		*) echo NONE ;;
		esac
	done
}

snmpd_conf() {
	cat <<EOF
master agentx
agentXSocket /var/agentx/master
agentXPerms 0660 0755 -1 hostpowerd
rocommunity public default
rwcommunity private default
trap2sink 10.0.2.2:$(param hpvm.trap 162) public
dontLogTCPWrappersConnects yes
disablePerl true
pass_persist $passoid /init persist
extend s3 /init act s3 $(param hpvm.s3 5)
extend s4 /init act s4
extend hpdstop /init act hpdstop
extend hpdstart /init act hpdstart
extend hpdcreds /init act hpdcreds
extend hpdcaps /init act hpdcaps
extend wol /init act wol
EOF
}

hostpowerd_conf() {
	cat <<EOF
suspendDurationMin $(param hpvm.min 3)
suspendDelay $(param hpvm.delay 1)
agentxPingInterval 5
stateFile /var/lib/hostpowerd/state.xml
privsep $(param hpvm.privsep yes)
runAsUser hostpowerd
hibernateDelay $(param hpvm.hdelay 7200)
$([ "$(param hpvm.wolroot 0)" = 1 ] && echo "hostRoot /run/wolroot")
EOF
}

# Start hostpowerd in the background, its output on the console; say when
# it exits. Privilege-separated, it writes its state and pid file as
# hostpowerd: they are made that user's.
start_daemon() {
	mkdir -p /var/lib/hostpowerd
	: > /run/hostpowerd.pid
	chown hostpowerd:hostpowerd /var/lib/hostpowerd /run/hostpowerd.pid
	( hostpowerd -f -Lo -C -c /etc/hostpowerd.conf \
		-x unix:/var/agentx/master -p /run/hostpowerd.pid
	  echo "hpvm: hostpowerd exited, status $?" ) < /dev/null > /dev/console 2>&1 &
}

# Wait up to $2 tenths of a second for path $1 to exist.
wait_for() {
	n=0
	while [ ! -e "$1" ] && [ $n -lt "$2" ]; do sleep 0.1; n=$((n + 1)); done
	[ -e "$1" ]
}

# The disk is the swap and the resume device.  Writing the resume device
# restores a hibernation image right here if the disk holds one (this boot
# then never goes further); otherwise the write returns and the boot goes on.
setup_swap() {
	wait_for /sys/block/vda/dev 50 || { echo "hpvm: no /dev/vda"; return; }
	wait_for /dev/vda 50
	dev=$(cat /sys/block/vda/dev)
	echo "hpvm: resume device $dev"
	echo "$dev" > /sys/power/resume
	echo "hpvm: no hibernation image restored"
	swapon /dev/vda && echo "hpvm: swap on $(grep vda /proc/swaps)"
}

# The disk is an ext4 file system holding a swap file (made on the host) that
# starts at page $1.  As for a partition, the resume comes before anything
# else touches the disk: a file system mounted and then restored under its
# hibernated kernel would be damaged.  resume_offset first (as systemd does:
# the resume write reads there), then the device; then mount and swapon.
setup_swapfile() {
	wait_for /sys/block/vda/dev 50 || { echo "hpvm: no /dev/vda"; return; }
	wait_for /dev/vda 50
	echo "$1" > /sys/power/resume_offset
	cat /sys/block/vda/dev > /sys/power/resume
	echo "hpvm: no hibernation image restored"
	mkdir -p /mnt
	mount -t ext4 /dev/vda /mnt || { echo "hpvm: mount /dev/vda failed"; return; }
	swapon /mnt/swapfile && echo "hpvm: swap on $(grep swapfile /proc/swaps)," \
		"resume $(cat /sys/power/resume) offset $(cat /sys/power/resume_offset)"
}

# hpvm.wolroot=1: a host root for hostpowerd (hostRoot /run/wolroot) that is
# the guest's own /sys as far as its NICs go (address, ifindex, subsystem),
# each NIC's device marked a wake source: QEMU's NICs have no PCI PME, so the
# kernel gives them no power/wakeup, and the table lists only devices whose
# power/wakeup is enabled. Wake-on-LAN is still asked of the real kernel.
setup_wolroot() {
	r=/run/wolroot
	for n in /sys/class/net/*; do
		i=${n##*/}
		[ -e "$n/device" ] || continue
		dev=$(readlink -f "$n/device")
		mkdir -p "$r$dev/power" "$r$dev/net/$i" "$r/sys/class/net/$i"
		echo enabled > "$r$dev/power/wakeup"
		ln -s "$(readlink "$dev/subsystem")" "$r$dev/subsystem"
		cat "$n/address" > "$r$dev/net/$i/address"
		cat "$n/ifindex" > "$r/sys/class/net/$i/ifindex"
	done
	echo "hpvm: wolroot: $(cd $r && find sys -name wakeup | tr '\n' ' ')"
}

setup_net() {
	ip link set lo up
	wait_for /sys/class/net/eth0 50 || { echo "hpvm: no eth0"; return; }
	ip addr add 10.0.2.15/24 dev eth0
	ip link set eth0 up
	ip route add default via 10.0.2.2
}

boot() {
	/bin/busybox --install -s /bin
	export PATH=/bin:/usr/sbin:/usr/bin
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs devtmpfs /dev
	mkdir -p /var/agentx /var/lib/snmp /etc/snmp
	# the user of hostpowerd's unprivileged side (doc/privsep.md)
	printf 'root:x:0:0:root:/:/bin/sh\nhostpowerd:x:100:100::/nonexistent:/bin/false\n' > /etc/passwd
	printf 'root:x:0:\nhostpowerd:x:100:\n' > /etc/group
	echo "hpvm: init, kernel $(uname -r)"
	# load-order.nics: the NIC drivers of mkinitramfs.sh's nics part, if there
	cat /lib/modules/load-order /lib/modules/load-order.nics 2>/dev/null |
	while read -r m; do
		insmod "/lib/modules/$m.ko" || echo "hpvm: insmod $m failed"
	done
	[ "$(param hpvm.swap 0)" = 1 ] && setup_swap
	[ -n "$(param hpvm.swapfile)" ] && setup_swapfile "$(param hpvm.swapfile)"
	# where a real host (systemd) has it: the lockdown LSM's file
	mount -t securityfs securityfs /sys/kernel/security
	setup_net
	echo "hpvm: state=$(cat /sys/power/state) mem_sleep=$(cat /sys/power/mem_sleep)" \
		"disk=$(cat /sys/power/disk) wakeup=$(cat $rtc/device/power/wakeup)"

	export MIBS= MIBDIRS=/nonexistent SNMP_PERSISTENT_DIR=/var/lib/snmp
	snmpd_conf > /etc/snmp/snmpd.conf
	snmpd -f -Lo -C -c /etc/snmp/snmpd.conf -p /run/snmpd.pid udp:161 &
	wait_for /var/agentx/master 100 || echo "hpvm: snmpd has no agentx socket"
	if [ "$(param hpvm.daemon 0)" = 1 ]; then
		[ "$(param hpvm.wolroot 0)" = 1 ] && setup_wolroot
		hostpowerd_conf > /etc/hostpowerd.conf
		start_daemon
	fi
	echo "hpvm: ready"
	while :; do sleep 3600; done
}

case ${1-} in
act|persist) cmd=$1; shift; $cmd "$@" ;;
*) boot ;;
esac
