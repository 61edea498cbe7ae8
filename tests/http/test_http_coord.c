/*
 * test_http_coord.c — coordination over HTTP against the real binary and
 * its demo database: the 2017 Balkh round table's recommendations taken
 * through their statuses with their history, a meeting recorded through
 * the form (every mistake named, nothing half-written), memberships on
 * the member's and the body's pages, applications and the waiting times
 * worked out by hand, and restricted organizations named by a meeting
 * kept out of sight.
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

#include "http_client.h"
#include "server_proc.h"

#define PASSWORD      "a long enough passphrase"
#define PASSWORD_FORM "a+long+enough+passphrase"
#define FORM_TYPE     "Content-Type: application/x-www-form-urlencoded\r\n"

static ServerProc server;
static char admin_token[128], coord_token[128], ministry_token[128], editor_token[128];
static char coord_cookie[128], coord_csrf[64];
static long long lso, aics, moec, mof, education_cluster, round_table;

/* Sends a request with an API token (or none) and optional extra headers. */
static void send_req(const char *token, const char *extra, const char *method, const char *path,
		     const char *body, HttpAnswer *a)
{
	char headers[1024];
	size_t n = 0;
	headers[0] = '\0';
	if (token && token[0])
		n += (size_t)snprintf(headers + n, sizeof headers - n, "Authorization: Bearer %s\r\n", token);
	if (body && !extra)
		n += (size_t)snprintf(headers + n, sizeof headers - n, "Content-Type: application/json\r\n");
	if (extra)
		snprintf(headers + n, sizeof headers - n, "%s", extra);
	if (http_request("127.0.0.1", server.port, method, path, headers, body, body ? strlen(body) : 0, a) != 0)
		fail_msg("%s %s: no answer", method, path);
}

/* A JSON call that must answer want; the caller decrefs the answer. */
static json_t *call(const char *token, const char *method, const char *path, const char *body, int want)
{
	HttpAnswer a;
	send_req(token, NULL, method, path, body, &a);
	if (a.status != want)
		fail_msg("%s %s: %d, wanted %d: %s", method, path, a.status, want, a.body);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	return j;
}

/* A page as text (caller frees), with its status. */
static char *page(const char *cookie, const char *path, int *status)
{
	HttpAnswer a;
	char headers[256] = "";
	if (cookie)
		snprintf(headers, sizeof headers, "Cookie: %s\r\n", cookie);
	if (http_request("127.0.0.1", server.port, "GET", path, headers, NULL, 0, &a) != 0)
		fail_msg("GET %s: no answer", path);
	*status = a.status;
	char *body = strdup(a.body);
	http_answer_free(&a);
	return body;
}

static long long find_org(const char *query, const char *name_en)
{
	char path[160];
	snprintf(path, sizeof path, "/api/v1/orgs?q=%s", query);
	json_t *j = call(admin_token, "GET", path, NULL, 200);
	size_t i;
	json_t *o;
	long long id = 0;
	json_array_foreach(json_object_get(j, "items"), i, o) {
		if (strcmp(json_string_value(json_object_get(o, "name_en")), name_en) == 0)
			id = (long long)json_integer_value(json_object_get(o, "id"));
	}
	json_decref(j);
	if (!id)
		fail_msg("no organization %s", name_en);
	return id;
}

static void sign_in_coordinator(void)
{
	HttpAnswer a;
	const char *body = "login=coord&password=" PASSWORD_FORM;
	if (http_request("127.0.0.1", server.port, "POST", "/login", FORM_TYPE, body, strlen(body), &a) != 0 ||
	    a.status != 303)
		fail_msg("signing in the coordinator failed");
	const char *set = http_answer_header(&a, "Set-Cookie");
	snprintf(coord_cookie, sizeof coord_cookie, "%.*s", (int)strcspn(set, ";"), set);
	http_answer_free(&a);
	int status;
	char *home = page(coord_cookie, "/", &status);
	const char *v = strstr(home, "name=\"csrf\" value=\"");
	assert_non_null(v);
	v += strlen("name=\"csrf\" value=\"");
	snprintf(coord_csrf, sizeof coord_csrf, "%.*s", (int)strcspn(v, "\""), v);
	free(home);
}

/* Posts a form as the coordinator. */
static void post_form(const char *path, const char *fields, HttpAnswer *a)
{
	char headers[512], body[8192];
	snprintf(headers, sizeof headers, "Cookie: %s\r\n" FORM_TYPE, coord_cookie);
	snprintf(body, sizeof body, "csrf=%s&%s", coord_csrf, fields);
	if (http_request("127.0.0.1", server.port, "POST", path, headers, body, strlen(body), a) != 0)
		fail_msg("POST %s: no answer", path);
}

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "admin", "admin", 0, PASSWORD, admin_token, sizeof admin_token) != 0)
		return -1;
	lso = find_org("labor%20spring", "Labor Spring Organization");
	aics = find_org("AICS", "Afghanistan Institute for Civil Society");
	moec = find_org("ministry%20of%20economy", "Ministry of Economy");
	mof = find_org("ministry%20of%20finance", "Ministry of Finance");
	education_cluster = find_org("education%20cluster", "Education Cluster");
	if (server_add_user(&server, "coord", "coordinator", 0, PASSWORD, coord_token, sizeof coord_token) != 0 ||
	    server_add_user(&server, "ministry", "ministry", 0, PASSWORD, ministry_token, sizeof ministry_token) != 0 ||
	    server_add_user(&server, "editor-lso", "editor", lso, PASSWORD, editor_token, sizeof editor_token) != 0)
		return -1;
	json_t *j = call(NULL, "GET", "/api/v1/meetings", NULL, 200);
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(j, "items"), i, m) {
		if (strcmp(json_string_value(json_object_get(m, "date")), "2017-03-13") == 0)
			round_table = (long long)json_integer_value(json_object_get(m, "id"));
	}
	json_decref(j);
	return round_table ? 0 : -1;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

static json_t *round_table_json(void)
{
	char path[64];
	snprintf(path, sizeof path, "/api/v1/meetings/%lld", round_table);
	return call(NULL, "GET", path, NULL, 200);
}

/* ---- the round table ---- */

static void test_round_table_has_its_structure(void **state)
{
	(void)state;
	json_t *m = round_table_json();
	assert_int_equal(json_integer_value(json_object_get(m, "convener_id")), aics);
	json_t *att = json_object_get(m, "attendance");
	assert_int_equal(json_integer_value(json_object_get(att, "total")), 26);
	assert_int_equal(json_integer_value(json_object_get(att, "female")), 11);
	assert_int_equal(json_integer_value(json_object_get(att, "male")), 15);
	json_t *recs = json_object_get(m, "recommendations");
	assert_int_equal(json_array_size(recs), 8);
	int ministries = 0;
	size_t i;
	json_t *r;
	json_array_foreach(recs, i, r) {
		assert_string_equal(json_string_value(json_object_get(r, "status")), "open");
		assert_int_equal(json_array_size(json_object_get(r, "history")), 1);
		const char *kind = json_string_value(json_object_get(r, "addressed_kind"));
		assert_non_null(kind);
		ministries += strcmp(kind, "ministry") == 0;
	}
	/* Line ministries, the Ministry of Finance and the Ministry of Economy. */
	assert_int_equal(ministries, 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(recs, 6), "addressed_org")), mof);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(recs, 7), "addressed_org")), moec);
	assert_true(json_array_size(json_object_get(m, "participants")) >= 3);
	json_decref(m);
}

static long long rec_id(json_t *m, size_t index)
{
	return (long long)json_integer_value(
		json_object_get(json_array_get(json_object_get(m, "recommendations"), index), "id"));
}

static void test_recommendations_go_through_their_statuses(void **state)
{
	(void)state;
	json_t *m = round_table_json();
	long long tin = rec_id(m, 6), monitoring = rec_id(m, 7), line = rec_id(m, 5);
	json_decref(m);
	char path[64];

	/* The Ministry of Finance's TIN recommendation: in progress, then done. */
	snprintf(path, sizeof path, "/api/v1/recommendations/%lld", tin);
	json_decref(call(ministry_token, "PATCH", path,
			 "{\"status\": \"in_progress\", \"note\": \"Mastofiat opened a CSO desk\"}", 200));
	json_decref(call(coord_token, "PATCH", path, "{\"status\": \"done\", \"note\": \"TINs issued in 10 days\"}", 200));
	/* The line ministries' one: dropped with a reason. */
	snprintf(path, sizeof path, "/api/v1/recommendations/%lld", line);
	json_decref(call(coord_token, "PATCH", path, "{\"status\": \"dropped\", \"note\": \"merged into MoEc's\"}", 200));
	/* Mistakes are named and change nothing. */
	snprintf(path, sizeof path, "/api/v1/recommendations/%lld", monitoring);
	json_t *bad = call(coord_token, "PATCH", path, "{\"status\": \"finished\"}", 400);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(json_object_get(bad, "error"), "fields"), 0), "field")),
			    "status");
	json_decref(bad);
	json_decref(call(coord_token, "PATCH", path, "{\"note\": \"no status\"}", 400));
	/* Nobody outside may: anonymous 401, an editor of neither side 403. */
	json_decref(call(NULL, "PATCH", path, "{\"status\": \"done\"}", 401));
	json_decref(call(editor_token, "PATCH", path, "{\"status\": \"done\"}", 403));
	json_decref(call(coord_token, "PATCH", "/api/v1/recommendations/999999", "{\"status\": \"done\"}", 404));

	m = round_table_json();
	json_t *recs = json_object_get(m, "recommendations");
	json_t *r = json_array_get(recs, 6);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "done");
	json_t *hist = json_object_get(r, "history");
	assert_int_equal(json_array_size(hist), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(hist, 0), "status")), "open");
	assert_string_equal(json_string_value(json_object_get(json_array_get(hist, 1), "status")), "in_progress");
	assert_string_equal(json_string_value(json_object_get(json_array_get(hist, 1), "by")), "ministry");
	assert_string_equal(json_string_value(json_object_get(json_array_get(hist, 2), "note")), "TINs issued in 10 days");
	assert_string_equal(json_string_value(json_object_get(json_array_get(recs, 5), "status")), "dropped");
	r = json_array_get(recs, 7);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "open");
	assert_int_equal(json_array_size(json_object_get(r, "history")), 1);
	json_decref(m);

	/* The page shows the statuses and the notes; the form follows up too. */
	sign_in_coordinator();
	char fields[128];
	snprintf(fields, sizeof fields, "status=in_progress&note=Monitoring+unit+staffed");
	snprintf(path, sizeof path, "/recommendations/%lld", monitoring);
	HttpAnswer a;
	post_form(path, fields, &a);
	assert_int_equal(a.status, 303);
	http_answer_free(&a);
	post_form(path, "status=maybe", &a);
	assert_int_equal(a.status, 422);
	assert_non_null(strstr(a.body, "is not one of open, in_progress, done, dropped"));
	http_answer_free(&a);
	int status;
	snprintf(path, sizeof path, "/meetings/%lld", round_table);
	char *html = page(NULL, path, &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "TINs issued in 10 days"));
	assert_non_null(strstr(html, "Monitoring unit staffed"));
	assert_non_null(strstr(html, ">Done</span>"));
	assert_non_null(strstr(html, ">Dropped</span>"));
	assert_null(strstr(html, "action=\"/recommendations/")); /* no form for anonymous */
	free(html);
}

/* ---- recording a meeting ---- */

static void test_meeting_form_names_every_mistake_and_saves(void **state)
{
	(void)state;
	if (!coord_cookie[0])
		sign_in_coordinator();
	long long before;
	json_t *j = call(NULL, "GET", "/api/v1/meetings", NULL, 200);
	before = (long long)json_integer_value(json_object_get(j, "total"));
	json_decref(j);

	char fields[2048];
	snprintf(fields, sizeof fields,
		 "convener_id=%lld&topic=&date=2024-13-01&place=Nowhereland&attendance_total=10"
		 "&attendance_female=3&attendance_male=4&documents=Minutes+%%7C+ftp%%3A%%2F%%2Fx",
		 aics);
	HttpAnswer a;
	post_form("/meetings", fields, &a);
	assert_int_equal(a.status, 422);
	assert_non_null(strstr(a.body, "is required"));                 /* topic */
	assert_non_null(strstr(a.body, "Nowhereland"));                 /* place, as typed */
	assert_non_null(strstr(a.body, "female and male together must equal the total"));
	http_answer_free(&a);
	j = call(NULL, "GET", "/api/v1/meetings", NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), before);
	json_decref(j);

	snprintf(fields, sizeof fields,
		 "convener_id=%lld&topic=Quarterly+coordination+meeting&date=2017-05-20&place=Mazar-e-Sharif"
		 "&attendance_total=12&attendance_female=5&attendance_male=7&participant_org=%lld"
		 "&participants=Balkh+youth+network&agenda=Welcome%%0D%%0AFollow-up"
		 "&documents=Minutes+%%7C+https%%3A%%2F%%2Fexample.org%%2Fminutes.pdf"
		 "&recommendations=Share+the+CSO+list+%%7C+CSO+coordination+bodies+%%7C+coordination_body",
		 aics, lso);
	post_form("/meetings", fields, &a);
	if (a.status != 303)
		fail_msg("saving the meeting: %d %s", a.status, a.body);
	const char *loc = http_answer_header(&a, "Location");
	assert_non_null(loc);
	char path[96];
	snprintf(path, sizeof path, "/api/v1%s", loc);
	http_answer_free(&a);
	j = call(NULL, "GET", path, NULL, 200);
	assert_string_equal(json_string_value(json_object_get(j, "topic")), "Quarterly coordination meeting");
	assert_int_equal(json_array_size(json_object_get(j, "participants")), 2);
	json_t *doc = json_array_get(json_object_get(j, "documents"), 0);
	assert_string_equal(json_string_value(json_object_get(doc, "url")), "https://example.org/minutes.pdf");
	json_t *r = json_array_get(json_object_get(j, "recommendations"), 0);
	assert_string_equal(json_string_value(json_object_get(r, "addressed_kind")), "coordination_body");
	assert_string_equal(json_string_value(json_object_get(r, "addressed_to")), "CSO coordination bodies");
	json_decref(j);

	/* The ministry does not record meetings; an editor only for its own organization. */
	char body[256];
	snprintf(body, sizeof body, "{\"convener_id\": %lld, \"topic\": \"x\"}", aics);
	json_decref(call(ministry_token, "POST", "/api/v1/meetings", body, 403));
	json_decref(call(editor_token, "POST", "/api/v1/meetings", body, 403));
	snprintf(body, sizeof body, "{\"convener_id\": %lld, \"topic\": \"LSO staff meeting\"}", lso);
	json_decref(call(editor_token, "POST", "/api/v1/meetings", body, 201));
}

/* ---- memberships ---- */

static void test_memberships_on_both_pages(void **state)
{
	(void)state;
	char path[96];
	int status;
	snprintf(path, sizeof path, "/orgs/%lld", lso);
	char *html = page(NULL, path, &status);
	assert_int_equal(status, 200);
	const char *section = strstr(html, "id=\"member-of\"");
	assert_non_null(section);
	assert_non_null(strstr(section, "Education Cluster</bdi></a> <span class=\"badge\">Certified member</span>"));
	free(html);
	snprintf(path, sizeof path, "/orgs/%lld", education_cluster);
	html = page(NULL, path, &status);
	section = strstr(html, "id=\"members\"");
	assert_non_null(section);
	assert_non_null(strstr(section, "Labor Spring Organization"));
	free(html);

	/* The demo's member relations became memberships, not both. */
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/memberships", lso);
	json_t *j = call(NULL, "GET", path, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(j, "memberships")), 13);
	json_decref(j);

	char body[256];
	snprintf(body, sizeof body, "{\"org_id\": %lld, \"body_id\": %lld, \"status\": \"certified\"}", lso,
		 education_cluster);
	j = call(coord_token, "POST", "/api/v1/memberships", body, 400);
	assert_non_null(strstr(json_dumps(j, 0), "already has this organization as a member"));
	json_decref(j);
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"body_id\": %lld, \"status\": \"honorary\", \"since\": \"2020-02\", \"until\": \"2019\"}",
		 aics, aics);
	j = call(coord_token, "POST", "/api/v1/memberships", body, 400);
	char *text = json_dumps(j, 0);
	assert_non_null(strstr(text, "must be another organization"));
	assert_non_null(strstr(text, "is not one of applied, member, certified, lapsed"));
	assert_non_null(strstr(text, "must not be before the start"));
	free(text);
	json_decref(j);
	/* An editor of the member cannot write the body's list; the ministry neither. */
	snprintf(body, sizeof body, "{\"org_id\": %lld, \"body_id\": %lld, \"status\": \"applied\"}", lso, aics);
	json_decref(call(editor_token, "POST", "/api/v1/memberships", body, 403));
	json_decref(call(ministry_token, "POST", "/api/v1/memberships", body, 403));
	json_decref(call(coord_token, "POST", "/api/v1/memberships", body, 201));
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/memberships", aics);
	j = call(NULL, "GET", path, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
}

/* ---- applications and waiting times ---- */

/* The waiting-time row of an authority and kind, from the API. */
static json_t *wait_row(json_t *answer, long long authority, const char *kind)
{
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(answer, "waiting_times"), i, w) {
		if (json_integer_value(json_object_get(w, "authority_id")) == authority &&
		    strcmp(json_string_value(json_object_get(w, "kind")), kind) == 0)
			return w;
	}
	return NULL;
}

static void test_waiting_times_by_hand(void **state)
{
	(void)state;
	/* A fresh authority so that only these count. */
	json_t *o = call(admin_token, "POST", "/api/v1/orgs",
			 "{\"name_en\": \"Directorate of Test Permits\", \"kind\": \"provincial_department\","
			 " \"visibility\": \"public\"}",
			 201);
	long long auth = (long long)json_integer_value(json_object_get(o, "id"));
	json_decref(o);
	/* Decided after 10, 20, 30 and 100 days, one withdrawn, one still open since 2020. */
	const char *cases[][3] = {{"2023-01-01", "2023-01-11", "approved"}, {"2023-02-01", "2023-02-21", "refused"},
				  {"2023-03-01", "2023-03-31", "approved"}, {"2023-04-01", "2023-07-10", "approved"},
				  {"2023-05-01", "2023-05-02", "withdrawn"}, {"2020-01-01", NULL, "pending"}};
	char body[512];
	for (size_t i = 0; i < 6; i++) {
		snprintf(body, sizeof body,
			 "{\"org_id\": %lld, \"authority_id\": %lld, \"kind\": \"sector_mou\", \"submitted\": \"%s\","
			 " %s%s%s \"outcome\": \"%s\"}",
			 lso, auth, cases[i][0], cases[i][1] ? "\"decided\": \"" : "", cases[i][1] ? cases[i][1] : "",
			 cases[i][1] ? "\"," : "", cases[i][2]);
		json_decref(call(editor_token, "POST", "/api/v1/applications", body, 201));
	}
	char path[96];
	snprintf(path, sizeof path, "/api/v1/applications?authority=%lld", auth);
	json_t *j = call(NULL, "GET", path, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 6);
	json_t *w = wait_row(j, auth, "sector_mou");
	assert_non_null(w);
	assert_int_equal(json_integer_value(json_object_get(w, "decided")), 4);
	/* 10 20 30 100: median rank ceil(2) = 2 -> 20; 90th rank ceil(3.6) = 4 -> 100 */
	assert_int_equal(json_integer_value(json_object_get(w, "median_days")), 20);
	assert_int_equal(json_integer_value(json_object_get(w, "p90_days")), 100);
	assert_int_equal(json_integer_value(json_object_get(w, "open")), 1);
	assert_int_equal(json_integer_value(json_object_get(w, "open_over_180_days")), 1);
	json_decref(j);
	int status;
	char *html = page(NULL, "/permits", &status);
	assert_int_equal(status, 200);
	assert_non_null(strstr(html, "Directorate of Test Permits"));
	free(html);

	/* Mistakes, all named at once; nothing stored. */
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"authority_id\": %lld, \"kind\": \"visa\", \"submitted\": \"2023-05\","
		 " \"decided\": \"2023-01-01\", \"outcome\": \"pending\"}",
		 lso, auth);
	j = call(coord_token, "POST", "/api/v1/applications", body, 400);
	char *text = json_dumps(j, 0);
	assert_non_null(strstr(text, "\"kind\""));
	assert_non_null(strstr(text, "must be a full date (YYYY-MM-DD)"));
	assert_non_null(strstr(text, "must be empty while the application is pending"));
	free(text);
	json_decref(j);
	snprintf(body, sizeof body, "{\"org_id\": %lld, \"authority_id\": %lld, \"kind\": \"tin\"}", lso, auth);
	j = call(coord_token, "POST", "/api/v1/applications", body, 400);
	text = json_dumps(j, 0);
	assert_non_null(strstr(text, "is required while the application is pending"));
	free(text);
	json_decref(j);
	j = call(NULL, "GET", path, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 6);
	json_decref(j);
}

/* ---- restricted organizations named by a meeting ---- */

static void test_restricted_names_in_a_meeting_stay_hidden(void **state)
{
	(void)state;
	json_t *o = call(admin_token, "POST", "/api/v1/orgs",
			 "{\"name_en\": \"Zzhidden Shelter Group\", \"kind\": \"cso\", \"visibility\": \"restricted\"}",
			 201);
	long long hidden = (long long)json_integer_value(json_object_get(o, "id"));
	json_decref(o);
	char body[512];
	snprintf(body, sizeof body,
		 "{\"convener_id\": %lld, \"topic\": \"Protection round table\", \"participants\": [{\"org_id\": %lld}],"
		 " \"recommendations\": [{\"text\": \"Fund the shelter\", \"addressed_org\": %lld,"
		 " \"addressed_to\": \"Zzhidden Shelter Group\"}]}",
		 aics, hidden, hidden);
	/* Without a reason the coordinator does not see it: it names no known organization. */
	json_decref(call(coord_token, "POST", "/api/v1/meetings", body, 400));
	HttpAnswer a;
	send_req(coord_token, "Content-Type: application/json\r\nX-Access-Reason: recording the protection meeting\r\n",
		 "POST", "/api/v1/meetings", body, &a);
	assert_int_equal(a.status, 201);
	json_t *m = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	long long id = (long long)json_integer_value(json_object_get(m, "id"));
	json_decref(m);

	char path[64];
	snprintf(path, sizeof path, "/api/v1/meetings/%lld", id);
	HttpAnswer seen;
	send_req(NULL, NULL, "GET", path, NULL, &seen);
	assert_int_equal(seen.status, 200);
	assert_null(strstr(seen.body, "Zzhidden"));
	m = json_loadb(seen.body, seen.body_len, 0, NULL);
	assert_int_equal(json_array_size(json_object_get(m, "participants")), 0);
	json_decref(m);
	http_answer_free(&seen);
	int status;
	snprintf(path, sizeof path, "/meetings/%lld", id);
	char *html = page(NULL, path, &status);
	assert_int_equal(status, 200);
	assert_null(strstr(html, "Zzhidden"));
	free(html);
	/* Its membership and application are not counted either. */
	snprintf(body, sizeof body, "{\"org_id\": %lld, \"body_id\": %lld}", hidden, aics);
	send_req(admin_token, "Content-Type: application/json\r\nX-Access-Reason: adding a member\r\n", "POST",
		 "/api/v1/memberships", body, &a);
	assert_int_equal(a.status, 201);
	http_answer_free(&a);
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/memberships", aics);
	json_t *j = call(NULL, "GET", path, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1); /* LSO, which applied in the memberships test */
	json_decref(j);
}

/* ---- who does what where, for a period ---- */

static void test_province_period_and_csv(void **state)
{
	(void)state;
	/* A project in Nili (Daykundi) running 2030-2031 only, and one with no dates. */
	char body[1024];
	snprintf(body, sizeof body,
		 "{\"title_en\": \"Period test project\", \"visibility\": \"public\", \"status\": \"planned\","
		 " \"start_date\": \"2030-03\", \"end_date\": \"2031\", \"sectors\": [\"EiE\"],"
		 " \"places\": [{\"place\": \"Nili\", \"within\": \"Daykundi\"}],"
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}]}",
		 aics);
	json_decref(call(admin_token, "POST", "/api/v1/projects", body, 201));
	int status;
	char *html = page(NULL, "/places/AF24?from=2031-06&to=2032", &status);
	assert_int_equal(status, 200);
	const char *table = strstr(html, "id=\"who-what-where-table\"");
	assert_non_null(table);
	assert_non_null(strstr(table, "Afghanistan Institute for Civil Society"));
	free(html);
	/* Before it started: not there. */
	html = page(NULL, "/places/AF24?from=2029&to=2030-02", &status);
	assert_int_equal(status, 200);
	assert_null(strstr(html, "Afghanistan Institute for Civil Society</bdi></a></td><td class=\"num\""));
	free(html);
	/* A bad period is named. */
	html = page(NULL, "/places/AF24?from=2031&to=2030", &status);
	assert_int_equal(status, 400);
	assert_non_null(strstr(html, "must not be before the start"));
	free(html);

	HttpAnswer a;
	send_req(NULL, NULL, "GET", "/places/AF24.csv?from=2031-06", NULL, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(http_answer_header(&a, "Content-Type"), "text/csv"));
	assert_int_equal(strncmp(a.body, "pcode,place,sector_code,sector,org_id,organization,projects\r\n", 61), 0);
	char line[256];
	snprintf(line, sizeof line, "AF2401,Nili,EiE,Education in Emergencies,%lld,Afghanistan Institute for Civil Society,1\r\n",
		 aics);
	assert_non_null(strstr(a.body, line));
	http_answer_free(&a);
	send_req(NULL, NULL, "GET", "/places/AF24.csv?to=2030-02", NULL, &a);
	assert_null(strstr(a.body, "Afghanistan Institute for Civil Society"));
	http_answer_free(&a);
	send_req(NULL, NULL, "GET", "/places/AF24.csv?from=soon", NULL, &a);
	assert_int_equal(a.status, 400);
	http_answer_free(&a);
	send_req(NULL, NULL, "GET", "/places/ZZ99.csv", NULL, &a);
	assert_int_equal(a.status, 404);
	http_answer_free(&a);
}

/* ---- schedules and services ---- */

static void test_schedule_met_as_planned(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/schedule", aics);
	json_t *j = call(coord_token, "PUT", path, "{\"recurrence\": \"weekly\", \"since\": \"2017-01\"}", 400);
	char *text = json_dumps(j, 0);
	assert_non_null(strstr(text, "is not one of monthly, quarterly"));
	assert_non_null(strstr(text, "must be a full date (YYYY-MM-DD)"));
	free(text);
	json_decref(j);
	json_decref(call(ministry_token, "PUT", path, "{\"recurrence\": \"monthly\", \"since\": \"2017-01-01\"}", 403));
	/* Monthly in the first quarter of 2017: only March had a meeting (the
	 * round table of 13 March); January and February were missed. */
	json_decref(call(coord_token, "PUT", path,
			 "{\"recurrence\": \"monthly\", \"since\": \"2017-01-01\", \"until\": \"2017-03-31\"}", 200));
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/memberships", aics);
	j = call(NULL, "GET", path, NULL, 200);
	json_t *sc = json_object_get(j, "schedule");
	assert_non_null(sc);
	assert_int_equal(json_integer_value(json_object_get(sc, "periods_planned")), 3);
	assert_int_equal(json_integer_value(json_object_get(sc, "periods_met")), 1);
	assert_int_equal(json_integer_value(json_object_get(sc, "missed")), 2);
	json_decref(j);

	snprintf(path, sizeof path, "/api/v1/orgs/%lld/services", aics);
	json_decref(call(coord_token, "PUT", path, "{\"services\": [\"Round tables\", 7]}", 400));
	json_decref(call(coord_token, "PUT", path, "{\"services\": [\"Round tables\", \"Research on the enabling environment\"]}", 200));
	int status;
	snprintf(path, sizeof path, "/orgs/%lld", aics);
	char *html = page(NULL, path, &status);
	assert_non_null(strstr(html, "Research on the enabling environment"));
	assert_non_null(strstr(html, "met in 1 of 3 periods due; 2 missed"));
	free(html);
}

/* ---- highlights ---- */

/* The people reached on a highlights page, commas removed; -1 if absent. */
static long long people_total(const char *html)
{
	const char *at = strstr(html, "id=\"people-total\"><strong>");
	if (!at)
		return -1;
	at += strlen("id=\"people-total\"><strong>");
	long long n = 0;
	for (; *at && *at != '<'; at++)
		if (*at >= '0' && *at <= '9')
			n = n * 10 + (*at - '0');
	return n;
}

/* The people reached on LSO's highlights page, as an anonymous reader sees it. */
static long long highlights_total(void)
{
	char path[96];
	snprintf(path, sizeof path, "/orgs/%lld/highlights", lso);
	HttpAnswer a;
	send_req(NULL, NULL, "GET", path, NULL, &a);
	assert_int_equal(a.status, 200);
	long long n = people_total(a.body);
	http_answer_free(&a);
	return n;
}

static void test_highlights_count_what_the_reader_sees(void **state)
{
	(void)state;
	int status;
	char path[96];
	snprintf(path, sizeof path, "/orgs/%lld/highlights", lso);
	char *html = page(NULL, path, &status);
	assert_int_equal(status, 200);
	char link[96];
	snprintf(link, sizeof link, "/projects?org=%lld&amp;sector=", lso);
	assert_non_null(strstr(html, link));
	snprintf(link, sizeof link, "/projects?org=%lld&amp;province=AF24", lso);
	assert_non_null(strstr(html, link));
	free(html);
	long long before = highlights_total();
	assert_true(before > 0);

	/* A public project adds its people; a restricted one does not, for
	 * those who do not see it. */
	char body[1024];
	snprintf(body, sizeof body,
		 "{\"title_en\": \"Highlights public\", \"visibility\": \"public\", \"status\": \"completed\","
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}],"
		 " \"results\": [{\"indicator\": \"farmers trained\", \"value\": 300, \"unit\": \"people\","
		 " \"female\": 100, \"male\": 200, \"source\": \"test report\"}]}",
		 lso);
	json_decref(call(admin_token, "POST", "/api/v1/projects", body, 201));
	assert_int_equal(highlights_total(), before + 300);
	snprintf(body, sizeof body,
		 "{\"title_en\": \"Highlights restricted\", \"visibility\": \"restricted\", \"status\": \"completed\","
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}],"
		 " \"results\": [{\"indicator\": \"survivors supported\", \"value\": 777, \"unit\": \"people\","
		 " \"source\": \"confidential report\"}]}",
		 lso);
	HttpAnswer a;
	send_req(editor_token, NULL, "POST", "/api/v1/projects", body, &a);
	assert_int_equal(a.status, 201);
	http_answer_free(&a);
	assert_int_equal(highlights_total(), before + 300);
	html = page(NULL, path, &status);
	assert_null(strstr(html, "survivors supported"));
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_table_has_its_structure),
		cmocka_unit_test(test_recommendations_go_through_their_statuses),
		cmocka_unit_test(test_meeting_form_names_every_mistake_and_saves),
		cmocka_unit_test(test_memberships_on_both_pages),
		cmocka_unit_test(test_waiting_times_by_hand),
		cmocka_unit_test(test_restricted_names_in_a_meeting_stay_hidden),
		cmocka_unit_test(test_province_period_and_csv),
		cmocka_unit_test(test_highlights_count_what_the_reader_sees),
		cmocka_unit_test(test_schedule_met_as_planned),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
