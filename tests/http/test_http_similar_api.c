/*
 * test_http_similar_api.c — the JSON API stops on a likely duplicate as
 * the project form does, against the real binary and a fresh demo
 * database.
 *
 * A near-copy of a demo project (a typo in the title, the same district,
 * sector, months and implementer) sent to POST /api/v1/projects is
 * answered 409 with the similar projects (id, title, kind, score,
 * reasons) and nothing is saved; sent again with ?confirm_new=1 it is
 * saved (201). A genuinely new project is saved at once, and a PATCH of
 * it is not stopped by itself; a PATCH that makes a project a near-copy
 * is stopped, and saved with ?confirm_new=1. Organizations are not
 * checked. The command line's import is not stopped.
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

#define DEMO_TITLE "Rehabilitation of Degraded Land and Livelihood Improvement: afforestation in Waras"
/* The demo project with "Degraded" and "afforestation" misspelled; the same
 * district, sector, months (give or take one) and implementer (%lld). */
#define NEAR_COPY                                                                                  \
	"{\"title_en\": \"Rehabilitation of Degradd Land and Livelihood Improvement: aforestation " \
	"in Waras\", \"status\": \"completed\", \"start_date\": \"2014-07\", \"end_date\": "          \
	"\"2016-05\", \"visibility\": \"public\", \"places\": [{\"place\": \"Waras\", \"within\": "    \
	"\"Bamyan\"}], \"sectors\": [\"ENVIRONMENT\"], \"orgs\": [{\"org_id\": %lld, \"role\": "        \
	"\"implementing\"}], \"source\": \"a donor list\"}"
/* A project like none in the demo data; its implementer is %lld. */
#define NEW_ONE                                                                                    \
	"{\"title_en\": \"Solar pumps for village schools in Nimroz\", \"status\": \"planned\", "     \
	"\"start_date\": \"2027-03\", \"end_date\": \"2028-02\", \"visibility\": \"public\", "        \
	"\"places\": [\"Nimroz\"], \"sectors\": [\"EiE\"], \"orgs\": [{\"org_id\": %lld, \"role\": " \
	"\"implementing\"}], \"source\": \"the proposal\"}"

static ServerProc server;
static char auth[768]; /* "Authorization: Bearer ...\r\nContent-Type: ...\r\n" */
static long long lso_id, gef_id;

/* Sends a request with the token; returns the parsed body (or NULL for an
 * empty body) and checks the status. */
static json_t *call(const char *method, const char *path, const char *body, int want)
{
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, method, path, auth, body,
				      body ? strlen(body) : 0, &a),
			 0);
	if (a.status != want)
		fail_msg("%s %s: status %d, wanted %d: %.2000s", method, path, a.status, want, a.body);
	json_t *j = a.body_len ? json_loadb(a.body, a.body_len, 0, NULL) : NULL;
	http_answer_free(&a);
	return j;
}

static long long first_id(const char *path)
{
	json_t *j = call("GET", path, NULL, 200);
	long long id = (long long)json_integer_value(
		json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
	json_decref(j);
	return id;
}

static long long project_total(void)
{
	json_t *j = call("GET", "/api/v1/projects?limit=1", NULL, 200);
	long long n = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
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
	lso_id = first_id("/api/v1/orgs?q=labor%20spring");
	gef_id = first_id("/api/v1/projects?q=Degraded%20Land%20Waras");
	return lso_id > 0 && gef_id > 0 ? 0 : -1;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* The similar project of a 409 answer with that id, or NULL. */
static json_t *similar_with_id(json_t *answer, long long id)
{
	json_t *error = json_object_get(answer, "error");
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(error, "similar"), i, s) {
		if (json_integer_value(json_object_get(s, "id")) == id)
			return s;
	}
	return NULL;
}

static void test_near_copy_is_stopped_then_saved_when_confirmed(void **state)
{
	(void)state;
	char body[2048];
	snprintf(body, sizeof body, NEAR_COPY, lso_id);
	long long before = project_total();
	json_t *e = call("POST", "/api/v1/projects", body, 409);
	json_t *error = json_object_get(e, "error");
	assert_string_equal(json_string_value(json_object_get(error, "code")), "likely_duplicate");
	assert_non_null(strstr(json_string_value(json_object_get(error, "message")), "confirm_new=1"));
	json_t *s = similar_with_id(e, gef_id);
	if (!s)
		fail_msg("the demo project is not listed: %s", json_dumps(e, 0));
	assert_string_equal(json_string_value(json_object_get(s, "title")), DEMO_TITLE);
	assert_string_equal(json_string_value(json_object_get(s, "kind")), "same");
	assert_true(json_real_value(json_object_get(s, "score")) > 0.5);
	assert_non_null(strstr(json_string_value(json_object_get(s, "reasons")), "titles "));
	json_decref(e);
	assert_int_equal(project_total(), before); /* nothing saved */

	/* a value other than 1 does not confirm */
	json_decref(call("POST", "/api/v1/projects?confirm_new=yes", body, 409));
	assert_int_equal(project_total(), before);

	json_t *p = call("POST", "/api/v1/projects?confirm_new=1", body, 201);
	assert_true(json_integer_value(json_object_get(p, "id")) > 0);
	json_decref(p);
	assert_int_equal(project_total(), before + 1);
}

static void test_new_project_saves_and_patch_checks_too(void **state)
{
	(void)state;
	char body[2048], path[64];
	snprintf(body, sizeof body, NEW_ONE, lso_id);
	long long before = project_total();
	json_t *p = call("POST", "/api/v1/projects", body, 201);
	long long id = json_integer_value(json_object_get(p, "id"));
	json_decref(p);
	assert_int_equal(project_total(), before + 1);
	snprintf(path, sizeof path, "/api/v1/projects/%lld", id);

	/* a change that keeps it itself is not stopped by itself */
	json_decref(call("PATCH", path, "{\"status\": \"ongoing\"}", 200));

	/* a change that makes it a near-copy of the demo project is */
	snprintf(body, sizeof body, NEAR_COPY, lso_id);
	json_t *e = call("PATCH", path, body, 409);
	assert_non_null(similar_with_id(e, gef_id));
	assert_null(similar_with_id(e, id)); /* never its own duplicate */
	json_decref(e);
	p = call("GET", path, NULL, 200);
	assert_string_equal(json_string_value(json_object_get(p, "title_en")),
			    "Solar pumps for village schools in Nimroz"); /* unchanged */
	json_decref(p);

	char forced[96];
	snprintf(forced, sizeof forced, "%s?confirm_new=1", path);
	p = call("PATCH", forced, body, 200);
	assert_non_null(strstr(json_string_value(json_object_get(p, "title_en")), "Degradd"));
	json_decref(p);
}

static void test_invalid_body_is_answered_400_first(void **state)
{
	(void)state;
	char body[2048];
	snprintf(body, sizeof body, NEAR_COPY, lso_id);
	/* the near-copy with a status that does not exist: its problem comes first */
	char *status = strstr(body, "\"completed\"");
	memcpy(status, "\"completd\" ", strlen("\"completed\""));
	json_decref(call("POST", "/api/v1/projects", body, 400));
}

static void test_import_is_not_stopped(void **state)
{
	(void)state;
	/* the demo project's own row, imported again from the command line,
	 * is decided by the import (matched or added), never refused as a 409 */
	char csv[1100];
	snprintf(csv, sizeof csv, "%s.near-copy.csv", server.db);
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fputs("ORG_NAME,PROVINCE,DISTRICT,CLUSTER_SECTOR_CODE,Project title\n"
	      "Labor Spring Organization,Bamyan,Waras,ENVIRONMENT,"
	      "Rehabilitation of Degradd Land and Livelihood Improvement: aforestation in Waras\n",
	      f);
	fclose(f);
	long long before = project_total();
	char out[4096];
	const char *imp[] = {"import", "--db", server.db, "--source", "near copy test", "--quiet",
			     csv, NULL};
	if (run_binary(imp, out, sizeof out) != 0)
		fail_msg("the import failed: %s", out);
	assert_true(project_total() >= before);
	remove(csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_near_copy_is_stopped_then_saved_when_confirmed),
		cmocka_unit_test(test_new_project_saves_and_patch_checks_too),
		cmocka_unit_test(test_invalid_body_is_answered_400_first),
		cmocka_unit_test(test_import_is_not_stopped),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
