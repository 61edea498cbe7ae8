/*
 * api_reports.c — /api/v1/reports, the obligations and status history
 * under /api/v1/orgs/{id}, and /api/v1/compliance. Handlers turn a request
 * into one service call and the answer into JSON; the service decides who
 * may (svc_reports.h).
 */
#include <string.h>

#include "core/pdate.h"
#include "fmt/report_json.h"
#include "svc/svc_reports.h"
#include "web/api.h"
#include "web/json.h"
#include "web/pages.h"
#include "web/reports_web.h"

/* Answers a stored report (200 or 201). */
static void answer_report(Resp *resp, Ctx *ctx, int64_t id, int status)
{
	Report r;
	SvcStatus st = svc_report_get(ctx, id, &r);
	if (st != SVC_OK) {
		api_status(resp, ctx, st);
		return;
	}
	resp_json(resp, status, report_to_json(&r, true));
}

/* Answers the outcome of a write: the report, or every problem. */
static void answer_write(Resp *resp, Ctx *ctx, SvcStatus st, const Errors *errs, int64_t id, int status)
{
	if (!api_failed(resp, ctx, st, errs))
		answer_report(resp, ctx, id, status);
}

void api_reports_list(Req *req, Resp *resp)
{
	Errors errs = {0};
	int64_t org_id = ui_query_id(req, "org", &errs);
	if (errs.count) {
		api_invalid(resp, &errs);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Report *list;
	size_t count;
	SvcStatus st = svc_report_list(&ctx, org_id, &list, &count);
	if (st != SVC_OK) {
		api_status(resp, &ctx, st);
		goto done;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, report_to_json(&list[i], true));
	resp_json(resp, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)count));
done:
	ctx_end(&ctx);
}

void api_reports_create(Req *req, Resp *resp)
{
	json_t *body;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs = {0};
	Report r;
	report_init(&r);
	report_from_json(body, ctx.arena, &r, &errs);
	json_decref(body);
	SvcStatus st;
	if (errs.count) {
		validate_report(ctx.ref, &r, &errs);
		st = SVC_INVALID;
	} else {
		st = svc_report_create(&ctx, &r, &errs);
	}
	answer_write(resp, &ctx, st, &errs, r.id, 201);
	ctx_end(&ctx);
}

void api_reports_get(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	answer_report(resp, &ctx, id, 200);
	ctx_end(&ctx);
}

void api_reports_patch(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	json_t *body;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs = {0};
	Report r;
	SvcStatus st = svc_report_get(&ctx, id, &r);
	if (st == SVC_OK) {
		r.events = NULL;
		r.event_count = 0;
		report_from_json(body, ctx.arena, &r, &errs);
		st = errs.count ? SVC_INVALID : svc_report_update(&ctx, &r, &errs);
	}
	json_decref(body);
	answer_write(resp, &ctx, st, &errs, id, 200);
	ctx_end(&ctx);
}

/* submit, accept, return: a body is optional and may carry "comments". */
static void transition(Req *req, Resp *resp, const char *what)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	json_t *body = NULL;
	if (req->body_len && json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs = {0};
	const char *comments = NULL;
	const char *key;
	json_t *val;
	json_object_foreach(body, key, val) {
		if (strcmp(key, "comments") == 0 && json_is_string(val))
			comments = arena_strdup(ctx.arena, json_string_value(val));
		else if (strcmp(key, "comments") == 0 && !json_is_null(val))
			errors_add(&errs, "comments", "must be a string", NULL);
		else if (strcmp(key, "comments") != 0)
			errors_add(&errs, key, "is not a known field", NULL);
	}
	json_decref(body);
	SvcStatus st;
	if (errs.count)
		st = SVC_INVALID;
	else if (strcmp(what, "submit") == 0)
		st = svc_report_submit(&ctx, id, &errs);
	else
		st = svc_report_review(&ctx, id, strcmp(what, "accept") == 0, comments, &errs);
	answer_write(resp, &ctx, st, &errs, id, 200);
	ctx_end(&ctx);
}

void api_reports_submit(Req *req, Resp *resp)
{
	transition(req, resp, "submit");
}

void api_reports_accept(Req *req, Resp *resp)
{
	transition(req, resp, "accept");
}

void api_reports_return(Req *req, Resp *resp)
{
	transition(req, resp, "return");
}

/* ---- obligations ---- */

static void answer_obligation(Resp *resp, Ctx *ctx, int64_t org_id)
{
	ReportObligation o;
	SvcStatus st = svc_obligation_get(ctx, org_id, &o);
	if (st != SVC_OK) {
		api_status(resp, ctx, st);
		return;
	}
	resp_json(resp, 200, obligation_to_json(&o));
}

void api_obligation_get(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	answer_obligation(resp, &ctx, id);
	ctx_end(&ctx);
}

void api_obligation_put(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	json_t *body;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs = {0};
	ReportObligation o = {.org_id = id, .grace_days = NUM_UNKNOWN};
	obligation_from_json(body, ctx.arena, &o, &errs);
	json_decref(body);
	SvcStatus st = errs.count ? SVC_INVALID : svc_obligation_set(&ctx, &o, &errs);
	if (!api_failed(resp, &ctx, st, &errs))
		answer_obligation(resp, &ctx, id);
	ctx_end(&ctx);
}

/* ---- organization status ---- */

static void answer_history(Resp *resp, Ctx *ctx, int64_t org_id, int status)
{
	OrgStatusChange *list;
	size_t count;
	SvcStatus st = svc_org_status_history(ctx, org_id, &list, &count);
	if (st != SVC_OK) {
		api_status(resp, ctx, st);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(items, status_change_to_json(&list[i]));
	resp_json(resp, status, json_pack("{s:o}", "items", items));
}

void api_org_status_list(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	answer_history(resp, &ctx, id, 200);
	ctx_end(&ctx);
}

void api_org_status_change(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	json_t *body;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs = {0};
	OrgStatusChange c = {.org_id = id};
	const char *key;
	json_t *val;
	json_object_foreach(body, key, val) {
		const char **target = strcmp(key, "change") == 0 ? &c.change
				      : strcmp(key, "reason") == 0 ? &c.reason
								   : NULL;
		if (!target)
			errors_add(&errs, key, "is not a known field", NULL);
		else if (!json_is_string(val))
			errors_add(&errs, key, "must be a string", NULL);
		else
			*target = arena_strdup(ctx.arena, json_string_value(val));
	}
	json_decref(body);
	SvcStatus st = errs.count ? SVC_INVALID : svc_org_status_change(&ctx, &c, &errs);
	if (!api_failed(resp, &ctx, st, &errs))
		answer_history(resp, &ctx, id, 201);
	ctx_end(&ctx);
}

/* ---- compliance ---- */

static json_t *counts_json(const ComplianceCounts *c)
{
	json_t *j = json_pack("{s:i,s:i,s:i,s:i,s:i,s:i}", "expected", c->expected, "submitted",
			      c->submitted, "on_time", c->on_time, "late", c->late, "missing", c->missing,
			      "due", c->due);
	int rate = compliance_rate(c->submitted, c->expected);
	json_object_set_new(j, "submission_rate", rate < 0 ? json_null() : json_integer(rate));
	rate = compliance_rate(c->on_time, c->expected);
	json_object_set_new(j, "on_time_rate", rate < 0 ? json_null() : json_integer(rate));
	return j;
}

static const char *day_iso(Arena *a, long day)
{
	char text[11];
	compliance_day_text(day, text);
	return arena_strdup(a, text);
}

void api_compliance(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs = {0};
	ComplianceFilter f;
	compliance_filter_from_query(req, &ctx, &f, &errs);
	if (errs.count) {
		api_invalid(resp, &errs);
		goto done;
	}
	ComplianceList list;
	SvcStatus st = svc_compliance(&ctx, &f, &list);
	if (st != SVC_OK) {
		api_status(resp, &ctx, st);
		goto done;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < list.count; i++) {
		const ComplianceRow *row = &list.rows[i];
		json_t *periods = json_array();
		for (size_t k = 0; k < row->period_count; k++) {
			json_t *p = json_pack("{s:s,s:s,s:s,s:s}", "start", day_iso(ctx.arena, row->periods[k].first_day),
					      "end", day_iso(ctx.arena, row->periods[k].last_day), "due",
					      day_iso(ctx.arena, row->periods[k].due_day), "state",
					      compliance_state_name(row->states[k]));
			json_object_set_new(p, "report_id", row->report_ids[k] ? json_integer(row->report_ids[k]) : json_null());
			json_array_append_new(periods, p);
		}
		json_t *o = obligation_to_json(&row->obligation);
		json_object_set_new(o, "org_name", json_string(row->obligation.org_name ? row->obligation.org_name : ""));
		json_object_set_new(o, "province", row->province_pcode ? json_string(row->province_pcode) : json_null());
		json_object_set_new(o, "overdue", json_boolean(row->overdue));
		json_object_set_new(o, "silent_two_years", json_boolean(row->silent));
		json_object_set_new(o, "last_submitted_on",
				    row->last_submitted_on ? json_string(row->last_submitted_on) : json_null());
		json_object_set_new(o, "counts", counts_json(&row->counts));
		json_object_set_new(o, "periods", periods);
		json_array_append_new(items, o);
	}
	resp_json(resp, 200, json_pack("{s:o,s:o,s:s}", "items", items, "total", counts_json(&list.total),
				       "as_of", day_iso(ctx.arena, svc_today(&ctx))));
done:
	ctx_end(&ctx);
}
