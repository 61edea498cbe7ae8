/*
 * store_project.c — projects with their organizations, sectors, places,
 * target groups and results, in SQL (see store.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "store/store_int.h"

static void project_bind_row(sqlite3_stmt *st, const Project *p)
{
	st_text(st, ":title_en", p->title_en);
	st_text(st, ":title_prs", p->title_prs);
	st_text(st, ":title_pus", p->title_pus);
	st_text(st, ":desc_en", p->description_en);
	st_text(st, ":desc_prs", p->description_prs);
	st_text(st, ":desc_pus", p->description_pus);
	st_text(st, ":status", p->status);
	st_text(st, ":start", p->start_date);
	st_text(st, ":end", p->end_date);
	if (p->has_budget)
		st_double(st, ":budget", p->budget);
	else
		st_null(st, ":budget");
	st_text(st, ":currency", p->currency);
	st_int(st, ":vis", p->visibility);
	st_text(st, ":source", p->source);
	st_text(st, ":note", p->note);
}

static int exec_for_id(Store *s, const char *sql, int64_t id)
{
	sqlite3_stmt *st = st_prep(s, sql);
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	return st_exec(s, st);
}

static int project_write_lists(Store *s, Project *p)
{
	if (exec_for_id(s, "DELETE FROM project_org WHERE project_id = :id", p->id) ||
	    exec_for_id(s, "DELETE FROM project_sector WHERE project_id = :id", p->id) ||
	    exec_for_id(s, "DELETE FROM project_place WHERE project_id = :id", p->id) ||
	    exec_for_id(s, "DELETE FROM project_target WHERE project_id = :id", p->id) ||
	    exec_for_id(s, "DELETE FROM result WHERE project_id = :id", p->id))
		return STORE_ERROR;
	for (size_t i = 0; i < p->org_count; i++) {
		sqlite3_stmt *st = st_prep(s, "INSERT OR IGNORE INTO project_org(project_id, org_id,"
					      " role, position) VALUES (:id, :org, :role, :pos)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", p->id);
		st_int(st, ":org", p->orgs[i].org_id);
		st_text(st, ":role", p->orgs[i].role);
		st_int(st, ":pos", (long long)i);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	for (size_t i = 0; i < p->sector_count; i++) {
		sqlite3_stmt *st = st_prep(s, "INSERT OR IGNORE INTO project_sector(project_id,"
					      " sector_code) VALUES (:id, :code)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", p->id);
		st_text(st, ":code", p->sectors[i]);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	for (size_t i = 0; i < p->place_count; i++) {
		sqlite3_stmt *st = st_prep(s, "INSERT INTO project_place(project_id, pcode, villages,"
					      " note, position) VALUES (:id, :pcode, :villages, :note, :pos)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", p->id);
		st_text(st, ":pcode", p->places[i].pcode);
		st_int_or_null(st, ":villages", p->places[i].villages, false);
		st_text(st, ":note", p->places[i].note);
		st_int(st, ":pos", (long long)i);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	for (size_t i = 0; i < p->target_count; i++) {
		sqlite3_stmt *st = st_prep(s, "INSERT OR IGNORE INTO project_target(project_id,"
					      " group_code) VALUES (:id, :code)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", p->id);
		st_text(st, ":code", p->targets[i]);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
	}
	for (size_t i = 0; i < p->result_count; i++) {
		Result *r = &p->results[i];
		sqlite3_stmt *st = st_prep(
			s, "INSERT INTO result(project_id, indicator, value, qualifier, unit, female,"
			   " male, girls, boys, period_start, period_end, source, note, position)"
			   " VALUES (:id, :indicator, :value, :qualifier, :unit, :female, :male,"
			   " :girls, :boys, :pstart, :pend, :source, :note, :pos)");
		if (!st)
			return STORE_ERROR;
		st_int(st, ":id", p->id);
		st_text(st, ":indicator", r->indicator);
		st_double(st, ":value", r->value);
		st_text(st, ":qualifier", r->qualifier);
		st_text(st, ":unit", r->unit);
		st_int_or_null(st, ":female", r->female, false);
		st_int_or_null(st, ":male", r->male, false);
		st_int_or_null(st, ":girls", r->girls, false);
		st_int_or_null(st, ":boys", r->boys, false);
		st_text(st, ":pstart", r->period_start);
		st_text(st, ":pend", r->period_end);
		st_text(st, ":source", r->source);
		st_text(st, ":note", r->note);
		st_int(st, ":pos", (long long)i);
		if (st_exec(s, st) != STORE_OK)
			return STORE_ERROR;
		r->id = sqlite3_last_insert_rowid(s->db);
	}
	return STORE_OK;
}

int store_project_insert(Store *s, Project *p)
{
	sqlite3_stmt *st = st_prep(
		s, "INSERT INTO project(title_en, title_prs, title_pus, description_en,"
		   " description_prs, description_pus, status, start_date, end_date, budget, currency,"
		   " visibility, source, note, created_at, updated_at)"
		   " VALUES (:title_en, :title_prs, :title_pus, :desc_en, :desc_prs, :desc_pus,"
		   " :status, :start, :end, :budget, :currency, :vis, :source, :note,"
		   " strftime('%Y-%m-%dT%H:%M:%SZ','now'), strftime('%Y-%m-%dT%H:%M:%SZ','now'))");
	if (!st)
		return STORE_ERROR;
	project_bind_row(st, p);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	p->id = sqlite3_last_insert_rowid(s->db);
	return project_write_lists(s, p);
}

int store_project_update(Store *s, const Project *p)
{
	sqlite3_stmt *st = st_prep(
		s, "UPDATE project SET title_en = :title_en, title_prs = :title_prs,"
		   " title_pus = :title_pus, description_en = :desc_en, description_prs = :desc_prs,"
		   " description_pus = :desc_pus, status = :status, start_date = :start,"
		   " end_date = :end, budget = :budget, currency = :currency, visibility = :vis,"
		   " source = :source, note = :note,"
		   " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = :id");
	if (!st)
		return STORE_ERROR;
	project_bind_row(st, p);
	st_int(st, ":id", p->id);
	if (st_exec(s, st) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(s->db) == 0)
		return STORE_NOT_FOUND;
	return project_write_lists(s, (Project *)p);
}

int store_project_delete(Store *s, int64_t id)
{
	if (exec_for_id(s, "DELETE FROM project WHERE id = :id", id) != STORE_OK)
		return STORE_ERROR;
	if (sqlite3_changes(s->db) == 0)
		return STORE_NOT_FOUND;
	return store_search_remove(s, "project", id);
}

int store_project_visibility(Store *s, int64_t id, Visibility *out)
{
	sqlite3_stmt *st = st_prep(s, "SELECT visibility FROM project WHERE id = :id");
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

int store_project_owners(Store *s, Arena *a, int64_t id, int64_t **org_ids, size_t *count)
{
	sqlite3_stmt *st = st_prep(s, "SELECT DISTINCT org_id FROM project_org WHERE project_id = :id"
				      " ORDER BY org_id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	*org_ids = NULL;
	*count = 0;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*org_ids = arena_grow(a, *org_ids, &alloc, *count, sizeof **org_ids);
		(*org_ids)[(*count)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

enum {
	P_ID, P_TITLE_EN, P_TITLE_PRS, P_TITLE_PUS, P_DESC_EN, P_DESC_PRS, P_DESC_PUS, P_STATUS,
	P_START, P_END, P_BUDGET, P_CURRENCY, P_VIS, P_SOURCE, P_NOTE, P_UPDATED
};
#define PROJECT_COLUMNS                                                                         \
	"p.id, p.title_en, p.title_prs, p.title_pus, p.description_en, p.description_prs,"      \
	" p.description_pus, p.status, p.start_date, p.end_date, p.budget, p.currency,"        \
	" p.visibility, p.source, p.note, p.updated_at"

static void project_read_row(Arena *a, sqlite3_stmt *st, Project *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, P_ID);
	p->title_en = col_text(a, st, P_TITLE_EN);
	p->title_prs = col_text(a, st, P_TITLE_PRS);
	p->title_pus = col_text(a, st, P_TITLE_PUS);
	p->description_en = col_text(a, st, P_DESC_EN);
	p->description_prs = col_text(a, st, P_DESC_PRS);
	p->description_pus = col_text(a, st, P_DESC_PUS);
	p->status = col_text(a, st, P_STATUS);
	p->start_date = col_text(a, st, P_START);
	p->end_date = col_text(a, st, P_END);
	p->has_budget = sqlite3_column_type(st, P_BUDGET) != SQLITE_NULL;
	p->budget = sqlite3_column_double(st, P_BUDGET);
	p->currency = col_text(a, st, P_CURRENCY);
	p->visibility = (Visibility)sqlite3_column_int(st, P_VIS);
	p->source = col_text(a, st, P_SOURCE);
	p->note = col_text(a, st, P_NOTE);
	p->updated_at = col_text(a, st, P_UPDATED);
}

/* Reads the lists of a project; results only when with_results. Only the
 * organizations the reader sees are listed. */
static int project_read_lists(Store *s, Arena *a, Project *p, Visibility max_vis,
			      const OrgScope *scope, bool with_results)
{
	int rc;
	size_t alloc = 0;
	enum { G_ORG, G_ROLE, G_NAME };
	sqlite3_stmt *st = st_prep(
		s, "SELECT po.org_id, po.role, o.name_en FROM project_org po"
		   " JOIN org o ON o.id = po.org_id WHERE po.project_id = :id AND " SEES_ORG(o)
		   " ORDER BY po.position");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", p->id);
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->orgs = arena_grow(a, p->orgs, &alloc, p->org_count, sizeof *p->orgs);
		ProjectOrg *po = &p->orgs[p->org_count++];
		po->org_id = sqlite3_column_int64(st, G_ORG);
		po->role = col_text(a, st, G_ROLE);
		po->org_name = col_text(a, st, G_NAME);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);

	alloc = 0;
	st = st_prep(s, "SELECT sector_code FROM project_sector WHERE project_id = :id"
			" ORDER BY sector_code");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", p->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->sectors = arena_grow(a, p->sectors, &alloc, p->sector_count, sizeof *p->sectors);
		p->sectors[p->sector_count++] = col_text(a, st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);

	alloc = 0;
	enum { L_PCODE, L_VILLAGES, L_NOTE };
	st = st_prep(s, "SELECT pcode, villages, note FROM project_place WHERE project_id = :id"
			" ORDER BY position");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", p->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->places = arena_grow(a, p->places, &alloc, p->place_count, sizeof *p->places);
		ProjectPlace *pl = &p->places[p->place_count++];
		memset(pl, 0, sizeof *pl);
		pl->pcode = col_text(a, st, L_PCODE);
		pl->place = pl->pcode;
		pl->villages = col_int_or_unknown(st, L_VILLAGES);
		pl->note = col_text(a, st, L_NOTE);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);

	alloc = 0;
	st = st_prep(s, "SELECT group_code FROM project_target WHERE project_id = :id"
			" ORDER BY group_code");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", p->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->targets = arena_grow(a, p->targets, &alloc, p->target_count, sizeof *p->targets);
		p->targets[p->target_count++] = col_text(a, st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);
	if (!with_results)
		return STORE_OK;

	alloc = 0;
	enum { R_ID, R_INDICATOR, R_VALUE, R_QUALIFIER, R_UNIT, R_FEMALE, R_MALE, R_GIRLS, R_BOYS,
	       R_PSTART, R_PEND, R_SOURCE, R_NOTE };
	st = st_prep(s, "SELECT id, indicator, value, qualifier, unit, female, male, girls, boys,"
			" period_start, period_end, source, note FROM result WHERE project_id = :id"
			" ORDER BY position");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", p->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->results = arena_grow(a, p->results, &alloc, p->result_count, sizeof *p->results);
		Result *r = &p->results[p->result_count++];
		r->id = sqlite3_column_int64(st, R_ID);
		r->indicator = col_text(a, st, R_INDICATOR);
		r->value = sqlite3_column_double(st, R_VALUE);
		r->qualifier = col_text(a, st, R_QUALIFIER);
		r->unit = col_text(a, st, R_UNIT);
		r->female = col_int_or_unknown(st, R_FEMALE);
		r->male = col_int_or_unknown(st, R_MALE);
		r->girls = col_int_or_unknown(st, R_GIRLS);
		r->boys = col_int_or_unknown(st, R_BOYS);
		r->period_start = col_text(a, st, R_PSTART);
		r->period_end = col_text(a, st, R_PEND);
		r->source = col_text(a, st, R_SOURCE);
		r->note = col_text(a, st, R_NOTE);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : st_fail(s, rc);
}

int store_project_get(Store *s, Arena *a, int64_t id, Visibility max_vis, const OrgScope *scope,
		      Project *out)
{
	sqlite3_stmt *st = st_prep(s, "SELECT " PROJECT_COLUMNS " FROM project p WHERE p.id = :id"
				      " AND " SEES_PROJECT(p));
	if (!st)
		return STORE_ERROR;
	st_int(st, ":id", id);
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		project_read_row(a, st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return STORE_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return st_fail(s, rc);
	return project_read_lists(s, a, out, max_vis, scope, true);
}

/* One WHERE clause for the page and its count. Years compare on the first
 * four characters of the partial dates, so "2019" and "2019-06-30" agree. */
#define PROJECT_FILTER                                                                          \
	" WHERE " SEES_PROJECT(p)                                                               \
	" AND (:q IS NULL OR p.id IN (SELECT entity_id FROM search_index"                       \
	"      WHERE search_index MATCH :q AND entity = 'project'))"                            \
	" AND (:prov IS NULL OR EXISTS (SELECT 1 FROM project_place pp"                         \
	"      JOIN place pl ON pl.pcode = pp.pcode WHERE pp.project_id = p.id"                 \
	"      AND (pl.pcode = :prov OR pl.parent_pcode = :prov)))"                             \
	" AND (:dist IS NULL OR EXISTS (SELECT 1 FROM project_place pp"                         \
	"      WHERE pp.project_id = p.id AND pp.pcode = :dist))"                               \
	" AND (:sector IS NULL OR EXISTS (SELECT 1 FROM project_sector ps"                      \
	"      WHERE ps.project_id = p.id AND ps.sector_code = :sector))"                       \
	" AND (:org IS NULL OR EXISTS (SELECT 1 FROM project_org po"                            \
	"      WHERE po.project_id = p.id AND po.org_id = :org))"                               \
	" AND (:donor IS NULL OR EXISTS (SELECT 1 FROM project_org po"                          \
	"      WHERE po.project_id = p.id AND po.org_id = :donor AND po.role = 'funding'))"     \
	" AND (:year IS NULL OR (p.start_date IS NOT NULL"                                      \
	"      AND substr(p.start_date, 1, 4) <= :year"                                         \
	"      AND substr(coalesce(p.end_date, p.start_date), 1, 4) >= :year))"                 \
	" AND (:status IS NULL OR p.status = :status)"

static void project_bind_filter(sqlite3_stmt *st, const ProjectFilter *f, const char *fts)
{
	st_int(st, ":vis", f->max_vis);
	st_scope(st, ":scope", &f->scope);
	st_text(st, ":q", fts);
	st_text(st, ":prov", f->province);
	st_text(st, ":dist", f->district);
	st_text(st, ":sector", f->sector);
	st_int_or_null(st, ":org", f->org_id, true);
	st_int_or_null(st, ":donor", f->donor_id, true);
	if (f->year > 0) {
		char year[16];
		snprintf(year, sizeof year, "%04d", f->year);
		st_text(st, ":year", year);
	} else {
		st_null(st, ":year");
	}
	st_text(st, ":status", f->status);
}

int store_project_list(Store *s, Arena *a, const ProjectFilter *f, ProjectList *out)
{
	memset(out, 0, sizeof *out);
	Buf q;
	buf_init(&q, 4096);
	if (f->q)
		fts_query(&q, f->q);
	const char *fts = q.used ? buf_str(&q) : NULL;
	int result = STORE_ERROR;

	sqlite3_stmt *st = st_prep(s, "SELECT count(*) FROM project p" PROJECT_FILTER);
	if (!st)
		goto done;
	project_bind_filter(st, f, fts);
	int rc = sqlite3_step(st);
	out->total = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		result = st_fail(s, rc);
		goto done;
	}
	st = st_prep(s, "SELECT " PROJECT_COLUMNS " FROM project p" PROJECT_FILTER
			" ORDER BY coalesce(p.start_date, '0000') DESC, p.id DESC"
			" LIMIT :limit OFFSET :offset");
	if (!st)
		goto done;
	project_bind_filter(st, f, fts);
	st_int(st, ":limit", f->limit);
	st_int(st, ":offset", f->offset);
	size_t alloc = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->items = arena_grow(a, out->items, &alloc, out->count, sizeof *out->items);
		project_read_row(a, st, &out->items[out->count++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		result = st_fail(s, rc);
		goto done;
	}
	for (size_t i = 0; i < out->count; i++)
		if (project_read_lists(s, a, &out->items[i], f->max_vis, &f->scope, false) !=
		    STORE_OK)
			goto done;
	result = STORE_OK;
done:
	buf_free(&q);
	return result;
}
