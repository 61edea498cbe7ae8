/*
 * svc_merge.h — merging a record entered twice into the record kept: one
 * organization registered under two spellings, one project entered by
 * both its donor and its implementer.
 *
 * The record dropped is not deleted: it is marked merged into the record
 * kept, so that its history and its old address stay (the address
 * answers with the record kept), and it leaves lists, search, counts,
 * exports and the matcher. Everything that pointed at it points at the
 * record kept (store_merge.h says what). The merge is recorded as the
 * decision "merged" on the pair, so the pair is not proposed again.
 *
 * One call is one transaction, with one audit entry for each record it
 * changes (the two records, each project whose organizations moved, the
 * decision): all or nothing.
 *
 * Who: coordinators, administrators and the system (svc_may_merge), on
 * records they see (a restricted one by a stated reason, logged).
 *
 * Visibility: the record kept must be at least as closed as the record
 * dropped. Otherwise the merge is refused (SVC_INVALID, error on "from"):
 * the names and links of a restricted record would otherwise become
 * readable on a public one, and narrowing the record kept without being
 * asked would hide it from readers who see it now. The coordinator
 * changes one of the two visibilities first, knowingly.
 *
 * Fields: the record kept keeps its own values. A field it lacks is not
 * filled from the record dropped: those values stay readable on the
 * dropped record's history page, and an editor copies what is right by
 * editing the record kept. The merge says so in MergeResult.fields_left.
 */
#ifndef HAMAHANG_SVC_MERGE_H
#define HAMAHANG_SVC_MERGE_H

#include "svc/svc.h"

/* A note on a merge, at most (bytes). */
#define MERGE_NOTE_MAX 2000

typedef struct MergeResult {
	int64_t keep_id;        /* the record kept */
	int64_t drop_id;        /* the record merged into it */
	size_t names_added;     /* names of the record dropped that became alternate names */
	size_t projects_moved;  /* organizations: projects whose roles moved to the record kept */
	size_t fields_left;     /* fields the record kept lacks and the dropped one has, left empty */
} MergeResult;

/* Merges organization drop into keep. SVC_INVALID with errs naming each
 * problem: an id that is not a number, a record merged into itself, one
 * already merged, a kept record less closed than the dropped one, too
 * many names. SVC_NOT_FOUND when either is not an organization the actor
 * sees; SVC_FORBIDDEN when it may not merge. note may be NULL. */
SvcStatus svc_org_merge(Ctx *ctx, int64_t keep, int64_t drop, const char *note, Errors *errs,
			MergeResult *out);
/* The same for projects: organizations in roles, places, sectors, target
 * groups and results are unioned onto keep (results keep their sources). */
SvcStatus svc_project_merge(Ctx *ctx, int64_t keep, int64_t drop, const char *note, Errors *errs,
			    MergeResult *out);

/* What a record ("org" or "project") was merged into, for its old
 * address: SVC_OK with *into the record kept, or 0 when the record was not
 * merged; SVC_NOT_FOUND when there is no such record or the actor sees
 * it (or the record kept) not. */
SvcStatus svc_merged_into(Ctx *ctx, const char *entity, int64_t id, int64_t *into);

#endif
