/*
 * svg_chart.c — horizontal bar charts as inline SVG (see svg_chart.h).
 *
 * Writes markup only through chart_printf, which escapes (%h) and aborts
 * on a raw %s. No state, no I/O.
 */
#include <stdarg.h>

#include "web/svg_chart.h"

#define CHART_WIDTH 600 /* units of the viewBox */
#define ROW_HEIGHT 40   /* a label line and a bar */
#define BAR_HEIGHT 16
#define VALUE_ROOM 90   /* kept free right of the longest bar for its figure */

static void chart_printf(Buf *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vformat(out, false, fmt, ap);
	va_end(ap);
}

static void patterns(Buf *out, const char *id)
{
	chart_printf(out,
		     "<defs><pattern id=\"%h-male\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\""
		     " patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#2166ac\"/>"
		     "<path d=\"M0 0V8\" stroke=\"#ffffff\" stroke-width=\"3\"/></pattern>"
		     "<pattern id=\"%h-other\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
		     "<rect width=\"6\" height=\"6\" fill=\"#737373\"/><circle cx=\"3\" cy=\"3\" r=\"1.3\""
		     " fill=\"#ffffff\"/></pattern></defs>",
		     id, id);
}

static void bar_fill(Buf *out, const char *id, BarStyle style)
{
	switch (style) {
	case BAR_FEMALE:
		chart_printf(out, " fill=\"#b35806\"");
		break;
	case BAR_MALE:
		chart_printf(out, " fill=\"url(#%h-male)\"", id);
		break;
	case BAR_OTHER:
		chart_printf(out, " fill=\"url(#%h-other)\"", id);
		break;
	default:
		chart_printf(out, " fill=\"#08519c\"");
	}
}

void svg_bar_chart(Buf *out, const ChartSpec *spec, const ChartBar *bars, size_t count)
{
	if (!count)
		return;
	long long max = 1;
	for (size_t i = 0; i < count; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	int height = (int)count * ROW_HEIGHT + 4;
	chart_printf(out,
		     "<svg class=\"chart\" id=\"%h\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%h\""
		     " direction=\"ltr\" xmlns=\"http://www.w3.org/2000/svg\">",
		     spec->id, CHART_WIDTH, height, spec->label);
	patterns(out, spec->id);
	for (size_t i = 0; i < count; i++) {
		const ChartBar *b = &bars[i];
		int y = (int)i * ROW_HEIGHT;
		long long value = b->value > 0 ? b->value : 0;
		int length = (int)((double)value / (double)max * (CHART_WIDTH - VALUE_ROOM));
		if (value > 0 && length < 2)
			length = 2;
		chart_printf(out, "<g class=\"bar\"><text x=\"0\" y=\"%d\" font-size=\"14\">%h</text>", y + 14,
			     b->label);
		chart_printf(out, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" stroke=\"#252525\""
				  " stroke-width=\"0.5\"",
			     y + 20, length, BAR_HEIGHT);
		bar_fill(out, spec->id, b->style);
		chart_printf(out, "/><text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%h</text></g>",
			     length + 6, y + 33, b->value_text);
	}
	chart_printf(out, "</svg>");
}
