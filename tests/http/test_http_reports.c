/*
 * test_http_reports.c — reports to the ministry over real HTTP, against
 * the real binary with the demo data: the workflow draft -> submitted ->
 * returned -> submitted -> accepted with its dates and history; who may
 * do each step; compliance as the demo's dates make it (on time, late,
 * missing); the overdue notice on the organization's page; the overdue
 * CSV; filters; status changes with their history; and that a restricted
 * organization never shows in compliance figures.
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

#define PASSWORD "a long enough passphrase"

static ServerProc server;
static long long lso, awec, moec;
static char admin_token[128], editor_token[128], other_editor_token[128], ministry_token[128],
	coord_token[128];

/* Sends a request with a token (NULL for anonymous); JSON body or none. */
static HttpAnswer call(const char *token, const char *method, const char *path, const char *body)
{
	char headers[512] = "";
	size_t n = 0;
	if (token)
		n += (size_t)snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n", token);
	if (body)
		snprintf(headers + n, sizeof headers - n, "Content-Type: application/json\r\n");
	HttpAnswer a;
	if (http_request("127.0.0.1", server.port, method, path, headers, body, body ? strlen(body) : 0, &a) != 0)
		fail_msg("%s %s: no answer", method, path);
	return a;
}

/* A call that must answer want; returns its JSON (caller decrefs), or NULL for a non-JSON body. */
static json_t *expect(const char *token, const char *method, const char *path, const char *body, int want)
{
	HttpAnswer a = call(token, method, path, body);
	if (a.status != want)
		fail_msg("%s %s: %d, wanted %d: %s", method, path, a.status, want, a.body);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	return j;
}

static const char *str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

/* The field names of a 400 answer, joined by spaces. */
static void fields_of(json_t *j, char *out, size_t size)
{
	out[0] = '\0';
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(json_object_get(j, "error"), "fields"), i, f) {
		strncat(out, str(f, "field"), size - strlen(out) - 2);
		strncat(out, " ", size - strlen(out) - 1);
	}
}

static long long find_org(const char *query, const char *acronym)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/orgs?q=%s", query);
	json_t *j = expect(admin_token, "GET", path, NULL, 200);
	long long id = 0;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(j, "items"), i, o)
		if (!id && strcmp(str(o, "acronym"), acronym) == 0)
			id = (long long)json_integer_value(json_object_get(o, "id"));
	if (!id)
		fail_msg("%s: not found", acronym);
	json_decref(j);
	return id;
}

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "admin", "admin", 0, PASSWORD, admin_token, sizeof admin_token) != 0)
		return -1;
	lso = find_org("labor%20spring", "LSO");
	awec = find_org("AWEC", "AWEC");
	moec = find_org("MoEc", "MoEc");
	if (server_add_user(&server, "editor-lso", "editor", lso, PASSWORD, editor_token, sizeof editor_token) != 0 ||
	    server_add_user(&server, "editor-awec", "editor", awec, PASSWORD, other_editor_token,
			    sizeof other_editor_token) != 0 ||
	    server_add_user(&server, "reviewer", "ministry", 0, PASSWORD, ministry_token, sizeof ministry_token) != 0 ||
	    server_add_user(&server, "coord", "coordinator", 0, PASSWORD, coord_token, sizeof coord_token) != 0)
		return -1;
	return 0;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

static json_t *history_of(json_t *report)
{
	return json_object_get(report, "history");
}

static void test_workflow_draft_to_accepted(void **state)
{
	(void)state;
	char body[1024], path[128], fields[512];
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"period_start\": \"2022-01-01\", \"period_end\": \"2022-06-30\","
		 " \"summary\": \"Half-year one\", \"recipients\": [%lld, %lld],"
		 " \"lines\": [{\"progress\": \"Trained 40 teachers\", \"indicator\": \"teachers trained\","
		 " \"value\": 40, \"female\": 28, \"male\": 12, \"spending\": 5000, \"currency\": \"USD\"}]}",
		 lso, moec, awec);
	json_t *r = expect(editor_token, "POST", "/api/v1/reports", body, 201);
	long long id = (long long)json_integer_value(json_object_get(r, "id"));
	assert_string_equal(str(r, "status"), "draft");
	assert_int_equal(json_array_size(json_object_get(r, "recipients")), 2);
	json_t *line = json_array_get(json_object_get(r, "lines"), 0);
	assert_int_equal(json_integer_value(json_object_get(line, "female")), 28);
	assert_string_equal(str(line, "currency"), "USD");
	json_decref(r);

	/* The ministry cannot accept a draft, nor an editor of another organization submit it. */
	snprintf(path, sizeof path, "/api/v1/reports/%lld/accept", id);
	r = expect(ministry_token, "POST", path, NULL, 400);
	fields_of(r, fields, sizeof fields);
	assert_non_null(strstr(fields, "status"));
	json_decref(r);
	snprintf(path, sizeof path, "/api/v1/reports/%lld/submit", id);
	json_decref(expect(other_editor_token, "POST", path, NULL, 404));
	json_decref(expect(ministry_token, "POST", path, NULL, 403));

	/* Submitted by its editor. */
	r = expect(editor_token, "POST", path, NULL, 200);
	assert_string_equal(str(r, "status"), "submitted");
	char first[16];
	snprintf(first, sizeof first, "%s", str(r, "first_submitted_on"));
	assert_int_equal(strlen(first), 10);
	json_decref(r);
	/* A submitted report is not edited any more. */
	snprintf(path, sizeof path, "/api/v1/reports/%lld", id);
	r = expect(editor_token, "PATCH", path, "{\"summary\": \"changed after\"}", 400);
	fields_of(r, fields, sizeof fields);
	assert_non_null(strstr(fields, "status"));
	json_decref(r);

	/* Returned: only with comments, only by the ministry (or an admin). */
	snprintf(path, sizeof path, "/api/v1/reports/%lld/return", id);
	r = expect(ministry_token, "POST", path, "{}", 400);
	fields_of(r, fields, sizeof fields);
	assert_non_null(strstr(fields, "comments"));
	json_decref(r);
	json_decref(expect(coord_token, "POST", path, "{\"comments\": \"no\"}", 403));
	json_decref(expect(editor_token, "POST", path, "{\"comments\": \"no\"}", 403));
	r = expect(ministry_token, "POST", path, "{\"comments\": \"Split the spending by donor.\"}", 200);
	assert_string_equal(str(r, "status"), "returned");
	assert_string_equal(str(r, "review_comments"), "Split the spending by donor.");
	json_decref(r);

	/* Corrected and submitted again: the first submission day stays. */
	snprintf(path, sizeof path, "/api/v1/reports/%lld", id);
	json_decref(expect(editor_token, "PATCH", path, "{\"summary\": \"Half-year one, spending split\"}", 200));
	snprintf(path, sizeof path, "/api/v1/reports/%lld/submit", id);
	r = expect(editor_token, "POST", path, NULL, 200);
	assert_string_equal(str(r, "status"), "submitted");
	assert_string_equal(str(r, "first_submitted_on"), first);
	assert_string_equal(str(r, "summary"), "Half-year one, spending split");
	json_decref(r);

	snprintf(path, sizeof path, "/api/v1/reports/%lld/accept", id);
	r = expect(ministry_token, "POST", path, NULL, 200);
	assert_string_equal(str(r, "status"), "accepted");
	json_t *h = history_of(r);
	const char *steps[] = {"draft", "submitted", "returned", "submitted", "accepted"};
	assert_int_equal(json_array_size(h), 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(str(json_array_get(h, i), "status"), steps[i]);
	assert_string_equal(str(json_array_get(h, 2), "by"), "reviewer");
	assert_string_equal(str(json_array_get(h, 2), "comment"), "Split the spending by donor.");
	json_decref(r);
	/* Accepted is final. */
	snprintf(path, sizeof path, "/api/v1/reports/%lld/submit", id);
	json_decref(expect(editor_token, "POST", path, NULL, 400));

	/* The page shows the status and each step; another organization's editor does not see it. */
	snprintf(path, sizeof path, "/reports/%lld", id);
	json_decref(expect(other_editor_token, "GET", "/api/v1/reports/1", NULL, 404));
	HttpAnswer a = call(NULL, "GET", path, NULL);
	assert_int_equal(a.status, 401);
	http_answer_free(&a);
}

static void test_bad_reports_are_refused_with_every_problem(void **state)
{
	(void)state;
	char body[1024], fields[512];
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"period_start\": \"2026-07-01\", \"period_end\": \"2026-02-30\","
		 " \"lines\": [{\"progress\": \"x\", \"value\": 10, \"female\": 8, \"male\": 5, \"spending\": 3},"
		 " {\"progress\": \"y\", \"spending\": 1, \"currency\": \"XXX\"}], \"recipients\": [999999]}",
		 lso);
	json_t *r = expect(editor_token, "POST", "/api/v1/reports", body, 400);
	fields_of(r, fields, sizeof fields);
	/* A day that does not exist, a result with no indicator, figures above
	 * the total, spending without currency, an unknown currency and an
	 * unknown recipient: all named at once. */
	assert_non_null(strstr(fields, "period_end"));
	assert_non_null(strstr(fields, "lines[0].indicator"));
	assert_non_null(strstr(fields, "lines[0].value"));
	assert_non_null(strstr(fields, "lines[0].currency"));
	assert_non_null(strstr(fields, "lines[1].currency"));
	assert_non_null(strstr(fields, "recipients[0]"));
	json_decref(r);
	/* An editor does not write reports for another organization. */
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"period_start\": \"2026-01-01\", \"period_end\": \"2026-06-30\"}", lso);
	json_decref(expect(other_editor_token, "POST", "/api/v1/reports", body, 403));
	json_decref(expect(NULL, "POST", "/api/v1/reports", body, 401));
}

/* The state of the period of an organization's compliance that ends on end. */
static const char *period_state(json_t *item, const char *end)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(item, "periods"), i, p)
		if (strcmp(str(p, "end"), end) == 0)
			return str(p, "state");
	return "(none)";
}

static json_t *compliance_item(json_t *answer, long long org)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(answer, "items"), i, it)
		if (json_integer_value(json_object_get(it, "org_id")) == org)
			return it;
	return NULL;
}

static void test_compliance_follows_the_demo_dates(void **state)
{
	(void)state;
	json_decref(expect(NULL, "GET", "/api/v1/compliance", NULL, 401));
	json_decref(expect(editor_token, "GET", "/api/v1/compliance", NULL, 403));
	json_t *j = expect(coord_token, "GET", "/api/v1/compliance", NULL, 200);
	json_t *it = compliance_item(j, lso);
	assert_non_null(it);
	assert_string_equal(str(it, "authority_name"), "Ministry of Economy");
	assert_string_equal(str(it, "frequency"), "half_year");
	assert_string_equal(str(it, "province"), "AF01");
	/* Submitted 25 July for June: on time; 5 February for December, due 30 January: late. */
	assert_string_equal(period_state(it, "2023-06-30"), "on_time");
	assert_string_equal(period_state(it, "2023-12-31"), "late");
	/* Submitted on its due day, returned and submitted again: on time. */
	assert_string_equal(period_state(it, "2024-06-30"), "on_time");
	assert_string_equal(period_state(it, "2024-12-31"), "missing");
	assert_string_equal(period_state(it, "2025-06-30"), "on_time");
	/* A draft never submitted counts as missing. */
	assert_string_equal(period_state(it, "2025-12-31"), "missing");
	assert_true(json_is_true(json_object_get(it, "overdue")));
	json_t *c = json_object_get(it, "counts");
	long long expected = json_integer_value(json_object_get(c, "expected"));
	long long on_time = json_integer_value(json_object_get(c, "on_time"));
	assert_true(expected >= 6);
	assert_int_equal(json_integer_value(json_object_get(c, "late")), 1);
	assert_int_equal(json_integer_value(json_object_get(c, "on_time_rate")), (on_time * 200 + expected) / (2 * expected));

	/* AWEC's quarters are Solar Hijri: the first runs from its start in
	 * Saur 1403 to the end of Jawza (20 June 2024). */
	it = compliance_item(j, awec);
	assert_non_null(it);
	json_t *first = json_array_get(json_object_get(it, "periods"), 0);
	assert_string_equal(str(first, "start"), "2024-05-01");
	assert_string_equal(str(first, "end"), "2024-06-20");
	assert_string_equal(str(first, "state"), "missing");
	json_decref(j);

	/* Filters: a province, a span of period ends, overdue only, and a bad date named. */
	j = expect(ministry_token, "GET", "/api/v1/compliance?province=Balkh", NULL, 200);
	assert_null(compliance_item(j, lso));
	json_decref(j);
	j = expect(ministry_token, "GET", "/api/v1/compliance?province=Kabul&from=2023&to=2023", NULL, 200);
	it = compliance_item(j, lso);
	assert_non_null(it);
	c = json_object_get(it, "counts");
	assert_int_equal(json_integer_value(json_object_get(c, "expected")), 2);
	assert_int_equal(json_integer_value(json_object_get(c, "on_time")), 1);
	assert_int_equal(json_integer_value(json_object_get(c, "submission_rate")), 100);
	assert_int_equal(json_integer_value(json_object_get(c, "on_time_rate")), 50);
	json_decref(j);
	j = expect(ministry_token, "GET", "/api/v1/compliance?from=sh:1403-01&to=sh:1403-12", NULL, 200);
	c = json_object_get(compliance_item(j, lso), "counts");
	/* Periods ending 21 March 2024 .. 20 March 2025: June and December 2024. */
	assert_int_equal(json_integer_value(json_object_get(c, "expected")), 2);
	json_decref(j);
	char fields[256];
	j = expect(ministry_token, "GET", "/api/v1/compliance?from=June", NULL, 400);
	fields_of(j, fields, sizeof fields);
	assert_non_null(strstr(fields, "from"));
	json_decref(j);
}

static void test_overdue_notice_and_csv(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/orgs/%lld", lso);
	HttpAnswer a = call(NULL, "GET", path, NULL);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body, "id=\"overdue\""));
	assert_non_null(strstr(a.body, "2024-07-01 – 2024-12-31"));
	/* Anonymous readers get the notice, not the reports or the status form. */
	assert_null(strstr(a.body, "id=\"reports\""));
	assert_null(strstr(a.body, "id=\"status-change\""));
	http_answer_free(&a);
	/* An organization without an obligation has no notice. */
	snprintf(path, sizeof path, "/orgs/%lld", moec);
	a = call(NULL, "GET", path, NULL);
	assert_null(strstr(a.body, "id=\"overdue\""));
	http_answer_free(&a);

	/* A name a spreadsheet would run as a formula stays text in the CSV. */
	json_t *o = expect(admin_token, "POST", "/api/v1/orgs",
			   "{\"name_en\": \"=HYPERLINK(\\\"http://x\\\",\\\"a, b\\\")\", \"kind\": \"cso\", \"visibility\": \"public\"}",
			   201);
	long long evil = (long long)json_integer_value(json_object_get(o, "id"));
	json_decref(o);
	char body[256];
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/obligation", evil);
	snprintf(body, sizeof body, "{\"authority_id\": %lld, \"start_date\": \"2020-01-01\"}", moec);
	json_decref(expect(ministry_token, "PUT", path, body, 200));

	/* The reviewer's download (the pages take a personal token too). */
	a = call(ministry_token, "GET", "/compliance/overdue.csv", NULL);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(http_answer_header(&a, "Content-Type"), "text/csv"));
	assert_true(strncmp(a.body, "org_id,organization,province,", 29) == 0);
	assert_non_null(strstr(a.body, ",Labor Spring Organization,AF01,Ministry of Economy,half_year,"));
	assert_non_null(strstr(a.body, ",\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\","));
	http_answer_free(&a);
	a = call(editor_token, "GET", "/compliance/overdue.csv", NULL);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	a = call(ministry_token, "GET", "/compliance?overdue=1", NULL);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body, "id=\"compliance\""));
	assert_non_null(strstr(a.body, "Labor Spring Organization"));
	assert_non_null(strstr(a.body, "=HYPERLINK(&quot;"));
	/* AWEC's Solar Hijri quarters are named in their months. */
	assert_non_null(strstr(a.body, "2024-05-01 – 2024-06-20 (Sawr 1403 – Jawza 1403)"));
	http_answer_free(&a);
}

static void test_status_changes_keep_their_history(void **state)
{
	(void)state;
	char path[64], fields[256];
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/status", awec);
	json_t *j = expect(ministry_token, "POST", path, "{\"change\": \"suspended\"}", 400);
	fields_of(j, fields, sizeof fields);
	assert_non_null(strstr(fields, "reason"));
	json_decref(j);
	j = expect(ministry_token, "POST", path, "{\"change\": \"asleep\", \"reason\": \"r\"}", 400);
	fields_of(j, fields, sizeof fields);
	assert_non_null(strstr(fields, "change"));
	json_decref(j);
	json_decref(expect(coord_token, "POST", path, "{\"change\": \"suspended\", \"reason\": \"r\"}", 403));
	json_decref(expect(other_editor_token, "POST", path, "{\"change\": \"active\", \"reason\": \"r\"}", 403));

	json_decref(expect(ministry_token, "POST", path,
			   "{\"change\": \"inactive\", \"reason\": \"No report for two years; letters unanswered.\"}", 201));
	char org_path[64];
	snprintf(org_path, sizeof org_path, "/api/v1/orgs/%lld", awec);
	j = expect(NULL, "GET", org_path, NULL, 200);
	assert_string_equal(str(j, "status"), "inactive");
	json_decref(j);
	j = expect(admin_token, "POST", path, "{\"change\": \"reinstated\", \"reason\": \"Reports received.\"}", 201);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	json_t *first = json_array_get(items, 0), *second = json_array_get(items, 1);
	assert_string_equal(str(first, "old_status"), "active");
	assert_string_equal(str(first, "new_status"), "inactive");
	assert_string_equal(str(first, "by"), "reviewer");
	assert_string_equal(str(second, "change"), "reinstated");
	assert_string_equal(str(second, "new_status"), "active");
	assert_string_equal(str(second, "reason"), "Reports received.");
	json_decref(j);
	/* Reinstating an active organization makes no sense. */
	json_decref(expect(admin_token, "POST", path, "{\"change\": \"reinstated\", \"reason\": \"again\"}", 400));
	/* The history is on the organization's page. */
	snprintf(org_path, sizeof org_path, "/orgs/%lld", awec);
	HttpAnswer a = call(NULL, "GET", org_path, NULL);
	assert_non_null(strstr(a.body, "id=\"status-history\""));
	assert_non_null(strstr(a.body, "No report for two years; letters unanswered."));
	http_answer_free(&a);
}

static void test_restricted_orgs_stay_out_of_compliance(void **state)
{
	(void)state;
	json_t *before = expect(ministry_token, "GET", "/api/v1/compliance", NULL, 200);
	char *before_text = json_dumps(json_object_get(before, "total"), JSON_SORT_KEYS);
	size_t before_count = json_array_size(json_object_get(before, "items"));
	json_decref(before);

	/* Public at first, with an obligation: counted. */
	json_t *o = expect(admin_token, "POST", "/api/v1/orgs",
			   "{\"name_en\": \"Canary reporter\", \"kind\": \"cso\", \"visibility\": \"public\"}", 201);
	long long hidden = (long long)json_integer_value(json_object_get(o, "id"));
	json_decref(o);
	char path[96], body[256];
	snprintf(path, sizeof path, "/api/v1/orgs/%lld/obligation", hidden);
	snprintf(body, sizeof body, "{\"authority_id\": %lld, \"start_date\": \"2020-01-01\"}", moec);
	json_decref(expect(ministry_token, "PUT", path, body, 200));
	json_t *counted = expect(ministry_token, "GET", "/api/v1/compliance", NULL, 200);
	assert_non_null(compliance_item(counted, hidden));
	assert_int_equal(json_array_size(json_object_get(counted, "items")), before_count + 1);
	json_decref(counted);

	/* Made restricted: gone from the figures, the list, the CSV and its obligation. */
	char org_path[64];
	snprintf(org_path, sizeof org_path, "/api/v1/orgs/%lld", hidden);
	json_decref(expect(admin_token, "PATCH", org_path, "{\"visibility\": \"restricted\"}", 200));
	json_decref(expect(ministry_token, "GET", path, NULL, 404));
	json_decref(expect(NULL, "GET", path, NULL, 404));
	json_decref(expect(ministry_token, "PUT", path, body, 404));
	json_t *after = expect(ministry_token, "GET", "/api/v1/compliance", NULL, 200);
	char *after_text = json_dumps(json_object_get(after, "total"), JSON_SORT_KEYS);
	assert_string_equal(before_text, after_text);
	assert_int_equal(json_array_size(json_object_get(after, "items")), before_count);
	assert_null(compliance_item(after, hidden));
	/* Nor does the feed of recent changes name reporting entries (the
	 * obligation's entry carries the organization's id) to anyone but admins. */
	const char *readers[] = {NULL, editor_token, ministry_token, coord_token};
	for (size_t i = 0; i < 4; i++) {
		HttpAnswer a = call(readers[i], "GET", "/", NULL);
		assert_int_equal(a.status, 200);
		assert_null(strstr(a.body, "report_obligation"));
		assert_null(strstr(a.body, "org_status_change"));
		http_answer_free(&a);
	}
	HttpAnswer mine = call(admin_token, "GET", "/", NULL);
	assert_non_null(strstr(mine.body, "report_obligation"));
	http_answer_free(&mine);
	json_decref(after);
	free(before_text);
	free(after_text);
}

static void test_a_restricted_project_in_a_line_stays_hidden(void **state)
{
	(void)state;
	/* LSO's own restricted project, which its editor sees. */
	char path[128], body[1024];
	snprintf(path, sizeof path, "/api/v1/projects?org=%lld&limit=100", lso);
	json_t *j = expect(editor_token, "GET", path, NULL, 200);
	long long hidden = 0;
	char title[256] = "";
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(j, "items"), i, p)
		if (!hidden && strcmp(str(p, "visibility"), "restricted") == 0) {
			hidden = (long long)json_integer_value(json_object_get(p, "id"));
			snprintf(title, sizeof title, "%s", str(p, "title_en"));
		}
	json_decref(j);
	assert_true(hidden > 0);
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"period_start\": \"2021-01-01\", \"period_end\": \"2021-06-30\","
		 " \"lines\": [{\"project_id\": %lld, \"progress\": \"Shelter open all months\"}]}",
		 lso, hidden);
	json_t *r = expect(editor_token, "POST", "/api/v1/reports", body, 201);
	long long id = (long long)json_integer_value(json_object_get(r, "id"));
	json_decref(r);

	/* The reviewer reads the report, not the project: no id, no title. */
	snprintf(path, sizeof path, "/api/v1/reports/%lld", id);
	HttpAnswer a = call(ministry_token, "GET", path, NULL);
	assert_int_equal(a.status, 200);
	char id_text[32];
	snprintf(id_text, sizeof id_text, "\"project_id\":%lld", hidden);
	assert_null(strstr(a.body, id_text));
	assert_null(strstr(a.body, title));
	assert_non_null(strstr(a.body, "Shelter open all months"));
	http_answer_free(&a);
	snprintf(path, sizeof path, "/reports/%lld", id);
	a = call(ministry_token, "GET", path, NULL);
	assert_int_equal(a.status, 200);
	assert_null(strstr(a.body, title));
	http_answer_free(&a);

	/* An admin's change that did not see it does not drop it. */
	snprintf(path, sizeof path, "/api/v1/reports/%lld", id);
	json_decref(expect(admin_token, "PATCH", path, "{\"summary\": \"checked\"}", 200));
	a = call(editor_token, "GET", path, NULL);
	assert_non_null(strstr(a.body, id_text));
	assert_non_null(strstr(a.body, "\"summary\":\"checked\""));
	http_answer_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workflow_draft_to_accepted),
		cmocka_unit_test(test_bad_reports_are_refused_with_every_problem),
		cmocka_unit_test(test_compliance_follows_the_demo_dates),
		cmocka_unit_test(test_overdue_notice_and_csv),
		cmocka_unit_test(test_status_changes_keep_their_history),
		cmocka_unit_test(test_restricted_orgs_stay_out_of_compliance),
		cmocka_unit_test(test_a_restricted_project_in_a_line_stays_hidden),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
