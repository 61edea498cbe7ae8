/*
 * svc_dedup_review.h — the review of likely duplicates: candidate pairs
 * with filters, leaving out pairs already decided, and the decisions of a
 * coordinator, a ministry reviewer or an administrator on a pair
 * (confirmed: one record twice; dismissed: two records), each written with
 * its audit entry in the same transaction and never asked again.
 *
 * Pairs and decisions only name records the actor sees without stating a
 * reason (as svc_dedup.h): a decision whose records the actor does not
 * both see is not listed, and deciding on a record it does not see answers
 * SVC_NOT_FOUND.
 */
#ifndef HAMAHANG_SVC_DEDUP_REVIEW_H
#define HAMAHANG_SVC_DEDUP_REVIEW_H

#include "store/store_dedup.h"
#include "svc/svc_dedup.h"

/* A note on a decision, at most (bytes). */
#define DEDUP_NOTE_MAX 2000

typedef struct DedupReviewFilter {
	const char *kind;      /* "projects" (default) or "orgs" */
	const char *province;  /* a province P-code: a pair with a record there; NULL for all */
	const char *sector;    /* a sector code: a pair with a record in it; NULL for all */
	double min_score;      /* 0..1 */
	size_t limit;          /* pairs returned at most (1..1000) */
} DedupReviewFilter;

/* Whether the actor may review duplicates and decide on pairs:
 * coordinators, ministry reviewers, administrators, the system. */
bool svc_dedup_may_review(const Ctx *ctx);

/* The undecided candidate pairs matching the filter, best first. *total is
 * how many matched before the limit; *decided how many were left out as
 * already decided. Province and sector apply to projects only. */
SvcStatus svc_dedup_review(Ctx *ctx, const DedupReviewFilter *f, DedupPair **out, size_t *count,
			   size_t *total, size_t *decided);

/* A decision with the names of its two records. */
typedef struct DedupDecided {
	DedupDecision d;
	const char *a_title;
	const char *b_title;
} DedupDecided;

/* The decisions of a kind whose two records the actor sees, newest first. */
SvcStatus svc_dedup_decided(Ctx *ctx, const char *kind, DedupDecided **out, size_t *count);

/* Records a decision: d->kind, a_id, b_id (any order; stored smaller
 * first), decision and note are read; decided_by and decided_at are set
 * here. A later decision on the same pair replaces the earlier one (both
 * stay in the audit log). SVC_INVALID with errs naming each problem. */
SvcStatus svc_dedup_decide(Ctx *ctx, DedupDecision *d, Errors *errs);

/* Whether a pair (either order) was dismissed as two different records,
 * so that it is not put to the writer again (the project form). Reads
 * only the decision, never a record; false on any error. */
bool svc_dedup_dismissed(Ctx *ctx, const char *kind, int64_t a_id, int64_t b_id);

#endif
