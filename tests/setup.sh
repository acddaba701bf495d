#!/bin/bash
# Set up a fresh Debian 12 machine (as root) and build the tree:
# install the Debian packages that are missing, generate, configure, make.
#   tests/setup.sh demo    what the demo needs
#   tests/setup.sh check   what the whole test suite needs (also QEMU and a kernel)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

build_pkgs="autoconf automake libtool pkg-config make gcc libsnmp-dev libxml2-dev libsystemd-dev"
# snmpd/snmptrapd/snmp: the real SNMP parts; erlang-snmp: the IETF base MIBs
# Debian strips from its snmp packages (a real host uses snmp-mibs-downloader).
run_pkgs="snmpd snmp snmptrapd erlang-snmp"
# smilint, xmllint, valgrind; QEMU and a stock kernel for the real-kernel
# tests (mmdebstrap, e2fsprogs: the systemd guest's image); clang and its
# fuzzer runtime for the state-file fuzzer; a private bus with a mock logind
# (dbus-daemon, python3-dbusmock; busctl, systemd-inhibit); the fleet lab
# (prometheus, its snmp_exporter, namespaces with iproute2, socat); ethtool,
# the VM guest's own view of Wake-on-LAN (tests/vm/wakesrc.test).
check_pkgs="smitools libxml2-utils valgrind qemu-system-x86 linux-image-amd64 busybox-static cpio clang libclang-rt-14-dev mmdebstrap e2fsprogs dbus-daemon python3-dbusmock systemd prometheus prometheus-snmp-exporter iproute2 python3 socat ethtool"

case "${1:-check}" in
demo) want="$build_pkgs $run_pkgs" ;;
check) want="$build_pkgs $run_pkgs $check_pkgs" ;;
*) echo "usage: $0 demo|check" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "== installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# Debian's snmpd package starts a system snmpd; ours are private, and the
# system one is left as the package set it up.

[ -x configure ] || ./autogen.sh >/dev/null 2>&1
[ -f Makefile ] || ./configure -q
make -j"$(nproc)" >/dev/null
echo "== built $(agent/hostpowerd --version)"
