#!/bin/sh
# hostpower_pass.sh ROOT: what an admin writes today instead of hostpowerd.
#
# An snmpd pass_persist script serving the five sleep capabilities under
# .1.3.6.1.4.1.8072.9999.9999.4243.1.{1..5}.0 (TruthValue: S3, S4, hybrid, s2idle,
# RTC wake) and a writable target at .4243.2.1.0 (mem(1) disk(2) hybrid(3)
# freeze(4), accepted if supported, kept in memory),
# read from the host root ROOT on every request. Shell builtins only, so the
# benchmark measures the pass_persist path, not fork().
#   snmpd.conf: pass_persist .1.3.6.1.4.1.8072.9999.9999.4243 /bin/sh hostpower_pass.sh /
root=${1:-}
base=.1.3.6.1.4.1.8072.9999.9999.4243
target=1

# has FILE WORD: FILE's first line contains WORD (brackets are ignored).
has() {
	line=
	[ -r "$1" ] && read -r line < "$1"
	case " $line " in
	*" $2 "*|*" [$2] "*) return 0 ;;
	esac
	return 1
}

s3() { has "$root/sys/power/state" mem && has "$root/sys/power/mem_sleep" deep; }
s2idle() { has "$root/sys/power/state" freeze; }

# Hibernation needs a resume device, an active swap, and free swap >= Active(anon).
s4() {
	has "$root/sys/power/state" disk || return 1
	read -r resume < "$root/sys/power/resume" || return 1
	[ "$resume" != "0:0" ] || return 1
	nswap=0 swapfree=0 anon=
	while read -r dev _; do
		[ "$dev" = Filename ] || nswap=$((nswap + 1))
	done < "$root/proc/swaps"
	[ "$nswap" -gt 0 ] || return 1
	while read -r key val _; do
		case $key in
		SwapFree:) swapfree=$val ;;
		'Active(anon):') anon=$val ;;
		esac
	done < "$root/proc/meminfo"
	[ -n "$anon" ] && [ "$swapfree" -ge "$anon" ]
}

hybrid() { s4 && s3 && has "$root/sys/power/disk" suspend; }

rtc() {
	[ -e "$root/sys/class/rtc/rtc0/wakealarm" ] || return 1
	has "$root/sys/class/rtc/rtc0/device/power/wakeup" enabled
}

# answer OID: print "OID\ntype\nvalue" for an object we serve, or fail.
answer() {
	case $1 in
	"$base".1.1.0) f=s3 ;;
	"$base".1.2.0) f=s4 ;;
	"$base".1.3.0) f=hybrid ;;
	"$base".1.4.0) f=s2idle ;;
	"$base".1.5.0) f=rtc ;;
	"$base".2.1.0) printf '%s\ninteger\n%s\n' "$1" "$target"; return 0 ;;
	*) return 1 ;;
	esac
	if $f; then v=1; else v=2; fi
	printf '%s\ninteger\n%s\n' "$1" "$v"
}

# next OID: set $nextoid to the first object after OID, in OID order.
next() {
	for o in 1.1.0 1.2.0 1.3.0 1.4.0 1.5.0 2.1.0; do
		if after "$1" "$base.$o"; then
			nextoid=$base.$o
			return 0
		fi
	done
	return 1
}

# after A B: B comes after A (numeric, arc by arc).
after() {
	a=${1#.} b=${2#.}
	while [ -n "$b" ]; do
		[ -n "$a" ] || return 0
		x=${a%%.*} y=${b%%.*}
		[ "$x" -eq "$y" ] || { [ "$y" -gt "$x" ]; return; }
		case $a in *.*) a=${a#*.} ;; *) a= ;; esac
		case $b in *.*) b=${b#*.} ;; *) b= ;; esac
	done
	return 1
}

# set_target OID TYPE VALUE: accept a target the host supports, as the MIB says.
set_target() {
	[ "$1" = "$base.2.1.0" ] || { echo not-writable; return; }
	[ "$2" = integer ] || { echo wrong-type; return; }
	case $3 in
	1) f=s3 ;;
	2) f=s4 ;;
	3) f=hybrid ;;
	4) f=s2idle ;;
	*) echo wrong-value; return ;;
	esac
	if $f; then target=$3; echo DONE; else echo inconsistent-value; fi
}

while read -r cmd; do
	case $cmd in
	PING) echo PONG ;;
	get) read -r oid; answer "$oid" || echo NONE ;;
	getnext) read -r oid; { next "$oid" && answer "$nextoid"; } || echo NONE ;;
	set) read -r oid; read -r type value; set_target "$oid" "$type" "$value" ;;
	esac
	# snmpd ends a set with an empty line; it closes the pipe to stop us.
done
