/*
 * match.h — finding the same record twice, and overlapping work.
 *
 * Two questions, kept apart (DESIGN.md, "Duplicates and overlaps"):
 *
 *   MATCH_SAME     one project entered twice (or by both donor and
 *                  implementer), one organization under two spellings;
 *   MATCH_OVERLAP  different organizations doing the same kind of work in
 *                  the same district in the same months.
 *
 * The caller (the service layer) fills plain MatchProject / MatchOrg values
 * with what the actor may see; this module builds an index over them and
 * answers with pairs, each with its kind, its score in [0, 1] and its
 * reasons in words. Names are compared after text_fold, stop words of each
 * language, acronym expansion and transliteration skeletons (text.h).
 *
 * Projects are paired two ways, both without comparing all pairs:
 *   - blocked: records sharing a district and a sector, swept in order of
 *     start date so only those whose dates overlap are compared (on two
 *     threads);
 *   - unblocked: a similarity join on titles (see match_join.c): candidates
 *     share two of their four rarest words, and are kept when their title
 *     trigrams are alike; so a record with a wrong district or sector is
 *     still caught. Not exact: titles alike in trigrams that share fewer
 *     of those words are missed. It runs on two threads, and so does
 *     most of the index build.
 *
 * Two records whose titles each name a village (a school, a canal) the
 * other does not name are not the same record, however alike the rest of
 * their titles; a typo or another spelling of the name does not count.
 *
 * Pure computation: no I/O, no globals beyond constant tables. Everything
 * the index holds is copied; the inputs may be freed once it is built.
 */
#ifndef HAMAHANG_MATCH_H
#define HAMAHANG_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/refdata.h"

typedef enum MatchKind {
	MATCH_SAME = 1,   /* the same record twice */
	MATCH_OVERLAP = 2 /* different organizations, same work, same place and months */
} MatchKind;

/* "same" or "overlap". */
const char *match_kind_name(MatchKind k);

#define MATCH_LANGS 3 /* English, Dari, Pashto */

/* A project as the matcher sees it. Strings and arrays are borrowed. */
typedef struct MatchProject {
	int64_t id;
	const char *title[MATCH_LANGS];       /* en, prs, pus; NULL when none */
	const char *description[MATCH_LANGS]; /* en, prs, pus; NULL when none */
	const char *start_date;               /* partial dates (pdate.h), may be NULL */
	const char *end_date;
	const int64_t *implementer_ids;       /* organizations with the implementing role */
	size_t implementer_count;
	const int64_t *funder_ids;            /* with the funding role */
	size_t funder_count;
	const char **pcodes;                  /* places: districts or provinces */
	size_t pcode_count;
	const char **sectors;                 /* sector codes */
	size_t sector_count;
	const char **targets;                 /* target group codes */
	size_t target_count;
	double people_reached;                /* the largest "people" figure; < 0 when none */
} MatchProject;

/* One pair found. a and b are positions in the indexed array (a < b), or
 * for a lookup, a is -1 (the probe) and b the position of the match. */
typedef struct MatchPair {
	int32_t a;
	int32_t b;
	MatchKind kind;
	float score;
} MatchPair;

typedef struct MatchOptions {
	double min_score;       /* pairs scoring below are left out (0..1) */
	double join_threshold;  /* title trigram Jaccard of the unblocked join (0.3..1); its
				 * candidates share two of their rarest words (see match_join.c) */
	bool blocked;           /* run the blocked pass (place x sector x time) */
	bool unblocked;         /* run the title similarity join */
	int threads;            /* 1: build and join on the calling thread alone; else two
				 * threads for many records (the result is the same) */
	/* Called now and then while pairing: done of total steps. May be NULL. */
	void (*progress)(void *data, size_t done, size_t total);
	void *progress_data;
} MatchOptions;

/* Defaults: min_score 0.5, join_threshold 0.7, both passes. */
void match_options_default(MatchOptions *o);

typedef struct MatchIndex MatchIndex;

/* Builds the index over n projects. ref names the places and sectors
 * (borrowed; must outlive the index) and places districts in their
 * provinces. Never returns NULL; free with match_index_free. */
MatchIndex *match_index_build(const RefData *ref, const MatchProject *items, size_t n,
			      const MatchOptions *opts);
void match_index_free(MatchIndex *ix);
size_t match_index_count(const MatchIndex *ix);
/* The id of the i-th indexed project. */
int64_t match_index_id(const MatchIndex *ix, size_t i);

/* Every pair among the indexed projects scoring at least opts->min_score,
 * best first. *out is the caller's to free(). Returns the count. */
size_t match_pairs(const MatchIndex *ix, const MatchOptions *opts, MatchPair **out);

/* The indexed projects that pair with a would-be record (not itself
 * indexed; its id is ignored), best first, at most limit. *out is the
 * caller's to free(). Returns the count. */
size_t match_similar(const MatchIndex *ix, const MatchProject *probe, const MatchOptions *opts,
		     size_t limit, MatchPair **out);

/* ---- reasons, in any language ----
 *
 * A pair's reasons are kept as parts: each a message id (marked N_(), so
 * it is in the catalogs) whose %s conversions take its arguments in order.
 * An argument is text as it is (a figure, a name, an acronym) or a sector
 * code or P-code that is named when the reasons are written, in the
 * reader's language from the reference data. This module never translates:
 * match_reasons_text takes the translation from its caller. */

#define MATCH_REASON_ARGS 3
#define MATCH_REASONS_MAX 16
/* A text argument longer than this is cut (on a character boundary). */
#define MATCH_REASON_ARG_MAX 256

typedef enum ReasonArgKind {
	REASON_TEXT,   /* put as it is */
	REASON_SECTOR, /* a sector code, named */
	REASON_PLACE   /* a P-code: "Shiberghan district, Jawzjan", "Bamyan province" */
} ReasonArgKind;

typedef struct MatchReason {
	const char *msgid;                                /* a literal marked N_() */
	ReasonArgKind kinds[MATCH_REASON_ARGS];           /* what each argument is */
	char args[MATCH_REASON_ARGS][MATCH_REASON_ARG_MAX + 1]; /* the arguments */
	int arg_count;                                    /* arguments used */
} MatchReason;

typedef struct MatchReasons {
	MatchReason items[MATCH_REASONS_MAX]; /* in the order they are written */
	size_t count;                         /* items used */
} MatchReasons;

/* A translation of a message id (or msgid itself); data is the caller's. */
typedef const char *(*MatchTranslate)(void *data, const char *msgid);

/* The reasons of a pair as parts ("both %s in %s", WASH, AF2201; "%s
 * months overlap", 2; "titles %s alike", 0.81; "same donor"). probe is the
 * would-be record for a lookup pair (a == -1), else NULL. */
void match_reason_parts(const MatchIndex *ix, const MatchPair *p, const MatchProject *probe,
			MatchReasons *out);
/* Appends the reasons to b joined by "; ", each message id passed through
 * translate (none: English) and its arguments put in; sectors and places
 * are named from ref (may be NULL: codes as they are) in lang ("en",
 * "prs", "pus"; a name missing in that language is given in English). */
void match_reasons_text(const MatchReasons *r, const RefData *ref, const char *lang,
			MatchTranslate translate, void *data, Buf *b);
/* The reasons of a pair in English words appended to b ("both WASH in
 * Shiberghan district, Jawzjan; 2 months overlap; titles 0.81 alike; same
 * donor"): match_reason_parts written by match_reasons_text. */
void match_reasons(const MatchIndex *ix, const MatchPair *p, const MatchProject *probe, Buf *b);

/* ---- organizations ---- */

typedef struct MatchOrg {
	int64_t id;
	const char **names;   /* names in every language and aliases; borrowed */
	size_t name_count;
	const char *acronym;  /* may be NULL */
	const char *reg_number;
	const char *tin;
	const char *website;
} MatchOrg;

/* Pairs of organizations that are likely the same, scoring at least
 * min_score, best first; a and b are positions in items[]. *out is the
 * caller's to free(). Returns the count. */
size_t match_orgs(const MatchOrg *items, size_t n, double min_score, MatchPair **out);
/* The score (0..1) of two organizations being one, and the reasons in
 * English words appended to reasons (may be NULL). */
double match_org_score(const MatchOrg *a, const MatchOrg *b, Buf *reasons);
/* The reasons of two organizations being one, as parts (see above). */
void match_org_reasons(const MatchOrg *a, const MatchOrg *b, MatchReasons *out);

/* ---- the text keys, exposed for tests and for search ---- */

/* The word keys of a name or title: folded, stop words of English, Dari
 * and Pashto removed, known acronyms expanded (WASH -> water sanitation
 * hygiene), Latin words reduced to their skeleton; joined by one space.
 * The caller frees. */
char *match_words(const char *text);
/* The acronym of a name: an explicit one in brackets ("... (AKF)"), else
 * the initials of its words without stop words ("Aga Khan Foundation" ->
 * "akf"); folded. "" when it has fewer than two words. The caller frees. */
char *match_acronym(const char *name);

#endif
