/*
 * api_places.c — /api/v1/places: resolve a name, read a place; and
 * /api/v1/search across organizations and projects.
 */
#include <string.h>

#include "web/api.h"
#include "web/json.h"

static const char *level_name(PlaceLevel level)
{
	switch (level) {
	case PLACE_COUNTRY: return "country";
	case PLACE_PROVINCE: return "province";
	case PLACE_DISTRICT: return "district";
	}
	return "place";
}

static json_t *place_brief(const Gazetteer *g, const Place *p)
{
	json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:s}", "pcode", p->pcode, "level",
			      level_name(p->level), "name_en", p->name_en, "name_prs", p->name_prs,
			      "name_pus", p->name_pus);
	const Place *parent = p->parent_pcode[0] ? gaz_get(g, p->parent_pcode) : NULL;
	if (parent && parent->level > PLACE_COUNTRY) {
		json_object_set_new(j, "province_pcode", json_string(parent->pcode));
		json_object_set_new(j, "province_en", json_string(parent->name_en));
	}
	return j;
}

static json_t *match_json(const Gazetteer *g, const PlaceMatch *m)
{
	json_t *j = place_brief(g, m->place);
	json_object_set_new(j, "how", json_string(place_how_text(m->how)));
	if (m->matched)
		json_object_set_new(j, "matched", json_string(m->matched));
	if (m->how == HOW_FUZZY)
		json_object_set_new(j, "distance", json_integer(m->distance));
	return j;
}

void api_places_resolve(Req *req, Resp *resp)
{
	const char *q = req_query(req, "q");
	const char *within = req_query(req, "within");
	Errors errs;
	errors_clear(&errs);
	if (!q || !*q)
		errors_add(&errs, "q", "is required", NULL);
	else if (strlen(q) > 200)
		errors_add(&errs, "q", "is too long; the most allowed is (characters)", "200");
	App *app = req->app;
	const Gazetteer *g = app->ref->gaz;
	if (within && *within && !gaz_get(g, within))
		errors_add(&errs, "within", "is not a known P-code", within);
	if (errs.count) {
		api_invalid(resp, &errs);
		return;
	}
	PlaceResult r;
	place_resolve(g, q, within && *within ? within : NULL, &r);
	static const char *const outcomes[] = {"matched", "ambiguous", "unresolved"};
	json_t *j = json_pack("{s:s,s:s}", "query", q, "outcome", outcomes[r.outcome]);
	if (r.outcome == PLACE_MATCHED)
		json_object_set_new(j, "place", match_json(g, &r.best));
	json_t *cands = json_array();
	for (size_t i = 0; i < r.candidate_count; i++)
		json_array_append_new(cands, match_json(g, &r.candidates[i]));
	json_object_set_new(j, "candidates", cands);
	resp_json(resp, 200, j);
}

void api_places_get(Req *req, Resp *resp)
{
	App *app = req->app;
	const Gazetteer *g = app->ref->gaz;
	const Place *p = gaz_get(g, req->params[0]);
	if (!p) {
		resp_error_json(resp, 404, "not_found", "no place has this P-code");
		return;
	}
	json_t *j = place_brief(g, p);
	json_t *alts = json_array();
	for (size_t i = 0; i < p->alt_count; i++)
		json_array_append_new(alts, json_string(p->alt_names[i]));
	json_object_set_new(j, "alt_names", alts);
	const Code *region = codelist_find(&app->ref->regions, p->region_code);
	if (region)
		json_object_set_new(j, "region", json_pack("{s:s,s:s}", "code", region->code,
							   "name_en", region->name_en));
	json_t *children = json_array();
	for (size_t i = 0; i < gaz_count(g); i++) {
		const Place *c = gaz_at(g, i);
		if (strcmp(c->parent_pcode, p->pcode) == 0)
			json_array_append_new(children, json_pack("{s:s,s:s}", "pcode", c->pcode,
								  "name_en", c->name_en));
	}
	json_object_set_new(j, "children", children);

	Ctx ctx;
	web_ctx_begin(req, &ctx);
	PlaceSectorCount *rows;
	size_t n;
	SvcStatus st = svc_place_sectors(&ctx, p->pcode, &rows, &n);
	if (st != SVC_OK) {
		json_decref(j);
		api_status(resp, &ctx, st);
		ctx_end(&ctx);
		return;
	}
	json_t *sectors = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(sectors, json_pack("{s:s,s:I,s:I}", "sector", rows[i].sector,
							 "projects", (json_int_t)rows[i].projects,
							 "organizations", (json_int_t)rows[i].orgs));
	json_object_set_new(j, "sectors", sectors);
	ctx_end(&ctx);
	resp_json(resp, 200, j);
}

void api_search(Req *req, Resp *resp)
{
	const char *q = req_query(req, "q");
	Errors errs;
	errors_clear(&errs);
	int limit = 50, offset = 0;
	if (!q || !*q)
		errors_add(&errs, "q", "is required", NULL);
	else if (strlen(q) > 500)
		errors_add(&errs, "q", "is too long; the most allowed is (characters)", "500");
	query_int(req, "limit", 1, 200, &limit, &errs);
	query_int(req, "offset", 0, 1000000, &offset, &errs);
	if (errs.count) {
		api_invalid(resp, &errs);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	SearchHit *hits;
	size_t n;
	long long total;
	SvcStatus st = svc_search(&ctx, q, limit, offset, &hits, &n, &total);
	if (st != SVC_OK) {
		api_status(resp, &ctx, st);
	} else {
		json_t *items = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(items, json_pack("{s:s,s:I,s:s?}", "kind", hits[i].entity,
							       "id", (json_int_t)hits[i].id, "title",
							       hits[i].title));
		resp_json(resp, 200, json_pack("{s:o,s:I,s:i,s:i}", "items", items, "total", (json_int_t)total,
					       "limit", limit, "offset", offset));
	}
	ctx_end(&ctx);
}
