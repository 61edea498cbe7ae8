/*
 * test_http_dedup.c — similar projects over HTTP and `hamahang dedup` on
 * the command line, against the real binary and a fresh demo database.
 *
 * GET /api/v1/projects/similar must find a registered project from a
 * would-be one written with a typo, must never show a restricted project
 * to those who may not see it (its owner's editor does see it), and must
 * name every bad parameter. `dedup --kind orgs` must find the seed
 * documents' two spellings of the Aga Khan Foundation as one.
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
#define RESTRICTED_TITLE "Women Protection Centres in Bamyan and Daikundi"
#define PUBLIC_TITLE "Advocacy against child marriage in ten districts of Daikundi"

static ServerProc server;
static char admin_token[128], owner_token[128], other_token[128];

static void get(const char *token, const char *path, HttpAnswer *a)
{
	char headers[256] = "";
	if (token && *token)
		snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n", token);
	if (http_request("127.0.0.1", server.port, "GET", path, headers, NULL, 0, a) != 0)
		fail_msg("GET %s: no answer", path);
}

static json_t *get_json(const char *token, const char *path, int want)
{
	HttpAnswer a;
	get(token, path, &a);
	if (a.status != want)
		fail_msg("GET %s: %d, wanted %d: %s", path, a.status, want, a.body);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	assert_non_null(j);
	return j;
}

static long long first_id(const char *token, const char *path)
{
	json_t *j = get_json(token, path, 200);
	long long id = (long long)json_integer_value(
		json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
	json_decref(j);
	assert_true(id > 0);
	return id;
}

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "admin", "admin", 0, PASSWORD, admin_token, sizeof admin_token) != 0)
		return -1;
	long long lso = first_id(admin_token, "/api/v1/orgs?q=labor%20spring");
	long long awec = first_id(admin_token, "/api/v1/orgs?q=AWEC");
	if (server_add_user(&server, "owner", "editor", lso, PASSWORD, owner_token, sizeof owner_token) != 0 ||
	    server_add_user(&server, "other", "editor", awec, PASSWORD, other_token, sizeof other_token) != 0)
		return -1;
	return 0;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* The "similar" list of an answer, and whether a title is in it. */
static bool lists_title(json_t *answer, const char *title, const char **kind)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(answer, "similar"), i, item) {
		if (strcmp(json_string_value(json_object_get(item, "title")), title) == 0) {
			if (kind)
				*kind = json_string_value(json_object_get(item, "kind"));
			return true;
		}
	}
	return false;
}

static void test_similar_finds_a_typo(void **state)
{
	(void)state;
	json_t *j = get_json(NULL,
			     "/api/v1/projects/similar?title=Advocacy+against+child+marrige+in+ten+districts"
			     "+of+Daykundi&province=Daikundi&start=2019&end=2020",
			     200);
	const char *kind = NULL;
	if (!lists_title(j, PUBLIC_TITLE, &kind))
		fail_msg("not found: %s", json_dumps(j, 0));
	assert_string_equal(kind, "same");
	json_t *first = json_array_get(json_object_get(j, "similar"), 0);
	const char *reasons = json_string_value(json_object_get(first, "reasons"));
	assert_non_null(strstr(reasons, "titles "));
	json_decref(j);
}

static void test_similar_hides_restricted(void **state)
{
	(void)state;
	const char *path = "/api/v1/projects/similar?title=Women+Protection+Centres+in+Bamyan+and+Daikundi"
			   "&sector=PROTECTION&province=Daikundi&start=2014&end=2021";
	const char *blind[] = {NULL, other_token};
	for (size_t i = 0; i < 2; i++) {
		HttpAnswer a;
		get(blind[i], path, &a);
		assert_int_equal(a.status, 200);
		if (strstr(a.body, RESTRICTED_TITLE))
			fail_msg("the restricted project shows to %s: %s", i ? "another editor" : "anonymous", a.body);
		http_answer_free(&a);
	}
	/* its own organization's editor sees it */
	json_t *j = get_json(owner_token, path, 200);
	if (!lists_title(j, RESTRICTED_TITLE, NULL))
		fail_msg("the owner does not see its project: %s", json_dumps(j, 0));
	json_decref(j);
}

static void want_400(const char *path, const char *field)
{
	json_t *j = get_json(NULL, path, 400);
	json_t *fields = json_object_get(json_object_get(j, "error"), "fields");
	bool named = false;
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		if (strcmp(json_string_value(json_object_get(f, "field")), field) == 0)
			named = true;
	}
	if (!named)
		fail_msg("GET %s: the error does not name %s: %s", path, field, json_dumps(j, 0));
	json_decref(j);
}

static void test_similar_names_bad_input(void **state)
{
	(void)state;
	want_400("/api/v1/projects/similar", "title");
	want_400("/api/v1/projects/similar?title=x&start=2024-13", "start");
	want_400("/api/v1/projects/similar?title=x&sector=NOPE", "sector");
	want_400("/api/v1/projects/similar?title=x&district=Nowhereabad", "district");
	want_400("/api/v1/projects/similar?title=x&org=abc", "org");
	char path[1200];
	int n = snprintf(path, sizeof path, "/api/v1/projects/similar?title=");
	for (int i = 0; i < 501; i++)
		path[n++] = 'a';
	path[n] = '\0';
	want_400(path, "title");
}

static void test_cli_dedup_orgs(void **state)
{
	(void)state;
	char body[512];
	snprintf(body, sizeof body,
		 "{\"name_en\": \"Aga Khan Foundation (AKF)\", \"kind\": \"ngo_international\","
		 " \"source\": \"a donor's list\"}");
	HttpAnswer a;
	char headers[256];
	snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
		 admin_token);
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/api/v1/orgs", headers, body,
				      strlen(body), &a),
			 0);
	assert_int_equal(a.status, 201);
	http_answer_free(&a);

	static char out[65536];
	const char *args[] = {"dedup", "--db", server.db, "--kind", "orgs", "--min-score", "0.7",
			      "--format", "csv", NULL};
	assert_int_equal(run_binary(args, out, sizeof out), 0);
	bool found = false;
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, "Aga Khan Foundation (AKF)") && strstr(line, ",Aga Khan Foundation,") &&
		    strstr(line, "same acronym akf"))
			found = true;
	assert_true(found);

	const char *bad[] = {"dedup", "--db", server.db, "--kind", "people", NULL};
	assert_int_equal(run_binary(bad, out, sizeof out), 2);
	const char *bad_score[] = {"dedup", "--db", server.db, "--min-score", "2", NULL};
	assert_int_equal(run_binary(bad_score, out, sizeof out), 2);

	const char *json_args[] = {"dedup", "--db", server.db, "--format", "json", NULL};
	assert_int_equal(run_binary(json_args, out, sizeof out), 0);
	json_error_t err;
	json_t *j = json_loads(out, 0, &err);
	if (!json_is_array(j))
		fail_msg("dedup --format json: not a JSON array: %s", err.text);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_similar_finds_a_typo),
		cmocka_unit_test(test_similar_hides_restricted),
		cmocka_unit_test(test_similar_names_bad_input),
		cmocka_unit_test(test_cli_dedup_orgs),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
