/*
 * store_meeting.c — meetings of coordination bodies and their
 * recommendations, in SQL (see store.h).
 */
#include <string.h>

#include "store/store_int.h"

int store_meeting_insert(Store *s, Meeting *m)
{
	sqlite3_stmt *st = st_prep(
		s, "INSERT INTO meeting(convener_id, date, pcode, topic, attendance_total,"
		   " attendance_female, attendance_male, participants_note, agenda, notes, source,"
		   " created_at) VALUES (:convener, :date, :pcode, :topic, :total, :female, :male,"
		   " :participants, :agenda, :notes, :source, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
	if (!st)
		return STORE_ERROR;
	st_int_or_null(st, ":convener", m->convener_id, true);
	st_text(st, ":date", m->date);
	st_text(st, ":pcode", m->pcode);
	st_text(st, ":topic", m->topic);
	st_int_or_null(st, ":total", m->attendance_total, false);
	st_int_or_null(st, ":female", m->attendance_female, false);
	st_int_or_null(st, ":male", m->attendance_male, false);
	st_text(st, ":participants", m->participants_note);
	st_text(st, ":agenda", m->agenda);
	st_text(st, ":notes", m->notes);
	st_text(st, ":source", m->source);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	m->id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < m->rec_count; i++) {
		Recommendation *r = &m->recs[i];
		st = st_prep(s, "INSERT INTO recommendation(meeting_id, text, addressed_to,"
				" addressed_org, status, due_date, position, addressed_kind)"
				" VALUES (:meeting, :text, :to, :org, :status, :due, :pos, :kind)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":meeting", m->id);
		st_text(st, ":text", r->text);
		st_text(st, ":to", r->addressed_to);
		st_int_or_null(st, ":org", r->addressed_org, true);
		st_text(st, ":status", r->status ? r->status : "open");
		st_text(st, ":due", r->due_date);
		st_int(st, ":pos", (long long)i);
		st_text(st, ":kind", r->addressed_kind);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
		r->id = sqlite3_last_insert_rowid(s->db);
	}
	return store_meeting_insert_parts(s, m);
}

int store_meeting_list(Store *s, Arena *a, int64_t convener_id, Meeting **out, size_t *count)
{
	enum { C_ID, C_CONVENER, C_CONVENER_NAME, C_DATE, C_PCODE, C_TOPIC, C_TOTAL, C_FEMALE,
	       C_MALE, C_PARTICIPANTS, C_AGENDA, C_NOTES, C_SOURCE };
	sqlite3_stmt *st = st_prep(
		s, "SELECT m.id, m.convener_id, o.name_en, m.date, m.pcode, m.topic,"
		   " m.attendance_total, m.attendance_female, m.attendance_male,"
		   " m.participants_note, m.agenda, m.notes, m.source"
		   " FROM meeting m LEFT JOIN org o ON o.id = m.convener_id"
		   " WHERE (:convener = 0 OR m.convener_id = :convener) ORDER BY m.date DESC, m.id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":convener", convener_id);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		Meeting *m = &(*out)[(*count)++];
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
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);
	enum { R_ID, R_TEXT, R_TO, R_ORG, R_STATUS, R_DUE };
	for (size_t i = 0; i < *count; i++) {
		Meeting *m = &(*out)[i];
		alloc = 0;
		st = st_prep(s, "SELECT id, text, addressed_to, addressed_org, status, due_date"
				" FROM recommendation WHERE meeting_id = :id ORDER BY position");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", m->id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			m->recs = arena_grow(a, m->recs, &alloc, m->rec_count, sizeof *m->recs);
			Recommendation *r = &m->recs[m->rec_count++];
			r->id = sqlite3_column_int64(st, R_ID);
			r->text = col_text(a, st, R_TEXT);
			r->addressed_to = col_text(a, st, R_TO);
			r->addressed_org = col_id(st, R_ORG);
			r->status = col_text(a, st, R_STATUS);
			r->due_date = col_text(a, st, R_DUE);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return st_fail(s, rc);
	}
	return STORE_OK;
}
