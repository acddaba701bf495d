# Whole-product checks: the MIB and the built daemon. Every test speaks TAP,
# so the suite counts test points, not scripts.
TEST_EXTENSIONS = .test
TAP_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_LOG_DRIVER = $(TAP_DRIVER)
LOG_DRIVER = $(TAP_DRIVER)
# Programs without an extension (the C unit tests) run under valgrind.
LOG_COMPILER = $(top_srcdir)/tests/lib/memcheck

TESTS += tests/mib.test tests/mibmove.test tests/includes.test tests/smoke.test
EXTRA_DIST += tests/mibmove.test tests/mib_oids.c tests/includes.test
EXTRA_DIST += tests/mib.test tests/smoke.test tests/lib/tap.sh tests/lib/mibenv.sh \
	tests/lib/memcheck tests/check.sh tests/demo.sh tests/setup.sh
