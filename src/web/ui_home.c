/*
 * ui_home.c — GET /: what the registry holds (the totals the reader may
 * see), the ways in (lists, places, search) and the recent changes.
 *
 * Counts and changes come from the service, which leaves out what the
 * reader may not see; this page only lays them out.
 */
#include <string.h>

#include "web/api.h"
#include "web/pages.h"
#include "web/ui_maps.h"
#include "web/ui_date.h"

#define RECENT_CHANGES 12

/* The record a change is about: linked by name when it still exists and
 * the reader may see it, else its kind and number. */
static void change_record(Req *req, Resp *resp, Ctx *ctx, const AuditEntry *e)
{
	if (strcmp(e->entity, "org") == 0) {
		Org o;
		if (svc_org_get(ctx, e->entity_id, &o) == SVC_OK) {
			ui_printf(resp, "%h: ", T(req, "Organization"));
			ui_org_link(req, resp, o.id, ui_org_name(req, &o));
			return;
		}
	} else if (strcmp(e->entity, "project") == 0) {
		Project p;
		if (svc_project_get(ctx, e->entity_id, &p) == SVC_OK) {
			ui_printf(resp, "%h: <a href=\"/projects/%lld\">", T(req, "Project"), (long long)p.id);
			ui_name(req, resp, p.title_en, p.title_prs, p.title_pus);
			UI_LIT(resp, "</a>");
			return;
		}
	}
	ui_printf(resp, "%h %lld", T(req, ui_entity_label(e->entity)), (long long)e->entity_id);
}

/* One figure of the registry, as a card with a link. */
static void total_card(Req *req, Resp *resp, long long value, const char *label, const char *href)
{
	ui_printf(resp, "<div class=\"card\">\n<p class=\"total\"><strong>%h</strong></p>\n<p><a href=\"%h\">%h</a></p>\n</div>\n",
		  ui_count(req->arena, value), href, T(req, label));
}

void ui_home(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Totals totals;
	AuditEntry *changes = NULL;
	size_t change_count = 0;
	Coverage cov;
	Errors *errs = arena_alloc(req->arena, sizeof *errs);
	errors_clear(errs);
	SvcStatus st = svc_totals(&ctx, &totals);
	if (st == SVC_OK)
		st = svc_recent_changes(&ctx, RECENT_CHANGES, &changes, &change_count);
	if (st == SVC_OK)
		st = svc_coverage(&ctx, "AF", NULL, &cov, errs);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}

	ui_page_begin(req, resp, T(req, "Organizations and projects"));
	ui_printf(resp, "<h1>%h</h1>\n<p>%h</p>\n", T(req, "Hamahang"),
		  T(req, "A shared registry of civil-society organizations in Afghanistan and their projects: who does what, where, when, and for whom."));

	ui_printf(resp, "<form method=\"get\" action=\"/search\" role=\"search\">\n"
			"<div class=\"field\">\n<label for=\"home-q\">%h</label>\n"
			"<input type=\"search\" id=\"home-q\" name=\"q\">\n</div>\n"
			"<button type=\"submit\">%h</button>\n</form>\n",
		  T(req, "Search organizations and projects"), T(req, "Search"));

	ui_printf(resp, "<section aria-labelledby=\"totals\">\n<h2 id=\"totals\">%h</h2>\n<div class=\"cards\">\n",
		  T(req, "In the registry"));
	total_card(req, resp, totals.orgs, "Organizations", "/orgs");
	total_card(req, resp, totals.projects, "Projects", "/projects");
	total_card(req, resp, totals.places_with_projects, "Places with projects", "/places");
	total_card(req, resp, totals.results, "Reported results", "/projects");
	UI_LIT(resp, "</div>\n");
	ui_printf(resp, "<p class=\"actions\"><a class=\"button secondary\" href=\"/orgs/new\">%h</a> "
			"<a class=\"button secondary\" href=\"/projects/new\">%h</a></p>\n</section>\n",
		  T(req, "New organization"), T(req, "New project"));

	ui_coverage_map(req, resp, ctx.ref, &cov, NULL, "country-map");
	ui_printf(resp, "<p><a href=\"/coverage\">%h</a></p>\n", T(req, "Gaps and overlaps: districts and sectors"));

	ui_printf(resp, "<section aria-labelledby=\"changes\">\n<h2 id=\"changes\">%h</h2>\n", T(req, "Recent changes"));
	if (change_count == 0) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "No changes yet."));
	} else {
		ui_printf(resp, "<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">%h</th>"
				"<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			  T(req, "When (UTC)"), T(req, "What"), T(req, "Record"));
		for (size_t i = 0; i < change_count; i++) {
			const AuditEntry *e = &changes[i];
			UI_LIT(resp, "<tr><td>");
			ui_date(req, resp, e->at);
			ui_printf(resp, "</td><td>%h</td><td>", T(req, ui_action_label(e->action)));
			change_record(req, resp, &ctx, e);
			UI_LIT(resp, "</td></tr>\n");
		}
		UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
	}
	UI_LIT(resp, "</section>\n");
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}
