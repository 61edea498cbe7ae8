/*
 * svc_dates.h — dates typed in either calendar, made Gregorian before a
 * record is validated and stored (see core/date_input.h). Every channel
 * that writes through the service layer — forms, the API, imports — takes
 * "sh:1400-05-24" and Persian digits alike.
 */
#ifndef HAMAHANG_SVC_DATES_H
#define HAMAHANG_SVC_DATES_H

#include "core/arena.h"
#include "core/errors.h"
#include "core/model.h"

/* Rewrites the organization's dates into their Gregorian form (copies in
 * the arena). A date that cannot be read is left for validation to report,
 * except a Solar Hijri one, whose problem is reported here (into errs) and
 * whose field is then cleared so that it is not reported twice. */
void svc_dates_org(Arena *arena, Org *o, Errors *errs);
/* The same for a project's dates and its results' periods. */
void svc_dates_project(Arena *arena, Project *p, Errors *errs);
/* The same for one date field of any record: *field (may be NULL) is
 * replaced by a copy in the arena; name is the field errs names. */
void svc_dates_field(Arena *arena, const char **field, const char *name, Errors *errs);

#endif
