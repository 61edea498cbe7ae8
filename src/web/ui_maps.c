/*
 * ui_maps.c — maps and charts laid out on pages (see ui_maps.h).
 *
 * The figures come from the service (svc_coverage), which counts only what
 * the reader sees; the table and the map are written from the same array,
 * so they cannot disagree. SVG markup is produced by svg_map.c and
 * svg_chart.c, which escape every text they are given; everything else
 * goes through ui_printf.
 */
#include <stdlib.h>
#include <string.h>

#include "web/svg_chart.h"
#include "web/svg_map.h"
#include "web/ui_maps.h"

/* One area as the map and the table show it. */
typedef struct AreaRow {
	const Place *place;
	const char *name;     /* in the reader's language */
	long long value;      /* the figure mapped */
	long long second;     /* the table's second figure */
} AreaRow;

static int row_cmp(const void *a, const void *b)
{
	return strcmp(((const AreaRow *)a)->name, ((const AreaRow *)b)->name);
}

static const MapFigure *find_figure(const MapFigure *figures, size_t count, const char *pcode)
{
	for (size_t i = 0; i < count; i++)
		if (figures[i].pcode && strcmp(figures[i].pcode, pcode) == 0)
			return &figures[i];
	return NULL;
}

/* The provinces of the country, or the districts of a province, with their
 * figures, sorted by name; in the arena. */
static AreaRow *area_rows(Req *req, const RefData *ref, const Place *within, const MapFigure *figures,
			  size_t figure_count, size_t *count)
{
	PlaceLevel level = within->level == PLACE_COUNTRY ? PLACE_PROVINCE : PLACE_DISTRICT;
	size_t all = gaz_count(ref->gaz), n = 0;
	AreaRow *rows = arena_alloc(req->arena, (all ? all : 1) * sizeof *rows);
	for (size_t i = 0; i < all; i++) {
		const Place *p = gaz_at(ref->gaz, i);
		if (p->level != level || strcmp(p->parent_pcode, within->pcode) != 0)
			continue;
		const MapFigure *f = find_figure(figures, figure_count, p->pcode);
		rows[n].place = p;
		rows[n].name = ui_place_name(req, p);
		rows[n].value = f ? f->value : 0;
		rows[n].second = f ? f->second : 0;
		n++;
	}
	qsort(rows, n, sizeof *rows, row_cmp);
	*count = n;
	return rows;
}

/* "Kabul — Organizations: 3" */
static const char *area_title(Req *req, const AreaRow *r, const char *figure)
{
	return arena_printf(req->arena, "%s — %s: %s", r->name, figure, ui_count(req->arena, r->value));
}

/* Districts of the map drawn as their province (no outline of their own). */
static void outline_note(Req *req, Resp *resp, const AreaRow *rows, size_t count)
{
	bool any = false;
	for (size_t i = 0; i < count; i++) {
		const Outline *o = outline_get(rows[i].place->pcode);
		if (outline_drawn(o))
			continue;
		if (!any)
			ui_printf(resp, "<p class=\"map-note\">%h ", T(req, "No outline of their own (districts created after 2018), shown as their province; their figures are in the table:"));
		ui_printf(resp, "%h<bdi>%h</bdi>", any ? ", " : "", rows[i].name);
		any = true;
	}
	if (any)
		UI_LIT(resp, ".</p>\n");
}

/* A table row that is no area: "The whole province", "Head office not known". */
static void extra_row(Req *req, Resp *resp, const MapTexts *t, const char *label, long long value, long long second)
{
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td class=\"num\">%h</td>", label, ui_count(req->arena, value));
	if (t->second)
		ui_printf(resp, "<td class=\"num\">%h</td>", ui_count(req->arena, second));
	UI_LIT(resp, "</tr>\n");
}

static void area_table(Req *req, Resp *resp, const Place *within, const AreaRow *rows, const MapArea *areas,
		       size_t count, const MapFigure *figures, size_t figure_count, const MapTexts *t,
		       const char *label)
{
	bool country = within->level == PLACE_COUNTRY;
	ui_printf(resp, "<div class=\"table-wrap\">\n<table class=\"map-table\" id=\"%h-table\">\n<caption>%h</caption>\n"
			"<thead><tr><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>",
		  t->id, label, T(req, country ? "Province" : "District"), t->figure);
	if (t->second)
		ui_printf(resp, "<th scope=\"col\" class=\"num\">%h</th>", t->second);
	UI_LIT(resp, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < count; i++) {
		const AreaRow *r = &rows[i];
		ui_printf(resp, "<tr data-pcode=\"%h\" class=\"%h\"><th scope=\"row\"><a href=\"/places/%U\"><bdi>%h</bdi></a></th>"
				"<td class=\"num\">%h</td>",
			  r->place->pcode, areas[i].highlight ? "highlight" : "area-row", r->place->pcode, r->name,
			  ui_count(req->arena, r->value));
		if (t->second)
			ui_printf(resp, "<td class=\"num\">%h</td>", ui_count(req->arena, r->second));
		UI_LIT(resp, "</tr>\n");
	}
	if (!country) {
		/* Figures of the province as a whole, without a district. */
		const MapFigure *whole = find_figure(figures, figure_count, within->pcode);
		if (whole)
			extra_row(req, resp, t, T(req, "The whole province (no district given)"), whole->value, whole->second);
	}
	if (t->unplaced && (t->unplaced_value > 0 || (t->second && t->unplaced_second > 0)))
		extra_row(req, resp, t, t->unplaced, t->unplaced_value, t->unplaced_second);
	UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
}

void ui_area_map(Req *req, Resp *resp, const RefData *ref, const Place *within, const MapFigure *figures,
		 size_t figure_count, const MapTexts *t, const char *highlight)
{
	size_t count;
	AreaRow *rows = area_rows(req, ref, within, figures, figure_count, &count);

	MapArea *areas = arena_alloc(req->arena, (count ? count : 1) * sizeof *areas);
	long long max = 0;
	for (size_t i = 0; i < count; i++) {
		areas[i] = (MapArea){
			.pcode = rows[i].place->pcode,
			.title = area_title(req, &rows[i], t->figure),
			.href = arena_printf(req->arena, "/places/%U", rows[i].place->pcode),
			.value = rows[i].value,
			.highlight = highlight && strcmp(highlight, rows[i].place->pcode) == 0,
		};
		if (rows[i].value > max)
			max = rows[i].value;
	}
	const char *label = t->qualifier ? arena_printf(req->arena, "%s (%s): %s", t->heading, t->qualifier, ui_place_name(req, within))
					 : arena_printf(req->arena, "%s: %s", t->heading, ui_place_name(req, within));
	MapSpec spec = {.id = t->id, .label = label, .max = max};

	ui_printf(resp, "<section class=\"map-block\" aria-labelledby=\"%h-h\">\n<h2 id=\"%h-h\">%h", t->id, t->id, t->heading);
	if (t->qualifier)
		ui_printf(resp, " <span class=\"muted\">(<bdi>%h</bdi>)</span>", t->qualifier);
	UI_LIT(resp, "</h2>\n<div class=\"map-with-table\">\n<figure class=\"map-figure\">\n");
	svg_map(&resp->body, &spec, areas, count);
	UI_LIT(resp, "\n<figcaption>\n");
	const char *highlight_text = NULL;
	if (highlight) {
		const Place *h = gaz_get(ref->gaz, highlight);
		if (h)
			highlight_text = ui_place_name(req, h);
	}
	MapLegendText legend = {
		.title = t->figure,
		.none = T(req, "none recorded"),
		.highlight = highlight_text,
	};
	svg_map_legend(&resp->body, &spec, &legend);
	if (t->note)
		ui_printf(resp, "\n<p class=\"map-note\">%h</p>\n", t->note);
	outline_note(req, resp, rows, count);
	if (highlight && highlight_text && !outline_drawn(outline_get(highlight)))
		ui_printf(resp, "<p class=\"map-note\"><bdi>%h</bdi>: %h</p>\n", highlight_text,
			  T(req, "this district has no outline of its own (created after 2018); it lies within the province shown."));
	ui_printf(resp, "<p class=\"map-note\">%h</p>\n</figcaption>\n</figure>\n",
		  T(req, "Boundaries: AGCHO / OCHA, 2018."));
	area_table(req, resp, within, rows, areas, count, figures, figure_count, t, label);
	UI_LIT(resp, "</div>\n</section>\n");
}

/* ---- who works where ---- */

void ui_coverage_map(Req *req, Resp *resp, const RefData *ref, const Coverage *cov,
		     const char *highlight, const char *id)
{
	bool country = cov->within->level == PLACE_COUNTRY;
	MapFigure *figures = arena_alloc(req->arena, (cov->area_count ? cov->area_count : 1) * sizeof *figures);
	for (size_t i = 0; i < cov->area_count; i++)
		figures[i] = (MapFigure){.pcode = cov->areas[i].area,
					 .value = cov->areas[i].orgs,
					 .second = cov->areas[i].projects};
	MapTexts texts = {
		.id = id,
		.heading = country ? T(req, "Organizations per province") : T(req, "Organizations per district"),
		.qualifier = cov->sector ? ui_code(req, &ref->sectors, cov->sector) : NULL,
		.figure = T(req, "Organizations"),
		.second = T(req, "Projects"),
		.note = T(req, "The number on an area is the count of organizations with a project there; an area with none is hatched. Each area links to its place."),
	};
	ui_area_map(req, resp, ref, cov->within, figures, cov->area_count, &texts, highlight);
}

/* ---- people reached by sex ---- */

void ui_people_chart(Req *req, Resp *resp, const Project *p)
{
	/* Two bars (female, male) per result that gives both figures. */
	ChartBar *bars = arena_alloc(req->arena, (2 * p->result_count + 1) * sizeof *bars);
	size_t n = 0;
	for (size_t i = 0; i < p->result_count; i++) {
		const Result *r = &p->results[i];
		if (r->female < 0 || r->male < 0)
			continue;
		const char *what = r->indicator && *r->indicator ? r->indicator : T(req, "People reached");
		bars[n++] = (ChartBar){
			.label = arena_printf(req->arena, "%s — %s", what, T(req, "Female")),
			.value = r->female,
			.value_text = ui_count(req->arena, r->female),
			.style = BAR_FEMALE,
		};
		bars[n++] = (ChartBar){
			.label = arena_printf(req->arena, "%s — %s", what, T(req, "Male")),
			.value = r->male,
			.value_text = ui_count(req->arena, r->male),
			.style = BAR_MALE,
		};
	}
	if (!n)
		return;
	ChartSpec spec = {.id = "people-chart", .label = T(req, "People reached by sex")};
	ui_printf(resp, "<section aria-labelledby=\"people-h\">\n<h2 id=\"people-h\">%h</h2>\n<figure class=\"chart-figure\">\n",
		  T(req, "People reached by sex"));
	svg_bar_chart(&resp->body, &spec, bars, n);
	ui_printf(resp, "\n<figcaption class=\"map-note\">%h</figcaption>\n</figure>\n</section>\n",
		  T(req, "From the results below that give female and male figures; female bars are solid, male bars striped."));
}
