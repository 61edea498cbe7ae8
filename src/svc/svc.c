/*
 * svc.c — the service layer: validate, authorize, write, audit, in one
 * transaction per call (see svc.h).
 *
 * Who may read and write what is decided in the policy section below and
 * nowhere else: what an actor sees (a Sight: the highest visibility, the
 * organizations whose restricted records are seen too, and whether a
 * stated reason opened them, so each such read is logged), and what an
 * actor may write (may_write, svc_may_manage_users). The store is told
 * what to show; it never decides.
 */
#include "svc/svc_dates.h"
#include "svc/svc.h"
#include "svc/svc_int.h"

#include <sodium.h>
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
	if (sodium_init() < 0) {
		*err = xstrdup("the cryptography library could not start");
		return NULL;
	}
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
	/* A database made by an older version gets the tables it lacks. */
	if (store_migrate(app->pool[0], NULL) != STORE_OK) {
		*err = xstrdup(store_error(app->pool[0]));
		goto fail;
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

static SvcStatus from_store(int rc)
{
	return rc == STORE_OK ? SVC_OK : rc == STORE_NOT_FOUND ? SVC_NOT_FOUND : SVC_ERROR;
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
	case ROLE_ADMIN:
		return VIS_MEMBERS;
	case ROLE_SYSTEM:
		return VIS_RESTRICTED;
	}
	return VIS_PUBLIC;
}

#define REASON_MAX_BYTES 1000

/* A reason counts when it says something: text, not blank, and not a
 * whole essay. */
static bool reason_stated(const Ctx *ctx)
{
	const char *r = ctx->reason;
	if (!r || strlen(r) > REASON_MAX_BYTES || !text_valid_utf8(r, strlen(r)))
		return false;
	for (; *r; r++)
		if (*r != ' ' && *r != '\t' && *r != '\n' && *r != '\r')
			return true;
	return false;
}

/* What the unit's actor sees. */
typedef struct Sight {
	Visibility max_vis;     /* seen everywhere */
	OrgScope scope;         /* organizations whose restricted records are seen too */
	bool by_reason;         /* restricted records seen because a reason was stated: logged */
} Sight;

/* with_reason false for counts and feeds: a reason opens records one by
 * one, where each read is logged, never figures. */
static Sight sight_of(const Ctx *ctx, bool with_reason)
{
	const Actor *a = ctx->actor;
	Sight s = {.max_vis = svc_max_visibility(a)};
	if (a->role == ROLE_EDITOR) {
		s.scope.org_ids = a->org_ids;
		s.scope.count = a->org_count;
	}
	if (with_reason && (a->role == ROLE_COORDINATOR || a->role == ROLE_ADMIN) &&
	    reason_stated(ctx)) {
		s.max_vis = VIS_RESTRICTED;
		s.by_reason = true;
	}
	return s;
}

static bool in_orgs(const int64_t *ids, size_t count, int64_t id)
{
	for (size_t i = 0; i < count; i++)
		if (ids[i] == id)
			return true;
	return false;
}

bool svc_sees_org(const Ctx *ctx, const Org *o)
{
	Sight s = sight_of(ctx, true);
	return o->visibility <= s.max_vis || in_orgs(s.scope.org_ids, s.scope.count, o->id);
}

bool svc_sees_project(const Ctx *ctx, const Project *p)
{
	Sight s = sight_of(ctx, true);
	if (p->visibility <= s.max_vis)
		return true;
	for (size_t i = 0; i < p->org_count; i++)
		if (in_orgs(s.scope.org_ids, s.scope.count, p->orgs[i].org_id))
			return true;
	return false;
}

/* Whether the sight takes in an organization or a project as stored now;
 * false for one that does not exist. Returns a STORE_* code. */
static int sees_org_id(Ctx *ctx, const Sight *s, int64_t id, bool *seen)
{
	Visibility v;
	*seen = false;
	int rc = store_org_visibility(ctx->store, id, &v);
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	*seen = v <= s->max_vis || in_orgs(s->scope.org_ids, s->scope.count, id);
	return STORE_OK;
}

static int sees_project_id(Ctx *ctx, const Sight *s, int64_t id, bool *seen)
{
	Visibility v;
	*seen = false;
	int rc = store_project_visibility(ctx->store, id, &v);
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	if (v <= s->max_vis) {
		*seen = true;
		return STORE_OK;
	}
	int64_t *owners;
	size_t n;
	if ((rc = store_project_owners(ctx->store, ctx->arena, id, &owners, &n)) != STORE_OK)
		return rc;
	for (size_t i = 0; i < n && !*seen; i++)
		*seen = in_orgs(s->scope.org_ids, s->scope.count, owners[i]);
	return STORE_OK;
}

/* Logs the read of a restricted record seen because of a stated reason.
 * A read that cannot be logged fails: none goes unrecorded. */
static int note_read(Ctx *ctx, const Sight *s, const char *entity, int64_t id, Visibility v)
{
	if (!s->by_reason || v != VIS_RESTRICTED)
		return STORE_OK;
	RestrictedRead r = {.at = ctx->now,
			    .user_id = ctx->actor->user_id,
			    .login = ctx->actor->login,
			    .entity = entity,
			    .entity_id = id,
			    .reason = ctx->reason};
	return store_restricted_read_insert(ctx->store, &r);
}

/* note_read for an organization named inside another record. */
static int note_org_read(Ctx *ctx, const Sight *s, int64_t org_id)
{
	if (!s->by_reason)
		return STORE_OK;
	Visibility v;
	int rc = store_org_visibility(ctx->store, org_id, &v);
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	return rc == STORE_OK ? note_read(ctx, s, "org", org_id, v) : rc;
}

/* note_read for a project and the organizations it names. */
static int note_project_read(Ctx *ctx, const Sight *s, const Project *p)
{
	int rc = note_read(ctx, s, "project", p->id, p->visibility);
	for (size_t i = 0; i < p->org_count && rc == STORE_OK; i++)
		rc = note_org_read(ctx, s, p->orgs[i].org_id);
	return rc;
}

/* What a write touches. */
typedef enum RecordKind {
	REC_ORG,
	REC_PROJECT,        /* with its places, sectors, targets and results */
	REC_RELATION,
	REC_AWARD,
	REC_MEETING         /* with its recommendations */
} RecordKind;

typedef enum WriteOp { OP_CREATE, OP_CHANGE, OP_DELETE } WriteOp;

/* Whether the actor may make this write. owners are the organizations the
 * record belongs to: an org itself; a project, those with a role on it; a
 * relation, both sides; an award, its organization; a new org, none.
 *
 *   system, admin       everything (and users: svc_may_manage_users)
 *   coordinator         organizations, projects, relations, awards, meetings
 *   ministry            organizations, projects, relations, awards
 *   editor              only records of their own organizations: change an
 *                       organization they belong to (not create or delete
 *                       one), create, change and delete its projects, add
 *                       its relations and awards
 *   anonymous           nothing
 */
static bool may_write(const Ctx *ctx, RecordKind kind, WriteOp op, const int64_t *owners,
		      size_t owner_count)
{
	const Actor *a = ctx->actor;
	switch (a->role) {
	case ROLE_SYSTEM:
	case ROLE_ADMIN:
	case ROLE_COORDINATOR:
		return true;
	case ROLE_MINISTRY:
		return kind != REC_MEETING;
	case ROLE_EDITOR:
		if (kind == REC_MEETING || (kind == REC_ORG && op != OP_CHANGE))
			return false;
		for (size_t i = 0; i < owner_count; i++)
			if (in_orgs(a->org_ids, a->org_count, owners[i]))
				return true;
		return false;
	case ROLE_ANONYMOUS:
		return false;
	}
	return false;
}

bool svc_may_change_org(Ctx *ctx, int64_t id)
{
	return may_write(ctx, REC_ORG, OP_CHANGE, &id, 1);
}

bool svc_may_change_project(Ctx *ctx, int64_t id)
{
	int64_t *owners;
	size_t owner_count;
	if (store_project_owners(ctx->store, ctx->arena, id, &owners, &owner_count) != STORE_OK)
		return false;
	return may_write(ctx, REC_PROJECT, OP_CHANGE, owners, owner_count);
}

/* Whether the actor may merge two records entered twice (svc_merge.c):
 * a merge moves what other organizations own, so it is the coordinators'
 * and administrators' (and the system's), as meetings and memberships
 * are; ministry reviewers and editors may not, nor anonymous visitors. */
bool svc_may_merge(const Ctx *ctx)
{
	switch (ctx->actor->role) {
	case ROLE_SYSTEM:
	case ROLE_ADMIN:
	case ROLE_COORDINATOR:
		return true;
	default:
		return false;
	}
}

bool svc_may_manage_users(const Ctx *ctx)
{
	return ctx->actor->role == ROLE_SYSTEM || ctx->actor->role == ROLE_ADMIN;
}

bool svc_may_manage_account(const Ctx *ctx, int64_t user_id)
{
	if (svc_may_manage_users(ctx))
		return true;
	return ctx->actor->role != ROLE_ANONYMOUS && ctx->actor->user_id != 0 &&
	       ctx->actor->user_id == user_id;
}

/* Whether the actor may make a coordination write (svc_coord.c). owners:
 * for a meeting its convener; for a follow-up the convener and the
 * organization the recommendation is addressed to; for a membership the
 * body (a body decides who its members are); for a schedule the body; for
 * an application the applicant and the authority.
 *
 *   system, admin, coordinator   everything
 *   ministry                     follow-ups and applications (reviewers are
 *                                addressees and deciders), not meetings,
 *                                memberships or schedules
 *   editor                       only when one of the owners is theirs
 *   anonymous                    nothing
 */
bool svc_may_coordinate(const Ctx *ctx, CoordWrite what, const int64_t *owners, size_t owner_count)
{
	const Actor *a = ctx->actor;
	switch (a->role) {
	case ROLE_SYSTEM:
	case ROLE_ADMIN:
	case ROLE_COORDINATOR:
		return true;
	case ROLE_MINISTRY:
		return what == COORD_FOLLOW_UP || what == COORD_APPLICATION;
	case ROLE_EDITOR:
		for (size_t i = 0; i < owner_count; i++)
			if (owners[i] && in_orgs(a->org_ids, a->org_count, owners[i]))
				return true;
		return false;
	case ROLE_ANONYMOUS:
		return false;
	}
	return false;
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

/* Checks that a referenced organization exists and that the actor sees
 * it: one the actor does not see is answered as unknown, so an error
 * message cannot reveal a restricted record. One seen by reason is a
 * logged read. */
static int check_org_ref(Ctx *ctx, Errors *errs, const char *field, int64_t id)
{
	if (!id)
		return STORE_OK;
	Sight s = sight_of(ctx, true);
	bool seen;
	int rc = sees_org_id(ctx, &s, id, &seen);
	if (rc == STORE_OK && !seen)
		errors_add(errs, field, "names no known organization", NULL);
	else if (rc == STORE_OK)
		rc = note_org_read(ctx, &s, id);
	return rc;
}

static char *org_snapshot(Ctx *ctx, const Org *o)
{
	json_t *j = org_to_json(o, NULL);
	json_object_del(j, "updated_at");
	char *text = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return text;
}

/* Clears a reference to an organization the sight does not take in; one
 * seen by reason is a logged read. Returns a STORE_* code. */
static int hide_unseen_org(Ctx *ctx, const Sight *s, int64_t *org_id)
{
	bool seen;
	if (!*org_id)
		return STORE_OK;
	int rc = sees_org_id(ctx, s, *org_id, &seen);
	if (rc == STORE_OK && !seen)
		*org_id = 0;
	else if (rc == STORE_OK)
		rc = note_org_read(ctx, s, *org_id);
	return rc;
}

/* An organization shows the organizations it names (its parent, its
 * registration authority) only when the reader sees them: the id alone
 * would tell that a restricted organization exists and how it is tied to
 * this one. The pages never named them; the API gave the ids. */
static int hide_unseen_refs(Ctx *ctx, const Sight *s, Org *o)
{
	int rc = hide_unseen_org(ctx, s, &o->parent_id);
	if (rc == STORE_OK)
		rc = hide_unseen_org(ctx, s, &o->reg_authority_id);
	return rc;
}

/* Reads an organization as the actor sees it, logging a read by reason. */
static int org_read(Ctx *ctx, int64_t id, Org *out)
{
	Sight s = sight_of(ctx, true);
	int rc = store_org_get(ctx->store, ctx->arena, id, s.max_vis, &s.scope, out);
	if (rc == STORE_OK)
		rc = note_read(ctx, &s, "org", id, out->visibility);
	if (rc == STORE_OK)
		rc = hide_unseen_refs(ctx, &s, out);
	return rc;
}

/* Keeps a reference as stored when the actor gave none and does not see
 * the stored one: it was hidden from the actor (hide_unseen_refs), who
 * cannot have meant to clear it. */
static int keep_hidden_ref(Ctx *ctx, const Sight *s, int64_t stored, int64_t *given)
{
	bool seen;
	if (!stored || *given)
		return STORE_OK;
	int rc = sees_org_id(ctx, s, stored, &seen);
	if (rc == STORE_OK && !seen)
		*given = stored;
	return rc;
}

/* An update comes from what the actor saw: keep what was hidden from it,
 * so that an update cannot drop what it could not show (as
 * keep_hidden_roles does for projects). */
static int keep_hidden_refs(Ctx *ctx, Org *o, const Org *stored)
{
	Sight s = sight_of(ctx, true);
	int rc = keep_hidden_ref(ctx, &s, stored->parent_id, &o->parent_id);
	if (rc == STORE_OK)
		rc = keep_hidden_ref(ctx, &s, stored->reg_authority_id, &o->reg_authority_id);
	return rc;
}

SvcStatus svc_org_create(Ctx *ctx, Org *o, Errors *errs, Errors *warns)
{
	if (!may_write(ctx, REC_ORG, OP_CREATE, NULL, 0))
		return SVC_FORBIDDEN;
	if (!o->status)
		o->status = "active";
	svc_dates_org(ctx->arena, o, errs);
	validate_org(ctx->ref, o, errs, warns);
	if (check_org_ref(ctx, errs, "parent_id", o->parent_id) != STORE_OK ||
	    check_org_ref(ctx, errs, "registration.authority_id", o->reg_authority_id) != STORE_OK)
		return SVC_ERROR;
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
	if (!may_write(ctx, REC_ORG, OP_CHANGE, &o->id, 1))
		return SVC_FORBIDDEN;
	Org seen, stored;
	int rc = org_read(ctx, o->id, &seen);
	if (rc != STORE_OK)
		return from_store(rc);
	rc = store_org_get(ctx->store, ctx->arena, o->id, VIS_RESTRICTED, NULL, &stored);
	if (rc != STORE_OK)
		return from_store(rc);
	svc_dates_org(ctx->arena, o, errs);
	validate_org(ctx->ref, o, errs, warns);
	if (check_org_ref(ctx, errs, "parent_id", o->parent_id) != STORE_OK ||
	    check_org_ref(ctx, errs, "registration.authority_id", o->reg_authority_id) != STORE_OK)
		return SVC_ERROR;
	if (o->parent_id && o->parent_id == o->id) {
		errors_add(errs, "parent_id", "must not be the organization itself", NULL);
	} else if (o->parent_id && o->parent_id != stored.parent_id) {
		bool loop = false;
		if (store_org_within(ctx->store, o->id, o->parent_id, &loop) != STORE_OK)
			return SVC_ERROR;
		if (loop)
			errors_add(errs, "parent_id",
				   "is part of this organization already: the parents would go round in a loop",
				   NULL);
	}
	if (errs->count)
		return SVC_INVALID;
	if (keep_hidden_refs(ctx, o, &stored) != STORE_OK)
		return SVC_ERROR;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_org_update(ctx->store, o);
	if (rc == STORE_OK)
		rc = index_org(ctx, o);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "update", "org", o->id, org_snapshot(ctx, &stored),
				      org_snapshot(ctx, o));
	return finish(ctx, rc);
}

SvcStatus svc_org_delete(Ctx *ctx, int64_t id)
{
	if (!may_write(ctx, REC_ORG, OP_DELETE, &id, 1))
		return SVC_FORBIDDEN;
	Org seen, stored;
	int rc = org_read(ctx, id, &seen);
	if (rc != STORE_OK)
		return from_store(rc);
	/* The trail keeps the record as it was, references the actor did not see included. */
	rc = store_org_get(ctx->store, ctx->arena, id, VIS_RESTRICTED, NULL, &stored);
	if (rc != STORE_OK)
		return from_store(rc);
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_org_delete(ctx->store, id);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "delete", "org", id, org_snapshot(ctx, &stored), NULL);
	return finish(ctx, rc);
}

SvcStatus svc_org_get(Ctx *ctx, int64_t id, Org *out)
{
	return from_store(org_read(ctx, id, out));
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
	Sight s = sight_of(ctx, true);
	f->max_vis = s.max_vis;
	f->scope = s.scope;
	f->q = fold_query(ctx, f->q);
	if (f->limit <= 0 || f->limit > 500)
		f->limit = 50;
	if (f->offset < 0)
		f->offset = 0;
	int rc = store_org_list(ctx->store, ctx->arena, f, out);
	for (size_t i = 0; i < out->count && rc == STORE_OK; i++) {
		rc = note_read(ctx, &s, "org", out->items[i].id, out->items[i].visibility);
		if (rc == STORE_OK)
			rc = hide_unseen_refs(ctx, &s, &out->items[i]);
	}
	return rc == STORE_OK ? SVC_OK : SVC_ERROR;
}

SvcStatus svc_relation_create(Ctx *ctx, OrgRelation *r, Errors *errs)
{
	int64_t sides[2] = {r->from_org_id, r->to_org_id};
	if (!may_write(ctx, REC_RELATION, OP_CREATE, sides, 2))
		return SVC_FORBIDDEN;
	if (!codelist_find(&ctx->ref->relation_kinds, r->kind))
		errors_add(errs, "kind", "is not a known kind of relation", r->kind);
	if (check_org_ref(ctx, errs, "from_org_id", r->from_org_id) != STORE_OK ||
	    check_org_ref(ctx, errs, "to_org_id", r->to_org_id) != STORE_OK)
		return SVC_ERROR;
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
	if (!may_write(ctx, REC_AWARD, OP_CREATE, &w->org_id, 1))
		return SVC_FORBIDDEN;
	if (!w->title || !*w->title)
		errors_add(errs, "title", "is required", NULL);
	if (check_org_ref(ctx, errs, "org_id", w->org_id) != STORE_OK ||
	    check_org_ref(ctx, errs, "by_org_id", w->by_org_id) != STORE_OK)
		return SVC_ERROR;
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

/* check_org_ref for the organizations of a project. */
static int check_project_refs(Ctx *ctx, const Project *p, Errors *errs)
{
	Sight s = sight_of(ctx, true);
	for (size_t i = 0; i < p->org_count && i < LIST_MAX_ITEMS; i++) {
		int64_t id = p->orgs[i].org_id;
		bool seen = true;
		int rc = id > 0 ? sees_org_id(ctx, &s, id, &seen) : STORE_OK;
		if (rc == STORE_OK && !seen)
			errors_add_at(errs, "orgs", i, "org_id", "names no known organization",
				      NULL);
		else if (rc == STORE_OK && id > 0)
			rc = note_org_read(ctx, &s, id);
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

/* The organizations named on a project as it is given, in the arena. */
static int64_t *project_org_ids(Ctx *ctx, const Project *p)
{
	int64_t *ids = arena_alloc(ctx->arena, (p->org_count ? p->org_count : 1) * sizeof *ids);
	for (size_t i = 0; i < p->org_count; i++)
		ids[i] = p->orgs[i].org_id;
	return ids;
}

/* Reads a project as the actor sees it, logging a read by reason. */
static int project_read(Ctx *ctx, int64_t id, Project *out)
{
	Sight s = sight_of(ctx, true);
	int rc = store_project_get(ctx->store, ctx->arena, id, s.max_vis, &s.scope, out);
	if (rc == STORE_OK)
		rc = note_project_read(ctx, &s, out);
	return rc;
}

/* An update comes from what the actor saw, which lacks the roles of
 * organizations the actor does not see: keep those as stored, so that an
 * update cannot drop what it could not show. */
static void keep_hidden_roles(Ctx *ctx, Project *p, const Project *stored, const Project *seen)
{
	size_t hidden = 0;
	for (size_t i = 0; i < stored->org_count; i++) {
		bool shown = false;
		for (size_t j = 0; j < seen->org_count && !shown; j++)
			shown = seen->orgs[j].org_id == stored->orgs[i].org_id;
		hidden += !shown;
	}
	if (!hidden)
		return;
	ProjectOrg *orgs = arena_alloc(ctx->arena, (p->org_count + hidden) * sizeof *orgs);
	if (p->org_count)
		memcpy(orgs, p->orgs, p->org_count * sizeof *orgs);
	size_t n = p->org_count;
	for (size_t i = 0; i < stored->org_count; i++) {
		bool shown = false;
		for (size_t j = 0; j < seen->org_count && !shown; j++)
			shown = seen->orgs[j].org_id == stored->orgs[i].org_id;
		if (!shown)
			orgs[n++] = stored->orgs[i];
	}
	p->orgs = orgs;
	p->org_count = n;
}

SvcStatus svc_project_create(Ctx *ctx, Project *p, Errors *errs, Errors *warns)
{
	if (!may_write(ctx, REC_PROJECT, OP_CREATE, project_org_ids(ctx, p), p->org_count))
		return SVC_FORBIDDEN;
	svc_dates_project(ctx->arena, p, errs);
	validate_project(ctx->ref, p, errs, warns);
	if (check_project_refs(ctx, p, errs) != STORE_OK)
		return SVC_ERROR;
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
	/* The actor must own the project both as it is and as it will be. */
	if (!may_write(ctx, REC_PROJECT, OP_CHANGE, project_org_ids(ctx, p), p->org_count))
		return SVC_FORBIDDEN;
	Project seen, stored;
	int rc = project_read(ctx, p->id, &seen);
	if (rc != STORE_OK)
		return from_store(rc);
	rc = store_project_get(ctx->store, ctx->arena, p->id, VIS_RESTRICTED, NULL, &stored);
	if (rc != STORE_OK)
		return from_store(rc);
	int64_t *owners;
	size_t owner_count;
	if (store_project_owners(ctx->store, ctx->arena, p->id, &owners, &owner_count) != STORE_OK)
		return SVC_ERROR;
	if (!may_write(ctx, REC_PROJECT, OP_CHANGE, owners, owner_count))
		return SVC_FORBIDDEN;
	svc_dates_project(ctx->arena, p, errs);
	validate_project(ctx->ref, p, errs, warns);
	if (check_project_refs(ctx, p, errs) != STORE_OK)
		return SVC_ERROR;
	if (errs->count)
		return SVC_INVALID;
	keep_hidden_roles(ctx, p, &stored, &seen);
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_project_update(ctx->store, p);
	if (rc == STORE_OK)
		rc = index_project(ctx, p);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "update", "project", p->id, project_snapshot(ctx, &stored),
				      project_snapshot(ctx, p));
	return finish(ctx, rc);
}

SvcStatus svc_project_delete(Ctx *ctx, int64_t id)
{
	Project seen, stored;
	int rc = project_read(ctx, id, &seen);
	if (rc != STORE_OK)
		return from_store(rc);
	rc = store_project_get(ctx->store, ctx->arena, id, VIS_RESTRICTED, NULL, &stored);
	if (rc != STORE_OK)
		return from_store(rc);
	int64_t *owners;
	size_t owner_count;
	if (store_project_owners(ctx->store, ctx->arena, id, &owners, &owner_count) != STORE_OK)
		return SVC_ERROR;
	if (!may_write(ctx, REC_PROJECT, OP_DELETE, owners, owner_count))
		return SVC_FORBIDDEN;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_project_delete(ctx->store, id);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "delete", "project", id, project_snapshot(ctx, &stored), NULL);
	return finish(ctx, rc);
}

SvcStatus svc_project_get(Ctx *ctx, int64_t id, Project *out)
{
	return from_store(project_read(ctx, id, out));
}

SvcStatus svc_project_list(Ctx *ctx, ProjectFilter *f, ProjectList *out)
{
	Sight s = sight_of(ctx, true);
	f->max_vis = s.max_vis;
	f->scope = s.scope;
	f->q = fold_query(ctx, f->q);
	if (f->limit <= 0 || f->limit > 500)
		f->limit = 50;
	if (f->offset < 0)
		f->offset = 0;
	int rc = store_project_list(ctx->store, ctx->arena, f, out);
	for (size_t i = 0; i < out->count && rc == STORE_OK; i++)
		rc = note_project_read(ctx, &s, &out->items[i]);
	return rc == STORE_OK ? SVC_OK : SVC_ERROR;
}

/* ---- meetings: see svc_coord.c ---- */

/* ---- search ---- */

SvcStatus svc_search(Ctx *ctx, const char *query, int limit, int offset, SearchHit **out,
		     size_t *count, long long *total)
{
	*out = NULL;
	*count = 0;
	*total = 0;
	const char *folded = fold_query(ctx, query);
	if (!folded)
		return SVC_OK;
	if (limit <= 0 || limit > 200)
		limit = 50;
	if (offset < 0)
		offset = 0;
	Sight s = sight_of(ctx, true);
	int rc = store_search(ctx->store, ctx->arena, folded, s.max_vis, &s.scope, limit, offset, out,
			      count, total);
	for (size_t i = 0; i < *count && rc == STORE_OK; i++)
		rc = note_read(ctx, &s, (*out)[i].entity, (*out)[i].id, (*out)[i].visibility);
	return rc == STORE_OK ? SVC_OK : SVC_ERROR;
}

/* ---- figures and related records ---- */

SvcStatus svc_totals(Ctx *ctx, Totals *out)
{
	Sight s = sight_of(ctx, false);
	return from_store(store_totals(ctx->store, s.max_vis, &s.scope, out));
}

SvcStatus svc_place_sectors(Ctx *ctx, const char *pcode, PlaceSectorCount **out, size_t *count)
{
	Sight s = sight_of(ctx, false);
	return from_store(
		store_place_sectors(ctx->store, ctx->arena, pcode, s.max_vis, &s.scope, out, count));
}

/* An entry of a coordination record is seen when every organization and
 * the project it names are; a gone record's entry, by admins only. */
static int coord_entry_seen(Ctx *ctx, const Sight *s, const AuditEntry *e, bool *seen)
{
	bool ours;
	int64_t orgs[3], project;
	size_t n;
	int rc = svc_coord_entry_refs(ctx, e, &ours, orgs, &n, &project);
	*seen = true;
	if (rc == STORE_NOT_FOUND) {
		*seen = false;
		return STORE_OK;
	}
	for (size_t i = 0; i < n && rc == STORE_OK && *seen; i++)
		rc = sees_org_id(ctx, s, orgs[i], seen);
	if (rc == STORE_OK && *seen && project)
		rc = sees_project_id(ctx, s, project, seen);
	return rc;
}

/* Whether an audit entry may be listed for the actor. Entries about
 * organizations and projects follow the records (a deleted one's
 * visibility is gone with it: only admins and the system list it);
 * entries about accounts are for those who manage them; admins list every
 * entry. Snapshots only for the system, which sees everything: a
 * snapshot may hold what the record showed before it was restricted, or
 * organizations of it the reader does not see. */
static int audit_entry_listed(Ctx *ctx, const Sight *s, const AuditEntry *e, bool *listed)
{
	bool all = ctx->actor->role == ROLE_SYSTEM || ctx->actor->role == ROLE_ADMIN;
	if (strcmp(e->entity, "user") == 0 || strcmp(e->entity, "api_token") == 0) {
		*listed = svc_may_manage_users(ctx);
		return STORE_OK;
	}
	bool seen = true;
	int rc = STORE_OK;
	if (strcmp(e->entity, "org") == 0)
		rc = sees_org_id(ctx, s, e->entity_id, &seen);
	else if (strcmp(e->entity, "project") == 0)
		rc = sees_project_id(ctx, s, e->entity_id, &seen);
	else if (strcmp(e->entity, "report") == 0 || strcmp(e->entity, "report_obligation") == 0 ||
		 strcmp(e->entity, "org_status_change") == 0)
		seen = false; /* reporting is read on its own pages, under svc_reports.c's rules */
	else
		rc = coord_entry_seen(ctx, s, e, &seen);
	*listed = all || seen;
	return rc;
}

SvcStatus svc_recent_changes(Ctx *ctx, int limit, AuditEntry **out, size_t *count)
{
	AuditEntry *all;
	size_t n;
	int rc = store_audit_list(ctx->store, ctx->arena, NULL, 0, limit * 4, &all, &n);
	if (rc != STORE_OK)
		return SVC_ERROR;
	Sight s = sight_of(ctx, false);
	*out = arena_alloc(ctx->arena, (n ? n : 1) * sizeof **out);
	*count = 0;
	for (size_t i = 0; i < n && *count < (size_t)limit; i++) {
		AuditEntry e = all[i];
		bool listed;
		if (audit_entry_listed(ctx, &s, &e, &listed) != STORE_OK)
			return SVC_ERROR;
		if (!listed)
			continue;
		if (ctx->actor->role != ROLE_SYSTEM)
			e.before = e.after = NULL;
		(*out)[(*count)++] = e;
	}
	return SVC_OK;
}

SvcStatus svc_org_relations(Ctx *ctx, int64_t org_id, OrgRelation **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	Sight s = sight_of(ctx, true);
	bool seen;
	int rc = sees_org_id(ctx, &s, org_id, &seen);
	if (rc == STORE_OK && !seen)
		return SVC_NOT_FOUND;
	if (rc == STORE_OK)
		rc = store_relation_list(ctx->store, ctx->arena, org_id, s.max_vis, &s.scope, out,
					 count);
	for (size_t i = 0; i < *count && rc == STORE_OK; i++) {
		const OrgRelation *r = &(*out)[i];
		int64_t other = r->from_org_id == org_id ? r->to_org_id : r->from_org_id;
		rc = note_org_read(ctx, &s, other);
	}
	return from_store(rc);
}

SvcStatus svc_org_awards(Ctx *ctx, int64_t org_id, Award **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	Sight s = sight_of(ctx, true);
	bool seen;
	int rc = sees_org_id(ctx, &s, org_id, &seen);
	if (rc == STORE_OK && !seen)
		return SVC_NOT_FOUND;
	if (rc == STORE_OK)
		rc = store_award_list(ctx->store, ctx->arena, org_id, out, count);
	/* A giver the actor does not see is not named. */
	for (size_t i = 0; i < *count && rc == STORE_OK; i++) {
		Award *w = &(*out)[i];
		if (!w->by_org_id)
			continue;
		rc = sees_org_id(ctx, &s, w->by_org_id, &seen);
		if (rc == STORE_OK && !seen) {
			w->by_org_id = 0;
			w->by_name = NULL;
		} else if (rc == STORE_OK) {
			rc = note_org_read(ctx, &s, w->by_org_id);
		}
	}
	return from_store(rc);
}

SvcStatus svc_meetings(Ctx *ctx, int64_t convener_id, Meeting **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	Sight s = sight_of(ctx, true);
	bool seen = true;
	int rc = convener_id ? sees_org_id(ctx, &s, convener_id, &seen) : STORE_OK;
	if (rc == STORE_OK && !seen)
		return SVC_NOT_FOUND;
	if (rc == STORE_OK)
		rc = store_meeting_list(ctx->store, ctx->arena, convener_id, out, count);
	/* A convener the actor does not see is not named. */
	for (size_t i = 0; i < *count && rc == STORE_OK; i++) {
		Meeting *m = &(*out)[i];
		if (!m->convener_id)
			continue;
		rc = sees_org_id(ctx, &s, m->convener_id, &seen);
		if (rc == STORE_OK && !seen) {
			m->convener_id = 0;
			m->convener_name = NULL;
		} else if (rc == STORE_OK) {
			rc = note_org_read(ctx, &s, m->convener_id);
		}
	}
	return from_store(rc);
}

/* ---- for the service's other files (svc_int.h) ---- */

void svc_sight(const Ctx *ctx, bool with_reason, Visibility *max_vis, OrgScope *scope)
{
	Sight s = sight_of(ctx, with_reason);
	*max_vis = s.max_vis;
	*scope = s.scope;
}

int svc_sees_org_id(Ctx *ctx, int64_t id, bool *seen)
{
	Sight s = sight_of(ctx, true);
	int rc = sees_org_id(ctx, &s, id, seen);
	if (rc == STORE_OK && *seen)
		rc = note_org_read(ctx, &s, id);
	return rc;
}

int svc_sees_project_id(Ctx *ctx, int64_t id, bool *seen)
{
	Sight s = sight_of(ctx, true);
	int rc = sees_project_id(ctx, &s, id, seen);
	Visibility v;
	if (rc == STORE_OK && *seen && (rc = store_project_visibility(ctx->store, id, &v)) == STORE_OK)
		rc = note_read(ctx, &s, "project", id, v);
	return rc;
}

char *svc_org_snapshot(Ctx *ctx, const Org *o)
{
	return org_snapshot(ctx, o);
}

char *svc_project_snapshot(Ctx *ctx, const Project *p)
{
	return project_snapshot(ctx, p);
}

int svc_index_org(Ctx *ctx, const Org *o)
{
	return index_org(ctx, o);
}

int svc_index_project(Ctx *ctx, const Project *p)
{
	return index_project(ctx, p);
}

int svc_check_org_ref(Ctx *ctx, Errors *errs, const char *field, int64_t id)
{
	return check_org_ref(ctx, errs, field, id);
}

SvcStatus svc_finish(Ctx *ctx, int rc)
{
	return finish(ctx, rc);
}

SvcStatus svc_from_store(int rc)
{
	return from_store(rc);
}
void svc_figure_sight(const Ctx *ctx, Visibility *max_vis, OrgScope *scope)
{
	Sight s = sight_of(ctx, false);
	*max_vis = s.max_vis;
	*scope = s.scope;
}
