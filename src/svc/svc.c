/*
 * svc.c — the service layer: validate, authorize, write, audit, in one
 * transaction per call (see svc.h).
 */
#include "svc/svc.h"
#include "svc/svc_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/text.h"
#include "core/validate.h"
#include "fmt/record_json.h"

const Actor ACTOR_SYSTEM = {.user_id = 0, .login = "system", .role = ROLE_SYSTEM};
const Actor ACTOR_ANONYMOUS = {.user_id = 0, .login = "anonymous", .role = ROLE_ANONYMOUS};

/* ---- application and units of work ---- */

App *app_open(const char *db_path, int connections, char **err)
{
	*err = NULL;
	if (connections < 1 || connections > APP_POOL_SIZE)
		connections = APP_POOL_SIZE;
	App *app = xcalloc(1, sizeof *app);
	app->db_path = xstrdup(db_path);
	pthread_mutex_init(&app->lock, NULL);
	pthread_cond_init(&app->freed, NULL);
	for (int i = 0; i < connections; i++) {
		Store *s = NULL;
		if (store_open(db_path, false, &s) != STORE_OK) {
			*err = xstrdup(store_error(s));
			store_close(s);
			goto fail;
		}
		app->pool[app->pool_size++] = s;
	}
	long long places = 0;
	if (store_place_count(app->pool[0], &places) != STORE_OK || places == 0) {
		*err = xstrdup("the database has no reference data (was it made with 'hamahang init'?)");
		goto fail;
	}
	app->ref = refdata_new();
	if (store_refdata_load(app->pool[0], app->ref) != STORE_OK) {
		*err = xstrdup(store_error(app->pool[0]));
		goto fail;
	}
	return app;
fail:
	app_close(app);
	return NULL;
}

void app_close(App *app)
{
	if (!app)
		return;
	for (int i = 0; i < app->pool_size; i++)
		store_close(app->pool[i]);
	refdata_free(app->ref);
	pthread_mutex_destroy(&app->lock);
	pthread_cond_destroy(&app->freed);
	free(app->db_path);
	free(app);
}

void ctx_begin(App *app, const Actor *actor, Ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
	pthread_mutex_lock(&app->lock);
	int slot = -1;
	while (slot < 0) {
		for (int i = 0; i < app->pool_size; i++)
			if (!app->busy[i]) {
				slot = i;
				break;
			}
		if (slot < 0)
			pthread_cond_wait(&app->freed, &app->lock);
	}
	app->busy[slot] = true;
	pthread_mutex_unlock(&app->lock);
	ctx->app = app;
	ctx->store = app->pool[slot];
	ctx->ref = app->ref;
	ctx->actor = actor ? actor : &ACTOR_ANONYMOUS;
	ctx->arena = arena_new();
	ctx->now = time(NULL);
}

void ctx_end(Ctx *ctx)
{
	if (!ctx->app)
		return;
	store_rollback(ctx->store); /* a no-op unless a unit left a transaction open */
	pthread_mutex_lock(&ctx->app->lock);
	for (int i = 0; i < ctx->app->pool_size; i++)
		if (ctx->app->pool[i] == ctx->store)
			ctx->app->busy[i] = false;
	pthread_cond_signal(&ctx->app->freed);
	pthread_mutex_unlock(&ctx->app->lock);
	arena_free(ctx->arena);
	memset(ctx, 0, sizeof *ctx);
}

const char *svc_error(const Ctx *ctx)
{
	return store_error(ctx->store);
}

/* ---- policy: who may read and write what, decided here only ---- */

Visibility svc_max_visibility(const Actor *actor)
{
	switch (actor->role) {
	case ROLE_ANONYMOUS:
		return VIS_PUBLIC;
	case ROLE_EDITOR:
	case ROLE_MINISTRY:
	case ROLE_COORDINATOR:
		return VIS_MEMBERS;
	case ROLE_ADMIN:
	case ROLE_SYSTEM:
		return VIS_RESTRICTED;
	}
	return VIS_PUBLIC;
}

/* Until accounts exist, every write comes from the operator's command line
 * or from a visitor of a server bound to this machine; accounts and roles
 * narrow this (see the permissions issue). */
static bool may_write(const Ctx *ctx)
{
	(void)ctx;
	return true;
}

/* ---- the audit entry, inside the caller's transaction ---- */

int svc_audit_append(Ctx *ctx, const char *action, const char *entity, int64_t id,
			const char *before, const char *after)
{
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX], at[32];
	if (store_audit_last_hash(ctx->store, prev) != STORE_OK)
		return STORE_ERROR;
	struct tm tm;
	gmtime_r(&ctx->now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	audit_hash(prev, at, ctx->actor->login, action, entity, id, before, after, hash);
	AuditEntry e = {.at = at,
			.actor = ctx->actor->login,
			.action = action,
			.entity = entity,
			.entity_id = id,
			.before = before,
			.after = after,
			.prev_hash = prev,
			.hash = hash};
	return store_audit_insert(ctx->store, &e);
}

/* Commits, or rolls back and reports the store's error. */
static SvcStatus finish(Ctx *ctx, int rc)
{
	if (rc == STORE_OK && store_commit(ctx->store) == STORE_OK)
		return SVC_OK;
	store_rollback(ctx->store);
	return rc == STORE_NOT_FOUND ? SVC_NOT_FOUND : SVC_ERROR;
}

/* ---- search text ---- */

static void add_folded(Buf *b, const char *s)
{
	if (!s || !*s)
		return;
	char *f = text_fold(s);
	if (f && *f) {
		if (b->used)
			buf_putc(b, ' ');
		buf_puts(b, f);
	}
	free(f);
}

static int index_org(Ctx *ctx, const Org *o)
{
	Buf names, body;
	buf_init(&names, 1 << 20);
	buf_init(&body, 1 << 20);
	add_folded(&names, o->name_en);
	add_folded(&names, o->name_prs);
	add_folded(&names, o->name_pus);
	add_folded(&names, o->acronym);
	for (size_t i = 0; i < o->alias_count; i++)
		add_folded(&names, o->aliases[i]);
	add_folded(&body, o->description);
	int rc = store_search_put(ctx->store, "org", o->id, buf_str(&names), buf_str(&body));
	buf_free(&names);
	buf_free(&body);
	return rc;
}

static int index_project(Ctx *ctx, const Project *p)
{
	Buf names, body;
	buf_init(&names, 1 << 20);
	buf_init(&body, 1 << 20);
	add_folded(&names, p->title_en);
	add_folded(&names, p->title_prs);
	add_folded(&names, p->title_pus);
	add_folded(&body, p->description_en);
	add_folded(&body, p->description_prs);
	add_folded(&body, p->description_pus);
	int rc = store_search_put(ctx->store, "project", p->id, buf_str(&names), buf_str(&body));
	buf_free(&names);
	buf_free(&body);
	return rc;
}

/* ---- organizations ---- */

/* Checks that referenced organizations exist. */
static void check_org_ref(Ctx *ctx, Errors *errs, const char *field, int64_t id)
{
	Visibility v;
	if (id && store_org_visibility(ctx->store, id, &v) != STORE_OK)
		errors_add(errs, field, "names no known organization", NULL);
}

static char *org_snapshot(Ctx *ctx, const Org *o)
{
	json_t *j = org_to_json(o, NULL);
	json_object_del(j, "updated_at");
	char *text = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return text;
}

SvcStatus svc_org_create(Ctx *ctx, Org *o, Errors *errs, Errors *warns)
{
	if (!may_write(ctx))
		return SVC_FORBIDDEN;
	if (!o->status)
		o->status = "active";
	validate_org(ctx->ref, o, errs, warns);
	check_org_ref(ctx, errs, "parent_id", o->parent_id);
	check_org_ref(ctx, errs, "registration.authority_id", o->reg_authority_id);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_org_insert(ctx->store, o);
	if (rc == STORE_OK)
		rc = index_org(ctx, o);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "create", "org", o->id, NULL, org_snapshot(ctx, o));
	return finish(ctx, rc);
}

SvcStatus svc_org_update(Ctx *ctx, Org *o, Errors *errs, Errors *warns)
{
	if (!may_write(ctx))
		return SVC_FORBIDDEN;
	Org before;
	int rc = store_org_get(ctx->store, ctx->arena, o->id, svc_max_visibility(ctx->actor), &before);
	if (rc == STORE_NOT_FOUND)
		return SVC_NOT_FOUND;
	if (rc != STORE_OK)
		return SVC_ERROR;
	validate_org(ctx->ref, o, errs, warns);
	check_org_ref(ctx, errs, "parent_id", o->parent_id);
	check_org_ref(ctx, errs, "registration.authority_id", o->reg_authority_id);
	if (o->parent_id && o->parent_id == o->id)
		errors_add(errs, "parent_id", "must not be the organization itself", NULL);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_org_update(ctx->store, o);
	if (rc == STORE_OK)
		rc = index_org(ctx, o);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "update", "org", o->id, org_snapshot(ctx, &before),
				  org_snapshot(ctx, o));
	return finish(ctx, rc);
}

SvcStatus svc_org_delete(Ctx *ctx, int64_t id)
{
	if (!may_write(ctx))
		return SVC_FORBIDDEN;
	Org before;
	int rc = store_org_get(ctx->store, ctx->arena, id, svc_max_visibility(ctx->actor), &before);
	if (rc == STORE_NOT_FOUND)
		return SVC_NOT_FOUND;
	if (rc != STORE_OK)
		return SVC_ERROR;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_org_delete(ctx->store, id);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "delete", "org", id, org_snapshot(ctx, &before), NULL);
	return finish(ctx, rc);
}

SvcStatus svc_org_get(Ctx *ctx, int64_t id, Org *out)
{
	int rc = store_org_get(ctx->store, ctx->arena, id, svc_max_visibility(ctx->actor), out);
	return rc == STORE_OK ? SVC_OK : rc == STORE_NOT_FOUND ? SVC_NOT_FOUND : SVC_ERROR;
}

/* Folds the text query so the search matches the way the index was built. */
static const char *fold_query(Ctx *ctx, const char *q)
{
	if (!q || !*q)
		return NULL;
	char *f = text_fold(q);
	const char *out = f && *f ? arena_strdup(ctx->arena, f) : NULL;
	free(f);
	return out;
}

SvcStatus svc_org_list(Ctx *ctx, OrgFilter *f, OrgList *out)
{
	f->max_vis = svc_max_visibility(ctx->actor);
	f->q = fold_query(ctx, f->q);
	if (f->limit <= 0 || f->limit > 500)
		f->limit = 50;
	if (f->offset < 0)
		f->offset = 0;
	return store_org_list(ctx->store, ctx->arena, f, out) == STORE_OK ? SVC_OK : SVC_ERROR;
}

SvcStatus svc_relation_create(Ctx *ctx, OrgRelation *r, Errors *errs)
{
	if (!may_write(ctx))
		return SVC_FORBIDDEN;
	if (!codelist_find(&ctx->ref->relation_kinds, r->kind))
		errors_add(errs, "kind", "is not a known kind of relation", r->kind);
	check_org_ref(ctx, errs, "from_org_id", r->from_org_id);
	check_org_ref(ctx, errs, "to_org_id", r->to_org_id);
	if (r->from_org_id == r->to_org_id)
		errors_add(errs, "to_org_id", "must be another organization", NULL);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_relation_insert(ctx->store, r);
	if (rc == STORE_OK) {
		json_t *j = json_pack("{s:I,s:s,s:I,s:s?,s:s?,s:s?,s:s?}", "from_org_id",
				      (json_int_t)r->from_org_id, "kind", r->kind, "to_org_id",
				      (json_int_t)r->to_org_id, "start_date", r->start_date, "end_date",
				      r->end_date, "note", r->note, "source", r->source);
		rc = svc_audit_append(ctx, "create", "relation", r->id, NULL, json_dump_arena(ctx->arena, j));
		json_decref(j);
	}
	return finish(ctx, rc);
}

SvcStatus svc_award_create(Ctx *ctx, Award *w, Errors *errs)
{
	if (!may_write(ctx))
		return SVC_FORBIDDEN;
	if (!w->title || !*w->title)
		errors_add(errs, "title", "is required", NULL);
	check_org_ref(ctx, errs, "org_id", w->org_id);
	check_org_ref(ctx, errs, "by_org_id", w->by_org_id);
	if (w->year && (w->year < 1900 || w->year > 2999))
		errors_add(errs, "year", "is not a plausible year", NULL);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_award_insert(ctx->store, w);
	if (rc == STORE_OK) {
		json_t *j = json_pack("{s:I,s:s,s:s?,s:i}", "org_id", (json_int_t)w->org_id, "title",
				      w->title, "by_name", w->by_name, "year", w->year);
		rc = svc_audit_append(ctx, "create", "award", w->id, NULL, json_dump_arena(ctx->arena, j));
		json_decref(j);
	}
	return finish(ctx, rc);
}

/* ---- projects ---- */

static char *project_snapshot(Ctx *ctx, const Project *p)
{
	json_t *j = project_to_json(p, NULL);
	json_object_del(j, "updated_at");
	char *text = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return text;
}

static void check_project_refs(Ctx *ctx, const Project *p, Errors *errs)
{
	for (size_t i = 0; i < p->org_count && i < LIST_MAX_ITEMS; i++) {
		Visibility v;
		if (p->orgs[i].org_id > 0 &&
		    store_org_visibility(ctx->store, p->orgs[i].org_id, &v) != STORE_OK)
			errors_add_at(errs, "orgs", i, "org_id", "names no known organization", NULL);
	}
}

SvcStatus svc_project_create(Ctx *ctx, Project *p, Errors *errs, Errors *warns)
{
	if (!may_write(ctx))
		return SVC_FORBIDDEN;
	validate_project(ctx->ref, p, errs, warns);
	check_project_refs(ctx, p, errs);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_project_insert(ctx->store, p);
	if (rc == STORE_OK)
		rc = index_project(ctx, p);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "create", "project", p->id, NULL, project_snapshot(ctx, p));
	return finish(ctx, rc);
}

SvcStatus svc_project_update(Ctx *ctx, Project *p, Errors *errs, Errors *warns)
{
	if (!may_write(ctx))
		return SVC_FORBIDDEN;
	Project before;
	int rc = store_project_get(ctx->store, ctx->arena, p->id, svc_max_visibility(ctx->actor),
				   &before);
	if (rc == STORE_NOT_FOUND)
		return SVC_NOT_FOUND;
	if (rc != STORE_OK)
		return SVC_ERROR;
	validate_project(ctx->ref, p, errs, warns);
	check_project_refs(ctx, p, errs);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_project_update(ctx->store, p);
	if (rc == STORE_OK)
		rc = index_project(ctx, p);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "update", "project", p->id, project_snapshot(ctx, &before),
				  project_snapshot(ctx, p));
	return finish(ctx, rc);
}

SvcStatus svc_project_delete(Ctx *ctx, int64_t id)
{
	if (!may_write(ctx))
		return SVC_FORBIDDEN;
	Project before;
	int rc = store_project_get(ctx->store, ctx->arena, id, svc_max_visibility(ctx->actor), &before);
	if (rc == STORE_NOT_FOUND)
		return SVC_NOT_FOUND;
	if (rc != STORE_OK)
		return SVC_ERROR;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_project_delete(ctx->store, id);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "delete", "project", id, project_snapshot(ctx, &before), NULL);
	return finish(ctx, rc);
}

SvcStatus svc_project_get(Ctx *ctx, int64_t id, Project *out)
{
	int rc = store_project_get(ctx->store, ctx->arena, id, svc_max_visibility(ctx->actor), out);
	return rc == STORE_OK ? SVC_OK : rc == STORE_NOT_FOUND ? SVC_NOT_FOUND : SVC_ERROR;
}

SvcStatus svc_project_list(Ctx *ctx, ProjectFilter *f, ProjectList *out)
{
	f->max_vis = svc_max_visibility(ctx->actor);
	f->q = fold_query(ctx, f->q);
	if (f->limit <= 0 || f->limit > 500)
		f->limit = 50;
	if (f->offset < 0)
		f->offset = 0;
	return store_project_list(ctx->store, ctx->arena, f, out) == STORE_OK ? SVC_OK : SVC_ERROR;
}

/* ---- meetings ---- */

SvcStatus svc_meeting_create(Ctx *ctx, Meeting *m, Errors *errs)
{
	if (!may_write(ctx))
		return SVC_FORBIDDEN;
	if (!m->topic || !*m->topic)
		errors_add(errs, "topic", "is required", NULL);
	check_org_ref(ctx, errs, "convener_id", m->convener_id);
	if (m->attendance_total >= 0 && m->attendance_female >= 0 && m->attendance_male >= 0 &&
	    m->attendance_female + m->attendance_male != m->attendance_total)
		errors_add(errs, "attendance_male", "female and male together must equal the total",
			   NULL);
	for (size_t i = 0; i < m->rec_count; i++)
		if (!m->recs[i].text || !*m->recs[i].text)
			errors_add_at(errs, "recommendations", i, "text", "is required", NULL);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_meeting_insert(ctx->store, m);
	if (rc == STORE_OK) {
		json_t *j = json_pack("{s:s,s:s?,s:I}", "topic", m->topic, "date", m->date,
				      "recommendations", (json_int_t)m->rec_count);
		rc = svc_audit_append(ctx, "create", "meeting", m->id, NULL, json_dump_arena(ctx->arena, j));
		json_decref(j);
	}
	return finish(ctx, rc);
}

/* ---- search ---- */

SvcStatus svc_search(Ctx *ctx, const char *query, int limit, SearchHit **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	const char *folded = fold_query(ctx, query);
	if (!folded)
		return SVC_OK;
	if (limit <= 0 || limit > 200)
		limit = 50;
	return store_search(ctx->store, ctx->arena, folded, svc_max_visibility(ctx->actor), limit,
			    out, count) == STORE_OK
		       ? SVC_OK
		       : SVC_ERROR;
}

/* ---- figures and related records ---- */

static SvcStatus from_store(int rc)
{
	return rc == STORE_OK ? SVC_OK : rc == STORE_NOT_FOUND ? SVC_NOT_FOUND : SVC_ERROR;
}

SvcStatus svc_totals(Ctx *ctx, Totals *out)
{
	return from_store(store_totals(ctx->store, svc_max_visibility(ctx->actor), out));
}

SvcStatus svc_place_sectors(Ctx *ctx, const char *pcode, PlaceSectorCount **out, size_t *count)
{
	return from_store(store_place_sectors(ctx->store, ctx->arena, pcode,
					      svc_max_visibility(ctx->actor), out, count));
}

/* Entries about records the actor may not see are left out, and so are
 * their snapshots: the trail is shown in full to those who see everything. */
SvcStatus svc_recent_changes(Ctx *ctx, int limit, AuditEntry **out, size_t *count)
{
	AuditEntry *all;
	size_t n;
	int rc = store_audit_list(ctx->store, ctx->arena, NULL, 0, limit * 4, &all, &n);
	if (rc != STORE_OK)
		return SVC_ERROR;
	Visibility max = svc_max_visibility(ctx->actor);
	*out = arena_alloc(ctx->arena, (n ? n : 1) * sizeof **out);
	*count = 0;
	for (size_t i = 0; i < n && *count < (size_t)limit; i++) {
		AuditEntry e = all[i];
		Visibility v = VIS_PUBLIC;
		if (strcmp(e.entity, "org") == 0)
			rc = store_org_visibility(ctx->store, e.entity_id, &v);
		else if (strcmp(e.entity, "project") == 0)
			rc = store_project_visibility(ctx->store, e.entity_id, &v);
		else
			rc = STORE_OK;
		/* A deleted record's visibility is gone with it: show only to those who see all. */
		if (rc == STORE_NOT_FOUND)
			v = VIS_RESTRICTED;
		else if (rc != STORE_OK)
			return SVC_ERROR;
		if (v > max)
			continue;
		if (max < VIS_RESTRICTED)
			e.before = e.after = NULL;
		(*out)[(*count)++] = e;
	}
	return SVC_OK;
}

SvcStatus svc_org_relations(Ctx *ctx, int64_t org_id, OrgRelation **out, size_t *count)
{
	return from_store(store_relation_list(ctx->store, ctx->arena, org_id,
					      svc_max_visibility(ctx->actor), out, count));
}

SvcStatus svc_org_awards(Ctx *ctx, int64_t org_id, Award **out, size_t *count)
{
	return from_store(store_award_list(ctx->store, ctx->arena, org_id, out, count));
}

SvcStatus svc_meetings(Ctx *ctx, int64_t convener_id, Meeting **out, size_t *count)
{
	return from_store(store_meeting_list(ctx->store, ctx->arena, convener_id, out, count));
}
