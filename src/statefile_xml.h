/*
 * statefile_xml.h -- inside the state file module: the document's
 * vocabulary, shared by its writer (statefile_write.c) and its reader
 * (statefile_read.c), and the writer's entry for statefile.c.
 */
#ifndef HP_STATEFILE_XML_H
#define HP_STATEFILE_XML_H

#include <stddef.h>

#include "err.h"
#include "history.h"

#define HP_STATEFILE_NS "urn:hostpowerd:state"
#define HP_STATEFILE_ROOT "hostpower-state"
#define HP_STATEFILE_VERSION "1"

/* The event fields whose values the file writes as names. */
enum hp_statefile_field { HP_STATEFILE_TYPE, HP_STATEFILE_TARGET, HP_STATEFILE_INITIATOR };

/* The name of value v of field f ("suspend", "mem", "manager"), NULL when v
 * has none. The values with a name are 1, 2, ... up to the first NULL. */
const char *hp_statefile_name(enum hp_statefile_field f, unsigned v);

/* The document for hist, in a new buffer (caller frees) of *len bytes.
 * Returns 0; -ERANGE with e saying "not saved: ..." when the loader would
 * refuse it (a time outside 1970..9999, a type, target or initiator
 * without a name); -ENOMEM. */
int hp_statefile_render(const struct hp_history *hist, char **out, size_t *len,
			struct hp_err *e);

#endif
