/*
 * test_import_map.c — HXL hashtags and headers to import fields
 * (core/import_map): attributes in any order and case, the 3W's and FTS's
 * columns, field names both ways; and the rows of one record read
 * together (fmt/import_table).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/import_map.h"
#include "fmt/hxl_columns.h"
#include "fmt/import_table.h"

static void test_hxl_tags(void **state)
{
	(void)state;
	assert_int_equal(import_map_hxl("#org+name"), IF_ORG_NAME);
	assert_int_equal(import_map_hxl("#org +acronym"), IF_ORG_ACRONYM);
	assert_int_equal(import_map_hxl("#ORG+Acronym"), IF_ORG_ACRONYM);
	assert_int_equal(import_map_hxl("#org +type +name"), IF_ORG_KIND);
	assert_int_equal(import_map_hxl("#org+name+funding"), IF_DONOR_NAME);
	assert_int_equal(import_map_hxl("#org+funding+name"), IF_DONOR_NAME);
	assert_int_equal(import_map_hxl("#adm1+code"), IF_ADM1_CODE);
	assert_int_equal(import_map_hxl("#adm1+name"), IF_ADM1_NAME);
	assert_int_equal(import_map_hxl("#adm2 +code"), IF_ADM2_CODE);
	assert_int_equal(import_map_hxl("#adm2"), IF_ADM2_NAME);
	assert_int_equal(import_map_hxl("#sector +cluster +code"), IF_SECTOR_CODE);
	assert_int_equal(import_map_hxl("#sector+code+cluster"), IF_SECTOR_CODE);
	assert_int_equal(import_map_hxl("#sector +cluster +name"), IF_SECTOR_NAME);
	assert_int_equal(import_map_hxl("#reached+f"), IF_REACHED_FEMALE);
	assert_int_equal(import_map_hxl("#reached+m+adults"), IF_REACHED_MALE);
	assert_int_equal(import_map_hxl("#reached"), IF_REACHED);
	assert_int_equal(import_map_hxl("#activity+code"), IF_ROW_KEY);
	assert_int_equal(import_map_hxl("#date+start"), IF_START);
	assert_int_equal(import_map_hxl("#region+name"), IF_NONE);
	assert_int_equal(import_map_hxl("#org+code"), IF_ORG_IDS);
	assert_int_equal(import_map_hxl("#org+funder+code"), IF_DONOR_IDS);
	assert_int_equal(import_map_hxl("#org+funder+type+code"), IF_DONOR_KIND);
	assert_int_equal(import_map_hxl("#meta+visibility"), IF_VISIBILITY);
	assert_int_equal(import_map_hxl("#meta+source"), IF_SOURCE);
	assert_int_equal(import_map_hxl("#loc+num"), IF_VILLAGES);
	/* every column the exporter writes is read back as what it holds */
	for (size_t i = 0; i < HXL_ORG_COLUMN_COUNT; i++)
		assert_int_not_equal(import_map_hxl(HXL_ORG_COLUMNS[i].tag), IF_NONE);
	for (size_t i = 0; i < HXL_PROJECT_COLUMN_COUNT; i++)
		if (HXL_PROJECT_COLUMNS[i].field != HXL_PROJECT_REACHED_TOTAL)
			assert_int_not_equal(import_map_hxl(HXL_PROJECT_COLUMNS[i].tag), IF_NONE);
	assert_int_equal(import_map_hxl("#org+name+i_fa"), IF_ORG_NAME_PRS);
	assert_int_equal(import_map_hxl("#org+name+i_ps"), IF_ORG_NAME_PUS);
	assert_int_equal(import_map_hxl("#org+code+reg"), IF_ORG_REG_NUMBER);
	assert_int_equal(import_map_hxl("#org+name+registrar"), IF_ORG_REG_AUTHORITY);
	assert_int_equal(import_map_hxl("#date+registered"), IF_ORG_REG_DATE);
	assert_int_equal(import_map_hxl("#org+code+tin"), IF_ORG_TIN);
	assert_int_equal(import_map_hxl("#loc+code+office"), IF_ORG_OFFICES);
	assert_int_equal(import_map_hxl("#org+description"), IF_ORG_DESCRIPTION);
	assert_int_equal(import_map_hxl("#org+staff+num"), IF_ORG_STAFF_TOTAL);
	assert_int_equal(import_map_hxl("#org+staff+f+num"), IF_ORG_STAFF_FEMALE);
	assert_int_equal(import_map_hxl("#org+women_led"), IF_ORG_WOMEN_LED);
	assert_int_equal(import_map_hxl("#org+parent+code"), IF_ORG_PARENT_ID);
	assert_int_equal(import_map_hxl("#org+parent+name"), IF_ORG_PARENT_NAME);
	assert_int_equal(import_map_header("PARENT_NAME"), IF_ORG_PARENT_NAME);
	assert_int_equal(import_map_header("Staff total"), IF_ORG_STAFF_TOTAL);
	assert_int_equal(import_map_hxl("#activity+description+i_fa"), IF_DESCRIPTION_PRS);
	assert_int_equal(import_map_hxl("#indicator+f+children"), IF_RESULT_GIRLS);
	assert_int_equal(import_map_hxl("#indicator+m"), IF_RESULT_MALE);
	assert_int_equal(import_map_hxl("#indicator+period+start"), IF_RESULT_START);
	assert_int_equal(import_map_hxl("#indicator+value+num"), IF_RESULT_VALUE);
	assert_int_equal(import_map_hxl("#indicator+name"), IF_RESULT_INDICATOR);
	assert_int_equal(import_map_hxl("org+name"), IF_NONE);
	assert_int_equal(import_map_hxl(""), IF_NONE);
	assert_true(import_is_hxl_tag(" #org"));
	assert_false(import_is_hxl_tag("# of people"));
	assert_false(import_is_hxl_tag("ORG_NAME"));
}

/* A table of organizations is told from a project sheet by its columns. */
static void test_orgs_table_detected(void **state)
{
	(void)state;
	bool present[IF_FIELD_COUNT] = {false};
	for (size_t i = 0; i < HXL_ORG_COLUMN_COUNT; i++)
		present[import_map_hxl(HXL_ORG_COLUMNS[i].tag)] = true;
	assert_true(import_fields_are_orgs(present));
	present[IF_ADM2_CODE] = true; /* a place below a province: a presence sheet */
	assert_false(import_fields_are_orgs(present));
	bool project[IF_FIELD_COUNT] = {false};
	for (size_t i = 0; i < HXL_PROJECT_COLUMN_COUNT; i++)
		project[import_map_hxl(HXL_PROJECT_COLUMNS[i].tag)] = true;
	assert_false(import_fields_are_orgs(project));
	/* the 3W: names, acronyms, kinds and places, no column only an
	 * organization has */
	bool three_w[IF_FIELD_COUNT] = {false};
	three_w[IF_ORG_NAME] = three_w[IF_ORG_ACRONYM] = three_w[IF_ORG_KIND] = true;
	three_w[IF_ADM1_CODE] = three_w[IF_SECTOR_CODE] = true;
	assert_false(import_fields_are_orgs(three_w));
}

static void test_headers(void **state)
{
	(void)state;
	assert_int_equal(import_map_header("ORG_NAME"), IF_ORG_NAME);
	assert_int_equal(import_map_header("org acronym"), IF_ORG_ACRONYM);
	assert_int_equal(import_map_header("DIST_CODE"), IF_ADM2_CODE);
	assert_int_equal(import_map_header("Province"), IF_ADM1_NAME);
	assert_int_equal(import_map_header("destOrganization"), IF_ORG_NAME);
	assert_int_equal(import_map_header("srcOrganization"), IF_DONOR_NAME);
	assert_int_equal(import_map_header("amountUSD"), IF_BUDGET_USD);
	assert_int_equal(import_map_header("destGlobalClusters"), IF_SECTOR_NAME);
	/* FTS's "status" (paid, pledged) is not a project's */
	assert_int_equal(import_map_header("status"), IF_NONE);
	assert_int_equal(import_map_header("Wilayat"), IF_NONE);
}

static void test_field_names(void **state)
{
	(void)state;
	for (int f = 0; f < IF_FIELD_COUNT; f++) {
		ImportField back;
		assert_true(import_field_parse(import_field_name((ImportField)f), &back));
		assert_int_equal(back, f);
		assert_true(import_field_help((ImportField)f)[0] != '\0');
	}
	ImportField none;
	assert_true(import_field_parse("none", &none));
	assert_int_equal(none, IF_NONE);
	assert_false(import_field_parse("adm9.name", &none));
}

/* Rows with the same key that come together are one group; rows without a
 * key are alone; a key is compared without its blanks. */
static void test_row_groups(void **state)
{
	(void)state;
	static const char DATA[] = "KEY,ORG\r\n#activity+code,#org+name\r\n"
	                           "K1,a\r\nK1,b\r\n,c\r\n,d\r\nK2,e\r\n K2 ,f\r\nK1,g\r\n";
	char *err = NULL;
	ImportTable *t = import_table_open(DATA, strlen(DATA), NULL, &err);
	assert_non_null(t);
	assert_true(import_table_has_hxl(t));
	static const char *const want[] = {"ab", "c", "d", "ef", "g"};
	static const size_t first_line[] = {3, 5, 6, 7, 9};
	const ImportRow *rows;
	size_t n;
	for (size_t g = 0; g < sizeof want / sizeof *want; g++) {
		assert_int_equal(import_table_next_group(t, &rows, &n), 1);
		assert_int_equal(n, strlen(want[g]));
		assert_int_equal(rows[0].line, first_line[g]);
		for (size_t i = 0; i < n; i++) {
			assert_non_null(rows[i].values[IF_ORG_NAME]);
			assert_int_equal(rows[i].values[IF_ORG_NAME][0], want[g][i]);
			assert_int_equal(rows[i].cell_count, 2);
		}
	}
	assert_int_equal(import_table_next_group(t, &rows, &n), 0);
	import_table_close(t);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hxl_tags),
	    cmocka_unit_test(test_headers),
	    cmocka_unit_test(test_orgs_table_detected),
	    cmocka_unit_test(test_field_names),
	    cmocka_unit_test(test_row_groups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

