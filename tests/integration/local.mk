# Integration tests: real snmpd, snmptrapd and net-snmp tools on loopback
# around hostpowerd --simulate on fake host roots (tests/lib/snmpenv.sh).
# Each script uses its own temp dir and free ports, so they run in parallel.
HP_INTEGRATION_TESTS = \
	tests/integration/walk.test \
	tests/integration/errors.test \
	tests/integration/cycle.test \
	tests/integration/failure.test \
	tests/integration/pdu.test \
	tests/integration/concurrent.test \
	tests/integration/reconnect.test \
	tests/integration/sighup.test \
	tests/integration/valgrind.test \
	tests/integration/external.test \
	tests/integration/queue.test \
	tests/integration/persist.test \
	tests/integration/corrupt.test \
	tests/integration/rostate.test \
	tests/integration/interrupted.test \
	tests/integration/conf.test \
	tests/integration/daemon.test \
	tests/integration/phases.test \
	tests/integration/hung.test \
	tests/integration/overflow.test \
	tests/integration/cancel.test \
	tests/integration/until.test \
	tests/integration/selftest.test \
	tests/integration/logind.test \
	tests/integration/logind-agent.test \
	tests/integration/reasons.test \
	tests/integration/startup.test \
	tests/integration/lock.test \
	tests/integration/relroot.test \
	tests/integration/readme.test \
	tests/integration/bigtable.test \
	tests/integration/indexlimit.test \
	tests/integration/oddsysfs.test \
	tests/integration/privsep.test \
	tests/integration/access.test \
	tests/integration/hardening.test
TESTS += $(HP_INTEGRATION_TESTS)
EXTRA_DIST += $(HP_INTEGRATION_TESTS) tests/lib/snmpenv.sh tests/lib/agentx_master.py tests/lib/busenv.sh \
	tests/lib/fail_fprintf.c tests/lib/statefile.sh
# wake sources (issue 13, part 8)
HP_INTEGRATION_TESTS += tests/integration/wakesrc.test
# ...their Wake-on-LAN through the privileged monitor (issue 13, part 8)
HP_INTEGRATION_TESTS += tests/integration/wolpriv.test
# the RTC's reach (issue 13, part 7)
HP_INTEGRATION_TESTS += tests/integration/reach.test
# issue 13 (6): a swap file's resume_offset and kernel lockdown over SNMP
HP_INTEGRATION_TESTS += tests/integration/s4truth.test
# issue 13 (1): suspend-then-hibernate on the simulated host
HP_INTEGRATION_TESTS += tests/integration/sth.test
HP_INTEGRATION_TESTS += tests/integration/sth-logind.test
# a sleep waits for snmpd to send its suspend notification on
HP_INTEGRATION_TESTS += tests/integration/notified.test
HP_INTEGRATION_TESTS += tests/integration/notified-logind.test
