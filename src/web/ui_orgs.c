/*
 * ui_orgs.c — GET /orgs (the list, with filters and paging) and
 * GET /orgs/{id} (one organization: profile, offices, sectors, relations,
 * awards, projects, meetings).
 *
 * Everything shown comes from svc_* reads, which leave out what the reader
 * may not see; the page never decides visibility itself.
 */
#include <string.h>

#include "web/api.h"
#include "web/coord_web.h"
#include "web/pages.h"
#include "web/reports_web.h"
#include "web/ui_date.h"

#define ORG_PAGE_PROJECTS 100

/* ---- the list ---- */

/* The provinces an organization has offices in (a district office counts
 * for its province), each once, linked. */
static void office_provinces(Req *req, Resp *resp, const Gazetteer *g, const Org *o)
{
	size_t shown = 0;
	for (size_t i = 0; i < o->office_count; i++) {
		const Place *p = o->offices[i].pcode ? gaz_get(g, o->offices[i].pcode) : NULL;
		if (p && p->level == PLACE_DISTRICT)
			p = gaz_get(g, p->parent_pcode);
		if (!p || p->level != PLACE_PROVINCE)
			continue;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++) {
			const Place *q = o->offices[j].pcode ? gaz_get(g, o->offices[j].pcode) : NULL;
			if (q && q->level == PLACE_DISTRICT)
				q = gaz_get(g, q->parent_pcode);
			seen = q == p;
		}
		if (seen)
			continue;
		if (shown++)
			ui_printf(resp, "%h ", T(req, ","));
		ui_place_link(req, resp, g, p->pcode, false);
	}
}

/* The name in the reader's language, and under it the other script: the
 * Dari name for a reader of English, the English name for the others. */
static void org_names_cell(Req *req, Resp *resp, const Org *o)
{
	const char *lang;
	const char *primary = ui_pick(req, o->name_en, o->name_prs, o->name_pus, &lang);
	ui_printf(resp, "<a href=\"/orgs/%lld\"><bdi lang=\"%h\">%h</bdi></a>", (long long)o->id,
		  i18n_html_lang(lang), primary);
	const char *other = NULL, *other_lang = "en";
	if (strcmp(lang, "en") != 0 && o->name_en && *o->name_en)
		other = o->name_en;
	else if (strcmp(lang, "prs") != 0 && o->name_prs && *o->name_prs)
		other = o->name_prs, other_lang = "prs";
	if (other)
		ui_printf(resp, "<br><bdi class=\"muted\" lang=\"%h\" dir=\"auto\">%h</bdi>",
			  i18n_html_lang(other_lang), other);
}

static void filter_form(Req *req, Resp *resp, const RefData *ref, const Errors *errs)
{
	ui_printf(resp, "<form class=\"filter\" method=\"get\" action=\"/orgs\" role=\"search\" aria-label=\"%h\">\n",
		  T(req, "Filter organizations"));
	UiField q = {.name = "q", .label = N_("Name or words"), .type = "search", .value = req_query(req, "q")};
	ui_field_take_error(&q, errs);
	ui_input(req, resp, &q);

	size_t n;
	UiOption *opts = ui_code_options(req, &ref->org_kinds, &n);
	UiField kind = {.name = "kind", .label = N_("Kind"), .value = req_query(req, "kind")};
	ui_field_take_error(&kind, errs);
	ui_select(req, resp, &kind, opts, n);

	opts = ui_province_options(req, ref->gaz, &n);
	UiField prov = {.name = "province", .label = N_("Province"), .value = req_query(req, "province")};
	ui_field_take_error(&prov, errs);
	ui_select(req, resp, &prov, opts, n);

	opts = ui_code_options(req, &ref->sectors, &n);
	UiField sector = {.name = "sector", .label = N_("Sector"), .value = req_query(req, "sector")};
	ui_field_take_error(&sector, errs);
	ui_select(req, resp, &sector, opts, n);

	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button> <a href=\"/orgs\">%h</a></div>\n</form>\n",
		  T(req, "Filter"), T(req, "Clear"));
}

void ui_orgs_list(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	OrgFilter f = {.limit = 50};
	f.q = ui_trim(req->arena, req_query(req, "q"));
	f.kind = ui_query_code(req, "kind", &ctx.ref->org_kinds, "is not a known kind of organization", errs);
	f.sector = ui_query_code(req, "sector", &ctx.ref->sectors, "is not a known sector", errs);
	f.province = query_place(req, &ctx, "province", PLACE_PROVINCE, errs);
	query_int(req, "limit", 1, 500, &f.limit, errs);
	query_int(req, "offset", 0, 1000000000, &f.offset, errs);
	OrgList list = {0};
	if (!errs->count) {
		SvcStatus st = svc_org_list(&ctx, &f, &list);
		if (st != SVC_OK) {
			ui_fail(req, resp, &ctx, st);
			goto done;
		}
	}

	ui_page_begin(req, resp, T(req, "Organizations"));
	ui_printf(resp, "<h1>%h</h1>\n<p class=\"actions\"><a class=\"button secondary\" href=\"/orgs/new\">%h</a></p>\n",
		  T(req, "Organizations"), T(req, "New organization"));
	ui_errors_summary(req, resp, errs);
	filter_form(req, resp, ctx.ref, errs);
	if (errs->count) {
		resp->status = 400;
		ui_page_end(req, resp);
		goto done;
	}
	ui_printf(resp, "<p class=\"results-count\" role=\"status\">%h %h</p>\n", ui_count(req->arena, list.total),
		  T(req, "organizations found"));
	if (list.total) /* nothing to download from an empty list */
		ui_export_links(req, resp, "orgs", NULL);
	if (list.count) {
		ui_printf(resp, "<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
				"<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
			  T(req, "Name"), T(req, "Acronym"), T(req, "Kind"), T(req, "Offices in"));
		for (size_t i = 0; i < list.count; i++) {
			const Org *o = &list.items[i];
			UI_LIT(resp, "<tr><th scope=\"row\">");
			org_names_cell(req, resp, o);
			ui_printf(resp, "</th><td><bdi>%h</bdi></td><td>%h</td><td>", o->acronym ? o->acronym : "",
				  ui_code(req, &ctx.ref->org_kinds, o->kind));
			office_provinces(req, resp, ctx.ref->gaz, o);
			UI_LIT(resp, "</td></tr>\n");
		}
		UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
	}
	ui_pager(req, resp, list.total, f.limit, f.offset);
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}

/* ---- one organization ---- */

/* A row of the profile table; nothing when the value is empty. */
static void profile_row(Req *req, Resp *resp, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><bdi>%h</bdi></td></tr>\n", T(req, label), value);
}

/* A row whose value is a date, shown in both calendars; none when empty. */
static void date_row(Req *req, Resp *resp, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>", T(req, label));
	ui_date(req, resp, value);
	UI_LIT(resp, "</td></tr>\n");
}

/* A name in one language, marked with that language. */
static void name_row(Req *req, Resp *resp, const char *label, const char *value, const char *lang)
{
	if (!value || !*value)
		return;
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><bdi lang=\"%h\" dir=\"auto\">%h</bdi></td></tr>\n",
		  T(req, label), i18n_html_lang(lang), value);
}

/* A row naming another organization, linked, when the reader may see it. */
static void org_ref_row(Req *req, Resp *resp, Ctx *ctx, const char *label, int64_t id)
{
	Org other;
	if (!id || svc_org_get(ctx, id, &other) != SVC_OK)
		return;
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>", T(req, label));
	ui_org_link(req, resp, other.id, ui_org_name(req, &other));
	UI_LIT(resp, "</td></tr>\n");
}

/* True when the website can be linked safely (http or https only). */
static bool web_address(const char *url)
{
	return url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
}

static void profile(Req *req, Resp *resp, Ctx *ctx, const Org *o)
{
	const RefData *ref = ctx->ref;
	ui_printf(resp, "<section aria-labelledby=\"profile\">\n<h2 id=\"profile\">%h</h2>\n<table>\n<tbody>\n",
		  T(req, "Profile"));
	name_row(req, resp, "Name in English", o->name_en, "en");
	name_row(req, resp, "Name in Dari", o->name_prs, "prs");
	name_row(req, resp, "Name in Pashto", o->name_pus, "pus");
	profile_row(req, resp, "Acronym", o->acronym);
	if (o->alias_count) {
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>", T(req, "Other names"));
		for (size_t i = 0; i < o->alias_count; i++)
			ui_printf(resp, "%h<bdi dir=\"auto\">%h</bdi>", i ? "; " : "", o->aliases[i]);
		UI_LIT(resp, "</td></tr>\n");
	}
	profile_row(req, resp, "Kind", ui_code(req, &ref->org_kinds, o->kind));
	org_ref_row(req, resp, ctx, "Part of", o->parent_id);
	org_ref_row(req, resp, ctx, "Registered with", o->reg_authority_id);
	profile_row(req, resp, "Registration number", o->reg_number);
	date_row(req, resp, "Registration date", o->reg_date);
	profile_row(req, resp, "Tax number (TIN)", o->tin);
	if (web_address(o->website))
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><a href=\"%h\" rel=\"nofollow noopener\">%h</a></td></tr>\n",
			  T(req, "Website"), o->website, o->website);
	else
		profile_row(req, resp, "Website", o->website);
	if (o->staff_total != NUM_UNKNOWN)
		profile_row(req, resp, "Staff", ui_count(req->arena, o->staff_total));
	if (o->staff_female != NUM_UNKNOWN) {
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>%h", T(req, "Female staff"),
			  ui_count(req->arena, o->staff_female));
		if (o->staff_total > 0)
			ui_printf(resp, " (%lld%%)", (o->staff_female * 100 + o->staff_total / 2) / o->staff_total);
		UI_LIT(resp, "</td></tr>\n");
	}
	profile_row(req, resp, "Women-led",
		    T(req, o->women_led == 1 ? N_("Yes") : o->women_led == 0 ? N_("No") : N_("Not known")));
	profile_row(req, resp, "Status", T(req, ui_org_status(o->status)));
	profile_row(req, resp, "Visibility", T(req, ui_visibility(o->visibility)));
	date_row(req, resp, "Last changed", o->updated_at);
	UI_LIT(resp, "</tbody>\n</table>\n");
	if (o->description && *o->description)
		ui_printf(resp, "<h3>%h</h3>\n<p dir=\"auto\">%h</p>\n", T(req, "Description"), o->description);
	if (o->source && *o->source)
		ui_printf(resp, "<p class=\"muted\">%h: <bdi>%h</bdi></p>\n", T(req, "Source"), o->source);
	UI_LIT(resp, "</section>\n");
}

static void offices(Req *req, Resp *resp, const RefData *ref, const Org *o)
{
	ui_printf(resp, "<section aria-labelledby=\"offices\">\n<h2 id=\"offices\">%h</h2>\n", T(req, "Offices"));
	if (!o->office_count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n</section>\n", T(req, "None recorded."));
		return;
	}
	UI_LIT(resp, "<ul>\n");
	for (size_t i = 0; i < o->office_count; i++) {
		const OrgOffice *f = &o->offices[i];
		UI_LIT(resp, "<li>");
		ui_place_link(req, resp, ref->gaz, f->pcode, true);
		if (f->is_main)
			ui_printf(resp, " <span class=\"badge\">%h</span>", T(req, "head office"));
		if (f->note && *f->note)
			ui_printf(resp, " <span class=\"muted\">— <bdi>%h</bdi></span>", f->note);
		UI_LIT(resp, "</li>\n");
	}
	UI_LIT(resp, "</ul>\n</section>\n");
}

static void sectors(Req *req, Resp *resp, const RefData *ref, const Org *o)
{
	ui_printf(resp, "<section aria-labelledby=\"sectors\">\n<h2 id=\"sectors\">%h</h2>\n", T(req, "Areas of expertise"));
	if (!o->sector_count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n</section>\n", T(req, "None recorded."));
		return;
	}
	UI_LIT(resp, "<ul>\n");
	for (size_t i = 0; i < o->sector_count; i++)
		ui_printf(resp, "<li><a href=\"/orgs?sector=%U\">%h</a></li>\n", o->sectors[i],
			  ui_code(req, &ref->sectors, o->sectors[i]));
	UI_LIT(resp, "</ul>\n</section>\n");
}

/* The words for a relation seen from its other side, a message id: on the
 * network's page, "member_of" reads "Has as member". NULL for relations
 * that read the same both ways. */
static const char *inverse_label(const char *kind)
{
	static const struct {
		const char *kind;
		const char *label;
	} inverse[] = {
		{"member_of", N_("Has as member")},
		{"certified_member_of", N_("Has as certified member")},
		{"funded_by", N_("Funds")},
		{"mentored_by", N_("Mentors")},
		{"advised_by", N_("Advises")},
		{"recognized_by", N_("Recognizes")},
		{"partner", NULL},
		{"mou_with", NULL},
	};
	for (size_t i = 0; i < sizeof inverse / sizeof inverse[0]; i++)
		if (strcmp(kind, inverse[i].kind) == 0)
			return inverse[i].label;
	return N_("Named in a relation by");
}

/* Relations are read from either side; a group is a kind and a direction
 * (one direction for relations that read the same both ways). */
static bool relation_outward(const OrgRelation *r, int64_t org_id)
{
	return r->from_org_id == org_id || !inverse_label(r->kind);
}

static bool same_group(const OrgRelation *a, const OrgRelation *b, int64_t org_id)
{
	return strcmp(a->kind, b->kind) == 0 && relation_outward(a, org_id) == relation_outward(b, org_id);
}

static void relations(Req *req, Resp *resp, const RefData *ref, int64_t org_id, const OrgRelation *rels,
		      size_t count)
{
	ui_printf(resp, "<section aria-labelledby=\"relations\">\n<h2 id=\"relations\">%h</h2>\n",
		  T(req, "Memberships, partners and donors"));
	if (!count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n</section>\n", T(req, "None recorded."));
		return;
	}
	for (size_t i = 0; i < count; i++) {
		bool done_before = false;
		for (size_t j = 0; j < i && !done_before; j++)
			done_before = same_group(&rels[j], &rels[i], org_id);
		if (done_before)
			continue;
		const char *label = relation_outward(&rels[i], org_id)
					    ? ui_code(req, &ref->relation_kinds, rels[i].kind)
					    : T(req, inverse_label(rels[i].kind));
		ui_printf(resp, "<h3>%h</h3>\n<ul>\n", label);
		for (size_t j = i; j < count; j++) {
			const OrgRelation *r = &rels[j];
			if (!same_group(r, &rels[i], org_id))
				continue;
			int64_t other = r->from_org_id == org_id ? r->to_org_id : r->from_org_id;
			UI_LIT(resp, "<li>");
			ui_org_link(req, resp, other, r->other_name);
			const char *span = ui_span(req, r->start_date, r->end_date);
			if (*span)
				ui_printf(resp, " <span class=\"muted\">(<bdi>%h</bdi>)</span>", span);
			if (r->note && *r->note)
				ui_printf(resp, " <span class=\"muted\">— <bdi>%h</bdi></span>", r->note);
			UI_LIT(resp, "</li>\n");
		}
		UI_LIT(resp, "</ul>\n");
	}
	UI_LIT(resp, "</section>\n");
}

static void awards(Req *req, Resp *resp, const Award *list, size_t count)
{
	if (!count)
		return;
	ui_printf(resp, "<section aria-labelledby=\"awards\">\n<h2 id=\"awards\">%h</h2>\n<ul>\n", T(req, "Awards"));
	for (size_t i = 0; i < count; i++) {
		const Award *w = &list[i];
		ui_printf(resp, "<li><bdi>%h</bdi>", w->title);
		if (w->by_org_id) {
			ui_printf(resp, " — %h ", T(req, "by"));
			ui_org_link(req, resp, w->by_org_id, w->by_name);
		} else if (w->by_name && *w->by_name) {
			ui_printf(resp, " — %h <bdi>%h</bdi>", T(req, "by"), w->by_name);
		}
		if (w->year)
			ui_printf(resp, " (%d)", w->year);
		UI_LIT(resp, "</li>\n");
	}
	UI_LIT(resp, "</ul>\n</section>\n");
}

static void meetings(Req *req, Resp *resp, const RefData *ref, const Meeting *list, size_t count)
{
	if (!count)
		return;
	ui_printf(resp, "<section aria-labelledby=\"meetings\">\n<h2 id=\"meetings\">%h</h2>\n"
			"<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			"<th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
			"<th scope=\"col\" class=\"num\">%h</th></tr></thead>\n<tbody>\n",
		  T(req, "Meetings convened"), T(req, "Date"), T(req, "Topic"), T(req, "Place"), T(req, "Attendance"),
		  T(req, "Women"), T(req, "Recommendations"));
	for (size_t i = 0; i < count; i++) {
		const Meeting *m = &list[i];
		UI_LIT(resp, "<tr><td>");
		ui_date(req, resp, m->date);
		ui_printf(resp, "</td><th scope=\"row\"><bdi>%h</bdi></th><td>", m->topic ? m->topic : "");
		if (m->pcode)
			ui_place_link(req, resp, ref->gaz, m->pcode, true);
		ui_printf(resp, "</td><td class=\"num\">%h</td><td class=\"num\">%h</td><td class=\"num\">%zu</td></tr>\n",
			  ui_count(req->arena, m->attendance_total), ui_count(req->arena, m->attendance_female),
			  m->rec_count);
	}
	UI_LIT(resp, "</tbody>\n</table>\n</div>\n</section>\n");
}

void ui_org_page(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Org o;
	OrgRelation *rels = NULL;
	Award *award_list = NULL;
	Meeting *meeting_list = NULL;
	size_t rel_count = 0, award_count = 0, meeting_count = 0;
	ProjectFilter pf = {.org_id = id, .limit = ORG_PAGE_PROJECTS};
	ProjectList projects = {0};
	SvcStatus st = svc_org_get(&ctx, id, &o);
	if (st == SVC_OK)
		st = svc_org_relations(&ctx, id, &rels, &rel_count);
	if (st == SVC_OK)
		st = svc_org_awards(&ctx, id, &award_list, &award_count);
	if (st == SVC_OK)
		st = svc_meetings(&ctx, id, &meeting_list, &meeting_count);
	if (st == SVC_OK)
		st = svc_project_list(&ctx, &pf, &projects);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}

	const char *name = ui_org_name(req, &o);
	ui_page_begin(req, resp, name);
	UI_LIT(resp, "<h1>");
	ui_name(req, resp, o.name_en, o.name_prs, o.name_pus);
	if (o.acronym && *o.acronym)
		ui_printf(resp, " <span class=\"muted\">(<bdi>%h</bdi>)</span>", o.acronym);
	UI_LIT(resp, "</h1>\n");
	/* Edit is offered to those who may edit (visitors meet the sign-in wall). */
	UI_LIT(resp, "<p class=\"actions\">");
	if (ctx.actor->role == ROLE_ANONYMOUS || svc_may_change_org(&ctx, o.id))
		ui_printf(resp, "<a class=\"button secondary\" href=\"/orgs/%lld/edit\">%h</a> ",
			  (long long)o.id, T(req, "Edit"));
	ui_printf(resp, "<a class=\"button secondary\" href=\"/projects/new?org=%lld\">%h</a> "
			"<a class=\"button secondary\" href=\"/orgs/%lld/history\">%h</a></p>\n",
		  (long long)o.id, T(req, "New project"), (long long)o.id, T(req, "History"));
	profile(req, resp, &ctx, &o);
	ui_org_reporting(req, resp, &ctx, o.id, o.status);
	offices(req, resp, ctx.ref, &o);
	sectors(req, resp, ctx.ref, &o);
	relations(req, resp, ctx.ref, o.id, rels, rel_count);
	ui_org_memberships(req, resp, &ctx, o.id);
	ui_printf(resp, "<p><a href=\"/orgs/%lld/highlights\">%h</a></p>\n", (long long)o.id,
		  T(req, "Highlights of achievement"));
	awards(req, resp, award_list, award_count);

	ui_printf(resp, "<section aria-labelledby=\"projects\">\n<h2 id=\"projects\">%h</h2>\n", T(req, "Projects"));
	ui_project_table(req, resp, ctx.ref, &projects);
	if (projects.total > (long long)projects.count)
		ui_printf(resp, "<p><a href=\"/projects?org=%lld\">%h (%h)</a></p>\n", (long long)o.id,
			  T(req, "All projects"), ui_count(req->arena, projects.total));
	UI_LIT(resp, "</section>\n");
	meetings(req, resp, ctx.ref, meeting_list, meeting_count);
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}
