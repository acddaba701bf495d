# report.awk: the benchmark's tables from run's results lines
#   OP SESSIONS TARGET ROUND ops=N secs=T rate=R p50_us=A p99_us=B varbinds=V
#   errors=E snmpd_ns=C agent_ns=D
# -v targets, ops, sessions: the print order. A cell is the median over the
# rounds; a ratio is the median of the rounds' ratios (each round measures
# both sides a few seconds apart), with their range.

function median(list,    v, n, i, j, x) {
	n = split(list, v, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
			x = v[j]; v[j] = v[j - 1]; v[j - 1] = x
		}
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

function extreme(list, want_min,    v, n, i, m) {
	n = split(list, v, " ")
	m = v[1]
	for (i = 2; i <= n; i++)
		if (want_min ? v[i] + 0 < m + 0 : v[i] + 0 > m + 0)
			m = v[i]
	return m
}

# ratio(METRIC, KEY PREFIX, A, B): "median (min-max)" of A/B over the rounds;
# "n/a" if no round has both. Sets last_ratio to the median ("" if none).
function ratio(metric, p, a, b,    r, list) {
	list = ""
	for (r = 1; r <= maxround; r++)
		if ((metric, p a, r) in m && (metric, p b, r) in m && m[metric, p b, r] > 0)
			list = list " " m[metric, p a, r] / m[metric, p b, r]
	last_ratio = list == "" ? "" : median(list)
	if (list == "")
		return "n/a"
	return sprintf("%.2f (%.2f–%.2f)", last_ratio, extreme(list, 1), extreme(list, 0))
}

{
	k = $1 SUBSEP $2 SUBSEP $3
	for (i = 5; i <= NF; i++) {
		split($i, kv, "=")
		val[k, kv[1]] = val[k, kv[1]] " " kv[2]
		f[kv[1]] = kv[2]
	}
	errs[k] += f["errors"]
	# per round: varbinds/s, and the agent's CPU per operation
	m["vbs", k, $4] = f["rate"] * (f["varbinds"] > 0 ? f["varbinds"] : 1)
	m["cpu", k, $4] = f["agent_ns"]
	if ($4 > maxround)
		maxround = $4
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
	print "Ratios of varbinds/s (= of req/s where both sides return as many varbinds; the"
	print "ceiling's walk returns more): median of the rounds (range). floor-again/floor is"
	print "the floor measured twice: the noise of this machine. The last column compares the"
	print "CPU time each subagent spent per operation (lower is cheaper). Targets:"
	print "hostpowerd/floor >= 0.95 on every op, hostpowerd/pass_persist >= 4 on get5."
	print ""
	print "| op | sessions | hostpowerd/floor | hostpowerd/pass_persist | hostpowerd/ceiling | floor-again/floor | agent CPU/op hostpowerd/floor |"
	print "|---|---:|---:|---:|---:|---:|---:|"
	for (o = 1; o <= no; o++)
		for (s = 1; s <= ns; s++) {
			p = op[o] SUBSEP ss[s] SUBSEP
			rf = ratio("vbs", p, "hostpowerd", "floor")
			if (last_ratio != "" && last_ratio < 0.95)
				rf = rf " **missed**"
			rp = ratio("vbs", p, "hostpowerd", "pass_persist")
			if (op[o] == "get5" && last_ratio != "" && last_ratio < 4)
				rp = rp " **missed**"
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", op[o], ss[s], rf, rp,
			    ratio("vbs", p, "hostpowerd", "snmpd"), ratio("vbs", p, "floor-again", "floor"),
			    ratio("cpu", p, "hostpowerd", "floor")
		}
}
