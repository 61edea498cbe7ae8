/*
 * api_merge.c — POST /api/v1/orgs/{id}/merge and POST
 * /api/v1/projects/{id}/merge: merges the record named in the body
 * ({"from": ID, "note": "..."}) into the record of the path, which is
 * kept. The service decides who may and what moves (svc_merge.h); this
 * file reads the body and answers what was done.
 *
 * POST /api/v1/orgs/{id}/unmerge and POST /api/v1/projects/{id}/unmerge
 * undo the last merge of the record of the path (the one merged away):
 * no body; the answer says what came back, or why it cannot (400).
 */
#include <string.h>

#include "svc/svc_merge.h"
#include "web/api.h"
#include "web/json.h"

/* Reads {"from": ID, "note": TEXT}: every problem into errs. */
static void read_body(json_t *body, int64_t *from, const char **note, Errors *errs)
{
	const char *key;
	json_t *value;
	*from = 0;
	*note = NULL;
	json_object_foreach(body, key, value) {
		if (strcmp(key, "from") == 0) {
			if (!json_is_integer(value) || json_integer_value(value) <= 0)
				errors_add(errs, "from", "must be the number of a record", NULL);
			else
				*from = (int64_t)json_integer_value(value);
		} else if (strcmp(key, "note") == 0) {
			if (json_is_null(value))
				continue;
			if (!json_is_string(value))
				errors_add(errs, "note", "must be text", NULL);
			else if (json_string_length(value) > MERGE_NOTE_MAX)
				errors_add(errs, "note", "is too long", NULL);
			else
				*note = json_string_value(value);
		} else {
			errors_add(errs, strlen(key) < 60 ? key : "", "is not a known field", NULL);
		}
	}
	if (!json_object_get(body, "from"))
		errors_add(errs, "from", "is required", NULL);
}

static json_t *field_names(const char *const *names, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_string(names[i]));
	return a;
}

static void merge(Req *req, Resp *resp, bool orgs)
{
	int64_t keep;
	if (!api_path_id(req, resp, &keep))
		return;
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	int64_t from;
	const char *note;
	read_body(body, &from, &note, &errs);
	MergeResult r;
	SvcStatus st;
	if (!svc_may_merge(&ctx))
		st = SVC_FORBIDDEN; /* said before the body's problems, as the service would */
	else if (errs.count)
		st = SVC_INVALID;
	else
		st = orgs ? svc_org_merge(&ctx, keep, from, note, &errs, &r)
			  : svc_project_merge(&ctx, keep, from, note, &errs, &r);
	if (!api_failed(resp, &ctx, st, &errs)) {
		json_t *j = json_pack("{s:I,s:I,s:I,s:o,s:o,s:I}", "id", (json_int_t)r.keep_id,
				      "merged_from", (json_int_t)r.drop_id, "names_added",
				      (json_int_t)r.names_added, "fields_filled",
				      field_names(r.fields.filled, r.fields.filled_count), "fields_differ",
				      field_names(r.fields.differ, r.fields.differ_count), "rows_moved",
				      (json_int_t)r.rows_moved);
		if (orgs)
			json_object_set_new(j, "projects_moved", json_integer((json_int_t)r.projects_moved));
		resp_json(resp, 200, j);
	}
	ctx_end(&ctx);
	json_decref(body);
}

void api_orgs_merge(Req *req, Resp *resp)
{
	merge(req, resp, true);
}

void api_projects_merge(Req *req, Resp *resp)
{
	merge(req, resp, false);
}

static void unmerge(Req *req, Resp *resp, bool orgs)
{
	int64_t drop;
	if (!api_path_id(req, resp, &drop))
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	UnmergeResult r;
	SvcStatus st = svc_merge_undo(&ctx, orgs ? "org" : "project", drop, &errs, &r);
	if (!api_failed(resp, &ctx, st, &errs)) {
		json_t *j = json_pack("{s:I,s:I,s:I,s:I,s:I}", "id", (json_int_t)r.drop_id, "unmerged_from",
				      (json_int_t)r.keep_id, "rows_back", (json_int_t)r.rows_back,
				      "names_removed", (json_int_t)r.names_removed, "fields_emptied",
				      (json_int_t)r.fields_emptied);
		resp_json(resp, 200, j);
	}
	ctx_end(&ctx);
}

void api_orgs_unmerge(Req *req, Resp *resp)
{
	unmerge(req, resp, true);
}

void api_projects_unmerge(Req *req, Resp *resp)
{
	unmerge(req, resp, false);
}
