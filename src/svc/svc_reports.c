/*
 * svc_reports.c — reports, obligations, compliance and status changes
 * (see svc_reports.h for who may do what).
 *
 * Visibility is svc.c's: an organization is read with svc_org_get, which
 * hides what the actor does not see and logs a read opened by a stated
 * reason. Compliance figures are counted over what the actor sees without
 * a reason, like every other count. Every write is one transaction with
 * its audit entry; the clock is the unit's (ctx->now).
 */
#include "svc/svc_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pdate.h"
#include "fmt/record_json.h"
#include "fmt/report_json.h"
#include "store/store_report.h"
#include "svc/svc_int.h"

#define SECONDS_PER_DAY 86400

long svc_today(const Ctx *ctx)
{
	long long t = (long long)ctx->now;
	return (long)(t >= 0 ? t / SECONDS_PER_DAY : (t - SECONDS_PER_DAY + 1) / SECONDS_PER_DAY);
}

/* "YYYY-MM-DD" of a day number, in the arena. */
static const char *day_text(Arena *a, long day)
{
	char text[11];
	compliance_day_text(day, text);
	return arena_strdup(a, text);
}

/* The day number of "YYYY-MM-DD"; COMPLIANCE_NO_DAY for NULL or a text
 * that is not a whole date. */
static long text_day(const char *text)
{
	PDate d;
	if (!text || !pdate_parse(text, &d) || d.precision != DATE_DAY)
		return COMPLIANCE_NO_DAY;
	return pdate_first_day(&d);
}

static const char *now_text(Ctx *ctx)
{
	struct tm tm;
	char at[32];
	gmtime_r(&ctx->now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return arena_strdup(ctx->arena, at);
}

static SvcStatus from_store(int rc)
{
	return rc == STORE_OK ? SVC_OK : rc == STORE_NOT_FOUND ? SVC_NOT_FOUND : SVC_ERROR;
}

/* Commits, or rolls back and reports the store's error. */
static SvcStatus finish(Ctx *ctx, int rc)
{
	if (rc == STORE_OK && store_commit(ctx->store) == STORE_OK)
		return SVC_OK;
	store_rollback(ctx->store);
	return rc == STORE_NOT_FOUND ? SVC_NOT_FOUND : SVC_ERROR;
}

static char *snapshot(Ctx *ctx, json_t *j)
{
	char *text = json_dump_arena(ctx->arena, j);
	json_decref(j);
	return text;
}

/* ---- policy ---- */

static bool is_editor_of(const Actor *a, int64_t org_id)
{
	if (a->role != ROLE_EDITOR)
		return false;
	for (size_t i = 0; i < a->org_count; i++)
		if (a->org_ids[i] == org_id)
			return true;
	return false;
}

bool svc_may_write_reports(const Ctx *ctx, int64_t org_id)
{
	Role r = ctx->actor->role;
	return r == ROLE_SYSTEM || r == ROLE_ADMIN || is_editor_of(ctx->actor, org_id);
}

bool svc_may_review_reports(const Ctx *ctx)
{
	Role r = ctx->actor->role;
	return r == ROLE_SYSTEM || r == ROLE_ADMIN || r == ROLE_MINISTRY;
}

bool svc_may_change_org_status(const Ctx *ctx)
{
	return svc_may_review_reports(ctx);
}

static bool may_read_reports(const Ctx *ctx, int64_t org_id)
{
	Role r = ctx->actor->role;
	return r == ROLE_SYSTEM || r == ROLE_ADMIN || r == ROLE_MINISTRY || r == ROLE_COORDINATOR ||
	       is_editor_of(ctx->actor, org_id);
}

static bool may_see_compliance(const Ctx *ctx)
{
	Role r = ctx->actor->role;
	return r == ROLE_SYSTEM || r == ROLE_ADMIN || r == ROLE_MINISTRY || r == ROLE_COORDINATOR;
}

/* What the actor sees without a reason: for lists and figures. */
static void plain_sight(const Ctx *ctx, Visibility *max_vis, OrgScope *scope)
{
	*max_vis = svc_max_visibility(ctx->actor);
	scope->org_ids = NULL;
	scope->count = 0;
	if (ctx->actor->role == ROLE_EDITOR) {
		scope->org_ids = ctx->actor->org_ids;
		scope->count = ctx->actor->org_count;
	}
}

/* Whether the actor sees an organization (a read by reason is logged by
 * svc_org_get). SVC_OK with *seen false when it does not. */
static SvcStatus sees_org(Ctx *ctx, int64_t id, bool *seen, Org *org)
{
	Org scratch;
	SvcStatus st = svc_org_get(ctx, id, org ? org : &scratch);
	*seen = st == SVC_OK;
	return st == SVC_NOT_FOUND ? SVC_OK : st;
}

/* ---- obligations ---- */

SvcStatus svc_obligation_set(Ctx *ctx, ReportObligation *o, Errors *errs)
{
	if (!svc_may_review_reports(ctx))
		return SVC_FORBIDDEN;
	bool seen;
	SvcStatus st = sees_org(ctx, o->org_id, &seen, NULL);
	if (st != SVC_OK)
		return st;
	if (!seen)
		return SVC_NOT_FOUND;
	validate_obligation(o, errs);
	if (o->authority_id > 0) {
		if ((st = sees_org(ctx, o->authority_id, &seen, NULL)) != SVC_OK)
			return st;
		if (!seen)
			errors_add(errs, "authority_id", "names no known organization", NULL);
	}
	if (errs->count)
		return SVC_INVALID;
	ReportObligation before;
	int rc = store_obligation_get(ctx->store, ctx->arena, o->org_id, &before);
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		return SVC_ERROR;
	const char *before_json = rc == STORE_OK ? snapshot(ctx, obligation_to_json(&before)) : NULL;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	rc = store_obligation_put(ctx->store, o);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, before_json ? "update" : "create", "report_obligation",
				      o->org_id, before_json, snapshot(ctx, obligation_to_json(o)));
	return finish(ctx, rc);
}

SvcStatus svc_obligation_get(Ctx *ctx, int64_t org_id, ReportObligation *out)
{
	bool seen;
	SvcStatus st = sees_org(ctx, org_id, &seen, NULL);
	if (st != SVC_OK)
		return st;
	if (!seen)
		return SVC_NOT_FOUND;
	st = from_store(store_obligation_get(ctx->store, ctx->arena, org_id, out));
	if (st == SVC_OK && out->authority_id) {
		/* The authority is named only to those who see it. */
		bool authority_seen;
		if ((st = sees_org(ctx, out->authority_id, &authority_seen, NULL)) == SVC_OK && !authority_seen) {
			out->authority_id = 0;
			out->authority_name = NULL;
		}
	}
	return st;
}

/* ---- reports ---- */

/* Checks the organizations and projects a report names: recipients and
 * projects the actor does not see are answered as unknown. */
static SvcStatus check_refs(Ctx *ctx, const Report *r, Errors *errs)
{
	for (size_t i = 0; i < r->recipient_count; i++) {
		bool seen;
		SvcStatus st = sees_org(ctx, r->recipients[i], &seen, NULL);
		if (st != SVC_OK)
			return st;
		if (!seen)
			errors_add_at(errs, "recipients", i, NULL, "names no known organization", NULL);
	}
	for (size_t i = 0; i < r->line_count; i++) {
		if (!r->lines[i].project_id)
			continue;
		Project p;
		SvcStatus st = svc_project_get(ctx, r->lines[i].project_id, &p);
		if (st == SVC_NOT_FOUND)
			errors_add_at(errs, "lines", i, "project_id", "names no known project", NULL);
		else if (st != SVC_OK)
			return st;
	}
	return SVC_OK;
}

/* Reads a stored report the actor may read. */
static SvcStatus report_read(Ctx *ctx, int64_t id, Report *out)
{
	int rc = store_report_get(ctx->store, ctx->arena, id, out);
	if (rc != STORE_OK)
		return from_store(rc);
	bool seen;
	SvcStatus st = sees_org(ctx, out->org_id, &seen, NULL);
	if (st != SVC_OK)
		return st;
	if (!seen || !may_read_reports(ctx, out->org_id))
		return SVC_NOT_FOUND;
	/* Recipients the actor does not see are left out. */
	size_t kept = 0;
	for (size_t i = 0; i < out->recipient_count; i++) {
		if ((st = sees_org(ctx, out->recipients[i], &seen, NULL)) != SVC_OK)
			return st;
		if (seen) {
			out->recipients[kept] = out->recipients[i];
			out->recipient_names[kept] = out->recipient_names[i];
			kept++;
		}
	}
	out->recipient_count = kept;
	/* So are the projects of lines the actor does not see: neither their
	 * titles nor their ids. */
	for (size_t i = 0; i < out->line_count; i++) {
		ReportLine *l = &out->lines[i];
		if (!l->project_id)
			continue;
		Project p;
		st = svc_project_get(ctx, l->project_id, &p);
		if (st == SVC_NOT_FOUND) {
			l->project_id = 0;
			l->project_title = NULL;
		} else if (st != SVC_OK) {
			return st;
		}
	}
	return SVC_OK;
}

static ReportEvent event_now(Ctx *ctx, const char *status, const char *comment)
{
	ReportEvent e = {.at = now_text(ctx), .actor = ctx->actor->login, .status = status, .comment = comment};
	return e;
}

SvcStatus svc_report_create(Ctx *ctx, Report *r, Errors *errs)
{
	bool seen = false;
	SvcStatus st = SVC_OK;
	if (r->org_id > 0 && (st = sees_org(ctx, r->org_id, &seen, NULL)) != SVC_OK)
		return st;
	if (r->org_id > 0 && !seen) {
		if (ctx->actor->role == ROLE_ANONYMOUS)
			return SVC_FORBIDDEN;
		errors_add(errs, "org_id", "names no known organization", NULL);
	} else if (r->org_id > 0 && !svc_may_write_reports(ctx, r->org_id)) {
		return SVC_FORBIDDEN;
	}
	validate_report(ctx->ref, r, errs);
	if ((st = check_refs(ctx, r, errs)) != SVC_OK)
		return st;
	if (errs->count)
		return SVC_INVALID;
	if (!svc_may_write_reports(ctx, r->org_id))
		return SVC_FORBIDDEN;
	r->status = "draft";
	r->review_comments = r->first_submitted_on = r->submitted_on = NULL;
	r->returned_on = r->accepted_on = NULL;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_report_insert(ctx->store, r);
	ReportEvent e = event_now(ctx, "draft", NULL);
	if (rc == STORE_OK)
		rc = store_report_event_insert(ctx->store, r->id, &e);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "create", "report", r->id, NULL, snapshot(ctx, report_to_json(r, false)));
	return finish(ctx, rc);
}

static bool editable(const Report *r)
{
	return strcmp(r->status, "draft") == 0 || strcmp(r->status, "returned") == 0;
}

SvcStatus svc_report_update(Ctx *ctx, Report *r, Errors *errs)
{
	Report stored;
	SvcStatus st = report_read(ctx, r->id, &stored);
	if (st != SVC_OK)
		return st;
	if (!svc_may_write_reports(ctx, stored.org_id))
		return SVC_FORBIDDEN;
	if (r->org_id != stored.org_id)
		errors_add(errs, "org_id", "cannot be changed", NULL);
	if (!editable(&stored))
		errors_add(errs, "status", "allows no change: the report is submitted or accepted", stored.status);
	validate_report(ctx->ref, r, errs);
	if ((st = check_refs(ctx, r, errs)) != SVC_OK)
		return st;
	if (errs->count)
		return SVC_INVALID;
	/* What the organization does not write stays as stored. */
	r->status = stored.status;
	r->review_comments = stored.review_comments;
	r->first_submitted_on = stored.first_submitted_on;
	r->submitted_on = stored.submitted_on;
	r->returned_on = stored.returned_on;
	r->accepted_on = stored.accepted_on;
	/* Reload the full stored record for the audit snapshot (recipients unfiltered). */
	Report full;
	if (store_report_get(ctx->store, ctx->arena, r->id, &full) != STORE_OK)
		return SVC_ERROR;
	/* A line whose project was hidden from the actor (report_read) keeps
	 * it: the actor cannot have meant to remove what it could not see.
	 * Lines are matched by position. */
	for (size_t i = 0; i < r->line_count && i < full.line_count; i++) {
		if (r->lines[i].project_id || !full.lines[i].project_id)
			continue;
		Project p;
		st = svc_project_get(ctx, full.lines[i].project_id, &p);
		if (st == SVC_NOT_FOUND)
			r->lines[i].project_id = full.lines[i].project_id;
		else if (st != SVC_OK)
			return st;
	}
	const char *before = snapshot(ctx, report_to_json(&full, false));
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_report_update(ctx->store, r);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "update", "report", r->id, before, snapshot(ctx, report_to_json(r, false)));
	return finish(ctx, rc);
}

/* Moves a report to a new status with its dates, history and audit. */
static SvcStatus move(Ctx *ctx, Report *full, const char *status, const char *comment)
{
	const char *before = snapshot(ctx, report_to_json(full, false));
	const char *today = day_text(ctx->arena, svc_today(ctx));
	full->status = status;
	if (strcmp(status, "submitted") == 0) {
		full->submitted_on = today;
		if (!full->first_submitted_on)
			full->first_submitted_on = today;
	} else if (strcmp(status, "returned") == 0) {
		full->returned_on = today;
		full->review_comments = comment;
	} else if (strcmp(status, "accepted") == 0) {
		full->accepted_on = today;
		full->review_comments = comment;
	}
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_report_update(ctx->store, full);
	ReportEvent e = event_now(ctx, status, comment);
	if (rc == STORE_OK)
		rc = store_report_event_insert(ctx->store, full->id, &e);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "update", "report", full->id, before,
				      snapshot(ctx, report_to_json(full, false)));
	return finish(ctx, rc);
}

SvcStatus svc_report_submit(Ctx *ctx, int64_t id, Errors *errs)
{
	Report seen;
	SvcStatus st = report_read(ctx, id, &seen);
	if (st != SVC_OK)
		return st;
	if (!svc_may_write_reports(ctx, seen.org_id))
		return SVC_FORBIDDEN;
	if (!editable(&seen)) {
		errors_add(errs, "status", "allows no submission: the report is already submitted or accepted",
			   seen.status);
		return SVC_INVALID;
	}
	Report full;
	if (store_report_get(ctx->store, ctx->arena, id, &full) != STORE_OK)
		return SVC_ERROR;
	/* The history is not part of the record written back. */
	full.events = NULL;
	full.event_count = 0;
	return move(ctx, &full, "submitted", NULL);
}

SvcStatus svc_report_review(Ctx *ctx, int64_t id, bool accept, const char *comments, Errors *errs)
{
	Report seen;
	SvcStatus st = report_read(ctx, id, &seen);
	if (st != SVC_OK)
		return st;
	if (!svc_may_review_reports(ctx))
		return SVC_FORBIDDEN;
	if (strcmp(seen.status, "submitted") != 0)
		errors_add(errs, "status", "allows no review: only a submitted report is accepted or returned",
			   seen.status);
	if (comments && !*comments)
		comments = NULL;
	if (!accept && !comments)
		errors_add(errs, "comments", "are required to return a report: say what to change", NULL);
	if (comments && strlen(comments) > TEXT_MAX_CHARS)
		errors_add(errs, "comments", "are too long", NULL);
	if (errs->count)
		return SVC_INVALID;
	Report full;
	if (store_report_get(ctx->store, ctx->arena, id, &full) != STORE_OK)
		return SVC_ERROR;
	full.events = NULL;
	full.event_count = 0;
	return move(ctx, &full, accept ? "accepted" : "returned", comments);
}

SvcStatus svc_report_get(Ctx *ctx, int64_t id, Report *out)
{
	return report_read(ctx, id, out);
}

SvcStatus svc_report_list(Ctx *ctx, int64_t org_id, Report **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	ReportFilter f = {.org_id = org_id};
	OrgScope scope;
	plain_sight(ctx, &f.max_vis, &scope);
	f.scope = &scope;
	if (org_id) {
		bool seen;
		SvcStatus st = sees_org(ctx, org_id, &seen, NULL);
		if (st != SVC_OK)
			return st;
		if (!seen)
			return SVC_NOT_FOUND;
		if (!may_read_reports(ctx, org_id))
			return SVC_OK; /* the organization is seen, its reports are not */
		/* Seen by a stated reason: its own reports come with it. */
		f.max_vis = VIS_RESTRICTED;
	} else if (!may_see_compliance(ctx)) {
		/* An editor lists the reports of their organizations only. */
		if (ctx->actor->role != ROLE_EDITOR)
			return SVC_OK;
		Report *all = NULL;
		size_t n = 0;
		int rc = store_report_list(ctx->store, ctx->arena, &f, &all, &n);
		if (rc != STORE_OK)
			return SVC_ERROR;
		for (size_t i = 0; i < n; i++)
			if (is_editor_of(ctx->actor, all[i].org_id))
				all[(*count)++] = all[i];
		*out = all;
		return SVC_OK;
	}
	return from_store(store_report_list(ctx->store, ctx->arena, &f, out, count));
}

/* ---- compliance ---- */

/* Fills one row from an obligation and the organization's submitted
 * reports (newest period first), counting the periods the filter keeps. */
static void compute_row(Ctx *ctx, const ComplianceFilter *f, const ReportObligation *ob,
			const Report *reports, size_t report_count, ComplianceRow *row)
{
	memset(row, 0, sizeof *row);
	row->obligation = *ob;
	const Place *p = gaz_province_of(ctx->ref->gaz, ob->main_pcode);
	if (p)
		row->province_pcode = arena_strdup(ctx->arena, p->pcode);

	long today = svc_today(ctx);
	Obligation o = {.months = compliance_frequency_months(ob->frequency),
			.start_day = text_day(ob->start_date),
			.grace_days = ob->grace_days};
	compliance_calendar_parse(ob->calendar, &o.calendar);
	size_t n = compliance_periods(&o, today, NULL, 0);
	if (n > COMPLIANCE_MAX_PERIODS)
		n = COMPLIANCE_MAX_PERIODS;
	row->periods = arena_zalloc(ctx->arena, (n ? n : 1) * sizeof *row->periods);
	row->states = arena_zalloc(ctx->arena, (n ? n : 1) * sizeof *row->states);
	row->report_ids = arena_zalloc(ctx->arena, (n ? n : 1) * sizeof *row->report_ids);
	row->period_count = compliance_periods(&o, today, row->periods, n);
	if (row->period_count > n)
		row->period_count = n;

	long last_submitted = COMPLIANCE_NO_DAY;
	for (size_t k = 0; k < report_count; k++) {
		long d = text_day(reports[k].first_submitted_on);
		if (d != COMPLIANCE_NO_DAY && (last_submitted == COMPLIANCE_NO_DAY || d > last_submitted)) {
			last_submitted = d;
			row->last_submitted_on = reports[k].first_submitted_on;
		}
	}
	for (size_t i = 0; i < row->period_count; i++) {
		const Period *per = &row->periods[i];
		/* The report for a period is one whose end falls in it; the
		 * earliest first submission counts. */
		long submitted = COMPLIANCE_NO_DAY;
		for (size_t k = 0; k < report_count; k++) {
			long end = text_day(reports[k].period_end);
			long d = text_day(reports[k].first_submitted_on);
			if (end < per->first_day || end > per->last_day || d == COMPLIANCE_NO_DAY)
				continue;
			if (submitted == COMPLIANCE_NO_DAY || d < submitted) {
				submitted = d;
				row->report_ids[i] = reports[k].id;
			}
		}
		row->states[i] = compliance_state(per, submitted, today);
		if (row->states[i] == PERIOD_MISSING)
			row->overdue = true;
		bool kept = (f->from_day == COMPLIANCE_NO_DAY || per->last_day >= f->from_day) &&
			    (f->to_day == COMPLIANCE_NO_DAY || per->last_day <= f->to_day);
		if (kept)
			compliance_count(&row->counts, row->states[i]);
	}
	row->silent = o.start_day != COMPLIANCE_NO_DAY && compliance_silent(o.start_day, last_submitted, today);
}

static void add_counts(ComplianceCounts *total, const ComplianceCounts *c)
{
	total->expected += c->expected;
	total->submitted += c->submitted;
	total->on_time += c->on_time;
	total->late += c->late;
	total->missing += c->missing;
	total->due += c->due;
}

SvcStatus svc_compliance(Ctx *ctx, const ComplianceFilter *f, ComplianceList *out)
{
	memset(out, 0, sizeof *out);
	if (!may_see_compliance(ctx))
		return SVC_FORBIDDEN;
	Visibility max_vis;
	OrgScope scope;
	plain_sight(ctx, &max_vis, &scope);
	ReportObligation *obs;
	size_t ob_count;
	if (store_obligation_list(ctx->store, ctx->arena, max_vis, &scope, &obs, &ob_count) != STORE_OK)
		return SVC_ERROR;
	ReportFilter rf = {.max_vis = max_vis, .scope = &scope, .submitted_only = true};
	Report *reports;
	size_t report_count;
	if (store_report_list(ctx->store, ctx->arena, &rf, &reports, &report_count) != STORE_OK)
		return SVC_ERROR;
	out->rows = arena_zalloc(ctx->arena, (ob_count ? ob_count : 1) * sizeof *out->rows);
	for (size_t i = 0; i < ob_count; i++) {
		if (f->org_id && obs[i].org_id != f->org_id)
			continue;
		/* The reports of this organization: a run in no particular place of the list. */
		Report *mine = arena_zalloc(ctx->arena, (report_count ? report_count : 1) * sizeof *mine);
		size_t mine_count = 0;
		for (size_t k = 0; k < report_count; k++)
			if (reports[k].org_id == obs[i].org_id)
				mine[mine_count++] = reports[k];
		ComplianceRow *row = &out->rows[out->count];
		compute_row(ctx, f, &obs[i], mine, mine_count, row);
		if (f->province_pcode && (!row->province_pcode || strcmp(row->province_pcode, f->province_pcode) != 0))
			continue;
		if (f->overdue_only && !row->overdue)
			continue;
		/* The authority is named only when seen. */
		bool seen = obs[i].authority_id && (obs[i].authority_id == obs[i].org_id);
		Visibility v;
		if (!seen && store_org_visibility(ctx->store, obs[i].authority_id, &v) == STORE_OK)
			seen = v <= max_vis;
		if (!seen) {
			row->obligation.authority_id = 0;
			row->obligation.authority_name = NULL;
		}
		add_counts(&out->total, &row->counts);
		out->count++;
	}
	return SVC_OK;
}

SvcStatus svc_org_compliance(Ctx *ctx, int64_t org_id, ComplianceRow *out)
{
	ReportObligation ob;
	SvcStatus st = svc_obligation_get(ctx, org_id, &ob);
	if (st != SVC_OK)
		return st;
	/* The organization is seen: its own reports count, whoever asks. */
	ReportFilter rf = {.org_id = org_id, .max_vis = VIS_RESTRICTED, .submitted_only = true};
	Report *reports;
	size_t count;
	if (store_report_list(ctx->store, ctx->arena, &rf, &reports, &count) != STORE_OK)
		return SVC_ERROR;
	if (store_obligation_get(ctx->store, ctx->arena, org_id, &ob) != STORE_OK)
		return SVC_ERROR;
	ComplianceFilter f = {.from_day = COMPLIANCE_NO_DAY, .to_day = COMPLIANCE_NO_DAY};
	compute_row(ctx, &f, &ob, reports, count, out);
	ReportObligation named;
	if (svc_obligation_get(ctx, org_id, &named) == SVC_OK) {
		out->obligation.authority_id = named.authority_id;
		out->obligation.authority_name = named.authority_name;
	}
	return SVC_OK;
}

/* ---- organization status ---- */

SvcStatus svc_org_status_change(Ctx *ctx, OrgStatusChange *c, Errors *errs)
{
	if (!svc_may_change_org_status(ctx))
		return SVC_FORBIDDEN;
	Org org;
	bool seen;
	SvcStatus st = sees_org(ctx, c->org_id, &seen, &org);
	if (st != SVC_OK)
		return st;
	if (!seen)
		return SVC_NOT_FOUND;
	if (!validate_status_change(c, errs))
		return SVC_INVALID;
	c->new_status = org_status_after(c->change);
	c->old_status = org.status;
	if (strcmp(c->change, "reinstated") == 0 && org.status && strcmp(org.status, "active") == 0) {
		errors_add(errs, "change", "reinstates an organization that is not active only", NULL);
		return SVC_INVALID;
	}
	c->at = now_text(ctx);
	c->actor = ctx->actor->login;
	if (store_begin(ctx->store) != STORE_OK)
		return SVC_ERROR;
	int rc = store_org_status_change(ctx->store, c);
	if (rc == STORE_OK)
		rc = svc_audit_append(ctx, "create", "org_status_change", c->id, NULL,
				      snapshot(ctx, status_change_to_json(c)));
	return finish(ctx, rc);
}

SvcStatus svc_org_status_history(Ctx *ctx, int64_t org_id, OrgStatusChange **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	bool seen;
	SvcStatus st = sees_org(ctx, org_id, &seen, NULL);
	if (st != SVC_OK)
		return st;
	if (!seen)
		return SVC_NOT_FOUND;
	return from_store(store_org_status_history(ctx->store, ctx->arena, org_id, out, count));
}
