/*
 * capsxml.h -- capabilities as XML (libxml2): libvirt's <power_management>
 * element, our own richer document (schema: src/hostpower-caps.rng), and a
 * reader of libvirt's element for hosts where libvirt is the authority.
 */
#ifndef HP_CAPSXML_H
#define HP_CAPSXML_H

#include "caps.h"
#include "host.h"

/* Our document, with libvirt's <power_management> inside; malloc'd string
 * (caller frees), NULL on allocation failure. Reasons are cut to printable
 * ASCII (they quote host files). */
char *hp_capsxml_document(const struct hp_host *h, const struct hp_caps *c);

/* Read libvirt's <power_management> (alone, or inside <capabilities><host>)
 * from the file at path and set from it the capabilities libvirt has an
 * element for (S3, S4, hybrid: HP_CAPS_TABLE), with the reason "libvirt does
 * not list suspend_mem" for a missing one (the others stay as probed, but
 * suspend-then-hibernate goes when S3 or S4 does).
 * Returns 0 or -errno with e saying why and c untouched: the file's errno
 * when it cannot be read, -EINVAL for an empty, malformed or foreign
 * document or an unknown element inside, -ENODATA for <capabilities>
 * without <host><power_management>. */
int hp_capsxml_load_libvirt(const char *path, struct hp_caps *c, struct hp_err *e);

#endif
