/*
 * store_int.h — what the store's own files share: the connection, the
 * statement cache and the binding helpers. Not for use outside src/store.
 */
#ifndef HAMAHANG_STORE_INT_H
#define HAMAHANG_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"

/* Prepared statements, found by the address of their SQL literal in an
 * open-addressing table: a power of two, kept under three quarters full. */
#define STMT_CACHE_SIZE 1024

struct Store {
	sqlite3 *db;                         /* the connection */
	char error[512];                     /* the last error in words */
	struct {
		const char *sql;             /* the statement's text (a literal: cached by address) */
		sqlite3_stmt *stmt;          /* prepared once, reset after each use */
	} cache[STMT_CACHE_SIZE];
	int cached;                          /* entries used in cache[] */
	int depth;                           /* savepoints open inside the transaction */
};

/* A prepared statement for a SQL literal, reset and with bindings cleared;
 * NULL on error (store_error says why). Do not finalize it. */
sqlite3_stmt *st_prep(Store *s, const char *sql);
/* Binding by name (":name"); NULL text binds NULL. Abort on an unknown
 * name: that is a programming error, not input. */
void st_text(sqlite3_stmt *st, const char *name, const char *value);
void st_int(sqlite3_stmt *st, const char *name, long long value);
/* Binds NULL when value is NUM_UNKNOWN (or 0 for ids with zero_is_null). */
void st_int_or_null(sqlite3_stmt *st, const char *name, long long value, bool zero_is_null);
void st_double(sqlite3_stmt *st, const char *name, double value);
void st_null(sqlite3_stmt *st, const char *name);
/* Steps a statement that returns no rows; STORE_OK or an error code. */
int st_exec(Store *s, sqlite3_stmt *st);
/* Records the database's error and returns the matching STORE_* code. */
int st_fail(Store *s, int rc);

/* Column readers into the arena: NULL for SQL NULL. */
const char *col_text(Arena *a, sqlite3_stmt *st, int col);
long long col_int_or_unknown(sqlite3_stmt *st, int col);
int64_t col_id(sqlite3_stmt *st, int col);

/* Binds an OrgScope as a JSON array of ids, read in SQL with json_each;
 * a NULL or empty scope binds NULL, which json_each reads as no rows. */
void st_scope(sqlite3_stmt *st, const char *name, const OrgScope *scope);

/* SQL conditions for "the reader sees this record": it is not merged into
 * another (migration 007), and its visibility is at most :vis, or it
 * belongs to an organization of :scope (bound with st_scope). The argument
 * is the alias of the org or project table. */
#define SEES_ORG(alias)                                                                         \
	"(" #alias ".merged_into IS NULL AND (" #alias ".visibility <= :vis OR " #alias          \
	".id IN (SELECT value FROM json_each(:scope))))"
#define SEES_PROJECT(alias)                                                                     \
	"(" #alias ".merged_into IS NULL AND (" #alias ".visibility <= :vis"                     \
	" OR EXISTS (SELECT 1 FROM project_org seen_po"                                         \
	" WHERE seen_po.project_id = " #alias ".id"                                             \
	" AND seen_po.org_id IN (SELECT value FROM json_each(:scope)))))"

/* Turns folded words into an FTS5 MATCH expression (each word quoted and a
 * prefix, all required); appends nothing for an empty query. */
struct Buf;
void fts_query(struct Buf *q, const char *folded);

/* Writes the participants and documents of a meeting just inserted
 * (store_coord.c, for store_meeting_insert). */
int store_meeting_insert_parts(Store *s, const Meeting *m);

/* Lists grown in an arena. */
void *arena_grow(Arena *a, void *items, size_t *alloc, size_t count, size_t size);

#endif
