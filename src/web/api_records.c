/*
 * api_orgs.c — /api/v1/orgs and /api/v1/projects: list with filters, read,
 * create, patch, delete.
 *
 * The two kinds of record share their handlers: a RecordApi names the
 * functions that differ (conversion to and from JSON, the service calls),
 * so reading, answering and error handling are written once. A project
 * create or patch that is likely a duplicate is refused with 409 unless
 * ?confirm_new=1 says it is a different project (svc_project_duplicates,
 * as the project form asks it).
 */
#include <stdio.h>
#include <string.h>

#include "core/validate.h"
#include "fmt/record_json.h"
#include "web/api.h"
#include "web/json.h"

typedef struct RecordApi {
	const char *path;    /* "/api/v1/orgs" */
	size_t size;         /* sizeof the record struct */
	void (*init)(void *rec);
	int64_t *(*id_of)(void *rec);
	json_t *(*to_json)(const void *rec, const RefData *ref);
	void (*from_json)(json_t *obj, Arena *a, void *rec, Errors *errs);
	SvcStatus (*get)(Ctx *ctx, int64_t id, void *rec);
	SvcStatus (*create)(Ctx *ctx, void *rec, Errors *errs, Errors *warns);
	SvcStatus (*update)(Ctx *ctx, void *rec, Errors *errs, Errors *warns);
	SvcStatus (*remove)(Ctx *ctx, int64_t id);
	bool (*validate)(const RefData *ref, void *rec, Errors *errs, Errors *warns);
	/* the records likely the same as rec, about to be saved over
	 * stored_id (0: a new one); NULL when the kind is not checked */
	size_t (*duplicates)(Ctx *ctx, const void *rec, int64_t stored_id, DedupPair **out);
} RecordApi;

/* Adapters from the typed functions to the RecordApi's untyped ones. */
static void org_init_any(void *r) { org_init(r); }
static int64_t *org_id_any(void *r) { return &((Org *)r)->id; }
static json_t *org_json_any(const void *r, const RefData *ref) { return org_to_json(r, ref); }
static void org_read_any(json_t *j, Arena *a, void *r, Errors *e) { org_from_json(j, a, r, e); }
static SvcStatus org_get_any(Ctx *c, int64_t id, void *r) { return svc_org_get(c, id, r); }
static SvcStatus org_create_any(Ctx *c, void *r, Errors *e, Errors *w) { return svc_org_create(c, r, e, w); }
static SvcStatus org_update_any(Ctx *c, void *r, Errors *e, Errors *w) { return svc_org_update(c, r, e, w); }
static bool org_validate_any(const RefData *ref, void *r, Errors *e, Errors *w) { return validate_org(ref, r, e, w); }

static void project_init_any(void *r) { project_init(r); }
static int64_t *project_id_any(void *r) { return &((Project *)r)->id; }
static json_t *project_json_any(const void *r, const RefData *ref) { return project_to_json(r, ref); }
static void project_read_any(json_t *j, Arena *a, void *r, Errors *e) { project_from_json(j, a, r, e); }
static SvcStatus project_get_any(Ctx *c, int64_t id, void *r) { return svc_project_get(c, id, r); }
static SvcStatus project_create_any(Ctx *c, void *r, Errors *e, Errors *w) { return svc_project_create(c, r, e, w); }
static SvcStatus project_update_any(Ctx *c, void *r, Errors *e, Errors *w) { return svc_project_update(c, r, e, w); }
static bool project_validate_any(const RefData *ref, void *r, Errors *e, Errors *w) { return validate_project(ref, r, e, w); }
static size_t project_duplicates_any(Ctx *c, const void *r, int64_t id, DedupPair **out) { return svc_project_duplicates(c, r, id, out); }

static const RecordApi ORGS = {
	"/api/v1/orgs", sizeof(Org), org_init_any, org_id_any, org_json_any, org_read_any,
	org_get_any, org_create_any, org_update_any, svc_org_delete, org_validate_any, NULL,
};

static const RecordApi PROJECTS = {
	"/api/v1/projects", sizeof(Project), project_init_any, project_id_any, project_json_any,
	project_read_any, project_get_any, project_create_any, project_update_any, svc_project_delete,
	project_validate_any, project_duplicates_any,
};

/* Before a write, as the project form does: when records already
 * registered are likely the same as this one, answers 409 with them and
 * returns true, writing nothing. The request says the record is a
 * different one, and saves it anyway, with ?confirm_new=1 (the form's
 * "Save anyway" box, confirm_new=1). A body that could not be read is not
 * compared: its problems are answered first. */
static bool stopped_as_duplicate(const RecordApi *api, Req *req, Resp *resp, Ctx *ctx,
				 const void *rec, int64_t stored_id, const Errors *errs)
{
	const char *confirm = req_query(req, "confirm_new");
	if (!api->duplicates || errs->count || (confirm && strcmp(confirm, "1") == 0))
		return false;
	DedupPair *pairs;
	size_t n = api->duplicates(ctx, rec, stored_id, &pairs);
	if (!n)
		return false;
	json_t *body = json_pack(
		"{s:{s:s,s:s,s:o}}", "error", "code", "likely_duplicate", "message",
		"projects already registered are likely the same as this one; nothing was saved. "
		"If it is one of them, change that one; if it is a different project, send the "
		"request again with ?confirm_new=1",
		"similar", api_similar_json(pairs, n));
	resp_json(resp, 409, body);
	return true;
}

/* Writes the record unless reading the body already failed; then the
 * record's rules are still checked, so the answer names every problem at
 * once, and nothing is written. */
static SvcStatus save(const RecordApi *api, Ctx *ctx, void *rec, bool update, Errors *errs,
		      Errors *warns)
{
	if (errs->count) {
		api->validate(ctx->ref, rec, errs, NULL);
		return SVC_INVALID;
	}
	return update ? api->update(ctx, rec, errs, warns) : api->create(ctx, rec, errs, warns);
}

/* Answers the stored record with status 200 or 201. warns is NULL for a
 * read, and the write's warnings (perhaps none) after a write. */
static void answer(const RecordApi *api, Resp *resp, Ctx *ctx, int64_t id, int status,
		   const Errors *warns)
{
	void *rec = arena_alloc(ctx->arena, api->size);
	SvcStatus st = api->get(ctx, id, rec);
	if (st == SVC_NOT_FOUND && warns) {
		/* Written with a visibility its writer does not read (restricted,
		 * by a coordinator or an admin who stated no reason): the write
		 * stands, so it is answered as done, with the id alone, and not
		 * with a 404 that reads as a failure and invites a retry. */
		json_t *j = json_pack("{s:I,s:b}", "id", (json_int_t)id, "hidden", 1);
		api_add_warnings(j, warns);
		resp_json(resp, status, j);
		return;
	}
	if (st != SVC_OK) {
		api_status(resp, ctx, st);
		return;
	}
	json_t *j = api->to_json(rec, ctx->ref);
	if (warns)
		api_add_warnings(j, warns);
	resp_json(resp, status, j);
}

static void record_get(const RecordApi *api, Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	answer(api, resp, &ctx, id, 200, NULL);
	ctx_end(&ctx);
}

static void record_create(const RecordApi *api, Req *req, Resp *resp)
{
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	void *rec = arena_alloc(ctx.arena, api->size);
	api->init(rec);
	api->from_json(body, ctx.arena, rec, &errs);
	if (stopped_as_duplicate(api, req, resp, &ctx, rec, 0, &errs))
		goto done;
	SvcStatus st = save(api, &ctx, rec, false, &errs, &warns);
	if (!api_failed(resp, &ctx, st, &errs)) {
		int64_t id = *api->id_of(rec);
		char location[96];
		snprintf(location, sizeof location, "%s/%lld", api->path, (long long)id);
		resp_header(resp, "Location", location);
		answer(api, resp, &ctx, id, 201, &warns);
	}
done:
	ctx_end(&ctx);
	json_decref(body);
}

static void record_patch(const RecordApi *api, Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	void *rec = arena_alloc(ctx.arena, api->size);
	SvcStatus st = api->get(&ctx, id, rec);
	if (st != SVC_OK) {
		api_status(resp, &ctx, st);
		goto done;
	}
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	/* Read onto the stored record: only the fields present in the body change. */
	api->from_json(body, ctx.arena, rec, &errs);
	if (stopped_as_duplicate(api, req, resp, &ctx, rec, id, &errs))
		goto done;
	st = save(api, &ctx, rec, true, &errs, &warns);
	if (!api_failed(resp, &ctx, st, &errs))
		answer(api, resp, &ctx, id, 200, &warns);
done:
	ctx_end(&ctx);
	json_decref(body);
}

static void record_delete(const RecordApi *api, Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	SvcStatus st = api->remove(&ctx, id);
	if (st == SVC_OK)
		resp->status = 204;
	else
		api_status(resp, &ctx, st);
	ctx_end(&ctx);
}

/* Answers a list page: {"items": [...], "total", "limit", "offset"}. */
static void answer_list(Resp *resp, json_t *items, long long total, int limit, int offset)
{
	resp_json(resp, 200, json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total",
				       (json_int_t)total, "limit", limit, "offset", offset));
}

/* An optional code parameter that must be in a list; NULL when absent. */
static const char *query_code(Req *req, const char *name, const CodeList *list,
			      const char *message, Errors *errs)
{
	const char *v = req_query(req, name);
	if (!v || !*v)
		return NULL;
	if (!codelist_find(list, v))
		errors_add(errs, name, message, v);
	return v;
}

void api_orgs_list(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	OrgFilter f = {.limit = 50};
	f.q = req_query(req, "q");
	f.kind = query_code(req, "kind", &ctx.ref->org_kinds, "is not a known kind of organization",
			    &errs);
	f.sector = query_code(req, "sector", &ctx.ref->sectors, "is not a known sector", &errs);
	f.province = query_place(req, &ctx, "province", PLACE_PROVINCE, &errs);
	query_int(req, "limit", 1, 500, &f.limit, &errs);
	query_int(req, "offset", 0, 1000000000, &f.offset, &errs);
	OrgList list;
	SvcStatus st = errs.count ? SVC_INVALID : svc_org_list(&ctx, &f, &list);
	if (!api_failed(resp, &ctx, st, &errs)) {
		json_t *items = json_array();
		for (size_t i = 0; i < list.count; i++)
			json_array_append_new(items, org_to_json(&list.items[i], ctx.ref));
		answer_list(resp, items, list.total, f.limit, f.offset);
	}
	ctx_end(&ctx);
}

/* An optional organization id parameter; 0 when absent. */
static int64_t query_org(Req *req, const char *name, Errors *errs)
{
	const char *v = req_query(req, name);
	int64_t id = 0;
	if (v && *v && !parse_id(v, &id))
		errors_add(errs, name, "must be the id of an organization", v);
	return id;
}

void api_projects_list(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	ProjectFilter f = {.limit = 50};
	f.q = req_query(req, "q");
	f.sector = query_code(req, "sector", &ctx.ref->sectors, "is not a known sector", &errs);
	f.province = query_place(req, &ctx, "province", PLACE_PROVINCE, &errs);
	f.district = query_place(req, &ctx, "district", PLACE_DISTRICT, &errs);
	f.org_id = query_org(req, "org", &errs);
	f.donor_id = query_org(req, "donor", &errs);
	query_int(req, "year", 1900, 2999, &f.year, &errs);
	f.status = req_query(req, "status");
	if (f.status && !*f.status)
		f.status = NULL;
	if (f.status && !project_status_valid(f.status))
		errors_add(&errs, "status", "must be planned, ongoing, completed or cancelled", f.status);
	query_int(req, "limit", 1, 500, &f.limit, &errs);
	query_int(req, "offset", 0, 1000000000, &f.offset, &errs);
	ProjectList list;
	SvcStatus st = errs.count ? SVC_INVALID : svc_project_list(&ctx, &f, &list);
	if (!api_failed(resp, &ctx, st, &errs)) {
		json_t *items = json_array();
		for (size_t i = 0; i < list.count; i++)
			json_array_append_new(items, project_to_json(&list.items[i], ctx.ref));
		answer_list(resp, items, list.total, f.limit, f.offset);
	}
	ctx_end(&ctx);
}

void api_orgs_get(Req *req, Resp *resp) { record_get(&ORGS, req, resp); }
void api_orgs_create(Req *req, Resp *resp) { record_create(&ORGS, req, resp); }
void api_orgs_patch(Req *req, Resp *resp) { record_patch(&ORGS, req, resp); }
void api_orgs_delete(Req *req, Resp *resp) { record_delete(&ORGS, req, resp); }
void api_projects_get(Req *req, Resp *resp) { record_get(&PROJECTS, req, resp); }
void api_projects_create(Req *req, Resp *resp) { record_create(&PROJECTS, req, resp); }
void api_projects_patch(Req *req, Resp *resp) { record_patch(&PROJECTS, req, resp); }
void api_projects_delete(Req *req, Resp *resp) { record_delete(&PROJECTS, req, resp); }
