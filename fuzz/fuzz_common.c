/*
 * fuzz_common.c — the reference data and the failure report shared by the
 * fuzz targets (see fuzz_common.h).
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/mem.h"
#include "store/store.h"
#include "svc/svc.h"
#include "svc/svc_ref.h"

/* What the targets share for the life of the process. */
static struct {
	RefData *ref; /* loaded by fuzz_refdata on its first call */
} fuzz;

void fuzz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz: broken promise: %s (%s)\n", what, detail ? detail : "");
	abort();
}

char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

const RefData *fuzz_refdata(void)
{
	if (fuzz.ref)
		return fuzz.ref;
	Store *store = NULL;
	Ctx ctx = {.actor = &ACTOR_SYSTEM, .now = time(NULL)};
	long long rows = 0;
	char *error = NULL;

	ctx.arena = arena_new();
	if (store_open(":memory:", true, &store) != STORE_OK || store_migrate(store, NULL) != STORE_OK)
		fuzz_fail("opening an in-memory database", store_error(store));
	ctx.store = store;
	if (svc_reference_load(&ctx, &rows, &error) != SVC_OK)
		fuzz_fail("loading the reference tables", error);
	fuzz.ref = refdata_new();
	if (store_refdata_load(store, fuzz.ref) != STORE_OK)
		fuzz_fail("reading the reference tables back", store_error(store));
	if (gaz_count(fuzz.ref->gaz) < 400)
		fuzz_fail("the gazetteer is incomplete", "fewer than 400 places");
	store_close(store);
	arena_free(ctx.arena);
	return fuzz.ref;
}
