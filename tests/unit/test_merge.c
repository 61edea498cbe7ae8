/*
 * test_merge.c — merging records entered twice, on a real SQLite file:
 * every reference to the organization dropped moves to the one kept, its
 * names become alternate names (once), it leaves lists, search and the
 * matcher, its old address leads to the record kept, both histories show
 * the merge, the pair is decided "merged", the audit chain still verifies;
 * projects are unioned with their results' sources; and a merge that is
 * refused or fails midway changes nothing.
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
	assert_int_equal(r.names_added, 2); /* the English spelling and the Dari name; AKF once */
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
	assert_true(has_alias(&o, "بنیاد آغاخان"));
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

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_org_merge_moves_everything_and_keeps_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_merge_refused_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_project_merge_unions_and_keeps_sources, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
