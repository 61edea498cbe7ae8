/*
 * test_fuzz_found.c — what the fuzz targets (fuzz/) found, as plain tests:
 * each case is the smallest form of an input that made a target fail,
 * with the behaviour the fix gives it spelled out.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_project_org_without_id_reads_back),
	};
	return cmocka_run_group_tests_name("fuzz findings", tests, NULL, NULL);
}
