/*
 * match_join.c — the unblocked title join of the duplicate engine
 * (match.h), and single lookups (match_similar), which probe the same
 * lists with a would-be record.
 *
 * The unblocked join pairs titles whose trigram Jaccard reaches the
 * threshold t, without comparing all pairs. Candidates are found on the
 * titles' WORDS: words are ranked rarest first by how many titles hold
 * them (words held by one title alone last: no other title can share
 * them), and two titles are candidates when they share two of their four
 * rarest words (JOIN_TOP_WORDS): each pair of those words is a key with
 * the list of titles holding it (built with the index, in match.c). For
 * titles such as ours, that is the village and the district. Two shared
 * words, not one, because a district alone is shared by every title of
 * the district; four words, not two, so that up to two words changed on
 * either side (typos, a dropped word) still leave two of the four in
 * common, however the misspelt words rank: a misspelling repeated in a
 * few titles counts as rare. Lists longer than JOIN_LIST_MAX (two common
 * words, "water supply") are not probed. Each candidate whose trigram set
 * is within a factor t in size (length filter; titles are taken in order
 * of size, each against those before it) is then merged with the
 * probe's, stopping as soon as t / (1 + t) * (|x| + |y|) common trigrams
 * are out of reach, and kept when the Jaccard reaches t.
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
 * The join's titles are shared out between threads by match_pairs
 * (match.c), which calls match_join_one for each.
 *
 * No I/O; no state between calls.
 */
#include "core/match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/match_int.h"
#include "core/mem.h"

/* ---- the unblocked join ---- */

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
 * on to match_consider. */
void match_join_one(const MatchIndex *ix, size_t i, double min_score, JoinScratch *js)
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
			match_consider(ix, ex->rec, ey->rec, min_score, &js->pairs);
	}
}

/* ---- lookups ---- */

void match_probe_free(ProbeData *d)
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

void match_probe_view(const MatchIndex *ix, const MatchProject *p, ProbeData *d, View *v)
{
	memset(v, 0, sizeof *v);
	match_record_days(p, &v->start, &v->end, &v->dated);
	v->people = p->people_reached >= 0 ? (float)p->people_reached : -1.0f;
	match_record_places((MatchIndex *)ix, p, false, d->places, &v->place_n, d->provinces, &v->province_n,
		      LIST_CAP);
	v->places = d->places;
	v->provinces = d->provinces;
	v->sector_n = match_sector_ids((MatchIndex *)ix, p, false, d->sectors);
	v->sectors = d->sectors;
	v->target_n = match_target_hashes(p, d->targets);
	v->targets = d->targets;
	v->implementers = p->implementer_ids;
	v->implementer_n = p->implementer_count;
	v->funders = p->funder_ids;
	v->funder_n = p->funder_count;
	v->description_n = match_description_hashes(p, d->description, 200);
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
		char *words = match_words_of(p->title[l], &raw);
		match_trigram_keys(words, &keys, &count, &alloc);
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
	match_view_of(ix, b, &vb);
	match_facts_of(pv, &vb, &f);
	if (!match_judge(ix, pv, &vb, &f, &kind, &score) || score < min_score)
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
	match_probe_view(ix, probe, &d, &pv);

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
		match_word_keys(words, &keys, &count, &alloc);
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
	match_probe_free(&d);
	sort_items(v.items, v.count, sizeof *v.items, match_cmp_pair_score);
	if (v.count > limit)
		v.count = limit;
	*out = v.items;
	return v.count;
}

