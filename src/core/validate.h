/*
 * validate.h — the rules a record must meet before it is stored.
 *
 * Every rule is checked and every failure recorded (see errors.h), so one
 * call reports all the problems of a record. Places written by name are
 * resolved here through the gazetteer: a resolved place gets its P-code
 * filled in; an unresolved or ambiguous one is an error naming the
 * candidates; a match that needed a guess (an alternate spelling, a fuzzy
 * match) is reported as a warning so the user sees what was assumed.
 * No I/O; codes are checked against the in-memory reference data.
 */
#ifndef HAMAHANG_VALIDATE_H
#define HAMAHANG_VALIDATE_H

#include "core/errors.h"
#include "core/model.h"
#include "core/refdata.h"

/* Checks *org and fills the P-codes of its offices. Problems go to errs,
 * guesses to warns (which may be NULL). Returns true when errs gained nothing. */
bool validate_org(const RefData *ref, Org *org, Errors *errs, Errors *warns);

/* Checks *p (with its organizations' roles, places, sectors, targets and
 * results) and fills the P-codes of its places. As validate_org. */
bool validate_project(const RefData *ref, Project *p, Errors *errs, Errors *warns);

/* Checks one result; field names are prefixed "results[index]." */
void validate_result(const Result *r, size_t index, Errors *errs);

/* Resolves one place field; on success sets *pcode (borrowed from the
 * gazetteer). field names the field in messages. */
bool validate_place(const RefData *ref, const char *field, const char *text, const char *within,
		    const char **pcode, Errors *errs, Errors *warns);

#endif
