/*
 * test_http_forms.c — the forms around memberships, applications to
 * authorities and reports returned with comments, driven as a person
 * would: signed in through the login form, posting what the page offers,
 * with the session's CSRF token.
 *
 * Each form is tried as the right role and the wrong ones: the success
 * path (303 and the record as the API reads it afterwards), validation
 * errors shown on the form in the reader's language with what was typed
 * kept (a bad date, an unknown body, a decision before the submission),
 * a post without its CSRF token, an editor of another organization
 * (403); and after every refused post, nothing written.
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
#define FORM_TYPE     "application/x-www-form-urlencoded"

/* One account as the test acts it. */
typedef struct Who {
	const char *login;
	const char *role;
	char token[128];   /* personal API token */
	char cookie[128];  /* "hh_session=..." */
	char csrf[64];     /* that session's CSRF token */
} Who;

enum { EDITOR_A, EDITOR_B, COORD, MINISTRY, ADMIN, WHO_COUNT };
static Who who[WHO_COUNT] = {
	{.login = "editor-a", .role = "editor"}, {.login = "editor-b", .role = "editor"},
	{.login = "coord", .role = "coordinator"}, {.login = "ministry", .role = "ministry"},
	{.login = "admin", .role = "admin"},
};

static ServerProc server;
static long long org_a, org_b;   /* LSO (editor A's), AWEC (editor B's) */
static long long authority_a;    /* LSO's registration authority */

/* ---- requests ---- */

/* A JSON call with w's token; checks the status; returns the answer (caller decrefs). */
static json_t *api(const Who *w, const char *method, const char *path, const char *body, int want)
{
	char headers[512];
	snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n%s", w->token,
		 body ? "Content-Type: application/json\r\n" : "");
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, method, path, headers, body,
				      body ? strlen(body) : 0, &a),
			 0);
	if (a.status != want)
		fail_msg("%s %s as %s: %d, wanted %d: %.600s", method, path, w->login, a.status, want, a.body);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	return j;
}

/* The admin's JSON text of a path, to compare before and after (caller frees). */
static char *snapshot(const char *path)
{
	json_t *j = api(&who[ADMIN], "GET", path, NULL, 200);
	char *text = json_dumps(j, JSON_SORT_KEYS);
	json_decref(j);
	return text;
}

/* A page request as w (cookie); form bodies get w's CSRF token first
 * unless with_csrf is false. The answer is the caller's to free. */
static void page(const Who *w, const char *method, const char *path, const char *form, bool with_csrf,
		 HttpAnswer *a)
{
	char headers[512];
	snprintf(headers, sizeof headers, "Cookie: %s\r\n%s", w->cookie, form ? "Content-Type: " FORM_TYPE "\r\n" : "");
	char body[4096] = "";
	if (form)
		snprintf(body, sizeof body, "%s%s%s%s", with_csrf ? "csrf=" : "", with_csrf ? w->csrf : "",
			 with_csrf ? "&" : "", form);
	assert_int_equal(http_request("127.0.0.1", server.port, method, path, headers, form ? body : NULL,
				      form ? strlen(body) : 0, a),
			 0);
}

/* page(), checking the status; returns the body (caller frees). */
static char *page_want(const Who *w, const char *method, const char *path, const char *form, int want)
{
	HttpAnswer a;
	page(w, method, path, form, true, &a);
	if (a.status != want)
		fail_msg("%s %s as %s: %d, wanted %d: %.800s", method, path, w->login, a.status, want, a.body);
	char *text = strdup(a.body);
	if (want == 303) {
		const char *loc = http_answer_header(&a, "Location");
		free(text);
		text = strdup(loc ? loc : "");
	}
	http_answer_free(&a);
	return text;
}

static void assert_has(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("wanted \"%s\" in: %.1500s", needle, text);
}

static void sign_in(Who *w)
{
	char body[256];
	snprintf(body, sizeof body, "login=%s&password=" PASSWORD_FORM, w->login);
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/login",
				      "Content-Type: " FORM_TYPE "\r\n", body, strlen(body), &a),
			 0);
	assert_int_equal(a.status, 303);
	const char *set = http_answer_header(&a, "Set-Cookie");
	assert_non_null(set);
	snprintf(w->cookie, sizeof w->cookie, "%.*s", (int)strcspn(set, ";"), set);
	http_answer_free(&a);
	page(w, "GET", "/", NULL, false, &a);
	const char *v = strstr(a.body, "name=\"csrf\" value=\"");
	assert_non_null(v);
	v += strlen("name=\"csrf\" value=\"");
	snprintf(w->csrf, sizeof w->csrf, "%.*s", (int)strcspn(v, "\""), v);
	http_answer_free(&a);
}

static long long id_of(json_t *j)
{
	return (long long)json_integer_value(json_object_get(j, "id"));
}

/* The id at the end of a Location such as "/permits#application-12". */
static long long id_after(const char *location, const char *marker)
{
	const char *p = strstr(location, marker);
	assert_non_null(p);
	return strtoll(p + strlen(marker), NULL, 10);
}

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "admin", "admin", 0, PASSWORD, who[ADMIN].token, sizeof who[ADMIN].token) != 0)
		return -1;
	json_t *j = api(&who[ADMIN], "GET", "/api/v1/orgs?q=labor%20spring", NULL, 200);
	json_t *lso = json_array_get(json_object_get(j, "items"), 0);
	org_a = id_of(lso);
	authority_a = (long long)json_integer_value(json_object_get(json_object_get(lso, "registration"), "authority_id"));
	json_decref(j);
	j = api(&who[ADMIN], "GET", "/api/v1/orgs?q=AWEC", NULL, 200);
	org_b = id_of(json_array_get(json_object_get(j, "items"), 0));
	json_decref(j);
	if (!org_a || !org_b || !authority_a || org_a == org_b)
		return -1;
	for (int r = EDITOR_A; r < ADMIN; r++) {
		long long org = r == EDITOR_A ? org_a : r == EDITOR_B ? org_b : 0;
		if (server_add_user(&server, who[r].login, who[r].role, org, PASSWORD, who[r].token,
				    sizeof who[r].token) != 0)
			return -1;
	}
	for (int r = 0; r < WHO_COUNT; r++)
		sign_in(&who[r]);
	return 0;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* ---- memberships ---- */

/* The membership of org in body, as the API lists the body's members; NULL if none. */
static json_t *membership_of(json_t *members, long long org)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(members, "members"), i, m)
		if (json_integer_value(json_object_get(m, "org_id")) == org)
			return m;
	return NULL;
}

static void test_membership_forms(void **state)
{
	(void)state;
	char path[128], form[512], members_path[128];
	snprintf(path, sizeof path, "/orgs/%lld/memberships", org_a);
	snprintf(members_path, sizeof members_path, "/api/v1/orgs/%lld/memberships", org_b);

	/* The organization's page leads to the form; the form offers editor B
	 * its own body only. */
	char url[128];
	snprintf(url, sizeof url, "/orgs/%lld", org_a);
	char *text = page_want(&who[EDITOR_B], "GET", url, NULL, 200);
	assert_has(text, path);
	free(text);
	text = page_want(&who[EDITOR_B], "GET", path, NULL, 200);
	char option[64];
	snprintf(option, sizeof option, "<option value=\"%lld\"", org_b);
	assert_has(text, "name=\"body_id\"");
	const char *body_select = strstr(text, "name=\"body_id\"");
	assert_non_null(strstr(body_select, option));
	snprintf(option, sizeof option, "<option value=\"%lld\"", org_a);
	const char *end = strstr(body_select, "</select>");
	const char *a_option = strstr(body_select, option);
	assert_true(a_option == NULL || a_option > end);
	free(text);

	char *before = snapshot(members_path);

	/* Editor A may not write B's list of members: refused, nothing written. */
	snprintf(form, sizeof form, "org_id=%lld&body_id=%lld&status=member&since=2020", org_a, org_b);
	free(page_want(&who[EDITOR_A], "POST", path, form, 403));
	/* The ministry neither. */
	free(page_want(&who[MINISTRY], "POST", path, form, 403));
	/* Without the CSRF token nothing happens either. */
	HttpAnswer a;
	page(&who[EDITOR_B], "POST", path, form, false, &a);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	/* An unknown body and a bad date: every problem named, in Dari for a
	 * Dari reader, with what was typed kept. */
	snprintf(form, sizeof form, "org_id=%lld&body_id=999999&status=member&since=2020-13-45&note=kept+note", org_a);
	char dari[160];
	snprintf(dari, sizeof dari, "%s?lang=prs", path);
	text = page_want(&who[COORD], "POST", dari, form, 400);
	assert_has(text, "هیچ نهاد شناخته‌شده‌ای را نام نمی‌برد"); /* names no known organization */
	assert_has(text, "value=\"2020-13-45\"");
	assert_has(text, "value=\"kept note\"");
	free(text);
	char *after = snapshot(members_path);
	assert_string_equal(before, after);
	free(after);

	/* Editor B adds LSO to AWEC, since a Solar Hijri day. */
	snprintf(form, sizeof form, "org_id=%lld&body_id=%lld&status=applied&since=sh%%3A1400-05-24", org_a, org_b);
	text = page_want(&who[EDITOR_B], "POST", path, form, 303);
	long long membership = id_after(text, "#membership-");
	free(text);
	json_t *j = api(&who[ADMIN], "GET", members_path, NULL, 200);
	json_t *m = membership_of(j, org_a);
	assert_non_null(m);
	assert_int_equal(id_of(m), membership);
	assert_string_equal(json_string_value(json_object_get(m, "status")), "applied");
	assert_string_equal(json_string_value(json_object_get(m, "since")), "2021-08-15");
	json_decref(j);
	/* Twice is refused, on the form. */
	text = page_want(&who[EDITOR_B], "POST", path, form, 400);
	assert_has(text, "already has this organization as a member");
	free(text);

	/* The status changes with a date, on the membership's own form. */
	snprintf(url, sizeof url, "/memberships/%lld", membership);
	before = snapshot(members_path);
	snprintf(form, sizeof form, "back=%lld&status=lapsed&date=2021-01-01", org_a);
	text = page_want(&who[EDITOR_B], "POST", url, form, 400); /* ends before it began */
	assert_has(text, "must not be before the start");
	snprintf(option, sizeof option, "id=\"date-%lld\"", membership);
	assert_has(text, option);
	assert_has(text, "value=\"2021-01-01\"");
	free(text);
	text = page_want(&who[EDITOR_B], "POST", url, "status=member&date=2021-13", 400);
	assert_has(text, "is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD");
	free(text);
	free(page_want(&who[EDITOR_A], "POST", url, "status=certified&date=2022-01-10", 403));
	page(&who[EDITOR_B], "POST", url, "status=member&date=2022-01-10", false, &a);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	after = snapshot(members_path);
	assert_string_equal(before, after);
	free(before);
	free(after);

	text = page_want(&who[EDITOR_B], "POST", url, "back=999&status=member&date=2022-01-10&note=accepted", 303);
	snprintf(option, sizeof option, "/orgs/%lld/memberships#membership-%lld", org_a, membership);
	assert_string_equal(text, option);
	free(text);
	text = page_want(&who[EDITOR_B], "POST", url, "status=lapsed&date=sh%3A1403-01-01", 303);
	free(text);
	j = api(&who[ADMIN], "GET", members_path, NULL, 200);
	m = membership_of(j, org_a);
	assert_string_equal(json_string_value(json_object_get(m, "status")), "lapsed");
	assert_string_equal(json_string_value(json_object_get(m, "since")), "2022-01-10");
	assert_string_equal(json_string_value(json_object_get(m, "until")), "2024-03-20");
	assert_string_equal(json_string_value(json_object_get(m, "note")), "accepted");
	json_decref(j);

	/* The same through the API. */
	char api_path[96];
	snprintf(api_path, sizeof api_path, "/api/v1/memberships/%lld", membership);
	json_decref(api(&who[EDITOR_A], "PATCH", api_path, "{\"status\": \"member\", \"date\": \"2024-04-01\"}", 403));
	json_decref(api(&who[MINISTRY], "PATCH", api_path, "{\"status\": \"member\", \"date\": \"2024-04-01\"}", 403));
	j = api(&who[EDITOR_B], "PATCH", api_path, "{\"status\": \"honorary\", \"date\": \"2999-01-01\"}", 400);
	text = json_dumps(j, 0);
	assert_has(text, "is not one of applied, member, certified, lapsed");
	assert_has(text, "is in the future");
	free(text);
	json_decref(j);
	j = api(&who[EDITOR_B], "PATCH", api_path, "{\"status\": \"certified\", \"date\": \"2024-04-01\"}", 200);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "certified");
	assert_string_equal(json_string_value(json_object_get(j, "since")), "2024-04-01");
	assert_true(json_is_null(json_object_get(j, "until")) || !json_object_get(j, "until"));
	json_decref(j);
	json_decref(api(&who[ADMIN], "PATCH", "/api/v1/memberships/999999", "{\"status\": \"member\", \"date\": \"2024-04-01\"}", 404));

	/* Every change is in the audit trail, with who made it. */
	text = page_want(&who[ADMIN], "GET", "/audit?kind=membership", NULL, 200);
	assert_has(text, "editor-b");
	assert_has(text, "2022-01-10");
	assert_has(text, "2024-03-20");
	free(text);
}

/* ---- applications ---- */

static long long applications_of_a(void)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/applications?org=%lld", org_a);
	json_t *j = api(&who[ADMIN], "GET", path, NULL, 200);
	long long n = (long long)json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

/* The application with that id, from the admin's list (caller decrefs). */
static json_t *application(long long id)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/applications?org=%lld", org_a);
	json_t *j = api(&who[ADMIN], "GET", path, NULL, 200);
	size_t i;
	json_t *ap;
	json_array_foreach(json_object_get(j, "items"), i, ap) {
		if (id_of(ap) == id) {
			json_incref(ap);
			json_decref(j);
			return ap;
		}
	}
	json_decref(j);
	fail_msg("application %lld not listed", id);
	return NULL;
}

/* The waiting-time row of an authority and kind (caller decrefs). */
static json_t *wait_row(long long authority, const char *kind)
{
	json_t *j = api(&who[ADMIN], "GET", "/api/v1/applications", NULL, 200);
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(j, "waiting_times"), i, w) {
		if (json_integer_value(json_object_get(w, "authority_id")) == authority &&
		    strcmp(json_string_value(json_object_get(w, "kind")), kind) == 0) {
			json_incref(w);
			json_decref(j);
			return w;
		}
	}
	json_decref(j);
	return NULL;
}

static void test_application_forms(void **state)
{
	(void)state;
	char form[512], url[96], marker[96];

	/* /permits leads to the form for those who may use it. */
	char *text = page_want(&who[EDITOR_A], "GET", "/permits", NULL, 200);
	assert_has(text, "href=\"/permits/new\"");
	free(text);
	/* Editor A applies for A only. */
	text = page_want(&who[EDITOR_A], "GET", "/permits/new", NULL, 200);
	const char *applicant = strstr(text, "name=\"org_id\"");
	assert_non_null(applicant);
	const char *end = strstr(applicant, "</select>");
	snprintf(marker, sizeof marker, "<option value=\"%lld\"", org_a);
	assert_true(strstr(applicant, marker) && strstr(applicant, marker) < end);
	snprintf(marker, sizeof marker, "<option value=\"%lld\"", org_b);
	assert_true(!strstr(applicant, marker) || strstr(applicant, marker) > end);
	free(text);

	long long count = applications_of_a();
	snprintf(form, sizeof form, "org_id=%lld&authority_id=%lld&kind=sector_mou&submitted=2024-01-01", org_a, authority_a);
	/* Editor B may not apply in A's name; the CSRF token is needed. */
	free(page_want(&who[EDITOR_B], "POST", "/permits", form, 403));
	HttpAnswer a;
	page(&who[EDITOR_A], "POST", "/permits", form, false, &a);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	/* A bad date and an unknown authority, named on the form in Pashto,
	 * with what was typed kept. */
	snprintf(form, sizeof form, "org_id=%lld&authority_id=999999&kind=sector_mou&submitted=2024-02-30&note=typed+note", org_a);
	text = page_want(&who[EDITOR_A], "POST", "/permits?lang=pus", form, 400);
	assert_has(text, "lang=\"ps");
	assert_has(text, "هېڅ پېژندل شوی بنسټ نه یادوي"); /* names no known organization */
	assert_has(text, "value=\"2024-02-30\"");
	assert_has(text, "typed note");
	assert_has(text, "id=\"submitted-error\"");
	assert_has(text, "id=\"authority_id-error\"");
	free(text);
	assert_int_equal(applications_of_a(), count);

	/* Registered with a Solar Hijri submission day (1402-10-11 is 1 January 2024). */
	snprintf(form, sizeof form, "org_id=%lld&authority_id=%lld&kind=sector_mou&submitted=sh%%3A1402-10-11&note=MoU+for+WASH",
		 org_a, authority_a);
	text = page_want(&who[EDITOR_A], "POST", "/permits", form, 303);
	long long id = id_after(text, "#application-");
	free(text);
	assert_int_equal(applications_of_a(), count + 1);
	json_t *ap = application(id);
	assert_string_equal(json_string_value(json_object_get(ap, "submitted")), "2024-01-01");
	assert_string_equal(json_string_value(json_object_get(ap, "outcome")), "pending");
	json_decref(ap);

	/* The decision: offered on /permits, refused to editor B. */
	snprintf(url, sizeof url, "/permits/%lld/decision", id);
	text = page_want(&who[EDITOR_A], "GET", "/permits", NULL, 200);
	assert_has(text, url);
	free(text);
	text = page_want(&who[EDITOR_B], "GET", "/permits", NULL, 200);
	assert_null(strstr(text, url));
	free(text);
	free(page_want(&who[EDITOR_B], "GET", url, NULL, 403));
	free(page_want(&who[EDITOR_A], "GET", url, NULL, 200));
	free(page_want(&who[EDITOR_B], "POST", url, "outcome=approved&decided=2024-03-01", 403));
	page(&who[EDITOR_A], "POST", url, "outcome=approved&decided=2024-03-01", false, &a);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	/* Decided before it was submitted, and no outcome: both named. */
	text = page_want(&who[EDITOR_A], "POST", url, "outcome=&decided=2023-12-01", 400);
	assert_has(text, "must not be before the submission");
	assert_has(text, "id=\"outcome-error\"");
	assert_has(text, "value=\"2023-12-01\"");
	free(text);
	ap = application(id);
	assert_string_equal(json_string_value(json_object_get(ap, "outcome")), "pending");
	assert_true(json_is_null(json_object_get(ap, "decided")) || !json_object_get(ap, "decided"));
	json_decref(ap);

	/* Approved 60 days after submission: the waiting times count it. */
	text = page_want(&who[MINISTRY], "POST", url, "outcome=approved&decided=2024-03-01", 303);
	free(text);
	ap = application(id);
	assert_string_equal(json_string_value(json_object_get(ap, "outcome")), "approved");
	assert_string_equal(json_string_value(json_object_get(ap, "decided")), "2024-03-01");
	assert_string_equal(json_string_value(json_object_get(ap, "note")), "MoU for WASH");
	json_decref(ap);
	json_t *w = wait_row(authority_a, "sector_mou");
	assert_non_null(w);
	assert_int_equal(json_integer_value(json_object_get(w, "decided")), 1);
	assert_int_equal(json_integer_value(json_object_get(w, "median_days")), 60);
	json_decref(w);
	text = page_want(&who[EDITOR_A], "GET", "/permits", NULL, 200);
	assert_null(strstr(text, url)); /* decided: no longer offered */
	free(text);
	/* Deciding twice is refused. */
	text = page_want(&who[EDITOR_A], "POST", url, "outcome=refused&decided=2024-03-02", 400);
	assert_has(text, "the application is already decided");
	free(text);

	/* The same through the API. */
	snprintf(form, sizeof form,
		 "{\"org_id\": %lld, \"authority_id\": %lld, \"kind\": \"tin\", \"submitted\": \"2024-01-10\"}", org_a,
		 authority_a);
	json_t *j = api(&who[EDITOR_A], "POST", "/api/v1/applications", form, 201);
	id = id_of(j);
	json_decref(j);
	snprintf(url, sizeof url, "/api/v1/applications/%lld", id);
	json_decref(api(&who[EDITOR_B], "PATCH", url, "{\"outcome\": \"approved\", \"decided\": \"2024-02-10\"}", 403));
	j = api(&who[EDITOR_A], "PATCH", url, "{\"outcome\": \"pending\", \"decided\": \"2024-01-09\"}", 400);
	text = json_dumps(j, 0);
	assert_has(text, "must not be before the submission");
	assert_has(text, "is not one of approved, refused, withdrawn");
	free(text);
	json_decref(j);
	j = api(&who[EDITOR_A], "PATCH", url, "{\"outcome\": \"refused\", \"decided\": \"sh:1402-11-21\", \"note\": \"incomplete\"}", 200);
	assert_string_equal(json_string_value(json_object_get(j, "decided")), "2024-02-10");
	assert_string_equal(json_string_value(json_object_get(j, "outcome")), "refused");
	json_decref(j);
	json_decref(api(&who[EDITOR_A], "PATCH", url, "{\"outcome\": \"approved\", \"decided\": \"2024-02-11\"}", 400));
	json_decref(api(&who[ADMIN], "PATCH", "/api/v1/applications/999999", "{\"outcome\": \"approved\", \"decided\": \"2024-02-11\"}", 404));
	w = wait_row(authority_a, "tin");
	assert_non_null(w);
	assert_true(json_integer_value(json_object_get(w, "decided")) >= 1);
	json_decref(w);
}

/* ---- a report returned with comments ---- */

static void test_returned_report(void **state)
{
	(void)state;
	char body[512], path[96], url[96];
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"period_start\": \"2023-01-01\", \"period_end\": \"2023-06-30\","
		 " \"summary\": \"First half\", \"lines\": [{\"progress\": \"Wells dug\", \"indicator\": \"people reached\","
		 " \"value\": 1200, \"female\": 700, \"male\": 500}]}",
		 org_a);
	json_t *j = api(&who[EDITOR_A], "POST", "/api/v1/reports", body, 201);
	long long id = id_of(j);
	json_decref(j);
	snprintf(path, sizeof path, "/api/v1/reports/%lld", id);
	snprintf(url, sizeof url, "/api/v1/reports/%lld/submit", id);
	json_decref(api(&who[EDITOR_A], "POST", url, NULL, 200));
	snprintf(url, sizeof url, "/api/v1/reports/%lld/return", id);
	json_decref(api(&who[MINISTRY], "POST", url, "{\"comments\": \"Add the figures for Balkh\"}", 200));

	/* The editor sees the comments and the way to correct the report. */
	char page_path[64], edit[64];
	snprintf(page_path, sizeof page_path, "/reports/%lld", id);
	snprintf(edit, sizeof edit, "/reports/%lld/edit", id);
	char *text = page_want(&who[EDITOR_A], "GET", page_path, NULL, 200);
	assert_has(text, "Add the figures for Balkh");
	assert_has(text, edit);
	free(text);
	/* The edit page: the comments, the fields filled in as stored. */
	text = page_want(&who[EDITOR_A], "GET", edit, NULL, 200);
	assert_has(text, "Add the figures for Balkh");
	assert_has(text, "value=\"2023-06-30\"");
	assert_has(text, ">\nFirst half</textarea>");
	assert_has(text, ">\nWells dug</textarea>");
	assert_has(text, "value=\"700\"");
	free(text);
	/* Not for another organization's editor, nor for the reviewer. */
	free(page_want(&who[EDITOR_B], "GET", edit, NULL, 404));
	free(page_want(&who[MINISTRY], "GET", edit, NULL, 403));

	char *before = snapshot(path);
	const char *corrected = "period_start=2023-01-01&period_end=2023-06-30&summary=First+half%2C+with+Balkh"
				"&lines=2&line0_progress=Wells+dug&line0_indicator=people+reached&line0_value=1500"
				"&line0_female=800&line0_male=700&line1_progress=Balkh+wells&then=submit";
	free(page_want(&who[EDITOR_B], "POST", page_path, corrected, 404));
	free(page_want(&who[MINISTRY], "POST", page_path, corrected, 403));
	HttpAnswer a;
	page(&who[EDITOR_A], "POST", page_path, corrected, false, &a);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	/* A bad date: named, what was typed kept, nothing saved. */
	text = page_want(&who[EDITOR_A], "POST", page_path,
			 "period_start=2023-01-01&period_end=2023-02-30&summary=Typed+again&lines=2&line1_female=many&then=submit",
			 400);
	assert_has(text, "value=\"2023-02-30\"");
	assert_has(text, ">\nTyped again</textarea>");
	assert_has(text, "value=\"many\"");
	assert_has(text, "Add the figures for Balkh");
	free(text);
	char *after = snapshot(path);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* Corrected and submitted again: the history keeps every step. */
	text = page_want(&who[EDITOR_A], "POST", page_path, corrected, 303);
	assert_string_equal(text, page_path);
	free(text);
	j = api(&who[ADMIN], "GET", path, NULL, 200);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "submitted");
	assert_string_equal(json_string_value(json_object_get(j, "summary")), "First half, with Balkh");
	assert_int_equal(json_array_size(json_object_get(j, "lines")), 2);
	text = json_dumps(j, 0);
	assert_has(text, "Balkh wells");
	free(text);
	json_t *events = json_object_get(j, "events");
	if (!events)
		events = json_object_get(j, "history");
	assert_true(json_array_size(events) >= 3);
	json_decref(j);
	/* A submitted report is no longer open to changes. */
	text = page_want(&who[EDITOR_A], "GET", edit, NULL, 303);
	free(text);
	free(page_want(&who[EDITOR_A], "POST", page_path, corrected, 400));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_membership_forms),
		cmocka_unit_test(test_application_forms),
		cmocka_unit_test(test_returned_report),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
