/* capsxml.c -- capabilities as XML: libvirt's <power_management>, our own
 * document, and a reader of libvirt's element (libxml2). */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "capsxml.h"

/* libvirt's names for our targets, in its order. */
static const struct {
	const char *elem;
	size_t set;  /* offset of the bool in struct hp_caps */
	size_t why;  /* offset of its reason */
} pm_targets[] = {
	{"suspend_mem", offsetof(struct hp_caps, s3), offsetof(struct hp_caps, s3_why)},
	{"suspend_disk", offsetof(struct hp_caps, s4), offsetof(struct hp_caps, s4_why)},
	{"suspend_hybrid", offsetof(struct hp_caps, hybrid), offsetof(struct hp_caps, hybrid_why)},
};

#define N_TARGETS (sizeof(pm_targets) / sizeof(pm_targets[0]))
#define CAP_BOOL(c, i) ((bool *)((char *)(c) + pm_targets[i].set))
#define CAP_WHY(c, i) ((char *)(c) + pm_targets[i].why)

/* A reason quotes host files, which may hold anything: keep printable ASCII. */
static void xml_safe(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[i] = '\0';
}

static bool add_cap(xmlNodePtr top, const char *name, const char *target, bool yes,
		    const char *why)
{
	char safe[HP_WHY_MAX];
	xmlNodePtr n = xmlNewChild(top, NULL, BAD_CAST "capability", NULL);

	if (!n || !xmlNewProp(n, BAD_CAST "name", BAD_CAST name) ||
	    (target && !xmlNewProp(n, BAD_CAST "target", BAD_CAST target)) ||
	    !xmlNewProp(n, BAD_CAST "supported", BAD_CAST(yes ? "yes" : "no")))
		return false;
	xml_safe(safe, why[0] ? why : "unknown", sizeof(safe));
	return yes || xmlNewProp(n, BAD_CAST "reason", BAD_CAST safe);
}

static bool add_power_management(xmlNodePtr top, const struct hp_caps *c)
{
	xmlNodePtr pm = xmlNewChild(top, NULL, BAD_CAST "power_management", NULL);
	size_t i;

	if (!pm)
		return false;
	for (i = 0; i < N_TARGETS; i++)
		if (*CAP_BOOL(c, i) && !xmlNewChild(pm, NULL, BAD_CAST pm_targets[i].elem, NULL))
			return false;
	return true;
}

static bool add_host(xmlNodePtr top, const struct hp_host *h, const struct hp_caps *c)
{
	xmlNodePtr n = xmlNewChild(top, NULL, BAD_CAST "host", NULL);

	return n && xmlNewProp(n, BAD_CAST "root", BAD_CAST(h->root[0] ? h->root : "/")) &&
	       (!c->rtc[0] || xmlNewProp(n, BAD_CAST "rtc", BAD_CAST c->rtc)) &&
	       xmlNewProp(n, BAD_CAST "sleep", BAD_CAST(h->simulate ? "simulate" : "sysfs"));
}

char *hp_capsxml_document(const struct hp_host *h, const struct hp_caps *c)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr top = xmlNewNode(NULL, BAD_CAST "hostpower");
	xmlChar *mem = NULL;
	char *out = NULL;
	int len = 0;

	if (!doc || !top) {
		xmlFreeNode(top);
		goto done;
	}
	xmlDocSetRootElement(doc, top);
	if (xmlNewProp(top, BAD_CAST "version", BAD_CAST PACKAGE_VERSION) &&
	    add_host(top, h, c) &&
	    add_cap(top, "s3", "mem", c->s3, c->s3_why) &&
	    add_cap(top, "s4", "disk", c->s4, c->s4_why) &&
	    add_cap(top, "hybrid", "hybrid", c->hybrid, c->hybrid_why) &&
	    add_cap(top, "s2idle", "freeze", c->s2idle, c->s2idle_why) &&
	    add_cap(top, "rtc_wake", NULL, c->rtc_wake, c->rtc_why) &&
	    add_power_management(top, c))
		xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	/* The caller frees with free(), not xmlFree(); the text ends a line. */
	if (mem && (out = malloc(len + 2))) {
		memcpy(out, mem, len);
		if (len == 0 || out[len - 1] != '\n')
			out[len++] = '\n';
		out[len] = '\0';
	}
done:
	xmlFree(mem);
	xmlFreeDoc(doc);
	return out;
}

static bool named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static xmlNodePtr child(const xmlNode *n, const char *name)
{
	xmlNodePtr k;

	for (k = n ? n->children : NULL; k; k = k->next)
		if (named(k, name))
			return k;
	return NULL;
}

/* <power_management>: alone, or in <capabilities><host>. */
static int find_pm(const char *path, xmlNodePtr root, xmlNodePtr *pm, struct hp_err *e)
{
	if (named(root, "power_management")) {
		*pm = root;
		return 0;
	}
	if (!named(root, "capabilities"))
		return hp_err_set(e, EINVAL, "%s: root element <%.40s> is not <capabilities> or "
				  "<power_management>", path, root ? (const char *)root->name : "");
	if (!(*pm = child(child(root, "host"), "power_management")))
		return hp_err_set(e, ENODATA, "%s: <capabilities> has no <host><power_management>",
				  path);
	return 0;
}

/* Which targets pm lists, into yes[]; an element we do not know is an error. */
static int read_pm(const char *path, const xmlNode *pm, bool yes[N_TARGETS], struct hp_err *e)
{
	const xmlNode *k;
	size_t i;

	for (k = pm->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < N_TARGETS && !named(k, pm_targets[i].elem); i++)
			;
		if (i == N_TARGETS)
			return hp_err_set(e, EINVAL, "%s: unknown element <%.40s> in <power_management>",
					  path, (const char *)k->name);
		yes[i] = true;
	}
	return 0;
}

/* The first parse error, kept from the parser's error channel: libxml2's last
 * error is often a consequence ("Premature end of data") of the first. */
struct first_error {
	int code, line;
	char msg[HP_ERR_MAX];
};

static void keep_first(void *data, xmlErrorPtr x)
{
	struct first_error *f = ((xmlParserCtxtPtr)data)->_private;
	size_t n;

	if (f->code || !x)
		return;
	f->code = x->code ? x->code : -1;
	f->line = x->line;
	snprintf(f->msg, sizeof(f->msg), "%s", x->message ? x->message : "unreadable");
	n = strlen(f->msg);
	while (n > 0 && (f->msg[n - 1] == '\n' || f->msg[n - 1] == ' '))
		f->msg[--n] = '\0';
}

static int parse_error(const char *path, const struct first_error *f, struct hp_err *e)
{
	if (f->code == XML_ERR_DOCUMENT_EMPTY)
		return hp_err_set(e, EINVAL, "%s: empty document", path);
	if (!f->code)
		return hp_err_set(e, ENOMEM, "%s: %s", path, strerror(ENOMEM));
	return hp_err_set(e, EINVAL, "%s: malformed XML at line %d: %s", path, f->line, f->msg);
}

int hp_capsxml_load_libvirt(const char *path, struct hp_caps *c, struct hp_err *e)
{
	struct first_error first = {0, 0, ""};
	bool yes[N_TARGETS] = {false};
	xmlParserCtxtPtr ctxt;
	xmlNodePtr pm = NULL;
	xmlDocPtr doc = NULL;
	struct stat st;
	size_t i;
	int r;

	/* libxml2 does not say why a file could not be opened: ask first. */
	if (stat(path, &st) < 0)
		return hp_err_set(e, errno, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return hp_err_set(e, EISDIR, "%s: %s", path, strerror(EISDIR));
	if ((ctxt = xmlNewParserCtxt())) {
		ctxt->_private = &first;
		ctxt->sax->serror = keep_first;
		doc = xmlCtxtReadFile(ctxt, path, NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	}
	if (!doc)
		r = parse_error(path, &first, e);
	else if ((r = find_pm(path, xmlDocGetRootElement(doc), &pm, e)) == 0)
		r = read_pm(path, pm, yes, e);
	if (r == 0)
		for (i = 0; i < N_TARGETS; i++) {
			*CAP_BOOL(c, i) = yes[i];
			if (yes[i])
				CAP_WHY(c, i)[0] = '\0';
			else
				snprintf(CAP_WHY(c, i), HP_WHY_MAX, "libvirt does not list %s",
					 pm_targets[i].elem);
		}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return r;
}
