/*
 * export_cells.h — the text of one cell of an exported table, shared by
 * the CSV and XLSX writers so both say the same thing (see
 * hxl_columns.h for the rows and columns). No I/O.
 */
#ifndef HAMAHANG_EXPORT_CELLS_H
#define HAMAHANG_EXPORT_CELLS_H

#include "fmt/export.h"
#include "fmt/hxl_columns.h"

/* The cell of a project row for one of its places (NULL: none) and one of
 * its sectors (NULL: none), or of the row of one of its results (NULL for
 * a place and sector row). Never NULL: "" for an empty cell. The string
 * is borrowed from the records or lives in a. */
const char *export_project_cell(Arena *a, const RefData *ref, const ExportSet *set,
				const Project *p, const ProjectPlace *place, const char *sector,
				const Result *result, HxlField field);
/* The cell of an organization row; never NULL. The registering
 * authority is named when set holds it. */
const char *export_org_cell(Arena *a, const RefData *ref, const ExportSet *set, const Org *o,
			    HxlField field);

/* The result of the project that fills the #reached columns, or NULL. */
const Result *export_reached(const Project *p);

/* The province of a P-code (itself for a province) and its district
 * (NULL for a province); NULL, NULL for an unknown code. */
void export_place_levels(const RefData *ref, const char *pcode, const Place **province,
			 const Place **district);

#endif
