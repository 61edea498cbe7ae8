/*
 * match.c — the duplicate and overlap engine (see match.h): the index,
 * the scoring of a pair, and the passes over the index (match_pairs).
 *
 * The engine is split by concern:
 *   match.c          the index build, scoring, the blocked pass, and both
 *                    passes shared out on threads;
 *   match_words.c    the words of a title or name, and the words that tell
 *                    two titles apart (the names rule);
 *   match_join.c     the unblocked title join, and single lookups
 *                    (match_similar);
 *   match_reasons.c  the reasons of a pair, as message-id parts and as text;
 *   match_org.c      organizations;
 *   match_int.h      what they share: the index's types, hashing, sorting
 *                    and the small helpers of the hot loops.
 *
 * Titles are compared as sets of character trigrams of their words, each
 * word padded ("$word$"): a typo touches three trigrams, a swapped word
 * none, a dropped word only its own. Similarity is Jaccard's.
 *
 * The index build makes the text keys of the records (folding, words,
 * trigrams: most of its time) in two halves on two threads, then joins
 * them in record order, so the index does not depend on the threads. The
 * probes of the join, and the groups of the blocked pass, are shared out
 * in chunks between two threads, each (in the join) with its own dense
 * array marking the candidates met; the pairs are sorted at the end, so
 * the result does not depend on which thread found what.
 *
 * The blocked pass groups records by (district, sector), sorts each group
 * by start date and sweeps it, comparing a record only with those starting
 * before it ends: time overlap without comparing all pairs of a group.
 * Most pairs it meets are overlaps (different organizations, same place,
 * sector and months), and all of them are scored, so the pairs of a large
 * registry run to millions: titles are merged without branches on their
 * values, and the pairs are sorted by radix, not by qsort.
 *
 * No I/O; no state between calls.
 */
#include "core/match.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/match_int.h"
#include "core/mem.h"
#include "core/pdate.h"

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

/* ---- trigrams ---- */

/* Appends the trigram keys of the words of a match_words string. */
void match_trigram_keys(const char *words, uint64_t **keys, size_t *count, size_t *alloc)
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
void match_word_keys(const char *words, uint64_t **keys, size_t *count, size_t *alloc)
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

void match_view_of(const MatchIndex *ix, size_t i, View *v)
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
void match_record_days(const MatchProject *p, long *start, long *end, bool *dated)
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
size_t match_description_hashes(const MatchProject *p, uint64_t *out, size_t cap)
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
void match_record_places(MatchIndex *ix, const MatchProject *p, bool add, uint32_t *places,
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

size_t match_target_hashes(const MatchProject *p, uint64_t *out)
{
	size_t n = 0;
	for (size_t k = 0; k < p->target_count && n < LIST_CAP; k++)
		if (p->targets[k])
			out[n++] = hash_bytes(p->targets[k], strlen(p->targets[k])) | 1;
	sort_u64(out, n);
	return unique_u64(out, n);
}

size_t match_sector_ids(MatchIndex *ix, const MatchProject *p, bool add, uint32_t *out)
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
			char *words = match_words_of(p->title[l], &raw);
			size_t before = kp->trigram_count, wbefore = kp->word_count;
			match_trigram_keys(words, &kp->trigrams, &kp->trigram_count, &kp->trigram_alloc);
			title_word_keys(kp, words, buf_str(&raw));
			buf_free(&raw);
			free(words);
			sort_u64(kp->trigrams + before, kp->trigram_count - before);
			kp->trigram_count = before + unique_u64(kp->trigrams + before, kp->trigram_count - before);
			size_t at = (i - kp->lo) * MATCH_LANGS + (size_t)l;
			kp->title_trigrams[at] = (Span){(uint32_t)before, (uint32_t)(kp->trigram_count - before)};
			kp->title_words[at] = (Span){(uint32_t)wbefore, (uint32_t)(kp->word_count - wbefore)};
		}
		size_t dn = match_description_hashes(p, hashes, 200);
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
			match_word_keys(words, &keys, &count, &alloc);
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
			match_record_days(p, &r->start, &r->end, &r->dated);
			r->people = p->people_reached >= 0 ? (float)p->people_reached : -1.0f;
			size_t place_n, province_n;
			match_record_places(ix, p, true, ids, &place_n, ids2, &province_n, LIST_CAP);
			r->places = push_u32(ix, ids, place_n);
			r->provinces = push_u32(ix, ids2, province_n);
			r->sectors = push_u32(ix, ids, match_sector_ids(ix, p, true, ids));
			r->targets = push_u64(ix, hashes, match_target_hashes(p, hashes));
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

/* The title likeness a pair needs to be the same record, by the
 * disagreements on place, organizations and sector (see match_judge). */
static const double TITLE_NEEDED[] = {0.45, 0.7, 0.8, 0.9};

void match_facts_of(const View *a, const View *b, Facts *f)
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
 * village (a school, a canal) the other does not (match_names_differ): looked
 * at last, for the pairs that pass all else.
 * Overlap: not the same record, but the same district,
 * the same sector, at least four weeks in common and different
 * implementers.
 */

bool match_judge(const MatchIndex *ix, const View *a, const View *b, const Facts *f, MatchKind *kind,
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
	if (dates_meet && f->title >= title_needed && same >= 0.6 && !match_names_differ(ix, a, b)) {
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

void match_consider(const MatchIndex *ix, size_t a, size_t b, double min_score, PairVec *out)
{
	View va, vb;
	Facts f;
	MatchKind kind;
	double score;
	match_view_of(ix, a, &va);
	match_view_of(ix, b, &vb);
	match_facts_of(&va, &vb, &f);
	if (!match_judge(ix, &va, &vb, &f, &kind, &score) || score < min_score)
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

int match_cmp_pair_score(const void *x, const void *y)
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
 * by score what is sorted by (a, b) orders as match_cmp_pair_score does. The
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
size_t match_finish_pairs(PairVec *v)
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
		sort_items(v->items, v->count, sizeof *v->items, match_cmp_pair_score);
	return w;
}

/* Whether match_judge could find anything in two records of one block (same
 * place and sector, dates met): an overlap, told by the dates and the
 * organizations alone, or the same record, which needs titles at least
 * TITLE_NEEDED[0] alike in some language; the trigram merge stops as soon
 * as that is out of reach. Most pairs of a block are neither, and this is
 * cheaper than match_consider. */
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
				match_consider(ix, a, b, min_score, out);
		}
	}
}

/* ---- both passes, on threads ---- */

#define JOIN_CHUNK 256          /* positions a thread takes at a time */
#define JOIN_INLINE_BELOW 4096  /* fewer titles are joined on the calling thread alone */

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
				match_join_one(j->ix, u, j->opts->min_score, js);
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
	return match_finish_pairs(&v);
}

