/* capsxml.c -- capabilities as XML: libvirt's <power_management>, our own
 * document, and a reader of libvirt's element (libxml2). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlversion.h>

#include "capsxml.h"

/* A reason quotes host files, which may hold anything: keep printable ASCII. */
static void xml_safe(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[i] = '\0';
}

/* <capability name= target= supported= reason=> of capability i. */
static bool add_cap(xmlNodePtr top, enum hp_cap i, const struct hp_cap_state *s)
{
	const struct hp_cap_info *info = hp_caps_info(i);
	const char *target = hp_target_name(info->target);
	char safe[HP_WHY_MAX];
	xmlNodePtr n = xmlNewChild(top, NULL, BAD_CAST "capability", NULL);

	if (!n || !xmlNewProp(n, BAD_CAST "name", BAD_CAST info->name) ||
	    (target && !xmlNewProp(n, BAD_CAST "target", BAD_CAST target)) ||
	    !xmlNewProp(n, BAD_CAST "supported", BAD_CAST(s->ok ? "yes" : "no")))
		return false;
	xml_safe(safe, s->why[0] ? s->why : "unknown", sizeof(safe));
	return s->ok || xmlNewProp(n, BAD_CAST "reason", BAD_CAST safe);
}

static bool add_caps(xmlNodePtr top, const struct hp_caps *c)
{
	enum hp_cap i;

	for (i = 0; i < HP_CAP_COUNT; i++)
		if (!add_cap(top, i, &c->cap[i]))
			return false;
	return true;
}

static bool add_power_management(xmlNodePtr top, const struct hp_caps *c)
{
	xmlNodePtr pm = xmlNewChild(top, NULL, BAD_CAST "power_management", NULL);
	const char *elem;
	enum hp_cap i;

	if (!pm)
		return false;
	for (i = 0; i < HP_CAP_COUNT; i++)
		if ((elem = hp_caps_info(i)->libvirt) && c->cap[i].ok &&
		    !xmlNewChild(pm, NULL, BAD_CAST elem, NULL))
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
	    add_host(top, h, c) && add_caps(top, c) && add_power_management(top, c))
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

/* Which capabilities pm lists, into yes[]; an element we do not know is an
 * error. */
static int read_pm(const char *path, const xmlNode *pm, bool yes[HP_CAP_COUNT], struct hp_err *e)
{
	const char *elem;
	const xmlNode *k;
	enum hp_cap i;

	for (k = pm->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < HP_CAP_COUNT; i++)
			if ((elem = hp_caps_info(i)->libvirt) && named(k, elem))
				break;
		if (i == HP_CAP_COUNT)
			return hp_err_set(e, EINVAL, "%s: unknown element <%.40s> in <power_management>",
					  path, (const char *)k->name);
		yes[i] = true;
	}
	return 0;
}

/* libvirt is the authority on the capabilities it has an element for. */
static void take_libvirt(struct hp_caps *c, const bool yes[HP_CAP_COUNT])
{
	const char *elem;
	enum hp_cap i;

	for (i = 0; i < HP_CAP_COUNT; i++) {
		if (!(elem = hp_caps_info(i)->libvirt))
			continue;
		c->cap[i].ok = yes[i];
		if (yes[i])
			c->cap[i].why[0] = '\0';
		else
			snprintf(c->cap[i].why, HP_WHY_MAX, "libvirt does not list %s", elem);
	}
	/* libvirt has no element for it: it follows S3 and S4 as libvirt says. */
	hp_caps_judge_suspend_then_hibernate(c);
}

/* The first parse error, kept from the parser's error channel: libxml2's last
 * error is often a consequence ("Premature end of data") of the first. */
struct first_error {
	int code, line;
	char msg[HP_ERR_MAX];
};

/* libxml2 2.12 made the error of xmlStructuredErrorFunc const (Debian 13
 * has 2.12, Debian 12 2.9); the handler must match the one it builds with. */
#if LIBXML_VERSION >= 21200
typedef const xmlError libxml_error;
#else
typedef xmlError libxml_error;
#endif

static void keep_first(void *data, libxml_error *x)
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
	bool yes[HP_CAP_COUNT] = {false};
	xmlParserCtxtPtr ctxt;
	xmlNodePtr pm = NULL;
	xmlDocPtr doc = NULL;
	struct stat st;
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
		take_libvirt(c, yes);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return r;
}
