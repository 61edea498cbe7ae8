/*
 * ui_coverage.c — GET /coverage?province=&sector=: gaps and overlaps.
 *
 * For the country (its provinces) or one province (its districts): the map
 * of organizations per area with its table, then the areas × sectors grid
 * with the number of organizations working in each (an empty cell is a
 * gap; two or more organizations in one cell may be overlapping work),
 * then projects by sector and by the year they started.
 *
 * Every figure comes from the service (svc_coverage, svc_place_sectors),
 * which counts only what the reader may see; this page lays them out.
 */
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/svg_chart.h"
#include "web/ui_maps.h"

/* Areas in the order of the grid: by name in the reader's language. */
typedef struct GridRow {
	const Place *place;
	const char *name;
} GridRow;

static int grid_cmp(const void *a, const void *b)
{
	return strcmp(((const GridRow *)a)->name, ((const GridRow *)b)->name);
}

static void filter_form(Req *req, Resp *resp, const RefData *ref, const Errors *errs)
{
	ui_printf(resp, "<form class=\"filter\" method=\"get\" action=\"/coverage\" aria-label=\"%h\">\n",
		  T(req, "Choose a province and a sector"));
	size_t n;
	UiOption *opts = ui_province_options(req, ref->gaz, &n);
	UiField prov = {.name = "province", .label = N_("Province"), .value = req_query(req, "province"),
			.hint = N_("Leave empty for the whole country.")};
	ui_field_take_error(&prov, errs);
	ui_select(req, resp, &prov, opts, n);
	opts = ui_code_options(req, &ref->sectors, &n);
	UiField sector = {.name = "sector", .label = "Sector", .value = req_query(req, "sector")};
	ui_field_take_error(&sector, errs);
	ui_select(req, resp, &sector, opts, n);
	ui_printf(resp, "<button type=\"submit\">%h</button>\n</form>\n", T(req, "Show"));
}

static long long cell_orgs(const Coverage *cov, const char *area, const char *sector)
{
	for (size_t i = 0; i < cov->cell_count; i++)
		if (strcmp(cov->cells[i].area, area) == 0 && strcmp(cov->cells[i].sector, sector) == 0)
			return cov->cells[i].orgs;
	return 0;
}

/* The sectors that appear in any cell, in code order; in the arena. */
static const char **grid_sectors(Req *req, const Coverage *cov, size_t *count)
{
	const char **out = arena_alloc(req->arena, (cov->cell_count + 1) * sizeof *out);
	size_t n = 0;
	for (size_t i = 0; i < cov->cell_count; i++) {
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++)
			seen = strcmp(out[j], cov->cells[i].sector) == 0;
		if (!seen)
			out[n++] = cov->cells[i].sector;
	}
	*count = n;
	return out;
}

static void grid(Req *req, Resp *resp, const RefData *ref, const Coverage *cov)
{
	bool country = cov->within->level == PLACE_COUNTRY;
	ui_printf(resp, "<section aria-labelledby=\"grid-h\">\n<h2 id=\"grid-h\">%h</h2>\n",
		  T(req, country ? N_("Provinces and sectors") : N_("Districts and sectors")));
	size_t sector_count;
	const char **sectors = grid_sectors(req, cov, &sector_count);
	if (!sector_count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n</section>\n", T(req, "No projects are recorded here."));
		return;
	}
	ui_printf(resp, "<p class=\"map-note\">%h</p>\n",
		  T(req, "Each cell is the number of organizations working in that sector there. 0 is a gap; a number in bold (two or more) may be overlapping work."));
	size_t all = gaz_count(ref->gaz), n = 0;
	GridRow *rows = arena_alloc(req->arena, (all ? all : 1) * sizeof *rows);
	PlaceLevel level = country ? PLACE_PROVINCE : PLACE_DISTRICT;
	for (size_t i = 0; i < all; i++) {
		const Place *p = gaz_at(ref->gaz, i);
		if (p->level == level && strcmp(p->parent_pcode, cov->within->pcode) == 0)
			rows[n++] = (GridRow){p, ui_place_name(req, p)};
	}
	qsort(rows, n, sizeof *rows, grid_cmp);
	ui_printf(resp, "<div class=\"table-wrap\">\n<table class=\"grid\" id=\"coverage-grid\">\n<thead><tr><th scope=\"col\">%h</th>",
		  T(req, country ? N_("Province") : N_("District")));
	for (size_t s = 0; s < sector_count; s++)
		ui_printf(resp, "<th scope=\"col\" class=\"num\" data-sector=\"%h\">%h</th>", sectors[s],
			  ui_code(req, &ref->sectors, sectors[s]));
	UI_LIT(resp, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		ui_printf(resp, "<tr data-pcode=\"%h\"><th scope=\"row\"><a href=\"/places/%U\"><bdi>%h</bdi></a></th>",
			  rows[i].place->pcode, rows[i].place->pcode, rows[i].name);
		for (size_t s = 0; s < sector_count; s++) {
			long long orgs = cell_orgs(cov, rows[i].place->pcode, sectors[s]);
			if (orgs >= 2)
				ui_printf(resp, "<td><strong>%h</strong></td>", ui_count(req->arena, orgs));
			else
				ui_printf(resp, "<td>%h</td>", ui_count(req->arena, orgs));
		}
		UI_LIT(resp, "</tr>\n");
	}
	UI_LIT(resp, "</tbody>\n</table>\n</div>\n</section>\n");
}

static void charts(Req *req, Resp *resp, const RefData *ref, const Coverage *cov,
		   const PlaceSectorCount *by_sector, size_t sector_count)
{
	if (sector_count) {
		ChartBar *bars = arena_alloc(req->arena, sector_count * sizeof *bars);
		for (size_t i = 0; i < sector_count; i++)
			bars[i] = (ChartBar){.label = ui_code(req, &ref->sectors, by_sector[i].sector),
					     .value = by_sector[i].projects,
					     .value_text = ui_count(req->arena, by_sector[i].projects)};
		ChartSpec spec = {.id = "sector-chart", .label = T(req, "Projects by sector")};
		ui_printf(resp, "<section aria-labelledby=\"sector-chart-h\">\n<h2 id=\"sector-chart-h\">%h</h2>\n",
			  T(req, "Projects by sector"));
		svg_bar_chart(&resp->body, &spec, bars, sector_count);
		UI_LIT(resp, "\n</section>\n");
	}
	if (cov->year_count) {
		ChartBar *bars = arena_alloc(req->arena, cov->year_count * sizeof *bars);
		for (size_t i = 0; i < cov->year_count; i++)
			bars[i] = (ChartBar){.label = arena_printf(req->arena, "%d", cov->years[i].year),
					     .value = cov->years[i].projects,
					     .value_text = ui_count(req->arena, cov->years[i].projects)};
		ChartSpec spec = {.id = "year-chart", .label = T(req, "Projects by the year they started")};
		ui_printf(resp, "<section aria-labelledby=\"year-chart-h\">\n<h2 id=\"year-chart-h\">%h</h2>\n",
			  T(req, "Projects by the year they started"));
		svg_bar_chart(&resp->body, &spec, bars, cov->year_count);
		UI_LIT(resp, "\n</section>\n");
	}
}

void ui_coverage(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_alloc(req->arena, sizeof *errs);
	errors_clear(errs);
	Coverage cov;
	PlaceSectorCount *by_sector = NULL;
	size_t sector_count = 0;
	const char *province = req_query(req, "province");
	const char *sector = req_query(req, "sector");
	if ((province && strlen(province) > 32) || (sector && strlen(sector) > CODE_MAX_CHARS)) {
		web_error(req, resp, 400, "too_long", "A filter is too long.");
		goto done;
	}
	SvcStatus st = svc_coverage(&ctx, province, sector, &cov, errs);
	if (st == SVC_OK)
		st = svc_place_sectors(&ctx, cov.within->pcode, &by_sector, &sector_count);
	if (st != SVC_OK && st != SVC_INVALID) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}

	ui_page_begin(req, resp, T(req, "Gaps and overlaps"));
	ui_printf(resp, "<h1>%h", T(req, "Gaps and overlaps"));
	if (st == SVC_OK && cov.within->level == PLACE_PROVINCE)
		ui_printf(resp, ": <bdi>%h</bdi>", ui_place_name(req, cov.within));
	ui_printf(resp, "</h1>\n<p>%h</p>\n",
		  T(req, "Who works where: the number of organizations with projects in each area and sector, to find places no one serves and work that may be done twice."));
	ui_errors_summary(req, resp, errs);
	filter_form(req, resp, ctx.ref, errs);
	if (st == SVC_INVALID) {
		resp->status = 400;
		ui_page_end(req, resp);
		goto done;
	}
	ui_coverage_map(req, resp, ctx.ref, &cov, NULL, "coverage-map");
	grid(req, resp, ctx.ref, &cov);
	charts(req, resp, ctx.ref, &cov, by_sector, sector_count);
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}
