# quantile.awk: the quantiles of tests/bench's reports (report.awk, samples.awk).

# quantile(LIST, Q): the Q-quantile of the numbers in LIST (linear between ranks).
function quantile(list, q,    v, n, i, j, x, pos, lo) {
	n = split(list, v, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
			x = v[j]; v[j] = v[j - 1]; v[j - 1] = x
		}
	pos = 1 + q * (n - 1)
	lo = int(pos)
	return lo >= n ? v[n] : v[lo] + (pos - lo) * (v[lo + 1] - v[lo])
}

function median(list) {
	return quantile(list, 0.5)
}
