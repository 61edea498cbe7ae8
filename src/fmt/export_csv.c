/*
 * export_csv.c — organizations or projects as RFC 4180 CSV, with the HXL
 * hashtag row under the header when asked (see hxl_columns.h for the
 * columns and the layout: one row per place and sector of a project, then
 * one per result).
 *
 * UTF-8 without a BOM, CRLF line ends, every field quoted when it holds a
 * comma, a quote, a line end or leading/trailing blanks. A cell starting
 * with = + - @ (which a spreadsheet would run as a formula) is prefixed
 * with an apostrophe, unless it reads as a number.
 */
#include <stdlib.h>
#include <string.h>

#include "fmt/export_cells.h"

static bool looks_numeric(const char *s)
{
	char *end = NULL;
	strtod(s, &end);
	return end && end != s && *end == '\0';
}

static void put_field(Buf *out, const char *s)
{
	bool formula = (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') && !looks_numeric(s);
	size_t len = strlen(s);
	bool quote = formula || strpbrk(s, ",\"\r\n;") != NULL ||
		     (len && (s[0] == ' ' || s[len - 1] == ' '));
	if (!quote) {
		buf_puts(out, s);
		return;
	}
	buf_putc(out, '"');
	if (formula)
		buf_putc(out, HXL_FORMULA_GUARD);
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			buf_putc(out, '"');
		buf_putc(out, *c);
	}
	buf_putc(out, '"');
}

static void put_head(Buf *out, const HxlColumn *cols, size_t n, bool hxl_row)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		put_field(out, cols[i].header);
	}
	buf_puts(out, "\r\n");
	if (!hxl_row)
		return;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(out, ',');
		put_field(out, cols[i].tag);
	}
	buf_puts(out, "\r\n");
}

static void project_row(Buf *out, Arena *a, const RefData *ref, const ExportSet *set,
			const Project *p, const ProjectPlace *place, const char *sector,
			const Result *result)
{
	for (size_t i = 0; i < HXL_PROJECT_COLUMN_COUNT; i++) {
		if (i)
			buf_putc(out, ',');
		put_field(out, export_project_cell(a, ref, set, p, place, sector, result,
						   HXL_PROJECT_COLUMNS[i].field));
	}
	buf_puts(out, "\r\n");
}

bool export_csv(const ExportSet *set, const RefData *ref, ExportKind kind, bool hxl_row, Buf *out)
{
	/* Cells are made in a scratch arena per record, so a large export
	 * does not keep every cell alive. */
	if (kind == EXPORT_ORGS) {
		put_head(out, HXL_ORG_COLUMNS, HXL_ORG_COLUMN_COUNT, hxl_row);
		for (size_t r = 0; r < set->org_count && !out->overflowed; r++) {
			Arena *a = arena_new();
			for (size_t i = 0; i < HXL_ORG_COLUMN_COUNT; i++) {
				if (i)
					buf_putc(out, ',');
				put_field(out, export_org_cell(a, ref, set, &set->orgs[r], HXL_ORG_COLUMNS[i].field));
			}
			buf_puts(out, "\r\n");
			arena_free(a);
		}
		return !out->overflowed;
	}
	put_head(out, HXL_PROJECT_COLUMNS, HXL_PROJECT_COLUMN_COUNT, hxl_row);
	for (size_t r = 0; r < set->project_count && !out->overflowed; r++) {
		const Project *p = &set->projects[r];
		Arena *a = arena_new();
		size_t places = p->place_count ? p->place_count : 1;
		size_t sectors = p->sector_count ? p->sector_count : 1;
		for (size_t i = 0; i < places; i++)
			for (size_t k = 0; k < sectors; k++)
				project_row(out, a, ref, set, p, p->place_count ? &p->places[i] : NULL,
					    p->sector_count ? p->sectors[k] : NULL, NULL);
		for (size_t i = 0; i < p->result_count; i++)
			project_row(out, a, ref, set, p, NULL, NULL, &p->results[i]);
		arena_free(a);
	}
	return !out->overflowed;
}
