/*
 * svc_coord.c — memberships, meetings, schedules, recommendation
 * follow-ups and applications to authorities (see svc_coord.h).
 *
 * Who may write is asked of the policy in svc.c (svc_may_coordinate);
 * what a reader sees follows svc.c's sight (svc_sight, svc_sees_org_id).
 * This file decides neither on its own.
 */
#include "svc/svc_coord.h"
#include "svc/svc_int.h"

#include <stdio.h>
#include <string.h>

#include "core/nls.h"
#include "core/pdate.h"
#include "core/text.h"
#include "fmt/record_json.h"
#include "svc/svc_dates.h"

#define URL_MAX_CHARS 2000

static bool in_words(const char *s, const char *const *words)
{
	if (!s)
		return false;
	for (; *words; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

bool membership_status_valid(const char *s)
{
	static const char *const w[] = {"applied", "member", "certified", "lapsed", NULL};
	return in_words(s, w);
}

bool recommendation_status_valid(const char *s)
{
	static const char *const w[] = {"open", "in_progress", "done", "dropped", NULL};
	return in_words(s, w);
}

bool application_kind_valid(const char *s)
{
	static const char *const w[] = {"sector_mou", "tin", "registration", "registration_renewal",
					NULL};
	return in_words(s, w);
}

bool application_outcome_valid(const char *s)
{
	static const char *const w[] = {"pending", "approved", "refused", "withdrawn", NULL};
	return in_words(s, w);
}

/* ---- checks shared by the writes below ---- */

/* Valid UTF-8 of at most max code points; required: not blank. */
static void check_text(Errors *e, const char *field, const char *s, size_t max, bool required)
{
	if (!s || !*s) {
		if (required)
			errors_add(e, field, "is required", NULL);
		return;
	}
	if (!text_valid_utf8(s, strlen(s))) {
		errors_add(e, field, "is not valid UTF-8 text", NULL);
		return;
	}
	if (text_length(s) > max) {
		errors_add(e, field, "is too long", NULL);
		return;
	}
	const char *p = s;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (required && !*p)
		errors_add(e, field, "is required", NULL);
}

/* A partial date, or with full a date to the day; the day number in *day
 * (may be NULL), -1 when absent. */
static void check_date(Errors *e, const char *field, const char *s, bool full, long *day)
{
	if (day)
		*day = -1;
	if (!s || !*s)
		return;
	PDate d;
	if (!pdate_parse(s, &d))
		errors_add(e, field,
			   full ? N_("is not a date of the form YYYY-MM-DD")
				: N_("is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
			   s);
	else if (full && d.precision != DATE_DAY)
		errors_add(e, field, "must be a full date (YYYY-MM-DD)", s);
	else if (day)
		*day = pdate_first_day(&d);
}

static bool web_address(const char *url)
{
	return strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0;
}

static long today_of(const Ctx *ctx)
{
	return (long)(ctx->now / 86400);
}

static const char *audit_text(Ctx *ctx, json_t *j)
{
	const char *text = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return text;
}

/* ---- memberships ---- */

SvcStatus svc_membership_create(Ctx *ctx, Membership *m, Errors *errs)
{
	if (!svc_may_coordinate(ctx, COORD_MEMBERSHIP, &m->body_id, 1))
		return SVC_FORBIDDEN;
	if (!m->org_id)
		errors_add(errs, "org_id", "is required", NULL);
	if (!m->body_id)
		errors_add(errs, "body_id", "is required", NULL);
	if (svc_check_org_ref(ctx, errs, "org_id", m->org_id) != STORE_OK ||
	    svc_check_org_ref(ctx, errs, "body_id", m->body_id) != STORE_OK)
		return SVC_ERROR;
	if (m->org_id && m->org_id == m->body_id)
		errors_add(errs, "body_id", "must be another organization", NULL);
	if (!m->status)
		m->status = "member";
	if (!membership_status_valid(m->status))
		errors_add(errs, "status", "is not one of applied, member, certified, lapsed", m->status);
	svc_dates_field(ctx->arena, &m->since, "since", errs);
	svc_dates_field(ctx->arena, &m->until, "until", errs);
	long since, until;
	check_date(errs, "since", m->since, false, &since);
	check_date(errs, "until", m->until, false, &until);
	if (since >= 0 && until >= 0 && until < since)
		errors_add(errs, "until", "must not be before the start", NULL);
	check_text(errs, "note", m->note, TEXT_MAX_CHARS, false);
	check_text(errs, "source", m->source, TITLE_MAX_CHARS, false);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_membership_insert(ctx->store, m);
	if (rc == STORE_CONSTRAINT) {
		store_rollback(ctx->store);
		errors_add(errs, "body_id", "already has this organization as a member", NULL);
		return SVC_INVALID;
	}
	if (rc == STORE_OK) {
		json_t *j = json_pack("{s:I,s:I,s:s,s:s?,s:s?,s:s?,s:s?}", "org_id",
				      (json_int_t)m->org_id, "body_id", (json_int_t)m->body_id, "status",
				      m->status, "since", m->since, "until", m->until, "note", m->note,
				      "source", m->source);
		rc = svc_audit_append(ctx, "create", "membership", m->id, NULL, audit_text(ctx, j));
	}
	return svc_finish(ctx, rc);
}

bool svc_may_write_membership(const Ctx *ctx, int64_t body_id)
{
	return svc_may_coordinate(ctx, COORD_MEMBERSHIP, &body_id, 1);
}

SvcStatus svc_membership_get(Ctx *ctx, int64_t id, Membership *out)
{
	int rc = store_membership_get(ctx->store, ctx->arena, id, out);
	if (rc != STORE_OK)
		return svc_from_store(rc);
	bool seen_org, seen_body;
	if (svc_sees_org_id(ctx, out->org_id, &seen_org) != STORE_OK ||
	    svc_sees_org_id(ctx, out->body_id, &seen_body) != STORE_OK)
		return SVC_ERROR;
	return seen_org && seen_body ? SVC_OK : SVC_NOT_FOUND;
}

static json_t *membership_state(const Membership *m)
{
	return json_pack("{s:I,s:I,s:s,s:s?,s:s?,s:s?}", "org_id", (json_int_t)m->org_id, "body_id",
			 (json_int_t)m->body_id, "status", m->status, "since", m->since, "until",
			 m->until, "note", m->note);
}

SvcStatus svc_membership_status(Ctx *ctx, int64_t id, const char *status, const char *date,
				const char *note, Errors *errs, Membership *out)
{
	Membership m;
	SvcStatus st = svc_membership_get(ctx, id, &m);
	if (st != SVC_OK)
		return st;
	if (!svc_may_write_membership(ctx, m.body_id))
		return SVC_FORBIDDEN;
	if (!status || !*status)
		errors_add(errs, "status", "is required", NULL);
	else if (!membership_status_valid(status))
		errors_add(errs, "status", "is not one of applied, member, certified, lapsed", status);
	if (!date || !*date)
		errors_add(errs, "date", "is required", NULL);
	svc_dates_field(ctx->arena, &date, "date", errs);
	long day;
	check_date(errs, "date", date, false, &day);
	if (day > today_of(ctx))
		errors_add(errs, "date", "is in the future", date);
	bool lapsing = status && strcmp(status, "lapsed") == 0;
	PDate since;
	if (lapsing && day >= 0 && m.since && pdate_parse(m.since, &since) &&
	    day < pdate_first_day(&since))
		errors_add(errs, "date", "must not be before the start", m.since);
	check_text(errs, "note", note, TEXT_MAX_CHARS, false);
	if (errs->count)
		return SVC_INVALID;
	const char *before = audit_text(ctx, membership_state(&m));
	Membership after = m;
	after.status = status;
	if (lapsing) {
		after.until = date;
	} else {
		after.since = date;
		after.until = NULL;
	}
	if (note && *note)
		after.note = note;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_membership_update(ctx->store, &after);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "update", "membership", id, before,
				      audit_text(ctx, membership_state(&after)));
	st = svc_finish(ctx, rc);
	if (st == SVC_OK && out)
		*out = after;
	return st;
}

SvcStatus svc_memberships(Ctx *ctx, int64_t org_id, int64_t body_id, Membership **out,
			  size_t *count)
{
	*out = NULL;
	*count = 0;
	bool seen;
	int rc = svc_sees_org_id(ctx, org_id ? org_id : body_id, &seen);
	if (rc != STORE_OK)
		return SVC_ERROR;
	if (!seen)
		return SVC_NOT_FOUND;
	Visibility vis;
	OrgScope scope;
	svc_sight(ctx, true, &vis, &scope);
	rc = store_membership_list(ctx->store, ctx->arena, org_id, body_id, vis, &scope, out, count);
	/* The other side of each, seen by a reason, is a logged read. */
	for (size_t i = 0; i < *count && rc == STORE_OK; i++)
		rc = svc_sees_org_id(ctx, org_id ? (*out)[i].body_id : (*out)[i].org_id, &seen);
	return svc_from_store(rc);
}

SvcStatus svc_body_services_set(Ctx *ctx, int64_t body_id, const char *const *texts, size_t count,
				Errors *errs)
{
	if (!svc_may_coordinate(ctx, COORD_MEMBERSHIP, &body_id, 1))
		return SVC_FORBIDDEN;
	if (svc_check_org_ref(ctx, errs, "body_id", body_id) != STORE_OK)
		return SVC_ERROR;
	if (count > LIST_MAX_ITEMS)
		errors_add(errs, "services", "has too many items", NULL);
	for (size_t i = 0; i < count && i < LIST_MAX_ITEMS; i++) {
		Errors one;
		errors_clear(&one);
		check_text(&one, "text", texts[i], TITLE_MAX_CHARS, true);
		for (size_t k = 0; k < one.count; k++)
			errors_add_at(errs, "services", i, "text", one.items[k].message, NULL);
	}
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_body_services_put(ctx->store, body_id, texts, count);
	if (rc == STORE_OK) {
		json_t *list = json_array();
		for (size_t i = 0; i < count; i++)
			json_array_append_new(list, json_string(texts[i]));
		json_t *j = json_pack("{s:o}", "services", list);
		rc = svc_audit_append(ctx, "update", "body_services", body_id, NULL, audit_text(ctx, j));
	}
	return svc_finish(ctx, rc);
}

SvcStatus svc_body_services(Ctx *ctx, int64_t body_id, const char ***out, size_t *count)
{
	*out = NULL;
	*count = 0;
	bool seen;
	int rc = svc_sees_org_id(ctx, body_id, &seen);
	if (rc != STORE_OK)
		return SVC_ERROR;
	if (!seen)
		return SVC_NOT_FOUND;
	return svc_from_store(store_body_services(ctx->store, ctx->arena, body_id, out, count));
}

/* ---- meetings ---- */

static void check_meeting(Ctx *ctx, Meeting *m, Errors *errs)
{
	check_text(errs, "topic", m->topic, TITLE_MAX_CHARS, true);
	check_date(errs, "date", m->date, false, NULL);
	if (m->pcode && !gaz_get(ctx->ref->gaz, m->pcode))
		errors_add(errs, "place", "is not a known place", m->pcode);
	const long long *figures[] = {&m->attendance_total, &m->attendance_female,
				      &m->attendance_male};
	const char *names[] = {"attendance_total", "attendance_female", "attendance_male"};
	for (int i = 0; i < 3; i++)
		if (*figures[i] != NUM_UNKNOWN && (*figures[i] < 0 || *figures[i] > 1000000))
			errors_add(errs, names[i], "must be a count between 0 and 1,000,000", NULL);
	if (m->attendance_total >= 0 && m->attendance_female >= 0 && m->attendance_male >= 0 &&
	    m->attendance_female + m->attendance_male != m->attendance_total)
		errors_add(errs, "attendance_male", "female and male together must equal the total",
			   NULL);
	if (m->attendance_total >= 0 &&
	    (m->attendance_female > m->attendance_total || m->attendance_male > m->attendance_total))
		errors_add(errs, "attendance_total", "is less than a part of it", NULL);
	check_text(errs, "participants_note", m->participants_note, TEXT_MAX_CHARS, false);
	check_text(errs, "agenda", m->agenda, TEXT_MAX_CHARS, false);
	check_text(errs, "notes", m->notes, TEXT_MAX_CHARS, false);
	check_text(errs, "source", m->source, TITLE_MAX_CHARS, false);
	if (m->rec_count > LIST_MAX_ITEMS)
		errors_add(errs, "recommendations", "has too many items", NULL);
	for (size_t i = 0; i < m->rec_count && i < LIST_MAX_ITEMS; i++) {
		Recommendation *r = &m->recs[i];
		Errors one;
		errors_clear(&one);
		check_text(&one, "text", r->text, TEXT_MAX_CHARS, true);
		check_text(&one, "addressed_to", r->addressed_to, TITLE_MAX_CHARS, false);
		if (r->status && !recommendation_status_valid(r->status))
			errors_add(&one, "status", "is not one of open, in_progress, done, dropped",
				   r->status);
		if (r->addressed_kind && !codelist_find(&ctx->ref->org_kinds, r->addressed_kind))
			errors_add(&one, "addressed_kind", "is not a known kind of organization",
				   r->addressed_kind);
		check_date(&one, "due_date", r->due_date, false, NULL);
		for (size_t k = 0; k < one.count; k++)
			errors_add_at(errs, "recommendations", i, one.items[k].field,
				      one.items[k].message, one.items[k].detail);
		char field[64];
		snprintf(field, sizeof field, "recommendations[%zu].addressed_org", i);
		if (svc_check_org_ref(ctx, errs, field, r->addressed_org) != STORE_OK)
			return;
	}
	if (m->participant_count > LIST_MAX_ITEMS)
		errors_add(errs, "participants", "has too many items", NULL);
	for (size_t i = 0; i < m->participant_count && i < LIST_MAX_ITEMS; i++) {
		MeetingParticipant *p = &m->participants[i];
		char field[64];
		snprintf(field, sizeof field, "participants[%zu].org_id", i);
		if (p->org_id) {
			if (svc_check_org_ref(ctx, errs, field, p->org_id) != STORE_OK)
				return;
		} else {
			Errors one;
			errors_clear(&one);
			check_text(&one, "name", p->name, NAME_MAX_CHARS, true);
			for (size_t k = 0; k < one.count; k++)
				errors_add_at(errs, "participants", i, "name", one.items[k].message, NULL);
		}
	}
	if (m->document_count > LIST_MAX_ITEMS)
		errors_add(errs, "documents", "has too many items", NULL);
	for (size_t i = 0; i < m->document_count && i < LIST_MAX_ITEMS; i++) {
		MeetingDocument *d = &m->documents[i];
		Errors one;
		errors_clear(&one);
		check_text(&one, "title", d->title, TITLE_MAX_CHARS, true);
		check_text(&one, "url", d->url, URL_MAX_CHARS, false);
		if (d->url && *d->url && !web_address(d->url))
			errors_add(&one, "url", "must start with http:// or https://", d->url);
		for (size_t k = 0; k < one.count; k++)
			errors_add_at(errs, "documents", i, one.items[k].field, one.items[k].message,
				      one.items[k].detail);
	}
}

void svc_meeting_check(Ctx *ctx, Meeting *m, Errors *errs)
{
	if (svc_check_org_ref(ctx, errs, "convener_id", m->convener_id) == STORE_OK)
		check_meeting(ctx, m, errs);
}

SvcStatus svc_meeting_create(Ctx *ctx, Meeting *m, Errors *errs)
{
	if (!svc_may_coordinate(ctx, COORD_MEETING, &m->convener_id, 1))
		return SVC_FORBIDDEN;
	if (svc_check_org_ref(ctx, errs, "convener_id", m->convener_id) != STORE_OK)
		return SVC_ERROR;
	check_meeting(ctx, m, errs);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_meeting_insert(ctx->store, m);
	for (size_t i = 0; i < m->rec_count && rc == STORE_OK; i++) {
		/* Every recommendation starts its history with the status it was given. */
		RecommendationEvent e = {.recommendation_id = m->recs[i].id,
					 .actor = ctx->actor->login,
					 .status = m->recs[i].status ? m->recs[i].status : "open",
					 .note = NULL};
		char at[32];
		struct tm tm;
		gmtime_r(&ctx->now, &tm);
		strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
		e.at = at;
		rc = store_recommendation_follow(ctx->store, &e);
	}
	if (rc == STORE_OK) {
		json_t *j = json_pack("{s:s,s:s?,s:I,s:I,s:I,s:I}", "topic", m->topic, "date", m->date,
				      "convener_id", (json_int_t)m->convener_id, "recommendations",
				      (json_int_t)m->rec_count, "participants",
				      (json_int_t)m->participant_count, "documents",
				      (json_int_t)m->document_count);
		rc = svc_audit_append(ctx, "create", "meeting", m->id, NULL, audit_text(ctx, j));
	}
	return svc_finish(ctx, rc);
}

SvcStatus svc_meeting_get(Ctx *ctx, int64_t id, Meeting *out)
{
	int rc = store_meeting_get(ctx->store, ctx->arena, id, out);
	if (rc != STORE_OK)
		return svc_from_store(rc);
	bool seen;
	if (out->convener_id) {
		if (svc_sees_org_id(ctx, out->convener_id, &seen) != STORE_OK)
			return SVC_ERROR;
		if (!seen) {
			out->convener_id = 0;
			out->convener_name = NULL;
		}
	}
	for (size_t i = 0; i < out->rec_count; i++) {
		Recommendation *r = &out->recs[i];
		if (!r->addressed_org)
			continue;
		if (svc_sees_org_id(ctx, r->addressed_org, &seen) != STORE_OK)
			return SVC_ERROR;
		if (!seen) {
			/* The words may name it too: neither is shown. */
			r->addressed_org = 0;
			r->addressed_org_name = NULL;
			r->addressed_to = NULL;
		}
	}
	size_t kept = 0;
	for (size_t i = 0; i < out->participant_count; i++) {
		MeetingParticipant *p = &out->participants[i];
		if (p->org_id) {
			if (svc_sees_org_id(ctx, p->org_id, &seen) != STORE_OK)
				return SVC_ERROR;
			if (!seen)
				continue;
		}
		out->participants[kept++] = *p;
	}
	out->participant_count = kept;
	return SVC_OK;
}

SvcStatus svc_schedule_set(Ctx *ctx, MeetingSchedule *sc, Errors *errs)
{
	if (!svc_may_coordinate(ctx, COORD_SCHEDULE, &sc->body_id, 1))
		return SVC_FORBIDDEN;
	if (svc_check_org_ref(ctx, errs, "body_id", sc->body_id) != STORE_OK)
		return SVC_ERROR;
	Recurrence r;
	if (!recurrence_parse(sc->recurrence, &r))
		errors_add(errs, "recurrence", "is not one of monthly, quarterly", sc->recurrence);
	if (!sc->since)
		errors_add(errs, "since", "is required", NULL);
	long since, until;
	check_date(errs, "since", sc->since, true, &since);
	check_date(errs, "until", sc->until, true, &until);
	if (since >= 0 && until >= 0 && until < since)
		errors_add(errs, "until", "must not be before the start", NULL);
	check_text(errs, "note", sc->note, TEXT_MAX_CHARS, false);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_schedule_put(ctx->store, sc);
	if (rc == STORE_OK) {
		json_t *j = json_pack("{s:s,s:s,s:s?,s:s?}", "recurrence", sc->recurrence, "since",
				      sc->since, "until", sc->until, "note", sc->note);
		rc = svc_audit_append(ctx, "update", "meeting_schedule", sc->body_id, NULL,
				      audit_text(ctx, j));
	}
	return svc_finish(ctx, rc);
}

SvcStatus svc_schedule_check(Ctx *ctx, int64_t body_id, MeetingSchedule *sc, ScheduleCheck *out)
{
	memset(out, 0, sizeof *out);
	bool seen;
	if (svc_sees_org_id(ctx, body_id, &seen) != STORE_OK)
		return SVC_ERROR;
	if (!seen)
		return SVC_NOT_FOUND;
	int rc = store_schedule_get(ctx->store, ctx->arena, body_id, sc);
	if (rc != STORE_OK)
		return svc_from_store(rc);
	Meeting *list;
	size_t n;
	if (store_meeting_list(ctx->store, ctx->arena, body_id, &list, &n) != STORE_OK)
		return SVC_ERROR;
	long *held = arena_alloc(ctx->arena, (n ? n : 1) * sizeof *held);
	size_t days = 0;
	for (size_t i = 0; i < n; i++) {
		PDate d;
		if (list[i].date && pdate_parse(list[i].date, &d) && d.precision == DATE_DAY)
			held[days++] = pdate_first_day(&d);
	}
	Recurrence r;
	PDate since, until;
	if (!recurrence_parse(sc->recurrence, &r) || !pdate_parse(sc->since, &since))
		return SVC_ERROR;
	long end = today_of(ctx);
	if (sc->until && pdate_parse(sc->until, &until) && pdate_first_day(&until) < end)
		end = pdate_first_day(&until);
	schedule_check(r, pdate_first_day(&since), end, held, days, out);
	return SVC_OK;
}

/* ---- recommendations ---- */

SvcStatus svc_recommendation_follow(Ctx *ctx, int64_t id, const char *status, const char *note,
				    Errors *errs, int64_t *meeting_id)
{
	Recommendation r;
	int64_t convener;
	int rc = store_recommendation_get(ctx->store, ctx->arena, id, &r, meeting_id, &convener);
	if (rc != STORE_OK)
		return svc_from_store(rc);
	int64_t owners[2] = {convener, r.addressed_org};
	if (!svc_may_coordinate(ctx, COORD_FOLLOW_UP, owners, 2))
		return SVC_FORBIDDEN;
	if (!status || !*status)
		errors_add(errs, "status", "is required", NULL);
	else if (!recommendation_status_valid(status))
		errors_add(errs, "status", "is not one of open, in_progress, done, dropped", status);
	check_text(errs, "note", note, TEXT_MAX_CHARS, false);
	if (errs->count)
		return SVC_INVALID;
	char at[32];
	struct tm tm;
	gmtime_r(&ctx->now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	RecommendationEvent e = {.recommendation_id = id,
				 .at = at,
				 .actor = ctx->actor->login,
				 .status = status,
				 .note = note && *note ? note : NULL};
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_recommendation_follow(ctx->store, &e);
	if (rc == STORE_OK) {
		json_t *before = json_pack("{s:s}", "status", r.status);
		json_t *after = json_pack("{s:s,s:s?}", "status", status, "note", e.note);
		rc = svc_audit_append(ctx, "update", "recommendation", id, audit_text(ctx, before),
				      audit_text(ctx, after));
	}
	return svc_finish(ctx, rc);
}

SvcStatus svc_recommendation_events(Ctx *ctx, int64_t id, RecommendationEvent **out,
				    size_t *count)
{
	return svc_from_store(store_recommendation_events(ctx->store, ctx->arena, id, out, count));
}

/* ---- applications ---- */

SvcStatus svc_application_create(Ctx *ctx, Application *ap, Errors *errs)
{
	int64_t owners[2] = {ap->org_id, ap->authority_id};
	if (!svc_may_coordinate(ctx, COORD_APPLICATION, owners, 2))
		return SVC_FORBIDDEN;
	if (!ap->org_id)
		errors_add(errs, "org_id", "is required", NULL);
	if (!ap->authority_id)
		errors_add(errs, "authority_id", "is required", NULL);
	if (svc_check_org_ref(ctx, errs, "org_id", ap->org_id) != STORE_OK ||
	    svc_check_org_ref(ctx, errs, "authority_id", ap->authority_id) != STORE_OK)
		return SVC_ERROR;
	if (ap->org_id && ap->org_id == ap->authority_id)
		errors_add(errs, "authority_id", "must be another organization", NULL);
	if (ap->project_id) {
		Project p;
		if (svc_project_get(ctx, ap->project_id, &p) != SVC_OK)
			errors_add(errs, "project_id", "names no known project", NULL);
	}
	if (!application_kind_valid(ap->kind))
		errors_add(errs, "kind", "is not one of sector_mou, tin, registration, registration_renewal",
			   ap->kind);
	if (!ap->outcome)
		ap->outcome = ap->decided ? NULL : "pending";
	if (!application_outcome_valid(ap->outcome))
		errors_add(errs, "outcome", "is not one of pending, approved, refused, withdrawn",
			   ap->outcome);
	svc_dates_field(ctx->arena, &ap->submitted, "submitted", errs);
	svc_dates_field(ctx->arena, &ap->decided, "decided", errs);
	long submitted, decided;
	/* An old approval may be known without its dates; an open application
	 * is only worth recording with the day it was submitted. */
	if (!ap->submitted && (!ap->outcome || strcmp(ap->outcome, "pending") == 0))
		errors_add(errs, "submitted", "is required while the application is pending", NULL);
	check_date(errs, "submitted", ap->submitted, true, &submitted);
	check_date(errs, "decided", ap->decided, true, &decided);
	if (submitted >= 0 && decided >= 0 && decided < submitted)
		errors_add(errs, "decided", "must not be before the submission", NULL);
	if (submitted > today_of(ctx))
		errors_add(errs, "submitted", "is in the future", ap->submitted);
	if (ap->outcome && strcmp(ap->outcome, "pending") == 0 && ap->decided)
		errors_add(errs, "decided", "must be empty while the application is pending", NULL);
	check_text(errs, "note", ap->note, TEXT_MAX_CHARS, false);
	check_text(errs, "source", ap->source, TITLE_MAX_CHARS, false);
	if (errs->count)
		return SVC_INVALID;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_application_insert(ctx->store, ap);
	if (rc == STORE_OK) {
		json_t *j = json_pack("{s:I,s:I,s:s,s:s,s:s?,s:s,s:s?,s:s?}", "org_id",
				      (json_int_t)ap->org_id, "authority_id",
				      (json_int_t)ap->authority_id, "kind", ap->kind, "submitted",
				      ap->submitted, "decided", ap->decided, "outcome", ap->outcome,
				      "note", ap->note, "source", ap->source);
		rc = svc_audit_append(ctx, "create", "application", ap->id, NULL, audit_text(ctx, j));
	}
	return svc_finish(ctx, rc);
}

bool svc_may_write_application(const Ctx *ctx, const Application *ap)
{
	int64_t owners[2] = {ap->org_id, ap->authority_id};
	return svc_may_coordinate(ctx, COORD_APPLICATION, owners, 2);
}

bool svc_may_record_applications(const Ctx *ctx)
{
	const Actor *a = ctx->actor;
	return svc_may_coordinate(ctx, COORD_APPLICATION, a->org_ids, a->org_count);
}

bool svc_may_record_memberships(const Ctx *ctx)
{
	const Actor *a = ctx->actor;
	return svc_may_coordinate(ctx, COORD_MEMBERSHIP, a->org_ids, a->org_count);
}

SvcStatus svc_application_get(Ctx *ctx, int64_t id, Application *out)
{
	int rc = store_application_get(ctx->store, ctx->arena, id, out);
	if (rc != STORE_OK)
		return svc_from_store(rc);
	bool seen_org, seen_authority;
	if (svc_sees_org_id(ctx, out->org_id, &seen_org) != STORE_OK ||
	    svc_sees_org_id(ctx, out->authority_id, &seen_authority) != STORE_OK)
		return SVC_ERROR;
	if (!seen_org || !seen_authority)
		return SVC_NOT_FOUND;
	if (out->project_id) {
		Project p;
		SvcStatus st = svc_project_get(ctx, out->project_id, &p);
		if (st != SVC_OK)
			return st;
	}
	return SVC_OK;
}

static json_t *decision_state(const Application *ap)
{
	return json_pack("{s:s?,s:s?,s:s,s:s?}", "submitted", ap->submitted, "decided", ap->decided,
			 "outcome", ap->outcome, "note", ap->note);
}

SvcStatus svc_application_decide(Ctx *ctx, Application *decision, Errors *errs)
{
	Application ap;
	SvcStatus st = svc_application_get(ctx, decision->id, &ap);
	if (st != SVC_OK)
		return st;
	if (!svc_may_write_application(ctx, &ap))
		return SVC_FORBIDDEN;
	if (strcmp(ap.outcome, "pending") != 0)
		errors_add(errs, "outcome", "the application is already decided", ap.outcome);
	else if (!decision->outcome || !*decision->outcome)
		errors_add(errs, "outcome", "is required", NULL);
	else if (strcmp(decision->outcome, "pending") == 0 ||
		 !application_outcome_valid(decision->outcome))
		errors_add(errs, "outcome", "is not one of approved, refused, withdrawn",
			   decision->outcome);
	if (!decision->decided || !*decision->decided)
		errors_add(errs, "decided", "is required", NULL);
	svc_dates_field(ctx->arena, &decision->decided, "decided", errs);
	long submitted, decided;
	check_date(errs, "decided", decision->decided, true, &decided);
	check_date(errs, "submitted", ap.submitted, true, &submitted);
	if (submitted >= 0 && decided >= 0 && decided < submitted)
		errors_add(errs, "decided", "must not be before the submission", ap.submitted);
	if (decided > today_of(ctx))
		errors_add(errs, "decided", "is in the future", decision->decided);
	check_text(errs, "note", decision->note, TEXT_MAX_CHARS, false);
	if (errs->count)
		return SVC_INVALID;
	const char *before = audit_text(ctx, decision_state(&ap));
	Application after = ap;
	after.decided = decision->decided;
	after.outcome = decision->outcome;
	if (decision->note && *decision->note)
		after.note = decision->note;
	Application write = after;
	write.note = decision->note && *decision->note ? decision->note : NULL;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_application_decide(ctx->store, &write);
	if (rc == STORE_NOT_FOUND) {
		/* Decided by someone else since it was read. */
		store_rollback(ctx->store);
		errors_add(errs, "outcome", "the application is already decided", NULL);
		return SVC_INVALID;
	}
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "update", "application", ap.id, before,
				      audit_text(ctx, decision_state(&after)));
	st = svc_finish(ctx, rc);
	if (st == SVC_OK)
		*decision = after;
	return st;
}

SvcStatus svc_applications(Ctx *ctx, int64_t authority_id, int64_t org_id, Application **out,
			   size_t *count)
{
	Visibility vis;
	OrgScope scope;
	svc_sight(ctx, true, &vis, &scope);
	int rc = store_application_list(ctx->store, ctx->arena, authority_id, org_id, vis, &scope,
					out, count);
	bool seen;
	for (size_t i = 0; i < *count && rc == STORE_OK; i++) {
		rc = svc_sees_org_id(ctx, (*out)[i].org_id, &seen);
		if (rc == STORE_OK)
			rc = svc_sees_org_id(ctx, (*out)[i].authority_id, &seen);
	}
	return svc_from_store(rc);
}

SvcStatus svc_waiting_times(Ctx *ctx, WaitRow **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	Visibility vis;
	OrgScope scope;
	svc_sight(ctx, false, &vis, &scope);
	Application *list;
	size_t n;
	if (store_application_list(ctx->store, ctx->arena, 0, 0, vis, &scope, &list, &n) != STORE_OK)
		return SVC_ERROR;
	WaitCase *cases = arena_alloc(ctx->arena, (n ? n : 1) * sizeof *cases);
	long *scratch = arena_alloc(ctx->arena, (n ? n : 1) * sizeof *scratch);
	*out = arena_alloc(ctx->arena, (n ? n : 1) * sizeof **out);
	long today = today_of(ctx);
	/* The list comes ordered by authority and kind: each run is one row. */
	for (size_t i = 0; i < n;) {
		size_t j = i, k = 0;
		while (j < n && list[j].authority_id == list[i].authority_id &&
		       strcmp(list[j].kind, list[i].kind) == 0) {
			PDate s, d;
			/* Withdrawn applications were never decided, and one without a
			 * submission day has no wait: neither counts. */
			if (strcmp(list[j].outcome, "withdrawn") != 0 && list[j].submitted &&
			    pdate_parse(list[j].submitted, &s) &&
			    (strcmp(list[j].outcome, "pending") == 0 || list[j].decided)) {
				cases[k].submitted = pdate_first_day(&s);
				cases[k].decided = list[j].decided && pdate_parse(list[j].decided, &d)
							   ? pdate_first_day(&d)
							   : -1;
				k++;
			}
			j++;
		}
		WaitRow *row = &(*out)[(*count)++];
		row->authority_id = list[i].authority_id;
		row->authority_name = list[i].authority_name;
		row->kind = list[i].kind;
		wait_stats(cases, k, today, scratch, &row->stats);
		i = j;
	}
	return SVC_OK;
}

/* ---- what an audit entry of these records names (for svc.c) ---- */

int svc_coord_entry_refs(Ctx *ctx, const AuditEntry *e, bool *ours, int64_t orgs[3], size_t *n,
			 int64_t *project_id)
{
	*ours = true;
	*n = 0;
	*project_id = 0;
	if (strcmp(e->entity, "membership") == 0) {
		Membership m;
		int rc = store_membership_get(ctx->store, ctx->arena, e->entity_id, &m);
		if (rc != STORE_OK)
			return rc;
		orgs[(*n)++] = m.org_id;
		orgs[(*n)++] = m.body_id;
		return STORE_OK;
	}
	if (strcmp(e->entity, "application") == 0) {
		int rc = store_application_refs(ctx->store, e->entity_id, &orgs[0], &orgs[1], project_id);
		if (rc == STORE_OK)
			*n = 2;
		return rc;
	}
	if (strcmp(e->entity, "body_services") == 0 || strcmp(e->entity, "meeting_schedule") == 0) {
		orgs[(*n)++] = e->entity_id;
		return STORE_OK;
	}
	if (strcmp(e->entity, "recommendation") == 0) {
		Recommendation r;
		int64_t meeting, convener;
		int rc = store_recommendation_get(ctx->store, ctx->arena, e->entity_id, &r, &meeting,
						  &convener);
		if (rc != STORE_OK)
			return rc;
		if (convener)
			orgs[(*n)++] = convener;
		if (r.addressed_org)
			orgs[(*n)++] = r.addressed_org;
		return STORE_OK;
	}
	if (strcmp(e->entity, "meeting") == 0) {
		Meeting m;
		int rc = store_meeting_get(ctx->store, ctx->arena, e->entity_id, &m);
		if (rc != STORE_OK)
			return rc;
		if (m.convener_id)
			orgs[(*n)++] = m.convener_id;
		return STORE_OK;
	}
	*ours = false;
	return STORE_OK;
}

/* ---- who does what where ---- */

SvcStatus svc_place_who_what(Ctx *ctx, const char *pcode, const char *from, const char *to,
			     Errors *errs, WhoWhatRow **out, size_t *count, long long *undated)
{
	*out = NULL;
	*count = 0;
	*undated = 0;
	long f, t;
	check_date(errs, "from", from, false, &f);
	check_date(errs, "to", to, false, &t);
	if (!errs->count && from && to) {
		PDate a, b;
		pdate_parse(from, &a);
		pdate_parse(to, &b);
		if (pdate_last_day(&b) < pdate_first_day(&a))
			errors_add(errs, "to", "must not be before the start", to);
	}
	if (errs->count)
		return SVC_INVALID;
	Visibility vis;
	OrgScope scope;
	svc_sight(ctx, false, &vis, &scope);
	WhoWhatFact *facts;
	size_t n;
	if (store_place_who_what(ctx->store, ctx->arena, pcode, vis, &scope, &facts, &n) != STORE_OK)
		return SVC_ERROR;
	*out = arena_alloc(ctx->arena, (n ? n : 1) * sizeof **out);
	/* Projects left out for want of dates, each once. */
	int64_t *left_out = arena_alloc(ctx->arena, (n ? n : 1) * sizeof *left_out);
	size_t left = 0;
	for (size_t i = 0; i < n; i++) {
		const WhoWhatFact *x = &facts[i];
		bool no_dates;
		if (!span_overlaps(x->start_date, x->end_date, from, to, &no_dates)) {
			bool listed = false;
			for (size_t k = 0; k < left && !listed; k++)
				listed = left_out[k] == x->project_id;
			if (no_dates && !listed)
				left_out[left++] = x->project_id;
			continue;
		}
		/* Facts come ordered by place, sector, organization: a row ends
		 * where one of them changes. A project is one fact per row. */
		WhoWhatRow *last = *count ? &(*out)[*count - 1] : NULL;
		if (last && strcmp(last->pcode, x->pcode) == 0 && strcmp(last->sector, x->sector) == 0 &&
		    last->org_id == x->org_id) {
			last->projects++;
			continue;
		}
		WhoWhatRow *r = &(*out)[(*count)++];
		r->pcode = x->pcode;
		r->sector = x->sector;
		r->org_id = x->org_id;
		r->org_name = x->org_name;
		r->projects = 1;
	}
	*undated = (long long)left;
	return SVC_OK;
}

/* ---- an organization's highlights ---- */

#define HIGHLIGHT_PROJECTS_MAX 500

SvcStatus svc_org_highlights(Ctx *ctx, int64_t org_id, Project **projects, size_t *count,
			     Highlights *out)
{
	*projects = NULL;
	*count = 0;
	Org o;
	SvcStatus st = svc_org_get(ctx, org_id, &o);
	if (st != SVC_OK)
		return st;
	ProjectFilter f = {.org_id = org_id, .limit = HIGHLIGHT_PROJECTS_MAX};
	ProjectList list = {0};
	if ((st = svc_project_list(ctx, &f, &list)) != SVC_OK)
		return st;
	/* The list leaves results out: read each project whole. */
	Project *full = arena_alloc(ctx->arena, (list.count ? list.count : 1) * sizeof *full);
	size_t n = 0;
	for (size_t i = 0; i < list.count; i++) {
		st = svc_project_get(ctx, list.items[i].id, &full[n]);
		if (st == SVC_OK)
			n++;
		else if (st != SVC_NOT_FOUND)
			return st;
	}
	highlights_build(ctx->arena, ctx->ref->gaz, full, n, out);
	*projects = full;
	*count = n;
	return SVC_OK;
}
