/*
 * svc_dedup_review.c — the review of likely duplicates and the decisions
 * on pairs (see svc_dedup_review.h).
 *
 * The candidates are found as svc_dedup.c finds them (the same matcher over
 * what the actor sees without a reason), here with the records at hand so
 * that province and sector filters apply, and with the pairs already
 * decided left out.
 */
#include "svc/svc_dedup_review.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/place.h"
#include "fmt/record_json.h"
#include "svc/svc_int.h"
#include "svc/svc_merge.h"

bool svc_dedup_may_review(const Ctx *ctx)
{
	switch (ctx->actor->role) {
	case ROLE_SYSTEM:
	case ROLE_ADMIN:
	case ROLE_COORDINATOR:
	case ROLE_MINISTRY:
		return true;
	default:
		return false;
	}
}

static bool kind_known(const char *kind)
{
	return kind && (strcmp(kind, "projects") == 0 || strcmp(kind, "orgs") == 0);
}

/* ---- the pairs already decided, to leave out ---- */

typedef struct PairKey {
	int64_t a, b;
} PairKey;

static int key_cmp(const void *x, const void *y)
{
	const PairKey *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b ? 1 : 0;
}

typedef struct DecidedSet {
	PairKey *keys;
	size_t count;
} DecidedSet;

static int decided_load(Ctx *ctx, const char *kind, DecidedSet *set)
{
	DedupDecision *list;
	size_t n;
	int rc = store_dedup_decisions(ctx->store, ctx->arena, kind, &list, &n);
	if (rc != STORE_OK)
		return rc;
	set->keys = arena_alloc(ctx->arena, (n ? n : 1) * sizeof *set->keys);
	set->count = n;
	for (size_t i = 0; i < n; i++)
		set->keys[i] = (PairKey){list[i].a_id, list[i].b_id};
	qsort(set->keys, n, sizeof *set->keys, key_cmp);
	return STORE_OK;
}

static bool decided_has(const DecidedSet *set, int64_t x, int64_t y)
{
	PairKey k = {x < y ? x : y, x < y ? y : x};
	return set->count && bsearch(&k, set->keys, set->count, sizeof k, key_cmp) != NULL;
}

/* ---- filters ---- */

static bool in_province(const Gazetteer *g, const MatchProject *p, const Place *province)
{
	for (size_t i = 0; i < p->pcode_count; i++) {
		const Place *pl = p->pcodes[i] ? gaz_get(g, p->pcodes[i]) : NULL;
		if (pl && (pl == province || gaz_within(g, pl, province)))
			return true;
	}
	return false;
}

static bool in_sector(const MatchProject *p, const char *sector)
{
	for (size_t i = 0; i < p->sector_count; i++)
		if (p->sectors[i] && strcmp(p->sectors[i], sector) == 0)
			return true;
	return false;
}

static bool project_pair_kept(const Gazetteer *g, const Place *province, const DedupReviewFilter *f,
			      const MatchProject *a, const MatchProject *b)
{
	if (province && !in_province(g, a, province) && !in_province(g, b, province))
		return false;
	if (f->sector && *f->sector && !in_sector(a, f->sector) && !in_sector(b, f->sector))
		return false;
	return true;
}

static const char *project_title(const MatchProject *p)
{
	for (int l = 0; l < MATCH_LANGS; l++)
		if (p->title[l] && *p->title[l])
			return p->title[l];
	return "";
}

static size_t clamp_limit(size_t limit)
{
	return limit < 1 ? 100 : limit > 1000 ? 1000 : limit;
}

static SvcStatus review_projects(Ctx *ctx, const DedupReviewFilter *f, const DecidedSet *set,
				 DedupPair **out, size_t *count, size_t *total, size_t *decided)
{
	Visibility max_vis;
	OrgScope scope;
	MatchProject *items;
	size_t n;
	svc_figure_sight(ctx, &max_vis, &scope);
	if (store_match_projects(ctx->store, ctx->arena, max_vis, &scope, &items, &n) != STORE_OK)
		return SVC_ERROR;
	const Place *province = f->province && *f->province ? gaz_get(ctx->ref->gaz, f->province) : NULL;
	if (f->province && *f->province && !province)
		return SVC_INVALID;
	MatchOptions o;
	match_options_default(&o);
	o.min_score = f->min_score;
	MatchIndex *ix = match_index_build(ctx->ref, items, n, &o);
	MatchPair *pairs;
	size_t found = match_pairs(ix, &o, &pairs);
	size_t limit = clamp_limit(f->limit);
	DedupPair *list = arena_alloc(ctx->arena, (found < limit ? found + 1 : limit) * sizeof *list);
	for (size_t i = 0; i < found; i++) {
		const MatchProject *a = &items[pairs[i].a], *b = &items[pairs[i].b];
		if (!project_pair_kept(ctx->ref->gaz, province, f, a, b))
			continue;
		if (decided_has(set, a->id, b->id)) {
			(*decided)++;
			continue;
		}
		if ((*total)++ >= limit)
			continue;
		DedupPair *d = &list[(*count)++];
		Buf why;
		buf_init(&why, 0);
		MatchReasons *parts = arena_alloc(ctx->arena, sizeof *parts);
		match_reason_parts(ix, &pairs[i], NULL, parts);
		match_reasons_text(parts, ctx->ref, "en", NULL, NULL, &why);
		d->why = parts;
		d->kind = pairs[i].kind;
		d->score = pairs[i].score;
		d->a_id = a->id;
		d->b_id = b->id;
		d->a_title = project_title(a);
		d->b_title = project_title(b);
		d->reasons = arena_strdup(ctx->arena, buf_str(&why));
		buf_free(&why);
	}
	free(pairs);
	match_index_free(ix);
	*out = list;
	return SVC_OK;
}

static SvcStatus review_orgs(Ctx *ctx, const DedupReviewFilter *f, const DecidedSet *set,
			     DedupPair **out, size_t *count, size_t *total, size_t *decided)
{
	Visibility max_vis;
	OrgScope scope;
	MatchOrg *items;
	size_t n;
	svc_figure_sight(ctx, &max_vis, &scope);
	if (store_match_orgs(ctx->store, ctx->arena, max_vis, &scope, &items, &n) != STORE_OK)
		return SVC_ERROR;
	MatchPair *pairs;
	size_t found = match_orgs(items, n, f->min_score, &pairs);
	size_t limit = clamp_limit(f->limit);
	DedupPair *list = arena_alloc(ctx->arena, (found < limit ? found + 1 : limit) * sizeof *list);
	for (size_t i = 0; i < found; i++) {
		const MatchOrg *a = &items[pairs[i].a], *b = &items[pairs[i].b];
		if (decided_has(set, a->id, b->id)) {
			(*decided)++;
			continue;
		}
		if ((*total)++ >= limit)
			continue;
		DedupPair *d = &list[(*count)++];
		Buf why;
		buf_init(&why, 0);
		MatchReasons *parts = arena_alloc(ctx->arena, sizeof *parts);
		match_org_reasons(a, b, parts);
		match_reasons_text(parts, ctx->ref, "en", NULL, NULL, &why);
		d->why = parts;
		d->kind = MATCH_SAME;
		d->score = pairs[i].score;
		d->a_id = a->id;
		d->b_id = b->id;
		d->a_title = a->name_count ? a->names[0] : "";
		d->b_title = b->name_count ? b->names[0] : "";
		d->reasons = arena_strdup(ctx->arena, buf_str(&why));
		buf_free(&why);
	}
	free(pairs);
	*out = list;
	return SVC_OK;
}

SvcStatus svc_dedup_review(Ctx *ctx, const DedupReviewFilter *f, DedupPair **out, size_t *count,
			   size_t *total, size_t *decided)
{
	*out = NULL;
	*count = *total = *decided = 0;
	if (!svc_dedup_may_review(ctx))
		return SVC_FORBIDDEN;
	const char *kind = f->kind && *f->kind ? f->kind : "projects";
	if (!kind_known(kind))
		return SVC_INVALID;
	DecidedSet set;
	if (decided_load(ctx, kind, &set) != STORE_OK)
		return SVC_ERROR;
	if (strcmp(kind, "orgs") == 0)
		return review_orgs(ctx, f, &set, out, count, total, decided);
	return review_projects(ctx, f, &set, out, count, total, decided);
}

/* ---- decisions listed ---- */

/* The records the actor sees, by id, with the name to show. */
typedef struct SeenRecord {
	int64_t id;
	const char *title;
} SeenRecord;

typedef struct Seen {
	SeenRecord *items; /* ascending ids */
	size_t count;
} Seen;

static int seen_cmp(const void *x, const void *y)
{
	const SeenRecord *p = x, *q = y;
	return p->id < q->id ? -1 : p->id > q->id ? 1 : 0;
}

/* The name of a record the actor sees; NULL when it does not see it. */
static const char *seen_title(const Seen *s, int64_t id)
{
	SeenRecord key = {.id = id};
	const SeenRecord *r = s->count ? bsearch(&key, s->items, s->count, sizeof key, seen_cmp) : NULL;
	return r ? r->title : NULL;
}

static int seen_load(Ctx *ctx, const char *kind, Seen *s)
{
	Visibility max_vis;
	OrgScope scope;
	svc_figure_sight(ctx, &max_vis, &scope);
	memset(s, 0, sizeof *s);
	size_t n;
	if (strcmp(kind, "orgs") == 0) {
		MatchOrg *items;
		int rc = store_match_orgs(ctx->store, ctx->arena, max_vis, &scope, &items, &n);
		if (rc != STORE_OK)
			return rc;
		s->items = arena_alloc(ctx->arena, (n ? n : 1) * sizeof *s->items);
		for (size_t i = 0; i < n; i++)
			s->items[i] = (SeenRecord){items[i].id, items[i].name_count ? items[i].names[0] : ""};
	} else {
		MatchProject *items;
		int rc = store_match_projects(ctx->store, ctx->arena, max_vis, &scope, &items, &n);
		if (rc != STORE_OK)
			return rc;
		s->items = arena_alloc(ctx->arena, (n ? n : 1) * sizeof *s->items);
		for (size_t i = 0; i < n; i++)
			s->items[i] = (SeenRecord){items[i].id, project_title(&items[i])};
	}
	s->count = n;
	qsort(s->items, n, sizeof *s->items, seen_cmp);
	return STORE_OK;
}

SvcStatus svc_dedup_decided(Ctx *ctx, const char *kind, DedupDecided **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!svc_dedup_may_review(ctx))
		return SVC_FORBIDDEN;
	if (!kind || !*kind)
		kind = "projects";
	if (!kind_known(kind))
		return SVC_INVALID;
	DedupDecision *list;
	size_t n;
	Seen seen;
	if (store_dedup_decisions(ctx->store, ctx->arena, kind, &list, &n) != STORE_OK ||
	    seen_load(ctx, kind, &seen) != STORE_OK)
		return SVC_ERROR;
	DedupDecided *shown = arena_alloc(ctx->arena, (n ? n : 1) * sizeof *shown);
	for (size_t i = 0; i < n; i++) {
		const char *a = seen_title(&seen, list[i].a_id), *b = seen_title(&seen, list[i].b_id);
		if (strcmp(list[i].decision, "merged") == 0 && (a || b) && !(a && b)) {
			/* the record dropped is out of the lists: shown when its old address leads to the kept one */
			int64_t gone = a ? list[i].b_id : list[i].a_id, into;
			if (svc_merged_into(ctx, strcmp(kind, "orgs") == 0 ? "org" : "project", gone, &into) == SVC_OK &&
			    into)
				*(a ? &b : &a) = "";
		}
		if (!a || !b)
			continue; /* a record the actor does not see: the decision is not shown */
		shown[*count] = (DedupDecided){.d = list[i], .a_title = a, .b_title = b};
		(*count)++;
	}
	*out = shown;
	return SVC_OK;
}

/* ---- deciding ---- */

static const char *now_text(const Ctx *ctx)
{
	struct tm tm;
	char at[32];
	gmtime_r(&ctx->now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(ctx->arena, at);
}

/* Whether the actor sees the record (a read with a stated reason is logged
 * as any other). */
static int record_seen(Ctx *ctx, const char *kind, int64_t id, bool *seen)
{
	*seen = false;
	if (strcmp(kind, "orgs") == 0)
		return svc_sees_org_id(ctx, id, seen);
	Project p;
	SvcStatus st = svc_project_get(ctx, id, &p);
	if (st == SVC_NOT_FOUND || st == SVC_FORBIDDEN)
		return STORE_OK;
	if (st != SVC_OK)
		return STORE_ERROR;
	*seen = svc_sees_project(ctx, &p);
	return STORE_OK;
}

static const char *decision_json(Ctx *ctx, const DedupDecision *d)
{
	json_t *j = json_pack("{s:s,s:I,s:I,s:s,s:s?,s:s,s:s}", "kind", d->kind, "a_id", (json_int_t)d->a_id,
			      "b_id", (json_int_t)d->b_id, "decision", d->decision, "note", d->note,
			      "decided_by", d->decided_by, "decided_at", d->decided_at);
	const char *text = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return text;
}

SvcStatus svc_dedup_decide(Ctx *ctx, DedupDecision *d, Errors *errs)
{
	if (!svc_dedup_may_review(ctx))
		return SVC_FORBIDDEN;
	if (!kind_known(d->kind))
		errors_add(errs, "kind", "must be projects or orgs", d->kind);
	if (!d->decision || (strcmp(d->decision, "confirmed") != 0 && strcmp(d->decision, "dismissed") != 0))
		errors_add(errs, "decision", "must be confirmed or dismissed", d->decision);
	if (d->a_id <= 0)
		errors_add(errs, "a", "must be the number of a record", NULL);
	if (d->b_id <= 0)
		errors_add(errs, "b", "must be the number of a record", NULL);
	else if (d->a_id == d->b_id)
		errors_add(errs, "b", "must be another record than a", NULL);
	if (d->note && strlen(d->note) > DEDUP_NOTE_MAX)
		errors_add(errs, "note", "is too long", NULL); /* at most DEDUP_NOTE_MAX bytes */
	if (d->note && !*d->note)
		d->note = NULL;
	if (errs->count)
		return SVC_INVALID;
	if (d->a_id > d->b_id) {
		int64_t t = d->a_id;
		d->a_id = d->b_id;
		d->b_id = t;
	}
	bool seen_a, seen_b;
	if (record_seen(ctx, d->kind, d->a_id, &seen_a) != STORE_OK ||
	    record_seen(ctx, d->kind, d->b_id, &seen_b) != STORE_OK)
		return SVC_ERROR;
	if (!seen_a || !seen_b)
		return SVC_NOT_FOUND;
	d->decided_by = ctx->actor->login ? ctx->actor->login : "system";
	d->decided_at = now_text(ctx);
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	DedupDecision before;
	int rc = store_dedup_decision_get(ctx->store, ctx->arena, d->kind, d->a_id, d->b_id, &before);
	bool existed = rc == STORE_OK;
	if (rc == STORE_OK || rc == STORE_NOT_FOUND)
		rc = store_dedup_decision_put(ctx->store, d);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, existed ? "update" : "create", "dedup_decision", d->id,
				      existed ? decision_json(ctx, &before) : NULL, decision_json(ctx, d));
	return svc_finish(ctx, rc);
}

bool svc_dedup_dismissed(Ctx *ctx, const char *kind, int64_t a_id, int64_t b_id)
{
	if (!kind_known(kind) || a_id <= 0 || b_id <= 0 || a_id == b_id)
		return false;
	DedupDecision d;
	int rc = store_dedup_decision_get(ctx->store, ctx->arena, kind, a_id < b_id ? a_id : b_id,
					  a_id < b_id ? b_id : a_id, &d);
	return rc == STORE_OK && d.decision && strcmp(d.decision, "dismissed") == 0;
}
