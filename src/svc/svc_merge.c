/*
 * svc_merge.c — merging organizations and projects entered twice (see
 * svc_merge.h). The checks come first, outside the transaction; then one
 * transaction moves the references (store_merge.h), writes the record
 * kept with its new alternate names, marks the record dropped, records the
 * decision on the pair and appends one audit entry per record changed.
 */
#include "svc/svc_merge.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/text.h"
#include "fmt/record_json.h"
#include "store/store_dedup.h"
#include "store/store_merge.h"
#include "svc/svc_int.h"

/* ---- checks shared by both kinds ---- */

/* entity is "org" or "project"; field names the place in a form or a body. */
static int seen_id(Ctx *ctx, const char *entity, int64_t id, bool *seen)
{
	return strcmp(entity, "org") == 0 ? svc_sees_org_id(ctx, id, seen)
					  : svc_sees_project_id(ctx, id, seen);
}

static int visibility_of(Ctx *ctx, const char *entity, int64_t id, Visibility *v)
{
	return strcmp(entity, "org") == 0 ? store_org_visibility(ctx->store, id, v)
					  : store_project_visibility(ctx->store, id, v);
}

/* Everything that can be said before writing: permission, ids, sight,
 * records already merged, visibility. SVC_OK when the merge may go on. */
static SvcStatus merge_check(Ctx *ctx, const char *entity, int64_t keep, int64_t drop,
			     const char *note, Errors *errs)
{
	if (!svc_may_merge(ctx))
		return SVC_FORBIDDEN;
	if (keep <= 0)
		errors_add(errs, "id", "must be the number of a record", NULL);
	if (drop <= 0)
		errors_add(errs, "from", "must be the number of a record", NULL);
	else if (drop == keep)
		errors_add(errs, "from", "must be another record than the one kept", NULL);
	if (note && strlen(note) > MERGE_NOTE_MAX)
		errors_add(errs, "note", "is too long", NULL);
	if (errs->count)
		return SVC_INVALID;
	bool seen_keep, seen_drop;
	if (seen_id(ctx, entity, keep, &seen_keep) != STORE_OK ||
	    seen_id(ctx, entity, drop, &seen_drop) != STORE_OK)
		return SVC_ERROR;
	if (!seen_keep || !seen_drop)
		return SVC_NOT_FOUND;
	int64_t keep_into, drop_into;
	if (store_merged_into(ctx->store, entity, keep, &keep_into) != STORE_OK ||
	    store_merged_into(ctx->store, entity, drop, &drop_into) != STORE_OK)
		return SVC_ERROR;
	if (keep_into)
		errors_add(errs, "id", "was merged into another record: merge into that one", NULL);
	if (drop_into)
		errors_add(errs, "from", "was already merged into another record", NULL);
	Visibility vk, vd;
	if (visibility_of(ctx, entity, keep, &vk) != STORE_OK ||
	    visibility_of(ctx, entity, drop, &vd) != STORE_OK)
		return SVC_ERROR;
	if (vd > vk)
		errors_add(errs, "from",
			   "is more closed than the record kept: make the record kept as closed first",
			   NULL);
	return errs->count ? SVC_INVALID : SVC_OK;
}

static const char *now_text(const Ctx *ctx)
{
	struct tm tm;
	char at[32];
	gmtime_r(&ctx->now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(ctx->arena, at);
}

/* Records "merged" on the pair, with its audit entry. */
static int record_decision(Ctx *ctx, const char *kind, int64_t keep, int64_t drop, const char *note)
{
	DedupDecision before, d = {.kind = kind,
				   .a_id = keep < drop ? keep : drop,
				   .b_id = keep < drop ? drop : keep,
				   .decision = "merged",
				   .note = note && *note ? note : NULL,
				   .decided_by = ctx->actor->login ? ctx->actor->login : "system",
				   .decided_at = now_text(ctx),
				   .kept_id = keep};
	int rc = store_dedup_decision_get(ctx->store, ctx->arena, kind, d.a_id, d.b_id, &before);
	bool existed = rc == STORE_OK;
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		return rc;
	if ((rc = store_dedup_decision_put(ctx->store, &d)) != STORE_OK)
		return rc;
	json_t *old = existed ? json_pack("{s:s,s:I,s:I,s:s,s:s?,s:s,s:s}", "kind", before.kind, "a_id",
					  (json_int_t)before.a_id, "b_id", (json_int_t)before.b_id,
					  "decision", before.decision, "note", before.note, "decided_by",
					  before.decided_by, "decided_at", before.decided_at)
			      : NULL;
	json_t *now = json_pack("{s:s,s:I,s:I,s:s,s:s?,s:s,s:s,s:I}", "kind", d.kind, "a_id",
				(json_int_t)d.a_id, "b_id", (json_int_t)d.b_id, "decision", d.decision,
				"note", d.note, "decided_by", d.decided_by, "decided_at", d.decided_at,
				"kept_id", (json_int_t)d.kept_id);
	rc = svc_audit_append(ctx, existed ? "update" : "create", "dedup_decision", d.id,
			      old ? json_dump_arena(ctx->arena, old) : NULL, json_dump_arena(ctx->arena, now));
	json_decref(old);
	json_decref(now);
	return rc;
}

/* A snapshot with one more field naming the other record of the merge. */
static char *snapshot_with(Ctx *ctx, const char *snapshot, const char *field, int64_t id)
{
	json_t *j = json_loads(snapshot, 0, NULL);
	if (!j)
		return NULL;
	json_object_set_new(j, field, json_integer((json_int_t)id));
	char *text = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return text;
}

static bool empty(const char *s)
{
	return !s || !*s;
}

/* ---- organizations ---- */

/* Folded names of an organization, to compare spellings as the matcher does. */
typedef struct NameSet {
	char **folded;   /* owned, freed by names_free */
	size_t count;
	size_t alloc;
} NameSet;

static bool names_has(const NameSet *n, const char *folded)
{
	for (size_t i = 0; i < n->count; i++)
		if (strcmp(n->folded[i], folded) == 0)
			return true;
	return false;
}

/* Adds the name's folded form; false when it is empty or already there
 * (the folded text is then freed). */
static bool names_add(NameSet *n, const char *name)
{
	if (empty(name))
		return false;
	char *f = text_fold(name);
	if (!f || !*f || names_has(n, f)) {
		free(f);
		return false;
	}
	if (n->count == n->alloc) {
		n->alloc = n->alloc ? n->alloc * 2 : 16;
		char **more = realloc(n->folded, n->alloc * sizeof *more);
		if (!more)
			abort();
		n->folded = more;
	}
	n->folded[n->count++] = f;
	return true;
}

static void names_free(NameSet *n)
{
	for (size_t i = 0; i < n->count; i++)
		free(n->folded[i]);
	free(n->folded);
}

/* Adds to keep, as alternate names, the names of drop in every language,
 * its acronym and its own alternate names that keep has not already (in
 * any of its names, compared folded). Returns how many were added. */
static size_t add_names(Ctx *ctx, Org *keep, const Org *drop)
{
	NameSet seen = {0};
	names_add(&seen, keep->name_en);
	names_add(&seen, keep->name_prs);
	names_add(&seen, keep->name_pus);
	names_add(&seen, keep->acronym);
	for (size_t i = 0; i < keep->alias_count; i++)
		names_add(&seen, keep->aliases[i]);
	size_t cap = keep->alias_count + 4 + drop->alias_count;
	const char **aliases = arena_alloc(ctx->arena, cap * sizeof *aliases);
	if (keep->alias_count)
		memcpy(aliases, keep->aliases, keep->alias_count * sizeof *aliases);
	size_t n = keep->alias_count;
	const char *given[] = {drop->name_en, drop->name_prs, drop->name_pus, drop->acronym};
	for (size_t i = 0; i < 4; i++)
		if (names_add(&seen, given[i]))
			aliases[n++] = given[i];
	for (size_t i = 0; i < drop->alias_count; i++)
		if (names_add(&seen, drop->aliases[i]))
			aliases[n++] = drop->aliases[i];
	names_free(&seen);
	size_t added = n - keep->alias_count;
	keep->aliases = aliases;
	keep->alias_count = n;
	return added;
}

/* Fields the record kept lacks and the dropped one has. */
static size_t org_fields_left(const Org *k, const Org *d)
{
	const char *kt[] = {k->name_prs, k->name_pus, k->acronym, k->reg_number, k->reg_date,
			    k->tin, k->website, k->description, k->source};
	const char *dt[] = {d->name_prs, d->name_pus, d->acronym, d->reg_number, d->reg_date,
			    d->tin, d->website, d->description, d->source};
	size_t n = 0;
	for (size_t i = 0; i < sizeof kt / sizeof *kt; i++)
		n += empty(kt[i]) && !empty(dt[i]);
	n += k->staff_total == NUM_UNKNOWN && d->staff_total != NUM_UNKNOWN;
	n += k->staff_female == NUM_UNKNOWN && d->staff_female != NUM_UNKNOWN;
	n += k->women_led == NUM_UNKNOWN && d->women_led != NUM_UNKNOWN;
	n += !k->parent_id && d->parent_id;
	n += !k->reg_authority_id && d->reg_authority_id;
	return n;
}

/* The projects on which drop had a role, as they were: their audit entries
 * are written once the roles moved. */
typedef struct Moved {
	int64_t *ids;
	const char **before;
	size_t count;
} Moved;

static int projects_before(Ctx *ctx, int64_t org_id, Moved *m)
{
	int rc = store_org_project_ids(ctx->store, ctx->arena, org_id, &m->ids, &m->count);
	if (rc != STORE_OK)
		return rc;
	m->before = arena_alloc(ctx->arena, (m->count ? m->count : 1) * sizeof *m->before);
	for (size_t i = 0; i < m->count; i++) {
		Project p;
		m->before[i] = NULL;
		rc = store_project_get(ctx->store, ctx->arena, m->ids[i], VIS_RESTRICTED, NULL, &p);
		if (rc == STORE_NOT_FOUND)
			continue; /* itself merged: no history to write */
		if (rc != STORE_OK)
			return rc;
		m->before[i] = svc_project_snapshot(ctx, &p);
	}
	return STORE_OK;
}

static int projects_after(Ctx *ctx, const Moved *m)
{
	for (size_t i = 0; i < m->count; i++) {
		if (!m->before[i])
			continue;
		Project p;
		int rc = store_project_get(ctx->store, ctx->arena, m->ids[i], VIS_RESTRICTED, NULL, &p);
		if (rc != STORE_OK)
			return rc;
		const char *after = svc_project_snapshot(ctx, &p);
		if (strcmp(after, m->before[i]) == 0)
			continue;
		if ((rc = svc_audit_append(ctx, "update", "project", p.id, m->before[i], after)) != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

SvcStatus svc_org_merge(Ctx *ctx, int64_t keep, int64_t drop, const char *note, Errors *errs,
			MergeResult *out)
{
	memset(out, 0, sizeof *out);
	SvcStatus st = merge_check(ctx, "org", keep, drop, note, errs);
	if (st != SVC_OK)
		return st;
	Org k0, d0;
	int rc = store_org_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k0);
	if (rc == STORE_OK)
		rc = store_org_get(ctx->store, ctx->arena, drop, VIS_RESTRICTED, NULL, &d0);
	if (rc != STORE_OK)
		return svc_from_store(rc);
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	Moved moved = {0};
	Org k1, d1;
	rc = projects_before(ctx, drop, &moved);
	if (rc == STORE_OK)
		rc = store_org_merge_refs(ctx->store, keep, drop);
	/* Read again: offices and sectors moved, a parent may be cleared. */
	if (rc == STORE_OK)
		rc = store_org_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k1);
	if (rc == STORE_OK)
		rc = store_org_get(ctx->store, ctx->arena, drop, VIS_RESTRICTED, NULL, &d1);
	if (rc == STORE_OK) {
		out->names_added = add_names(ctx, &k1, &d0);
		if (k1.alias_count > LIST_MAX_ITEMS) {
			errors_add(errs, "from", "has too many names to add to the record kept", NULL);
			store_rollback(ctx->store);
			return SVC_INVALID;
		}
		rc = store_org_update(ctx->store, &k1);
	}
	if (rc == STORE_OK)
		rc = svc_index_org(ctx, &k1);
	if (rc == STORE_OK)
		rc = store_search_remove(ctx->store, "org", drop);
	if (rc == STORE_OK)
		rc = store_mark_merged(ctx->store, "org", drop, keep);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "merge", "org", keep, svc_org_snapshot(ctx, &k0),
				      snapshot_with(ctx, svc_org_snapshot(ctx, &k1), "merged_from", drop));
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "merge", "org", drop, svc_org_snapshot(ctx, &d0),
				      snapshot_with(ctx, svc_org_snapshot(ctx, &d1), "merged_into", keep));
	if (rc == STORE_OK)
		rc = projects_after(ctx, &moved);
	if (rc == STORE_OK)
		rc = record_decision(ctx, "orgs", keep, drop, note);
	out->keep_id = keep;
	out->drop_id = drop;
	out->projects_moved = moved.count;
	out->fields_left = org_fields_left(&k0, &d0);
	return svc_finish(ctx, rc);
}

/* ---- projects ---- */

static size_t project_fields_left(const Project *k, const Project *d)
{
	const char *kt[] = {k->title_en, k->title_prs, k->title_pus, k->description_en,
			    k->description_prs, k->description_pus, k->status, k->start_date,
			    k->end_date, k->currency, k->source, k->note};
	const char *dt[] = {d->title_en, d->title_prs, d->title_pus, d->description_en,
			    d->description_prs, d->description_pus, d->status, d->start_date,
			    d->end_date, d->currency, d->source, d->note};
	size_t n = 0;
	for (size_t i = 0; i < sizeof kt / sizeof *kt; i++)
		n += empty(kt[i]) && !empty(dt[i]);
	n += !k->has_budget && d->has_budget;
	return n;
}

SvcStatus svc_project_merge(Ctx *ctx, int64_t keep, int64_t drop, const char *note, Errors *errs,
			    MergeResult *out)
{
	memset(out, 0, sizeof *out);
	SvcStatus st = merge_check(ctx, "project", keep, drop, note, errs);
	if (st != SVC_OK)
		return st;
	Project k0, d0, k1, d1;
	int rc = store_project_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k0);
	if (rc == STORE_OK)
		rc = store_project_get(ctx->store, ctx->arena, drop, VIS_RESTRICTED, NULL, &d0);
	if (rc != STORE_OK)
		return svc_from_store(rc);
	if (k0.org_count + d0.org_count > LIST_MAX_ITEMS ||
	    k0.place_count + d0.place_count > LIST_MAX_ITEMS ||
	    k0.result_count + d0.result_count > LIST_MAX_ITEMS) {
		errors_add(errs, "from", "has too many entries to add to the record kept", NULL);
		return SVC_INVALID;
	}
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_project_merge_refs(ctx->store, keep, drop);
	if (rc == STORE_OK)
		rc = store_project_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k1);
	if (rc == STORE_OK)
		rc = store_project_get(ctx->store, ctx->arena, drop, VIS_RESTRICTED, NULL, &d1);
	if (rc == STORE_OK)
		rc = store_search_remove(ctx->store, "project", drop);
	if (rc == STORE_OK)
		rc = store_mark_merged(ctx->store, "project", drop, keep);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "merge", "project", keep, svc_project_snapshot(ctx, &k0),
				      snapshot_with(ctx, svc_project_snapshot(ctx, &k1), "merged_from", drop));
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "merge", "project", drop, svc_project_snapshot(ctx, &d0),
				      snapshot_with(ctx, svc_project_snapshot(ctx, &d1), "merged_into", keep));
	if (rc == STORE_OK)
		rc = record_decision(ctx, "projects", keep, drop, note);
	out->keep_id = keep;
	out->drop_id = drop;
	out->fields_left = project_fields_left(&k0, &d0);
	return svc_finish(ctx, rc);
}

/* ---- the old address ---- */

SvcStatus svc_merged_into(Ctx *ctx, const char *entity, int64_t id, int64_t *into)
{
	*into = 0;
	if (strcmp(entity, "org") != 0 && strcmp(entity, "project") != 0)
		return SVC_NOT_FOUND;
	int64_t target;
	int rc = store_merged_into(ctx->store, entity, id, &target);
	if (rc != STORE_OK)
		return svc_from_store(rc);
	bool seen;
	if (seen_id(ctx, entity, id, &seen) != STORE_OK)
		return SVC_ERROR;
	if (!seen)
		return SVC_NOT_FOUND;
	if (target) {
		if (seen_id(ctx, entity, target, &seen) != STORE_OK)
			return SVC_ERROR;
		if (!seen)
			return SVC_NOT_FOUND;
	}
	*into = target;
	return SVC_OK;
}
