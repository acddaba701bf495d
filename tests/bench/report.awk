# report.awk RESULTS PAIRS: the benchmark's tables from run's lines
#   OP SESSIONS TARGET ROUND ops=N secs=T rate=R mean_us=M p50_us=A p99_us=B
#   varbinds=V errors=E [snmpd_ns=C] agent_ns=D
# RESULTS has one line per target and round; PAIRS the floor, hostpowerd and
# the floor again measured request after request in one snmpload, and
# hostpowerd and pass_persist likewise (as pp:hostpowerd, pp:pass_persist).
# -v targets, ops, sessions: the print order. A cell is the median over the
# rounds; a ratio is the median of the rounds' ratios, with their
# interquartile range. Needs quantile.awk first (awk -f quantile.awk -f report.awk).

# ratio(METRIC, KEY PREFIX, A, B): "median (p25-p75)" of A/B over the rounds;
# "n/a" if no round has both. Sets last_ratio to the median ("" if none).
function ratio(metric, p, a, b,    r, list) {
	list = ""
	for (r = 1; r <= maxround; r++)
		if ((metric, p a, r) in m && (metric, p b, r) in m && m[metric, p b, r] > 0)
			list = list " " m[metric, p a, r] / m[metric, p b, r]
	last_ratio = list == "" ? "" : median(list)
	if (list == "")
		return "n/a"
	return sprintf("%.2f (%.2f–%.2f)", last_ratio, quantile(list, 0.25), quantile(list, 0.75))
}

{
	k = $1 SUBSEP $2 SUBSEP $3
	delete f
	for (i = 5; i <= NF; i++) {
		split($i, kv, "=")
		f[kv[1]] = kv[2]
	}
	if ($4 > maxround)
		maxround = $4
	if (FILENAME == ARGV[2]) {
		# paired: throughput from the mean latency, and CPU per operation
		m["lat", k, $4] = f["mean_us"]
		m["pcpu", k, $4] = f["agent_ns"]
		next
	}
	for (x in f)
		val[k, x] = val[k, x] " " f[x]
	errs[k] += f["errors"]
	m["vbs", k, $4] = f["rate"] * (f["varbinds"] > 0 ? f["varbinds"] : 1)
}

END {
	nt = split(targets, tg, " "); no = split(ops, op, " "); ns = split(sessions, ss, " ")
	print "| op | sessions | server | req/s | p50 µs | p99 µs | varbinds/op | errors | CPU µs/op snmpd | CPU µs/op agent |"
	print "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
	for (o = 1; o <= no; o++)
		for (s = 1; s <= ns; s++)
			for (t = 1; t <= nt; t++) {
				k = op[o] SUBSEP ss[s] SUBSEP tg[t]
				if (!((k, "rate") in val))
					continue
				printf "| %s | %s | %s | %.0f | %.0f | %.0f | %s | %d | %.1f | %s |\n",
				    op[o], ss[s], tg[t], median(val[k, "rate"]), median(val[k, "p50_us"]),
				    median(val[k, "p99_us"]), median(val[k, "varbinds"]), errs[k],
				    median(val[k, "snmpd_ns"]) / 1000,
				    tg[t] == "snmpd" ? "–" : sprintf("%.1f", median(val[k, "agent_ns"]) / 1000)
			}
	print ""
	print "Ratios: median of the rounds (interquartile range). Paired: measured request after"
	print "request in one snmpload (the floor, hostpowerd and the floor again; with one session,"
	print "hostpowerd and pass_persist); throughput ratio = inverse ratio of mean latencies;"
	print "floor-again/floor is the noise left. Cells: the median req/s of the separate cells"
	print "above, in varbinds/s (the ceiling's walk returns more). Agent CPU/op: CPU time the"
	print "subagent spent per operation, paired (lower is cheaper). Targets, judged on the"
	print "paired ratios where there are some: hostpowerd/floor >= 0.95 on every op,"
	print "hostpowerd/pass_persist >= 4 on get5."
	print ""
	print "| op | sessions | hostpowerd/floor paired | floor-again/floor paired | agent CPU/op hostpowerd/floor | hostpowerd/floor cells | hostpowerd/pass_persist paired | hostpowerd/pass_persist cells | hostpowerd/ceiling cells |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	for (o = 1; o <= no; o++)
		for (s = 1; s <= ns; s++) {
			p = op[o] SUBSEP ss[s] SUBSEP
			rf = ratio("lat", p, "floor", "hostpowerd")
			if (last_ratio != "" && last_ratio < 0.95)
				rf = rf " **missed**"
			rpp = ratio("lat", p, "pp:pass_persist", "pp:hostpowerd")
			paired = last_ratio
			if (op[o] == "get5" && paired != "" && paired < 4)
				rpp = rpp " **missed**"
			rpc = ratio("vbs", p, "hostpowerd", "pass_persist")
			if (op[o] == "get5" && paired == "" && last_ratio != "" && last_ratio < 4)
				rpc = rpc " **missed**"
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", op[o], ss[s], rf,
			    ratio("lat", p, "floor", "floor-again"), ratio("pcpu", p, "hostpowerd", "floor"),
			    ratio("vbs", p, "hostpowerd", "floor"), rpp, rpc, ratio("vbs", p, "hostpowerd", "snmpd")
		}
}
