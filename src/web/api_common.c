/*
 * api_common.c — helpers shared by the API handlers (see api.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/json.h"

void web_ctx_begin(Req *req, Ctx *ctx)
{
	/* req->user is the Actor found by web_identify (auth.c), or NULL. */
	const Actor *actor = req->user ? req->user : &ACTOR_ANONYMOUS;
	ctx_begin((App *)req->app, actor, ctx);
	ctx->now = req->now;
	/* Coordinators and admins see a restricted record only when they say
	 * why (?reason=... on a page, or the X-Access-Reason header); the
	 * service logs each such read with the reason. */
	const char *reason = req_query(req, "reason");
	if (!reason || !*reason)
		reason = req_header(req, "X-Access-Reason");
	ctx->reason = reason && *reason ? reason : NULL;
}

bool parse_id(const char *text, int64_t *out)
{
	if (!text || !*text || strlen(text) > 18)
		return false;
	for (const char *p = text; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	char *end = NULL;
	long long v = strtoll(text, &end, 10);
	if (errno || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

void query_int(Req *req, const char *name, long min, long max, int *out, Errors *errs)
{
	const char *v = req_query(req, name);
	if (!v || !*v)
		return;
	errno = 0;
	char *end = NULL;
	long n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max) {
		char range[64];
		snprintf(range, sizeof range, "%ld to %ld", min, max);
		errors_add(errs, name, "must be a whole number in the range", range);
		return;
	}
	*out = (int)n;
}

const char *query_place(Req *req, Ctx *ctx, const char *name, int level, Errors *errs)
{
	const char *v = req_query(req, name);
	if (!v || !*v)
		return NULL;
	PlaceResult r;
	place_resolve(ctx->ref->gaz, v, NULL, &r);
	if (r.outcome != PLACE_MATCHED) {
		errors_add(errs, name, r.outcome == PLACE_AMBIGUOUS ? "names more than one place; use a P-code"
								     : "is not a known place",
			   v);
		return NULL;
	}
	const Place *p = r.best.place;
	if ((int)p->level != level) {
		errors_add(errs, name, level == 1 ? "is not a province" : "is not a district", v);
		return NULL;
	}
	return p->pcode;
}

void api_invalid(Resp *resp, const Errors *errs)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < errs->count; i++) {
		const FieldError *e = &errs->items[i];
		json_t *f = json_pack("{s:s,s:s}", "field", e->field, "message", e->message);
		if (e->detail[0])
			json_object_set_new(f, "detail", json_string(e->detail));
		json_array_append_new(fields, f);
	}
	json_t *body = json_pack("{s:{s:s,s:s,s:o}}", "error", "code", "invalid", "message",
				 "the request has invalid values; see fields", "fields", fields);
	resp_json(resp, 400, body);
}

void api_status(Resp *resp, Ctx *ctx, SvcStatus st)
{
	switch (st) {
	case SVC_OK:
		break;
	case SVC_NOT_FOUND:
		resp_error_json(resp, 404, "not_found", "no such record");
		break;
	case SVC_FORBIDDEN:
		resp_error_json(resp, 403, "forbidden", "you may not do this");
		break;
	case SVC_INVALID:
		resp_error_json(resp, 400, "invalid", "the request has invalid values");
		break;
	case SVC_ERROR:
		/* The store's words stay in the log; the answer says only that it failed. */
		fprintf(stderr, "hamahang: store error: %s\n", ctx ? svc_error(ctx) : "?");
		resp_error_json(resp, 500, "internal", "the database could not complete the request");
		break;
	}
}

bool api_path_id(Req *req, Resp *resp, int64_t *id)
{
	if (parse_id(req->params[0], id))
		return true;
	resp_error_json(resp, 404, "not_found", "no such record");
	return false;
}

bool api_failed(Resp *resp, Ctx *ctx, SvcStatus st, const Errors *errs)
{
	if (st == SVC_OK)
		return false;
	if (st == SVC_INVALID && errs->count)
		api_invalid(resp, errs);
	else
		api_status(resp, ctx, st);
	return true;
}

void api_add_warnings(json_t *answer, const Errors *warns)
{
	if (!warns->count)
		return;
	json_t *list = json_array();
	for (size_t i = 0; i < warns->count; i++)
		json_array_append_new(list, json_pack("{s:s,s:s,s:s}", "field", warns->items[i].field,
						      "message", warns->items[i].message, "detail",
						      warns->items[i].detail));
	json_object_set_new(answer, "warnings", list);
}

void api_healthz(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Totals t;
	SvcStatus st = svc_totals(&ctx, &t);
	ctx_end(&ctx);
	if (st != SVC_OK) {
		resp_error_json(resp, 503, "unavailable", "the database does not answer");
		return;
	}
	resp_json(resp, 200, json_pack("{s:s}", "status", "ok"));
}
