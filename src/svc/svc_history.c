/*
 * svc_history.c — the history of one record, and the whole audit trail.
 *
 * A record's history is read from the audit trail: each entry becomes the
 * list of fields that changed. Who reads the record now reads its history,
 * with one caution: a past version may have been more closed than the
 * record is now (restricted before it was made public), so a version the
 * reader could not have seen shows which fields changed but not their
 * values. Fields that name other organizations (a parent, a registration
 * authority, a project's organizations, which carry their names) show
 * values to administrators only, since those organizations may be closed
 * to the reader. The whole trail, snapshots included, is for
 * administrators.
 */
#include <string.h>

#include <jansson.h>

#include "svc/svc_int.h"
#include "svc/svc_merge.h"

/* Fields whose values name other organizations. */
static bool names_other_orgs(const char *field)
{
	static const char *const fields[] = {"parent_id", "registration", "orgs"};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(field, fields[i]) == 0)
			return true;
	return false;
}

/* A value as the page shows it: text as itself, numbers and booleans
 * written out, lists and objects as compact JSON. NULL for null or absent. */
static const char *value_text(Arena *a, const json_t *v)
{
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return arena_strdup(a, json_string_value(v));
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	const char *copy = text ? arena_strdup(a, text) : NULL;
	free(text);
	return copy;
}

/* The visibility a snapshot states; VIS_RESTRICTED when it states none,
 * so that an unreadable snapshot stays closed. */
static Visibility snapshot_visibility(const json_t *snap)
{
	Visibility v = VIS_RESTRICTED;
	const char *text = json_string_value(json_object_get(snap, "visibility"));
	if (snap && !text)
		return VIS_PUBLIC; /* a record kind without visibility */
	if (text)
		visibility_parse(text, &v);
	return v;
}

/* Adds a changed field to c, the values left out unless shown. */
static void add_field(Arena *a, RecordChange *c, size_t *cap, const char *field,
		      const json_t *before, const json_t *after, bool shown)
{
	if (c->field_count == *cap) {
		size_t grown = *cap ? *cap * 2 : 8;
		FieldChange *more = arena_alloc(a, grown * sizeof *more);
		if (c->field_count)
			memcpy(more, c->fields, c->field_count * sizeof *more);
		c->fields = more;
		*cap = grown;
	}
	FieldChange *f = &c->fields[c->field_count++];
	f->field = arena_strdup(a, field);
	f->shown = shown;
	f->before = shown ? value_text(a, before) : NULL;
	f->after = shown ? value_text(a, after) : NULL;
}

/* Fills c->fields with the top-level fields that differ between the two
 * snapshots (either may be NULL: a creation or a removal). */
static void diff_snapshots(Arena *a, const json_t *before, const json_t *after, bool values,
			   bool admin, RecordChange *c)
{
	size_t cap = 0;
	const char *key;
	json_t *value;
	json_object_foreach((json_t *)after, key, value) {
		const json_t *old = json_object_get(before, key);
		if (old && json_equal(old, value))
			continue;
		if (!old && json_is_null(value))
			continue;
		add_field(a, c, &cap, key, old, value, values && (admin || !names_other_orgs(key)));
	}
	json_object_foreach((json_t *)before, key, value) {
		if (json_object_get(after, key) || json_is_null(value))
			continue;
		if (strcmp(key, "merged_from") == 0)
			continue; /* said once, by the merge's own entry */
		add_field(a, c, &cap, key, value, NULL, values && (admin || !names_other_orgs(key)));
	}
}

static bool is_admin(const Ctx *ctx)
{
	return ctx->actor->role == ROLE_ADMIN || ctx->actor->role == ROLE_SYSTEM;
}

/* A record merged into another is not read as a record any more, but its
 * history is: to whoever sees it as it was stored (svc_merged_into). */
static SvcStatus merged_record(Ctx *ctx, const char *entity, int64_t id, Visibility *now)
{
	int64_t into;
	SvcStatus st = svc_merged_into(ctx, entity, id, &into);
	if (st != SVC_OK)
		return st;
	if (!into)
		return SVC_NOT_FOUND;
	int rc = strcmp(entity, "org") == 0 ? store_org_visibility(ctx->store, id, now)
					    : store_project_visibility(ctx->store, id, now);
	return svc_from_store(rc);
}

SvcStatus svc_record_history(Ctx *ctx, const char *entity, int64_t id, int limit,
			     RecordChange **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	/* Only a reader of the record reads its history; reading it by a
	 * stated reason is logged by the get, as any other read. */
	Visibility now = VIS_RESTRICTED;
	SvcStatus st;
	if (strcmp(entity, "org") == 0) {
		Org o;
		st = svc_org_get(ctx, id, &o);
		if (st == SVC_OK)
			now = o.visibility;
	} else if (strcmp(entity, "project") == 0) {
		Project p;
		st = svc_project_get(ctx, id, &p);
		if (st == SVC_OK)
			now = p.visibility;
	} else {
		return SVC_NOT_FOUND;
	}
	if (st == SVC_NOT_FOUND)
		st = merged_record(ctx, entity, id, &now);
	if (st != SVC_OK)
		return st;
	if (limit <= 0 || limit > HISTORY_MAX)
		limit = HISTORY_MAX;

	AuditEntry *entries;
	size_t n;
	if (store_audit_list(ctx->store, ctx->arena, entity, id, limit, &entries, &n) != STORE_OK)
		return SVC_ERROR;
	/* The reader sees this record at `now`; a version is readable when it
	 * was no more closed than that, or than what the reader sees anywhere. */
	Visibility reach = svc_max_visibility(ctx->actor);
	if (now > reach)
		reach = now;
	bool admin = is_admin(ctx);

	*out = arena_alloc(ctx->arena, (n ? n : 1) * sizeof **out);
	for (size_t i = 0; i < n; i++) {
		const AuditEntry *e = &entries[i];
		json_t *before = e->before ? json_loads(e->before, 0, NULL) : NULL;
		json_t *after = e->after ? json_loads(e->after, 0, NULL) : NULL;
		Visibility vb = before ? snapshot_visibility(before) : VIS_PUBLIC;
		Visibility va = after ? snapshot_visibility(after) : VIS_PUBLIC;
		bool values = admin || (vb <= reach && va <= reach);
		RecordChange *c = &(*out)[(*count)++];
		*c = (RecordChange){.entry_id = e->id, .at = e->at, .actor = e->actor,
				    .action = e->action, .values_hidden = !values};
		diff_snapshots(ctx->arena, before, after, values, admin, c);
		json_decref(before);
		json_decref(after);
	}
	return SVC_OK;
}

SvcStatus svc_audit_trail(Ctx *ctx, const char *entity, int64_t before_id, int limit,
			  AuditEntry **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!is_admin(ctx))
		return SVC_FORBIDDEN;
	if (limit <= 0 || limit > HISTORY_MAX)
		limit = HISTORY_MAX;
	if (store_audit_page(ctx->store, ctx->arena, entity, before_id, limit, out, count) != STORE_OK)
		return SVC_ERROR;
	return SVC_OK;
}
