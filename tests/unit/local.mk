# C unit tests of the platform core (TAP; run under valgrind by tests/lib/memcheck).
# core: host root, capabilities, RTC, sleep, clocks, capabilities XML
check_PROGRAMS += tests/unit/t_host tests/unit/t_caps
TESTS += tests/unit/t_host tests/unit/t_caps
tests_unit_t_host_SOURCES = tests/unit/t_host.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_host_LDADD = libhostpower.la
tests_unit_t_caps_SOURCES = tests/unit/t_caps.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_caps_LDADD = libhostpower.la
EXTRA_DIST += tests/lib/fakeroot.sh
check_PROGRAMS += tests/unit/t_rtc
TESTS += tests/unit/t_rtc
tests_unit_t_rtc_SOURCES = tests/unit/t_rtc.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_rtc_LDADD = libhostpower.la
# a wakealarm that answers like the kernel's (EBUSY, a different read-back)
tests_unit_t_rtc_LDFLAGS = -Wl,--wrap=read,--wrap=write
# event history and the state file
check_PROGRAMS += tests/unit/t_history tests/unit/t_statefile
TESTS += tests/unit/t_history tests/unit/t_statefile
tests_unit_t_history_SOURCES = tests/unit/t_history.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_history_LDADD = libhostpower.la
tests_unit_t_statefile_SOURCES = tests/unit/t_statefile.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_statefile_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
tests_unit_t_statefile_LDADD = libhostpower.la $(XML_LIBS)
TESTS += tests/fuzz/statefile.test
EXTRA_DIST += tests/fuzz/statefile.test tests/fuzz/fuzz_statefile.c tests/fuzz/corpus/statefile
CLEANFILES += tests/fuzz/fuzz_statefile tests/fuzz/build.log tests/fuzz/seeds.log tests/fuzz/fuzz.log
check_PROGRAMS += tests/unit/t_clock
TESTS += tests/unit/t_clock
tests_unit_t_clock_SOURCES = tests/unit/t_clock.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_clock_LDADD = libhostpower.la
check_PROGRAMS += tests/unit/t_sleep
TESTS += tests/unit/t_sleep
tests_unit_t_sleep_SOURCES = tests/unit/t_sleep.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_sleep_LDADD = libhostpower.la
check_PROGRAMS += tests/unit/t_capsxml
TESTS += tests/unit/t_capsxml
tests_unit_t_capsxml_SOURCES = tests/unit/t_capsxml.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_capsxml_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
tests_unit_t_capsxml_LDADD = libhostpower.la $(XML_LIBS)
TESTS += tests/capabilities.test
EXTRA_DIST += tests/capabilities.test
# the suspend state machine and the thread that sleeps
check_PROGRAMS += tests/unit/t_fsm tests/unit/t_worker
TESTS += tests/unit/t_fsm tests/unit/t_worker
tests_unit_t_fsm_SOURCES = tests/unit/t_fsm.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_fsm_LDADD = libhostpower.la
tests_unit_t_worker_SOURCES = tests/unit/t_worker.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_worker_LDADD = libhostpower.la $(PTHREAD_LIBS)
# systemd-logind client: the pure parts here; the bus parts through
# logind_probe, driven by tests/integration/logind.test on a private bus.
if HAVE_SYSTEMD
check_PROGRAMS += tests/unit/t_logind tests/unit/logind_probe
TESTS += tests/unit/t_logind
tests_unit_t_logind_SOURCES = tests/unit/t_logind.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_logind_LDADD = libhostpower.la
tests_unit_logind_probe_SOURCES = tests/unit/logind_probe.c
tests_unit_logind_probe_LDADD = libhostpower.la
endif
check_PROGRAMS += tests/unit/t_text
TESTS += tests/unit/t_text
tests_unit_t_text_SOURCES = tests/unit/t_text.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_text_LDADD = libhostpower.la
# the privileged monitor, its messages and its client
check_PROGRAMS += tests/unit/t_priv
TESTS += tests/unit/t_priv
tests_unit_t_priv_SOURCES = tests/unit/t_priv.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_priv_LDADD = libhostpower.la $(PTHREAD_LIBS)
TESTS += tests/fuzz/priv.test
EXTRA_DIST += tests/fuzz/priv.test tests/fuzz/fuzz_priv.c
CLEANFILES += tests/fuzz/fuzz_priv tests/fuzz/priv-build.log tests/fuzz/priv-seeds.log \
	tests/fuzz/priv-fuzz.log
# wake sources (tests/lib/fakeroot.sh wake)
check_PROGRAMS += tests/unit/t_wakesrc
TESTS += tests/unit/t_wakesrc
tests_unit_t_wakesrc_SOURCES = tests/unit/t_wakesrc.c tests/unit/unit.c tests/unit/unit.h
tests_unit_t_wakesrc_LDADD = libhostpower.la
