/*
 * match.c — the duplicate and overlap engine (see match.h).
 *
 * Words. A title or name is folded (text_fold), split into words, stripped
 * of the stop words of English, Dari and Pashto, its known acronyms
 * expanded (WASH -> water sanitation hygiene), and each Latin word reduced
 * to its transliteration skeleton (Sheberghan and Shiberghan alike).
 *
 * Titles are compared as sets of character trigrams of those words, each
 * word padded ("$word$"): a typo touches three trigrams, a swapped word
 * none, a dropped word only its own. Similarity is Jaccard's.
 *
 * The unblocked join pairs titles whose trigram Jaccard reaches the
 * threshold t, without comparing all pairs. Candidates are found on the
 * titles' WORDS: words are ranked rarest first by how many titles hold
 * them (words held by one title alone last: no other title can share
 * them), and two titles are candidates when they share two of their four
 * rarest words (JOIN_TOP_WORDS): each pair of those words is a key with
 * the list of titles holding it. For titles such as ours, that is the
 * village and the district. Two shared words, not one, because a
 * district alone is shared by every title of the district; four words,
 * not two, so that up to two words changed on either side (typos, a
 * dropped word) still leave two of the four in common, however the
 * misspelt words rank: a misspelling repeated in a few titles counts as
 * rare. Lists longer than JOIN_LIST_MAX (two common words, "water
 * supply") are not probed. Each candidate whose trigram set is within a
 * factor t in size (length filter; titles are taken in order of size,
 * each against those before it) is then merged with the probe's,
 * stopping as soon as t / (1 + t) * (|x| + |y|) common trigrams are out
 * of reach, and kept when the Jaccard reaches t.
 *
 * This is not exact: a pair alike in trigrams but sharing fewer than two
 * of those rarest words (say a typo in both the village and the
 * district, the rest common words) is not a candidate. An exact prefix
 * filter on trigrams was tried: skeletons leave few letters, so even the
 * rarest trigrams are shared by thousands of titles and the join grows
 * with the square of the count. bench/dedup prints the recall of this
 * pass alone on planted duplicates of each kind (typos,
 * transliterations, ...) next to that of both passes.
 *
 * The index build makes the text keys of the records (folding, words,
 * trigrams: most of its time) in two halves on two threads, then joins
 * them in record order, so the index does not depend on the threads. The
 * probes of the join, and the groups of the blocked pass, are shared out
 * in chunks between two threads, each (in the join) with its own dense
 * array marking the candidates met; the pairs are sorted at the end, so
 * the result does not depend on which thread found what. A lookup (match_similar) probes the same lists with the would-be
 * record's words.
 *
 * The blocked pass groups records by (district, sector), sorts each group
 * by start date and sweeps it, comparing a record only with those starting
 * before it ends: time overlap without comparing all pairs of a group.
 * Most pairs it meets are overlaps (different organizations, same place,
 * sector and months), and all of them are scored, so the pairs of a large
 * registry run to millions: titles are merged without branches on their
 * values, and the pairs are sorted by radix, not by qsort.
 *
 * Names. Titles follow templates, so two records can be alike in all but
 * the village they name. The index keeps the text of each distinct word
 * (its skeleton) and how many titles hold it, and beside each title's
 * words the words as written there; a pair that would otherwise be the
 * same record is not when each
 * title holds a rare word (at most one title in RARE_SHARE holds it) that
 * the other lacks, that names neither record's district or province (in
 * any language or spelling of the gazetteer), and that is no typo of a
 * word of the other (edit distance with swaps, on skeletons or as
 * written, or the shorter mostly within the longer), nor two of its
 * words written together (see names_differ).
 *
 * No I/O; no state between calls.
 */
#include "core/match.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mem.h"
#include "core/nls.h"
#include "core/pdate.h"
#include "core/text.h"

#define MATCH_THREADS 2 /* the threads of the index build and of the join */

const char *match_kind_name(MatchKind k)
{
	return k == MATCH_OVERLAP ? "overlap" : "same";
}

void match_options_default(MatchOptions *o)
{
	memset(o, 0, sizeof *o);
	o->min_score = 0.5;
	o->join_threshold = 0.7;
	o->blocked = true;
	o->unblocked = true;
}

/* ---- words ---- */

/* Stop words, as text_fold leaves them (a unit test checks each is a fixed
 * point of text_fold), sorted by strcmp for bsearch. */
static const char *const STOP_WORDS[] = {
	"a", "an", "and", "at", "by", "for", "from", "in", "into", "its", "of", "on", "the",
	"their", "through", "to", "with",
	/* Dari */
	"\xd8\xa7\xd8\xb2",                             /* از from */
	"\xd8\xa7\xdb\x8c\xd9\x86",                     /* این this */
	"\xd8\xa7\xd9\x86",                             /* آن that */
	"\xd8\xa7\xd9\x88",                             /* او (Pashto: and) */
	"\xd8\xa8\xd8\xa7",                             /* با with */
	"\xd8\xa8\xd8\xb1\xd8\xa7\xdb\x8c",             /* برای for */
	"\xd8\xa8\xd9\x87",                             /* به to */
	"\xd9\xbe\xd9\x87",                             /* په (Pashto: in) */
	"\xd8\xaa\xd8\xa7",                             /* تا until */
	"\xd8\xaa\xd9\x87",                             /* ته (Pashto: to) */
	"\xda\x86\xdb\x8c",                             /* چې (Pashto: that) */
	"\xd8\xaf",                                     /* د (Pashto: of) */
	"\xd8\xaf\xd8\xa7",                             /* دا (Pashto: this) */
	"\xd8\xaf\xd8\xb1",                             /* در in */
	"\xd8\xb1\xd8\xa7",                             /* را (object marker) */
	"\xd8\xb3\xd8\xb1\xd9\x87",                     /* سره (Pashto: with) */
	"\xda\xa9\xd9\x87",                             /* که that */
	"\xd9\x84\xd9\x87",                             /* له (Pashto: from) */
	"\xd9\x84\xd9\xbe\xd8\xa7\xd8\xb1\xd9\x87",     /* لپاره (Pashto: for) */
	"\xd9\x87\xd8\xa7",                             /* ها plural */
	"\xd9\x87\xd8\xa7\xdb\x8c",                     /* های plural */
	"\xd9\x88",                                     /* و and */
	"\xdb\x8c\xda\xa9",                             /* یک one */
	"\xdb\x8c\xd9\x88",                             /* یو (Pashto: one) */
};

/* Acronyms of the field and their expansions, folded; sorted by acronym. */
static const struct {
	const char *acronym;
	const char *expansion;
} ACRONYMS[] = {
	{"cbe", "community based education"},
	{"cdc", "community development council"},
	{"cso", "civil society organization"},
	{"eie", "education emergencies"},
	{"fsac", "food security agriculture"},
	{"gbv", "gender based violence"},
	{"hlp", "housing land property"},
	{"idp", "internally displaced people"},
	{"idps", "internally displaced people"},
	{"mhpss", "mental health psychosocial support"},
	{"ngo", "non governmental organization"},
	{"nfi", "non food items"},
	{"wash", "water sanitation hygiene"},
};

/* qsort, which may not be given a NULL array even for zero items. */
static void sort_items(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_stop_word(const char *w)
{
	return bsearch(&w, STOP_WORDS, sizeof STOP_WORDS / sizeof *STOP_WORDS, sizeof *STOP_WORDS,
		       cmp_str) != NULL;
}

static const char *acronym_expansion(const char *w)
{
	for (size_t i = 0; i < sizeof ACRONYMS / sizeof *ACRONYMS; i++)
		if (strcmp(ACRONYMS[i].acronym, w) == 0)
			return ACRONYMS[i].expansion;
	return NULL;
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* Appends the key of one folded word (not a stop word) to out, and when
 * raw is not NULL, the word as written (folded, not reduced to its
 * skeleton) to raw: word for word, so the k-th of one is the k-th of the
 * other. */
static void put_word_key(Buf *out, Buf *raw, const char *w, size_t len)
{
	char small[64];
	char *word = len < sizeof small ? small : xmalloc(len + 1);
	memcpy(word, w, len);
	word[len] = '\0';
	if (!is_stop_word(word)) {
		const char *expansion = is_ascii(word) ? acronym_expansion(word) : NULL;
		if (expansion) {
			if (out->used)
				buf_putc(out, ' ');
			char *expanded = match_words(expansion);
			buf_puts(out, expanded);
			if (raw) {
				if (raw->used)
					buf_putc(raw, ' ');
				buf_puts(raw, expanded);
			}
			free(expanded);
		} else if (is_ascii(word)) {
			char *skeleton = text_skeleton(word);
			if (*skeleton) {
				if (out->used)
					buf_putc(out, ' ');
				buf_puts(out, skeleton);
				if (raw) {
					if (raw->used)
						buf_putc(raw, ' ');
					buf_puts(raw, word);
				}
			}
			free(skeleton);
		} else {
			if (out->used)
				buf_putc(out, ' ');
			buf_puts(out, word);
			if (raw) {
				if (raw->used)
					buf_putc(raw, ' ');
				buf_puts(raw, word);
			}
		}
	}
	if (word != small)
		free(word);
}

/* A copy of text where each zero-width non-joiner is a space: it joins the
 * parts of one Dari word (کمک‌های) that others write apart (کمک های), and
 * the parts then meet the stop words. */
static char *split_zwnj(const char *text)
{
	Buf b;
	buf_init(&b, 0);
	for (const char *p = text; *p;) {
		if (strncmp(p, "\xe2\x80\x8c", 3) == 0) {
			buf_putc(&b, ' ');
			p += 3;
		} else {
			buf_putc(&b, *p++);
		}
	}
	return buf_detach(&b);
}

/* match_words, with the words as written into raw when it is not NULL
 * (see put_word_key). */
static char *words_of(const char *text, Buf *raw)
{
	char *split = split_zwnj(text ? text : "");
	char *folded = text_fold(split);
	free(split);
	Buf out;
	buf_init(&out, 0);
	if (folded) {
		const char *p = folded;
		while (*p) {
			const char *end = strchr(p, ' ');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (len)
				put_word_key(&out, raw, p, len);
			p += len;
			if (*p == ' ')
				p++;
		}
	}
	free(folded);
	return buf_detach(&out);
}

char *match_words(const char *text)
{
	return words_of(text, NULL);
}

/* A copy of name without any part in brackets. */
static char *strip_brackets(const char *name)
{
	Buf b;
	int depth = 0;
	buf_init(&b, 0);
	for (const char *p = name; *p; p++) {
		if (*p == '(' || *p == '[')
			depth++;
		else if ((*p == ')' || *p == ']') && depth > 0)
			depth--;
		else if (depth == 0)
			buf_putc(&b, *p);
	}
	return buf_detach(&b);
}

char *match_acronym(const char *name)
{
	if (!name)
		return xstrdup("");
	const char *open = strchr(name, '(');
	if (open) {
		const char *close = strchr(open, ')');
		if (close && close - open > 2) {
			char *inside = xstrndup(open + 1, (size_t)(close - open - 1));
			char *folded = text_fold(inside);
			free(inside);
			if (folded && *folded && !strchr(folded, ' '))
				return folded;
			free(folded);
		}
	}
	char *bare = strip_brackets(name);
	char *folded = text_fold(bare);
	free(bare);
	Buf b;
	buf_init(&b, 0);
	size_t words = 0;
	if (folded) {
		char *save = NULL;
		for (char *w = strtok_r(folded, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			if (is_stop_word(w) || !is_ascii(w))
				continue;
			buf_putc(&b, w[0]);
			words++;
		}
	}
	free(folded);
	if (words < 2)
		buf_reset(&b);
	return buf_detach(&b);
}

/* ---- hashing ---- */

static uint64_t hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static uint64_t mix64(uint64_t x)
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

static void keymap_init(KeyMap *m, size_t expected)
{
	m->cap = 64;
	while (m->cap < expected * 2)
		m->cap *= 2;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->values = xcalloc(m->cap, sizeof *m->values);
	m->used = 0;
}

static void keymap_free(KeyMap *m)
{
	free(m->keys);
	free(m->values);
	memset(m, 0, sizeof *m);
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t keymap_slot(const KeyMap *m, uint64_t key)
{
	size_t i = mix64(key) & (m->cap - 1);
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void keymap_grow(KeyMap *m)
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
static uint32_t keymap_intern(KeyMap *m, uint64_t key, uint32_t next_value, bool *added)
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

static bool keymap_get(const KeyMap *m, uint64_t key, uint32_t *value)
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
	static void name(type *v, size_t n)                                                   \
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

static size_t unique_u32(uint32_t *v, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (w == 0 || v[w - 1] != v[i])
			v[w++] = v[i];
	return w;
}

static size_t unique_u64(uint64_t *v, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (w == 0 || v[w - 1] != v[i])
			v[w++] = v[i];
	return w;
}

/* ---- trigrams ---- */

/* Appends the trigram keys of the words of a match_words string. */
static void trigram_keys(const char *words, uint64_t **keys, size_t *count, size_t *alloc)
{
	const unsigned char *p = (const unsigned char *)words;
	while (*p) {
		/* one word, as code points, padded with '$' */
		uint32_t cps[130];
		size_t n = 0;
		cps[n++] = '$';
		while (*p && *p != ' ') {
			uint32_t cp = *p++;
			if (cp >= 0xC0) {
				int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : 1;
				cp &= 0x3Fu >> extra;
				while (extra-- && (*p & 0xC0) == 0x80)
					cp = (cp << 6) | (*p++ & 0x3Fu);
			}
			if (n < 128)
				cps[n++] = cp;
		}
		cps[n++] = '$';
		for (size_t i = 0; i + 2 < n; i++) {
			uint64_t key = ((uint64_t)cps[i] << 42) | ((uint64_t)cps[i + 1] << 21) | cps[i + 2];
			VEC_PUSH(*keys, *count, *alloc, key);
		}
		while (*p == ' ')
			p++;
	}
}

/* Appends the hashes of the words of a match_words string, sorted, each once. */
static void word_keys(const char *words, uint64_t **keys, size_t *count, size_t *alloc)
{
	size_t before = *count;
	for (const char *p = words; *p;) {
		size_t len = strcspn(p, " ");
		if (len)
			VEC_PUSH(*keys, *count, *alloc, hash_bytes(p, len) | 1);
		p += len;
		while (*p == ' ')
			p++;
	}
	sort_u64(*keys + before, *count - before);
	*count = before + unique_u64(*keys + before, *count - before);
}

/* ---- the index ---- */

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

/* The id of a code (a P-code, a sector code), added when add is true; -1
 * when absent and not added. */
static int64_t code_intern(MatchIndex *ix, const char *code, bool add)
{
	uint64_t h = hash_bytes(code, strlen(code));
	uint32_t id;
	if (!add)
		return keymap_get(&ix->code_id, h, &id) ? (int64_t)id : -1;
	bool added;
	id = keymap_intern(&ix->code_id, h, (uint32_t)ix->code_count, &added);
	if (added)
		VEC_PUSH(ix->codes, ix->code_count, ix->code_alloc, xstrdup(code));
	return id;
}

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

static void view_of(const MatchIndex *ix, size_t i, View *v)
{
	const Rec *r = &ix->recs[i];
	memset(v, 0, sizeof *v);
	v->start = r->start;
	v->end = r->end;
	v->dated = r->dated;
	v->people = r->people;
	v->places = ix->u32 + r->places.off;
	v->place_n = r->places.n;
	v->provinces = ix->u32 + r->provinces.off;
	v->province_n = r->provinces.n;
	v->sectors = ix->u32 + r->sectors.off;
	v->sector_n = r->sectors.n;
	v->targets = ix->u64 + r->targets.off;
	v->target_n = r->targets.n;
	v->implementers = ix->i64 + r->implementers.off;
	v->implementer_n = r->implementers.n;
	v->funders = ix->i64 + r->funders.off;
	v->funder_n = r->funders.n;
	v->description = ix->u64 + r->description.off;
	v->description_n = r->description.n;
	for (int l = 0; l < MATCH_LANGS; l++)
		if (r->title[l] >= 0) {
			const Entry *e = &ix->entries[r->title[l]];
			v->title[l] = ix->ranks + e->ranks.off;
			v->title_n[l] = v->title_size[l] = e->ranks.n;
			v->words[l] = ix->word_ranks + e->words.off;
			v->written[l] = ix->written + e->words.off;
			v->word_n[l] = e->words.n;
		}
}

/* Dates as days; unknown ends taken as a year from the known one. */
static void record_days(const MatchProject *p, long *start, long *end, bool *dated)
{
	PDate s, e;
	bool has_s = p->start_date && pdate_parse(p->start_date, &s);
	bool has_e = p->end_date && pdate_parse(p->end_date, &e);
	*dated = has_s || has_e;
	if (has_s && has_e) {
		*start = pdate_first_day(&s);
		*end = pdate_last_day(&e);
		if (*end < *start)
			*end = *start;
	} else if (has_s) {
		*start = pdate_first_day(&s);
		*end = *start + 365;
	} else if (has_e) {
		*end = pdate_last_day(&e);
		*start = *end - 365;
	} else {
		*start = -1000000000L;
		*end = 1000000000L;
	}
}

/* Word hashes of the descriptions (all languages together), sorted, at most 200. */
static size_t description_hashes(const MatchProject *p, uint64_t *out, size_t cap)
{
	size_t n = 0;
	for (int l = 0; l < MATCH_LANGS && n < cap; l++) {
		if (!p->description[l] || !*p->description[l])
			continue;
		char *words = match_words(p->description[l]);
		char *save = NULL;
		for (char *w = strtok_r(words, " ", &save); w && n < cap; w = strtok_r(NULL, " ", &save))
			out[n++] = hash_bytes(w, strlen(w)) | 1;
		free(words);
	}
	sort_u64(out, n);
	return unique_u64(out, n);
}

/* Pushes the interned place and province ids of a project into the pool. */
static void record_places(MatchIndex *ix, const MatchProject *p, bool add, uint32_t *places,
			  size_t *place_n, uint32_t *provinces, size_t *province_n, size_t cap)
{
	*place_n = *province_n = 0;
	for (size_t k = 0; k < p->pcode_count && *place_n < cap; k++) {
		if (!p->pcodes[k])
			continue;
		const Place *pl = ix->ref ? gaz_get(ix->ref->gaz, p->pcodes[k]) : NULL;
		const char *code = pl ? pl->pcode : p->pcodes[k];
		int64_t id = code_intern(ix, code, add);
		if (id >= 0)
			places[(*place_n)++] = (uint32_t)id;
		const char *province = pl && pl->level == PLACE_DISTRICT ? pl->parent_pcode : code;
		id = code_intern(ix, province, add);
		if (id >= 0)
			provinces[(*province_n)++] = (uint32_t)id;
	}
	sort_u32(places, *place_n);
	*place_n = unique_u32(places, *place_n);
	sort_u32(provinces, *province_n);
	*province_n = unique_u32(provinces, *province_n);
}

#define LIST_CAP 64

static Span push_u32(MatchIndex *ix, const uint32_t *v, size_t n)
{
	Span s = {(uint32_t)ix->u32_count, (uint32_t)n};
	for (size_t i = 0; i < n; i++)
		VEC_PUSH(ix->u32, ix->u32_count, ix->u32_alloc, v[i]);
	return s;
}

static Span push_u64(MatchIndex *ix, const uint64_t *v, size_t n)
{
	Span s = {(uint32_t)ix->u64_count, (uint32_t)n};
	for (size_t i = 0; i < n; i++)
		VEC_PUSH(ix->u64, ix->u64_count, ix->u64_alloc, v[i]);
	return s;
}

static Span push_i64(MatchIndex *ix, const int64_t *v, size_t n)
{
	Span s = {(uint32_t)ix->i64_count, (uint32_t)n};
	for (size_t i = 0; i < n && i < LIST_CAP; i++)
		VEC_PUSH(ix->i64, ix->i64_count, ix->i64_alloc, v[i]);
	s.n = (uint32_t)(n < LIST_CAP ? n : LIST_CAP);
	return s;
}

static size_t target_hashes(const MatchProject *p, uint64_t *out)
{
	size_t n = 0;
	for (size_t k = 0; k < p->target_count && n < LIST_CAP; k++)
		if (p->targets[k])
			out[n++] = hash_bytes(p->targets[k], strlen(p->targets[k])) | 1;
	sort_u64(out, n);
	return unique_u64(out, n);
}

static size_t sector_ids(MatchIndex *ix, const MatchProject *p, bool add, uint32_t *out)
{
	size_t n = 0;
	for (size_t k = 0; k < p->sector_count && n < LIST_CAP; k++) {
		if (!p->sectors[k])
			continue;
		int64_t id = code_intern(ix, p->sectors[k], add);
		if (id >= 0)
			out[n++] = (uint32_t)id;
	}
	sort_u32(out, n);
	return unique_u32(out, n);
}

/* Ranks are the trigram's position in ascending frequency order. */
typedef struct RankSort {
	uint32_t count;
	uint32_t id;
} RankSort;

static int cmp_rank_sort(const void *a, const void *b)
{
	const RankSort *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_block(const void *a, const void *b)
{
	const BlockItem *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

/* Ranks n keys rarest first (ties by first appearance), but keys seen
 * once last when singles_last: map gets key -> rank, ranks[k] the rank of
 * keys[k]. When counts is not NULL, *counts gets how often each rank was
 * seen (the caller frees it). Returns the number of distinct keys. */
static size_t rank_keys(KeyMap *map, const uint64_t *keys, size_t n, uint32_t *ranks,
			bool singles_last, uint32_t **counts)
{
	keymap_init(map, 4096);
	RankSort *freq = NULL;
	size_t freq_count = 0, freq_alloc = 0;
	for (size_t k = 0; k < n; k++) {
		bool added;
		uint32_t id = keymap_intern(map, keys[k], (uint32_t)freq_count, &added);
		if (added) {
			RankSort rs = {0, id};
			VEC_PUSH(freq, freq_count, freq_alloc, rs);
		}
		freq[id].count++;
		ranks[k] = id;
	}
	for (size_t r = 0; singles_last && r < freq_count; r++)
		if (freq[r].count == 1)
			freq[r].count = UINT32_MAX;
	sort_items(freq, freq_count, sizeof *freq, cmp_rank_sort);
	uint32_t *rank_of = xmalloc((freq_count ? freq_count : 1) * sizeof *rank_of);
	for (size_t r = 0; r < freq_count; r++)
		rank_of[freq[r].id] = (uint32_t)r;
	if (counts) {
		*counts = xmalloc((freq_count ? freq_count : 1) * sizeof **counts);
		for (size_t r = 0; r < freq_count; r++)
			(*counts)[r] = freq[r].count == UINT32_MAX ? 1 : freq[r].count;
	}
	free(freq);
	for (size_t k = 0; k < map->cap; k++)
		if (map->keys[k])
			map->values[k] = rank_of[map->values[k]];
	for (size_t k = 0; k < n; k++)
		ranks[k] = rank_of[ranks[k]];
	free(rank_of);
	return freq_count;
}

/* The keys of a title's candidates in the join: each pair of its
 * JOIN_TOP_WORDS rarest words (their ranks, ascending), and for a title of
 * one or two words each word with itself, so that a typo in one of two
 * words still leaves a key in common; plus one, so no key is zero.
 * Returns the count, at most JOIN_MAX_KEYS. */
#define JOIN_TOP_WORDS 4
#define JOIN_MAX_KEYS 6
static size_t pair_keys(const uint32_t *words, size_t n, uint64_t out[JOIN_MAX_KEYS])
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
static size_t overlap_needed(size_t nx, size_t ny, double t)
{
	return (size_t)ceil(t / (1 + t) * (double)(nx + ny) - 1e-9);
}

#define RARE_SHARE 100  /* a word held by at most one title in RARE_SHARE is rare ... */
#define RARE_MIN 5      /* ... or by at most RARE_MIN titles, in a small index */
#define BUILD_PARALLEL_FROM 4096 /* fewer records are keyed on the calling thread alone */

/* The text keys of records [lo, hi), made on a thread of their own: for
 * each record and language, its trigram keys (sorted, each once) and its
 * word keys; the word hashes of its descriptions. Nothing shared is
 * touched, so two parts can be made at once. */
typedef struct KeyPart {
	const MatchProject *items;
	size_t lo, hi;
	uint64_t *trigrams;       /* the trigram keys of every title of the part */
	size_t trigram_count, trigram_alloc;
	uint64_t *words;          /* the word keys of every title of the part */
	size_t word_count, word_alloc;
	uint32_t *written;        /* [k]: where in word_text words[k] is as written in its title */
	size_t written_count, written_alloc;
	KeyMap word_seen;         /* word key -> its text in word_text, each word once */
	KeyMap written_seen;      /* hash of a word as written -> its text in word_text */
	char *word_text;          /* those texts, each ending in NUL */
	size_t word_text_used, word_text_alloc;
	uint64_t *descriptions;   /* the description word hashes of every record of the part */
	size_t description_count, description_alloc;
	Span *title_trigrams;     /* [(i - lo) * MATCH_LANGS + l], into trigrams[] */
	Span *title_words;        /* likewise, into words[] */
	Span *description_span;   /* [i - lo], into descriptions[] */
} KeyPart;

/* The place of a text in the part's word_text, kept there once (seen
 * maps its hash to the place). */
static uint32_t part_text(KeyPart *kp, KeyMap *seen, const char *text, size_t len)
{
	bool added;
	uint32_t at = keymap_intern(seen, hash_bytes(text, len) | 1, (uint32_t)kp->word_text_used, &added);
	if (added) {
		while (kp->word_text_used + len + 1 > kp->word_text_alloc) {
			kp->word_text_alloc = kp->word_text_alloc ? kp->word_text_alloc * 2 : 4096;
			kp->word_text = xrealloc(kp->word_text, kp->word_text_alloc);
		}
		memcpy(kp->word_text + kp->word_text_used, text, len);
		kp->word_text[kp->word_text_used + len] = '\0';
		kp->word_text_used += len + 1;
	}
	return at;
}

/* Appends the word keys of a title (words, a match_words string) to the
 * part's words, sorted, each once, and beside each where its text as
 * written (raw, word for word with words) is; keeps the texts. */
static void title_word_keys(KeyPart *kp, const char *words, const char *raw)
{
	size_t before = kp->word_count;
	for (const char *p = words, *r = raw; *p;) {
		size_t len = strcspn(p, " "), raw_len = strcspn(r, " ");
		if (len) {
			part_text(kp, &kp->word_seen, p, len);
			uint32_t written = part_text(kp, &kp->written_seen, r, raw_len);
			VEC_PUSH(kp->words, kp->word_count, kp->word_alloc, hash_bytes(p, len) | 1);
			VEC_PUSH(kp->written, kp->written_count, kp->written_alloc, written);
		}
		p += len;
		r += raw_len;
		while (*p == ' ')
			p++;
		while (*r == ' ')
			r++;
	}
	/* a title has few words: insertion sort, the two arrays together */
	uint64_t *w = kp->words + before;
	uint32_t *t = kp->written + before;
	size_t n = kp->word_count - before, kept = 0;
	for (size_t i = 1; i < n; i++) {
		uint64_t key = w[i];
		uint32_t text = t[i];
		size_t k = i;
		for (; k > 0 && w[k - 1] > key; k--) {
			w[k] = w[k - 1];
			t[k] = t[k - 1];
		}
		w[k] = key;
		t[k] = text;
	}
	for (size_t i = 0; i < n; i++)
		if (kept == 0 || w[kept - 1] != w[i]) {
			w[kept] = w[i];
			t[kept++] = t[i];
		}
	kp->word_count = kp->written_count = before + kept;
}

static void *key_part_make(void *arg)
{
	KeyPart *kp = arg;
	uint64_t hashes[200];
	size_t count = kp->hi - kp->lo;
	kp->title_trigrams = xcalloc(count * MATCH_LANGS + 1, sizeof *kp->title_trigrams);
	kp->title_words = xcalloc(count * MATCH_LANGS + 1, sizeof *kp->title_words);
	kp->description_span = xcalloc(count + 1, sizeof *kp->description_span);
	keymap_init(&kp->word_seen, 4096);
	keymap_init(&kp->written_seen, 4096);
	for (size_t i = kp->lo; i < kp->hi; i++) {
		const MatchProject *p = &kp->items[i];
		for (int l = 0; l < MATCH_LANGS; l++) {
			if (!p->title[l] || !*p->title[l])
				continue;
			Buf raw;
			buf_init(&raw, 0);
			char *words = words_of(p->title[l], &raw);
			size_t before = kp->trigram_count, wbefore = kp->word_count;
			trigram_keys(words, &kp->trigrams, &kp->trigram_count, &kp->trigram_alloc);
			title_word_keys(kp, words, buf_str(&raw));
			buf_free(&raw);
			free(words);
			sort_u64(kp->trigrams + before, kp->trigram_count - before);
			kp->trigram_count = before + unique_u64(kp->trigrams + before, kp->trigram_count - before);
			size_t at = (i - kp->lo) * MATCH_LANGS + (size_t)l;
			kp->title_trigrams[at] = (Span){(uint32_t)before, (uint32_t)(kp->trigram_count - before)};
			kp->title_words[at] = (Span){(uint32_t)wbefore, (uint32_t)(kp->word_count - wbefore)};
		}
		size_t dn = description_hashes(p, hashes, 200);
		kp->description_span[i - kp->lo] = (Span){(uint32_t)kp->description_count, (uint32_t)dn};
		for (size_t k = 0; k < dn; k++)
			VEC_PUSH(kp->descriptions, kp->description_count, kp->description_alloc, hashes[k]);
	}
	return NULL;
}

static void key_part_free(KeyPart *kp)
{
	free(kp->trigrams);
	free(kp->words);
	keymap_free(&kp->word_seen);
	keymap_free(&kp->written_seen);
	free(kp->written);
	free(kp->word_text);
	free(kp->descriptions);
	free(kp->title_trigrams);
	free(kp->title_words);
	free(kp->description_span);
}

/* The parts' word texts end to end in the index; the text of each word
 * rank, and of each title word as written (ix->written, beside
 * word_ranks), as places in it. */
static void word_texts_join(MatchIndex *ix, const KeyPart *part, int parts, size_t word_keys)
{
	size_t used = 0, text_base[MATCH_THREADS], key_base = 0;
	for (int k = 0; k < parts; k++) {
		text_base[k] = used;
		used += part[k].word_text_used;
	}
	ix->word_text = xmalloc(used + 1);
	ix->written = xmalloc((word_keys ? word_keys : 1) * sizeof *ix->written);
	ix->word_at = xmalloc((ix->word_count ? ix->word_count : 1) * sizeof *ix->word_at);
	for (size_t r = 0; r < ix->word_count; r++)
		ix->word_at[r] = UINT32_MAX;
	for (int k = 0; k < parts; k++) {
		if (part[k].word_text_used)
			memcpy(ix->word_text + text_base[k], part[k].word_text, part[k].word_text_used);
		for (size_t q = 0; q < part[k].written_count; q++)
			ix->written[key_base + q] = (uint32_t)(text_base[k] + part[k].written[q]);
		key_base += part[k].written_count;
		const KeyMap *seen = &part[k].word_seen;
		for (size_t s = 0; s < seen->cap; s++) {
			uint32_t rank;
			if (seen->keys[s] && keymap_get(&ix->word_rank, seen->keys[s], &rank) &&
			    ix->word_at[rank] == UINT32_MAX)
				ix->word_at[rank] = (uint32_t)(text_base[k] + seen->values[s]);
		}
	}
	ix->word_text[used] = '\0';
}

/* The word hashes of the names of every place the records name (in every
 * language, and the other spellings of the gazetteer): a title naming
 * its district says no more than the record's place. */
static void place_words_make(MatchIndex *ix)
{
	ix->place_words = xcalloc(ix->code_count + 1, sizeof *ix->place_words);
	uint64_t *keys = NULL;
	size_t count = 0, alloc = 0;
	for (size_t id = 0; ix->ref && id < ix->code_count; id++) {
		const Place *pl = gaz_get(ix->ref->gaz, ix->codes[id]);
		if (!pl)
			continue;
		count = 0;
		const char *names[3] = {pl->name_en, pl->name_prs, pl->name_pus};
		for (size_t k = 0; k < 3 + pl->alt_count; k++) {
			const char *name = k < 3 ? names[k] : pl->alt_names[k - 3];
			if (!name || !*name)
				continue;
			char *words = match_words(name);
			word_keys(words, &keys, &count, &alloc);
			free(words);
		}
		sort_u64(keys, count);
		count = unique_u64(keys, count);
		ix->place_words[id] = push_u64(ix, keys, count);
	}
	free(keys);
}

/* The entries [lo, hi) of an index whose ranks to sort, on a thread of their own. */
typedef struct SortPart {
	MatchIndex *ix;
	size_t lo, hi;
} SortPart;

static void *sort_part_run(void *arg)
{
	SortPart *sp = arg;
	for (size_t e = sp->lo; e < sp->hi; e++) {
		Entry *en = &sp->ix->entries[e];
		sort_u32(sp->ix->ranks + en->ranks.off, en->ranks.n);
		/* the word ranks, and beside each the place of the word as written */
		uint32_t *rank = sp->ix->word_ranks + en->words.off, *written = sp->ix->written + en->words.off;
		for (size_t i = 1; i < en->words.n; i++) {
			uint32_t r = rank[i], t = written[i];
			size_t k = i;
			for (; k > 0 && rank[k - 1] > r; k--) {
				rank[k] = rank[k - 1];
				written[k] = written[k - 1];
			}
			rank[k] = r;
			written[k] = t;
		}
	}
	return NULL;
}

/* The number of threads to use for work over n items. */
static int thread_count(const MatchOptions *opts, size_t n, size_t parallel_from)
{
	if (opts && opts->threads == 1)
		return 1;
	return n < parallel_from ? 1 : MATCH_THREADS;
}

MatchIndex *match_index_build(const RefData *ref, const MatchProject *items, size_t n,
			      const MatchOptions *opts)
{
	MatchIndex *ix = xcalloc(1, sizeof *ix);
	ix->ref = ref;
	ix->threshold = opts && opts->join_threshold >= 0.1 ? opts->join_threshold : 0.5;
	ix->recs = xcalloc(n ? n : 1, sizeof *ix->recs);
	ix->rec_count = n;
	keymap_init(&ix->code_id, 1024);

	int parts = thread_count(opts, n, BUILD_PARALLEL_FROM);

	/* Pass 1: the text keys of the records, in parts on the threads; then,
	 * in order, the records' lists and the keys of every title. */
	KeyPart part[MATCH_THREADS];
	pthread_t tid[MATCH_THREADS];
	bool started[MATCH_THREADS] = {false};
	for (int k = 0; k < parts; k++) {
		memset(&part[k], 0, sizeof part[k]);
		part[k].items = items;
		part[k].lo = n * (size_t)k / (size_t)parts;
		part[k].hi = n * (size_t)(k + 1) / (size_t)parts;
	}
	for (int k = 1; k < parts; k++)
		started[k] = pthread_create(&tid[k], NULL, key_part_make, &part[k]) == 0;
	key_part_make(&part[0]);
	for (int k = 1; k < parts; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			key_part_make(&part[k]); /* a thread that could not start: its part here */
	}
	if (opts && opts->progress)
		opts->progress(opts->progress_data, n / 2, 2 * n);

	/* the keys of every title: the parts' keys end to end */
	size_t key_count = 0, wkey_count = 0, key_base[MATCH_THREADS], wkey_base[MATCH_THREADS];
	for (int k = 0; k < parts; k++) {
		key_base[k] = key_count;
		wkey_base[k] = wkey_count;
		key_count += part[k].trigram_count;
		wkey_count += part[k].word_count;
	}
	uint64_t *keys = xmalloc((key_count ? key_count : 1) * sizeof *keys);
	uint64_t *wkeys = xmalloc((wkey_count ? wkey_count : 1) * sizeof *wkeys);
	for (int k = 0; k < parts; k++) {
		if (part[k].trigram_count)
			memcpy(keys + key_base[k], part[k].trigrams, part[k].trigram_count * sizeof *keys);
		if (part[k].word_count)
			memcpy(wkeys + wkey_base[k], part[k].words, part[k].word_count * sizeof *wkeys);
	}
	size_t entry_alloc = 0;
	uint64_t hashes[LIST_CAP];
	uint32_t ids[LIST_CAP], ids2[LIST_CAP];
	for (int k = 0; k < parts; k++) {
		const KeyPart *kp = &part[k];
		for (size_t i = kp->lo; i < kp->hi; i++) {
			const MatchProject *p = &items[i];
			Rec *r = &ix->recs[i];
			r->id = p->id;
			record_days(p, &r->start, &r->end, &r->dated);
			r->people = p->people_reached >= 0 ? (float)p->people_reached : -1.0f;
			size_t place_n, province_n;
			record_places(ix, p, true, ids, &place_n, ids2, &province_n, LIST_CAP);
			r->places = push_u32(ix, ids, place_n);
			r->provinces = push_u32(ix, ids2, province_n);
			r->sectors = push_u32(ix, ids, sector_ids(ix, p, true, ids));
			r->targets = push_u64(ix, hashes, target_hashes(p, hashes));
			r->implementers = push_i64(ix, p->implementer_ids, p->implementer_count);
			r->funders = push_i64(ix, p->funder_ids, p->funder_count);
			Span d = kp->description_span[i - kp->lo];
			r->description = push_u64(ix, kp->descriptions + d.off, d.n);
			for (int l = 0; l < MATCH_LANGS; l++) {
				r->title[l] = -1;
				Span ts = kp->title_trigrams[(i - kp->lo) * MATCH_LANGS + (size_t)l];
				Span ws = kp->title_words[(i - kp->lo) * MATCH_LANGS + (size_t)l];
				if (!ts.n)
					continue;
				Entry e = {(uint32_t)i, (uint8_t)l, {(uint32_t)(key_base[k] + ts.off), ts.n},
					   {(uint32_t)(wkey_base[k] + ws.off), ws.n}};
				r->title[l] = (int32_t)ix->entry_count;
				VEC_PUSH(ix->entries, ix->entry_count, entry_alloc, e);
			}
		}
	}
	/* Pass 2: trigram ranks and word ranks, rarest first; the text of each word. */
	ix->ranks = xmalloc((key_count ? key_count : 1) * sizeof *ix->ranks);
	ix->rank_count = key_count;
	ix->trigram_count = rank_keys(&ix->trigram_rank, keys, key_count, ix->ranks, false, NULL);
	free(keys);
	ix->word_ranks = xmalloc((wkey_count ? wkey_count : 1) * sizeof *ix->word_ranks);
	ix->word_count = rank_keys(&ix->word_rank, wkeys, wkey_count, ix->word_ranks, true,
				   &ix->word_titles);
	free(wkeys);
	word_texts_join(ix, part, parts, wkey_count);
	for (int k = 0; k < parts; k++)
		key_part_free(&part[k]);
	ix->rare_max = (uint32_t)(ix->entry_count / RARE_SHARE);
	if (ix->rare_max < RARE_MIN)
		ix->rare_max = RARE_MIN;

	/* Pass 3: each entry's ranks sorted, in parts on the threads; the
	 * entries in order of language and size; the pairs of their rarest
	 * words into the lists. */
	size_t entries = ix->entry_count;
	SortPart sorts[MATCH_THREADS];
	for (int k = 0; k < parts; k++) {
		sorts[k] = (SortPart){ix, entries * (size_t)k / (size_t)parts,
				      entries * (size_t)(k + 1) / (size_t)parts};
		started[k] = k > 0 && pthread_create(&tid[k], NULL, sort_part_run, &sorts[k]) == 0;
	}
	sort_part_run(&sorts[0]);
	for (int k = 1; k < parts; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			sort_part_run(&sorts[k]);
	}
	uint64_t *sort_keys = xmalloc((entries ? entries : 1) * sizeof *sort_keys);
	for (size_t e = 0; e < entries; e++) {
		const Entry *en = &ix->entries[e];
		uint64_t size = en->ranks.n < 0xFFFFFF ? en->ranks.n : 0xFFFFFF;
		sort_keys[e] = ((uint64_t)en->lang << 56) | (size << 32) | e;
	}
	sort_u64(sort_keys, entries);
	ix->order = xmalloc((entries ? entries : 1) * sizeof *ix->order);
	ix->order_size = xmalloc((entries ? entries : 1) * sizeof *ix->order_size);
	for (size_t k = 0; k < entries; k++) {
		ix->order[k] = (uint32_t)sort_keys[k];
		ix->order_size[k] = ix->entries[ix->order[k]].ranks.n;
	}
	free(sort_keys);
	for (int l = 0; l <= MATCH_LANGS; l++) {
		size_t k = 0;
		while (k < entries && ix->entries[ix->order[k]].lang < l)
			k++;
		ix->lang_start[l] = (uint32_t)k;
	}
	keymap_init(&ix->pair_id, entries * 2);
	uint32_t *sizes = NULL;
	size_t size_alloc = 0;
	uint64_t pk[JOIN_MAX_KEYS];
	uint32_t *key_ids = xmalloc((entries ? entries : 1) * JOIN_MAX_KEYS * sizeof *key_ids);
	uint8_t *key_n = xmalloc(entries ? entries : 1);
	for (size_t k = 0; k < entries; k++) {
		const Entry *en = &ix->entries[ix->order[k]];
		size_t kn = pair_keys(ix->word_ranks + en->words.off, en->words.n, pk);
		key_n[k] = (uint8_t)kn;
		for (size_t q = 0; q < kn; q++) {
			bool added;
			uint32_t id = keymap_intern(&ix->pair_id, pk[q], (uint32_t)ix->pair_count, &added);
			if (added)
				VEC_PUSH(sizes, ix->pair_count, size_alloc, 0);
			sizes[id]++;
			key_ids[k * JOIN_MAX_KEYS + q] = id;
		}
	}
	ix->pair_off = xmalloc((ix->pair_count + 1) * sizeof *ix->pair_off);
	ix->pair_off[0] = 0;
	for (size_t q = 0; q < ix->pair_count; q++)
		ix->pair_off[q + 1] = ix->pair_off[q] + sizes[q];
	ix->pair_postings = xmalloc((ix->pair_off[ix->pair_count] + 1) * sizeof *ix->pair_postings);
	memcpy(sizes, ix->pair_off, ix->pair_count * sizeof *sizes); /* now: where each list fills */
	for (size_t k = 0; k < entries; k++)
		for (size_t q = 0; q < key_n[k]; q++)
			ix->pair_postings[sizes[key_ids[k * JOIN_MAX_KEYS + q]]++] = (uint32_t)k;
	free(sizes);
	free(key_ids);
	free(key_n);

	place_words_make(ix);

	/* Pass 4: the blocked groups, place x sector, by start date. */
	size_t block_alloc = 0;
	for (size_t i = 0; i < n; i++) {
		const Rec *r = &ix->recs[i];
		for (size_t a = 0; a < r->places.n; a++)
			for (size_t b = 0; b < r->sectors.n; b++) {
				BlockItem bi = {((uint64_t)ix->u32[r->places.off + a] << 32) |
							ix->u32[r->sectors.off + b],
						r->start, (uint32_t)i};
				VEC_PUSH(ix->blocks, ix->block_count, block_alloc, bi);
			}
	}
	sort_items(ix->blocks, ix->block_count, sizeof *ix->blocks, cmp_block);
	if (opts && opts->progress)
		opts->progress(opts->progress_data, n, 2 * n);
	return ix;
}

void match_index_free(MatchIndex *ix)
{
	if (!ix)
		return;
	free(ix->recs);
	free(ix->entries);
	free(ix->ranks);
	keymap_free(&ix->trigram_rank);
	free(ix->order);
	free(ix->order_size);
	keymap_free(&ix->pair_id);
	free(ix->pair_off);
	free(ix->pair_postings);
	free(ix->word_ranks);
	free(ix->word_titles);
	free(ix->word_at);
	free(ix->written);
	free(ix->word_text);
	free(ix->place_words);
	keymap_free(&ix->word_rank);
	keymap_free(&ix->code_id);
	for (size_t i = 0; i < ix->code_count; i++)
		free(ix->codes[i]);
	free(ix->codes);
	free(ix->u32);
	free(ix->u64);
	free(ix->i64);
	free(ix->blocks);
	free(ix);
}

size_t match_index_count(const MatchIndex *ix)
{
	return ix->rec_count;
}

int64_t match_index_id(const MatchIndex *ix, size_t i)
{
	return ix->recs[i].id;
}

/* ---- scoring ---- */

static size_t common_u32(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, uint32_t *first)
{
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			if (c == 0 && first)
				*first = a[i];
			c++;
			i++;
			j++;
		}
	}
	return c;
}

/* The count of values two sorted sets share, merged without branches on
 * the values (which a processor cannot foresee): the titles of every pair
 * of a block are compared. */
static size_t common_count(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		uint32_t x = a[i], y = b[j];
		c += x == y;
		i += x <= y;
		j += x >= y;
	}
	return c;
}

static size_t common_u64(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			c++;
			i++;
			j++;
		}
	}
	return c;
}

static bool share_i64(const int64_t *a, size_t na, const int64_t *b, size_t nb)
{
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (a[i] == b[j])
				return true;
	return false;
}

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

static double jaccard_sizes(size_t common, size_t na, size_t nb)
{
	size_t uni = na + nb - common;
	return uni ? (double)common / (double)uni : 0.0;
}

/* The title likeness a pair needs to be the same record, by the
 * disagreements on place, organizations and sector (see judge). */
static const double TITLE_NEEDED[] = {0.45, 0.7, 0.8, 0.9};

/* ---- words that tell two titles apart ---- */

#define WORD_CHARS 48   /* longer words are compared on their first WORD_CHARS code points */
#define UNSHARED_MAX 16 /* words of one title the other lacks, looked at */

/* The text of a word (its key). */
static const char *word_text(const MatchIndex *ix, const View *v, uint32_t rank)
{
	if (rank < ix->word_count)
		return ix->word_text + ix->word_at[rank];
	return v->probe_words ? v->probe_words[rank - ix->word_count] : "";
}

/* The k-th word of a title in language l as it is written there. */
static const char *written_text(const MatchIndex *ix, const View *v, int l, size_t k)
{
	if (v->probe_written[l])
		return v->probe_written[l][k];
	return ix->word_text + v->written[l][k];
}

/* A word of the index held by few titles, or one it does not know. */
static bool word_rare(const MatchIndex *ix, uint32_t rank)
{
	return rank >= ix->word_count || ix->word_titles[rank] <= ix->rare_max;
}

/* The code points of a valid UTF-8 string, at most WORD_CHARS. */
static size_t code_points(const char *s, uint32_t out[WORD_CHARS])
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p && n < WORD_CHARS) {
		uint32_t cp = *p++;
		if (cp >= 0xC0) {
			int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : 1;
			cp &= 0x3Fu >> extra;
			while (extra-- && (*p & 0xC0) == 0x80)
				cp = (cp << 6) | (*p++ & 0x3Fu);
		}
		out[n++] = cp;
	}
	return n;
}

/* Whether at least three in four of the letter pairs of the shorter word
 * are in the longer, at most twice as long, next to each other or one
 * letter apart: letters lost on the way, which on skeletons can take a
 * vowel or a doubled letter with them ("Kaka" typed "Kka" has the
 * skeleton "ka", "Shagul" typed "Saul" "sal" for "shagal"). */
static bool mostly_within(const uint32_t *s, size_t ns, const uint32_t *l, size_t nl)
{
	if (ns < 2 || nl > 2 * ns)
		return false;
	size_t pairs = 0, found = 0;
	for (size_t i = 0; i + 1 < ns; i++) {
		bool again = false;
		for (size_t k = 0; k < i && !again; k++)
			again = s[k] == s[i] && s[k + 1] == s[i + 1];
		if (again)
			continue;
		pairs++;
		for (size_t j = 0; j + 1 < nl; j++)
			if (l[j] == s[i] && (l[j + 1] == s[i + 1] || (j + 2 < nl && l[j + 2] == s[i + 1]))) {
				found++;
				break;
			}
	}
	return 4 * found >= 3 * pairs;
}

/* Whether two words are one spelt twice: their edit distance, counting
 * two letters swapped as one edit (a typist's slip), is at most one when
 * the longer has up to four letters, two up to eight, three beyond (on
 * skeletons, where a dropped letter can take a vowel with it); or the
 * shorter is mostly within the longer (mostly_within). x may be two
 * words written together (x2 not NULL: "Shakar Dara" and "Shakardara"). */
static bool near_spelling(const char *x, const char *x2, const char *y)
{
	uint32_t a[2 * WORD_CHARS], b[WORD_CHARS];
	size_t na = code_points(x, a);
	if (x2)
		na += code_points(x2, a + na);
	size_t nb = code_points(y, b);
	if (na <= nb ? mostly_within(a, na, b, nb) : mostly_within(b, nb, a, na))
		return true;
	size_t longer = na > nb ? na : nb;
	size_t limit = longer <= 4 ? 1 : longer <= 8 ? 2 : 3;
	if ((na > nb ? na - nb : nb - na) > limit)
		return false;
	/* three rows of the optimal string alignment distance */
	size_t rows[3][WORD_CHARS + 1];
	size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = i;
		size_t row_min = cur[0];
		for (size_t j = 1; j <= nb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t d = prev[j - 1] + cost;
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    before[j - 2] + 1 < d)
				d = before[j - 2] + 1;
			cur[j] = d;
			if (d < row_min)
				row_min = d;
		}
		if (row_min > limit)
			return false;
		size_t *t = before;
		before = prev;
		prev = cur;
		cur = t;
	}
	return prev[nb] <= limit;
}

/* Whether a word (its hash) is in a name of one of the places ids[]. */
static bool names_place(const MatchIndex *ix, uint64_t hash, const uint32_t *ids, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		Span s = ix->place_words[ids[k]];
		for (size_t q = 0; q < s.n; q++)
			if (ix->u64[s.off + q] == hash)
				return true;
	}
	return false;
}

/* Whether one of the words mine[] (ranks of vx's title) is rare, names
 * none of the places of either record, and is no spelling of any of
 * others[] (ranks of vy's title), nor of two of them written together. */
static bool has_own_rare_word(const MatchIndex *ix, int l, const View *vx, const uint32_t *mine,
			      size_t n_mine, const View *vy, const uint32_t *others, size_t n_others)
{
	for (size_t i = 0; i < n_mine; i++) {
		uint32_t rank = vx->words[l][mine[i]];
		if (!word_rare(ix, rank))
			continue;
		const char *w = word_text(ix, vx, rank);
		uint64_t hash = hash_bytes(w, strlen(w)) | 1;
		if (names_place(ix, hash, vx->places, vx->place_n) ||
		    names_place(ix, hash, vx->provinces, vx->province_n) ||
		    names_place(ix, hash, vy->places, vy->place_n) ||
		    names_place(ix, hash, vy->provinces, vy->province_n))
			continue;
		const char *w_written = written_text(ix, vx, l, mine[i]);
		bool spelt = false;
		for (size_t j = 0; j < n_others && !spelt; j++) {
			const char *o = word_text(ix, vy, vy->words[l][others[j]]);
			spelt = near_spelling(o, NULL, w) ||
				near_spelling(written_text(ix, vy, l, others[j]), NULL, w_written);
			for (size_t k = 0; k < n_others && !spelt; k++)
				spelt = k != j && near_spelling(o, word_text(ix, vy, vy->words[l][others[k]]), w);
		}
		if (!spelt)
			return true;
	}
	return false;
}

/*
 * Whether two titles name different things: in a language both have, each
 * holds a rare word (held by few titles of the index) that the other
 * lacks and has no near spelling of. Titles follow templates ("Water
 * supply in Qala-e-Naw village, Khakrez" and "... Sang-e-Surakh village,
 * Khakrez"): the template's words are common, what is left to tell the
 * records apart are the names of villages, schools, canals. Two records
 * naming two villages are two projects (they may still overlap), however
 * alike the rest. A typo, a transliteration (one skeleton), a name
 * written in one word or two, and a word dropped or added on one side
 * only, still leave them the same.
 */
static bool names_differ(const MatchIndex *ix, const View *a, const View *b)
{
	for (int l = 0; l < MATCH_LANGS; l++) {
		if (!a->word_n[l] || !b->word_n[l])
			continue;
		uint32_t only_a[UNSHARED_MAX], only_b[UNSHARED_MAX]; /* positions in the titles' words */
		size_t na = 0, nb = 0, i = 0, j = 0;
		const uint32_t *x = a->words[l], *y = b->words[l];
		size_t nx = a->word_n[l], ny = b->word_n[l];
		while (i < nx || j < ny) {
			if (j == ny || (i < nx && x[i] < y[j])) {
				if (na < UNSHARED_MAX)
					only_a[na++] = (uint32_t)i;
				i++;
			} else if (i == nx || y[j] < x[i]) {
				if (nb < UNSHARED_MAX)
					only_b[nb++] = (uint32_t)j;
				j++;
			} else {
				i++;
				j++;
			}
		}
		if (na && nb && has_own_rare_word(ix, l, a, only_a, na, b, only_b, nb) &&
		    has_own_rare_word(ix, l, b, only_b, nb, a, only_a, na))
			return true;
	}
	return false;
}

static void facts_of(const View *a, const View *b, Facts *f)
{
	memset(f, 0, sizeof *f);
	/* The mean, not the best: two records whose Dari titles agree
	 * ("project in <village>, <district>") while their English titles
	 * name different work do not have alike titles. */
	int languages = 0;
	for (int l = 0; l < MATCH_LANGS; l++) {
		if (!a->title_size[l] || !b->title_size[l])
			continue;
		size_t c = common_count(a->title[l], a->title_n[l], b->title[l], b->title_n[l]);
		f->title += jaccard_sizes(c, a->title_size[l], b->title_size[l]);
		languages++;
	}
	if (languages)
		f->title /= languages;
	f->description = -1;
	if (a->description_n && b->description_n)
		f->description = jaccard_sizes(
			common_u64(a->description, a->description_n, b->description, b->description_n),
			a->description_n, b->description_n);
	uint32_t first;
	f->place = common_u32(a->places, a->place_n, b->places, b->place_n, &first) ? (int64_t)first : -1;
	f->province = common_u32(a->provinces, a->province_n, b->provinces, b->province_n, &first)
			      ? (int64_t)first
			      : -1;
	f->sector = common_u32(a->sectors, a->sector_n, b->sectors, b->sector_n, &first) ? (int64_t)first
											: -1;
	f->sectors_known = a->sector_n && b->sector_n;
	f->both_dated = a->dated && b->dated;
	if (f->both_dated) {
		long lo = a->start > b->start ? a->start : b->start;
		long hi = a->end < b->end ? a->end : b->end;
		f->overlap_days = hi >= lo ? hi - lo + 1 : 0;
		long shorter = a->end - a->start < b->end - b->start ? a->end - a->start : b->end - b->start;
		f->date_sim = (double)f->overlap_days / (double)(shorter + 1);
		if (f->date_sim > 1)
			f->date_sim = 1;
	} else {
		f->date_sim = 0.5;
	}
	f->same_implementer = share_i64(a->implementers, a->implementer_n, b->implementers, b->implementer_n);
	f->same_donor = share_i64(a->funders, a->funder_n, b->funders, b->funder_n);
	f->crossed = share_i64(a->funders, a->funder_n, b->implementers, b->implementer_n) ||
		     share_i64(a->implementers, a->implementer_n, b->funders, b->funder_n);
	f->orgs_known = (a->implementer_n || a->funder_n) && (b->implementer_n || b->funder_n);
	f->disjoint_implementers = a->implementer_n && b->implementer_n && !f->same_implementer;
	f->targets = -1;
	if (a->target_n && b->target_n)
		f->targets = jaccard_sizes(common_u64(a->targets, a->target_n, b->targets, b->target_n),
					   a->target_n, b->target_n);
	if (a->people > 0 && b->people > 0) {
		double hi = a->people > b->people ? a->people : b->people;
		double lo = a->people > b->people ? b->people : a->people;
		f->people_close = lo >= 0.9 * hi;
	}
}

/*
 * The verdict on a pair. Same record: the text carries most of the weight
 * (titles, and descriptions when both have one), then the months, the
 * organizations, the place and the sector, then target groups and figures.
 * It also needs the dates to meet (or to be unknown), and titles the more
 * alike the more the records disagree: on the place (a miscoded
 * district), on the organizations (none shared), and, beside one of
 * those, on the sector. A sector alone does not count: it is the field
 * most often coded differently for one project. Each disagreement
 * matters because titles follow templates ("Training on legal aid
 * services for youth in <village>, <district>"): two records of different
 * organizations in different sectors whose titles differ only in the
 * village are two projects, though their titles are 0.75 alike. Nor are
 * two records of one organization or one donor whose titles each name a
 * village (a school, a canal) the other does not (names_differ): looked
 * at last, for the pairs that pass all else.
 * Overlap: not the same record, but the same district,
 * the same sector, at least four weeks in common and different
 * implementers.
 */

static bool judge(const MatchIndex *ix, const View *a, const View *b, const Facts *f, MatchKind *kind,
		  double *score)
{
	double text = f->description >= 0 ? 0.75 * f->title + 0.25 * f->description : f->title;
	double org = !f->orgs_known ? 0.5
		     : (f->same_implementer || f->same_donor || f->crossed) ? 1.0
									     : 0.0;
	double place = f->place >= 0 ? 1.0 : f->province >= 0 ? 0.5 : 0.0;
	double extra = 0.5 * (f->targets >= 0 ? f->targets : 0.5) + 0.5 * (f->people_close ? 1.0 : 0.0);
	double same = 0.5 * text + 0.15 * f->date_sim + 0.12 * org + 0.1 * place +
		      0.08 * (f->sector >= 0 ? 1.0 : 0.0) + 0.05 * extra;
	bool dates_meet = !f->both_dated || f->overlap_days > 0;
	int disagreements = (place == 0.0) + (org == 0.0);
	if (disagreements && f->sectors_known && f->sector < 0)
		disagreements++;
	double title_needed = TITLE_NEEDED[disagreements];
	if (dates_meet && f->title >= title_needed && same >= 0.6 && !names_differ(ix, a, b)) {
		*kind = MATCH_SAME;
		*score = same > 1 ? 1 : same;
		return true;
	}
	if (f->place >= 0 && f->sector >= 0 && f->both_dated && f->overlap_days >= 28 &&
	    f->disjoint_implementers && !f->same_donor && !f->crossed) {
		*kind = MATCH_OVERLAP;
		*score = 0.5 + 0.3 * f->date_sim + 0.2 * f->title;
		return true;
	}
	return false;
}

/* ---- pairing ---- */

typedef struct PairVec {
	MatchPair *items;
	size_t count, alloc;
} PairVec;

static void consider(const MatchIndex *ix, size_t a, size_t b, double min_score, PairVec *out)
{
	View va, vb;
	Facts f;
	MatchKind kind;
	double score;
	view_of(ix, a, &va);
	view_of(ix, b, &vb);
	facts_of(&va, &vb, &f);
	if (!judge(ix, &va, &vb, &f, &kind, &score) || score < min_score)
		return;
	MatchPair p = {(int32_t)(a < b ? a : b), (int32_t)(a < b ? b : a), kind, (float)score};
	VEC_PUSH(out->items, out->count, out->alloc, p);
}

static int cmp_pair_ab(const void *x, const void *y)
{
	const MatchPair *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

static int cmp_pair_score(const void *x, const void *y)
{
	const MatchPair *p = x, *q = y;
	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	return cmp_pair_ab(x, y);
}

/* The sort key of a pair: (a, b) ascending, or its score descending. */
static uint64_t pair_key(const MatchPair *p, bool by_score)
{
	if (!by_score)
		return ((uint64_t)((uint32_t)p->a ^ 0x80000000u) << 32) | ((uint32_t)p->b ^ 0x80000000u);
	uint32_t bits;
	memcpy(&bits, &p->score, sizeof bits);
	bits ^= (bits & 0x80000000u) ? 0xFFFFFFFFu : 0x80000000u; /* now ascending as the floats */
	return (uint32_t)~bits;
}

#define RADIX_FROM 4096 /* fewer pairs are sorted with qsort */

/* Sorts pairs by pair_key, stably, sixteen bits at a time: a pass shares
 * the pairs out by one digit of the key, in the order they come. Sorting
 * by score what is sorted by (a, b) orders as cmp_pair_score does. The
 * blocked pass of a large registry finds millions of pairs (overlaps),
 * and qsort's comparisons through a pointer cost as much as finding them. */
static void radix_sort_pairs(MatchPair *v, size_t n, bool by_score)
{
	MatchPair *tmp = xmalloc(n * sizeof *tmp), *from = v, *to = tmp;
	size_t *at = xmalloc(65536 * sizeof *at);
	for (int shift = 0; shift < (by_score ? 32 : 64); shift += 16) {
		memset(at, 0, 65536 * sizeof *at);
		for (size_t i = 0; i < n; i++)
			at[(pair_key(&from[i], by_score) >> shift) & 0xFFFF]++;
		if (at[(pair_key(&from[0], by_score) >> shift) & 0xFFFF] == n)
			continue; /* one digit for all: the pass would change nothing */
		size_t sum = 0;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = at[d];
			at[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			to[at[(pair_key(&from[i], by_score) >> shift) & 0xFFFF]++] = from[i];
		MatchPair *t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, n * sizeof *v);
	free(at);
	free(tmp);
}

/* Sorts by (a, b), drops repeats, then sorts best first. */
static size_t finish_pairs(PairVec *v)
{
	bool radix = v->count >= RADIX_FROM;
	if (radix)
		radix_sort_pairs(v->items, v->count, false);
	else
		sort_items(v->items, v->count, sizeof *v->items, cmp_pair_ab);
	size_t w = 0;
	for (size_t i = 0; i < v->count; i++)
		if (w == 0 || v->items[w - 1].a != v->items[i].a || v->items[w - 1].b != v->items[i].b)
			v->items[w++] = v->items[i];
	v->count = w;
	if (radix)
		radix_sort_pairs(v->items, v->count, true);
	else
		sort_items(v->items, v->count, sizeof *v->items, cmp_pair_score);
	return w;
}

/* The trigrams two sorted sets share, merged only while the rest could
 * still bring the count to need: below need means below need. */
static size_t overlap_bounded(const uint32_t *x, size_t nx, const uint32_t *y, size_t ny, size_t need)
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

/* Whether judge could find anything in two records of one block (same
 * place and sector, dates met): an overlap, told by the dates and the
 * organizations alone, or the same record, which needs titles at least
 * TITLE_NEEDED[0] alike in some language; the trigram merge stops as soon
 * as that is out of reach. Most pairs of a block are neither, and this is
 * cheaper than consider. */
static bool block_pair_possible(const MatchIndex *ix, uint32_t a, uint32_t b)
{
	const Rec *x = &ix->recs[a], *y = &ix->recs[b];
	if (x->dated && y->dated) {
		long lo = x->start > y->start ? x->start : y->start;
		long hi = x->end < y->end ? x->end : y->end;
		const int64_t *xi = ix->i64 + x->implementers.off, *yi = ix->i64 + y->implementers.off;
		const int64_t *xf = ix->i64 + x->funders.off, *yf = ix->i64 + y->funders.off;
		if (hi - lo + 1 >= 28 && x->implementers.n && y->implementers.n &&
		    !share_i64(xi, x->implementers.n, yi, y->implementers.n) &&
		    !share_i64(xf, x->funders.n, yf, y->funders.n) &&
		    !share_i64(xf, x->funders.n, yi, y->implementers.n) &&
		    !share_i64(xi, x->implementers.n, yf, y->funders.n))
			return true;
	}
	for (int l = 0; l < MATCH_LANGS; l++) {
		if (x->title[l] < 0 || y->title[l] < 0)
			continue;
		const Entry *ex = &ix->entries[x->title[l]], *ey = &ix->entries[y->title[l]];
		size_t nx = ex->ranks.n, ny = ey->ranks.n;
		size_t c = overlap_bounded(ix->ranks + ex->ranks.off, nx, ix->ranks + ey->ranks.off, ny,
					   overlap_needed(nx, ny, TITLE_NEEDED[0]));
		if (jaccard_sizes(c, nx, ny) >= TITLE_NEEDED[0])
			return true;
	}
	return false;
}

/* The blocked pass over one group [lo, hi) of blocks: a sweep by start. */
static void sweep_block(const MatchIndex *ix, size_t lo, size_t hi, double min_score, PairVec *out)
{
	for (size_t i = lo; i < hi; i++) {
		uint32_t a = ix->blocks[i].rec;
		long end = ix->recs[a].end;
		for (size_t j = i + 1; j < hi && ix->blocks[j].start <= end; j++) {
			uint32_t b = ix->blocks[j].rec;
			if (a != b && block_pair_possible(ix, a, b))
				consider(ix, a, b, min_score, out);
		}
	}
}

/* ---- the unblocked join ---- */

#define JOIN_CHUNK 256          /* positions a thread takes at a time */
#define JOIN_INLINE_BELOW 4096  /* fewer titles are joined on the calling thread alone */
#define JOIN_LIST_MAX 128       /* longer lists of a pair of words are not probed */

/* The first index in [lo, hi) of an ascending list whose value is >= key. */
static uint32_t lower_bound_u32(const uint32_t *v, uint32_t lo, uint32_t hi, uint32_t key)
{
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (v[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first position in order[lo .. hi) (one language) of a set of at least size trigrams. */
static uint32_t first_of_size(const MatchIndex *ix, uint32_t lo, uint32_t hi, double size)
{
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if ((double)ix->order_size[mid] < size - 1e-9)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}


/* What one thread of the join keeps to itself. */
typedef struct JoinScratch {
	uint32_t *met;          /* per position in order[]: the last probe (position + 1) that met it */
	uint32_t *touched;      /* the positions this probe counted */
	PairVec pairs;          /* what this thread found */
} JoinScratch;

/* A pass shared by its threads: the blocked pass over block groups, or
 * the title join over positions in order[]. */
typedef struct Join {
	const MatchIndex *ix;
	const MatchOptions *opts;
	const uint32_t *groups; /* the blocked pass: group g is blocks[groups[g] .. [g+1]);
				 * NULL for the title join */
	size_t units;           /* groups, or positions, to take */
	atomic_size_t next;     /* the first unit of the next chunk to take */
	size_t step, total;     /* for progress reports */
} Join;

/* The list of pair key key, as [*from, *to) of pair_postings; false when
 * there is none, or when it is longer than JOIN_LIST_MAX: a pair of
 * common words (two words of "water supply networks") says nothing of
 * which titles are alike, and would make the join quadratic. */
static bool pair_list(const MatchIndex *ix, uint64_t key, uint32_t *from, uint32_t *to)
{
	uint32_t id;
	if (!keymap_get(&ix->pair_id, key, &id))
		return false;
	*from = ix->pair_off[id];
	*to = ix->pair_off[id + 1];
	return *to - *from <= JOIN_LIST_MAX;
}

/* The title at position i of order[] against those before it (same
 * language, at least t of its size, no larger) that hold two of its
 * rarest words among their own: those whose trigrams reach t are passed
 * on to consider. */
static void join_one(const MatchIndex *ix, size_t i, double min_score, JoinScratch *js)
{
	double t = ix->threshold;
	const Entry *ex = &ix->entries[ix->order[i]];
	const uint32_t *xr = ix->ranks + ex->ranks.off;
	size_t nx = ex->ranks.n;
	uint32_t lo = first_of_size(ix, ix->lang_start[ex->lang], (uint32_t)i, t * (double)nx);
	if (lo >= i)
		return;
	uint32_t mark = (uint32_t)i + 1;
	size_t found = 0;
	uint64_t pk[JOIN_MAX_KEYS];
	size_t kn = pair_keys(ix->word_ranks + ex->words.off, ex->words.n, pk);
	for (size_t k = 0; k < kn; k++) {
		uint32_t from, to;
		if (!pair_list(ix, pk[k], &from, &to))
			continue;
		for (uint32_t q = lower_bound_u32(ix->pair_postings, from, to, lo); q < to; q++) {
			uint32_t y = ix->pair_postings[q];
			if (y >= i)
				break;
			if (js->met[y] == mark)
				continue;
			js->met[y] = mark;
			js->touched[found++] = y;
		}
	}
	for (size_t k = 0; k < found; k++) {
		const Entry *ey = &ix->entries[ix->order[js->touched[k]]];
		size_t ny = ey->ranks.n;
		size_t c = overlap_bounded(xr, nx, ix->ranks + ey->ranks.off, ny, overlap_needed(nx, ny, t));
		if (jaccard_sizes(c, nx, ny) >= t)
			consider(ix, ex->rec, ey->rec, min_score, &js->pairs);
	}
}

static void *join_worker(void *arg)
{
	Join *j = ((void **)arg)[0];
	JoinScratch *js = ((void **)arg)[1];
	bool reports = ((void **)arg)[2] != NULL;
	for (;;) {
		size_t lo = atomic_fetch_add(&j->next, JOIN_CHUNK);
		if (lo >= j->units)
			break;
		size_t hi = lo + JOIN_CHUNK < j->units ? lo + JOIN_CHUNK : j->units;
		for (size_t u = lo; u < hi; u++) {
			if (j->groups)
				sweep_block(j->ix, j->groups[u], j->groups[u + 1], j->opts->min_score, &js->pairs);
			else
				join_one(j->ix, u, j->opts->min_score, js);
		}
		if (reports && j->opts->progress)
			j->opts->progress(j->opts->progress_data, j->step + (j->groups ? j->groups[hi] : hi),
					  j->total);
	}
	return NULL;
}

/* Moves the pairs of from to the end of to (millions, in the blocked pass
 * of a large registry: not one at a time), and frees from's. */
static void pair_vec_take(PairVec *to, PairVec *from)
{
	if (!to->items) {
		*to = *from;
		memset(from, 0, sizeof *from);
		return;
	}
	if (to->count + from->count > to->alloc) {
		to->alloc = to->count + from->count;
		to->items = xrealloc(to->items, to->alloc * sizeof *to->items);
	}
	if (from->count)
		memcpy(to->items + to->count, from->items, from->count * sizeof *from->items);
	to->count += from->count;
	free(from->items);
	memset(from, 0, sizeof *from);
}

/* A pass into out (the blocked pass when groups is given, else the title
 * join) on the calling thread and, for much work, a second one. Progress
 * is reported from the calling thread only. */
static void pair_on_threads(const MatchIndex *ix, const MatchOptions *opts, const uint32_t *groups,
			    size_t units, size_t step, size_t total, PairVec *out)
{
	size_t n = ix->entry_count;
	int threads = thread_count(opts, groups ? ix->block_count : n, JOIN_INLINE_BELOW);
	Join j = {.ix = ix, .opts = opts, .groups = groups, .units = units, .step = step, .total = total};
	atomic_init(&j.next, 0);
	JoinScratch js[MATCH_THREADS];
	void *args[MATCH_THREADS][3];
	pthread_t tid[MATCH_THREADS];
	bool started[MATCH_THREADS] = {false};
	for (int k = 0; k < threads; k++) {
		memset(&js[k], 0, sizeof js[k]);
		if (!groups) {
			js[k].met = xcalloc(n, sizeof *js[k].met);
			js[k].touched = xmalloc(n * sizeof *js[k].touched);
		}
		args[k][0] = &j;
		args[k][1] = &js[k];
		args[k][2] = k == 0 ? (void *)&j : NULL;
	}
	for (int k = 1; k < threads; k++)
		started[k] = pthread_create(&tid[k], NULL, join_worker, args[k]) == 0;
	join_worker(args[0]); /* a thread that could not start leaves its share to this one */
	for (int k = 0; k < threads; k++) {
		if (k > 0 && started[k])
			pthread_join(tid[k], NULL);
		pair_vec_take(out, &js[k].pairs);
		free(js[k].met);
		free(js[k].touched);
	}
}

size_t match_pairs(const MatchIndex *ix, const MatchOptions *opts, MatchPair **out)
{
	MatchOptions defaults;
	if (!opts) {
		match_options_default(&defaults);
		opts = &defaults;
	}
	PairVec v = {0};
	size_t total = (opts->blocked ? ix->block_count : 0) + (opts->unblocked ? ix->entry_count : 0);
	size_t step = 0;
	if (opts->blocked && ix->block_count) {
		/* where each group of blocks (one place and sector) starts */
		uint32_t *groups = NULL;
		size_t group_count = 0, group_alloc = 0;
		for (size_t b = 0; b < ix->block_count; b++)
			if (b == 0 || ix->blocks[b].key != ix->blocks[b - 1].key)
				VEC_PUSH(groups, group_count, group_alloc, (uint32_t)b);
		VEC_PUSH(groups, group_count, group_alloc, (uint32_t)ix->block_count);
		pair_on_threads(ix, opts, groups, group_count - 1, step, total, &v);
		free(groups);
		step += ix->block_count;
	}
	if (opts->unblocked && ix->entry_count)
		pair_on_threads(ix, opts, NULL, ix->entry_count, step, total, &v);
	if (opts->progress)
		opts->progress(opts->progress_data, total, total);
	*out = v.items;
	return finish_pairs(&v);
}

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

static void probe_free(ProbeData *d)
{
	for (int l = 0; l < MATCH_LANGS; l++) {
		free(d->title[l]);
		free(d->words[l]);
		for (size_t k = 0; k < d->word_n[l]; k++)
			free(d->written[l][k]);
		free(d->written[l]);
	}
	for (size_t k = 0; k < d->unknown_count; k++)
		free(d->unknown[k]);
	free(d->unknown);
}

/* The word ranks of a probe's title (words, a match_words string), sorted,
 * each once, into *out, and beside each the word as written (raw, word
 * for word with words) into *written: a word the index does not know gets
 * the rank word_count + k, its text kept as d->unknown[k]. Returns the
 * count; the caller frees both arrays and the strings of *written. */
static size_t probe_words(const MatchIndex *ix, const char *words, const char *raw, ProbeData *d,
			  uint32_t **out, char ***written)
{
	uint32_t *ranks = NULL;
	char **texts = NULL;
	size_t count = 0, alloc = 0, text_count = 0, text_alloc = 0;
	for (const char *p = words, *r = raw; *p;) {
		size_t len = strcspn(p, " "), raw_len = strcspn(r, " ");
		if (len) {
			uint32_t rank;
			if (!keymap_get(&ix->word_rank, hash_bytes(p, len) | 1, &rank)) {
				size_t k = 0;
				while (k < d->unknown_count &&
				       !(strncmp(d->unknown[k], p, len) == 0 && d->unknown[k][len] == '\0'))
					k++;
				if (k == d->unknown_count)
					VEC_PUSH(d->unknown, d->unknown_count, d->unknown_alloc, xstrndup(p, len));
				rank = (uint32_t)(ix->word_count + k);
			}
			VEC_PUSH(ranks, count, alloc, rank);
			VEC_PUSH(texts, text_count, text_alloc, xstrndup(r, raw_len));
		}
		p += len;
		r += raw_len;
		while (*p == ' ')
			p++;
		while (*r == ' ')
			r++;
	}
	for (size_t i = 1; i < count; i++) {
		uint32_t rank = ranks[i];
		char *text = texts[i];
		size_t k = i;
		for (; k > 0 && ranks[k - 1] > rank; k--) {
			ranks[k] = ranks[k - 1];
			texts[k] = texts[k - 1];
		}
		ranks[k] = rank;
		texts[k] = text;
	}
	size_t kept = 0;
	for (size_t i = 0; i < count; i++) {
		if (kept && ranks[kept - 1] == ranks[i]) {
			free(texts[i]);
			continue;
		}
		ranks[kept] = ranks[i];
		texts[kept++] = texts[i];
	}
	*out = ranks;
	*written = texts;
	return kept;
}

static void probe_view(const MatchIndex *ix, const MatchProject *p, ProbeData *d, View *v)
{
	memset(v, 0, sizeof *v);
	record_days(p, &v->start, &v->end, &v->dated);
	v->people = p->people_reached >= 0 ? (float)p->people_reached : -1.0f;
	record_places((MatchIndex *)ix, p, false, d->places, &v->place_n, d->provinces, &v->province_n,
		      LIST_CAP);
	v->places = d->places;
	v->provinces = d->provinces;
	v->sector_n = sector_ids((MatchIndex *)ix, p, false, d->sectors);
	v->sectors = d->sectors;
	v->target_n = target_hashes(p, d->targets);
	v->targets = d->targets;
	v->implementers = p->implementer_ids;
	v->implementer_n = p->implementer_count;
	v->funders = p->funder_ids;
	v->funder_n = p->funder_count;
	v->description_n = description_hashes(p, d->description, 200);
	v->description = d->description;
	d->unknown = NULL;
	d->unknown_count = d->unknown_alloc = 0;
	v->probe_words = NULL;
	for (int l = 0; l < MATCH_LANGS; l++) {
		d->title[l] = d->words[l] = NULL;
		d->written[l] = NULL;
		d->word_n[l] = 0;
	}
	for (int l = 0; l < MATCH_LANGS; l++) {
		if (!p->title[l] || !*p->title[l])
			continue;
		uint64_t *keys = NULL;
		size_t count = 0, alloc = 0;
		Buf raw;
		buf_init(&raw, 0);
		char *words = words_of(p->title[l], &raw);
		trigram_keys(words, &keys, &count, &alloc);
		d->word_n[l] = probe_words(ix, words, buf_str(&raw), d, &d->words[l], &d->written[l]);
		v->word_n[l] = d->word_n[l];
		v->words[l] = d->words[l];
		v->probe_written[l] = (const char *const *)d->written[l];
		buf_free(&raw);
		free(words);
		sort_u64(keys, count);
		count = unique_u64(keys, count);
		d->title[l] = xmalloc((count ? count : 1) * sizeof(uint32_t));
		size_t known = 0;
		for (size_t k = 0; k < count; k++) {
			uint32_t rank;
			if (keymap_get(&ix->trigram_rank, keys[k], &rank))
				d->title[l][known++] = rank;
		}
		free(keys);
		sort_u32(d->title[l], known);
		v->title[l] = d->title[l];
		v->title_n[l] = known;
		v->title_size[l] = count;
	}
	v->probe_words = d->unknown; /* now that no more are added */
}

static void probe_consider(const MatchIndex *ix, const View *pv, size_t b, double min_score,
			   PairVec *out)
{
	View vb;
	Facts f;
	MatchKind kind;
	double score;
	view_of(ix, b, &vb);
	facts_of(pv, &vb, &f);
	if (!judge(ix, pv, &vb, &f, &kind, &score) || score < min_score)
		return;
	MatchPair p = {-1, (int32_t)b, kind, (float)score};
	VEC_PUSH(out->items, out->count, out->alloc, p);
}

/* A list of positions or records, grown as needed. */
typedef struct U32Vec {
	uint32_t *items;
	size_t count, alloc;
} U32Vec;

/* The records whose title in language lang reaches the join threshold
 * against a title that is not indexed, pushed onto recs: its word ranks,
 * sorted (the known ones: a word the index does not know is held by no
 * title, the rarest there is, and ranked last), and its trigrams as ranks,
 * sorted (the known ones), with the count of all its trigrams. */
static void lookup_title(const MatchIndex *ix, const uint32_t *words, size_t words_known,
			 const uint32_t *ranks, size_t known, size_t size, int lang, U32Vec *recs)
{
	double t = ix->threshold;
	uint32_t from = ix->lang_start[lang], to = ix->lang_start[lang + 1];
	uint32_t lo = first_of_size(ix, from, to, t * (double)size);
	uint32_t hi = first_of_size(ix, lo, to, floor((double)size / t + 1e-9) + 1);
	uint64_t pk[JOIN_MAX_KEYS];
	size_t kn = pair_keys(words, words_known, pk);
	U32Vec cand = {0};
	for (size_t k = 0; k < kn; k++) {
		uint32_t list_from, list_to;
		if (!pair_list(ix, pk[k], &list_from, &list_to))
			continue;
		for (uint32_t q = lower_bound_u32(ix->pair_postings, list_from, list_to, lo);
		     q < list_to && ix->pair_postings[q] < hi; q++)
			VEC_PUSH(cand.items, cand.count, cand.alloc, ix->pair_postings[q]);
	}
	sort_u32(cand.items, cand.count);
	cand.count = unique_u32(cand.items, cand.count);
	for (size_t k = 0; k < cand.count; k++) {
		const Entry *ey = &ix->entries[ix->order[cand.items[k]]];
		size_t c = overlap_bounded(ranks, known, ix->ranks + ey->ranks.off, ey->ranks.n,
					   overlap_needed(size, ey->ranks.n, t));
		if (jaccard_sizes(c, size, ey->ranks.n) >= t)
			VEC_PUSH(recs->items, recs->count, recs->alloc, ey->rec);
	}
	free(cand.items);
}

size_t match_similar(const MatchIndex *ix, const MatchProject *probe, const MatchOptions *opts,
		     size_t limit, MatchPair **out)
{
	MatchOptions defaults;
	if (!opts) {
		match_options_default(&defaults);
		opts = &defaults;
	}
	ProbeData d;
	View pv;
	PairVec v = {0};
	U32Vec recs = {0};
	probe_view(ix, probe, &d, &pv);

	/* blocked: the probe's places x sectors, records whose dates meet it */
	for (size_t a = 0; opts->blocked && a < pv.place_n; a++)
		for (size_t s = 0; s < pv.sector_n; s++) {
			uint64_t key = ((uint64_t)pv.places[a] << 32) | pv.sectors[s];
			size_t lo = 0, hi = ix->block_count;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (ix->blocks[mid].key < key)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (size_t i = lo; i < ix->block_count && ix->blocks[i].key == key &&
					    ix->blocks[i].start <= pv.end;
			     i++)
				if (ix->recs[ix->blocks[i].rec].end >= pv.start)
					VEC_PUSH(recs.items, recs.count, recs.alloc, ix->blocks[i].rec);
		}

	/* unblocked: titles alike, wherever and whenever */
	for (int l = 0; opts->unblocked && l < MATCH_LANGS; l++) {
		if (!pv.title_size[l])
			continue;
		uint64_t *keys = NULL;
		size_t count = 0, alloc = 0;
		char *words = match_words(probe->title[l]);
		word_keys(words, &keys, &count, &alloc);
		free(words);
		uint32_t *word_ranks = xmalloc((count ? count : 1) * sizeof *word_ranks);
		size_t known = 0;
		for (size_t k = 0; k < count; k++)
			if (keymap_get(&ix->word_rank, keys[k], &word_ranks[known]))
				known++;
		free(keys);
		sort_u32(word_ranks, known);
		lookup_title(ix, word_ranks, known, pv.title[l], pv.title_n[l], pv.title_size[l], l, &recs);
		free(word_ranks);
	}

	/* each record once */
	sort_u32(recs.items, recs.count);
	recs.count = unique_u32(recs.items, recs.count);
	for (size_t k = 0; k < recs.count; k++)
		probe_consider(ix, &pv, recs.items[k], opts->min_score, &v);
	free(recs.items);
	probe_free(&d);
	sort_items(v.items, v.count, sizeof *v.items, cmp_pair_score);
	if (v.count > limit)
		v.count = limit;
	*out = v.items;
	return v.count;
}

/* ---- reasons ---- */

static const char *code_text(const MatchIndex *ix, int64_t id)
{
	return id >= 0 && (size_t)id < ix->code_count ? ix->codes[id] : "";
}

/* A sector as people say it: its code when short (WASH, GBV), else its name. */
/* ---- reasons ---- */

/* Starts a part with its message id; NULL when the list is full. */
static MatchReason *reason_add(MatchReasons *r, const char *msgid)
{
	if (r->count == MATCH_REASONS_MAX)
		return NULL;
	MatchReason *m = &r->items[r->count++];
	memset(m, 0, sizeof *m);
	m->msgid = msgid;
	return m;
}

/* Adds an argument to a part, cut on a character boundary to fit. */
static void reason_arg(MatchReason *m, ReasonArgKind kind, const char *text)
{
	if (!m || m->arg_count == MATCH_REASON_ARGS)
		return;
	char *to = m->args[m->arg_count];
	size_t n = strlen(text ? text : "");
	if (n > MATCH_REASON_ARG_MAX) {
		n = MATCH_REASON_ARG_MAX;
		while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(to, text, n);
	to[n] = '\0';
	m->kinds[m->arg_count++] = kind;
}

/* A ratio as two decimals ("0.81"), without the C library's formatter. */
static void ratio_text(double x, char out[8])
{
	int hundredths = (int)lround(x * 100.0);
	if (hundredths >= 100) {
		memcpy(out, "1.00", 5);
		return;
	}
	if (hundredths < 0)
		hundredths = 0;
	out[0] = '0';
	out[1] = '.';
	out[2] = (char)('0' + hundredths / 10);
	out[3] = (char)('0' + hundredths % 10);
	out[4] = '\0';
}

/* A whole number in decimal, without the C library's formatter. */
static void long_text(long v, char out[24])
{
	char tmp[24];
	size_t n = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u && n < sizeof tmp - 1);
	size_t o = 0;
	if (v < 0)
		out[o++] = '-';
	while (n)
		out[o++] = tmp[--n];
	out[o] = '\0';
}

static void reason_ratio(MatchReasons *r, const char *msgid, double x)
{
	char t[8];
	ratio_text(x, t);
	reason_arg(reason_add(r, msgid), REASON_TEXT, t);
}

void match_reason_parts(const MatchIndex *ix, const MatchPair *p, const MatchProject *probe,
			MatchReasons *out)
{
	View va, vb;
	ProbeData d;
	Facts f;
	bool is_probe = p->a < 0;
	out->count = 0;
	if (is_probe)
		probe_view(ix, probe, &d, &va);
	else
		view_of(ix, (size_t)p->a, &va);
	view_of(ix, (size_t)p->b, &vb);
	facts_of(&va, &vb, &f);

	bool same_place = f.place >= 0 || f.province >= 0;
	if (f.sector >= 0 && same_place) {
		MatchReason *m = reason_add(out, N_("both %s in %s"));
		reason_arg(m, REASON_SECTOR, code_text(ix, f.sector));
		reason_arg(m, REASON_PLACE, code_text(ix, f.place >= 0 ? f.place : f.province));
	} else if (f.sector >= 0) {
		reason_arg(reason_add(out, N_("both %s")), REASON_SECTOR, code_text(ix, f.sector));
	} else if (same_place) {
		reason_arg(reason_add(out, N_("both in %s")), REASON_PLACE,
			   code_text(ix, f.place >= 0 ? f.place : f.province));
	} else {
		reason_add(out, N_("different places and sectors"));
	}
	if (f.place < 0 && va.place_n && vb.place_n)
		reason_add(out, f.province >= 0 ? N_("different districts") : N_("different provinces"));
	if (f.sector < 0 && va.sector_n && vb.sector_n && same_place)
		reason_add(out, N_("different sectors"));
	if (f.both_dated) {
		if (f.overlap_days > 0) {
			long months = lround((double)f.overlap_days / 30.44);
			char n[24];
			if (months < 1) {
				long_text(f.overlap_days, n);
				reason_arg(reason_add(out, N_("%s days overlap")), REASON_TEXT, n);
			} else if (months == 1) {
				reason_add(out, N_("1 month overlap"));
			} else {
				long_text(months, n);
				reason_arg(reason_add(out, N_("%s months overlap")), REASON_TEXT, n);
			}
		} else {
			reason_add(out, N_("dates do not overlap"));
		}
	}
	reason_ratio(out, N_("titles %s alike"), f.title);
	if (f.description >= 0)
		reason_ratio(out, N_("descriptions %s alike"), f.description);
	if (f.same_donor)
		reason_add(out, N_("same donor"));
	if (f.same_implementer)
		reason_add(out, N_("same implementer"));
	if (f.crossed)
		reason_add(out, N_("the donor of one is named on the other"));
	if (p->kind == MATCH_OVERLAP)
		reason_add(out, N_("different organizations"));
	if (f.targets >= 1.0)
		reason_add(out, N_("same target groups"));
	if (f.people_close)
		reason_add(out, N_("similar numbers of people reached"));
	if (is_probe)
		probe_free(&d);
}

/* A name in lang, else in English. */
static const char *name_in(const char *lang, const char *en, const char *prs, const char *pus)
{
	if (lang && strcmp(lang, "prs") == 0 && prs && *prs)
		return prs;
	if (lang && strcmp(lang, "pus") == 0 && pus && *pus)
		return pus;
	return en;
}

static bool english(const char *lang)
{
	return !lang || (strcmp(lang, "prs") != 0 && strcmp(lang, "pus") != 0);
}

static const char *translated(MatchTranslate translate, void *data, const char *msgid)
{
	const char *t = translate ? translate(data, msgid) : msgid;
	return t ? t : msgid;
}

static void put_filled(Buf *b, const char *format, const char *const *args, int count);

/* A sector by its name: in English, a short code ("WASH", "FSAC") is the
 * name people use; a long one is named. */
static void put_sector(Buf *b, const RefData *ref, const char *lang, const char *code)
{
	const Code *c = ref ? codelist_find(&ref->sectors, code) : NULL;
	if (!c) {
		buf_puts(b, code);
		return;
	}
	if (english(lang) || !name_in(lang, NULL, c->name_prs, c->name_pus))
		buf_puts(b, strlen(code) <= 5 ? code : c->name_en);
	else
		buf_puts(b, name_in(lang, c->name_en, c->name_prs, c->name_pus));
}

static void put_place(Buf *b, const RefData *ref, const char *lang, MatchTranslate translate,
		      void *data, const char *pcode)
{
	const Place *pl = ref ? gaz_get(ref->gaz, pcode) : NULL;
	if (!pl) {
		buf_puts(b, pcode);
		return;
	}
	const char *name = name_in(lang, pl->name_en, pl->name_prs, pl->name_pus);
	if (pl->level == PLACE_DISTRICT) {
		const Place *prov = gaz_get(ref->gaz, pl->parent_pcode);
		const char *args[2] = {
		    name, prov ? name_in(lang, prov->name_en, prov->name_prs, prov->name_pus)
			       : pl->parent_pcode};
		put_filled(b, translated(translate, data, N_("%s district, %s")), args, 2);
	} else {
		const char *args[1] = {name};
		put_filled(b, translated(translate, data, N_("%s province")), args, 1);
	}
}

/* Writes format with each %s replaced by the next argument (or %N$s by
 * the N-th, for a translation that puts them in another order); %% is a
 * percent sign. Anything else is written as it is. */
static void put_filled(Buf *b, const char *format, const char *const *args, int count)
{
	int next = 0;
	for (const char *f = format; *f; f++) {
		if (*f != '%') {
			buf_putc(b, *f);
			continue;
		}
		if (f[1] == '%') {
			buf_putc(b, '%');
			f++;
		} else if (f[1] == 's') {
			if (next < count)
				buf_puts(b, args[next]);
			next++;
			f++;
		} else if (f[1] >= '1' && f[1] <= '9' && f[2] == '$' && f[3] == 's') {
			int i = f[1] - '1';
			if (i < count)
				buf_puts(b, args[i]);
			f += 3;
		} else {
			buf_putc(b, '%');
		}
	}
}

void match_reasons_text(const MatchReasons *r, const RefData *ref, const char *lang,
			MatchTranslate translate, void *data, Buf *b)
{
	for (size_t i = 0; i < r->count; i++) {
		const MatchReason *m = &r->items[i];
		Buf arg[MATCH_REASON_ARGS];
		const char *args[MATCH_REASON_ARGS];
		for (int k = 0; k < m->arg_count; k++) {
			buf_init(&arg[k], 0);
			if (m->kinds[k] == REASON_SECTOR)
				put_sector(&arg[k], ref, lang, m->args[k]);
			else if (m->kinds[k] == REASON_PLACE)
				put_place(&arg[k], ref, lang, translate, data, m->args[k]);
			else
				buf_puts(&arg[k], m->args[k]);
			args[k] = buf_str(&arg[k]);
		}
		if (i)
			buf_puts(b, "; ");
		put_filled(b, translated(translate, data, m->msgid), args, m->arg_count);
		for (int k = 0; k < m->arg_count; k++)
			buf_free(&arg[k]);
	}
}

void match_reasons(const MatchIndex *ix, const MatchPair *p, const MatchProject *probe, Buf *b)
{
	MatchReasons *r = xmalloc(sizeof *r);
	match_reason_parts(ix, p, probe, r);
	match_reasons_text(r, ix->ref, "en", NULL, NULL, b);
	free(r);
}

/* ---- organizations ---- */

/* The words of a name without the part in brackets. */
static char *name_words(const char *name)
{
	char *bare = strip_brackets(name ? name : "");
	char *words = match_words(bare);
	free(bare);
	return words;
}

/* A word with every h removed: agha and aga, khan and kan give one key,
 * for finding candidates (the score still tells them apart). */
static uint64_t loose_key(const char *w, size_t len)
{
	char tmp[128];
	size_t n = 0;
	for (size_t i = 0; i < len && n < sizeof tmp; i++)
		if (w[i] != 'h')
			tmp[n++] = w[i];
	return hash_bytes(tmp, n) | 1;
}

/* Two words are alike when equal, or (Latin, 4+ letters) one edit apart. */
static bool words_alike(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return true;
	size_t la = strlen(a), lb = strlen(b);
	if (la < 3 || lb < 3 || !is_ascii(a) || !is_ascii(b))
		return false;
	return text_distance(a, b, 1) <= 1;
}

/* Soft Dice of the words of two names. */
static double name_similarity(const char *wa, const char *wb)
{
	char *a = xstrdup(wa), *b = xstrdup(wb);
	const char *ta[64], *tb[64];
	size_t na = 0, nb = 0;
	char *save = NULL;
	for (char *w = strtok_r(a, " ", &save); w && na < 64; w = strtok_r(NULL, " ", &save))
		ta[na++] = w;
	for (char *w = strtok_r(b, " ", &save); w && nb < 64; w = strtok_r(NULL, " ", &save))
		tb[nb++] = w;
	bool used[64] = {false};
	size_t matched = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (!used[j] && words_alike(ta[i], tb[j])) {
				used[j] = true;
				matched++;
				break;
			}
	free(a);
	free(b);
	return na + nb ? 2.0 * (double)matched / (double)(na + nb) : 0.0;
}

/* The web domain of a site, folded, without scheme and "www."; the caller frees. */
static char *web_domain(const char *site)
{
	if (!site || !*site)
		return xstrdup("");
	const char *p = strstr(site, "://");
	p = p ? p + 3 : site;
	if (strncasecmp(p, "www.", 4) == 0)
		p += 4;
	size_t n = strcspn(p, "/?#:");
	char *d = xstrndup(p, n);
	for (char *c = d; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return d;
}

/* Identifiers compare folded, without spaces or punctuation. */
static char *id_key(const char *s)
{
	char *f = text_fold(s ? s : "");
	if (!f)
		return xstrdup("");
	size_t w = 0;
	for (size_t r = 0; f[r]; r++)
		if (f[r] != ' ')
			f[w++] = f[r];
	f[w] = '\0';
	return f;
}

/* The acronyms of an organization: its own and each name's. */
static size_t org_acronyms(const MatchOrg *o, char **out, size_t cap)
{
	size_t n = 0;
	if (o->acronym && *o->acronym && n < cap) {
		char *a = id_key(o->acronym);
		if (*a)
			out[n++] = a;
		else
			free(a);
	}
	for (size_t i = 0; i < o->name_count && n < cap; i++) {
		char *a = match_acronym(o->names[i]);
		if (strlen(a) >= 2)
			out[n++] = a;
		else
			free(a);
	}
	return n;
}

/* The score of two organizations being one; the reasons as parts into
 * reasons unless it is NULL. */
static double org_score(const MatchOrg *a, const MatchOrg *b, MatchReasons *reasons)
{
	double best = 0;
	size_t best_i = 0, best_j = 0;
	for (size_t i = 0; i < a->name_count; i++) {
		if (!a->names[i] || !*a->names[i])
			continue;
		char *wa = name_words(a->names[i]);
		for (size_t j = 0; j < b->name_count; j++) {
			if (!b->names[j] || !*b->names[j])
				continue;
			char *wb = name_words(b->names[j]);
			double s = name_similarity(wa, wb);
			if (s > best) {
				best = s;
				best_i = i;
				best_j = j;
			}
			free(wb);
		}
		free(wa);
	}
	char *acr_a[16], *acr_b[16];
	size_t na = org_acronyms(a, acr_a, 16), nb = org_acronyms(b, acr_b, 16);
	const char *same_acronym = NULL;
	for (size_t i = 0; i < na && !same_acronym; i++)
		for (size_t j = 0; j < nb && !same_acronym; j++)
			if (strcmp(acr_a[i], acr_b[j]) == 0)
				same_acronym = acr_a[i];

	char *reg_a = id_key(a->reg_number), *reg_b = id_key(b->reg_number);
	char *tin_a = id_key(a->tin), *tin_b = id_key(b->tin);
	char *dom_a = web_domain(a->website), *dom_b = web_domain(b->website);
	bool same_reg = *reg_a && strcmp(reg_a, reg_b) == 0;
	bool same_tin = *tin_a && strcmp(tin_a, tin_b) == 0;
	bool same_domain = *dom_a && strcmp(dom_a, dom_b) == 0;

	double score = 0.8 * best + (same_acronym ? 0.2 : 0.0);
	if (same_tin || same_reg)
		score = score > 0.95 ? score : 0.95;
	if (same_domain)
		score = score > 0.9 ? score : 0.9;
	if (score > 1)
		score = 1;

	if (reasons) {
		reasons->count = 0;
		MatchReason *m = reason_add(reasons, N_("names %s alike (\"%s\" and \"%s\")"));
		char ratio[8];
		ratio_text(best, ratio);
		reason_arg(m, REASON_TEXT, ratio);
		reason_arg(m, REASON_TEXT, a->name_count ? a->names[best_i] : "");
		reason_arg(m, REASON_TEXT, b->name_count ? b->names[best_j] : "");
		if (same_acronym)
			reason_arg(reason_add(reasons, N_("same acronym %s")), REASON_TEXT, same_acronym);
		if (same_reg)
			reason_add(reasons, N_("same registration number"));
		if (same_tin)
			reason_add(reasons, N_("same TIN"));
		if (same_domain)
			reason_arg(reason_add(reasons, N_("same web domain %s")), REASON_TEXT, dom_a);
	}
	for (size_t i = 0; i < na; i++)
		free(acr_a[i]);
	for (size_t i = 0; i < nb; i++)
		free(acr_b[i]);
	free(reg_a);
	free(reg_b);
	free(tin_a);
	free(tin_b);
	free(dom_a);
	free(dom_b);
	return score;
}

double match_org_score(const MatchOrg *a, const MatchOrg *b, Buf *reasons)
{
	if (!reasons)
		return org_score(a, b, NULL);
	MatchReasons *r = xmalloc(sizeof *r);
	double score = org_score(a, b, r);
	match_reasons_text(r, NULL, "en", NULL, NULL, reasons);
	free(r);
	return score;
}

void match_org_reasons(const MatchOrg *a, const MatchOrg *b, MatchReasons *out)
{
	org_score(a, b, out);
}

/* A candidate key of an organization and who holds it. */
typedef struct OrgKey {
	uint64_t key;
	uint32_t org;
} OrgKey;

static int cmp_org_key(const void *x, const void *y)
{
	const OrgKey *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->org < b->org ? -1 : a->org > b->org;
}

/* Keys more common than this say nothing ("foundation", "afghanistan"). */
#define ORG_KEY_MAX_HOLDERS 200

size_t match_orgs(const MatchOrg *items, size_t n, double min_score, MatchPair **out)
{
	OrgKey *keys = NULL;
	size_t key_count = 0, key_alloc = 0;
	for (size_t i = 0; i < n; i++) {
		const MatchOrg *o = &items[i];
		for (size_t k = 0; k < o->name_count; k++) {
			if (!o->names[k])
				continue;
			char *words = name_words(o->names[k]);
			for (const char *p = words; *p;) {
				size_t len = strcspn(p, " ");
				if (len >= 3) {
					OrgKey ok = {loose_key(p, len), (uint32_t)i};
					VEC_PUSH(keys, key_count, key_alloc, ok);
				}
				p += len;
				while (*p == ' ')
					p++;
			}
			free(words);
		}
		char *acr[16];
		size_t na = org_acronyms(o, acr, 16);
		for (size_t k = 0; k < na; k++) {
			OrgKey ok = {hash_bytes(acr[k], strlen(acr[k])) ^ 0xA, (uint32_t)i};
			VEC_PUSH(keys, key_count, key_alloc, ok);
			free(acr[k]);
		}
		const char *ids[3] = {o->reg_number, o->tin, NULL};
		char *dom = web_domain(o->website);
		for (int k = 0; k < 2; k++) {
			char *idk = id_key(ids[k]);
			if (*idk) {
				OrgKey ok = {hash_bytes(idk, strlen(idk)) ^ (uint64_t)(0xB + k), (uint32_t)i};
				VEC_PUSH(keys, key_count, key_alloc, ok);
			}
			free(idk);
		}
		if (*dom) {
			OrgKey ok = {hash_bytes(dom, strlen(dom)) ^ 0xD, (uint32_t)i};
			VEC_PUSH(keys, key_count, key_alloc, ok);
		}
		free(dom);
	}
	sort_items(keys, key_count, sizeof *keys, cmp_org_key);
	uint64_t *candidates = NULL;
	size_t cand_count = 0, cand_alloc = 0;
	for (size_t lo = 0; lo < key_count;) {
		size_t hi = lo + 1;
		while (hi < key_count && keys[hi].key == keys[lo].key)
			hi++;
		if (hi - lo <= ORG_KEY_MAX_HOLDERS)
			for (size_t i = lo; i < hi; i++)
				for (size_t j = i + 1; j < hi; j++)
					if (keys[i].org != keys[j].org)
						VEC_PUSH(candidates, cand_count, cand_alloc,
							 ((uint64_t)keys[i].org << 32) | keys[j].org);
		lo = hi;
	}
	free(keys);
	sort_u64(candidates, cand_count);
	cand_count = unique_u64(candidates, cand_count);
	PairVec v = {0};
	for (size_t c = 0; c < cand_count; c++) {
		uint32_t a = (uint32_t)(candidates[c] >> 32), b = (uint32_t)candidates[c];
		double s = match_org_score(&items[a], &items[b], NULL);
		if (s >= min_score) {
			MatchPair p = {(int32_t)a, (int32_t)b, MATCH_SAME, (float)s};
			VEC_PUSH(v.items, v.count, v.alloc, p);
		}
	}
	free(candidates);
	*out = v.items;
	return finish_pairs(&v);
}
