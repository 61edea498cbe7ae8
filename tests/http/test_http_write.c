/*
 * test_http_write.c — writes through the JSON API of the real binary:
 * create, patch and delete organizations and projects with a personal API
 * token; every kind of bad input answered with its status and the fields
 * named; nothing stored after a refused write; values holding markup come
 * back escaped on the pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "http_client.h"
#include "server_proc.h"

static ServerProc server;
static char auth[768]; /* "Authorization: Bearer ...\r\n" */

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	/* an administrator with a token, made with the command line */
	char out[512];
	const char *add[] = {"user", "add", "--db", server.db, "--login", "tester", "--role", "admin",
			     "--password-stdin", NULL};
	if (run_binary_input(add, "a long enough passphrase\n", out, sizeof out) != 0)
		return -1;
	const char *tok[] = {"token", "create", "--db", server.db, "--login", "tester", NULL};
	if (run_binary(tok, out, sizeof out) != 0)
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n", out);
	return 0;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* Sends a request with the token; returns the parsed body (or NULL for an
 * empty body) and checks the status. */
static json_t *call(const char *method, const char *path, const char *body, int want)
{
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, method, path, auth, body,
				      body ? strlen(body) : 0, &a),
			 0);
	if (a.status != want)
		fail_msg("%s %s: status %d, wanted %d: %s", method, path, a.status, want, a.body);
	json_t *j = a.body_len ? json_loadb(a.body, a.body_len, 0, NULL) : NULL;
	http_answer_free(&a);
	return j;
}

static long long total(const char *path)
{
	json_t *j = call("GET", path, NULL, 200);
	long long n = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

/* True when a 400 answer names that field. */
static int names_field(json_t *j, const char *field)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(json_object_get(j, "error"), "fields"), i, f) {
		if (strcmp(json_string_value(json_object_get(f, "field")), field) == 0)
			return 1;
	}
	return 0;
}

static void test_org_create_patch_delete(void **state)
{
	(void)state;
	long long before = total("/api/v1/orgs?limit=1");
	json_t *o = call("POST", "/api/v1/orgs",
			 "{\"name_en\": \"Bamyan Women Teachers Association\", \"name_prs\": \"انجمن معلمان زن بامیان\","
			 " \"kind\": \"cso\", \"acronym\": \"BWTA\", \"offices\": [{\"place\": \"Bamiyan\", \"main\": true}],"
			 " \"sectors\": [\"EiE\", \"WOMEN_RIGHTS\"], \"staff_total\": 12, \"staff_female\": 12,"
			 " \"registration\": {\"number\": \"4411\", \"date\": \"2019-06\"}}",
			 201);
	long long id = json_integer_value(json_object_get(o, "id"));
	assert_true(id > 0);
	json_t *office = json_array_get(json_object_get(o, "offices"), 0);
	assert_string_equal(json_string_value(json_object_get(office, "pcode")), "AF10");
	assert_non_null(json_object_get(o, "warnings")); /* Bamiyan -> Bamyan was a guess */
	json_decref(o);
	assert_int_equal(total("/api/v1/orgs?limit=1"), before + 1);

	char path[64];
	snprintf(path, sizeof path, "/api/v1/orgs/%lld", id);
	json_t *p = call("PATCH", path, "{\"staff_total\": 15, \"acronym\": null}", 200);
	assert_int_equal(json_integer_value(json_object_get(p, "staff_total")), 15);
	assert_true(json_is_null(json_object_get(p, "acronym")));
	assert_string_equal(json_string_value(json_object_get(p, "name_prs")), "انجمن معلمان زن بامیان");
	json_decref(p);

	/* an invalid patch changes nothing */
	json_t *e = call("PATCH", path, "{\"staff_female\": 99, \"kind\": \"cult\"}", 400);
	assert_true(names_field(e, "staff_female"));
	assert_true(names_field(e, "kind"));
	json_decref(e);
	json_t *same = call("GET", path, NULL, 200);
	assert_int_equal(json_integer_value(json_object_get(same, "staff_female")), 12);
	assert_string_equal(json_string_value(json_object_get(same, "kind")), "cso");
	json_decref(same);

	json_decref(call("DELETE", path, NULL, 204));
	json_decref(call("GET", path, NULL, 404));
	json_decref(call("DELETE", path, NULL, 404));
	assert_int_equal(total("/api/v1/orgs?limit=1"), before);
}

static void test_invalid_org_reports_every_field_and_stores_nothing(void **state)
{
	(void)state;
	long long before = total("/api/v1/orgs?limit=1");
	json_t *e = call("POST", "/api/v1/orgs",
			 "{\"name_en\": \"\", \"kind\": \"cult\", \"staff_total\": 5, \"staff_female\": 6,"
			 " \"reg\": 1, \"registration\": {\"date\": \"March 2010\"},"
			 " \"offices\": [{\"place\": \"Khost\"}, {\"place\": \"Atlantis\"}],"
			 " \"sectors\": [\"BASKETS\"], \"women_led\": \"yes\"}",
			 400);
	static const char *const fields[] = {"name_en", "kind", "staff_female", "reg", "registration.date",
					     "offices[0].place", "offices[1].place", "sectors[0]", "women_led"};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (!names_field(e, fields[i]))
			fail_msg("the answer does not name %s", fields[i]);
	json_decref(e);
	assert_int_equal(total("/api/v1/orgs?limit=1"), before);

	/* text that is not UTF-8, and text over the length cap */
	e = call("POST", "/api/v1/orgs", "{\"name_en\": \"\\u0000x\", \"kind\": \"cso\"}", 400);
	json_decref(e);
	char big[2200];
	memset(big, 'a', sizeof big);
	memcpy(big, "{\"kind\": \"cso\", \"name_en\": \"", 28);
	memcpy(big + sizeof big - 3, "\"}", 3);
	e = call("POST", "/api/v1/orgs", big, 400);
	assert_true(names_field(e, "name_en"));
	json_decref(e);
	assert_int_equal(total("/api/v1/orgs?limit=1"), before);
}

static void test_bad_bodies(void **state)
{
	(void)state;
	json_decref(call("POST", "/api/v1/orgs", "{\"name_en\": ", 400));
	json_decref(call("POST", "/api/v1/orgs", "[1, 2]", 400));
	HttpAnswer a;
	char hdr[320];
	snprintf(hdr, sizeof hdr, "%.*sContent-Type: text/plain\r\n", (int)(strstr(auth, "Content-Type") - auth), auth);
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/api/v1/orgs", hdr, "x", 1, &a), 0);
	assert_int_equal(a.status, 415);
	http_answer_free(&a);
	size_t n = 2u << 20;
	char *huge = malloc(n);
	memset(huge, ' ', n);
	huge[0] = '{';
	huge[n - 1] = '}';
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/api/v1/orgs", auth, huge, n, &a), 0);
	assert_int_equal(a.status, 413);
	http_answer_free(&a);
	free(huge);
}

static void test_project_create_with_results_and_conflict(void **state)
{
	(void)state;
	json_t *lso = call("GET", "/api/v1/orgs?q=labor%20spring", NULL, 200);
	long long lso_id = json_integer_value(json_object_get(json_array_get(json_object_get(lso, "items"), 0), "id"));
	json_decref(lso);
	char body[2048];
	snprintf(body, sizeof body,
		 "{\"title_en\": \"Spring wheat seed distribution\", \"status\": \"ongoing\","
		 " \"start_date\": \"2024-03\", \"end_date\": \"2024-09-30\", \"budget\": 25000, \"currency\": \"USD\","
		 " \"orgs\": [{\"org_id\": %lld, \"role\": \"implementing\"}],"
		 " \"sectors\": [\"FSAC\"], \"targets\": [\"farmers\", \"women\"],"
		 " \"places\": [{\"place\": \"Khawaja Dako\", \"within\": \"Jawzjan\", \"villages\": 4}, \"ولسوالی شبرغان\"],"
		 " \"results\": [{\"indicator\": \"farmers reached\", \"value\": 300, \"female\": 120, \"male\": 180, \"source\": \"report Q2\"},"
		 "               {\"indicator\": \"Farmers reached\", \"value\": 320, \"source\": \"donor monitoring visit\"}]}",
		 lso_id);
	json_t *e = call("POST", "/api/v1/projects", body, 400); /* the Dari "district of Sheberghan" is not a place name */
	assert_true(names_field(e, "places[1].place"));
	json_decref(e);
	char *fixed = strstr(body, "\"ولسوالی شبرغان\"");
	memcpy(fixed, "\"Shibirghan\"", strlen("\"Shibirghan\""));
	memmove(fixed + strlen("\"Shibirghan\""), fixed + strlen("\"ولسوالی شبرغان\""),
		strlen(fixed + strlen("\"ولسوالی شبرغان\"")) + 1);
	json_t *p = call("POST", "/api/v1/projects", body, 201);
	assert_string_equal(json_string_value(json_object_get(p, "visibility")), "members"); /* the default */
	json_t *places = json_object_get(p, "places");
	assert_string_equal(json_string_value(json_object_get(json_array_get(places, 0), "pcode")), "AF2802");
	assert_string_equal(json_string_value(json_object_get(json_array_get(places, 1), "pcode")), "AF2801");
	assert_int_equal(json_array_size(json_object_get(p, "conflicts")), 1);
	long long id = json_integer_value(json_object_get(p, "id"));
	json_decref(p);

	char path[64];
	snprintf(path, sizeof path, "/api/v1/projects/%lld", id);
	e = call("PATCH", path, "{\"end_date\": \"2023\", \"results\": [{\"indicator\": \"x\", \"value\": 10, \"female\": 11, \"source\": \"s\"}]}", 400);
	assert_true(names_field(e, "end_date"));
	assert_true(names_field(e, "results[0].female"));
	json_decref(e);
	json_t *same = call("GET", path, NULL, 200);
	assert_int_equal(json_array_size(json_object_get(same, "results")), 2);
	json_decref(same);
	json_decref(call("DELETE", path, NULL, 204));
}

static void test_markup_comes_back_escaped(void **state)
{
	(void)state;
	json_t *o = call("POST", "/api/v1/orgs",
			 "{\"name_en\": \"<script>alert('x')</script> \\u202eevil\", \"kind\": \"cso\", \"visibility\": \"public\","
			 " \"description\": \"\\\"><img src=x onerror=alert(1)> ' OR 1=1; DROP TABLE org; --\"}",
			 201);
	long long id = json_integer_value(json_object_get(o, "id"));
	json_decref(o);
	char path[64];
	snprintf(path, sizeof path, "/orgs/%lld", id);
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, NULL, NULL, 0, &a), 0);
	assert_int_equal(a.status, 200);
	assert_null(strstr(a.body, "<script>alert"));
	assert_null(strstr(a.body, "<img src=x"));
	assert_non_null(strstr(a.body, "&lt;script&gt;"));
	http_answer_free(&a);
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", "/orgs?q=script", NULL, NULL, 0, &a), 0);
	assert_null(strstr(a.body, "<script>alert"));
	http_answer_free(&a);
	assert_true(total("/api/v1/orgs?limit=1") > 50); /* the table is still there */
}

/* Signs in through the login form; fills cookie ("Cookie: ...\r\n") and the
 * CSRF token read from a form page. */
static void sign_in(char *cookie, size_t cookie_size, char *csrf, size_t csrf_size)
{
	HttpAnswer a;
	const char *form = "login=tester&password=a+long+enough+passphrase";
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/login",
				      "Content-Type: application/x-www-form-urlencoded\r\n", form,
				      strlen(form), &a), 0);
	assert_int_equal(a.status, 303);
	const char *set = http_answer_header(&a, "Set-Cookie");
	assert_non_null(set);
	assert_non_null(strstr(set, "HttpOnly"));
	assert_non_null(strstr(set, "SameSite=Strict"));
	snprintf(cookie, cookie_size, "Cookie: %.*s\r\n", (int)strcspn(set, ";"), set);
	http_answer_free(&a);
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", "/orgs/new", cookie, NULL, 0, &a), 0);
	assert_int_equal(a.status, 200);
	assert_string_equal(http_answer_header(&a, "Cache-Control"), "no-store");
	const char *v = strstr(a.body, "name=\"csrf\" value=\"");
	assert_non_null(v);
	v += strlen("name=\"csrf\" value=\"");
	snprintf(csrf, csrf_size, "%.*s", (int)strcspn(v, "\""), v);
	http_answer_free(&a);
}

static void test_form_keeps_what_was_typed_and_names_each_mistake(void **state)
{
	(void)state;
	char cookie[256], csrf[64], headers[512], body[1024];
	sign_in(cookie, sizeof cookie, csrf, sizeof csrf);
	snprintf(headers, sizeof headers, "%sContent-Type: application/x-www-form-urlencoded\r\n", cookie);
	long long before = total("/api/v1/orgs?limit=1");
	/* a name in Dari only, an unknown office and more women than staff */
	snprintf(body, sizeof body,
		 "csrf=%s&name_en=&name_prs=%%D9%%85%%D9%%88%%D8%%B3%%D8%%B3%%D9%%87&kind=cso"
		 "&offices=Kabul%%0AAtlantis&staff_total=10&staff_female=12&status=active"
		 "&visibility=public&women_led=unknown", csrf);
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/orgs", headers, body,
				      strlen(body), &a), 0);
	assert_int_equal(a.status, 422);
	assert_non_null(strstr(a.body, "موسسه"));        /* what was typed is kept */
	assert_non_null(strstr(a.body, "Atlantis"));
	assert_non_null(strstr(a.body, "is required"));   /* each mistake is named */
	assert_non_null(strstr(a.body, "is not a known place"));
	assert_non_null(strstr(a.body, "must not exceed the staff total"));
	http_answer_free(&a);
	assert_int_equal(total("/api/v1/orgs?limit=1"), before);

	/* without the token, or with another site's Origin: refused, nothing stored */
	snprintf(body, sizeof body, "name_en=No+token&kind=cso&status=active&visibility=public&women_led=unknown");
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/orgs", headers, body, strlen(body), &a), 0);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	char foreign[640];
	snprintf(foreign, sizeof foreign, "%sOrigin: http://evil.example\r\n", headers);
	snprintf(body, sizeof body, "csrf=%s&name_en=Foreign&kind=cso&status=active&visibility=public&women_led=unknown", csrf);
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/orgs", foreign, body, strlen(body), &a), 0);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
	assert_int_equal(total("/api/v1/orgs?limit=1"), before);

	/* corrected, it is saved and the browser is sent to the record */
	snprintf(body, sizeof body,
		 "csrf=%s&name_en=Kabul+Youth+Forum&kind=cso&offices=Kabul&staff_total=10"
		 "&staff_female=6&status=active&visibility=public&women_led=no", csrf);
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/orgs", headers, body,
				      strlen(body), &a), 0);
	assert_int_equal(a.status, 303);
	assert_non_null(strstr(http_answer_header(&a, "Location"), "/orgs/"));
	http_answer_free(&a);
	assert_int_equal(total("/api/v1/orgs?limit=1"), before + 1);

	/* signing out ends the session on the server: the cookie no longer works */
	snprintf(body, sizeof body, "csrf=%s", csrf);
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/logout", headers, body, strlen(body), &a), 0);
	assert_int_equal(a.status, 303);
	http_answer_free(&a);
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", "/orgs/new", cookie, NULL, 0, &a), 0);
	assert_int_equal(a.status, 401);
	http_answer_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_create_patch_delete),
		cmocka_unit_test(test_invalid_org_reports_every_field_and_stores_nothing),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_project_create_with_results_and_conflict),
		cmocka_unit_test(test_markup_comes_back_escaped),
		cmocka_unit_test(test_form_keeps_what_was_typed_and_names_each_mistake),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
