/* t_logind.c -- the logind client's parts that need no bus: the block
 * check and its message, the names, and a bus that is not there. The bus
 * parts: tests/integration/logind.test. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logind.h"
#include "unit.h"

static struct hp_logind_inhibitor inh(const char *what, const char *who, const char *why,
				      const char *mode, unsigned pid)
{
	struct hp_logind_inhibitor x = { .uid = 0, .pid = pid };

	snprintf(x.what, sizeof(x.what), "%s", what);
	snprintf(x.who, sizeof(x.who), "%s", who);
	snprintf(x.why, sizeof(x.why), "%s", why);
	snprintf(x.mode, sizeof(x.mode), "%s", mode);
	return x;
}

static void test_blocker(void)
{
	struct hp_logind_inhibitor v[] = {
		inh("sleep", "hostpowerd", "announce before sleep", "delay", 1),
		inh("idle:shutdown", "screen", "film", "block", 2),
		inh("sleeper:presleep:sleep-key", "odd", "no word sleep", "block", 3),
		inh("shutdown:sleep", "backup", "nightly dump", "block", 812),
		inh("idle:sleep:shutdown", "db\tdump", "line\none", "block", 9),
		inh("sleep", "upgrade", "apt", "block", 10),
	};
	char msg[HP_ERR_MAX], small[24];

	unit_is_int(hp_logind_blocker(v, 0, msg, sizeof(msg)), 0, "no inhibitors: no blocker");
	unit_is_int(hp_logind_blocker(v, 3, msg, sizeof(msg)), 0,
		    "delay locks, other whats, sleep-like words: no blocker");
	unit_is_int(hp_logind_blocker(v, 4, msg, sizeof(msg)), 1, "sleep in a colon list blocks");
	unit_is_str(msg, "blocked by \"backup\" (pid 812): \"nightly dump\"", "the message");
	unit_is_int(hp_logind_blocker(v, 6, msg, sizeof(msg)), 3, "three blockers");
	unit_is_str(msg, "blocked by \"backup\" (pid 812): \"nightly dump\" and 2 more",
		    "the first is named, the others counted");
	unit_is_int(hp_logind_blocker(v + 4, 1, msg, sizeof(msg)), 1, "sleep between two");
	unit_is_str(msg, "blocked by \"db?dump\" (pid 9): \"line?one\"",
		    "control characters shown as '?'");
	unit_is_int(hp_logind_blocker(v, 6, small, sizeof(small)), 3, "a short buffer still counts");
	unit_is_str(small, "blocked by \"backup\" (pi", "and the message is cut, terminated");
}

static void test_names(void)
{
	unit_is_int(hp_logind_sleep_of_target(HP_TARGET_MEM), HP_LOGIND_SUSPEND, "mem: Suspend");
	unit_is_int(hp_logind_sleep_of_target(HP_TARGET_DISK), HP_LOGIND_HIBERNATE,
		    "disk: Hibernate");
	unit_is_int(hp_logind_sleep_of_target(HP_TARGET_HYBRID), HP_LOGIND_HYBRID_SLEEP,
		    "hybrid: HybridSleep");
	unit_is_int(hp_logind_sleep_of_target(HP_TARGET_FREEZE), -1, "freeze: none");
	unit_is_int(hp_logind_sleep_of_target(HP_TARGET_SUSPEND_THEN_HIBERNATE),
		    HP_LOGIND_SUSPEND_THEN_HIBERNATE, "suspendThenHibernate: SuspendThenHibernate");
	unit_is_str(hp_logind_sleep_name(HP_LOGIND_SUSPEND_THEN_HIBERNATE), "SuspendThenHibernate",
		    "verb name");
	unit_is_str(hp_logind_sleep_name(HP_LOGIND_NSLEEP), "?", "no such verb");
	unit_is_str(hp_logind_can_name(HP_LOGIND_CAN_CHALLENGE), "challenge", "can name");
	unit_is_str(hp_logind_can_name(HP_LOGIND_CAN_UNKNOWN), "unknown", "unknown");
}

/* A bus address whose socket does not exist: never the machine's bus. */
static void test_no_bus(void)
{
	struct hp_logind *l = NULL;
	struct hp_err e;

	setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/hostpowerd-test/bus", 1);
	unit_is_int(hp_logind_open(&l, NULL, &e), -ENOENT, "no bus socket: -ENOENT");
	unit_is_str(e.msg, "logind: system bus: No such file or directory", "and the cause");
	unit_ok(l == NULL, "no context");
	hp_logind_free(NULL);
}

int main(void)
{
	test_blocker();
	test_names();
	test_no_bus();
	return unit_done();
}
