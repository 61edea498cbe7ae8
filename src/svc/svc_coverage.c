/*
 * svc_coverage.c — the figures of who works where (see svc_coverage.h).
 * Reads only: it checks the input, takes what the actor sees from the
 * policy in svc.c (svc_figure_sight) and asks the store. It writes nothing
 * and knows no page.
 */
#include <string.h>

#include "svc/svc_coverage.h"
#include "svc/svc_int.h"

SvcStatus svc_coverage(Ctx *ctx, const char *within, const char *sector, Coverage *out,
		       Errors *errs)
{
	memset(out, 0, sizeof *out);
	if (!within || !*within)
		within = "AF";
	if (sector && !*sector)
		sector = NULL;
	const Place *place = gaz_get(ctx->ref->gaz, within);
	if (!place || place->level == PLACE_DISTRICT)
		errors_add(errs, "province", "is not a province", within);
	if (sector && !codelist_find(&ctx->ref->sectors, sector))
		errors_add(errs, "sector", "is not a known sector", sector);
	if (errs->count)
		return SVC_INVALID;
	out->within = place;
	out->sector = sector;

	Visibility max_vis;
	OrgScope scope;
	svc_figure_sight(ctx, &max_vis, &scope);
	int rc = store_coverage(ctx->store, ctx->arena, place->pcode, sector, false, max_vis, &scope,
				&out->areas, &out->area_count);
	if (rc == STORE_OK)
		rc = store_coverage(ctx->store, ctx->arena, place->pcode, sector, true, max_vis,
				    &scope, &out->cells, &out->cell_count);
	if (rc == STORE_OK)
		rc = store_projects_by_year(ctx->store, ctx->arena, place->pcode, max_vis, &scope,
					    &out->years, &out->year_count);
	return rc == STORE_OK ? SVC_OK : SVC_ERROR;
}
