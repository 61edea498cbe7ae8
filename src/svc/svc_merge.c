/*
 * svc_merge.c — merging organizations and projects entered twice (see
 * svc_merge.h). The checks come first, outside the transaction; then one
 * transaction logs the merge and the rows it may touch (merge_log,
 * merge_move), moves the references (store_merge.h), fills what the record
 * kept lacks and gives it the other's names, marks the record dropped,
 * records the decision on the pair and appends one audit entry per record
 * changed. The undo reads that log back, in one transaction too.
 */
#include "svc/svc_merge.h"

#include <stddef.h>
#include <stdio.h>
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

/* ---- filling what the record kept lacks ---- */

/* A text field of a record, by its JSON name; say_differ when two
 * different values are worth showing (not names, which become alternate
 * names anyway). */
typedef struct TextField {
	const char *name;   /* JSON name, as in the record's snapshot */
	size_t offset;      /* of the const char * in the record */
	bool say_differ;    /* name it when both have different values */
} TextField;

#define TEXT_AT(record, offset) (*(const char **)((char *)(record) + (offset)))

static const TextField ORG_TEXT[] = {
	{"name_prs", offsetof(Org, name_prs), false},
	{"name_pus", offsetof(Org, name_pus), false},
	{"acronym", offsetof(Org, acronym), false},
	{"reg_number", offsetof(Org, reg_number), true},
	{"reg_date", offsetof(Org, reg_date), true},
	{"tin", offsetof(Org, tin), true},
	{"website", offsetof(Org, website), true},
	{"description", offsetof(Org, description), true},
	{"source", offsetof(Org, source), false},
};

static const TextField PROJECT_TEXT[] = {
	{"title_en", offsetof(Project, title_en), true},
	{"title_prs", offsetof(Project, title_prs), true},
	{"title_pus", offsetof(Project, title_pus), true},
	{"description_en", offsetof(Project, description_en), true},
	{"description_prs", offsetof(Project, description_prs), true},
	{"description_pus", offsetof(Project, description_pus), true},
	{"start_date", offsetof(Project, start_date), true},
	{"end_date", offsetof(Project, end_date), true},
	{"status", offsetof(Project, status), true},
	{"source", offsetof(Project, source), false},
	{"note", offsetof(Project, note), false},
};

static void say(const char **list, size_t *count, const char *name)
{
	if (*count < MERGE_FIELDS_MAX)
		list[(*count)++] = name;
}

/* Fills keep's empty text fields from drop; filled (may be NULL) gets
 * field -> value. */
static void fill_text(void *keep, const void *drop, const TextField *f, size_t n, MergeFields *out,
		      json_t *filled)
{
	for (size_t i = 0; i < n; i++) {
		const char *k = TEXT_AT(keep, f[i].offset), *d = TEXT_AT(drop, f[i].offset);
		if (empty(d))
			continue;
		if (empty(k)) {
			TEXT_AT(keep, f[i].offset) = d;
			say(out->filled, &out->filled_count, f[i].name);
			if (filled)
				json_object_set_new(filled, f[i].name, json_string(d));
		} else if (f[i].say_differ && strcmp(k, d) != 0) {
			say(out->differ, &out->differ_count, f[i].name);
		}
	}
}

/* The same for a number; unknown is the value meaning "not known". */
static void fill_number(long long *keep, long long drop, long long unknown, const char *name,
			MergeFields *out, json_t *filled)
{
	if (drop == unknown)
		return;
	if (*keep == unknown) {
		*keep = drop;
		say(out->filled, &out->filled_count, name);
		if (filled)
			json_object_set_new(filled, name, json_integer((json_int_t)drop));
	} else if (*keep != drop) {
		say(out->differ, &out->differ_count, name);
	}
}

/* Fills organization k from d (d's parent and authority only when they
 * are neither of the two). */
static void org_fill(Org *k, const Org *d, MergeFields *out, json_t *filled)
{
	fill_text(k, d, ORG_TEXT, sizeof ORG_TEXT / sizeof *ORG_TEXT, out, filled);
	fill_number(&k->staff_total, d->staff_total, NUM_UNKNOWN, "staff_total", out, filled);
	fill_number(&k->staff_female, d->staff_female, NUM_UNKNOWN, "staff_female", out, filled);
	long long women_led = k->women_led;
	fill_number(&women_led, d->women_led, NUM_UNKNOWN, "women_led", out, filled);
	k->women_led = (int)women_led;
	long long parent = k->parent_id, authority = k->reg_authority_id;
	if (d->parent_id != k->id && d->parent_id != d->id)
		fill_number(&parent, d->parent_id, 0, "parent_id", out, filled);
	if (d->reg_authority_id != k->id && d->reg_authority_id != d->id)
		fill_number(&authority, d->reg_authority_id, 0, "reg_authority_id", out, filled);
	k->parent_id = parent;
	k->reg_authority_id = authority;
}

static void project_fill(Project *k, const Project *d, MergeFields *out, json_t *filled)
{
	fill_text(k, d, PROJECT_TEXT, sizeof PROJECT_TEXT / sizeof *PROJECT_TEXT, out, filled);
	if (!d->has_budget)
		return;
	if (!k->has_budget) {
		k->has_budget = true;
		k->budget = d->budget;
		k->currency = d->currency;
		say(out->filled, &out->filled_count, "budget");
		if (filled) {
			json_object_set_new(filled, "budget", json_real(d->budget));
			json_object_set_new(filled, "currency", d->currency ? json_string(d->currency) : json_null());
		}
	} else if (k->budget != d->budget || !k->currency != !d->currency ||
		   (k->currency && strcmp(k->currency, d->currency) != 0)) {
		say(out->differ, &out->differ_count, "budget");
	}
}

/* The fields named, as a JSON array. */
static json_t *names_json(const char *const *names, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_string(names[i]));
	return a;
}

/* The kept record's snapshot after the merge, with the other record, the
 * fields filled and disagreeing, and the rows moved. */
static char *merge_snapshot(Ctx *ctx, const char *snapshot, int64_t drop, const MergeFields *f,
			    const char *moved)
{
	json_t *j = json_loads(snapshot, 0, NULL);
	if (!j)
		return NULL;
	json_object_set_new(j, "merged_from", json_integer((json_int_t)drop));
	if (f->filled_count)
		json_object_set_new(j, "fields_filled", names_json(f->filled, f->filled_count));
	if (f->differ_count)
		json_object_set_new(j, "fields_differ", names_json(f->differ, f->differ_count));
	json_t *m = moved ? json_loads(moved, 0, NULL) : NULL;
	if (m && json_object_size(m))
		json_object_set_new(j, "moved", m);
	else
		json_decref(m);
	char *text = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return text;
}

/* The pair's decision as it is now, as JSON text in the arena; NULL when
 * there is none. */
static int decision_now(Ctx *ctx, const char *kind, int64_t keep, int64_t drop, const char **json)
{
	DedupDecision d;
	*json = NULL;
	int rc = store_dedup_decision_get(ctx->store, ctx->arena, kind, keep < drop ? keep : drop,
					  keep < drop ? drop : keep, &d);
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	json_t *j = json_pack("{s:s,s:I,s:I,s:s,s:s?,s:s,s:s,s:I}", "kind", d.kind, "a_id",
			      (json_int_t)d.a_id, "b_id", (json_int_t)d.b_id, "decision", d.decision,
			      "note", d.note, "decided_by", d.decided_by, "decided_at", d.decided_at,
			      "kept_id", (json_int_t)d.kept_id);
	*json = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return STORE_OK;
}

/* Starts the record of a merge: its log row and the rows it may touch. */
static int log_begin(Ctx *ctx, const char *kind, const char *entity, int64_t keep, int64_t drop,
		     MergeLog *log)
{
	memset(log, 0, sizeof *log);
	log->kind = kind;
	log->keep_id = keep;
	log->drop_id = drop;
	log->merged_by = ctx->actor->login ? ctx->actor->login : "system";
	log->merged_at = now_text(ctx);
	int rc = decision_now(ctx, kind, keep, drop, &log->decision_before);
	if (rc == STORE_OK)
		rc = store_merge_log_insert(ctx->store, log);
	if (rc == STORE_OK)
		rc = store_merge_track_begin(ctx->store, log->id, entity, keep, drop);
	return rc;
}

/* Ends it once the references moved: the rows changed, and how many. */
static int log_moved(Ctx *ctx, const char *entity, const MergeLog *log, const char **moved,
		     size_t *rows)
{
	int rc = store_merge_track_end(ctx->store, log->id, entity, log->keep_id, log->drop_id);
	if (rc == STORE_OK)
		rc = store_merge_moved(ctx->store, ctx->arena, log->id, moved);
	*rows = 0;
	json_t *m = rc == STORE_OK && *moved ? json_loads(*moved, 0, NULL) : NULL;
	const char *key;
	json_t *value;
	json_object_foreach(m, key, value) {
		*rows += (size_t)json_integer_value(json_object_get(value, "moved"));
		*rows += (size_t)json_integer_value(json_object_get(value, "removed"));
	}
	json_decref(m);
	return rc;
}

static const char *dump(Ctx *ctx, json_t *j)
{
	const char *text = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return text;
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

/* The end of a merge, the same for both kinds: drop leaves search, is
 * marked merged into keep, and both get their audit entry (snapshots
 * before and after, as each kind writes them). */
static int merge_close(Ctx *ctx, const char *entity, int64_t keep, int64_t drop,
		       const char *keep_before, const char *keep_after, const char *drop_before,
		       const char *drop_after, const MergeFields *fields, const char *moved_json)
{
	int rc = store_search_remove(ctx->store, entity, drop);
	if (rc == STORE_OK)
		rc = store_mark_merged(ctx->store, entity, drop, keep);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "merge", entity, keep, keep_before,
				      merge_snapshot(ctx, keep_after, drop, fields, moved_json));
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "merge", entity, drop, drop_before,
				      snapshot_with(ctx, drop_after, "merged_into", keep));
	return rc;
}

/* A kept organization whose parent or registering authority was the one
 * dropped loses it in the merge (it cannot point at itself); the log
 * keeps it so that an undo can put it back. */
static void remember_cleared(json_t *filled, const Org *before, const Org *after, int64_t drop)
{
	if (before->parent_id == drop && after->parent_id == 0)
		json_object_set_new(filled, "cleared_parent_id", json_integer((json_int_t)drop));
	if (before->reg_authority_id == drop && after->reg_authority_id == 0)
		json_object_set_new(filled, "cleared_reg_authority_id", json_integer((json_int_t)drop));
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
	MergeLog log;
	const char *moved_json = NULL;
	rc = log_begin(ctx, "orgs", "org", keep, drop, &log);
	if (rc == STORE_OK)
		rc = projects_before(ctx, drop, &moved);
	if (rc == STORE_OK)
		rc = store_org_merge_refs(ctx->store, keep, drop);
	if (rc == STORE_OK)
		rc = log_moved(ctx, "org", &log, &moved_json, &out->rows_moved);
	/* Read again: offices and sectors moved, a parent may be cleared. */
	if (rc == STORE_OK)
		rc = store_org_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k1);
	if (rc == STORE_OK)
		rc = store_org_get(ctx->store, ctx->arena, drop, VIS_RESTRICTED, NULL, &d1);
	if (rc == STORE_OK) {
		json_t *filled = json_object();
		org_fill(&k1, &d0, &out->fields, filled);
		remember_cleared(filled, &k0, &k1, drop);
		size_t had = k1.alias_count;
		out->names_added = add_names(ctx, &k1, &d0);
		if (k1.alias_count > LIST_MAX_ITEMS) {
			json_decref(filled);
			errors_add(errs, "from", "has too many names to add to the record kept", NULL);
			store_rollback(ctx->store);
			return SVC_INVALID;
		}
		json_t *names = json_array();
		for (size_t i = had; i < k1.alias_count; i++)
			json_array_append_new(names, json_string(k1.aliases[i]));
		rc = store_merge_log_result(ctx->store, log.id, dump(ctx, filled), dump(ctx, names));
	}
	if (rc == STORE_OK)
		rc = store_org_update(ctx->store, &k1);
	if (rc == STORE_OK)
		rc = svc_index_org(ctx, &k1);
	if (rc == STORE_OK)
		rc = merge_close(ctx, "org", keep, drop, svc_org_snapshot(ctx, &k0),
				 svc_org_snapshot(ctx, &k1), svc_org_snapshot(ctx, &d0),
				 svc_org_snapshot(ctx, &d1), &out->fields, moved_json);
	if (rc == STORE_OK)
		rc = projects_after(ctx, &moved);
	if (rc == STORE_OK)
		rc = record_decision(ctx, "orgs", keep, drop, note);
	out->keep_id = keep;
	out->drop_id = drop;
	out->projects_moved = moved.count;
	return svc_finish(ctx, rc);
}

/* ---- projects ---- */

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
	MergeLog log;
	const char *moved_json = NULL;
	rc = log_begin(ctx, "projects", "project", keep, drop, &log);
	if (rc == STORE_OK)
		rc = store_project_merge_refs(ctx->store, keep, drop);
	if (rc == STORE_OK)
		rc = log_moved(ctx, "project", &log, &moved_json, &out->rows_moved);
	if (rc == STORE_OK)
		rc = store_project_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k1);
	if (rc == STORE_OK)
		rc = store_project_get(ctx->store, ctx->arena, drop, VIS_RESTRICTED, NULL, &d1);
	if (rc == STORE_OK) {
		json_t *filled = json_object();
		project_fill(&k1, &d0, &out->fields, filled);
		rc = store_merge_log_result(ctx->store, log.id, dump(ctx, filled), "[]");
	}
	if (rc == STORE_OK && out->fields.filled_count)
		rc = store_project_update(ctx->store, &k1);
	if (rc == STORE_OK)
		rc = svc_index_project(ctx, &k1);
	if (rc == STORE_OK)
		rc = merge_close(ctx, "project", keep, drop, svc_project_snapshot(ctx, &k0),
				 svc_project_snapshot(ctx, &k1), svc_project_snapshot(ctx, &d0),
				 svc_project_snapshot(ctx, &d1), &out->fields, moved_json);
	if (rc == STORE_OK)
		rc = record_decision(ctx, "projects", keep, drop, note);
	out->keep_id = keep;
	out->drop_id = drop;
	return svc_finish(ctx, rc);
}

/* ---- before the merge: what it would fill ---- */

SvcStatus svc_merge_preview(Ctx *ctx, const char *entity, int64_t keep, int64_t drop,
			    MergeFields *out)
{
	memset(out, 0, sizeof *out);
	if (!svc_may_merge(ctx))
		return SVC_FORBIDDEN;
	bool seen_keep, seen_drop;
	if (seen_id(ctx, entity, keep, &seen_keep) != STORE_OK ||
	    seen_id(ctx, entity, drop, &seen_drop) != STORE_OK)
		return SVC_ERROR;
	if (!seen_keep || !seen_drop)
		return SVC_NOT_FOUND;
	int rc;
	if (strcmp(entity, "org") == 0) {
		Org k, d;
		rc = store_org_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k);
		if (rc == STORE_OK)
			rc = store_org_get(ctx->store, ctx->arena, drop, VIS_RESTRICTED, NULL, &d);
		if (rc == STORE_OK)
			org_fill(&k, &d, out, NULL);
	} else {
		Project k, d;
		rc = store_project_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k);
		if (rc == STORE_OK)
			rc = store_project_get(ctx->store, ctx->arena, drop, VIS_RESTRICTED, NULL, &d);
		if (rc == STORE_OK)
			project_fill(&k, &d, out, NULL);
	}
	return svc_from_store(rc);
}

/* ---- undoing a merge ---- */

/* Whether a field filled with value still holds it. */
static bool still(json_t *value, const char *now)
{
	return json_is_string(value) && now && strcmp(json_string_value(value), now) == 0;
}

static bool still_number(json_t *value, long long now)
{
	return json_is_integer(value) && json_integer_value(value) == now;
}

/* Empties the fields of k the merge filled that still hold what it put
 * there; returns how many. */
static size_t org_unfill(Org *k, json_t *filled)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof ORG_TEXT / sizeof *ORG_TEXT; i++)
		if (still(json_object_get(filled, ORG_TEXT[i].name), TEXT_AT(k, ORG_TEXT[i].offset))) {
			TEXT_AT(k, ORG_TEXT[i].offset) = NULL;
			n++;
		}
	if (still_number(json_object_get(filled, "staff_total"), k->staff_total))
		k->staff_total = NUM_UNKNOWN, n++;
	if (still_number(json_object_get(filled, "staff_female"), k->staff_female))
		k->staff_female = NUM_UNKNOWN, n++;
	if (still_number(json_object_get(filled, "women_led"), k->women_led))
		k->women_led = NUM_UNKNOWN, n++;
	if (still_number(json_object_get(filled, "parent_id"), k->parent_id))
		k->parent_id = 0, n++;
	if (still_number(json_object_get(filled, "reg_authority_id"), k->reg_authority_id))
		k->reg_authority_id = 0, n++;
	/* what the merge cleared comes back, unless it was set again since */
	json_t *parent = json_object_get(filled, "cleared_parent_id");
	if (json_is_integer(parent) && k->parent_id == 0)
		k->parent_id = json_integer_value(parent);
	json_t *authority = json_object_get(filled, "cleared_reg_authority_id");
	if (json_is_integer(authority) && k->reg_authority_id == 0)
		k->reg_authority_id = json_integer_value(authority);
	return n;
}

static size_t project_unfill(Project *k, json_t *filled)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof PROJECT_TEXT / sizeof *PROJECT_TEXT; i++)
		if (still(json_object_get(filled, PROJECT_TEXT[i].name),
			  TEXT_AT(k, PROJECT_TEXT[i].offset))) {
			TEXT_AT(k, PROJECT_TEXT[i].offset) = NULL;
			n++;
		}
	json_t *budget = json_object_get(filled, "budget");
	if (budget && k->has_budget && json_number_value(budget) == k->budget &&
	    (json_is_null(json_object_get(filled, "currency")) ? !k->currency
	     : still(json_object_get(filled, "currency"), k->currency))) {
		k->has_budget = false;
		k->budget = 0;
		k->currency = NULL;
		n++;
	}
	/* a project keeps at least one title */
	return n;
}

/* Removes from k's alternate names those the merge added; returns how
 * many. */
static size_t remove_names(Ctx *ctx, Org *k, json_t *names)
{
	const char **kept = arena_alloc(ctx->arena, (k->alias_count ? k->alias_count : 1) * sizeof *kept);
	size_t n = 0;
	for (size_t i = 0; i < k->alias_count; i++) {
		bool added = false;
		size_t j;
		json_t *name;
		json_array_foreach(names, j, name)
			if (json_is_string(name) && strcmp(json_string_value(name), k->aliases[i]) == 0)
				added = true;
		if (!added)
			kept[n++] = k->aliases[i];
	}
	size_t removed = k->alias_count - n;
	k->aliases = kept;
	k->alias_count = n;
	return removed;
}

/* Puts the pair's decision back as it was before the merge (before is
 * its JSON, NULL: undecided), with its audit entry. */
static int restore_decision(Ctx *ctx, const char *kind, int64_t keep, int64_t drop,
			    const char *before)
{
	DedupDecision now;
	int64_t a_id = keep < drop ? keep : drop, b_id = keep < drop ? drop : keep;
	const char *now_json;
	int rc = decision_now(ctx, kind, keep, drop, &now_json);
	if (rc != STORE_OK)
		return rc;
	rc = store_dedup_decision_get(ctx->store, ctx->arena, kind, a_id, b_id, &now);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		return rc;
	int64_t id = rc == STORE_OK ? now.id : 0;
	json_t *b = before ? json_loads(before, 0, NULL) : NULL;
	if (!b) {
		rc = store_dedup_decision_delete(ctx->store, kind, a_id, b_id);
		if (rc == STORE_OK && id)
			rc = svc_audit_append(ctx, "delete", "dedup_decision", id, now_json, NULL);
		return rc;
	}
	json_int_t kept = json_integer_value(json_object_get(b, "kept_id"));
	DedupDecision d = {.kind = kind,
			   .a_id = a_id,
			   .b_id = b_id,
			   .decision = arena_strdup(ctx->arena, json_string_value(json_object_get(b, "decision"))),
			   .note = json_string_value(json_object_get(b, "note"))
					   ? arena_strdup(ctx->arena, json_string_value(json_object_get(b, "note")))
					   : NULL,
			   .decided_by = arena_strdup(ctx->arena, json_string_value(json_object_get(b, "decided_by"))),
			   .decided_at = arena_strdup(ctx->arena, json_string_value(json_object_get(b, "decided_at"))),
			   .kept_id = (int64_t)kept};
	json_decref(b);
	rc = store_dedup_decision_put(ctx->store, &d);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "update", "dedup_decision", d.id, now_json, before);
	return rc;
}

/* A snapshot with the record the merge of which was undone. */
static char *unmerge_snapshot(Ctx *ctx, const char *snapshot, int64_t other)
{
	return snapshot_with(ctx, snapshot, "unmerged_from", other);
}

static void count_back(Ctx *ctx, int64_t merge_id, size_t *rows)
{
	const char *moved = NULL;
	*rows = 0;
	if (store_merge_moved(ctx->store, ctx->arena, merge_id, &moved) != STORE_OK || !moved)
		return;
	json_t *m = json_loads(moved, 0, NULL);
	const char *key;
	json_t *value;
	json_object_foreach(m, key, value) {
		*rows += (size_t)json_integer_value(json_object_get(value, "moved"));
		*rows += (size_t)json_integer_value(json_object_get(value, "removed"));
	}
	json_decref(m);
}

/* The audit entries of an undo, the same for both kinds: keep before and
 * after, drop as it was while merged and as it is back. */
static int unmerge_audit(Ctx *ctx, const char *entity, int64_t keep, int64_t drop,
			 const char *keep_before, const char *keep_after, const char *drop_now)
{
	int rc = svc_audit_append(ctx, "unmerge", entity, keep, keep_before,
				  unmerge_snapshot(ctx, keep_after, drop));
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "unmerge", entity, drop,
				      snapshot_with(ctx, drop_now, "merged_into", keep), drop_now);
	return rc;
}

SvcStatus svc_merge_undo(Ctx *ctx, const char *entity, int64_t drop, Errors *errs,
			 UnmergeResult *out)
{
	memset(out, 0, sizeof *out);
	if (!svc_may_merge(ctx))
		return SVC_FORBIDDEN;
	bool org = strcmp(entity, "org") == 0;
	if (!org && strcmp(entity, "project") != 0)
		return SVC_NOT_FOUND;
	const char *kind = org ? "orgs" : "projects";
	if (drop <= 0)
		return SVC_NOT_FOUND;
	bool seen;
	if (seen_id(ctx, entity, drop, &seen) != STORE_OK)
		return SVC_ERROR;
	if (!seen)
		return SVC_NOT_FOUND;
	int64_t into, keep_into;
	int rc = store_merged_into(ctx->store, entity, drop, &into);
	if (rc != STORE_OK)
		return svc_from_store(rc);
	MergeLog log;
	rc = into ? store_merge_log_last(ctx->store, ctx->arena, kind, drop, &log) : STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && log.keep_id != into)) {
		if (into)
			errors_add(errs, "id", "was merged before merges could be undone", NULL);
		else
			errors_add(errs, "id", "was not merged into another record", NULL);
		return SVC_INVALID;
	}
	if (rc != STORE_OK)
		return svc_from_store(rc);
	int64_t keep = log.keep_id;
	if (seen_id(ctx, entity, keep, &seen) != STORE_OK)
		return SVC_ERROR;
	if (!seen)
		return SVC_NOT_FOUND;
	if ((rc = store_merged_into(ctx->store, entity, keep, &keep_into)) != STORE_OK)
		return svc_from_store(rc);
	if (keep_into) {
		char detail[32];
		snprintf(detail, sizeof detail, "%lld", (long long)keep_into);
		errors_add(errs, "id",
			   "the record kept was itself merged into another record since: undo that merge first",
			   detail);
		return SVC_INVALID;
	}
	out->keep_id = keep;
	out->drop_id = drop;
	count_back(ctx, log.id, &out->rows_back);
	json_t *filled = json_loads(log.filled, 0, NULL), *names = json_loads(log.names, 0, NULL);
	if (store_begin(ctx->store) != STORE_OK) {
		json_decref(filled);
		json_decref(names);
		return SVC_ERROR;
	}
	const char *table;
	int64_t row;
	Moved moved = {0};
	rc = store_mark_merged(ctx->store, entity, drop, 0);
	if (rc == STORE_OK && org)
		rc = projects_before(ctx, keep, &moved);
	if (rc == STORE_OK) {
		rc = store_merge_restore(ctx->store, log.id, &table, &row);
		if (rc == STORE_CONSTRAINT) {
			char detail[96];
			snprintf(detail, sizeof detail, "%s %lld", table ? table : "?", (long long)row);
			errors_add(errs, "id",
				   "a row the merge moved was changed or removed since, or clashes with one made since",
				   detail);
			store_rollback(ctx->store);
			json_decref(filled);
			json_decref(names);
			return SVC_INVALID;
		}
	}
	if (org) {
		Org k0, k1, d1;
		rc = rc == STORE_OK ? store_org_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k0) : rc;
		if (rc == STORE_OK)
			rc = store_org_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k1);
		if (rc == STORE_OK)
			rc = store_org_get(ctx->store, ctx->arena, drop, VIS_RESTRICTED, NULL, &d1);
		if (rc == STORE_OK) {
			out->fields_emptied = org_unfill(&k1, filled);
			out->names_removed = remove_names(ctx, &k1, names);
			rc = store_org_update(ctx->store, &k1);
		}
		if (rc == STORE_OK)
			rc = svc_index_org(ctx, &k1);
		if (rc == STORE_OK)
			rc = svc_index_org(ctx, &d1);
		if (rc == STORE_OK)
			rc = unmerge_audit(ctx, "org", keep, drop, svc_org_snapshot(ctx, &k0),
					   svc_org_snapshot(ctx, &k1), svc_org_snapshot(ctx, &d1));
		if (rc == STORE_OK)
			rc = projects_after(ctx, &moved);
	} else {
		Project k0, k1, d1;
		rc = rc == STORE_OK ? store_project_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k0) : rc;
		if (rc == STORE_OK)
			rc = store_project_get(ctx->store, ctx->arena, keep, VIS_RESTRICTED, NULL, &k1);
		if (rc == STORE_OK)
			rc = store_project_get(ctx->store, ctx->arena, drop, VIS_RESTRICTED, NULL, &d1);
		if (rc == STORE_OK) {
			out->fields_emptied = project_unfill(&k1, filled);
			if (out->fields_emptied)
				rc = store_project_update(ctx->store, &k1);
		}
		if (rc == STORE_OK)
			rc = svc_index_project(ctx, &k1);
		if (rc == STORE_OK)
			rc = svc_index_project(ctx, &d1);
		if (rc == STORE_OK)
			rc = unmerge_audit(ctx, "project", keep, drop, svc_project_snapshot(ctx, &k0),
					   svc_project_snapshot(ctx, &k1), svc_project_snapshot(ctx, &d1));
	}
	json_decref(filled);
	json_decref(names);
	if (rc == STORE_OK)
		rc = restore_decision(ctx, kind, keep, drop, log.decision_before);
	if (rc == STORE_OK)
		rc = store_merge_log_undone(ctx->store, log.id,
					    ctx->actor->login ? ctx->actor->login : "system", now_text(ctx));
	return svc_finish(ctx, rc);
}

/* ---- the old address ---- */

SvcStatus svc_merge_undoable(Ctx *ctx, const char *entity, int64_t drop, int64_t into,
			     bool *undoable)
{
	*undoable = false;
	if (!into)
		return SVC_OK;
	MergeLog log;
	int rc = store_merge_log_last(ctx->store, ctx->arena,
				      strcmp(entity, "org") == 0 ? "orgs" : "projects", drop, &log);
	if (rc == STORE_NOT_FOUND)
		return SVC_OK;
	if (rc != STORE_OK)
		return svc_from_store(rc);
	*undoable = log.keep_id == into;
	return SVC_OK;
}

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
