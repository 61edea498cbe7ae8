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
 * Fields: the record kept keeps its own values. A field it lacks (a
 * registration number, a website, a Dari name, dates, a budget) is filled
 * from the record dropped; a field both have with different values keeps
 * the kept record's value, and the merge names it (MergeFields.differ) in
 * its result and in the audit entry of the record kept, so that the
 * coordinator sees the disagreement.
 *
 * Moved rows: the merge writes one audit entry on the record kept that
 * counts, per table, the rows moved and the duplicate rows removed, with
 * their ids (the "moved" field), not one entry per row. A body with
 * hundreds of members or meeting participants would otherwise flood the
 * trail with entries for rows that have no history page of their own;
 * and the rows themselves, as they were, are kept in merge_move
 * (migration 008) for the undo. Projects whose organizations moved still
 * get their own entry, as their history page shows them.
 *
 * Undo (svc_merge_undo): the record dropped comes back, every row the
 * merge moved or removed is put back as it was, the names added become
 * the kept record's no longer, fields filled from the record dropped are
 * emptied where the kept record still has that value, and the pair's
 * decision goes back to what it was before the merge, usually undecided:
 * an undo says the merge was a mistake, not whether the two are one
 * record (the wrong one may have been kept), so the pair comes back to
 * the review to be decided again rather than being dismissed on a guess.
 * One transaction, with audit entries ("unmerge").
 */
#ifndef HAMAHANG_SVC_MERGE_H
#define HAMAHANG_SVC_MERGE_H

#include "svc/svc.h"

/* A note on a merge, at most (bytes). */
#define MERGE_NOTE_MAX 2000

/* Fields of the record kept that a merge fills or finds disagreeing. */
#define MERGE_FIELDS_MAX 24
typedef struct MergeFields {
	const char *filled[MERGE_FIELDS_MAX];  /* JSON names of the fields filled from the record dropped */
	size_t filled_count;                   /* entries used in filled[] */
	const char *differ[MERGE_FIELDS_MAX];  /* fields both have with different values (kept's stays) */
	size_t differ_count;                   /* entries used in differ[] */
} MergeFields;

typedef struct MergeResult {
	int64_t keep_id;        /* the record kept */
	int64_t drop_id;        /* the record merged into it */
	size_t names_added;     /* names of the record dropped that became alternate names */
	size_t projects_moved;  /* organizations: projects whose roles moved to the record kept */
	MergeFields fields;     /* fields filled, and fields that disagree */
	size_t rows_moved;      /* rows of other tables moved or removed as duplicates */
} MergeResult;

/* What undoing a merge did. */
typedef struct UnmergeResult {
	int64_t keep_id;        /* the record that was kept */
	int64_t drop_id;        /* the record that comes back */
	size_t rows_back;       /* rows put back as they were */
	size_t names_removed;   /* alternate names of the record kept that were the other's */
	size_t fields_emptied;  /* fields filled by the merge and emptied again */
} UnmergeResult;

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

/* What merging drop into keep ("org" or "project") would fill and find
 * disagreeing, for the confirm step; nothing is written. SVC_NOT_FOUND
 * when either is not a record the actor sees; SVC_FORBIDDEN when it may
 * not merge. */
SvcStatus svc_merge_preview(Ctx *ctx, const char *entity, int64_t keep, int64_t drop,
			    MergeFields *out);

/* Undoes the last merge of record drop ("org" or "project"). SVC_INVALID
 * with errs naming why it cannot: the record was not merged (or merged
 * before merges were recorded), the record kept was merged into another
 * since, or a row the merge moved was changed or removed since (detail:
 * which); SVC_NOT_FOUND when the actor does not see the records;
 * SVC_FORBIDDEN when it may not merge. Nothing is changed unless SVC_OK. */
SvcStatus svc_merge_undo(Ctx *ctx, const char *entity, int64_t drop, Errors *errs,
			 UnmergeResult *out);

/* Whether record drop, merged into into (as svc_merged_into says), has a
 * merge that an undo could take back: one recorded (merges made before
 * migration 008 were not) with the same record kept. Errors refused later
 * (rows changed since) are not looked for: the undo itself says them. */
SvcStatus svc_merge_undoable(Ctx *ctx, const char *entity, int64_t drop, int64_t into,
			     bool *undoable);

/* What a record ("org" or "project") was merged into, for its old
 * address: SVC_OK with *into the record kept, or 0 when the record was not
 * merged; SVC_NOT_FOUND when there is no such record or the actor sees
 * it (or the record kept) not. */
SvcStatus svc_merged_into(Ctx *ctx, const char *entity, int64_t id, int64_t *into);

#endif
