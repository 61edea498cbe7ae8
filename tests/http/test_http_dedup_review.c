/*
 * test_http_dedup_review.c — the review of likely duplicates, against the
 * real binary and a fresh demo database.
 *
 * A near-copy of a demo project is registered through the API; a
 * coordinator finds the pair on GET /review/duplicates with its reasons and
 * links to both records, filtered in and out by province and sector;
 * editors and anonymous visitors are refused (and their posts change
 * nothing); the coordinator's decision hides the pair, shows in the
 * decided list and is in the audit log (with the chain still whole), and
 * the project form no longer stops on it. The
 * two spellings of the Aga Khan Foundation are a pair of organizations,
 * confirmed the same way. A decision on a record the coordinator does not
 * see is answered as a missing record, and nothing is stored.
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
#include <jansson.h>
#include <sqlite3.h>

#include "http_client.h"
#include "server_proc.h"

#define PASSWORD "a long enough passphrase"
#define PASSWORD_FORM "a+long+enough+passphrase" /* PASSWORD in a form */
#define NOTE     "two+phases+of+one+grant"
#define NOTE_TEXT "two phases of one grant"

static ServerProc server;
static char admin_token[128], coord_token[128], editor_token[128];
static long long lso_id, gef_id, copy_id, restricted_id, akf_id, akf_copy_id;

/* Session and CSRF token of a signed-in account, for form posts. */
typedef WebSession Session;

static Session coord, editor;

static json_t *api(const char *method, const char *path, const char *body, int want)
{
	char headers[256];
	snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
		 admin_token);
	HttpAnswer a;
	if (http_request("127.0.0.1", server.port, method, path, headers, body, body ? strlen(body) : 0, &a) != 0)
		fail_msg("%s %s: no answer", method, path);
	if (a.status != want)
		fail_msg("%s %s: %d, wanted %d: %s", method, path, a.status, want, a.body);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	assert_non_null(j);
	return j;
}

static long long id_of(json_t *j)
{
	long long id = (long long)json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static long long first_id(const char *path)
{
	json_t *j = api("GET", path, NULL, 200);
	long long id = (long long)json_integer_value(
		json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
	json_decref(j);
	return id;
}

/* The id of the record with exactly this English name or title, read from
 * the database (the search ranks, and would not say which is which). */
static long long id_named(const char *sql, const char *name)
{
	sqlite3 *db;
	long long id = -1;
	if (sqlite3_open_v2(server.db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return id;
}

#define PROJECT_NAMED "SELECT id FROM project WHERE title_en = ?1"
#define ORG_NAMED     "SELECT id FROM org WHERE name_en = ?1"

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "admin", "admin", 0, PASSWORD, admin_token, sizeof admin_token) != 0 ||
	    server_add_user(&server, "coord", "coordinator", 0, PASSWORD, coord_token, sizeof coord_token) != 0)
		return -1;
	lso_id = first_id("/api/v1/orgs?q=labor%20spring");
	gef_id = id_named(PROJECT_NAMED, "Rehabilitation of Degraded Land and Livelihood Improvement: afforestation in Waras");
	restricted_id = id_named(PROJECT_NAMED, "Women Protection Centres in Bamyan and Daikundi");
	akf_id = id_named(ORG_NAMED, "Aga Khan Foundation");
	if (lso_id <= 0 || gef_id <= 0 || restricted_id <= 0 || akf_id <= 0)
		return -1;
	if (server_add_user(&server, "editor", "editor", lso_id, PASSWORD, editor_token, sizeof editor_token) != 0)
		return -1;
	/* the demo project again, with typos, as another source would give it */
	char body[1024];
	snprintf(body, sizeof body,
		 "{\"title_en\": \"Rehabilitation of Degradd Land and Livelihood Improvement: aforestation in Waras\","
		 " \"visibility\": \"public\", \"status\": \"completed\", \"start_date\": \"2014-07\","
		 " \"end_date\": \"2016-05\", \"sectors\": [\"ENVIRONMENT\"],"
		 " \"places\": [{\"place\": \"Waras\", \"within\": \"Bamyan\"}],"
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}], \"source\": \"a donor list\"}",
		 lso_id);
	copy_id = id_of(api("POST", "/api/v1/projects?confirm_new=1", body, 201));
	akf_copy_id = id_of(api("POST", "/api/v1/orgs",
				"{\"name_en\": \"Aga Khan Foundation (AKF)\", \"kind\": \"ngo_international\","
				" \"visibility\": \"public\", \"source\": \"a donor list\"}",
				201));
	if (copy_id <= 0 || akf_copy_id <= 0)
		return -1;
	return server_sign_in(&server, "coord", PASSWORD_FORM, &coord) == 0 &&
			       server_sign_in(&server, "editor", PASSWORD_FORM, &editor) == 0
		       ? 0
		       : -1;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* GET a page with a session (NULL: anonymous); returns the body, status in *status. */
static char *page(const Session *s, const char *path, int *status)
{
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, s ? s->cookie : NULL, NULL, 0, &a), 0);
	*status = a.status;
	char *body = strdup(a.body);
	http_answer_free(&a);
	return body;
}

/* Whether a page lists a pair: a row with links to both records. */
static bool lists_pair(const char *body, const char *base, long long x, long long y)
{
	char hx[64], hy[64];
	snprintf(hx, sizeof hx, "href=\"%s%lld\"", base, x);
	snprintf(hy, sizeof hy, "href=\"%s%lld\"", base, y);
	for (const char *row = strstr(body, "<tr>"); row; row = strstr(row + 4, "<tr>")) {
		const char *end = strstr(row, "</tr>");
		if (!end)
			break;
		size_t len = (size_t)(end - row);
		char *copy = strndup(row, len);
		bool both = strstr(copy, hx) && strstr(copy, hy);
		free(copy);
		if (both)
			return true;
	}
	return false;
}

static int post_decision(const Session *s, const char *kind, long long a, long long b, const char *decision,
			 const char *note)
{
	char body[512];
	snprintf(body, sizeof body, "csrf=%s&kind=%s&a=%lld&b=%lld&decision=%s&note=%s", s->csrf, kind, a, b,
		 decision, note);
	HttpAnswer ans;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/review/duplicates", s->headers, body,
				      strlen(body), &ans),
			 0);
	int status = ans.status;
	http_answer_free(&ans);
	return status;
}

/* Rows of the decisions table for a pair, and the audit entries about them. */
static int count_rows(const char *sql, long long x, long long y)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(server.db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, x < y ? x : y);
	sqlite3_bind_int64(st, 2, x < y ? y : x);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

#define DECISIONS_SQL "SELECT count(*) FROM dedup_decision WHERE a_id = ?1 AND b_id = ?2"
#define AUDIT_SQL                                                                                      \
	"SELECT count(*) FROM audit WHERE entity = 'dedup_decision' AND action = 'create'"              \
	" AND json_extract(after, '$.a_id') = ?1 AND json_extract(after, '$.b_id') = ?2"

static void test_pair_listed_with_reasons_and_filters(void **state)
{
	(void)state;
	int status;
	char *body = page(&coord, "/review/duplicates", &status);
	assert_int_equal(status, 200);
	if (!lists_pair(body, "/projects/", gef_id, copy_id))
		fail_msg("the near-copy pair is not listed: %.3000s", strstr(body, "<main") ? strstr(body, "<main") : body);
	assert_non_null(strstr(body, "titles "));            /* reasons in words */
	assert_non_null(strstr(body, "value=\"confirmed\""));
	assert_non_null(strstr(body, "value=\"dismissed\""));
	free(body);

	/* its sector keeps it; another sector or province drops it */
	body = page(&coord, "/review/duplicates?sector=ENVIRONMENT", &status);
	assert_int_equal(status, 200);
	assert_true(lists_pair(body, "/projects/", gef_id, copy_id));
	free(body);
	body = page(&coord, "/review/duplicates?sector=HEALTH", &status);
	assert_int_equal(status, 200);
	assert_false(lists_pair(body, "/projects/", gef_id, copy_id));
	free(body);
	body = page(&coord, "/review/duplicates?province=AF34", &status); /* Nimroz */
	assert_int_equal(status, 200);
	assert_false(lists_pair(body, "/projects/", gef_id, copy_id));
	free(body);

	/* bad filters are named */
	body = page(&coord, "/review/duplicates?min=2", &status);
	assert_int_equal(status, 400);
	assert_non_null(strstr(body, "must be a number from 0 to 1"));
	free(body);
	body = page(&coord, "/review/duplicates?kind=people&province=AF99", &status);
	assert_int_equal(status, 400);
	assert_non_null(strstr(body, "must be projects or orgs"));
	assert_non_null(strstr(body, "is not a province"));
	free(body);
}

static void test_province_filter_keeps_the_pair(void **state)
{
	(void)state;
	int status;
	char *body = page(&coord, "/review/duplicates?province=AF10", &status); /* Bamyan, Waras's province */
	assert_int_equal(status, 200);
	assert_true(lists_pair(body, "/projects/", gef_id, copy_id));
	free(body);
}

/* In Dari the reasons are in Dari: the sector and the place by their Dari
 * names, the rest translated; no English words are left. */
static void test_reasons_in_dari(void **state)
{
	(void)state;
	int status;
	char *body = page(&coord, "/review/duplicates?lang=prs", &status);
	assert_int_equal(status, 200);
	assert_true(lists_pair(body, "/projects/", gef_id, copy_id));
	if (!strstr(body, "هر دو محیط زیست و منابع طبیعی در ولسوالی ورث، بامیان"))
		fail_msg("the sector and place are not in Dari: %.3000s", strstr(body, "<tbody") ? strstr(body, "<tbody") : body);
	assert_non_null(strstr(body, "عنوان‌ها "));       /* titles ... alike */
	assert_non_null(strstr(body, "ماه تداخل"));       /* months overlap */
	assert_non_null(strstr(body, "تطبیق‌کنندهٔ یکسان")); /* same implementer */
	assert_null(strstr(body, "titles "));
	assert_null(strstr(body, "same implementer"));
	free(body);
	/* organizations too */
	body = page(&coord, "/review/duplicates?kind=orgs&min=0.7&lang=prs", &status);
	assert_int_equal(status, 200);
	assert_true(lists_pair(body, "/orgs/", akf_id, akf_copy_id));
	assert_non_null(strstr(body, "نام‌ها "));          /* names ... alike */
	assert_null(strstr(body, "names "));
	free(body);
	/* and in English as before */
	body = page(&coord, "/review/duplicates?lang=en", &status);
	assert_non_null(strstr(body, "both Environment and natural resources in Waras district, Bamyan"));
	free(body);
}

static void test_editors_and_anonymous_refused(void **state)
{
	(void)state;
	int status;
	char *body = page(NULL, "/review/duplicates", &status);
	assert_int_equal(status, 401);
	free(body);
	body = page(&editor, "/review/duplicates", &status);
	assert_int_equal(status, 403);
	free(body);
	/* the editor's decision is refused and stores nothing */
	assert_int_equal(post_decision(&editor, "projects", gef_id, copy_id, "dismissed", NOTE), 403);
	assert_int_equal(count_rows(DECISIONS_SQL, gef_id, copy_id), 0);
	/* so is one without the form's token */
	Session forged = coord;
	snprintf(forged.csrf, sizeof forged.csrf, "not-the-token");
	assert_int_equal(post_decision(&forged, "projects", gef_id, copy_id, "dismissed", NOTE), 403);
	assert_int_equal(count_rows(DECISIONS_SQL, gef_id, copy_id), 0);
}

static void test_decision_hides_the_pair_and_is_audited(void **state)
{
	(void)state;
	/* before a decision, saving the copy again through its form stops on the pair */
	char edit[1024], path[64];
	snprintf(path, sizeof path, "/projects/%lld", copy_id);
	snprintf(edit, sizeof edit,
		 "csrf=%s&title_en=Rehabilitation+of+Degradd+Land+and+Livelihood+Improvement%%3A+aforestation+in+Waras"
		 "&status=completed&start_date=2014-07&end_date=2016-05&visibility=public"
		 "&places=Waras%%2C+Bamyan&sectors=ENVIRONMENT&org_implementing=%lld&source=a+donor+list",
		 coord.csrf, lso_id);
	HttpAnswer ans;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", path, coord.headers, edit, strlen(edit), &ans), 0);
	assert_int_equal(ans.status, 409);
	http_answer_free(&ans);

	/* bad decisions are named, nothing stored */
	assert_int_equal(post_decision(&coord, "projects", gef_id, copy_id, "maybe", NOTE), 422);
	assert_int_equal(post_decision(&coord, "projects", gef_id, gef_id, "dismissed", NOTE), 422);
	assert_int_equal(count_rows(DECISIONS_SQL, gef_id, copy_id), 0);

	/* ids in either order: stored smaller first */
	assert_int_equal(post_decision(&coord, "projects", copy_id, gef_id, "dismissed", NOTE), 303);
	assert_int_equal(count_rows(DECISIONS_SQL, gef_id, copy_id), 1);
	assert_int_equal(count_rows(AUDIT_SQL, gef_id, copy_id), 1);

	int status;
	char *body = page(&coord, "/review/duplicates", &status);
	assert_int_equal(status, 200);
	assert_false(lists_pair(body, "/projects/", gef_id, copy_id)); /* not asked again */
	free(body);
	body = page(&coord, "/review/duplicates?decided=1", &status);
	assert_int_equal(status, 200);
	assert_true(lists_pair(body, "/projects/", gef_id, copy_id));
	assert_non_null(strstr(body, NOTE_TEXT));
	assert_non_null(strstr(body, "coord"));
	free(body);

	/* the dismissed pair is not put to the writer again */
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", path, coord.headers, edit, strlen(edit), &ans), 0);
	if (ans.status != 303)
		fail_msg("the edit stopped on a dismissed pair: %d", ans.status);
	http_answer_free(&ans);

	/* the audit chain is still whole */
	char out[4096];
	const char *args[] = {"check", "--db", server.db, NULL};
	int rc = run_binary(args, out, sizeof out);
	if (rc != 0)
		fail_msg("check: %d: %s", rc, out);
}

static void test_org_pair_confirmed(void **state)
{
	(void)state;
	int status;
	char *body = page(&coord, "/review/duplicates?kind=orgs&min=0.7", &status);
	assert_int_equal(status, 200);
	if (!lists_pair(body, "/orgs/", akf_id, akf_copy_id))
		fail_msg("the two spellings of AKF are not a pair: %.3000s", strstr(body, "<main") ? strstr(body, "<main") : body);
	free(body);
	assert_int_equal(post_decision(&coord, "orgs", akf_id, akf_copy_id, "confirmed", "one+foundation"), 303);
	body = page(&coord, "/review/duplicates?kind=orgs&min=0.7", &status);
	assert_false(lists_pair(body, "/orgs/", akf_id, akf_copy_id));
	free(body);
	body = page(&coord, "/review/duplicates?kind=orgs&decided=1", &status);
	assert_true(lists_pair(body, "/orgs/", akf_id, akf_copy_id));
	assert_non_null(strstr(body, "one foundation"));
	free(body);
	/* the projects' list of decisions does not mix them in */
	body = page(&coord, "/review/duplicates?decided=1", &status);
	assert_false(lists_pair(body, "/projects/", akf_id, akf_copy_id));
	free(body);
}

static void test_unseen_record_is_not_found(void **state)
{
	(void)state;
	/* the coordinator, stating no reason, does not see the restricted demo project */
	assert_int_equal(post_decision(&coord, "projects", restricted_id, gef_id, "dismissed", NOTE), 404);
	assert_int_equal(count_rows(DECISIONS_SQL, restricted_id, gef_id), 0);
	assert_int_equal(post_decision(&coord, "projects", 999999, gef_id, "dismissed", NOTE), 404);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pair_listed_with_reasons_and_filters),
		cmocka_unit_test(test_province_filter_keeps_the_pair),
		cmocka_unit_test(test_reasons_in_dari),
		cmocka_unit_test(test_editors_and_anonymous_refused),
		cmocka_unit_test(test_decision_hides_the_pair_and_is_audited),
		cmocka_unit_test(test_org_pair_confirmed),
		cmocka_unit_test(test_unseen_record_is_not_found),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
