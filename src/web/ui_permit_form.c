/*
 * ui_permit_form.c — the forms of applications to authorities (sector
 * MoUs, tax numbers, registrations and renewals): registering one (GET
 * /permits/new, POST /permits) and recording the decision on an open one
 * (GET and POST /permits/{id}/decision). The waiting times on /permits
 * (ui_permits.c) follow from the dates written here.
 *
 * Every write goes through svc_coord, which validates, decides who may
 * (the applicant's or the authority's editors, ministry reviewers,
 * coordinators, admins) and audits; dates may be typed in either
 * calendar. A mistaken post shows the form again with every problem and
 * what was typed.
 */
#include <string.h>

#include "svc/svc_coord.h"
#include "web/api.h"
#include "web/coord_web.h"
#include "web/pages.h"

#define FORM_ORGS_MAX 500
#define FORM_PROJECTS_MAX 200

static const char *const KINDS[] = {"sector_mou", "tin", "registration", "registration_renewal"};
static const char *const KIND_LABELS[] = {N_("Sector MoU"), N_("Tax number (TIN)"), N_("Registration"),
					  N_("Registration renewal")};
static const char *const OUTCOMES[] = {"approved", "refused", "withdrawn"};
static const char *const OUTCOME_LABELS[] = {N_("Approved"), N_("Refused"), N_("Withdrawn")};

static UiOption *options(Req *req, const char *const *values, const char *const *labels, size_t n)
{
	UiOption *opts = arena_zalloc(req->arena, n * sizeof *opts);
	for (size_t i = 0; i < n; i++) {
		opts[i].value = values[i];
		opts[i].label = T(req, labels[i]);
	}
	return opts;
}

static const char *kind_label(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof KINDS / sizeof *KINDS; i++)
		if (strcmp(kind, KINDS[i]) == 0)
			return KIND_LABELS[i];
	return kind ? kind : "";
}

static const char *day_hint(void)
{
	return N_("YYYY-MM-DD, or a Solar Hijri day: sh:YYYY-MM-DD.");
}

/* An id of the form: 0 when empty, a problem when not a number. */
static int64_t form_id(Req *req, const char *name, const char *message, Errors *errs)
{
	const char *v = ui_trim(req->arena, req_form(req, name));
	int64_t id = 0;
	if (v && !parse_id(v, &id))
		errors_add(errs, name, message, v);
	return id;
}

/* ---- a new application ---- */

static void application_form(Req *req, Resp *resp, Ctx *ctx, bool posted, const Errors *errs)
{
	ui_page_begin(req, resp, T(req, "Register an application"));
	ui_printf(resp, "<h1>%h</h1>\n", T(req, "Register an application"));
	ui_errors_summary(req, resp, errs);
	OrgFilter of = {.limit = FORM_ORGS_MAX};
	OrgList orgs = {0};
	if (svc_org_list(ctx, &of, &orgs) != SVC_OK)
		orgs.count = 0;
	UiOption *all = ui_org_options(req, req->arena, &orgs);
	/* Applicants: the organizations the reader may apply for. */
	UiOption *applicants = arena_zalloc(req->arena, (orgs.count + 1) * sizeof *applicants);
	size_t n_applicants = 0;
	for (size_t i = 0; i < orgs.count; i++) {
		Application probe = {.org_id = orgs.items[i].id};
		if (svc_may_write_application(ctx, &probe))
			applicants[n_applicants++] = all[i];
	}
	ProjectFilter pf = {.limit = FORM_PROJECTS_MAX};
	ProjectList projects = {0};
	if (svc_project_list(ctx, &pf, &projects) != SVC_OK)
		projects.count = 0;
	UiOption *popts = arena_zalloc(req->arena, (projects.count + 1) * sizeof *popts);
	for (size_t i = 0; i < projects.count; i++) {
		const Project *p = &projects.items[i];
		popts[i].value = arena_printf(req->arena, "%lld", (long long)p->id);
		popts[i].label = ui_pick(req, p->title_en, p->title_prs, p->title_pus, NULL);
	}
	UI_LIT(resp, "<form method=\"post\" action=\"/permits\">\n");
	ui_csrf_field(req, resp);
	UiField org = {.name = "org_id", .label = N_("Applicant"), .required = true,
		       .value = posted ? req_form(req, "org_id") : req_query(req, "org")};
	UiField project = {.name = "project_id", .label = N_("Project (where the application is for one)"),
			   .value = posted ? req_form(req, "project_id") : req_query(req, "project")};
	UiField authority = {.name = "authority_id", .label = "Authority", .required = true,
			     .value = posted ? req_form(req, "authority_id") : NULL};
	UiField kind = {.name = "kind", .label = "Kind", .required = true, .value = posted ? req_form(req, "kind") : NULL};
	UiField submitted = {.name = "submitted", .label = N_("Submitted on"), .required = true,
			     .value = posted ? req_form(req, "submitted") : NULL, .hint = day_hint()};
	UiField note = {.name = "note", .label = "Note", .value = posted ? req_form(req, "note") : NULL};
	UiField *fields[] = {&org, &project, &authority, &kind, &submitted, &note};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		ui_field_take_error(fields[i], errs);
	ui_select(req, resp, &org, applicants, n_applicants);
	ui_select(req, resp, &project, popts, projects.count);
	ui_select(req, resp, &authority, all, orgs.count);
	ui_select(req, resp, &kind, options(req, KINDS, KIND_LABELS, 4), 4);
	ui_input(req, resp, &submitted);
	ui_textarea(req, resp, &note);
	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button></div>\n</form>\n",
		  T(req, "Register the application"));
	ui_page_end(req, resp);
}

void ui_permit_new(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	application_form(req, resp, &ctx, false, errs);
	ctx_end(&ctx);
}

void ui_permit_create(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	Application ap = {.org_id = form_id(req, "org_id", "must be the id of an organization", errs),
			  .authority_id = form_id(req, "authority_id", "must be the id of an organization", errs),
			  .project_id = form_id(req, "project_id", "names no known project", errs),
			  .kind = ui_trim(req->arena, req_form(req, "kind")),
			  .submitted = ui_trim(req->arena, req_form(req, "submitted")),
			  .note = ui_trim(req->arena, req_form(req, "note"))};
	/* Through the form an application is registered while it waits; its
	 * decision is recorded later, on its own form. */
	ap.outcome = "pending";
	SvcStatus st = svc_application_create(&ctx, &ap, errs);
	if (st == SVC_OK) {
		resp_redirect(resp, arena_printf(req->arena, "/permits#application-%lld", (long long)ap.id));
	} else if (st == SVC_INVALID) {
		application_form(req, resp, &ctx, true, errs);
		resp->status = 400;
	} else {
		ui_fail(req, resp, &ctx, st);
	}
	ctx_end(&ctx);
}

/* ---- the decision ---- */

static void decision_form(Req *req, Resp *resp, const Application *ap, bool posted, const Errors *errs)
{
	ui_page_begin(req, resp, T(req, "Record the decision"));
	ui_printf(resp, "<h1>%h</h1>\n", T(req, "Record the decision"));
	ui_errors_summary(req, resp, errs);
	ui_printf(resp, "<table class=\"profile\">\n<tbody>\n<tr><th scope=\"row\">%h</th><td>", T(req, "Applicant"));
	ui_org_link(req, resp, ap->org_id, ap->org_name);
	ui_printf(resp, "</td></tr>\n<tr><th scope=\"row\">%h</th><td>", T(req, "Authority"));
	ui_org_link(req, resp, ap->authority_id, ap->authority_name);
	ui_printf(resp, "</td></tr>\n<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n", T(req, "Kind"),
		  T(req, kind_label(ap->kind)));
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><bdi>%h</bdi></td></tr>\n</tbody>\n</table>\n",
		  T(req, "Submitted"), ap->submitted ? ap->submitted : "");
	ui_printf(resp, "<form method=\"post\" action=\"/permits/%lld/decision\">\n", (long long)ap->id);
	ui_csrf_field(req, resp);
	UiField outcome = {.name = "outcome", .label = N_("Outcome"), .required = true,
			   .value = posted ? req_form(req, "outcome") : NULL};
	UiField decided = {.name = "decided", .label = N_("Decided on"), .required = true,
			   .value = posted ? req_form(req, "decided") : NULL, .hint = day_hint()};
	UiField note = {.name = "note", .label = "Note", .value = posted ? req_form(req, "note") : ap->note};
	ui_field_take_error(&outcome, errs);
	ui_field_take_error(&decided, errs);
	ui_field_take_error(&note, errs);
	ui_select(req, resp, &outcome, options(req, OUTCOMES, OUTCOME_LABELS, 3), 3);
	ui_input(req, resp, &decided);
	ui_textarea(req, resp, &note);
	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button></div>\n</form>\n",
		  T(req, "Record the decision"));
	ui_page_end(req, resp);
}

void ui_permit_decision_form(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Application ap;
	SvcStatus st = svc_application_get(&ctx, id, &ap);
	if (st == SVC_OK && !svc_may_write_application(&ctx, &ap))
		st = SVC_FORBIDDEN;
	if (st != SVC_OK)
		ui_fail(req, resp, &ctx, st);
	else if (strcmp(ap.outcome, "pending") != 0)
		resp_redirect(resp, arena_printf(req->arena, "/permits#application-%lld", (long long)id));
	else
		decision_form(req, resp, &ap, false, arena_zalloc(req->arena, sizeof(Errors)));
	ctx_end(&ctx);
}

void ui_permit_decide(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	Application d = {.id = id,
			 .decided = ui_trim(req->arena, req_form(req, "decided")),
			 .outcome = ui_trim(req->arena, req_form(req, "outcome")),
			 .note = ui_trim(req->arena, req_form(req, "note"))};
	SvcStatus st = svc_application_decide(&ctx, &d, errs);
	if (st == SVC_OK) {
		resp_redirect(resp, arena_printf(req->arena, "/permits#application-%lld", (long long)id));
	} else if (st == SVC_INVALID) {
		Application ap;
		st = svc_application_get(&ctx, id, &ap);
		if (st != SVC_OK) {
			ui_fail(req, resp, &ctx, st);
		} else {
			decision_form(req, resp, &ap, true, errs);
			resp->status = 400;
		}
	} else {
		ui_fail(req, resp, &ctx, st);
	}
	ctx_end(&ctx);
}
