/* t_capsxml.c -- our capabilities document against its schema, and the
 * reader of libvirt's <power_management>. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>

#include "capsxml.h"
#include "unit.h"

/* Capability id of struct hp_caps c: there? why not? */
#define OK(c, id) ((c).cap[HP_CAP_##id].ok)
#define WHY(c, id) ((c).cap[HP_CAP_##id].why)

static xmlRelaxNGPtr schema;

static void load_schema(void)
{
	const char *srcdir = getenv("top_srcdir");
	xmlRelaxNGParserCtxtPtr pc;
	char path[4096];

	snprintf(path, sizeof(path), "%s/src/hostpower-caps.rng", srcdir ? srcdir : ".");
	pc = xmlRelaxNGNewParserCtxt(path);
	schema = pc ? xmlRelaxNGParse(pc) : NULL;
	xmlRelaxNGFreeParserCtxt(pc);
	if (!unit_ok(schema != NULL, "schema %s loads", path))
		exit(unit_done());
}

static bool valid(xmlDocPtr doc)
{
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
	int r = vc ? xmlRelaxNGValidateDoc(vc, doc) : -1;

	xmlRelaxNGFreeValidCtxt(vc);
	return r == 0;
}

/* The string value of an XPath expression on doc ("" when nothing). */
static char *xpath(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr xc = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xc ? xmlXPathEvalExpression(BAD_CAST expr, xc) : NULL;
	xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
	char *out = strdup(s ? (const char *)s : "");

	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(xc);
	return out;
}

static void is_xpath(xmlDocPtr doc, const char *expr, const char *want, const char *profile)
{
	char *got = xpath(doc, expr);

	unit_is_str(got, want, "%s: %s", profile, expr);
	free(got);
}

static void check_cap(xmlDocPtr doc, const char *profile, const char *name, bool yes,
		      const char *why)
{
	char expr[128];

	snprintf(expr, sizeof(expr), "string(/hostpower/capability[@name='%s']/@supported)", name);
	is_xpath(doc, expr, yes ? "yes" : "no", profile);
	snprintf(expr, sizeof(expr), "string(/hostpower/capability[@name='%s']/@reason)", name);
	is_xpath(doc, expr, why, profile);
}

/* Probe profile, render it, validate it, and compare it with the probe. */
static void document(const char *profile, bool simulate)
{
	char *root = unit_fakeroot(profile), *xml, n[8];
	struct hp_host h;
	struct hp_caps c;
	xmlDocPtr doc;

	hp_host_init(&h, root, NULL, simulate);
	hp_caps_probe(&h, &c);
	xml = hp_capsxml_document(&h, &c);
	unit_ok(xml != NULL, "%s: document made", profile);
	doc = xml ? xmlReadMemory(xml, strlen(xml), "caps.xml", NULL, XML_PARSE_NONET) : NULL;
	unit_ok(doc && valid(doc), "%s: document valid against hostpower-caps.rng", profile);
	if (doc) {
		is_xpath(doc, "string(/hostpower/host/@root)", root, profile);
		is_xpath(doc, "string(/hostpower/host/@rtc)", c.rtc, profile);
		is_xpath(doc, "string(/hostpower/host/@sleep)", simulate ? "simulate" : "sysfs", profile);
		check_cap(doc, profile, "s3", OK(c, S3), WHY(c, S3));
		check_cap(doc, profile, "s4", OK(c, S4), WHY(c, S4));
		check_cap(doc, profile, "hybrid", OK(c, HYBRID), WHY(c, HYBRID));
		check_cap(doc, profile, "s2idle", OK(c, S2IDLE), WHY(c, S2IDLE));
		check_cap(doc, profile, "rtc_wake", OK(c, RTC_WAKE), WHY(c, RTC_WAKE));
		is_xpath(doc, "string(count(/hostpower/power_management/suspend_mem))", OK(c, S3) ? "1" : "0",
			 profile);
		is_xpath(doc, "string(count(/hostpower/power_management/suspend_disk))", OK(c, S4) ? "1" : "0",
			 profile);
		is_xpath(doc, "string(count(/hostpower/power_management/suspend_hybrid))",
			 OK(c, HYBRID) ? "1" : "0", profile);
		snprintf(n, sizeof(n), "%d", OK(c, S3) + OK(c, S4) + OK(c, HYBRID));
		is_xpath(doc, "string(count(/hostpower/power_management/*))", n, profile);
	}
	xmlFreeDoc(doc);
	free(xml);
	unit_rmroot(root);
}

static void test_documents(void)
{
	static const char *profiles[] = {"server", "laptop-s2idle", "no-resume", "small-swap",
					 "noresume", "no-rtc", "rtc-disabled", "armed",
					 "garbage", "empty"};
	size_t i;

	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		document(profiles[i], i % 2 == 0);
}

static void test_fixed_text(void)
{
	char *root = unit_fakeroot("laptop-s2idle"), *xml;
	struct hp_host h;
	struct hp_caps c;
	xmlDocPtr doc;

	hp_host_init(&h, root, NULL, false);
	hp_caps_probe(&h, &c);
	xml = hp_capsxml_document(&h, &c);
	unit_ok(xml && strstr(xml, "<power_management/>"),
		"nothing supported: libvirt's empty <power_management/>");
	free(xml);

	/* A reason quoting binary junk from a host file stays valid XML. */
	unit_put(root, "sys/power/state", "freeze mem disk\n");
	unit_put(root, "sys/power/resume", "\xff\x01\xfe junk\n");
	hp_caps_probe(&h, &c);
	xml = hp_capsxml_document(&h, &c);
	doc = xml ? xmlReadMemory(xml, strlen(xml), "caps.xml", NULL, XML_PARSE_NONET) : NULL;
	unit_ok(doc && valid(doc), "binary junk in a reason: still valid");
	if (doc)
		is_xpath(doc, "string(/hostpower/capability[@name='s4']/@reason)",
			 "power/resume reads \"??? junk\", not major:minor", "junk");
	xmlFreeDoc(doc);
	free(xml);

	hp_host_init(&h, "/", NULL, false);
	memset(&c, 0, sizeof(c));
	xml = hp_capsxml_document(&h, &c);
	unit_ok(xml && strstr(xml, "root=\"/\""), "the real host's root reads \"/\"");
	doc = xml ? xmlReadMemory(xml, strlen(xml), "caps.xml", NULL, XML_PARSE_NONET) : NULL;
	unit_ok(doc && valid(doc), "a \"no\" without a probed reason still has one");
	xmlFreeDoc(doc);
	free(xml);
	unit_rmroot(root);
}

/* Load text as libvirt's capabilities into a server probe; returns the result. */
static int load(const char *root, const char *text, struct hp_caps *c, struct hp_err *e,
		char *path, size_t len)
{
	struct hp_host h;

	hp_host_init(&h, root, NULL, false);
	hp_caps_probe(&h, c);
	snprintf(path, len, "%s/libvirt-caps.xml", root);
	if (text)
		unit_put(root, "libvirt-caps.xml", text);
	return hp_capsxml_load_libvirt(path, c, e);
}

static void test_libvirt_valid(void)
{
	char *root = unit_fakeroot("server"), path[4096];
	struct hp_caps c;
	struct hp_err e;

	unit_is_int(load(root, "<power_management>\n  <suspend_mem/>\n  <suspend_disk/>\n"
			 "</power_management>\n", &c, &e, path, sizeof(path)), 0,
		    "libvirt: bare <power_management>");
	unit_ok(OK(c, S3) && OK(c, S4) && !OK(c, HYBRID), "libvirt: mem and disk, no hybrid");
	unit_is_str(WHY(c, HYBRID), "libvirt does not list suspend_hybrid", "libvirt: hybrid reason");
	unit_is_str(WHY(c, S3), "", "libvirt: no reason for a listed target");
	unit_ok(OK(c, S2IDLE) && OK(c, RTC_WAKE) && OK(c, SUSPEND_THEN_HIBERNATE),
		"libvirt: s2idle, RTC and suspend-then-hibernate stay as probed");

	unit_is_int(load(root, "<capabilities><host><uuid>x</uuid><cpu/>"
			 "<power_management><suspend_hybrid/></power_management>"
			 "</host><guest/></capabilities>", &c, &e, path, sizeof(path)), 0,
		    "libvirt: full <capabilities>");
	unit_ok(!OK(c, S3) && !OK(c, S4) && OK(c, HYBRID), "libvirt: hybrid only");
	unit_is_str(WHY(c, S3), "libvirt does not list suspend_mem", "libvirt: mem reason");
	unit_is_str(WHY(c, SUSPEND_THEN_HIBERNATE), "needs S3: libvirt does not list suspend_mem",
		    "libvirt: suspend-then-hibernate follows S3 and S4");

	unit_is_int(load(root, "<power_management/>", &c, &e, path, sizeof(path)), 0,
		    "libvirt: empty <power_management/>");
	unit_ok(!OK(c, S3) && !OK(c, S4) && !OK(c, HYBRID), "libvirt: nothing supported");
	unit_rmroot(root);
}

/* A document the reader refuses: code, exact message, probe untouched. */
static void refused(const char *text, int code, const char *msg, const char *what)
{
	char *root = unit_fakeroot("no-resume"), path[4096], *want;
	struct hp_caps c;
	struct hp_err e;

	unit_is_int(load(root, text, &c, &e, path, sizeof(path)), -code, "libvirt %s: refused", what);
	if (asprintf(&want, "%s: %s", path, msg) < 0)
		want = NULL;
	unit_is_str(e.msg, want, "libvirt %s: message", what);
	free(want);
	unit_ok(OK(c, S3) && !OK(c, S4) && !strcmp(WHY(c, S4), "no resume device (power/resume is 0:0)"),
		"libvirt %s: capabilities untouched", what);
	unit_rmroot(root);
}

static void test_libvirt_refused(void)
{
	refused(NULL, ENOENT, "No such file or directory", "missing file");
	refused("", EINVAL, "empty document", "empty file");
	refused("<power_management><suspend_mem></power_management>\n", EINVAL,
		"malformed XML at line 1: Opening and ending tag mismatch: suspend_mem line 1 "
		"and power_management", "malformed");
	refused("<domain type='kvm'><name>x</name></domain>", EINVAL,
		"root element <domain> is not <capabilities> or <power_management>", "foreign");
	refused("<capabilities><host><cpu/></host></capabilities>", ENODATA,
		"<capabilities> has no <host><power_management>", "without power_management");
	refused("<power_management><suspend_mem/><suspend_everything/></power_management>", EINVAL,
		"unknown element <suspend_everything> in <power_management>", "unknown element");
}

int main(void)
{
	load_schema();
	test_documents();
	test_fixed_text();
	test_libvirt_valid();
	test_libvirt_refused();
	xmlRelaxNGFree(schema);
	xmlCleanupParser();
	return unit_done();
}
