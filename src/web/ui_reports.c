/*
 * ui_reports.c — the pages of reports: a report (GET /reports/{id}) with
 * its lines, recipients, history and the buttons its reader may use; the
 * form for a new report (GET /orgs/{id}/reports/new, POST
 * /orgs/{id}/reports) and for correcting a draft or a report returned with
 * comments (GET /reports/{id}/edit, POST /reports/{id}, which may submit
 * it again); submitting (POST /reports/{id}/submit), accepting
 * or returning (POST /reports/{id}/review); an organization's status
 * change (POST /orgs/{id}/status); and the reporting section of an
 * organization's page (ui_org_reporting).
 *
 * Every read and write goes through svc_reports.h, which decides who may;
 * the buttons shown follow the same rules only so as not to offer what
 * would be refused.
 */
#include <stdio.h>
#include <string.h>

#include "core/pdate.h"
#include "web/api.h"
#include "web/pages.h"
#include "web/reports_web.h"

#define FORM_LINES 3

static const char *status_label(const char *status)
{
	if (!status)
		return "";
	if (strcmp(status, "draft") == 0)
		return N_("Draft");
	if (strcmp(status, "submitted") == 0)
		return N_("Submitted");
	if (strcmp(status, "accepted") == 0)
		return N_("Accepted");
	if (strcmp(status, "returned") == 0)
		return N_("Returned");
	return status;
}

const char *ui_frequency_label(const char *frequency)
{
	static const char *const NAMES[][2] = {
		{"monthly", N_("every month")},
		{"quarterly", N_("every quarter")},
		{"half_year", N_("every six months")},
		{"yearly", N_("every year")},
		{"gregorian", N_("Gregorian calendar")},
		{"solar_hijri", N_("Solar Hijri calendar")},
	};
	for (size_t i = 0; frequency && i < sizeof NAMES / sizeof *NAMES; i++)
		if (strcmp(frequency, NAMES[i][0]) == 0)
			return NAMES[i][1];
	return frequency ? frequency : "";
}

static const char *day_iso(Arena *a, long day)
{
	char text[11];
	compliance_day_text(day, text);
	return arena_strdup(a, text);
}

/* ---- the report page ---- */

static void row(Req *req, Resp *resp, const char *label, const char *value)
{
	if (value && *value)
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><bdi>%h</bdi></td></tr>\n", T(req, label), value);
}

static void lines_table(Req *req, Resp *resp, const Report *r)
{
	ui_printf(resp, "<h2>%h</h2>\n", T(req, "Projects"));
	if (!r->line_count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "None recorded."));
		return;
	}
	ui_printf(resp, "<div class=\"table-wrap\">\n<table id=\"lines\">\n<thead><tr><th scope=\"col\">%h</th>"
			"<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
			"<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
			"<th scope=\"col\" class=\"num\">%h</th></tr></thead>\n<tbody>\n",
		  T(req, "Project"), T(req, "Progress"), T(req, "Result"), T(req, "Value"), T(req, "Women"),
		  T(req, "Men"), T(req, "Spending"));
	for (size_t i = 0; i < r->line_count; i++) {
		const ReportLine *l = &r->lines[i];
		UI_LIT(resp, "<tr><td>");
		if (l->project_id)
			ui_printf(resp, "<a href=\"/projects/%lld\"><bdi>%h</bdi></a>", (long long)l->project_id,
				  l->project_title ? l->project_title : "");
		ui_printf(resp, "</td><td dir=\"auto\">%h</td><td dir=\"auto\">%h</td><td class=\"num\">%h</td>"
				"<td class=\"num\">%h</td><td class=\"num\">%h</td><td class=\"num\">%h %h</td></tr>\n",
			  l->progress ? l->progress : "", l->indicator ? l->indicator : "",
			  l->has_value ? ui_decimal(req->arena, l->value) : "", ui_count(req->arena, l->female),
			  ui_count(req->arena, l->male), l->has_spending ? ui_decimal(req->arena, l->spending) : "",
			  l->has_spending && l->currency ? l->currency : "");
	}
	UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
}

static void actions(Req *req, Resp *resp, Ctx *ctx, const Report *r)
{
	bool open = strcmp(r->status, "draft") == 0 || strcmp(r->status, "returned") == 0;
	if (open && svc_may_write_reports(ctx, r->org_id))
		ui_printf(resp, "<p><a class=\"button secondary\" id=\"correct\" href=\"/reports/%lld/edit\">%h</a></p>\n",
			  (long long)r->id, T(req, strcmp(r->status, "returned") == 0 ? N_("Correct the report") : N_("Edit the report")));
	if (open && svc_may_write_reports(ctx, r->org_id)) {
		ui_printf(resp, "<form method=\"post\" action=\"/reports/%lld/submit\" class=\"inline\">\n", (long long)r->id);
		ui_csrf_field(req, resp);
		ui_printf(resp, "<button type=\"submit\">%h</button>\n</form>\n", T(req, "Submit the report"));
	}
	if (strcmp(r->status, "submitted") == 0 && svc_may_review_reports(ctx)) {
		ui_printf(resp, "<form method=\"post\" action=\"/reports/%lld/review\" id=\"review\">\n<h2>%h</h2>\n",
			  (long long)r->id, T(req, "Review"));
		ui_csrf_field(req, resp);
		UiField comments = {.name = "comments", .label = N_("Comments"),
				    .hint = N_("Required to return the report: say what to change.")};
		ui_textarea(req, resp, &comments);
		ui_printf(resp, "<div class=\"actions\"><button type=\"submit\" name=\"decision\" value=\"accept\">%h</button> "
				"<button type=\"submit\" name=\"decision\" value=\"return\" class=\"secondary\">%h</button></div>\n</form>\n",
			  T(req, "Accept"), T(req, "Return with comments"));
	}
}

/* The page of a report; errs (may be NULL) holds the problems of a
 * refused action, shown above it with status 400. */
static void report_page(Req *req, Resp *resp, Ctx *ctx, int64_t id, const Errors *errs)
{
	Report r;
	SvcStatus st = svc_report_get(ctx, id, &r);
	if (st != SVC_OK) {
		ui_fail(req, resp, ctx, st);
		return;
	}
	const char *title = arena_printf(req->arena, "%s %s – %s", T(req, "Report"), r.period_start, r.period_end);
	ui_page_begin(req, resp, title);
	ui_printf(resp, "<h1>%h <bdi>%h</bdi> – <bdi>%h</bdi></h1>\n", T(req, "Report"), r.period_start, r.period_end);
	if (errs && errs->count) {
		resp->status = 400;
		ui_errors_summary(req, resp, errs);
	}
	ui_printf(resp, "<table class=\"profile\">\n<tbody>\n<tr><th scope=\"row\">%h</th><td>", T(req, "Organization"));
	ui_org_link(req, resp, r.org_id, r.org_name);
	ui_printf(resp, "</td></tr>\n<tr><th scope=\"row\">%h</th><td id=\"status\" class=\"status-%h\">%h</td></tr>\n",
		  T(req, "Status"), r.status, T(req, status_label(r.status)));
	row(req, resp, N_("First submitted"), r.first_submitted_on);
	row(req, resp, N_("Last submitted"), r.submitted_on);
	row(req, resp, N_("Returned"), r.returned_on);
	row(req, resp, N_("Accepted"), r.accepted_on);
	row(req, resp, N_("Reviewer's comments"), r.review_comments);
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>", T(req, "Sent to"));
	for (size_t i = 0; i < r.recipient_count; i++) {
		if (i)
			UI_LIT(resp, ", ");
		ui_org_link(req, resp, r.recipients[i], r.recipient_names[i]);
	}
	UI_LIT(resp, "</td></tr>\n</tbody>\n</table>\n");
	if (r.summary && *r.summary)
		ui_printf(resp, "<h2>%h</h2>\n<p dir=\"auto\">%h</p>\n", T(req, "Summary"), r.summary);
	lines_table(req, resp, &r);
	actions(req, resp, ctx, &r);
	ui_printf(resp, "<h2>%h</h2>\n<ol id=\"history\">\n", T(req, "History"));
	for (size_t i = 0; i < r.event_count; i++) {
		const ReportEvent *e = &r.events[i];
		ui_printf(resp, "<li><time>%h</time> %h — <bdi>%h</bdi>", e->at, T(req, status_label(e->status)), e->actor);
		if (e->comment)
			ui_printf(resp, ": <q dir=\"auto\">%h</q>", e->comment);
		UI_LIT(resp, "</li>\n");
	}
	UI_LIT(resp, "</ol>\n");
	ui_page_end(req, resp);
}

void ui_report_page(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	report_page(req, resp, &ctx, id, NULL);
	ctx_end(&ctx);
}

/* ---- submitting and reviewing ---- */

static void after_action(Req *req, Resp *resp, Ctx *ctx, int64_t id, SvcStatus st, const Errors *errs)
{
	if (st == SVC_OK)
		resp_redirect(resp, arena_printf(req->arena, "/reports/%lld", (long long)id));
	else if (st == SVC_INVALID)
		report_page(req, resp, ctx, id, errs);
	else
		ui_fail(req, resp, ctx, st);
}

void ui_report_submit(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	SvcStatus st = svc_report_submit(&ctx, id, errs);
	after_action(req, resp, &ctx, id, st, errs);
	ctx_end(&ctx);
}

void ui_report_review(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	const char *decision = req_form(req, "decision");
	SvcStatus st;
	if (!decision || (strcmp(decision, "accept") != 0 && strcmp(decision, "return") != 0)) {
		errors_add(errs, "decision", "must be accept or return", decision);
		st = SVC_INVALID;
	} else {
		st = svc_report_review(&ctx, id, strcmp(decision, "accept") == 0,
				       ui_trim(req->arena, req_form(req, "comments")), errs);
	}
	after_action(req, resp, &ctx, id, st, errs);
	ctx_end(&ctx);
}

/* ---- the form for a new report ---- */

static const char *line_field(Req *req, size_t i, const char *member)
{
	return req_form(req, arena_printf(req->arena, "line%zu_%s", i, member));
}

/* What a field of the form shows: what was posted, or for the first view
 * of a stored report (pre not NULL) its stored value, written back as
 * the form takes it. */
static const char *shown(Req *req, const Report *pre, const char *name)
{
	if (!pre)
		return req_form(req, name);
	if (strcmp(name, "period_start") == 0)
		return pre->period_start;
	if (strcmp(name, "period_end") == 0)
		return pre->period_end;
	if (strcmp(name, "summary") == 0)
		return pre->summary;
	size_t i;
	char member[32];
	if (sscanf(name, "line%zu_%31s", &i, member) != 2 || i >= pre->line_count)
		return NULL;
	const ReportLine *l = &pre->lines[i];
	Arena *a = req->arena;
	if (strcmp(member, "project") == 0)
		return l->project_id ? arena_printf(a, "%lld", (long long)l->project_id) : NULL;
	if (strcmp(member, "progress") == 0)
		return l->progress;
	if (strcmp(member, "indicator") == 0)
		return l->indicator;
	if (strcmp(member, "value") == 0)
		return l->has_value ? ui_decimal(a, l->value) : NULL;
	if (strcmp(member, "female") == 0)
		return l->female != NUM_UNKNOWN ? arena_printf(a, "%lld", l->female) : NULL;
	if (strcmp(member, "male") == 0)
		return l->male != NUM_UNKNOWN ? arena_printf(a, "%lld", l->male) : NULL;
	if (strcmp(member, "spending") == 0)
		return l->has_spending ? ui_decimal(a, l->spending) : NULL;
	if (strcmp(member, "currency") == 0)
		return l->currency;
	return NULL;
}

/* How many project lines the posted form had (FORM_LINES when it does
 * not say), at most REPORT_MAX_LINES. */
static size_t posted_lines(Req *req)
{
	long long n = 0;
	Errors ignored;
	errors_clear(&ignored);
	if (!ui_form_count(req_form(req, "lines"), "lines", &n, &ignored) || n < 1)
		return FORM_LINES;
	return n > REPORT_MAX_LINES ? REPORT_MAX_LINES : (size_t)n;
}

static void line_fieldset(Req *req, Resp *resp, size_t i, const UiOption *projects, size_t project_count,
			  const Report *pre, const Errors *errs)
{
	ui_printf(resp, "<fieldset>\n<legend>%h %zu</legend>\n", T(req, "Project line"), i + 1);
	static const struct {
		const char *member;
		const char *label;
		const char *type;
		const char *error_member;
	} FIELDS[] = {
		{"progress", "Progress", NULL, "progress"},
		{"indicator", N_("Result (indicator)"), NULL, "indicator"},
		{"value", N_("Result (figure)"), "number", "value"},
		{"female", N_("Of whom women and girls"), "number", "female"},
		{"male", N_("Of whom men and boys"), "number", "male"},
		{"spending", N_("Spending in the period"), "number", "spending"},
		{"currency", "Currency", NULL, "currency"},
	};
	UiField project = {.name = arena_printf(req->arena, "line%zu_project", i), .label = "Project"};
	project.value = shown(req, pre, project.name);
	project.error = NULL;
	ui_select(req, resp, &project, projects, project_count);
	for (size_t k = 0; k < sizeof FIELDS / sizeof *FIELDS; k++) {
		UiField f = {.name = arena_printf(req->arena, "line%zu_%s", i, FIELDS[k].member),
			     .label = FIELDS[k].label,
			     .type = FIELDS[k].type};
		f.value = shown(req, pre, f.name);
		const FieldError *e = errors_find(errs, arena_printf(req->arena, "lines[%zu].%s", i, FIELDS[k].error_member));
		if (e) {
			f.error = e->message;
			f.error_detail = e->detail[0] ? e->detail : NULL;
		}
		if (k == 0)
			ui_textarea(req, resp, &f);
		else
			ui_input(req, resp, &f);
	}
	UI_LIT(resp, "</fieldset>\n");
}

/* The form of a report of organization o: a new one (stored NULL), or
 * the correction of a stored draft or returned report. pre (stored, or
 * NULL) fills the fields on the first view; after a post they show what
 * was posted. */
static void report_form(Req *req, Resp *resp, Ctx *ctx, const Org *o, const Report *stored, const Report *pre,
			const Errors *errs)
{
	const char *title = T(req, stored ? "Correct the report" : "New report");
	ui_page_begin(req, resp, title);
	ui_printf(resp, "<h1>%h — ", title);
	ui_name(req, resp, o->name_en, o->name_prs, o->name_pus);
	UI_LIT(resp, "</h1>\n");
	if (stored && strcmp(stored->status, "returned") == 0 && stored->review_comments)
		ui_printf(resp, "<div class=\"notice\" id=\"review-comments\"><p>%h</p>\n<blockquote dir=\"auto\">%h</blockquote></div>\n",
			  T(req, "Returned with the reviewer's comments:"), stored->review_comments);
	ui_errors_summary(req, resp, errs);
	if (stored)
		ui_printf(resp, "<form method=\"post\" action=\"/reports/%lld\">\n", (long long)stored->id);
	else
		ui_printf(resp, "<form method=\"post\" action=\"/orgs/%lld/reports\">\n", (long long)o->id);
	ui_csrf_field(req, resp);
	UiField start = {.name = "period_start", .label = "Period from", .type = "date", .required = true,
			 .value = shown(req, pre, "period_start")};
	ui_field_take_error(&start, errs);
	ui_input(req, resp, &start);
	UiField end = {.name = "period_end", .label = N_("Period until"), .type = "date", .required = true,
		       .value = shown(req, pre, "period_end")};
	ui_field_take_error(&end, errs);
	ui_input(req, resp, &end);
	UiField summary = {.name = "summary", .label = N_("Summary of the period"), .value = shown(req, pre, "summary")};
	ui_field_take_error(&summary, errs);
	ui_textarea(req, resp, &summary);

	/* Recipients: organizations the reader sees, several at once. */
	OrgFilter of = {.limit = 500};
	OrgList orgs = {0};
	svc_org_list(ctx, &of, &orgs);
	UiOption *opts = ui_org_options(req, req->arena, &orgs);
	const char *chosen[REPORT_MAX_RECIPIENTS];
	size_t chosen_count = 0;
	if (pre) {
		for (size_t i = 0; i < pre->recipient_count && i < REPORT_MAX_RECIPIENTS; i++)
			chosen[chosen_count++] = arena_printf(req->arena, "%lld", (long long)pre->recipients[i]);
	} else {
		chosen_count = req_form_all(req, "recipient", chosen, REPORT_MAX_RECIPIENTS);
	}
	ui_printf(resp, "<label for=\"recipient\">%h</label>\n<select id=\"recipient\" name=\"recipient\" multiple size=\"6\">\n",
		  T(req, "Send to (one report for several recipients)"));
	for (size_t i = 0; i < orgs.count; i++) {
		bool on = false;
		for (size_t k = 0; k < chosen_count && k < REPORT_MAX_RECIPIENTS; k++)
			on = on || strcmp(chosen[k], opts[i].value) == 0;
		if (on)
			ui_printf(resp, "<option value=\"%h\" selected>%h</option>\n", opts[i].value, opts[i].label);
		else
			ui_printf(resp, "<option value=\"%h\">%h</option>\n", opts[i].value, opts[i].label);
	}
	UI_LIT(resp, "</select>\n");
	ui_list_errors(req, resp, errs, "recipients", NULL);

	ProjectFilter pf = {.org_id = o->id, .limit = 200};
	ProjectList projects = {0};
	svc_project_list(ctx, &pf, &projects);
	UiOption *popts = arena_zalloc(req->arena, (projects.count + 1) * sizeof *popts);
	for (size_t i = 0; i < projects.count; i++) {
		const Project *p = &projects.items[i];
		popts[i].value = arena_printf(req->arena, "%lld", (long long)p->id);
		popts[i].label = ui_pick(req, p->title_en, p->title_prs, p->title_pus, NULL);
	}
	/* A stored report shows each of its lines and one empty line more. */
	size_t lines = pre ? pre->line_count + 1 : stored ? posted_lines(req) : FORM_LINES;
	if (lines < FORM_LINES)
		lines = FORM_LINES;
	if (lines > REPORT_MAX_LINES)
		lines = REPORT_MAX_LINES;
	if (stored)
		ui_hidden(resp, "lines", arena_printf(req->arena, "%zu", lines));
	for (size_t i = 0; i < lines; i++)
		line_fieldset(req, resp, i, popts, projects.count, pre, errs);
	if (stored)
		ui_printf(resp, "<div class=\"actions\"><button type=\"submit\" name=\"then\" value=\"submit\">%h</button> "
				"<button type=\"submit\" name=\"then\" value=\"save\" class=\"secondary\">%h</button></div>\n</form>\n",
			  T(req, "Save and submit again"), T(req, "Save"));
	else
		ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button></div>\n</form>\n",
			  T(req, "Save as draft"));
	ui_page_end(req, resp);
}

void ui_report_new(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Org o;
	SvcStatus st = svc_org_get(&ctx, id, &o);
	if (st != SVC_OK)
		ui_fail(req, resp, &ctx, st);
	else
		report_form(req, resp, &ctx, &o, NULL, NULL, arena_zalloc(req->arena, sizeof(Errors)));
	ctx_end(&ctx);
}

/* Reads the form into a report; numbers that do not read are problems. */
static void report_from_form(Req *req, Report *r, Errors *errs)
{
	r->period_start = ui_trim(req->arena, req_form(req, "period_start"));
	r->period_end = ui_trim(req->arena, req_form(req, "period_end"));
	r->summary = ui_trim(req->arena, req_form(req, "summary"));
	const char *chosen[REPORT_MAX_RECIPIENTS + 1];
	size_t n = req_form_all(req, "recipient", chosen, REPORT_MAX_RECIPIENTS + 1);
	if (n > REPORT_MAX_RECIPIENTS) {
		errors_add(errs, "recipients", "has too many entries", NULL);
		n = REPORT_MAX_RECIPIENTS;
	}
	r->recipients = arena_zalloc(req->arena, (n + 1) * sizeof *r->recipients);
	for (size_t i = 0; i < n; i++)
		if (!parse_id(chosen[i], &r->recipients[r->recipient_count++]))
			errors_add_at(errs, "recipients", i, NULL, "must be the id of an organization", chosen[i]);
	size_t lines = posted_lines(req);
	r->lines = arena_zalloc(req->arena, lines * sizeof *r->lines);
	for (size_t i = 0; i < lines; i++) {
		ReportLine l;
		memset(&l, 0, sizeof l);
		l.female = l.male = l.girls = l.boys = NUM_UNKNOWN;
		const char *project = ui_trim(req->arena, line_field(req, i, "project"));
		l.progress = ui_trim(req->arena, line_field(req, i, "progress"));
		l.indicator = ui_trim(req->arena, line_field(req, i, "indicator"));
		l.currency = ui_trim(req->arena, line_field(req, i, "currency"));
		const char *f = arena_printf(req->arena, "lines[%zu].", i);
		if (project && !parse_id(project, &l.project_id))
			errors_add_at(errs, "lines", i, "project_id", "names no known project", project);
		ui_form_decimal(line_field(req, i, "value"), arena_printf(req->arena, "%svalue", f), &l.value,
				&l.has_value, errs);
		ui_form_count(line_field(req, i, "female"), arena_printf(req->arena, "%sfemale", f), &l.female, errs);
		ui_form_count(line_field(req, i, "male"), arena_printf(req->arena, "%smale", f), &l.male, errs);
		ui_form_decimal(line_field(req, i, "spending"), arena_printf(req->arena, "%sspending", f), &l.spending,
				&l.has_spending, errs);
		bool empty = !project && !l.progress && !l.indicator && !l.has_value && !l.has_spending &&
			     l.female == NUM_UNKNOWN && l.male == NUM_UNKNOWN;
		if (!empty)
			r->lines[r->line_count++] = l;
	}
}

void ui_report_create(Req *req, Resp *resp)
{
	int64_t org_id;
	if (!parse_id(req->params[0], &org_id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	Report r;
	memset(&r, 0, sizeof r);
	r.org_id = org_id;
	report_from_form(req, &r, errs);
	SvcStatus st;
	if (errs->count) {
		validate_report(ctx.ref, &r, errs);
		st = SVC_INVALID;
	} else {
		st = svc_report_create(&ctx, &r, errs);
	}
	if (st == SVC_OK) {
		resp_redirect(resp, arena_printf(req->arena, "/reports/%lld", (long long)r.id));
	} else if (st == SVC_INVALID) {
		Org o;
		SvcStatus os = svc_org_get(&ctx, org_id, &o);
		if (os != SVC_OK) {
			ui_fail(req, resp, &ctx, os);
		} else {
			report_form(req, resp, &ctx, &o, NULL, NULL, errs);
			resp->status = 400;
		}
	} else {
		ui_fail(req, resp, &ctx, st);
	}
	ctx_end(&ctx);
}

/* ---- correcting a draft or returned report ---- */

/* The stored report id and its organization, for its form; false (the
 * page answered) when the reader may not correct it. A report no longer
 * open to changes sends the reader to its page. */
static bool editable_report(Req *req, Resp *resp, Ctx *ctx, int64_t id, Report *r, Org *o)
{
	SvcStatus st = svc_report_get(ctx, id, r);
	if (st == SVC_OK && !svc_may_write_reports(ctx, r->org_id))
		st = SVC_FORBIDDEN;
	if (st == SVC_OK)
		st = svc_org_get(ctx, r->org_id, o);
	if (st != SVC_OK) {
		ui_fail(req, resp, ctx, st);
		return false;
	}
	if (strcmp(r->status, "draft") != 0 && strcmp(r->status, "returned") != 0) {
		resp_redirect(resp, arena_printf(req->arena, "/reports/%lld", (long long)id));
		return false;
	}
	return true;
}

void ui_report_edit(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Report r;
	Org o;
	if (editable_report(req, resp, &ctx, id, &r, &o))
		report_form(req, resp, &ctx, &o, &r, &r, arena_zalloc(req->arena, sizeof(Errors)));
	ctx_end(&ctx);
}

void ui_report_update(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	Report stored;
	SvcStatus st = svc_report_get(&ctx, id, &stored);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}
	Report r;
	memset(&r, 0, sizeof r);
	r.id = id;
	r.org_id = stored.org_id;
	report_from_form(req, &r, errs);
	if (errs->count) {
		validate_report(ctx.ref, &r, errs);
		/* Refuse as the service would, before naming the form's problems. */
		st = svc_may_write_reports(&ctx, stored.org_id) ? SVC_INVALID : SVC_FORBIDDEN;
	} else {
		st = svc_report_update(&ctx, &r, errs);
	}
	const char *then = req_form(req, "then");
	if (st == SVC_OK && then && strcmp(then, "submit") == 0)
		st = svc_report_submit(&ctx, id, errs);
	if (st == SVC_OK) {
		resp_redirect(resp, arena_printf(req->arena, "/reports/%lld", (long long)id));
	} else if (st == SVC_INVALID) {
		Org o;
		/* Read again: a failed resubmission leaves the saved changes. */
		if ((st = svc_report_get(&ctx, id, &stored)) == SVC_OK)
			st = svc_org_get(&ctx, stored.org_id, &o);
		if (st != SVC_OK) {
			ui_fail(req, resp, &ctx, st);
		} else {
			report_form(req, resp, &ctx, &o, &stored, NULL, errs);
			resp->status = 400;
		}
	} else {
		ui_fail(req, resp, &ctx, st);
	}
done:
	ctx_end(&ctx);
}

/* ---- organization status ---- */

void ui_org_status_change(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	OrgStatusChange c = {.org_id = id,
			     .change = ui_trim(req->arena, req_form(req, "change")),
			     .reason = ui_trim(req->arena, req_form(req, "reason"))};
	SvcStatus st = svc_org_status_change(&ctx, &c, errs);
	if (st == SVC_OK) {
		resp_redirect(resp, arena_printf(req->arena, "/orgs/%lld#reporting", (long long)id));
	} else if (st == SVC_INVALID) {
		ui_page_begin(req, resp, T(req, "Status change refused"));
		ui_printf(resp, "<h1>%h</h1>\n", T(req, "Status change refused"));
		ui_errors_summary(req, resp, errs);
		ui_printf(resp, "<p><a href=\"/orgs/%lld#reporting\">%h</a></p>\n", (long long)id,
			  T(req, "Back to the organization"));
		ui_page_end(req, resp);
		resp->status = 400;
	} else {
		ui_fail(req, resp, &ctx, st);
	}
	ctx_end(&ctx);
}

/* ---- the organization page's section ---- */

static void status_form(Req *req, Resp *resp, int64_t org_id)
{
	static const char *const CHANGES[] = {"suspended", "dissolved", "inactive", "reinstated", "active"};
	static const char *const LABELS[] = {N_("Suspend"), N_("Dissolved"), N_("Mark inactive"), N_("Reinstate"), N_("Active")};
	UiOption opts[5];
	for (size_t i = 0; i < 5; i++) {
		opts[i].value = CHANGES[i];
		opts[i].label = T(req, LABELS[i]);
	}
	ui_printf(resp, "<form method=\"post\" action=\"/orgs/%lld/status\" id=\"status-change\">\n<h3>%h</h3>\n",
		  (long long)org_id, T(req, "Change the status"));
	ui_csrf_field(req, resp);
	UiField change = {.name = "change", .label = N_("New status"), .required = true};
	ui_select(req, resp, &change, opts, 5);
	UiField reason = {.name = "reason", .label = N_("Reason"), .required = true,
			  .hint = N_("Kept in the history with your name and the date.")};
	ui_textarea(req, resp, &reason);
	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button></div>\n</form>\n",
		  T(req, "Change the status"));
}

void ui_org_reporting(Req *req, Resp *resp, Ctx *ctx, int64_t org_id, const char *org_status)
{
	ComplianceRow row;
	bool has_obligation = svc_org_compliance(ctx, org_id, &row) == SVC_OK;
	Report *reports = NULL;
	size_t report_count = 0;
	svc_report_list(ctx, org_id, &reports, &report_count);
	OrgStatusChange *history = NULL;
	size_t history_count = 0;
	svc_org_status_history(ctx, org_id, &history, &history_count);
	bool may_change = svc_may_change_org_status(ctx);
	bool may_write = svc_may_write_reports(ctx, org_id);
	if (!has_obligation && !report_count && !history_count && !may_change && !may_write)
		return;

	ui_printf(resp, "<section aria-labelledby=\"reporting\">\n<h2 id=\"reporting\">%h</h2>\n",
		  T(req, "Reporting and status"));
	if (has_obligation && row.overdue) {
		const Period *oldest = NULL;
		for (size_t k = 0; k < row.period_count && !oldest; k++)
			if (row.states[k] == PERIOD_MISSING)
				oldest = &row.periods[k];
		ui_printf(resp, "<p class=\"notice\" role=\"status\" id=\"overdue\">%h %h – %h (%h %h).</p>\n",
			  T(req, "Overdue report: nothing was submitted for the period"),
			  day_iso(req->arena, oldest->first_day), day_iso(req->arena, oldest->last_day),
			  T(req, "due on"), day_iso(req->arena, oldest->due_day));
	}
	if (has_obligation && row.silent && org_status && strcmp(org_status, "inactive") != 0)
		ui_printf(resp, "<p class=\"notice\">%h</p>\n",
			  T(req, "No report for two years: a reviewer may mark the organization inactive, with the reason."));
	if (has_obligation) {
		ui_printf(resp, "<p>%h ", T(req, "Reports"));
		ui_printf(resp, "%h ", T(req, ui_frequency_label(row.obligation.frequency)));
		if (row.obligation.authority_id) {
			ui_printf(resp, "%h ", T(req, "to"));
			ui_org_link(req, resp, row.obligation.authority_id, row.obligation.authority_name);
		}
		ui_printf(resp, " %h %h (%h, %h %d).</p>\n", T(req, "since"), row.obligation.start_date,
			  T(req, ui_frequency_label(row.obligation.calendar)), T(req, "days of grace:"), row.obligation.grace_days);
	}
	if (report_count) {
		ui_printf(resp, "<ul id=\"reports\">\n");
		for (size_t i = 0; i < report_count; i++)
			ui_printf(resp, "<li><a href=\"/reports/%lld\">%h – %h</a> <span class=\"badge\">%h</span></li>\n",
				  (long long)reports[i].id, reports[i].period_start, reports[i].period_end,
				  T(req, status_label(reports[i].status)));
		UI_LIT(resp, "</ul>\n");
	}
	if (may_write)
		ui_printf(resp, "<p><a class=\"button secondary\" href=\"/orgs/%lld/reports/new\">%h</a></p>\n",
			  (long long)org_id, T(req, "New report"));
	if (history_count) {
		ui_printf(resp, "<h3>%h</h3>\n<ol id=\"status-history\">\n", T(req, "Status history"));
		for (size_t i = 0; i < history_count; i++) {
			const OrgStatusChange *c = &history[i];
			ui_printf(resp, "<li><time>%h</time> %h → %h — <bdi>%h</bdi>: <q dir=\"auto\">%h</q></li>\n", c->at,
				  T(req, ui_org_status(c->old_status ? c->old_status : "")), T(req, ui_org_status(c->change)), c->actor,
				  c->reason);
		}
		UI_LIT(resp, "</ol>\n");
	}
	if (may_change)
		status_form(req, resp, org_id);
	UI_LIT(resp, "</section>\n");
}
