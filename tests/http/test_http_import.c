/*
 * test_http_import.c — `hamahang import`, run as a user runs it: the real
 * binary on a fresh database, files from tests/data (a slice of the OCHA
 * 3W, the whole FTS pooled-fund file, hand-made edge cases), the report
 * read back and the database read with SQLite to see what was written.
 *
 * The whole real files are imported too when ../shared/data is beside the
 * clone (as in CI): every district of the 3W must resolve.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "server_proc.h"
#include "testlib.h"

#define SHARED_3W  "../shared/data/coordination/afg/afg-3w-operational-presence-2024-q1.csv"
#define SHARED_FTS "../shared/data/coordination/afg/fts-internal-funding-afg.csv"

typedef struct Fixture {
	char *dir;
	char db[1024];
	char report[1024];
	char out[8192]; /* the last run's standard output */
} Fixture;

static int setup(void **state)
{
	Fixture *f = calloc(1, sizeof *f);
	f->dir = test_tmpdir();
	snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
	snprintf(f->report, sizeof f->report, "%s/report.csv", f->dir);
	const char *args[] = {"init", "--db", f->db, NULL};
	if (run_binary(args, NULL, 0) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	Fixture *f = *state;
	test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Runs `import --db DB --quiet --report REPORT` with more arguments. */
static int import(Fixture *f, const char *a1, const char *a2, const char *a3, const char *a4,
                  const char *a5)
{
	const char *args[16] = {"import", "--db", f->db, "--quiet", "--report", f->report};
	size_t n = 6;
	const char *more[] = {a1, a2, a3, a4, a5};
	for (size_t i = 0; i < 5 && more[i]; i++)
		args[n++] = more[i];
	args[n] = NULL;
	return run_binary(args, f->out, sizeof f->out);
}

static long long count(Fixture *f, const char *sql, const char *param)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* The report's line for the input row that began on `line`, or NULL. */
static char *report_row(Fixture *f, size_t line)
{
	size_t len;
	char *text = test_read_file(f->report, &len);
	char prefix[32];
	snprintf(prefix, sizeof prefix, "\n%zu,", line);
	char *at = strstr(text, prefix);
	char *out = NULL;
	if (at) {
		at++;
		char *end = strstr(at, "\r\n");
		out = strndup(at, end ? (size_t)(end - at) : strlen(at));
	}
	free(text);
	return out;
}

/* Rows in the report (CRLF-terminated records after the header). */
static size_t report_rows(Fixture *f)
{
	size_t len;
	char *text = test_read_file(f->report, &len);
	size_t n = 0;
	for (char *p = text; (p = strstr(p, "\r\n")); p += 2)
		n++;
	free(text);
	return n - 1;
}

static void expect_out(Fixture *f, const char *text)
{
	if (!strstr(f->out, text))
		fail_msg("expected \"%s\" in the summary:\n%s", text, f->out);
}

/* A slice of the real 3W: every row accounted for, presences grouped into
 * projects, the duplicate Education rows (EiE_OP and EDUCATION_OP) kept
 * once, a name that disagrees with its P-code reported. */
static void test_3w_slice(void **state)
{
	Fixture *f = *state;
	assert_int_equal(import(f, "tests/data/3w-import-slice.csv", NULL, NULL, NULL, NULL), 0);
	/* 239 lines: the header, the HXL row and 237 rows */
	assert_int_equal(report_rows(f), 237);
	expect_out(f, "237 rows:");
	expect_out(f, "0 rejected");
	/* ASCHIANA works in Education in Kabul: one project, its district AF0101 */
	long long aschiana =
	    count(f, "SELECT count(*) FROM project WHERE title_en = ?",
	          "Operational presence: ASCHIANA — Education in Emergencies — Kabul");
	assert_int_equal(aschiana, 1);
	assert_int_equal(count(f,
	                       "SELECT count(*) FROM project_place pp JOIN project p"
	                       " ON p.id = pp.project_id WHERE p.title_en = ?",
	                       "Operational presence: ASCHIANA — Education in Emergencies — Kabul"),
	                 1);
	/* line 8 is EDUCATION_OP for the same presence as line 3 (EiE_OP) */
	char *dup = report_row(f, 8);
	assert_non_null(dup);
	assert_non_null(strstr(dup, ",unchanged,"));
	free(dup);
	/* line 156 (930 of the whole file): Panjsher's "Ab Shar" row carries the code
	 * AF0803 (Dara): the code wins, and the report says so */
	char *abshar = report_row(f, 156);
	assert_non_null(abshar);
	assert_non_null(strstr(abshar, "warnings"));
	assert_non_null(strstr(abshar, "AF0803 is Dara"));
	free(abshar);
	/* WEWORLD comes without a name: made under its acronym, with a warning */
	assert_int_equal(count(f, "SELECT count(*) FROM org WHERE name_en = ?", "WEWORLD"), 1);
	/* records go through the service: each has its audit entry, chain intact */
	assert_true(count(f, "SELECT count(*) FROM audit WHERE entity = 'project'", NULL) >=
	            count(f, "SELECT count(*) FROM project", NULL));
	const char *check[] = {"check", "--db", f->db, NULL};
	assert_int_equal(run_binary(check, NULL, 0), 0);
}

/* A second run of the same file writes nothing new. */
static void test_repeat_adds_nothing(void **state)
{
	Fixture *f = *state;
	assert_int_equal(import(f, "tests/data/3w-import-slice.csv", NULL, NULL, NULL, NULL), 0);
	long long projects = count(f, "SELECT count(*) FROM project", NULL);
	long long orgs = count(f, "SELECT count(*) FROM org", NULL);
	long long audit = count(f, "SELECT count(*) FROM audit", NULL);
	assert_int_equal(import(f, "tests/data/3w-import-slice.csv", NULL, NULL, NULL, NULL), 0);
	expect_out(f, "0 accepted, 0 with warnings, 237 unchanged, 0 rejected");
	assert_int_equal(count(f, "SELECT count(*) FROM project", NULL), projects);
	assert_int_equal(count(f, "SELECT count(*) FROM org", NULL), orgs);
	assert_int_equal(count(f, "SELECT count(*) FROM audit", NULL), audit);
}

/* A dry run writes nothing and reports what the real run then does. */
static void test_dry_run(void **state)
{
	Fixture *f = *state;
	assert_int_equal(
	    import(f, "--dry-run", "tests/data/fts-internal-funding-afg.csv", NULL, NULL, NULL), 1);
	expect_out(f, "dry run, nothing written");
	assert_int_equal(count(f, "SELECT count(*) FROM project", NULL), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM org", NULL), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM import_key", NULL), 0);
	size_t len;
	char *dry = test_read_file(f->report, &len);
	char dry_out[8192];
	memcpy(dry_out, f->out, sizeof dry_out);
	assert_int_equal(
	    import(f, "tests/data/fts-internal-funding-afg.csv", NULL, NULL, NULL, NULL), 1);
	char *real = test_read_file(f->report, &len);
	assert_string_equal(dry, real);
	assert_string_equal(strstr(dry_out, "rows:"), strstr(f->out, "rows:"));
	free(dry);
	free(real);
}

/* The FTS pooled-fund grants: a project each, with its donor funding it;
 * the three allocations with no organization are rejected and say why. */
static void test_fts_grants(void **state)
{
	Fixture *f = *state;
	assert_int_equal(
	    import(f, "tests/data/fts-internal-funding-afg.csv", NULL, NULL, NULL, NULL), 1);
	expect_out(f, "156 rows:");
	expect_out(f, "3 rejected");
	expect_out(f, "projects: 153 new");
	assert_int_equal(count(f,
	                       "SELECT count(DISTINCT project_id) FROM project_org po"
	                       " JOIN org o ON o.id = po.org_id WHERE po.role = 'funding'"
	                       " AND o.name_en = ?",
	                       "Afghanistan Humanitarian Fund"),
	                 150);
	assert_int_equal(count(f,
	                       "SELECT count(*) FROM project WHERE budget = 680000"
	                       " AND currency = 'USD' AND start_date = '2020'",
	                       NULL),
	                 1);
	char *rejected = report_row(f, 153);
	assert_non_null(rejected);
	assert_non_null(strstr(rejected, ",rejected,"));
	assert_non_null(strstr(rejected, "org.name is required"));
	free(rejected);
	/* "Gender Based Violence,Protection": two sectors */
	assert_true(
	    count(f, "SELECT count(*) FROM project_sector WHERE sector_code = 'GBV'", NULL) >= 5);
}

/* Hand-made edges: BOM, ';', CRLF, a quoted newline, Dari text, guessed
 * places reported, a rejected row leaving nothing behind. */
static void test_edges(void **state)
{
	Fixture *f = *state;
	assert_int_equal(import(f, "tests/data/import-edge.csv", NULL, NULL, NULL, NULL), 1);
	char *row = report_row(f, 2);
	assert_non_null(row);
	assert_non_null(strstr(row, "Daikundi → Daykundi AF24"));
	free(row);
	row = report_row(f, 3);
	assert_non_null(strstr(row, "Khost → Matun AF1401"));
	free(row);
	row = report_row(f, 4);
	assert_non_null(strstr(row, ",rejected,"));
	assert_non_null(strstr(row, "Nowhereabad"));
	assert_non_null(strstr(row, "Brand New Rejected Org")); /* the original values */
	free(row);
	assert_int_equal(
	    count(f, "SELECT count(*) FROM org WHERE name_en = ?", "Brand New Rejected Org"), 0);
	row = report_row(f, 5);
	assert_non_null(strstr(row, ",accepted,"));
	free(row);
	assert_int_equal(
	    count(f, "SELECT count(*) FROM project WHERE title_en = ?", "آموزش اطفال\r\nدر بلخ"),
	    1);
	row = report_row(f, 7);
	assert_non_null(strstr(row, "project.budget is not an amount: twelve"));
	free(row);
	assert_int_equal(
	    count(f, "SELECT count(*) FROM result WHERE female = 340 AND male = 280", NULL), 1);
}

/* A mapping that names no field or no column is refused, naming it. */
static void test_mapping_errors(void **state)
{
	Fixture *f = *state;
	const char *bad_field[] = {"import",
	                           "--db",
	                           f->db,
	                           "--map",
	                           "Wilayat=adm9.name",
	                           "tests/data/import-mapping-1.csv",
	                           NULL};
	assert_int_equal(run_binary(bad_field, NULL, 0), 2);
	const char *bad_column[] = {
	    "import", "--db", f->db, "--map", "Nahia=adm2.name", "tests/data/import-mapping-1.csv",
	    NULL};
	assert_int_equal(run_binary(bad_column, NULL, 0), 2);
	assert_int_equal(
	    count(f, "SELECT count(*) FROM import_source WHERE mapping IS NOT NULL", NULL), 0);
}

/* A mapping given once is remembered for its source. */
static void test_mapping_remembered(void **state)
{
	Fixture *f = *state;
	const char *args[] = {"import",
	                      "--db",
	                      f->db,
	                      "--quiet",
	                      "--source",
	                      "mapped",
	                      "--map",
	                      "Wilayat=adm1.name",
	                      "--map",
	                      "Woluswali=adm2.name",
	                      "tests/data/import-mapping-1.csv",
	                      NULL};
	assert_int_equal(run_binary(args, f->out, sizeof f->out), 0);
	expect_out(f, "1 districts");
	assert_int_equal(
	    import(f, "--source", "mapped", "tests/data/import-mapping-2.csv", NULL, NULL), 0);
	expect_out(f, "1 districts");
	/* Yakawlang and Panjab: both districts of the one project of this presence */
	assert_int_equal(count(f, "SELECT count(*) FROM project_place", NULL), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM project", NULL), 1);
}

/* --as: the account's permissions and name in the audit trail. An editor
 * may add projects of its organization, not new organizations. */
static void test_as_accounts(void **state)
{
	Fixture *f = *state;
	const char *coord[] = {"user",   "add",         "--db",
	                       f->db,    "--login",     "coord.one",
	                       "--role", "coordinator", "--password-stdin",
	                       NULL};
	assert_int_equal(run_binary_input(coord, "a long enough passphrase 42\n", NULL, 0), 0);
	assert_int_equal(
	    import(f, "--as", "coord.one", "tests/data/import-mapping-1.csv", NULL, NULL), 0);
	assert_true(count(f, "SELECT count(*) FROM audit WHERE actor = 'coord.one'", NULL) >= 2);
	long long org = count(f, "SELECT id FROM org WHERE name_en = ?", "Hamahang Mapping NGO");
	char org_text[32];
	snprintf(org_text, sizeof org_text, "%lld", org);
	const char *ed[] = {"user",   "add",    "--db",  f->db,    "--login",          "editor.two",
	                    "--role", "editor", "--org", org_text, "--password-stdin", NULL};
	assert_int_equal(run_binary_input(ed, "another long passphrase 43\n", NULL, 0), 0);
	/* its own organization: accepted */
	assert_int_equal(import(f, "--as", "editor.two", "--source", "editor upload",
	                        "tests/data/import-mapping-2.csv"),
	                 0);
	/* organizations not in the registry: rejected, nothing made */
	assert_int_equal(import(f, "--as", "editor.two", "tests/data/import-edge.csv", NULL, NULL),
	                 1);
	char *row = report_row(f, 2);
	assert_non_null(strstr(row, "you may not add organizations"));
	free(row);
	assert_int_equal(
	    count(f, "SELECT count(*) FROM org WHERE name_en = ?", "Hamahang Test Relief"), 0);
	assert_int_equal(
	    import(f, "--as", "nobody.here", "tests/data/import-mapping-1.csv", NULL, NULL), 2);
}

/* IATI XML: an activity in Afghanistan with its roles, languages, dates,
 * P-code and named locations, DAC sector, budget and sex-disaggregated
 * result; the external entity it declares is never read. */
static void test_iati_activity(void **state)
{
	Fixture *f = *state;
	assert_int_equal(
	    import(f, "tests/data/iati/afghanistan-activity.xml", NULL, NULL, NULL, NULL), 0);
	char *row = report_row(f, 6);
	assert_non_null(row);
	assert_non_null(strstr(row, "XM-HAMAHANG-TEST-0001"));
	assert_non_null(strstr(row, "Daikundi → Daykundi AF24"));
	free(row);
	assert_int_equal(count(f,
	                       "SELECT count(*) FROM project WHERE title_en = ? AND title_prs ="
	                       " 'صحت جامعه در نیلی' AND status = 'ongoing' AND start_date ="
	                       " '2024-01-15' AND end_date = '2024-12-31' AND budget = 250000"
	                       " AND currency = 'USD'",
	                       "Community health in Nili"),
	                 1);
	assert_int_equal(count(f, "SELECT count(*) FROM project WHERE title_en LIKE ?", "%root%"),
	                 0);
	assert_int_equal(count(f,
	                       "SELECT count(*) FROM project_place WHERE pcode IN ('AF2401',"
	                       " 'AF24')",
	                       NULL),
	                 2);
	assert_int_equal(
	    count(f, "SELECT count(*) FROM project_sector WHERE sector_code = ?", "HEALTH"), 1);
	assert_int_equal(count(f,
	                       "SELECT count(*) FROM result WHERE value = 1200 AND female = 700"
	                       " AND male = 500",
	                       NULL),
	                 1);
	assert_int_equal(count(f,
	                       "SELECT count(*) FROM project_org po JOIN org o ON o.id ="
	                       " po.org_id WHERE (o.name_en = 'Hamahang Test Fund' AND po.role ="
	                       " 'funding') OR (o.name_en = ? AND po.role = 'implementing')",
	                       "Hamahang IATI Partner"),
	                 2);
	/* the funder's IATI identifier stays as an alias: the same ref finds it again */
	assert_int_equal(
	    count(f, "SELECT count(*) FROM org_alias WHERE name = ?", "XM-HAMAHANG-FUND"), 1);
	/* detected without --format, and keyed: a second run changes nothing */
	assert_int_equal(
	    import(f, "--format", "iati", "tests/data/iati/afghanistan-activity.xml", NULL, NULL),
	    0);
	expect_out(f, "1 unchanged");
	assert_int_equal(count(f, "SELECT count(*) FROM project", NULL), 1);
}

/* IATI's own schema tests: a file that passes imports; one that fails
 * says which element breaks the schema, and where. */
static void test_iati_schema_tests(void **state)
{
	Fixture *f = *state;
	assert_int_equal(
	    import(f, "tests/data/iati/pass-result-element-present.xml", NULL, NULL, NULL, NULL),
	    0);
	char *row = report_row(f, 4);
	assert_non_null(strstr(row, ",warnings,"));
	assert_null(strstr(row, "schema"));
	free(row);
	assert_int_equal(import(f, "tests/data/iati/activity-standard-example-annotated.xml", NULL,
	                        NULL, NULL, NULL),
	                 0);
	assert_int_equal(import(f, "tests/data/iati/fail-conditions-missing-attached.xml", NULL,
	                        NULL, NULL, NULL),
	                 0);
	row = report_row(f, 5);
	assert_non_null(strstr(row, "line 19 breaks the IATI 2.03 schema: Element 'conditions'"));
	free(row);
	assert_int_equal(
	    import(f, "tests/data/iati/fail-missing-version.xml", NULL, NULL, NULL, NULL), 1);
	expect_out(f, "breaks the IATI 2.03 schema outside its activities");
	/* not XML at all, and not IATI: refused, named */
	assert_int_equal(import(f, "--format", "iati", "tests/data/import-edge.csv", NULL, NULL),
	                 2);
}

/* Every activity file of IATI's schema tests, when ../shared is present:
 * each should-pass file imports with no schema warning, each should-fail
 * file gives a warning or an error, and none crashes. */
static void test_iati_whole_directory(void **state)
{
	Fixture *f = *state;
	static const char *const dirs[][2] = {
	    {"../shared/data/iati/schema-tests/should-pass/iati-activities", "pass"},
	    {"../shared/data/iati/schema-tests/activity-tests/should-pass", "pass"},
	    {"../shared/data/iati/schema-tests/should-fail/iati-activities", "fail"},
	    {"../shared/data/iati/schema-tests/activity-tests/should-fail", "fail"},
	};
	if (access(dirs[0][0], R_OK) != 0) {
		fprintf(stderr, "(../shared/data absent: IATI's schema tests are not run)\n");
		skip();
	}
	/* some 540 runs: against the plain build only (the sanitizer build
	 * reads the copies in tests/data/iati) */
	const char *bin = getenv("HAMAHANG_BIN");
	if (bin && strstr(bin, "san")) {
		fprintf(stderr, "(the whole IATI directory runs against the plain build only)\n");
		skip();
	}
	int files = 0;
	for (size_t d = 0; d < 4; d++) {
		char cmd[1200];
		snprintf(cmd, sizeof cmd, "find %s -name '*.xml' | sort", dirs[d][0]);
		FILE *list = popen(cmd, "r");
		assert_non_null(list);
		char path[1024];
		bool pass = strcmp(dirs[d][1], "pass") == 0;
		while (fgets(path, sizeof path, list)) {
			path[strcspn(path, "\n")] = '\0';
			int rc = import(f, "--dry-run", "--source", path, path, NULL);
			files++;
			if (rc >= 128)
				fail_msg("%s crashed the import (status %d)", path, rc);
			size_t len;
			char *report = test_read_file(f->report, &len);
			if (pass && (rc != 0 || strstr(report, "schema")))
				fail_msg("%s should import (status %d):\n%s", path, rc, report);
			if (!pass && rc == 0 && !strstr(report, "breaks the IATI 2.03 schema"))
				fail_msg("%s should give a warning or an error:\n%s", path, report);
			free(report);
		}
		pclose(list);
	}
	assert_true(files > 500);
}

/* The whole real files, when ../shared is beside the clone. */
static void test_real_files(void **state)
{
	Fixture *f = *state;
	if (access(SHARED_3W, R_OK) != 0 || access(SHARED_FTS, R_OK) != 0) {
		fprintf(stderr, "(../shared/data absent: the whole real files are not imported)\n");
		skip();
	}
	assert_int_equal(import(f, SHARED_3W, NULL, NULL, NULL, NULL), 0);
	expect_out(f, "10902 rows:");
	expect_out(f, "0 rejected");
	expect_out(f, "34 provinces, 401 districts resolved");
	expect_out(f, "organizations: 285 new");
	expect_out(f, "projects: 2448 new");
	assert_int_equal(count(f, "SELECT count(DISTINCT pcode) FROM project_place", NULL), 401);
	assert_int_equal(count(f, "SELECT count(*) FROM org", NULL), 285);
	assert_int_equal(count(f, "SELECT count(*) FROM project", NULL), 2448);
	/* again: nothing added, nothing changed */
	assert_int_equal(import(f, SHARED_3W, NULL, NULL, NULL, NULL), 0);
	expect_out(f, "0 accepted, 0 with warnings, 10902 unchanged, 0 rejected");
	expect_out(f, "projects: 0 new, 0 updated");
	assert_int_equal(count(f, "SELECT count(*) FROM org", NULL), 285);
	assert_int_equal(count(f, "SELECT count(*) FROM project", NULL), 2448);
	assert_int_equal(import(f, SHARED_FTS, NULL, NULL, NULL, NULL), 1);
	expect_out(f, "3 rejected");
	expect_out(f, "projects: 153 new");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_3w_slice, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_repeat_adds_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dry_run, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fts_grants, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_edges, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mapping_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mapping_remembered, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_as_accounts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iati_activity, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iati_schema_tests, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iati_whole_directory, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_real_files, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
