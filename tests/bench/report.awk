# report.awk: the benchmark's tables from run's results lines
#   OP SESSIONS TARGET ROUND ops=N secs=T rate=R p50_us=A p99_us=B varbinds=V errors=E
# Each cell is the median over rounds. -v targets, ops, sessions: print order.

function median(list,    v, n, i, j, x) {
	n = split(list, v, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
			x = v[j]; v[j] = v[j - 1]; v[j - 1] = x
		}
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

function ratio(a, b) {
	return (a == "" || b == "" || b == 0) ? "n/a" : sprintf("%.2f", a / b)
}

{
	k = $1 SUBSEP $2 SUBSEP $3
	for (i = 5; i <= NF; i++) {
		split($i, kv, "=")
		val[k, kv[1]] = val[k, kv[1]] " " kv[2]
	}
	errs[k] += substr($NF, 8)
}

END {
	nt = split(targets, tg, " "); no = split(ops, op, " "); ns = split(sessions, ss, " ")
	print "| op | sessions | server | req/s | p50 µs | p99 µs | varbinds/op | errors |"
	print "|---|---:|---|---:|---:|---:|---:|---:|"
	for (o = 1; o <= no; o++)
		for (s = 1; s <= ns; s++)
			for (t = 1; t <= nt; t++) {
				k = op[o] SUBSEP ss[s] SUBSEP tg[t]
				if (!((k, "rate") in val))
					continue
				rate[k] = median(val[k, "rate"])
				vbs[k] = rate[k] * (median(val[k, "varbinds"]) > 0 ? median(val[k, "varbinds"]) : 1)
				printf "| %s | %s | %s | %.0f | %.0f | %.0f | %s | %d |\n", op[o], ss[s], tg[t],
				    rate[k], median(val[k, "p50_us"]), median(val[k, "p99_us"]),
				    median(val[k, "varbinds"]), errs[k]
			}
	print ""
	print "Ratios of median varbinds/s (= req/s where both return as many varbinds; the ceiling's walk"
	print "returns more). Targets: hostpowerd/floor >= 0.95 on every op, hostpowerd/pass_persist >= 4 on get5."
	print ""
	print "| op | sessions | hostpowerd/floor | hostpowerd/pass_persist | hostpowerd/ceiling |"
	print "|---|---:|---:|---:|---:|"
	for (o = 1; o <= no; o++)
		for (s = 1; s <= ns; s++) {
			p = op[o] SUBSEP ss[s] SUBSEP
			hp = vbs[p "hostpowerd"]
			rf = ratio(hp, vbs[p "floor"]); rp = ratio(hp, vbs[p "pass_persist"])
			if (rf != "n/a" && rf + 0 < 0.95)
				rf = rf " MISSED"
			if (op[o] == "get5" && rp != "n/a" && rp + 0 < 4)
				rp = rp " MISSED"
			printf "| %s | %s | %s | %s | %s |\n", op[o], ss[s], rf, rp, ratio(hp, vbs[p "snmpd"])
		}
}
