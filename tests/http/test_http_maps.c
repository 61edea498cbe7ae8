/*
 * test_http_maps.c — the maps and charts of the real binary over a real
 * socket, on the demo database: every area of a map is a link to a place
 * page that exists and carries a title; the figure in each title, and the
 * number written on the area, equal the table beside the map; the pages
 * with maps stay under the 60 KB budget in every language; districts
 * without an outline of their own are said so; bad filters are named; a
 * restricted project is counted for its owner and for nobody else.
 *
 * The same for the maps of missing reports (/compliance, as the ministry)
 * and of applications waiting (/permits): each agrees with the page's own
 * table of organizations or authorities, the chart of waiting times shows
 * the table's medians and 90th percentiles, and a restricted
 * organization's application is counted for its owner and nobody else.
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

static void get_page(const char *path, int want, HttpAnswer *a)
{
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, NULL, NULL, 0, a), 0);
	if (a->status != want)
		fail_msg("GET %s: status %d, wanted %d", path, a->status, want);
}

static const char *const MAP_PAGES[] = {
	"/", "/places/AF24", "/places/AF2401", "/places/AF17", "/places/AF2409", "/places/AF01",
	"/coverage", "/coverage?province=AF24", "/coverage?sector=PROTECTION",
	"/coverage?province=AF24&sector=PROTECTION",
};

/* Place pages already seen to exist, so each is asked once. */
static char known[512][128];
static size_t known_count;

static void check_place_exists(const char *pcode)
{
	for (size_t i = 0; i < known_count; i++)
		if (strcmp(known[i], pcode) == 0)
			return;
	char path[160];
	snprintf(path, sizeof path, "/places/%s", pcode);
	HttpAnswer a;
	get_page(path, 200, &a);
	http_answer_free(&a);
	if (known_count < sizeof known / sizeof known[0])
		snprintf(known[known_count++], sizeof known[0], "%s", pcode);
}

/* Copies text between start (after it) and end into out; NULL when absent. */
static const char *between(const char *from, const char *start, const char *end, char *out, size_t size)
{
	const char *a = strstr(from, start);
	if (!a)
		return NULL;
	a += strlen(start);
	const char *b = strstr(a, end);
	if (!b || (size_t)(b - a) >= size)
		return NULL;
	memcpy(out, a, (size_t)(b - a));
	out[b - a] = '\0';
	return b + strlen(end);
}

/* The organizations figure of a table row: the first numeric cell. */
static void table_figure(const char *table, const char *pcode, char *out, size_t size)
{
	char key[160];
	snprintf(key, sizeof key, "<tr data-pcode=\"%s\"", pcode);
	const char *row = strstr(table, key);
	if (!row)
		fail_msg("no table row for %s", pcode);
	if (!between(row, "<td class=\"num\">", "</td>", out, size))
		fail_msg("no figure in the table row of %s", pcode);
}

/* Checks every map of a page against its table; returns the areas seen. */
static size_t check_maps(const char *path, const char *body)
{
	size_t areas = 0;
	const char *at = body;
	while ((at = strstr(at, "<svg class=\"map\" id=\""))) {
		char id[64];
		assert_non_null(between(at, "id=\"", "\"", id, sizeof id));
		const char *end = strstr(at, "</svg>");
		assert_non_null(end);
		char table_key[160];
		snprintf(table_key, sizeof table_key, "<table class=\"map-table\" id=\"%s-table\"", id);
		const char *table = strstr(end, table_key);
		if (!table)
			fail_msg("%s: the map %s has no table beside it", path, id);
		const char *a = at;
		while ((a = strstr(a, "<a href=\"")) && a < end) {
			char href[128], title[512], figure[64], cell[64];
			const char *after = between(a, "<a href=\"", "\"", href, sizeof href);
			assert_non_null(after);
			if (strncmp(href, "/places/", 8) != 0)
				fail_msg("%s: an area links to %s, not a place", path, href);
			if (!between(after, "<title>", "</title>", title, sizeof title) || !title[0])
				fail_msg("%s: the area %s has no title", path, href);
			check_place_exists(href + 8);
			/* "Name — Organizations: 3": the figure follows the last ": " */
			const char *colon = strrchr(title, ':');
			assert_non_null(colon);
			snprintf(figure, sizeof figure, "%s", colon + 2);
			table_figure(table, href + 8, cell, sizeof cell);
			if (strcmp(figure, cell) != 0)
				fail_msg("%s: %s shows %s on the map and %s in the table", path, href + 8, figure, cell);
			/* the number written on the area, when there is one, is the same */
			const char *close = strstr(after, "</a>");
			const char *text = strstr(after, "<text ");
			if (text && text < close) {
				char drawn[64];
				assert_non_null(between(text, ">", "</text>", drawn, sizeof drawn));
				if (strcmp(drawn, figure) != 0)
					fail_msg("%s: %s is labelled %s, titled %s", path, href + 8, drawn, figure);
			}
			areas++;
			a = close;
		}
		at = end;
	}
	return areas;
}

static void test_areas_link_to_places_and_match_their_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof MAP_PAGES / sizeof *MAP_PAGES; i++) {
		HttpAnswer a;
		get_page(MAP_PAGES[i], 200, &a);
		size_t areas = check_maps(MAP_PAGES[i], a.body);
		if (areas == 0)
			fail_msg("%s has no map", MAP_PAGES[i]);
		/* the country map draws every province */
		if (strcmp(MAP_PAGES[i], "/") == 0 || strcmp(MAP_PAGES[i], "/coverage") == 0)
			assert_int_equal(areas, 34);
		http_answer_free(&a);
	}
}

static void test_map_pages_stay_under_budget_in_every_language(void **state)
{
	(void)state;
	static const char *const langs[] = {"en", "prs", "pus"};
	for (size_t i = 0; i < sizeof MAP_PAGES / sizeof *MAP_PAGES; i++) {
		for (size_t l = 0; l < 3; l++) {
			char path[256];
			snprintf(path, sizeof path, "%s%slang=%s", MAP_PAGES[i], strchr(MAP_PAGES[i], '?') ? "&" : "?",
				 langs[l]);
			HttpAnswer a;
			get_page(path, 200, &a);
			if (a.body_len > 60 * 1024)
				fail_msg("%s is %zu bytes, over the 60 KB budget", path, a.body_len);
			http_answer_free(&a);
		}
	}
}

static void test_district_without_outline_is_said_so(void **state)
{
	(void)state;
	/* Patoo (AF2409) was created after 2018: no outline, its province is shown */
	HttpAnswer a;
	get_page("/places/AF2409", 200, &a);
	assert_non_null(strstr(a.body, "no outline of its own"));
	assert_non_null(strstr(a.body, "<tr data-pcode=\"AF2409\" class=\"highlight\""));
	http_answer_free(&a);
	/* a district with an outline is highlighted on its province's map */
	get_page("/places/AF2401", 200, &a);
	assert_non_null(strstr(a.body, "class=\"highlight\" stroke="));
	http_answer_free(&a);
	/* Daykundi's map names the districts drawn as their province */
	get_page("/places/AF24", 200, &a);
	assert_non_null(strstr(a.body, "districts created after 2018"));
	http_answer_free(&a);
}

static void test_bad_filters_are_named(void **state)
{
	(void)state;
	HttpAnswer a;
	get_page("/coverage?province=AF2401", 400, &a);
	assert_non_null(strstr(a.body, "is not a province"));
	http_answer_free(&a);
	get_page("/coverage?sector=NO_SUCH_SECTOR", 400, &a);
	assert_non_null(strstr(a.body, "is not a known sector"));
	http_answer_free(&a);
	get_page("/coverage?province=%3Cscript%3E", 400, &a);
	assert_null(strstr(a.body, "<script>"));
	http_answer_free(&a);
}

static void test_grid_and_charts_on_coverage(void **state)
{
	(void)state;
	HttpAnswer a;
	get_page("/coverage?province=AF24", 200, &a);
	assert_non_null(strstr(a.body, "<table class=\"grid\" id=\"coverage-grid\">"));
	assert_non_null(strstr(a.body, "<svg class=\"chart\" id=\"sector-chart\""));
	assert_non_null(strstr(a.body, "<svg class=\"chart\" id=\"year-chart\""));
	/* the grid's rows are the province's districts, each linked */
	assert_non_null(strstr(a.body, "<tr data-pcode=\"AF2401\"><th scope=\"row\"><a href=\"/places/AF2401\">"));
	http_answer_free(&a);
}

static void test_people_reached_chart_on_a_project(void **state)
{
	(void)state;
	/* some demo project reports people reached by sex: its page has the chart */
	bool found = false;
	for (int id = 1; id <= 40 && !found; id++) {
		char path[64];
		snprintf(path, sizeof path, "/projects/%d", id);
		HttpAnswer a;
		assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, NULL, NULL, 0, &a), 0);
		if (a.status == 200 && strstr(a.body, "<svg class=\"chart\" id=\"people-chart\"")) {
			found = true;
			assert_non_null(strstr(a.body, "role=\"img\" aria-label=\"People reached by sex\""));
		}
		http_answer_free(&a);
	}
	assert_true(found);
}

/* The projects figure (second numeric cell) of a row of the map's table. */
static long long row_projects(const char *body, const char *pcode)
{
	char key[64], cell[32];
	snprintf(key, sizeof key, "<tr data-pcode=\"%s\"", pcode);
	const char *row = strstr(body, key);
	assert_non_null(row);
	const char *next = between(row, "<td class=\"num\">", "</td>", cell, sizeof cell);
	assert_non_null(next);
	assert_non_null(between(next, "<td class=\"num\">", "</td>", cell, sizeof cell));
	return strtoll(cell, NULL, 10);
}

static void get_as(const char *path, const char *token, HttpAnswer *a)
{
	char headers[256] = "";
	if (token)
		snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n", token);
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, token ? headers : NULL, NULL, 0, a), 0);
	assert_int_equal(a->status, 200);
}

static void test_restricted_project_counted_only_for_its_owner(void **state)
{
	(void)state;
	/* The demo's restricted project (women protection centres, by LSO) is
	 * placed in Daykundi: its owner counts one project more there. */
	HttpAnswer a;
	get_page("/api/v1/orgs?q=Labor%20Spring", 200, &a);
	json_t *j = json_loads(a.body, 0, NULL);
	assert_non_null(j);
	long long lso = json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
	json_decref(j);
	http_answer_free(&a);
	assert_true(lso > 0);
	char owner[128], other[128];
	assert_int_equal(server_add_user(&server, "maps-owner", "editor", lso, "a long enough passphrase", owner,
					 sizeof owner), 0);
	assert_int_equal(server_add_user(&server, "maps-coord", "coordinator", 0, "a long enough passphrase", other,
					 sizeof other), 0);
	/* the country's map, on the gaps-and-overlaps page and on the home page */
	static const char *const paths[] = {"/coverage", "/"};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		HttpAnswer anon, own, coord;
		get_as(paths[i], NULL, &anon);
		get_as(paths[i], owner, &own);
		get_as(paths[i], other, &coord);
		long long n_anon = row_projects(anon.body, "AF24");
		long long n_own = row_projects(own.body, "AF24");
		long long n_coord = row_projects(coord.body, "AF24");
		if (n_own != n_anon + 1 || n_coord != n_anon)
			fail_msg("%s: Daykundi counts %lld projects for a visitor, %lld for the owner, %lld for a coordinator",
				 paths[i], n_anon, n_own, n_coord);
		http_answer_free(&anon);
		http_answer_free(&own);
		http_answer_free(&coord);
	}
}

/* ---- missing reports and applications waiting ---- */

/* The n-th numeric cell (0 first) of the table row at row, as text; false
 * when the row has fewer. */
static bool row_cell(const char *row, int n, char *out, size_t size)
{
	const char *end = strstr(row, "</tr>");
	assert_non_null(end);
	const char *at = row;
	for (int i = 0; i <= n; i++) {
		at = strstr(at, "<td class=\"num\">");
		if (!at || at > end)
			return false;
		at += strlen("<td class=\"num\">");
	}
	const char *close = strstr(at, "</td>");
	if (!close || close > end || (size_t)(close - at) >= size)
		return false;
	memcpy(out, at, (size_t)(close - at));
	out[close - at] = '\0';
	return true;
}

/* A table of the page by its opening text, or a failure. */
static const char *table_of(const char *body, const char *open)
{
	const char *t = strstr(body, open);
	if (!t)
		fail_msg("no %s in the page", open);
	return t;
}

/* The figure of an area in the table beside the map map_id. */
static long long map_figure(const char *body, const char *map_id, const char *pcode)
{
	char key[128], cell[32];
	snprintf(key, sizeof key, "<table class=\"map-table\" id=\"%s-table\"", map_id);
	table_figure(table_of(body, key), pcode, cell, sizeof cell);
	return strtoll(cell, NULL, 10);
}

/* The sum of column n over the body rows of the table at table (rows
 * without that cell are skipped). */
static long long column_sum(const char *table, int n, const char *only_with)
{
	const char *end = strstr(table, "</table>");
	assert_non_null(end);
	long long sum = 0;
	for (const char *r = strstr(table, "<tbody>"); r && (r = strstr(r, "<tr")) && r < end; r++) {
		const char *row_end = strstr(r, "</tr>");
		char cell[32];
		if (only_with) {
			const char *hit = strstr(r, only_with);
			if (!hit || hit > row_end)
				continue;
		}
		if (row_cell(r, n, cell, sizeof cell))
			sum += strtoll(cell, NULL, 10);
	}
	return sum;
}

static void test_missing_reports_map_on_compliance(void **state)
{
	(void)state;
	char ministry[128];
	assert_int_equal(server_add_user(&server, "maps-ministry", "ministry", 0, "a long enough passphrase", ministry,
					 sizeof ministry), 0);
	HttpAnswer a;
	get_as("/compliance", ministry, &a);
	assert_non_null(strstr(a.body, "<svg class=\"map\" id=\"missing-map\""));
	assert_int_equal(check_maps("/compliance", a.body), 34);
	/* Kabul holds LSO's head office: its missing reports (the fourth
	 * figure of a row of the organizations' table) are Kabul's figure, and
	 * one at least (the second half of 2024 has no report in the demo) */
	const char *orgs = table_of(a.body, "<table id=\"compliance\">");
	long long kabul = column_sum(orgs, 3, "href=\"/places/AF01\"");
	assert_true(kabul >= 1);
	assert_int_equal(map_figure(a.body, "missing-map", "AF01"), kabul);
	/* the map's table, with its row of head offices not known, adds up to the total */
	char total[32];
	assert_non_null(between(strstr(a.body, "<p id=\"totals\">"), "Missing: ", " ", total, sizeof total));
	const char *map_table = table_of(a.body, "<table class=\"map-table\" id=\"missing-map-table\"");
	assert_int_equal(column_sum(map_table, 0, NULL), strtoll(total, NULL, 10));
	assert_int_equal(column_sum(map_table, 0, NULL), column_sum(orgs, 3, NULL));
	http_answer_free(&a);
	/* under budget in every language */
	static const char *const paths[] = {"/compliance?lang=en", "/compliance?lang=prs", "/compliance?lang=pus"};
	for (size_t i = 0; i < 3; i++) {
		get_as(paths[i], ministry, &a);
		if (a.body_len > 60 * 1024)
			fail_msg("%s is %zu bytes, over the 60 KB budget", paths[i], a.body_len);
		assert_non_null(strstr(a.body, "<svg class=\"map\" id=\"missing-map\""));
		http_answer_free(&a);
	}
	/* a visitor is asked to sign in, and sees no map of it */
	get_page("/compliance", 401, &a);
	assert_null(strstr(a.body, "missing-map"));
	http_answer_free(&a);
}

static void test_waiting_map_and_chart_on_permits(void **state)
{
	(void)state;
	HttpAnswer a;
	get_page("/permits", 200, &a);
	assert_int_equal(check_maps("/permits", a.body), 34);
	/* the demo's LSO (head office in Kabul) waits for its registration renewal */
	assert_int_equal(map_figure(a.body, "waiting-map", "AF01"), 1);
	/* the map's table adds up to the open applications of the waiting times */
	const char *waits = table_of(a.body, "<table id=\"waiting-times\">");
	const char *map_table = table_of(a.body, "<table class=\"map-table\" id=\"waiting-map-table\"");
	assert_int_equal(column_sum(map_table, 0, NULL), column_sum(waits, 3, NULL));
	/* the chart shows each decided row's median and 90th percentile, in the table's order */
	const char *chart = strstr(a.body, "<svg class=\"chart\" id=\"waiting-chart\"");
	assert_non_null(chart);
	const char *chart_end = strstr(chart, "</svg>");
	const char *bar = chart;
	size_t pairs = 0;
	const char *end = strstr(waits, "</table>");
	for (const char *r = strstr(waits, "<tbody>"); (r = strstr(r, "<tr")) && r < end; r++) {
		char decided[32], median[32], p90[32], drawn[32];
		assert_true(row_cell(r, 0, decided, sizeof decided));
		assert_true(row_cell(r, 1, median, sizeof median));
		assert_true(row_cell(r, 2, p90, sizeof p90));
		if (strcmp(decided, "0") == 0)
			continue;
		const char *figs[2] = {median, p90};
		for (int k = 0; k < 2; k++) {
			bar = between(bar, "font-weight=\"bold\">", "</text>", drawn, sizeof drawn);
			if (!bar || bar > chart_end)
				fail_msg("the chart has fewer bars than the table has figures");
			if (strcmp(drawn, figs[k]) != 0)
				fail_msg("the chart shows %s where the table has %s", drawn, figs[k]);
		}
		pairs++;
	}
	assert_true(pairs >= 2);
	/* no bar left over */
	assert_true(!strstr(bar, "font-weight=\"bold\">") || strstr(bar, "font-weight=\"bold\">") > chart_end);
	http_answer_free(&a);
	static const char *const paths[] = {"/permits?lang=en", "/permits?lang=prs", "/permits?lang=pus"};
	for (size_t i = 0; i < 3; i++) {
		get_page(paths[i], 200, &a);
		if (a.body_len > 60 * 1024)
			fail_msg("%s is %zu bytes, over the 60 KB budget", paths[i], a.body_len);
		assert_non_null(strstr(a.body, "<svg class=\"chart\" id=\"waiting-chart\""));
		assert_non_null(strstr(a.body, "<svg class=\"map\" id=\"waiting-map\""));
		http_answer_free(&a);
	}
}

/* Sends JSON as the holder of token, with extra header lines; the answer's id. */
static long long post_json(const char *token, const char *extra, const char *path, const char *body)
{
	char headers[512];
	snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n%s", token,
		 extra ? extra : "");
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", path, headers, body, strlen(body), &a), 0);
	if (a.status != 201)
		fail_msg("POST %s: %d: %s", path, a.status, a.body);
	json_t *j = json_loads(a.body, 0, NULL);
	assert_non_null(j);
	long long id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	http_answer_free(&a);
	assert_true(id > 0);
	return id;
}

#define CANARY "MAPSCANARY5K"

static void test_restricted_application_counted_only_for_its_owner(void **state)
{
	(void)state;
	char admin[128], owner[128], coord[128];
	assert_int_equal(server_add_user(&server, "maps-admin", "admin", 0, "a long enough passphrase", admin,
					 sizeof admin), 0);
	assert_int_equal(server_add_user(&server, "maps-coord2", "coordinator", 0, "a long enough passphrase", coord,
					 sizeof coord), 0);
	/* a restricted organization with its head office in Daykundi */
	long long org = post_json(admin, NULL, "/api/v1/orgs",
				  "{\"name_en\": \"" CANARY " Shelter Society\", \"kind\": \"cso\","
				  " \"offices\": [{\"place\": \"Nili\", \"within\": \"Daykundi\", \"main\": true}],"
				  " \"visibility\": \"restricted\"}");
	assert_int_equal(server_add_user(&server, "maps-owner2", "editor", org, "a long enough passphrase", owner,
					 sizeof owner), 0);
	HttpAnswer anon, own, co;
	get_as("/permits", NULL, &anon);
	get_as("/permits", owner, &own);
	get_as("/permits", coord, &co);
	long long before_anon = map_figure(anon.body, "waiting-map", "AF24");
	long long before_own = map_figure(own.body, "waiting-map", "AF24");
	long long before_coord = map_figure(co.body, "waiting-map", "AF24");
	http_answer_free(&anon);
	http_answer_free(&own);
	http_answer_free(&co);
	/* its application to a public ministry, still waiting */
	get_page("/api/v1/orgs?q=Ministry%20of%20Economy", 200, &anon);
	json_t *j = json_loads(anon.body, 0, NULL);
	assert_non_null(j);
	long long moec = json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
	json_decref(j);
	http_answer_free(&anon);
	assert_true(moec > 0);
	char body[512];
	snprintf(body, sizeof body,
		 "{\"org_id\": %lld, \"authority_id\": %lld, \"kind\": \"registration\", \"submitted\": \"2024-02-01\","
		 " \"note\": \"" CANARY " note\"}",
		 org, moec);
	post_json(admin, "X-Access-Reason: maps test of a restricted application\r\n", "/api/v1/applications", body);

	get_as("/permits", NULL, &anon);
	get_as("/permits", owner, &own);
	get_as("/permits", coord, &co);
	long long after_anon = map_figure(anon.body, "waiting-map", "AF24");
	long long after_own = map_figure(own.body, "waiting-map", "AF24");
	long long after_coord = map_figure(co.body, "waiting-map", "AF24");
	if (after_anon != before_anon || after_coord != before_coord || after_own != before_own + 1)
		fail_msg("Daykundi's waiting applications went from %lld to %lld for a visitor, %lld to %lld for a "
			 "coordinator, %lld to %lld for the owner",
			 before_anon, after_anon, before_coord, after_coord, before_own, after_own);
	assert_null(strstr(anon.body, CANARY));
	assert_null(strstr(co.body, CANARY));
	http_answer_free(&anon);
	http_answer_free(&own);
	http_answer_free(&co);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_areas_link_to_places_and_match_their_table),
		cmocka_unit_test(test_map_pages_stay_under_budget_in_every_language),
		cmocka_unit_test(test_district_without_outline_is_said_so),
		cmocka_unit_test(test_bad_filters_are_named),
		cmocka_unit_test(test_grid_and_charts_on_coverage),
		cmocka_unit_test(test_people_reached_chart_on_a_project),
		cmocka_unit_test(test_restricted_project_counted_only_for_its_owner),
		cmocka_unit_test(test_missing_reports_map_on_compliance),
		cmocka_unit_test(test_waiting_map_and_chart_on_permits),
		cmocka_unit_test(test_restricted_application_counted_only_for_its_owner),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
