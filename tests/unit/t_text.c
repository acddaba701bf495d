/* t_text.c -- host bytes to valid, printable UTF-8. */
#include "config.h"

#include <string.h>

#include "text.h"
#include "unit.h"

/* Sanitize a copy of in (len bytes) with flags; compare with want. */
static void check(const char *in, size_t len, unsigned flags, const char *want, size_t replaced,
		  const char *what)
{
	char buf[64];

	memcpy(buf, in, len);
	buf[len] = '\0';
	unit_is_int(hp_text_sanitize(buf, len, flags), replaced, "%s: bytes replaced", what);
	unit_is_str(buf, want, "%s", what);
}

int main(void)
{
	check("freeze mem disk", 15, 0, "freeze mem disk", 0, "ASCII stays");
	check("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xa4", 14, 0, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xa4",
	      0, "2-, 3- and 4-byte characters stay");
	check("\xe9\xff\x01", 3, 0, "???", 3, "the issue's bytes: Latin-1, 0xff, a control");
	check("a\xc3\x28z", 4, 0, "a?(z", 1, "a lead byte without its continuation");
	check("\x80\xbf", 2, 0, "??", 2, "lone continuation bytes");
	check("\xc0\xaf \xe0\x80\xaf", 6, 0, "?? ???", 5, "overlong forms");
	check("\xed\xa0\x80", 3, 0, "???", 3, "a UTF-16 surrogate");
	check("\xf4\x90\x80\x80 \xf5\x80", 7, 0, "???? ??", 6, "beyond U+10FFFF");
	check("cut \xe2\x82", 6, 0, "cut ??", 2, "a character cut at the end");
	check("a\tb\nc\rd\x7f" "e\x1b", 10, 0, "a?b?c?d?e?", 5, "C0 and DEL");
	check("a\tb\nc\rd", 7, HP_TEXT_LINES, "a\tb\nc?d", 1, "HP_TEXT_LINES keeps tab and newline");
	check("x\xc2\x85y\xc2\xa0", 6, 0, "x??y\xc2\xa0", 2, "C1 controls go, U+00A0 stays");
	check("a\0b", 3, 0, "a?b", 1, "a NUL inside");
	check("\xef\xbf\xbe\xef\xbf\xbf\xef\xbf\xbd", 9, 0, "??????\xef\xbf\xbd", 6,
	      "U+FFFE and U+FFFF go (not XML), U+FFFD stays");
	return unit_done();
}
