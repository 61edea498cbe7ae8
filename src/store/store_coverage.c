/*
 * store_coverage.c — who works where, counted in SQL: organizations and
 * projects per province or district (and sector), and projects by the
 * year they started (see store.h). Counts only what the reader sees: the
 * caller passes max_vis and the OrgScope; this file decides nothing.
 */
#include <string.h>

#include "store/store_int.h"

/* The area a project place falls in: its province for the country, the
 * place itself (a district, or the province as a whole) for a province. */
#define COVERAGE_AREA                                                                           \
	" CASE WHEN :within = 'AF' THEN (CASE pl.level WHEN 1 THEN pl.pcode"                    \
	"  ELSE pl.parent_pcode END) ELSE pl.pcode END"

/* Places of the country or inside one province, and the visible records. */
#define COVERAGE_FROM                                                                           \
	" FROM project p"                                                                       \
	" JOIN project_place pp ON pp.project_id = p.id"                                        \
	" JOIN place pl ON pl.pcode = pp.pcode"                                                 \
	" LEFT JOIN project_sector ps ON ps.project_id = p.id"                                  \
	" LEFT JOIN project_org po ON po.project_id = p.id AND po.role = 'implementing'"        \
	" LEFT JOIN org o ON o.id = po.org_id AND " SEES_ORG(o)                                  \
	" WHERE pl.level >= 1"                                                                  \
	" AND (:within = 'AF' OR pl.pcode = :within OR pl.parent_pcode = :within)"              \
	" AND (:sector IS NULL OR ps.sector_code = :sector)"                                    \
	" AND " SEES_PROJECT(p)

static const char SQL_BY_SECTOR[] =
	"SELECT" COVERAGE_AREA " AS area, ps.sector_code, count(DISTINCT o.id), count(DISTINCT p.id)"
	COVERAGE_FROM " AND ps.sector_code IS NOT NULL"
	" GROUP BY area, ps.sector_code ORDER BY area, ps.sector_code";

static const char SQL_BY_AREA[] =
	"SELECT" COVERAGE_AREA " AS area, NULL, count(DISTINCT o.id), count(DISTINCT p.id)"
	COVERAGE_FROM " GROUP BY area ORDER BY area";

int store_coverage(Store *s, Arena *a, const char *within, const char *sector, bool by_sector,
		   Visibility max_vis, const OrgScope *scope, CoverageCount **out, size_t *count)
{
	enum { C_AREA, C_SECTOR, C_ORGS, C_PROJECTS };
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = st_prep(s, by_sector ? SQL_BY_SECTOR : SQL_BY_AREA);
	if (!st)
		return STORE_ERROR;
	st_text(st, ":within", within);
	st_text(st, ":sector", sector);
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	size_t alloc = 0;
	CoverageCount *rows = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows = arena_grow(a, rows, &alloc, *count, sizeof *rows);
		CoverageCount *r = &rows[(*count)++];
		r->area = col_text(a, st, C_AREA);
		r->sector = col_text(a, st, C_SECTOR);
		r->orgs = sqlite3_column_int64(st, C_ORGS);
		r->projects = sqlite3_column_int64(st, C_PROJECTS);
	}
	sqlite3_reset(st);
	*out = rows;
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

int store_projects_by_year(Store *s, Arena *a, const char *within, Visibility max_vis,
			   const OrgScope *scope, YearCount **out, size_t *count)
{
	enum { C_YEAR, C_PROJECTS };
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = st_prep(
		s, "SELECT CAST(substr(p.start_date, 1, 4) AS INTEGER) AS year, count(DISTINCT p.id)"
		   " FROM project p"
		   " WHERE p.start_date GLOB '[0-9][0-9][0-9][0-9]*'"
		   " AND (:within = 'AF' OR EXISTS (SELECT 1 FROM project_place pp"
		   "  JOIN place pl ON pl.pcode = pp.pcode WHERE pp.project_id = p.id"
		   "  AND (pl.pcode = :within OR pl.parent_pcode = :within)))"
		   " AND " SEES_PROJECT(p) " GROUP BY year ORDER BY year");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":within", within);
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	size_t alloc = 0;
	YearCount *rows = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows = arena_grow(a, rows, &alloc, *count, sizeof *rows);
		rows[*count].year = sqlite3_column_int(st, C_YEAR);
		rows[*count].projects = sqlite3_column_int64(st, C_PROJECTS);
		(*count)++;
	}
	sqlite3_reset(st);
	*out = rows;
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}
