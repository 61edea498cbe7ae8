/*
 * svc_coverage.h — who works where: the figures behind the maps, the
 * charts and the gaps-and-overlaps page.
 *
 * Every figure counts only what the unit's actor sees without stating a
 * reason (see svc.h): a restricted project, or an organization the actor
 * may not see, is never counted for a reader who may not see it.
 */
#ifndef HAMAHANG_SVC_COVERAGE_H
#define HAMAHANG_SVC_COVERAGE_H

#include "svc/svc.h"

/* Organizations and projects per area of a place, overall and per sector. */
typedef struct Coverage {
	const Place *within;          /* the country or a province */
	const char *sector;           /* the sector kept, or NULL for all */
	CoverageCount *areas;         /* one row per area with any project, sorted by P-code */
	size_t area_count;            /* entries in areas[] */
	CoverageCount *cells;         /* one row per area and sector, sorted by P-code and sector */
	size_t cell_count;            /* entries in cells[] */
	YearCount *years;             /* projects there by the year they started */
	size_t year_count;            /* entries in years[] */
} Coverage;

/* Fills *out for within ("AF" or NULL for the country, else a province's
 * P-code) and sector (a sector code, or NULL or "" for all). Bad input is
 * SVC_INVALID with every problem in errs (the fields "province" and
 * "sector"). Everything returned lives in ctx->arena. */
SvcStatus svc_coverage(Ctx *ctx, const char *within, const char *sector, Coverage *out,
		       Errors *errs);

#endif
