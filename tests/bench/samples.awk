# samples.awk SAMPLES: the table rows of the logind latencies from
# logind_latency.py's "KIND MS" lines: median, p95 and max of each kind.
# Needs quantile.awk first (awk -f quantile.awk -f samples.awk).
{
	s[$1] = s[$1] " " $2
	if (!($1 in max) || $2 + 0 > max[$1])
		max[$1] = $2 + 0
}

END {
	row("ext_suspend", "PrepareForSleep(true) emitted by logind", "hostPowerSuspendNotification at snmptrapd",
	    "before the sleep")
	row("ext_resume", "PrepareForSleep(false) emitted by logind", "hostPowerResumeNotification at snmptrapd",
	    "< 1000 ms after the wake")
	row("set_suspend", "SET hostPowerSuspendDuration.0 answered", "logind's Suspend called",
	    "suspendDelay 0: at the next whole second (0–1000 ms)")
	row("set_late", "the start hostpowerd planned (a whole second)", "logind's Suspend called",
	    "—")
}

# row KIND FROM TO TARGET: one row; a p95 of ext_resume over 1 s is marked.
function row(kind, from, to, target,    p95) {
	if (!(kind in s))
		return
	p95 = quantile(s[kind], 0.95)
	printf "| %s | %s | %.1f | %.1f | %.1f | %s%s |\n", from, to, median(s[kind]), p95, max[kind],
	    target, kind == "ext_resume" ? (p95 < 1000 ? ": met" : ": **missed**") : ""
}
