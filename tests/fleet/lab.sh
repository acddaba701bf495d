# Sourced by tests/fleet/fleet.test, monitoring/fleet-demo.sh and
# tests/bench/fleet-scale: a fleet of simulated hosts watched the way an
# operator would (monitoring/), all in one temp dir.
#
# Each host hNN is its own snmpd (UDP on the host's address, AgentX on a unix
# socket in its dir) and hostpowerd --simulate on its own fake root, in its
# own network namespace with a veth into a bridge that lives in a hub
# namespace (addresses 10.77.x.y/16, the hub 10.77.0.1): nothing is added to
# the machine's own namespace. The hub holds snmptrapd with
# monitoring/hostpower-traphandle (writing to tests/fleet/syslog-sink, the
# journal's stand-in), Debian's prometheus-snmp-exporter with
# monitoring/snmp.yml, and Prometheus with the shipped job and rules, both
# on the hub's own 127.0.0.1. Where namespaces cannot be made (not root, a
# container), every host gets an address of 127.0.0.0/8 instead and the hub
# parts free ports on 127.0.0.1 (LAB_MODE says which).
#
#   lab_require                  skip (TAP) unless every part is installed
#   lab_init N                   temp dir, mode, addresses; EXIT trap
#   lab_start_hosts              N snmpd + hostpowerd; lab_wait_hosts SECS
#   lab_start_hub                sink, snmptrapd, exporter, Prometheus
#   lab_hub CMD... / lab_host I CMD...   run CMD in a namespace
#   lab_snmp I TOOL ARGS...      snmpget/snmpset/... from the hub to host I
#   lab_q EXPR [LABEL...]        Prometheus query; instances as host names
#   lab_alerts                   "alertname host capability state" lines
#   lab_syslog                   the syslog lines received so far
#   lab_freeze I / lab_thaw I    stop / continue host I's daemons (a host
#                                really asleep answers nothing)
#
# Environment: LAB_SCRAPE (scrape and rule interval, default 1s),
# LAB_KEEP=1 keeps the dir, LAB_HOSTCONF lines added to every
# hostpowerd.conf and LAB_HOSTCONF_OF[I] to host I's, LAB_NETNS=0 forces
# the 127.0.0.x fallback.
. "${top_srcdir:?}/tests/lib/snmpenv.sh"
: "${LAB_SCRAPE:=1s}" "${LAB_KEEP:=}" "${LAB_NETNS:=1}"
LAB='' LAB_N=0 LAB_MODE='' LAB_NS='' LAB_PIDS=() LAB_PROM='' LAB_SNMP_PORT='' LAB_HUB_ADDR=''
LAB_TRAP_PORT='' LAB_EXPORTER=''
LAB_HOST_PIDS=() LAB_HOSTCONF_OF=()

# lab_require: the programs of the lab, or skip the whole TAP script.
lab_require() {
	local p
	hp_require_tools
	for p in prometheus prometheus-snmp-exporter logger python3 ip; do
		command -v "$p" >/dev/null || tap_skip_all "$p not installed (tests/setup.sh check)"
	done
}

# lab_name I: the host's name, h01 ... (h001 ... for 100 hosts and more).
lab_name() { printf "h%0${#LAB_N}d" "$1"; }
((BASH_VERSINFO[0] >= 4)) || { echo "lab.sh needs bash 4" >&2; exit 99; }

# lab_addr I: host I's address (10.77.0.10 ... or 127.0.0.10 ...).
lab_addr() {
	local net=10.77
	[ "$LAB_MODE" = netns ] || net=127.0
	echo "$net.$(($1 / 200)).$(($1 % 200 + 10))"
}
# lab_target I: host I as snmp_exporter's target and Prometheus' instance.
lab_target() {
	if [ "$LAB_MODE" = netns ]; then lab_addr "$1"; else echo "$(lab_addr "$1"):$LAB_SNMP_PORT"; fi
}

# lab_netns_works: this process may make network namespaces.
lab_netns_works() {
	[ "$LAB_NETNS" = 1 ] || return 1
	ip netns add "hpf$$-probe" 2>/dev/null || return 1
	ip netns del "hpf$$-probe"
}

# lab_init N: the temp dir and the plan of N hosts.
lab_init() {
	LAB_N=$1
	LAB=$(mktemp -d "${TMPDIR:-/tmp}/hostpower-fleet.XXXXXX") || exit 99
	SNMPCONFPATH=$LAB/conf SNMP_PERSISTENT_DIR=$LAB/persist
	export SNMPCONFPATH SNMP_PERSISTENT_DIR
	mkdir -p "$LAB/conf" "$LAB/persist" "$LAB/prom"
	trap lab_cleanup EXIT
	trap 'exit 130' INT TERM
	if lab_netns_works; then
		LAB_MODE=netns LAB_NS=hpf$$ LAB_SNMP_PORT=161 LAB_HUB_ADDR=10.77.0.1 LAB_TRAP_PORT=162
		LAB_PROM=http://127.0.0.1:9090 LAB_EXPORTER=127.0.0.1:9116
	else
		LAB_MODE=loopback LAB_SNMP_PORT=$(hp_free_port) LAB_HUB_ADDR=127.0.0.1
		LAB_TRAP_PORT=$(hp_free_port) LAB_PROM=http://127.0.0.1:$(hp_free_port)
		LAB_EXPORTER=127.0.0.1:$(hp_free_port)
	fi
}

# lab_in NS: LAB_IN, the words that run a command in namespace NS (hub, or
# a host's name); none without namespaces. A daemon started as
# "${LAB_IN[@]}" CMD & is $! itself (ip netns exec execs it).
lab_in() {
	LAB_IN=()
	[ "$LAB_MODE" = netns ] && LAB_IN=(ip netns exec "$LAB_NS-$1")
	return 0
}
# lab_hub CMD...: CMD in the hub's namespace.
lab_hub() { lab_in hub && "${LAB_IN[@]}" "$@"; }
# lab_host I CMD...: CMD in host I's namespace.
lab_host() { lab_in "$(lab_name "$1")" && shift && "${LAB_IN[@]}" "$@"; }

# lab_net_up: the namespaces, the bridge, one veth per host (ip -batch).
lab_net_up() {
	local i h b="$LAB/ip"
	[ "$LAB_MODE" = netns ] || return 0
	{
		echo "netns add $LAB_NS-hub"
		for ((i = 1; i <= LAB_N; i++)); do echo "netns add $LAB_NS-$(lab_name $i)"; done
	} >"$b.ns"
	ip -batch "$b.ns" || return 1
	{
		echo "link set lo up"
		echo "link add br0 type bridge"
		echo "addr add $LAB_HUB_ADDR/16 dev br0"
		echo "link set br0 up"
		for ((i = 1; i <= LAB_N; i++)); do
			h=$(lab_name $i)
			echo "link add v$i type veth peer name eth0 netns $LAB_NS-$h"
			echo "link set v$i master br0 up"
		done
	} >"$b.hub"
	ip -n "$LAB_NS-hub" -batch "$b.hub" || return 1
	for ((i = 1; i <= LAB_N; i++)); do
		printf 'link set lo up\naddr add %s/16 dev eth0\nlink set eth0 up\n' "$(lab_addr $i)" >"$b.h"
		ip -n "$LAB_NS-$(lab_name $i)" -batch "$b.h" || return 1
	done
}

# lab_hub_bg NAME CMD...: start CMD in the hub's namespace in the
# background (output in NAME.out), remember its pid.
lab_hub_bg() {
	local name=$1
	shift
	lab_in hub
	"${LAB_IN[@]}" "$@" >>"$LAB/$name.out" 2>&1 &
	LAB_PIDS+=($!)
}

# lab_host_files I: host I's dir: fake root (a copy of the template),
# snmpd.conf, hostpowerd.conf.
lab_host_files() {
	local d net=10.77.0.0/16 client=''
	d=$LAB/$(lab_name "$1")
	[ "$LAB_MODE" = netns ] || { net=127.0.0.0/8 client="[snmp] clientaddr $(lab_addr "$1")"; }
	mkdir -p "$d/conf" "$d/persist"
	cp -a "$LAB/root-template" "$d/root"
	cat >"$d/snmpd.conf" <<-EOF
	master agentx
	agentXSocket unix:$d/agentx.sock
	agentXTimeout 3
	rocommunity public $net
	rwcommunity private $net
	trap2sink $LAB_HUB_ADDR:$LAB_TRAP_PORT public
	$client
	dontLogTCPWrappersConnects yes
	EOF
	# privsep no: a lab host is a simulated one run by the test's user.
	cat >"$d/hostpowerd.conf" <<-EOF
	sleepMethod simulate
	privsep no
	suspendDurationMin 1
	suspendDelay 2
	agentxPingInterval 5
	${LAB_HOSTCONF:-}
	${LAB_HOSTCONF_OF[$1]:-}
	EOF
}

# lab_start_snmpd I: host I's snmpd in its namespace (without the
# interface modules, which re-read every interface every few seconds).
lab_start_snmpd() {
	local i=$1 d
	d=$LAB/$(lab_name "$1")
	lab_in "$(lab_name "$i")"
	SNMPCONFPATH=$d/conf SNMP_PERSISTENT_DIR=$d/persist "${LAB_IN[@]}" "$SNMPD" -f -r -C \
		-c "$d/snmpd.conf" -I -smux,ifTable,ifXTable,interfaces -Lf "$d/snmpd.log" \
		"udp:$(lab_addr "$i"):$LAB_SNMP_PORT" >"$d/snmpd.out" 2>&1 &
	LAB_PIDS+=($!)
	LAB_HOST_PIDS[i]="$!"
}
# lab_start_agent I: once host I's snmpd listens on AgentX, its hostpowerd.
# LAB_HOST_PIDS[I] then names both daemons.
lab_start_agent() {
	local i=$1 d
	d=$LAB/$(lab_name "$1")
	hp_wait_ready "snmpd of $(lab_name "$i")" "${LAB_HOST_PIDS[i]}" "$d/snmpd.log $d/snmpd.out" 100 \
		test -S "$d/agentx.sock" || return 1
	lab_in "$(lab_name "$i")"
	"${LAB_IN[@]}" "$HOSTPOWERD" -f -Lf "$d/hostpowerd.log" -x "unix:$d/agentx.sock" -C \
		-c "$d/hostpowerd.conf" --simulate --root "$d/root" >"$d/hostpowerd.out" 2>&1 &
	LAB_PIDS+=($!)
	LAB_HOST_PIDS[i]+=" $!"
}

# lab_start_hosts: the network, then every snmpd, then every hostpowerd.
lab_start_hosts() {
	local i
	lab_net_up || { echo "# setting up the namespaces failed"; return 1; }
	hp_fakeroot_make "$LAB/root-template" server >/dev/null || return 1
	for ((i = 1; i <= LAB_N; i++)); do
		lab_host_files "$i" && lab_start_snmpd "$i" || return 1
	done
	for ((i = 1; i <= LAB_N; i++)); do lab_start_agent "$i" || return 1; done
}

# lab_snmp I TOOL ARGS...: a net-snmp tool run from the hub against host I
# (community private for snmpset, public otherwise), values only.
lab_snmp() {
	local i=$1 tool=$2 c=public
	shift 2
	[ "$tool" = snmpset ] && c=private
	lab_hub "$tool" -v2c -c "$c" -r 1 -t 2 -OqvU "$(lab_addr "$i"):$LAB_SNMP_PORT" "$@"
}
# lab_state I: hostPowerState.0 of host I as the hub reads it.
lab_state() { lab_snmp "$1" snmpget "$M::hostPowerState.0" 2>/dev/null; }

# lab_wait_hosts SECS: every host answers hostPowerState.0 (in rounds over
# the hosts still silent).
lab_wait_hosts() {
	local end=$((SECONDS + $1)) i left still
	left=$(seq 1 "$LAB_N")
	while ((SECONDS < end)); do
		still=
		for i in $left; do
			lab_state "$i" | grep -q '^ready' || still+=" $i"
		done
		left=$still
		[ -z "$left" ] && return 0
		sleep 0.2
	done
	echo "# silent after $1 s:$(for i in $left; do printf ' %s' "$(lab_name "$i")"; done)"
	return 1
}

# lab_trapd_conf SOCKET HANDLER_DIR: monitoring/snmptrapd-hostpower.conf as
# make installs it with the handler in HANDLER_DIR, logging to SOCKET, and
# the community "public".
lab_trapd_conf() {
	sed -e "s|@pkgdatadir[@]|$2|g" -e 's/public-traps-CHANGE-ME/public/' \
		-e "s|hostpower-traphandle |hostpower-traphandle -u $1 |" \
		"$top_srcdir/monitoring/snmptrapd-hostpower.conf.in"
}

# lab_prom_conf: prometheus.yml: short intervals, the shipped rules and job
# (with the timeout within the short interval and the lab's exporter).
lab_prom_conf() {
	local c=$LAB/prom-conf i
	mkdir -p "$c"
	for ((i = 1; i <= LAB_N; i++)); do echo "- targets: ['$(lab_target "$i")']"; done \
		>"$c/hostpower-targets.yml"
	{
		printf 'global:\n  scrape_interval: %s\n  evaluation_interval: %s\n' "$LAB_SCRAPE" "$LAB_SCRAPE"
		printf 'rule_files: [%s]\n' "$top_srcdir/monitoring/hostpower.rules.yml"
		sed -e "s/scrape_timeout: 5s/scrape_timeout: $LAB_SCRAPE/" \
			-e "s/replacement: 127\.0\.0\.1:9116/replacement: $LAB_EXPORTER/" \
			"$top_srcdir/monitoring/prometheus-hostpower.yml"
	} >"$c/prometheus.yml"
	grep -q "scrape_timeout: $LAB_SCRAPE" "$c/prometheus.yml" &&
		grep -q "replacement: $LAB_EXPORTER" "$c/prometheus.yml" ||
		{ echo "# prometheus-hostpower.yml: timeout or exporter address not found"; return 1; }
}

# lab_start_hub: the syslog sink, snmptrapd, snmp_exporter, Prometheus.
lab_start_hub() {
	local sock=$LAB/syslog.sock
	"$top_srcdir/tests/fleet/syslog-sink" "$sock" "$LAB/syslog.log" >"$LAB/syslog-sink.out" 2>&1 &
	LAB_PIDS+=($!)
	hp_wait_ready syslog-sink "${LAB_PIDS[-1]}" "$LAB/syslog-sink.out" 50 test -S "$sock" || return 1
	lab_trapd_conf "$sock" "$top_srcdir/monitoring" >"$LAB/snmptrapd.conf"
	lab_hub_bg snmptrapd "$SNMPTRAPD" -f -n -C -c "$LAB/snmptrapd.conf" -Lf "$LAB/snmptrapd.log" \
		"udp:$LAB_HUB_ADDR:$LAB_TRAP_PORT"
	lab_hub_bg exporter prometheus-snmp-exporter --config.file="$top_srcdir/monitoring/snmp.yml" \
		--web.listen-address="$LAB_EXPORTER" --log.level=warn
	lab_prom_conf || return 1
	lab_hub_bg prometheus prometheus --config.file="$LAB/prom-conf/prometheus.yml" \
		--storage.tsdb.path="$LAB/prom" --web.listen-address="${LAB_PROM#http://}" \
		--log.level=warn
	hp_wait_ready prometheus "${LAB_PIDS[-1]}" "$LAB/prometheus.out" 300 \
		lab_hub "$top_srcdir/tests/fleet/promq" "$LAB_PROM" ready 2>/dev/null
}

# lab_names [COL]: the targets or addresses in column COL (default 1) of the
# lines read to host names; sorted.
lab_names() {
	local i
	[ -s "$LAB/names" ] || for ((i = 1; i <= LAB_N; i++)); do
		echo "$(lab_target "$i") $(lab_name "$i")"
		echo "$(lab_addr "$i") $(lab_name "$i")"
	done >"$LAB/names"
	awk -v c="${1:-1}" 'NR == FNR { n[$1] = $2; next } { if ($c in n) $c = n[$c]; print }' \
		"$LAB/names" - | sort
}
# lab_q EXPR [LABEL...]: the answer of Prometheus to EXPR, "host value" lines.
lab_q() { lab_hub "$top_srcdir/tests/fleet/promq" "$LAB_PROM" query "$@" | lab_names; }
# lab_alerts: the active alerts, "alertname host capability state" lines.
lab_alerts() { lab_hub "$top_srcdir/tests/fleet/promq" "$LAB_PROM" alerts | lab_names 2; }
lab_syslog() { cat "$LAB/syslog.log" 2>/dev/null; }

# lab_agent_pid I: host I's hostpowerd.
lab_agent_pid() { echo "${LAB_HOST_PIDS[$1]#* }"; }
# lab_freeze I / lab_thaw I: SIGSTOP / SIGCONT host I's snmpd and hostpowerd.
# shellcheck disable=SC2086 # two pids
lab_freeze() { kill -STOP ${LAB_HOST_PIDS[$1]}; }
# shellcheck disable=SC2086
lab_thaw() { kill -CONT ${LAB_HOST_PIDS[$1]}; }

# lab_cleanup: stop everything, remove the namespaces and (unless LAB_KEEP)
# the dir.
lab_cleanup() {
	local p i
	for p in "${LAB_PIDS[@]}"; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
	for p in "${LAB_PIDS[@]}"; do hp_wait_gone "$p" 5 || kill -9 "$p" 2>/dev/null; done
	if [ "$LAB_MODE" = netns ]; then
		{
			echo "netns del $LAB_NS-hub"
			for ((i = 1; i <= LAB_N; i++)); do echo "netns del $LAB_NS-$(lab_name $i)"; done
		} >"$LAB/ip.del"
		ip -force -batch "$LAB/ip.del" 2>/dev/null
	fi
	if [ -n "$LAB_KEEP" ]; then
		echo "# kept $LAB"
	elif [ -n "$LAB" ]; then
		rm -rf "$LAB"
	fi
}
