/*
 * store_merge.c — moving references from a record dropped to the record
 * kept (see store_merge.h). Each statement binds :keep and :drop (those it
 * names); the order matters where a unique key could clash: rows keep
 * already has are skipped (UPDATE OR IGNORE) and drop's leftovers removed.
 */
#include "store/store_merge.h"

#include <string.h>

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
	"DELETE FROM meeting_participant WHERE org_id = :drop AND meeting_id IN"
	" (SELECT meeting_id FROM meeting_participant WHERE org_id = :keep)",
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
	st_int(st, ":into", into);
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
