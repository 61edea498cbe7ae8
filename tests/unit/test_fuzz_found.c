/*
 * test_fuzz_found.c — what the fuzz targets (fuzz/) found, as plain tests:
 * each case is the smallest form of an input that made a target fail
 * (kept in fuzz/regressions/), with the behaviour the fix gives it
 * spelled out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/arena.h"
#include "core/errors.h"
#include "core/place.h"
#include "core/refdata.h"
#include "core/validate.h"
#include "fmt/record_json.h"

/* fuzz/regressions/record_json/project-org-without-id.json: a project's
 * organization given by its role alone was written back as "org_id": 0,
 * which the reader refuses ("must be the id of a record"). It is written
 * as null, and so reads back. */
static void test_project_org_without_id_reads_back(void **state)
{
	(void)state;
	Arena *a = arena_new();
	Errors errs;
	Project p, again;
	json_error_t jerr;
	json_t *in = json_loads("{\"title_en\":\"Wells\",\"orgs\":[{\"role\":\"implementing\"}]}", 0,
	                        &jerr);

	assert_non_null(in);
	errors_clear(&errs);
	project_init(&p);
	project_from_json(in, a, &p, &errs);
	assert_int_equal(errs.count, 0);
	assert_int_equal(p.org_count, 1);
	assert_int_equal(p.orgs[0].org_id, 0);

	json_t *out = project_to_json(&p, NULL);
	json_t *org = json_array_get(json_object_get(out, "orgs"), 0);
	assert_true(json_is_null(json_object_get(org, "org_id")));

	project_init(&again);
	project_from_json(out, a, &again, &errs);
	assert_int_equal(errs.count, 0);
	assert_int_equal(again.org_count, 1);
	assert_string_equal(again.orgs[0].role, "implementing");
	json_decref(out);
	json_decref(in);
	arena_free(a);
}

/* A long repetition of a place's name ("Daikundi x" again and again). */
static char *long_name(size_t chars)
{
	static const char unit[] = "Daikundi x";
	char *s = malloc(chars + 1);
	assert_non_null(s);
	for (size_t i = 0; i < chars; i++)
		s[i] = unit[i % (sizeof unit - 1)];
	s[chars] = '\0';
	return s;
}

/* fuzz/regressions/validate/slow-long-place-names.json: place names of
 * thousands of characters were compared with every name of the gazetteer
 * to find the nearest; 200 of 5,000 characters (one 1 MB API body) kept
 * the server busy for over 5 s. A name past PLACE_NAME_MAX_CHARS is now
 * unresolved at once, and validation says it is too long. */
static void test_long_place_name_is_refused_at_once(void **state)
{
	(void)state;
	RefData *ref = refdata_new();
	gaz_add(ref->gaz, "AF", PLACE_COUNTRY, "", "", "Afghanistan", "افغانستان", "", "");
	gaz_add(ref->gaz, "AF24", PLACE_PROVINCE, "AF", "CH", "Daykundi", "دایکندی", "", "Daikundi");
	gaz_index(ref->gaz);

	char *name = long_name(5000);
	PlaceResult r;
	place_resolve(ref->gaz, name, NULL, &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	assert_int_equal(r.candidate_count, 0);

	/* At the cap a name is still looked at (and is near Daikundi). */
	char *at_cap = long_name(PLACE_NAME_MAX_CHARS);
	place_resolve(ref->gaz, at_cap, NULL, &r);
	assert_int_equal(r.outcome, PLACE_UNRESOLVED);
	assert_true(r.candidate_count > 0);

	Errors errs;
	const char *pcode = "unset";
	errors_clear(&errs);
	assert_false(validate_place(ref, "offices[0].place", name, NULL, &pcode, &errs, NULL));
	assert_null(pcode);
	assert_int_equal(errs.count, 1);
	assert_string_equal(errs.items[0].field, "offices[0].place");
	assert_string_equal(errs.items[0].message, "is too long; the most allowed is (characters)");
	assert_string_equal(errs.items[0].detail, "100");

	/* A real name still resolves. */
	errors_clear(&errs);
	assert_true(validate_place(ref, "offices[0].place", "Daikundi", NULL, &pcode, &errs, NULL));
	assert_string_equal(pcode, "AF24");
	free(at_cap);
	free(name);
	refdata_free(ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_project_org_without_id_reads_back),
		cmocka_unit_test(test_long_place_name_is_refused_at_once),
	};
	return cmocka_run_group_tests_name("fuzz findings", tests, NULL, NULL);
}
