/*
 * fuzz_place.c — place resolution (core/place.c) on the real gazetteer of
 * data/places.csv, loaded as the server loads it.
 *
 * The input is a place name, optionally followed by a newline and the
 * P-code or name of the place it must lie within. Besides memory errors it
 * stops on a broken promise: a match names a place of the gazetteer, inside
 * `within` when that is a known P-code; an ambiguous answer has at least
 * two candidates; candidates are never past PLACE_MAX_CANDIDATES; every
 * "how" has words.
 */
#include <stdlib.h>
#include <string.h>

#include "core/place.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const RefData *ref = fuzz_refdata();
	char *name = fuzz_cstring(data, size);
	char *within = strchr(name, '\n');
	if (within)
		*within++ = '\0';
	PlaceResult r;
	place_resolve(ref->gaz, name, within, &r);
	FUZZ_CHECK(r.candidate_count <= PLACE_MAX_CANDIDATES, "candidates within their cap");
	for (size_t i = 0; i < r.candidate_count; i++)
		FUZZ_CHECK(r.candidates[i].place && gaz_get(ref->gaz, r.candidates[i].place->pcode),
		           "a candidate is a place of the gazetteer");
	switch (r.outcome) {
	case PLACE_MATCHED: {
		const Place *p = r.best.place;
		FUZZ_CHECK(p && gaz_get(ref->gaz, p->pcode) == p, "a match is a place of the gazetteer");
		FUZZ_CHECK(place_how_text(r.best.how)[0], "how it matched has words");
		FUZZ_CHECK(r.best.matched != NULL, "a match says which name matched");
		const Place *scope = within ? gaz_get(ref->gaz, within) : NULL;
		if (scope)
			FUZZ_CHECK(gaz_within(ref->gaz, p, scope), "a match lies within its scope");
		break;
	}
	case PLACE_AMBIGUOUS:
		FUZZ_CHECK(r.candidate_count >= 2, "an ambiguous name has two candidates or more");
		break;
	case PLACE_UNRESOLVED:
		break;
	default:
		fuzz_fail("an outcome out of range", name);
	}
	free(name);
	return 0;
}
