/* err.c -- error reports of the platform core. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int hp_err_set(struct hp_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		e->code = code;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return -code;
}

void hp_err_clear(struct hp_err *e)
{
	if (e) {
		e->code = 0;
		e->msg[0] = '\0';
	}
}
