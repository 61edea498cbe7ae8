/*
 * demo.h — loading the demo data set (data/demo.json) through the service
 * layer, exactly as any other write.
 */
#ifndef HAMAHANG_DEMO_H
#define HAMAHANG_DEMO_H

#include "core/buf.h"
#include "svc/svc.h"

typedef struct DemoCounts {
	long long orgs, relations, awards, projects, results, meetings, recommendations;
	long long obligations, reports; /* reporting: obligations and reports loaded */
	long long memberships, applications;
} DemoCounts;

/* Loads the demo JSON text. On failure returns false with every problem
 * of the first refused record in *err. */
bool demo_load(Ctx *ctx, const char *json_text, size_t len, DemoCounts *counts, Buf *err);

#endif
