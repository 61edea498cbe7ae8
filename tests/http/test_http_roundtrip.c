/*
 * test_http_roundtrip.c — a CSV file with an HXL row, exported and imported
 * again, gives the same records: the real binary exports the demo database
 * (as an administrator, so every visibility is in it), imports the file
 * into a fresh database made without --demo, and exports that again. The
 * two files must hold the same rows once the id columns (which differ
 * between databases) are dropped and the rows sorted; importing the file
 * again must add and change nothing. The same holds for the table of
 * organizations (export --kind orgs), imported before or without the
 * projects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "server_proc.h"
#include "testlib.h"

#define PASSWORD "a passphrase of 12+ characters\n"

typedef struct Fixture {
	char *dir;
	char demo_db[1024];  /* made with --demo */
	char fresh_db[1024]; /* made without */
	char out[8192];      /* the last run's standard output */
} Fixture;

static int setup(void **state)
{
	Fixture *f = calloc(1, sizeof *f);
	f->dir = test_tmpdir();
	snprintf(f->demo_db, sizeof f->demo_db, "%s/demo.db", f->dir);
	snprintf(f->fresh_db, sizeof f->fresh_db, "%s/fresh.db", f->dir);
	const char *demo[] = {"init", "--db", f->demo_db, "--demo", NULL};
	const char *fresh[] = {"init", "--db", f->fresh_db, NULL};
	if (run_binary(demo, NULL, 0) != 0 || run_binary(fresh, NULL, 0) != 0)
		return -1;
	const char *dbs[] = {f->demo_db, f->fresh_db};
	for (size_t i = 0; i < 2; i++) {
		const char *add[] = {"user", "add", "--db", dbs[i], "--login", "admin",
		                     "--role", "admin", "--password-stdin", NULL};
		if (run_binary_input(add, PASSWORD, NULL, 0) != 0)
			return -1;
	}
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

/* Exports db's projects as HXL CSV to the file `name` in the fixture's
 * directory, as the administrator (admin) or an anonymous visitor; the
 * path in path. */
static void export_as(Fixture *f, const char *db, bool admin, const char *format,
                      const char *kind, const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", f->dir, name);
	const char *args[16] = {"export", "--db", db, "--format", format, "--kind", kind, "--out", path};
	size_t n = 9;
	if (admin) {
		args[n++] = "--as";
		args[n++] = "admin";
		args[n++] = "--reason";
		args[n++] = "export and import test";
	}
	args[n] = NULL;
	assert_int_equal(run_binary(args, f->out, sizeof f->out), 0);
}

static void export_kind_to(Fixture *f, const char *db, bool admin, const char *kind,
                           const char *name, char *path, size_t size)
{
	export_as(f, db, admin, "hxl", kind, name, path, size);
}

static void export_to(Fixture *f, const char *db, bool admin, const char *name, char *path,
                      size_t size)
{
	export_kind_to(f, db, admin, "projects", name, path, size);
}

static int import_file(Fixture *f, const char *path)
{
	const char *args[] = {"import", "--db", f->fresh_db, "--quiet", path, NULL};
	return run_binary(args, f->out, sizeof f->out);
}

static void expect_out(Fixture *f, const char *text)
{
	if (!strstr(f->out, text))
		fail_msg("expected \"%s\" in the summary:\n%s", text, f->out);
}

/* ---- a CSV file read back: RFC 4180, CRLF or LF ---- */

typedef struct Table {
	char ***rows;   /* rows[r][c], owned */
	size_t *widths; /* cells in each row */
	size_t count;
} Table;

static void table_free(Table *t)
{
	for (size_t r = 0; r < t->count; r++) {
		for (size_t c = 0; c < t->widths[r]; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->widths);
}

static Table table_read(const char *path)
{
	size_t len;
	char *text = test_read_file(path, &len);
	assert_non_null(text);
	Table t = {0};
	size_t alloc = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		char **cells = NULL;
		size_t width = 0;
		for (;;) {
			char *cell = malloc(len + 1);
			size_t n = 0;
			if (*p == '"') {
				for (p++; p < end; p++) {
					if (*p == '"' && p + 1 < end && p[1] == '"')
						cell[n++] = *p++;
					else if (*p == '"')
						break;
					else
						cell[n++] = *p;
				}
				p++;
			}
			while (p < end && *p != ',' && *p != '\r' && *p != '\n')
				cell[n++] = *p++;
			cell[n] = '\0';
			cells = realloc(cells, (width + 1) * sizeof *cells);
			cells[width++] = cell;
			if (p < end && *p == ',') {
				p++;
				continue;
			}
			break;
		}
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
		if (t.count == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			t.rows = realloc(t.rows, alloc * sizeof *t.rows);
			t.widths = realloc(t.widths, alloc * sizeof *t.widths);
		}
		t.rows[t.count] = cells;
		t.widths[t.count++] = width;
	}
	free(text);
	return t;
}

static int compare_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The table's lines without its id columns (headers ending in _ID), the
 * first `head` rows (header, HXL row) first, then the records sorted; one
 * string, owned. *records gets how many records there are. */
static char *normalized_from(const char *path, size_t head, size_t *records)
{
	Table t = table_read(path);
	assert_true(t.count >= head);
	char **lines = calloc(t.count, sizeof *lines);
	for (size_t r = 0; r < t.count; r++) {
		assert_int_equal(t.widths[r], t.widths[0]);
		size_t size = 1;
		for (size_t c = 0; c < t.widths[r]; c++)
			size += strlen(t.rows[r][c]) + 1;
		char *line = calloc(1, size);
		for (size_t c = 0; c < t.widths[r]; c++) {
			const char *header = t.rows[0][c];
			size_t hl = strlen(header);
			if (hl >= 3 && strcmp(header + hl - 3, "_ID") == 0)
				continue;
			strcat(line, t.rows[r][c]);
			strcat(line, "\t");
		}
		lines[r] = line;
	}
	qsort(lines + head, t.count - head, sizeof *lines, compare_lines);
	size_t size = 1;
	for (size_t r = 0; r < t.count; r++)
		size += strlen(lines[r]) + 1;
	char *out = calloc(1, size);
	for (size_t r = 0; r < t.count; r++) {
		strcat(out, lines[r]);
		strcat(out, "\n");
		free(lines[r]);
	}
	free(lines);
	*records = t.count - head;
	table_free(&t);
	return out;
}

static char *normalized(const char *path, size_t *records)
{
	return normalized_from(path, 2, records);
}

/* Fails, showing the first line that differs, unless a and b are the same. */
static void expect_same(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return;
	const char *pa = a, *pb = b;
	while (*pa && *pb) {
		size_t la = strcspn(pa, "\n"), lb = strcspn(pb, "\n");
		if (la != lb || strncmp(pa, pb, la) != 0)
			fail_msg("the exports differ:\nbefore: %.*s\nafter:  %.*s", (int)la, pa,
			         (int)lb, pb);
		pa += la + (pa[la] ? 1 : 0);
		pb += lb + (pb[lb] ? 1 : 0);
	}
	fail_msg("the exports differ in length:\nbefore ends: %.200s\nafter ends: %.200s", pa, pb);
}

/* ---- the tests ---- */

static long long count(const char *db_path, const char *sql);

/* Export, import into a fresh database, export again: the same rows. */
static void test_hxl_roundtrip(void **state)
{
	Fixture *f = *state;
	char first[1200], second[1200];
	export_to(f, f->demo_db, true, "first.csv", first, sizeof first);
	assert_int_equal(import_file(f, first), 0);
	expect_out(f, ", 0 rejected");
	export_to(f, f->fresh_db, true, "second.csv", second, sizeof second);

	size_t before_rows, after_rows;
	char *before = normalized(first, &before_rows);
	char *after = normalized(second, &after_rows);
	/* the demo has projects over several places and sectors, several
	 * donors in one cell, and every visibility: the file must show them */
	assert_true(before_rows > 40);
	assert_non_null(strstr(before, "\tpublic\t"));
	assert_non_null(strstr(before, "\tmembers\t"));
	assert_non_null(strstr(before, "\trestricted\t"));
	assert_non_null(strstr(before, " | "));
	/* descriptions, and the results beyond people reached, with their
	 * unit, sex dimension, period and source */
	assert_non_null(strstr(before, "#activity+description+i_en"));
	assert_non_null(strstr(before, "\tgully plugs built\t3000\t\tgully plugs\t"));
	assert_non_null(strstr(before, "\twidowed women trained in handicraft and embroidery\t75\t\tpeople\t75\t0\t"));
	assert_non_null(strstr(before, "\tsurvivors of violence reintegrated\t1000\tmore_than\tpeople\t"));
	expect_same(before, after);
	assert_int_equal(before_rows, after_rows);
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM result"),
	                 count(f->demo_db, "SELECT count(*) FROM result"));
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM project WHERE description_en IS NOT NULL"),
	                 count(f->demo_db, "SELECT count(*) FROM project WHERE description_en IS NOT NULL"));
	free(before);
	free(after);
}

/* Importing the same file again adds nothing and changes nothing. */
static void test_again_changes_nothing(void **state)
{
	Fixture *f = *state;
	char first[1200], second[1200], third[1200];
	export_to(f, f->demo_db, true, "first.csv", first, sizeof first);
	assert_int_equal(import_file(f, first), 0);
	export_to(f, f->fresh_db, true, "second.csv", second, sizeof second);
	assert_int_equal(import_file(f, first), 0);
	expect_out(f, "0 accepted, 0 with warnings,");
	expect_out(f, "organizations: 0 new");
	expect_out(f, "projects: 0 new, 0 updated");
	export_to(f, f->fresh_db, true, "third.csv", third, sizeof third);
	size_t len2, len3;
	char *a = test_read_file(second, &len2);
	char *b = test_read_file(third, &len3);
	assert_int_equal(len2, len3);
	assert_memory_equal(a, b, len2);
	free(a);
	free(b);
}

/* What an anonymous visitor sees is the same on both sides: the public
 * records stay public, the others stay hidden. */
static void test_visibility_kept(void **state)
{
	Fixture *f = *state;
	char first[1200], open_before[1200], open_after[1200];
	export_to(f, f->demo_db, true, "first.csv", first, sizeof first);
	assert_int_equal(import_file(f, first), 0);
	export_to(f, f->demo_db, false, "open-before.csv", open_before, sizeof open_before);
	export_to(f, f->fresh_db, false, "open-after.csv", open_after, sizeof open_after);
	size_t before_rows, after_rows;
	char *before = normalized(open_before, &before_rows);
	char *after = normalized(open_after, &after_rows);
	assert_true(before_rows > 0);
	assert_null(strstr(before, "\trestricted\t"));
	expect_same(before, after);
	free(before);
	free(after);
}

static long long count(const char *db_path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Rows of one project apart from each other are still one project; a
 * cell of several organizations splits as the ids cell says, or the row
 * is refused. */
static void test_rows_of_one_project(void **state)
{
	Fixture *f = *state;
	char path[1200];
	snprintf(path, sizeof path, "%s/rows.csv", f->dir);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	fputs("PROJECT_ID,TITLE_EN,ORG_ID,ORG_NAME,DONOR_ID,DONOR_NAME,ADM2_CODE,SECTOR_CODE\r\n"
	      "#activity+code,#activity+title+i_en,#org+impl+code,#org+name,#org+funder+code,"
	      "#org+funder+name,#adm2+code,#sector+cluster+code\r\n"
	      "P1,Wells in two districts,1,Alpha Relief,2 | 3,Donor One | Donor Two,AF0101,WASH\r\n"
	      "P2,Another project,1,Alpha Relief,,,AF0102,HEALTH\r\n"
	      "P1,Wells in two districts,1,Alpha Relief,2 | 3,Donor One | Donor Two,AF0201,WASH\r\n"
	      "P3,Names that do not split,1 | 4,Alpha Relief | Beta | Gamma,,,AF0101,WASH\r\n",
	      out);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(import_file(f, path), 1);
	expect_out(f, ", 0 unchanged, 1 rejected"); /* kinds not given: warnings */
	expect_out(f, "projects: 2 new, 1 updated");
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM project"), 2);
	assert_int_equal(count(f->fresh_db,
	                       "SELECT count(*) FROM project_place pp JOIN project p ON "
	                       "p.id = pp.project_id WHERE p.title_en = 'Wells in two districts'"),
	                 2);
	assert_int_equal(count(f->fresh_db,
	                       "SELECT count(*) FROM project_org po JOIN project p ON "
	                       "p.id = po.project_id WHERE p.title_en = 'Wells in two districts' "
	                       "AND po.role = 'funding'"),
	                 2);
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM org WHERE name_en LIKE '%|%'"), 0);
	assert_int_equal(import_file(f, path), 1);
	expect_out(f, "4 rows: 0 accepted, 0 with warnings, 3 unchanged, 1 rejected");
	expect_out(f, "projects: 0 new, 0 updated");
}

/* Plain CSV (headers only, no HXL row) makes the same round trip, the
 * organizations first and then the projects. */
static void test_plain_csv_roundtrip(void **state)
{
	Fixture *f = *state;
	static const char *const kinds[] = {"orgs", "projects"};
	char first[2][1200], second[2][1200];
	for (size_t k = 0; k < 2; k++) {
		char name[64];
		snprintf(name, sizeof name, "plain-%s.csv", kinds[k]);
		export_as(f, f->demo_db, true, "csv", kinds[k], name, first[k], sizeof first[k]);
		assert_int_equal(import_file(f, first[k]), 0);
		expect_out(f, ", 0 rejected");
	}
	for (size_t k = 0; k < 2; k++) {
		char name[64];
		snprintf(name, sizeof name, "plain-%s-again.csv", kinds[k]);
		export_as(f, f->fresh_db, true, "csv", kinds[k], name, second[k], sizeof second[k]);
		size_t before_rows, after_rows;
		char *before = normalized_from(first[k], 1, &before_rows);
		char *after = normalized_from(second[k], 1, &after_rows);
		assert_true(before_rows > 40);
		expect_same(before, after);
		free(before);
		free(after);
	}
}

/* A result row whose figure is not a number is refused with its reason,
 * and the project is written with its other rows and results. */
static void test_bad_result_row(void **state)
{
	Fixture *f = *state;
	char path[1200], report[1200];
	snprintf(path, sizeof path, "%s/results.csv", f->dir);
	snprintf(report, sizeof report, "%s/results-report.csv", f->dir);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	fputs("PROJECT_ID,TITLE_EN,DESCRIPTION_PRS,ORG_NAME,ORG_TYPE_CODE,ADM2_CODE,"
	      "RESULT_INDICATOR,RESULT_VALUE,RESULT_UNIT,RESULT_FEMALE,RESULT_SOURCE\r\n"
	      "#activity+code,#activity+title+i_en,#activity+description+i_fa,#org+name,"
	      "#org+type+code,#adm2+code,#indicator+name,#indicator+value+num,#indicator+unit,"
	      "#indicator+f,#indicator+source\r\n"
	      "R1,Wells,شرح,Alpha Relief,ngo_national,AF0101,,,,,\r\n"
	      "R1,Wells,شرح,Alpha Relief,ngo_national,,wells dug,12,wells,,field report\r\n"
	      "R1,Wells,شرح,Alpha Relief,ngo_national,,people served,many,people,40,field report\r\n",
	      out);
	assert_int_equal(fclose(out), 0);
	const char *args[] = {"import", "--db", f->fresh_db, "--quiet", "--report", report, path, NULL};
	assert_int_equal(run_binary(args, f->out, sizeof f->out), 1);
	expect_out(f, "3 rows: 2 accepted, 0 with warnings, 0 unchanged, 1 rejected");
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM result r JOIN project p ON "
	                                    "p.id = r.project_id WHERE p.title_en = 'Wells' AND "
	                                    "r.indicator = 'wells dug' AND r.value = 12 AND "
	                                    "r.source = 'field report'"),
	                 1);
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM result WHERE indicator = 'people served'"), 0);
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM project WHERE description_prs = 'شرح'"), 1);
	size_t len;
	char *text = test_read_file(report, &len);
	assert_non_null(strstr(text, "result.value is not an amount: many"));
	free(text);
}

/* Runs sql on the database (the fixture's own changes). */
static void exec_sql(const char *db_path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

/* The demo's organizations in every visibility, one whose registering
 * authority comes after it in the file, with staff figures, women-led
 * and a description in Dari script; the demo's parents (ministries of
 * their provincial departments, which come before them in the file). */
static void orgs_of_every_visibility(Fixture *f)
{
	exec_sql(f->demo_db, "UPDATE org SET visibility = 1 WHERE id IN (SELECT id FROM org "
	                     "ORDER BY id LIMIT 3 OFFSET 5);"
	                     "UPDATE org SET visibility = 2 WHERE id IN (SELECT id FROM org "
	                     "ORDER BY id LIMIT 2 OFFSET 10);"
	                     "UPDATE org SET reg_number = 'MoEc-1678', reg_date = '2010-03', "
	                     "tin = '9001234567', website = 'https://lso.example.org', "
	                     "reg_authority_id = (SELECT id FROM org WHERE acronym = 'MoEc') "
	                     "WHERE acronym = 'LSO';"
	                     "UPDATE org SET staff_total = 120, staff_female = 72, women_led = 1, "
	                     "description = 'Labor Spring, \"LSO\": بهار کار' WHERE acronym = 'LSO';"
	                     "UPDATE org SET staff_total = 9, staff_female = 0, women_led = 0 "
	                     "WHERE acronym = 'MoEc';");
}

/* The organizations of db with a parent, as "child > parent" names
 * sorted, one line each (caller frees). */
static char *parents_of(const char *db_path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT o.name_en || ' > ' || p.name_en FROM org o "
	                                    "JOIN org p ON p.id = o.parent_id ORDER BY 1",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	size_t size = 1;
	char *out = calloc(1, size);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		size += strlen(line) + 1;
		out = realloc(out, size);
		strcat(out, line);
		strcat(out, "\n");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

/* The organizations exported, imported into a fresh database and exported
 * again: the same rows, in every visibility, with their registration,
 * description, staff, women-led and parent (found when the parent's row
 * comes after the child's too). */
static void test_orgs_roundtrip(void **state)
{
	Fixture *f = *state;
	char first[1200], second[1200];
	orgs_of_every_visibility(f);
	export_kind_to(f, f->demo_db, true, "orgs", "orgs-first.csv", first, sizeof first);
	assert_int_equal(import_file(f, first), 0);
	expect_out(f, ", 0 rejected");
	expect_out(f, "organizations: ");
	export_kind_to(f, f->fresh_db, true, "orgs", "orgs-second.csv", second, sizeof second);
	size_t before_rows, after_rows;
	char *before = normalized(first, &before_rows);
	char *after = normalized(second, &after_rows);
	assert_true(before_rows > 40);
	assert_non_null(strstr(before, "\tpublic\t"));
	assert_non_null(strstr(before, "\tmembers\t"));
	assert_non_null(strstr(before, "\trestricted\t"));
	assert_non_null(strstr(before, "\tMoEc-1678\tMinistry of Economy\t2010-03\t9001234567\t"));
	assert_non_null(strstr(before, " | "));
	assert_non_null(strstr(before, "#org+name+i_fa"));
	assert_non_null(strstr(before, "\tLabor Spring, \"LSO\": بهار کار\t120\t72\tyes\t"));
	assert_non_null(strstr(before, "\t9\t0\tno\t"));
	assert_non_null(strstr(before, "#org+parent+name"));
	expect_same(before, after);
	assert_int_equal(before_rows, after_rows);
	free(before);
	free(after);
	/* every parent found again, whichever row came first */
	char *parents_before = parents_of(f->demo_db);
	char *parents_after = parents_of(f->fresh_db);
	assert_non_null(strstr(parents_before, "Department of Economy, Balkh Province > Ministry of Economy\n"));
	assert_true(strcmp(parents_before, "") != 0);
	assert_string_equal(parents_before, parents_after);
	free(parents_before);
	free(parents_after);
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM org WHERE staff_total = 120 AND "
	                                    "staff_female = 72 AND women_led = 1"),
	                 1);
	/* the workbook's sheet of organizations has the same columns */
	char book[1200];
	export_as(f, f->fresh_db, true, "xlsx", "orgs", "orgs.xlsx", book, sizeof book);
	char cmd[1400];
	snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/sharedStrings.xml", book);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t size = 0, used = 0;
	char *xml = NULL;
	for (;;) {
		if (used + 4096 + 1 > size)
			xml = realloc(xml, size = (used + 4096 + 1) * 2);
		size_t n = fread(xml + used, 1, 4096, p);
		if (n == 0)
			break;
		used += n;
	}
	xml[used] = '\0';
	assert_int_equal(pclose(p), 0);
	static const char *const wanted[] = {"Description", "Staff", "Female staff", "Women-led",
	                                     "Parent ID", "Part of", "بهار کار", "Ministry of Economy"};
	for (size_t i = 0; i < sizeof wanted / sizeof *wanted; i++)
		if (!strstr(xml, wanted[i]))
			fail_msg("the workbook's organizations lack %s", wanted[i]);
	free(xml);
}

/* The organizations imported again, and the projects after them, add and
 * change nothing: the projects' organizations are those of the table. */
static void test_orgs_again_changes_nothing(void **state)
{
	Fixture *f = *state;
	char orgs[1200], projects[1200], second[1200], third[1200];
	orgs_of_every_visibility(f);
	export_kind_to(f, f->demo_db, true, "orgs", "orgs.csv", orgs, sizeof orgs);
	export_to(f, f->demo_db, true, "projects.csv", projects, sizeof projects);
	assert_int_equal(import_file(f, orgs), 0);
	export_kind_to(f, f->fresh_db, true, "orgs", "orgs-second.csv", second, sizeof second);
	long long made = count(f->fresh_db, "SELECT count(*) FROM org");
	assert_int_equal(import_file(f, orgs), 0);
	expect_out(f, "0 accepted, 0 with warnings,");
	expect_out(f, "organizations: 0 new, 0 updated");
	/* the fresh database's own export, under another source name: the same
	 * organizations by their ids */
	assert_int_equal(import_file(f, second), 0);
	expect_out(f, "0 accepted, 0 with warnings,");
	expect_out(f, "organizations: 0 new, 0 updated");
	assert_int_equal(import_file(f, projects), 0);
	expect_out(f, "organizations: 0 new");
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM org"), made);
	export_kind_to(f, f->fresh_db, true, "orgs", "orgs-third.csv", third, sizeof third);
	size_t len2, len3;
	char *a = test_read_file(second, &len2);
	char *b = test_read_file(third, &len3);
	assert_int_equal(len2, len3);
	assert_memory_equal(a, b, len2);
	free(a);
	free(b);
}

/* A row with an unknown kind and a province code that is none is refused
 * with both reasons, and changes nothing, as are rows with a staff figure
 * or a women-led cell that is none; the good rows beside them are kept.
 * A row whose organization shares only an acronym with a stored one is
 * added, with a warning naming the stored one. */
static void test_orgs_rejected_row(void **state)
{
	Fixture *f = *state;
	char path[1200], report[1200];
	snprintf(path, sizeof path, "%s/orgs-bad.csv", f->dir);
	snprintf(report, sizeof report, "%s/orgs-report.csv", f->dir);
	FILE *out = fopen(path, "w");
	assert_non_null(out);
	fputs("ORG_ID,ORG_NAME,ORG_ACRONYM,ORG_TYPE_CODE,HQ_ADM1_CODE,OFFICE_PCODES,VISIBILITY,"
	      "STAFF_TOTAL,STAFF_FEMALE,WOMEN_LED,PARENT_NAME\r\n"
	      "#org+code,#org+name+i_en,#org+acronym,#org+type+code,#adm1+code+main,"
	      "#loc+code+office,#meta+visibility,#org+staff+num,#org+staff+f+num,#org+women_led,"
	      "#org+parent+name\r\n"
	      "7,Alpha Relief,AR,spaceship,AF99,AF0101,public,,,,\r\n"
	      "8,Beta Aid,BA,ngo_national,AF01,AF0101 | AF0102,members,,,,\r\n"
	      "9,Gamma Help,GH,ngo_national,AF01,AF0101,members,twelve,-3,maybe,\r\n"
	      "10,Epsilon Care,EC,ngo_national,AF01,AF0101,members,5,8,yes,\r\n"
	      "11,Delta Care,BA,ngo_national,AF01,AF0101,members,10,4,no,Nowhere Trust\r\n",
	      out);
	assert_int_equal(fclose(out), 0);
	const char *args[] = {"import", "--db",   f->fresh_db, "--quiet", "--report",
	                      report,   "--kind", "orgs",      path,      NULL};
	assert_int_equal(run_binary(args, f->out, sizeof f->out), 1);
	expect_out(f, "5 rows: 1 accepted, 1 with warnings, 0 unchanged, 3 rejected");
	expect_out(f, "organizations: 2 new, 0 updated");
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM org WHERE name_en = 'Alpha Relief'"), 0);
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM org WHERE name_en IN "
	                                    "('Gamma Help', 'Epsilon Care')"),
	                 0);
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM org WHERE name_en = 'Delta Care' "
	                                    "AND staff_total = 10 AND staff_female = 4 AND women_led = 0"),
	                 1);
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM org_office of JOIN org o ON "
	                                    "o.id = of.org_id WHERE o.name_en = 'Beta Aid'"),
	                 2);
	/* the head office is the first office in its province */
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM org_office of JOIN org o ON "
	                                    "o.id = of.org_id WHERE o.name_en = 'Beta Aid' "
	                                    "AND of.is_main = 1 AND of.pcode = 'AF0101'"),
	                 1);
	size_t len;
	char *text = test_read_file(report, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "org.kind is not a known kind of organization: spaceship"));
	assert_non_null(strstr(text, "adm1.code is not a province P-code: AF99"));
	assert_non_null(strstr(text, "org.staff_total must be a whole number of people: twelve"));
	assert_non_null(strstr(text, "org.staff_female must be a whole number of people: -3"));
	assert_non_null(strstr(text, "org.women_led must be yes or no: maybe"));
	assert_non_null(strstr(text, "org.staff_female must not exceed the staff total: 8 > 5"));
	char named[128];
	snprintf(named, sizeof named,
	         "org.acronym is also the acronym of another organization: Beta Aid, registry #%lld",
	         count(f->fresh_db, "SELECT id FROM org WHERE name_en = 'Beta Aid'"));
	if (!strstr(text, named))
		fail_msg("expected \"%s\" in the report:\n%s", named, text);
	/* a parent named nowhere is left empty, and told after the last row */
	snprintf(named, sizeof named,
	         ",warnings,%lld,\"warning: org.parent names no organization of the registry or of this "
	         "file; left empty: registry #%lld: Nowhere Trust\"",
	         count(f->fresh_db, "SELECT id FROM org WHERE name_en = 'Delta Care'"),
	         count(f->fresh_db, "SELECT id FROM org WHERE name_en = 'Delta Care'"));
	if (!strstr(text, named))
		fail_msg("expected \"%s\" in the report:\n%s", named, text);
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM org WHERE name_en = 'Delta Care' "
	                                    "AND parent_id IS NULL"),
	                 1);
	free(text);
	/* a dry run writes nothing */
	const char *dry[] = {"import", "--db", f->fresh_db, "--quiet", "--dry-run", "--source",
	                     "other", path, NULL};
	long long before = count(f->fresh_db, "SELECT count(*) FROM org");
	assert_int_equal(run_binary(dry, f->out, sizeof f->out), 1);
	expect_out(f, "dry run, nothing written");
	assert_int_equal(count(f->fresh_db, "SELECT count(*) FROM org"), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_hxl_roundtrip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_again_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_visibility_kept, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rows_of_one_project, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_result_row, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_plain_csv_roundtrip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_orgs_roundtrip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_orgs_again_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_orgs_rejected_row, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
