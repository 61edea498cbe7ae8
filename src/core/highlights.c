/*
 * highlights.c — an organization's highlights from its projects (see
 * highlights.h). Pure arithmetic; lists in the caller's arena.
 */
#include "core/highlights.h"

#include <stdlib.h>
#include <string.h>

#include "core/conflict.h"
#include "core/text.h"

bool unit_is_people(const char *unit)
{
	return unit && (strcmp(unit, "people") == 0 || strcmp(unit, "persons") == 0 ||
			strcmp(unit, "individuals") == 0);
}

/* Adds one project to the count of code (grown in the arena). */
static void count_code(Arena *a, HighlightCount **list, size_t *n, size_t *alloc, const char *code)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i].code, code) == 0) {
			(*list)[i].projects++;
			return;
		}
	if (*n == *alloc) {
		size_t grown = *alloc ? *alloc * 2 : 16;
		HighlightCount *bigger = arena_alloc(a, grown * sizeof *bigger);
		if (*n)
			memcpy(bigger, *list, *n * sizeof *bigger);
		*list = bigger;
		*alloc = grown;
	}
	(*list)[(*n)++] = (HighlightCount){code, 1};
}

static int by_projects(const void *x, const void *y)
{
	const HighlightCount *a = x, *b = y;
	if (a->projects != b->projects)
		return a->projects > b->projects ? -1 : 1;
	return strcmp(a->code, b->code);
}

/* The funding row of (donor, currency), made when missing. */
static HighlightFunding *funding_row(Arena *a, Highlights *h, size_t *alloc, int64_t donor,
				     const char *name, const char *currency)
{
	for (size_t i = 0; i < h->funding_count; i++)
		if (h->funding[i].donor_id == donor && strcmp(h->funding[i].currency, currency) == 0)
			return &h->funding[i];
	if (h->funding_count == *alloc) {
		size_t grown = *alloc ? *alloc * 2 : 16;
		HighlightFunding *bigger = arena_alloc(a, grown * sizeof *bigger);
		if (h->funding_count)
			memcpy(bigger, h->funding, h->funding_count * sizeof *bigger);
		h->funding = bigger;
		*alloc = grown;
	}
	HighlightFunding *f = &h->funding[h->funding_count++];
	*f = (HighlightFunding){.donor_id = donor, .donor_name = name, .currency = currency};
	return f;
}

static int by_currency_then_donor(const void *x, const void *y)
{
	const HighlightFunding *a = x, *b = y;
	int c = strcmp(a->currency, b->currency);
	if (c)
		return c;
	if ((a->donor_id == 0) != (b->donor_id == 0))
		return a->donor_id == 0 ? -1 : 1;
	return a->amount > b->amount ? -1 : a->amount < b->amount ? 1 : 0;
}

/* Same indicator (folded), unit and figures: the same result written twice. */
static bool same_result(const Result *x, const Result *y)
{
	if (x->value != y->value || x->female != y->female || x->male != y->male)
		return false;
	if (!x->unit || !y->unit || strcmp(x->unit, y->unit) != 0)
		return false;
	char *fx = text_fold(x->indicator), *fy = text_fold(y->indicator);
	bool same = fx && fy && strcmp(fx, fy) == 0;
	free(fx);
	free(fy);
	return same;
}

static void people(Arena *a, const Project *projects, size_t count, Highlights *h)
{
	size_t results = 0;
	for (size_t i = 0; i < count; i++)
		results += projects[i].result_count;
	h->counted = arena_alloc(a, (results ? results : 1) * sizeof *h->counted);
	h->conflicts = arena_alloc(a, (results ? 2 * results : 1) * sizeof *h->conflicts);
	h->people_female = h->people_male = NUM_UNKNOWN;
	for (size_t i = 0; i < count; i++) {
		const Project *p = &projects[i];
		size_t pairs = results_conflicts(p->results, p->result_count, NULL, 0);
		ResultConflict *found = arena_alloc(a, (pairs ? pairs : 1) * sizeof *found);
		results_conflicts(p->results, p->result_count, found, pairs);
		/* Two reports of the same figures for different periods are one
		 * figure said twice: it is added once, not held as a conflict. */
		size_t kept = 0;
		for (size_t k = 0; k < pairs; k++)
			if (strcmp(found[k].what, "period") != 0)
				found[kept++] = found[k];
		pairs = kept;
		for (size_t k = 0; k < pairs; k++) {
			if (!unit_is_people(p->results[found[k].first].unit))
				continue;
			h->conflicts[h->conflict_count++] = (HighlightResult){i, found[k].first};
			h->conflicts[h->conflict_count++] = (HighlightResult){i, found[k].second};
		}
		for (size_t r = 0; r < p->result_count; r++) {
			const Result *res = &p->results[r];
			if (!unit_is_people(res->unit))
				continue;
			bool in_conflict = false, repeated = false;
			for (size_t k = 0; k < pairs && !in_conflict; k++)
				in_conflict = found[k].first == r || found[k].second == r;
			for (size_t q = 0; q < r && !repeated; q++)
				repeated = same_result(&p->results[q], res);
			if (in_conflict || repeated)
				continue;
			h->counted[h->counted_count++] = (HighlightResult){i, r};
			h->people_total += (long long)res->value;
			if (res->female != NUM_UNKNOWN)
				h->people_female = (h->people_female == NUM_UNKNOWN ? 0 : h->people_female) + res->female;
			if (res->male != NUM_UNKNOWN)
				h->people_male = (h->people_male == NUM_UNKNOWN ? 0 : h->people_male) + res->male;
		}
	}
}

void highlights_build(Arena *a, const Gazetteer *g, const Project *projects, size_t count,
		      Highlights *out)
{
	memset(out, 0, sizeof *out);
	out->projects = (long long)count;
	size_t sector_alloc = 0, province_alloc = 0, funding_alloc = 0;
	for (size_t i = 0; i < count; i++) {
		const Project *p = &projects[i];
		for (size_t s = 0; s < p->sector_count; s++) {
			bool earlier = false;
			for (size_t t = 0; t < s && !earlier; t++)
				earlier = strcmp(p->sectors[t], p->sectors[s]) == 0;
			if (!earlier)
				count_code(a, &out->by_sector, &out->sector_count, &sector_alloc, p->sectors[s]);
		}
		/* Each province once per project, however many of its districts. */
		const char **seen = arena_alloc(a, (p->place_count ? p->place_count : 1) * sizeof *seen);
		size_t seen_count = 0;
		for (size_t k = 0; k < p->place_count; k++) {
			const Place *at = p->places[k].pcode ? gaz_get(g, p->places[k].pcode) : NULL;
			if (at && at->level == PLACE_DISTRICT)
				at = gaz_get(g, at->parent_pcode);
			if (!at || at->level != PLACE_PROVINCE)
				continue;
			bool earlier = false;
			for (size_t t = 0; t < seen_count && !earlier; t++)
				earlier = strcmp(seen[t], at->pcode) == 0;
			if (earlier)
				continue;
			seen[seen_count++] = at->pcode;
			count_code(a, &out->by_province, &out->province_count, &province_alloc, at->pcode);
		}
		if (!p->has_budget || !p->currency)
			continue;
		HighlightFunding *total = funding_row(a, out, &funding_alloc, 0, NULL, p->currency);
		total->amount += p->budget;
		total->projects++;
		size_t donors = 0;
		for (size_t k = 0; k < p->org_count; k++)
			donors += p->orgs[k].role && strcmp(p->orgs[k].role, "funding") == 0;
		for (size_t k = 0; k < p->org_count; k++) {
			if (!p->orgs[k].role || strcmp(p->orgs[k].role, "funding") != 0)
				continue;
			HighlightFunding *f = funding_row(a, out, &funding_alloc, p->orgs[k].org_id,
							  p->orgs[k].org_name, p->currency);
			f->amount += p->budget;
			f->projects++;
			f->shared += donors > 1;
		}
	}
	if (out->sector_count)
		qsort(out->by_sector, out->sector_count, sizeof *out->by_sector, by_projects);
	if (out->province_count)
		qsort(out->by_province, out->province_count, sizeof *out->by_province, by_projects);
	if (out->funding_count)
		qsort(out->funding, out->funding_count, sizeof *out->funding, by_currency_then_donor);
	people(a, projects, count, out);
}
