/*
 * store_match.c — reading every project and organization a reader sees,
 * in bulk, in the shape the matcher takes (core/match.h).
 *
 * One query per list (projects, their organizations, places, sectors,
 * target groups, figures), each in project order, merged by id: six scans
 * instead of one query per record, so a national registry loads in
 * seconds. What the reader does not see is never read: projects by
 * SEES_PROJECT, the organizations named on them by SEES_ORG. It decides
 * nothing: the service says who sees what.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/store_int.h"

/* The position of a project id in the sorted ids, or -1. */
static long find_id(const MatchProject *items, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (items[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && items[lo].id == id ? (long)lo : -1;
}

/* Appends to a list kept in the arena, growing it by doubling: the count
 * is a power of two (or 0) exactly when the list is full. */
static void *grow_list(Arena *a, void *list, size_t count, size_t size)
{
	if (count && (count & (count - 1)))
		return list;
	size_t alloc = count ? count * 2 : 2;
	void *bigger = arena_alloc(a, alloc * size);
	if (count)
		memcpy(bigger, list, count * size);
	return bigger;
}

enum { M_ID, M_TITLE_EN, M_TITLE_PRS, M_TITLE_PUS, M_DESC_EN, M_DESC_PRS, M_DESC_PUS, M_START, M_END };

enum { L_PROJECT, L_VALUE, L_EXTRA };

int store_match_projects(Store *s, Arena *a, Visibility max_vis, const OrgScope *scope,
			 MatchProject **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = st_prep(
		s, "SELECT p.id, p.title_en, p.title_prs, p.title_pus, p.description_en,"
		   " p.description_prs, p.description_pus, p.start_date, p.end_date"
		   " FROM project p WHERE " SEES_PROJECT(p) " ORDER BY p.id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	size_t alloc = 0, n = 0;
	MatchProject *items = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == alloc) {
			size_t bigger = alloc ? alloc * 2 : 256;
			MatchProject *grown = arena_alloc(a, bigger * sizeof *grown);
			if (n)
				memcpy(grown, items, n * sizeof *grown);
			items = grown;
			alloc = bigger;
		}
		MatchProject *p = &items[n++];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(st, M_ID);
		p->title[0] = col_text(a, st, M_TITLE_EN);
		p->title[1] = col_text(a, st, M_TITLE_PRS);
		p->title[2] = col_text(a, st, M_TITLE_PUS);
		p->description[0] = col_text(a, st, M_DESC_EN);
		p->description[1] = col_text(a, st, M_DESC_PRS);
		p->description[2] = col_text(a, st, M_DESC_PUS);
		p->start_date = col_text(a, st, M_START);
		p->end_date = col_text(a, st, M_END);
		p->people_reached = -1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);

	/* organizations the reader sees, by role */
	st = st_prep(s, "SELECT po.project_id, po.org_id, po.role FROM project_org po"
			" JOIN project p ON p.id = po.project_id JOIN org o ON o.id = po.org_id"
			" WHERE " SEES_PROJECT(p) " AND " SEES_ORG(o) " ORDER BY po.project_id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long i = find_id(items, n, sqlite3_column_int64(st, L_PROJECT));
		const unsigned char *role = sqlite3_column_text(st, L_EXTRA);
		if (i < 0 || !role)
			continue;
		MatchProject *p = &items[i];
		int64_t org = sqlite3_column_int64(st, L_VALUE);
		if (strcmp((const char *)role, "funding") == 0) {
			int64_t *list = grow_list(a, (void *)p->funder_ids, p->funder_count, sizeof *list);
			list[p->funder_count++] = org;
			p->funder_ids = list;
		} else {
			int64_t *list = grow_list(a, (void *)p->implementer_ids, p->implementer_count, sizeof *list);
			list[p->implementer_count++] = org;
			p->implementer_ids = list;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);

	/* places, sectors and target groups: one code per row */
	static const char *const LIST_SQL[] = {
		"SELECT pp.project_id, pp.pcode FROM project_place pp JOIN project p ON p.id = pp.project_id"
		" WHERE " SEES_PROJECT(p) " ORDER BY pp.project_id, pp.position",
		"SELECT ps.project_id, ps.sector_code FROM project_sector ps"
		" JOIN project p ON p.id = ps.project_id WHERE " SEES_PROJECT(p) " ORDER BY ps.project_id",
		"SELECT pt.project_id, pt.group_code FROM project_target pt"
		" JOIN project p ON p.id = pt.project_id WHERE " SEES_PROJECT(p) " ORDER BY pt.project_id",
	};
	for (int list = 0; list < 3; list++) {
		st = st_prep(s, LIST_SQL[list]);
		if (!st)
			return STORE_ERROR;
		st_int(st, ":vis", max_vis);
		st_scope(st, ":scope", scope);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			long i = find_id(items, n, sqlite3_column_int64(st, L_PROJECT));
			const char *code = col_text(a, st, L_VALUE);
			if (i < 0 || !code)
				continue;
			MatchProject *p = &items[i];
			const char ***codes = list == 0 ? &p->pcodes : list == 1 ? &p->sectors : &p->targets;
			size_t *codes_n = list == 0 ? &p->pcode_count : list == 1 ? &p->sector_count : &p->target_count;
			const char **grown = grow_list(a, (void *)*codes, *codes_n, sizeof *grown);
			grown[(*codes_n)++] = code;
			*codes = grown;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return st_fail(s, rc);
	}

	/* the largest figure counted in people */
	st = st_prep(s, "SELECT r.project_id, max(r.value) FROM result r"
			" JOIN project p ON p.id = r.project_id"
			" WHERE " SEES_PROJECT(p) " AND lower(coalesce(r.unit, '')) IN ('people', 'persons',"
			" 'individuals', 'beneficiaries') GROUP BY r.project_id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long i = find_id(items, n, sqlite3_column_int64(st, L_PROJECT));
		if (i >= 0)
			items[i].people_reached = sqlite3_column_double(st, L_VALUE);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);
	*out = items;
	*count = n;
	return STORE_OK;
}

enum { O_ID, O_NAME_EN, O_NAME_PRS, O_NAME_PUS, O_ACRONYM, O_REG, O_TIN, O_WEB };

int store_match_orgs(Store *s, Arena *a, Visibility max_vis, const OrgScope *scope, MatchOrg **out,
		     size_t *count)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *st = st_prep(s, "SELECT o.id, o.name_en, o.name_prs, o.name_pus, o.acronym,"
				      " o.reg_number, o.tin, o.website FROM org o WHERE " SEES_ORG(o)
				      " ORDER BY o.id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	size_t alloc = 0, n = 0;
	MatchOrg *items = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == alloc) {
			size_t bigger = alloc ? alloc * 2 : 256;
			MatchOrg *grown = arena_alloc(a, bigger * sizeof *grown);
			if (n)
				memcpy(grown, items, n * sizeof *grown);
			items = grown;
			alloc = bigger;
		}
		MatchOrg *o = &items[n++];
		memset(o, 0, sizeof *o);
		o->id = sqlite3_column_int64(st, O_ID);
		for (int c = O_NAME_EN; c <= O_NAME_PUS; c++) {
			const char *name = col_text(a, st, c);
			if (!name || !*name)
				continue;
			const char **names = grow_list(a, (void *)o->names, o->name_count, sizeof *names);
			names[o->name_count++] = name;
			o->names = names;
		}
		o->acronym = col_text(a, st, O_ACRONYM);
		o->reg_number = col_text(a, st, O_REG);
		o->tin = col_text(a, st, O_TIN);
		o->website = col_text(a, st, O_WEB);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);

	st = st_prep(s, "SELECT al.org_id, al.name FROM org_alias al JOIN org o ON o.id = al.org_id"
			" WHERE " SEES_ORG(o) " ORDER BY al.org_id");
	if (!st)
		return STORE_ERROR;
	st_int(st, ":vis", max_vis);
	st_scope(st, ":scope", scope);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *name = col_text(a, st, 1);
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (items[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo >= n || items[lo].id != id || !name || !*name)
			continue;
		MatchOrg *o = &items[lo];
		const char **names = grow_list(a, (void *)o->names, o->name_count, sizeof *names);
		names[o->name_count++] = name;
		o->names = names;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return st_fail(s, rc);
	*out = items;
	*count = n;
	return STORE_OK;
}
