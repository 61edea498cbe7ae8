/*
 * store.c — the SQLite connection: opening, migrations, transactions, the
 * statement cache, reference data, search, figures and the audit trail.
 * Records are in store_org.c, store_project.c and store_meeting.c.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/mem.h"
#include "store/embedded.h"

static void set_error(Store *s, const char *msg)
{
	snprintf(s->error, sizeof s->error, "%s", msg ? msg : "unknown error");
}

int st_fail(Store *s, int rc)
{
	set_error(s, sqlite3_errmsg(s->db));
	int ext = sqlite3_extended_errcode(s->db);
	if ((ext & 0xff) == SQLITE_CONSTRAINT || rc == SQLITE_CONSTRAINT)
		return STORE_CONSTRAINT;
	return STORE_ERROR;
}

const char *store_error(const Store *s)
{
	return s->error;
}

sqlite3_stmt *st_prep(Store *s, const char *sql)
{
	size_t slot = ((uintptr_t)sql >> 3) & (STMT_CACHE_SIZE - 1);
	while (s->cache[slot].sql && s->cache[slot].sql != sql)
		slot = (slot + 1) & (STMT_CACHE_SIZE - 1);
	if (s->cache[slot].sql) {
		sqlite3_reset(s->cache[slot].stmt);
		sqlite3_clear_bindings(s->cache[slot].stmt);
		return s->cache[slot].stmt;
	}
	if (s->cached >= STMT_CACHE_SIZE / 4 * 3) {
		/* The table is sized well above the number of statements in the
		 * program; running out of room is a bug. */
		abort();
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		st_fail(s, rc);
		return NULL;
	}
	s->cache[slot].sql = sql;
	s->cache[slot].stmt = st;
	s->cached++;
	return st;
}

static int param_index(sqlite3_stmt *st, const char *name)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i == 0) {
		fprintf(stderr, "store: no parameter %s in: %s\n", name, sqlite3_sql(st));
		abort();
	}
	return i;
}

void st_text(sqlite3_stmt *st, const char *name, const char *value)
{
	int i = param_index(st, name);
	if (value)
		sqlite3_bind_text(st, i, value, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void st_int(sqlite3_stmt *st, const char *name, long long value)
{
	sqlite3_bind_int64(st, param_index(st, name), value);
}

void st_int_or_null(sqlite3_stmt *st, const char *name, long long value, bool zero_is_null)
{
	if (value == NUM_UNKNOWN || (zero_is_null && value == 0))
		sqlite3_bind_null(st, param_index(st, name));
	else
		sqlite3_bind_int64(st, param_index(st, name), value);
}

void st_double(sqlite3_stmt *st, const char *name, double value)
{
	sqlite3_bind_double(st, param_index(st, name), value);
}

void st_null(sqlite3_stmt *st, const char *name)
{
	sqlite3_bind_null(st, param_index(st, name));
}

void st_scope(sqlite3_stmt *st, const char *name, const OrgScope *scope)
{
	if (!scope || scope->count == 0) {
		st_null(st, name);
		return;
	}
	Buf ids;
	buf_init(&ids, 0);
	buf_putc(&ids, '[');
	for (size_t i = 0; i < scope->count; i++)
		buf_printf(&ids, "%s%lld", i ? "," : "", (long long)scope->org_ids[i]);
	buf_putc(&ids, ']');
	st_text(st, name, buf_str(&ids));
	buf_free(&ids);
}

int st_exec(Store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	int out = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? STORE_OK : st_fail(s, rc);
	sqlite3_reset(st);
	return out;
}

const char *col_text(Arena *a, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	const char *t = (const char *)sqlite3_column_text(st, col);
	return arena_strndup(a, t, (size_t)sqlite3_column_bytes(st, col));
}

long long col_int_or_unknown(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NUM_UNKNOWN;
	return sqlite3_column_int64(st, col);
}

int64_t col_id(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, col);
}

/* ---- connection ---- */

int store_open(const char *path, bool create, Store **out)
{
	*out = NULL;
	Store *s = xcalloc(1, sizeof *s);
	bool exists = access(path, F_OK) == 0;
	if (create && exists) {
		snprintf(s->error, sizeof s->error, "%s already exists", path);
		goto fail;
	}
	if (!create && !exists) {
		snprintf(s->error, sizeof s->error, "%s does not exist (create it with 'hamahang init')",
			 path);
		goto fail;
	}
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		set_error(s, s->db ? sqlite3_errmsg(s->db) : "cannot open database");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 5000);
	sqlite3_extended_result_codes(s->db, 1);
	char *msg = NULL;
	if (sqlite3_exec(s->db,
			 "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;",
			 NULL, NULL, &msg) != SQLITE_OK) {
		set_error(s, msg);
		sqlite3_free(msg);
		goto fail;
	}
	*out = s;
	return STORE_OK;
fail:
	/* Keep the message for the caller: hand back the Store so it can be read,
	 * but without a connection. */
	if (s->db)
		sqlite3_close(s->db);
	s->db = NULL;
	*out = s;
	return create && exists ? STORE_EXISTS : STORE_ERROR;
}

void store_close(Store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < STMT_CACHE_SIZE; i++)
		if (s->cache[i].sql)
			sqlite3_finalize(s->cache[i].stmt);
	if (s->db)
		sqlite3_close(s->db);
	free(s);
}

/* Transactions nest: inside an open one, begin makes a savepoint, commit
 * releases it and rollback undoes only what was done since it. An import
 * holds one transaction around many service calls this way, and a row that
 * fails is undone alone. */
int store_begin(Store *s)
{
	if (!sqlite3_get_autocommit(s->db)) {
		int rc = st_exec(s, st_prep(s, "SAVEPOINT nested"));
		if (rc == STORE_OK)
			s->depth++;
		return rc;
	}
	return st_exec(s, st_prep(s, "BEGIN IMMEDIATE"));
}

int store_commit(Store *s)
{
	if (s->depth > 0) {
		s->depth--;
		return st_exec(s, st_prep(s, "RELEASE nested"));
	}
	return st_exec(s, st_prep(s, "COMMIT"));
}

void store_rollback(Store *s)
{
	if (s->depth > 0) {
		s->depth--;
		sqlite3_exec(s->db, "ROLLBACK TO nested; RELEASE nested", NULL, NULL, NULL);
		return;
	}
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- migrations ---- */

/* The migrations, in order; their text is compiled into the binary. A
 * migration's version is the number its file name starts with, so that
 * lines added here in any order record the same versions everywhere. */
static const char *const MIGRATIONS[] = {
	"src/store/sql/001_schema.sql",
	"src/store/sql/002_accounts.sql",
	"src/store/sql/003_dedup.sql",
	"src/store/sql/004_import.sql",
	"src/store/sql/005_reports.sql",
	"src/store/sql/006_coordination.sql",
	"src/store/sql/007_merge.sql",
	"src/store/sql/008_merge_undo.sql",
};

/* A migration's version is the number its file name starts with, so that
 * the list may have gaps while branches add theirs. */
static int migration_version(const char *path)
{
	const char *base = strrchr(path, '/');
	return (int)strtol(base ? base + 1 : path, NULL, 10);
}

int store_migrate(Store *s, int *applied)
{
	if (applied)
		*applied = 0;
	char *msg = NULL;
	if (sqlite3_exec(s->db,
			 "CREATE TABLE IF NOT EXISTS schema_migration ("
			 " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
			 NULL, NULL, &msg) != SQLITE_OK) {
		set_error(s, msg);
		sqlite3_free(msg);
		return STORE_ERROR;
	}
	for (size_t i = 0; i < sizeof MIGRATIONS / sizeof *MIGRATIONS; i++) {
		int version = migration_version(MIGRATIONS[i]);
		sqlite3_stmt *st = st_prep(s, "SELECT 1 FROM schema_migration WHERE version = :v");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":v", version);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			continue;
		const EmbeddedFile *f = embedded_find(MIGRATIONS[i]);
		if (!f) {
			snprintf(s->error, sizeof s->error, "migration %s is missing", MIGRATIONS[i]);
			return STORE_ERROR;
		}
		if (store_begin(s) != STORE_OK)
			return STORE_ERROR;
		if (sqlite3_exec(s->db, f->data, NULL, NULL, &msg) != SQLITE_OK) {
			snprintf(s->error, sizeof s->error, "migration %s: %s", MIGRATIONS[i], msg);
			sqlite3_free(msg);
			store_rollback(s);
			return STORE_ERROR;
		}
		st = st_prep(s, "INSERT INTO schema_migration(version, name, applied_at)"
				" VALUES (:v, :name, strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
		st_int(st, ":v", version);
		st_text(st, ":name", MIGRATIONS[i]);
		if (st_exec(s, st) != STORE_OK || store_commit(s) != STORE_OK) {
			store_rollback(s);
			return STORE_ERROR;
		}
		if (applied)
			(*applied)++;
	}
	return STORE_OK;
}

/* ---- reference data ---- */

int store_region_put(Store *s, const Code *c)
{
	sqlite3_stmt *st = st_prep(s, "INSERT OR REPLACE INTO region(code, name_en, name_prs, name_pus)"
				      " VALUES (:code, :en, :prs, :pus)");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":code", c->code);
	st_text(st, ":en", c->name_en);
	st_text(st, ":prs", c->name_prs);
	st_text(st, ":pus", c->name_pus);
	return st_exec(s, st);
}

int store_place_put(Store *s, const char *pcode, int level, const char *parent_pcode,
		    const char *region_code, const char *name_en, const char *name_prs,
		    const char *name_pus, const char *alt_names)
{
	sqlite3_stmt *st = st_prep(
		s, "INSERT OR REPLACE INTO place(pcode, level, parent_pcode, region_code, name_en,"
		   " name_prs, name_pus, alt_names)"
		   " VALUES (:pcode, :level, :parent, :region, :en, :prs, :pus, :alt)");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":pcode", pcode);
	st_int(st, ":level", level);
	st_text(st, ":parent", parent_pcode && *parent_pcode ? parent_pcode : NULL);
	st_text(st, ":region", region_code && *region_code ? region_code : NULL);
	st_text(st, ":en", name_en);
	st_text(st, ":prs", name_prs ? name_prs : "");
	st_text(st, ":pus", name_pus ? name_pus : "");
	st_text(st, ":alt", alt_names ? alt_names : "");
	return st_exec(s, st);
}

int store_vocab_put(Store *s, const char *list, const Code *c)
{
	sqlite3_stmt *st = st_prep(s, "INSERT OR REPLACE INTO vocab(list, code, name_en, name_prs,"
				      " name_pus, extra) VALUES (:list, :code, :en, :prs, :pus, :extra)");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":list", list);
	st_text(st, ":code", c->code);
	st_text(st, ":en", c->name_en);
	st_text(st, ":prs", c->name_prs);
	st_text(st, ":pus", c->name_pus);
	st_text(st, ":extra", c->extra);
	return st_exec(s, st);
}

static int load_codes(Store *s, const char *list, CodeList *out)
{
	enum { C_CODE, C_EN, C_PRS, C_PUS, C_EXTRA };
	sqlite3_stmt *st = st_prep(s, "SELECT code, name_en, name_prs, name_pus, extra FROM vocab"
				      " WHERE list = :list ORDER BY code");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":list", list);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		codelist_add(out, (const char *)sqlite3_column_text(st, C_CODE),
			     (const char *)sqlite3_column_text(st, C_EN),
			     (const char *)sqlite3_column_text(st, C_PRS),
			     (const char *)sqlite3_column_text(st, C_PUS),
			     (const char *)sqlite3_column_text(st, C_EXTRA));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);
	codelist_sort(out);
	return STORE_OK;
}

int store_refdata_load(Store *s, RefData *ref)
{
	enum { C_PCODE, C_LEVEL, C_PARENT, C_REGION, C_EN, C_PRS, C_PUS, C_ALT };
	sqlite3_stmt *st = st_prep(s, "SELECT pcode, level, parent_pcode, region_code, name_en,"
				      " name_prs, name_pus, alt_names FROM place ORDER BY pcode");
	if (!st)
		return STORE_ERROR;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *parent = (const char *)sqlite3_column_text(st, C_PARENT);
		const char *region = (const char *)sqlite3_column_text(st, C_REGION);
		gaz_add(ref->gaz, (const char *)sqlite3_column_text(st, C_PCODE),
			(PlaceLevel)sqlite3_column_int(st, C_LEVEL), parent ? parent : "",
			region ? region : "", (const char *)sqlite3_column_text(st, C_EN),
			(const char *)sqlite3_column_text(st, C_PRS),
			(const char *)sqlite3_column_text(st, C_PUS),
			(const char *)sqlite3_column_text(st, C_ALT));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);
	gaz_index(ref->gaz);

	enum { R_CODE, R_EN, R_PRS, R_PUS };
	st = st_prep(s, "SELECT code, name_en, name_prs, name_pus FROM region ORDER BY code");
	if (!st)
		return STORE_ERROR;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		codelist_add(&ref->regions, (const char *)sqlite3_column_text(st, R_CODE),
			     (const char *)sqlite3_column_text(st, R_EN),
			     (const char *)sqlite3_column_text(st, R_PRS),
			     (const char *)sqlite3_column_text(st, R_PUS), NULL);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);
	codelist_sort(&ref->regions);

	if (load_codes(s, "sector", &ref->sectors) != STORE_OK ||
	    load_codes(s, "org_kind", &ref->org_kinds) != STORE_OK ||
	    load_codes(s, "currency", &ref->currencies) != STORE_OK ||
	    load_codes(s, "target_group", &ref->target_groups) != STORE_OK ||
	    load_codes(s, "relation_kind", &ref->relation_kinds) != STORE_OK)
		return STORE_ERROR;
	return STORE_OK;
}

int store_place_count(Store *s, long long *count)
{
	sqlite3_stmt *st = st_prep(s, "SELECT count(*) FROM place");
	if (!st)
		return STORE_ERROR;
	int rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : st_fail(s, rc);
}

/* ---- search ---- */

/* A record's row in the search index has a rowid made from its id and
 * kind, so that replacing or removing it finds the row by rowid instead of
 * scanning the whole index (entity and entity_id are not indexed columns
 * of FTS5): a write costs the same with a million records as with ten.
 * Migration 004 renumbers the rows written before; it computes the same
 * rowids in SQL. */
static int64_t search_rowid(const char *entity, int64_t id)
{
	int kind = strcmp(entity, "org") == 0       ? 1
		   : strcmp(entity, "project") == 0 ? 2
		   : strcmp(entity, "meeting") == 0 ? 3
						    : 7;
	return id * 8 + kind;
}

int store_search_put(Store *s, const char *entity, int64_t id, const char *folded_names,
		     const char *folded_body)
{
	if (store_search_remove(s, entity, id) != STORE_OK)
		return STORE_ERROR;
	sqlite3_stmt *st = st_prep(s, "INSERT INTO search_index(rowid, entity, entity_id, names, body)"
				      " VALUES (:rowid, :entity, :id, :names, :body)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":rowid", search_rowid(entity, id));
	st_text(st, ":entity", entity);
	st_int(st, ":id", id);
	st_text(st, ":names", folded_names);
	st_text(st, ":body", folded_body);
	return st_exec(s, st);
}

int store_search_remove(Store *s, const char *entity, int64_t id)
{
	sqlite3_stmt *st = st_prep(s, "DELETE FROM search_index WHERE rowid = :rowid"
				      " AND entity = :entity AND entity_id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":rowid", search_rowid(entity, id));
	st_text(st, ":entity", entity);
	st_int(st, ":id", id);
	return st_exec(s, st);
}

/* Turns folded words into an FTS5 query: each word quoted (so no word can
 * be read as an operator) and taken as a prefix, all words required. */
void fts_query(Buf *q, const char *folded)
{
	const char *p = folded;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if (p > w) {
			if (q->used)
				buf_putc(q, ' ');
			buf_putc(q, '"');
			for (const char *c = w; c < p; c++) {
				if (*c == '"')
					buf_putc(q, '"');
				buf_putc(q, *c);
			}
			buf_puts(q, "\"*");
		}
	}
}

int store_search(Store *s, Arena *a, const char *folded_query, Visibility max_vis,
		 const OrgScope *scope, int limit, int offset, SearchHit **out, size_t *count,
		 long long *total)
{
	*out = NULL;
	*count = 0;
	*total = 0;
	Buf q;
	buf_init(&q, 4096);
	fts_query(&q, folded_query ? folded_query : "");
	if (!q.used || q.overflowed) {
		buf_free(&q);
		return STORE_OK;
	}
	enum { C_ENTITY, C_ID, C_TITLE, C_VIS, C_RANK, C_TOTAL };
	sqlite3_stmt *st = st_prep(
		/* bm25() cannot sit beside a window function: rank in a
		 * materialized step, then count the whole. */
		s, "WITH hit AS MATERIALIZED ("
		   " SELECT si.entity AS entity, si.entity_id AS entity_id,"
		   " CASE si.entity WHEN 'org' THEN o.name_en"
		   "  ELSE coalesce(p.title_en, p.title_prs, p.title_pus) END AS title,"
		   " coalesce(o.visibility, p.visibility) AS visibility,"
		   " bm25(search_index, 0.0, 0.0, 10.0, 1.0) AS score"
		   " FROM search_index si"
		   " LEFT JOIN org o ON si.entity = 'org' AND o.id = si.entity_id"
		   " LEFT JOIN project p ON si.entity = 'project' AND p.id = si.entity_id"
		   " WHERE search_index MATCH :q"
		   " AND ((o.id IS NOT NULL AND " SEES_ORG(o) ")"
		   "  OR (p.id IS NOT NULL AND " SEES_PROJECT(p) ")))"
		   " SELECT entity, entity_id, title, visibility, score, count(*) OVER () FROM hit"
		   " ORDER BY score, entity, entity_id LIMIT :limit OFFSET :offset");
	if (!st) {
		buf_free(&q);
		return STORE_ERROR;
	}
	st_text(st, ":q", buf_str(&q));
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	st_int(st, ":limit", limit);
	st_int(st, ":offset", offset);
	size_t cap = (size_t)(limit > 0 ? limit : 1);
	SearchHit *hits = arena_alloc(a, cap * sizeof *hits);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *count < cap) {
		SearchHit *h = &hits[(*count)++];
		h->entity = col_text(a, st, C_ENTITY);
		h->id = sqlite3_column_int64(st, C_ID);
		h->title = col_text(a, st, C_TITLE);
		h->visibility = (Visibility)sqlite3_column_int(st, C_VIS);
		h->rank = sqlite3_column_double(st, C_RANK);
		*total = sqlite3_column_int64(st, C_TOTAL);
	}
	sqlite3_reset(st);
	buf_free(&q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return st_fail(s, rc);
	*out = hits;
	if (*count == 0 && offset > 0) {
		/* past the last hit: the total still counts them all */
		SearchHit *first;
		size_t one;
		return store_search(s, a, folded_query, max_vis, scope, 1, 0, &first, &one, total);
	}
	return STORE_OK;
}

/* ---- figures ---- */

int store_place_sectors(Store *s, Arena *a, const char *pcode, Visibility max_vis,
			const OrgScope *scope, PlaceSectorCount **out, size_t *count)
{
	/* An implementing organization the reader does not see is not counted,
	 * even on a project the reader sees. */
	enum { C_SECTOR, C_PROJECTS, C_ORGS };
	sqlite3_stmt *st = st_prep(
		s, "SELECT ps.sector_code, count(DISTINCT p.id), count(DISTINCT o.id)"
		   " FROM project p"
		   " JOIN project_place pp ON pp.project_id = p.id"
		   " JOIN place pl ON pl.pcode = pp.pcode"
		   " JOIN project_sector ps ON ps.project_id = p.id"
		   " LEFT JOIN project_org po ON po.project_id = p.id AND po.role = 'implementing'"
		   " LEFT JOIN org o ON o.id = po.org_id AND " SEES_ORG(o)
		   " WHERE (pl.pcode = :pcode OR pl.parent_pcode = :pcode OR :pcode = 'AF')"
		   " AND " SEES_PROJECT(p)
		   " GROUP BY ps.sector_code ORDER BY count(DISTINCT p.id) DESC, ps.sector_code");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":pcode", pcode);
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	size_t alloc = 32;
	PlaceSectorCount *rows = arena_alloc(a, alloc * sizeof *rows);
	*count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count == alloc) {
			PlaceSectorCount *bigger = arena_alloc(a, 2 * alloc * sizeof *rows);
			memcpy(bigger, rows, alloc * sizeof *rows);
			rows = bigger;
			alloc *= 2;
		}
		PlaceSectorCount *r = &rows[(*count)++];
		r->sector = col_text(a, st, C_SECTOR);
		r->projects = sqlite3_column_int64(st, C_PROJECTS);
		r->orgs = sqlite3_column_int64(st, C_ORGS);
	}
	sqlite3_reset(st);
	*out = rows;
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

static int count_query(Store *s, const char *sql, Visibility max_vis, const OrgScope *scope,
		       long long *out)
{
	sqlite3_stmt *st = st_prep(s, sql);
	if (!st)
		return STORE_ERROR;
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : st_fail(s, rc);
}

int store_totals(Store *s, Visibility max_vis, const OrgScope *scope, Totals *out)
{
	memset(out, 0, sizeof *out);
	if (count_query(s, "SELECT count(*) FROM org o WHERE " SEES_ORG(o), max_vis, scope,
			&out->orgs) != STORE_OK ||
	    count_query(s, "SELECT count(*) FROM project p WHERE " SEES_PROJECT(p), max_vis, scope,
			&out->projects) != STORE_OK ||
	    count_query(s, "SELECT count(DISTINCT pp.pcode) FROM project_place pp"
			   " JOIN project p ON p.id = pp.project_id WHERE " SEES_PROJECT(p),
			max_vis, scope, &out->places_with_projects) != STORE_OK ||
	    count_query(s, "SELECT count(*) FROM result r JOIN project p ON p.id = r.project_id"
			   " WHERE " SEES_PROJECT(p),
			max_vis, scope, &out->results) != STORE_OK)
		return STORE_ERROR;
	return STORE_OK;
}

/* ---- audit ---- */

int store_audit_last_hash(Store *s, char out[65])
{
	sqlite3_stmt *st = st_prep(s, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1");
	if (!st)
		return STORE_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, 65, "%s", (const char *)sqlite3_column_text(st, 0));
	else
		memset(out, '0', 64), out[64] = '\0';
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

int store_audit_insert(Store *s, const AuditEntry *e)
{
	sqlite3_stmt *st = st_prep(
		s, "INSERT INTO audit(at, actor, action, entity, entity_id, before, after,"
		   " prev_hash, hash) VALUES (:at, :actor, :action, :entity, :eid, :before, :after,"
		   " :prev, :hash)");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":at", e->at);
	st_text(st, ":actor", e->actor);
	st_text(st, ":action", e->action);
	st_text(st, ":entity", e->entity);
	st_int(st, ":eid", e->entity_id);
	st_text(st, ":before", e->before);
	st_text(st, ":after", e->after);
	st_text(st, ":prev", e->prev_hash);
	st_text(st, ":hash", e->hash);
	return st_exec(s, st);
}

enum { A_ID, A_AT, A_ACTOR, A_ACTION, A_ENTITY, A_EID, A_BEFORE, A_AFTER, A_PREV, A_HASH };
#define AUDIT_COLUMNS "id, at, actor, action, entity, entity_id, before, after, prev_hash, hash"

static void read_audit(Arena *a, sqlite3_stmt *st, AuditEntry *e)
{
	e->id = sqlite3_column_int64(st, A_ID);
	e->at = col_text(a, st, A_AT);
	e->actor = col_text(a, st, A_ACTOR);
	e->action = col_text(a, st, A_ACTION);
	e->entity = col_text(a, st, A_ENTITY);
	e->entity_id = sqlite3_column_int64(st, A_EID);
	e->before = col_text(a, st, A_BEFORE);
	e->after = col_text(a, st, A_AFTER);
	e->prev_hash = col_text(a, st, A_PREV);
	e->hash = col_text(a, st, A_HASH);
}

/* Reads up to limit entries of a bound statement. */
static int audit_rows(Store *s, sqlite3_stmt *st, Arena *a, int limit, AuditEntry **out,
		      size_t *count)
{
	size_t cap = (size_t)(limit > 0 ? limit : 1);
	AuditEntry *rows = arena_alloc(a, cap * sizeof *rows);
	*count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *count < cap)
		read_audit(a, st, &rows[(*count)++]);
	sqlite3_reset(st);
	*out = rows;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : st_fail(s, rc);
}

int store_audit_list(Store *s, Arena *a, const char *entity, int64_t entity_id, int limit,
		     AuditEntry **out, size_t *count)
{
	sqlite3_stmt *st = st_prep(s, "SELECT " AUDIT_COLUMNS " FROM audit"
				      " WHERE (:entity IS NULL OR (entity = :entity AND entity_id = :eid))"
				      " ORDER BY id DESC LIMIT :limit");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":entity", entity);
	st_int(st, ":eid", entity_id);
	st_int(st, ":limit", limit);
	return audit_rows(s, st, a, limit, out, count);
}

int store_audit_page(Store *s, Arena *a, const char *entity, int64_t before_id, int limit,
		     AuditEntry **out, size_t *count)
{
	sqlite3_stmt *st = st_prep(s, "SELECT " AUDIT_COLUMNS " FROM audit"
				      " WHERE (:entity IS NULL OR entity = :entity)"
				      " AND (:before = 0 OR id < :before)"
				      " ORDER BY id DESC LIMIT :limit");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":entity", entity);
	st_int(st, ":before", before_id);
	st_int(st, ":limit", limit);
	return audit_rows(s, st, a, limit, out, count);
}

int store_audit_head(Store *s, int64_t *last_id, char hash[65])
{
	enum { C_LAST_ID, C_HASH };
	sqlite3_stmt *st = st_prep(s, "SELECT last_id, hash FROM audit_head WHERE one = 1");
	if (!st)
		return STORE_ERROR;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*last_id = sqlite3_column_int64(st, C_LAST_ID);
		const char *h = (const char *)sqlite3_column_text(st, C_HASH);
		snprintf(hash, 65, "%s", h ? h : "");
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_audit_each(Store *s, bool (*visit)(const AuditEntry *e, void *ctx), void *ctx)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT " AUDIT_COLUMNS " FROM audit ORDER BY id", -1, &st,
				    NULL);
	if (rc != SQLITE_OK)
		return st_fail(s, rc);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		Arena *a = arena_new();
		AuditEntry e;
		read_audit(a, st, &e);
		bool go_on = visit(&e, ctx);
		arena_free(a);
		if (!go_on) {
			rc = SQLITE_DONE;
			break;
		}
	}
	int out = rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
	sqlite3_finalize(st);
	return out;
}

int store_integrity(Store *s, bool *ok)
{
	sqlite3_stmt *st = NULL;
	*ok = false;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return st_fail(s, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		*ok = r && strcmp(r, "ok") == 0;
		if (!*ok)
			set_error(s, r);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return st_fail(s, rc);
	rc = sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return st_fail(s, rc);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*ok = false;
		snprintf(s->error, sizeof s->error, "foreign key broken in table %s",
			 (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return STORE_OK;
}

void *arena_grow(Arena *a, void *items, size_t *alloc, size_t count, size_t size)
{
	if (count < *alloc)
		return items;
	size_t want = *alloc ? *alloc * 2 : 8;
	void *bigger = arena_alloc(a, want * size);
	if (count)
		memcpy(bigger, items, count * size);
	*alloc = want;
	return bigger;
}
