/*
 * ui_meetings.c — GET /meetings (the list), GET /meetings/{id} (one
 * meeting: who convened it, where, who took part, attendance by sex,
 * agenda, documents, and its recommendations with their history and a
 * follow-up form), GET /meetings/new and POST /meetings (recording a
 * meeting), POST /recommendations/{id} (a follow-up: status and note).
 *
 * Reads and writes go through svc_*; the service decides who sees and who
 * may write. What the page writes goes through ui_printf (escaped) and T().
 */
#include <string.h>

#include "core/place.h"
#include "svc/svc_coord.h"
#include "web/api.h"
#include "web/coord_web.h"
#include "web/pages.h"

#define FORM_ORGS_MAX 500

static const char *const REC_STATUSES[] = {"open", "in_progress", "done", "dropped"};

/* Message id of a recommendation status. */
static const char *rec_status_label(const char *s)
{
	if (!s)
		return "";
	if (strcmp(s, "open") == 0)
		return N_("Open");
	if (strcmp(s, "in_progress") == 0)
		return N_("In progress");
	if (strcmp(s, "done") == 0)
		return N_("Done");
	if (strcmp(s, "dropped") == 0)
		return N_("Dropped");
	return s;
}

/* ---- the list ---- */

void ui_meetings_list(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Meeting *list;
	size_t n;
	SvcStatus st = svc_meetings(&ctx, 0, &list, &n);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}
	ui_page_begin(req, resp, T(req, "Meetings"));
	ui_printf(resp, "<h1>%h</h1>\n<p class=\"actions\"><a class=\"button secondary\" href=\"/meetings/new\">%h</a> "
			"<a href=\"/permits\">%h</a></p>\n",
		  T(req, "Meetings"), T(req, "Record a meeting"), T(req, "Waiting times of permits and MoUs"));
	if (!n) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "None recorded."));
	} else {
		ui_printf(resp, "<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
				"<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\" class=\"num\">%h</th>"
				"<th scope=\"col\" class=\"num\">%h</th><th scope=\"col\" class=\"num\">%h</th></tr></thead>\n<tbody>\n",
			  T(req, "Date"), T(req, "Topic"), T(req, "Convened by"), T(req, "Place"), T(req, "Attendance"),
			  T(req, "Women"), T(req, "Recommendations"));
		for (size_t i = 0; i < n; i++) {
			const Meeting *m = &list[i];
			ui_printf(resp, "<tr><td>%h</td><th scope=\"row\"><a href=\"/meetings/%lld\"><bdi>%h</bdi></a></th><td>",
				  m->date ? m->date : "", (long long)m->id, m->topic ? m->topic : "");
			if (m->convener_id)
				ui_org_link(req, resp, m->convener_id, m->convener_name);
			UI_LIT(resp, "</td><td>");
			if (m->pcode)
				ui_place_link(req, resp, ctx.ref->gaz, m->pcode, true);
			ui_printf(resp, "</td><td class=\"num\">%h</td><td class=\"num\">%h</td><td class=\"num\">%zu</td></tr>\n",
				  ui_count(req->arena, m->attendance_total),
				  ui_count(req->arena, m->attendance_female), m->rec_count);
		}
		UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
	}
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}

/* ---- one meeting ---- */

static void fact_row(Req *req, Resp *resp, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	ui_printf(resp, "<tr><th scope=\"row\">%h</th><td><bdi>%h</bdi></td></tr>\n", T(req, label), value);
}

static void recommendation_item(Req *req, Resp *resp, Ctx *ctx, const Recommendation *r)
{
	ui_printf(resp, "<li id=\"rec-%lld\"><p dir=\"auto\">%h</p>\n<p>", (long long)r->id, r->text ? r->text : "");
	ui_printf(resp, "<span class=\"badge\">%h</span> ", T(req, rec_status_label(r->status)));
	if (r->addressed_org) {
		ui_printf(resp, "%h: ", T(req, "Addressed to"));
		ui_org_link(req, resp, r->addressed_org, r->addressed_org_name);
	} else if (r->addressed_to && *r->addressed_to) {
		ui_printf(resp, "%h: <bdi>%h</bdi>", T(req, "Addressed to"), r->addressed_to);
	}
	if (r->addressed_kind)
		ui_printf(resp, " <span class=\"muted\">(%h)</span>", ui_code(req, &ctx->ref->org_kinds, r->addressed_kind));
	if (r->due_date)
		ui_printf(resp, " — %h <bdi>%h</bdi>", T(req, "due"), r->due_date);
	UI_LIT(resp, "</p>\n");

	RecommendationEvent *ev;
	size_t n;
	if (svc_recommendation_events(ctx, r->id, &ev, &n) == SVC_OK && n) {
		ui_printf(resp, "<details><summary>%h (%zu)</summary>\n<ol>\n", T(req, "History"), n);
		for (size_t i = 0; i < n; i++) {
			ui_printf(resp, "<li><time>%h</time> <bdi>%h</bdi>: %h", ev[i].at, ev[i].actor,
				  T(req, rec_status_label(ev[i].status)));
			if (ev[i].note)
				ui_printf(resp, " — <bdi>%h</bdi>", ev[i].note);
			UI_LIT(resp, "</li>\n");
		}
		UI_LIT(resp, "</ol>\n</details>\n");
	}
	if (req->user) {
		ui_printf(resp, "<form method=\"post\" action=\"/recommendations/%lld\" class=\"inline\">\n", (long long)r->id);
		ui_csrf_field(req, resp);
		ui_printf(resp, "<label for=\"status-%lld\">%h</label> <select id=\"status-%lld\" name=\"status\">",
			  (long long)r->id, T(req, "Status"), (long long)r->id);
		for (size_t i = 0; i < sizeof REC_STATUSES / sizeof *REC_STATUSES; i++)
			ui_printf(resp, "<option value=\"%h\"%h>%h</option>", REC_STATUSES[i],
				  r->status && strcmp(r->status, REC_STATUSES[i]) == 0 ? " selected" : "",
				  T(req, rec_status_label(REC_STATUSES[i])));
		ui_printf(resp, "</select>\n<label for=\"note-%lld\">%h</label> <input id=\"note-%lld\" name=\"note\" maxlength=\"2000\">\n"
				"<button type=\"submit\">%h</button>\n</form>\n",
			  (long long)r->id, T(req, "Follow-up note"), (long long)r->id, T(req, "Record follow-up"));
	}
	UI_LIT(resp, "</li>\n");
}

static bool web_address(const char *url)
{
	return url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
}

void ui_meeting_page(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Meeting m;
	SvcStatus st = svc_meeting_get(&ctx, id, &m);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}
	ui_page_begin(req, resp, m.topic ? m.topic : T(req, "Meeting"));
	ui_printf(resp, "<h1><bdi>%h</bdi></h1>\n<table>\n<tbody>\n", m.topic ? m.topic : "");
	if (m.convener_id) {
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>", T(req, "Convened by"));
		ui_org_link(req, resp, m.convener_id, m.convener_name);
		UI_LIT(resp, "</td></tr>\n");
	}
	fact_row(req, resp, N_("Date"), m.date);
	if (m.pcode) {
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>", T(req, "Place"));
		ui_place_link(req, resp, ctx.ref->gaz, m.pcode, true);
		UI_LIT(resp, "</td></tr>\n");
	}
	if (m.attendance_total != NUM_UNKNOWN || m.attendance_female != NUM_UNKNOWN)
		ui_printf(resp, "<tr><th scope=\"row\">%h</th><td>%h %h, %h %h, %h %h</td></tr>\n", T(req, "Attendance"),
			  ui_count(req->arena, m.attendance_total), T(req, "in all"),
			  ui_count(req->arena, m.attendance_female), T(req, "women"),
			  ui_count(req->arena, m.attendance_male), T(req, "men"));
	fact_row(req, resp, N_("Participants"), m.participants_note);
	fact_row(req, resp, "Source", m.source);
	UI_LIT(resp, "</tbody>\n</table>\n");

	if (m.participant_count) {
		ui_printf(resp, "<h2>%h</h2>\n<ul>\n", T(req, "Organizations taking part"));
		for (size_t i = 0; i < m.participant_count; i++) {
			UI_LIT(resp, "<li>");
			if (m.participants[i].org_id)
				ui_org_link(req, resp, m.participants[i].org_id, m.participants[i].name);
			else
				ui_printf(resp, "<bdi>%h</bdi>", m.participants[i].name ? m.participants[i].name : "");
			UI_LIT(resp, "</li>\n");
		}
		UI_LIT(resp, "</ul>\n");
	}
	if (m.agenda) {
		const char **lines;
		size_t n = ui_lines(req->arena, m.agenda, &lines);
		ui_printf(resp, "<h2>%h</h2>\n<ol>\n", T(req, "Agenda"));
		for (size_t i = 0; i < n; i++)
			ui_printf(resp, "<li dir=\"auto\">%h</li>\n", lines[i]);
		UI_LIT(resp, "</ol>\n");
	}
	if (m.notes)
		ui_printf(resp, "<h2>%h</h2>\n<p dir=\"auto\">%h</p>\n", T(req, "Notes"), m.notes);
	if (m.document_count) {
		ui_printf(resp, "<h2>%h</h2>\n<ul>\n", T(req, "Documents"));
		for (size_t i = 0; i < m.document_count; i++) {
			const MeetingDocument *d = &m.documents[i];
			if (web_address(d->url))
				ui_printf(resp, "<li><a href=\"%h\" rel=\"nofollow noopener\"><bdi>%h</bdi></a></li>\n", d->url,
					  d->title);
			else
				ui_printf(resp, "<li><bdi>%h</bdi></li>\n", d->title);
		}
		UI_LIT(resp, "</ul>\n");
	}
	ui_printf(resp, "<h2 id=\"recommendations\">%h</h2>\n", T(req, "Recommendations"));
	if (!m.rec_count) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "None recorded."));
	} else {
		UI_LIT(resp, "<ol class=\"recommendations\">\n");
		for (size_t i = 0; i < m.rec_count; i++)
			recommendation_item(req, resp, &ctx, &m.recs[i]);
		UI_LIT(resp, "</ol>\n");
	}
	ui_page_end(req, resp);
done:
	ctx_end(&ctx);
}

/* ---- recording a meeting ---- */

/* What the form sent, kept as typed to show it again. */
typedef struct MeetingForm {
	const char *convener_id, *date, *place, *topic, *total, *female, *male;
	const char *participants, *agenda, *notes, *documents, *recommendations, *source;
	const char *participant_orgs[LIST_MAX_ITEMS];
	size_t participant_org_count;
} MeetingForm;

static void render_form(Req *req, Resp *resp, Ctx *ctx, const MeetingForm *f, const Errors *errs)
{
	ui_page_begin(req, resp, T(req, "Record a meeting"));
	ui_printf(resp, "<h1>%h</h1>\n", T(req, "Record a meeting"));
	ui_errors_summary(req, resp, errs);
	UI_LIT(resp, "<form method=\"post\" action=\"/meetings\">\n");
	ui_csrf_field(req, resp);
	OrgFilter of = {.limit = FORM_ORGS_MAX};
	OrgList orgs = {0};
	if (svc_org_list(ctx, &of, &orgs) != SVC_OK)
		orgs.count = 0;
	UiOption *opts = ui_org_options(req, req->arena, &orgs);
	UiField convener = {.name = "convener_id", .label = "Convened by", .value = f->convener_id};
	ui_field_take_error(&convener, errs);
	ui_select(req, resp, &convener, opts, orgs.count);
	UiField date = {.name = "date", .label = N_("Date"), .value = f->date, .hint = N_("YYYY-MM-DD")};
	ui_field_take_error(&date, errs);
	ui_input(req, resp, &date);
	UiField place = {.name = "place", .label = N_("Place"), .value = f->place, .hint = N_("A province or district, or its P-code")};
	ui_field_take_error(&place, errs);
	ui_input(req, resp, &place);
	UiField topic = {.name = "topic", .label = "Topic", .value = f->topic, .required = true};
	ui_field_take_error(&topic, errs);
	ui_input(req, resp, &topic);
	UiField total = {.name = "attendance_total", .label = "Attendance", .value = f->total, .type = "number"};
	ui_field_take_error(&total, errs);
	ui_input(req, resp, &total);
	UiField female = {.name = "attendance_female", .label = "Women", .value = f->female, .type = "number"};
	ui_field_take_error(&female, errs);
	ui_input(req, resp, &female);
	UiField male = {.name = "attendance_male", .label = "Men", .value = f->male, .type = "number"};
	ui_field_take_error(&male, errs);
	ui_input(req, resp, &male);
	ui_printf(resp, "<p><label for=\"participant_org\">%h</label><br><select id=\"participant_org\" name=\"participant_org\" multiple size=\"8\">\n",
		  T(req, "Organizations taking part"));
	for (size_t i = 0; i < orgs.count; i++) {
		bool chosen = false;
		for (size_t k = 0; k < f->participant_org_count && !chosen; k++)
			chosen = strcmp(f->participant_orgs[k], opts[i].value) == 0;
		ui_printf(resp, "<option value=\"%h\"%h>%h</option>\n", opts[i].value, chosen ? " selected" : "", opts[i].label);
	}
	UI_LIT(resp, "</select></p>\n");
	UiField parts = {.name = "participants", .label = N_("Other participants"), .value = f->participants,
			 .hint = N_("One organization not in the registry per line")};
	ui_field_take_error(&parts, errs);
	ui_textarea(req, resp, &parts);
	UiField agenda = {.name = "agenda", .label = N_("Agenda"), .value = f->agenda, .hint = N_("One item per line")};
	ui_field_take_error(&agenda, errs);
	ui_textarea(req, resp, &agenda);
	UiField notes = {.name = "notes", .label = "Notes", .value = f->notes};
	ui_field_take_error(&notes, errs);
	ui_textarea(req, resp, &notes);
	UiField docs = {.name = "documents", .label = "Documents", .value = f->documents,
			.hint = N_("One per line: title | https://address")};
	ui_list_textarea(req, resp, &docs, errs);
	UiField recs = {.name = "recommendations", .label = "Recommendations", .value = f->recommendations,
			.hint = N_("One per line: text | addressed to | kind of organization (code, e.g. ministry)")};
	ui_list_textarea(req, resp, &recs, errs);
	UiField source = {.name = "source", .label = "Source", .value = f->source};
	ui_field_take_error(&source, errs);
	ui_input(req, resp, &source);
	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button> <a href=\"/meetings\">%h</a></div>\n</form>\n",
		  T(req, "Save"), T(req, "Cancel"));
	ui_page_end(req, resp);
}

void ui_meeting_new(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	MeetingForm f = {0};
	f.convener_id = req_query(req, "convener");
	Errors errs;
	errors_clear(&errs);
	render_form(req, resp, &ctx, &f, &errs);
	ctx_end(&ctx);
}

/* Reads the form into a meeting, noting what cannot be read. */
static void meeting_from_form(Req *req, Ctx *ctx, MeetingForm *f, Meeting *m, Errors *errs)
{
	f->convener_id = req_form(req, "convener_id");
	f->date = ui_trim(req->arena, req_form(req, "date"));
	f->place = ui_trim(req->arena, req_form(req, "place"));
	f->topic = ui_trim(req->arena, req_form(req, "topic"));
	f->total = req_form(req, "attendance_total");
	f->female = req_form(req, "attendance_female");
	f->male = req_form(req, "attendance_male");
	f->participants = req_form(req, "participants");
	f->agenda = req_form(req, "agenda");
	f->notes = ui_trim(req->arena, req_form(req, "notes"));
	f->documents = req_form(req, "documents");
	f->recommendations = req_form(req, "recommendations");
	f->source = ui_trim(req->arena, req_form(req, "source"));
	f->participant_org_count = req_form_all(req, "participant_org", f->participant_orgs, LIST_MAX_ITEMS);

	memset(m, 0, sizeof *m);
	m->attendance_total = m->attendance_female = m->attendance_male = NUM_UNKNOWN;
	if (f->convener_id && *f->convener_id && !parse_id(f->convener_id, &m->convener_id))
		errors_add(errs, "convener_id", "names no known organization", NULL);
	m->date = f->date;
	m->topic = f->topic;
	if (f->place) {
		PlaceResult pr;
		place_resolve(ctx->ref->gaz, f->place, NULL, &pr);
		if (pr.outcome == PLACE_MATCHED)
			m->pcode = pr.best.place->pcode;
		else
			errors_add(errs, "place", pr.outcome == PLACE_AMBIGUOUS ? "names more than one place; use a P-code"
										: "is not a known place",
				   f->place);
	}
	ui_form_count(f->total, "attendance_total", &m->attendance_total, errs);
	ui_form_count(f->female, "attendance_female", &m->attendance_female, errs);
	ui_form_count(f->male, "attendance_male", &m->attendance_male, errs);
	const char *agenda = ui_trim(req->arena, f->agenda);
	m->agenda = agenda;
	m->notes = f->notes;
	m->source = f->source;

	const char **lines;
	size_t others = ui_lines(req->arena, f->participants, &lines);
	size_t total = f->participant_org_count + others;
	m->participants = arena_zalloc(req->arena, (total ? total : 1) * sizeof *m->participants);
	for (size_t i = 0; i < f->participant_org_count; i++) {
		int64_t id;
		if (parse_id(f->participant_orgs[i], &id))
			m->participants[m->participant_count++].org_id = id;
		else
			errors_add(errs, "participant_org", "names no known organization", NULL);
	}
	for (size_t i = 0; i < others; i++)
		m->participants[m->participant_count++].name = lines[i];

	size_t n = ui_lines(req->arena, f->documents, &lines);
	m->documents = arena_zalloc(req->arena, (n ? n : 1) * sizeof *m->documents);
	for (size_t i = 0; i < n; i++) {
		const char *bar = strchr(lines[i], '|');
		if (bar) {
			m->documents[i].title = ui_trim(req->arena, arena_strndup(req->arena, lines[i], (size_t)(bar - lines[i])));
			m->documents[i].url = ui_trim(req->arena, bar + 1);
		} else {
			m->documents[i].title = lines[i];
		}
	}
	m->document_count = n;

	n = ui_lines(req->arena, f->recommendations, &lines);
	m->recs = arena_zalloc(req->arena, (n ? n : 1) * sizeof *m->recs);
	for (size_t i = 0; i < n; i++) {
		Recommendation *r = &m->recs[i];
		const char *rest = lines[i];
		const char *bar = strchr(rest, '|');
		r->text = bar ? ui_trim(req->arena, arena_strndup(req->arena, rest, (size_t)(bar - rest))) : rest;
		r->status = "open";
		if (!bar)
			continue;
		rest = bar + 1;
		bar = strchr(rest, '|');
		r->addressed_to = ui_trim(req->arena, bar ? arena_strndup(req->arena, rest, (size_t)(bar - rest)) : rest);
		if (bar)
			r->addressed_kind = ui_trim(req->arena, bar + 1);
	}
	m->rec_count = n;
}

void ui_meeting_create(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	MeetingForm f = {0};
	Meeting m;
	meeting_from_form(req, &ctx, &f, &m, errs);
	SvcStatus st = SVC_INVALID;
	if (errs->count)
		svc_meeting_check(&ctx, &m, errs);
	else
		st = svc_meeting_create(&ctx, &m, errs);
	if (st == SVC_INVALID) {
		render_form(req, resp, &ctx, &f, errs);
		resp->status = 422;
	} else if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
	} else {
		resp_redirect(resp, arena_printf(req->arena, "/meetings/%lld", (long long)m.id));
	}
	ctx_end(&ctx);
}

/* ---- following up a recommendation ---- */

void ui_recommendation_follow(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	int64_t meeting_id = 0;
	const char *status = ui_trim(req->arena, req_form(req, "status"));
	const char *note = ui_trim(req->arena, req_form(req, "note"));
	SvcStatus st = svc_recommendation_follow(&ctx, id, status, note, errs, &meeting_id);
	if (st == SVC_INVALID) {
		ui_page_begin(req, resp, T(req, "Record follow-up"));
		ui_printf(resp, "<h1>%h</h1>\n", T(req, "Record follow-up"));
		ui_errors_summary(req, resp, errs);
		ui_printf(resp, "<p><a href=\"/meetings/%lld#rec-%lld\">%h</a></p>\n", (long long)meeting_id,
			  (long long)id, T(req, "Back to the meeting"));
		ui_page_end(req, resp);
		resp->status = 422;
	} else if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
	} else {
		resp_redirect(resp, arena_printf(req->arena, "/meetings/%lld#rec-%lld", (long long)meeting_id,
						 (long long)id));
	}
	ctx_end(&ctx);
}
