# Sourced by tests/vm/*.test: a real Debian kernel in QEMU with snmpd (and
# hostpowerd) inside, driven from the host with the net-snmp tools, reported
# as TAP.  The guest's snmpd answers on a UDP port of 127.0.0.1 forwarded by
# QEMU and sends its traps through the slirp gateway 10.0.2.2 to a snmptrapd on
# the host's 127.0.0.1; the SNMP helpers of tests/lib/snmpenv.sh (hp_get,
# hp_set, hp_wait_trap, hp_vb ...) talk to it through HP_PORT and HP_TRAPS.
#
# Environment:
#   HOSTPOWERD_VM=skip        skip these tests
#   HOSTPOWERD_VM_KERNEL=PATH kernel image (default: newest /boot/vmlinuz-*)
#   HOSTPOWERD_VM_CACHE=DIR   initramfs cache (default: tests/vm/cache in the
#                             build tree)
#   HOSTPOWERD=PATH           the daemon (default: agent/hostpowerd)
#   HP_KEEP=1                 keep the work directory even on success
#   QEMU=PATH                 qemu-system-x86_64
# The work directory holds console.log (the guest console, every boot
# appended), traps.log, monitor.log (QEMU monitor) and qemu.out.

: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
export top_srcdir top_builddir
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/snmpenv.sh"
: "${QEMU:=qemu-system-x86_64}"
PATH=$PATH:/usr/sbin:/sbin

VM_WORK= VM_QEMU_PID= VM_MONCAT_PID= VM_SNMPPORT= VM_DISK=
# A guest of its own (tests/vm/systemd) sets more memory and devices.
VM_MEM=256 VM_QEMU_ARGS=()
# A sanitizer build's daemon makes an image (~80 MB) that 256 MB cannot
# load back at resume (-ENOMEM).
ldd "${HOSTPOWERD:-$top_builddir/agent/hostpowerd}" 2>/dev/null | grep -q libasan && VM_MEM=512

# vm_now: the wall clock, in seconds with decimals.
vm_now() { date +%s.%N; }

# vm_timing NAME FROM TO: one "# TIMING" line for the interval FROM..TO.
vm_timing() {
	awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "# TIMING %-40s %6.2f s\n", n, b - a }'
}

# vm_note TEXT...: a TAP comment.
vm_note() { echo "# $*"; }

# vm_bail DESC: a failed test point after which nothing else can be checked:
# show the logs, end the plan.
vm_bail() {
	tap_fail "$1"
	vm_show_logs
	tap_done
}

# vm_ok DESC CMD...: one test point; the script stops at the first failure,
# as every later step builds on this one.
vm_ok() {
	tap_ok "$@" || { vm_show_logs; tap_done; }
}

# vm_show_logs: the ends of the logs, as TAP comments: the guest's own lines
# (init, snmpd, hostpowerd) apart from its kernel's.
vm_show_logs() {
	local f
	[ -s "$VM_WORK/console.log" ] && {
		echo "# ---- guest console, last lines of init, snmpd and hostpowerd:"
		tr -d '\r' < "$VM_WORK/console.log" | grep -v '^\[' | tail -n 30 | sed 's/^/#   /'
		echo "# ---- guest console, last kernel lines:"
		tr -d '\r' < "$VM_WORK/console.log" | grep '^\[' | tail -n 15 | sed 's/^/#   /'
	}
	for f in traps.log qemu.out; do
		[ -s "$VM_WORK/$f" ] || continue
		echo "# ---- last lines of $VM_WORK/$f"
		tail -n 10 "$VM_WORK/$f" | sed 's/^/#   /'
	done
}

# vm_cleanup: the EXIT trap: stop what we started; keep the work directory
# when a test point failed.
vm_cleanup() {
	vm_stop_qemu
	if [ -n "$HP_TRAPD_PID" ]; then
		kill "$HP_TRAPD_PID" 2>/dev/null
		wait "$HP_TRAPD_PID" 2>/dev/null
	fi
	[ -n "$VM_WORK" ] || return
	if [ "${tap_failed:-0}" = 0 ] && [ -z "${HP_KEEP:-}" ]; then
		rm -rf "$VM_WORK"
	else
		echo "# logs kept in $VM_WORK"
	fi
}

# vm_require TOOLS PACKAGES: skip the script with HOSTPOWERD_VM=skip, or
# without QEMU, a kernel with its modules, the SNMP tools or TOOLS (from the
# Debian PACKAGES).  Sets VM_KERNEL and VM_KVER.
vm_require() {
	local t kmods
	[ "${HOSTPOWERD_VM:-}" = skip ] && tap_skip_all "HOSTPOWERD_VM=skip"
	command -v "$QEMU" >/dev/null 2>&1 ||
		tap_skip_all "$QEMU not found (apt-get install qemu-system-x86)"
	VM_KERNEL=${HOSTPOWERD_VM_KERNEL:-$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)}
	[ -n "$VM_KERNEL" ] && [ -r "$VM_KERNEL" ] ||
		tap_skip_all "no readable kernel in /boot (apt-get install linux-image-amd64)"
	VM_KVER=${VM_KERNEL##*/vmlinuz-}
	kmods=/lib/modules/$VM_KVER/modules.dep
	[ -f "$kmods" ] || tap_skip_all "no $kmods for $VM_KERNEL"
	for t in $1 "$SNMPD" "$SNMPTRAPD" snmpget snmpset snmpwalk; do
		command -v "$t" >/dev/null 2>&1 ||
			tap_skip_all "$t not found (apt-get install $2 snmp snmpd snmptrapd)"
	done
	hp_ietf_mibdir >/dev/null || tap_skip_all "IETF base MIBs missing (install erlang-snmp)"
}

# vm_workdir NAME: the work directory, the cleanup trap, a net-snmp config
# path of the test's own.
vm_workdir() {
	VM_WORK=$(mktemp -d "${TMPDIR:-/tmp}/hostpowerd-vm-$1.XXXXXX") || exit 99
	trap vm_cleanup EXIT
	trap 'exit 130' INT TERM
	HP_T=$VM_WORK HP_TRAPS=$VM_WORK/traps.log
	mkdir -p "$VM_WORK/conf" "$VM_WORK/persist"
	SNMPCONFPATH=$VM_WORK/conf SNMP_PERSISTENT_DIR=$VM_WORK/persist
	export SNMPCONFPATH SNMP_PERSISTENT_DIR
}

# vm_setup NAME [daemon]: skip the script when QEMU, a kernel or the SNMP
# tools are missing; make the work directory, the host snmptrapd and the
# initramfs (with hostpowerd when "daemon" is given).
vm_setup() {
	local t0
	vm_require "busybox cpio gzip mkswap" "busybox-static cpio"
	VM_DAEMON=
	if [ "${2:-}" = daemon ]; then
		VM_DAEMON=$HOSTPOWERD
		[ -x "$VM_DAEMON" ] || { echo "Bail out! $VM_DAEMON not built"; exit 99; }
		# a libtool wrapper script is not the program itself
		if [ "$(head -c 2 "$VM_DAEMON")" = '#!' ] &&
			[ -x "$(dirname "$VM_DAEMON")/.libs/$(basename "$VM_DAEMON")" ]; then
			VM_DAEMON=$(dirname "$VM_DAEMON")/.libs/$(basename "$VM_DAEMON")
		fi
	fi
	vm_workdir "$1"

	t0=$(vm_now)
	sh "$top_srcdir/tests/vm/mkinitramfs.sh" -k "$VM_KVER" \
		-c "${HOSTPOWERD_VM_CACHE:-$top_builddir/tests/vm/cache}" \
		-o "$VM_WORK/initrd.gz" ${VM_DAEMON:+-d "$VM_DAEMON"} \
		> "$VM_WORK/mkinitramfs.log" 2>&1 ||
		{ sed 's/^/# /' "$VM_WORK/mkinitramfs.log"; echo "Bail out! cannot build the initramfs"; exit 99; }
	vm_timing "initramfs (cached parts reused)" "$t0" "$(vm_now)"
	vm_note "kernel $VM_KERNEL, work directory $VM_WORK"
	snmpenv_start_trapd
}

# vm_swap_disk: a fresh raw image, formatted as swap on the host, as the
# guest's virtio disk (vda) for the following boots.
vm_swap_disk() {
	VM_DISK=$VM_WORK/swap.img
	rm -f "$VM_DISK"
	truncate -s 256M "$VM_DISK" && chmod 600 "$VM_DISK" &&
		mkswap "$VM_DISK" >/dev/null 2>&1
}

# vm_swapfile_disk: a fresh ext4 image holding /swapfile as the guest's
# virtio disk (VM_DISK), made without a loop mount (mkfs.ext4 -d, e2fsprogs);
# print the page the file starts at (debugfs), for hpvm.swapfile.  The file
# is 128 MiB of non-zero bytes under mkswap's header: mkfs.ext4 -d leaves
# zero blocks out, and swapon refuses a file with holes.
vm_swapfile_disk() {
	local src=$VM_WORK/fs block
	VM_DISK=$VM_WORK/ext4.img
	rm -rf "$src" "$VM_DISK"
	mkdir -p "$src" && head -c 128M /dev/zero | tr '\0' U > "$src/swapfile" &&
		chmod 600 "$src/swapfile" && mkswap "$src/swapfile" > /dev/null || return 1
	# 4 KiB blocks, as the guest's pages
	mkfs.ext4 -q -F -b 4096 -d "$src" "$VM_DISK" 160M > /dev/null || return 1
	rm -rf "$src"
	block=$(debugfs -R "bmap /swapfile 0" "$VM_DISK" 2>/dev/null)
	[[ $block =~ ^[0-9]+$ ]] && echo $((block * 4096 / $(getconf PAGESIZE)))
}

# vm_boot [PARAMS]: start the guest with kernel parameters PARAMS (hpvm.*, see
# guest-init.sh); with VM_DISK set, that image is its virtio disk.  The UDP
# port forwarded to its snmpd stays the same across boots.  Sets VM_BOOT.
vm_boot() {
	[ -n "$VM_SNMPPORT" ] || VM_SNMPPORT=$(hp_free_port)
	HP_PORT=$VM_SNMPPORT
	VM_CONSOLE_MARK=0
	[ -f "$VM_WORK/console.log" ] && VM_CONSOLE_MARK=$(wc -c < "$VM_WORK/console.log")
	rm -f "$VM_WORK/mon.in" "$VM_WORK/mon.out"
	mkfifo "$VM_WORK/mon.in" "$VM_WORK/mon.out"
	VM_BOOT=$(vm_now)
	timeout 900 "$QEMU" -accel tcg -machine pc -m "$VM_MEM" -smp 1 \
		-display none -vga none -no-reboot \
		-kernel "$VM_KERNEL" -initrd "$VM_WORK/initrd.gz" \
		-append "console=ttyS0 panic=-1 hpvm.trap=$HP_TPORT ${1:-}" \
		-chardev "file,id=con,path=$VM_WORK/console.log,append=on" -serial chardev:con \
		-chardev "pipe,id=mon,path=$VM_WORK/mon" -mon chardev=mon,mode=readline \
		-netdev "user,id=n0,hostfwd=udp:127.0.0.1:$VM_SNMPPORT-:161" \
		-device virtio-net-pci,netdev=n0 \
		${VM_DISK:+-drive "file=$VM_DISK,format=raw,if=virtio"} "${VM_QEMU_ARGS[@]}" \
		>> "$VM_WORK/qemu.out" 2>&1 &
	VM_QEMU_PID=$!
	# (slirp's restrict=on would also drop the snmpd's answers and traps.)
	# QEMU opens both fifos read-write; so do we, so no open ever blocks.
	exec 8<>"$VM_WORK/mon.in"
	cat 0<>"$VM_WORK/mon.out" >> "$VM_WORK/monitor.log" &
	VM_MONCAT_PID=$!
}

vm_stop_qemu() {
	if [ -n "$VM_QEMU_PID" ]; then
		kill "$VM_QEMU_PID" 2>/dev/null
		wait "$VM_QEMU_PID" 2>/dev/null
	fi
	vm_stop_moncat
	VM_QEMU_PID=
}

vm_stop_moncat() {
	[ -n "$VM_MONCAT_PID" ] || return 0
	kill "$VM_MONCAT_PID" 2>/dev/null
	wait "$VM_MONCAT_PID" 2>/dev/null
	VM_MONCAT_PID=
}

vm_qemu_running() { [ -n "$VM_QEMU_PID" ] && kill -0 "$VM_QEMU_PID" 2>/dev/null; }

# vm_wait_qemu_exit SECS: wait for QEMU to exit by itself (S4 powers off).
vm_wait_qemu_exit() {
	local end=$((SECONDS + $1))
	while vm_qemu_running && ((SECONDS < end)); do sleep 0.2; done
	vm_qemu_running && return 1
	wait "$VM_QEMU_PID" 2>/dev/null
	vm_stop_moncat
	VM_QEMU_PID=
}

# vm_mon_lines: the whole lines of the monitor's output so far (a reply may
# be half written; the "(qemu) " prompt never ends its line).
vm_mon_lines() {
	if [ -z "$(tail -c 1 "$VM_WORK/monitor.log")" ]; then
		cat "$VM_WORK/monitor.log"
	else
		sed '$d' "$VM_WORK/monitor.log"
	fi | tr -d '\r'
}

# vm_mon CMD ERE: send a monitor command; print the first new line of the
# monitor's output matching ERE.
vm_mon() {
	local n m i
	n=$(vm_mon_lines | grep -Ec -- "$2")
	printf '%s\n' "$1" >&8
	for ((i = 0; i < 250; i++)); do
		sleep 0.02
		m=$(vm_mon_lines | grep -Ec -- "$2")
		if ((m > n)); then
			vm_mon_lines | grep -E -- "$2" | sed -n "$((n + 1))p"
			return 0
		fi
	done
	return 1
}

# vm_status: QEMU's run state ("running", "paused (suspended)", ...).
vm_status() { vm_mon "info status" "VM status:" | sed 's/.*VM status: //'; }

# vm_wait_snmp SECS: wait for the guest's snmpd to answer.
vm_wait_snmp() {
	local end=$((SECONDS + $1))
	while ((SECONDS < end)); do
		vm_qemu_running || return 1
		[ "$(vm_probe_snmp)" = answer ] && return 0
		sleep 0.5
	done
	return 1
}

# vm_console: the guest console since the last boot.
vm_console() { tail -c +"$((VM_CONSOLE_MARK + 1))" "$VM_WORK/console.log" 2>/dev/null | tr -d '\r'; }

# vm_wait_console ERE SECS: wait for the console (since the last boot) to
# show ERE.
vm_wait_console() {
	local end=$((SECONDS + $2))
	while ((SECONDS < end)); do
		vm_console | grep -Eq -- "$1" && return 0
		sleep 0.2
	done
	return 1
}

# vm_bytes STRING: ".b1.b2..." -- STRING as sub-identifiers, one per byte.
vm_bytes() { printf %s "$1" | od -An -tu1 -v | tr -s ' \n' '..' | sed 's/\.$//'; }

# vm_cat PATH: the first line of guest file PATH (through snmpd's
# pass_persist subtree, see guest-init.sh).
vm_cat() { hp_get ".1.3.6.1.4.1.8072.9999.9999.7$(vm_bytes "$1")" | tr -d '"'; }

# vm_write PATH VALUE: write VALUE into guest file PATH; the SET's status.
vm_write() { hp_set ".1.3.6.1.4.1.8072.9999.9999.7$(vm_bytes "$1")" s "$2"; }

# vm_extend NAME: run the guest snmpd's "extend" NAME (nsExtendOutput1Line,
# indexed by the name) and print its output.
vm_extend() { hp_get ".1.3.6.1.4.1.8072.1.3.2.3.1.1.${#1}$(vm_bytes "$1")" | tr -d '"'; }

# vm_success: the guest kernel's /sys/power/suspend_stats/success.
vm_success() { vm_cat /sys/power/suspend_stats/success; }

# vm_boot_daemon [PARAMS]: boot the guest with hostpowerd; true once snmpd
# answers and hostpowerd has registered with it.
vm_boot_daemon() {
	local end=$((SECONDS + 60))
	vm_boot "hpvm.daemon=1 ${1:-}"
	vm_wait_snmp 120 || return 1
	while ((SECONDS < end)); do
		hp_get "$STATE" 2>/dev/null | grep -Eq '^(ready|pending|suspending)' && return 0
		vm_console | grep -q "hostpowerd exited" && break
		sleep 0.3
	done
	echo "# hostpowerd did not register:"
	vm_console | grep -E "hostpowerd" | tail -n 5 | sed 's/^/# /'
	return 1
}

# vm_sleep_begin: remember the notification counts and the time, just before
# the SET that starts a sleep.
vm_sleep_begin() {
	VM_NSUS=$(hp_trap_count hostPowerSuspendNotification)
	VM_NRES=$(hp_trap_count hostPowerResumeNotification)
	VM_SET_AT=$(vm_now)
}

# vm_watch_sleep SECS [notify]: watch QEMU's run state until the guest has
# gone to sleep and woken up again -- with "notify", after vm_sleep_begin and
# the SET, watch the notifications too, until the resume notification.  Sets
# the vm_now stamps VM_STRAP_AT (suspend notification), VM_ASLEEP_AT,
# VM_AWAKE_AT, each the start of the poll round (~0.1 s) that first saw it,
# VM_RTRAP_AT (resume notification, when seen), and VM_ASLEEP_SNMP ("timeout"
# when a GET went unanswered while asleep, else "answer").
vm_watch_sleep() {
	local end=$((SECONDS + $1)) s now probe= rc=1
	VM_STRAP_AT= VM_ASLEEP_AT= VM_AWAKE_AT= VM_RTRAP_AT= VM_ASLEEP_SNMP=
	rm -f "$VM_WORK/probe"
	while ((SECONDS < end)); do
		now=$(vm_now)
		if [ -z "$VM_AWAKE_AT" ]; then
			s=$(vm_status)
			case $s in
			*suspended*)
				[ -n "$VM_ASLEEP_AT" ] || VM_ASLEEP_AT=$now
				# a GET while asleep, in the background: the watch goes on
				[ -n "$probe" ] || { vm_probe_snmp > "$VM_WORK/probe" & probe=$!; } ;;
			running)
				[ -n "$VM_ASLEEP_AT" ] && VM_AWAKE_AT=$now ;;
			esac
		fi
		if [ "${2:-}" != notify ]; then
			[ -n "$VM_AWAKE_AT" ] && { rc=0; break; }
		else
			[ -z "$VM_STRAP_AT" ] &&
				(($(hp_trap_count hostPowerSuspendNotification) > VM_NSUS)) && VM_STRAP_AT=$now
			if (($(hp_trap_count hostPowerResumeNotification) > VM_NRES)); then
				VM_RTRAP_AT=$(vm_now)
				# the guest woke after the last "suspended" sample
				[ -n "$VM_ASLEEP_AT" ] && [ -z "$VM_AWAKE_AT" ] && VM_AWAKE_AT=$now
				rc=0
				break
			fi
		fi
		sleep 0.05
	done
	[ -n "$probe" ] && wait "$probe"
	VM_ASLEEP_SNMP=$(cat "$VM_WORK/probe" 2>/dev/null)
	return $rc
}

# vm_probe_snmp: "answer" or "timeout" for one quick GET to the guest.
vm_probe_snmp() {
	snmpget -v2c -c public -t 1 -r 0 "127.0.0.1:$VM_SNMPPORT" SNMPv2-MIB::sysUpTime.0 \
		>/dev/null 2>&1 && echo answer || echo timeout
}

# vm_near_s A B TOL: |A - B| <= TOL for decimal seconds.
vm_near_s() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; exit !(d <= t && -d <= t) }'; }
