/*
 * api_dedup.c — GET /api/v1/projects/similar: the projects already
 * registered that look like a would-be one, with their kind (the same
 * project, or overlapping work), score and reasons. Only projects the
 * caller sees are compared (the service decides), so a restricted project
 * never shows to those who may not see it.
 */
#include <string.h>

#include "core/pdate.h"
#include "svc/svc_dedup.h"
#include "web/api.h"
#include "web/json.h"

/* Caps on what a lookup may carry. */
#define SIMILAR_TITLE_MAX 500
#define SIMILAR_DESCRIPTION_MAX 5000

/* An optional text parameter, at most max bytes and valid UTF-8. */
static const char *text_param(Req *req, const char *name, size_t max, Errors *errs)
{
	const char *v = req_query(req, name);
	if (!v || !*v)
		return NULL;
	if (strlen(v) > max) {
		char n[32];
		snprintf(n, sizeof n, "%zu", max);
		errors_add(errs, name, "is too long; the most allowed is (bytes)", n);
		return NULL;
	}
	return v;
}

/* True when the text holds a letter of the Arabic block (U+0600..U+06FF). */
static bool arabic_script(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if (*p == 0xD8 || *p == 0xD9 || *p == 0xDA || *p == 0xDB)
			return true;
	return false;
}

static const char *date_param(Req *req, const char *name, Errors *errs)
{
	const char *v = req_query(req, name);
	PDate d;
	if (!v || !*v)
		return NULL;
	if (!pdate_parse(v, &d)) {
		errors_add(errs, name, "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", v);
		return NULL;
	}
	return v;
}

json_t *api_similar_json(const DedupPair *pairs, size_t count)
{
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(
			list, json_pack("{s:I,s:s?,s:s,s:f,s:s?}", "id", (json_int_t)pairs[i].b_id, "title",
					pairs[i].b_title, "kind", match_kind_name(pairs[i].kind), "score",
					(double)(int)(pairs[i].score * 100 + 0.5) / 100.0, "reasons",
					pairs[i].reasons));
	return list;
}

void api_projects_similar(Req *req, Resp *resp)
{
	Ctx ctx;
	Errors errs;
	errors_clear(&errs);
	web_ctx_begin(req, &ctx);
	MatchProject probe;
	memset(&probe, 0, sizeof probe);
	probe.people_reached = -1;
	/* A title in Arabic script is compared with the Dari and Pashto titles. */
	const char *title_text = text_param(req, "title", SIMILAR_TITLE_MAX, &errs);
	probe.title[arabic_script(title_text) ? 1 : 0] = title_text;
	if (arabic_script(title_text))
		probe.title[2] = title_text;
	const char *description = text_param(req, "description", SIMILAR_DESCRIPTION_MAX, &errs);
	probe.description[arabic_script(description) ? 1 : 0] = description;
	const char *title = req_query(req, "title");
	if (!title || !*title)
		errors_add(&errs, "title", "is required", NULL);
	probe.start_date = date_param(req, "start", &errs);
	probe.end_date = date_param(req, "end", &errs);
	const char *district = query_place(req, &ctx, "district", 2, &errs);
	const char *province = query_place(req, &ctx, "province", 1, &errs);
	const char *pcodes[1] = {district ? district : province};
	if (pcodes[0]) {
		probe.pcodes = pcodes;
		probe.pcode_count = 1;
	}
	const char *sector = req_query(req, "sector");
	const char *sectors[1] = {sector};
	if (sector && *sector) {
		if (!codelist_find(&ctx.ref->sectors, sector))
			errors_add(&errs, "sector", "is not a known sector code", sector);
		probe.sectors = sectors;
		probe.sector_count = 1;
	}
	int org = 0;
	query_int(req, "org", 1, 2000000000, &org, &errs);
	int64_t org_ids[1] = {org};
	if (org > 0) {
		probe.implementer_ids = org_ids;
		probe.implementer_count = 1;
	}
	int limit = 10;
	query_int(req, "limit", 1, 50, &limit, &errs);
	if (errs.count) {
		api_invalid(resp, &errs);
		ctx_end(&ctx);
		return;
	}
	DedupPair *pairs;
	size_t n;
	SvcStatus st = svc_similar_projects(&ctx, &probe, limit, &pairs, &n);
	if (st != SVC_OK) {
		api_status(resp, &ctx, st);
		ctx_end(&ctx);
		return;
	}
	json_t *list = api_similar_json(pairs, n);
	resp_json(resp, 200, json_pack("{s:o,s:I}", "similar", list, "count", (json_int_t)n));
	ctx_end(&ctx);
}
