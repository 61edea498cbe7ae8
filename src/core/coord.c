/*
 * coord.c — waiting times of applications and meeting schedules (see
 * coord.h). Pure arithmetic: no allocation, no I/O.
 */
#include "core/coord.h"

#include <stdlib.h>
#include <string.h>

#include "core/pdate.h"

long wait_days(const WaitCase *c, long today)
{
	long end = c->decided >= 0 ? c->decided : today;
	if (end < c->submitted)
		return -1;
	return end - c->submitted;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

long percentile_nearest_rank(const long *sorted, size_t count, int p)
{
	if (!count || p <= 0 || p > 100)
		return -1;
	/* ceil(p * count / 100) in integers: the rank, 1-based. */
	size_t rank = ((size_t)p * count + 99) / 100;
	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

void wait_stats(const WaitCase *cases, size_t count, long today, long *scratch, WaitStats *out)
{
	memset(out, 0, sizeof *out);
	out->median_days = out->p90_days = out->longest_open = -1;
	for (size_t i = 0; i < count; i++) {
		long days = wait_days(&cases[i], today);
		if (days < 0)
			continue;
		if (cases[i].decided >= 0) {
			scratch[out->decided++] = days;
			continue;
		}
		out->open++;
		if (days > out->longest_open)
			out->longest_open = days;
		out->open_over_30 += days > 30;
		out->open_over_90 += days > 90;
		out->open_over_180 += days > 180;
	}
	if (!out->decided)
		return;
	qsort(scratch, out->decided, sizeof *scratch, cmp_long);
	out->median_days = percentile_nearest_rank(scratch, out->decided, 50);
	out->p90_days = percentile_nearest_rank(scratch, out->decided, 90);
}

bool recurrence_parse(const char *text, Recurrence *out)
{
	if (!text)
		return false;
	if (strcmp(text, "monthly") == 0)
		*out = RECUR_MONTHLY;
	else if (strcmp(text, "quarterly") == 0)
		*out = RECUR_QUARTERLY;
	else
		return false;
	return true;
}

const char *recurrence_name(Recurrence r)
{
	return r == RECUR_MONTHLY ? "monthly" : r == RECUR_QUARTERLY ? "quarterly" : "none";
}

/* The calendar period (a running month or quarter number) of a day. */
static long period_of(Recurrence r, long day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	return r == RECUR_MONTHLY ? (long)y * 12 + (m - 1) : (long)y * 4 + (m - 1) / 3;
}

/* The first and last day of a period. */
static long period_first_day(Recurrence r, long period)
{
	if (r == RECUR_MONTHLY)
		return days_from_civil((int)(period / 12), (int)(period % 12) + 1, 1);
	return days_from_civil((int)(period / 4), (int)(period % 4) * 3 + 1, 1);
}

static long period_last_day(Recurrence r, long period)
{
	return period_first_day(r, period + 1) - 1;
}

void schedule_check(Recurrence r, long since, long until, const long *held, size_t count,
		    ScheduleCheck *out)
{
	memset(out, 0, sizeof *out);
	if (r == RECUR_NONE || until < since)
		return;
	long first = period_of(r, since);
	if (period_first_day(r, first) != since)
		first++;
	long last = period_of(r, until);
	if (period_last_day(r, last) != until)
		last--;
	if (last >= first)
		out->periods_planned = (int)(last - first + 1);
	for (size_t i = 0; i < count; i++) {
		if (held[i] < since || held[i] > until)
			continue;
		out->meetings++;
		long p = period_of(r, held[i]);
		if (p < first || p > last)
			continue;
		bool counted = false;
		for (size_t j = 0; j < i && !counted; j++)
			counted = held[j] >= since && held[j] <= until && period_of(r, held[j]) == p;
		if (!counted)
			out->periods_met++;
	}
	out->missed = out->periods_planned - out->periods_met;
}

/* The first or last day a partial date can mean; fallback when absent. */
static long date_edge(const char *text, bool last, long fallback)
{
	PDate d;
	if (!text || !pdate_parse(text, &d))
		return fallback;
	return last ? pdate_last_day(&d) : pdate_first_day(&d);
}

bool span_overlaps(const char *start, const char *end, const char *from, const char *to,
		   bool *undated)
{
	const long lo = -10000000L, hi = 10000000L;
	long s = date_edge(start, false, lo), e = date_edge(end, true, hi);
	if (undated)
		*undated = s == lo && e == hi;
	if (s == lo && e == hi)
		return !from && !to;
	long f = date_edge(from, false, lo), t = date_edge(to, true, hi);
	return s <= t && e >= f;
}
