# The benchmark (issue 6): `make bench`. Not a test, not part of `make check`;
# tests/bench/run builds its own two C helpers and prints doc/benchmark.md's tables.
EXTRA_DIST += tests/bench/run tests/bench/report.awk tests/bench/hostpower_pass.sh \
	tests/bench/snmpload.c tests/bench/mini_subagent.c

bench: all
	$(srcdir)/tests/bench/run $(abs_top_builddir)
.PHONY: bench
# The logind latencies (issue 11) and the quantiles the reports share.
EXTRA_DIST += tests/bench/logind_latency.py tests/bench/samples.awk tests/bench/quantile.awk
