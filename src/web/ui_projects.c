/*
 * ui_projects.c — GET /projects (the list, with filters and paging) and
 * GET /projects/{id} (one project: titles, organizations by role, dates
 * with their precision, budget, sectors, places, target groups, and the
 * results with every figure's source and the figures that disagree).
 *
 * Reads go through svc_*, which leave out what the reader may not see.
 * Conflicting results are never resolved here: both are shown, side by
 * side, with their sources.
 */
#include <string.h>

#include "core/conflict.h"
#include "core/pdate.h"
#include "web/api.h"
#include "web/pages.h"
#include "web/ui_maps.h"
#include "web/ui_date.h"

/* The organizations offered in the filter selects. */
#define ORG_CHOICES 500
/* Conflicting pairs listed on a project page. */
#define CONFLICTS_SHOWN 32

/* ---- the list ---- */

static void filter_form(Req *req, Resp *resp, Ctx *ctx, const Errors *errs)
{
	const RefData *ref = ctx->ref;
	ui_printf(resp, "<form class=\"filter\" method=\"get\" action=\"/projects\" role=\"search\" aria-label=\"%h\">\n",
		  T(req, "Filter projects"));
	UiField q = {.name = "q", .label = N_("Title or words"), .type = "search", .value = req_query(req, "q")};
	ui_field_take_error(&q, errs);
	ui_input(req, resp, &q);

	size_t n;
	UiOption *opts = ui_province_options(req, ref->gaz, &n);
	UiField prov = {.name = "province", .label = N_("Province"), .value = req_query(req, "province")};
	ui_field_take_error(&prov, errs);
	ui_select(req, resp, &prov, opts, n);

	UiField dist = {.name = "district", .label = N_("District"), .value = req_query(req, "district"),
			.hint = N_("A name or P-code.")};
	ui_field_take_error(&dist, errs);
	ui_input(req, resp, &dist);

	opts = ui_code_options(req, &ref->sectors, &n);
	UiField sector = {.name = "sector", .label = N_("Sector"), .value = req_query(req, "sector")};
	ui_field_take_error(&sector, errs);
	ui_select(req, resp, &sector, opts, n);

	OrgFilter all = {.limit = ORG_CHOICES};
	OrgList orgs = {0};
	if (svc_org_list(ctx, &all, &orgs) != SVC_OK)
		orgs.count = 0; /* the selects then offer none; the other filters still work */
	UiOption *org_opts = ui_org_options(req, req->arena, &orgs);
	UiField org = {.name = "org", .label = N_("Organization"), .value = req_query(req, "org")};
	ui_field_take_error(&org, errs);
	ui_select(req, resp, &org, org_opts, orgs.count);
	UiField donor = {.name = "donor", .label = N_("Donor"), .value = req_query(req, "donor")};
	ui_field_take_error(&donor, errs);
	ui_select(req, resp, &donor, org_opts, orgs.count);

	UiField year = {.name = "year", .label = N_("Active in year"), .value = req_query(req, "year")};
	ui_field_take_error(&year, errs);
	ui_input(req, resp, &year);

	static const char *const statuses[] = {"planned", "ongoing", "completed", "cancelled"};
	UiOption status_opts[4];
	for (size_t i = 0; i < 4; i++)
		status_opts[i] = (UiOption){statuses[i], T(req, ui_project_status(statuses[i]))};
	UiField status = {.name = "status", .label = N_("Status"), .value = req_query(req, "status")};
	ui_field_take_error(&status, errs);
	ui_select(req, resp, &status, status_opts, 4);

	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button> <a href=\"/projects\">%h</a></div>\n</form>\n",
		  T(req, "Filter"), T(req, "Clear"));
}

void ui_projects_list(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	ProjectFilter f = {.limit = 50};
	f.q = ui_trim(req->arena, req_query(req, "q"));
	f.sector = ui_query_code(req, "sector", &ctx.ref->sectors, "is not a known sector", errs);
	f.province = query_place(req, &ctx, "province", PLACE_PROVINCE, errs);
	const char *district = ui_trim(req->arena, req_query(req, "district"));
	if (district) {
		/* query_place reads the raw parameter; a name typed with spaces
		 * around it is still a name. */
		PlaceResult r;
		place_resolve(ctx.ref->gaz, district, f.province, &r);
		if (r.outcome == PLACE_MATCHED && r.best.place->level == PLACE_DISTRICT)
			f.district = r.best.place->pcode;
		else if (r.outcome == PLACE_AMBIGUOUS)
			errors_add(errs, "district", "names more than one place; use a P-code", district);
		else if (r.outcome == PLACE_MATCHED)
			errors_add(errs, "district", "is not a district", district);
		else
			errors_add(errs, "district", "is not a known place", district);
	}
	f.org_id = ui_query_id(req, "org", errs);
	f.donor_id = ui_query_id(req, "donor", errs);
	query_int(req, "year", 1900, 2999, &f.year, errs);
	f.status = req_query(req, "status");
	if (f.status && !*f.status)
		f.status = NULL;
	if (f.status && !project_status_valid(f.status)) {
		errors_add(errs, "status", "must be planned, ongoing, completed or cancelled", f.status);
		f.status = NULL;
	}
	query_int(req, "limit", 1, 500, &f.limit, errs);
	query_int(req, "offset", 0, 1000000000, &f.offset, errs);
	ProjectList list = {0};
	if (!errs->count) {
		SvcStatus st = svc_project_list(&ctx, &f, &list);
		if (st != SVC_OK) {
			ui_fail(req, resp, &ctx, st);
			goto done;
		}
	}

	ui_page_begin(req, resp, T(req, "Projects"));
	ui_printf(resp, "<h1>%h</h1>\n<p class=\"actions\"><a class=\"button secondary\" href=\"/projects/new\">%h</a></p>\n",
		  T(req, "Projects"), T(req, "New project"));
	ui_errors_summary(req, resp, errs);
	filter_form(req, resp, &ctx, errs);
	if (errs->count) {
		resp->status = 400;
		ui_page_end(req, resp);
		goto done;
	}
	ui_printf(resp, "<p class=\"results-count\" role=\"status\">%h %h</p>\n", ui_count(req->arena, list.total),
		  T(req, "projects found"));
	if (list.total) /* nothing to download from an empty list */
		ui_export_links(req, resp, "projects", &list);
	if (list.count)
		ui_project_table(req, resp, ctx.ref, &list);
	ui_pager(req, resp, list.total, f.limit, f.offset);
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}

/* ---- one project ---- */

static void row_text(Req *req, Resp *resp, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><bdi>%h</bdi></td></tr>\n", T(req, label), value);
}

static void row_title(Req *req, Resp *resp, const char *label, const char *value, const char *lang)
{
	if (!value || !*value)
		return;
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><bdi lang=\"%h\" dir=\"auto\">%h</bdi></td></tr>\n",
		  T(req, label), i18n_html_lang(lang), value);
}

/* A date as stored, with the precision it is known to. */
static void row_date(Req *req, Resp *resp, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	PDate d;
	const char *precision = NULL;
	if (pdate_parse(value, &d))
		precision = d.precision == DATE_YEAR    ? N_("known to the year")
			    : d.precision == DATE_MONTH ? N_("known to the month")
							: N_("known to the day");
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>", T(req, label));
	ui_date(req, resp, value);
	if (precision)
		ui_printf(resp, " <span class=\"muted\">(%h)</span>", T(req, precision));
	UI_LIT(resp, "</td></tr>\n");
}

/* The organization's name in the reader's language when the reader may
 * see its record; the stored English name otherwise. */
static const char *project_org_name(Req *req, Ctx *ctx, const ProjectOrg *po)
{
	Org o;
	if (svc_org_get(ctx, po->org_id, &o) == SVC_OK)
		return ui_org_name(req, &o);
	return po->org_name;
}

static void organizations(Req *req, Resp *resp, Ctx *ctx, const Project *p)
{
	static const char *const roles[] = {"implementing", "funding", "intermediary"};
	static const char *const headings[] = {N_("Implemented by"), N_("Funded by"), N_("Through")};
	ui_printf(resp, "<section aria-labelledby=\"orgs\">\n<h2 id=\"orgs\">%h</h2>\n", T(req, "Organizations"));
	if (!p->org_count)
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "None recorded."));
	for (size_t r = 0; r < 3; r++) {
		bool any = false;
		for (size_t i = 0; i < p->org_count; i++) {
			const ProjectOrg *po = &p->orgs[i];
			if (!po->role || strcmp(po->role, roles[r]) != 0)
				continue;
			if (!any)
				ui_printf(resp, "<h3>%h</h3>\n<ul>\n", T(req, headings[r]));
			any = true;
			UI_LIT(resp, "<li>");
			ui_org_link(req, resp, po->org_id, project_org_name(req, ctx, po));
			UI_LIT(resp, "</li>\n");
		}
		if (any)
			UI_LIT(resp, "</ul>\n");
	}
	UI_LIT(resp, "</section>\n");
}

static void places(Req *req, Resp *resp, const RefData *ref, const Project *p)
{
	ui_printf(resp, "<section aria-labelledby=\"places\">\n<h2 id=\"places\">%h</h2>\n", T(req, "Places"));
	if (!p->place_count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n</section>\n", T(req, "None recorded."));
		return;
	}
	UI_LIT(resp, "<ul>\n");
	for (size_t i = 0; i < p->place_count; i++) {
		const ProjectPlace *pl = &p->places[i];
		UI_LIT(resp, "<li>");
		ui_place_link(req, resp, ref->gaz, pl->pcode, true);
		if (pl->villages != NUM_UNKNOWN)
			ui_printf(resp, " — %h %h", ui_count(req->arena, pl->villages), T(req, "villages or CDCs"));
		if (pl->note && *pl->note)
			ui_printf(resp, " <span class=\"muted\">— <bdi>%h</bdi></span>", pl->note);
		UI_LIT(resp, "</li>\n");
	}
	UI_LIT(resp, "</ul>\n</section>\n");
}

/* A list of codes by name, under a heading; nothing when empty. */
static void code_list(Req *req, Resp *resp, const char *id, const char *heading, const CodeList *list,
		      const char *const *codes, size_t count, const char *href_param)
{
	if (!count)
		return;
	ui_printf(resp, "<section aria-labelledby=\"%h\">\n<h2 id=\"%h\">%h</h2>\n<ul>\n", id, id, T(req, heading));
	for (size_t i = 0; i < count; i++) {
		if (href_param)
			ui_printf(resp, "<li><a href=\"/projects?%U=%U\">%h</a></li>\n", href_param, codes[i],
				  ui_code(req, list, codes[i]));
		else
			ui_printf(resp, "<li>%h</li>\n", ui_code(req, list, codes[i]));
	}
	UI_LIT(resp, "</ul>\n</section>\n");
}

/* "more than 3,000": the figure with its qualifier. */
static const char *result_value(Req *req, const Result *r)
{
	const char *value = ui_decimal(req->arena, r->value);
	const char *q = NULL;
	if (r->qualifier && strcmp(r->qualifier, "more_than") == 0)
		q = N_("more than");
	else if (r->qualifier && strcmp(r->qualifier, "about") == 0)
		q = N_("about");
	else if (r->qualifier && strcmp(r->qualifier, "at_least") == 0)
		q = N_("at least");
	else if (r->qualifier)
		return arena_printf(req->arena, "%s (%s)", value, r->qualifier);
	return q ? arena_printf(req->arena, "%s %s", T(req, q), value) : value;
}

/* The figure two results disagree on, as text for the notice. */
static const char *conflict_figure(Req *req, const Result *r, const char *what)
{
	if (strcmp(what, "female") == 0)
		return arena_printf(req->arena, "%s %s", T(req, "female"), ui_count(req->arena, r->female));
	if (strcmp(what, "male") == 0)
		return arena_printf(req->arena, "%s %s", T(req, "male"), ui_count(req->arena, r->male));
	if (strcmp(what, "period") == 0)
		return ui_span(req, r->period_start, r->period_end);
	return result_value(req, r);
}

static const char *conflict_what(const char *what)
{
	if (strcmp(what, "value") == 0)
		return N_("the figure");
	if (strcmp(what, "female") == 0)
		return N_("the number of women and girls");
	if (strcmp(what, "male") == 0)
		return N_("the number of men and boys");
	if (strcmp(what, "period") == 0)
		return N_("the period");
	return what;
}

static void conflicts(Req *req, Resp *resp, const Project *p, const ResultConflict *pairs, size_t count)
{
	ui_printf(resp, "<div class=\"conflict\" role=\"note\" aria-labelledby=\"conflicts\">\n<h3 id=\"conflicts\">%h</h3>\n<p>%h</p>\n<ul>\n",
		  T(req, "Conflicting figures"),
		  T(req, "Sources disagree about these results. Both figures are kept; neither has been chosen."));
	for (size_t i = 0; i < count && i < CONFLICTS_SHOWN; i++) {
		const Result *a = &p->results[pairs[i].first];
		const Result *b = &p->results[pairs[i].second];
		ui_printf(resp, "<li><bdi>%h</bdi> (%h): <a href=\"#result-%zu\"><bdi>%h</bdi></a> %h <bdi>%h</bdi> — "
				"<a href=\"#result-%zu\"><bdi>%h</bdi></a> %h <bdi>%h</bdi></li>\n",
			  a->indicator, T(req, conflict_what(pairs[i].what)), pairs[i].first + 1,
			  conflict_figure(req, a, pairs[i].what), T(req, "according to"), a->source ? a->source : "",
			  pairs[i].second + 1, conflict_figure(req, b, pairs[i].what), T(req, "according to"),
			  b->source ? b->source : "");
	}
	if (count > CONFLICTS_SHOWN)
		ui_printf(resp, "<li>… +%zu</li>\n", count - CONFLICTS_SHOWN);
	UI_LIT(resp, "</ul>\n</div>\n");
}

static void results(Req *req, Resp *resp, const Project *p)
{
	ui_printf(resp, "<section aria-labelledby=\"results\">\n<h2 id=\"results\">%h</h2>\n", T(req, "Results"));
	if (!p->result_count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n</section>\n", T(req, "None reported."));
		return;
	}
	ResultConflict pairs[CONFLICTS_SHOWN];
	size_t pair_count = results_conflicts(p->results, p->result_count, pairs, CONFLICTS_SHOWN);
	if (pair_count)
		conflicts(req, resp, p, pairs, pair_count);
	ui_printf(resp, "<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
			"<th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
			"<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th><th scope=\"col\">%h</th>"
			"<th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		  T(req, "Indicator"), T(req, "Value"), T(req, "Unit"), T(req, "Female"), T(req, "Male"), T(req, "Girls"),
		  T(req, "Boys"), T(req, "Period"), T(req, "Source"));
	for (size_t i = 0; i < p->result_count; i++) {
		const Result *r = &p->results[i];
		bool disputed = false;
		for (size_t j = 0; j < pair_count && j < CONFLICTS_SHOWN && !disputed; j++)
			disputed = pairs[j].first == i || pairs[j].second == i;
		ui_printf(resp, "<tr id=\"result-%zu\"", i + 1);
		if (disputed)
			UI_LIT(resp, " class=\"conflict\"");
		ui_printf(resp, "><th scope=\"row\"><bdi>%h</bdi>", r->indicator ? r->indicator : "");
		if (disputed)
			ui_printf(resp, " <span class=\"badge\">%h</span>", T(req, "conflicting"));
		if (r->note && *r->note)
			ui_printf(resp, "<br><small class=\"muted\"><bdi>%h</bdi></small>", r->note);
		ui_printf(resp, "</th><td class=\"num\">%h</td><td><bdi>%h</bdi></td><td class=\"num\">%h</td><td class=\"num\">%h</td>"
				"<td class=\"num\">%h</td><td class=\"num\">%h</td><td><bdi>%h</bdi></td><td><bdi>%h</bdi></td></tr>\n",
			  result_value(req, r), r->unit ? r->unit : "", ui_count(req->arena, r->female),
			  ui_count(req->arena, r->male), ui_count(req->arena, r->girls), ui_count(req->arena, r->boys),
			  ui_span(req, r->period_start, r->period_end), r->source ? r->source : "");
	}
	UI_LIT(resp, "</tbody>\n</table>\n</div>\n</section>\n");
}

void ui_project_page(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Project p;
	SvcStatus st = svc_project_get(&ctx, id, &p);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}
	const RefData *ref = ctx.ref;
	ui_page_begin(req, resp, ui_pick(req, p.title_en, p.title_prs, p.title_pus, NULL));
	UI_LIT(resp, "<h1>");
	ui_name(req, resp, p.title_en, p.title_prs, p.title_pus);
	UI_LIT(resp, "</h1>\n");
	/* Edit is offered to those who may edit (visitors meet the sign-in wall). */
	UI_LIT(resp, "<p class=\"actions\">");
	if (ctx.actor->role == ROLE_ANONYMOUS || svc_may_change_project(&ctx, p.id))
		ui_printf(resp, "<a class=\"button secondary\" href=\"/projects/%lld/edit\">%h</a> ",
			  (long long)p.id, T(req, "Edit"));
	ui_printf(resp, "<a class=\"button secondary\" href=\"/projects/%lld/history\">%h</a></p>\n",
		  (long long)p.id, T(req, "History"));

	ui_printf(resp, "<section aria-labelledby=\"overview\">\n<h2 id=\"overview\">%h</h2>\n<table>\n<tbody>\n",
		  T(req, "Overview"));
	row_title(req, resp, "Title in English", p.title_en, "en");
	row_title(req, resp, "Title in Dari", p.title_prs, "prs");
	row_title(req, resp, "Title in Pashto", p.title_pus, "pus");
	row_text(req, resp, "Status", T(req, ui_project_status(p.status)));
	row_date(req, resp, "Start", p.start_date);
	row_date(req, resp, "End", p.end_date);
	if (p.has_budget)
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><bdi>%h %h</bdi></td></tr>\n", T(req, "Budget"),
			  ui_decimal(req->arena, p.budget), p.currency ? p.currency : "");
	row_text(req, resp, "Visibility", T(req, ui_visibility(p.visibility)));
	row_date(req, resp, "Last changed", p.updated_at);
	UI_LIT(resp, "</tbody>\n</table>\n");
	if (p.description_en && *p.description_en)
		ui_printf(resp, "<h3>%h</h3>\n<p lang=\"en\" dir=\"auto\">%h</p>\n", T(req, "Description"), p.description_en);
	if (p.description_prs && *p.description_prs)
		ui_printf(resp, "<h3>%h</h3>\n<p lang=\"fa-AF\" dir=\"rtl\">%h</p>\n", T(req, "Description in Dari"),
			  p.description_prs);
	if (p.description_pus && *p.description_pus)
		ui_printf(resp, "<h3>%h</h3>\n<p lang=\"ps\" dir=\"rtl\">%h</p>\n", T(req, "Description in Pashto"),
			  p.description_pus);
	if (p.note && *p.note)
		ui_printf(resp, "<p class=\"muted\">%h: <bdi>%h</bdi></p>\n", T(req, "Note"), p.note);
	if (p.source && *p.source)
		ui_printf(resp, "<p class=\"muted\">%h: <bdi>%h</bdi></p>\n", T(req, "Source"), p.source);
	UI_LIT(resp, "</section>\n");

	organizations(req, resp, &ctx, &p);
	code_list(req, resp, "sectors", "Sectors", &ref->sectors, p.sectors, p.sector_count, "sector");
	places(req, resp, ref, &p);
	code_list(req, resp, "targets", "Target groups", &ref->target_groups, p.targets, p.target_count, NULL);
	ui_people_chart(req, resp, &p);
	results(req, resp, &p);
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}
