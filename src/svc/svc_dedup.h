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
	const char *reasons;  /* in English: "both WASH in Shiberghan district, Jawzjan; ..." */
	const MatchReasons *why; /* the same as parts, to be written in any language
	                          * (match_reasons_text); may be NULL */
} DedupPair;

typedef struct DedupTiming {
	double load_seconds;  /* reading the records */
	double index_seconds; /* building the index */
	double pair_seconds;  /* pairing and scoring */
	size_t records;       /* records compared */
} DedupTiming;

/* Pairs of projects scoring at least opts->min_score, best first; with
 * same_only, overlaps are left out. timing may be NULL. Their reasons are
 * in English only (why is NULL): a whole database's pairs are many. */
SvcStatus svc_dedup_projects(Ctx *ctx, const MatchOptions *opts, bool same_only, DedupPair **out,
			     size_t *count, DedupTiming *timing);
/* Pairs of organizations likely to be one, best first (reasons in
 * English only, as above). */
SvcStatus svc_dedup_orgs(Ctx *ctx, double min_score, DedupPair **out, size_t *count,
			 DedupTiming *timing);
/* Projects already registered that are like a would-be one (SAME or
 * OVERLAP), best first, at most limit (1..50). */
SvcStatus svc_similar_projects(Ctx *ctx, const MatchProject *probe, int limit, DedupPair **out,
			       size_t *count);

/* A project already registered stops the save of another when the matcher
 * calls the two the same project (MATCH_SAME, any score), or when it
 * scores at least this much as overlapping work. Overlaps alone (same
 * sector, place and months, other organizations: a coordination matter,
 * not a duplicate) score 0.5 to 0.7 at most unless titles or descriptions
 * are alike too, so 0.75 keeps a writer from being stopped by every
 * neighbour in a district while still stopping a near-copy written by
 * another organization. */
#define DUPLICATE_STOP_SCORE 0.75
/* Likely duplicates listed, at most. */
#define DUPLICATES_SHOWN 10

/* The projects the actor sees that are likely the same as p, which is
 * about to be saved (see DUPLICATE_STOP_SCORE), best first, at most
 * DUPLICATES_SHOWN, in the unit's arena. stored_id is the project p
 * updates, 0 for a new one: it is left out, and so are the pairs with it
 * that a coordinator dismissed. Only a p that is otherwise valid is
 * compared (its places are resolved on a copy; p is not changed): an
 * invalid one, or a failed lookup, gives none, so the save goes on and
 * its own checks answer. The project form and the JSON API ask this
 * before a create or an update and stop on any unless the writer
 * confirms the project is a different one; imports decide per row
 * (svc_import.h) and do not ask. Returns how many, *out their list. */
size_t svc_project_duplicates(Ctx *ctx, const Project *p, int64_t stored_id, DedupPair **out);

#endif
