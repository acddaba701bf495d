/*
 * statefile_read.c -- a history from a state document (libxml2's tree).
 * The checks enforce what the schema, src/hostpower-state.rng, says, so the
 * schema is not needed at run time.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "clock.h"
#include "statefile.h"
#include "statefile_xml.h"

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

/* A time attribute; when optional and absent, *out is 0 ("never"). */
static int get_time(const xmlNode *n, const char *name, int required, time_t *out,
		    struct hp_err *e)
{
	char *s = attr(n, name);
	int rc = 0;

	*out = 0;
	if (!s)
		return required ? bad(e, n, "missing attribute ", name) : 0;
	if (hp_clock_parse_utc(s, out) < 0)
		rc = bad(e, n, "not a UTC time (YYYY-MM-DDTHH:MM:SSZ): ", name);
	xmlFree(s);
	return rc;
}

/* An attribute naming a value of field f. */
static int get_enum(const xmlNode *n, const char *name, enum hp_statefile_field f, int *out,
		    struct hp_err *e)
{
	char *s = attr(n, name);
	const char *known;
	unsigned v;

	if (!s)
		return bad(e, n, "missing attribute ", name);
	for (v = 1; (known = hp_statefile_name(f, v)) && strcmp(known, s); v++)
		;
	xmlFree(s);
	if (!known)
		return bad(e, n, "unknown value of ", name);
	*out = (int)v;
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
	    get_enum(n, "type", HP_STATEFILE_TYPE, &type, e) < 0 ||
	    get_enum(n, "target", HP_STATEFILE_TARGET, &target, e) < 0 ||
	    get_u32(n, "requested-seconds", &ev->requested_s, e) < 0 ||
	    get_u32(n, "measured-seconds", &ev->measured_s, e) < 0 ||
	    get_enum(n, "initiator", HP_STATEFILE_INITIATOR, &initiator, e) < 0 ||
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

	if (strcmp((const char *)root->name, HP_STATEFILE_ROOT) != 0 || !root->ns ||
	    strcmp((const char *)root->ns->href, HP_STATEFILE_NS) != 0)
		return bad(e, root, "not a hostpowerd state file (expected <" HP_STATEFILE_ROOT
			   "> in namespace " HP_STATEFILE_NS ")", NULL);
	version = attr(root, "version");
	if (!version || strcmp(version, HP_STATEFILE_VERSION) != 0)
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
		if (n->type != XML_ELEMENT_NODE || !n->ns ||
		    strcmp((const char *)n->ns->href, HP_STATEFILE_NS) != 0)
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
