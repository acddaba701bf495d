#!/bin/bash
# The demo: hostpowerd on a simulated host, driven by net-snmp's own tools.
# A private snmpd on 127.0.0.1, hostpowerd --simulate attached to it over a
# unix AgentX socket, snmptrapd receiving the notifications; a walk of the
# MIB, a suspend of a few seconds, the notifications, the counters and the
# event rows. Nothing touches the real /sys/power or RTC; everything lives in
# a temp dir that is removed at the end. Exits non-zero if a step failed.
#
# From a fresh tree it first runs tests/setup.sh demo (packages, build); with
# top_builddir set (an existing build, e.g. out of tree) it uses that as is.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${top_builddir:-}" ]; then
	"$top/tests/setup.sh" demo || exit 1
fi
top_srcdir=${top_srcdir:-$top}
top_builddir=${top_builddir:-$top}
tap_failed=0 # read by the cleanup: show the daemon's log after a failure
. "$top_srcdir/tests/lib/snmpenv.sh"

SECS=5
bold= plain=
if [ -t 1 ]; then bold=$(tput bold 2>/dev/null || :) plain=$(tput sgr0 2>/dev/null || :); fi
section() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
say() { echo "$*" | fold -s -w 78; }
# show CMD...: print a command as a user would type it, then run it.
show() { printf '%s$ %s%s\n' "$bold" "$*" "$plain"; "$@"; }
die() {
	tap_failed=1
	echo "DEMO FAILED: $*" >&2
	exit 1
}
for t in "$SNMPD" "$SNMPTRAPD" snmpget snmpset snmpwalk snmptable; do
	command -v "$t" >/dev/null 2>&1 || die "$t is not installed (tests/setup.sh demo installs it)"
done
[ -x "$HOSTPOWERD" ] || die "$HOSTPOWERD is not built"
hp_ietf_mibdir >/dev/null || die "the IETF base MIBs are missing (Debian package erlang-snmp)"

section "1. A simulated host"
snmpenv_init server
hp_conf "suspendDurationMin 3" "suspendDelay 1"
say "A temp dir laid out like a server's /sys and /proc (tests/lib/fakeroot.sh):" \
	"it can suspend to RAM (S3), hibernate, sleep hybrid and suspend-to-idle, and" \
	"its RTC can wake it. hostpowerd runs with --root on it and --simulate: every" \
	"step of a suspend happens, but the last one waits for the alarm instead of" \
	"sleeping."
for f in sys/power/state sys/power/mem_sleep sys/power/disk sys/class/rtc/rtc0/device/power/wakeup; do
	printf '  %-40s %s\n' "/$f" "$(cat "$HP_ROOT/$f")"
done

section "2. snmpd, hostpowerd, snmptrapd on loopback"
snmpenv_start_trapd || die "snmptrapd did not start"
snmpenv_start_snmpd || die "snmpd did not start"
hp_start
hp_wait_registered 20 || die "hostpowerd did not register with snmpd"
say "snmpd (AgentX master) listens on udp:127.0.0.1:$HP_PORT; hostpowerd registered" \
	"HOST-POWER-MIB through unix:$HP_SOCK; snmpd sends notifications to snmptrapd" \
	"on udp:127.0.0.1:$HP_TPORT. The tools below load HOST-POWER-MIB to show names."
export MIBS MIBDIRS
A=127.0.0.1:$HP_PORT

section "3. What the host can do, and its state: snmpwalk"
show snmpwalk -v2c -c public "$A" HOST-POWER-MIB::hostPowerMIB || die "snmpwalk failed"

section "4. A refused request"
say "A duration below hostPowerSuspendDurationMin is refused with wrongValue, and" \
	"nothing happens:"
printf '%s$ %s%s\n' "$bold" "snmpset -v2c -c private $A HOST-POWER-MIB::hostPowerSuspendDuration.0 u 1" "$plain"
out=$(snmpset -v2c -c private "$A" HOST-POWER-MIB::hostPowerSuspendDuration.0 u 1 2>&1)
echo "$out"
grep -q '^Reason: wrongValue' <<<"$out" || die "a duration of 1 s was not refused with wrongValue"

section "5. Suspend for $SECS seconds: snmpset"
say "One SET of the target and the duration: hostpowerd arms the RTC wake alarm" \
	"(now + suspendDelay + $SECS s), reads it back, answers, then puts the host to" \
	"sleep for $SECS s."
show snmpset -v2c -c private "$A" HOST-POWER-MIB::hostPowerSuspendTarget.0 i mem \
	HOST-POWER-MIB::hostPowerSuspendDuration.0 u $SECS || die "the SET failed"
echo
show snmpget -v2c -c public "$A" HOST-POWER-MIB::hostPowerState.0 HOST-POWER-MIB::hostPowerWakeAlarmTime.0
printf 'The fake RTC alarm: %s (now %s)\n' "$(cat "$(hp_alarm_file)")" "$(date +%s)"
printf 'Waiting for the host to wake up...'
hp_wait_trap hostPowerResumeNotification 1 $((SECS + 20)) || { echo; die "no resume notification"; }
hp_wait_value "$STATE" '^ready' 10 || { echo; die "hostPowerState did not return to ready"; }
echo " awake."
say "What the simulated kernel was told (sim/kernel.log):"
sed 's/^/  /' "$HP_ROOT/sim/kernel.log"

section "6. The notifications snmptrapd received"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	echo "notification $n:"
	tr '\t' '\n' <<<"$line" | grep -v '^TRAP$' | sed 's/^/  /'
done < <(hp_traps HOST-POWER-MIB)
[ "$n" -ge 2 ] || die "expected a suspend and a resume notification, got $n"

section "7. Counters and the event table afterwards"
show snmpget -v2c -c public "$A" HOST-POWER-MIB::hostPowerState.0 \
	HOST-POWER-MIB::hostPowerSuspendCount.0 HOST-POWER-MIB::hostPowerResumeCount.0 \
	HOST-POWER-MIB::hostPowerFailureCount.0 HOST-POWER-MIB::hostPowerLastSleepSeconds.0 \
	HOST-POWER-MIB::hostPowerEventLastIndex.0 || die "snmpget failed"
echo
show snmptable -v2c -c public -Cb -Cw 100 "$A" HOST-POWER-MIB::hostPowerEventTable ||
	die "snmptable failed"
[ "$(hp_get $M::hostPowerResumeCount.0)" = 1 ] || die "hostPowerResumeCount is not 1"

section "Done"
say "A full simulated suspend and resume, seen through SNMP. Everything is stopped" \
	"and the temp dir removed."
