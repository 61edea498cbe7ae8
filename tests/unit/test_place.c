/*
 * test_place.c — the gazetteer and place resolution (core/place) on the
 * real gazetteer, data/places.csv, read with the CSV reader (fmt/csv).
 * Run from the repository root.
 *
 * The cases are the ones real input brings: the spellings of one district
 * in a CSO profile (Daikundi/Daykundi, Khawaja Dako), Dari typed with an
 * Arabic keyboard, the province and its capital district sharing a name,
 * "Khost" naming three places, typos, P-codes, and garbage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/place.h"
#include "core/text.h"
#include "fmt/csv.h"
#include "testlib.h"

#define PLACES_CSV "data/places.csv"

/* The columns the loader needs, found by header name. */
enum { COL_PCODE, COL_LEVEL, COL_PARENT, COL_REGION, COL_EN, COL_PRS, COL_PUS, COL_ALT, COL_COUNT };
static const char *const column_names[COL_COUNT] = {
    "pcode", "level", "parent_pcode", "region_code", "name_en", "name_prs", "name_pus", "alt_names",
};

/* What the tests share: the gazetteer and the number of rows read. */
typedef struct Fixture {
	Gazetteer *gaz; /* loaded from PLACES_CSV */
	size_t rows;    /* data rows in the file */
} Fixture;

static int load_gazetteer(void **state)
{
	size_t len;
	char *data = test_read_file(PLACES_CSV, &len);
	CsvReader *r = csv_open(data, len, ',');
	const char *const *fields;
	int column_at[COL_COUNT];
	Fixture *f = calloc(1, sizeof *f);

	assert_non_null(f);
	f->gaz = gaz_new();
	int n = csv_next(r, &fields);
	assert_true(n > 0);
	for (int c = 0; c < COL_COUNT; c++) {
		column_at[c] = -1;
		for (int i = 0; i < n; i++)
			if (strcmp(fields[i], column_names[c]) == 0)
				column_at[c] = i;
		if (column_at[c] < 0)
			fail_msg(PLACES_CSV " has no column %s", column_names[c]);
	}
	while ((n = csv_next(r, &fields)) > 0) {
		const char *level = fields[column_at[COL_LEVEL]];
		assert_true(level[0] >= '0' && level[0] <= '2' && level[1] == '\0');
		bool added =
		    gaz_add(f->gaz, fields[column_at[COL_PCODE]], (PlaceLevel)(level[0] - '0'),
		            fields[column_at[COL_PARENT]], fields[column_at[COL_REGION]],
		            fields[column_at[COL_EN]], fields[column_at[COL_PRS]],
		            fields[column_at[COL_PUS]], fields[column_at[COL_ALT]]);
		if (!added)
			fail_msg("line %zu: place %s not added", csv_line(r),
			         fields[column_at[COL_PCODE]]);
		f->rows++;
	}
	if (n < 0)
		fail_msg(PLACES_CSV ": %s", csv_error(r));
	gaz_index(f->gaz);
	csv_close(r);
	free(data);
	*state = f;
	return 0;
}

static int free_gazetteer(void **state)
{
	Fixture *f = *state;
	gaz_free(f->gaz);
	free(f);
	return 0;
}

static const Gazetteer *gaz_of(void **state)
{
	return ((Fixture *)*state)->gaz;
}

/* Resolves and checks the outcome is MATCHED on exactly `pcode`. */
static PlaceResult expect_match(void **state, const char *name, const char *within,
                                const char *pcode)
{
	PlaceResult r;
	place_resolve(gaz_of(state), name, within, &r);
	if (r.outcome != PLACE_MATCHED) {
		const char *first = r.candidate_count ? r.candidates[0].place->pcode : "-";
		fail_msg("\"%s\" within %s: outcome %d (%zu candidates, first %s), expected %s",
		         name, within ? within : "-", (int)r.outcome, r.candidate_count, first,
		         pcode);
	}
	if (strcmp(r.best.place->pcode, pcode) != 0)
		fail_msg("\"%s\" within %s -> %s, expected %s", name, within ? within : "-",
		         r.best.place->pcode, pcode);
	return r;
}

static void expect_how(void **state, const char *name, const char *within, const char *pcode,
                       PlaceHow how)
{
	PlaceResult r = expect_match(state, name, within, pcode);
	if (r.best.how != how)
		fail_msg("\"%s\" -> %s by %s, expected by %s", name, pcode,
		         place_how_text(r.best.how), place_how_text(how));
}

static bool has_candidate(const PlaceResult *r, const char *pcode)
{
	for (size_t i = 0; i < r->candidate_count; i++)
		if (strcmp(r->candidates[i].place->pcode, pcode) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------- the data */

static void test_gazetteer_loaded(void **state)
{
	Fixture *f = *state;
	const Gazetteer *g = f->gaz;

	assert_int_equal(gaz_count(g), f->rows);
	assert_true(gaz_count(g) >= 34 + 360);
	const Place *p = gaz_get(g, "AF24");
	assert_non_null(p);
	assert_int_equal(p->level, PLACE_PROVINCE);
	assert_string_equal(p->name_en, "Daykundi");
	/* case-insensitive */
	assert_ptr_equal(gaz_get(g, "af24"), p);
	assert_null(gaz_get(g, "AF99"));
	assert_null(gaz_get(g, ""));
	assert_null(gaz_get(g, NULL));
	/* P-code order */
	for (size_t i = 1; i < gaz_count(g); i++)
		assert_true(strcmp(gaz_at(g, i - 1)->pcode, gaz_at(g, i)->pcode) < 0);
	assert_null(gaz_at(g, gaz_count(g)));
	/* alternates were split */
	const Place *sheb = gaz_get(g, "AF2801");
	assert_non_null(sheb);
	bool found = false;
	for (size_t i = 0; i < sheb->alt_count; i++)
		found = found || strcmp(sheb->alt_names[i], "Sheberghan") == 0;
	assert_true(found);
	/* 34 provinces, every district inside one */
	size_t provinces = 0;
	for (size_t i = 0; i < gaz_count(g); i++) {
		const Place *q = gaz_at(g, i);
		if (q->level == PLACE_PROVINCE)
			provinces++;
		if (q->level == PLACE_DISTRICT) {
			const Place *parent = gaz_get(g, q->parent_pcode);
			assert_non_null(parent);
			assert_int_equal(parent->level, PLACE_PROVINCE);
		}
	}
	assert_int_equal(provinces, 34);
}

static void test_add_rejects_duplicates(void **state)
{
	(void)state;
	Gazetteer *g = gaz_new();
	assert_true(gaz_add(g, "AF01", PLACE_PROVINCE, "", "CR", "Kabul", "", "", NULL));
	assert_false(gaz_add(g, "AF01", PLACE_PROVINCE, "", "CR", "Kabul again", "", "", NULL));
	assert_false(gaz_add(g, "af01", PLACE_PROVINCE, "", "CR", "Kabul again", "", "", NULL));
	assert_false(gaz_add(g, "", PLACE_PROVINCE, "", "", "Nothing", "", "", NULL));
	assert_false(
	    gaz_add(g, "AF0123456789ABCDEF", PLACE_DISTRICT, "AF01", "", "Long", "", "", NULL));
	assert_true(gaz_add(g, "af0101", PLACE_DISTRICT, "af01", "CR", "Kabul", NULL, NULL,
	                    " Kabul City | |Kabul-e-Jadid"));
	gaz_index(g);
	const Place *d = gaz_get(g, "AF0101");
	assert_non_null(d);
	assert_string_equal(d->pcode, "AF0101");
	assert_string_equal(d->parent_pcode, "AF01");
	assert_string_equal(d->name_prs, "");
	assert_int_equal(d->alt_count, 2);
	assert_string_equal(d->alt_names[0], "Kabul City");
	assert_string_equal(d->alt_names[1], "Kabul-e-Jadid");
	assert_true(gaz_within(g, d, gaz_get(g, "AF01")));
	assert_false(gaz_within(g, gaz_get(g, "AF01"), d));
	gaz_free(g);
}

static void test_within(void **state)
{
	const Gazetteer *g = gaz_of(state);
	const Place *jawzjan = gaz_get(g, "AF28");
	const Place *khwaja_dukoh = gaz_get(g, "AF2802");

	assert_true(gaz_within(g, khwaja_dukoh, jawzjan));
	assert_true(gaz_within(g, jawzjan, jawzjan));
	assert_false(gaz_within(g, jawzjan, khwaja_dukoh));
	assert_false(gaz_within(g, khwaja_dukoh, gaz_get(g, "AF21")));
	assert_false(gaz_within(g, NULL, jawzjan));
}

static void test_province_of(void **state)
{
	const Gazetteer *g = gaz_of(state);
	const Place *jawzjan = gaz_get(g, "AF28");

	assert_ptr_equal(gaz_province_of(g, "AF2802"), jawzjan);
	assert_ptr_equal(gaz_province_of(g, "af2802"), jawzjan);
	assert_ptr_equal(gaz_province_of(g, "AF28"), jawzjan);
	/* a district created after 2018 lies in its province all the same */
	assert_string_equal(gaz_province_of(g, "AF2409")->pcode, "AF24");
	assert_null(gaz_province_of(g, "AF"));
	assert_null(gaz_province_of(g, "AF9999"));
	assert_null(gaz_province_of(g, ""));
	assert_null(gaz_province_of(g, NULL));
	assert_null(gaz_province_of(NULL, "AF28"));
}

/* ------------------------------------------------ the spellings of a CSO */

static void test_daykundi(void **state)
{
	expect_how(state, "Daykundi", NULL, "AF24", HOW_NAME_EN);
	expect_how(state, "Daikundi", NULL, "AF24", HOW_ALT_NAME);
	expect_how(state, "DAYKUNDI ", NULL, "AF24", HOW_NAME_EN);
	expect_how(state, "Dai Kundi", NULL, "AF24", HOW_SKELETON);
	/* دایکندی, Farsi yeh and keheh */
	expect_how(state, "\u062f\u0627\u06cc\u06a9\u0646\u062f\u06cc", NULL, "AF24",
	           HOW_NAME_LOCAL);
	/* دايكندي, Arabic yeh and kaf throughout */
	expect_how(state, "\u062f\u0627\u064a\u0643\u0646\u062f\u064a", NULL, "AF24",
	           HOW_NAME_LOCAL);
	/* mixed: دايکندی and دایكندي */
	expect_how(state, "\u062f\u0627\u064a\u06a9\u0646\u062f\u06cc", NULL, "AF24",
	           HOW_NAME_LOCAL);
	expect_how(state, "\u062f\u0627\u06cc\u0643\u0646\u062f\u064a", NULL, "AF24",
	           HOW_NAME_LOCAL);
	/* with a tatweel and a ZWNJ */
	expect_how(state, "\u062f\u0627\u06cc\u0640\u06a9\u0646\u200c\u062f\u06cc", NULL, "AF24",
	           HOW_NAME_LOCAL);
	/* within itself, still the province: no district shares its name */
	expect_match(state, "Daikundi", "AF24", "AF24");
}

static void test_khwaja_dukoh(void **state)
{
	PlaceResult r = expect_match(state, "Khawaja Dako", NULL, "AF2802");
	assert_int_equal(r.best.how, HOW_SKELETON);
	assert_int_equal(gaz_get(gaz_of(state), "AF2802")->level, PLACE_DISTRICT);
	expect_match(state, "Khawaja Dako", "AF28", "AF2802");
	expect_how(state, "Khwaja Dukoh", NULL, "AF2802", HOW_NAME_EN);
	expect_how(state, "Khwaja Dukoh", "AF28", "AF2802", HOW_NAME_EN);
	expect_match(state, "khwaja-du-koh", NULL, "AF2802");
	/* outside its province there is no such place */
	place_resolve(gaz_of(state), "Khawaja Dako", "AF21", &r);
	assert_int_not_equal(r.outcome, PLACE_MATCHED);
	assert_false(has_candidate(&r, "AF2802"));
}

static void test_sheberghan(void **state)
{
	expect_how(state, "Sheberghan", NULL, "AF2801", HOW_ALT_NAME);
	expect_how(state, "Shiberghan", NULL, "AF2801", HOW_NAME_EN);
	expect_how(state, "Shibirghan", NULL, "AF2801", HOW_ALT_NAME);
	expect_how(state, "Shebirghan", NULL, "AF2801", HOW_SKELETON);
	expect_match(state, "Sheberghan", "AF28", "AF2801");
}

static void test_bamyan_districts(void **state)
{
	static const char *const names[] = {"Yakawlang", "Panjab", "Waras"};
	static const char *const pcodes[] = {"AF1005", "AF1006", "AF1007"};

	for (size_t i = 0; i < 3; i++) {
		PlaceResult r = expect_match(state, names[i], NULL, pcodes[i]);
		assert_int_equal(r.best.place->level, PLACE_DISTRICT);
		assert_string_equal(r.best.place->parent_pcode, "AF10");
		expect_match(state, names[i], "AF10", pcodes[i]);
	}
	expect_match(state, "Bamyan", NULL, "AF10");
	expect_match(state, "Bamiyan", NULL, "AF10");
	expect_match(state, "Bamian", NULL, "AF10");
}

/* -------------------------------------------------- one name, many places */

static void test_khost_is_ambiguous(void **state)
{
	PlaceResult r;

	place_resolve(gaz_of(state), "Khost", NULL, &r);
	assert_int_equal(r.outcome, PLACE_AMBIGUOUS);
	/* The province, and the Baghlan district Khost Wa Fereng; Matun (AF1401,
	 * also called Khost) is inside the province and counts as it. */
	assert_int_equal(r.candidate_count, 2);
	assert_string_equal(r.candidates[0].place->pcode, "AF0913");
	assert_string_equal(r.candidates[1].place->pcode, "AF14");
	assert_int_equal(r.candidates[0].how, HOW_ALT_NAME);
	assert_int_equal(r.candidates[1].how, HOW_NAME_EN);
	assert_false(has_candidate(&r, "AF1401"));
}

static void test_khost_within(void **state)
{
	/* within the province itself: the place inside it that is called Khost */
	expect_how(state, "Khost", "AF14", "AF1401", HOW_ALT_NAME);
	expect_how(state, "Khost", "af14", "AF1401", HOW_ALT_NAME);
	/* within Baghlan: Khost Wa Fereng */
	expect_how(state, "Khost", "AF09", "AF0913", HOW_ALT_NAME);
	/* Dari خوست names only the province */
	expect_match(state, "\u062e\u0648\u0633\u062a", NULL, "AF14");
	expect_match(state, "Matun", NULL, "AF1401");
}

static void test_province_and_capital_district(void **state)
{
	/* The name alone means the province ... */
	expect_how(state, "Kabul", NULL, "AF01", HOW_NAME_EN);
	expect_how(state, "\u06a9\u0627\u0628\u0644", NULL, "AF01", HOW_NAME_LOCAL); /* کابل */
	expect_how(state, "Balkh", NULL, "AF21", HOW_NAME_EN);
	expect_match(state, "Bamyan", NULL, "AF10");
	expect_match(state, "Ghazni", NULL, "AF11");
	expect_match(state, "Kunduz", NULL, "AF19");
	expect_match(state, "Kandahar", NULL, "AF27");
	expect_match(state, "Farah", NULL, "AF33");
	expect_match(state, "Sar-e-Pul", NULL, "AF22");
	/* ... and within the province, the district. */
	expect_how(state, "Kabul", "AF01", "AF0101", HOW_NAME_EN);
	expect_how(state, "Balkh", "AF21", "AF2106", HOW_NAME_EN);
	expect_match(state, "Bamyan", "AF10", "AF1001");
	expect_match(state, "Ghazni", "AF11", "AF1101");
	expect_match(state, "Kunduz", "AF19", "AF1901");
	expect_match(state, "Kandahar", "AF27", "AF2701");
	expect_match(state, "Farah", "AF33", "AF3301");
	expect_match(state, "Sar-e-Pul", "AF22", "AF2201");
	/* A name only the district carries means the district. */
	expect_how(state, "Kabul City", NULL, "AF0101", HOW_ALT_NAME);
	/* Within the country (when the gazetteer lists it), the province. */
	if (gaz_get(gaz_of(state), "AF"))
		expect_match(state, "Kabul", "AF", "AF01");
}

static void test_hirat(void **state)
{
	expect_how(state, "Hirat", NULL, "AF32", HOW_NAME_EN);
	expect_how(state, "Herat", NULL, "AF32", HOW_ALT_NAME);
	expect_how(state, "Hir\u0101t", NULL, "AF32", HOW_NAME_EN);
	expect_match(state, "Herat", "AF32", "AF3201");
	expect_match(state, "\u0647\u0631\u0627\u062a", NULL, "AF32"); /* هرات */
}

static void test_nangarhar(void **state)
{
	expect_how(state, "Nangarhar", NULL, "AF06", HOW_NAME_EN);
	expect_how(state, "Ningarhar", NULL, "AF06", HOW_SKELETON);
	expect_how(state, "\u0646\u0646\u06af\u0631\u0647\u0627\u0631", NULL, "AF06",
	           HOW_NAME_LOCAL);
}

static void test_sar_e_pul(void **state)
{
	expect_how(state, "Sar-e-Pul", NULL, "AF22", HOW_NAME_EN);
	expect_match(state, "Sar e Pul", NULL, "AF22");
	expect_match(state, "Sar-e Pol", NULL, "AF22");
	/* "Sari Pul" is written only as an alternate of the district; it names
	 * the province too (same skeleton), so alone it means the province. */
	expect_how(state, "Sari Pul", NULL, "AF22", HOW_SKELETON);
	expect_how(state, "Sari Pul", "AF22", "AF2201", HOW_ALT_NAME);
	expect_match(state, "\u0633\u0631\u067e\u0644", NULL, "AF22"); /* سرپل */
}

static void test_other_provinces(void **state)
{
	expect_match(state, "Uruzgan", NULL, "AF25");
	expect_match(state, "Oruzgan", NULL, "AF25");
	expect_match(state, "Jowzjan", NULL, "AF28");
	expect_match(state, "Jauzjan", NULL, "AF28");
	expect_match(state, "Ghowr", NULL, "AF23");
	expect_match(state, "Paktia", NULL, "AF13");
	expect_match(state, "Maydan Wardak", NULL, "AF04");
	expect_match(state, "Helmand", NULL, "AF30");
	expect_match(state, "Qunduz", NULL, "AF19");
	expect_match(state, "Kondoz", NULL, "AF19");
}

/* ------------------------------------------------------------- P-codes */

static void test_pcode(void **state)
{
	expect_how(state, "af2802", NULL, "AF2802", HOW_PCODE);
	expect_how(state, "AF24", NULL, "AF24", HOW_PCODE);
	expect_how(state, " AF24 ", NULL, "AF24", HOW_PCODE);
	expect_how(state, "AF\u06f2\u06f4", NULL, "AF24", HOW_PCODE); /* AF۲۴ */
	expect_how(state, "af\u0662\u0668\u0660\u0662", NULL, "AF2802",
	           HOW_PCODE); /* Arabic-Indic */
	expect_how(state, "AF2802", "AF28", "AF2802", HOW_PCODE);
	expect_how(state, "AF2802", "AF\u06f2\u06f8", "AF2802", HOW_PCODE);

	/* a P-code outside `within` is not taken, but shown */
	PlaceResult r;
	place_resolve(gaz_of(state), "AF2802", "AF21", &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	assert_int_equal(r.candidate_count, 1);
	assert_string_equal(r.candidates[0].place->pcode, "AF2802");
	/* an unknown P-code-like input is just an unknown name */
	place_resolve(gaz_of(state), "AF99", NULL, &r);
	assert_int_not_equal(r.outcome, PLACE_MATCHED);
}

/* ------------------------------------------------------- close spellings */

static void test_typo(void **state)
{
	PlaceResult r = expect_match(state, "Jawzjn", NULL, "AF28");
	assert_int_equal(r.best.how, HOW_FUZZY);
	assert_int_equal(r.best.distance, 1);
	assert_string_equal(r.best.matched, "Jawzjan");

	r = expect_match(state, "Nangrahar", NULL, "AF06");
	assert_int_equal(r.best.how, HOW_FUZZY);
	assert_int_equal(r.best.distance, 2);

	r = expect_match(state, "Badakshan", NULL, "AF17");
	assert_int_equal(r.best.how, HOW_FUZZY);

	/* A typo of a name the province shares with its capital district is
	 * settled like the name: the province, or within it the district. */
	r = expect_match(state, "Kabl", NULL, "AF01");
	assert_int_equal(r.best.how, HOW_FUZZY);
	r = expect_match(state, "Balkk", NULL, "AF21");
	assert_int_equal(r.best.how, HOW_FUZZY);
	r = expect_match(state, "Balkk", "AF21", "AF2106");
	assert_int_equal(r.best.how, HOW_FUZZY);
	assert_int_equal(r.best.distance, 1);

	/* Two edits are too many for a four-letter input, one too many for
	 * a six-letter one; the place it nearly is comes first. */
	place_resolve(gaz_of(state), "Kbxl", NULL, &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	assert_string_equal(r.candidates[0].place->pcode, "AF01");
	assert_int_equal(r.candidates[0].distance, 2);
	assert_string_equal(r.candidates[1].place->pcode, "AF0101");
	place_resolve(gaz_of(state), "Kxxbul", NULL, &r);
	assert_int_equal(r.outcome, PLACE_MATCHED); /* two edits: within the limit of 2 */
	place_resolve(gaz_of(state), "Kxxxbul", NULL, &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	assert_string_equal(r.candidates[0].place->pcode, "AF01");
	assert_int_equal(r.candidates[0].distance, 3);
}

static void test_unresolved(void **state)
{
	PlaceResult r;

	place_resolve(gaz_of(state), "Xyzzyville", NULL, &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	assert_true(r.candidate_count > 0);
	assert_true(r.candidate_count <= PLACE_MAX_CANDIDATES);
	assert_int_equal(r.candidate_count, PLACE_MAX_CANDIDATES);
	for (size_t i = 0; i < r.candidate_count; i++) {
		assert_non_null(r.candidates[i].place);
		assert_non_null(r.candidates[i].matched);
		assert_int_equal(r.candidates[i].how, HOW_FUZZY);
		assert_true(r.candidates[i].distance > 2); /* else it would have matched */
		if (i > 0)
			assert_true(r.candidates[i - 1].distance <= r.candidates[i].distance);
		for (size_t k = 0; k < i; k++)
			assert_ptr_not_equal(r.candidates[k].place, r.candidates[i].place);
		/* the distance reported is the real one */
		char *folded = text_fold(r.candidates[i].matched);
		assert_int_equal(text_distance("xyzzyville", folded, 100),
		                 r.candidates[i].distance);
		free(folded);
	}

	/* One edit past the limit (3 for a 12-letter input): unresolved, and
	 * the place it nearly is comes first, ties in P-code order. */
	place_resolve(gaz_of(state), "Kandaharxyzw", NULL, &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	assert_true(r.candidate_count >= 2);
	assert_string_equal(r.candidates[0].place->pcode, "AF27");
	assert_int_equal(r.candidates[0].distance, 4);
	assert_string_equal(r.candidates[1].place->pcode, "AF2701");
	assert_int_equal(r.candidates[1].distance, 4);
}

static void test_unresolved_within(void **state)
{
	PlaceResult r;
	const Gazetteer *g = gaz_of(state);

	place_resolve(g, "Xyzzyville", "AF10", &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	assert_true(r.candidate_count > 0);
	for (size_t i = 0; i < r.candidate_count; i++)
		assert_true(gaz_within(g, r.candidates[i].place, gaz_get(g, "AF10")));

	/* a known name outside `within` does not leak in */
	place_resolve(g, "Yakawlang", "AF21", &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	assert_false(has_candidate(&r, "AF1005"));

	/* an unknown `within` leaves nothing to choose from */
	place_resolve(g, "Kabul", "AF99", &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	assert_int_equal(r.candidate_count, 0);
}

static void test_garbage(void **state)
{
	static const char *const inputs[] = {
	    "", "   ", "--", "\u060c", "\u200c", "abc\xff", "\xc0\xaf", "\xed\xa0\x80", "a\x01",
	};
	const Gazetteer *g = gaz_of(state);
	PlaceResult r;

	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		memset(&r, 0x5a, sizeof r);
		place_resolve(g, inputs[i], NULL, &r);
		assert_int_equal(r.outcome, PLACE_UNRESOLVED);
		assert_int_equal(r.candidate_count, 0);
	}
	place_resolve(g, NULL, NULL, &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	place_resolve(NULL, "Kabul", NULL, &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	/* invalid UTF-8 in `within` */
	place_resolve(g, "Kabul", "AF\xff", &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	/* a very long input */
	char *long_name = malloc(5001);
	assert_non_null(long_name);
	memset(long_name, 'k', 5000);
	long_name[5000] = '\0';
	place_resolve(g, long_name, NULL, &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	free(long_name);
}

/* ---------------------------------------------- the whole gazetteer, once */

/*
 * Every place is found by each of its own names, within its parent (or,
 * for a province, alone): matched exactly, or among the tied places when
 * the name is shared — never lost, never another place silently.
 */
static void test_every_name_finds_its_place(void **state)
{
	const Gazetteer *g = gaz_of(state);

	for (size_t i = 0; i < gaz_count(g); i++) {
		const Place *p = gaz_at(g, i);
		const char *within = p->level == PLACE_DISTRICT ? p->parent_pcode : NULL;
		const char *names[64];
		size_t count = 0;
		names[count++] = p->name_en;
		names[count++] = p->name_prs;
		names[count++] = p->name_pus;
		for (size_t k = 0; k < p->alt_count && count < 64; k++)
			names[count++] = p->alt_names[k];

		for (size_t k = 0; k < count; k++) {
			char *folded = text_fold(names[k]);
			bool empty = !folded || !*folded;
			free(folded);
			if (empty)
				continue;
			PlaceResult r;
			place_resolve(g, names[k], within, &r);
			bool found = (r.outcome == PLACE_MATCHED && r.best.place == p) ||
			             (r.outcome == PLACE_AMBIGUOUS && has_candidate(&r, p->pcode));
			if (!found)
				fail_msg("%s \"%s\" within %s: outcome %d, %s", p->pcode, names[k],
				         within ? within : "-", (int)r.outcome,
				         r.outcome == PLACE_MATCHED ? r.best.place->pcode : "-");
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gazetteer_loaded),
	    cmocka_unit_test(test_add_rejects_duplicates),
	    cmocka_unit_test(test_within),
	    cmocka_unit_test(test_province_of),
	    cmocka_unit_test(test_daykundi),
	    cmocka_unit_test(test_khwaja_dukoh),
	    cmocka_unit_test(test_sheberghan),
	    cmocka_unit_test(test_bamyan_districts),
	    cmocka_unit_test(test_khost_is_ambiguous),
	    cmocka_unit_test(test_khost_within),
	    cmocka_unit_test(test_province_and_capital_district),
	    cmocka_unit_test(test_hirat),
	    cmocka_unit_test(test_nangarhar),
	    cmocka_unit_test(test_sar_e_pul),
	    cmocka_unit_test(test_other_provinces),
	    cmocka_unit_test(test_pcode),
	    cmocka_unit_test(test_typo),
	    cmocka_unit_test(test_unresolved),
	    cmocka_unit_test(test_unresolved_within),
	    cmocka_unit_test(test_garbage),
	    cmocka_unit_test(test_every_name_finds_its_place),
	};
	return cmocka_run_group_tests(tests, load_gazetteer, free_gazetteer);
}
