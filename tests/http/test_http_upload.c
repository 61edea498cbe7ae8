/*
 * test_http_upload.c — the import page, as a browser uses it: the real
 * server on a demo database, a session signed in through the login form,
 * files from tests/data sent as multipart/form-data with the session's
 * CSRF token, the preview (a dry run) and the import read back from the
 * pages, and the database read with SQLite to see what was written.
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

#include "http_client.h"
#include "server_proc.h"

#define PASSWORD      "a long enough passphrase"
#define PASSWORD_FORM "a+long+enough+passphrase"
#define BOUNDARY      "uploadtestboundary42"
#define FORM_TYPE     "application/x-www-form-urlencoded"

static ServerProc server;

typedef struct Session {
	char cookie[160]; /* "Cookie: hh_session=...\r\n" */
	char csrf[64];
} Session;

static Session editor, coord;

static void sign_in(const char *login, Session *s)
{
	char body[256];
	snprintf(body, sizeof body, "login=%s&password=" PASSWORD_FORM, login);
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/login",
				      "Content-Type: " FORM_TYPE "\r\n", body, strlen(body), &a),
			 0);
	assert_int_equal(a.status, 303);
	const char *set = http_answer_header(&a, "Set-Cookie");
	assert_non_null(set);
	snprintf(s->cookie, sizeof s->cookie, "Cookie: %.*s\r\n", (int)strcspn(set, ";"), set);
	http_answer_free(&a);
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", "/import", s->cookie, NULL, 0, &a), 0);
	assert_int_equal(a.status, 200);
	const char *v = strstr(a.body, "name=\"csrf\" value=\"");
	assert_non_null(v);
	v += strlen("name=\"csrf\" value=\"");
	snprintf(s->csrf, sizeof s->csrf, "%.*s", (int)strcspn(v, "\""), v);
	http_answer_free(&a);
}

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "editor", "editor", 1, PASSWORD, NULL, 0) != 0 ||
	    server_add_user(&server, "coord", "coordinator", 0, PASSWORD, NULL, 0) != 0)
		return -1;
	return 0;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *data = malloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* Uploads data as filename (csrf may be NULL: no token sent) as session s
 * (NULL: anonymous); *out gets the answer. */
static void upload(const Session *s, const char *csrf, const char *filename, const char *data,
		   size_t len, HttpAnswer *out)
{
	size_t cap = len + 1024;
	char *body = malloc(cap);
	size_t n = 0;
	if (csrf)
		n += (size_t)snprintf(body + n, cap - n,
				      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n",
				      csrf);
	n += (size_t)snprintf(body + n, cap - n,
			      "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
			      "Content-Type: text/csv\r\n\r\n",
			      filename);
	memcpy(body + n, data, len);
	n += len;
	n += (size_t)snprintf(body + n, cap - n, "\r\n--" BOUNDARY "--\r\n");
	char headers[512];
	snprintf(headers, sizeof headers, "%sContent-Type: multipart/form-data; boundary=" BOUNDARY "\r\n",
		 s ? s->cookie : "");
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/import/upload", headers, body, n, out), 0);
	free(body);
}

/* The value of a hidden field of a page (caller frees). */
static char *hidden(const char *page, const char *name)
{
	char key[64];
	snprintf(key, sizeof key, "name=\"%s\" value=\"", name);
	const char *v = strstr(page, key);
	if (!v)
		fail_msg("no %s field on the page", name);
	v += strlen(key);
	return strndup(v, strcspn(v, "\""));
}

/* A count shown on a report page (the cell with id="count-NAME"). */
static long count_shown(const char *page, const char *name)
{
	char key[64];
	snprintf(key, sizeof key, "id=\"count-%s\">", name);
	const char *v = strstr(page, key);
	if (!v)
		fail_msg("no count %s on the page", name);
	return strtol(v + strlen(key), NULL, 10);
}

/* Posts a form of the session to path; body is after "csrf=TOKEN&". */
static void post_form(const Session *s, const char *path, const char *rest, HttpAnswer *out)
{
	char body[2048], headers[512];
	snprintf(body, sizeof body, "csrf=%s&%s", s->csrf, rest);
	snprintf(headers, sizeof headers, "%sContent-Type: " FORM_TYPE "\r\n", s->cookie);
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", path, headers, body, strlen(body), out), 0);
}

static long long db_count(const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(server.db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

#define PROJECTS "SELECT count(*) FROM project"

/* Uploads a file as s and imports it as previewed; returns the import page. */
static char *upload_and_import(const Session *s, const char *filename, const char *data, size_t len,
			       const char *mapping)
{
	HttpAnswer a;
	upload(s, s->csrf, filename, data, len, &a);
	if (a.status != 200)
		fail_msg("upload %s: %d %.300s", filename, a.status, a.body);
	char *id = hidden(a.body, "upload");
	http_answer_free(&a);
	char rest[1024];
	snprintf(rest, sizeof rest, "upload=%s&source=%s%s%s", id, filename, mapping ? "&" : "",
		 mapping ? mapping : "");
	post_form(s, "/import", rest, &a);
	if (a.status != 200)
		fail_msg("import %s: %d %.300s", filename, a.status, a.body);
	char *page = strdup(a.body);
	http_answer_free(&a);
	free(id);
	return page;
}

static void test_anonymous_is_refused(void **state)
{
	(void)state;
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", "/import", NULL, NULL, 0, &a), 0);
	assert_int_equal(a.status, 401);
	http_answer_free(&a);
	long long before = db_count(PROJECTS);
	size_t len;
	char *data = slurp("tests/data/3w-sample.csv", &len);
	upload(NULL, NULL, "3w-sample.csv", data, len, &a);
	assert_int_equal(a.status, 401);
	http_answer_free(&a);
	free(data);
	assert_int_equal(db_count(PROJECTS), before);
}

static void test_missing_csrf_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *data = slurp("tests/data/3w-sample.csv", &len);
	HttpAnswer a;
	upload(&coord, NULL, "3w-sample.csv", data, len, &a);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	upload(&coord, "not-the-token", "3w-sample.csv", data, len, &a);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	free(data);
}

static void test_preview_shows_mapping_and_counts_and_writes_nothing(void **state)
{
	(void)state;
	long long projects = db_count(PROJECTS), audit = db_count("SELECT count(*) FROM audit");
	size_t len;
	char *data = slurp("tests/data/3w-sample.csv", &len);
	HttpAnswer a;
	upload(&editor, editor.csrf, "3w-sample.csv", data, len, &a);
	assert_int_equal(a.status, 200);
	/* the mapping: each column with the field it is read as, changeable */
	assert_non_null(strstr(a.body, "DIST_CODE"));
	assert_non_null(strstr(a.body, "#adm2+code"));
	assert_non_null(strstr(a.body, "<option value=\"adm2.code\" selected>"));
	assert_non_null(strstr(a.body, "<option value=\"org.acronym\" selected>"));
	assert_non_null(strstr(a.body, "Dry run"));
	assert_int_equal(count_shown(a.body, "accepted") + count_shown(a.body, "warned") +
				 count_shown(a.body, "unchanged") + count_shown(a.body, "rejected"),
			 48);
	/* an editor may not make the 3W's organizations: rows refused, with the reason */
	assert_true(count_shown(a.body, "rejected") > 0);
	assert_non_null(strstr(a.body, "ASCHIANA"));
	http_answer_free(&a);
	free(data);
	assert_int_equal(db_count(PROJECTS), projects);
	assert_int_equal(db_count("SELECT count(*) FROM audit"), audit);
}

static void test_import_then_again_adds_nothing(void **state)
{
	(void)state;
	long long before = db_count(PROJECTS);
	size_t len;
	char *data = slurp("tests/data/3w-sample.csv", &len);
	char *page = upload_and_import(&coord, "3w-sample.csv", data, len, NULL);
	assert_non_null(strstr(page, "Import done"));
	long created = count_shown(page, "projects-new");
	assert_true(created > 0);
	assert_int_equal(count_shown(page, "rejected"), 0);
	free(page);
	long long after = db_count(PROJECTS);
	assert_int_equal(after, before + created);
	assert_true(db_count("SELECT count(*) FROM project WHERE title_en LIKE '%ASCHIANA%'") > 0);

	/* the same file again: every row unchanged, no new record */
	long long orgs = db_count("SELECT count(*) FROM org");
	page = upload_and_import(&coord, "3w-sample.csv", data, len, NULL);
	assert_int_equal(count_shown(page, "projects-new"), 0);
	assert_int_equal(count_shown(page, "unchanged"), 48);
	free(page);
	assert_int_equal(db_count(PROJECTS), after);
	assert_int_equal(db_count("SELECT count(*) FROM org"), orgs);
	free(data);
}

static void test_rejected_row_is_listed_and_writes_nothing(void **state)
{
	(void)state;
	long long before = db_count(PROJECTS);
	size_t len;
	char *data = slurp("tests/data/import-edge.csv", &len);
	char *page = upload_and_import(&coord, "import-edge.csv", data, len, NULL);
	assert_int_equal(count_shown(page, "rejected"), 2);
	/* every reason, and the original values */
	assert_non_null(strstr(page, "Nowhereabad"));
	assert_non_null(strstr(page, "twelve"));
	assert_non_null(strstr(page, "class=\"rejected\""));
	/* what was guessed */
	assert_non_null(strstr(page, "Daykundi"));
	/* Dari text read through (semicolons, BOM) */
	assert_non_null(strstr(page, "موسسه آزمایشی هماهنگ"));
	long created = count_shown(page, "projects-new");
	free(page);
	assert_int_equal(db_count(PROJECTS), before + created);
	assert_int_equal(db_count("SELECT count(*) FROM project WHERE title_en LIKE '%bad budget%'"), 0);
	assert_int_equal(db_count("SELECT count(*) FROM project WHERE title_en LIKE '%no district%'"), 0);
	assert_int_equal(db_count("SELECT count(*) FROM org WHERE acronym = 'BNRO'"), 0);
	free(data);
}

static void test_changed_mapping_is_remembered(void **state)
{
	(void)state;
	size_t len;
	char *data = slurp("tests/data/import-mapping-1.csv", &len);
	HttpAnswer a;
	upload(&coord, coord.csrf, "partners.csv", data, len, &a);
	assert_int_equal(a.status, 200);
	char *id = hidden(a.body, "upload");
	http_answer_free(&a);
	/* preview again with Cluster read as a note instead of the sector */
	char rest[512];
	snprintf(rest, sizeof rest,
		 "upload=%s&source=partners.csv&map0=org.name&map1=adm1.name&map2=adm2.name&map3=note", id);
	post_form(&coord, "/import/preview", rest, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body, "Dry run"));
	http_answer_free(&a);
	post_form(&coord, "/import", rest, &a);
	assert_int_equal(a.status, 200);
	assert_int_equal(count_shown(a.body, "rejected"), 0);
	http_answer_free(&a);
	free(id);
	assert_true(db_count("SELECT count(*) FROM org WHERE name_en = 'Hamahang Mapping NGO'") == 1);

	/* the same source again: the columns come as they were mapped */
	upload(&coord, coord.csrf, "partners.csv", data, len, &a);
	assert_int_equal(a.status, 200);
	const char *select = strstr(a.body, "name=\"map3\"");
	assert_non_null(select);
	const char *chosen = strstr(select, " selected>");
	assert_non_null(chosen);
	assert_true(strstr(select, "value=\"note\" selected>") == chosen - strlen("value=\"note\""));
	http_answer_free(&a);
	/* another source name has no such memory */
	upload(&coord, coord.csrf, "other.csv", data, len, &a);
	assert_int_equal(a.status, 200);
	assert_null(strstr(a.body, "value=\"note\" selected>"));
	http_answer_free(&a);
	free(data);
}

static void test_full_report_as_csv(void **state)
{
	(void)state;
	size_t len;
	char *data = slurp("tests/data/import-edge.csv", &len);
	HttpAnswer a;
	upload(&coord, coord.csrf, "edge-report.csv", data, len, &a);
	assert_int_equal(a.status, 200);
	char *id = hidden(a.body, "upload");
	char link[128];
	snprintf(link, sizeof link, "/import/%s/report.csv", id);
	assert_non_null(strstr(a.body, link));
	http_answer_free(&a);
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", link, coord.cookie, NULL, 0, &a), 0);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(http_answer_header(&a, "Content-Type"), "text/csv"));
	assert_non_null(strstr(a.body, "line,outcome,project_id,messages"));
	assert_non_null(strstr(a.body, ",rejected,"));
	assert_non_null(strstr(a.body, "Nowhereabad"));
	http_answer_free(&a);
	/* another account cannot read it */
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", link, editor.cookie, NULL, 0, &a), 0);
	assert_int_equal(a.status, 404);
	http_answer_free(&a);
	free(id);
	free(data);
}

static void test_oversize_upload_is_refused_clearly(void **state)
{
	(void)state;
	long long before = db_count(PROJECTS);
	size_t len = 20u * 1000u * 1000u + 4096;
	char *data = malloc(len);
	const char *row = "Hamahang Oversize Org,OVR,Kabul,Health\n";
	for (size_t i = 0; i < len; i++)
		data[i] = row[i % strlen(row)];
	HttpAnswer a;
	upload(&coord, coord.csrf, "huge.csv", data, len, &a);
	assert_int_equal(a.status, 413);
	assert_non_null(strstr(a.body, "20 MB"));
	http_answer_free(&a);
	free(data);
	assert_int_equal(db_count(PROJECTS), before);
	assert_int_equal(db_count("SELECT count(*) FROM org WHERE acronym = 'OVR'"), 0);
}

/* A table of organizations is known by its columns: one organization a
 * row, a bad row refused with its reasons, the file again unchanged. */
static void test_orgs_table_is_detected(void **state)
{
	(void)state;
	static const char DATA[] =
	    "ORG_ID,ORG_NAME,ORG_NAME_PRS,ORG_ACRONYM,ORG_TYPE_CODE,HQ_ADM1_CODE,OFFICE_PCODES,REG_NUMBER\r\n"
	    "#org+code,#org+name+i_en,#org+name+i_fa,#org+acronym,#org+type+code,#adm1+code+main,"
	    "#loc+code+office,#org+code+reg\r\n"
	    "501,Upload Test Relief,,UTR,ngo_national,AF01,AF0101,UT-1\r\n"
	    "502,Upload Test Broken,,UTB,starship,AF77,,UT-2\r\n";
	long long orgs = db_count("SELECT count(*) FROM org");
	char *page = upload_and_import(&coord, "orgs-upload.csv", DATA, sizeof DATA - 1, NULL);
	assert_non_null(strstr(page, "id=\"read-as\""));
	assert_int_equal(count_shown(page, "accepted"), 1);
	assert_int_equal(count_shown(page, "rejected"), 1);
	assert_non_null(strstr(page, "starship"));
	assert_non_null(strstr(page, "AF77"));
	free(page);
	assert_int_equal(db_count("SELECT count(*) FROM org"), orgs + 1);
	assert_int_equal(db_count("SELECT count(*) FROM org WHERE name_en = 'Upload Test Relief' "
	                          "AND reg_number = 'UT-1'"),
	                 1);
	page = upload_and_import(&coord, "orgs-upload.csv", DATA, sizeof DATA - 1, NULL);
	assert_int_equal(count_shown(page, "unchanged"), 1);
	assert_int_equal(count_shown(page, "orgs-updated"), 0);
	free(page);
	assert_int_equal(db_count("SELECT count(*) FROM org"), orgs + 1);
}

static void test_signed_in(void **state)
{
	(void)state;
	sign_in("editor", &editor);
	sign_in("coord", &coord);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_signed_in),
	    cmocka_unit_test(test_anonymous_is_refused),
	    cmocka_unit_test(test_missing_csrf_is_refused),
	    cmocka_unit_test(test_preview_shows_mapping_and_counts_and_writes_nothing),
	    cmocka_unit_test(test_import_then_again_adds_nothing),
	    cmocka_unit_test(test_rejected_row_is_listed_and_writes_nothing),
	    cmocka_unit_test(test_changed_mapping_is_remembered),
	    cmocka_unit_test(test_full_report_as_csv),
	    cmocka_unit_test(test_oversize_upload_is_refused_clearly),
	    cmocka_unit_test(test_orgs_table_is_detected),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
