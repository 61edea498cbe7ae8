/*
 * store_report.c — reporting obligations, reports with their lines,
 * recipients and history, and organization status changes, in SQL (see
 * store_report.h). Every statement binds its parameters.
 */
#include "store/store_report.h"

#include <string.h>

#include "store/store_int.h"

#define NOW_SQL "strftime('%Y-%m-%dT%H:%M:%SZ','now')"

/* ---- obligations ---- */

int store_obligation_put(Store *s, const ReportObligation *o)
{
	sqlite3_stmt *st = st_prep(
		s, "INSERT INTO report_obligation(org_id, authority_id, frequency, calendar, start_date,"
		   " grace_days, updated_at) VALUES (:org, :authority, :frequency, :calendar, :start,"
		   " :grace, " NOW_SQL ")"
		   " ON CONFLICT(org_id) DO UPDATE SET authority_id = excluded.authority_id,"
		   " frequency = excluded.frequency, calendar = excluded.calendar,"
		   " start_date = excluded.start_date, grace_days = excluded.grace_days,"
		   " updated_at = excluded.updated_at");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":org", o->org_id);
	st_int(st, ":authority", o->authority_id);
	st_text(st, ":frequency", o->frequency);
	st_text(st, ":calendar", o->calendar);
	st_text(st, ":start", o->start_date);
	st_int(st, ":grace", o->grace_days);
	return st_exec(s, st);
}

enum { O_ORG, O_AUTHORITY, O_FREQUENCY, O_CALENDAR, O_START, O_GRACE, O_UPDATED, O_ORG_NAME,
       O_AUTHORITY_NAME, O_VISIBILITY, O_MAIN_PCODE };
#define OBLIGATION_COLUMNS                                                                        \
	"SELECT ob.org_id, ob.authority_id, ob.frequency, ob.calendar, ob.start_date,"           \
	" ob.grace_days, ob.updated_at, o.name_en, au.name_en, o.visibility,"                    \
	" (SELECT pcode FROM org_office f WHERE f.org_id = o.id ORDER BY f.is_main DESC LIMIT 1)" \
	" FROM report_obligation ob JOIN org o ON o.id = ob.org_id"                              \
	" LEFT JOIN org au ON au.id = ob.authority_id"

static void read_obligation(Arena *a, sqlite3_stmt *st, ReportObligation *o)
{
	memset(o, 0, sizeof *o);
	o->org_id = sqlite3_column_int64(st, O_ORG);
	o->authority_id = sqlite3_column_int64(st, O_AUTHORITY);
	o->frequency = col_text(a, st, O_FREQUENCY);
	o->calendar = col_text(a, st, O_CALENDAR);
	o->start_date = col_text(a, st, O_START);
	o->grace_days = sqlite3_column_int(st, O_GRACE);
	o->updated_at = col_text(a, st, O_UPDATED);
	o->org_name = col_text(a, st, O_ORG_NAME);
	o->authority_name = col_text(a, st, O_AUTHORITY_NAME);
	o->org_visibility = (Visibility)sqlite3_column_int(st, O_VISIBILITY);
	o->main_pcode = col_text(a, st, O_MAIN_PCODE);
}

int store_obligation_get(Store *s, Arena *a, int64_t org_id, ReportObligation *out)
{
	sqlite3_stmt *st = st_prep(s, OBLIGATION_COLUMNS " WHERE ob.org_id = :org");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":org", org_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_obligation(a, st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_obligation_list(Store *s, Arena *a, Visibility max_vis, const OrgScope *scope,
			  ReportObligation **out, size_t *count)
{
	sqlite3_stmt *st = st_prep(s, OBLIGATION_COLUMNS " WHERE " SEES_ORG(o) " ORDER BY o.name_en, o.id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		read_obligation(a, st, &(*out)[(*count)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

/* ---- reports ---- */

static int write_parts(Store *s, const Report *r)
{
	sqlite3_stmt *st = st_prep(s, "DELETE FROM report_line WHERE report_id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", r->id);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	st = st_prep(s, "DELETE FROM report_recipient WHERE report_id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", r->id);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	for (size_t i = 0; i < r->line_count; i++) {
		const ReportLine *l = &r->lines[i];
		st = st_prep(s, "INSERT INTO report_line(report_id, position, project_id, progress,"
				" indicator, value, female, male, girls, boys, spending, currency)"
				" VALUES (:id, :pos, :project, :progress, :indicator, :value, :female,"
				" :male, :girls, :boys, :spending, :currency)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", r->id);
		st_int(st, ":pos", (long long)i);
		st_int_or_null(st, ":project", l->project_id, true);
		st_text(st, ":progress", l->progress);
		st_text(st, ":indicator", l->indicator);
		if (l->has_value)
			st_double(st, ":value", l->value);
		st_int_or_null(st, ":female", l->female, false);
		st_int_or_null(st, ":male", l->male, false);
		st_int_or_null(st, ":girls", l->girls, false);
		st_int_or_null(st, ":boys", l->boys, false);
		if (l->has_spending)
			st_double(st, ":spending", l->spending);
		st_text(st, ":currency", l->currency);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	for (size_t i = 0; i < r->recipient_count; i++) {
		st = st_prep(s, "INSERT INTO report_recipient(report_id, org_id) VALUES (:id, :org)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", r->id);
		st_int(st, ":org", r->recipients[i]);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

static void bind_report(sqlite3_stmt *st, const Report *r)
{
	st_int(st, ":org", r->org_id);
	st_text(st, ":start", r->period_start);
	st_text(st, ":end", r->period_end);
	st_text(st, ":status", r->status ? r->status : "draft");
	st_text(st, ":summary", r->summary);
	st_text(st, ":comments", r->review_comments);
	st_text(st, ":first", r->first_submitted_on);
	st_text(st, ":submitted", r->submitted_on);
	st_text(st, ":returned", r->returned_on);
	st_text(st, ":accepted", r->accepted_on);
}

int store_report_insert(Store *s, Report *r)
{
	sqlite3_stmt *st = st_prep(
		s, "INSERT INTO report(org_id, period_start, period_end, status, summary,"
		   " review_comments, first_submitted_on, submitted_on, returned_on, accepted_on,"
		   " created_at, updated_at) VALUES (:org, :start, :end, :status, :summary, :comments,"
		   " :first, :submitted, :returned, :accepted, " NOW_SQL ", " NOW_SQL ")");
	if (!st)
		return STORE_ERROR;
	bind_report(st, r);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	r->id = sqlite3_last_insert_rowid(s->db);
	return write_parts(s, r);
}

int store_report_update(Store *s, const Report *r)
{
	sqlite3_stmt *st = st_prep(
		s, "UPDATE report SET org_id = :org, period_start = :start, period_end = :end,"
		   " status = :status, summary = :summary, review_comments = :comments,"
		   " first_submitted_on = :first, submitted_on = :submitted, returned_on = :returned,"
		   " accepted_on = :accepted, updated_at = " NOW_SQL " WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	bind_report(st, r);
	st_int(st, ":id", r->id);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(s->db) == 0)
		return STORE_NOT_FOUND;
	return write_parts(s, r);
}

int store_report_event_insert(Store *s, int64_t report_id, const ReportEvent *e)
{
	sqlite3_stmt *st = st_prep(s, "INSERT INTO report_event(report_id, at, actor, status, comment)"
				      " VALUES (:id, :at, :actor, :status, :comment)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", report_id);
	st_text(st, ":at", e->at);
	st_text(st, ":actor", e->actor);
	st_text(st, ":status", e->status);
	st_text(st, ":comment", e->comment);
	return st_exec(s, st);
}

enum { R_ID, R_ORG, R_ORG_NAME, R_START, R_END, R_STATUS, R_SUMMARY, R_COMMENTS, R_FIRST,
       R_SUBMITTED, R_RETURNED, R_ACCEPTED, R_CREATED, R_UPDATED };
#define REPORT_COLUMNS                                                                           \
	"SELECT r.id, r.org_id, o.name_en, r.period_start, r.period_end, r.status, r.summary,"  \
	" r.review_comments, r.first_submitted_on, r.submitted_on, r.returned_on, r.accepted_on," \
	" r.created_at, r.updated_at FROM report r JOIN org o ON o.id = r.org_id"

static void read_report(Arena *a, sqlite3_stmt *st, Report *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, R_ID);
	r->org_id = sqlite3_column_int64(st, R_ORG);
	r->org_name = col_text(a, st, R_ORG_NAME);
	r->period_start = col_text(a, st, R_START);
	r->period_end = col_text(a, st, R_END);
	r->status = col_text(a, st, R_STATUS);
	r->summary = col_text(a, st, R_SUMMARY);
	r->review_comments = col_text(a, st, R_COMMENTS);
	r->first_submitted_on = col_text(a, st, R_FIRST);
	r->submitted_on = col_text(a, st, R_SUBMITTED);
	r->returned_on = col_text(a, st, R_RETURNED);
	r->accepted_on = col_text(a, st, R_ACCEPTED);
	r->created_at = col_text(a, st, R_CREATED);
	r->updated_at = col_text(a, st, R_UPDATED);
}

static int read_lines(Store *s, Arena *a, Report *r)
{
	enum { L_PROJECT, L_TITLE, L_PROGRESS, L_INDICATOR, L_VALUE, L_FEMALE, L_MALE, L_GIRLS,
	       L_BOYS, L_SPENDING, L_CURRENCY };
	sqlite3_stmt *st = st_prep(
		s, "SELECT l.project_id, coalesce(p.title_en, p.title_prs, p.title_pus), l.progress,"
		   " l.indicator, l.value, l.female, l.male, l.girls, l.boys, l.spending, l.currency"
		   " FROM report_line l LEFT JOIN project p ON p.id = l.project_id"
		   " WHERE l.report_id = :id ORDER BY l.position");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", r->id);
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->lines = arena_grow(a, r->lines, &alloc, r->line_count, sizeof *r->lines);
		ReportLine *l = &r->lines[r->line_count++];
		memset(l, 0, sizeof *l);
		l->project_id = col_id(st, L_PROJECT);
		l->project_title = col_text(a, st, L_TITLE);
		l->progress = col_text(a, st, L_PROGRESS);
		l->indicator = col_text(a, st, L_INDICATOR);
		l->has_value = sqlite3_column_type(st, L_VALUE) != SQLITE_NULL;
		l->value = sqlite3_column_double(st, L_VALUE);
		l->female = col_int_or_unknown(st, L_FEMALE);
		l->male = col_int_or_unknown(st, L_MALE);
		l->girls = col_int_or_unknown(st, L_GIRLS);
		l->boys = col_int_or_unknown(st, L_BOYS);
		l->has_spending = sqlite3_column_type(st, L_SPENDING) != SQLITE_NULL;
		l->spending = sqlite3_column_double(st, L_SPENDING);
		l->currency = col_text(a, st, L_CURRENCY);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

static int read_recipients(Store *s, Arena *a, Report *r)
{
	enum { P_ORG, P_NAME };
	sqlite3_stmt *st = st_prep(s, "SELECT rr.org_id, o.name_en FROM report_recipient rr"
				      " JOIN org o ON o.id = rr.org_id WHERE rr.report_id = :id"
				      " ORDER BY o.name_en");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", r->id);
	size_t alloc = 0, name_alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->recipients = arena_grow(a, r->recipients, &alloc, r->recipient_count, sizeof *r->recipients);
		r->recipient_names = arena_grow(a, r->recipient_names, &name_alloc, r->recipient_count,
						sizeof *r->recipient_names);
		r->recipients[r->recipient_count] = sqlite3_column_int64(st, P_ORG);
		r->recipient_names[r->recipient_count] = col_text(a, st, P_NAME);
		r->recipient_count++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

static int read_events(Store *s, Arena *a, Report *r)
{
	enum { E_AT, E_ACTOR, E_STATUS, E_COMMENT };
	sqlite3_stmt *st = st_prep(s, "SELECT at, actor, status, comment FROM report_event"
				      " WHERE report_id = :id ORDER BY id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", r->id);
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->events = arena_grow(a, r->events, &alloc, r->event_count, sizeof *r->events);
		ReportEvent *e = &r->events[r->event_count++];
		e->at = col_text(a, st, E_AT);
		e->actor = col_text(a, st, E_ACTOR);
		e->status = col_text(a, st, E_STATUS);
		e->comment = col_text(a, st, E_COMMENT);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

int store_report_get(Store *s, Arena *a, int64_t id, Report *out)
{
	sqlite3_stmt *st = st_prep(s, REPORT_COLUMNS " WHERE r.id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_report(a, st, out);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
	if ((rc = read_lines(s, a, out)) != STORE_OK || (rc = read_recipients(s, a, out)) != STORE_OK)
		return rc;
	return read_events(s, a, out);
}

int store_report_list(Store *s, Arena *a, const ReportFilter *f, Report **out, size_t *count)
{
	sqlite3_stmt *st = st_prep(s, REPORT_COLUMNS " WHERE (:org = 0 OR r.org_id = :org)"
						     " AND (:submitted = 0 OR r.first_submitted_on IS NOT NULL)"
						     " AND " SEES_ORG(o)
						     " ORDER BY r.period_end DESC, r.id DESC");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":org", f->org_id);
	st_int(st, ":submitted", f->submitted_only ? 1 : 0);
	st_int(st, ":vis", f->max_vis);
	st_scope(st, ":scope", f->scope);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		read_report(a, st, &(*out)[(*count)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

/* ---- organization status ---- */

int store_org_status_change(Store *s, OrgStatusChange *c)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE org SET status = :status, updated_at = " NOW_SQL
				      " WHERE id = :org");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":status", c->new_status);
	st_int(st, ":org", c->org_id);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(s->db) == 0)
		return STORE_NOT_FOUND;
	st = st_prep(s, "INSERT INTO org_status_change(org_id, at, actor, change, old_status,"
			" new_status, reason) VALUES (:org, :at, :actor, :change, :old, :new, :reason)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":org", c->org_id);
	st_text(st, ":at", c->at);
	st_text(st, ":actor", c->actor);
	st_text(st, ":change", c->change);
	st_text(st, ":old", c->old_status);
	st_text(st, ":new", c->new_status);
	st_text(st, ":reason", c->reason);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	c->id = sqlite3_last_insert_rowid(s->db);
	return STORE_OK;
}

int store_org_status_history(Store *s, Arena *a, int64_t org_id, OrgStatusChange **out,
			     size_t *count)
{
	enum { H_ID, H_AT, H_ACTOR, H_CHANGE, H_OLD, H_NEW, H_REASON };
	sqlite3_stmt *st = st_prep(s, "SELECT id, at, actor, change, old_status, new_status, reason"
				      " FROM org_status_change WHERE org_id = :org ORDER BY id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":org", org_id);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		OrgStatusChange *c = &(*out)[(*count)++];
		c->id = sqlite3_column_int64(st, H_ID);
		c->org_id = org_id;
		c->at = col_text(a, st, H_AT);
		c->actor = col_text(a, st, H_ACTOR);
		c->change = col_text(a, st, H_CHANGE);
		c->old_status = col_text(a, st, H_OLD);
		c->new_status = col_text(a, st, H_NEW);
		c->reason = col_text(a, st, H_REASON);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}
