/*
 * svc_dedup.h — duplicates and overlaps of what the actor sees.
 *
 * These calls load the projects or organizations the actor may see
 * (restricted ones only when the actor sees them without stating a reason:
 * their editors, and the system) and run the matcher (core/match.h) over
 * them, so a pair, a reason or a similar project never shows a record the
 * actor may not see. They read only: deciding on a pair is another call.
 */
#ifndef HAMAHANG_SVC_DEDUP_H
#define HAMAHANG_SVC_DEDUP_H

#include "core/match.h"
#include "svc/svc.h"

/* One pair, in words. Strings live in the unit's arena. */
typedef struct DedupPair {
	MatchKind kind;
	double score;         /* 0..1 */
	int64_t a_id;         /* the first record; 0 for the would-be record of a lookup */
	int64_t b_id;
	const char *a_title;  /* a name or title to show; "" for a lookup's probe */
	const char *b_title;
	const char *reasons;  /* "both WASH in Shiberghan district, Jawzjan; ..." */
} DedupPair;

typedef struct DedupTiming {
	double load_seconds;  /* reading the records */
	double index_seconds; /* building the index */
	double pair_seconds;  /* pairing and scoring */
	size_t records;       /* records compared */
} DedupTiming;

/* Pairs of projects scoring at least opts->min_score, best first; with
 * same_only, overlaps are left out. timing may be NULL. */
SvcStatus svc_dedup_projects(Ctx *ctx, const MatchOptions *opts, bool same_only, DedupPair **out,
			     size_t *count, DedupTiming *timing);
/* Pairs of organizations likely to be one, best first. */
SvcStatus svc_dedup_orgs(Ctx *ctx, double min_score, DedupPair **out, size_t *count,
			 DedupTiming *timing);
/* Projects already registered that are like a would-be one (SAME or
 * OVERLAP), best first, at most limit (1..50). */
SvcStatus svc_similar_projects(Ctx *ctx, const MatchProject *probe, int limit, DedupPair **out,
			       size_t *count);

#endif
