/*
 * export_xlsx.c — an export as an Excel workbook (libxlsxwriter), laid
 * out for a coordination officer: one sheet per kind of record —
 * Organizations, Projects, Project places, Results — each with a bold,
 * frozen header row, an autofilter, widths that fit, codes and names side
 * by side (a P-code beside the place's English and Dari names, a sector
 * code beside its name) and figures as numbers, not text; and an About
 * sheet saying what was selected.
 *
 * Cell texts come from export_cells.c, as in the CSV files. libxlsxwriter
 * writes to a file path; the caller chooses it.
 */
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "fmt/export_cells.h"

/* A column of a sheet: its header and its width in characters. */
typedef struct SheetColumn {
	const char *title;
	double width;
} SheetColumn;

typedef struct Book {
	lxw_workbook *wb;
	lxw_format *bold;       /* header row */
	lxw_format *wrap;       /* long texts */
	Arena *a;
	const RefData *ref;
	const ExportSet *set;
} Book;

/* A sheet with its header row written, frozen and ready for rows from 1. */
static lxw_worksheet *sheet_begin(Book *b, const char *name, const SheetColumn *cols, size_t n)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
	for (size_t i = 0; i < n; i++) {
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, cols[i].width, NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i].title, b->bold);
	}
	worksheet_freeze_panes(ws, 1, 0);
	return ws;
}

static void sheet_end(lxw_worksheet *ws, size_t rows, size_t cols)
{
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(cols - 1));
}

static void text(lxw_worksheet *ws, size_t row, size_t col, const char *s)
{
	if (s && *s)
		worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, NULL);
}

static void number(lxw_worksheet *ws, size_t row, size_t col, long long v)
{
	if (v != NUM_UNKNOWN)
		worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, (double)v, NULL);
}

static const char *code_en(const CodeList *l, const char *code)
{
	const Code *c = code ? codelist_find(l, code) : NULL;
	return c ? c->name_en : code;
}

/* Several codes or names in one cell, joined as in the CSV files. */
static const char *joined(Arena *a, const CodeList *names, const char **codes, size_t n)
{
	Buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? HXL_LIST_SEPARATOR : "", names ? code_en(names, codes[i]) : codes[i]);
	const char *s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

static void orgs_sheet(Book *b)
{
	static const SheetColumn cols[] = {
		{"ID", 7},           {"Name (English)", 40}, {"Name (Dari)", 36},     {"Name (Pashto)", 30},
		{"Acronym", 12},     {"Other names", 30},    {"Kind code", 18},       {"Kind", 26},
		{"Status", 10},      {"Head office P-code", 12}, {"Head office province", 18},
		{"Office P-codes", 24}, {"Sector codes", 24}, {"Sectors", 40},
		{"Registration number", 14}, {"Registered by", 30}, {"Registered on", 11},
		{"TIN", 14},         {"Website", 30},        {"Description", 50},
		{"Staff", 8},        {"Female staff", 8},    {"Women-led", 8},
		{"Parent ID", 7},    {"Part of", 30},        {"Visibility", 11},
		{"Source", 30},
	};
	static const HxlField fields[] = {
		HXL_ORG_ID, HXL_ORG_NAME_EN, HXL_ORG_NAME_PRS, HXL_ORG_NAME_PUS, HXL_ORG_ACRONYM,
		HXL_ORG_ALIASES, HXL_ORG_TYPE_CODE, HXL_ORG_TYPE, HXL_ORG_STATUS, HXL_ORG_HQ_ADM1_CODE,
		HXL_ORG_HQ_ADM1_NAME, HXL_ORG_OFFICE_CODES, HXL_ORG_SECTOR_CODES, HXL_ORG_SECTOR_NAMES,
		HXL_ORG_REG_NUMBER, HXL_ORG_REG_AUTHORITY, HXL_ORG_REG_DATE, HXL_ORG_TIN, HXL_ORG_WEBSITE,
		HXL_ORG_DESCRIPTION, HXL_ORG_STAFF_TOTAL, HXL_ORG_STAFF_FEMALE, HXL_ORG_WOMEN_LED,
		HXL_ORG_PARENT_ID, HXL_ORG_PARENT_NAME, HXL_ORG_VISIBILITY, HXL_ORG_SOURCE,
	};
	_Static_assert(sizeof cols / sizeof *cols == sizeof fields / sizeof *fields,
		       "a title for every column");
	size_t n = sizeof cols / sizeof *cols;
	lxw_worksheet *ws = sheet_begin(b, "Organizations", cols, n);
	for (size_t r = 0; r < b->set->org_count; r++) {
		const Org *o = &b->set->orgs[r];
		number(ws, r + 1, 0, o->id);
		for (size_t c = 1; c < n; c++) {
			/* figures as numbers */
			if (fields[c] == HXL_ORG_STAFF_TOTAL)
				number(ws, r + 1, c, o->staff_total);
			else if (fields[c] == HXL_ORG_STAFF_FEMALE)
				number(ws, r + 1, c, o->staff_female);
			else if (fields[c] == HXL_ORG_PARENT_ID)
				number(ws, r + 1, c, o->parent_id && export_org(b->set, o->parent_id)
							     ? o->parent_id
							     : NUM_UNKNOWN);
			else
				text(ws, r + 1, c, export_org_cell(b->a, b->ref, b->set, o, fields[c]));
		}
	}
	sheet_end(ws, b->set->org_count, n);
}

static void projects_sheet(Book *b)
{
	static const SheetColumn cols[] = {
		{"ID", 7},              {"Title (English)", 44}, {"Title (Dari)", 40},   {"Title (Pashto)", 30},
		{"Status", 11},         {"Start", 11},           {"End", 11},            {"Implementing IDs", 10},
		{"Implemented by", 36}, {"Donor IDs", 10},       {"Funded by", 30},      {"Sector codes", 22},
		{"Sectors", 40},        {"Budget", 14},          {"Currency", 9},        {"People reached", 10},
		{"Female", 9},          {"Male", 9},             {"Visibility", 11},     {"Source", 30},
	};
	size_t n = sizeof cols / sizeof *cols;
	lxw_worksheet *ws = sheet_begin(b, "Projects", cols, n);
	for (size_t r = 0; r < b->set->project_count; r++) {
		const Project *p = &b->set->projects[r];
		size_t row = r + 1;
		number(ws, row, 0, p->id);
		static const HxlField texts[] = {
			HXL_PROJECT_TITLE_EN, HXL_PROJECT_TITLE_PRS, HXL_PROJECT_TITLE_PUS, HXL_PROJECT_STATUS,
			HXL_PROJECT_START, HXL_PROJECT_END, HXL_PROJECT_IMPL_ID, HXL_PROJECT_IMPL_NAME,
			HXL_PROJECT_DONOR_ID, HXL_PROJECT_DONOR_NAME,
		};
		for (size_t c = 0; c < sizeof texts / sizeof *texts; c++)
			text(ws, row, c + 1, export_project_cell(b->a, b->ref, b->set, p, NULL, NULL, NULL, texts[c]));
		text(ws, row, 11, joined(b->a, NULL, p->sectors, p->sector_count));
		text(ws, row, 12, joined(b->a, &b->ref->sectors, p->sectors, p->sector_count));
		if (p->has_budget) {
			worksheet_write_number(ws, (lxw_row_t)row, 13, p->budget, NULL);
			text(ws, row, 14, p->currency);
		}
		const Result *reached = export_reached(p);
		if (reached) {
			worksheet_write_number(ws, (lxw_row_t)row, 15, reached->value, NULL);
			number(ws, row, 16, reached->female);
			number(ws, row, 17, reached->male);
		}
		text(ws, row, 18, visibility_name(p->visibility));
		text(ws, row, 19, p->source);
	}
	sheet_end(ws, b->set->project_count, n);
}

static void places_sheet(Book *b)
{
	static const SheetColumn cols[] = {
		{"Project ID", 10},     {"Project", 44},         {"Province P-code", 10}, {"Province", 16},
		{"Province (Dari)", 16}, {"District P-code", 10}, {"District", 18},       {"District (Dari)", 18},
		{"Villages", 9},        {"Note", 30},
	};
	size_t n = sizeof cols / sizeof *cols, row = 0;
	lxw_worksheet *ws = sheet_begin(b, "Project places", cols, n);
	for (size_t r = 0; r < b->set->project_count; r++) {
		const Project *p = &b->set->projects[r];
		for (size_t i = 0; i < p->place_count; i++) {
			const ProjectPlace *pl = &p->places[i];
			const Place *province, *district;
			export_place_levels(b->ref, pl->pcode, &province, &district);
			row++;
			number(ws, row, 0, p->id);
			text(ws, row, 1, p->title_en ? p->title_en : p->title_prs);
			if (province) {
				text(ws, row, 2, province->pcode);
				text(ws, row, 3, province->name_en);
				text(ws, row, 4, province->name_prs);
			}
			if (district) {
				text(ws, row, 5, district->pcode);
				text(ws, row, 6, district->name_en);
				text(ws, row, 7, district->name_prs);
			}
			number(ws, row, 8, pl->villages);
			text(ws, row, 9, pl->note);
		}
	}
	sheet_end(ws, row, n);
}

static void results_sheet(Book *b)
{
	static const SheetColumn cols[] = {
		{"Project ID", 10}, {"Project", 40},      {"Indicator", 44}, {"Value", 10},
		{"Qualifier", 10},  {"Unit", 12},         {"Female", 9},     {"Male", 9},
		{"Girls", 9},       {"Boys", 9},          {"Period start", 11}, {"Period end", 11},
		{"Source", 36},     {"Note", 30},
	};
	size_t n = sizeof cols / sizeof *cols, row = 0;
	lxw_worksheet *ws = sheet_begin(b, "Results", cols, n);
	for (size_t r = 0; r < b->set->project_count; r++) {
		const Project *p = &b->set->projects[r];
		for (size_t i = 0; i < p->result_count; i++) {
			const Result *res = &p->results[i];
			row++;
			number(ws, row, 0, p->id);
			text(ws, row, 1, p->title_en ? p->title_en : p->title_prs);
			text(ws, row, 2, res->indicator);
			worksheet_write_number(ws, (lxw_row_t)row, 3, res->value, NULL);
			text(ws, row, 4, res->qualifier);
			text(ws, row, 5, res->unit);
			number(ws, row, 6, res->female);
			number(ws, row, 7, res->male);
			number(ws, row, 8, res->girls);
			number(ws, row, 9, res->boys);
			text(ws, row, 10, res->period_start);
			text(ws, row, 11, res->period_end);
			text(ws, row, 12, res->source);
			text(ws, row, 13, res->note);
		}
	}
	sheet_end(ws, row, n);
}

static void about_sheet(Book *b, const ExportMeta *meta)
{
	static const SheetColumn cols[] = {{"What", 22}, {"Value", 50}};
	lxw_worksheet *ws = sheet_begin(b, "About", cols, 2);
	size_t row = 1;
	text(ws, row, 0, "Records");
	text(ws, row++, 1, export_kind_name(meta->kind));
	for (size_t i = 0; i < meta->filter_count; i++, row++) {
		text(ws, row, 0, arena_printf(b->a, "Filter: %s", meta->filter_names[i]));
		text(ws, row, 1, meta->filter_values[i]);
	}
	text(ws, row, 0, "Organizations");
	number(ws, row++, 1, (long long)b->set->org_count);
	text(ws, row, 0, "Projects");
	number(ws, row++, 1, (long long)b->set->project_count);
}

bool export_xlsx(const ExportSet *set, const RefData *ref, const ExportMeta *meta, const char *path,
		 char **err)
{
	lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &options);
	if (!wb) {
		*err = strdup("the workbook could not be started");
		return false;
	}
	Arena *a = arena_new();
	Book b = {.wb = wb, .a = a, .ref = ref, .set = set};
	b.bold = workbook_add_format(wb);
	format_set_bold(b.bold);
	format_set_bg_color(b.bold, 0xDDEBF7);
	format_set_bottom(b.bold, LXW_BORDER_THIN);
	if (meta->kind != EXPORT_PROJECTS)
		orgs_sheet(&b);
	if (meta->kind != EXPORT_ORGS) {
		projects_sheet(&b);
		places_sheet(&b);
		results_sheet(&b);
	}
	about_sheet(&b, meta);
	lxw_error rc = workbook_close(wb);
	arena_free(a);
	if (rc != LXW_NO_ERROR) {
		*err = strdup(lxw_strerror(rc));
		return false;
	}
	return true;
}
