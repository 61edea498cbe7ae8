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

/* The pair in words, in the arena. */
static void describe(Ctx *ctx, const MatchIndex *ix, const MatchProject *items,
		     const MatchPair *p, const MatchProject *probe, DedupPair *out)
{
	Buf why;
	buf_init(&why, 0);
	match_reasons(ix, p, probe, &why);
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
			describe(ctx, ix, items, &pairs[i], NULL, &list[kept++]);
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
		describe(ctx, ix, items, &pairs[i], probe, &list[i]);
	free(pairs);
	match_index_free(ix);
	*out = list;
	*count = found;
	return SVC_OK;
}
