/*
 * test_http_merge.c — merging records entered twice, against the real
 * binary and a fresh demo database.
 *
 * The seed case: "Agha Khan Foundation (AKF)" registered beside the demo's
 * "Aga Khan Foundation", with an office and a project of its own. A
 * coordinator finds the pair on the review page with a Merge link, opens
 * the confirm step, chooses the record to keep and merges (CSRF checked;
 * editors, the ministry and anonymous visitors refused, changing nothing).
 * Afterwards the project names the record kept, the second spelling is one
 * of its alternate names, the old address redirects to it with a note,
 * both histories show the merge, the pair is decided "merged" and not
 * proposed again, search finds one record, and `hamahang check` still
 * verifies the audit chain. Projects merge through the API as each role.
 * A restricted record merged never leaks: its old address answers as a
 * record that never existed, to those who do not see it. A file imported
 * again after a merge makes nothing twice.
 *
 * Undo: the confirm step says which fields each choice fills; the history
 * page of the record merged away offers a coordinator (only) to undo the
 * merge, which brings the record back with its project and names; the API
 * and `hamahang merge --undo` do the same, for each role as the matrix
 * says, and refuse, with the reason, what is not merged.
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
#define MARKER   "Zqxmergecanary"

static ServerProc server;
static char admin_token[128], coord_token[128], ministry_token[128], editor_token[128];
static long long lso_id, akf_id, copy_id, copy_project;

typedef WebSession Session;

static Session coord, ministry, editor;

static HttpAnswer call(const char *token, const char *method, const char *path, const char *body)
{
	char headers[256] = "";
	if (token)
		snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n", token);
	else
		snprintf(headers, sizeof headers, "Content-Type: application/json\r\n");
	HttpAnswer a;
	if (http_request("127.0.0.1", server.port, method, path, headers, body, body ? strlen(body) : 0, &a) != 0)
		fail_msg("%s %s: no answer", method, path);
	return a;
}

static json_t *api(const char *token, const char *method, const char *path, const char *body, int want)
{
	HttpAnswer a = call(token, method, path, body);
	if (a.status != want)
		fail_msg("%s %s: %d, wanted %d: %s", method, path, a.status, want, a.body);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	assert_non_null(j);
	return j;
}

static int api_status(const char *token, const char *method, const char *path, const char *body)
{
	HttpAnswer a = call(token, method, path, body);
	int status = a.status;
	http_answer_free(&a);
	return status;
}

static long long id_of(json_t *j)
{
	long long id = (long long)json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return id;
}

static long long sql_number(const char *sql, long long param)
{
	sqlite3 *db;
	long long n = -1;
	assert_int_equal(sqlite3_open_v2(server.db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_bind_parameter_count(st))
		sqlite3_bind_int64(st, 1, param);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Changes the database under the running server (one statement, ?1). */
static void sql_write(const char *sql, long long param)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(server.db, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_bind_int64(st, 1, param);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static long long org_named(const char *name)
{
	sqlite3 *db;
	long long id = -1;
	if (sqlite3_open_v2(server.db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT id FROM org WHERE name_en = ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return id;
}

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "admin", "admin", 0, PASSWORD, admin_token, sizeof admin_token) != 0 ||
	    server_add_user(&server, "coord", "coordinator", 0, PASSWORD, coord_token, sizeof coord_token) != 0 ||
	    server_add_user(&server, "ministry", "ministry", 0, PASSWORD, ministry_token, sizeof ministry_token) != 0)
		return -1;
	lso_id = org_named("Labor Spring Organization");
	akf_id = org_named("Aga Khan Foundation");
	if (lso_id <= 0 || akf_id <= 0)
		return -1;
	if (server_add_user(&server, "editor", "editor", lso_id, PASSWORD, editor_token, sizeof editor_token) != 0)
		return -1;
	/* the second spelling, as the seeds write it, registered again */
	copy_id = id_of(api(admin_token, "POST", "/api/v1/orgs",
			    "{\"name_en\": \"Agha Khan Foundation (AKF)\", \"name_prs\": \"بنیاد آغا خان\","
			    " \"acronym\": \"AKF\", \"kind\": \"ngo_international\", \"visibility\": \"public\","
			    " \"offices\": [{\"place\": \"Bamyan\", \"main\": true}], \"source\": \"LSO profile\"}",
			    201));
	char body[512];
	snprintf(body, sizeof body,
		 "{\"title_en\": \"Community based education in Yakawlang\", \"visibility\": \"public\","
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"funding\"}, {\"org_id\": %lld, \"role\": \"implementing\"}]}",
		 copy_id, lso_id);
	copy_project = id_of(api(admin_token, "POST", "/api/v1/projects?confirm_new=1", body, 201));
	if (copy_id <= 0 || copy_project <= 0)
		return -1;
	return server_sign_in(&server, "coord", PASSWORD_FORM, &coord) == 0 &&
			       server_sign_in(&server, "ministry", PASSWORD_FORM, &ministry) == 0 &&
			       server_sign_in(&server, "editor", PASSWORD_FORM, &editor) == 0
		       ? 0
		       : -1;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

static char *page(const Session *s, const char *path, int *status, char *location, size_t size)
{
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, s ? s->cookie : NULL, NULL, 0, &a), 0);
	*status = a.status;
	if (location) {
		const char *l = http_answer_header(&a, "Location");
		snprintf(location, size, "%s", l ? l : "");
	}
	char *body = strdup(a.body);
	http_answer_free(&a);
	return body;
}

static int post_merge(const Session *s, const char *csrf, long long a, long long b, long long keep,
		      char *location, size_t size)
{
	char body[512];
	snprintf(body, sizeof body, "csrf=%s&kind=orgs&a=%lld&b=%lld&keep=%lld&note=one+foundation", csrf, a, b,
		 keep);
	HttpAnswer ans;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/review/duplicates/merge",
				      s ? s->headers : "Content-Type: application/x-www-form-urlencoded\r\n", body,
				      strlen(body), &ans),
			 0);
	int status = ans.status;
	if (location) {
		const char *l = http_answer_header(&ans, "Location");
		snprintf(location, size, "%s", l ? l : "");
	}
	http_answer_free(&ans);
	return status;
}

static void test_review_page_offers_merge_and_refuses_others(void **state)
{
	(void)state;
	int status;
	char *body = page(&coord, "/review/duplicates?kind=orgs", &status, NULL, 0);
	assert_int_equal(status, 200);
	char link[160];
	long long lo = akf_id < copy_id ? akf_id : copy_id, hi = akf_id < copy_id ? copy_id : akf_id;
	snprintf(link, sizeof link, "/review/duplicates/merge?kind=orgs&amp;a=%lld&amp;b=%lld", lo, hi);
	if (!strstr(body, link))
		fail_msg("no merge link %s on the review page", link);
	free(body);
	/* the ministry reviews but is not offered to merge */
	body = page(&ministry, "/review/duplicates?kind=orgs", &status, NULL, 0);
	assert_int_equal(status, 200);
	assert_null(strstr(body, "/review/duplicates/merge"));
	free(body);

	char path[160];
	snprintf(path, sizeof path, "/review/duplicates/merge?kind=orgs&a=%lld&b=%lld", lo, hi);
	body = page(&coord, path, &status, NULL, 0);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "Agha Khan Foundation (AKF)"));
	assert_non_null(strstr(body, "name=\"keep\""));
	assert_non_null(strstr(body, "name=\"csrf\""));
	assert_non_null(strstr(body, "If you keep")); /* what each choice fills */
	free(body);
	body = page(&ministry, path, &status, NULL, 0);
	assert_int_equal(status, 403);
	free(body);
	body = page(&editor, path, &status, NULL, 0);
	assert_int_equal(status, 403);
	free(body);
	body = page(NULL, path, &status, NULL, 0);
	assert_int_equal(status, 401);
	free(body);

	/* refused posts change nothing */
	assert_int_equal(post_merge(&ministry, ministry.csrf, lo, hi, akf_id, NULL, 0), 403);
	assert_int_equal(post_merge(&editor, editor.csrf, lo, hi, akf_id, NULL, 0), 403);
	assert_int_equal(post_merge(NULL, "", lo, hi, akf_id, NULL, 0), 401);
	assert_int_equal(post_merge(&coord, "not-the-token", lo, hi, akf_id, NULL, 0), 403);
	/* a keep that is neither record is named on the page again */
	assert_int_equal(post_merge(&coord, coord.csrf, lo, hi, lso_id, NULL, 0), 422);
	assert_int_equal(sql_number("SELECT count(*) FROM org WHERE merged_into IS NOT NULL", 0), 0);
	assert_int_equal(sql_number("SELECT count(*) FROM project_org WHERE org_id = ?1", copy_id), 1);
}

static void test_merge_from_the_review_page(void **state)
{
	(void)state;
	long long audits = sql_number("SELECT count(*) FROM audit", 0);
	long long lo = akf_id < copy_id ? akf_id : copy_id, hi = akf_id < copy_id ? copy_id : akf_id;
	char location[256], want[128];
	assert_int_equal(post_merge(&coord, coord.csrf, lo, hi, akf_id, location, sizeof location), 303);
	snprintf(want, sizeof want, "/orgs/%lld?merged=%lld", akf_id, copy_id);
	assert_string_equal(location, want);
	/* one entry for each record changed: the two organizations, the project, the decision */
	assert_int_equal(sql_number("SELECT count(*) FROM audit", 0), audits + 4);

	/* the project names the record kept; the spellings are its alternate names */
	char path[96];
	snprintf(path, sizeof path, "/api/v1/projects/%lld", copy_project);
	json_t *p = api(NULL, "GET", path, NULL, 200);
	bool found = false;
	json_t *o;
	size_t i;
	json_array_foreach(json_object_get(p, "orgs"), i, o)
		found |= json_integer_value(json_object_get(o, "org_id")) == akf_id;
	assert_true(found);
	json_decref(p);
	snprintf(path, sizeof path, "/api/v1/orgs/%lld", akf_id);
	json_t *org = api(NULL, "GET", path, NULL, 200);
	char *dump = json_dumps(json_object_get(org, "aliases"), 0);
	assert_non_null(strstr(dump, "Agha Khan Foundation (AKF)"));
	assert_null(strstr(dump, "\"AKF\"")); /* the acronym it had already */
	free(dump);
	dump = json_dumps(org, 0);
	assert_non_null(strstr(dump, "بنیاد آغا خان")); /* the Dari name: its own, or now an alternate name */
	free(dump);
	json_decref(org);

	/* the old address leads to the record kept, which says so */
	int status;
	snprintf(path, sizeof path, "/orgs/%lld", copy_id);
	char *body = page(NULL, path, &status, location, sizeof location);
	assert_int_equal(status, 303);
	assert_string_equal(location, want);
	free(body);
	body = page(NULL, want, &status, NULL, 0);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "was merged into this one"));
	free(body);
	snprintf(path, sizeof path, "/api/v1/orgs/%lld", copy_id);
	assert_int_equal(api_status(NULL, "GET", path, NULL), 404);

	/* both histories show the merge */
	snprintf(path, sizeof path, "/orgs/%lld/history", copy_id);
	body = page(NULL, path, &status, NULL, 0);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "Merged"));
	free(body);
	snprintf(path, sizeof path, "/orgs/%lld/history", akf_id);
	body = page(NULL, path, &status, NULL, 0);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "Merged"));
	free(body);

	/* decided "merged", not proposed again, listed among the decisions */
	assert_int_equal(sql_number("SELECT count(*) FROM dedup_decision WHERE decision = 'merged' AND kept_id = ?1",
				    akf_id),
			 1);
	body = page(&coord, "/review/duplicates?kind=orgs", &status, NULL, 0);
	snprintf(path, sizeof path, "a=%lld&amp;b=%lld", lo, hi);
	assert_null(strstr(body, path));
	free(body);
	body = page(&coord, "/review/duplicates?kind=orgs&decided=1", &status, NULL, 0);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "merged into"));
	free(body);

	/* the record kept found by the other spelling, the merged one not at all */
	json_t *hits = api(NULL, "GET", "/api/v1/search?q=agha+khan+foundation+akf", NULL, 200);
	json_t *items = json_object_get(hits, "items"), *hit;
	bool kept = false;
	json_array_foreach(items, i, hit) {
		long long id = (long long)json_integer_value(json_object_get(hit, "id"));
		if (strcmp(json_string_value(json_object_get(hit, "kind")), "org") != 0)
			continue;
		assert_int_not_equal(id, copy_id);
		kept |= id == akf_id;
	}
	assert_true(kept);
	json_decref(hits);

	char out[4096];
	const char *args[] = {"check", "--db", server.db, NULL};
	assert_int_equal(run_binary(args, out, sizeof out), 0);
}


static int post_unmerge(const Session *s, const char *csrf, long long id, char *location, size_t size)
{
	char body[256];
	snprintf(body, sizeof body, "csrf=%s&kind=orgs&id=%lld", csrf, id);
	HttpAnswer ans;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/review/duplicates/unmerge",
				      s ? s->headers : "Content-Type: application/x-www-form-urlencoded\r\n", body,
				      strlen(body), &ans),
			 0);
	int status = ans.status;
	if (location) {
		const char *l = http_answer_header(&ans, "Location");
		snprintf(location, size, "%s", l ? l : "");
	}
	http_answer_free(&ans);
	return status;
}

static void test_undo_from_the_history_page(void **state)
{
	(void)state;
	int status;
	char path[96], location[256], want[96];
	snprintf(path, sizeof path, "/orgs/%lld/history", copy_id);
	char *body = page(&coord, path, &status, NULL, 0);
	assert_int_equal(status, 200);
	assert_non_null(strstr(body, "action=\"/review/duplicates/unmerge\""));
	free(body);
	const Session *others[] = {&ministry, &editor, NULL};
	for (size_t i = 0; i < 3; i++) {
		body = page(others[i], path, &status, NULL, 0);
		assert_int_equal(status, 200);
		assert_null(strstr(body, "/review/duplicates/unmerge"));
		free(body);
	}
	/* a merge the log does not hold (made before merges were recorded):
	 * no button, a note instead */
	sql_write("UPDATE merge_log SET drop_id = -drop_id WHERE drop_id = ?1", copy_id);
	body = page(&coord, path, &status, NULL, 0);
	assert_int_equal(status, 200);
	assert_null(strstr(body, "/review/duplicates/unmerge"));
	assert_non_null(strstr(body, "before merges were recorded"));
	free(body);
	sql_write("UPDATE merge_log SET drop_id = -drop_id WHERE drop_id = -?1", copy_id);
	/* refused posts change nothing */
	assert_int_equal(post_unmerge(&ministry, ministry.csrf, copy_id, NULL, 0), 403);
	assert_int_equal(post_unmerge(&editor, editor.csrf, copy_id, NULL, 0), 403);
	assert_int_equal(post_unmerge(NULL, "", copy_id, NULL, 0), 401);
	assert_int_equal(post_unmerge(&coord, "not-the-token", copy_id, NULL, 0), 403);
	assert_int_equal(sql_number("SELECT merged_into FROM org WHERE id = ?1", copy_id), akf_id);

	assert_int_equal(post_unmerge(&coord, coord.csrf, copy_id, location, sizeof location), 303);
	snprintf(want, sizeof want, "/orgs/%lld/history", copy_id);
	assert_string_equal(location, want);
	/* the record is back, with its project and its name */
	snprintf(path, sizeof path, "/api/v1/orgs/%lld", copy_id);
	json_decref(api(NULL, "GET", path, NULL, 200));
	assert_int_equal(sql_number("SELECT count(*) FROM project_org WHERE org_id = ?1", copy_id), 1);
	assert_int_equal(sql_number("SELECT count(*) FROM org_alias WHERE org_id = ?1"
				    " AND name = 'Agha Khan Foundation (AKF)'", akf_id), 0);
	assert_int_equal(sql_number("SELECT count(*) FROM dedup_decision WHERE kind = 'orgs' AND kept_id = ?1",
				    akf_id), 0);
	assert_int_equal(sql_number("SELECT count(*) FROM audit WHERE action = 'unmerge' AND entity_id = ?1",
				    copy_id), 1);
	body = page(NULL, want, &status, NULL, 0);
	assert_non_null(strstr(body, "Merge undone"));
	free(body);
	/* nothing left to undo: the reason is named */
	assert_int_equal(post_unmerge(&coord, coord.csrf, copy_id, NULL, 0), 422);
	char out[4096];
	const char *args[] = {"check", "--db", server.db, NULL};
	assert_int_equal(run_binary(args, out, sizeof out), 0);
}

static void test_api_merges_projects_as_each_role(void **state)
{
	(void)state;
	char body[512];
	snprintf(body, sizeof body,
		 "{\"title_en\": \"Gully plugs in Yakawlang\", \"visibility\": \"public\","
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}],"
		 " \"results\": [{\"indicator\": \"gully plugs built\", \"value\": 2000, \"source\": \"LSO profile, projects\"}]}",
		 lso_id);
	long long a = id_of(api(admin_token, "POST", "/api/v1/projects?confirm_new=1", body, 201));
	snprintf(body, sizeof body,
		 "{\"title_en\": \"Gully plugs, Yakawlang\", \"visibility\": \"public\","
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}],"
		 " \"results\": [{\"indicator\": \"gully plugs built\", \"value\": 3000, \"source\": \"LSO profile, summary\"}]}",
		 lso_id);
	long long b = id_of(api(admin_token, "POST", "/api/v1/projects?confirm_new=1", body, 201));
	char path[96], from[64];
	snprintf(path, sizeof path, "/api/v1/projects/%lld/merge", a);
	snprintf(from, sizeof from, "{\"from\": %lld}", b);
	assert_int_equal(api_status(NULL, "POST", path, from), 401);
	assert_int_equal(api_status(editor_token, "POST", path, from), 403);
	assert_int_equal(api_status(ministry_token, "POST", path, from), 403);
	snprintf(body, sizeof body, "{\"from\": %lld}", a);
	assert_int_equal(api_status(coord_token, "POST", path, body), 400); /* into itself */
	assert_int_equal(api_status(coord_token, "POST", path, "{\"from\": 999999}"), 404);
	assert_int_equal(sql_number("SELECT count(*) FROM project WHERE merged_into IS NOT NULL", 0), 0);
	json_t *r = api(coord_token, "POST", path, from, 200);
	assert_int_equal(json_integer_value(json_object_get(r, "merged_from")), b);
	json_decref(r);
	assert_int_equal(api_status(coord_token, "POST", path, from), 400); /* already merged */
	/* both figures stay, each with its source */
	snprintf(path, sizeof path, "/api/v1/projects/%lld", a);
	json_t *p = api(NULL, "GET", path, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(p, "results")), 2);
	json_decref(p);
	snprintf(path, sizeof path, "/projects/%lld", b);
	int status;
	char location[256], want[96];
	free(page(NULL, path, &status, location, sizeof location));
	assert_int_equal(status, 303);
	snprintf(want, sizeof want, "/projects/%lld?merged=%lld", a, b);
	assert_string_equal(location, want);

	/* undone through the API: the same roles */
	snprintf(path, sizeof path, "/api/v1/projects/%lld/unmerge", b);
	assert_int_equal(api_status(NULL, "POST", path, NULL), 401);
	assert_int_equal(api_status(editor_token, "POST", path, NULL), 403);
	assert_int_equal(api_status(ministry_token, "POST", path, NULL), 403);
	snprintf(body, sizeof body, "/api/v1/projects/%lld/unmerge", a);
	assert_int_equal(api_status(coord_token, "POST", body, NULL), 400); /* a was not merged */
	r = api(coord_token, "POST", path, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(r, "unmerged_from")), a);
	assert_true(json_integer_value(json_object_get(r, "rows_back")) >= 2); /* role, result */
	json_decref(r);
	snprintf(path, sizeof path, "/api/v1/projects/%lld", b);
	p = api(NULL, "GET", path, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(p, "results")), 1);
	json_decref(p);
	snprintf(path, sizeof path, "/api/v1/projects/%lld", a);
	p = api(NULL, "GET", path, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(p, "results")), 1);
	json_decref(p);
	assert_int_equal(sql_number("SELECT count(*) FROM project WHERE merged_into IS NOT NULL", 0), 0);
}

static void test_restricted_merged_never_leaks(void **state)
{
	(void)state;
	char out[4096];
	/* two restricted records, merged by the operator */
	const char *const names[2] = {MARKER " Shelter Society", MARKER " Shelter Society Kabul"};
	long long ids[2];
	for (int i = 0; i < 2; i++) {
		char body[256];
		snprintf(body, sizeof body, "{\"name_en\": \"%s\", \"kind\": \"cso\", \"visibility\": \"restricted\"}",
			 names[i]);
		json_t *j = api(admin_token, "POST", "/api/v1/orgs", body, 201);
		ids[i] = id_of(j);
	}
	char keep[32], drop[32];
	snprintf(keep, sizeof keep, "%lld", ids[0]);
	snprintf(drop, sizeof drop, "%lld", ids[1]);
	/* never into a public record */
	char akf[32];
	snprintf(akf, sizeof akf, "%lld", akf_id);
	const char *into_public[] = {"merge", "--db", server.db, "--kind", "orgs", akf, drop, NULL};
	assert_int_equal(run_binary(into_public, out, sizeof out), 1);
	const char *args[] = {"merge", "--db", server.db, "--kind", "orgs", keep, drop, NULL};
	assert_int_equal(run_binary(args, out, sizeof out), 0);

	/* its old address answers as nothing, to all who do not see it */
	const char *tokens[] = {NULL, editor_token, ministry_token, coord_token};
	char path[96];
	for (size_t t = 0; t < 4; t++) {
		snprintf(path, sizeof path, "/orgs/%lld", ids[1]);
		HttpAnswer a = call(tokens[t], "GET", path, NULL);
		assert_int_equal(a.status, 404);
		assert_null(http_answer_header(&a, "Location"));
		assert_null(strstr(a.body, MARKER));
		http_answer_free(&a);
		snprintf(path, sizeof path, "/orgs/%lld/history", ids[1]);
		a = call(tokens[t], "GET", path, NULL);
		assert_int_equal(a.status, 404);
		assert_null(strstr(a.body, MARKER));
		http_answer_free(&a);
		a = call(tokens[t], "GET", "/api/v1/search?q=" MARKER, NULL);
		assert_null(strstr(a.body, MARKER));
		http_answer_free(&a);
	}
	/* and a coordinator may not merge what it does not see, nor undo it */
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/merge", akf_id);
	char body[64];
	snprintf(body, sizeof body, "{\"from\": %lld}", ids[0]);
	assert_int_equal(api_status(coord_token, "POST", path, body), 404);
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/unmerge", ids[1]);
	HttpAnswer a = call(coord_token, "POST", path, NULL);
	assert_int_equal(a.status, 404);
	assert_null(strstr(a.body, MARKER));
	http_answer_free(&a);
	assert_int_equal(sql_number("SELECT merged_into FROM org WHERE id = ?1", ids[1]), ids[0]);
}

/* A re-import of the file that made the record dropped finds the record
 * kept (by the name that became its alternate name, and by the import keys
 * of its projects): nothing is made again. */
static void test_reimport_does_not_recreate(void **state)
{
	(void)state;
	char csv[1200], out[8192];
	snprintf(csv, sizeof csv, "%s/reimport.csv", server.dir);
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fputs("REGION,PROVINCE,PROV_CODE,DISTRICT,DIST_CODE,ORG_ACRONYM,ORG_NAME,ORG_TYPE,CLUSTER_SECTOR_CODE,"
	      "CLUSTER_SECTOR_NAME,Question\n"
	      "#region+name,#adm1+name,#adm1+code,#adm2+name,#adm2+code,#org +acronym,#org +name,#org +type +name,"
	      "#sector +cluster +code,#sector +cluster +name,\n"
	      "Central Highlands,Bamyan,AF10,Yakawlang,AF1005,ZRA,Zqx Relief Agency,National NGO,FSAC_OP,"
	      "Operational Presence: Food Security and Agriculture,OP\n",
	      f);
	assert_int_equal(fclose(f), 0);
	const char *import[] = {"import", "--db", server.db, "--public", csv, NULL};
	assert_int_equal(run_binary(import, out, sizeof out), 0);
	long long imported = org_named("Zqx Relief Agency");
	assert_true(imported > 0);
	long long kept = id_of(api(admin_token, "POST", "/api/v1/orgs",
				   "{\"name_en\": \"Zqx Relief Agency Afghanistan\", \"kind\": \"ngo_national\","
				   " \"visibility\": \"public\"}",
				   201));
	char path[96], body[64];
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/merge", kept);
	snprintf(body, sizeof body, "{\"from\": %lld}", imported);
	json_decref(api(coord_token, "POST", path, body, 200));
	long long orgs = sql_number("SELECT count(*) FROM org", 0), projects = sql_number("SELECT count(*) FROM project", 0);
	assert_int_equal(run_binary(import, out, sizeof out), 0);
	assert_int_equal(sql_number("SELECT count(*) FROM org", 0), orgs);
	assert_int_equal(sql_number("SELECT count(*) FROM project", 0), projects);
	assert_int_equal(sql_number("SELECT count(*) FROM project_org WHERE org_id = ?1", kept), 1);
	assert_int_equal(sql_number("SELECT count(*) FROM project_org WHERE org_id = ?1", imported), 0);

	/* undone from the command line; a second time there is nothing to undo */
	char id[32];
	snprintf(id, sizeof id, "%lld", imported);
	const char *undo[] = {"merge", "--db", server.db, "--kind", "orgs", "--undo", id, NULL};
	assert_int_equal(run_binary(undo, out, sizeof out), 0);
	assert_non_null(strstr(out, "undid the merge"));
	assert_int_equal(sql_number("SELECT count(*) FROM project_org WHERE org_id = ?1", imported), 1);
	assert_int_equal(sql_number("SELECT count(*) FROM org WHERE id = ?1 AND merged_into IS NULL", imported), 1);
	assert_int_equal(run_binary(undo, out, sizeof out), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review_page_offers_merge_and_refuses_others),
		cmocka_unit_test(test_merge_from_the_review_page),
		cmocka_unit_test(test_undo_from_the_history_page),
		cmocka_unit_test(test_api_merges_projects_as_each_role),
		cmocka_unit_test(test_restricted_merged_never_leaks),
		cmocka_unit_test(test_reimport_does_not_recreate),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
