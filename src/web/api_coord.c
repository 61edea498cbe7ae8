/*
 * api_coord.c — the JSON API of coordination: meetings with their
 * recommendations (/api/v1/meetings), recommendation follow-ups,
 * memberships and applications to authorities with their waiting times.
 *
 * Handlers convert JSON to records and back and call the service, which
 * decides visibility and permission. No SQL, no policy.
 */
#include <stdio.h>
#include <string.h>

#include "core/place.h"
#include "svc/svc_coord.h"
#include "web/api.h"
#include "web/coord_web.h"
#include "web/json.h"
#include "web/pages.h"

/* ---- reading JSON fields ---- */

/* A text member: NULL when absent or null; a problem when another type. */
static const char *text_of(json_t *obj, const char *key, Errors *errs)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		errors_add(errs, key, "must be text", NULL);
		return NULL;
	}
	return json_string_value(v);
}

static int64_t id_of(json_t *obj, const char *key, Errors *errs)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		errors_add(errs, key, "must be a record id", NULL);
		return 0;
	}
	return (int64_t)json_integer_value(v);
}

static long long count_of(json_t *obj, const char *key, Errors *errs)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NUM_UNKNOWN;
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		errors_add(errs, key, "must be a whole number, 0 or more", NULL);
		return NUM_UNKNOWN;
	}
	return (long long)json_integer_value(v);
}

/* An array member: NULL when absent; a problem when not an array. */
static json_t *array_of(json_t *obj, const char *key, Errors *errs)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		errors_add(errs, key, "must be a list", NULL);
		return NULL;
	}
	if (json_array_size(v) > LIST_MAX_ITEMS) {
		errors_add(errs, key, "has too many items", NULL);
		return NULL;
	}
	return v;
}

static void meeting_from_json(Ctx *ctx, json_t *j, Meeting *m, Errors *errs)
{
	memset(m, 0, sizeof *m);
	m->convener_id = id_of(j, "convener_id", errs);
	m->date = text_of(j, "date", errs);
	m->topic = text_of(j, "topic", errs);
	m->attendance_total = count_of(j, "attendance_total", errs);
	m->attendance_female = count_of(j, "attendance_female", errs);
	m->attendance_male = count_of(j, "attendance_male", errs);
	m->participants_note = text_of(j, "participants_note", errs);
	m->notes = text_of(j, "notes", errs);
	m->source = text_of(j, "source", errs);
	const char *place = text_of(j, "place", errs);
	if (place && *place) {
		PlaceResult pr;
		place_resolve(ctx->ref->gaz, place, NULL, &pr);
		if (pr.outcome == PLACE_MATCHED)
			m->pcode = pr.best.place->pcode;
		else
			errors_add(errs, "place",
				   pr.outcome == PLACE_AMBIGUOUS ? "names more than one place; use a P-code"
								 : "is not a known place",
				   place);
	}
	json_t *agenda = json_object_get(j, "agenda");
	if (json_is_array(agenda)) {
		Buf b;
		buf_init(&b, 256 * 1024);
		size_t i;
		json_t *item;
		json_array_foreach(agenda, i, item) {
			if (!json_is_string(item)) {
				errors_add(errs, "agenda", "must be text or a list of texts", NULL);
				break;
			}
			buf_printf(&b, "%s%s", i ? "\n" : "", json_string_value(item));
		}
		m->agenda = arena_strdup(ctx->arena, buf_str(&b));
		buf_free(&b);
	} else {
		m->agenda = text_of(j, "agenda", errs);
	}
	json_t *list = array_of(j, "recommendations", errs);
	m->rec_count = json_array_size(list);
	m->recs = arena_zalloc(ctx->arena, (m->rec_count ? m->rec_count : 1) * sizeof *m->recs);
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		Recommendation *r = &m->recs[i];
		r->text = text_of(item, "text", errs);
		r->addressed_to = text_of(item, "addressed_to", errs);
		r->addressed_org = id_of(item, "addressed_org", errs);
		r->addressed_kind = text_of(item, "addressed_kind", errs);
		r->status = text_of(item, "status", errs);
		r->due_date = text_of(item, "due_date", errs);
	}
	list = array_of(j, "participants", errs);
	m->participant_count = json_array_size(list);
	m->participants = arena_zalloc(ctx->arena, (m->participant_count ? m->participant_count : 1) *
							   sizeof *m->participants);
	json_array_foreach(list, i, item) {
		m->participants[i].org_id = id_of(item, "org_id", errs);
		m->participants[i].name = text_of(item, "name", errs);
	}
	list = array_of(j, "documents", errs);
	m->document_count = json_array_size(list);
	m->documents = arena_zalloc(ctx->arena, (m->document_count ? m->document_count : 1) *
						       sizeof *m->documents);
	json_array_foreach(list, i, item) {
		m->documents[i].title = text_of(item, "title", errs);
		m->documents[i].url = text_of(item, "url", errs);
	}
}

/* ---- writing JSON ---- */

static json_t *count_json(long long v)
{
	return v == NUM_UNKNOWN ? json_null() : json_integer((json_int_t)v);
}

static json_t *id_json(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

static json_t *events_json(Ctx *ctx, int64_t rec_id)
{
	RecommendationEvent *ev;
	size_t n;
	json_t *list = json_array();
	if (svc_recommendation_events(ctx, rec_id, &ev, &n) != SVC_OK)
		return list;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s?}", "at", ev[i].at, "by",
						      ev[i].actor, "status", ev[i].status, "note",
						      ev[i].note));
	return list;
}

static json_t *meeting_json(Ctx *ctx, const Meeting *m, bool full)
{
	json_t *j = json_pack("{s:I,s:o,s:s?,s:s?,s:s?,s:s?,s:{s:o,s:o,s:o}}", "id", (json_int_t)m->id,
			      "convener_id", id_json(m->convener_id), "convener_name",
			      m->convener_name, "date", m->date, "pcode", m->pcode, "topic", m->topic,
			      "attendance", "total", count_json(m->attendance_total), "female",
			      count_json(m->attendance_female), "male",
			      count_json(m->attendance_male));
	if (!full) {
		json_object_set_new(j, "recommendation_count", json_integer((json_int_t)m->rec_count));
		return j;
	}
	json_object_set_new(j, "participants_note", m->participants_note ? json_string(m->participants_note) : json_null());
	json_object_set_new(j, "agenda", m->agenda ? json_string(m->agenda) : json_null());
	json_object_set_new(j, "notes", m->notes ? json_string(m->notes) : json_null());
	json_object_set_new(j, "source", m->source ? json_string(m->source) : json_null());
	json_t *parts = json_array();
	for (size_t i = 0; i < m->participant_count; i++)
		json_array_append_new(parts, json_pack("{s:o,s:s?}", "org_id",
						       id_json(m->participants[i].org_id), "name",
						       m->participants[i].name));
	json_object_set_new(j, "participants", parts);
	json_t *docs = json_array();
	for (size_t i = 0; i < m->document_count; i++)
		json_array_append_new(docs, json_pack("{s:s?,s:s?}", "title", m->documents[i].title,
						      "url", m->documents[i].url));
	json_object_set_new(j, "documents", docs);
	json_t *recs = json_array();
	for (size_t i = 0; i < m->rec_count; i++) {
		const Recommendation *r = &m->recs[i];
		json_array_append_new(
			recs, json_pack("{s:I,s:s?,s:s?,s:o,s:s?,s:s?,s:s?,s:s?,s:o}", "id",
					(json_int_t)r->id, "text", r->text, "addressed_to",
					r->addressed_to, "addressed_org", id_json(r->addressed_org),
					"addressed_org_name", r->addressed_org_name, "addressed_kind",
					r->addressed_kind, "status", r->status, "due_date", r->due_date,
					"history", events_json(ctx, r->id)));
	}
	json_object_set_new(j, "recommendations", recs);
	return j;
}

/* ---- meetings ---- */

void api_meetings_list(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	int64_t convener = ui_query_id(req, "convener", &errs);
	if (errs.count) {
		api_invalid(resp, &errs);
		goto done;
	}
	Meeting *list;
	size_t n;
	SvcStatus st = svc_meetings(&ctx, convener, &list, &n);
	if (st != SVC_OK) {
		api_status(resp, &ctx, st);
		goto done;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, meeting_json(&ctx, &list[i], false));
	resp_json(resp, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n));
done:
	ctx_end(&ctx);
}

static void answer_meeting(Resp *resp, Ctx *ctx, int64_t id, int status)
{
	Meeting m;
	SvcStatus st = svc_meeting_get(ctx, id, &m);
	if (st != SVC_OK)
		api_status(resp, ctx, st);
	else
		resp_json(resp, status, meeting_json(ctx, &m, true));
}

void api_meetings_get(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	answer_meeting(resp, &ctx, id, 200);
	ctx_end(&ctx);
}

void api_meetings_create(Req *req, Resp *resp)
{
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	Meeting m;
	meeting_from_json(&ctx, body, &m, &errs);
	SvcStatus st = errs.count ? SVC_INVALID : svc_meeting_create(&ctx, &m, &errs);
	if (!api_failed(resp, &ctx, st, &errs)) {
		char location[64];
		snprintf(location, sizeof location, "/api/v1/meetings/%lld", (long long)m.id);
		resp_header(resp, "Location", location);
		answer_meeting(resp, &ctx, m.id, 201);
	}
	ctx_end(&ctx);
	json_decref(body);
}

void api_recommendation_follow(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	const char *status = text_of(body, "status", &errs);
	const char *note = text_of(body, "note", &errs);
	int64_t meeting_id = 0;
	SvcStatus st = errs.count ? SVC_INVALID
				  : svc_recommendation_follow(&ctx, id, status, note, &errs, &meeting_id);
	if (!api_failed(resp, &ctx, st, &errs))
		answer_meeting(resp, &ctx, meeting_id, 200);
	ctx_end(&ctx);
	json_decref(body);
}

/* ---- memberships ---- */

static json_t *membership_json(const Membership *m)
{
	return json_pack("{s:I,s:I,s:s?,s:I,s:s?,s:s?,s:s,s:s?,s:s?,s:s?,s:s?}", "id",
			 (json_int_t)m->id, "org_id", (json_int_t)m->org_id, "org_name", m->org_name,
			 "body_id", (json_int_t)m->body_id, "body_name", m->body_name, "body_kind",
			 m->body_kind, "status", m->status, "since", m->since, "until", m->until,
			 "note", m->note, "source", m->source);
}

void api_org_memberships(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Membership *of, *members;
	size_t n_of, n_members;
	const char **services;
	size_t n_services;
	SvcStatus st = svc_memberships(&ctx, id, 0, &of, &n_of);
	if (st == SVC_OK)
		st = svc_memberships(&ctx, 0, id, &members, &n_members);
	if (st == SVC_OK)
		st = svc_body_services(&ctx, id, &services, &n_services);
	if (st != SVC_OK) {
		api_status(resp, &ctx, st);
		goto done;
	}
	json_t *a = json_array(), *b = json_array(), *c = json_array();
	for (size_t i = 0; i < n_of; i++)
		json_array_append_new(a, membership_json(&of[i]));
	for (size_t i = 0; i < n_members; i++)
		json_array_append_new(b, membership_json(&members[i]));
	for (size_t i = 0; i < n_services; i++)
		json_array_append_new(c, json_string(services[i]));
	json_t *answer = json_pack("{s:o,s:o,s:I,s:o}", "memberships", a, "members", b, "total",
				   (json_int_t)n_members, "services", c);
	MeetingSchedule sc;
	ScheduleCheck check;
	if (svc_schedule_check(&ctx, id, &sc, &check) == SVC_OK)
		json_object_set_new(answer, "schedule",
				    json_pack("{s:s,s:s,s:s?,s:s?,s:i,s:i,s:i}", "recurrence", sc.recurrence,
					      "since", sc.since, "until", sc.until, "note", sc.note,
					      "periods_planned", check.periods_planned, "periods_met",
					      check.periods_met, "missed", check.missed));
	resp_json(resp, 200, answer);
done:
	ctx_end(&ctx);
}

void api_memberships_create(Req *req, Resp *resp)
{
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	Membership m = {.org_id = id_of(body, "org_id", &errs),
			.body_id = id_of(body, "body_id", &errs),
			.status = text_of(body, "status", &errs),
			.since = text_of(body, "since", &errs),
			.until = text_of(body, "until", &errs),
			.note = text_of(body, "note", &errs),
			.source = text_of(body, "source", &errs)};
	SvcStatus st = errs.count ? SVC_INVALID : svc_membership_create(&ctx, &m, &errs);
	if (!api_failed(resp, &ctx, st, &errs))
		resp_json(resp, 201, membership_json(&m));
	ctx_end(&ctx);
	json_decref(body);
}

void api_org_schedule_put(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	MeetingSchedule sc = {.body_id = id,
			      .recurrence = text_of(body, "recurrence", &errs),
			      .since = text_of(body, "since", &errs),
			      .until = text_of(body, "until", &errs),
			      .note = text_of(body, "note", &errs)};
	SvcStatus st = errs.count ? SVC_INVALID : svc_schedule_set(&ctx, &sc, &errs);
	if (!api_failed(resp, &ctx, st, &errs))
		resp_json(resp, 200, json_pack("{s:I,s:s,s:s,s:s?,s:s?}", "body_id", (json_int_t)id, "recurrence",
					       sc.recurrence, "since", sc.since, "until", sc.until, "note", sc.note));
	ctx_end(&ctx);
	json_decref(body);
}

void api_org_services_put(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	json_t *list = array_of(body, "services", &errs);
	if (!list && !errs.count)
		errors_add(&errs, "services", "is required", NULL);
	size_t n = json_array_size(list);
	const char **texts = arena_zalloc(ctx.arena, (n ? n : 1) * sizeof *texts);
	for (size_t i = 0; i < n; i++) {
		texts[i] = json_string_value(json_array_get(list, i));
		if (!texts[i])
			errors_add_at(&errs, "services", i, "text", "must be text", NULL);
	}
	SvcStatus st = errs.count ? SVC_INVALID : svc_body_services_set(&ctx, id, texts, n, &errs);
	if (!api_failed(resp, &ctx, st, &errs))
		resp_json(resp, 200, json_pack("{s:I,s:O}", "body_id", (json_int_t)id, "services", list));
	ctx_end(&ctx);
	json_decref(body);
}
void api_memberships_patch(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	const char *status = text_of(body, "status", &errs);
	const char *date = text_of(body, "date", &errs);
	const char *note = text_of(body, "note", &errs);
	Membership m;
	SvcStatus st = errs.count ? SVC_INVALID : svc_membership_status(&ctx, id, status, date, note, &errs, &m);
	if (!api_failed(resp, &ctx, st, &errs))
		resp_json(resp, 200, membership_json(&m));
	ctx_end(&ctx);
	json_decref(body);
}

/* ---- applications ---- */

static json_t *wait_json(const WaitStats *s)
{
	return json_pack("{s:I,s:I,s:o,s:o,s:o,s:I,s:I,s:I}", "decided", (json_int_t)s->decided,
			 "open", (json_int_t)s->open, "median_days",
			 s->median_days < 0 ? json_null() : json_integer(s->median_days),
			 "p90_days", s->p90_days < 0 ? json_null() : json_integer(s->p90_days),
			 "longest_open_days",
			 s->longest_open < 0 ? json_null() : json_integer(s->longest_open),
			 "open_over_30_days", (json_int_t)s->open_over_30, "open_over_90_days",
			 (json_int_t)s->open_over_90, "open_over_180_days",
			 (json_int_t)s->open_over_180);
}

static json_t *application_json(const Application *a)
{
	return json_pack("{s:I,s:I,s:s?,s:I,s:s?,s:o,s:s,s:s?,s:s?,s:s,s:s?,s:s?}", "id",
			 (json_int_t)a->id, "org_id", (json_int_t)a->org_id, "org_name", a->org_name,
			 "authority_id", (json_int_t)a->authority_id, "authority_name",
			 a->authority_name, "project_id", id_json(a->project_id), "kind", a->kind,
			 "submitted", a->submitted, "decided", a->decided, "outcome", a->outcome,
			 "note", a->note, "source", a->source);
}

void api_applications_list(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	int64_t authority = ui_query_id(req, "authority", &errs);
	int64_t org = ui_query_id(req, "org", &errs);
	if (errs.count) {
		api_invalid(resp, &errs);
		goto done;
	}
	Application *list;
	size_t n;
	WaitRow *rows;
	size_t n_rows;
	SvcStatus st = svc_applications(&ctx, authority, org, &list, &n);
	if (st == SVC_OK)
		st = svc_waiting_times(&ctx, &rows, &n_rows);
	if (st != SVC_OK) {
		api_status(resp, &ctx, st);
		goto done;
	}
	json_t *items = json_array(), *waits = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, application_json(&list[i]));
	for (size_t i = 0; i < n_rows; i++) {
		if (authority && rows[i].authority_id != authority)
			continue;
		json_t *w = wait_json(&rows[i].stats);
		json_object_set_new(w, "authority_id", json_integer((json_int_t)rows[i].authority_id));
		json_object_set_new(w, "authority_name", json_string(rows[i].authority_name));
		json_object_set_new(w, "kind", json_string(rows[i].kind));
		json_array_append_new(waits, w);
	}
	resp_json(resp, 200, json_pack("{s:o,s:I,s:o}", "items", items, "total", (json_int_t)n,
				       "waiting_times", waits));
done:
	ctx_end(&ctx);
}

void api_applications_create(Req *req, Resp *resp)
{
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	Application a = {.org_id = id_of(body, "org_id", &errs),
			 .authority_id = id_of(body, "authority_id", &errs),
			 .project_id = id_of(body, "project_id", &errs),
			 .kind = text_of(body, "kind", &errs),
			 .submitted = text_of(body, "submitted", &errs),
			 .decided = text_of(body, "decided", &errs),
			 .outcome = text_of(body, "outcome", &errs),
			 .note = text_of(body, "note", &errs),
			 .source = text_of(body, "source", &errs)};
	SvcStatus st = errs.count ? SVC_INVALID : svc_application_create(&ctx, &a, &errs);
	if (!api_failed(resp, &ctx, st, &errs))
		resp_json(resp, 201, application_json(&a));
	ctx_end(&ctx);
	json_decref(body);
}

void api_applications_patch(Req *req, Resp *resp)
{
	int64_t id;
	if (!api_path_id(req, resp, &id))
		return;
	json_t *body = NULL;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors errs;
	errors_clear(&errs);
	Application d = {.id = id,
			 .decided = text_of(body, "decided", &errs),
			 .outcome = text_of(body, "outcome", &errs),
			 .note = text_of(body, "note", &errs)};
	SvcStatus st = errs.count ? SVC_INVALID : svc_application_decide(&ctx, &d, &errs);
	if (!api_failed(resp, &ctx, st, &errs))
		resp_json(resp, 200, application_json(&d));
	ctx_end(&ctx);
	json_decref(body);
}
