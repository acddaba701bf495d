#!/bin/bash
# The whole test suite from a fresh clone: set up, build, make check, and end
# with one line "N passed, N failed" (test points counted by automake).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/tests/setup.sh" check || { echo "0 passed, 1 failed"; exit 1; }

make -j"$(nproc)" check
rc=$?
count() {
	local n
	n=$(sed -n "s/^# $1: *//p" test-suite.log 2>/dev/null | head -n 1)
	echo "${n:-0}"
}
pass=$(( $(count PASS) + $(count XFAIL) ))
fail=$(( $(count FAIL) + $(count ERROR) + $(count XPASS) ))
skip=$(count SKIP)
[ "$rc" -eq 0 ] || [ "$fail" -gt 0 ] || fail=1 # make failed before the tests
if [ "$fail" -gt 0 ]; then
	echo "== failures:"
	grep -h -E '^(FAIL|ERROR|XPASS):' tests/*.log tests/*/*.log 2>/dev/null | head -n 50
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
