/*
 * match_int.h — what the files of the duplicate engine share among
 * themselves (match.c, match_words.c, match_join.c, match_reasons.c,
 * match_org.c). Not for callers: they use match.h.
 *
 * It holds the index's types (MatchIndex and its records, a record's View,
 * the Facts of a pair), the hashing, growable arrays and sorts every file
 * uses, and the small helpers of the hot loops (the trigram merges, the
 * join's keys). Those are static inline here, not functions of one file:
 * the build has no link-time optimization, and a call across files in the
 * inner loop of the blocked pass or the join would cost more than the
 * helper's work. The rest a file needs from another is declared at the
 * end, by file, with the match_ prefix.
 *
 * No I/O, like the rest of core.
 */
#ifndef HAMAHANG_MATCH_INT_H
#define HAMAHANG_MATCH_INT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/match.h"
#include "core/mem.h"

/* qsort, which may not be given a NULL array even for zero items. */
static inline void sort_items(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* ---- hashing ---- */

static inline uint64_t hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static inline uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

/* An open-addressing map from a non-zero 64-bit key to a 32-bit value. */
typedef struct KeyMap {
	uint64_t *keys;   /* 0 marks an empty slot */
	uint32_t *values;
	size_t cap;       /* slots, a power of two */
	size_t used;
} KeyMap;

static inline void keymap_init(KeyMap *m, size_t expected)
{
	m->cap = 64;
	while (m->cap < expected * 2)
		m->cap *= 2;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->values = xcalloc(m->cap, sizeof *m->values);
	m->used = 0;
}

static inline void keymap_free(KeyMap *m)
{
	free(m->keys);
	free(m->values);
	memset(m, 0, sizeof *m);
}

/* The slot of key: where it is, or the empty slot where it would go. */
static inline size_t keymap_slot(const KeyMap *m, uint64_t key)
{
	size_t i = mix64(key) & (m->cap - 1);
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static inline void keymap_grow(KeyMap *m)
{
	KeyMap bigger;
	bigger.cap = m->cap * 2;
	bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.values = xcalloc(bigger.cap, sizeof *bigger.values);
	bigger.used = m->used;
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i]) {
			size_t s = keymap_slot(&bigger, m->keys[i]);
			bigger.keys[s] = m->keys[i];
			bigger.values[s] = m->values[i];
		}
	keymap_free(m);
	*m = bigger;
}

/* The value of key, inserting next_value when absent (*added set then). */
static inline uint32_t keymap_intern(KeyMap *m, uint64_t key, uint32_t next_value, bool *added)
{
	if (key == 0)
		key = 1;
	if ((m->used + 1) * 2 > m->cap)
		keymap_grow(m);
	size_t s = keymap_slot(m, key);
	*added = !m->keys[s];
	if (*added) {
		m->keys[s] = key;
		m->values[s] = next_value;
		m->used++;
	}
	return m->values[s];
}

static inline bool keymap_get(const KeyMap *m, uint64_t key, uint32_t *value)
{
	if (key == 0)
		key = 1;
	if (!m->cap)
		return false;
	size_t s = keymap_slot(m, key);
	if (!m->keys[s])
		return false;
	*value = m->values[s];
	return true;
}

/* ---- growable arrays ---- */

#define VEC_PUSH(arr, count, alloc, value)                                                         \
	do {                                                                                       \
		if ((count) == (alloc)) {                                                          \
			(alloc) = (alloc) ? (alloc) * 2 : 64;                                      \
			(arr) = xrealloc((arr), (alloc) * sizeof *(arr));                          \
		}                                                                                  \
		(arr)[(count)++] = (value);                                                        \
	} while (0)

/* Sorting the many short lists of keys and ranks in place: qsort's calls
 * through a pointer for each comparison cost more than the rest of the
 * build. Quicksort on the median of three, insertion sort below 16. */
#define SORT_SMALL 16

/* One sort per element type; the two differ only in the type. */
#define DEFINE_SORT(name, type)                                                               \
	static inline void name(type *v, size_t n)                                              \
	{                                                                                     \
		while (n > SORT_SMALL) {                                                      \
			type a = v[0], b = v[n / 2], c = v[n - 1];                            \
			type pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b); \
			size_t i = 0, j = n - 1;                                              \
			for (;;) {                                                            \
				while (v[i] < pivot)                                          \
					i++;                                                  \
				while (v[j] > pivot)                                          \
					j--;                                                  \
				if (i >= j)                                                   \
					break;                                                \
				type x = v[i];                                                \
				v[i++] = v[j];                                                \
				v[j--] = x;                                                   \
			}                                                                     \
			/* [0, j] <= pivot <= [j + 1, n): recurse on the smaller side */      \
			if (j + 1 < n - j - 1) {                                              \
				name(v, j + 1);                                               \
				v += j + 1;                                                   \
				n -= j + 1;                                                   \
			} else {                                                              \
				name(v + j + 1, n - j - 1);                                   \
				n = j + 1;                                                    \
			}                                                                     \
		}                                                                             \
		for (size_t i = 1; i < n; i++) {                                              \
			type x = v[i];                                                        \
			size_t k = i;                                                         \
			for (; k > 0 && v[k - 1] > x; k--)                                    \
				v[k] = v[k - 1];                                              \
			v[k] = x;                                                             \
		}                                                                             \
	}

DEFINE_SORT(sort_u64, uint64_t)
DEFINE_SORT(sort_u32, uint32_t)

static inline size_t unique_u32(uint32_t *v, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (w == 0 || v[w - 1] != v[i])
			v[w++] = v[i];
	return w;
}

static inline size_t unique_u64(uint64_t *v, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (w == 0 || v[w - 1] != v[i])
			v[w++] = v[i];
	return w;
}

/* ---- the index ---- */

#define LIST_CAP 64

/* Where a record's list lives in a pool: offset and length. */
typedef struct Span {
	uint32_t off;
	uint32_t n;
} Span;

typedef struct Rec {
	int64_t id;
	long start;            /* first day, or -1e9 when undated */
	long end;              /* last day, or 1e9 when undated */
	bool dated;
	float people;          /* people reached, < 0 unknown */
	Span places;           /* interned place ids (u32 pool) */
	Span provinces;        /* interned province ids (u32 pool) */
	Span sectors;          /* interned sector ids (u32 pool) */
	Span targets;          /* target code hashes (u64 pool) */
	Span implementers;     /* org ids (i64 pool) */
	Span funders;          /* org ids (i64 pool) */
	Span description;      /* word hashes (u64 pool) */
	int32_t title[MATCH_LANGS]; /* entry index, or -1 */
} Rec;

/* One title in one language: its trigram ranks, sorted ascending (rarest first). */
typedef struct Entry {
	uint32_t rec;
	uint8_t lang;
	Span ranks;            /* in ranks[] */
	Span words;            /* its word ranks in word_ranks[], sorted ascending (rarest first) */
} Entry;

/* A record's place in the blocked groups. */
typedef struct BlockItem {
	uint64_t key;          /* place id << 32 | sector id */
	long start;
	uint32_t rec;
} BlockItem;

struct MatchIndex {
	const RefData *ref;
	Rec *recs;
	size_t rec_count;
	Entry *entries;
	size_t entry_count;
	uint32_t *ranks;       /* the trigram ranks of every entry */
	size_t rank_count;
	KeyMap trigram_rank;   /* trigram key -> rank */
	size_t trigram_count;
	uint32_t *order;       /* entry indexes by language, then size, then index */
	uint32_t *order_size;  /* the size of order[k]'s trigram set */
	uint32_t lang_start[MATCH_LANGS + 1]; /* order[lang_start[l] .. [l+1]) hold language l */
	KeyMap word_rank;      /* word key -> rank, rarest first */
	uint32_t *word_ranks;  /* the word ranks of every entry */
	size_t word_count;     /* distinct words */
	uint32_t *word_titles; /* by word rank: the titles holding it */
	uint32_t *word_at;     /* by word rank: its text in word_text */
	uint32_t *written;     /* beside word_ranks: where in word_text the word is as written
				* in that title */
	char *word_text;       /* the text of every distinct word, each ending in NUL */
	uint32_t rare_max;     /* a word held by at most this many titles is rare */
	Span *place_words;     /* by code id: the word hashes of the place's names (u64 pool),
				* sorted; empty for a sector or an unknown code */
	KeyMap pair_id;        /* a pair of rarest words (pair_keys) -> its list */
	size_t pair_count;     /* lists */
	uint32_t *pair_off;    /* CSR: the entries holding pair q among their rarest words are */
	uint32_t *pair_postings; /* pair_postings[pair_off[q] .. [q+1]), as positions in order[], ascending */
	double threshold;      /* the join threshold */
	KeyMap code_id;        /* hash of a place or sector code -> id */
	char **codes;          /* id -> the code, owned */
	size_t code_count, code_alloc;
	uint32_t *u32;         /* pools */
	size_t u32_count, u32_alloc;
	uint64_t *u64;
	size_t u64_count, u64_alloc;
	int64_t *i64;
	size_t i64_count, i64_alloc;
	BlockItem *blocks;     /* sorted by key, then start */
	size_t block_count;
};

/* A record's lists as arrays, whether indexed or a probe. */
typedef struct View {
	long start, end;
	bool dated;
	float people;
	const uint32_t *places;
	size_t place_n;
	const uint32_t *provinces;
	size_t province_n;
	const uint32_t *sectors;
	size_t sector_n;
	const uint64_t *targets;
	size_t target_n;
	const int64_t *implementers;
	size_t implementer_n;
	const int64_t *funders;
	size_t funder_n;
	const uint64_t *description;
	size_t description_n;
	const uint32_t *title[MATCH_LANGS]; /* trigram ranks, sorted */
	size_t title_n[MATCH_LANGS];        /* known ranks */
	size_t title_size[MATCH_LANGS];     /* all trigrams, known or not */
	const uint32_t *words[MATCH_LANGS]; /* word ranks of the titles, sorted */
	size_t word_n[MATCH_LANGS];
	const uint32_t *written[MATCH_LANGS]; /* beside words: where in ix->word_text each is as
					       * written in the title (indexed records) */
	char *const *probe_words;           /* a probe's words the index does not know: their
					     * ranks are word_count + k; NULL for indexed records */
	const char *const *probe_written[MATCH_LANGS]; /* a probe's words as written, beside
							* words; NULL for indexed records */
} View;

/* ---- helpers of the hot loops ---- */

/* The keys of a title's candidates in the join: each pair of its
 * JOIN_TOP_WORDS rarest words (their ranks, ascending), and for a title of
 * one or two words each word with itself, so that a typo in one of two
 * words still leaves a key in common; plus one, so no key is zero.
 * Returns the count, at most JOIN_MAX_KEYS. */
#define JOIN_TOP_WORDS 4
#define JOIN_MAX_KEYS 6
static inline size_t pair_keys(const uint32_t *words, size_t n, uint64_t out[JOIN_MAX_KEYS])
{
	size_t top = n < JOIN_TOP_WORDS ? n : JOIN_TOP_WORDS, c = 0;
	for (size_t a = 0; top <= 2 && a < top; a++)
		out[c++] = (((uint64_t)words[a] << 32) | words[a]) + 1;
	for (size_t a = 0; a < top; a++)
		for (size_t b = a + 1; b < top; b++)
			out[c++] = (((uint64_t)words[a] << 32) | words[b]) + 1;
	return c;
}

/* The trigrams two sets of sizes nx and ny must share to reach Jaccard t. */
static inline size_t overlap_needed(size_t nx, size_t ny, double t)
{
	return (size_t)ceil(t / (1 + t) * (double)(nx + ny) - 1e-9);
}

/* The trigrams two sorted sets share, merged only while the rest could
 * still bring the count to need: below need means below need. */
static inline size_t overlap_bounded(const uint32_t *x, size_t nx, const uint32_t *y, size_t ny, size_t need)
{
	size_t i = 0, j = 0, c = 0;
	while (i < nx && j < ny) {
		size_t rest = nx - i < ny - j ? nx - i : ny - j;
		if (c + rest < need)
			return c;
		if (x[i] < y[j]) {
			i++;
		} else if (x[i] > y[j]) {
			j++;
		} else {
			c++;
			i++;
			j++;
		}
	}
	return c;
}

/* ---- a pair ---- */

/* What two records have in common, as the score and the reasons use it. */
typedef struct Facts {
	double title;           /* trigram Jaccard, the mean over the languages both have, 0 if none */
	double description;     /* word Jaccard, < 0 when either has none */
	int64_t place;          /* a shared place id, or -1 */
	int64_t province;       /* a shared province id, or -1 */
	int64_t sector;         /* a shared sector id, or -1 */
	bool sectors_known;     /* both name a sector */
	bool both_dated;
	long overlap_days;      /* days both run, 0 if none */
	double date_sim;        /* overlap over the shorter run; 0.5 when undated */
	bool same_implementer;
	bool same_donor;
	bool crossed;           /* one's donor implements or funds the other */
	bool orgs_known;        /* both name at least one organization */
	bool disjoint_implementers; /* both name implementers, none shared */
	double targets;         /* Jaccard of target groups, < 0 when either has none */
	bool people_close;      /* people reached within 10% */
} Facts;

static inline double jaccard_sizes(size_t common, size_t na, size_t nb)
{
	size_t uni = na + nb - common;
	return uni ? (double)common / (double)uni : 0.0;
}

/* Pairs found, grown as needed. */
typedef struct PairVec {
	MatchPair *items;
	size_t count, alloc;
} PairVec;

/* What one thread of the join keeps to itself. */
typedef struct JoinScratch {
	uint32_t *met;          /* per position in order[]: the last probe (position + 1) that met it */
	uint32_t *touched;      /* the positions this probe counted */
	PairVec pairs;          /* what this thread found */
} JoinScratch;

/* The probe's lists, made against the index's dictionaries (nothing added). */
typedef struct ProbeData {
	uint32_t places[LIST_CAP], provinces[LIST_CAP], sectors[LIST_CAP];
	uint64_t targets[LIST_CAP], description[200];
	uint32_t *title[MATCH_LANGS];
	uint32_t *words[MATCH_LANGS];  /* word ranks of the titles, sorted */
	char **written[MATCH_LANGS];   /* beside words: each as written in the title, owned */
	size_t word_n[MATCH_LANGS];
	char **unknown;                /* the words the index does not know, owned */
	size_t unknown_count, unknown_alloc;
} ProbeData;

/* ---- match_words.c ---- */

/* match_words, with the words as written into raw when it is not NULL,
 * word for word. The caller frees. */
char *match_words_of(const char *text, Buf *raw);
/* Whether s is plain ASCII. */
bool match_is_ascii(const char *s);
/* A copy of name without any part in brackets; the caller frees. */
char *match_strip_brackets(const char *name);
/* Whether two titles name different things (the names rule). */
bool match_names_differ(const MatchIndex *ix, const View *a, const View *b);

/* ---- match.c ---- */

/* Appends the trigram keys of the words of a match_words string. */
void match_trigram_keys(const char *words, uint64_t **keys, size_t *count, size_t *alloc);
/* Appends the hashes of the words of a match_words string, sorted, each once. */
void match_word_keys(const char *words, uint64_t **keys, size_t *count, size_t *alloc);
/* The lists of indexed record i. */
void match_view_of(const MatchIndex *ix, size_t i, View *v);
/* Dates as days; unknown ends taken as a year from the known one. */
void match_record_days(const MatchProject *p, long *start, long *end, bool *dated);
/* Word hashes of the descriptions (all languages together), sorted, at most cap. */
size_t match_description_hashes(const MatchProject *p, uint64_t *out, size_t cap);
/* The interned place and province ids of a project, sorted, each once (added
 * to the index's codes when add is true). */
void match_record_places(MatchIndex *ix, const MatchProject *p, bool add, uint32_t *places,
			 size_t *place_n, uint32_t *provinces, size_t *province_n, size_t cap);
/* The hashes of a project's target groups, sorted, each once, at most LIST_CAP. */
size_t match_target_hashes(const MatchProject *p, uint64_t *out);
/* The interned ids of a project's sectors, sorted, each once, at most LIST_CAP. */
size_t match_sector_ids(MatchIndex *ix, const MatchProject *p, bool add, uint32_t *out);
/* What two records have in common. */
void match_facts_of(const View *a, const View *b, Facts *f);
/* The verdict on a pair: true with its kind and score when it is one. */
bool match_judge(const MatchIndex *ix, const View *a, const View *b, const Facts *f, MatchKind *kind,
		 double *score);
/* Scores indexed records a and b, and pushes the pair onto out when it is one. */
void match_consider(const MatchIndex *ix, size_t a, size_t b, double min_score, PairVec *out);
/* Orders pairs best first, then by (a, b). */
int match_cmp_pair_score(const void *x, const void *y);
/* Sorts by (a, b), drops repeats, then sorts best first; returns the count. */
size_t match_finish_pairs(PairVec *v);

/* ---- match_join.c ---- */

/* The title at position i of order[] against those before it: the pairs
 * into js->pairs. */
void match_join_one(const MatchIndex *ix, size_t i, double min_score, JoinScratch *js);
/* The View of a record not in the index, its lists in d (free them with
 * match_probe_free). */
void match_probe_view(const MatchIndex *ix, const MatchProject *p, ProbeData *d, View *v);
void match_probe_free(ProbeData *d);

/* ---- match_reasons.c ---- */

/* Starts a part with its message id; NULL when the list is full. */
MatchReason *match_reason_add(MatchReasons *r, const char *msgid);
/* Adds an argument to a part (m may be NULL), cut on a character boundary to fit. */
void match_reason_arg(MatchReason *m, ReasonArgKind kind, const char *text);
/* A ratio as two decimals ("0.81"). */
void match_ratio_text(double x, char out[8]);

#endif
