# Example configurations, the systemd unit and the man page. Everything
# installs under $(prefix) so that `make distcheck` works; a packager points
# the unit elsewhere with `make systemdsystemunitdir=/lib/systemd/system`.
examplesdir = $(docdir)/examples
dist_examples_DATA = conf/hostpowerd.conf conf/snmpd.conf.hostpowerd conf/snmptrapd.conf

systemdsystemunitdir = $(prefix)/lib/systemd/system
systemdsystemunit_DATA = conf/hostpowerd.service
# The unprivileged user of the privilege separation (doc/privsep.md).
sysusersdir = $(prefix)/lib/sysusers.d
dist_sysusers_DATA = conf/sysusers.d/hostpowerd.conf
# What logind lets that user do (sleepMethod logind with privsep yes).
polkitrulesdir = $(datadir)/polkit-1/rules.d
dist_polkitrules_DATA = conf/polkit-1/50-hostpowerd.rules
CLEANFILES += conf/hostpowerd.service
EXTRA_DIST += conf/hostpowerd.service.in
# @sbindir@ is only known at make time (it may be overridden there).
conf/hostpowerd.service: $(srcdir)/conf/hostpowerd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) conf && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' $(srcdir)/conf/hostpowerd.service.in >$@.tmp && \
	mv $@.tmp $@

dist_man8_MANS = doc/hostpowerd.8
