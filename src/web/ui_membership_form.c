/*
 * ui_membership_form.c — the memberships of one organization as a page
 * to work on (GET /orgs/{id}/memberships): the bodies it belongs to and,
 * for a body, its members, each with a form to record a new status from a
 * date (POST /memberships/{id}) where the reader may; and a form to add a
 * membership (POST /orgs/{id}/memberships).
 *
 * Who may is decided by svc_coord (a body's editors, coordinators and
 * admins write its memberships); the forms are offered by the same rules
 * only so as not to offer what would be refused. A refused or mistaken
 * post shows the page again with every problem and what was typed.
 */
#include <string.h>

#include "svc/svc_coord.h"
#include "web/api.h"
#include "web/coord_web.h"
#include "web/pages.h"

#define FORM_ORGS_MAX 500

static const char *const STATUSES[] = {"applied", "member", "certified", "lapsed"};
static const char *const STATUS_LABELS[] = {N_("Applied"), N_("Member"), N_("Certified member"),
					    N_("Lapsed")};
#define STATUS_COUNT (sizeof STATUSES / sizeof *STATUSES)

static const char *status_label(const char *s)
{
	for (size_t i = 0; s && i < STATUS_COUNT; i++)
		if (strcmp(s, STATUSES[i]) == 0)
			return STATUS_LABELS[i];
	return s ? s : "";
}

static UiOption *status_options(Req *req)
{
	UiOption *opts = arena_zalloc(req->arena, STATUS_COUNT * sizeof *opts);
	for (size_t i = 0; i < STATUS_COUNT; i++) {
		opts[i].value = STATUSES[i];
		opts[i].label = T(req, STATUS_LABELS[i]);
	}
	return opts;
}

/* What a failed post leaves for the page to show again. */
typedef struct Failed {
	const Errors *errs;  /* every problem; never NULL */
	int64_t membership;  /* the membership whose status form failed, or 0 */
	bool adding;         /* the form adding a membership failed */
} Failed;

/* The problem of one field of the failed status form, beside it. */
static void status_error(Req *req, Resp *resp, const Failed *f, const char *field, const char *id)
{
	const FieldError *e = errors_find(f->errs, field);
	if (e)
		ui_field_error(req, resp, id, e->message, e->detail[0] ? e->detail : NULL);
}

/* The small form recording a new status of membership m; its element ids
 * carry the membership's id, so that several fit on one page. */
static void status_form(Req *req, Resp *resp, const Membership *m, int64_t back, const Failed *f)
{
	bool failed = f->membership == m->id;
	const char *status = failed ? req_form(req, "status") : m->status;
	const char *date = failed ? req_form(req, "date") : NULL;
	const char *note = failed ? req_form(req, "note") : NULL;
	long long id = (long long)m->id;
	ui_printf(resp, "<form method=\"post\" action=\"/memberships/%lld\" class=\"inline\" id=\"change-%lld\">\n", id, id);
	ui_csrf_field(req, resp);
	ui_hidden(resp, "back", arena_printf(req->arena, "%lld", (long long)back));
	ui_printf(resp, "<label for=\"status-%lld\">%h</label> <select id=\"status-%lld\" name=\"status\">\n", id,
		  T(req, "New status"), id);
	for (size_t i = 0; i < STATUS_COUNT; i++)
		ui_printf(resp, "<option value=\"%h\"%h>%h</option>\n", STATUSES[i],
			  status && strcmp(status, STATUSES[i]) == 0 ? " selected" : "", T(req, STATUS_LABELS[i]));
	UI_LIT(resp, "</select>\n");
	if (failed)
		status_error(req, resp, f, "status", arena_printf(req->arena, "status-%lld", id));
	ui_printf(resp, "<label for=\"date-%lld\">%h</label> <input id=\"date-%lld\" name=\"date\" size=\"12\" required value=\"%h\">\n",
		  id, T(req, "From (date)"), id, date ? date : "");
	if (failed)
		status_error(req, resp, f, "date", arena_printf(req->arena, "date-%lld", id));
	ui_printf(resp, "<label for=\"note-%lld\">%h</label> <input id=\"note-%lld\" name=\"note\" value=\"%h\">\n", id,
		  T(req, "Note"), id, note ? note : "");
	if (failed)
		status_error(req, resp, f, "note", arena_printf(req->arena, "note-%lld", id));
	ui_printf(resp, "<button type=\"submit\">%h</button>\n</form>\n", T(req, "Record the status"));
}

/* One list of memberships, naming the other side; with status forms. */
static void membership_list(Req *req, Resp *resp, Ctx *ctx, const char *heading, const char *id,
			    const Membership *list, size_t n, bool name_body, int64_t back, const Failed *f)
{
	ui_printf(resp, "<h2>%h</h2>\n", T(req, heading));
	if (!n) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "None recorded."));
		return;
	}
	ui_printf(resp, "<ul id=\"%h\">\n", id);
	for (size_t i = 0; i < n; i++) {
		const Membership *m = &list[i];
		ui_printf(resp, "<li id=\"membership-%lld\">", (long long)m->id);
		if (name_body)
			ui_org_link(req, resp, m->body_id, m->body_name);
		else
			ui_org_link(req, resp, m->org_id, m->org_name);
		ui_printf(resp, " <span class=\"badge\">%h</span>", T(req, status_label(m->status)));
		const char *span = ui_span(req, m->since, m->until);
		if (*span)
			ui_printf(resp, " <span class=\"muted\">(<bdi>%h</bdi>)</span>", span);
		if (m->note && *m->note)
			ui_printf(resp, " <span class=\"muted\">— <bdi>%h</bdi></span>", m->note);
		if (svc_may_write_membership(ctx, m->body_id))
			status_form(req, resp, m, back, f);
		UI_LIT(resp, "</li>\n");
	}
	UI_LIT(resp, "</ul>\n");
}

/* The form adding a membership: the body among those the reader may
 * write for, the member among every organization it sees (this one
 * first chosen, unless it is the only body offered). */
static void add_form(Req *req, Resp *resp, Ctx *ctx, const Org *o, const Failed *f)
{
	OrgFilter of = {.limit = FORM_ORGS_MAX};
	OrgList orgs = {0};
	if (svc_org_list(ctx, &of, &orgs) != SVC_OK)
		orgs.count = 0;
	UiOption *all = ui_org_options(req, req->arena, &orgs);
	UiOption *bodies = arena_zalloc(req->arena, (orgs.count + 1) * sizeof *bodies);
	size_t n_bodies = 0;
	for (size_t i = 0; i < orgs.count; i++)
		if (svc_may_write_membership(ctx, orgs.items[i].id))
			bodies[n_bodies++] = all[i];
	ui_printf(resp, "<h2 id=\"add\">%h</h2>\n", T(req, "Add a membership"));
	if (!n_bodies) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n",
			  T(req, "Members are recorded by the editors of the body, coordinators and administrators."));
		return;
	}
	const char *self = arena_printf(req->arena, "%lld", (long long)o->id);
	bool only_self = n_bodies == 1 && strcmp(bodies[0].value, self) == 0;
	const Errors *errs = f->adding ? f->errs : NULL;
	ui_printf(resp, "<form method=\"post\" action=\"/orgs/%lld/memberships\">\n", (long long)o->id);
	ui_csrf_field(req, resp);
	UiField member = {.name = "org_id", .label = N_("Member"), .required = true,
			  .value = f->adding ? req_form(req, "org_id") : only_self ? NULL : self};
	UiField body = {.name = "body_id", .label = N_("Body, cluster or network"), .required = true,
			.value = f->adding ? req_form(req, "body_id") : only_self ? self : NULL};
	UiField status = {.name = "status", .label = N_("Status"), .required = true,
			  .value = f->adding ? req_form(req, "status") : "member"};
	UiField since = {.name = "since", .label = N_("Since"),
			 .value = f->adding ? req_form(req, "since") : NULL,
			 .hint = N_("As much as is known: YYYY, YYYY-MM or YYYY-MM-DD, or a Solar Hijri day: sh:YYYY-MM-DD.")};
	UiField note = {.name = "note", .label = N_("Note"), .value = f->adding ? req_form(req, "note") : NULL};
	if (errs) {
		ui_field_take_error(&member, errs);
		ui_field_take_error(&body, errs);
		ui_field_take_error(&status, errs);
		ui_field_take_error(&since, errs);
		ui_field_take_error(&note, errs);
	}
	ui_select(req, resp, &member, all, orgs.count);
	ui_select(req, resp, &body, bodies, n_bodies);
	ui_select(req, resp, &status, status_options(req), STATUS_COUNT);
	ui_input(req, resp, &since);
	ui_input(req, resp, &note);
	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button></div>\n</form>\n",
		  T(req, "Add the membership"));
}

/* The page of org_id's memberships; f holds what a failed post left. */
static void memberships_page(Req *req, Resp *resp, Ctx *ctx, int64_t org_id, const Failed *f)
{
	Org o;
	Membership *of = NULL, *members = NULL;
	size_t n_of = 0, n_members = 0;
	SvcStatus st = svc_org_get(ctx, org_id, &o);
	if (st == SVC_OK)
		st = svc_memberships(ctx, org_id, 0, &of, &n_of);
	if (st == SVC_OK)
		st = svc_memberships(ctx, 0, org_id, &members, &n_members);
	if (st != SVC_OK) {
		ui_fail(req, resp, ctx, st);
		return;
	}
	ui_page_begin(req, resp, T(req, "Memberships"));
	ui_printf(resp, "<h1>%h — ", T(req, "Memberships"));
	ui_name(req, resp, o.name_en, o.name_prs, o.name_pus);
	UI_LIT(resp, "</h1>\n");
	ui_printf(resp, "<p><a href=\"/orgs/%lld#memberships\">%h</a></p>\n", (long long)org_id,
		  T(req, "Back to the organization"));
	if (f->errs->count) {
		resp->status = 400;
		ui_errors_summary(req, resp, f->errs);
	}
	ui_printf(resp, "<p class=\"muted\">%h</p>\n",
		  T(req, "A new status takes effect on the date given: Lapsed ends the membership then, any other status starts then. "
			 "Every change is kept in the history with your name."));
	membership_list(req, resp, ctx, N_("Member of"), "member-of", of, n_of, true, org_id, f);
	if (n_members || svc_may_write_membership(ctx, org_id))
		membership_list(req, resp, ctx, N_("Members"), "members", members, n_members, false, org_id, f);
	add_form(req, resp, ctx, &o, f);
	ui_page_end(req, resp);
}

void ui_org_memberships_page(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	Failed f = {.errs = errs};
	memberships_page(req, resp, &ctx, id, &f);
	ctx_end(&ctx);
}

/* An organization id of the form: 0 when empty, a problem when not a number. */
static int64_t form_org(Req *req, const char *name, Errors *errs)
{
	const char *v = ui_trim(req->arena, req_form(req, name));
	int64_t id = 0;
	if (v && !parse_id(v, &id))
		errors_add(errs, name, "must be the id of an organization", v);
	return id;
}

void ui_membership_create(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	Membership m = {.org_id = form_org(req, "org_id", errs),
			.body_id = form_org(req, "body_id", errs),
			.status = ui_trim(req->arena, req_form(req, "status")),
			.since = ui_trim(req->arena, req_form(req, "since")),
			.note = ui_trim(req->arena, req_form(req, "note"))};
	SvcStatus st = svc_membership_create(&ctx, &m, errs);
	if (st == SVC_OK) {
		resp_redirect(resp, arena_printf(req->arena, "/orgs/%lld/memberships#membership-%lld", (long long)id,
						 (long long)m.id));
	} else if (st == SVC_INVALID) {
		Failed f = {.errs = errs, .adding = true};
		memberships_page(req, resp, &ctx, id, &f);
	} else {
		ui_fail(req, resp, &ctx, st);
	}
	ctx_end(&ctx);
}

void ui_membership_status(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	Membership m;
	SvcStatus st = svc_membership_status(&ctx, id, ui_trim(req->arena, req_form(req, "status")),
					     ui_trim(req->arena, req_form(req, "date")),
					     ui_trim(req->arena, req_form(req, "note")), errs, &m);
	/* Back to the page the form was on: the member's or the body's. */
	int64_t back = 0;
	const char *b = req_form(req, "back");
	if (st == SVC_OK || st == SVC_INVALID) {
		Membership stored;
		if (svc_membership_get(&ctx, id, &stored) == SVC_OK) {
			if (!b || !parse_id(b, &back) || (back != stored.org_id && back != stored.body_id))
				back = stored.org_id;
		}
	}
	if (st == SVC_OK) {
		resp_redirect(resp, arena_printf(req->arena, "/orgs/%lld/memberships#membership-%lld", (long long)back,
						 (long long)id));
	} else if (st == SVC_INVALID && back) {
		Failed f = {.errs = errs, .membership = id};
		memberships_page(req, resp, &ctx, back, &f);
	} else {
		ui_fail(req, resp, &ctx, st == SVC_INVALID ? SVC_ERROR : st);
	}
	ctx_end(&ctx);
}
