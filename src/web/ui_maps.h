/*
 * ui_maps.h — maps and charts on pages (ui_maps.c): a map of any figure
 * per area with the table of the same figures (who works where, missing
 * reports, waiting applications), and the chart of people reached by sex. The SVG is drawn by svg_map.c and svg_chart.c; these
 * helpers choose the areas, compose the texts in the reader's language and
 * lay out the figure, the legend and the table.
 */
#ifndef HAMAHANG_UI_MAPS_H
#define HAMAHANG_UI_MAPS_H

#include "svc/svc_coverage.h"
#include "web/pages.h"

/* One area's figures for ui_area_map. */
typedef struct MapFigure {
	const char *pcode; /* an area of the map (a province of the country, a district of a
	                    * province); or the map's place itself, for figures of the whole
	                    * province without a district (in the table only) */
	long long value;   /* the figure mapped, and the table's first column */
	long long second;  /* a second figure, in the table only (MapTexts.second) */
} MapFigure;

/* What a map says, in the reader's language. */
typedef struct MapTexts {
	const char *id;           /* unique in the page, [a-z0-9-] only */
	const char *heading;      /* "Missing reports per province" */
	const char *qualifier;    /* written in brackets after the heading (a sector), or NULL */
	const char *figure;       /* the figure's name: the areas' titles, the legend, the first column */
	const char *second;       /* the second column's name, or NULL for none */
	const char *note;         /* what the number on an area counts */
	const char *unplaced;     /* a last table row for what lies in no area ("Head office not
	                           * known"), shown when either of its figures is above 0; or NULL */
	long long unplaced_value;
	long long unplaced_second;
} MapTexts;

/* Writes a section with the map of within (the country: its provinces; a
 * province: its districts), figures[i].value per area (an area not among
 * the figures has none), its legend, a note on districts drawn as their
 * province, and a table of the same figures beside it, one row per area
 * sorted by name. Every area links to its place page and has a <title>
 * "name — figure: value". highlight (a district of the province, or NULL)
 * is drawn with a thick border. */
void ui_area_map(Req *req, Resp *resp, const RefData *ref, const Place *within, const MapFigure *figures,
		 size_t count, const MapTexts *texts, const char *highlight);

/* Writes a section with the map of cov->within (the country: its
 * provinces; a province: its districts), organizations per area, its
 * legend, a note on districts drawn as their province, and a table of the
 * same figures beside it. highlight (a district of the province, or NULL)
 * is drawn with a thick border. id is unique in the page ([a-z0-9-]). */
void ui_coverage_map(Req *req, Resp *resp, const RefData *ref, const Coverage *cov,
		     const char *highlight, const char *id);

/* Writes a chart of the people a project reached, by sex, from its results
 * that give female and male figures; nothing when none does. */
void ui_people_chart(Req *req, Resp *resp, const Project *p);

#endif
