/* text.c -- host bytes to valid, printable UTF-8. */
#include "config.h"

#include <stdbool.h>

#include "text.h"

/* The length of the well-formed UTF-8 sequence at s (n bytes left), 0 if
 * there is none (RFC 3629, table 3-7 of the Unicode standard). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4;
	else
		return 0;
	/* The second byte's range rules out overlong forms (E0, F0),
	 * surrogates (ED) and code points above U+10FFFF (F4). */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < need || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < need; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return need;
}

/* Is the character s (len bytes, well-formed) a control character, or one
 * of the two that XML 1.0 cannot carry, U+FFFE and U+FFFF? */
static bool is_control(const unsigned char *s, size_t len, unsigned flags)
{
	if (len == 2)
		return s[0] == 0xc2 && s[1] < 0xa0; /* C1: U+0080..U+009F */
	if (len == 3)
		return s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe;
	if (len != 1)
		return false;
	if ((flags & HP_TEXT_LINES) && (s[0] == '\t' || s[0] == '\n'))
		return false;
	return s[0] < 0x20 || s[0] == 0x7f;
}

size_t hp_text_sanitize(char *s, size_t len, unsigned flags)
{
	unsigned char *p = (unsigned char *)s;
	size_t i = 0, n, k, replaced = 0;

	while (i < len) {
		n = utf8_len(p + i, len - i);
		if (n == 0 || is_control(p + i, n, flags)) {
			n = n ? n : 1;
			for (k = 0; k < n; k++)
				p[i + k] = '?';
			replaced += n;
		}
		i += n;
	}
	return replaced;
}
