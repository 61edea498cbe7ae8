/*
 * test_core.c — the core's small pieces: the capped buffer and its
 * escaping formatter, partial dates, validation of records (every problem
 * reported at once), disagreeing figures, and the audit hash chain.
 * Validation runs against the real reference tables under data/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/audit.h"
#include "core/buf.h"
#include "core/conflict.h"
#include "core/pdate.h"
#include "core/refdata.h"
#include "core/validate.h"
#include "fmt/csv.h"
#include "fmt/record_json.h"
#include "testlib.h"

/* ---- buffer ---- */

static void test_buf_escapes_html_and_url(void **state)
{
	(void)state;
	Buf b;
	buf_init(&b, 0);
	buf_printf(&b, "<p title=\"%h\">%h</p>", "a\"b'c", "<script>alert(1)</script> & هماهنگ");
	assert_string_equal(buf_str(&b), "<p title=\"a&quot;b&#39;c\">&lt;script&gt;alert(1)&lt;/script&gt;"
					 " &amp; هماهنگ</p>");
	buf_reset(&b);
	buf_printf(&b, "/orgs?q=%U&n=%d&z=%zu&l=%lld", "Aga Khan/AKF ی", -42, (size_t)7, 1234567890123LL);
	assert_string_equal(buf_str(&b), "/orgs?q=Aga%20Khan%2FAKF%20%DB%8C&n=-42&z=7&l=1234567890123");
	buf_free(&b);
}

static void test_buf_cap_refuses_whole_append(void **state)
{
	(void)state;
	Buf b;
	buf_init(&b, 8);
	assert_true(buf_puts(&b, "12345"));
	assert_false(buf_puts(&b, "6789"));
	assert_true(b.overflowed);
	assert_string_equal(buf_str(&b), "12345");
	char *s = buf_detach(&b);
	assert_string_equal(s, "12345");
	free(s);
}

/* ---- partial dates ---- */

static void test_pdate_parse_and_span(void **state)
{
	(void)state;
	PDate d;
	char out[11];
	assert_true(pdate_parse("2010-03", &d));
	assert_int_equal(d.precision, DATE_MONTH);
	pdate_format(&d, out);
	assert_string_equal(out, "2010-03");
	assert_int_equal(pdate_last_day(&d) - pdate_first_day(&d), 30);
	assert_true(pdate_parse("2024", &d));
	assert_int_equal(pdate_last_day(&d) - pdate_first_day(&d), 365); /* leap year */
	assert_true(pdate_parse("2019-01-01", &d));
	assert_int_equal(pdate_first_day(&d), days_from_civil(2019, 1, 1));
	assert_true(pdate_parse("2024-02-29", &d));
	assert_false(pdate_parse("2023-02-29", &d));
	assert_int_equal(d.precision, DATE_NONE);
	assert_false(pdate_parse("2019-13", &d));
	assert_false(pdate_parse("19", &d));
	assert_false(pdate_parse("2019-1-1", &d));
	assert_false(pdate_parse("2019/01/01", &d));
	assert_false(pdate_parse("", &d));
	int y, m, day;
	civil_from_days(days_from_civil(2021, 8, 15), &y, &m, &day);
	assert_int_equal(y * 10000 + m * 100 + day, 20210815);
}

/* ---- validation, on the real reference tables ---- */

static void load_codes(CodeList *list, const char *path, const char *extra_column)
{
	size_t len;
	char *data = test_read_file(path, &len);
	CsvReader *r = csv_open(data, len, ',');
	const char *const *f;
	int n = csv_next(r, &f);
	int code = -1, en = -1, extra = -1;
	for (int i = 0; i < n; i++) {
		if (strcmp(f[i], "code") == 0) code = i;
		if (strcmp(f[i], "name_en") == 0) en = i;
		if (extra_column && strcmp(f[i], extra_column) == 0) extra = i;
	}
	assert_true(code >= 0 && en >= 0);
	while ((n = csv_next(r, &f)) > 0)
		codelist_add(list, f[code], f[en], NULL, NULL, extra >= 0 ? f[extra] : NULL);
	codelist_sort(list);
	csv_close(r);
	free(data);
}

static void load_places(Gazetteer *g)
{
	size_t len;
	char *data = test_read_file("data/places.csv", &len);
	CsvReader *r = csv_open(data, len, ',');
	const char *const *f;
	int n = csv_next(r, &f);
	assert_int_equal(n, 8); /* pcode,level,parent_pcode,region_code,name_en,name_prs,name_pus,alt_names */
	while ((n = csv_next(r, &f)) == 8)
		gaz_add(g, f[0], (PlaceLevel)(f[1][0] - '0'), f[2], f[3], f[4], f[5], f[6], f[7]);
	gaz_index(g);
	csv_close(r);
	free(data);
}

static int ref_setup(void **state)
{
	RefData *ref = refdata_new();
	load_places(ref->gaz);
	load_codes(&ref->sectors, "data/sectors.csv", "kind");
	load_codes(&ref->org_kinds, "data/org_kinds.csv", NULL);
	load_codes(&ref->currencies, "data/currencies.csv", NULL);
	load_codes(&ref->target_groups, "data/target_groups.csv", NULL);
	load_codes(&ref->relation_kinds, "data/relation_kinds.csv", NULL);
	*state = ref;
	return 0;
}

static int ref_teardown(void **state)
{
	refdata_free(*state);
	return 0;
}

static void test_validate_org_reports_every_problem(void **state)
{
	RefData *ref = *state;
	Org o;
	org_init(&o);
	o.name_en = "   ";
	o.kind = "cult";
	o.reg_date = "March 2010";
	o.staff_total = 120;
	o.staff_female = 130;
	o.status = "sleeping";
	OrgOffice offices[2] = {{.place = "Daikundi"}, {.place = "Xyzzyville"}};
	o.offices = offices;
	o.office_count = 2;
	const char *sectors[] = {"WASH", "BASKET_WEAVING"};
	o.sectors = sectors;
	o.sector_count = 2;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	assert_false(validate_org(ref, &o, &errs, &warns));
	assert_non_null(errors_find(&errs, "name_en"));
	assert_non_null(errors_find(&errs, "kind"));
	assert_non_null(errors_find(&errs, "registration.date"));
	assert_non_null(errors_find(&errs, "staff_female"));
	assert_non_null(errors_find(&errs, "status"));
	assert_non_null(errors_find(&errs, "offices[1].place"));
	assert_null(errors_find(&errs, "offices[0].place"));
	assert_non_null(errors_find(&errs, "sectors[1]"));
	assert_int_equal(errs.count, 7);
	/* Daikundi is an alternate spelling: resolved, and the guess is told */
	assert_string_equal(offices[0].pcode, "AF24");
	assert_non_null(errors_find(&warns, "offices[0].place"));
	assert_non_null(strstr(errors_find(&warns, "offices[0].place")->detail, "AF24"));
}

static void test_validate_org_accepts_lso(void **state)
{
	RefData *ref = *state;
	Org o;
	org_init(&o);
	o.name_en = "Labor Spring Organization";
	o.name_prs = "موسسه بهار کار";
	o.kind = "ngo_national";
	o.reg_date = "2010-03";
	o.staff_total = 120;
	o.staff_female = 72;
	OrgOffice offices[3] = {{.place = "Kabul", .is_main = true},
				{.place = "دایكندي"},
				{.place = "Khawaja Dako", .within = "Jawzjan"}};
	o.offices = offices;
	o.office_count = 3;
	Errors errs, warns;
	errors_clear(&errs);
	errors_clear(&warns);
	assert_true(validate_org(ref, &o, &errs, &warns));
	assert_string_equal(offices[0].pcode, "AF01");
	assert_string_equal(offices[1].pcode, "AF24");
	assert_string_equal(offices[2].pcode, "AF2802");
}

static void test_validate_project_rules(void **state)
{
	RefData *ref = *state;
	Project p;
	project_init(&p);
	p.start_date = "2021-06";
	p.end_date = "2019";
	p.has_budget = true;
	p.budget = -5;
	p.currency = "XYZ";
	p.status = "dreaming";
	ProjectOrg orgs[1] = {{.org_id = 3, .role = "sponsor"}};
	p.orgs = orgs;
	p.org_count = 1;
	Result r[2];
	result_init(&r[0]);
	r[0].indicator = "people reached";
	r[0].value = 6599;
	r[0].female = 3750;
	r[0].male = 3000; /* 6750 > 6599 */
	r[0].source = "profile";
	result_init(&r[1]);
	r[1].indicator = "people reached";
	r[1].value = 100;
	r[1].female = 40;
	r[1].male = 50; /* 90 != 100 without a qualifier */
	p.results = r;
	p.result_count = 2;
	Errors errs;
	errors_clear(&errs);
	assert_false(validate_project(ref, &p, &errs, NULL));
	assert_non_null(errors_find(&errs, "title_en"));
	assert_non_null(errors_find(&errs, "end_date"));
	assert_non_null(errors_find(&errs, "budget"));
	assert_non_null(errors_find(&errs, "currency"));
	assert_non_null(errors_find(&errs, "status"));
	assert_non_null(errors_find(&errs, "orgs[0].role"));
	assert_non_null(errors_find(&errs, "results[0].male"));
	assert_non_null(errors_find(&errs, "results[1].male"));
	assert_non_null(errors_find(&errs, "results[1].source"));

	/* the same span at month and year precision overlaps: 2019 .. 2019-12 is fine */
	project_init(&p);
	p.title_en = "REALISE";
	p.start_date = "2019-06";
	p.end_date = "2019";
	errors_clear(&errs);
	assert_true(validate_project(ref, &p, &errs, NULL));
}

static void test_validate_rejects_bad_utf8_and_long_text(void **state)
{
	RefData *ref = *state;
	Org o;
	org_init(&o);
	o.name_en = "bad \xC3\x28 text";
	o.kind = "ngo_national";
	char *long_text = malloc(NAME_MAX_CHARS + 2);
	memset(long_text, 'a', NAME_MAX_CHARS + 1);
	long_text[NAME_MAX_CHARS + 1] = '\0';
	o.acronym = long_text;
	Errors errs;
	errors_clear(&errs);
	assert_false(validate_org(ref, &o, &errs, NULL));
	assert_non_null(errors_find(&errs, "name_en"));
	assert_non_null(errors_find(&errs, "acronym"));
	free(long_text);
}

static void test_ambiguous_place_is_an_error_naming_candidates(void **state)
{
	RefData *ref = *state;
	const char *pcode = "x";
	Errors errs;
	errors_clear(&errs);
	assert_false(validate_place(ref, "place", "Khost", NULL, &pcode, &errs, NULL));
	assert_null(pcode);
	const FieldError *e = errors_find(&errs, "place");
	assert_non_null(e);
	assert_non_null(strstr(e->detail, "AF14"));
	assert_non_null(strstr(e->detail, "AF0913"));
}

/* ---- disagreeing figures ---- */

static void test_conflicts_found_and_not_invented(void **state)
{
	(void)state;
	Result r[4];
	for (int i = 0; i < 4; i++)
		result_init(&r[i]);
	r[0].indicator = "Gully plugs built";
	r[0].value = 3000;
	r[0].source = "partnership profile";
	r[1].indicator = "gully plugs  built";
	r[1].value = 2000;
	r[1].source = "highlights 2021";
	r[2].indicator = "watershed structures";
	r[2].value = 300;
	r[3].indicator = "Watershed structures";
	r[3].value = 300;
	ResultConflict c[4];
	size_t n = results_conflicts(r, 4, c, 4);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].first, 0);
	assert_int_equal(c[0].second, 1);
	assert_string_equal(c[0].what, "value");
}

/* ---- audit chain ---- */

static void test_audit_hash_chains_and_detects_change(void **state)
{
	(void)state;
	char zero[AUDIT_HASH_HEX], h1[AUDIT_HASH_HEX], h2[AUDIT_HASH_HEX], h3[AUDIT_HASH_HEX];
	memset(zero, '0', 64);
	zero[64] = '\0';
	audit_hash(zero, "2026-01-01T00:00:00Z", "system", "create", "org", 1, NULL, "{}", h1);
	audit_hash(zero, "2026-01-01T00:00:00Z", "system", "create", "org", 1, NULL, "{}", h2);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), 64);
	audit_hash(zero, "2026-01-01T00:00:00Z", "system", "create", "org", 1, "", "{}", h3);
	assert_string_not_equal(h1, h3); /* absent differs from empty */
	audit_hash(zero, "2026-01-01T00:00:00Z", "system", "create", "org", 11, NULL, "{}", h3);
	assert_string_not_equal(h1, h3);
	audit_hash(h1, "2026-01-01T00:00:00Z", "system", "create", "org", 1, NULL, "{}", h3);
	assert_string_not_equal(h1, h3); /* the previous hash is covered */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_escapes_html_and_url),
		cmocka_unit_test(test_buf_cap_refuses_whole_append),
		cmocka_unit_test(test_pdate_parse_and_span),
		cmocka_unit_test(test_validate_org_reports_every_problem),
		cmocka_unit_test(test_validate_org_accepts_lso),
		cmocka_unit_test(test_validate_project_rules),
		cmocka_unit_test(test_validate_rejects_bad_utf8_and_long_text),
		cmocka_unit_test(test_ambiguous_place_is_an_error_naming_candidates),
		cmocka_unit_test(test_conflicts_found_and_not_invented),
		cmocka_unit_test(test_audit_hash_chains_and_detects_change),
	};
	return cmocka_run_group_tests(tests, ref_setup, ref_teardown);
}
