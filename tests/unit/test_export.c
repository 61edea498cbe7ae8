/*
 * test_export.c — the export writers (fmt/export_*) on records made by
 * hand: the CSV file read back with the project's own CSV reader gives
 * every value back (commas, quotes, line ends, Dari text), a cell a
 * spreadsheet would run as a formula is guarded, a project is one row
 * per place and sector, and the column table has one tag per column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/refdata.h"
#include "fmt/csv.h"
#include "fmt/export.h"
#include "fmt/hxl_columns.h"
#include "testlib.h"

static RefData *ref_make(void)
{
	RefData *r = refdata_new();
	gaz_add(r->gaz, "AF", PLACE_COUNTRY, "", NULL, "Afghanistan", "افغانستان", "", NULL);
	gaz_add(r->gaz, "AF24", PLACE_PROVINCE, "AF", NULL, "Daykundi", "دایکندی", "", NULL);
	gaz_add(r->gaz, "AF2401", PLACE_DISTRICT, "AF24", NULL, "Nili", "نیلی", "", NULL);
	gaz_add(r->gaz, "AF01", PLACE_PROVINCE, "AF", NULL, "Kabul", "کابل", "", NULL);
	gaz_index(r->gaz);
	codelist_add(&r->sectors, "WASH", "Water, Sanitation and Hygiene", "", "", "cluster;14030|14031");
	codelist_add(&r->sectors, "HEALTH", "Health", "", "", "cluster;72011|12220");
	codelist_sort(&r->sectors);
	codelist_add(&r->org_kinds, "ngo_national", "National NGO", "", "", "");
	codelist_sort(&r->org_kinds);
	return r;
}

/* The column index of a field in the project columns. */
static size_t column_of(HxlField f)
{
	for (size_t i = 0; i < HXL_PROJECT_COLUMN_COUNT; i++)
		if (HXL_PROJECT_COLUMNS[i].field == f)
			return i;
	fail_msg("no column for field %d", (int)f);
	return 0;
}

static void test_csv_reads_back_every_value(void **state)
{
	(void)state;
	RefData *ref = ref_make();
	Org org = {.id = 7, .name_en = "Sahar, \"Dawn\" Society", .acronym = "SDS", .kind = "ngo_national"};
	const Org *known[] = {&org};
	ProjectOrg roles[] = {{.org_id = 7, .role = "implementing"}};
	ProjectPlace places[] = {{.place = "Nili", .pcode = "AF2401", .villages = 3},
				 {.place = "Kabul", .pcode = "AF01", .villages = -1}};
	const char *sectors[] = {"WASH", "HEALTH"};
	Result reached = {.indicator = "People reached", .value = 900, .female = 500, .male = 400,
			  .girls = NUM_UNKNOWN, .boys = NUM_UNKNOWN};
	Project p = {.id = 42, .title_en = "Wells,\nand \"latrines\"", .title_prs = "چاه‌ها و تشناب‌ها",
		     .title_pus = "=HYPERLINK(\"x\")", .status = "ongoing", .start_date = "2024-03",
		     .has_budget = true, .budget = 1250.5, .currency = "USD", .visibility = VIS_PUBLIC,
		     .source = "-3 wells; report", .orgs = roles, .org_count = 1, .sectors = sectors,
		     .sector_count = 2, .places = places, .place_count = 2, .results = &reached,
		     .result_count = 1};
	ExportSet set = {.projects = &p, .project_count = 1, .known_orgs = known, .known_org_count = 1};
	Buf out;
	buf_init(&out, 0);
	assert_true(export_csv(&set, ref, EXPORT_PROJECTS, true, &out));

	CsvReader *r = csv_open(out.data, out.used, ',');
	const char *const *f;
	assert_int_equal(csv_next(r, &f), (int)HXL_PROJECT_COLUMN_COUNT);
	assert_string_equal(f[0], "PROJECT_ID");
	assert_int_equal(csv_next(r, &f), (int)HXL_PROJECT_COLUMN_COUNT);
	assert_string_equal(f[column_of(HXL_PROJECT_ADM2_CODE)], "#adm2+code");
	/* two places x two sectors */
	const char *want_place[] = {"AF2401", "AF2401", "AF01", "AF01"};
	const char *want_sector[] = {"WASH", "HEALTH", "WASH", "HEALTH"};
	for (int row = 0; row < 4; row++) {
		assert_int_equal(csv_next(r, &f), (int)HXL_PROJECT_COLUMN_COUNT);
		assert_string_equal(f[column_of(HXL_PROJECT_ID)], "42");
		assert_string_equal(f[column_of(HXL_PROJECT_TITLE_EN)], "Wells,\nand \"latrines\"");
		assert_string_equal(f[column_of(HXL_PROJECT_TITLE_PRS)], "چاه‌ها و تشناب‌ها");
		/* guarded: a spreadsheet shows it instead of running it */
		assert_string_equal(f[column_of(HXL_PROJECT_TITLE_PUS)], "'=HYPERLINK(\"x\")");
		assert_string_equal(f[column_of(HXL_PROJECT_SOURCE)], "'-3 wells; report");
		assert_string_equal(f[column_of(HXL_PROJECT_IMPL_NAME)], "Sahar, \"Dawn\" Society");
		assert_string_equal(f[column_of(HXL_PROJECT_IMPL_TYPE)], "National NGO");
		assert_string_equal(f[column_of(HXL_PROJECT_ADM1_CODE)], row < 2 ? "AF24" : "AF01");
		assert_string_equal(f[column_of(HXL_PROJECT_ADM2_CODE)], row < 2 ? want_place[row] : "");
		assert_string_equal(f[column_of(HXL_PROJECT_ADM2_NAME_PRS)], row < 2 ? "نیلی" : "");
		assert_string_equal(f[column_of(HXL_PROJECT_VILLAGES)], row < 2 ? "3" : "");
		assert_string_equal(f[column_of(HXL_PROJECT_SECTOR_CODE)], want_sector[row]);
		assert_string_equal(f[column_of(HXL_PROJECT_BUDGET)], "1250.5");
		assert_string_equal(f[column_of(HXL_PROJECT_REACHED_F)], "500");
		assert_string_equal(f[column_of(HXL_PROJECT_REACHED_M)], "400");
		assert_string_equal(f[column_of(HXL_PROJECT_REACHED_TOTAL)], "900");
		assert_string_equal(f[column_of(HXL_PROJECT_RESULT_INDICATOR)], "");
	}
	/* then a row per result: no place, no sector, the result's cells */
	assert_int_equal(csv_next(r, &f), (int)HXL_PROJECT_COLUMN_COUNT);
	assert_string_equal(f[column_of(HXL_PROJECT_ID)], "42");
	assert_string_equal(f[column_of(HXL_PROJECT_ADM1_CODE)], "");
	assert_string_equal(f[column_of(HXL_PROJECT_SECTOR_CODE)], "");
	assert_string_equal(f[column_of(HXL_PROJECT_RESULT_INDICATOR)], "People reached");
	assert_string_equal(f[column_of(HXL_PROJECT_RESULT_VALUE)], "900");
	assert_string_equal(f[column_of(HXL_PROJECT_RESULT_FEMALE)], "500");
	assert_string_equal(f[column_of(HXL_PROJECT_RESULT_MALE)], "400");
	assert_string_equal(f[column_of(HXL_PROJECT_RESULT_GIRLS)], "");
	assert_string_equal(f[column_of(HXL_PROJECT_REACHED_TOTAL)], "900");
	assert_int_equal(csv_next(r, &f), 0);
	csv_close(r);
	buf_free(&out);
	refdata_free(ref);
}

static void test_a_project_without_places_or_sectors_has_one_row(void **state)
{
	(void)state;
	RefData *ref = ref_make();
	Project p = {.id = 5, .title_en = "Plain", .visibility = VIS_MEMBERS};
	ExportSet set = {.projects = &p, .project_count = 1};
	Buf out;
	buf_init(&out, 0);
	assert_true(export_csv(&set, ref, EXPORT_PROJECTS, false, &out));
	CsvReader *r = csv_open(out.data, out.used, ',');
	const char *const *f;
	assert_int_equal(csv_next(r, &f), (int)HXL_PROJECT_COLUMN_COUNT); /* header, no HXL row */
	assert_int_equal(csv_next(r, &f), (int)HXL_PROJECT_COLUMN_COUNT);
	assert_string_equal(f[column_of(HXL_PROJECT_ID)], "5");
	assert_string_equal(f[column_of(HXL_PROJECT_ADM1_CODE)], "");
	assert_string_equal(f[column_of(HXL_PROJECT_VISIBILITY)], "members");
	assert_int_equal(csv_next(r, &f), 0);
	csv_close(r);
	buf_free(&out);
	refdata_free(ref);
}

static void test_every_column_has_a_distinct_header_and_a_tag(void **state)
{
	(void)state;
	const HxlColumn *tables[] = {HXL_PROJECT_COLUMNS, HXL_ORG_COLUMNS};
	size_t counts[] = {HXL_PROJECT_COLUMN_COUNT, HXL_ORG_COLUMN_COUNT};
	for (size_t t = 0; t < 2; t++)
		for (size_t i = 0; i < counts[t]; i++) {
			assert_true(tables[t][i].tag[0] == '#');
			for (size_t k = 0; k < i; k++) {
				assert_string_not_equal(tables[t][i].header, tables[t][k].header);
				assert_string_not_equal(tables[t][i].tag, tables[t][k].tag);
			}
		}
}

static void test_a_full_buffer_is_reported(void **state)
{
	(void)state;
	RefData *ref = ref_make();
	Project p = {.id = 5, .title_en = "A title longer than the cap allows"};
	ExportSet set = {.projects = &p, .project_count = 1};
	Buf out;
	buf_init(&out, 64);
	assert_false(export_csv(&set, ref, EXPORT_PROJECTS, true, &out));
	buf_free(&out);
	refdata_free(ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_reads_back_every_value),
		cmocka_unit_test(test_a_project_without_places_or_sectors_has_one_row),
		cmocka_unit_test(test_every_column_has_a_distinct_header_and_a_tag),
		cmocka_unit_test(test_a_full_buffer_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
