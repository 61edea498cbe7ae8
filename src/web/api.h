/*
 * api.h — the JSON API under /api/v1 and the helpers its handlers share.
 *
 * Handlers turn a request into a service call and the answer into JSON;
 * they hold no policy (the service decides visibility and permission) and
 * no SQL. Every answer is built with jansson.
 */
#ifndef HAMAHANG_API_H
#define HAMAHANG_API_H

#include <jansson.h>

#include "core/errors.h"
#include "svc/svc.h"
#include "svc/svc_dedup.h"
#include "web/http.h"

/* The route table entries of the API (see routes.c). */
void api_orgs_list(Req *req, Resp *resp);
void api_orgs_create(Req *req, Resp *resp);
void api_orgs_get(Req *req, Resp *resp);
void api_orgs_patch(Req *req, Resp *resp);
void api_orgs_delete(Req *req, Resp *resp);
/* POST /api/v1/{orgs,projects}/{id}/merge (api_merge.c) */
void api_orgs_merge(Req *req, Resp *resp);
void api_orgs_unmerge(Req *req, Resp *resp);
void api_projects_merge(Req *req, Resp *resp);
void api_projects_unmerge(Req *req, Resp *resp);
void api_projects_list(Req *req, Resp *resp);
void api_projects_create(Req *req, Resp *resp);
void api_projects_get(Req *req, Resp *resp);
void api_projects_patch(Req *req, Resp *resp);
void api_projects_delete(Req *req, Resp *resp);
void api_places_resolve(Req *req, Resp *resp);
void api_places_get(Req *req, Resp *resp);
void api_search(Req *req, Resp *resp);
void api_healthz(Req *req, Resp *resp);
void api_openapi(Req *req, Resp *resp);  /* GET /api/v1/openapi.json */
void api_projects_similar(Req *req, Resp *resp);

/* ---- shared by handlers (pages use some too) ---- */

/* Starts the unit of work for a request: the application from req->app,
 * the actor the request speaks for. End with ctx_end. */
void web_ctx_begin(Req *req, Ctx *ctx);

/* Parses a record id from a path parameter; false for anything but a
 * positive decimal number that fits. */
bool parse_id(const char *text, int64_t *out);
/* The record id of the path (its first parameter), or a 404 answer
 * "no such record" and false. */
bool api_path_id(Req *req, Resp *resp, int64_t *id);
/* Parses an optional whole-number query parameter in [min, max]; a
 * missing parameter leaves *out unchanged. Records a problem on bad input. */
void query_int(Req *req, const char *name, long min, long max, int *out, Errors *errs);
/* Resolves an optional place parameter (P-code or name) of the wanted
 * level (1 province, 2 district); NULL when absent. Records a problem when
 * it does not resolve to one place of that level. */
const char *query_place(Req *req, Ctx *ctx, const char *name, int level, Errors *errs);

/* Answers 400 with every problem: {"error": {"code": "invalid", "message",
 * "fields": [{"field", "message", "detail"}]}}. */
void api_invalid(Resp *resp, const Errors *errs);
/* Answers for a service status other than SVC_OK (404, 403, 500). */
void api_status(Resp *resp, Ctx *ctx, SvcStatus st);
/* Answers a write that did not succeed: every problem of errs (400) when
 * the service found invalid values and said which, else api_status.
 * Returns false, answering nothing, when st is SVC_OK. */
bool api_failed(Resp *resp, Ctx *ctx, SvcStatus st, const Errors *errs);
/* The similar projects of a lookup or of a stopped save as a JSON array
 * (api_dedup.c): [{"id", "title", "kind", "score", "reasons"}]. */
json_t *api_similar_json(const DedupPair *pairs, size_t count);
/* Adds "warnings": [...] to an answer object when there are any. */
void api_add_warnings(json_t *answer, const Errors *warns);

#endif
