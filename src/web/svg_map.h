/*
 * svg_map.h — choropleth maps of provinces and districts as inline SVG.
 *
 * The outlines are the project's own (data/outlines.csv, made by
 * tools/make-outlines.py and compiled in): simplified, projected and
 * quantized to whole map units, keyed by P-code. The renderer is a pure
 * function of its arguments: it writes markup into a Buf, escaping every
 * text it is given, and knows nothing of requests, languages or the
 * registry. Callers pass texts already in the reader's language.
 *
 * What a map shows must not depend on colour alone: each area with a
 * figure carries the number written on it, an area with none is hatched,
 * a highlighted area has a thick dark border, and every area is a link
 * with a <title> naming it and its figure. The legend (svg_map_legend)
 * repeats the classes with their ranges.
 */
#ifndef HAMAHANG_SVG_MAP_H
#define HAMAHANG_SVG_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/place.h"

/* One place's outline, in map units (y grows southwards). */
typedef struct Outline {
	char pcode[PCODE_MAX];    /* the place */
	int level;                /* 1 province, 2 district */
	char shown_as[PCODE_MAX]; /* itself, or the province standing for a district without an outline */
	int min_x, min_y;         /* bounding box */
	int max_x, max_y;
	int label_x, label_y;     /* a point inside the shape for its figure */
	const char *path;         /* SVG path data; "" when shown_as is another place */
} Outline;

/* The outline of a place (P-code as stored, upper case), or NULL. The
 * table is read once from the compiled-in data/outlines.csv and never
 * freed; the result is borrowed for the life of the program. */
const Outline *outline_get(const char *pcode);
/* True when the place has an outline of its own (not drawn as its province). */
bool outline_drawn(const Outline *o);

/* Number of colour classes of a map, not counting "none". */
#define MAP_CLASSES 5

/* The upper bound of each class for figures from 1 to max: bounds[i] is
 * the highest value of class i+1; returns the number of classes used
 * (1..MAP_CLASSES; 0 when max < 1). */
int map_classes(long long max, long long bounds[MAP_CLASSES]);

/* One area of a map. */
typedef struct MapArea {
	const char *pcode; /* the place; areas without an outline of their own are skipped */
	const char *title; /* its <title>: the name and the figure, in the reader's language */
	const char *href;  /* where the area links ("/places/AF01") */
	long long value;   /* the figure: sets the class and is written on the area when > 0 */
	bool highlight;    /* drawn with a thick border */
} MapArea;

typedef struct MapSpec {
	const char *id;    /* unique in the page, [a-z0-9-] only: prefix of the SVG ids */
	const char *label; /* the map's accessible name */
	long long max;     /* the highest figure, for the classes (usually the largest value) */
} MapSpec;

/* Writes <svg> with every area that has an outline, its viewBox fitted to
 * them. Returns how many areas were drawn. */
size_t svg_map(Buf *out, const MapSpec *spec, const MapArea *areas, size_t count);

/* Texts of the legend, in the reader's language. */
typedef struct MapLegendText {
	const char *title;     /* "Organizations" */
	const char *none;      /* "none recorded" */
	const char *highlight; /* "this district", or NULL for no highlight entry */
} MapLegendText;

/* Writes the legend of a map drawn with spec as its own small <svg>. */
void svg_map_legend(Buf *out, const MapSpec *spec, const MapLegendText *text);

#endif
