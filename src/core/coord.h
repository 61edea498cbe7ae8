/*
 * coord.h — the arithmetic of coordination: how long authorities take to
 * decide on applications (permits, MoUs, tax numbers, registrations), and
 * whether a coordination body met as often as it planned.
 *
 * Pure functions over plain values: days are counts from 1970-01-01
 * (days_from_civil in core/pdate.h), nothing is read or written. No I/O.
 */
#ifndef HAMAHANG_COORD_H
#define HAMAHANG_COORD_H

#include <stdbool.h>
#include <stddef.h>

/* One application as the statistics see it. */
typedef struct WaitCase {
	long submitted;      /* day the application was submitted */
	long decided;        /* day it was decided; < 0 while it is still open */
} WaitCase;

/* The waiting times of a group of applications (one authority, one kind). */
typedef struct WaitStats {
	size_t decided;      /* applications decided (with a decision day) */
	size_t open;         /* applications still waiting on the given day */
	long median_days;    /* median wait of the decided ones; -1 when none */
	long p90_days;       /* 90th percentile of the decided ones; -1 when none */
	long longest_open;   /* days the oldest open application has waited; -1 when none */
	size_t open_over_30; /* open applications waiting more than 30 days */
	size_t open_over_90;
	size_t open_over_180;
} WaitStats;

/* The days an application waited: until its decision, or until today
 * while open. -1 when the dates make no sense (decided before submitted,
 * or today before submitted). */
long wait_days(const WaitCase *c, long today);

/* The waiting-time statistics of cases[0..count) on the day today.
 * scratch must hold count longs (the caller's; overwritten). Cases whose
 * dates make no sense (wait_days < 0) are left out of every figure. */
void wait_stats(const WaitCase *cases, size_t count, long today, long *scratch, WaitStats *out);

/* The p-th percentile (0 < p <= 100) of sorted[0..count), by the
 * nearest-rank method: the smallest value such that at least p percent of
 * the values are at or below it, i.e. sorted[ceil(p/100 * count) - 1].
 * It is always one of the values, never an interpolation, so "90% of
 * applications were decided within N days" holds exactly as written.
 * -1 for an empty list. */
long percentile_nearest_rank(const long *sorted, size_t count, int p);

/* How often a body plans to meet. */
typedef enum Recurrence {
	RECUR_NONE = 0,      /* no schedule */
	RECUR_MONTHLY,       /* once in every calendar month */
	RECUR_QUARTERLY      /* once in every calendar quarter (Jan–Mar, Apr–Jun, ...) */
} Recurrence;

/* "monthly", "quarterly"; false for anything else. */
bool recurrence_parse(const char *text, Recurrence *out);
const char *recurrence_name(Recurrence r);

/* Whether a body met as often as planned between two days (inclusive). */
typedef struct ScheduleCheck {
	int periods_planned;  /* calendar periods the schedule covers, counting
	                       * only those that lie wholly after its start */
	int periods_met;      /* of those, the periods with at least one meeting */
	int meetings;         /* meetings held on the covered days (extra meetings in
	                       * one period count here but meet no other period) */
	int missed;           /* periods_planned - periods_met */
} ScheduleCheck;

/* Checks a schedule that began on day `since` (its first period is the one
 * containing since, counted only when since is its first day: a schedule
 * set up on 15 March is not expected to have met in March) against the
 * meeting days held[0..count), from `since` through `until`, whose own
 * period counts only once it has ended (a quarter still under way is not
 * yet missed). Meeting days outside [since, until] are ignored. */
void schedule_check(Recurrence r, long since, long until, const long *held, size_t count,
		    ScheduleCheck *out);

/* Whether a record's span (partial dates start..end, either may be NULL:
 * an open start or end) meets the period from..to (partial dates, either
 * may be NULL: open). Each date is read widest: "2019" as a start is
 * 2019-01-01, as an end 2019-12-31. A record with neither date cannot be
 * placed in a period: false, with *undated set (may be NULL). A date
 * that does not parse counts as absent. */
bool span_overlaps(const char *start, const char *end, const char *from, const char *to,
		   bool *undated);

#endif
