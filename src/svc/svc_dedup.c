/*
 * svc_dedup.c — duplicates and overlaps of what the actor sees (see
 * svc_dedup.h).
 *
 * The sight here is the one for figures and feeds: the actor's highest
 * visibility, plus, for an editor, the restricted records of its own
 * organizations. A stated reason opens restricted records one at a time
 * elsewhere (and each such read is logged); it never opens them in bulk,
 * so it is not taken into account here. Reads only; no audit entry.
 */
#include "svc/svc_dedup.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/validate.h"
#include "svc/svc_dedup_review.h"

/* What the actor sees without a reason. */
static void dedup_sight(const Ctx *ctx, Visibility *max_vis, OrgScope *scope)
{
	const Actor *a = ctx->actor;
	*max_vis = svc_max_visibility(a);
	memset(scope, 0, sizeof *scope);
	if (a->role == ROLE_EDITOR) {
		scope->org_ids = a->org_ids;
		scope->count = a->org_count;
	}
}

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *project_title(const MatchProject *p)
{
	for (int l = 0; l < MATCH_LANGS; l++)
		if (p->title[l] && *p->title[l])
			return p->title[l];
	return "";
}

/* The pair in words, in the arena. The reasons as parts are kept (in
 * the arena too) only with keep_parts: a few pairs shown on a page, not
 * the many of a whole database's listing. */
static void describe(Ctx *ctx, const MatchIndex *ix, const MatchProject *items,
		     const MatchPair *p, const MatchProject *probe, bool keep_parts, DedupPair *out)
{
	Buf why;
	buf_init(&why, 0);
	MatchReasons *parts = keep_parts ? arena_alloc(ctx->arena, sizeof *parts) : xmalloc(sizeof *parts);
	match_reason_parts(ix, p, probe, parts);
	match_reasons_text(parts, ctx->ref, "en", NULL, NULL, &why);
	out->why = keep_parts ? parts : NULL;
	if (!keep_parts)
		free(parts);
	out->kind = p->kind;
	out->score = p->score;
	out->a_id = p->a >= 0 ? items[p->a].id : 0;
	out->b_id = items[p->b].id;
	out->a_title = p->a >= 0 ? project_title(&items[p->a]) : "";
	out->b_title = project_title(&items[p->b]);
	out->reasons = arena_strdup(ctx->arena, buf_str(&why));
	buf_free(&why);
}

SvcStatus svc_dedup_projects(Ctx *ctx, const MatchOptions *opts, bool same_only, DedupPair **out,
			     size_t *count, DedupTiming *timing)
{
	Visibility max_vis;
	OrgScope scope;
	MatchProject *items;
	size_t n;
	DedupTiming t = {0};
	*out = NULL;
	*count = 0;
	dedup_sight(ctx, &max_vis, &scope);
	double t0 = seconds_now();
	if (store_match_projects(ctx->store, ctx->arena, max_vis, &scope, &items, &n) != STORE_OK)
		return SVC_ERROR;
	double t1 = seconds_now();
	MatchIndex *ix = match_index_build(ctx->ref, items, n, opts);
	double t2 = seconds_now();
	MatchPair *pairs;
	size_t found = match_pairs(ix, opts, &pairs);
	double t3 = seconds_now();
	DedupPair *list = arena_alloc(ctx->arena, (found ? found : 1) * sizeof *list);
	size_t kept = 0;
	for (size_t i = 0; i < found; i++)
		if (!same_only || pairs[i].kind == MATCH_SAME)
			describe(ctx, ix, items, &pairs[i], NULL, false, &list[kept++]);
	free(pairs);
	match_index_free(ix);
	t.load_seconds = t1 - t0;
	t.index_seconds = t2 - t1;
	t.pair_seconds = t3 - t2;
	t.records = n;
	if (timing)
		*timing = t;
	*out = list;
	*count = kept;
	return SVC_OK;
}

SvcStatus svc_dedup_orgs(Ctx *ctx, double min_score, DedupPair **out, size_t *count,
			 DedupTiming *timing)
{
	Visibility max_vis;
	OrgScope scope;
	MatchOrg *items;
	size_t n;
	*out = NULL;
	*count = 0;
	dedup_sight(ctx, &max_vis, &scope);
	double t0 = seconds_now();
	if (store_match_orgs(ctx->store, ctx->arena, max_vis, &scope, &items, &n) != STORE_OK)
		return SVC_ERROR;
	double t1 = seconds_now();
	MatchPair *pairs;
	size_t found = match_orgs(items, n, min_score, &pairs);
	double t2 = seconds_now();
	DedupPair *list = arena_alloc(ctx->arena, (found ? found : 1) * sizeof *list);
	for (size_t i = 0; i < found; i++) {
		const MatchOrg *a = &items[pairs[i].a], *b = &items[pairs[i].b];
		Buf why;
		buf_init(&why, 0);
		match_org_score(a, b, &why);
		list[i].why = NULL;
		list[i].kind = MATCH_SAME;
		list[i].score = pairs[i].score;
		list[i].a_id = a->id;
		list[i].b_id = b->id;
		list[i].a_title = a->name_count ? a->names[0] : "";
		list[i].b_title = b->name_count ? b->names[0] : "";
		list[i].reasons = arena_strdup(ctx->arena, buf_str(&why));
		buf_free(&why);
	}
	free(pairs);
	if (timing) {
		memset(timing, 0, sizeof *timing);
		timing->load_seconds = t1 - t0;
		timing->pair_seconds = t2 - t1;
		timing->records = n;
	}
	*out = list;
	*count = found;
	return SVC_OK;
}

SvcStatus svc_similar_projects(Ctx *ctx, const MatchProject *probe, int limit, DedupPair **out,
			       size_t *count)
{
	Visibility max_vis;
	OrgScope scope;
	MatchProject *items;
	size_t n;
	*out = NULL;
	*count = 0;
	if (limit < 1 || limit > 50)
		limit = 10;
	dedup_sight(ctx, &max_vis, &scope);
	if (store_match_projects(ctx->store, ctx->arena, max_vis, &scope, &items, &n) != STORE_OK)
		return SVC_ERROR;
	MatchOptions o;
	match_options_default(&o);
	MatchIndex *ix = match_index_build(ctx->ref, items, n, &o);
	MatchPair *pairs;
	size_t found = match_similar(ix, probe, &o, (size_t)limit, &pairs);
	DedupPair *list = arena_alloc(ctx->arena, (found ? found : 1) * sizeof *list);
	for (size_t i = 0; i < found; i++)
		describe(ctx, ix, items, &pairs[i], probe, true, &list[i]);
	free(pairs);
	match_index_free(ix);
	*out = list;
	*count = found;
	return SVC_OK;
}

/* The would-be record as the matcher sees it; its places must be resolved
 * (validate_project fills their P-codes). Arrays live in the arena. */
static void probe_from_project(Arena *a, const Project *p, MatchProject *m)
{
	memset(m, 0, sizeof *m);
	m->id = p->id;
	m->title[0] = p->title_en && *p->title_en ? p->title_en : NULL;
	m->title[1] = p->title_prs && *p->title_prs ? p->title_prs : NULL;
	m->title[2] = p->title_pus && *p->title_pus ? p->title_pus : NULL;
	m->description[0] = p->description_en && *p->description_en ? p->description_en : NULL;
	m->start_date = p->start_date && *p->start_date ? p->start_date : NULL;
	m->end_date = p->end_date && *p->end_date ? p->end_date : NULL;
	size_t n = p->org_count ? p->org_count : 1;
	int64_t *impl = arena_alloc(a, n * sizeof *impl), *fund = arena_alloc(a, n * sizeof *fund);
	for (size_t i = 0; i < p->org_count; i++) {
		if (!p->orgs[i].role)
			continue;
		if (strcmp(p->orgs[i].role, "implementing") == 0)
			impl[m->implementer_count++] = p->orgs[i].org_id;
		else if (strcmp(p->orgs[i].role, "funding") == 0)
			fund[m->funder_count++] = p->orgs[i].org_id;
	}
	m->implementer_ids = impl;
	m->funder_ids = fund;
	const char **pcodes = arena_alloc(a, (p->place_count ? p->place_count : 1) * sizeof *pcodes);
	for (size_t i = 0; i < p->place_count; i++)
		if (p->places[i].pcode)
			pcodes[m->pcode_count++] = p->places[i].pcode;
	m->pcodes = pcodes;
	m->sectors = p->sectors;
	m->sector_count = p->sector_count;
	m->targets = p->targets;
	m->target_count = p->target_count;
	m->people_reached = -1;
}

size_t svc_project_duplicates(Ctx *ctx, const Project *p, int64_t stored_id, DedupPair **out)
{
	*out = NULL;
	Project copy = *p;
	Errors *errs = arena_zalloc(ctx->arena, sizeof *errs);
	Errors *warns = arena_zalloc(ctx->arena, sizeof *warns);
	/* On a copy of the places: validation fills in their P-codes. */
	copy.places = arena_alloc(ctx->arena,
				  (p->place_count ? p->place_count : 1) * sizeof *copy.places);
	if (p->place_count)
		memcpy(copy.places, p->places, p->place_count * sizeof *copy.places);
	if (!validate_project(ctx->ref, &copy, errs, warns) || errs->count)
		return 0;
	MatchProject probe;
	probe_from_project(ctx->arena, &copy, &probe);
	DedupPair *pairs;
	size_t n;
	if (svc_similar_projects(ctx, &probe, DUPLICATES_SHOWN + 1, &pairs, &n) != SVC_OK)
		return 0;
	DedupPair *kept = arena_alloc(ctx->arena, (n ? n : 1) * sizeof *kept);
	size_t count = 0;
	for (size_t i = 0; i < n && count < DUPLICATES_SHOWN; i++) {
		if (stored_id && pairs[i].b_id == stored_id)
			continue;
		/* a pair a coordinator dismissed is not asked again */
		if (stored_id && svc_dedup_dismissed(ctx, "projects", stored_id, pairs[i].b_id))
			continue;
		if (pairs[i].kind == MATCH_SAME || pairs[i].score >= DUPLICATE_STOP_SCORE)
			kept[count++] = pairs[i];
	}
	*out = kept;
	return count;
}
