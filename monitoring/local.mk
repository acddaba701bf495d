# Monitoring a fleet (issue 14): the snmp_exporter module, the Prometheus job
# and alert rules, the snmptrapd handler; installed to $(pkgdatadir)
# (/usr/share/hostpowerd). The fleet lab and its tests are in tests/fleet/.
dist_pkgdata_DATA = monitoring/generator.yml monitoring/generator-0.23.yml \
	monitoring/snmp.yml monitoring/prometheus-hostpower.yml monitoring/hostpower.rules.yml
dist_pkgdata_SCRIPTS = monitoring/hostpower-traphandle
pkgdata_DATA = monitoring/snmptrapd-hostpower.conf
CLEANFILES += monitoring/snmptrapd-hostpower.conf
EXTRA_DIST += monitoring/snmptrapd-hostpower.conf.in monitoring/generate-snmp-yml \
	monitoring/fleet-demo.sh

# The handler's path is only known at make time.
monitoring/snmptrapd-hostpower.conf: $(srcdir)/monitoring/snmptrapd-hostpower.conf.in Makefile
	$(AM_V_GEN)$(MKDIR_P) monitoring && \
	sed -e 's|@pkgdatadir[@]|$(pkgdatadir)|g' $(srcdir)/monitoring/snmptrapd-hostpower.conf.in >$@.tmp && \
	mv $@.tmp $@

# snmp.yml is generated from generator.yml and committed; tests/fleet/
# generator.test fails when it is out of date.
monitoring-snmp-yml:
	$(srcdir)/monitoring/generate-snmp-yml $(srcdir)/monitoring/snmp.yml
.PHONY: monitoring-snmp-yml

HP_FLEET_TESTS = \
	tests/fleet/generator.test \
	tests/fleet/rules.test \
	tests/fleet/traphandle.test \
	tests/fleet/fleet.test
TESTS += $(HP_FLEET_TESTS)
EXTRA_DIST += $(HP_FLEET_TESTS) tests/fleet/rules-test.yml tests/fleet/syslog-sink tests/fleet/promq \
	tests/fleet/lab.sh

# Scale figures of the fleet lab for doc/benchmark.md (not a test).
bench-fleet: all
	$(srcdir)/tests/bench/fleet-scale $(BENCH_FLEET_N)
.PHONY: bench-fleet
EXTRA_DIST += tests/bench/fleet-scale
