# Sourced by tests/vm/systemd/*.test: a Debian guest with systemd as PID 1
# (built once by mkimage.sh and cached), booted once per test file under TCG
# with -snapshot, hostpowerd installed into it by `make install` at each run
# and started by its shipped unit.  On top of tests/vm/vm-lib.sh (the QEMU
# monitor, SNMP through the hostfwd port and traps through the slirp gateway,
# the sleep watch, the cleanup that always stops QEMU) it adds a script
# channel into the guest, a virtio-serial port served by guest.sh:
#
#   sd_setup NAME            skip, or: work directory, image, staged install,
#                            the host's snmptrapd
#   sd_setup_script [LINE..] the usual first-boot script: snmpd and hostpowerd
#                            configured (LINEs: hostpowerd.conf), the unit enabled
#   sd_boot SCRIPT           boot, SCRIPT run once before snmpd; wait for READY
#   sd_start                 start QEMU again as sd_boot did (a hibernated
#                            guest resumes)
#   sd_run [-t SECS] SCRIPT  run SCRIPT (bash, root) in the guest; its output
#                            and exit status (125: no answer within SECS)
#   sd_registered SECS       hostpowerd registered with the guest's snmpd
#   sd_wake_fallback         a guest still asleep after a watch: system_wakeup
#   sd_ok / sd_skip          test points
#
# Environment (besides vm-lib.sh's): HOSTPOWERD_VM_CACHE (the image cache,
# default tests/vm/cache in the build tree).  A test may set, before sd_boot:
# SD_SNAPSHOT= (empty: the guest writes to VM_DISK itself, no -snapshot),
# SD_QEMU_ARGS (more QEMU arguments, after the install disk) and SD_APPEND
# (more kernel parameters).
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/vm-lib.sh"

SD_RUN_N=0 SD_UNIT= SD_SNIPPET= SD_SYSUSERS= SD_POLKIT=
SD_QEMU_ARGS=()

# sd_setup NAME: skip the script when something the guest needs is missing;
# else make the work directory, the guest image (cached after its first
# build), hostpowerd installed into a staging tree, and the host snmptrapd.
sd_setup() {
	local t0 img
	vm_require "mmdebstrap mke2fs depmod busybox cpio tar base64" "mmdebstrap e2fsprogs busybox-static cpio"
	[ "$(id -u)" = 0 ] || tap_skip_all "not root: the guest image is built with mmdebstrap --mode=root"
	[ -x "$HOSTPOWERD" ] || { echo "Bail out! $HOSTPOWERD not built"; exit 99; }
	vm_workdir "$1"
	vm_note "kernel $VM_KERNEL, work directory $VM_WORK"
	t0=$(vm_now)
	img=$(sh "$top_srcdir/tests/vm/systemd/mkimage.sh" -k "$VM_KVER" \
		-c "${HOSTPOWERD_VM_CACHE:-$top_builddir/tests/vm/cache}" 2> "$VM_WORK/mkimage.log") || {
		tail -n 20 "$VM_WORK/mkimage.log" | sed 's/^/# /'
		echo "Bail out! cannot build the systemd guest image"; exit 99; }
	vm_timing "systemd guest image (built once, then cached)" "$t0" "$(vm_now)"
	VM_DISK=$img/rootfs.ext4
	ln -s "$img/initrd.img" "$VM_WORK/initrd.gz"
	VM_MEM=512
	t0=$(vm_now)
	sd_stage || { echo "Bail out! make install into $VM_WORK/stage failed"; exit 99; }
	vm_timing "make install for the guest" "$t0" "$(vm_now)"
	snmpenv_start_trapd
}

# sd_stage: `make install` of the build tree into a staging directory, packed
# as the tar the guest unpacks into / at boot (handed in as a raw disk).  Sets
# SD_UNIT and SD_SNIPPET: the installed unit and snmpd.conf example, and
# SD_SYSUSERS and SD_POLKIT: the sysusers.d and polkit rules files installed,
# if any; all as paths in the guest.
sd_stage() {
	local stage=$VM_WORK/stage
	# the test may run under `make check`: not its jobserver, not its flags
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" install DESTDIR="$stage" \
		> "$VM_WORK/install.log" 2>&1 || { sed 's/^/# /' "$VM_WORK/install.log"; return 1; }
	SD_UNIT=$(cd "$stage" && find . -path '*/systemd/system/hostpowerd.service' | sed 's/^\.//')
	SD_SNIPPET=$(cd "$stage" && find . -name snmpd.conf.hostpowerd | sed 's/^\.//')
	SD_SYSUSERS=$(cd "$stage" && find . -path '*/sysusers.d/*.conf' | sed 's/^\.//' | tr '\n' ' ')
	SD_POLKIT=$(cd "$stage" && find . -path '*/polkit-1/rules.d/*.rules' | sed 's/^\.//' | tr '\n' ' ')
	[ -n "$SD_UNIT" ] && [ -n "$SD_SNIPPET" ] ||
		{ echo "# no hostpowerd.service or snmpd.conf.hostpowerd installed"; return 1; }
	sd_stage_sanitizers "$stage"
	tar -C "$stage" --owner=0 --group=0 -cf "$VM_WORK/install.tar" .
}

# sd_stage_sanitizers STAGE: a sanitizer build's daemon needs the sanitizer
# runtimes, which a Debian guest does not have: stage the host's (same
# release, same libc) in their real directories (/lib is a link in the
# guest: a tar member under it would replace the link).
sd_stage_sanitizers() {
	local lib dir
	for lib in $(find "$1" -name hostpowerd -type f -perm -u+x -exec ldd {} + 2>/dev/null |
		awk '$1 ~ /^lib(asan|ubsan)\./ && $3 ~ /^\// { print $3 }' | sort -u); do
		dir=$(readlink -f "${lib%/*}")
		mkdir -p "$1$dir" && cp -L "$lib" "$1$dir/${lib##*/}" || return 1
	done
}

# sd_setup_script [LINE...]: print the script for sd_boot that sets the guest
# up as a package and an admin would: the users of the installed sysusers.d
# files created, the installed polkit rules put where polkitd reads them
# (/etc: it does not read /usr/local); snmpd the AgentX master with the
# shipped snippet (its example community and trap sink taken out),
# communities public and private, notifications to the host's snmptrapd;
# hostpowerd.conf made of the LINEs; hostpowerd enabled and started by its
# shipped unit.
sd_setup_script() {
	cat <<-EOF
	set -e
	for f in $SD_SYSUSERS; do systemd-sysusers "\$f"; done
	for f in $SD_POLKIT; do ln -sf "\$f" /etc/polkit-1/rules.d/; done
	mkdir -p /etc/snmp/snmpd.conf.d
	sed '/CHANGE-ME/d' $SD_SNIPPET > /etc/snmp/snmpd.conf.d/hostpowerd.conf
	cat > /etc/snmp/snmpd.conf <<-'EOT'
	agentaddress udp:161
	rocommunity public default
	rwcommunity private default
	trap2sink 10.0.2.2:$HP_TPORT public
	includeDir /etc/snmp/snmpd.conf.d
	EOT
	cat > /etc/snmp/hostpowerd.conf <<-'EOT'
	$(printf '%s\n' "$@")
	EOT
	# no daemon-reload (seconds under TCG): systemd reads a unit it has
	# never seen when asked to start it
	systemctl enable --quiet --no-reload $SD_UNIT
	systemctl start --no-block hostpowerd.service
	EOF
}

# sd_boot SCRIPT: boot the guest with SCRIPT handed in (run once, before
# snmpd starts); true once the script channel is ready and SCRIPT succeeded.
sd_boot() {
	rm -f "$VM_WORK/cmd.in" "$VM_WORK/cmd.out"
	mkfifo "$VM_WORK/cmd.in" "$VM_WORK/cmd.out"
	# shellcheck disable=SC2206 # SD_SNAPSHOT: one word or none
	VM_QEMU_ARGS=(${SD_SNAPSHOT--snapshot}
		-drive "if=none,id=hpinstall,format=raw,file=$VM_WORK/install.tar"
		-device virtio-blk-pci,drive=hpinstall,serial=hpinstall "${SD_QEMU_ARGS[@]}"
		-fw_cfg "name=opt/org.hostpowerd/setup,file=$1"
		-device virtio-serial-pci -chardev "pipe,id=hpcmd,path=$VM_WORK/cmd"
		-device virtserialport,chardev=hpcmd,name=org.hostpowerd.cmd)
	sd_start
	vm_wait_console 'HPGUEST (READY|SETUP rc=[1-9])' 300 &&
		vm_console | grep -q 'HPGUEST SETUP rc=0' &&
		vm_console | grep -q 'HPGUEST READY'
}

# sd_start: start QEMU with the devices and parameters sd_boot chose; the
# script channel's fifos stay (a resumed guest carries on with them).
sd_start() {
	# (the initrd mounts the disk labelled hpguest; eth0: see mkimage.sh)
	vm_boot "net.ifnames=0 systemd.unit=multi-user.target systemd.show_status=error ${SD_APPEND:-}"
	# both ends read-write, as vm_boot does with the monitor: no open blocks
	exec 6<>"$VM_WORK/cmd.out" 7<>"$VM_WORK/cmd.in"
}

# sd_run [-t SECS] SCRIPT: run SCRIPT with bash, as root, in the guest; print
# its output (stdout and stderr); return its exit status, 124 when the guest
# killed it (guest.sh's limit), 125 when no answer came within SECS (default
# 60).  Everything read from the channel goes to channel.log too.
sd_run() {
	local secs=60 id line part buf= out= rc=125 end
	[ "$1" = -t ] && { secs=$2; shift 2; }
	SD_RUN_N=$((SD_RUN_N + 1))
	id=$SD_RUN_N
	printf '%s %s\n' "$id" "$(printf '%s\n' "$1" | base64 -w 0)" >&7
	end=$((SECONDS + secs))
	while ((SECONDS < end)); do
		# read -t keeps what it got of a line on a timeout: glue it back
		if ! IFS= read -r -t 1 part <&6; then
			buf+=$part
			continue
		fi
		line=${buf}${part%$'\r'} buf=
		echo "$line" >> "$VM_WORK/channel.log"
		case $line in
		"HPOUT $id "*) out+=${line#"HPOUT $id "} ;;
		"HPEND $id "*) rc=${line#"HPEND $id "}; break ;;
		esac
	done
	[ -z "$out" ] || printf '%s' "$out" | base64 -d
	return "$rc"
}

# sd_registered SECS: hostpowerd answers through the guest's snmpd.
sd_registered() { hp_wait_value "$STATE" '^(ready|pending|suspending)' "$1"; }

# sd_wake_fallback: when the guest is still asleep (its RTC did not wake it
# within a watch), wake it through the monitor so that the later points can
# run; true when that was needed.
sd_wake_fallback() {
	case $(vm_status) in
	*suspended*)
		vm_note "the guest was still asleep: QEMU system_wakeup"
		vm_mon system_wakeup system_wakeup > /dev/null
		return 0 ;;
	esac
	return 1
}

# sd_show_guest: the guest's own view after a failure: failed units, the
# ends of the journal of hostpowerd and snmpd (a guest left asleep is woken
# first).
sd_show_guest() {
	vm_qemu_running || return 0
	sd_wake_fallback
	echo "# ---- guest: failed units, hostpowerd and snmpd journal:"
	sd_run -t 20 'systemctl --no-pager --failed --plain --no-legend
		journalctl --no-pager -b -n 30 -u hostpowerd -u snmpd' 2>&1 | sed 's/^/#   /'
}

# sd_ok DESC CMD...: a test point; the script stops at the first failure (as
# vm_ok), after showing the guest's side too.
sd_ok() {
	tap_ok "$@" || { sd_show_guest; vm_show_logs; tap_done; }
}

# sd_skip DESC REASON: a test point that cannot run here.
sd_skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}
