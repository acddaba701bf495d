/*
 * statefile_write.c -- the state document from a history (libxml2's
 * writer), and the names it writes. The schema, src/hostpower-state.rng,
 * documents the format.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "clock.h"
#include "statefile_xml.h"

/* Names of the event enums, indexed by their values (as in HOST-POWER-MIB);
 * the targets' are target.c's. */
static const char *const type_names[] = {
	NULL, "suspend", "resume", "failure", "external", "interrupted", "cancelled",
	"selftest"
};
static const char *const initiator_names[] = { NULL, "manager", "external", "agent" };
#define NNAMES(t) (sizeof(t) / sizeof((t)[0]))

const char *hp_statefile_name(enum hp_statefile_field f, unsigned v)
{
	switch (f) {
	case HP_STATEFILE_TYPE:
		return v < NNAMES(type_names) ? type_names[v] : NULL;
	case HP_STATEFILE_INITIATOR:
		return v < NNAMES(initiator_names) ? initiator_names[v] : NULL;
	default:
		return hp_target_record_name((enum hp_target)v);
	}
}

static bool time_ok(time_t t)
{
	struct tm tm;

	return hp_clock_utc(t, &tm) == 0;
}

/* Refuse to write what the loader would refuse: a saved file loads back. */
static int check_saveable(const struct hp_history *hist, struct hp_err *e)
{
	const struct hp_counters *c = &hist->counters;
	const struct hp_event *ev;
	unsigned i;

	if (!time_ok(hist->pending_alarm) || !time_ok(c->last_suspend) || !time_ok(c->last_resume))
		return hp_err_set(e, ERANGE, "not saved: a time is outside 1970..9999");
	for (i = 0; i < hist->count; i++) {
		ev = hp_history_at(hist, i);
		if (!time_ok(ev->time) || !hp_statefile_name(HP_STATEFILE_TYPE, ev->type) ||
		    !hp_statefile_name(HP_STATEFILE_TARGET, ev->target) ||
		    !hp_statefile_name(HP_STATEFILE_INITIATOR, ev->initiator))
			return hp_err_set(e, ERANGE, "not saved: event %lu has a time, type, target "
					  "or initiator out of range", (unsigned long)ev->index);
	}
	return 0;
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

static int write_attr_utc(xmlTextWriterPtr w, const char *name, time_t t)
{
	char s[HP_CLOCK_UTC_LEN];

	if (hp_clock_format_utc(t, s, sizeof(s)) < 0)
		return -1;
	return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST s);
}

/* Write attribute name as a time, or nothing for 0 ("never"). */
static int write_attr_time(xmlTextWriterPtr w, const char *name, time_t t)
{
	return t == 0 ? 0 : write_attr_utc(w, name, t);
}

/* Write attribute name as the name of value v of field f. */
static int write_attr_name(xmlTextWriterPtr w, const char *name, enum hp_statefile_field f,
			   unsigned v)
{
	return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST hp_statefile_name(f, v));
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
	char detail[HP_DETAIL_MAX];

	sanitize_detail(ev->detail, detail);
	if (xmlTextWriterStartElement(w, BAD_CAST "event") < 0 ||
	    write_attr_u32(w, "index", ev->index) < 0 ||
	    write_attr_utc(w, "time", ev->time) < 0 ||
	    write_attr_name(w, "type", HP_STATEFILE_TYPE, ev->type) < 0 ||
	    write_attr_name(w, "target", HP_STATEFILE_TARGET, ev->target) < 0 ||
	    write_attr_u32(w, "requested-seconds", ev->requested_s) < 0 ||
	    write_attr_u32(w, "measured-seconds", ev->measured_s) < 0 ||
	    write_attr_name(w, "initiator", HP_STATEFILE_INITIATOR, ev->initiator) < 0 ||
	    (detail[0] && xmlTextWriterWriteString(w, BAD_CAST detail) < 0))
		return -1;
	return xmlTextWriterEndElement(w);
}

static int write_document(xmlTextWriterPtr w, const struct hp_history *hist)
{
	unsigned i;

	if (xmlTextWriterSetIndent(w, 1) < 0 ||
	    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST HP_STATEFILE_ROOT) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST HP_STATEFILE_NS) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST HP_STATEFILE_VERSION) < 0 ||
	    write_attr_u32(w, "last-index", hist->last_index) < 0 ||
	    write_attr_time(w, "pending-alarm", hist->pending_alarm) < 0 ||
	    write_counters(w, &hist->counters) < 0)
		return -1;
	for (i = 0; i < hist->count; i++)
		if (write_event(w, hp_history_at(hist, i)) < 0)
			return -1;
	return xmlTextWriterEndDocument(w);
}

int hp_statefile_render(const struct hp_history *hist, char **out, size_t *len,
			struct hp_err *e)
{
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int rc = check_saveable(hist, e);

	if (rc < 0)
		return rc;
	*out = NULL;
	buf = xmlBufferCreate();
	w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	rc = w ? write_document(w, hist) : -1;
	xmlFreeTextWriter(w); /* flushes into buf */
	if (rc >= 0) {
		*len = (size_t)xmlBufferLength(buf);
		if ((*out = malloc(*len + 1)))
			memcpy(*out, xmlBufferContent(buf), *len);
	}
	xmlBufferFree(buf);
	return *out ? 0 : hp_err_set(e, ENOMEM, "cannot build the document");
}
