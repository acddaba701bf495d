/*
 * text.h -- text from the host made fit for managers. Kernel files, error
 * messages and paths are bytes; HOST-POWER-MIB's SnmpAdminString (RFC 3411)
 * is UTF-8 and should hold no control characters, and XML 1.0 cannot carry
 * most of them at all.
 */
#ifndef HP_TEXT_H
#define HP_TEXT_H

#include <stddef.h>

/* Keep tab and newline: the separators of kernel lists and proc files. */
#define HP_TEXT_LINES 1u

/*
 * Make s[0..len) valid UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF) with no control characters (C0, DEL, C1) and
 * nothing XML 1.0 cannot carry (U+FFFE, U+FFFF), in place: each byte of an
 * invalid sequence or of such a character becomes '?'. A plain ASCII '?' rather than U+FFFD so that the text never grows: a
 * bounded buffer needs no second cut, and a text already cut in the middle
 * of a character comes out valid. flags: 0 or HP_TEXT_LINES. Returns the
 * number of bytes replaced.
 */
size_t hp_text_sanitize(char *s, size_t len, unsigned flags);

#endif
