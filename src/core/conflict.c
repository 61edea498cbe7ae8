/*
 * conflict.c — disagreeing figures (see conflict.h).
 */
#include "core/conflict.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static bool same_text(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	char *fa = text_fold(a), *fb = text_fold(b);
	bool same = fa && fb && strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return same;
}

static bool known_and_differ(long long a, long long b)
{
	return a != NUM_UNKNOWN && b != NUM_UNKNOWN && a != b;
}

static bool same_opt_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

size_t results_conflicts(const Result *results, size_t count, ResultConflict *out, size_t max)
{
	size_t found = 0;
	for (size_t i = 0; i < count; i++) {
		for (size_t j = i + 1; j < count; j++) {
			const Result *a = &results[i], *b = &results[j];
			if (!same_text(a->indicator, b->indicator) || !same_text(a->unit, b->unit))
				continue;
			const char *what = NULL;
			if (a->value != b->value)
				what = "value";
			else if (known_and_differ(a->female, b->female))
				what = "female";
			else if (known_and_differ(a->male, b->male))
				what = "male";
			else if (!same_opt_text(a->period_start, b->period_start) ||
				 !same_opt_text(a->period_end, b->period_end))
				what = "period";
			if (!what)
				continue;
			if (found < max)
				out[found] = (ResultConflict){i, j, what};
			found++;
		}
	}
	return found;
}
