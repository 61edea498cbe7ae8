/*
 * fuzz_validate.c — validation of parsed records (core/validate.c) with the
 * real reference data: places resolved through the gazetteer of
 * data/places.csv, codes checked against the vocabularies.
 *
 * The first byte picks the kind (odd: organization, even: project); the
 * rest is a JSON body read as the API reads it. Besides memory errors it
 * stops on a broken promise: validation answers true exactly when it
 * recorded no problem, every P-code it fills in names a place of the
 * gazetteer, and the validated record can be written with place names.
 */
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/errors.h"
#include "core/validate.h"
#include "fmt/record_json.h"
#include "fuzz_common.h"

static void check_pcode(const RefData *ref, const char *pcode)
{
	if (pcode && *pcode)
		FUZZ_CHECK(gaz_get(ref->gaz, pcode) != NULL, "a filled-in P-code is in the gazetteer");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const RefData *ref = fuzz_refdata();
	if (size < 1)
		return 0;
	bool is_org = data[0] & 1;
	json_error_t jerr;
	json_t *obj = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, &jerr);
	if (!obj)
		return 0;
	Arena *a = arena_new();
	Errors read_errs, errs, warns;
	json_t *out = NULL;
	errors_clear(&read_errs);
	errors_clear(&errs);
	errors_clear(&warns);
	if (is_org) {
		Org *o = arena_zalloc(a, sizeof *o);
		org_init(o);
		org_from_json(obj, a, o, &read_errs);
		bool ok = validate_org(ref, o, &errs, &warns);
		FUZZ_CHECK(ok == (errs.count == 0), "validate_org is true exactly without problems");
		for (size_t i = 0; i < o->office_count; i++)
			check_pcode(ref, o->offices[i].pcode);
		out = org_to_json(o, ref);
	} else {
		Project *p = arena_zalloc(a, sizeof *p);
		project_init(p);
		project_from_json(obj, a, p, &read_errs);
		bool ok = validate_project(ref, p, &errs, &warns);
		FUZZ_CHECK(ok == (errs.count == 0), "validate_project is true exactly without problems");
		for (size_t i = 0; i < p->place_count; i++)
			check_pcode(ref, p->places[i].pcode);
		out = project_to_json(p, ref);
	}
	FUZZ_CHECK(out != NULL, "a validated record can be written");
	json_decref(out);
	json_decref(obj);
	arena_free(a);
	return 0;
}
