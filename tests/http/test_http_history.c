/*
 * test_http_history.c — a record's history and the whole audit trail.
 *
 * Each record shows its changes to whoever reads the record: who, when,
 * which fields, before and after. A version more closed than the reader
 * may see (a project that was restricted before it was opened) shows which
 * fields changed but not their values, so the history cannot leak what
 * the record held then. The whole trail, with every snapshot, is for
 * administrators only.
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

#define PASSWORD "a long enough passphrase"
#define MARKER   "HISTMARK5521" /* in the restricted version only */

static ServerProc server;
static char admin_auth[512];  /* "Authorization: Bearer ...\r\n" */
static char coord_auth[512];

static int start(void **state)
{
	(void)state;
	char token[128];
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "admin", "admin", 0, PASSWORD, token, sizeof token) != 0)
		return -1;
	snprintf(admin_auth, sizeof admin_auth, "Authorization: Bearer %s\r\n", token);
	if (server_add_user(&server, "coord", "coordinator", 0, PASSWORD, token, sizeof token) != 0)
		return -1;
	snprintf(coord_auth, sizeof coord_auth, "Authorization: Bearer %s\r\n", token);
	return 0;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* Sends a request with extra headers (may be NULL), checks the status and
 * returns the body (caller frees). */
static char *call(const char *method, const char *path, const char *headers, const char *body,
		  int want)
{
	char head[1024];
	snprintf(head, sizeof head, "%s%s", headers ? headers : "",
		 body ? "Content-Type: application/json\r\n" : "");
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, method, path, head, body,
				      body ? strlen(body) : 0, &a),
			 0);
	if (a.status != want)
		fail_msg("%s %s: status %d, wanted %d: %.400s", method, path, a.status, want, a.body);
	char *text = strdup(a.body);
	http_answer_free(&a);
	return text;
}

static long long created_id(const char *body)
{
	json_t *j = json_loads(body, 0, NULL);
	assert_non_null(j);
	long long id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	assert_true(id > 0);
	return id;
}

static void test_a_change_shows_who_what_before_and_after(void **state)
{
	(void)state;
	char *body = call("POST", "/api/v1/orgs", admin_auth,
			  "{\"name_en\": \"Herat Water Users Union\", \"kind\": \"cso\", \"visibility\": \"public\","
			  " \"website\": \"https://old.example.org\"}",
			  201);
	long long id = created_id(body);
	free(body);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/orgs/%lld", id);
	free(call("PATCH", path, coord_auth, "{\"website\": \"https://new.example.org\", \"staff_total\": 14}", 200));

	snprintf(path, sizeof path, "/orgs/%lld/history", id);
	char *page = call("GET", path, NULL, NULL, 200); /* an anonymous reader of a public record */
	assert_non_null(strstr(page, "Herat Water Users Union"));
	assert_non_null(strstr(page, "coord"));            /* who */
	assert_non_null(strstr(page, "Changed"));          /* what */
	assert_non_null(strstr(page, "Added"));
	assert_non_null(strstr(page, "https://old.example.org"));
	assert_non_null(strstr(page, "https://new.example.org"));
	assert_non_null(strstr(page, "Staff"));
	/* newest first: the change comes before the creation */
	assert_true(strstr(page, "Changed") < strstr(page, "Added"));
	free(page);

	/* the record's page leads there */
	snprintf(path, sizeof path, "/orgs/%lld", id);
	page = call("GET", path, NULL, NULL, 200);
	char link[64];
	snprintf(link, sizeof link, "href=\"/orgs/%lld/history\"", id);
	assert_non_null(strstr(page, link));
	free(page);
}

static void test_a_version_more_closed_than_the_reader_keeps_its_values(void **state)
{
	(void)state;
	/* a restricted project with the marker, opened later under a new title */
	char *body = call("POST", "/api/v1/projects", admin_auth,
			  "{\"title_en\": \"Safe house " MARKER "\", \"status\": \"ongoing\","
			  " \"visibility\": \"restricted\", \"note\": \"address " MARKER "\"}",
			  201);
	long long id = created_id(body);
	free(body);
	char path[128], reason[1024];
	snprintf(path, sizeof path, "/api/v1/projects/%lld", id);
	snprintf(reason, sizeof reason, "%sX-Access-Reason: opening a reviewed record\r\n", admin_auth);
	free(call("PATCH", path, reason,
		  "{\"title_en\": \"Community centre\", \"note\": null, \"visibility\": \"public\"}", 200));

	snprintf(path, sizeof path, "/projects/%lld/history", id);
	char *page = call("GET", path, NULL, NULL, 200);
	assert_null(strstr(page, MARKER));
	assert_non_null(strstr(page, "Title in English")); /* which field changed is said */
	assert_non_null(strstr(page, "not shown"));
	free(page);
	page = call("GET", path, coord_auth, NULL, 200); /* a coordinator who states no reason */
	assert_null(strstr(page, MARKER));
	free(page);

	/* the administrator's trail has every version */
	page = call("GET", "/audit?entity=project", admin_auth, NULL, 200);
	assert_non_null(strstr(page, MARKER));
	free(page);
	free(call("GET", "/audit", coord_auth, NULL, 403));
	free(call("GET", "/audit", NULL, NULL, 401));
}

static void test_a_record_the_reader_cannot_see_has_no_history_for_them(void **state)
{
	(void)state;
	char *body = call("POST", "/api/v1/projects", admin_auth,
			  "{\"title_en\": \"Members only survey\", \"status\": \"planned\", \"visibility\": \"members\"}",
			  201);
	long long id = created_id(body);
	free(body);
	char path[128];
	snprintf(path, sizeof path, "/projects/%lld/history", id);
	free(call("GET", path, NULL, NULL, 404));
	char *page = call("GET", path, coord_auth, NULL, 200);
	assert_non_null(strstr(page, "Members only survey"));
	free(page);
	free(call("GET", "/projects/999999/history", admin_auth, NULL, 404));
	free(call("GET", "/orgs/abc/history", NULL, NULL, 404));
}

static void test_the_trail_pages_back(void **state)
{
	(void)state;
	char *page = call("GET", "/audit", admin_auth, NULL, 200);
	/* the demo's loading alone writes more than one page of entries */
	const char *older = strstr(page, "/audit?entity=&amp;before=");
	assert_non_null(older);
	char path[128];
	long long before = atoll(older + strlen("/audit?entity=&amp;before="));
	assert_true(before > 1);
	free(page);
	snprintf(path, sizeof path, "/audit?before=%lld", before);
	page = call("GET", path, admin_auth, NULL, 200);
	char first[64];
	snprintf(first, sizeof first, "<tr><td>%lld</td>", before - 1);
	assert_non_null(strstr(page, first));
	free(page);
	free(call("GET", "/audit?before=x", admin_auth, NULL, 404));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_change_shows_who_what_before_and_after),
		cmocka_unit_test(test_a_version_more_closed_than_the_reader_keeps_its_values),
		cmocka_unit_test(test_a_record_the_reader_cannot_see_has_no_history_for_them),
		cmocka_unit_test(test_the_trail_pages_back),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
