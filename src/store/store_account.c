/*
 * store_account.c — users and their organizations, sessions, API tokens,
 * login attempts and reads of restricted records, in SQL (see store.h).
 *
 * Like the rest of the store it decides nothing: who may log in, when a
 * session expires and who may manage users are the service's business.
 * It never sees a secret either: passwords and tokens arrive hashed.
 */
#include <string.h>

#include "store/store_int.h"

/* Runs a statement that changes one user's row and tells whether it did. */
static int exec_one_user(Store *s, sqlite3_stmt *st)
{
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	return sqlite3_changes(s->db) == 0 ? STORE_NOT_FOUND : STORE_OK;
}

/* Time columns hold NULL for "never"; 0 stands for it in the structs. */
static int64_t col_time(sqlite3_stmt *st, int col)
{
	return col_id(st, col);
}

/* ---- users ---- */

int store_user_insert(Store *s, User *u)
{
	sqlite3_stmt *st = st_prep(s, "INSERT INTO app_user(login, password_hash, role, disabled,"
				      " created_at) VALUES (:login, :hash, :role, :disabled, :at)");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":login", u->login);
	st_text(st, ":hash", u->password_hash);
	st_text(st, ":role", u->role);
	st_int(st, ":disabled", u->disabled);
	st_int(st, ":at", u->created_at);
	int rc = sqlite3_step(st);
	int out = STORE_OK;
	if (rc != SQLITE_DONE) {
		out = st_fail(s, rc);
		if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE)
			out = STORE_EXISTS;
	}
	sqlite3_reset(st);
	if (out == STORE_OK)
		u->id = sqlite3_last_insert_rowid(s->db);
	return out;
}

enum {
	U_ID, U_LOGIN, U_HASH, U_ROLE, U_DISABLED, U_CREATED, U_FAILED, U_LOCKED
};
#define USER_COLUMNS                                                                            \
	"id, login, password_hash, role, disabled, created_at, failed_logins, locked_until"

static void user_read_row(Arena *a, sqlite3_stmt *st, User *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, U_ID);
	u->login = col_text(a, st, U_LOGIN);
	u->password_hash = col_text(a, st, U_HASH);
	u->role = col_text(a, st, U_ROLE);
	u->disabled = sqlite3_column_int(st, U_DISABLED) != 0;
	u->created_at = sqlite3_column_int64(st, U_CREATED);
	u->failed_logins = sqlite3_column_int(st, U_FAILED);
	u->locked_until = col_time(st, U_LOCKED);
}

/* Steps a statement that selects USER_COLUMNS of at most one user. */
static int user_read_one(Store *s, Arena *a, sqlite3_stmt *st, User *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		user_read_row(a, st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return STORE_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return st_fail(s, rc);
	return store_user_orgs(s, a, out->id, &out->org_ids, &out->org_count);
}

int store_user_get(Store *s, Arena *a, int64_t id, User *out)
{
	sqlite3_stmt *st = st_prep(s, "SELECT " USER_COLUMNS " FROM app_user WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	return user_read_one(s, a, st, out);
}

int store_user_get_by_login(Store *s, Arena *a, const char *login, User *out)
{
	sqlite3_stmt *st = st_prep(s, "SELECT " USER_COLUMNS " FROM app_user WHERE login = :login");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":login", login);
	return user_read_one(s, a, st, out);
}

int store_user_list(Store *s, Arena *a, User **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = st_prep(s, "SELECT " USER_COLUMNS " FROM app_user ORDER BY login");
	if (!st)
		return STORE_ERROR;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		user_read_row(a, st, &(*out)[(*count)++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);
	for (size_t i = 0; i < *count; i++) {
		User *u = &(*out)[i];
		if (store_user_orgs(s, a, u->id, &u->org_ids, &u->org_count) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

int store_user_set_password(Store *s, int64_t id, const char *password_hash)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE app_user SET password_hash = :hash WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":hash", password_hash);
	st_int(st, ":id", id);
	return exec_one_user(s, st);
}

int store_user_set_role(Store *s, int64_t id, const char *role)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE app_user SET role = :role WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":role", role);
	st_int(st, ":id", id);
	return exec_one_user(s, st);
}

int store_user_set_disabled(Store *s, int64_t id, bool disabled)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE app_user SET disabled = :disabled WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":disabled", disabled);
	st_int(st, ":id", id);
	return exec_one_user(s, st);
}

int store_user_set_failures(Store *s, int64_t id, int failed_logins, int64_t locked_until)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE app_user SET failed_logins = :failed,"
				      " locked_until = :locked WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":failed", failed_logins);
	st_int_or_null(st, ":locked", locked_until, true);
	st_int(st, ":id", id);
	return exec_one_user(s, st);
}

int store_user_orgs_replace(Store *s, int64_t user_id, const int64_t *org_ids, size_t count)
{
	sqlite3_stmt *st = st_prep(s, "DELETE FROM user_org WHERE user_id = :user");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":user", user_id);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	for (size_t i = 0; i < count; i++) {
		st = st_prep(s, "INSERT OR IGNORE INTO user_org(user_id, org_id) VALUES (:user, :org)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":user", user_id);
		st_int(st, ":org", org_ids[i]);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

int store_user_orgs(Store *s, Arena *a, int64_t user_id, int64_t **org_ids, size_t *count)
{
	*org_ids = NULL;
	*count = 0;
	sqlite3_stmt *st = st_prep(s, "SELECT org_id FROM user_org WHERE user_id = :user"
				      " ORDER BY org_id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":user", user_id);
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*org_ids = arena_grow(a, *org_ids, &alloc, *count, sizeof **org_ids);
		(*org_ids)[(*count)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

/* ---- sessions ---- */

int store_session_insert(Store *s, const Session *se)
{
	sqlite3_stmt *st = st_prep(s, "INSERT INTO session(token_hash, user_id, created_at,"
				      " last_seen, csrf_token) VALUES (:hash, :user, :created,"
				      " :seen, :csrf)");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":hash", se->token_hash);
	st_int(st, ":user", se->user_id);
	st_int(st, ":created", se->created_at);
	st_int(st, ":seen", se->last_seen);
	st_text(st, ":csrf", se->csrf_token);
	return st_exec(s, st);
}

int store_session_get(Store *s, Arena *a, const char *token_hash, Session *out)
{
	enum { C_HASH, C_USER, C_CREATED, C_SEEN, C_CSRF };
	sqlite3_stmt *st = st_prep(s, "SELECT token_hash, user_id, created_at, last_seen, csrf_token"
				      " FROM session WHERE token_hash = :hash");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":hash", token_hash);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->token_hash = col_text(a, st, C_HASH);
		out->user_id = sqlite3_column_int64(st, C_USER);
		out->created_at = sqlite3_column_int64(st, C_CREATED);
		out->last_seen = sqlite3_column_int64(st, C_SEEN);
		out->csrf_token = col_text(a, st, C_CSRF);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_session_touch(Store *s, const char *token_hash, int64_t now)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE session SET last_seen = :now WHERE token_hash = :hash");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":now", now);
	st_text(st, ":hash", token_hash);
	return st_exec(s, st);
}

int store_session_delete(Store *s, const char *token_hash)
{
	sqlite3_stmt *st = st_prep(s, "DELETE FROM session WHERE token_hash = :hash");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":hash", token_hash);
	return st_exec(s, st);
}

int store_session_delete_user(Store *s, int64_t user_id)
{
	sqlite3_stmt *st = st_prep(s, "DELETE FROM session WHERE user_id = :user");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":user", user_id);
	return st_exec(s, st);
}

int store_session_delete_expired(Store *s, int64_t created_before, int64_t seen_before)
{
	sqlite3_stmt *st = st_prep(s, "DELETE FROM session WHERE created_at < :created"
				      " OR last_seen < :seen");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":created", created_before);
	st_int(st, ":seen", seen_before);
	return st_exec(s, st);
}

/* ---- API tokens ---- */

int store_token_insert(Store *s, ApiToken *t)
{
	sqlite3_stmt *st = st_prep(s, "INSERT INTO api_token(user_id, token_hash, label, created_at,"
				      " revoked) VALUES (:user, :hash, :label, :created, :revoked)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":user", t->user_id);
	st_text(st, ":hash", t->token_hash);
	st_text(st, ":label", t->label);
	st_int(st, ":created", t->created_at);
	st_int(st, ":revoked", t->revoked);
	int rc = sqlite3_step(st);
	int out = STORE_OK;
	if (rc != SQLITE_DONE) {
		out = st_fail(s, rc);
		if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE)
			out = STORE_EXISTS;
	}
	sqlite3_reset(st);
	if (out == STORE_OK)
		t->id = sqlite3_last_insert_rowid(s->db);
	return out;
}

enum { T_ID, T_USER, T_HASH, T_LABEL, T_CREATED, T_USED, T_REVOKED };
#define TOKEN_COLUMNS "id, user_id, token_hash, label, created_at, last_used, revoked"

static void token_read_row(Arena *a, sqlite3_stmt *st, ApiToken *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, T_ID);
	t->user_id = sqlite3_column_int64(st, T_USER);
	t->token_hash = col_text(a, st, T_HASH);
	t->label = col_text(a, st, T_LABEL);
	t->created_at = sqlite3_column_int64(st, T_CREATED);
	t->last_used = col_time(st, T_USED);
	t->revoked = sqlite3_column_int(st, T_REVOKED) != 0;
}

int store_token_get(Store *s, Arena *a, const char *token_hash, ApiToken *out)
{
	sqlite3_stmt *st = st_prep(s, "SELECT " TOKEN_COLUMNS " FROM api_token"
				      " WHERE token_hash = :hash");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":hash", token_hash);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		token_read_row(a, st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_token_touch(Store *s, int64_t id, int64_t now)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE api_token SET last_used = :now WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":now", now);
	st_int(st, ":id", id);
	return st_exec(s, st);
}

int store_token_revoke(Store *s, int64_t id)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE api_token SET revoked = 1 WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	return sqlite3_changes(s->db) == 0 ? STORE_NOT_FOUND : STORE_OK;
}

int store_token_list(Store *s, Arena *a, int64_t user_id, ApiToken **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = st_prep(s, "SELECT " TOKEN_COLUMNS " FROM api_token"
				      " WHERE user_id = :user ORDER BY id DESC");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":user", user_id);
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		token_read_row(a, st, &(*out)[(*count)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

/* ---- login attempts ---- */

int store_login_attempt_insert(Store *s, int64_t at, const char *login, const char *address,
			       bool success, bool refused, int64_t *id)
{
	sqlite3_stmt *st = st_prep(s, "INSERT INTO login_attempt(at, login, address, success,"
				      " refused) VALUES (:at, :login, :address, :success, :refused)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":at", at);
	st_text(st, ":login", login);
	st_text(st, ":address", address);
	st_int(st, ":success", success);
	st_int(st, ":refused", refused);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	return STORE_OK;
}

int store_login_attempt_succeeded(Store *s, int64_t id)
{
	sqlite3_stmt *st = st_prep(s, "UPDATE login_attempt SET success = 1 WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	return st_exec(s, st);
}

int store_login_attempts_prune(Store *s, int64_t before, int limit)
{
	sqlite3_stmt *st = st_prep(s, "DELETE FROM login_attempt WHERE id IN (SELECT id FROM"
				      " login_attempt ORDER BY id LIMIT :limit) AND at < :before");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":limit", limit);
	st_int(st, ":before", before);
	return st_exec(s, st);
}

/* Counts with the first statement; with n > 0 finds the nth newest with
 * the second. Both bind :key and :since. */
static int failures(Store *s, const char *count_sql, const char *nth_sql, const char *key,
		    int64_t since, int n, LoginFailures *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = st_prep(s, count_sql);
	if (!st)
		return STORE_ERROR;
	st_text(st, ":key", key);
	st_int(st, ":since", since);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		out->count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return st_fail(s, rc);
	if (n <= 0 || out->count < n)
		return STORE_OK;
	st = st_prep(s, nth_sql);
	if (!st)
		return STORE_ERROR;
	st_text(st, ":key", key);
	st_int(st, ":since", since);
	st_int(st, ":skip", n - 1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		out->nth_newest_at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

int store_login_failures_by_login(Store *s, const char *login, int64_t since, int n,
				  LoginFailures *out)
{
	return failures(s,
			"SELECT count(*) FROM login_attempt WHERE login = :key AND at >= :since"
			" AND success = 0 AND refused = 0",
			"SELECT at FROM login_attempt WHERE login = :key AND at >= :since"
			" AND success = 0 AND refused = 0 ORDER BY at DESC, id DESC"
			" LIMIT 1 OFFSET :skip",
			login, since, n, out);
}

int store_login_failures_by_address(Store *s, const char *address, int64_t since, int n,
				    LoginFailures *out)
{
	return failures(s,
			"SELECT count(*) FROM login_attempt WHERE address = :key AND at >= :since"
			" AND success = 0 AND refused = 0",
			"SELECT at FROM login_attempt WHERE address = :key AND at >= :since"
			" AND success = 0 AND refused = 0 ORDER BY at DESC, id DESC"
			" LIMIT 1 OFFSET :skip",
			address, since, n, out);
}

/* ---- reads of restricted records ---- */

int store_restricted_read_insert(Store *s, const RestrictedRead *r)
{
	sqlite3_stmt *st = st_prep(s, "INSERT INTO restricted_read(at, user_id, login, entity,"
				      " entity_id, reason) VALUES (:at, :user, :login, :entity, :eid,"
				      " :reason)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":at", r->at);
	st_int_or_null(st, ":user", r->user_id, true);
	st_text(st, ":login", r->login);
	st_text(st, ":entity", r->entity);
	st_int(st, ":eid", r->entity_id);
	st_text(st, ":reason", r->reason);
	return st_exec(s, st);
}

int store_restricted_read_list(Store *s, Arena *a, const char *entity, int64_t entity_id,
			       int limit, RestrictedRead **out, size_t *count)
{
	enum { C_ID, C_AT, C_USER, C_LOGIN, C_ENTITY, C_EID, C_REASON };
	sqlite3_stmt *st = st_prep(
		s, "SELECT id, at, user_id, login, entity, entity_id, reason FROM restricted_read"
		   " WHERE (:entity IS NULL OR (entity = :entity AND entity_id = :eid))"
		   " ORDER BY id DESC LIMIT :limit");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":entity", entity);
	st_int(st, ":eid", entity_id);
	st_int(st, ":limit", limit);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		RestrictedRead *r = &(*out)[(*count)++];
		r->id = sqlite3_column_int64(st, C_ID);
		r->at = sqlite3_column_int64(st, C_AT);
		r->user_id = col_id(st, C_USER);
		r->login = col_text(a, st, C_LOGIN);
		r->entity = col_text(a, st, C_ENTITY);
		r->entity_id = sqlite3_column_int64(st, C_EID);
		r->reason = col_text(a, st, C_REASON);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}
