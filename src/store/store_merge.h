/*
 * store_merge.h — merging a record entered twice, in SQL (migration 007).
 *
 * The store moves references and marks the record dropped; it decides
 * nothing: whether the two may be merged, who may merge them and what the
 * record kept becomes (its names, its visibility) is the service's
 * (svc_merge.h). Every function runs inside the caller's transaction, so
 * that a merge is stored whole or not at all.
 */
#ifndef HAMAHANG_STORE_MERGE_H
#define HAMAHANG_STORE_MERGE_H

#include "store/store.h"

/* Points at organization keep everything that pointed at drop: project
 * roles, relations (a relation between the two, or one now twice, goes),
 * awards, parents and registration authorities of other organizations,
 * offices and sectors, memberships and the services of a body, meetings
 * convened, their participants and recommendations, reports, their
 * recipients and the reporting obligation (drop's when keep has none),
 * status changes, applications, the meeting schedule (drop's when keep has
 * none), editors' links to the organization and the import keys. Where
 * keep already has the same row (a role, a sector, a membership), drop's
 * goes. The record drop itself is left as it was. */
int store_org_merge_refs(Store *s, int64_t keep, int64_t drop);

/* Points at project keep what pointed at drop and unions drop's lists
 * onto it: organizations in roles, places (a place both have keeps keep's
 * village count, or drop's when keep has none), sectors, target groups,
 * results (each with its source; a result exactly the same as one of
 * keep's stays with drop), report lines, applications and import keys. */
int store_project_merge_refs(Store *s, int64_t keep, int64_t drop);

/* Marks a record ("org" or "project") merged into another. */
int store_mark_merged(Store *s, const char *entity, int64_t id, int64_t into);

/* What a record ("org" or "project") was merged into: *into is 0 when it
 * was not merged; STORE_NOT_FOUND when there is no such record. */
int store_merged_into(Store *s, const char *entity, int64_t id, int64_t *into);

/* The projects on which an organization has a role, ascending, in the
 * arena (whatever their visibility: for the audit, never shown). */
int store_org_project_ids(Store *s, Arena *a, int64_t org_id, int64_t **ids, size_t *count);

#endif
