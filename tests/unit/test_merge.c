/*
 * test_merge.c — merging records entered twice, on a real SQLite file:
 * every reference to the organization dropped moves to the one kept, its
 * names become alternate names (once), it leaves lists, search and the
 * matcher, its old address leads to the record kept, both histories show
 * the merge, the pair is decided "merged", the audit chain still verifies;
 * projects are unioned with their results' sources; and a merge that is
 * refused or fails midway changes nothing. A merge fills what the record
 * kept lacks and names what disagrees; an undo gives back every row, name
 * and field as it was, or is refused, naming why, and changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <time.h>

#include "core/arena.h"
#include "fmt/record_json.h"
#include "store/store.h"
#include "svc/svc.h"
#include "svc/svc_merge.h"
#include "svc/svc_ref.h"
#include "testlib.h"

#define T0 ((time_t)2000000000)

typedef struct Fixture {
	char *dir;
	char *db_path;
	App *app;
} Fixture;

static const Actor COORDINATOR = {.user_id = 7, .login = "coord", .role = ROLE_COORDINATOR};
static const Actor MINISTRY = {.user_id = 8, .login = "ministry", .role = ROLE_MINISTRY};

static int setup(void **state)
{
	Fixture *f = calloc(1, sizeof *f);
	f->dir = test_tmpdir();
	size_t len = strlen(f->dir) + 32;
	f->db_path = malloc(len);
	snprintf(f->db_path, len, "%s/merge.db", f->dir);
	Store *s = NULL;
	assert_int_equal(store_open(f->db_path, true, &s), STORE_OK);
	assert_int_equal(store_migrate(s, NULL), STORE_OK);
	Ctx ctx = {.store = s, .actor = &ACTOR_SYSTEM, .now = T0};
	ctx.arena = arena_new();
	long long rows = 0;
	char *error = NULL;
	assert_int_equal(svc_reference_load(&ctx, &rows, &error), SVC_OK);
	arena_free(ctx.arena);
	store_close(s);
	char *err = NULL;
	f->app = app_open(f->db_path, 1, &err);
	assert_non_null(f->app);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	Fixture *f = *state;
	app_close(f->app);
	test_rmtree(f->dir);
	free(f->db_path);
	free(f->dir);
	free(f);
	return 0;
}

static void unit(Fixture *f, const Actor *actor, Ctx *ctx)
{
	ctx_begin(f->app, actor, ctx);
	ctx->now = T0;
}

static void sql_run(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(h);
}

/* A count with up to one integer parameter (?1). */
static long long sql_count(const char *db, const char *sql, long long param)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	if (sqlite3_bind_parameter_count(st))
		sqlite3_bind_int64(st, 1, param);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static int64_t add_org(Ctx *ctx, const char *name, const char *prs, const char *acronym,
		       Visibility vis, const char *office, const char *sector)
{
	Org o;
	org_init(&o);
	o.name_en = name;
	o.name_prs = prs;
	o.acronym = acronym;
	o.kind = "ngo_international";
	o.visibility = vis;
	if (office) {
		OrgOffice *of = arena_zalloc(ctx->arena, sizeof *of);
		of->place = office;
		of->is_main = 1;
		o.offices = of;
		o.office_count = 1;
	}
	if (sector) {
		const char **s = arena_alloc(ctx->arena, sizeof *s);
		s[0] = sector;
		o.sectors = s;
		o.sector_count = 1;
	}
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	SvcStatus st = svc_org_create(ctx, &o, &errs, &warns);
	if (st == SVC_INVALID)
		fail_msg("org not valid: %s %s", errs.items[0].field, errs.items[0].message);
	assert_int_equal(st, SVC_OK);
	return o.id;
}

static int64_t add_project(Ctx *ctx, const char *title, Visibility vis, int64_t org, const char *role,
			   const char *sector, const char *pcode, long long villages, double figure,
			   const char *source)
{
	Project p;
	project_init(&p);
	p.title_en = title;
	p.status = "ongoing";
	p.start_date = "2019";
	p.visibility = vis;
	ProjectOrg *orgs = arena_zalloc(ctx->arena, sizeof *orgs);
	orgs[0] = (ProjectOrg){.org_id = org, .role = role};
	p.orgs = orgs;
	p.org_count = 1;
	const char **sectors = arena_alloc(ctx->arena, sizeof *sectors);
	sectors[0] = sector;
	p.sectors = sectors;
	p.sector_count = 1;
	ProjectPlace *places = arena_zalloc(ctx->arena, sizeof *places);
	places[0].place = pcode;
	places[0].villages = villages;
	p.places = places;
	p.place_count = 1;
	Result *r = arena_alloc(ctx->arena, sizeof *r);
	result_init(r);
	r->indicator = "gully plugs built";
	r->value = figure;
	r->source = source;
	p.results = r;
	p.result_count = 1;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	SvcStatus st = svc_project_create(ctx, &p, &errs, &warns);
	if (st == SVC_INVALID)
		fail_msg("project not valid: %s %s", errs.items[0].field, errs.items[0].message);
	assert_int_equal(st, SVC_OK);
	return p.id;
}

/* Every column that names an organization, as the migrations declare. */
static const char *const ORG_REFS[] = {
	"SELECT count(*) FROM project_org WHERE org_id = ?1",
	"SELECT count(*) FROM org_relation WHERE from_org_id = ?1 OR to_org_id = ?1",
	"SELECT count(*) FROM award WHERE org_id = ?1 OR by_org_id = ?1",
	"SELECT count(*) FROM org WHERE parent_id = ?1 OR reg_authority_id = ?1",
	"SELECT count(*) FROM org_office WHERE org_id = ?1",
	"SELECT count(*) FROM org_sector WHERE org_id = ?1",
	"SELECT count(*) FROM meeting WHERE convener_id = ?1",
	"SELECT count(*) FROM recommendation WHERE addressed_org = ?1",
	"SELECT count(*) FROM user_org WHERE org_id = ?1",
	"SELECT count(*) FROM report_obligation WHERE org_id = ?1 OR authority_id = ?1",
	"SELECT count(*) FROM report WHERE org_id = ?1",
	"SELECT count(*) FROM report_recipient WHERE org_id = ?1",
	"SELECT count(*) FROM org_status_change WHERE org_id = ?1",
	"SELECT count(*) FROM membership WHERE org_id = ?1 OR body_id = ?1",
	"SELECT count(*) FROM body_service WHERE body_id = ?1",
	"SELECT count(*) FROM meeting_participant WHERE org_id = ?1",
	"SELECT count(*) FROM meeting_schedule WHERE body_id = ?1",
	"SELECT count(*) FROM application WHERE org_id = ?1 OR authority_id = ?1",
	"SELECT count(*) FROM import_key WHERE entity = 'org' AND entity_id = ?1",
};
#define ORG_REF_COUNT (sizeof ORG_REFS / sizeof *ORG_REFS)

/* Ties organization b to everything that can name an organization, by
 * hand, as years of use would. body is another organization. */
static void tie_everything(const char *db, int64_t b, int64_t other)
{
	char sql[4096];
	snprintf(sql, sizeof sql,
		 "INSERT INTO org_relation(from_org_id, kind, to_org_id) VALUES (%1$lld, 'partner', %2$lld);"
		 "INSERT INTO award(org_id, title, by_org_id) VALUES (%1$lld, 'Best partner', %2$lld);"
		 "UPDATE org SET parent_id = %1$lld WHERE id = %2$lld;"
		 "INSERT INTO meeting(convener_id, topic, created_at) VALUES (%1$lld, 'WASH cluster', '2020');"
		 "INSERT INTO recommendation(meeting_id, text, addressed_org, position)"
		 " VALUES (last_insert_rowid(), 'Share the list', %1$lld, 0);"
		 "INSERT INTO meeting_participant(meeting_id, org_id, position)"
		 " VALUES ((SELECT max(id) FROM meeting), %1$lld, 0);"
		 "INSERT INTO app_user(login, password_hash, role, created_at) VALUES ('ed', 'x', 'editor', 0);"
		 "INSERT INTO user_org(user_id, org_id) VALUES (last_insert_rowid(), %1$lld);"
		 "INSERT INTO report_obligation(org_id, authority_id, start_date, updated_at)"
		 " VALUES (%1$lld, %2$lld, '2020-01-01', '2020');"
		 "INSERT INTO report(org_id, period_start, period_end, created_at, updated_at)"
		 " VALUES (%1$lld, '2020-01-01', '2020-06-30', '2020', '2020');"
		 "INSERT INTO report_recipient(report_id, org_id) VALUES (last_insert_rowid(), %1$lld);"
		 "INSERT INTO org_status_change(org_id, at, actor, change, new_status, reason)"
		 " VALUES (%1$lld, '2020', 'x', 'active', 'active', 'registered');"
		 "INSERT INTO membership(org_id, body_id, status) VALUES (%1$lld, %2$lld, 'member');"
		 "INSERT INTO membership(org_id, body_id, status) VALUES (%2$lld, %1$lld, 'member');"
		 "INSERT INTO body_service(body_id, position, text) VALUES (%1$lld, 0, 'Training');"
		 "INSERT INTO meeting_schedule(body_id, recurrence, since) VALUES (%1$lld, 'monthly', '2020-01-01');"
		 "INSERT INTO application(org_id, authority_id, kind, outcome)"
		 " VALUES (%1$lld, %2$lld, 'tin', 'pending');"
		 "INSERT INTO application(org_id, authority_id, kind, outcome)"
		 " VALUES (%2$lld, %1$lld, 'tin', 'pending');"
		 "INSERT INTO import_source(name, created_at, updated_at) VALUES ('3w.csv', '2020', '2020');"
		 "INSERT INTO import_key(source_id, key, entity, entity_id)"
		 " VALUES (last_insert_rowid(), 'group|AKF', 'org', %1$lld);",
		 (long long)b, (long long)other);
	sql_run(db, sql);
}

static bool has_alias(const Org *o, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < o->alias_count; i++)
		n += strcmp(o->aliases[i], name) == 0;
	assert_true(n <= 1); /* never twice */
	return n == 1;
}

static bool history_has_merge(Ctx *ctx, const char *entity, int64_t id)
{
	RecordChange *h;
	size_t n;
	assert_int_equal(svc_record_history(ctx, entity, id, 50, &h, &n), SVC_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(h[i].action, "merge") == 0)
			return true;
	return false;
}

static void assert_chain_intact(Fixture *f)
{
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, &ctx);
	AuditCheck c;
	assert_int_equal(svc_check(&ctx, &c), SVC_OK);
	assert_int_equal(c.broken_id, 0);
	assert_true(c.database_ok);
	ctx_end(&ctx);
}

/* The seed case: "Agha Khan Foundation" registered beside "Aga Khan Foundation (AKF)". */
static void test_org_merge_moves_everything_and_keeps_names(void **state)
{
	Fixture *f = *state;
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, &ctx);
	int64_t a = add_org(&ctx, "Aga Khan Foundation", NULL, "AKF", VIS_PUBLIC, "AF0101", "EiE");
	int64_t b = add_org(&ctx, "Agha Khan Foundation", "بنیاد آغاخان", "AKF", VIS_PUBLIC, "AF1701", "WASH");
	int64_t other = add_org(&ctx, "Bamyan Women Network", NULL, NULL, VIS_PUBLIC, NULL, NULL);
	int64_t p = add_project(&ctx, "Gully plugs in Yakawlang", VIS_PUBLIC, b, "funding", "WASH",
				"AF1701", 12, 2000, "LSO profile 2021");
	ctx_end(&ctx);
	tie_everything(f->db_path, b, other);
	for (size_t i = 0; i < ORG_REF_COUNT; i++)
		if (sql_count(f->db_path, ORG_REFS[i], b) == 0)
			fail_msg("the test ties nothing here: %s", ORG_REFS[i]);

	unit(f, &COORDINATOR, &ctx);
	Errors errs;
	errors_clear(&errs);
	MergeResult r;
	assert_int_equal(svc_org_merge(&ctx, a, b, "one foundation", &errs, &r), SVC_OK);
	assert_int_equal(r.names_added, 1); /* the English spelling; AKF once; the Dari name fills a's */
	assert_int_equal(r.fields.filled_count, 1);
	assert_string_equal(r.fields.filled[0], "name_prs");
	assert_int_equal(r.projects_moved, 1);
	ctx_end(&ctx);

	for (size_t i = 0; i < ORG_REF_COUNT; i++)
		if (sql_count(f->db_path, ORG_REFS[i], b) != 0)
			fail_msg("still names the merged organization: %s", ORG_REFS[i]);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM project_org WHERE org_id = ?1", a), 1);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM import_key WHERE entity_id = ?1", a), 1);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM membership WHERE org_id = ?1 OR body_id = ?1", a), 2);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM org_office WHERE org_id = ?1 AND is_main = 1", a), 1);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM org_office WHERE org_id = ?1", a), 2);
	assert_int_equal(sql_count(f->db_path, "SELECT merged_into FROM org WHERE id = ?1", b), a);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM org WHERE id = ?1", b), 1); /* not deleted */
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM dedup_decision WHERE decision = 'merged'"
					       " AND kept_id = ?1", a), 1);

	unit(f, &ACTOR_ANONYMOUS, &ctx);
	Org o;
	assert_int_equal(svc_org_get(&ctx, a, &o), SVC_OK);
	assert_true(has_alias(&o, "Agha Khan Foundation"));
	assert_false(has_alias(&o, "بنیاد آغاخان"));
	assert_string_equal(o.name_prs, "بنیاد آغاخان");
	assert_false(has_alias(&o, "AKF"));
	assert_int_equal(o.sector_count, 2);
	assert_int_equal(svc_org_get(&ctx, b, &o), SVC_NOT_FOUND);
	int64_t into;
	assert_int_equal(svc_merged_into(&ctx, "org", b, &into), SVC_OK);
	assert_int_equal(into, a);
	assert_int_equal(svc_merged_into(&ctx, "org", a, &into), SVC_OK);
	assert_int_equal(into, 0);
	/* gone from lists and search, found under its old name as the record kept */
	OrgFilter of = {.limit = 100};
	OrgList list;
	assert_int_equal(svc_org_list(&ctx, &of, &list), SVC_OK);
	for (size_t i = 0; i < list.count; i++)
		assert_int_not_equal(list.items[i].id, b);
	assert_int_equal(list.total, 2);
	SearchHit *hits;
	size_t n;
	long long total;
	assert_int_equal(svc_search(&ctx, "Agha Khan", 20, 0, &hits, &n, &total), SVC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].id, a);
	Totals t;
	assert_int_equal(svc_totals(&ctx, &t), SVC_OK);
	assert_int_equal(t.orgs, 2);
	/* the project names the record kept */
	Project pr;
	assert_int_equal(svc_project_get(&ctx, p, &pr), SVC_OK);
	assert_int_equal(pr.orgs[0].org_id, a);
	assert_true(history_has_merge(&ctx, "org", a));
	assert_true(history_has_merge(&ctx, "org", b));
	ctx_end(&ctx);
	assert_chain_intact(f);
}

static void test_org_merge_refused_changes_nothing(void **state)
{
	Fixture *f = *state;
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, &ctx);
	int64_t a = add_org(&ctx, "Aga Khan Foundation", NULL, "AKF", VIS_PUBLIC, NULL, NULL);
	int64_t b = add_org(&ctx, "Agha Khan Foundation", NULL, NULL, VIS_PUBLIC, NULL, NULL);
	int64_t c = add_org(&ctx, "Aga Khan Fondation", NULL, NULL, VIS_PUBLIC, NULL, NULL);
	int64_t r = add_org(&ctx, "Zqxcanary Shelter", NULL, NULL, VIS_RESTRICTED, NULL, NULL);
	add_project(&ctx, "Schools in Bamyan", VIS_PUBLIC, b, "implementing", "EiE", "AF1701", NUM_UNKNOWN, 5, "x");
	ctx_end(&ctx);
	long long audits = sql_count(f->db_path, "SELECT count(*) FROM audit", 0);
	Errors errs;
	MergeResult res;
	/* who may not */
	const Actor *refused[] = {&ACTOR_ANONYMOUS, &MINISTRY};
	for (size_t i = 0; i < 2; i++) {
		unit(f, refused[i], &ctx);
		errors_clear(&errs);
		assert_int_equal(svc_org_merge(&ctx, a, b, NULL, &errs, &res), SVC_FORBIDDEN);
		ctx_end(&ctx);
	}
	int64_t mine[] = {b};
	Actor editor = {.user_id = 9, .login = "ed", .role = ROLE_EDITOR, .org_ids = mine, .org_count = 1};
	unit(f, &editor, &ctx);
	errors_clear(&errs);
	assert_int_equal(svc_org_merge(&ctx, a, b, NULL, &errs, &res), SVC_FORBIDDEN);
	ctx_end(&ctx);

	unit(f, &COORDINATOR, &ctx);
	errors_clear(&errs);
	assert_int_equal(svc_org_merge(&ctx, a, a, NULL, &errs, &res), SVC_INVALID);
	assert_string_equal(errs.items[0].field, "from");
	errors_clear(&errs);
	assert_int_equal(svc_org_merge(&ctx, a, 99999, NULL, &errs, &res), SVC_NOT_FOUND);
	/* a restricted record the coordinator does not see (no reason): unknown */
	errors_clear(&errs);
	assert_int_equal(svc_org_merge(&ctx, a, r, NULL, &errs, &res), SVC_NOT_FOUND);
	ctx_end(&ctx);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM audit", 0), audits);

	/* the system sees it, but a restricted record never goes into a public one */
	unit(f, &ACTOR_SYSTEM, &ctx);
	errors_clear(&errs);
	assert_int_equal(svc_org_merge(&ctx, a, r, NULL, &errs, &res), SVC_INVALID);
	assert_string_equal(errs.items[0].field, "from");
	ctx_end(&ctx);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM audit", 0), audits);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM org_alias WHERE name = 'Zqxcanary Shelter'", 0), 0);

	/* a failure midway (the mark refused by the database) leaves nothing changed */
	sql_run(f->db_path, "CREATE TRIGGER no_mark BEFORE UPDATE OF merged_into ON org"
			    " BEGIN SELECT RAISE(ABORT, 'refused'); END;");
	unit(f, &COORDINATOR, &ctx);
	errors_clear(&errs);
	assert_int_equal(svc_org_merge(&ctx, a, b, NULL, &errs, &res), SVC_ERROR);
	ctx_end(&ctx);
	sql_run(f->db_path, "DROP TRIGGER no_mark;");
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM audit", 0), audits);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM project_org WHERE org_id = ?1", b), 1);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM org_alias WHERE org_id = ?1", a), 0);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM dedup_decision", 0), 0);

	/* merged once; then neither into it nor it again */
	unit(f, &COORDINATOR, &ctx);
	errors_clear(&errs);
	assert_int_equal(svc_org_merge(&ctx, a, b, NULL, &errs, &res), SVC_OK);
	long long after = sql_count(f->db_path, "SELECT count(*) FROM audit", 0);
	errors_clear(&errs);
	assert_int_equal(svc_org_merge(&ctx, b, c, NULL, &errs, &res), SVC_INVALID);
	assert_string_equal(errs.items[0].field, "id");
	errors_clear(&errs);
	assert_int_equal(svc_org_merge(&ctx, c, b, NULL, &errs, &res), SVC_INVALID);
	assert_string_equal(errs.items[0].field, "from");
	ctx_end(&ctx);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM audit", 0), after);
	assert_chain_intact(f);
}

static void test_project_merge_unions_and_keeps_sources(void **state)
{
	Fixture *f = *state;
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, &ctx);
	int64_t lso = add_org(&ctx, "Labor Spring Organization", NULL, "LSO", VIS_PUBLIC, NULL, NULL);
	int64_t akf = add_org(&ctx, "Aga Khan Foundation", NULL, "AKF", VIS_PUBLIC, NULL, NULL);
	int64_t a = add_project(&ctx, "Watershed management in Yakawlang", VIS_PUBLIC, lso, "implementing",
				"WASH", "AF1701", NUM_UNKNOWN, 2000, "LSO profile, projects");
	int64_t b = add_project(&ctx, "Watershed management, Yakawlang", VIS_PUBLIC, akf, "funding",
				"FSAC", "AF1701", 14, 3000, "LSO profile, summary");
	ctx_end(&ctx);
	sql_run(f->db_path, "INSERT INTO import_source(name, created_at, updated_at) VALUES ('fts.csv', '2020', '2020');");
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO import_key(source_id, key, entity, entity_id)"
				  " VALUES (1, 'row|7', 'project', %lld);", (long long)b);
	sql_run(f->db_path, sql);

	unit(f, &COORDINATOR, &ctx);
	Errors errs;
	errors_clear(&errs);
	MergeResult r;
	assert_int_equal(svc_project_merge(&ctx, a, b, NULL, &errs, &r), SVC_OK);
	Project p;
	assert_int_equal(svc_project_get(&ctx, a, &p), SVC_OK);
	assert_int_equal(p.org_count, 2);
	assert_int_equal(p.sector_count, 2);
	assert_int_equal(p.place_count, 1);
	assert_int_equal(p.places[0].villages, 14); /* the count the kept record lacked */
	assert_int_equal(p.result_count, 2);        /* 2000 and 3000, each with its source */
	bool from_projects = false, from_summary = false;
	for (size_t i = 0; i < p.result_count; i++) {
		from_projects |= p.results[i].value == 2000 && strcmp(p.results[i].source, "LSO profile, projects") == 0;
		from_summary |= p.results[i].value == 3000 && strcmp(p.results[i].source, "LSO profile, summary") == 0;
	}
	assert_true(from_projects && from_summary);
	assert_int_equal(svc_project_get(&ctx, b, &p), SVC_NOT_FOUND);
	int64_t into;
	assert_int_equal(svc_merged_into(&ctx, "project", b, &into), SVC_OK);
	assert_int_equal(into, a);
	ProjectFilter pf = {.limit = 50};
	ProjectList list;
	assert_int_equal(svc_project_list(&ctx, &pf, &list), SVC_OK);
	assert_int_equal(list.total, 1);
	assert_true(history_has_merge(&ctx, "project", a));
	assert_true(history_has_merge(&ctx, "project", b));
	ctx_end(&ctx);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM import_key WHERE entity_id = ?1", a), 1);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM dedup_decision WHERE kind = 'projects'"
					       " AND decision = 'merged'", 0), 1);
	assert_chain_intact(f);
}

/* Every row a merge may touch, as text, in an order that does not depend
 * on rowids (lists rewritten by an edit get new ones): the state an undo
 * must give back. The records' own rows leave out updated_at. */
static const char *const STATE[] = {
	"SELECT * FROM project_org", "SELECT * FROM org_relation", "SELECT * FROM award",
	"SELECT id, name_en, name_prs, name_pus, acronym, parent_id, reg_authority_id, reg_number,"
	" reg_date, tin, website, description, staff_total, staff_female, women_led, merged_into FROM org",
	"SELECT * FROM org_office", "SELECT * FROM org_sector", "SELECT * FROM org_alias",
	"SELECT * FROM membership", "SELECT * FROM body_service", "SELECT * FROM meeting_schedule",
	"SELECT * FROM meeting", "SELECT * FROM meeting_participant", "SELECT * FROM recommendation",
	"SELECT * FROM report", "SELECT * FROM report_recipient", "SELECT * FROM report_obligation",
	"SELECT * FROM org_status_change", "SELECT * FROM application", "SELECT * FROM user_org",
	"SELECT * FROM import_key", "SELECT * FROM project_place", "SELECT * FROM project_sector",
	"SELECT * FROM project_target",
	"SELECT project_id, indicator, value, source, position FROM result",
	"SELECT id, title_en, title_prs, description_en, status, start_date, end_date, budget,"
	" currency, note, merged_into FROM project",
	"SELECT kind, a_id, b_id, decision FROM dedup_decision",
};

typedef struct Lines {
	char **line;
	size_t count, alloc;
} Lines;

static int collect(void *arg, int n, char **values, char **names)
{
	(void)names;
	Lines *l = arg;
	char row[2048] = "";
	for (int i = 0; i < n; i++) {
		strncat(row, values[i] ? values[i] : "NULL", sizeof row - strlen(row) - 1);
		strncat(row, "|", sizeof row - strlen(row) - 1);
	}
	if (l->count == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 64;
		l->line = realloc(l->line, l->alloc * sizeof *l->line);
	}
	l->line[l->count++] = strdup(row);
	return 0;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The state, every table's rows sorted; the caller frees it. */
static char *state_of(const char *db)
{
	sqlite3 *h = NULL;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	size_t size = 1, used = 0;
	char *out = calloc(1, 1);
	for (size_t t = 0; t < sizeof STATE / sizeof *STATE; t++) {
		Lines l = {0};
		char *msg = NULL;
		if (sqlite3_exec(h, STATE[t], collect, &l, &msg) != SQLITE_OK)
			fail_msg("%s: %s", STATE[t], msg);
		if (l.count)
			qsort(l.line, l.count, sizeof *l.line, by_text);
		for (size_t i = 0; i <= l.count; i++) {
			const char *line = i < l.count ? l.line[i] : STATE[t];
			size_t len = strlen(line);
			out = realloc(out, size += len + 1);
			memcpy(out + used, line, len);
			used += len;
			out[used++] = '\n';
			out[used] = 0;
			if (i < l.count)
				free(l.line[i]);
		}
		free(l.line);
	}
	sqlite3_close(h);
	return out;
}

static bool history_has(Ctx *ctx, const char *entity, int64_t id, const char *action)
{
	RecordChange *h;
	size_t n;
	assert_int_equal(svc_record_history(ctx, entity, id, 50, &h, &n), SVC_OK);
	for (size_t i = 0; i < n; i++)
		if (strcmp(h[i].action, action) == 0)
			return true;
	return false;
}

/* Fills what a lacks from b, names what differs, and the undo gives back
 * every row, name and field as it was. */
static void test_org_merge_fills_and_undo_puts_everything_back(void **state)
{
	Fixture *f = *state;
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, &ctx);
	int64_t a = add_org(&ctx, "Aga Khan Foundation", NULL, "AKF", VIS_PUBLIC, "AF0101", "EiE");
	int64_t b = add_org(&ctx, "Agha Khan Foundation", "بنیاد آغاخان", "AKF", VIS_PUBLIC, "AF1701", "WASH");
	int64_t other = add_org(&ctx, "Bamyan Women Network", NULL, NULL, VIS_PUBLIC, NULL, NULL);
	add_project(&ctx, "Gully plugs in Yakawlang", VIS_PUBLIC, b, "funding", "WASH", "AF1701", 12, 2000,
		    "LSO profile 2021");
	add_project(&ctx, "Schools in Bamyan", VIS_PUBLIC, a, "funding", "EiE", "AF1701", 3, 10, "x");
	ctx_end(&ctx);
	tie_everything(f->db_path, b, other);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE org SET website = 'https://akf.example', reg_number = '1678', tin = '111' WHERE id = %lld;"
		 "UPDATE org SET tin = '999' WHERE id = %lld;"
		 "INSERT INTO meeting_participant(meeting_id, org_id, position) VALUES"
		 " ((SELECT max(id) FROM meeting), %lld, 1);"
		 /* a named b its parent and registering authority: the merge
		  * clears both, the undo puts them back */
		 "UPDATE org SET parent_id = %lld, reg_authority_id = %lld WHERE id = %lld;",
		 (long long)b, (long long)a, (long long)a, (long long)b, (long long)b, (long long)a);
	sql_run(f->db_path, sql);
	char *before = state_of(f->db_path);

	unit(f, &COORDINATOR, &ctx);
	MergeFields preview;
	assert_int_equal(svc_merge_preview(&ctx, "org", a, b, &preview), SVC_OK);
	Errors errs;
	errors_clear(&errs);
	MergeResult r;
	assert_int_equal(svc_org_merge(&ctx, a, b, NULL, &errs, &r), SVC_OK);
	ctx_end(&ctx);
	/* filled: the Dari name, the website, the number; differing: the TIN */
	assert_int_equal(r.fields.filled_count, 3);
	assert_int_equal(preview.filled_count, 3);
	assert_int_equal(r.fields.differ_count, 1);
	assert_string_equal(r.fields.differ[0], "tin");
	assert_true(r.rows_moved > 15);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM org WHERE id = ?1 AND website ="
					       " 'https://akf.example' AND tin = '999'", a), 1);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM org WHERE id = ?1 AND parent_id IS NULL"
					       " AND reg_authority_id IS NULL", a), 1);
	/* the audit entry of a names the rows moved, and the disagreement */
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM audit WHERE entity = 'org' AND entity_id = ?1"
					       " AND action = 'merge' AND json_extract(after, '$.moved.membership.moved') = 2"
					       " AND json_extract(after, '$.moved.meeting_participant.removed') = 1"
					       " AND json_extract(after, '$.fields_differ[0]') = 'tin'", a), 1);
	char *merged = state_of(f->db_path);
	assert_string_not_equal(before, merged);

	unit(f, &COORDINATOR, &ctx);
	errors_clear(&errs);
	UnmergeResult u;
	SvcStatus st = svc_merge_undo(&ctx, "org", b, &errs, &u);
	if (st == SVC_INVALID)
		fail_msg("undo refused: %s %s", errs.items[0].message, errs.items[0].detail);
	assert_int_equal(st, SVC_OK);
	assert_int_equal(u.keep_id, a);
	assert_int_equal(u.names_removed, 1);
	assert_int_equal(u.fields_emptied, 3);
	Org o;
	assert_int_equal(svc_org_get(&ctx, b, &o), SVC_OK); /* visible again */
	assert_true(history_has(&ctx, "org", a, "unmerge"));
	assert_true(history_has(&ctx, "org", b, "unmerge"));
	SearchHit *hits;
	size_t n;
	long long total;
	assert_int_equal(svc_search(&ctx, "Agha Khan", 20, 0, &hits, &n, &total), SVC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].id, b);
	/* nothing left to undo */
	errors_clear(&errs);
	assert_int_equal(svc_merge_undo(&ctx, "org", b, &errs, &u), SVC_INVALID);
	ctx_end(&ctx);
	char *undone = state_of(f->db_path);
	assert_string_equal(before, undone);
	free(before);
	free(merged);
	free(undone);
	assert_chain_intact(f);
}

/* Refused with the reason when something since makes it impossible, and
 * a failure midway leaves the merge as it was. */
static void test_org_undo_refused_changes_nothing(void **state)
{
	Fixture *f = *state;
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, &ctx);
	int64_t a = add_org(&ctx, "Aga Khan Foundation", NULL, "AKF", VIS_PUBLIC, NULL, NULL);
	int64_t b = add_org(&ctx, "Agha Khan Foundation", NULL, NULL, VIS_PUBLIC, NULL, NULL);
	int64_t c = add_org(&ctx, "Aga Khan Fondation", NULL, NULL, VIS_PUBLIC, NULL, NULL);
	int64_t body = add_org(&ctx, "Bamyan Women Network", NULL, NULL, VIS_PUBLIC, NULL, NULL);
	ctx_end(&ctx);
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO membership(org_id, body_id, status) VALUES (%lld, %lld, 'member');",
		 (long long)b, (long long)body);
	sql_run(f->db_path, sql);
	unit(f, &COORDINATOR, &ctx);
	Errors errs;
	errors_clear(&errs);
	MergeResult r;
	UnmergeResult u;
	assert_int_equal(svc_org_merge(&ctx, a, b, NULL, &errs, &r), SVC_OK);
	ctx_end(&ctx);
	char *merged = state_of(f->db_path);
	long long audits = sql_count(f->db_path, "SELECT count(*) FROM audit", 0);

	/* who may not */
	const Actor *refused[] = {&ACTOR_ANONYMOUS, &MINISTRY};
	for (size_t i = 0; i < 2; i++) {
		unit(f, refused[i], &ctx);
		errors_clear(&errs);
		assert_int_equal(svc_merge_undo(&ctx, "org", b, &errs, &u), SVC_FORBIDDEN);
		ctx_end(&ctx);
	}
	unit(f, &COORDINATOR, &ctx);
	errors_clear(&errs);
	assert_int_equal(svc_merge_undo(&ctx, "org", a, &errs, &u), SVC_INVALID); /* a was not merged */
	assert_string_equal(errs.items[0].field, "id");
	errors_clear(&errs);
	assert_int_equal(svc_merge_undo(&ctx, "org", 99999, &errs, &u), SVC_NOT_FOUND);
	ctx_end(&ctx);

	/* a failure midway (the log refused by the database) leaves the merge */
	sql_run(f->db_path, "CREATE TRIGGER no_undo BEFORE UPDATE OF undone_at ON merge_log"
			    " BEGIN SELECT RAISE(ABORT, 'refused'); END;");
	unit(f, &COORDINATOR, &ctx);
	errors_clear(&errs);
	assert_int_equal(svc_merge_undo(&ctx, "org", b, &errs, &u), SVC_ERROR);
	ctx_end(&ctx);
	sql_run(f->db_path, "DROP TRIGGER no_undo;");
	char *now = state_of(f->db_path);
	assert_string_equal(merged, now);
	free(now);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM audit", 0), audits);

	/* the membership moved was ended since: refused, naming it */
	snprintf(sql, sizeof sql, "DELETE FROM membership WHERE org_id = %lld;", (long long)a);
	sql_run(f->db_path, sql);
	char *changed = state_of(f->db_path);
	unit(f, &COORDINATOR, &ctx);
	errors_clear(&errs);
	assert_int_equal(svc_merge_undo(&ctx, "org", b, &errs, &u), SVC_INVALID);
	assert_non_null(strstr(errs.items[0].detail, "membership"));
	ctx_end(&ctx);
	now = state_of(f->db_path);
	assert_string_equal(changed, now);
	free(now);
	free(changed);

	/* the record kept was merged into another since: undo that first */
	snprintf(sql, sizeof sql, "INSERT INTO membership(org_id, body_id, status) VALUES (%lld, %lld, 'member');",
		 (long long)a, (long long)body);
	sql_run(f->db_path, sql);
	unit(f, &COORDINATOR, &ctx);
	errors_clear(&errs);
	assert_int_equal(svc_org_merge(&ctx, c, a, NULL, &errs, &r), SVC_OK);
	errors_clear(&errs);
	assert_int_equal(svc_merge_undo(&ctx, "org", b, &errs, &u), SVC_INVALID);
	assert_non_null(strstr(errs.items[0].message, "merged into another record since"));
	errors_clear(&errs);
	assert_int_equal(svc_merge_undo(&ctx, "org", a, &errs, &u), SVC_OK);
	ctx_end(&ctx);

	/* a merge made before merges were logged (a database older than 008) */
	sql_run(f->db_path, "DELETE FROM merge_move; DELETE FROM merge_log;");
	unit(f, &COORDINATOR, &ctx);
	errors_clear(&errs);
	assert_int_equal(svc_merge_undo(&ctx, "org", b, &errs, &u), SVC_INVALID);
	assert_string_equal(errs.items[0].message, "was merged before merges could be undone");
	ctx_end(&ctx);
	free(merged);
	assert_chain_intact(f);
}

/* A project: the budget and dates it lacked are filled; the undo takes
 * them back, and the places, sectors and results go back to b; the pair
 * is as it was before (here dismissed, then merged anyway). */
static void test_project_merge_fills_and_undo(void **state)
{
	Fixture *f = *state;
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, &ctx);
	int64_t lso = add_org(&ctx, "Labor Spring Organization", NULL, "LSO", VIS_PUBLIC, NULL, NULL);
	int64_t akf = add_org(&ctx, "Aga Khan Foundation", NULL, "AKF", VIS_PUBLIC, NULL, NULL);
	int64_t a = add_project(&ctx, "Watershed management in Yakawlang", VIS_PUBLIC, lso, "implementing",
				"WASH", "AF1701", NUM_UNKNOWN, 2000, "LSO profile, projects");
	int64_t b = add_project(&ctx, "Watershed management, Yakawlang", VIS_PUBLIC, akf, "funding",
				"FSAC", "AF1701", 14, 3000, "LSO profile, summary");
	ctx_end(&ctx);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE project SET budget = 250000, currency = 'USD', end_date = '2021-06' WHERE id = %lld;"
		 "INSERT INTO dedup_decision(kind, a_id, b_id, decision, decided_by, decided_at)"
		 " VALUES ('projects', %lld, %lld, 'dismissed', 'coord', '2020-01-01T00:00:00Z');",
		 (long long)b, (long long)a, (long long)b);
	sql_run(f->db_path, sql);
	char *before = state_of(f->db_path);
	unit(f, &COORDINATOR, &ctx);
	Errors errs;
	errors_clear(&errs);
	MergeResult r;
	assert_int_equal(svc_project_merge(&ctx, a, b, NULL, &errs, &r), SVC_OK);
	assert_int_equal(r.fields.filled_count, 2); /* end_date, budget */
	Project p;
	assert_int_equal(svc_project_get(&ctx, a, &p), SVC_OK);
	assert_true(p.has_budget);
	assert_string_equal(p.end_date, "2021-06");
	UnmergeResult u;
	errors_clear(&errs);
	SvcStatus st = svc_merge_undo(&ctx, "project", b, &errs, &u);
	if (st == SVC_INVALID)
		fail_msg("undo refused: %s %s", errs.items[0].message, errs.items[0].detail);
	assert_int_equal(st, SVC_OK);
	assert_int_equal(u.fields_emptied, 2);
	assert_int_equal(svc_project_get(&ctx, b, &p), SVC_OK);
	ctx_end(&ctx);
	char *undone = state_of(f->db_path);
	assert_string_equal(before, undone);
	free(before);
	free(undone);
	assert_chain_intact(f);
}

/* Parents never go round in a loop: not by a merge, not by an edit. */
static void test_parent_loop_refused(void **state)
{
	Fixture *f = *state;
	Ctx ctx;
	unit(f, &ACTOR_SYSTEM, &ctx);
	int64_t a = add_org(&ctx, "Afghan Relief Network", NULL, NULL, VIS_PUBLIC, NULL, NULL);
	int64_t b = add_org(&ctx, "Badakhshan Relief", NULL, NULL, VIS_PUBLIC, NULL, NULL);
	int64_t c = add_org(&ctx, "Chahab Women Group", NULL, NULL, VIS_PUBLIC, NULL, NULL);
	Errors errs, warns;
	Org o;
	/* c is part of b, b part of a */
	int64_t child[] = {c, b}, parent[] = {b, a};
	for (size_t i = 0; i < 2; i++) {
		errors_clear(&errs);
		errors_clear(&warns);
		assert_int_equal(svc_org_get(&ctx, child[i], &o), SVC_OK);
		o.parent_id = parent[i];
		assert_int_equal(svc_org_update(&ctx, &o, &errs, &warns), SVC_OK);
	}
	/* a part of c would close the loop; a part of a names itself */
	int64_t refused[] = {c, b, a};
	for (size_t i = 0; i < 3; i++) {
		errors_clear(&errs);
		errors_clear(&warns);
		assert_int_equal(svc_org_get(&ctx, a, &o), SVC_OK);
		o.parent_id = refused[i];
		assert_int_equal(svc_org_update(&ctx, &o, &errs, &warns), SVC_INVALID);
		assert_string_equal(errs.items[0].field, "parent_id");
	}
	ctx_end(&ctx);
	assert_int_equal(sql_count(f->db_path, "SELECT count(*) FROM org WHERE id = ?1 AND parent_id IS NULL", a),
			 1);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_org_merge_moves_everything_and_keeps_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_merge_refused_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_project_merge_unions_and_keeps_sources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_merge_fills_and_undo_puts_everything_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_undo_refused_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_project_merge_fills_and_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parent_loop_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
