/*
 * store_org.c — organizations, their aliases, offices and sectors, their
 * relations and awards, in SQL (see store.h).
 */
#include <string.h>

#include "core/buf.h"
#include "store/store_int.h"

static int org_bind_row(sqlite3_stmt *st, const Org *o)
{
	st_text(st, ":name_en", o->name_en);
	st_text(st, ":name_prs", o->name_prs);
	st_text(st, ":name_pus", o->name_pus);
	st_text(st, ":acronym", o->acronym);
	st_text(st, ":kind", o->kind);
	st_int_or_null(st, ":parent", o->parent_id, true);
	st_int_or_null(st, ":reg_auth", o->reg_authority_id, true);
	st_text(st, ":reg_number", o->reg_number);
	st_text(st, ":reg_date", o->reg_date);
	st_text(st, ":tin", o->tin);
	st_text(st, ":website", o->website);
	st_text(st, ":description", o->description);
	st_int_or_null(st, ":staff_total", o->staff_total, false);
	st_int_or_null(st, ":staff_female", o->staff_female, false);
	st_int_or_null(st, ":women_led", o->women_led, false);
	st_text(st, ":status", o->status ? o->status : "active");
	st_int(st, ":vis", o->visibility);
	st_text(st, ":source", o->source);
	return 0;
}

/* Writes the aliases, offices and sectors of an org (after removing old ones). */
static int org_write_lists(Store *s, const Org *o)
{
	static const char *const deletes[] = {
		"DELETE FROM org_alias WHERE org_id = :id",
		"DELETE FROM org_office WHERE org_id = :id",
		"DELETE FROM org_sector WHERE org_id = :id",
	};
	for (size_t i = 0; i < 3; i++) {
		sqlite3_stmt *st = st_prep(s, deletes[i]);
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", o->id);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	for (size_t i = 0; i < o->alias_count; i++) {
		sqlite3_stmt *st = st_prep(s, "INSERT INTO org_alias(org_id, name) VALUES (:id, :name)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", o->id);
		st_text(st, ":name", o->aliases[i]);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	for (size_t i = 0; i < o->office_count; i++) {
		sqlite3_stmt *st = st_prep(s, "INSERT INTO org_office(org_id, pcode, is_main, note)"
					      " VALUES (:id, :pcode, :main, :note)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", o->id);
		st_text(st, ":pcode", o->offices[i].pcode);
		st_int(st, ":main", o->offices[i].is_main);
		st_text(st, ":note", o->offices[i].note);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	for (size_t i = 0; i < o->sector_count; i++) {
		sqlite3_stmt *st = st_prep(s, "INSERT OR IGNORE INTO org_sector(org_id, sector_code)"
					      " VALUES (:id, :code)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", o->id);
		st_text(st, ":code", o->sectors[i]);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

int store_org_insert(Store *s, Org *o)
{
	sqlite3_stmt *st = st_prep(
		s, "INSERT INTO org(name_en, name_prs, name_pus, acronym, kind, parent_id,"
		   " reg_authority_id, reg_number, reg_date, tin, website, description, staff_total,"
		   " staff_female, women_led, status, visibility, source, created_at, updated_at)"
		   " VALUES (:name_en, :name_prs, :name_pus, :acronym, :kind, :parent, :reg_auth,"
		   " :reg_number, :reg_date, :tin, :website, :description, :staff_total,"
		   " :staff_female, :women_led, :status, :vis, :source,"
		   " strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
	if (!st)
		return STORE_ERROR;
	org_bind_row(st, o);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	o->id = sqlite3_last_insert_rowid(s->db);
	return org_write_lists(s, o);
}

int store_org_update(Store *s, const Org *o)
{
	sqlite3_stmt *st = st_prep(
		s, "UPDATE org SET name_en = :name_en, name_prs = :name_prs, name_pus = :name_pus,"
		   " acronym = :acronym, kind = :kind, parent_id = :parent, reg_authority_id = :reg_auth,"
		   " reg_number = :reg_number, reg_date = :reg_date, tin = :tin, website = :website,"
		   " description = :description, staff_total = :staff_total,"
		   " staff_female = :staff_female, women_led = :women_led, status = :status,"
		   " visibility = :vis, source = :source,"
		   " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	org_bind_row(st, o);
	st_int(st, ":id", o->id);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(s->db) == 0)
		return STORE_NOT_FOUND;
	return org_write_lists(s, o);
}

int store_org_delete(Store *s, int64_t id)
{
	sqlite3_stmt *st = st_prep(s, "DELETE FROM org WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(s->db) == 0)
		return STORE_NOT_FOUND;
	return store_search_remove(s, "org", id);
}

int store_org_visibility(Store *s, int64_t id, Visibility *out)
{
	sqlite3_stmt *st = st_prep(s, "SELECT visibility FROM org WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (Visibility)sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	return rc == SQLITE_DONE ? STORE_NOT_FOUND : st_fail(s, rc);
}

int store_org_within(Store *s, int64_t org, int64_t parent_id, bool *within)
{
	/* UNION, not UNION ALL: a loop already stored ends the walk */
	sqlite3_stmt *st = st_prep(s, "WITH RECURSIVE up(id) AS (SELECT :parent UNION"
				      " SELECT o.parent_id FROM org o JOIN up ON o.id = up.id"
				      " WHERE o.parent_id IS NOT NULL)"
				      " SELECT EXISTS (SELECT 1 FROM up WHERE id = :org)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":parent", parent_id);
	st_int(st, ":org", org);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*within = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : st_fail(s, rc);
}

enum {
	O_ID, O_NAME_EN, O_NAME_PRS, O_NAME_PUS, O_ACRONYM, O_KIND, O_PARENT, O_REG_AUTH,
	O_REG_NUMBER, O_REG_DATE, O_TIN, O_WEBSITE, O_DESCRIPTION, O_STAFF_TOTAL, O_STAFF_FEMALE,
	O_WOMEN_LED, O_STATUS, O_VIS, O_SOURCE, O_UPDATED
};
#define ORG_COLUMNS                                                                             \
	"o.id, o.name_en, o.name_prs, o.name_pus, o.acronym, o.kind, o.parent_id,"              \
	" o.reg_authority_id, o.reg_number, o.reg_date, o.tin, o.website, o.description,"      \
	" o.staff_total, o.staff_female, o.women_led, o.status, o.visibility, o.source,"       \
	" o.updated_at"

static void org_read_row(Arena *a, sqlite3_stmt *st, Org *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, O_ID);
	o->name_en = col_text(a, st, O_NAME_EN);
	o->name_prs = col_text(a, st, O_NAME_PRS);
	o->name_pus = col_text(a, st, O_NAME_PUS);
	o->acronym = col_text(a, st, O_ACRONYM);
	o->kind = col_text(a, st, O_KIND);
	o->parent_id = col_id(st, O_PARENT);
	o->reg_authority_id = col_id(st, O_REG_AUTH);
	o->reg_number = col_text(a, st, O_REG_NUMBER);
	o->reg_date = col_text(a, st, O_REG_DATE);
	o->tin = col_text(a, st, O_TIN);
	o->website = col_text(a, st, O_WEBSITE);
	o->description = col_text(a, st, O_DESCRIPTION);
	o->staff_total = col_int_or_unknown(st, O_STAFF_TOTAL);
	o->staff_female = col_int_or_unknown(st, O_STAFF_FEMALE);
	o->women_led = (int)col_int_or_unknown(st, O_WOMEN_LED);
	o->status = col_text(a, st, O_STATUS);
	o->visibility = (Visibility)sqlite3_column_int(st, O_VIS);
	o->source = col_text(a, st, O_SOURCE);
	o->updated_at = col_text(a, st, O_UPDATED);
}

static int org_read_lists(Store *s, Arena *a, Org *o)
{
	size_t alloc = 0;
	sqlite3_stmt *st = st_prep(s, "SELECT name FROM org_alias WHERE org_id = :id ORDER BY rowid");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", o->id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o->aliases = arena_grow(a, o->aliases, &alloc, o->alias_count, sizeof *o->aliases);
		o->aliases[o->alias_count++] = col_text(a, st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);

	enum { F_PCODE, F_MAIN, F_NOTE };
	alloc = 0;
	st = st_prep(s, "SELECT pcode, is_main, note FROM org_office WHERE org_id = :id"
			" ORDER BY is_main DESC, rowid");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", o->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o->offices = arena_grow(a, o->offices, &alloc, o->office_count, sizeof *o->offices);
		OrgOffice *f = &o->offices[o->office_count++];
		memset(f, 0, sizeof *f);
		f->pcode = col_text(a, st, F_PCODE);
		f->place = f->pcode;
		f->is_main = sqlite3_column_int(st, F_MAIN) != 0;
		f->note = col_text(a, st, F_NOTE);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);

	alloc = 0;
	st = st_prep(s, "SELECT sector_code FROM org_sector WHERE org_id = :id ORDER BY sector_code");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", o->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o->sectors = arena_grow(a, o->sectors, &alloc, o->sector_count, sizeof *o->sectors);
		o->sectors[o->sector_count++] = col_text(a, st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

int store_org_get(Store *s, Arena *a, int64_t id, Visibility max_vis, const OrgScope *scope,
		  Org *out)
{
	sqlite3_stmt *st = st_prep(s, "SELECT " ORG_COLUMNS " FROM org o WHERE o.id = :id"
				      " AND " SEES_ORG(o));
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		org_read_row(a, st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return STORE_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return st_fail(s, rc);
	return org_read_lists(s, a, out);
}

/* One WHERE clause for the page and its count, so they cannot disagree.
 * Offices and projects found by place or sector are only those the reader
 * sees: a restricted project must not reveal where its organization works. */
#define ORG_FILTER                                                                              \
	" WHERE " SEES_ORG(o)                                                                   \
	" AND (:kind IS NULL OR o.kind = :kind)"                                                \
	" AND (:q IS NULL OR o.id IN (SELECT entity_id FROM search_index"                       \
	"      WHERE search_index MATCH :q AND entity = 'org'))"                                \
	" AND (:prov IS NULL"                                                                   \
	"  OR EXISTS (SELECT 1 FROM org_office f JOIN place pl ON pl.pcode = f.pcode"           \
	"      WHERE f.org_id = o.id AND (pl.pcode = :prov OR pl.parent_pcode = :prov))"        \
	"  OR EXISTS (SELECT 1 FROM project_org po JOIN project p ON p.id = po.project_id"      \
	"      JOIN project_place pp ON pp.project_id = p.id JOIN place pl ON pl.pcode = pp.pcode" \
	"      WHERE po.org_id = o.id AND " SEES_PROJECT(p)                                     \
	"      AND (pl.pcode = :prov OR pl.parent_pcode = :prov)))"                             \
	" AND (:sector IS NULL"                                                                 \
	"  OR EXISTS (SELECT 1 FROM org_sector os WHERE os.org_id = o.id AND os.sector_code = :sector)" \
	"  OR EXISTS (SELECT 1 FROM project_org po JOIN project p ON p.id = po.project_id"      \
	"      JOIN project_sector ps ON ps.project_id = p.id WHERE po.org_id = o.id"          \
	"      AND " SEES_PROJECT(p) " AND ps.sector_code = :sector))"

static void org_bind_filter(sqlite3_stmt *st, const OrgFilter *f, const char *fts)
{
	st_int(st, ":vis", f->max_vis);
	st_scope(st, ":scope", &f->scope);
	st_text(st, ":kind", f->kind);
	st_text(st, ":q", fts);
	st_text(st, ":prov", f->province);
	st_text(st, ":sector", f->sector);
}

int store_org_list(Store *s, Arena *a, const OrgFilter *f, OrgList *out)
{
	memset(out, 0, sizeof *out);
	Buf q;
	buf_init(&q, 4096);
	if (f->q)
		fts_query(&q, f->q);
	const char *fts = q.used ? buf_str(&q) : NULL;
	int result = STORE_ERROR;

	sqlite3_stmt *st = st_prep(s, "SELECT count(*) FROM org o" ORG_FILTER);
	if (!st)
		goto done;
	org_bind_filter(st, f, fts);
	int rc = sqlite3_step(st);
	out->total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		result = st_fail(s, rc);
		goto done;
	}

	st = st_prep(s, "SELECT " ORG_COLUMNS " FROM org o" ORG_FILTER
			" ORDER BY o.name_en COLLATE NOCASE, o.id LIMIT :limit OFFSET :offset");
	if (!st)
		goto done;
	org_bind_filter(st, f, fts);
	st_int(st, ":limit", f->limit);
	st_int(st, ":offset", f->offset);
	size_t alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->items = arena_grow(a, out->items, &alloc, out->count, sizeof *out->items);
		org_read_row(a, st, &out->items[out->count++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		result = st_fail(s, rc);
		goto done;
	}
	for (size_t i = 0; i < out->count; i++)
		if (org_read_lists(s, a, &out->items[i]) != STORE_OK)
			goto done;
	result = STORE_OK;
done:
	buf_free(&q);
	return result;
}

int store_relation_insert(Store *s, OrgRelation *r)
{
	sqlite3_stmt *st = st_prep(s, "INSERT INTO org_relation(from_org_id, kind, to_org_id,"
				      " start_date, end_date, note, source)"
				      " VALUES (:from, :kind, :to, :start, :end, :note, :source)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":from", r->from_org_id);
	st_text(st, ":kind", r->kind);
	st_int(st, ":to", r->to_org_id);
	st_text(st, ":start", r->start_date);
	st_text(st, ":end", r->end_date);
	st_text(st, ":note", r->note);
	st_text(st, ":source", r->source);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	r->id = sqlite3_last_insert_rowid(s->db);
	return STORE_OK;
}

int store_relation_list(Store *s, Arena *a, int64_t org_id, Visibility max_vis,
			const OrgScope *scope, OrgRelation **out, size_t *count)
{
	enum { C_ID, C_FROM, C_KIND, C_TO, C_START, C_END, C_NOTE, C_SOURCE, C_OTHER };
	sqlite3_stmt *st = st_prep(
		s, "SELECT r.id, r.from_org_id, r.kind, r.to_org_id, r.start_date, r.end_date,"
		   " r.note, r.source, other.name_en"
		   " FROM org_relation r"
		   " JOIN org other ON other.id = CASE WHEN r.from_org_id = :id"
		   "   THEN r.to_org_id ELSE r.from_org_id END"
		   " WHERE (r.from_org_id = :id OR r.to_org_id = :id) AND " SEES_ORG(other)
		   " ORDER BY r.kind, other.name_en COLLATE NOCASE");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", org_id);
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		OrgRelation *r = &(*out)[(*count)++];
		r->id = sqlite3_column_int64(st, C_ID);
		r->from_org_id = sqlite3_column_int64(st, C_FROM);
		r->kind = col_text(a, st, C_KIND);
		r->to_org_id = sqlite3_column_int64(st, C_TO);
		r->start_date = col_text(a, st, C_START);
		r->end_date = col_text(a, st, C_END);
		r->note = col_text(a, st, C_NOTE);
		r->source = col_text(a, st, C_SOURCE);
		r->other_name = col_text(a, st, C_OTHER);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

int store_award_insert(Store *s, Award *w)
{
	sqlite3_stmt *st = st_prep(s, "INSERT INTO award(org_id, title, by_org_id, by_name, year,"
				      " note, source) VALUES (:org, :title, :by, :by_name, :year,"
				      " :note, :source)");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":org", w->org_id);
	st_text(st, ":title", w->title);
	st_int_or_null(st, ":by", w->by_org_id, true);
	st_text(st, ":by_name", w->by_name);
	st_int_or_null(st, ":year", w->year, true);
	st_text(st, ":note", w->note);
	st_text(st, ":source", w->source);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	w->id = sqlite3_last_insert_rowid(s->db);
	return STORE_OK;
}

int store_award_list(Store *s, Arena *a, int64_t org_id, Award **out, size_t *count)
{
	enum { C_ID, C_TITLE, C_BY, C_BY_NAME, C_YEAR, C_NOTE, C_SOURCE };
	sqlite3_stmt *st = st_prep(
		s, "SELECT w.id, w.title, w.by_org_id, coalesce(w.by_name, b.name_en), w.year,"
		   " w.note, w.source FROM award w LEFT JOIN org b ON b.id = w.by_org_id"
		   " WHERE w.org_id = :id ORDER BY w.year DESC, w.id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", org_id);
	*out = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = arena_grow(a, *out, &alloc, *count, sizeof **out);
		Award *w = &(*out)[(*count)++];
		w->id = sqlite3_column_int64(st, C_ID);
		w->org_id = org_id;
		w->title = col_text(a, st, C_TITLE);
		w->by_org_id = col_id(st, C_BY);
		w->by_name = col_text(a, st, C_BY_NAME);
		w->year = (int)col_id(st, C_YEAR);
		w->note = col_text(a, st, C_NOTE);
		w->source = col_text(a, st, C_SOURCE);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}
