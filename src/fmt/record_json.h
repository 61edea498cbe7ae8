/*
 * record_json.h — organizations and projects to and from JSON (jansson).
 *
 * The JSON API, the demo data loader and the audit trail all speak this
 * one form, so a record looks the same wherever it is read. Reading is
 * strict: an unknown field, a wrong type or an out-of-range number is a
 * problem recorded in the Errors (every one, not only the first); values
 * are copied into the arena. No I/O.
 */
#ifndef HAMAHANG_RECORD_JSON_H
#define HAMAHANG_RECORD_JSON_H

#include <jansson.h>

#include "core/arena.h"
#include "core/errors.h"
#include "core/model.h"
#include "core/refdata.h"

/* New references (the caller decrefs). ref may be NULL: then place names
 * and sector names are left out (the audit trail stores codes only). */
json_t *org_to_json(const Org *o, const RefData *ref);
json_t *project_to_json(const Project *p, const RefData *ref);

/* Fills *out from a JSON object; problems go to errs. *out starts from
 * the values already in it, so a PATCH can read onto a stored record:
 * only the fields present in obj change. */
void org_from_json(json_t *obj, Arena *a, Org *out, Errors *errs);
void project_from_json(json_t *obj, Arena *a, Project *out, Errors *errs);

/* An empty record with every number unknown. */
void org_init(Org *o);
void project_init(Project *p);
void result_init(Result *r);

/* A compact JSON dump into the arena (for the audit trail). */
char *json_dump_arena(Arena *a, const json_t *value);

#endif
