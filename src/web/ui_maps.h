/*
 * ui_maps.h — maps and charts on pages (ui_maps.c): the map of who works
 * where with the table of the same figures, and the chart of people
 * reached by sex. The SVG is drawn by svg_map.c and svg_chart.c; these
 * helpers choose the areas, compose the texts in the reader's language and
 * lay out the figure, the legend and the table.
 */
#ifndef HAMAHANG_UI_MAPS_H
#define HAMAHANG_UI_MAPS_H

#include "svc/svc_coverage.h"
#include "web/pages.h"

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
