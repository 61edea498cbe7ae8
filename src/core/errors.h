/*
 * errors.h — the list of problems found in one record.
 *
 * Validation never stops at the first mistake: it collects every problem
 * (which field, what is wrong) so a form or an imported row shows them all
 * at once. Messages are English message ids, translated where they are
 * shown; `detail` carries the value-specific part (a name, a candidate).
 */
#ifndef HAMAHANG_ERRORS_H
#define HAMAHANG_ERRORS_H

#include <stddef.h>

#define ERRORS_MAX 64

typedef struct FieldError {
	char field[64];      /* "staff_female", "places[2].place"; "" for the whole record */
	const char *message; /* a message id: a string literal, translated when shown */
	char detail[256];    /* value-specific words, may be "" */
} FieldError;

typedef struct Errors {
	FieldError items[ERRORS_MAX]; /* the problems, in the order found */
	size_t count;                 /* entries used in items[] */
	size_t dropped;               /* problems beyond ERRORS_MAX, counted only */
} Errors;

void errors_clear(Errors *e);
/* Records a problem. field and detail are copied (and cut to fit); message
 * must be a string literal. detail may be NULL. */
void errors_add(Errors *e, const char *field, const char *message, const char *detail);
/* errors_add with field built from a prefix and an index: "places[2].place". */
void errors_add_at(Errors *e, const char *list, size_t index, const char *member,
		   const char *message, const char *detail);
/* The first problem about that field, or NULL. */
const FieldError *errors_find(const Errors *e, const char *field);

#endif
