/*
 * t_statefile.c -- the state file: save/load round trip, atomic saves,
 * corrupt and foreign files moved aside, the schema, a read-only directory.
 */
#include "config.h"

#include <dirent.h>
#include <grp.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "statefile.h"
#include "unit.h"

#define STATE_REL "var/lib/hostpowerd/state.xml"

static xmlRelaxNGPtr schema;

static void quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx, (void)err;
}

static void load_schema(void)
{
	const char *srcdir = getenv("top_srcdir");
	char path[4096];
	xmlRelaxNGParserCtxtPtr pc;

	snprintf(path, sizeof(path), "%s/src/hostpower-state.rng", srcdir && *srcdir ? srcdir : ".");
	pc = xmlRelaxNGNewParserCtxt(path);
	schema = pc ? xmlRelaxNGParse(pc) : NULL;
	xmlRelaxNGFreeParserCtxt(pc);
	unit_ok(schema != NULL, "the schema %s parses", path);
}

/* Is the document valid against src/hostpower-state.rng? */
static bool schema_valid(const char *buf, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(buf, (int)len, "state.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlRelaxNGValidCtxtPtr vc = schema ? xmlRelaxNGNewValidCtxt(schema) : NULL;
	bool valid = false;

	if (doc && vc) {
		xmlRelaxNGSetValidStructuredErrors(vc, quiet, NULL);
		valid = xmlRelaxNGValidateDoc(vc, doc) == 0;
	}
	xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	return valid;
}

static char *path_in(const char *root, const char *rel)
{
	char *p;

	if (asprintf(&p, "%s/%s", root, rel) < 0)
		exit(1);
	return p;
}

static int write_bytes(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = fd < 0 ? -1 : write(fd, buf, len);

	if (fd >= 0)
		close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static struct hp_event event(enum hp_event_type type, time_t t, const char *detail)
{
	struct hp_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.time = t;
	ev.target = (enum hp_target)(1 + t % 5);
	ev.requested_s = (uint32_t)(t % 1000);
	ev.measured_s = type == HP_EV_RESUME || type == HP_EV_EXTERNAL ? (uint32_t)(t % 777) : 0;
	ev.initiator = (enum hp_initiator)(1 + t % 3);
	snprintf(ev.detail, sizeof(ev.detail), "%s", detail);
	return ev;
}

/* A history of n events of every type, some details with XML specials. */
static void fill(struct hp_history *h, unsigned n)
{
	static const char *const details[] = {
		"", "rtc0 alarm verified", "a <b> & \"c\" 'd'", "caf\xc3\xa9 \xe2\x86\x92 ok",
		"write(/sys/power/state): Device or resource busy"
	};
	struct hp_event ev;
	unsigned i;

	for (i = 0; i < n; i++) {
		ev = event((enum hp_event_type)(1 + i % 5), 1700000000 + 3601 * (time_t)i,
			   details[i % 5]);
		hp_history_add(h, &ev);
	}
	h->pending_alarm = 1800000000;
}

static bool event_equal(const struct hp_event *a, const struct hp_event *b)
{
	bool same = a && b && a->index == b->index && a->time == b->time && a->type == b->type &&
		    a->target == b->target && a->requested_s == b->requested_s &&
		    a->measured_s == b->measured_s && a->initiator == b->initiator &&
		    strcmp(a->detail, b->detail) == 0;

	if (!same && a && b)
		unit_diag("event %u/%u differs: time %ld/%ld type %d/%d detail \"%s\"/\"%s\"",
			  a->index, b->index, (long)a->time, (long)b->time, a->type, b->type,
			  a->detail, b->detail);
	return same;
}

static bool history_equal(const struct hp_history *a, const struct hp_history *b)
{
	const struct hp_counters *x = &a->counters, *y = &b->counters;
	unsigned i;

	if (a->count != b->count || a->last_index != b->last_index ||
	    a->pending_alarm != b->pending_alarm || x->suspends != y->suspends ||
	    x->resumes != y->resumes || x->failures != y->failures ||
	    x->externals != y->externals || x->last_suspend != y->last_suspend ||
	    x->last_resume != y->last_resume || x->last_sleep_s != y->last_sleep_s)
		return false;
	for (i = 0; i < a->count; i++)
		if (!event_equal(hp_history_at(a, i), hp_history_at(b, i)))
			return false;
	return true;
}

static void test_round_trip(void)
{
	char *root = unit_fakeroot("server"), *path = path_in(root, STATE_REL), *text;
	struct hp_history a, b;
	struct hp_err e;

	hp_history_init(&a, 12);
	hp_history_init(&b, 12);
	fill(&a, 17); /* wrapped: indexes 6..17 kept */
	unit_put(root, STATE_REL, "old");
	unit_is_int(hp_statefile_save(&a, path, &e), 0, "save over an old file");
	unit_ok(!unit_exists(root, STATE_REL ".new"), "no temp file is left behind");
	text = unit_get(root, STATE_REL);
	unit_ok(text && schema_valid(text, strlen(text)), "the saved file is valid against the schema");
	b.last_index = 99; /* load must replace, not merge */
	unit_is_int(hp_statefile_load(&b, path, &e), 0, "load it back (%s)", e.msg);
	unit_ok(history_equal(&a, &b), "loaded history equals the saved one field by field");
	unit_is_int(hp_history_add(&b, &a.ring[0])->index, 18, "indexes continue after a load");
	free(text);
	hp_history_free(&a);
	hp_history_free(&b);
	free(path);
	unit_rmroot(root);
}

static void test_empty_and_small(void)
{
	char *root = unit_fakeroot("server"), *path = path_in(root, STATE_REL), *text;
	struct hp_history a, b;
	struct hp_err e;

	hp_history_init(&a, 10);
	hp_history_init(&b, 4);
	unit_put(root, "var/lib/hostpowerd/.keep", "");
	unit_is_int(hp_statefile_save(&a, path, &e), 0, "save an empty history");
	text = unit_get(root, STATE_REL);
	unit_ok(text && schema_valid(text, strlen(text)), "an empty history's file is valid too");
	free(text);
	unit_is_int(hp_statefile_load(&b, path, &e), 0, "and loads");
	unit_ok(history_equal(&a, &b), "as an empty history");
	fill(&a, 10);
	hp_statefile_save(&a, path, &e);
	unit_is_int(hp_statefile_load(&b, path, &e), 0, "10 events load into a history of 4");
	unit_ok(b.count == 4 && hp_history_at(&b, 0)->index == 7 &&
		event_equal(hp_history_at(&b, 3), hp_history_at(&a, 9)) && b.last_index == 10 &&
		b.counters.suspends == a.counters.suspends,
		"the newest 4 are kept, with last-index and the counters");
	hp_history_free(&a);
	hp_history_free(&b);
	free(path);
	unit_rmroot(root);
}

static void test_missing(void)
{
	char *root = unit_fakeroot("server"), *path = path_in(root, STATE_REL);
	char *nodir = path_in(root, "no/such/dir/state.xml");
	struct hp_history h;
	struct hp_err e;

	hp_history_init(&h, 5);
	fill(&h, 3);
	unit_is_int(hp_statefile_load(&h, path, &e), -ENOENT, "a missing file is -ENOENT");
	unit_ok(h.count == 0 && h.last_index == 0 && h.counters.suspends == 0 && h.pending_alarm == 0,
		"and leaves the history empty");
	fill(&h, 3);
	unit_is_int(hp_statefile_save(&h, nodir, &e), -ENOENT, "save into a missing directory is -ENOENT");
	unit_ok(strstr(e.msg, "state.xml.new: No such file or directory") != NULL,
		"the error names the temp file: %s", e.msg);
	unit_ok(!unit_exists(root, "no"), "and creates nothing");
	hp_history_free(&h);
	free(nodir);
	free(path);
	unit_rmroot(root);
}

/* A failed save must leave the old file exactly as it was. */
static void test_atomic(void)
{
	char *root = unit_fakeroot("server"), *path = path_in(root, STATE_REL);
	char *newpath = path_in(root, STATE_REL ".new"), *before, *after;
	struct hp_history h;
	struct hp_err e;

	hp_history_init(&h, 5);
	fill(&h, 2);
	unit_put(root, STATE_REL, "");
	hp_statefile_save(&h, path, &e);
	before = unit_get(root, STATE_REL);
	fill(&h, 2);
	mkdir(newpath, 0755); /* the temp file cannot be created */
	unit_is_int(hp_statefile_save(&h, path, &e), -EISDIR, "save fails when the temp file cannot be made");
	after = unit_get(root, STATE_REL);
	unit_is_str(after, before, "the old file is intact after the failed save");
	unit_ok(strstr(e.msg, "state.xml.new: Is a directory") != NULL, "error: %s", e.msg);
	rmdir(newpath);
	unit_is_int(hp_statefile_save(&h, path, &e), 0, "the next save works");
	free(after);
	after = unit_get(root, STATE_REL);
	unit_ok(after && before && strcmp(after, before) != 0 && strstr(after, "index=\"4\""),
		"and replaces the file");
	free(before);
	free(after);
	hp_history_free(&h);
	free(newpath);
	free(path);
	unit_rmroot(root);
}

/* A history the loader would refuse is not saved: the old file stays. */
static void test_unsaveable(void)
{
	char *root = unit_fakeroot("server"), *path = path_in(root, STATE_REL), *before, *after;
	struct hp_history h;
	struct hp_event ev;
	struct hp_err e;

	hp_history_init(&h, 5);
	fill(&h, 2);
	unit_put(root, "var/lib/hostpowerd/.keep", "");
	hp_statefile_save(&h, path, &e);
	before = unit_get(root, STATE_REL);
	h.pending_alarm = 253402300800; /* year 10000 */
	unit_is_int(hp_statefile_save(&h, path, &e), -ERANGE, "a time after 9999 is not saved");
	unit_ok(strstr(e.msg, "state.xml: not saved: a time is outside 1970..9999") != NULL,
		"error: %s", e.msg);
	h.pending_alarm = 0;
	ev = event(HP_EV_SUSPEND, 1700000000, "");
	ev.initiator = 0;
	hp_history_add(&h, &ev);
	unit_is_int(hp_statefile_save(&h, path, &e), -ERANGE, "an event without initiator is not saved");
	unit_ok(strstr(e.msg, "state.xml: not saved: event 3 has a time, type, target or "
		       "initiator out of range") != NULL, "error: %s", e.msg);
	after = unit_get(root, STATE_REL);
	unit_is_str(after, before, "the old file is intact");
	free(before);
	free(after);
	hp_history_free(&h);
	free(path);
	unit_rmroot(root);
}

/* ---- corrupt and foreign files ---- */

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ROOT_ATTRS "xmlns=\"urn:hostpowerd:state\" version=\"1\""
#define ROOT(last) "<hostpower-state " ROOT_ATTRS " last-index=\"" #last "\">"
#define END "</hostpower-state>\n"
#define COUNTERS "<counters suspends=\"1\" resumes=\"1\" failures=\"0\" externals=\"0\" " \
		 "last-sleep-seconds=\"60\"/>"
#define EV_ATTRS(i) "index=\"" #i "\" time=\"2026-11-22T10:00:00Z\" type=\"suspend\" " \
		    "target=\"mem\" requested-seconds=\"60\" measured-seconds=\"0\" initiator=\"manager\""
#define EV(i) "<event " EV_ATTRS(i) "/>"
#define LONG64 "0123456789012345678901234567890123456789012345678901234567890123"

struct bad_case {
	const char *name, *text, *why;
	bool schema_blind; /* RELAX NG cannot see it: only the loader refuses */
};

static const struct bad_case bad_cases[] = {
	{ "an empty file", "", "line 1: Document is empty", false },
	{ "a truncated file", HEAD ROOT(2) COUNTERS EV(1) "<event index=\"2\" ti",
	  "line 2: ", false },
	{ "a foreign root element", HEAD "<capabilities><host/></capabilities>",
	  "line 2: <capabilities>: not a hostpowerd state file", false },
	{ "a foreign namespace", HEAD "<hostpower-state xmlns=\"urn:other\" version=\"1\" last-index=\"0\">"
	  COUNTERS END, "line 2: <hostpower-state>: not a hostpowerd state file", false },
	{ "no namespace", HEAD "<hostpower-state version=\"1\" last-index=\"0\">" COUNTERS END,
	  "not a hostpowerd state file", false },
	{ "another version", HEAD "<hostpower-state xmlns=\"urn:hostpowerd:state\" version=\"2\" "
	  "last-index=\"0\">" COUNTERS END, "<hostpower-state>: unsupported version 2", false },
	{ "a counter above 2^32-1", HEAD ROOT(0) "<counters suspends=\"4294967296\" resumes=\"1\" "
	  "failures=\"0\" externals=\"0\" last-sleep-seconds=\"60\"/>" END,
	  "<counters>: out of range or not a number: suspends", false },
	{ "a negative counter", HEAD ROOT(0) "<counters suspends=\"1\" resumes=\"-1\" "
	  "failures=\"0\" externals=\"0\" last-sleep-seconds=\"60\"/>" END,
	  "<counters>: out of range or not a number: resumes", false },
	{ "an unknown event type", HEAD ROOT(1) COUNTERS "<event index=\"1\" time=\"2026-11-22T10:00:00Z\" "
	  "type=\"nap\" target=\"mem\" requested-seconds=\"60\" measured-seconds=\"0\" "
	  "initiator=\"manager\"/>" END, "<event>: unknown value of type", false },
	{ "February 30th", HEAD ROOT(1) COUNTERS "<event index=\"1\" time=\"2026-02-30T10:00:00Z\" "
	  "type=\"suspend\" target=\"mem\" requested-seconds=\"60\" measured-seconds=\"0\" "
	  "initiator=\"manager\"/>" END, "<event>: not a UTC time (YYYY-MM-DDTHH:MM:SSZ): time", true },
	{ "a time with an offset", HEAD "<hostpower-state " ROOT_ATTRS " last-index=\"0\" "
	  "pending-alarm=\"2026-11-22T10:00:00+01:00\">" COUNTERS END,
	  "<hostpower-state>: not a UTC time (YYYY-MM-DDTHH:MM:SSZ): pending-alarm", false },
	{ "a duplicate index", HEAD ROOT(3) COUNTERS EV(2) EV(2) END,
	  "line 2: <event>: index not increasing or above last-index", true },
	{ "a decreasing index", HEAD ROOT(3) COUNTERS EV(3) "\n" EV(2) END,
	  "line 3: <event>: index not increasing or above last-index", true },
	{ "an index above last-index", HEAD ROOT(3) COUNTERS EV(4) END,
	  "<event>: index not increasing or above last-index", true },
	{ "index 0", HEAD ROOT(3) COUNTERS EV(0) END,
	  "<event>: index not increasing or above last-index", false },
	{ "an external entity (XXE)", HEAD "<!DOCTYPE hostpower-state [<!ENTITY x SYSTEM "
	  "\"file:///etc/passwd\">]>\n" ROOT(1) COUNTERS "<event " EV_ATTRS(1) ">&x;</event>" END,
	  "has a DOCTYPE (not a hostpowerd state file)", true },
	{ "an unknown element", HEAD ROOT(0) COUNTERS "<extra/>" END, "<extra>: unexpected element", false },
	{ "no counters", HEAD ROOT(1) EV(1) END, "<event>: unexpected element", false },
	{ "counters twice", HEAD ROOT(0) COUNTERS COUNTERS END, "<counters>: unexpected element", false },
	{ "empty root", HEAD ROOT(0) END, "<hostpower-state>: missing <counters>", false },
	{ "an unknown attribute", HEAD ROOT(1) COUNTERS "<event " EV_ATTRS(1) " color=\"red\"/>" END,
	  "<event>: unknown attribute color", false },
	{ "a missing attribute", HEAD ROOT(1) COUNTERS "<event index=\"1\" time=\"2026-11-22T10:00:00Z\" "
	  "type=\"suspend\" target=\"mem\" requested-seconds=\"60\" initiator=\"manager\"/>" END,
	  "<event>: missing attribute measured-seconds", false },
	{ "a detail of 256 bytes", HEAD ROOT(1) COUNTERS "<event " EV_ATTRS(1) ">" LONG64 LONG64
	  LONG64 LONG64 "</event>" END, "<event>: detail too long", false },
	{ "text in the counters", HEAD ROOT(0) "<counters suspends=\"1\" resumes=\"1\" failures=\"0\" "
	  "externals=\"0\" last-sleep-seconds=\"60\"> x </counters>" END,
	  "<counters>: unexpected content", false },
	{ "the year 10000", HEAD ROOT(1) COUNTERS "<event index=\"1\" time=\"10000-01-01T00:00:00Z\" "
	  "type=\"suspend\" target=\"mem\" requested-seconds=\"60\" measured-seconds=\"0\" "
	  "initiator=\"manager\"/>" END, "<event>: not a UTC time (YYYY-MM-DDTHH:MM:SSZ): time", false },
	{ "an element in a detail", HEAD ROOT(1) COUNTERS "<event " EV_ATTRS(1) "><b/></event>" END,
	  "<event>: unexpected content", false },
	{ "text in the root", HEAD ROOT(0) COUNTERS "hello" END, "<hostpower-state>: unexpected content", false },
};

static void stamp(time_t t, char out[16])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y%m%dT%H%M%S", &tm);
}

/* The single "state.xml.corrupt-*" in dir (malloc'd name), or NULL. */
static char *find_aside(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *found = NULL;
	int n = 0;

	while (d && (de = readdir(d)))
		if (!strncmp(de->d_name, "state.xml.corrupt-", 18) && n++ == 0)
			found = strdup(de->d_name);
	if (d)
		closedir(d);
	if (n != 1) {
		free(found);
		return NULL;
	}
	return found;
}

/* Load text as the state file; check it is refused, moved aside under the
 * documented name with its content, and reported with the documented text. */
static void check_bad(const char *name, const char *text, size_t len, const char *why)
{
	char *root = unit_fakeroot("server"), *path = path_in(root, STATE_REL);
	char *dir = path_in(root, "var/lib/hostpowerd"), *aside, *moved, *want, before[16], after[16];
	struct hp_history h;
	struct hp_err e;
	regex_t re;
	int rc;

	hp_history_init(&h, 5);
	fill(&h, 3); /* must be emptied */
	unit_put(root, "var/lib/hostpowerd/.keep", "");
	write_bytes(path, text, len);
	stamp(time(NULL), before);
	rc = hp_statefile_load(&h, path, &e);
	stamp(time(NULL), after);
	unit_ok(rc == -EINVAL && h.count == 0 && h.last_index == 0 && h.counters.suspends == 0 &&
		h.pending_alarm == 0, "%s: -EINVAL, history empty", name);
	aside = find_aside(dir);
	regcomp(&re, "^state\\.xml\\.corrupt-[0-9]{8}T[0-9]{6}$", REG_EXTENDED | REG_NOSUB);
	unit_ok(!unit_exists(root, STATE_REL) && aside && regexec(&re, aside, 0, NULL, 0) == 0 &&
		strcmp(aside + 18, before) >= 0 && strcmp(aside + 18, after) <= 0,
		"%s: moved to state.xml.corrupt-<now UTC> (%s)", name, aside ? aside : "none");
	regfree(&re);
	if (asprintf(&moved, "var/lib/hostpowerd/%s", aside ? aside : "") < 0)
		exit(1);
	want = unit_get(root, moved);
	unit_ok(want && strlen(want) == len && !memcmp(want, text, len),
		"%s: the moved file has the content", name);
	free(want);
	unit_ok(!strncmp(e.msg, path, strlen(path)) && !strncmp(e.msg + strlen(path), ": ", 2) &&
		strstr(e.msg, why), "%s: error names the file and why: %s", name, e.msg);
	if (asprintf(&want, "; moved to %s/%s", dir, aside ? aside : "") < 0)
		exit(1);
	unit_ok(strlen(e.msg) > strlen(want) && !strcmp(e.msg + strlen(e.msg) - strlen(want), want),
		"%s: error ends with the new name", name);
	free(want);
	free(moved);
	free(aside);
	hp_history_free(&h);
	free(dir);
	free(path);
	unit_rmroot(root);
}

static void test_bad(void)
{
	unsigned char random[512];
	unsigned i, x = 12345;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
		check_bad(bad_cases[i].name, bad_cases[i].text, strlen(bad_cases[i].text),
			  bad_cases[i].why);
	for (i = 0; i < sizeof(random); i++) {
		x = x * 1103515245 + 12345;
		random[i] = (unsigned char)(x >> 16) | 1; /* no NUL: compared as a string */
	}
	check_bad("random bytes", (const char *)random, sizeof(random), "line 1: ");
}

/* A file too large to be ours is moved aside unread. */
static void test_too_large(void)
{
	char *root = unit_fakeroot("server"), *path = path_in(root, STATE_REL);
	char *dir = path_in(root, "var/lib/hostpowerd"), *aside;
	struct hp_history h;
	struct hp_err e;
	int fd;

	hp_history_init(&h, 5);
	unit_put(root, "var/lib/hostpowerd/.keep", "");
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	unit_ok(fd >= 0 && ftruncate(fd, (65 << 20)) == 0, "a sparse 65 MiB state file");
	if (fd >= 0)
		close(fd);
	unit_is_int(hp_statefile_load(&h, path, &e), -EINVAL, "is refused");
	aside = find_aside(dir);
	unit_ok(aside && strstr(e.msg, "state.xml: larger than 67108864 bytes; moved to ") &&
		!unit_exists(root, STATE_REL), "and moved aside: %s", e.msg);
	free(aside);
	hp_history_free(&h);
	free(dir);
	free(path);
	unit_rmroot(root);
}

/* The schema says no to what the loader says no to, except what RELAX NG
 * cannot express (calendar dates, order across elements, a DOCTYPE). */
static void test_schema_agrees(void)
{
	unsigned i, accepted = 0;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		if (bad_cases[i].schema_blind)
			continue;
		if (schema_valid(bad_cases[i].text, strlen(bad_cases[i].text))) {
			unit_diag("the schema accepts %s", bad_cases[i].name);
			accepted++;
		}
	}
	unit_is_int(accepted, 0, "the schema rejects every corrupt case the loader rejects");
}

/* Two bad files in the same second must not overwrite each other. */
static void test_aside_taken(void)
{
	char *root = unit_fakeroot("server"), *path = path_in(root, STATE_REL), *got;
	char rel[1024], taken[3][256], s[16];
	struct hp_history h;
	struct hp_err e;
	time_t now = time(NULL);
	int i;

	hp_history_init(&h, 5);
	/* the current second and the next two are taken: whichever second the
	 * load runs in, it must pick "-1" */
	for (i = 0; i < 3; i++) {
		stamp(now + i, s);
		snprintf(taken[i], sizeof(taken[i]), STATE_REL ".corrupt-%s", s);
		unit_put(root, taken[i], "earlier");
	}
	unit_put(root, STATE_REL, "garbage");
	unit_is_int(hp_statefile_load(&h, path, &e), -EINVAL, "a bad file when its aside name is taken");
	got = strstr(e.msg, "; moved to ");
	for (i = 0; i < 3 && got; i++) {
		snprintf(rel, sizeof(rel), "%s-1", taken[i]);
		if (strstr(got, rel) && unit_exists(root, rel))
			break;
	}
	unit_ok(got && i < 3, "goes to the name with -1 appended: %s", e.msg);
	for (i = 0; i < 3; i++) {
		got = unit_get(root, taken[i]);
		unit_is_str(got, "earlier", "the earlier corrupt file %d is untouched", i);
		free(got);
	}
	hp_history_free(&h);
	free(path);
	unit_rmroot(root);
}

/* Details with control characters are saved as '?' and load back. */
static void test_detail_sanitized(void)
{
	char *root = unit_fakeroot("server"), *path = path_in(root, STATE_REL);
	struct hp_history h;
	struct hp_event ev = event(HP_EV_FAILURE, 1700000000, "bad\x01\ttab\r\nline\x7f end");
	struct hp_err e;

	hp_history_init(&h, 5);
	unit_put(root, "var/lib/hostpowerd/.keep", "");
	hp_history_add(&h, &ev);
	snprintf(ev.detail, sizeof(ev.detail), "bad UTF-8 \xc3\x28 \xff end");
	hp_history_add(&h, &ev);
	unit_is_int(hp_statefile_save(&h, path, &e), 0, "save details with control bytes");
	unit_is_int(hp_statefile_load(&h, path, &e), 0, "and they load (%s)", e.msg);
	unit_is_str(h.count ? hp_history_at(&h, 0)->detail : NULL, "bad??tab??line? end",
		    "control characters became '?'");
	unit_is_str(h.count > 1 ? hp_history_at(&h, 1)->detail : NULL, "bad UTF-8 ?( ? end",
		    "invalid UTF-8 became '?'");
	hp_history_free(&h);
	free(path);
	unit_rmroot(root);
}

/* What the loader accepts beyond what save writes: comments, CDATA,
 * whitespace, optional times left out; the schema agrees. */
static void test_hand_written(void)
{
	static const char doc[] = HEAD "<!-- kept by hand -->\n"
		"<hostpower-state version=\"1\" last-index=\"9\" xmlns=\"urn:hostpowerd:state\">\n"
		"  <counters suspends=\"4\" resumes=\"3\" failures=\"1\" externals=\"0\" "
		"last-resume=\"2026-01-01T00:00:00Z\" last-sleep-seconds=\"4294967295\">\n"
		"  <!-- none lost --> </counters>\n"
		"  <!-- the last two -->\n"
		"  <event index=\"7\" time=\"1970-01-01T00:00:01Z\" type=\"external\" target=\"unknown\" "
		"requested-seconds=\"0\" measured-seconds=\"4294967295\" initiator=\"external\"/>\n"
		"  <event index=\"9\" time=\"9999-12-31T23:59:59Z\" type=\"interrupted\" target=\"freeze\" "
		"requested-seconds=\"86400\" measured-seconds=\"0\" initiator=\"agent\">a "
		"<![CDATA[<raw> & ]]>b</event>\n" END;
	struct hp_history h;
	struct hp_err e;
	const struct hp_event *ev;

	hp_history_init(&h, 5);
	unit_ok(schema_valid(doc, sizeof(doc) - 1), "a hand-written file is valid against the schema");
	unit_is_int(hp_statefile_parse(&h, doc, sizeof(doc) - 1, &e), 0, "and parses (%s)", e.msg);
	ev = hp_history_at(&h, 1);
	unit_ok(h.count == 2 && h.last_index == 9 && h.counters.suspends == 4 &&
		h.counters.last_suspend == 0 && h.counters.last_resume == 1767225600 &&
		h.counters.last_sleep_s == 4294967295u && h.pending_alarm == 0 &&
		hp_history_at(&h, 0)->time == 1 && hp_history_at(&h, 0)->type == HP_EV_EXTERNAL &&
		ev && ev->index == 9 && ev->time == 253402300799 && ev->target == HP_TARGET_FREEZE &&
		ev->initiator == HP_INIT_AGENT && !strcmp(ev->detail, "a <raw> & b"),
		"with every value as written");
	hp_history_free(&h);
}

/* ---- a state directory the daemon cannot write ---- */

enum { RO_UNREADABLE = 1, RO_SAVE = 2, RO_INTACT = 4, RO_BAD_LOAD = 8, RO_BAD_KEPT = 16 };

/* In a child without the right to write dir: try to save over path and to
 * load the bad file; the exit status has a bit per thing that went wrong. */
static int read_only_child(const char *path, const char *bad_path, const char *old)
{
	struct hp_history h;
	struct hp_err e;
	struct stat st;
	char buf[4096] = "";
	int rc = 0, fd;

	hp_history_init(&h, 5);
	if (hp_statefile_load(&h, path, &e) != 0)
		rc |= RO_UNREADABLE;
	fill(&h, 1);
	if (hp_statefile_save(&h, path, &e) != -EACCES || !strstr(e.msg, ".new: Permission denied"))
		rc |= RO_SAVE;
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) < 0 || strcmp(buf, old) != 0)
		rc |= RO_INTACT;
	if (fd >= 0)
		close(fd);
	if (hp_statefile_load(&h, bad_path, &e) != -EACCES || h.count != 0 ||
	    !strstr(e.msg, "; cannot move it aside: Permission denied")) {
		unit_diag("child: %s", e.msg);
		rc |= RO_BAD_LOAD;
	}
	if (stat(bad_path, &st) != 0)
		rc |= RO_BAD_KEPT;
	hp_history_free(&h);
	return rc;
}

/* Root ignores mode bits, and CI runs as root: the child drops to nobody
 * (uid/gid 65534) with setresuid, so the kernel's permission check is real.
 * When not root, the directory's mode 0555 does the same. */
static void test_read_only(void)
{
	char *root = unit_fakeroot("server"), *path = path_in(root, STATE_REL);
	char *bad_path = path_in(root, "var/lib/hostpowerd/bad.xml"), *dir = path_in(root, "var/lib/hostpowerd");
	char *old;
	struct hp_history h;
	struct hp_err e;
	pid_t pid;
	int status = -1;

	hp_history_init(&h, 5);
	unit_put(root, "var/lib/hostpowerd/bad.xml", "<not closed");
	fill(&h, 2);
	hp_statefile_save(&h, path, &e);
	old = unit_get(root, STATE_REL);
	chmod(root, 0755); /* mkdtemp made it 0700: nobody must reach the files */
	chmod(dir, 0555);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (getuid() == 0 && (setresgid(65534, 65534, 65534) || setgroups(0, NULL) ||
				      setresuid(65534, 65534, 65534)))
			_exit(127);
		status = read_only_child(path, bad_path, old);
		hp_history_free(&h);
		free(old);
		free(dir);
		free(bad_path);
		free(path);
		free(root);
		xmlCleanupParser();
		fflush(stdout);
		_exit(status);
	}
	waitpid(pid, &status, 0);
	chmod(dir, 0755);
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 126;
	unit_ok(status != 126 && status != 127, "the child runs as %s (status %d)",
		getuid() == 0 ? "uid 65534 (setresuid)" : "this user, directory mode 0555", status);
	unit_ok(!(status & RO_UNREADABLE), "read-only: the state file can still be loaded");
	unit_ok(!(status & RO_SAVE), "read-only: save fails with -EACCES naming the temp file");
	unit_ok(!(status & RO_INTACT), "read-only: the old file is intact");
	unit_ok(!(status & RO_BAD_LOAD), "read-only: a bad file that cannot be moved aside gives "
		"-EACCES, 'cannot move it aside', empty history");
	unit_ok(!(status & RO_BAD_KEPT) && unit_exists(root, "var/lib/hostpowerd/bad.xml"),
		"read-only: the bad file stays where it was");
	free(old);
	hp_history_free(&h);
	free(dir);
	free(bad_path);
	free(path);
	unit_rmroot(root);
}

int main(void)
{
	load_schema();
	test_round_trip();
	test_empty_and_small();
	test_missing();
	test_atomic();
	test_unsaveable();
	test_bad();
	test_too_large();
	test_schema_agrees();
	test_aside_taken();
	test_detail_sanitized();
	test_hand_written();
	test_read_only();
	xmlRelaxNGFree(schema);
	xmlCleanupParser();
	return unit_done();
}
