/*
 * ui_places.c — GET /places (the provinces by region) and
 * GET /places/{pcode} (a province or district: its names, where it lies,
 * its districts, who does what there by sector, the projects there and the
 * organizations working there).
 *
 * The gazetteer is reference data (every reader sees it); what is done
 * there comes from svc_* reads, which leave out what the reader may not see.
 */
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/coord_web.h"
#include "web/pages.h"
#include "web/ui_maps.h"

#define PLACE_PROJECTS 50
#define PLACE_ORGS 100

/* Places sorted by their name as shown to the reader. */
typedef struct NamedPlace {
	const Place *place;
	const char *name;
} NamedPlace;

static int named_cmp(const void *a, const void *b)
{
	return strcmp(((const NamedPlace *)a)->name, ((const NamedPlace *)b)->name);
}

/* The places of a level (and, when parent is not NULL, inside it), sorted
 * by name; in the arena. */
static NamedPlace *places_of(Req *req, const Gazetteer *g, PlaceLevel level, const char *parent, size_t *count)
{
	size_t all = gaz_count(g), n = 0;
	NamedPlace *out = arena_alloc(req->arena, (all ? all : 1) * sizeof *out);
	for (size_t i = 0; i < all; i++) {
		const Place *p = gaz_at(g, i);
		if (p->level != level || (parent && strcmp(p->parent_pcode, parent) != 0))
			continue;
		out[n].place = p;
		out[n].name = ui_place_name(req, p);
		n++;
	}
	qsort(out, n, sizeof *out, named_cmp);
	*count = n;
	return out;
}

void ui_places_list(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	const RefData *ref = ctx.ref;
	size_t n;
	NamedPlace *provinces = places_of(req, ref->gaz, PLACE_PROVINCE, NULL, &n);
	ui_page_begin(req, resp, T(req, "Places"));
	ui_printf(resp, "<h1>%h</h1>\n<p>%h</p>\n<div class=\"cards\">\n", T(req, "Places"),
		  T(req, "The 34 provinces by region. Open a province for its districts and for who does what there."));
	/* One card per region, then one for provinces without a region. */
	for (size_t r = 0; r <= ref->regions.count; r++) {
		const char *code = r < ref->regions.count ? ref->regions.items[r].code : "";
		bool any = false;
		for (size_t i = 0; i < n && !any; i++)
			any = strcmp(provinces[i].place->region_code, code) == 0 ||
			      (!*code && !codelist_find(&ref->regions, provinces[i].place->region_code));
		if (!any)
			continue;
		ui_printf(resp, "<section class=\"card\" aria-labelledby=\"region-%h\">\n<h2 id=\"region-%h\">%h</h2>\n<ul>\n",
			  *code ? code : "other", *code ? code : "other",
			  *code ? ui_code(req, &ref->regions, code) : T(req, "Other"));
		for (size_t i = 0; i < n; i++) {
			const Place *p = provinces[i].place;
			bool here = *code ? strcmp(p->region_code, code) == 0 : !codelist_find(&ref->regions, p->region_code);
			if (!here)
				continue;
			UI_LIT(resp, "<li>");
			ui_place_link(req, resp, ref->gaz, p->pcode, false);
			UI_LIT(resp, "</li>\n");
		}
		UI_LIT(resp, "</ul>\n</section>\n");
	}
	UI_LIT(resp, "</div>\n");
	ui_page_end(req, resp);
	ctx_end(&ctx);
}

/* ---- one place ---- */

static void name_row(Req *req, Resp *resp, const char *label, const char *value, const char *lang)
{
	if (!value || !*value)
		return;
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><bdi lang=\"%h\" dir=\"auto\">%h</bdi></td></tr>\n",
		  T(req, label), i18n_html_lang(lang), value);
}

static void facts(Req *req, Resp *resp, const RefData *ref, const Place *p)
{
	ui_printf(resp, "<table>\n<tbody>\n");
	name_row(req, resp, "Name in English", p->name_en, "en");
	name_row(req, resp, "Name in Dari", p->name_prs, "prs");
	name_row(req, resp, "Name in Pashto", p->name_pus, "pus");
	if (p->alt_count) {
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>", T(req, "Also written"));
		for (size_t i = 0; i < p->alt_count; i++)
			ui_printf(resp, "%h<bdi>%h</bdi>", i ? "; " : "", p->alt_names[i]);
		UI_LIT(resp, "</td></tr>\n");
	}
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><bdi>%h</bdi></td></tr>\n", T(req, "P-code"), p->pcode);
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", T(req, "Level"),
		  T(req, p->level == PLACE_PROVINCE ? N_("Province") : N_("District")));
	if (p->level == PLACE_DISTRICT) {
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>", T(req, "Province"));
		ui_place_link(req, resp, ref->gaz, p->parent_pcode, false);
		UI_LIT(resp, "</td></tr>\n");
	}
	if (p->region_code[0])
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", T(req, "Region"),
			  ui_code(req, &ref->regions, p->region_code));
	UI_LIT(resp, "</tbody>\n</table>\n");
}

/* The filter parameter that selects this place in /projects. */
static const char *place_param(const Place *p)
{
	return p->level == PLACE_PROVINCE ? "province" : "district";
}

static void who_does_what(Req *req, Resp *resp, const RefData *ref, const Place *p, const PlaceSectorCount *rows,
			  size_t count)
{
	ui_printf(resp, "<section aria-labelledby=\"sectors\">\n<h2 id=\"sectors\">%h</h2>\n", T(req, "Who does what here"));
	if (!count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n</section>\n", T(req, "No projects are recorded here."));
		return;
	}
	ui_printf(resp, "<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
			"<th scope=\"col\" class=\"num\">%h</th></tr></thead>\n<tbody>\n",
		  T(req, "Sector"), T(req, "Projects"), T(req, "Organizations"));
	for (size_t i = 0; i < count; i++)
		ui_printf(resp, "<tr><th scope=\"row\"><a href=\"/projects?%U=%U&amp;sector=%U\">%h</a></th>"
				"<td class=\"num\">%h</td><td class=\"num\">%h</td></tr>\n",
			  place_param(p), p->pcode, rows[i].sector, ui_code(req, &ref->sectors, rows[i].sector),
			  ui_count(req->arena, rows[i].projects), ui_count(req->arena, rows[i].orgs));
	UI_LIT(resp, "</tbody>\n</table>\n</div>\n</section>\n");
}

/* True when the organization has an office in the place or inside it. */
static bool office_in(const Gazetteer *g, const Org *o, const Place *p)
{
	for (size_t i = 0; i < o->office_count; i++) {
		const Place *at = o->offices[i].pcode ? gaz_get(g, o->offices[i].pcode) : NULL;
		if (at && gaz_within(g, at, p))
			return true;
	}
	return false;
}

static void organizations(Req *req, Resp *resp, const RefData *ref, const Place *p, const OrgList *orgs)
{
	ui_printf(resp, "<section aria-labelledby=\"orgs\">\n<h2 id=\"orgs\">%h</h2>\n<p class=\"muted\">%h</p>\n",
		  T(req, "Organizations working here"),
		  T(req, "Organizations with an office here or a project here."));
	if (!orgs->count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n</section>\n", T(req, "None recorded."));
		return;
	}
	UI_LIT(resp, "<ul>\n");
	for (size_t i = 0; i < orgs->count; i++) {
		const Org *o = &orgs->items[i];
		UI_LIT(resp, "<li>");
		ui_org_link(req, resp, o->id, ui_org_name(req, o));
		ui_printf(resp, " <span class=\"muted\">(%h)</span>", ui_code(req, &ref->org_kinds, o->kind));
		if (office_in(ref->gaz, o, p))
			ui_printf(resp, " <span class=\"badge\">%h</span>", T(req, "office here"));
		UI_LIT(resp, "</li>\n");
	}
	UI_LIT(resp, "</ul>\n");
	if (orgs->total > (long long)orgs->count)
		ui_printf(resp, "<p><a href=\"/orgs?province=%U\">%h (%h)</a></p>\n", p->pcode, T(req, "All organizations"),
			  ui_count(req->arena, orgs->total));
	UI_LIT(resp, "</section>\n");
}

void ui_place_page(Req *req, Resp *resp)
{
	if (ui_place_csv_wanted(req)) {
		ui_place_csv(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	const RefData *ref = ctx.ref;
	const Place *p = req->params[0] ? gaz_get(ref->gaz, req->params[0]) : NULL;
	if (!p) {
		ui_not_found(req, resp);
		goto done;
	}
	if (p->level == PLACE_COUNTRY) {
		resp_redirect(resp, "/places");
		goto done;
	}
	if (strcmp(p->pcode, req->params[0]) != 0) {
		/* "af24" is AF24: one address per place. */
		resp_redirect(resp, arena_printf(req->arena, "/places/%U", p->pcode));
		goto done;
	}
	PlaceSectorCount *rows = NULL;
	size_t row_count = 0;
	ProjectFilter pf = {.limit = PLACE_PROJECTS};
	if (p->level == PLACE_PROVINCE)
		pf.province = p->pcode;
	else
		pf.district = p->pcode;
	ProjectList projects = {0};
	OrgFilter of = {.province = p->pcode, .limit = PLACE_ORGS};
	OrgList orgs = {0};
	SvcStatus st = svc_place_sectors(&ctx, p->pcode, &rows, &row_count);
	if (st == SVC_OK)
		st = svc_project_list(&ctx, &pf, &projects);
	if (st == SVC_OK && p->level == PLACE_PROVINCE)
		st = svc_org_list(&ctx, &of, &orgs);
	/* The map of the province, or of the district's province. */
	Coverage cov;
	Errors *errs = arena_alloc(req->arena, sizeof *errs);
	errors_clear(errs);
	if (st == SVC_OK)
		st = svc_coverage(&ctx, p->level == PLACE_PROVINCE ? p->pcode : p->parent_pcode, NULL, &cov, errs);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}

	ui_page_begin(req, resp, ui_place_name(req, p));
	ui_printf(resp, "<h1><bdi>%h</bdi>", ui_place_name(req, p));
	if (p->level == PLACE_DISTRICT) {
		const Place *prov = gaz_get(ref->gaz, p->parent_pcode);
		if (prov)
			ui_printf(resp, " <span class=\"muted\">%h <bdi>%h</bdi></span>", T(req, ","), ui_place_name(req, prov));
	}
	UI_LIT(resp, "</h1>\n");
	facts(req, resp, ref, p);
	ui_coverage_map(req, resp, ref, &cov, p->level == PLACE_DISTRICT ? p->pcode : NULL, "place-map");
	who_does_what(req, resp, ref, p, rows, row_count);
	ui_place_period(req, resp, &ctx, p);
	ui_printf(resp, "<section aria-labelledby=\"projects\">\n<h2 id=\"projects\">%h</h2>\n", T(req, "Projects here"));
	ui_project_table(req, resp, ref, &projects);
	if (projects.total > (long long)projects.count)
		ui_printf(resp, "<p><a href=\"/projects?%U=%U\">%h (%h)</a></p>\n", place_param(p), p->pcode,
			  T(req, "All projects"), ui_count(req->arena, projects.total));
	UI_LIT(resp, "</section>\n");
	if (p->level == PLACE_PROVINCE)
		organizations(req, resp, ref, p, &orgs);
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}
