/*
 * svg_map.c — choropleth maps as inline SVG (see svg_map.h).
 *
 * Writes markup only through svg_printf, which escapes: %h for every text
 * and attribute value, numbers with %d/%lld; a raw %s aborts. Holds one
 * static table, the outlines, read once from the compiled-in CSV; it does
 * no other I/O and keeps no other state.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "fmt/csv.h"
#include "store/embedded.h"
#include "web/svg_map.h"

#define OUTLINES_FILE "data/outlines.csv"
#define OUTLINES_MAX 512

/* The outlines, loaded once, in P-code order (as the file is). */
static struct {
	pthread_once_t once;          /* guards the load */
	Outline items[OUTLINES_MAX];  /* the outlines */
	size_t count;                 /* entries used in items[] */
} outlines = {.once = PTHREAD_ONCE_INIT};

/* Fill of each class: a light-to-dark blue scale, then the text colour
 * that reads on it. Class 0 is "none" (white, hatched). */
static const char *const CLASS_FILL[MAP_CLASSES + 1] = {"#ffffff", "#deebf7", "#9ecae1",
							 "#6baed6", "#3182bd", "#08519c"};

static void svg_printf(Buf *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vformat(out, false, fmt, ap);
	va_end(ap);
}

static bool parse_int(const char *text, int *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (end == text || *end || v < -1000000 || v > 1000000)
		return false;
	*out = (int)v;
	return true;
}

static void load_outlines(void)
{
	enum { C_PCODE, C_LEVEL, C_SHOWN, C_MINX, C_MINY, C_MAXX, C_MAXY, C_LX, C_LY, C_PATH, C_N };
	const EmbeddedFile *f = embedded_find(OUTLINES_FILE);
	if (!f)
		return;
	CsvReader *r = csv_open(f->data, f->size, ',');
	const char *const *fields;
	int n = csv_next(r, &fields); /* the header */
	while (n > 0 && (n = csv_next(r, &fields)) > 0 && outlines.count < OUTLINES_MAX) {
		Outline *o = &outlines.items[outlines.count];
		bool ok = n == C_N && strlen(fields[C_PCODE]) < PCODE_MAX &&
			  strlen(fields[C_SHOWN]) < PCODE_MAX && parse_int(fields[C_LEVEL], &o->level) &&
			  parse_int(fields[C_MINX], &o->min_x) && parse_int(fields[C_MINY], &o->min_y) &&
			  parse_int(fields[C_MAXX], &o->max_x) && parse_int(fields[C_MAXY], &o->max_y) &&
			  parse_int(fields[C_LX], &o->label_x) && parse_int(fields[C_LY], &o->label_y);
		/* A row that does not parse is the build's fault: the test of the maps
		 * finds the place missing. */
		if (!ok)
			continue;
		strcpy(o->pcode, fields[C_PCODE]);
		strcpy(o->shown_as, fields[C_SHOWN]);
		o->path = xstrdup(fields[C_PATH]);
		outlines.count++;
	}
	csv_close(r);
}

static int outline_cmp(const void *key, const void *item)
{
	return strcmp(key, ((const Outline *)item)->pcode);
}

const Outline *outline_get(const char *pcode)
{
	pthread_once(&outlines.once, load_outlines);
	if (!pcode)
		return NULL;
	return bsearch(pcode, outlines.items, outlines.count, sizeof outlines.items[0], outline_cmp);
}

bool outline_drawn(const Outline *o)
{
	return o && o->path[0] && strcmp(o->pcode, o->shown_as) == 0;
}

int map_classes(long long max, long long bounds[MAP_CLASSES])
{
	if (max < 1)
		return 0;
	if (max <= MAP_CLASSES) {
		for (long long i = 0; i < max; i++)
			bounds[i] = i + 1;
		return (int)max;
	}
	/* Equal steps, rounded up, so that the top class ends at max. */
	long long step = (max + MAP_CLASSES - 1) / MAP_CLASSES;
	int n = 0;
	for (long long top = step; n < MAP_CLASSES; top += step) {
		bounds[n++] = top < max ? top : max;
		if (top >= max)
			break;
	}
	return n;
}

static int class_of(long long value, const long long *bounds, int classes)
{
	if (value < 1 || classes < 1)
		return 0;
	for (int i = 0; i < classes; i++)
		if (value <= bounds[i])
			return i + 1;
	return classes;
}

/* The hatch pattern that marks "none", sized for a drawing width units wide. */
static void hatch_def(Buf *out, const char *id, const char *which, int width)
{
	int size = width / 120 > 2 ? width / 120 : 2;
	svg_printf(out,
		   "<defs><pattern id=\"%h-%h\" width=\"%d\" height=\"%d\" patternUnits=\"userSpaceOnUse\""
		   " patternTransform=\"rotate(45)\"><rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>"
		   "<path d=\"M0 0V%d\" stroke=\"#a0a0a0\" stroke-width=\"%d\"/></pattern></defs>",
		   id, which, size, size, size, size, size, size / 4 > 0 ? size / 4 : 1);
}

static void class_fill(Buf *out, const char *id, const char *which, int cls)
{
	if (cls == 0)
		svg_printf(out, " fill=\"url(#%h-%h)\"", id, which);
	else
		svg_printf(out, " fill=\"%h\"", CLASS_FILL[cls]);
}

size_t svg_map(Buf *out, const MapSpec *spec, const MapArea *areas, size_t count)
{
	int min_x = 0, min_y = 0, max_x = 0, max_y = 0;
	size_t drawn = 0;
	for (size_t i = 0; i < count; i++) {
		const Outline *o = outline_get(areas[i].pcode);
		if (!outline_drawn(o))
			continue;
		if (!drawn++) {
			min_x = o->min_x, min_y = o->min_y, max_x = o->max_x, max_y = o->max_y;
			continue;
		}
		min_x = o->min_x < min_x ? o->min_x : min_x;
		min_y = o->min_y < min_y ? o->min_y : min_y;
		max_x = o->max_x > max_x ? o->max_x : max_x;
		max_y = o->max_y > max_y ? o->max_y : max_y;
	}
	if (!drawn)
		return 0;
	int width = max_x - min_x, height = max_y - min_y;
	int margin = (width > height ? width : height) / 50 + 1;
	int font = (width > height ? width : height) / 40 + 1;
	long long bounds[MAP_CLASSES];
	int classes = map_classes(spec->max, bounds);

	svg_printf(out,
		   "<svg class=\"map\" id=\"%h\" viewBox=\"%d %d %d %d\" role=\"group\" aria-label=\"%h\""
		   " direction=\"ltr\" xmlns=\"http://www.w3.org/2000/svg\">",
		   spec->id, min_x - margin, min_y - margin, width + 2 * margin, height + 2 * margin,
		   spec->label);
	hatch_def(out, spec->id, "none", width);
	/* Strokes keep their width at any scale: vector-effect is set on every
	 * path by the stylesheet (svg.map path), which saves it per area. */
	svg_printf(out, "<g stroke=\"#4d4d4d\" stroke-width=\"1\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">");
	/* Highlighted areas last, so their border is not covered by a neighbour. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < count; i++) {
			const MapArea *a = &areas[i];
			const Outline *o = outline_get(a->pcode);
			if (!outline_drawn(o) || a->highlight != (pass == 1))
				continue;
			svg_printf(out, "<a href=\"%h\"><title>%h</title><path d=\"%h\"", a->href, a->title, o->path);
			class_fill(out, spec->id, "none", class_of(a->value, bounds, classes));
			if (a->highlight)
				svg_printf(out, " class=\"highlight\" stroke=\"#000000\" stroke-width=\"4\"");
			svg_printf(out, "/>");
			if (a->value > 0) {
				int cls = class_of(a->value, bounds, classes);
				bool dark = cls >= 4;
				svg_printf(out,
					   "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"middle\""
					   " dominant-baseline=\"middle\" stroke=\"none\" fill=\"%h\""
					   " font-weight=\"bold\">%lld</text>",
					   o->label_x, o->label_y, font, dark ? "#ffffff" : "#000000", a->value);
			}
			svg_printf(out, "</a>");
		}
	}
	svg_printf(out, "</g></svg>");
	return drawn;
}

void svg_map_legend(Buf *out, const MapSpec *spec, const MapLegendText *text)
{
	long long bounds[MAP_CLASSES];
	int classes = map_classes(spec->max, bounds);
	int rows = 1 + classes + (text->highlight ? 1 : 0);
	int row_h = 22;
	svg_printf(out,
		   "<svg class=\"map-legend\" viewBox=\"0 0 220 %d\" width=\"220\" height=\"%d\""
		   " role=\"img\" aria-label=\"%h\" direction=\"ltr\" xmlns=\"http://www.w3.org/2000/svg\">",
		   rows * row_h + 24, rows * row_h + 24, text->title);
	hatch_def(out, spec->id, "legend-none", 240);
	svg_printf(out, "<text x=\"0\" y=\"14\" font-size=\"13\" font-weight=\"bold\">%h</text>", text->title);
	int y = 24;
	svg_printf(out, "<rect x=\"0\" y=\"%d\" width=\"28\" height=\"16\" stroke=\"#4d4d4d\"", y);
	class_fill(out, spec->id, "legend-none", 0);
	svg_printf(out, "/><text x=\"36\" y=\"%d\" font-size=\"13\">%h</text>", y + 13, text->none);
	long long low = 1;
	for (int c = 1; c <= classes; c++) {
		y += row_h;
		svg_printf(out, "<rect x=\"0\" y=\"%d\" width=\"28\" height=\"16\" stroke=\"#4d4d4d\"", y);
		class_fill(out, spec->id, "legend-none", c);
		if (low == bounds[c - 1])
			svg_printf(out, "/><text x=\"36\" y=\"%d\" font-size=\"13\">%lld</text>", y + 13, low);
		else
			svg_printf(out, "/><text x=\"36\" y=\"%d\" font-size=\"13\">%lld–%lld</text>", y + 13,
				   low, bounds[c - 1]);
		low = bounds[c - 1] + 1;
	}
	if (text->highlight) {
		y += row_h;
		svg_printf(out,
			   "<rect x=\"2\" y=\"%d\" width=\"24\" height=\"14\" fill=\"#ffffff\" stroke=\"#000000\""
			   " stroke-width=\"4\"/><text x=\"36\" y=\"%d\" font-size=\"13\">%h</text>",
			   y + 1, y + 13, text->highlight);
	}
	svg_printf(out, "</svg>");
}
