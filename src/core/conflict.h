/*
 * conflict.h — figures that disagree.
 *
 * Two results of one project that speak of the same indicator (compared
 * after folding) in the same unit but give different figures are both
 * kept; this finds such pairs so that pages and the API can show them as a
 * conflict rather than pick one. No I/O.
 */
#ifndef HAMAHANG_CONFLICT_H
#define HAMAHANG_CONFLICT_H

#include <stddef.h>

#include "core/model.h"

typedef struct ResultConflict {
	size_t first;   /* index of one result */
	size_t second;  /* index of the other, > first */
	const char *what;  /* "value", "female", "male", "period": the first difference found */
} ResultConflict;

/* Fills out[0..max) with the conflicting pairs among results[0..count);
 * returns how many pairs there are (may exceed max). */
size_t results_conflicts(const Result *results, size_t count, ResultConflict *out, size_t max);

#endif
