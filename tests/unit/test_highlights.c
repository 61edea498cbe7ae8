/*
 * test_highlights.c — an organization's highlights (core/highlights) on a
 * hand-made case: three projects in a small hand-made gazetteer, worked
 * out by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/highlights.h"

static void test_highlights_count_once_and_keep_conflicts_apart(void **state)
{
	(void)state;
	Gazetteer *g = gaz_new();
	gaz_add(g, "AF", PLACE_COUNTRY, NULL, NULL, "Afghanistan", "", "", "");
	gaz_add(g, "AF24", PLACE_PROVINCE, "AF", NULL, "Daykundi", "", "", "");
	gaz_add(g, "AF2401", PLACE_DISTRICT, "AF24", NULL, "Nili", "", "", "");
	gaz_add(g, "AF2402", PLACE_DISTRICT, "AF24", NULL, "Shahristan", "", "", "");
	gaz_add(g, "AF10", PLACE_PROVINCE, "AF", NULL, "Bamyan", "", "", "");
	gaz_index(g);

	/* A: Daykundi (two of its districts: one province), sectors GBV and
	 * PROTECTION, 100,000 USD from donors 7 and 8; people: 40 (30 f, 10 m),
	 * the same result written twice (counted once), and a figure in
	 * hectares (not people). */
	const char *sa[] = {"GBV", "PROTECTION", "GBV"};
	ProjectPlace pa[] = {{.pcode = "AF2401"}, {.pcode = "AF2402"}};
	ProjectOrg oa[] = {{1, "implementing", "Us"}, {7, "funding", "Donor Seven"}, {8, "funding", "Donor Eight"}};
	Result ra[] = {{.indicator = "Women trained", .value = 40, .unit = "people", .female = 30, .male = 10},
		       {.indicator = "women trained", .value = 40, .unit = "people", .female = 30, .male = 10},
		       {.indicator = "Land restored", .value = 75, .unit = "hectares", .female = -1, .male = -1}};
	/* B: Daykundi and Bamyan, sector GBV, 5,000 USD from donor 7;
	 * people: two results of one indicator that disagree (200 and 250):
	 * neither is added, both are listed. */
	const char *sb[] = {"GBV"};
	ProjectPlace pb[] = {{.pcode = "AF24"}, {.pcode = "AF10"}};
	ProjectOrg ob[] = {{1, "implementing", "Us"}, {7, "funding", "Donor Seven"}};
	Result rb[] = {{.indicator = "People reached", .value = 200, .unit = "people", .female = -1, .male = -1},
		       {.indicator = "People reached", .value = 250, .unit = "people", .female = -1, .male = -1}};
	/* C: Bamyan, EDUCATION, 1,000 AFN, no donor; 12 people, 12 male,
	 * reported again for another period with the same figures (once). */
	const char *sc[] = {"EDUCATION"};
	ProjectPlace pc[] = {{.pcode = "AF10"}};
	ProjectOrg oc[] = {{1, "implementing", "Us"}};
	Result rc[] = {{.indicator = "Boys taught", .value = 12, .unit = "people", .female = -1, .male = 12,
			.period_start = "2020"},
		       {.indicator = "Boys taught", .value = 12, .unit = "people", .female = -1, .male = 12,
			.period_start = "2020-01", .period_end = "2020-06"}};
	Project projects[3] = {
		{.id = 1, .sectors = sa, .sector_count = 3, .places = pa, .place_count = 2, .orgs = oa, .org_count = 3,
		 .results = ra, .result_count = 3, .has_budget = true, .budget = 100000, .currency = "USD"},
		{.id = 2, .sectors = sb, .sector_count = 1, .places = pb, .place_count = 2, .orgs = ob, .org_count = 2,
		 .results = rb, .result_count = 2, .has_budget = true, .budget = 5000, .currency = "USD"},
		{.id = 3, .sectors = sc, .sector_count = 1, .places = pc, .place_count = 1, .orgs = oc, .org_count = 1,
		 .results = rc, .result_count = 2, .has_budget = true, .budget = 1000, .currency = "AFN"},
	};
	Arena *a = arena_new();
	Highlights h;
	highlights_build(a, g, projects, 3, &h);
	assert_int_equal(h.projects, 3);
	/* GBV 2 (A once, B), PROTECTION 1, EDUCATION 1: most first, then by code. */
	assert_int_equal(h.sector_count, 3);
	assert_string_equal(h.by_sector[0].code, "GBV");
	assert_int_equal(h.by_sector[0].projects, 2);
	assert_string_equal(h.by_sector[1].code, "EDUCATION");
	assert_string_equal(h.by_sector[2].code, "PROTECTION");
	/* Daykundi 2 (A once for its two districts, B), Bamyan 2 (B, C). */
	assert_int_equal(h.province_count, 2);
	assert_int_equal(h.by_province[0].projects, 2);
	assert_int_equal(h.by_province[1].projects, 2);
	/* AFN: total 1,000. USD: total 105,000 over 2 projects; donor 7 gave to
	 * both (105,000, one shared), donor 8 to A (100,000, shared). */
	assert_int_equal(h.funding_count, 4);
	assert_string_equal(h.funding[0].currency, "AFN");
	assert_int_equal(h.funding[0].donor_id, 0);
	assert_true(h.funding[0].amount == 1000);
	assert_string_equal(h.funding[1].currency, "USD");
	assert_int_equal(h.funding[1].donor_id, 0);
	assert_true(h.funding[1].amount == 105000);
	assert_int_equal(h.funding[1].projects, 2);
	assert_int_equal(h.funding[2].donor_id, 7);
	assert_true(h.funding[2].amount == 105000);
	assert_int_equal(h.funding[2].shared, 1);
	assert_int_equal(h.funding[3].donor_id, 8);
	assert_true(h.funding[3].amount == 100000);
	/* People: 40 + 12 = 52 (the repeat and the conflict left out);
	 * female 30 (only A says), male 10 + 12 = 22. */
	assert_int_equal(h.people_total, 52);
	assert_int_equal(h.people_female, 30);
	assert_int_equal(h.people_male, 22);
	assert_int_equal(h.counted_count, 2);
	assert_int_equal(h.conflict_count, 2);
	assert_int_equal(h.conflicts[0].project, 1);
	assert_int_equal(h.conflicts[0].result, 0);
	assert_int_equal(h.conflicts[1].result, 1);
	arena_free(a);
	gaz_free(g);
}

static void test_highlights_of_nothing(void **state)
{
	(void)state;
	Gazetteer *g = gaz_new();
	/* (an empty gazetteer is not indexed: gaz_index passes NULL to qsort) */
	gaz_add(g, "AF", PLACE_COUNTRY, NULL, NULL, "Afghanistan", "", "", "");
	gaz_index(g);
	Arena *a = arena_new();
	Highlights h;
	highlights_build(a, g, NULL, 0, &h);
	assert_int_equal(h.projects, 0);
	assert_int_equal(h.sector_count, 0);
	assert_int_equal(h.funding_count, 0);
	assert_int_equal(h.people_total, 0);
	assert_int_equal(h.people_female, -1);
	assert_int_equal(h.people_male, -1);
	arena_free(a);
	gaz_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_highlights_count_once_and_keep_conflicts_apart),
		cmocka_unit_test(test_highlights_of_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
