/*
 * test_http_export.c — downloads and `hamahang export`, against the real
 * binary on a fresh demo database.
 *
 * What a coordination officer or a donor would check: each format answers
 * with its type and a file name; the HXL file has the hashtag row and one
 * row per project, place and sector of exactly the projects the API lists
 * (with the same filters); the JSON file holds the API's records; the
 * workbook opens (unzip) with its sheets, a frozen bold header row and an
 * autofilter; the IATI file validates against the IATI 2.03 schema with
 * xmllint and says what IATI readers look for. Bad requests name the
 * problem. The command line gives the same bytes as the page for the
 * same reader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "http_client.h"
#include "server_proc.h"

static ServerProc server;

static int start(void **state)
{
	(void)state;
	return server_start(&server, 1);
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

static void get(const char *path, HttpAnswer *a)
{
	if (http_request("127.0.0.1", server.port, "GET", path, NULL, NULL, 0, a) != 0)
		fail_msg("GET %s: no answer", path);
}

/* Writes bytes to a new temporary file; its path goes to path (32 bytes). */
static void to_file(const char *data, size_t len, char path[32])
{
	strcpy(path, "/tmp/hamahang-export-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* The standard output of a shell command, malloc'd; *status its exit status. */
static char *command_output(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t len = 0, cap = 1 << 16;
	char *out = malloc(cap + 1);
	size_t n;
	while ((n = fread(out + len, 1, cap - len, p)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			out = realloc(out, cap + 1);
		}
	}
	out[len] = '\0';
	*status = pclose(p);
	return out;
}

/* The projects the API lists for a query (anonymous), as JSON (caller decrefs). */
static json_t *api_projects(const char *query)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/projects?limit=500%s", query);
	HttpAnswer a;
	get(path, &a);
	assert_int_equal(a.status, 200);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	assert_non_null(j);
	return j;
}

static void test_each_format_answers_as_a_file(void **state)
{
	(void)state;
	static const struct {
		const char *query;
		const char *type;
		const char *file;
	} CASES[] = {
		{"format=csv", "text/csv; charset=utf-8", "hamahang-projects.csv"},
		{"format=hxl&kind=orgs", "text/csv; charset=utf-8", "hamahang-orgs.hxl.csv"},
		{"format=json", "application/json", "hamahang-all.json"},
		{"format=iati", "application/xml; charset=utf-8", "hamahang-projects.iati.xml"},
		{"format=xlsx&kind=projects", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		 "hamahang-projects.xlsx"},
	};
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		char path[128], want[128];
		snprintf(path, sizeof path, "/export?%s", CASES[i].query);
		HttpAnswer a;
		get(path, &a);
		assert_int_equal(a.status, 200);
		assert_string_equal(http_answer_header(&a, "Content-Type"), CASES[i].type);
		snprintf(want, sizeof want, "attachment; filename=\"%s\"", CASES[i].file);
		assert_string_equal(http_answer_header(&a, "Content-Disposition"), want);
		assert_true(a.body_len > 100);
		http_answer_free(&a);
	}
}

/* Splits a CSV line of the export (no quoted newlines in the checked
 * columns) and gives field n, copied into out. */
static void csv_field(const char *line, size_t n, char *out, size_t size)
{
	size_t k = 0, o = 0;
	bool quoted = false;
	for (const char *c = line; *c && *c != '\r' && *c != '\n'; c++) {
		if (*c == '"') {
			if (quoted && c[1] == '"') {
				if (k == n && o + 1 < size)
					out[o++] = '"';
				c++;
			} else {
				quoted = !quoted;
			}
		} else if (*c == ',' && !quoted) {
			k++;
		} else if (k == n && o + 1 < size) {
			out[o++] = *c;
		}
	}
	out[o] = '\0';
}

static void test_hxl_rows_are_the_listed_projects_by_place_and_sector(void **state)
{
	(void)state;
	static const char *const filters[] = {"", "&province=AF24", "&sector=PROTECTION", "&status=completed"};
	for (size_t f = 0; f < sizeof filters / sizeof *filters; f++) {
		json_t *list = api_projects(filters[f]);
		size_t want_rows = 0, i;
		json_t *p;
		json_array_foreach(json_object_get(list, "items"), i, p) {
			size_t places = json_array_size(json_object_get(p, "places"));
			size_t sectors = json_array_size(json_object_get(p, "sectors"));
			want_rows += (places ? places : 1) * (sectors ? sectors : 1);
		}
		char path[128];
		snprintf(path, sizeof path, "/export?format=hxl%s", filters[f]);
		HttpAnswer a;
		get(path, &a);
		assert_int_equal(a.status, 200);
		/* header, hashtags, then the rows; every row's project is listed */
		char *save = NULL, *text = strdup(a.body);
		char *line = strtok_r(text, "\n", &save);
		assert_non_null(strstr(line, "PROJECT_ID,TITLE_EN"));
		line = strtok_r(NULL, "\n", &save);
		assert_non_null(strstr(line, "#activity+code,#activity+title+i_en"));
		assert_non_null(strstr(line, "#adm1+code"));
		assert_non_null(strstr(line, "#sector+cluster+code"));
		assert_non_null(strstr(line, "#reached+f"));
		/* the rows of results (RESULT_INDICATOR given) come after them */
		size_t result_col = 0;
		for (char tag[64]; csv_field(line, result_col, tag, sizeof tag), tag[0] &&
		                   strcmp(tag, "#indicator+name") != 0;)
			result_col++;
		size_t rows = 0;
		while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
			char id[32], indicator[256];
			csv_field(line, 0, id, sizeof id);
			csv_field(line, result_col, indicator, sizeof indicator);
			if (indicator[0])
				continue;
			bool listed = false;
			json_array_foreach(json_object_get(list, "items"), i, p)
				listed = listed || json_integer_value(json_object_get(p, "id")) == atoll(id);
			if (!listed)
				fail_msg("%s: project %s is not in the list", path, id);
			rows++;
		}
		if (rows != want_rows)
			fail_msg("%s: %zu rows, wanted %zu", path, rows, want_rows);
		free(text);
		http_answer_free(&a);
		json_decref(list);
	}
}

static void test_json_holds_the_api_records(void **state)
{
	(void)state;
	json_t *list = api_projects("&province=AF24");
	HttpAnswer a;
	get("/export?format=json&kind=projects&province=Daykundi", &a);
	assert_int_equal(a.status, 200);
	json_t *doc = json_loadb(a.body, a.body_len, 0, NULL);
	assert_non_null(doc);
	json_t *header = json_object_get(doc, "header");
	assert_string_equal(json_string_value(json_object_get(header, "kind")), "projects");
	assert_string_equal(json_string_value(json_object_get(json_object_get(header, "filters"), "province")),
			    "Daykundi");
	json_t *projects = json_object_get(doc, "projects");
	assert_int_equal(json_array_size(projects), json_integer_value(json_object_get(list, "total")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(header, "counts"), "projects")),
			 json_array_size(projects));
	/* each record as GET /api/v1/projects/{id} answers it */
	size_t i;
	json_t *p;
	json_array_foreach(projects, i, p) {
		char path[64];
		snprintf(path, sizeof path, "/api/v1/projects/%lld",
			 (long long)json_integer_value(json_object_get(p, "id")));
		HttpAnswer one;
		get(path, &one);
		json_t *j = json_loadb(one.body, one.body_len, 0, NULL);
		if (!json_equal(j, p))
			fail_msg("%s differs from its record in the export", path);
		json_decref(j);
		http_answer_free(&one);
	}
	json_decref(doc);
	json_decref(list);
	http_answer_free(&a);
}

/* One part of a workbook, unzipped (caller frees). */
static char *workbook_part(const char *file, const char *part)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "unzip -p %s %s", file, part);
	int status;
	char *out = command_output(cmd, &status);
	if (status != 0)
		fail_msg("%s has no %s", file, part);
	return out;
}

static void test_the_workbook_opens_as_an_officer_wants_it(void **state)
{
	(void)state;
	HttpAnswer a;
	get("/export?format=xlsx", &a);
	assert_int_equal(a.status, 200);
	char file[32];
	to_file(a.body, a.body_len, file);
	http_answer_free(&a);

	char *book = workbook_part(file, "xl/workbook.xml");
	static const char *const sheets[] = {"Organizations", "Projects", "Project places", "Results", "About"};
	for (size_t i = 0; i < 5; i++) {
		char want[64];
		snprintf(want, sizeof want, "name=\"%s\"", sheets[i]);
		if (!strstr(book, want))
			fail_msg("the workbook has no sheet %s", sheets[i]);
	}
	free(book);
	for (int i = 1; i <= 4; i++) {
		char part[64];
		snprintf(part, sizeof part, "xl/worksheets/sheet%d.xml", i);
		char *sheet = workbook_part(file, part);
		assert_non_null(strstr(sheet, "state=\"frozen\""));
		assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:"));
		assert_non_null(strstr(sheet, "<col "));
		free(sheet);
	}
	char *styles = workbook_part(file, "xl/styles.xml");
	assert_non_null(strstr(styles, "<b/>"));
	free(styles);
	/* codes and names side by side: a P-code, its English and Dari names */
	char *strings = workbook_part(file, "xl/sharedStrings.xml");
	assert_non_null(strstr(strings, "Province P-code"));
	assert_non_null(strstr(strings, "<t>AF24</t>"));
	assert_non_null(strstr(strings, "<t>Daykundi</t>"));
	assert_non_null(strstr(strings, "<t>دایکندی</t>"));
	assert_non_null(strstr(strings, "<t>Sector codes</t>"));
	free(strings);
	unlink(file);
}

static const char *schema_path(void)
{
	static const char *const paths[] = {"../shared/data/iati/schema/iati-activities-schema.xsd",
					    "tests/data/iati/iati-activities-schema.xsd"};
	for (size_t i = 0; i < 2; i++)
		if (access(paths[i], R_OK) == 0)
			return paths[i];
	fail_msg("no IATI schema found");
	return NULL;
}

static void validate_iati(const char *body, size_t len)
{
	char file[32];
	to_file(body, len, file);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "xmllint --noout --nonet --schema %s %s 2>&1", schema_path(), file);
	int status;
	char *out = command_output(cmd, &status);
	if (status != 0 || !strstr(out, "validates"))
		fail_msg("the IATI export does not validate:\n%s", out);
	free(out);
	unlink(file);
}

static void test_iati_validates_and_says_what_readers_look_for(void **state)
{
	(void)state;
	static const char *const paths[] = {"/export?format=iati", "/export?format=iati&province=AF24",
					    "/export?format=iati&status=completed"};
	for (size_t i = 0; i < 3; i++) {
		HttpAnswer a;
		get(paths[i], &a);
		assert_int_equal(a.status, 200);
		validate_iati(a.body, a.body_len);
		http_answer_free(&a);
	}
	HttpAnswer a;
	get("/export?format=iati", &a);
	static const char *const wanted[] = {
		"<iati-activities version=\"2.03\">", "<recipient-country code=\"AF\"/>",
		"<participating-org role=\"4\"", "<participating-org role=\"1\"", "xml:lang=\"fa\"",
		"<sector vocabulary=\"1\" code=\"", "<location ref=\"AF", "<activity-date type=\"2\"",
		"<dimension name=\"sex\" value=\"female\"/>",
	};
	for (size_t i = 0; i < sizeof wanted / sizeof *wanted; i++)
		if (!strstr(a.body, wanted[i]))
			fail_msg("the IATI export has no %s", wanted[i]);
	http_answer_free(&a);

	/* A project with every part IATI carries, made by an admin. */
	char token[128], headers[256];
	assert_int_equal(server_add_user(&server, "admin", "admin", 0, "a long enough passphrase", token,
					 sizeof token),
			 0);
	snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n", token);
	const char *body =
		"{\"title_en\": \"Zarbolaghwater wells\", \"title_prs\": \"چاه‌های آب زربلاغ\","
		" \"title_pus\": \"د زربلاغ د اوبو څاګانې\", \"status\": \"ongoing\", \"start_date\": \"2024-03\","
		" \"end_date\": \"2025\", \"budget\": 80000, \"currency\": \"USD\", \"visibility\": \"public\","
		" \"source\": \"test\", \"orgs\": [{\"org_id\": 1, \"role\": \"implementing\"}], \"sectors\": [\"WASH\"], \"places\": [{\"place\": \"Nili\"}],"
		" \"results\": [{\"indicator\": \"people reached\", \"value\": 900, \"female\": 500, \"male\": 400,"
		" \"unit\": \"people\", \"period_start\": \"2024\", \"source\": \"monitoring <visit> & report\"}]}";
	HttpAnswer made;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/api/v1/projects", headers, body,
				      strlen(body), &made),
			 0);
	if (made.status != 201)
		fail_msg("making the project: %d %s", made.status, made.body);
	http_answer_free(&made);
	get("/export?format=iati&q=zarbolaghwater", &a);
	assert_int_equal(a.status, 200);
	validate_iati(a.body, a.body_len);
	static const char *const parts[] = {
		"<narrative xml:lang=\"fa\">چاه‌های آب زربلاغ</narrative>",
		"<narrative xml:lang=\"ps\">د زربلاغ د اوبو څاګانې</narrative>",
		"<activity-date type=\"2\" iso-date=\"2024-03-01\">", "Start known to the month: 2024-03",
		"<activity-date type=\"3\" iso-date=\"2025-12-31\">", "<location ref=\"AF2401\">",
		"<sector vocabulary=\"99\" code=\"WASH\"/>", "<sector vocabulary=\"1\" code=\"14030\"/>",
		"<budget type=\"1\" status=\"1\">", "<value currency=\"USD\" value-date=\"2024-03-01\">80000.00</value>",
		"<actual value=\"500\">", "<dimension name=\"sex\" value=\"male\"/>",
		"Source: monitoring &lt;visit&gt; &amp; report",
	};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		if (!strstr(a.body, parts[i]))
			fail_msg("the IATI activity has no %s:\n%s", parts[i], a.body);
	http_answer_free(&a);

	/* and the same project in the HXL file: the people reached, by sex */
	get("/export?format=hxl&q=zarbolaghwater", &a);
	assert_non_null(strstr(a.body, ",AF24,Daykundi,دایکندی,AF2401,Nili,"));
	assert_non_null(strstr(a.body, ",WASH,\"Water, Sanitation and Hygiene\",80000,USD,500,400,900,,,,,,,,,,,,,public,test\r\n"));
	http_answer_free(&a);
}

static void test_bad_requests_name_the_problem(void **state)
{
	(void)state;
	static const struct {
		const char *path;
		const char *words;
	} CASES[] = {
		{"/export", "is required: csv, hxl, xlsx, json or iati"},
		{"/export?format=pdf", "must be csv, hxl, xlsx, json or iati"},
		{"/export?format=csv&kind=all", "a CSV file holds one kind of record"},
		{"/export?format=iati&kind=orgs", "IATI activities are projects"},
		{"/export?format=csv&kind=orgs&year=2024", "selects projects only"},
		{"/export?format=csv&province=Atlantis", "is not a known place"},
		{"/export?format=csv&sector=NOPE", "is not a known sector"},
		{"/export?format=csv&year=99", "must be a year from 1900 to 2999"},
		{"/export?format=csv&org=abc", "must be the number of a record"},
		{"/export?format=iati&q=nothing+is+called+this", "an IATI file needs one"},
	};
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		HttpAnswer a;
		get(CASES[i].path, &a);
		if (a.status != 400 || !strstr(a.body, CASES[i].words))
			fail_msg("GET %s: %d, wanted 400 saying '%s'", CASES[i].path, a.status, CASES[i].words);
		assert_null(http_answer_header(&a, "Content-Disposition"));
		http_answer_free(&a);
	}
}

static void test_the_command_line_gives_the_same_file(void **state)
{
	(void)state;
	static char out[1 << 20];
	const char *hxl[] = {"export", "--db", server.db, "--format", "hxl", "--province", "AF24", NULL};
	assert_int_equal(run_binary(hxl, out, sizeof out), 0);
	HttpAnswer a;
	get("/export?format=hxl&province=AF24", &a);
	assert_string_equal(out, a.body);
	http_answer_free(&a);

	char path[1100];
	snprintf(path, sizeof path, "%s.xlsx", server.db);
	const char *xlsx[] = {"export", "--db", server.db, "--format", "xlsx", "--out", path, NULL};
	assert_int_equal(run_binary(xlsx, out, sizeof out), 0);
	char *book = workbook_part(path, "xl/workbook.xml");
	assert_non_null(strstr(book, "name=\"Projects\""));
	free(book);
	unlink(path);

	const char *no_out[] = {"export", "--db", server.db, "--format", "xlsx", NULL};
	assert_int_equal(run_binary(no_out, out, sizeof out), 2);
	const char *nobody[] = {"export", "--db", server.db, "--format", "csv", "--as", "nobody", NULL};
	assert_int_equal(run_binary(nobody, out, sizeof out), 2);
	const char *bad[] = {"export", "--db", server.db, "--format", "csv", "--year", "x", NULL};
	assert_int_equal(run_binary(bad, out, sizeof out), 2);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_format_answers_as_a_file),
		cmocka_unit_test(test_hxl_rows_are_the_listed_projects_by_place_and_sector),
		cmocka_unit_test(test_json_holds_the_api_records),
		cmocka_unit_test(test_the_workbook_opens_as_an_officer_wants_it),
		cmocka_unit_test(test_iati_validates_and_says_what_readers_look_for),
		cmocka_unit_test(test_bad_requests_name_the_problem),
		cmocka_unit_test(test_the_command_line_gives_the_same_file),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
