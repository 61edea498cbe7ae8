/*
 * ui_highlights.c — GET /orgs/{id}/highlights: an organization's
 * highlights of achievement written from its records — projects by sector
 * and province, funding by currency and donor, people reached by sex —
 * each figure linked to the records behind it, with the sources of the
 * results it adds up, and figures that disagree shown side by side
 * instead of added.
 *
 * The figures come from svc_org_highlights (core/highlights.c works them
 * out) over the projects the reader sees.
 */
#include <string.h>

#include "svc/svc_coord.h"
#include "web/api.h"
#include "web/coord_web.h"
#include "web/pages.h"

static const char *project_title(Req *req, const Project *p)
{
	return ui_pick(req, p->title_en, p->title_prs, p->title_pus, NULL);
}

/* One result as a list item: the figure, its project and its source. */
static void result_item(Req *req, Resp *resp, const Project *projects, const HighlightResult *hr)
{
	const Project *p = &projects[hr->project];
	const Result *r = &p->results[hr->result];
	ui_printf(resp, "<li>%h <bdi>%h</bdi>", ui_decimal(req->arena, r->value), r->indicator ? r->indicator : "");
	if (r->female != NUM_UNKNOWN || r->male != NUM_UNKNOWN)
		ui_printf(resp, " (%h %h, %h %h)", ui_count(req->arena, r->female), T(req, "women"),
			  ui_count(req->arena, r->male), T(req, "men"));
	ui_printf(resp, " — <a href=\"/projects/%lld\"><bdi>%h</bdi></a>", (long long)p->id, project_title(req, p));
	if (r->source)
		ui_printf(resp, " <span class=\"muted\">%h: <bdi>%h</bdi></span>", T(req, "Source"), r->source);
	UI_LIT(resp, "</li>\n");
}

void ui_org_highlights(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Org o;
	Project *projects;
	size_t n;
	Highlights h;
	SvcStatus st = svc_org_get(&ctx, id, &o);
	if (st == SVC_OK)
		st = svc_org_highlights(&ctx, id, &projects, &n, &h);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}
	const char *name = ui_org_name(req, &o);
	ui_page_begin(req, resp, arena_printf(req->arena, "%s — %s", name, T(req, "Highlights")));
	UI_LIT(resp, "<h1>");
	ui_name(req, resp, o.name_en, o.name_prs, o.name_pus);
	ui_printf(resp, " <span class=\"muted\">%h</span></h1>\n", T(req, "Highlights of achievement"));
	ui_printf(resp, "<p>%h <a href=\"/projects?org=%lld\">%h</a>. %h</p>\n", T(req, "Written from"), (long long)id,
		  arena_printf(req->arena, "%lld %s", h.projects, T(req, "projects")),
		  T(req, "Each project and each result is counted once; figures that disagree are shown, not added."));

	ui_printf(resp, "<section aria-labelledby=\"by-sector\">\n<h2 id=\"by-sector\">%h</h2>\n<ul>\n",
		  T(req, "Projects by sector"));
	for (size_t i = 0; i < h.sector_count; i++)
		ui_printf(resp, "<li><a href=\"/projects?org=%lld&amp;sector=%U\">%h</a>: %lld</li>\n", (long long)id,
			  h.by_sector[i].code, ui_code(req, &ctx.ref->sectors, h.by_sector[i].code), h.by_sector[i].projects);
	UI_LIT(resp, "</ul>\n</section>\n");

	ui_printf(resp, "<section aria-labelledby=\"by-place\">\n<h2 id=\"by-place\">%h</h2>\n<ul>\n",
		  T(req, "Projects by province"));
	for (size_t i = 0; i < h.province_count; i++) {
		const Place *p = gaz_get(ctx.ref->gaz, h.by_province[i].code);
		ui_printf(resp, "<li><a href=\"/projects?org=%lld&amp;province=%U\"><bdi>%h</bdi></a>: %lld</li>\n",
			  (long long)id, h.by_province[i].code, p ? ui_place_name(req, p) : h.by_province[i].code,
			  h.by_province[i].projects);
	}
	UI_LIT(resp, "</ul>\n</section>\n");

	ui_printf(resp, "<section aria-labelledby=\"funding\">\n<h2 id=\"funding\">%h</h2>\n", T(req, "Funding"));
	if (!h.funding_count)
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "No budgets are recorded."));
	else
		UI_LIT(resp, "<ul id=\"funding-list\">\n");
	for (size_t i = 0; i < h.funding_count; i++) {
		const HighlightFunding *f = &h.funding[i];
		if (!f->donor_id) {
			ui_printf(resp, "<li><strong>%h %h</strong> %h %lld %h</li>\n", ui_decimal(req->arena, f->amount),
				  f->currency, T(req, "in all, over"), f->projects, T(req, "projects"));
			continue;
		}
		UI_LIT(resp, "<li>");
		ui_org_link(req, resp, f->donor_id, f->donor_name);
		ui_printf(resp, ": <a href=\"/projects?org=%lld&amp;donor=%lld\">%h %h</a>", (long long)id,
			  (long long)f->donor_id, ui_decimal(req->arena, f->amount), f->currency);
		if (f->shared)
			ui_printf(resp, " <span class=\"muted\">(%lld %h)</span>", f->shared,
				  T(req, "with other donors; the whole budget is shown"));
		UI_LIT(resp, "</li>\n");
	}
	if (h.funding_count)
		UI_LIT(resp, "</ul>\n");
	UI_LIT(resp, "</section>\n");

	ui_printf(resp, "<section aria-labelledby=\"people\">\n<h2 id=\"people\">%h</h2>\n", T(req, "People reached"));
	ui_printf(resp, "<p id=\"people-total\"><strong>%h</strong> %h", ui_count(req->arena, h.people_total), T(req, "people"));
	if (h.people_female != NUM_UNKNOWN || h.people_male != NUM_UNKNOWN)
		ui_printf(resp, " — %h %h, %h %h %h", ui_count(req->arena, h.people_female), T(req, "women"),
			  ui_count(req->arena, h.people_male), T(req, "men"), T(req, "where the sex is given"));
	UI_LIT(resp, "</p>\n");
	if (h.counted_count) {
		ui_printf(resp, "<details><summary>%h (%zu)</summary>\n<ul>\n", T(req, "The results added up"), h.counted_count);
		for (size_t i = 0; i < h.counted_count; i++)
			result_item(req, resp, projects, &h.counted[i]);
		UI_LIT(resp, "</ul>\n</details>\n");
	}
	if (h.conflict_count) {
		ui_printf(resp, "<h3 id=\"conflicts\">%h</h3>\n<p>%h</p>\n<ul class=\"conflict\">\n", T(req, "Figures that disagree"),
			  T(req, "These results of one project give different figures for the same thing; neither is added."));
		for (size_t i = 0; i < h.conflict_count; i++)
			result_item(req, resp, projects, &h.conflicts[i]);
		UI_LIT(resp, "</ul>\n");
	}
	UI_LIT(resp, "</section>\n");
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}
