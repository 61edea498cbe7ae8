/*
 * test_http_api.c — the JSON API of the real binary over a real socket,
 * with a database made by `hamahang init --demo`: every read route with
 * its filters, the answers to bad input, and the command line's place
 * resolution. (Writes need an account: see test_http_access.c.)
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

static int start(void **state)
{
	(void)state;
	return server_start(&server, 1);
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* GETs path and returns the parsed JSON body (caller decrefs); checks the status. */
static json_t *get_json(const char *path, int want_status)
{
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, NULL, NULL, 0, &a), 0);
	if (a.status != want_status)
		fail_msg("GET %s: status %d, wanted %d: %s", path, a.status, want_status, a.body);
	const char *type = http_answer_header(&a, "Content-Type");
	assert_non_null(type);
	assert_non_null(strstr(type, "application/json"));
	json_error_t err;
	json_t *j = json_loadb(a.body, a.body_len, 0, &err);
	if (!j)
		fail_msg("GET %s: not JSON: %s", path, err.text);
	http_answer_free(&a);
	return j;
}

static const char *str_at(json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

/* True when the list answer has an item whose key equals value. */
static int list_has(json_t *list, const char *key, const char *value)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(list, "items"), i, item) {
		const char *v = str_at(item, key);
		if (v && strcmp(v, value) == 0)
			return 1;
	}
	return 0;
}

/* The field names of a 400 answer, joined with spaces. */
static void error_fields(json_t *j, char *out, size_t size)
{
	out[0] = '\0';
	json_t *e = json_object_get(j, "error");
	assert_non_null(e);
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(e, "fields"), i, f) {
		strncat(out, str_at(f, "field"), size - strlen(out) - 2);
		strncat(out, " ", size - strlen(out) - 1);
	}
}

static void test_healthz(void **state)
{
	(void)state;
	json_t *j = get_json("/healthz", 200);
	assert_string_equal(str_at(j, "status"), "ok");
	json_decref(j);
}

static void test_orgs_list_and_filters(void **state)
{
	(void)state;
	json_t *all = get_json("/api/v1/orgs?limit=500", 200);
	assert_true(json_integer_value(json_object_get(all, "total")) >= 50);
	assert_true(list_has(all, "acronym", "LSO"));
	json_decref(all);

	json_t *page = get_json("/api/v1/orgs?limit=5&offset=5", 200);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 5);
	assert_int_equal(json_integer_value(json_object_get(page, "offset")), 5);
	json_decref(page);

	json_t *clusters = get_json("/api/v1/orgs?kind=cluster&limit=500", 200);
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(clusters, "items"), i, item)
		assert_string_equal(str_at(item, "kind"), "cluster");
	assert_true(json_array_size(json_object_get(clusters, "items")) >= 4);
	json_decref(clusters);

	/* LSO has an office in Daikundi: the province filter takes a name in any spelling */
	json_t *daikundi = get_json("/api/v1/orgs?province=Daikundi", 200);
	assert_true(list_has(daikundi, "acronym", "LSO"));
	json_decref(daikundi);
	json_t *by_code = get_json("/api/v1/orgs?province=AF24&q=labor%20spring", 200);
	assert_int_equal(json_integer_value(json_object_get(by_code, "total")), 1);
	json_decref(by_code);

	json_t *wash = get_json("/api/v1/orgs?sector=WASH&limit=500", 200);
	assert_true(list_has(wash, "acronym", "LSO"));
	json_decref(wash);
}

static void test_orgs_get_one(void **state)
{
	(void)state;
	json_t *list = get_json("/api/v1/orgs?q=labor%20spring", 200);
	json_t *first = json_array_get(json_object_get(list, "items"), 0);
	assert_non_null(first);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/orgs/%lld",
		 (long long)json_integer_value(json_object_get(first, "id")));
	json_decref(list);
	json_t *lso = get_json(path, 200);
	assert_string_equal(str_at(lso, "name_en"), "Labor Spring Organization");
	json_t *reg = json_object_get(lso, "registration");
	assert_string_equal(str_at(reg, "number"), "1678");
	assert_string_equal(str_at(reg, "date"), "2010-03");
	assert_int_equal(json_integer_value(json_object_get(lso, "staff_total")), 120);
	json_t *main_office = json_array_get(json_object_get(lso, "offices"), 0);
	assert_string_equal(str_at(main_office, "pcode"), "AF01");
	json_decref(lso);
}

static void test_projects_filters_and_conflicts(void **state)
{
	(void)state;
	json_t *bamyan = get_json("/api/v1/projects?province=Bamyan&limit=100", 200);
	json_t *realise = NULL;
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(bamyan, "items"), i, item)
		if (strstr(str_at(item, "title_en"), "REALISE"))
			realise = item;
	assert_non_null(realise);
	assert_string_equal(str_at(realise, "start_date"), "2019-01-01");
	char path[64];
	snprintf(path, sizeof path, "/api/v1/projects/%lld",
		 (long long)json_integer_value(json_object_get(realise, "id")));
	json_decref(bamyan);

	json_t *p = get_json(path, 200);
	/* both statements of the people reached are kept, and shown as a conflict */
	assert_true(json_array_size(json_object_get(p, "results")) >= 2);
	assert_true(json_array_size(json_object_get(p, "conflicts")) >= 1);
	json_t *place = json_array_get(json_object_get(p, "places"), 0);
	assert_string_equal(str_at(place, "province_pcode"), "AF10");
	json_decref(p);

	json_t *yak = get_json("/api/v1/projects?district=Yakawlang&year=2020", 200);
	assert_true(json_integer_value(json_object_get(yak, "total")) >= 1);
	json_decref(yak);
	json_t *none = get_json("/api/v1/projects?district=Yakawlang&year=1990", 200);
	assert_int_equal(json_integer_value(json_object_get(none, "total")), 0);
	json_decref(none);
	json_t *done = get_json("/api/v1/projects?status=completed&sector=FSAC", 200);
	assert_true(json_integer_value(json_object_get(done, "total")) >= 1);
	json_decref(done);
}

static void test_restricted_project_not_public(void **state)
{
	(void)state;
	/* The women protection centres are restricted in the demo data. */
	json_t *hits = get_json("/api/v1/search?q=protection%20centre", 200);
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(hits, "items"), i, item)
		assert_null(strstr(str_at(item, "title"), "Protection Cent"));
	json_decref(hits);
	json_t *all = get_json("/api/v1/projects?limit=500", 200);
	json_array_foreach(json_object_get(all, "items"), i, item) {
		assert_string_equal(str_at(item, "visibility"), "public");
	}
	json_decref(all);
}

static void test_places(void **state)
{
	(void)state;
	json_t *r = get_json("/api/v1/places/resolve?q=Daikundi", 200);
	assert_string_equal(str_at(r, "outcome"), "matched");
	assert_string_equal(str_at(json_object_get(r, "place"), "pcode"), "AF24");
	json_decref(r);
	r = get_json("/api/v1/places/resolve?q=%D8%AF%D8%A7%D9%8A%D9%83%D9%86%D8%AF%D9%8A", 200);
	assert_string_equal(str_at(json_object_get(r, "place"), "pcode"), "AF24"); /* دايكندي */
	json_decref(r);
	r = get_json("/api/v1/places/resolve?q=Khost", 200);
	assert_string_equal(str_at(r, "outcome"), "ambiguous");
	assert_true(json_array_size(json_object_get(r, "candidates")) >= 2);
	json_decref(r);
	r = get_json("/api/v1/places/resolve?q=Khost&within=AF09", 200);
	assert_string_equal(str_at(json_object_get(r, "place"), "pcode"), "AF0913");
	json_decref(r);
	r = get_json("/api/v1/places/resolve?q=Qwertyistan", 200);
	assert_string_equal(str_at(r, "outcome"), "unresolved");
	json_decref(r);

	json_t *p = get_json("/api/v1/places/AF28", 200);
	assert_string_equal(str_at(p, "name_en"), "Jawzjan");
	assert_true(json_array_size(json_object_get(p, "children")) >= 10);
	assert_true(json_array_size(json_object_get(p, "sectors")) >= 1); /* ABADIE: WASH */
	json_decref(p);
	json_decref(get_json("/api/v1/places/AF99", 404));
}

static void test_search(void **state)
{
	(void)state;
	json_t *s = get_json("/api/v1/search?q=Agha%20Khan", 200);
	assert_true(list_has(s, "kind", "org"));
	json_decref(s);
	/* names are searched as well as descriptions: the organization
	 * whose acronym is LSO is among the first hits */
	s = get_json("/api/v1/search?q=LSO&limit=10", 200);
	assert_true(list_has(s, "title", "Labor Spring Organization"));
	json_decref(s);
	s = get_json("/api/v1/search?q=%22%20OR%20*", 200); /* FTS syntax is data, not query */
	json_decref(s);

	/* paging: the total counts every hit, not the page; pages do not overlap */
	s = get_json("/api/v1/search?q=labor", 200);
	long long all = json_integer_value(json_object_get(s, "total"));
	assert_true(all >= 3);
	assert_int_equal(json_array_size(json_object_get(s, "items")), (size_t)all);
	json_t *first = get_json("/api/v1/search?q=labor&limit=2", 200);
	assert_int_equal(json_integer_value(json_object_get(first, "total")), all);
	assert_int_equal(json_array_size(json_object_get(first, "items")), 2);
	json_t *rest = get_json("/api/v1/search?q=labor&limit=2&offset=2", 200);
	assert_int_equal(json_integer_value(json_object_get(rest, "total")), all);
	json_t *a = json_array_get(json_object_get(first, "items"), 0);
	json_t *b = json_array_get(json_object_get(rest, "items"), 0);
	assert_true(json_integer_value(json_object_get(a, "id")) != json_integer_value(json_object_get(b, "id")) ||
		    strcmp(json_string_value(json_object_get(a, "kind")), json_string_value(json_object_get(b, "kind"))) != 0);
	json_t *past = get_json("/api/v1/search?q=labor&offset=500", 200);
	assert_int_equal(json_integer_value(json_object_get(past, "total")), all);
	assert_int_equal(json_array_size(json_object_get(past, "items")), 0);
	json_decref(s);
	json_decref(first);
	json_decref(rest);
	json_decref(past);
	json_decref(get_json("/api/v1/search?q=labor&offset=-1", 400));
}

static void test_bad_input_is_named(void **state)
{
	(void)state;
	char fields[512];
	json_t *e = get_json("/api/v1/orgs?kind=cult&province=Atlantis&limit=0", 400);
	error_fields(e, fields, sizeof fields);
	assert_non_null(strstr(fields, "kind"));
	assert_non_null(strstr(fields, "province"));
	assert_non_null(strstr(fields, "limit"));
	json_decref(e);
	e = get_json("/api/v1/projects?year=twenty&status=dreaming&org=x&district=Kabul", 400);
	error_fields(e, fields, sizeof fields);
	assert_non_null(strstr(fields, "year"));
	assert_non_null(strstr(fields, "status"));
	assert_non_null(strstr(fields, "org"));
	json_decref(e);
	json_decref(get_json("/api/v1/places/resolve", 400));
	json_decref(get_json("/api/v1/search?q=", 400));
	json_decref(get_json("/api/v1/orgs/999999", 404));
	json_decref(get_json("/api/v1/orgs/abc", 404));
	json_decref(get_json("/api/v1/projects/0", 404));
	json_decref(get_json("/api/v1/nothing", 404));

	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "PUT", "/api/v1/orgs", NULL, "{}", 2, &a), 0);
	assert_int_equal(a.status, 405);
	assert_non_null(http_answer_header(&a, "Allow"));
	http_answer_free(&a);
}

static void test_place_resolve_command(void **state)
{
	(void)state;
	char out[4096];
	const char *daikundi[] = {"place", "resolve", "Daikundi", "--db", server.db, NULL};
	assert_int_equal(run_binary(daikundi, out, sizeof out), 0);
	assert_non_null(strstr(out, "AF24"));
	const char *dako[] = {"place", "resolve", "Khawaja Dako", "--within", "AF28", "--db", server.db, NULL};
	assert_int_equal(run_binary(dako, out, sizeof out), 0);
	assert_non_null(strstr(out, "AF2802"));
	const char *khost[] = {"place", "resolve", "Khost", "--db", server.db, NULL};
	assert_int_equal(run_binary(khost, out, sizeof out), 1);
	assert_non_null(strstr(out, "ambiguous"));
	const char *none[] = {"place", "resolve", "Qwertyistan", "--db", server.db, NULL};
	assert_int_equal(run_binary(none, out, sizeof out), 1);
	assert_non_null(strstr(out, "no match"));
	const char *help[] = {"place", "--help", NULL};
	assert_int_equal(run_binary(help, out, sizeof out), 0);
	assert_non_null(strstr(out, "usage"));
	const char *again[] = {"init", "--db", server.db, NULL};
	assert_int_equal(run_binary(again, out, sizeof out), 2); /* refuses to overwrite */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthz),
		cmocka_unit_test(test_orgs_list_and_filters),
		cmocka_unit_test(test_orgs_get_one),
		cmocka_unit_test(test_projects_filters_and_conflicts),
		cmocka_unit_test(test_restricted_project_not_public),
		cmocka_unit_test(test_places),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_bad_input_is_named),
		cmocka_unit_test(test_place_resolve_command),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
