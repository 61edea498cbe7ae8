/*
 * place.c — the gazetteer in memory and the resolution of place names to
 * P-codes (see place.h).
 *
 * Places live in one array kept in P-code order, so a P-code is found by
 * binary search. gaz_index adds two sorted arrays of keys: the folded form
 * of every name a place has (English, Dari, Pashto, alternates) and the
 * transliteration skeleton of each. A name is then resolved by binary
 * search, tier by tier, and only the last tier (a close spelling) scans.
 * This file does no I/O: the caller fills the gazetteer.
 *
 * Resolution, in order; the first tier that finds anything decides:
 *
 *   0. A P-code ("AF2802", "af2802", "AF۲۸۰۲").
 *   1. The folded input equals a folded name of the place — English,
 *      Dari, Pashto or alternate, all one tier: "Khost" is province AF14,
 *      an alternate of AF0913 Khost Wa Fereng and of AF1401 Matun alike.
 *   2. The input's skeleton equals the skeleton of a name (Khawaja Dako
 *      for Khwaja Dukoh).
 *   3. A folded name within a small edit distance of the input: 1 for
 *      inputs up to 5 code points, 2 up to 10, 3 beyond; only the nearest
 *      count.
 *
 * Within a tier, only places equal to or inside `within` count. Then the
 * places that carry one name at two levels are settled — a province and its
 * capital district (Kabul AF01 and AF0101, Balkh AF21 and AF2106), Khost
 * AF14 and its district Matun, also called Khost:
 *
 *   - without `within`, or with `within` above the province, the name means
 *     the province ("Balkh" is AF21);
 *   - with `within` naming the province itself, the caller has said the
 *     place lies inside that province, so the name means the district
 *     ("Balkh" within AF21 is AF2106, "Khost" within AF14 is AF1401).
 *
 * Two places share the name when both matched in the tier, or when one
 * matched and the other has a name with the same skeleton as the input
 * (so "Sari Pul", an alternate only of the district AF2201, still means
 * the province Sar-e-Pul, AF22, whose names share its skeleton).
 *
 * One place left is a match; several are ambiguous and listed; none after
 * the last tier is unresolved, with the nearest names as candidates.
 */
#include "place.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"

/*
 * A letter bag: how many code points of a key fall in each of BAG_SIZE
 * buckets (code point mod BAG_SIZE, counts capped at 255). One edit moves
 * at most one code point in and one out, so the bags of two keys bound
 * their edit distance from below, in a few dozen operations: the close-
 * spelling scans skip most names without computing a distance.
 */
#define BAG_SIZE 32

typedef struct NameKey {
	char *key;                   /* folded name, or its skeleton; owned */
	size_t length;               /* code points in key */
	size_t place;                /* index of the place in Gazetteer.places */
	PlaceHow how;                /* HOW_NAME_EN, HOW_NAME_LOCAL or HOW_ALT_NAME */
	const char *name;            /* the name as written, borrowed from the place */
	bool latin;                  /* key is all ASCII (else Arabic script, mostly) */
	unsigned char bag[BAG_SIZE]; /* letter bag of key */
} NameKey;

struct Gazetteer {
	Place *places;         /* in P-code order */
	size_t count;          /* places in use */
	size_t alloc;          /* places allocated */
	NameKey *folded;       /* folded names, sorted by key (gaz_index) */
	size_t folded_count;   /* entries in folded[] */
	NameKey *skeletons;    /* skeletons of the folded names, sorted by key */
	size_t skeleton_count; /* entries in skeletons[] */
};

/* ---------------------------------------------------------------- places */

/* Copies pcode into out[] in upper case; false when empty or too long. */
static bool normalize_pcode(const char *pcode, char out[PCODE_MAX])
{
	size_t len = pcode ? strlen(pcode) : 0;

	if (len == 0 || len >= PCODE_MAX)
		return false;
	for (size_t i = 0; i <= len; i++) {
		char c = pcode[i];
		out[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
	}
	return true;
}

/* Binary search for an upper-case P-code: true when found; *at is its
 * index, or where it would be inserted. */
static bool find_pcode(const Gazetteer *g, const char *code, size_t *at)
{
	size_t lo = 0, hi = g->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(g->places[mid].pcode, code);
		if (cmp == 0) {
			*at = mid;
			return true;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return false;
}

Gazetteer *gaz_new(void)
{
	return xcalloc(1, sizeof(Gazetteer));
}

static void free_keys(NameKey *keys, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(keys[i].key);
	free(keys);
}

static void free_index(Gazetteer *g)
{
	free_keys(g->folded, g->folded_count);
	free_keys(g->skeletons, g->skeleton_count);
	g->folded = g->skeletons = NULL;
	g->folded_count = g->skeleton_count = 0;
}

void gaz_free(Gazetteer *g)
{
	if (!g)
		return;
	free_index(g);
	for (size_t i = 0; i < g->count; i++) {
		Place *p = &g->places[i];
		free(p->name_en);
		free(p->name_prs);
		free(p->name_pus);
		for (size_t k = 0; k < p->alt_count; k++)
			free(p->alt_names[k]);
		free(p->alt_names);
	}
	free(g->places);
	free(g);
}

/* Splits a '|'-separated list into trimmed, non-empty names. */
static void split_alt_names(Place *p, const char *list)
{
	p->alt_names = NULL;
	p->alt_count = 0;
	if (!list)
		return;
	size_t alloc = 0;
	const char *at = list;
	for (;;) {
		const char *bar = strchr(at, '|');
		const char *end = bar ? bar : at + strlen(at);
		const char *start = at;
		while (start < end && (*start == ' ' || *start == '\t'))
			start++;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > start) {
			if (p->alt_count == alloc) {
				alloc = alloc ? 2 * alloc : 4;
				p->alt_names = xrealloc(p->alt_names, alloc * sizeof *p->alt_names);
			}
			p->alt_names[p->alt_count++] = xstrndup(start, (size_t)(end - start));
		}
		if (!bar)
			break;
		at = bar + 1;
	}
}

/*
 * Besides a repeated P-code, also refuses (returns false for) what the
 * Place fields cannot hold: an empty P-code, or a P-code, parent P-code or
 * region code longer than its field. P-codes are stored in upper case.
 * Adding drops the index: names resolve again after the next gaz_index.
 */
bool gaz_add(Gazetteer *g, const char *pcode, PlaceLevel level, const char *parent_pcode,
             const char *region_code, const char *name_en, const char *name_prs,
             const char *name_pus, const char *alt_names)
{
	char code[PCODE_MAX], parent[PCODE_MAX] = "";
	size_t at;
	Place *p;

	if (!g || !normalize_pcode(pcode, code))
		return false;
	if (parent_pcode && *parent_pcode && !normalize_pcode(parent_pcode, parent))
		return false;
	if (region_code && strlen(region_code) >= sizeof p->region_code)
		return false;
	if (find_pcode(g, code, &at))
		return false;

	free_index(g); /* it holds place indexes, which shift now */
	if (g->count == g->alloc) {
		g->alloc = g->alloc ? 2 * g->alloc : 64;
		g->places = xrealloc(g->places, g->alloc * sizeof *g->places);
	}
	memmove(&g->places[at + 1], &g->places[at], (g->count - at) * sizeof *g->places);
	g->count++;

	p = &g->places[at];
	memset(p, 0, sizeof *p);
	memcpy(p->pcode, code, sizeof code);
	memcpy(p->parent_pcode, parent, sizeof parent);
	if (region_code)
		memcpy(p->region_code, region_code, strlen(region_code) + 1);
	p->level = level;
	p->name_en = xstrdup(name_en ? name_en : "");
	p->name_prs = xstrdup(name_prs ? name_prs : "");
	p->name_pus = xstrdup(name_pus ? name_pus : "");
	split_alt_names(p, alt_names);
	return true;
}

const Place *gaz_get(const Gazetteer *g, const char *pcode)
{
	char code[PCODE_MAX];
	size_t at;

	if (!g || !normalize_pcode(pcode, code) || !find_pcode(g, code, &at))
		return NULL;
	return &g->places[at];
}

size_t gaz_count(const Gazetteer *g)
{
	return g ? g->count : 0;
}

const Place *gaz_at(const Gazetteer *g, size_t i)
{
	return g && i < g->count ? &g->places[i] : NULL;
}

/* Deepest chain followed before giving up: guards against a parent cycle
 * in bad data (the real gazetteer has three levels). */
#define PLACE_MAX_DEPTH 8

bool gaz_within(const Gazetteer *g, const Place *place, const Place *ancestor)
{
	if (!g || !place || !ancestor)
		return false;
	for (int depth = 0; place && depth < PLACE_MAX_DEPTH; depth++) {
		if (place == ancestor || strcmp(place->pcode, ancestor->pcode) == 0)
			return true;
		place = place->parent_pcode[0] ? gaz_get(g, place->parent_pcode) : NULL;
	}
	return false;
}

const Place *gaz_province_of(const Gazetteer *g, const char *pcode)
{
	const Place *p = g && pcode ? gaz_get(g, pcode) : NULL;
	for (int depth = 0; p && depth < PLACE_MAX_DEPTH; depth++) {
		if (p->level == PLACE_PROVINCE)
			return p;
		if (p->level < PLACE_PROVINCE || !p->parent_pcode[0])
			return NULL;
		p = gaz_get(g, p->parent_pcode);
	}
	return NULL;
}

/* ----------------------------------------------------------------- index */

static int compare_keys(const void *a, const void *b)
{
	const NameKey *x = a, *y = b;
	int cmp = strcmp(x->key, y->key);

	if (cmp)
		return cmp;
	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return (int)x->how - (int)y->how;
}

/* Sorts keys and drops repeats of one key for one place, keeping the best
 * `how` (English before local before alternate). Returns the new count. */
static size_t sort_unique(NameKey *keys, size_t count)
{
	size_t kept = 0;

	qsort(keys, count, sizeof *keys, compare_keys);
	for (size_t i = 0; i < count; i++) {
		if (kept > 0 && keys[kept - 1].place == keys[i].place &&
		    strcmp(keys[kept - 1].key, keys[i].key) == 0) {
			free(keys[i].key);
			continue;
		}
		keys[kept++] = keys[i];
	}
	return kept;
}

/* Growable list of keys while the index is built. */
typedef struct KeyList {
	NameKey *items; /* the keys */
	size_t count;   /* keys in use */
	size_t alloc;   /* keys allocated */
} KeyList;

/* True when s is all ASCII. */
static bool is_latin(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80)
			return false;
	return true;
}

/* Fills bag[] for the UTF-8 string s (see BAG_SIZE). */
static void fill_bag(const char *s, unsigned char bag[BAG_SIZE])
{
	memset(bag, 0, BAG_SIZE);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		uint32_t cp = *p++;
		if (cp >= 0x80) {
			/* valid UTF-8 (folded): fold in the continuation bytes */
			int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : 1;
			cp &= 0x3F >> extra;
			for (; extra > 0 && (*p & 0xC0) == 0x80; extra--)
				cp = (cp << 6) | (*p++ & 0x3F);
		}
		if (bag[cp % BAG_SIZE] < 255)
			bag[cp % BAG_SIZE]++;
	}
}

/* A lower bound of the edit distance between the keys of two bags. */
static size_t bag_bound(const unsigned char a[BAG_SIZE], const unsigned char b[BAG_SIZE])
{
	size_t only_a = 0, only_b = 0;

	for (int i = 0; i < BAG_SIZE; i++) {
		if (a[i] > b[i])
			only_a += (size_t)(a[i] - b[i]);
		else
			only_b += (size_t)(b[i] - a[i]);
	}
	return only_a > only_b ? only_a : only_b;
}

static void key_list_add(KeyList *list, char *key, size_t place, PlaceHow how, const char *name)
{
	if (list->count == list->alloc) {
		list->alloc = list->alloc ? 2 * list->alloc : 1024;
		list->items = xrealloc(list->items, list->alloc * sizeof *list->items);
	}
	NameKey *k = &list->items[list->count++];
	*k = (NameKey){.key = key,
	               .length = text_length(key),
	               .place = place,
	               .how = how,
	               .name = name,
	               .latin = is_latin(key)};
	fill_bag(key, k->bag);
}

/* Adds the folded name and its skeleton; skips names that fold to nothing
 * (or are not valid UTF-8). */
static void index_name(KeyList *folded, KeyList *skeletons, size_t place, PlaceHow how,
                       const char *name)
{
	char *key = text_fold(name);

	if (!key || !*key) {
		free(key);
		return;
	}
	key_list_add(skeletons, text_skeleton(key), place, how, name);
	key_list_add(folded, key, place, how, name);
}

void gaz_index(Gazetteer *g)
{
	KeyList folded = {0}, skeletons = {0};

	free_index(g);
	for (size_t i = 0; i < g->count; i++) {
		const Place *p = &g->places[i];
		index_name(&folded, &skeletons, i, HOW_NAME_EN, p->name_en);
		index_name(&folded, &skeletons, i, HOW_NAME_LOCAL, p->name_prs);
		index_name(&folded, &skeletons, i, HOW_NAME_LOCAL, p->name_pus);
		for (size_t k = 0; k < p->alt_count; k++)
			index_name(&folded, &skeletons, i, HOW_ALT_NAME, p->alt_names[k]);
	}
	g->folded = folded.items;
	g->folded_count = sort_unique(folded.items, folded.count);
	g->skeletons = skeletons.items;
	g->skeleton_count = sort_unique(skeletons.items, skeletons.count);
}

/* The entries of keys[] equal to key: [*first, *end). */
static void key_range(const NameKey *keys, size_t count, const char *key, size_t *first,
                      size_t *end)
{
	size_t lo = 0, hi = count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(keys[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < count && strcmp(keys[lo].key, key) == 0)
		lo++;
	*end = lo;
}

/* ------------------------------------------------------------ resolution */

/* A place that fits the input, while a tier is being decided. */
typedef struct Hit {
	size_t place;        /* index in Gazetteer.places */
	PlaceHow how;        /* how it fits */
	const char *matched; /* the name it fits by, borrowed */
	size_t distance;     /* edit distance (HOW_FUZZY), else 0 */
} Hit;

typedef struct Hits {
	Hit *items;   /* one per place */
	size_t count; /* hits in use */
	size_t alloc; /* hits allocated */
} Hits;

/* Adds a hit, or improves the place's hit: nearer first, then the better
 * `how` (the PlaceHow order). */
static void hits_add(Hits *hits, Hit hit)
{
	for (size_t i = 0; i < hits->count; i++) {
		Hit *old = &hits->items[i];
		if (old->place != hit.place)
			continue;
		if (hit.distance < old->distance ||
		    (hit.distance == old->distance && hit.how < old->how))
			*old = hit;
		return;
	}
	if (hits->count == hits->alloc) {
		hits->alloc = hits->alloc ? 2 * hits->alloc : 16;
		hits->items = xrealloc(hits->items, hits->alloc * sizeof *hits->items);
	}
	hits->items[hits->count++] = hit;
}

static const Hit *hits_find(const Hits *hits, size_t place)
{
	for (size_t i = 0; i < hits->count; i++)
		if (hits->items[i].place == place)
			return &hits->items[i];
	return NULL;
}

/* What one call of place_resolve knows about its input. */
typedef struct Query {
	const Gazetteer *g;          /* the gazetteer, borrowed */
	const Place *scope;          /* `within`, or NULL for everywhere */
	bool *inside;                /* per place: within scope; NULL until the scans need it */
	const char *key;             /* the folded input */
	size_t key_length;           /* code points in key */
	bool latin;                  /* key is all ASCII */
	unsigned char bag[BAG_SIZE]; /* letter bag of key */
	const char *skeleton;        /* the skeleton of key */
	size_t skeleton_first, skeleton_end; /* g->skeletons equal to skeleton */
} Query;

static bool in_scope(const Query *q, size_t place)
{
	if (!q->scope)
		return true;
	if (q->inside)
		return q->inside[place];
	return gaz_within(q->g, &q->g->places[place], q->scope);
}

/* A hit for `place` from a name with the input's skeleton; false when the
 * place has none. */
static bool skeleton_hit(const Query *q, size_t place, Hit *hit)
{
	bool found = false;

	for (size_t i = q->skeleton_first; i < q->skeleton_end; i++) {
		const NameKey *k = &q->g->skeletons[i];
		if (k->place != place || (found && k->how >= hit->how))
			continue;
		*hit = (Hit){.place = place, .how = k->how, .matched = k->name, .distance = 0};
		found = true;
	}
	if (found)
		hit->how = HOW_SKELETON;
	return found;
}

/* True when `place` fits the input in this tier or by skeleton. */
static bool shares_name(const Query *q, const Hits *hits, size_t place)
{
	Hit unused;

	return hits_find(hits, place) || skeleton_hit(q, place, &unused);
}

/* The hit to report for `place` when a nested place led to it. */
static Hit hit_for(const Query *q, const Hits *hits, size_t place, const Hit *from)
{
	const Hit *own = hits_find(hits, place);
	Hit hit;

	if (own)
		return *own;
	if (skeleton_hit(q, place, &hit))
		return hit;
	hit = *from;
	hit.place = place;
	return hit;
}

static size_t place_index(const Gazetteer *g, const Place *p)
{
	return (size_t)(p - g->places);
}

/*
 * Settles places nested in one another that share the name (see the top of
 * the file): with `within` naming the outer place, the inner ones stand;
 * otherwise the outermost one below `within` does.
 */
static void settle_nesting(const Query *q, Hits *hits)
{
	const Gazetteer *g = q->g;
	Hits settled = {0};
	size_t scope = q->scope ? place_index(g, q->scope) : SIZE_MAX;

	for (size_t i = 0; i < hits->count; i++) {
		const Hit *hit = &hits->items[i];
		const Place *p = &g->places[hit->place];

		if (hit->place == scope) {
			/* The caller asked for a place inside this one: the
			 * places inside it that share the name, if any. Those
			 * among the hits are kept by this loop on their own
			 * turn; those that share only the skeleton join here. */
			bool lowered = false;
			for (size_t k = 0; k < hits->count; k++)
				if (hits->items[k].place != scope)
					lowered = true; /* all hits lie within the scope */
			for (size_t k = q->skeleton_first; k < q->skeleton_end; k++) {
				size_t inner = g->skeletons[k].place;
				Hit by_skeleton;
				if (inner == scope || !in_scope(q, inner) ||
				    !skeleton_hit(q, inner, &by_skeleton))
					continue;
				hits_add(&settled, by_skeleton);
				lowered = true;
			}
			if (!lowered)
				hits_add(&settled, *hit);
			continue;
		}

		/* The outermost enclosing place, below `within`, that shares the name. */
		size_t outer = SIZE_MAX;
		const Place *up = p;
		for (int depth = 0; depth < PLACE_MAX_DEPTH; depth++) {
			up = up->parent_pcode[0] ? gaz_get(g, up->parent_pcode) : NULL;
			if (!up || place_index(g, up) == scope)
				break;
			if (shares_name(q, hits, place_index(g, up)))
				outer = place_index(g, up);
		}
		if (outer == SIZE_MAX)
			hits_add(&settled, *hit);
		else
			hits_add(&settled, hit_for(q, hits, outer, hit));
	}
	free(hits->items);
	*hits = settled;
}

static int compare_hits(const void *a, const void *b)
{
	const Hit *x = a, *y = b;

	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return 0;
}

static PlaceMatch to_match(const Query *q, const Hit *hit)
{
	return (PlaceMatch){.place = &q->g->places[hit->place],
	                    .how = hit->how,
	                    .matched = hit->matched,
	                    .distance = (int)hit->distance};
}

/* Decides a tier from its hits: false when there are none (try the next
 * tier); else fills *out with the match or the tied places. */
static bool conclude(const Query *q, Hits *hits, PlaceResult *out)
{
	if (hits->count == 0)
		return false;
	settle_nesting(q, hits);
	qsort(hits->items, hits->count, sizeof *hits->items, compare_hits);
	if (hits->count == 1) {
		out->outcome = PLACE_MATCHED;
		out->best = to_match(q, &hits->items[0]);
		return true;
	}
	out->outcome = PLACE_AMBIGUOUS;
	for (size_t i = 0; i < hits->count && i < PLACE_MAX_CANDIDATES; i++)
		out->candidates[i] = to_match(q, &hits->items[i]);
	out->candidate_count =
	    hits->count < PLACE_MAX_CANDIDATES ? hits->count : PLACE_MAX_CANDIDATES;
	return true;
}

/* Tiers 1 and 2: every entry of keys[] equal to key, inside the scope. */
static void exact_hits(const Query *q, const NameKey *keys, size_t first, size_t end,
                       bool by_skeleton, Hits *hits)
{
	for (size_t i = first; i < end; i++) {
		if (!in_scope(q, keys[i].place))
			continue;
		hits_add(hits, (Hit){.place = keys[i].place,
		                     .how = by_skeleton ? HOW_SKELETON : keys[i].how,
		                     .matched = keys[i].name,
		                     .distance = 0});
	}
}

/* How many code points longer or shorter than the input the name is. */
static size_t length_gap(const Query *q, const NameKey *k)
{
	return k->length > q->key_length ? k->length - q->key_length : q->key_length - k->length;
}

/* False when the name is certainly more than `limit` edits from the input
 * (or in the other script: a Latin spelling is never a close spelling of
 * an Arabic-script name), so that its distance need not be computed. */
static bool may_be_near(const Query *q, const NameKey *k, size_t limit)
{
	return k->latin == q->latin && length_gap(q, k) <= limit &&
	       bag_bound(q->bag, k->bag) <= limit && in_scope(q, k->place);
}

/* Most edits a close spelling may need, by the input's length. */
static size_t fuzzy_limit(size_t length)
{
	if (length <= 5)
		return 1;
	if (length <= 10)
		return 2;
	return 3;
}

/* Tier 3: the places with a folded name nearest to the input, at most
 * fuzzy_limit edits away. */
static void fuzzy_hits(const Query *q, Hits *hits)
{
	size_t limit = fuzzy_limit(q->key_length);

	for (size_t i = 0; i < q->g->folded_count; i++) {
		const NameKey *k = &q->g->folded[i];
		if (!may_be_near(q, k, limit))
			continue;
		size_t d = text_distance(q->key, k->key, limit);
		if (d > limit)
			continue;
		limit = d; /* only the nearest count from here on */
		hits_add(
		    hits,
		    (Hit){.place = k->place, .how = HOW_FUZZY, .matched = k->name, .distance = d});
	}
	/* Keep the nearest only (earlier hits may be farther than later ones). */
	size_t kept = 0;
	for (size_t i = 0; i < hits->count; i++)
		if (hits->items[i].distance == limit)
			hits->items[kept++] = hits->items[i];
	hits->count = kept;
}

/* Puts hit into top[] (nearest first, ties in P-code order, one entry per
 * place, at most PLACE_MAX_CANDIDATES); returns the new count. */
static size_t top_insert(Hit top[PLACE_MAX_CANDIDATES], size_t count, Hit hit)
{
	size_t same = 0;

	while (same < count && top[same].place != hit.place)
		same++;
	if (same < count) {
		if (compare_hits(&hit, &top[same]) >= 0)
			return count;
		memmove(&top[same], &top[same + 1], (count - same - 1) * sizeof *top);
		count--;
	}
	size_t at = count;
	while (at > 0 && compare_hits(&hit, &top[at - 1]) < 0)
		at--;
	if (at == PLACE_MAX_CANDIDATES)
		return count;
	if (count == PLACE_MAX_CANDIDATES)
		count--;
	memmove(&top[at + 1], &top[at], (count - at) * sizeof *top);
	top[at] = hit;
	return count + 1;
}

/*
 * Unresolved: up to PLACE_MAX_CANDIDATES places nearest to the input,
 * nearest first, ties in P-code order. Names are tried in the order of a
 * cheap lower bound of their distance (length gap, letter bag), so the
 * scan stops as soon as no untried name can come nearer than the list.
 */
static void nearest_candidates(const Query *q, PlaceResult *out)
{
	const NameKey *keys = q->g->folded;
	size_t key_count = q->g->folded_count;
	size_t *bound = xmalloc((key_count + 1) * sizeof *bound);
	size_t *order = xmalloc((key_count + 1) * sizeof *order);
	size_t *starts = NULL;
	size_t eligible = 0, max_bound = 0;
	Hit top[PLACE_MAX_CANDIDATES];
	size_t count = 0;

	for (size_t i = 0; i < key_count; i++) {
		if (!may_be_near(q, &keys[i], SIZE_MAX))
			continue;
		size_t gap = length_gap(q, &keys[i]);
		size_t b = bag_bound(q->bag, keys[i].bag);
		bound[i] = b > gap ? b : gap;
		if (bound[i] > max_bound)
			max_bound = bound[i];
		order[eligible++] = i;
	}
	/* Counting sort of the eligible names by bound. */
	starts = xcalloc(max_bound + 2, sizeof *starts);
	for (size_t e = 0; e < eligible; e++)
		starts[bound[order[e]] + 1]++;
	for (size_t b = 1; b <= max_bound + 1; b++)
		starts[b] += starts[b - 1];
	size_t *sorted = xmalloc((eligible + 1) * sizeof *sorted);
	for (size_t e = 0; e < eligible; e++)
		sorted[starts[bound[order[e]]]++] = order[e];

	for (size_t e = 0; e < eligible; e++) {
		const NameKey *k = &keys[sorted[e]];
		size_t limit = count == PLACE_MAX_CANDIDATES ? top[count - 1].distance : SIZE_MAX;
		if (bound[sorted[e]] > limit)
			break; /* and so are all the names after it */
		size_t d = text_distance(q->key, k->key, limit);
		if (d > limit)
			continue;
		count = top_insert(
		    top, count,
		    (Hit){.place = k->place, .how = HOW_FUZZY, .matched = k->name, .distance = d});
	}
	for (size_t i = 0; i < count; i++)
		out->candidates[i] = to_match(q, &top[i]);
	out->candidate_count = count;
	free(sorted);
	free(starts);
	free(order);
	free(bound);
}

/* A folded input that reads as a P-code: no space, short enough. */
static const Place *as_pcode(const Gazetteer *g, const char *key)
{
	if (strchr(key, ' ') || strlen(key) >= PCODE_MAX)
		return NULL;
	return gaz_get(g, key);
}

void place_resolve(const Gazetteer *g, const char *name, const char *within, PlaceResult *out)
{
	char *key = NULL, *skeleton = NULL, *scope_key = NULL;
	const Place *by_code;
	size_t first, end;
	Hits hits = {0};
	Query q = {.g = g};

	memset(out, 0, sizeof *out);
	out->outcome = PLACE_UNRESOLVED;
	if (!g || !name)
		goto done;

	if (within && *within) {
		/* Folded, so that "af۲۴" names AF24 too. An unknown `within`
		 * leaves nothing inside it: unresolved, with no candidates. */
		scope_key = text_fold(within);
		q.scope = scope_key ? as_pcode(g, scope_key) : NULL;
		if (!q.scope)
			goto done;
	}
	key = text_fold(name);
	if (!key || !*key)
		goto done;
	q.key = key;
	q.key_length = text_length(key);
	if (q.key_length > PLACE_NAME_MAX_CHARS)
		goto done;
	q.latin = is_latin(key);
	fill_bag(key, q.bag);

	by_code = as_pcode(g, key);
	if (by_code) {
		PlaceMatch m = {.place = by_code, .how = HOW_PCODE, .matched = by_code->pcode};
		if (!q.scope || gaz_within(g, by_code, q.scope)) {
			out->outcome = PLACE_MATCHED;
			out->best = m;
		} else {
			out->candidates[0] = m; /* the place exists, but not within */
			out->candidate_count = 1;
		}
		goto done;
	}

	skeleton = text_skeleton(key);
	q.skeleton = skeleton;
	key_range(g->skeletons, g->skeleton_count, skeleton, &q.skeleton_first, &q.skeleton_end);

	key_range(g->folded, g->folded_count, key, &first, &end);
	exact_hits(&q, g->folded, first, end, false, &hits);
	if (conclude(&q, &hits, out))
		goto done;

	exact_hits(&q, g->skeletons, q.skeleton_first, q.skeleton_end, true, &hits);
	if (conclude(&q, &hits, out))
		goto done;

	/* The last tiers scan every name: settle `within` once per place. */
	if (q.scope) {
		q.inside = xmalloc(g->count * sizeof *q.inside);
		for (size_t i = 0; i < g->count; i++)
			q.inside[i] = gaz_within(g, &g->places[i], q.scope);
	}
	fuzzy_hits(&q, &hits);
	if (conclude(&q, &hits, out))
		goto done;

	nearest_candidates(&q, out);
done:
	free(q.inside);
	free(hits.items);
	free(key);
	free(skeleton);
	free(scope_key);
}

const char *place_how_text(PlaceHow how)
{
	switch (how) {
	case HOW_PCODE: return "P-code";
	case HOW_NAME_EN: return "English name";
	case HOW_NAME_LOCAL: return "Dari or Pashto name";
	case HOW_ALT_NAME: return "alternate spelling";
	case HOW_SKELETON: return "transliteration variant";
	case HOW_FUZZY: return "close spelling";
	}
	return "unknown";
}
