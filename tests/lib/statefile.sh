#!/bin/sh
# statefile.sh FILE FIRST COUNT: write a hostpowerd state file holding COUNT
# events numbered from FIRST (last-index FIRST + COUNT - 1), alternately
# suspend and resume, one a minute from 2026-01-01, each with a detail; the
# counters agree. For the tests and the benchmark that need a long history
# or one near the end of the index range.
if [ $# -ne 3 ]; then
	echo "usage: statefile.sh FILE FIRST COUNT" >&2
	exit 2
fi
mkdir -p "$(dirname "$1")" || exit 1
awk -v first="$2" -v count="$3" 'BEGIN {
	t0 = 1767225600 # 2026-01-01T00:00:00Z
	printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	printf "<hostpower-state xmlns=\"urn:hostpowerd:state\" version=\"1\" last-index=\"%.0f\">\n",
		first + count - 1
	printf " <counters suspends=\"%d\" resumes=\"%d\" failures=\"0\" externals=\"0\"" \
		" last-sleep-seconds=\"60\"/>\n", int((count + 1) / 2), int(count / 2)
	for (i = 0; i < count; i++) {
		t = t0 + 60 * i
		printf " <event index=\"%.0f\" time=\"%s\" type=\"%s\" target=\"mem\"" \
			" requested-seconds=\"60\" measured-seconds=\"%d\" initiator=\"manager\">event %.0f</event>\n",
			first + i, strftime("%Y-%m-%dT%H:%M:%SZ", t, 1), i % 2 ? "resume" : "suspend",
			i % 2 ? 60 : 0, first + i
	}
	printf "</hostpower-state>\n"
}' >"$1"
