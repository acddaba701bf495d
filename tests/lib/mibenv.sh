# Sourced by test scripts: where net-snmp's tools find HOST-POWER-MIB and the
# IETF base MIBs it imports. Debian strips those from its snmp packages; the
# erlang-snmp package ships them as text (a real host uses snmp-mibs-downloader).
: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
hp_ietf_mibdir() {
	local d
	for d in /usr/lib/erlang/lib/snmp-*/mibs /usr/share/snmp/mibs/ietf; do
		[ -f "$d/SNMPv2-SMI.mib" ] || [ -f "$d/SNMPv2-SMI" ] || [ -f "$d/SNMPv2-SMI.txt" ] || continue
		echo "$d"
		return 0
	done
	return 1
}
HP_MIBDIRS="$(hp_ietf_mibdir):/usr/share/snmp/mibs:$top_srcdir/mibs"
# net-snmp's tools read MIBDIRS and MIBS; an explicit list, because the
# default one names modules Debian does not ship. libsmi reads SMIPATH.
MIBDIRS="$HP_MIBDIRS"
MIBS="SNMPv2-MIB:HOST-POWER-MIB"
SMIPATH="$HP_MIBDIRS"
export HP_MIBDIRS MIBDIRS MIBS SMIPATH
