# The daemon: net-snmp glue. Everything but main.c is in a convenience
# library so the tests link the real code.
noinst_LTLIBRARIES += libhpagent.la
libhpagent_la_CFLAGS = $(AM_CFLAGS) $(SNMP_CFLAGS) $(XML_CFLAGS) $(PTHREAD_CFLAGS) $(SYSTEMD_CFLAGS)
libhpagent_la_SOURCES = agent/mib_oids.h
libhpagent_la_SOURCES += agent/settings.c agent/settings.h agent/daemon.c agent/daemon.h \
	agent/instance.c agent/instance.h agent/path.c agent/path.h \
	agent/power.c agent/power.h agent/power_int.h agent/power_caps.c agent/power_record.c agent/power_sleeps.c agent/power_logind.c agent/power_logind.h agent/record.c agent/record.h agent/notify.c agent/notify.h \
	agent/mibutil.c agent/mibutil.h agent/mib_caps.c agent/mib_caps.h \
	agent/mib_control.c agent/mib_control.h agent/mib_status.c agent/mib_status.h \
	agent/mib_events.c agent/mib_events.h agent/mib_inhibitors.c agent/mib_inhibitors.h
# privilege separation: the monitor's start and the drop (src/priv.h)
libhpagent_la_SOURCES += agent/privsep.c agent/privsep.h
libhpagent_la_LIBADD = libhostpower.la $(SNMP_LIBS) $(XML_LIBS) $(PTHREAD_LIBS) $(SYSTEMD_LIBS)

sbin_PROGRAMS += agent/hostpowerd
agent_hostpowerd_SOURCES = agent/main.c
agent_hostpowerd_CFLAGS = $(AM_CFLAGS) $(SNMP_CFLAGS)
agent_hostpowerd_LDADD = libhpagent.la
# hostPowerWakeSourceTable (src/wakesrc.h)
libhpagent_la_SOURCES += agent/mib_wakesrc.c agent/mib_wakesrc.h
# how far ahead the RTC accepts a wake alarm (src/reach.h)
libhpagent_la_SOURCES += agent/power_reach.c
# suspend-then-hibernate done here: its two phases (agent/power_int.h)
libhpagent_la_SOURCES += agent/power_sth.c
