/*
 * statefile.c -- the event history kept across restarts, as XML (libxml2).
 * The schema, src/hostpower-state.rng, documents the format; the checks
 * below enforce it without needing the schema at run time.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "statefile.h"

#define STATE_NS "urn:hostpowerd:state"
#define STATE_ROOT "hostpower-state"
#define STATE_VERSION "1"
/* A state file is a few hundred bytes per event; anything larger than this
 * is not ours (and is not worth holding in memory). */
#define STATE_MAX_BYTES (64u << 20)
#define TIME_FMT "%Y-%m-%dT%H:%M:%SZ"
#define TIME_LEN 21 /* "2026-11-22T21:31:12Z" and its NUL */
#define TIME_LAST 253402300799 /* 9999-12-31T23:59:59Z: the format's end */

/* Names of the enums, indexed by their values (as in HOST-POWER-MIB). */
static const char *const type_names[] = {
	NULL, "suspend", "resume", "failure", "external", "interrupted", "cancelled",
	"selftest"
};
static const char *const target_names[] = {
	NULL, "mem", "disk", "hybrid", "freeze", "unknown"
};
static const char *const initiator_names[] = { NULL, "manager", "external", "agent" };
#define NNAMES(t) (sizeof(t) / sizeof((t)[0]))

static int time_ok(time_t t)
{
	return t >= 0 && t <= TIME_LAST;
}

static int name_ok(size_t nnames, unsigned v)
{
	return v >= 1 && v < nnames;
}

/* -------- writing -------- */

/* Refuse to write what the loader would refuse: a saved file loads back. */
static int check_saveable(const struct hp_history *hist, const char *path, struct hp_err *e)
{
	const struct hp_counters *c = &hist->counters;
	const struct hp_event *ev;
	unsigned i;

	if (!time_ok(hist->pending_alarm) || !time_ok(c->last_suspend) || !time_ok(c->last_resume))
		return hp_err_set(e, ERANGE, "%s: not saved: a time is outside 1970..9999", path);
	for (i = 0; i < hist->count; i++) {
		ev = hp_history_at(hist, i);
		if (!time_ok(ev->time) || !name_ok(NNAMES(type_names), ev->type) ||
		    !name_ok(NNAMES(target_names), ev->target) ||
		    !name_ok(NNAMES(initiator_names), ev->initiator))
			return hp_err_set(e, ERANGE, "%s: not saved: event %lu has a time, type, "
					  "target or initiator out of range", path, (unsigned long)ev->index);
	}
	return 0;
}

static void format_time(time_t t, char out[TIME_LEN])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(out, TIME_LEN, TIME_FMT, &tm) == 0)
		out[0] = '\0';
}

/* XML 1.0 cannot carry most control characters, and a detail comes from
 * error messages we do not control: make it printable so the file stays
 * loadable. Invalid UTF-8 is reduced to ASCII for the same reason. */
static void sanitize_detail(const char *in, char out[HP_DETAIL_MAX])
{
	size_t i;
	int utf8;

	snprintf(out, HP_DETAIL_MAX, "%s", in);
	utf8 = xmlCheckUTF8((const xmlChar *)out);
	for (i = 0; out[i]; i++) {
		unsigned char c = (unsigned char)out[i];
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8))
			out[i] = '?';
	}
}

static int write_attr_u32(xmlTextWriterPtr w, const char *name, uint32_t v)
{
	return xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%lu", (unsigned long)v);
}

/* Write attribute name as a time, or nothing for 0 ("never"). */
static int write_attr_time(xmlTextWriterPtr w, const char *name, time_t t)
{
	char s[TIME_LEN];

	if (t == 0)
		return 0;
	format_time(t, s);
	return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST s);
}

static int write_counters(xmlTextWriterPtr w, const struct hp_counters *c)
{
	if (xmlTextWriterStartElement(w, BAD_CAST "counters") < 0 ||
	    write_attr_u32(w, "suspends", c->suspends) < 0 ||
	    write_attr_u32(w, "resumes", c->resumes) < 0 ||
	    write_attr_u32(w, "failures", c->failures) < 0 ||
	    write_attr_u32(w, "externals", c->externals) < 0 ||
	    write_attr_time(w, "last-suspend", c->last_suspend) < 0 ||
	    write_attr_time(w, "last-resume", c->last_resume) < 0 ||
	    write_attr_u32(w, "last-sleep-seconds", c->last_sleep_s) < 0)
		return -1;
	return xmlTextWriterEndElement(w);
}

static int write_event(xmlTextWriterPtr w, const struct hp_event *ev)
{
	char detail[HP_DETAIL_MAX], t[TIME_LEN];

	format_time(ev->time, t);
	sanitize_detail(ev->detail, detail);
	if (xmlTextWriterStartElement(w, BAD_CAST "event") < 0 ||
	    write_attr_u32(w, "index", ev->index) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "time", BAD_CAST t) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST type_names[ev->type]) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "target", BAD_CAST target_names[ev->target]) < 0 ||
	    write_attr_u32(w, "requested-seconds", ev->requested_s) < 0 ||
	    write_attr_u32(w, "measured-seconds", ev->measured_s) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "initiator",
					BAD_CAST initiator_names[ev->initiator]) < 0 ||
	    (detail[0] && xmlTextWriterWriteString(w, BAD_CAST detail) < 0))
		return -1;
	return xmlTextWriterEndElement(w);
}

static int write_document(xmlTextWriterPtr w, const struct hp_history *hist)
{
	unsigned i;

	if (xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST STATE_ROOT) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST STATE_NS) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST STATE_VERSION) < 0 ||
	    write_attr_u32(w, "last-index", hist->last_index) < 0 ||
	    write_attr_time(w, "pending-alarm", hist->pending_alarm) < 0 ||
	    write_counters(w, &hist->counters) < 0)
		return -1;
	for (i = 0; i < hist->count; i++)
		if (write_event(w, hp_history_at(hist, i)) < 0)
			return -1;
	return xmlTextWriterEndDocument(w);
}

/* The document for hist in a new buffer (caller frees), NULL when out of
 * memory. */
static xmlBufferPtr render(const struct hp_history *hist)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	int rc = w ? write_document(w, hist) : -1;

	xmlFreeTextWriter(w); /* flushes into buf */
	if (rc < 0) {
		xmlBufferFree(buf);
		return NULL;
	}
	return buf;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync the directory holding path, so a rename in it is durable. */
static int sync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	int fd, rc = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0'; /* keep "/" for a file in the root */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* Write data into a fresh tmp (path + ".new") and fsync it. */
static int write_temp(const char *tmp, const void *data, size_t len, struct hp_err *e)
{
	int fd, rc;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return hp_err_set(e, errno, "%s: %s", tmp, strerror(errno));
	rc = write_all(fd, data, len);
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0) {
		unlink(tmp);
		return hp_err_set(e, -rc, "%s: %s", tmp, strerror(-rc));
	}
	return 0;
}

int hp_statefile_save(const struct hp_history *hist, const char *path, struct hp_err *e)
{
	char tmp[PATH_MAX];
	xmlBufferPtr buf;
	int rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.new", path) >= sizeof(tmp))
		return hp_err_set(e, ENAMETOOLONG, "%s: %s", path, strerror(ENAMETOOLONG));
	rc = check_saveable(hist, path, e);
	if (rc < 0)
		return rc;
	buf = render(hist);
	if (!buf)
		return hp_err_set(e, ENOMEM, "%s: cannot build the document", path);
	rc = write_temp(tmp, xmlBufferContent(buf), (size_t)xmlBufferLength(buf), e);
	xmlBufferFree(buf);
	if (rc < 0)
		return rc;
	if (rename(tmp, path) < 0) {
		rc = hp_err_set(e, errno, "%s: rename from %s: %s", path, tmp, strerror(errno));
		unlink(tmp);
		return rc;
	}
	rc = sync_dir_of(path);
	if (rc < 0)
		return hp_err_set(e, -rc, "%s: fsync of its directory: %s", path, strerror(-rc));
	hp_err_clear(e);
	return 0;
}

/* -------- reading -------- */

/* Fail with "line N: <elem>: why" and -EINVAL. */
static int bad(struct hp_err *e, const xmlNode *n, const char *why, const char *what)
{
	return hp_err_set(e, EINVAL, "line %ld: <%s>: %s%s", xmlGetLineNo(n),
			  (const char *)n->name, why, what ? what : "");
}

/* Reject attributes outside allowed (NULL-terminated): a foreign dialect. */
static int check_attrs(const xmlNode *n, const char *const *allowed, struct hp_err *e)
{
	const xmlAttr *a;
	size_t i;

	for (a = n->properties; a; a = a->next) {
		for (i = 0; allowed[i] && strcmp(allowed[i], (const char *)a->name); i++)
			;
		if (!allowed[i] || a->ns)
			return bad(e, n, "unknown attribute ", (const char *)a->name);
	}
	return 0;
}

/* The value of attribute name (caller frees), or NULL when absent. */
static char *attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetNoNsProp(n, BAD_CAST name);
}

static int get_u32(const xmlNode *n, const char *name, uint32_t *out, struct hp_err *e)
{
	char *s = attr(n, name), *end;
	unsigned long long v = 0;
	int rc = 0;

	if (!s)
		return bad(e, n, "missing attribute ", name);
	errno = 0;
	if (s[0] >= '0' && s[0] <= '9')
		v = strtoull(s, &end, 10);
	if (!(s[0] >= '0' && s[0] <= '9') || *end || errno || v > UINT32_MAX)
		rc = bad(e, n, "out of range or not a number: ", name);
	else
		*out = (uint32_t)v;
	xmlFree(s);
	return rc;
}

/* Parse "YYYY-MM-DDTHH:MM:SSZ" (UTC, years 1970..9999) strictly: the time
 * must print back to the same text, which rules out Feb 30 and friends. */
static int parse_time(const char *s, time_t *out)
{
	struct tm tm;
	char back[TIME_LEN];
	const char *end;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, TIME_FMT, &tm);
	if (!end || *end)
		return -1;
	t = timegm(&tm);
	if (!time_ok(t))
		return -1;
	format_time(t, back);
	if (strcmp(back, s) != 0)
		return -1;
	*out = t;
	return 0;
}

/* A time attribute; when optional and absent, *out is 0 ("never"). */
static int get_time(const xmlNode *n, const char *name, int required, time_t *out,
		    struct hp_err *e)
{
	char *s = attr(n, name);
	int rc = 0;

	*out = 0;
	if (!s)
		return required ? bad(e, n, "missing attribute ", name) : 0;
	if (parse_time(s, out) < 0)
		rc = bad(e, n, "not a UTC time (YYYY-MM-DDTHH:MM:SSZ): ", name);
	xmlFree(s);
	return rc;
}

static int get_enum(const xmlNode *n, const char *name, const char *const *names,
		    size_t nnames, int *out, struct hp_err *e)
{
	char *s = attr(n, name);
	size_t i;

	if (!s)
		return bad(e, n, "missing attribute ", name);
	for (i = 1; i < nnames && strcmp(names[i], s); i++)
		;
	xmlFree(s);
	if (i == nnames)
		return bad(e, n, "unknown value of ", name);
	*out = (int)i;
	return 0;
}

/* Is n nothing but XML whitespace or a comment (allowed between elements)? */
static int is_ignorable(const xmlNode *n)
{
	const xmlChar *p;

	if (n->type == XML_COMMENT_NODE)
		return 1;
	if (n->type != XML_TEXT_NODE)
		return 0;
	for (p = n->content; p && *p; p++)
		if (!strchr(" \t\r\n", *p))
			return 0;
	return 1;
}

static int parse_counters(const xmlNode *n, struct hp_counters *c, struct hp_err *e)
{
	static const char *const allowed[] = {
		"suspends", "resumes", "failures", "externals", "last-suspend",
		"last-resume", "last-sleep-seconds", NULL
	};

	const xmlNode *child;

	for (child = n->children; child; child = child->next)
		if (!is_ignorable(child))
			return bad(e, n, "unexpected content", NULL);
	if (check_attrs(n, allowed, e) < 0 ||
	    get_u32(n, "suspends", &c->suspends, e) < 0 ||
	    get_u32(n, "resumes", &c->resumes, e) < 0 ||
	    get_u32(n, "failures", &c->failures, e) < 0 ||
	    get_u32(n, "externals", &c->externals, e) < 0 ||
	    get_time(n, "last-suspend", 0, &c->last_suspend, e) < 0 ||
	    get_time(n, "last-resume", 0, &c->last_resume, e) < 0 ||
	    get_u32(n, "last-sleep-seconds", &c->last_sleep_s, e) < 0)
		return -EINVAL;
	return 0;
}

/* The event's detail: text (or CDATA) only, shorter than HP_DETAIL_MAX. */
static int get_detail(const xmlNode *n, char out[HP_DETAIL_MAX], struct hp_err *e)
{
	const xmlNode *c;
	size_t len = 0, l;

	for (c = n->children; c; c = c->next) {
		if (c->type == XML_COMMENT_NODE)
			continue;
		if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
			return bad(e, n, "unexpected content", NULL);
		l = c->content ? strlen((const char *)c->content) : 0;
		if (len + l >= HP_DETAIL_MAX)
			return bad(e, n, "detail too long", NULL);
		memcpy(out + len, c->content, l);
		len += l;
	}
	out[len] = '\0';
	return 0;
}

static int parse_event(const xmlNode *n, struct hp_event *ev, struct hp_err *e)
{
	static const char *const allowed[] = {
		"index", "time", "type", "target", "requested-seconds",
		"measured-seconds", "initiator", NULL
	};
	int type, target, initiator;

	memset(ev, 0, sizeof(*ev));
	if (check_attrs(n, allowed, e) < 0 ||
	    get_u32(n, "index", &ev->index, e) < 0 ||
	    get_time(n, "time", 1, &ev->time, e) < 0 ||
	    get_enum(n, "type", type_names, NNAMES(type_names), &type, e) < 0 ||
	    get_enum(n, "target", target_names, NNAMES(target_names), &target, e) < 0 ||
	    get_u32(n, "requested-seconds", &ev->requested_s, e) < 0 ||
	    get_u32(n, "measured-seconds", &ev->measured_s, e) < 0 ||
	    get_enum(n, "initiator", initiator_names, NNAMES(initiator_names), &initiator, e) < 0 ||
	    get_detail(n, ev->detail, e) < 0)
		return -EINVAL;
	ev->type = (enum hp_event_type)type;
	ev->target = (enum hp_target)target;
	ev->initiator = (enum hp_initiator)initiator;
	return 0;
}

/* The root's attributes: our namespace, version, last index, pending alarm. */
static int parse_root(const xmlNode *root, struct hp_history *hist, struct hp_err *e)
{
	static const char *const allowed[] = {
		"version", "last-index", "pending-alarm", NULL
	};
	char *version;
	int rc = 0;

	if (strcmp((const char *)root->name, STATE_ROOT) != 0 || !root->ns ||
	    strcmp((const char *)root->ns->href, STATE_NS) != 0)
		return bad(e, root, "not a hostpowerd state file (expected <" STATE_ROOT
			   "> in namespace " STATE_NS ")", NULL);
	version = attr(root, "version");
	if (!version || strcmp(version, STATE_VERSION) != 0)
		rc = bad(e, root, "unsupported version ", version ? version : "(none)");
	xmlFree(version);
	if (rc < 0 || check_attrs(root, allowed, e) < 0 ||
	    get_u32(root, "last-index", &hist->last_index, e) < 0 ||
	    get_time(root, "pending-alarm", 0, &hist->pending_alarm, e) < 0)
		return -EINVAL;
	return 0;
}

/* Counters once, then events with increasing indexes up to last-index. */
static int parse_body(const xmlNode *root, struct hp_history *hist, struct hp_err *e)
{
	uint32_t last_index = hist->last_index;
	int have_counters = 0;
	const xmlNode *n;
	struct hp_event ev;

	for (n = root->children; n; n = n->next) {
		if (is_ignorable(n))
			continue;
		if (n->type != XML_ELEMENT_NODE || !n->ns || strcmp((const char *)n->ns->href, STATE_NS))
			return bad(e, root, "unexpected content", NULL);
		if (!have_counters && !strcmp((const char *)n->name, "counters")) {
			if (parse_counters(n, &hist->counters, e) < 0)
				return -EINVAL;
			have_counters = 1;
		} else if (have_counters && !strcmp((const char *)n->name, "event")) {
			if (parse_event(n, &ev, e) < 0)
				return -EINVAL;
			/* restore keeps the newest cap events and refuses an
			 * index that does not increase */
			if (ev.index > last_index || hp_history_restore(hist, &ev) < 0)
				return bad(e, n, "index not increasing or above last-index", NULL);
		} else {
			return bad(e, n, "unexpected element", NULL);
		}
	}
	if (!have_counters)
		return bad(e, root, "missing <counters>", NULL);
	hist->last_index = last_index;
	return 0;
}

int hp_statefile_parse(struct hp_history *hist, const char *buf, size_t len, struct hp_err *e)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc = NULL;
	const xmlNode *root;
	const xmlError *err;
	const char *msg;
	int rc;

	hp_history_clear(hist);
	if (len > INT_MAX)
		return hp_err_set(e, EINVAL, "too large (%zu bytes)", len);
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return hp_err_set(e, ENOMEM, "cannot create an XML parser");
	/* No network, no DTD loading, no entity substitution: nothing from
	 * outside the file gets in (XXE), and entities are refused below. */
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, "state.xml", NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		err = xmlCtxtGetLastError(ctxt);
		msg = err && err->message ? err->message : "not XML";
		rc = hp_err_set(e, EINVAL, "line %d: %.*s", err ? err->line : 0,
				(int)strcspn(msg, "\n"), msg);
	} else if (doc->intSubset || doc->extSubset) {
		rc = hp_err_set(e, EINVAL, "has a DOCTYPE (not a hostpowerd state file)");
	} else if (!(root = xmlDocGetRootElement(doc))) {
		rc = hp_err_set(e, EINVAL, "no root element");
	} else {
		rc = parse_root(root, hist, e);
		if (rc == 0)
			rc = parse_body(root, hist, e);
	}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	if (rc < 0)
		hp_history_clear(hist);
	else
		hp_err_clear(e);
	return rc;
}

/* Read the whole regular file at path into a new NUL-terminated buffer; of
 * a file over STATE_MAX_BYTES, only that much plus one byte (enough to know
 * it is too large). */
static int read_file(const char *path, char **out, size_t *len, struct hp_err *e)
{
	struct stat st;
	size_t cap, n = 0;
	ssize_t r = 0;
	char *buf;
	int fd;

	/* O_NONBLOCK: a FIFO in its place must not hang the daemon. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return hp_err_set(e, errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		int code = errno;
		close(fd);
		return hp_err_set(e, code, "%s: %s", path, strerror(code));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return hp_err_set(e, S_ISDIR(st.st_mode) ? EISDIR : EOPNOTSUPP,
				  "%s: not a regular file", path);
	}
	cap = (size_t)st.st_size < STATE_MAX_BYTES ? (size_t)st.st_size + 1 : STATE_MAX_BYTES + 1;
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return hp_err_set(e, ENOMEM, "%s: %s", path, strerror(ENOMEM));
	}
	while (n < cap && ((r = read(fd, buf + n, cap - n)) > 0 || (r < 0 && errno == EINTR)))
		n += r > 0 ? (size_t)r : 0;
	if (r < 0) {
		int code = errno;
		free(buf);
		close(fd);
		return hp_err_set(e, code, "%s: %s", path, strerror(code));
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

/* rename(2) that fails with -EEXIST rather than replace to. */
static int rename_noreplace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	/* A file system without RENAME_NOREPLACE: check, then rename (a race
	 * only with another daemon on the same state file). */
	if (access(to, F_OK) == 0)
		return -EEXIST;
	return rename(from, to) < 0 ? -errno : 0;
}

/* Rename a bad state file to path.corrupt-YYYYMMDDTHHMMSS (UTC), adding
 * -1, -2... when taken (an earlier bad file of the same second is kept);
 * the name goes to aside. */
static int move_aside(const char *path, char *aside, size_t size)
{
	char stamp[20];
	struct tm tm;
	time_t now = time(NULL);
	int i, n, rc;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm);
	for (i = 0; i < 1000; i++) {
		n = i ? snprintf(aside, size, "%s.corrupt-%s-%d", path, stamp, i)
		      : snprintf(aside, size, "%s.corrupt-%s", path, stamp);
		if (n < 0 || (size_t)n >= size)
			return -ENAMETOOLONG;
		rc = rename_noreplace(path, aside);
		if (rc != -EEXIST)
			return rc;
	}
	return -EEXIST;
}

int hp_statefile_load(struct hp_history *hist, const char *path, struct hp_err *e)
{
	char aside[PATH_MAX], *buf = NULL;
	struct hp_err why;
	size_t len = 0;
	int rc;

	hp_history_clear(hist);
	rc = read_file(path, &buf, &len, e);
	if (rc < 0)
		return rc;
	if (len > STATE_MAX_BYTES)
		rc = hp_err_set(&why, EINVAL, "larger than %u bytes", STATE_MAX_BYTES);
	else
		rc = hp_statefile_parse(hist, buf, len, &why);
	free(buf);
	if (rc == 0) {
		hp_err_clear(e);
		return 0;
	}
	if (rc != -EINVAL)
		return hp_err_set(e, -rc, "%s: %s", path, why.msg);
	rc = move_aside(path, aside, sizeof(aside));
	if (rc < 0)
		return hp_err_set(e, -rc, "%s: %s; cannot move it aside: %s", path, why.msg,
				  strerror(-rc));
	return hp_err_set(e, EINVAL, "%s: %s; moved to %s", path, why.msg, aside);
}
