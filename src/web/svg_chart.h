/*
 * svg_chart.h — bar charts as inline SVG: people reached by sex, projects
 * by sector, projects by year.
 *
 * A pure function of its arguments: it writes markup into a Buf, escaping
 * every text, and knows nothing of requests or the registry. Each bar has
 * its label above it and its figure written at its end, and each series
 * has its own pattern as well as its own colour, so the chart reads in
 * black and white too.
 */
#ifndef HAMAHANG_SVG_CHART_H
#define HAMAHANG_SVG_CHART_H

#include <stddef.h>

#include "core/buf.h"

/* How a bar is filled: series differ by pattern, not colour alone. */
typedef enum BarStyle {
	BAR_PLAIN = 0, /* solid dark blue */
	BAR_FEMALE,    /* solid orange */
	BAR_MALE,      /* blue with white stripes */
	BAR_OTHER      /* grey with dots */
} BarStyle;

typedef struct ChartBar {
	const char *label;      /* written above the bar, in the reader's language */
	long long value;        /* the length of the bar (0 or more) */
	const char *value_text; /* written at the end of the bar: the figure as the reader reads it */
	BarStyle style;
} ChartBar;

typedef struct ChartSpec {
	const char *id;    /* unique in the page, [a-z0-9-] only: prefix of the SVG ids */
	const char *label; /* the chart's accessible name */
} ChartSpec;

/* Writes a horizontal bar chart (<svg role="img">); nothing when count is 0. */
void svg_bar_chart(Buf *out, const ChartSpec *spec, const ChartBar *bars, size_t count);

#endif
