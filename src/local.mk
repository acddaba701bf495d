# The platform core: the host, with no SNMP inside. A convenience library so
# the daemon and the tests link the same code.
noinst_LTLIBRARIES += libhostpower.la
libhostpower_la_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS) $(PTHREAD_CFLAGS) $(SYSTEMD_CFLAGS)
libhostpower_la_LIBADD = $(XML_LIBS) $(PTHREAD_LIBS) $(SYSTEMD_LIBS)
libhostpower_la_SOURCES = src/err.c src/err.h src/text.c src/text.h
# host root, sleep targets, capabilities, RTC, sleep, clocks, capabilities XML
libhostpower_la_SOURCES += src/host.h src/target.h src/caps.h src/rtc.h src/clock.h src/sleep.h \
	src/capsxml.h src/host.c src/target.c src/caps.c src/rtc.c src/clock.c src/sleep.c src/capsxml.c
EXTRA_DIST += src/hostpower-caps.rng
# the suspend state machine and the thread that sleeps
libhostpower_la_SOURCES += src/fsm.h src/fsm.c src/worker.h src/worker.c src/selftest.h src/selftest.c
# the operations that need root; the privileged monitor that does them
libhostpower_la_SOURCES += src/ops.h src/ops.c src/priv.h src/priv.c src/priv_monitor.c \
	src/priv_drop.c
# event history and the state file
libhostpower_la_SOURCES += src/history.h src/statefile.h src/statefile_xml.h src/history.c \
	src/statefile.c src/statefile_write.c src/statefile_read.c
EXTRA_DIST += src/hostpower-state.rng
# systemd-logind over sd-bus (configure --without-systemd leaves it out)
if HAVE_SYSTEMD
libhostpower_la_SOURCES += src/logind.h src/logind_int.h src/logind.c src/logind_query.c \
	src/logind_sleep.c
endif
# wake sources: devices with power/wakeup enabled, NICs' MAC and Wake-on-LAN
libhostpower_la_SOURCES += src/wakesrc.h src/wakesrc.c
# how far ahead the RTC accepts a wake alarm
libhostpower_la_SOURCES += src/reach.h src/reach.c
# a swap file's place on disk against resume_offset (the S4 probe)
libhostpower_la_SOURCES += src/swapfile.h src/swapfile.c
