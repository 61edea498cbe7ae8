/*
 * store_dedup.c — decisions on likely duplicates (see store_dedup.h).
 */
#include "store/store_dedup.h"

#include <string.h>

#include "store/store_int.h"

enum { D_ID, D_KIND, D_A, D_B, D_DECISION, D_NOTE, D_BY, D_AT, D_KEPT };

#define DECISION_COLUMNS "id, kind, a_id, b_id, decision, note, decided_by, decided_at, kept_id"

static void read_decision(Arena *a, sqlite3_stmt *st, DedupDecision *d)
{
	memset(d, 0, sizeof *d);
	d->id = sqlite3_column_int64(st, D_ID);
	d->kind = col_text(a, st, D_KIND);
	d->a_id = sqlite3_column_int64(st, D_A);
	d->b_id = sqlite3_column_int64(st, D_B);
	d->decision = col_text(a, st, D_DECISION);
	d->note = col_text(a, st, D_NOTE);
	d->decided_by = col_text(a, st, D_BY);
	d->decided_at = col_text(a, st, D_AT);
	d->kept_id = col_id(st, D_KEPT);
}

int store_dedup_decision_get(Store *s, Arena *a, const char *kind, int64_t a_id, int64_t b_id,
			     DedupDecision *out)
{
	sqlite3_stmt *st = st_prep(s, "SELECT " DECISION_COLUMNS " FROM dedup_decision"
				      " WHERE kind = :kind AND a_id = :a AND b_id = :b");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":kind", kind);
	st_int(st, ":a", a_id);
	st_int(st, ":b", b_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_decision(a, st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_dedup_decision_put(Store *s, DedupDecision *d)
{
	sqlite3_stmt *st = st_prep(
		s, "INSERT INTO dedup_decision(kind, a_id, b_id, decision, note, decided_by, decided_at, kept_id)"
		   " VALUES (:kind, :a, :b, :decision, :note, :by, :at, :kept)"
		   " ON CONFLICT (kind, a_id, b_id) DO UPDATE SET decision = excluded.decision,"
		   " note = excluded.note, decided_by = excluded.decided_by, decided_at = excluded.decided_at,"
		   " kept_id = excluded.kept_id"
		   " RETURNING id");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":kind", d->kind);
	st_int(st, ":a", d->a_id);
	st_int(st, ":b", d->b_id);
	st_text(st, ":decision", d->decision);
	st_text(st, ":note", d->note);
	st_text(st, ":by", d->decided_by);
	st_text(st, ":at", d->decided_at);
	st_int_or_null(st, ":kept", d->kept_id, true);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		d->id = sqlite3_column_int64(st, 0);
	int done = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
	sqlite3_reset(st);
	return done == SQLITE_DONE ? STORE_OK : st_fail(s, done);
}

int store_dedup_decisions(Store *s, Arena *a, const char *kind, DedupDecision **out, size_t *count)
{
	sqlite3_stmt *st = st_prep(s, "SELECT " DECISION_COLUMNS " FROM dedup_decision"
				      " WHERE kind = :kind ORDER BY decided_at DESC, id DESC");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":kind", kind);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		read_decision(a, st, &(*out)[(*count)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

int store_dedup_decision_delete(Store *s, const char *kind, int64_t a_id, int64_t b_id)
{
	sqlite3_stmt *st = st_prep(s, "DELETE FROM dedup_decision WHERE kind = :kind AND a_id = :a"
				      " AND b_id = :b");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":kind", kind);
	st_int(st, ":a", a_id);
	st_int(st, ":b", b_id);
	return st_exec(s, st);
}
