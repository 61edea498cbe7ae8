/*
 * store_merge.c — moving references from a record dropped to the record
 * kept (see store_merge.h). Each statement binds :keep and :drop (those it
 * names); the order matters where a unique key could clash: rows keep
 * already has are skipped (UPDATE OR IGNORE) and drop's leftovers removed.
 */
#include "store/store_merge.h"

#include <string.h>

#include "core/buf.h"
#include "store/store_int.h"

/* Binds :keep and :drop where the statement names them. */
static void bind_pair(sqlite3_stmt *st, int64_t keep, int64_t drop)
{
	int i = sqlite3_bind_parameter_index(st, ":keep");
	if (i)
		sqlite3_bind_int64(st, i, keep);
	i = sqlite3_bind_parameter_index(st, ":drop");
	if (i)
		sqlite3_bind_int64(st, i, drop);
}

static int run_all(Store *s, const char *const *sql, size_t n, int64_t keep, int64_t drop)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = st_prep(s, sql[i]);
		if (!st)
			return STORE_ERROR;
		bind_pair(st, keep, drop);
		int rc = st_exec(s, st);
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

static const char *const ORG_MERGE[] = {
	/* roles on projects (keep's own where it already has that role) */
	"UPDATE OR IGNORE project_org SET org_id = :keep WHERE org_id = :drop",
	"DELETE FROM project_org WHERE org_id = :drop",
	/* relations, both sides; then those between the two and those now twice */
	"UPDATE org_relation SET from_org_id = :keep WHERE from_org_id = :drop",
	"UPDATE org_relation SET to_org_id = :keep WHERE to_org_id = :drop",
	"DELETE FROM org_relation WHERE from_org_id = :keep AND to_org_id = :keep",
	"DELETE FROM org_relation WHERE id IN (SELECT r.id FROM org_relation r"
	" JOIN org_relation older ON older.from_org_id = r.from_org_id AND older.to_org_id = r.to_org_id"
	" AND older.kind = r.kind AND older.id < r.id"
	" WHERE r.from_org_id = :keep OR r.to_org_id = :keep)",
	"UPDATE award SET org_id = :keep WHERE org_id = :drop",
	"UPDATE award SET by_org_id = :keep WHERE by_org_id = :drop",
	/* other organizations naming drop; keep naming itself is cleared */
	"UPDATE org SET parent_id = :keep WHERE parent_id = :drop",
	"UPDATE org SET reg_authority_id = :keep WHERE reg_authority_id = :drop",
	"UPDATE org SET parent_id = NULL WHERE id = :keep AND parent_id = :keep",
	"UPDATE org SET reg_authority_id = NULL WHERE id = :keep AND reg_authority_id = :keep",
	/* offices in places keep lacks (never a second main office), sectors */
	"UPDATE org_office SET org_id = :keep,"
	" is_main = is_main AND NOT EXISTS (SELECT 1 FROM org_office m WHERE m.org_id = :keep AND m.is_main)"
	" WHERE org_id = :drop AND pcode NOT IN (SELECT pcode FROM org_office WHERE org_id = :keep)",
	"DELETE FROM org_office WHERE org_id = :drop",
	"UPDATE OR IGNORE org_sector SET org_id = :keep WHERE org_id = :drop",
	"DELETE FROM org_sector WHERE org_id = :drop",
	/* memberships as member and as body; a membership in itself goes */
	"UPDATE OR IGNORE membership SET org_id = :keep WHERE org_id = :drop",
	"DELETE FROM membership WHERE org_id = :drop",
	"UPDATE OR IGNORE membership SET body_id = :keep WHERE body_id = :drop",
	"DELETE FROM membership WHERE body_id = :drop",
	"DELETE FROM membership WHERE org_id = :keep AND body_id = :keep",
	"UPDATE body_service SET body_id = :keep, position = position +"
	" (SELECT coalesce(max(position), -1) + 1 FROM body_service WHERE body_id = :keep)"
	" WHERE body_id = :drop",
	"UPDATE OR IGNORE meeting_schedule SET body_id = :keep WHERE body_id = :drop",
	"DELETE FROM meeting_schedule WHERE body_id = :drop",
	/* meetings: convener, participants (once per meeting), addressees */
	"UPDATE meeting SET convener_id = :keep WHERE convener_id = :drop",
	("DELETE FROM meeting_participant WHERE org_id = :drop AND meeting_id IN"
	 " (SELECT meeting_id FROM meeting_participant WHERE org_id = :keep)"),
	"UPDATE meeting_participant SET org_id = :keep WHERE org_id = :drop",
	"UPDATE recommendation SET addressed_org = :keep WHERE addressed_org = :drop",
	/* reports, recipients, the obligation, status changes, applications */
	"UPDATE report SET org_id = :keep WHERE org_id = :drop",
	"UPDATE OR IGNORE report_recipient SET org_id = :keep WHERE org_id = :drop",
	"DELETE FROM report_recipient WHERE org_id = :drop",
	"UPDATE OR IGNORE report_obligation SET org_id = :keep WHERE org_id = :drop",
	"DELETE FROM report_obligation WHERE org_id = :drop",
	"UPDATE report_obligation SET authority_id = :keep WHERE authority_id = :drop",
	"UPDATE org_status_change SET org_id = :keep WHERE org_id = :drop",
	"UPDATE application SET org_id = :keep WHERE org_id = :drop",
	"UPDATE application SET authority_id = :keep WHERE authority_id = :drop",
	/* editors of drop edit keep; a re-import finds keep */
	"UPDATE OR IGNORE user_org SET org_id = :keep WHERE org_id = :drop",
	"DELETE FROM user_org WHERE org_id = :drop",
	"UPDATE import_key SET entity_id = :keep WHERE entity = 'org' AND entity_id = :drop",
};

int store_org_merge_refs(Store *s, int64_t keep, int64_t drop)
{
	return run_all(s, ORG_MERGE, sizeof ORG_MERGE / sizeof *ORG_MERGE, keep, drop);
}

static const char *const PROJECT_MERGE[] = {
	"UPDATE OR IGNORE project_org SET project_id = :keep, position = position +"
	" (SELECT coalesce(max(position), 0) + 1 FROM project_org WHERE project_id = :keep)"
	" WHERE project_id = :drop",
	"DELETE FROM project_org WHERE project_id = :drop",
	/* a place both have: keep's village count, or drop's when keep has none */
	"UPDATE project_place SET villages = (SELECT d.villages FROM project_place d"
	" WHERE d.project_id = :drop AND d.pcode = project_place.pcode AND d.villages IS NOT NULL"
	" ORDER BY d.position LIMIT 1)"
	" WHERE project_id = :keep AND villages IS NULL",
	"UPDATE project_place SET project_id = :keep, position = position +"
	" (SELECT coalesce(max(position), 0) + 1 FROM project_place WHERE project_id = :keep)"
	" WHERE project_id = :drop AND pcode NOT IN (SELECT pcode FROM project_place WHERE project_id = :keep)",
	"DELETE FROM project_place WHERE project_id = :drop",
	"UPDATE OR IGNORE project_sector SET project_id = :keep WHERE project_id = :drop",
	"DELETE FROM project_sector WHERE project_id = :drop",
	"UPDATE OR IGNORE project_target SET project_id = :keep WHERE project_id = :drop",
	"DELETE FROM project_target WHERE project_id = :drop",
	/* results with their sources: figures that disagree both stay */
	"UPDATE result SET project_id = :keep, position = position +"
	" (SELECT coalesce(max(position), 0) + 1 FROM result WHERE project_id = :keep)"
	" WHERE project_id = :drop AND NOT EXISTS (SELECT 1 FROM result k WHERE k.project_id = :keep"
	" AND k.indicator = result.indicator AND k.value = result.value AND k.unit IS result.unit"
	" AND k.source = result.source AND k.female IS result.female AND k.male IS result.male"
	" AND k.girls IS result.girls AND k.boys IS result.boys"
	" AND k.period_start IS result.period_start AND k.period_end IS result.period_end)",
	"UPDATE report_line SET project_id = :keep WHERE project_id = :drop",
	"UPDATE application SET project_id = :keep WHERE project_id = :drop",
	"UPDATE import_key SET entity_id = :keep WHERE entity = 'project' AND entity_id = :drop",
};

int store_project_merge_refs(Store *s, int64_t keep, int64_t drop)
{
	return run_all(s, PROJECT_MERGE, sizeof PROJECT_MERGE / sizeof *PROJECT_MERGE, keep, drop);
}

int store_mark_merged(Store *s, const char *entity, int64_t id, int64_t into)
{
	bool org = strcmp(entity, "org") == 0;
	sqlite3_stmt *st = st_prep(s, org ? "UPDATE org SET merged_into = :into WHERE id = :id"
					  : "UPDATE project SET merged_into = :into WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int_or_null(st, ":into", into, true);
	st_int(st, ":id", id);
	int rc = st_exec(s, st);
	if (rc == STORE_OK && sqlite3_changes(s->db) == 0)
		return STORE_NOT_FOUND;
	return rc;
}

int store_merged_into(Store *s, const char *entity, int64_t id, int64_t *into)
{
	bool org = strcmp(entity, "org") == 0;
	sqlite3_stmt *st = st_prep(s, org ? "SELECT merged_into FROM org WHERE id = :id"
					  : "SELECT merged_into FROM project WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	*into = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*into = col_id(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_org_project_ids(Store *s, Arena *a, int64_t org_id, int64_t **ids, size_t *count)
{
	sqlite3_stmt *st = st_prep(s, "SELECT DISTINCT project_id FROM project_org WHERE org_id = :id"
				      " ORDER BY project_id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", org_id);
	*ids = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = arena_grow(a, *ids, &alloc, *count, sizeof **ids);
		(*ids)[(*count)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

/* ---- what a merge did, to undo it ----
 *
 * The tables a merge touches, with the columns that name the record. Rows
 * are found again by their id (by_id: an INTEGER PRIMARY KEY that edits
 * keep) or, in tables an edit rewrites whole (a project's places, a
 * body's services), by their content without id and position. The
 * statements over them are built from these constant names and the
 * columns SQLite lists for each table (pragma_table_info), never from
 * input, and are prepared once per call rather than cached. */
typedef struct Tracked {
	const char *table;     /* table name */
	const char *cols[2];   /* columns naming an organization or project; NULL when one */
	const char *also;      /* a further condition on the rows, or NULL */
	bool by_id;            /* found again by rowid; else by content */
	bool key_is_ref;       /* the INTEGER PRIMARY KEY is cols[0]: the rowid moves with it */
} Tracked;

static const Tracked ORG_TRACKED[] = {
	{"project_org", {"org_id", NULL}, NULL, false, false},
	{"org_relation", {"from_org_id", "to_org_id"}, NULL, true, false},
	{"award", {"org_id", "by_org_id"}, NULL, true, false},
	{"org", {"parent_id", "reg_authority_id"}, "id NOT IN (:keep, :drop)", true, false},
	{"org_office", {"org_id", NULL}, NULL, false, false},
	{"org_sector", {"org_id", NULL}, NULL, false, false},
	{"membership", {"org_id", "body_id"}, NULL, true, false},
	{"body_service", {"body_id", NULL}, NULL, false, false},
	{"meeting_schedule", {"body_id", NULL}, NULL, false, true},
	{"meeting", {"convener_id", NULL}, NULL, true, false},
	{"meeting_participant", {"org_id", NULL}, NULL, false, false},
	{"recommendation", {"addressed_org", NULL}, NULL, true, false},
	{"report", {"org_id", NULL}, NULL, true, false},
	{"report_recipient", {"org_id", NULL}, NULL, false, false},
	{"report_obligation", {"org_id", "authority_id"}, NULL, false, true},
	{"org_status_change", {"org_id", NULL}, NULL, true, false},
	{"application", {"org_id", "authority_id"}, NULL, true, false},
	{"user_org", {"org_id", NULL}, NULL, false, false},
	{"import_key", {"entity_id", NULL}, "entity = 'org'", false, false},
};

static const Tracked PROJECT_TRACKED[] = {
	{"project_org", {"project_id", NULL}, NULL, false, false},
	{"project_place", {"project_id", NULL}, NULL, false, false},
	{"project_sector", {"project_id", NULL}, NULL, false, false},
	{"project_target", {"project_id", NULL}, NULL, false, false},
	{"result", {"project_id", NULL}, NULL, false, false},
	{"report_line", {"project_id", NULL}, NULL, false, false},
	{"application", {"project_id", NULL}, NULL, true, false},
	{"import_key", {"entity_id", NULL}, "entity = 'project'", false, false},
};

#define TRACKED_COLS_MAX 40

/* The columns of a table, in order, and which one is its rowid alias. */
typedef struct Columns {
	char names[TRACKED_COLS_MAX][64];  /* column names, from the schema */
	size_t count;                      /* entries used in names[] */
	int pk;                            /* index of the INTEGER PRIMARY KEY, or -1 */
} Columns;

static int columns_of(Store *s, const char *table, Columns *c)
{
	sqlite3_stmt *st = st_prep(s, "SELECT name, pk, type FROM pragma_table_info(:t) ORDER BY cid");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":t", table);
	c->count = 0;
	c->pk = -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (c->count == TRACKED_COLS_MAX || !name || strlen(name) >= sizeof c->names[0]) {
			sqlite3_reset(st);
			return STORE_ERROR;
		}
		const char *type = (const char *)sqlite3_column_text(st, 2);
		if (sqlite3_column_int(st, 1) == 1 && type && strcmp(type, "INTEGER") == 0)
			c->pk = (int)c->count;
		strcpy(c->names[c->count++], name);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);
	/* a rowid alias only when it is the whole key */
	if (c->pk >= 0) {
		st = st_prep(s, "SELECT count(*) FROM pragma_table_info(:t) WHERE pk > 0");
		if (!st)
			return STORE_ERROR;
		st_text(st, ":t", table);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 1)
			c->pk = -1;
		sqlite3_reset(st);
	}
	return STORE_OK;
}

/* json_object('a', x."a", 'b', x."b", ...) over the columns, alias x. */
static void json_of_row(Buf *b, const Columns *c)
{
	buf_puts(b, "json_object(");
	for (size_t i = 0; i < c->count; i++)
		buf_printf(b, "%s'%s', x.\"%s\"", i ? ", " : "", c->names[i], c->names[i]);
	buf_putc(b, ')');
}

/* Columns left out when a row is found by content and not checked when
 * it is put back: its own id and its place in a list. */
static bool loose(const Columns *c, size_t i)
{
	return (int)i == c->pk || strcmp(c->names[i], "position") == 0;
}

static const Tracked *tracked_of(const char *entity, size_t *n)
{
	if (strcmp(entity, "org") == 0) {
		*n = sizeof ORG_TRACKED / sizeof *ORG_TRACKED;
		return ORG_TRACKED;
	}
	*n = sizeof PROJECT_TRACKED / sizeof *PROJECT_TRACKED;
	return PROJECT_TRACKED;
}

/* Prepares text built here (not cached: st_prep caches by address). */
static sqlite3_stmt *prep_built(Store *s, const Buf *b)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, buf_str(b), -1, &st, NULL);
	if (rc != SQLITE_OK) {
		st_fail(s, rc);
		return NULL;
	}
	return st;
}

/* Steps a built statement to its end and finalizes it. */
static int run_built(Store *s, sqlite3_stmt *st)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	int out = rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
	sqlite3_finalize(st);
	return out;
}

static void bind_named(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		sqlite3_bind_int64(st, i, v);
}

static void bind_named_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Runs, for each table the merge of entity tracks, the statement build
 * writes for it (parameters :m the merge, :t the table, :keep, :drop). */
static int for_each_tracked(Store *s, int64_t merge_id, const char *entity, int64_t keep,
			    int64_t drop, void (*build)(Buf *b, const Tracked *t, const Columns *c))
{
	size_t n;
	const Tracked *t = tracked_of(entity, &n);
	int rc = STORE_OK;
	Buf b;
	buf_init(&b, 1 << 16);
	for (size_t i = 0; i < n && rc == STORE_OK; i++) {
		Columns c;
		if ((rc = columns_of(s, t[i].table, &c)) != STORE_OK)
			break;
		buf_reset(&b);
		build(&b, &t[i], &c);
		sqlite3_stmt *st = prep_built(s, &b);
		if (!st) {
			rc = STORE_ERROR;
			break;
		}
		bind_named(st, ":m", merge_id);
		bind_named_text(st, ":t", t[i].table);
		bind_pair(st, keep, drop);
		rc = run_built(s, st);
	}
	buf_free(&b);
	return rc;
}

/* The rows of t naming keep or drop, as they are before the merge. */
static void build_before(Buf *b, const Tracked *t, const Columns *c)
{
	buf_puts(b, "INSERT INTO merge_move(merge_id, tbl, row_id, before) SELECT :m, :t, x.rowid, ");
	json_of_row(b, c);
	buf_printf(b, " FROM \"%s\" x WHERE (x.\"%s\" IN (:keep, :drop)", t->table, t->cols[0]);
	if (t->cols[1])
		buf_printf(b, " OR x.\"%s\" IN (:keep, :drop)", t->cols[1]);
	buf_putc(b, ')');
	if (t->also)
		buf_printf(b, " AND %s", t->also);
}

/* The same rows of t as they are right after the merge. */
static void build_after(Buf *b, const Tracked *t, const Columns *c)
{
	buf_puts(b, "UPDATE merge_move SET after = (SELECT ");
	json_of_row(b, c);
	buf_printf(b, " FROM \"%s\" x WHERE x.rowid = ", t->table);
	if (t->key_is_ref)
		/* drop's row, moved to keep when keep had none, is now keep's rowid */
		buf_puts(b, "CASE WHEN merge_move.row_id = :drop AND NOT EXISTS (SELECT 1 FROM"
			    " merge_move o WHERE o.merge_id = :m AND o.tbl = :t AND o.row_id = :keep)"
			    " THEN :keep ELSE merge_move.row_id END");
	else
		buf_puts(b, "merge_move.row_id");
	buf_puts(b, ") WHERE merge_id = :m AND tbl = :t");
}

int store_merge_track_begin(Store *s, int64_t merge_id, const char *entity, int64_t keep,
			    int64_t drop)
{
	return for_each_tracked(s, merge_id, entity, keep, drop, build_before);
}

int store_merge_track_end(Store *s, int64_t merge_id, const char *entity, int64_t keep,
			  int64_t drop)
{
	int rc = for_each_tracked(s, merge_id, entity, keep, drop, build_after);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *st = st_prep(s, "DELETE FROM merge_move WHERE merge_id = :m AND after IS before");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":m", merge_id);
	return st_exec(s, st);
}

int store_merge_moved(Store *s, Arena *a, int64_t merge_id, const char **json)
{
	sqlite3_stmt *st = st_prep(
		s, "SELECT json_group_object(tbl, json_object('moved', moved, 'removed', removed,"
		   " 'rows', json(rows))) FROM (SELECT tbl, count(after) AS moved,"
		   " count(*) - count(after) AS removed, json_group_array(row_id) AS rows"
		   " FROM merge_move WHERE merge_id = :m GROUP BY tbl ORDER BY tbl)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":m", merge_id);
	int rc = sqlite3_step(st);
	*json = rc == SQLITE_ROW ? col_text(a, st, 0) : NULL;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : st_fail(s, rc);
}

static const Tracked *tracked_named(const char *table)
{
	for (size_t i = 0; i < sizeof ORG_TRACKED / sizeof *ORG_TRACKED; i++)
		if (strcmp(ORG_TRACKED[i].table, table) == 0)
			return &ORG_TRACKED[i];
	for (size_t i = 0; i < sizeof PROJECT_TRACKED / sizeof *PROJECT_TRACKED; i++)
		if (strcmp(PROJECT_TRACKED[i].table, table) == 0)
			return &PROJECT_TRACKED[i];
	return NULL;
}

/* Where a row changed by the merge is now: its rowid in *rowid, 0 when
 * it is gone or was changed since in a column the merge changed. */
static int find_moved(Store *s, const Tracked *t, const Columns *c, int64_t row_id,
		      const char *before, const char *after, int64_t *rowid)
{
	Buf b;
	buf_init(&b, 1 << 16);
	buf_printf(&b, "SELECT x.rowid FROM \"%s\" x WHERE ", t->table);
	if (t->by_id)
		buf_puts(&b, "x.rowid = :row");
	else
		buf_puts(&b, "1");
	for (size_t i = 0; i < c->count; i++) {
		if (loose(c, i))
			continue;
		if (t->by_id) /* only what the merge changed must be as it left it */
			buf_printf(&b, " AND (json_extract(:b, '$.%s') IS json_extract(:a, '$.%s')"
				       " OR x.\"%s\" IS json_extract(:a, '$.%s'))",
				   c->names[i], c->names[i], c->names[i], c->names[i]);
		else
			buf_printf(&b, " AND x.\"%s\" IS json_extract(:a, '$.%s')", c->names[i], c->names[i]);
	}
	buf_puts(&b, " LIMIT 1");
	sqlite3_stmt *st = prep_built(s, &b);
	buf_free(&b);
	if (!st)
		return STORE_ERROR;
	bind_named(st, ":row", row_id);
	bind_named_text(st, ":b", before);
	bind_named_text(st, ":a", after);
	*rowid = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*rowid = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

/* Sets back, on the row at rowid, each column the merge changed. */
static int put_back(Store *s, const Tracked *t, const Columns *c, int64_t rowid, const char *before,
		    const char *after)
{
	Buf b;
	buf_init(&b, 1 << 16);
	buf_printf(&b, "UPDATE \"%s\" SET ", t->table);
	bool first = true;
	for (size_t i = 0; i < c->count; i++) {
		if ((int)i == c->pk && !t->key_is_ref)
			continue;
		buf_printf(&b, "%s\"%s\" = CASE WHEN json_extract(:b, '$.%s') IS json_extract(:a, '$.%s')"
			       " THEN \"%s\" ELSE json_extract(:b, '$.%s') END",
			   first ? "" : ", ", c->names[i], c->names[i], c->names[i], c->names[i],
			   c->names[i]);
		first = false;
	}
	buf_puts(&b, " WHERE rowid = :row");
	sqlite3_stmt *st = prep_built(s, &b);
	buf_free(&b);
	if (!st)
		return STORE_ERROR;
	bind_named(st, ":row", rowid);
	bind_named_text(st, ":b", before);
	bind_named_text(st, ":a", after);
	return run_built(s, st);
}

/* Inserts again a row the merge deleted (with its id where it has one
 * that others may name). */
static int insert_again(Store *s, const Tracked *t, const Columns *c, const char *before)
{
	Buf b;
	buf_init(&b, 1 << 16);
	buf_printf(&b, "INSERT INTO \"%s\"(", t->table);
	bool first = true;
	for (size_t i = 0; i < c->count; i++) {
		if ((int)i == c->pk && !t->by_id && !t->key_is_ref)
			continue;
		buf_printf(&b, "%s\"%s\"", first ? "" : ", ", c->names[i]);
		first = false;
	}
	buf_puts(&b, ") VALUES (");
	first = true;
	for (size_t i = 0; i < c->count; i++) {
		if ((int)i == c->pk && !t->by_id && !t->key_is_ref)
			continue;
		buf_printf(&b, "%sjson_extract(:b, '$.%s')", first ? "" : ", ", c->names[i]);
		first = false;
	}
	buf_putc(&b, ')');
	sqlite3_stmt *st = prep_built(s, &b);
	buf_free(&b);
	if (!st)
		return STORE_ERROR;
	bind_named_text(st, ":b", before);
	return run_built(s, st);
}

int store_merge_restore(Store *s, int64_t merge_id, const char **table, int64_t *row_id)
{
	*table = NULL;
	*row_id = 0;
	/* rows still there first, then the rows removed, last change first */
	sqlite3_stmt *st = st_prep(s, "SELECT tbl, row_id, before, after FROM merge_move"
				      " WHERE merge_id = :m ORDER BY after IS NULL, id DESC");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":m", merge_id);
	Arena *a = arena_new();
	typedef struct Row {
		const char *tbl, *before, *after;
		int64_t row_id;
	} Row;
	Row *rows = NULL;
	size_t count = 0, alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows = arena_grow(a, rows, &alloc, count, sizeof *rows);
		rows[count].tbl = col_text(a, st, 0);
		rows[count].row_id = sqlite3_column_int64(st, 1);
		rows[count].before = col_text(a, st, 2);
		rows[count].after = col_text(a, st, 3);
		count++;
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
	for (size_t i = 0; i < count && rc == STORE_OK; i++) {
		const Tracked *t = tracked_named(rows[i].tbl);
		Columns c;
		if (!t) {
			rc = STORE_ERROR;
			break;
		}
		if ((rc = columns_of(s, t->table, &c)) != STORE_OK)
			break;
		*table = t->table;
		*row_id = rows[i].row_id;
		if (rows[i].after) {
			int64_t now;
			rc = find_moved(s, t, &c, rows[i].row_id, rows[i].before, rows[i].after, &now);
			if (rc == STORE_OK && !now)
				rc = STORE_CONSTRAINT;
			if (rc == STORE_OK)
				rc = put_back(s, t, &c, now, rows[i].before, rows[i].after);
		} else {
			rc = insert_again(s, t, &c, rows[i].before);
		}
	}
	arena_free(a);
	if (rc == STORE_OK) {
		*table = NULL;
		*row_id = 0;
	}
	return rc;
}

int store_merge_log_insert(Store *s, MergeLog *m)
{
	sqlite3_stmt *st = st_prep(s, "INSERT INTO merge_log(kind, keep_id, drop_id, filled, names,"
				      " decision_before, merged_by, merged_at) VALUES (:kind, :keep,"
				      " :drop, :filled, :names, :before, :by, :at)");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":kind", m->kind);
	st_int(st, ":keep", m->keep_id);
	st_int(st, ":drop", m->drop_id);
	st_text(st, ":filled", m->filled ? m->filled : "{}");
	st_text(st, ":names", m->names ? m->names : "[]");
	st_text(st, ":before", m->decision_before);
	st_text(st, ":by", m->merged_by);
	st_text(st, ":at", m->merged_at);
	int rc = st_exec(s, st);
	if (rc == STORE_OK)
		m->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int store_merge_log_last(Store *s, Arena *a, const char *kind, int64_t drop_id, MergeLog *out)
{
	enum { C_ID, C_KEEP, C_FILLED, C_NAMES, C_BEFORE, C_BY, C_AT };
	sqlite3_stmt *st = st_prep(s, "SELECT id, keep_id, filled, names, decision_before, merged_by,"
				      " merged_at FROM merge_log WHERE kind = :kind AND drop_id = :drop"
				      " AND undone_at IS NULL ORDER BY id DESC LIMIT 1");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":kind", kind);
	st_int(st, ":drop", drop_id);
	memset(out, 0, sizeof *out);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, C_ID);
		out->kind = kind;
		out->keep_id = sqlite3_column_int64(st, C_KEEP);
		out->drop_id = drop_id;
		out->filled = col_text(a, st, C_FILLED);
		out->names = col_text(a, st, C_NAMES);
		out->decision_before = col_text(a, st, C_BEFORE);
		out->merged_by = col_text(a, st, C_BY);
		out->merged_at = col_text(a, st, C_AT);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_merge_log_undone(Store *s, int64_t id, const char *by, const char *at)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE merge_log SET undone_by = :by, undone_at = :at WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":by", by);
	st_text(st, ":at", at);
	st_int(st, ":id", id);
	return st_exec(s, st);
}

int store_merge_log_result(Store *s, int64_t id, const char *filled, const char *names)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE merge_log SET filled = :filled, names = :names WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":filled", filled);
	st_text(st, ":names", names);
	st_int(st, ":id", id);
	return st_exec(s, st);
}
