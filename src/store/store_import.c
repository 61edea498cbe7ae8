/*
 * store_import.c — import sources, row keys and the organization lookup of
 * imports, in SQL (see store_import.h).
 */
#include "store/store_import.h"

#include "store/store_int.h"

int store_import_source(Store *s, Arena *a, const char *name, const char *at, int64_t *id,
                        const char **mapping)
{
	enum { C_ID, C_MAPPING };
	sqlite3_stmt *st = st_prep(s, "SELECT id, mapping FROM import_source WHERE name = :name");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":name", name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = col_id(st, C_ID);
		*mapping = col_text(a, st, C_MAPPING);
		sqlite3_reset(st);
		return STORE_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);
	st = st_prep(s, "INSERT INTO import_source(name, mapping, created_at, updated_at)"
	                " VALUES (:name, NULL, :at, :at)");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":name", name);
	st_text(st, ":at", at);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	*id = sqlite3_last_insert_rowid(s->db);
	*mapping = NULL;
	return STORE_OK;
}

int store_import_source_set_mapping(Store *s, int64_t id, const char *mapping, const char *at)
{
	sqlite3_stmt *st =
	    st_prep(s, "UPDATE import_source SET mapping = :mapping, updated_at = :at"
	               " WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_text(st, ":mapping", mapping);
	st_text(st, ":at", at);
	st_int(st, ":id", id);
	return st_exec(s, st);
}

int store_import_key_get(Store *s, Arena *a, int64_t source_id, const char *key, int64_t *entity_id,
                         const char **digest)
{
	enum { C_ENTITY_ID, C_DIGEST };
	sqlite3_stmt *st = st_prep(s, "SELECT entity_id, digest FROM import_key"
	                              " WHERE source_id = :source AND key = :key");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":source", source_id);
	st_text(st, ":key", key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*entity_id = col_id(st, C_ENTITY_ID);
		*digest = col_text(a, st, C_DIGEST);
		sqlite3_reset(st);
		return STORE_OK;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_import_key_put(Store *s, int64_t source_id, const char *key, const char *entity,
                         int64_t entity_id, const char *digest)
{
	sqlite3_stmt *st = st_prep(s, "INSERT OR REPLACE INTO import_key"
	                              "(source_id, key, entity, entity_id, digest)"
	                              " VALUES (:source, :key, :entity, :id, :digest)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":source", source_id);
	st_text(st, ":key", key);
	st_text(st, ":entity", entity);
	st_int(st, ":id", entity_id);
	st_text(st, ":digest", digest);
	return st_exec(s, st);
}

/* Runs a one-column id query bound to :v; STORE_NOT_FOUND when no row. */
static int first_id(Store *s, const char *sql, const char *value, int64_t *id)
{
	sqlite3_stmt *st = st_prep(s, sql);
	if (!st)
		return STORE_ERROR;
	st_text(st, ":v", value);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = col_id(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_import_org_find(Store *s, const char *name, const char *acronym, int64_t *id,
                          OrgFoundBy *by)
{
	int rc;
	if (name && *name) {
		rc = first_id(s,
		              "SELECT id FROM org WHERE name_en = :v COLLATE NOCASE AND merged_into IS NULL"
		              " ORDER BY id LIMIT 1",
		              name, id);
		if (rc != STORE_NOT_FOUND) {
			*by = ORG_FOUND_NAME;
			return rc;
		}
		rc = first_id(s,
		              "SELECT id FROM org WHERE (name_prs = :v OR name_pus = :v) AND merged_into IS NULL"
		              " UNION SELECT al.org_id FROM org_alias al JOIN org o ON o.id = al.org_id"
		              " WHERE al.name = :v COLLATE NOCASE AND o.merged_into IS NULL"
		              " ORDER BY 1 LIMIT 1",
		              name, id);
		if (rc != STORE_NOT_FOUND) {
			*by = ORG_FOUND_ALIAS;
			return rc;
		}
	}
	if (acronym && *acronym) {
		rc = first_id(s,
		              "SELECT id FROM org WHERE acronym = :v COLLATE NOCASE AND merged_into IS NULL"
		              " ORDER BY id LIMIT 1",
		              acronym, id);
		if (rc != STORE_NOT_FOUND) {
			*by = ORG_FOUND_ACRONYM;
			return rc;
		}
	}
	return STORE_NOT_FOUND;
}

int store_import_org_find_reg(Store *s, const char *reg_number, int64_t *id)
{
	return first_id(s,
	                "SELECT id FROM org WHERE reg_number = :v COLLATE NOCASE AND merged_into IS NULL"
	                " ORDER BY id LIMIT 1",
	                reg_number, id);
}
