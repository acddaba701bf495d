# Sourced by the integration tests and the demo: a private net-snmp world on
# loopback around one hostpowerd. A temp dir holds everything: snmpd (master
# agentx, UDP on 127.0.0.1, AgentX on a unix socket in the dir), snmptrapd
# writing one line per notification to traps.log, and hostpowerd --simulate
# on a fake host root. An EXIT trap kills what was started and removes the dir
# (HP_KEEP=1 keeps it for a post-mortem).
#
#   snmpenv_init [PROFILE]   temp dir, fake root (tests/lib/fakeroot.sh PROFILE)
#   snmpenv_start            snmptrapd, snmpd, hostpowerd; wait for registration
#   snmpenv_stop_snmpd [SIG] / snmpenv_start_snmpd / snmpenv_restart_snmpd [SIG]
#   hp_start [ARGS] / hp_stop [SIG] / hp_wait_registered [SECS]
#   hp_conf LINE...          lines added to hostpowerd.conf (before hp_start)
#   hp_get OID / hp_set OID TYPE VALUE... / hp_walk OID
#   hp_wait_trap ERE [N] [SECS]   wait until N notifications match ERE
#
# Notifications in traps.log: "TRAP<TAB>vb<TAB>vb..." with vb as
# "HOST-POWER-MIB::hostPowerEventTime.3 = STRING: 2026-11-22,21:48:0.0,+0:0".
. "${top_srcdir:?}/tests/lib/mibenv.sh"
: "${top_builddir:=$top_srcdir}"
: "${SNMPD:=/usr/sbin/snmpd}"
: "${SNMPTRAPD:=/usr/sbin/snmptrapd}"
: "${HOSTPOWERD:=$top_builddir/agent/hostpowerd}"
# Seconds the master waits for each AgentX exchange (valgrind needs more).
: "${HP_AGENTX_TIMEOUT:=3}"

HP_T= HP_ROOT= HP_PORT= HP_TPORT= HP_PID= HP_SNMPD_PID= HP_TRAPD_PID= HP_PRIVSEP_GROUP=

# hp_free_port: a UDP port on 127.0.0.1 nobody uses right now.
hp_free_port() {
	if command -v python3 >/dev/null 2>&1; then
		python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' && return 0
	fi
	local p
	while :; do
		p=$((20000 + RANDOM % 30000))
		ss -Huln "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return 0; }
	done
}

# hp_fakeroot_make DIR PROFILE: lay out DIR as the fake host PROFILE.
hp_fakeroot_make() { sh "$top_srcdir/tests/lib/fakeroot.sh" "$@"; }

# snmpenv_init [PROFILE]: the temp dir, the private config path, the fake
# root laid out as PROFILE, and the cleanup trap.
snmpenv_init() {
	HP_T=$(mktemp -d "${TMPDIR:-/tmp}/hostpowerd-test.XXXXXX") || exit 99
	HP_ROOT=$HP_T/root
	HP_CONF=$HP_T/hostpowerd.conf
	HP_LOG=$HP_T/hostpowerd.log
	HP_TRAPS=$HP_T/traps.log
	HP_STATE=$HP_T/state/hostpowerd.xml
	HP_SOCK=$HP_T/agentx.sock
	mkdir -p "$HP_T/conf" "$HP_T/persist" "$HP_T/state" "$HP_ROOT"
	# Neither the tools nor the daemons read a config of this machine.
	SNMPCONFPATH=$HP_T/conf
	SNMP_PERSISTENT_DIR=$HP_T/persist
	export SNMPCONFPATH SNMP_PERSISTENT_DIR
	trap snmpenv_cleanup EXIT
	trap 'exit 130' INT TERM
	if [ -n "${1:-}" ]; then
		hp_fakeroot_make "$HP_ROOT" "$1" >"$HP_T/fakeroot.log" 2>&1 ||
			{ echo "# fakeroot.sh $1 failed:"; sed 's/^/# /' "$HP_T/fakeroot.log"; exit 99; }
	fi
	mkdir -p "$HP_ROOT/sim"
	# Short limits so a whole cycle fits in a few seconds; unseparated
	# unless the test says (hp_privsep_setup).
	cat >"$HP_CONF" <<-EOF
	privsep no
	sleepMethod simulate
	suspendDurationMin 1
	suspendDelay 1
	agentxPingInterval 1
	stateFile $HP_STATE
	EOF
	[ "${HP_PRIVSEP:-}" != yes ] || hp_privsep_setup nobody || exit 99
}

# hp_privsep_setup USER: the next hostpowerd runs privilege-separated
# (doc/privsep.md), unprivileged as USER: the test dir readable, the state
# dir USER's, and the AgentX socket of an snmpd started after this open to
# USER's group. HP_PRIVSEP=yes does it for every test (with nobody).
hp_privsep_setup() {
	HP_PRIVSEP_GROUP=$(id -g "$1") || return 1
	chmod 755 "$HP_T" && chown "$1" "$HP_T/state" || return 1
	hp_conf "privsep yes" "runAsUser $1"
}

# snmpenv_cleanup: stop everything this shell started, remove the dir.
snmpenv_cleanup() {
	local p
	# A daemonized hostpowerd is known by its pid file only (daemon.test).
	p=$(cat "$HP_T/hostpowerd.pid" 2>/dev/null)
	if [ -n "$p" ] && tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF "$HP_T/"; then
		[ -n "$HP_PID" ] || HP_PID=$p
	fi
	for p in "$HP_PID" "$HP_SNMPD_PID" "$HP_TRAPD_PID"; do
		[ -n "$p" ] && kill "$p" 2>/dev/null
	done
	for p in "$HP_PID" "$HP_SNMPD_PID" "$HP_TRAPD_PID"; do
		[ -n "$p" ] && hp_wait_gone "$p" 5 || { [ -n "$p" ] && kill -9 "$p" 2>/dev/null; }
	done
	if [ -n "${HP_KEEP:-}" ] || [ "${tap_failed:-0}" != 0 ]; then
		[ -n "$HP_T" ] && [ -f "$HP_LOG" ] && { echo "# --- hostpowerd log:"; tail -n 40 "$HP_LOG" | sed 's/^/# /'; }
	fi
	if [ -n "${HP_KEEP:-}" ]; then
		echo "# kept $HP_T"
	elif [ -n "$HP_T" ]; then
		rm -rf "$HP_T"
	fi
}

# hp_poll SECS CMD...: run CMD until it succeeds, every $HP_POLL_STEP s
# (0.1 unless set), for at most SECS s; its last status.
hp_poll() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		((SECONDS < end)) || return 1
		sleep "${HP_POLL_STEP:-0.1}"
	done
}

# hp_wait_gone PID SECS: wait for a process of ours to exit.
hp_wait_gone() {
	hp_poll "$2" _hp_gone "$1" || return 1
	wait "$1" 2>/dev/null
	return 0
}
_hp_gone() { ! kill -0 "$1" 2>/dev/null; }

# hp_conf LINE...: add lines to hostpowerd.conf (a later token wins).
hp_conf() { printf '%s\n' "$@" >>"$HP_CONF"; }

# hp_conf_set TOKEN VALUE: replace every line of TOKEN (for SIGHUP tests).
hp_conf_set() {
	sed -i "/^$1[[:space:]]/d" "$HP_CONF"
	echo "$1 $2" >>"$HP_CONF"
}

# hp_wait_ready NAME PID LOGS TENTHS CMD...: poll CMD every 0.1 s while PID
# lives, at most TENTHS times; if it never succeeds, show LOGS (a list of
# files) and return 1.
hp_wait_ready() {
	local name=$1 pid=$2 logs=$3 secs=$((($4 + 9) / 10))
	shift 4
	hp_poll "$secs" _hp_ready_or_gone "$pid" "$@"
	"$@" && return 0
	echo "# $name did not start:"
	# shellcheck disable=SC2086 # a list of files
	sed 's/^/# /' $logs 2>/dev/null
	return 1
}

# _hp_ready_or_gone PID CMD...: CMD succeeds, or PID has exited.
_hp_ready_or_gone() {
	local pid=$1
	shift
	"$@" || ! kill -0 "$pid" 2>/dev/null
}

# hp_udp_listening PORT: something listens on UDP PORT.
hp_udp_listening() { ss -Huln "sport = :$1" 2>/dev/null | grep -q .; }

# snmpenv_start_trapd: snmptrapd on a free port, logging to $HP_TRAPS.
snmpenv_start_trapd() {
	HP_TPORT=$(hp_free_port)
	printf 'authCommunity log public\ndoNotRetainNotificationLogs yes\n' >"$HP_T/snmptrapd.conf"
	: >"$HP_TRAPS"
	"$SNMPTRAPD" -f -OU -C -c "$HP_T/snmptrapd.conf" -Lf "$HP_TRAPS" -p "$HP_T/snmptrapd.pid" \
		-F 'TRAP\t%V\t%v\n' "udp:127.0.0.1:$HP_TPORT" >"$HP_T/snmptrapd.out" 2>&1 &
	HP_TRAPD_PID=$!
	# Listening before anything can send to it (without ss: it logs its
	# version once its socket is open).
	if command -v ss >/dev/null; then
		hp_wait_ready snmptrapd "$HP_TRAPD_PID" "$HP_T/snmptrapd.out $HP_TRAPS" 50 \
			hp_udp_listening "$HP_TPORT"
	else
		hp_wait_ready snmptrapd "$HP_TRAPD_PID" "$HP_T/snmptrapd.out $HP_TRAPS" 50 \
			grep -q 'NET-SNMP version' "$HP_TRAPS"
	fi
}

# snmpenv_start_snmpd: the master, on a new free port the first time and on
# the same port again after snmpenv_stop_snmpd.
# smux is left out: it would bind TCP 199, shared by every private snmpd.
snmpenv_start_snmpd() {
	[ -n "$HP_PORT" ] || HP_PORT=$(hp_free_port)
	# HP_SNMPD_CONF: a config of the test's own instead (it names $HP_SOCK).
	if [ -n "${HP_SNMPD_CONF:-}" ]; then
		cp "$HP_SNMPD_CONF" "$HP_T/snmpd.conf"
	else
		cat >"$HP_T/snmpd.conf" <<-EOF
	master agentx
	agentXSocket unix:$HP_SOCK
	agentXTimeout $HP_AGENTX_TIMEOUT
	${HP_PRIVSEP_GROUP:+agentXPerms 0660 0755 root $HP_PRIVSEP_GROUP}
	rocommunity public 127.0.0.1
	rwcommunity private 127.0.0.1
	trap2sink 127.0.0.1:$HP_TPORT public
	dontLogTCPWrappersConnects yes
	EOF
	fi
	"$SNMPD" -f -r -I -smux -C -c "$HP_T/snmpd.conf" -Lf "$HP_T/snmpd.log" -p "$HP_T/snmpd.pid" \
		"udp:127.0.0.1:$HP_PORT" >"$HP_T/snmpd.out" 2>&1 &
	HP_SNMPD_PID=$!
	hp_wait_ready snmpd "$HP_SNMPD_PID" "$HP_T/snmpd.log $HP_T/snmpd.out" 100 test -S "$HP_SOCK"
}

# hp_snippet_conf [COMMUNITY]: conf/snmpd.conf.hostpowerd as shipped, moved
# into the test's world -- its AgentX socket, the read community's network
# (127.0.0.1; the community renamed COMMUNITY when given), the trap sink's
# address -- with the user its comments say to create. For HP_SNMPD_CONF.
hp_snippet_conf() {
	local snip=$top_srcdir/conf/snmpd.conf.hostpowerd
	sed -e "s|^agentXSocket .*|agentXSocket unix:$HP_SOCK|" \
		-e "s|^rocommunity \( *\)\([^ ]*\) .*|rocommunity\1${1:-\2} 127.0.0.1|" \
		-e "s|^trap2sink [^ ]*|trap2sink 127.0.0.1:$HP_TPORT|" "$snip"
	sed -n 's/^##* *\(createUser .*\)/\1/p' "$snip"
}

# snmpenv_stop_snmpd [SIGNAL]: stop the master (TERM by default).
snmpenv_stop_snmpd() {
	[ -n "$HP_SNMPD_PID" ] || return 0
	kill -"${1:-TERM}" "$HP_SNMPD_PID" 2>/dev/null
	hp_wait_gone "$HP_SNMPD_PID" 10 || kill -9 "$HP_SNMPD_PID"
	HP_SNMPD_PID=
	rm -f "$HP_SOCK"
}

# snmpenv_restart_snmpd [SIGNAL]: stop the master and start it on the same port.
snmpenv_restart_snmpd() { snmpenv_stop_snmpd "${1:-TERM}" && snmpenv_start_snmpd; }

# hp_start [ARGS...]: start hostpowerd in the foreground of a background job,
# with $HP_WRAPPER (e.g. valgrind) in front when set. A config written
# anew (conf.test) gets privsep no unless it says. HP_START_MODE (default
# --simulate) is empty for a daemon that sleeps through logind on a private
# bus (tests/lib/busenv.sh).
hp_start() {
	grep -q '^privsep[[:space:]]' "$HP_CONF" || hp_conf "privsep no"
	# shellcheck disable=SC2086
	${HP_WRAPPER:-} "$HOSTPOWERD" -f -Lf "$HP_LOG" -x "unix:$HP_SOCK" -C -c "$HP_CONF" \
		${HP_START_MODE---simulate} --root "$HP_ROOT" "$@" >>"$HP_T/hostpowerd.out" 2>&1 &
	HP_PID=$!
}

# hp_stop [SIGNAL]: stop hostpowerd and wait for it (bounded); its exit status.
hp_stop() {
	local rc=0
	[ -n "$HP_PID" ] || return 0
	kill -"${1:-TERM}" "$HP_PID" 2>/dev/null
	if hp_wait_gone "$HP_PID" 20; then
		wait "$HP_PID" 2>/dev/null; rc=$?
	else
		kill -9 "$HP_PID"; rc=124
	fi
	HP_PID=
	return $rc
}

# hp_wait_registered [SECS]: poll hostPowerState.0 until it answers.
hp_wait_registered() {
	hp_poll "${1:-15}" _hp_ready_or_gone "${HP_PID:-$$}" _hp_registered
	_hp_registered && return 0
	if [ -n "$HP_PID" ] && ! kill -0 "$HP_PID" 2>/dev/null; then
		wait "$HP_PID" 2>/dev/null
		echo "# hostpowerd exited with status $?:"
		tail -n 5 "$HP_T/hostpowerd.out" 2>/dev/null | sed 's/^/#   /'
		return 1
	fi
	echo "# hostpowerd did not register within ${1:-15}s"
	return 1
}
_hp_registered() { hp_get "$STATE" 2>/dev/null | grep -Eq '^(ready|pending|suspending)'; }

# snmpenv_start: the three daemons, hostpowerd registered.
snmpenv_start() {
	snmpenv_start_trapd && snmpenv_start_snmpd && hp_start && hp_wait_registered
}

# The read community of the helpers: $HP_RCOMMUNITY, public by default.
HP_SNMP_OPTS=(-v2c -r 1 -t 3)
# hp_get OID...: the values only, one per line (enums as labels).
hp_get() { snmpget "${HP_SNMP_OPTS[@]}" -c "${HP_RCOMMUNITY:-public}" -OqvU "127.0.0.1:$HP_PORT" "$@"; }
# hp_getn OID: the value as a number (enums numeric).
hp_getn() { snmpget "${HP_SNMP_OPTS[@]}" -c "${HP_RCOMMUNITY:-public}" -OqveU "127.0.0.1:$HP_PORT" "$@"; }
# hp_walk OID: "NAME VALUE" lines.
hp_walk() { snmpwalk "${HP_SNMP_OPTS[@]}" -c "${HP_RCOMMUNITY:-public}" -OqsU "127.0.0.1:$HP_PORT" "$@"; }
# hp_set OID TYPE VALUE...: print the error status word (noError, wrongValue,
# ...; "timeout" when the agent did not answer), with the community
# $HP_WCOMMUNITY (default private). Never retried: a retried SET
# would look like a second request.
hp_set() {
	local out
	out=$(snmpset -v2c -r 0 -t 10 -Ir -c "${HP_WCOMMUNITY:-private}" "127.0.0.1:$HP_PORT" "$@" 2>&1)
	if grep -q '^Reason: ' <<<"$out"; then
		sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p' <<<"$out"
	elif grep -q '^Timeout' <<<"$out"; then
		echo timeout
	elif grep -q ' = ' <<<"$out"; then
		echo noError
	else
		echo "other: $out" | tr '\n' ' '; echo
	fi
}

# hp_traps [ERE]: the notifications received (matching ERE), one per line.
hp_traps() { grep '^TRAP' "$HP_TRAPS" | grep -E "${1:-.}"; }
hp_trap_count() { hp_traps "${1:-.}" | wc -l; }

# hp_wait_trap ERE [N] [SECS]: wait until at least N notifications match.
hp_wait_trap() {
	hp_poll "${3:-20}" _hp_traps_at_least "$1" "${2:-1}"
}
_hp_traps_at_least() { (($(hp_trap_count "$1") >= $2)); }

# hp_sim_slept MS: the simulated kernel's clocks show a sleep of MS that
# hostpowerd did not start (CLOCK_BOOTTIME grows past CLOCK_MONOTONIC), as
# after a lid close.
hp_sim_slept() {
	local off=$HP_ROOT/sim/sleep_offset_ms old
	old=$(cat "$off" 2>/dev/null | tr -dc 0-9)
	echo $((${old:-0} + $1)) >"$off.new" && mv "$off.new" "$off"
}

# hp_trap_marker: make hostpowerd send one notification after all it has
# sent so far (the resume of an external sleep of 2 s, seen at the next
# request; it adds an external row) and wait for it. The notifications
# travel in order (one AgentX session, one trap sink), so whatever was sent
# before the marker is in traps.log once the marker is.
hp_trap_marker() {
	local n
	n=$(hp_trap_count 'external\(2\)')
	hp_sim_slept 2000
	hp_get "$STATE" >/dev/null
	hp_wait_trap 'external\(2\)' $((n + 1)) 10 || { echo "# the marker did not arrive"; return 1; }
}

# hp_vb LINE NAME: the value of varbind NAME (e.g. hostPowerEventTarget) in a
# trap line, without its type ("mem(1)", "2026-...", "41").
hp_vb() {
	tr '\t' '\n' <<<"$1" | sed -n "s/^[A-Za-z0-9-]*::$2\(\.[0-9]*\)\{0,1\} = [A-Za-z0-9 ]*: //p" | head -n 1
}
# hp_vb_names LINE: the varbind names, one per line, instance removed.
hp_vb_names() { tr '\t' '\n' <<<"$1" | sed -n 's/^[A-Za-z0-9-]*::\([A-Za-z0-9]*\).* = .*/\1/p'; }
# hp_vb_instances LINE: the distinct instances of the HOST-POWER-MIB varbinds.
hp_vb_instances() {
	tr '\t' '\n' <<<"$1" | sed -n 's/^HOST-POWER-MIB::[A-Za-z0-9]*\.\([0-9]*\) = .*/\1/p' | sort -u
}

# hp_wait_value OID ERE [SECS]: poll OID until its value matches.
hp_wait_value() {
	local HP_POLL_STEP=0.3
	hp_poll "${3:-20}" _hp_value_matches "$1" "$2"
}
_hp_value_matches() { hp_get "$1" 2>/dev/null | grep -Eq "$2"; }

# hp_wait_log ERE [SECS] [N]: wait until N lines (1) of the daemon's log match.
hp_wait_log() {
	local HP_POLL_STEP=0.2
	hp_poll "${2:-10}" _hp_log_at_least "$1" "${3:-1}"
}
_hp_log_at_least() { (($(grep -Ec "$1" "$HP_LOG" 2>/dev/null) >= $2)); }

# The fake RTC: the alarm file of rtc0 and whether it holds a future time.
hp_alarm_file() { echo "$HP_ROOT/sys/class/rtc/rtc0/wakealarm"; }
hp_alarm_armed() {
	local v
	v=$(cat "$(hp_alarm_file)" 2>/dev/null)
	[[ $v =~ ^[0-9]+$ ]] && ((v > $(date +%s)))
}
hp_alarm_disarmed() { ! hp_alarm_armed; }

# hp_kernel_log: what the simulated kernel was asked ("power/state mem").
hp_kernel_log() { cat "$HP_ROOT/sim/kernel.log" 2>/dev/null; }
hp_no_kernel_call() { ! grep -q 'power/state' "$HP_ROOT/sim/kernel.log" 2>/dev/null; }

# hp_event_col COLUMN INDEX: one cell of hostPowerEventTable.
hp_event_col() { hp_get "HOST-POWER-MIB::hostPowerEvent$1.$2"; }

# hp_require_tools: skip the script when net-snmp's programs or the IETF MIBs
# are not installed; bail out when the tree lacks what it should have built.
hp_require_tools() {
	local t
	for t in "$SNMPD" "$SNMPTRAPD" snmpget snmpset snmpwalk; do
		command -v "$t" >/dev/null 2>&1 || tap_skip_all "$t not installed"
	done
	hp_ietf_mibdir >/dev/null || tap_skip_all "IETF base MIBs missing (install erlang-snmp)"
	[ -x "$HOSTPOWERD" ] || { echo "Bail out! $HOSTPOWERD not built"; exit 99; }
	[ -f "$top_srcdir/tests/lib/fakeroot.sh" ] || { echo "Bail out! tests/lib/fakeroot.sh missing"; exit 99; }
}

# Short names for the objects the tests touch most.
M=HOST-POWER-MIB
DUR=$M::hostPowerSuspendDuration.0
TGT=$M::hostPowerSuspendTarget.0
STATE=$M::hostPowerState.0

# hp_cycle SECS [TIMEOUT]: SET the duration and wait for the resume trap that
# ends it and for state ready; fails (with a comment) at the first step that
# does not happen.
hp_cycle() {
	local n st
	n=$(hp_trap_count hostPowerResumeNotification)
	st=$(hp_set "$DUR" u "$1")
	[ "$st" = noError ] || { echo "# SET $1: $st"; return 1; }
	hp_wait_trap hostPowerResumeNotification $((n + 1)) "${2:-20}" || { echo "# no resume trap"; return 1; }
	hp_wait_value "$STATE" '^ready' 10 || { echo "# state not back to ready"; return 1; }
}

# hp_newest_row: the index of the newest row of hostPowerEventTable, 0 if none.
hp_newest_row() {
	hp_walk $M::hostPowerEventType | sed -n 's/^hostPowerEventType\.\([0-9]*\) .*/\1/p' |
		sort -n | tail -n 1 | grep . || echo 0
}
# hp_last_index_ok: hostPowerEventLastIndex names the newest row.
hp_last_index_ok() {
	local a b
	a=$(hp_get $M::hostPowerEventLastIndex.0) b=$(hp_newest_row)
	[ "$a" = "$b" ] || { echo "# hostPowerEventLastIndex $a, newest row $b"; return 1; }
}
# hp_near A B TOL: |A - B| <= TOL (integers).
hp_near() { [[ $1 =~ ^[0-9]+$ ]] && (($1 - $2 <= $3 && $2 - $1 <= $3)); }
# hp_is VALUE EXPECTED: equality that says what it got.
hp_is() { [ "$1" = "$2" ] || { echo "# got '$1', expected '$2'"; return 1; }; }
# hp_empty VALUE: a zero-length string as snmpget -Oqv prints it.
hp_empty() { [ -z "$1" ] || [ "$1" = '""' ] || { echo "# not empty: '$1'"; return 1; }; }
hp_nonempty() { [ -n "$1" ] && [ "$1" != '""' ] || { echo "# empty"; return 1; }; }
# hp_epoch DATEANDTIME: seconds since the epoch of a DateAndTime as the tools
# print it ("2026-11-22,21:49:53.0,+0:0").
hp_epoch() {
	local s
	s=$(sed -E 's/^([0-9]+-[0-9]+-[0-9]+),([0-9]+:[0-9]+:[0-9]+)\.[0-9]+,([-+])([0-9]+):([0-9]+)$/\1 \2 \3\4:\5/' <<<"$1")
	[ "$s" != "$1" ] || { echo "# not a DateAndTime: '$1'" >&2; return 1; }
	s=$(sed -E 's/([-+])([0-9]):/\10\2:/; s/:([0-9])$/:0\1/' <<<"$s")
	date -u -d "$s" +%s
}
