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

/* Marks a record ("org" or "project") merged into another; into 0: no
 * longer merged. */
int store_mark_merged(Store *s, const char *entity, int64_t id, int64_t into);

/* What a record ("org" or "project") was merged into: *into is 0 when it
 * was not merged; STORE_NOT_FOUND when there is no such record. */
int store_merged_into(Store *s, const char *entity, int64_t id, int64_t *into);

/* The projects on which an organization has a role, ascending, in the
 * arena (whatever their visibility: for the audit, never shown). */
int store_org_project_ids(Store *s, Arena *a, int64_t org_id, int64_t **ids, size_t *count);

/* ---- what a merge did, to undo it (migration 008) ---- */

/* One merge, as merge_log holds it; strings in the arena. */
typedef struct MergeLog {
	int64_t id;
	const char *kind;             /* "orgs" or "projects" */
	int64_t keep_id;              /* the record kept */
	int64_t drop_id;              /* the record merged into it */
	const char *filled;           /* JSON object: field -> value copied from drop */
	const char *names;            /* JSON array: names added to keep's alternate names */
	const char *decision_before;  /* JSON object: the pair's decision before; NULL: none */
	const char *merged_by;        /* login */
	const char *merged_at;        /* UTC */
} MergeLog;

/* Stores m (all but id), sets m->id. */
int store_merge_log_insert(Store *s, MergeLog *m);
/* Records what the merge filled and the names it added (JSON texts). */
int store_merge_log_result(Store *s, int64_t id, const char *filled, const char *names);
/* The last merge of drop_id ("orgs" or "projects") not undone;
 * STORE_NOT_FOUND when there is none. */
int store_merge_log_last(Store *s, Arena *a, const char *kind, int64_t drop_id, MergeLog *out);
/* Marks a merge undone by whom, when. */
int store_merge_log_undone(Store *s, int64_t id, const char *by, const char *at);

/* Before the references move: records, for merge merge_id, every row of
 * the tables the merge touches that names keep or drop ("org" or
 * "project"), as it is. */
int store_merge_track_begin(Store *s, int64_t merge_id, const char *entity, int64_t keep,
			    int64_t drop);
/* After they moved: records each row as it became, and forgets the rows
 * the merge left as they were. */
int store_merge_track_end(Store *s, int64_t merge_id, const char *entity, int64_t keep,
			  int64_t drop);
/* What merge_id moved, as a JSON object in the arena: table -> {"moved":
 * N, "removed": N, "rows": [rowid, ...]} ("removed": duplicates of rows
 * keep had, deleted). */
int store_merge_moved(Store *s, Arena *a, int64_t merge_id, const char **json);
/* Puts back every row merge_id changed, as it was before the merge:
 * moved rows point at drop again, removed rows are inserted again.
 * STORE_CONSTRAINT when a row cannot go back, with *table and *row_id
 * naming it: it was changed (in a column the merge changed) or deleted
 * since, or putting it back clashes with a row made since. Runs inside
 * the caller's transaction, which must then be rolled back. */
int store_merge_restore(Store *s, int64_t merge_id, const char **table, int64_t *row_id);

#endif
