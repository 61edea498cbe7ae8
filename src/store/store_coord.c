/*
 * store_coord.c — memberships, body services, one meeting, schedules,
 * recommendation follow-ups and applications to authorities, in SQL (see
 * store_coord.h). Decides nothing about who may.
 */
#include <string.h>

#include "store/store_coord.h"
#include "store/store_int.h"

/* ---- memberships ---- */

int store_membership_insert(Store *s, Membership *m)
{
	sqlite3_stmt *st = st_prep(s, "INSERT INTO membership(org_id, body_id, status, since, until,"
				      " note, source) VALUES (:org, :body, :status, :since, :until,"
				      " :note, :source)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":org", m->org_id);
	st_int(st, ":body", m->body_id);
	st_text(st, ":status", m->status);
	st_text(st, ":since", m->since);
	st_text(st, ":until", m->until);
	st_text(st, ":note", m->note);
	st_text(st, ":source", m->source);
	int rc = st_exec(s, st);
	if (rc != STORE_OK)
		return rc;
	m->id = sqlite3_last_insert_rowid(s->db);
	return STORE_OK;
}

int store_membership_update(Store *s, const Membership *m)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE membership SET status = :status, since = :since,"
				      " until = :until, note = :note, source = :source WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", m->id);
	st_text(st, ":status", m->status);
	st_text(st, ":since", m->since);
	st_text(st, ":until", m->until);
	st_text(st, ":note", m->note);
	st_text(st, ":source", m->source);
	int rc = st_exec(s, st);
	if (rc != STORE_OK)
		return rc;
	return sqlite3_changes(s->db) ? STORE_OK : STORE_NOT_FOUND;
}

enum { M_ID, M_ORG, M_BODY, M_STATUS, M_SINCE, M_UNTIL, M_NOTE, M_SOURCE, M_ORG_NAME,
       M_BODY_NAME, M_BODY_KIND };

static void read_membership(Arena *a, sqlite3_stmt *st, Membership *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, M_ID);
	m->org_id = sqlite3_column_int64(st, M_ORG);
	m->body_id = sqlite3_column_int64(st, M_BODY);
	m->status = col_text(a, st, M_STATUS);
	m->since = col_text(a, st, M_SINCE);
	m->until = col_text(a, st, M_UNTIL);
	m->note = col_text(a, st, M_NOTE);
	m->source = col_text(a, st, M_SOURCE);
	m->org_name = col_text(a, st, M_ORG_NAME);
	m->body_name = col_text(a, st, M_BODY_NAME);
	m->body_kind = col_text(a, st, M_BODY_KIND);
}

int store_membership_get(Store *s, Arena *a, int64_t id, Membership *out)
{
	sqlite3_stmt *st = st_prep(
		s, "SELECT m.id, m.org_id, m.body_id, m.status, m.since, m.until, m.note, m.source,"
		   " o.name_en, b.name_en, b.kind FROM membership m JOIN org o ON o.id = m.org_id"
		   " JOIN org b ON b.id = m.body_id WHERE m.id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_membership(a, st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_membership_list(Store *s, Arena *a, int64_t org_id, int64_t body_id, Visibility max_vis,
			  const OrgScope *scope, Membership **out, size_t *count)
{
	sqlite3_stmt *st = st_prep(
		s, "SELECT m.id, m.org_id, m.body_id, m.status, m.since, m.until, m.note, m.source,"
		   " o.name_en, b.name_en, b.kind FROM membership m JOIN org o ON o.id = m.org_id"
		   " JOIN org b ON b.id = m.body_id"
		   " WHERE (:org = 0 OR m.org_id = :org) AND (:body = 0 OR m.body_id = :body)"
		   " AND " SEES_ORG(o) " AND " SEES_ORG(b)
		   " ORDER BY CASE WHEN :org = 0 THEN o.name_en ELSE b.name_en END COLLATE NOCASE, m.id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":org", org_id);
	st_int(st, ":body", body_id);
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		read_membership(a, st, &(*out)[(*count)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

int store_body_services_put(Store *s, int64_t body_id, const char *const *texts, size_t count)
{
	sqlite3_stmt *st = st_prep(s, "DELETE FROM body_service WHERE body_id = :body");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":body", body_id);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	for (size_t i = 0; i < count; i++) {
		st = st_prep(s, "INSERT INTO body_service(body_id, position, text)"
				" VALUES (:body, :pos, :text)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":body", body_id);
		st_int(st, ":pos", (long long)i);
		st_text(st, ":text", texts[i]);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

int store_body_services(Store *s, Arena *a, int64_t body_id, const char ***out, size_t *count)
{
	sqlite3_stmt *st = st_prep(s, "SELECT text FROM body_service WHERE body_id = :body"
				      " ORDER BY position");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":body", body_id);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		(*out)[(*count)++] = col_text(a, st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

/* ---- one meeting ---- */

static int meeting_parts(Store *s, Arena *a, Meeting *m)
{
	enum { R_ID, R_TEXT, R_TO, R_ORG, R_KIND, R_STATUS, R_DUE, R_ORG_NAME };
	sqlite3_stmt *st = st_prep(
		s, "SELECT r.id, r.text, r.addressed_to, r.addressed_org, r.addressed_kind, r.status,"
		   " r.due_date, o.name_en FROM recommendation r LEFT JOIN org o ON o.id = r.addressed_org"
		   " WHERE r.meeting_id = :id ORDER BY r.position");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", m->id);
	size_t alloc = 0;
	int rc;
	m->recs = NULL;
	m->rec_count = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m->recs = arena_grow(a, m->recs, &alloc, m->rec_count, sizeof *m->recs);
		Recommendation *r = &m->recs[m->rec_count++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, R_ID);
		r->text = col_text(a, st, R_TEXT);
		r->addressed_to = col_text(a, st, R_TO);
		r->addressed_org = col_id(st, R_ORG);
		r->addressed_kind = col_text(a, st, R_KIND);
		r->status = col_text(a, st, R_STATUS);
		r->due_date = col_text(a, st, R_DUE);
		r->addressed_org_name = col_text(a, st, R_ORG_NAME);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);

	enum { P_ORG, P_NAME, P_ORG_NAME };
	st = st_prep(s, "SELECT p.org_id, p.name, o.name_en FROM meeting_participant p"
			" LEFT JOIN org o ON o.id = p.org_id WHERE p.meeting_id = :id ORDER BY p.position");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", m->id);
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m->participants = arena_grow(a, m->participants, &alloc, m->participant_count,
					     sizeof *m->participants);
		MeetingParticipant *p = &m->participants[m->participant_count++];
		p->org_id = col_id(st, P_ORG);
		p->name = col_text(a, st, p->org_id ? P_ORG_NAME : P_NAME);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);

	st = st_prep(s, "SELECT title, url FROM meeting_document WHERE meeting_id = :id"
			" ORDER BY position");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", m->id);
	alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m->documents = arena_grow(a, m->documents, &alloc, m->document_count,
					  sizeof *m->documents);
		MeetingDocument *d = &m->documents[m->document_count++];
		d->title = col_text(a, st, 0);
		d->url = col_text(a, st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

int store_meeting_get(Store *s, Arena *a, int64_t id, Meeting *out)
{
	enum { C_ID, C_CONVENER, C_CONVENER_NAME, C_DATE, C_PCODE, C_TOPIC, C_TOTAL, C_FEMALE,
	       C_MALE, C_PARTICIPANTS, C_AGENDA, C_NOTES, C_SOURCE };
	sqlite3_stmt *st = st_prep(
		s, "SELECT m.id, m.convener_id, o.name_en, m.date, m.pcode, m.topic,"
		   " m.attendance_total, m.attendance_female, m.attendance_male,"
		   " m.participants_note, m.agenda, m.notes, m.source"
		   " FROM meeting m LEFT JOIN org o ON o.id = m.convener_id WHERE m.id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
	}
	Meeting *m = out;
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, C_ID);
	m->convener_id = col_id(st, C_CONVENER);
	m->convener_name = col_text(a, st, C_CONVENER_NAME);
	m->date = col_text(a, st, C_DATE);
	m->pcode = col_text(a, st, C_PCODE);
	m->topic = col_text(a, st, C_TOPIC);
	m->attendance_total = col_int_or_unknown(st, C_TOTAL);
	m->attendance_female = col_int_or_unknown(st, C_FEMALE);
	m->attendance_male = col_int_or_unknown(st, C_MALE);
	m->participants_note = col_text(a, st, C_PARTICIPANTS);
	m->agenda = col_text(a, st, C_AGENDA);
	m->notes = col_text(a, st, C_NOTES);
	m->source = col_text(a, st, C_SOURCE);
	sqlite3_reset(st);
	return meeting_parts(s, a, m);
}

/* ---- schedules ---- */

int store_schedule_put(Store *s, const MeetingSchedule *sc)
{
	sqlite3_stmt *st = st_prep(s, "INSERT OR REPLACE INTO meeting_schedule(body_id, recurrence,"
				      " since, until, note) VALUES (:body, :rec, :since, :until, :note)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":body", sc->body_id);
	st_text(st, ":rec", sc->recurrence);
	st_text(st, ":since", sc->since);
	st_text(st, ":until", sc->until);
	st_text(st, ":note", sc->note);
	return st_exec(s, st);
}

int store_schedule_get(Store *s, Arena *a, int64_t body_id, MeetingSchedule *out)
{
	sqlite3_stmt *st = st_prep(s, "SELECT recurrence, since, note, until FROM meeting_schedule"
				      " WHERE body_id = :body");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":body", body_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->body_id = body_id;
		out->recurrence = col_text(a, st, 0);
		out->since = col_text(a, st, 1);
		out->note = col_text(a, st, 2);
		out->until = col_text(a, st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

/* ---- recommendations ---- */

int store_recommendation_get(Store *s, Arena *a, int64_t id, Recommendation *out,
			     int64_t *meeting_id, int64_t *convener_id)
{
	enum { C_ID, C_TEXT, C_TO, C_ORG, C_KIND, C_STATUS, C_DUE, C_MEETING, C_CONVENER };
	sqlite3_stmt *st = st_prep(
		s, "SELECT r.id, r.text, r.addressed_to, r.addressed_org, r.addressed_kind, r.status,"
		   " r.due_date, r.meeting_id, m.convener_id FROM recommendation r"
		   " JOIN meeting m ON m.id = r.meeting_id WHERE r.id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, C_ID);
		out->text = col_text(a, st, C_TEXT);
		out->addressed_to = col_text(a, st, C_TO);
		out->addressed_org = col_id(st, C_ORG);
		out->addressed_kind = col_text(a, st, C_KIND);
		out->status = col_text(a, st, C_STATUS);
		out->due_date = col_text(a, st, C_DUE);
		*meeting_id = sqlite3_column_int64(st, C_MEETING);
		*convener_id = col_id(st, C_CONVENER);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_recommendation_follow(Store *s, RecommendationEvent *e)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE recommendation SET status = :status WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", e->recommendation_id);
	st_text(st, ":status", e->status);
	int rc = st_exec(s, st);
	if (rc != STORE_OK)
		return rc;
	if (!sqlite3_changes(s->db))
		return STORE_NOT_FOUND;
	st = st_prep(s, "INSERT INTO recommendation_event(recommendation_id, at, actor, status, note)"
			" VALUES (:rec, :at, :actor, :status, :note)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":rec", e->recommendation_id);
	st_text(st, ":at", e->at);
	st_text(st, ":actor", e->actor);
	st_text(st, ":status", e->status);
	st_text(st, ":note", e->note);
	if ((rc = st_exec(s, st)) != STORE_OK)
		return rc;
	e->id = sqlite3_last_insert_rowid(s->db);
	return STORE_OK;
}

int store_recommendation_events(Store *s, Arena *a, int64_t id, RecommendationEvent **out,
				size_t *count)
{
	enum { C_ID, C_AT, C_ACTOR, C_STATUS, C_NOTE };
	sqlite3_stmt *st = st_prep(s, "SELECT id, at, actor, status, note FROM recommendation_event"
				      " WHERE recommendation_id = :id ORDER BY id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		RecommendationEvent *e = &(*out)[(*count)++];
		e->id = sqlite3_column_int64(st, C_ID);
		e->recommendation_id = id;
		e->at = col_text(a, st, C_AT);
		e->actor = col_text(a, st, C_ACTOR);
		e->status = col_text(a, st, C_STATUS);
		e->note = col_text(a, st, C_NOTE);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

/* ---- applications ---- */

int store_application_insert(Store *s, Application *ap)
{
	sqlite3_stmt *st = st_prep(
		s, "INSERT INTO application(org_id, authority_id, project_id, kind, submitted, decided,"
		   " outcome, note, source) VALUES (:org, :auth, :project, :kind, :submitted, :decided,"
		   " :outcome, :note, :source)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":org", ap->org_id);
	st_int(st, ":auth", ap->authority_id);
	st_int_or_null(st, ":project", ap->project_id, true);
	st_text(st, ":kind", ap->kind);
	st_text(st, ":submitted", ap->submitted);
	st_text(st, ":decided", ap->decided);
	st_text(st, ":outcome", ap->outcome);
	st_text(st, ":note", ap->note);
	st_text(st, ":source", ap->source);
	int rc = st_exec(s, st);
	if (rc != STORE_OK)
		return rc;
	ap->id = sqlite3_last_insert_rowid(s->db);
	return STORE_OK;
}

enum { A_ID, A_ORG, A_AUTH, A_PROJECT, A_KIND, A_SUBMITTED, A_DECIDED, A_OUTCOME, A_NOTE,
       A_SOURCE, A_ORG_NAME, A_AUTH_NAME };

#define APPLICATION_COLUMNS                                                                  \
	"SELECT ap.id, ap.org_id, ap.authority_id, ap.project_id, ap.kind, ap.submitted,"    \
	" ap.decided, ap.outcome, ap.note, ap.source, o.name_en, au.name_en"                 \
	" FROM application ap JOIN org o ON o.id = ap.org_id"                                \
	" JOIN org au ON au.id = ap.authority_id"

static void read_application(Arena *a, sqlite3_stmt *st, Application *ap)
{
	memset(ap, 0, sizeof *ap);
	ap->id = sqlite3_column_int64(st, A_ID);
	ap->org_id = sqlite3_column_int64(st, A_ORG);
	ap->authority_id = sqlite3_column_int64(st, A_AUTH);
	ap->project_id = col_id(st, A_PROJECT);
	ap->kind = col_text(a, st, A_KIND);
	ap->submitted = col_text(a, st, A_SUBMITTED);
	ap->decided = col_text(a, st, A_DECIDED);
	ap->outcome = col_text(a, st, A_OUTCOME);
	ap->note = col_text(a, st, A_NOTE);
	ap->source = col_text(a, st, A_SOURCE);
	ap->org_name = col_text(a, st, A_ORG_NAME);
	ap->authority_name = col_text(a, st, A_AUTH_NAME);
}

int store_application_get(Store *s, Arena *a, int64_t id, Application *out)
{
	sqlite3_stmt *st = st_prep(s, APPLICATION_COLUMNS " WHERE ap.id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_application(a, st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_application_decide(Store *s, const Application *ap)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE application SET decided = :decided, outcome = :outcome,"
				      " note = COALESCE(:note, note)"
				      " WHERE id = :id AND outcome = 'pending'");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", ap->id);
	st_text(st, ":decided", ap->decided);
	st_text(st, ":outcome", ap->outcome);
	st_text(st, ":note", ap->note);
	int rc = st_exec(s, st);
	if (rc != STORE_OK)
		return rc;
	return sqlite3_changes(s->db) ? STORE_OK : STORE_NOT_FOUND;
}

int store_application_list(Store *s, Arena *a, int64_t authority_id, int64_t org_id,
			   Visibility max_vis, const OrgScope *scope, Application **out,
			   size_t *count)
{
	sqlite3_stmt *st = st_prep(
		s, APPLICATION_COLUMNS
		   " LEFT JOIN project p ON p.id = ap.project_id"
		   " WHERE (:auth = 0 OR ap.authority_id = :auth) AND (:org = 0 OR ap.org_id = :org)"
		   " AND " SEES_ORG(o) " AND " SEES_ORG(au)
		   " AND (p.id IS NULL OR " SEES_PROJECT(p) ")"
		   " ORDER BY au.name_en COLLATE NOCASE, ap.authority_id, ap.kind, ap.submitted, ap.id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":auth", authority_id);
	st_int(st, ":org", org_id);
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		read_application(a, st, &(*out)[(*count)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

/* ---- the parts of a new meeting (called by store_meeting_insert) ---- */

int store_meeting_insert_parts(Store *s, const Meeting *m)
{
	for (size_t i = 0; i < m->participant_count; i++) {
		const MeetingParticipant *p = &m->participants[i];
		sqlite3_stmt *st = st_prep(s, "INSERT INTO meeting_participant(meeting_id, org_id, name,"
					      " position) VALUES (:meeting, :org, :name, :pos)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":meeting", m->id);
		st_int_or_null(st, ":org", p->org_id, true);
		st_text(st, ":name", p->org_id ? NULL : p->name);
		st_int(st, ":pos", (long long)i);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	for (size_t i = 0; i < m->document_count; i++) {
		const MeetingDocument *d = &m->documents[i];
		sqlite3_stmt *st = st_prep(s, "INSERT INTO meeting_document(meeting_id, title, url,"
					      " position) VALUES (:meeting, :title, :url, :pos)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":meeting", m->id);
		st_text(st, ":title", d->title);
		st_text(st, ":url", d->url);
		st_int(st, ":pos", (long long)i);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

int store_application_refs(Store *s, int64_t id, int64_t *org_id, int64_t *authority_id,
			   int64_t *project_id)
{
	sqlite3_stmt *st = st_prep(s, "SELECT org_id, authority_id, project_id FROM application"
				      " WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*org_id = sqlite3_column_int64(st, 0);
		*authority_id = sqlite3_column_int64(st, 1);
		*project_id = col_id(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_place_who_what(Store *s, Arena *a, const char *pcode, Visibility max_vis,
			 const OrgScope *scope, WhoWhatFact **out, size_t *count)
{
	enum { C_PCODE, C_SECTOR, C_ORG, C_ORG_NAME, C_PROJECT, C_START, C_END };
	sqlite3_stmt *st = st_prep(
		s, "SELECT DISTINCT pp.pcode, ps.sector_code, o.id, o.name_en, p.id, p.start_date,"
		   " p.end_date FROM project p JOIN project_place pp ON pp.project_id = p.id"
		   " JOIN place pl ON pl.pcode = pp.pcode"
		   " JOIN project_sector ps ON ps.project_id = p.id"
		   " JOIN project_org po ON po.project_id = p.id AND po.role = 'implementing'"
		   " JOIN org o ON o.id = po.org_id"
		   " WHERE (pp.pcode = :pcode OR pl.parent_pcode = :pcode)"
		   " AND " SEES_PROJECT(p) " AND " SEES_ORG(o)
		   " ORDER BY pp.pcode, ps.sector_code, o.name_en COLLATE NOCASE, o.id, p.id");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":pcode", pcode);
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		WhoWhatFact *f = &(*out)[(*count)++];
		f->pcode = col_text(a, st, C_PCODE);
		f->sector = col_text(a, st, C_SECTOR);
		f->org_id = sqlite3_column_int64(st, C_ORG);
		f->org_name = col_text(a, st, C_ORG_NAME);
		f->project_id = sqlite3_column_int64(st, C_PROJECT);
		f->start_date = col_text(a, st, C_START);
		f->end_date = col_text(a, st, C_END);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}
