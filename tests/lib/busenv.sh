# Sourced by tests that talk to systemd-logind: a private system bus (its own
# dbus-daemon on a unix socket in a temp dir) with python3-dbusmock's logind
# template on it. Never the machine's own bus: every helper checks that
# DBUS_SYSTEM_BUS_ADDRESS is the private socket before it talks.
#
#   busenv_require            skip the script when a tool is missing
#   busenv_start DIR          dbus-daemon on DIR/bus.sock; exports the address
#   busenv_stop_bus           stop it, and the mock (every client's connection drops)
#   busenv_mock [JSON]        logind mock (template parameters), owns login1
#   busenv_stop_mock          stop it (login1 leaves the bus)
#   busenv_cleanup            stop both; call it from the test's EXIT trap
#   bus_login1 ARGS...        busctl call on login1's Manager
#   bus_mock ARGS...          busctl call on the mock's control interface
#   bus_emit_prepare true|false   the mock emits PrepareForSleep
#   bus_inhibitors            ListInhibitors as busctl prints it
#   bus_wait CMD...           poll CMD until it succeeds (5 s unless BUS_WAIT_S)
#
# Each mock started logs the calls it gets to its own $BUS_MOCK_LOG
# ("1796.2 Suspend False").
LOGIN1=(org.freedesktop.login1 /org/freedesktop/login1)
BUS_DIR= BUS_PID= BUS_MOCK_PID= BUS_MOCK_LOG= BUS_MOCK_N=0
: "${BUS_WAIT_S:=5}"
# Debian's dbus and dbusmock modules are /usr/bin/python3's, whatever is first on PATH.
: "${BUS_PYTHON:=/usr/bin/python3}"

busenv_require() {
	local t
	for t in dbus-daemon busctl; do
		command -v "$t" >/dev/null 2>&1 || tap_skip_all "$t not installed"
	done
	"$BUS_PYTHON" -c 'import dbusmock' 2>/dev/null ||
		tap_skip_all "python3-dbusmock not installed for $BUS_PYTHON"
}

# busenv_private: refuse to go on unless the address is our socket.
busenv_private() {
	[ -n "$BUS_DIR" ] && [ "${DBUS_SYSTEM_BUS_ADDRESS:-}" = "unix:path=$BUS_DIR/bus.sock" ] && return 0
	echo "Bail out! DBUS_SYSTEM_BUS_ADDRESS is not the private bus (${DBUS_SYSTEM_BUS_ADDRESS:-unset})"
	exit 99
}

# bus_wait CMD...: poll CMD every 0.1 s until it succeeds, BUS_WAIT_S at most.
bus_wait() {
	local end=$((SECONDS + BUS_WAIT_S))
	while :; do
		"$@" && return 0
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}

# busctl on the private bus, each call bounded.
bus_ctl() {
	busenv_private
	busctl --system --timeout=3 "$@"
}

busenv_start() {
	BUS_DIR=$1
	cat >"$BUS_DIR/bus.conf" <<-EOF
	<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
	 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
	<busconfig><type>system</type><listen>unix:path=$BUS_DIR/bus.sock</listen>
	<auth>EXTERNAL</auth><policy context="default">
	<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
	<allow own="*"/><allow user="*"/></policy></busconfig>
	EOF
	export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$BUS_DIR/bus.sock"
	: >"$BUS_DIR/bus.addr"
	# It prints its address once it listens. (A "fd limit" warning is harmless.)
	dbus-daemon --config-file="$BUS_DIR/bus.conf" --nofork --print-address=3 \
		3>"$BUS_DIR/bus.addr" 2>>"$BUS_DIR/bus.err" &
	BUS_PID=$!
	bus_wait test -s "$BUS_DIR/bus.addr" || { sed 's/^/# /' "$BUS_DIR/bus.err"; return 1; }
	busenv_private
}

# busenv_gone PID: kill a process of ours and reap it (bounded).
busenv_gone() {
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null
	bus_wait eval "! kill -0 $1 2>/dev/null" || kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# busenv_stop_bus: the bus goes (clients see their connection drop); the
# mock, which exits when its bus goes, is reaped too.
busenv_stop_bus() {
	busenv_gone "$BUS_PID"
	busenv_gone "$BUS_MOCK_PID"
	BUS_PID= BUS_MOCK_PID=
}

# login1 has an owner on the private bus.
bus_has_login1() {
	bus_ctl call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus \
		NameHasOwner s org.freedesktop.login1 2>/dev/null | grep -q true
}

busenv_mock() {
	busenv_private
	BUS_MOCK_N=$((BUS_MOCK_N + 1))
	BUS_MOCK_LOG=$BUS_DIR/mock.$BUS_MOCK_N.log
	"$BUS_PYTHON" -m dbusmock --system --template logind -l "$BUS_MOCK_LOG" \
		${1:+-p "$1"} >>"$BUS_DIR/mock.out" 2>&1 &
	BUS_MOCK_PID=$!
	bus_wait bus_has_login1 || { sed 's/^/# /' "$BUS_DIR/mock.out"; return 1; }
}

busenv_stop_mock() {
	busenv_gone "$BUS_MOCK_PID"
	BUS_MOCK_PID=
	bus_wait eval '! bus_has_login1'
}

busenv_cleanup() {
	busenv_gone "$BUS_MOCK_PID"
	busenv_gone "$BUS_PID"
	BUS_MOCK_PID= BUS_PID=
}

bus_login1() { bus_ctl call "${LOGIN1[@]}" org.freedesktop.login1.Manager "$@"; }
bus_mock() { bus_ctl call "${LOGIN1[@]}" org.freedesktop.DBus.Mock "$@"; }

bus_emit_prepare() {
	bus_mock EmitSignal sssav org.freedesktop.login1.Manager PrepareForSleep b 1 b "$1"
}

bus_inhibitors() { bus_login1 ListInhibitors; }
