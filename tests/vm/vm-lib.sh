# vm-lib.sh -- sourced by tests/vm/*.test: a real Debian kernel in QEMU with
# snmpd (and hostpowerd) inside, driven from the host with the net-snmp tools.
#
# Environment:
#   HOSTPOWERD_VM=skip        skip these tests (exit 77)
#   HOSTPOWERD_VM_KERNEL=PATH kernel image (default: newest /boot/vmlinuz-*)
#   HOSTPOWERD_VM_CACHE=DIR   initramfs cache (default: tests/vm/cache in the
#                             build directory)
#   HOSTPOWERD=PATH           the daemon (default: agent/hostpowerd)
#   HOSTPOWERD_VM_KEEP=1      keep the work directory even on success
#   QEMU=PATH                 qemu-system-x86_64
# A work directory under $TMPDIR holds the logs: console.log (guest console,
# every boot appended), traps.log (host snmptrapd), monitor.log (QEMU monitor).

vm_skip() { echo "SKIP: $*"; exit 77; }

# Print "  name: X.Y s" for the interval between two vm_now stamps.
vm_timing() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "TIMING %-30s %6.1f s\n", n, b - a }'; }

vm_now() { date +%s.%N; }

vm_log() { echo "[$(date +%H:%M:%S)] $*"; }

# Fail the test: say why and show the end of each log.
vm_fail() {
	echo "FAIL: $*"
	for f in console.log traps.log; do
		[ -s "$VM_WORK/$f" ] || continue
		echo "---- last lines of $VM_WORK/$f"
		tail -n 40 "$VM_WORK/$f"
	done
	VM_FAILED=1
	exit 1
}

vm_check() {
	vm_log "ok: $*"
}

vm_cleanup() {
	rc=$?
	vm_stop_qemu
	[ -n "${VM_TRAPD_PID-}" ] && kill "$VM_TRAPD_PID" 2>/dev/null
	if [ "$rc" = 0 ] && [ "${HOSTPOWERD_VM_KEEP-}" != 1 ]; then
		rm -rf "$VM_WORK"
	elif [ -n "${VM_WORK-}" ]; then
		echo "logs kept in $VM_WORK"
	fi
}

# Check the prerequisites (or exit 77), make the work directory, the MIB
# environment and the initramfs.  $1: test name; $2: "daemon" when the guest
# must run hostpowerd.
vm_setup() {
	[ "${HOSTPOWERD_VM-}" = skip ] && vm_skip "HOSTPOWERD_VM=skip"
	VM_SRCDIR=${srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
	VM_SRCDIR=$(cd "$VM_SRCDIR" && pwd)
	QEMU=${QEMU:-qemu-system-x86_64}
	command -v "$QEMU" >/dev/null 2>&1 ||
		vm_skip "$QEMU not found (apt-get install qemu-system-x86)"
	VM_KERNEL=${HOSTPOWERD_VM_KERNEL:-$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)}
	[ -n "$VM_KERNEL" ] && [ -r "$VM_KERNEL" ] ||
		vm_skip "no readable kernel in /boot (apt-get install linux-image-amd64)"
	VM_KVER=${VM_KERNEL##*/vmlinuz-}
	[ -f "/lib/modules/$VM_KVER/modules.dep" ] ||
		vm_skip "no /lib/modules/$VM_KVER for $VM_KERNEL"
	for t in busybox cpio gzip snmpd snmptrapd snmpget snmpset mkswap; do
		command -v $t >/dev/null 2>&1 || [ -x /usr/sbin/$t ] || [ -x /sbin/$t ] ||
			vm_skip "$t not found (apt-get install busybox-static cpio snmp snmpd snmptrapd)"
	done
	PATH=$PATH:/usr/sbin:/sbin
	VM_DAEMON=
	if [ "${2-}" = daemon ]; then
		VM_DAEMON=${HOSTPOWERD:-$PWD/agent/hostpowerd}
		[ -x "$VM_DAEMON" ] || vm_skip "no daemon at $VM_DAEMON (build it, or set HOSTPOWERD)"
		# a libtool wrapper script is not the program itself
		if head -c 2 "$VM_DAEMON" | grep -q '#!'; then
			d=$(dirname "$VM_DAEMON")/.libs/$(basename "$VM_DAEMON")
			[ -x "$d" ] && VM_DAEMON=$d
		fi
	fi

	VM_WORK=$(mktemp -d "${TMPDIR:-/tmp}/hpvm-$1.XXXXXX")
	trap vm_cleanup EXIT
	trap 'exit 1' INT TERM
	VM_CACHE=${HOSTPOWERD_VM_CACHE:-$PWD/tests/vm/cache}

	export SNMPCONFPATH="$VM_WORK" SNMP_PERSISTENT_DIR="$VM_WORK/persist"
	MIBDIRS=$(ls -d /usr/lib/erlang/lib/snmp-*/mibs 2>/dev/null | tail -n 1)
	export MIBDIRS="$MIBDIRS:/usr/share/snmp/mibs:$VM_SRCDIR/mibs"
	# only what the tests name: the default list wants MIBs Debian lacks
	export MIBS=SNMPv2-MIB:NET-SNMP-EXTEND-MIB
	[ -f "$VM_SRCDIR/mibs/HOST-POWER-MIB.txt" ] && MIBS=$MIBS:HOST-POWER-MIB

	t0=$(vm_now)
	sh "$VM_SRCDIR/tests/vm/mkinitramfs.sh" -k "$VM_KVER" -c "$VM_CACHE" \
		-o "$VM_WORK/initrd.gz" ${VM_DAEMON:+-d "$VM_DAEMON"} ||
		vm_fail "cannot build the initramfs"
	vm_timing "initramfs" "$t0" "$(vm_now)"
	vm_log "work directory $VM_WORK, kernel $VM_KERNEL"
	vm_start_trapd
}

# Print a free UDP port on 127.0.0.1.
vm_port() {
	while :; do
		p=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000 ))
		[ "$p" != "${VM_TRAPPORT-}" ] &&
			[ -z "$(ss -Hlun "sport = :$p" 2>/dev/null)" ] && { echo "$p"; return; }
	done
}

vm_start_trapd() {
	VM_TRAPPORT=$(vm_port)
	cat > "$VM_WORK/snmptrapd.conf" <<EOF
authCommunity log public
format2 TRAP %v\n
EOF
	snmptrapd -f -Lf "$VM_WORK/traps.log" -C -c "$VM_WORK/snmptrapd.conf" \
		-p "$VM_WORK/snmptrapd.pid" "udp:127.0.0.1:$VM_TRAPPORT" &
	VM_TRAPD_PID=$!
}

# Boot the guest.  $1: extra kernel parameters (hpvm.*); with VM_DISK set, that
# raw image is the guest's virtio disk.  Sets VM_BOOT (time of the start).
vm_boot() {
	[ -n "${VM_SNMPPORT-}" ] || VM_SNMPPORT=$(vm_port)
	VM_CONSOLE_MARK=0
	[ -f "$VM_WORK/console.log" ] && VM_CONSOLE_MARK=$(wc -c < "$VM_WORK/console.log")
	rm -f "$VM_WORK/mon.in" "$VM_WORK/mon.out"
	mkfifo "$VM_WORK/mon.in" "$VM_WORK/mon.out"
	VM_BOOT=$(vm_now)
	timeout 900 "$QEMU" -accel tcg -machine pc -m 256 -smp 1 \
		-display none -vga none -no-reboot \
		-kernel "$VM_KERNEL" -initrd "$VM_WORK/initrd.gz" \
		-append "console=ttyS0 panic=-1 hpvm.trap=$VM_TRAPPORT $1" \
		-chardev "file,id=con,path=$VM_WORK/console.log,append=on" -serial chardev:con \
		-chardev "pipe,id=mon,path=$VM_WORK/mon" -mon chardev=mon,mode=readline \
		-netdev "user,id=n0,hostfwd=udp:127.0.0.1:$VM_SNMPPORT-:161" \
		-device virtio-net-pci,netdev=n0 \
		${VM_DISK:+-drive "file=$VM_DISK,format=raw,if=virtio"} \
		> "$VM_WORK/qemu.out" 2>&1 &
	VM_QEMU_PID=$!
	# QEMU opens both fifos read-write; keep ours open read-write too so that
	# neither side ever blocks on open.
	exec 8<>"$VM_WORK/mon.in"
	cat 0<>"$VM_WORK/mon.out" >> "$VM_WORK/monitor.log" &
	VM_MONCAT_PID=$!
}

vm_stop_qemu() {
	if [ -n "${VM_QEMU_PID-}" ]; then
		kill "$VM_QEMU_PID" 2>/dev/null
		wait "$VM_QEMU_PID" 2>/dev/null
	fi
	[ -n "${VM_MONCAT_PID-}" ] && kill "$VM_MONCAT_PID" 2>/dev/null
	VM_QEMU_PID= VM_MONCAT_PID=
}

vm_qemu_running() { [ -n "${VM_QEMU_PID-}" ] && kill -0 "$VM_QEMU_PID" 2>/dev/null; }

# Wait up to $1 seconds for QEMU to exit (S4 powers the guest off).
vm_wait_qemu_exit() {
	end=$(( $(date +%s) + $1 ))
	while vm_qemu_running && [ "$(date +%s)" -lt "$end" ]; do sleep 0.2; done
	! vm_qemu_running || return 1
	wait "$VM_QEMU_PID" 2>/dev/null
	VM_QEMU_RC=$?
	kill "$VM_MONCAT_PID" 2>/dev/null
	VM_QEMU_PID= VM_MONCAT_PID=
}

# Send monitor command $1; print the first reply line matching $2.
vm_mon() {
	n=$(grep -c -- "$2" "$VM_WORK/monitor.log" 2>/dev/null)
	printf '%s\n' "$1" >&8
	i=0
	while [ $i -lt 50 ]; do
		m=$(grep -c -- "$2" "$VM_WORK/monitor.log" 2>/dev/null)
		[ "${m:-0}" -gt "${n:-0}" ] && { grep -- "$2" "$VM_WORK/monitor.log" | tail -n 1 | tr -d '\r'; return 0; }
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

# Print QEMU's run state: "running", "paused (suspended)", ...
vm_status() { vm_mon "info status" "VM status:" | sed 's/.*VM status: //'; }

# The host tools, talking to the guest's snmpd through the forward.
vm_snmpget() { snmpget -v2c -c public -t 1 -r 1 "127.0.0.1:$VM_SNMPPORT" "$@"; }
vm_snmpset() { snmpset -v2c -c private -t 3 -r 0 "127.0.0.1:$VM_SNMPPORT" "$@"; }
vm_snmpwalk() { snmpwalk -v2c -c public -t 1 -r 1 "127.0.0.1:$VM_SNMPPORT" "$@"; }

# Print the value of $1 (bare, as -Oqv prints it).
vm_get() { vm_snmpget -Oqv "$@"; }

# Run the guest snmpd "extend" entry $1 and print its output (guest-init.sh).
vm_extend() { vm_get "NET-SNMP-EXTEND-MIB::nsExtendOutput1Line.\"$1\"" | tr -d '"'; }

# The OID of guest file $1 in the guest snmpd's pass subtree (guest-init.sh).
vm_file_oid() {
	printf '.1.3.6.1.4.1.8072.9999.9999.7%s' \
		"$(printf %s "$1" | od -An -tu1 -v | tr -s ' \n' '..' | sed 's/\.$//')"
}

# Print the first line of guest file $1.
vm_guest_cat() { vm_get "$(vm_file_oid "$1")" | tr -d '"'; }

# Write $2 into guest file $1.
vm_guest_write() { vm_snmpset "$(vm_file_oid "$1")" s "$2" >/dev/null; }

# Wait up to $1 seconds for the guest's snmpd to answer.
vm_wait_snmp() {
	end=$(( $(date +%s) + $1 ))
	while [ "$(date +%s)" -lt "$end" ]; do
		vm_qemu_running || return 1
		snmpget -v2c -c public -t 1 -r 0 "127.0.0.1:$VM_SNMPPORT" \
			SNMPv2-MIB::sysUpTime.0 >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	return 1
}

# Wait up to $2 seconds for the guest console (since the last boot) to show
# extended regexp $1.
vm_wait_console() {
	end=$(( $(date +%s) + $2 ))
	while [ "$(date +%s)" -lt "$end" ]; do
		vm_console | grep -Eq -- "$1" && return 0
		sleep 0.2
	done
	return 1
}

# Print the guest console since the last boot.
vm_console() { tail -c +"$((VM_CONSOLE_MARK + 1))" "$VM_WORK/console.log" 2>/dev/null | tr -d '\r'; }

vm_trap_count() { grep -c -- "$1" "$VM_WORK/traps.log" 2>/dev/null || :; }

# Wait up to $3 seconds for the count of traps matching $1 to exceed $2;
# print the newest such trap.
vm_wait_trap() {
	end=$(( $(date +%s) + $3 ))
	while [ "$(date +%s)" -lt "$end" ]; do
		if [ "$(vm_trap_count "$1")" -gt "$2" ]; then
			grep -- "$1" "$VM_WORK/traps.log" | tail -n 1
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# Watch QEMU's state for up to $1 seconds while the guest goes to sleep and
# wakes up; sets VM_ASLEEP_AT and VM_AWAKE_AT (vm_now stamps, empty if not
# seen).
vm_watch_sleep() {
	VM_ASLEEP_AT= VM_AWAKE_AT=
	end=$(( $(date +%s) + $1 ))
	while [ "$(date +%s)" -lt "$end" ]; do
		s=$(vm_status)
		case $s in
		*suspended*) [ -n "$VM_ASLEEP_AT" ] || VM_ASLEEP_AT=$(vm_now) ;;
		running) [ -n "$VM_ASLEEP_AT" ] && { VM_AWAKE_AT=$(vm_now); return 0; } ;;
		esac
		sleep 0.2
	done
	return 1
}
