/*
 * fuzz_record_json.c — reading organizations and projects from JSON
 * (fmt/record_json.c), as the API reads a request body.
 *
 * The first byte picks the kind (odd: organization, even: project); the
 * rest is the body, parsed by jansson as the API parses it. Besides memory
 * errors it stops on a broken promise: a record read without problems must
 * survive writing and reading again unchanged (to_json, from_json, to_json
 * gives the same text twice).
 */
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/errors.h"
#include "fmt/record_json.h"
#include "fuzz_common.h"

/* The record read from obj into the arena, as JSON text; NULL when reading
 * found problems. */
static char *read_and_write(bool is_org, json_t *obj, Arena *a)
{
	Errors errs;
	json_t *out;

	errors_clear(&errs);
	if (is_org) {
		Org *o = arena_zalloc(a, sizeof *o);
		org_init(o);
		org_from_json(obj, a, o, &errs);
		if (errs.count || errs.dropped)
			return NULL;
		out = org_to_json(o, NULL);
	} else {
		Project *p = arena_zalloc(a, sizeof *p);
		project_init(p);
		project_from_json(obj, a, p, &errs);
		if (errs.count || errs.dropped)
			return NULL;
		out = project_to_json(p, NULL);
	}
	FUZZ_CHECK(out != NULL, "a record read without problems can be written");
	char *text = json_dump_arena(a, out);
	json_decref(out);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool is_org = data[0] & 1;
	json_error_t jerr;
	json_t *obj = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, &jerr);
	if (!obj)
		return 0;
	Arena *a = arena_new();
	char *first = read_and_write(is_org, obj, a);
	if (first) {
		json_t *again = json_loads(first, 0, &jerr);
		FUZZ_CHECK(again != NULL, "what a record writes is JSON");
		char *second = read_and_write(is_org, again, a);
		FUZZ_CHECK(second != NULL, "what a record writes reads back without problems");
		json_t *third_obj = json_loads(second, 0, &jerr);
		char *third = read_and_write(is_org, third_obj, a);
		FUZZ_CHECK(third && strcmp(second, third) == 0, "writing and reading back is stable");
		json_decref(third_obj);
		json_decref(again);
	}
	json_decref(obj);
	arena_free(a);
	return 0;
}
