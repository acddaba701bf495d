# Sourced by shell tests: a few TAP helpers, read by automake's tap-driver.
# Each check prints "ok N - what" or "not ok N - what"; tap_done prints the plan.
set -u
tap_n=0
tap_failed=0
# tap_ok DESC CMD...: run CMD, report it as one test point.
tap_ok() {
	local desc=$1; shift
	tap_n=$((tap_n + 1))
	if "$@"; then echo "ok $tap_n - $desc"; return 0; fi
	echo "not ok $tap_n - $desc"; tap_failed=$((tap_failed + 1)); return 1
}
# tap_fail DESC: one failed point, for checks made by hand.
tap_fail() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
}
# tap_skip_all REASON: the whole script cannot run here.
tap_skip_all() { echo "1..0 # SKIP $1"; exit 0; }
tap_done() { echo "1..$tap_n"; exit 0; }
