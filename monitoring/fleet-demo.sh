#!/bin/bash
# monitoring/fleet-demo.sh [N] -- a fleet of N simulated hosts (default 10)
# watched the way this directory's files are meant to be used: each host its
# own snmpd + hostpowerd --simulate in its own network namespace, Debian's
# snmp_exporter and Prometheus with snmp.yml, prometheus-hostpower.yml and
# hostpower.rules.yml, snmptrapd with hostpower-traphandle. A few hosts are
# suspended for 20 s, one suspend fails; the demo shows what Prometheus and
# the syslog lines say meanwhile and after. Nothing touches the real
# /sys/power; nothing is added to the machine's network namespace (without
# namespaces the hosts take 127.0.0.x addresses).
#
# Run it as root from a built tree with the test packages installed
# (tests/setup.sh check). With socat installed and a terminal, Prometheus
# stays reachable on 127.0.0.1 until Enter is pressed.
set -u
top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
top_builddir=${top_builddir:-$top_srcdir}
export top_srcdir top_builddir
N=${1:-10}
[[ $N =~ ^[0-9]+$ ]] && ((N >= 3)) || { echo "usage: $0 [N >= 3]" >&2; exit 2; }
# lab.sh reports like a test; the demo says it in words.
tap_skip_all() { echo "fleet-demo: $1" >&2; exit 1; }
. "$top_srcdir/tests/fleet/lab.sh"
lab_require
say() { printf '\n== %s\n' "$*"; }
show() { sed 's/^/   /'; }

lab_init "$N"
say "$N hosts ($LAB_MODE mode), lab in $LAB"
t0=$SECONDS
lab_start_hosts && lab_wait_hosts 120 || exit 1
lab_start_hub || exit 1
for ((i = 0; i < 120; i++)); do
	[ "$(lab_q 'up == 1' | wc -l)" = "$N" ] && break
	sleep 1
done
echo "   all $N scraped by Prometheus after $((SECONDS - t0)) s"
if [ -t 0 ] && command -v socat >/dev/null && [ "$LAB_MODE" = netns ]; then
	port=$(hp_free_port)
	socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" \
		"EXEC:ip netns exec $LAB_NS-hub socat STDIO TCP\:${LAB_PROM#http://}" 2>/dev/null &
	LAB_PIDS+=($!)
	echo "   Prometheus: http://127.0.0.1:$port (alerts: /alerts)"
elif [ -t 0 ] && [ "$LAB_MODE" = loopback ]; then
	echo "   Prometheus: $LAB_PROM (alerts: /alerts)"
fi

sleepers=()
for ((i = 1; i <= N && ${#sleepers[@]} < 5; i += 3)); do sleepers+=("$i"); done
fail=2
say "suspending $(for i in "${sleepers[@]}"; do printf '%s ' "$(lab_name "$i")"; done)for 20 s; $(lab_name $fail) fails"
echo EIO >"$LAB/$(lab_name $fail)/root/sim/fail_errno"
for i in "${sleepers[@]}" $fail; do
	lab_snmp "$i" snmpset "$M::hostPowerSuspendDuration.0" u 20 >/dev/null
done
sleep 8
say "Prometheus, 8 s later: hosts by state"
lab_hub "$top_srcdir/tests/fleet/promq" "$LAB_PROM" query \
	'count by (hostPowerState) (hostPowerState == 1)' hostPowerState | show
say "alerts"
lab_alerts | show
say "syslog lines so far (hostpower-traphandle)"
lab_syslog | show

say "waiting for the sleepers to wake"
for ((i = 0; i < 60; i++)); do
	[ "$(lab_q 'hostPowerResumeCount == 1' | wc -l)" = "${#sleepers[@]}" ] && break
	sleep 1
done
say "resumed (hostPowerResumeCount), measured seconds asleep"
lab_q 'hostPowerEventMeasuredSeconds{hostPowerEventType="resume"}' | show
say "failures (hostPowerFailureCount), and why"
lab_q 'hostPowerEventDetail{hostPowerEventType="failure"}' instance hostPowerEventDetail | sed 's/ [^ ]*$//' | show
say "alerts"
lab_alerts | show
say "syslog lines"
lab_syslog | show
if [ -t 0 ]; then
	read -r -p $'\nPress Enter to stop the fleet. '
fi
