/* err.h -- error reports of the platform core: an errno and a message. */
#ifndef HP_ERR_H
#define HP_ERR_H

#define HP_ERR_MAX 256

/* What went wrong: code is a positive errno, msg names the file and the cause. */
struct hp_err {
	int code;
	char msg[HP_ERR_MAX];
};

/* Fill e (when not NULL) with code and a printf-style message; returns -code. */
int hp_err_set(struct hp_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clear e (when not NULL). */
void hp_err_clear(struct hp_err *e);

#endif
