/*
 * compliance.h — what an organization's reporting obligation asks for, and
 * how well its reports answered it.
 *
 * An obligation says how often an organization reports (every month,
 * quarter, half-year or year), in which calendar its periods fall
 * (Gregorian, or Solar Hijri: half-years Hamal-Sunbula and Mizan-Hut, the
 * Afghan fiscal year), from which day, and how many days of grace follow
 * the end of a period before its report is late. From it come the periods,
 * each with its due day; from the day each report was first submitted
 * comes each period's state as of a given day, and from those the rates.
 *
 * Days are day numbers of pdate.h (days since 1970-01-01). Pure functions:
 * no I/O, no globals, no allocation.
 */
#ifndef HAMAHANG_COMPLIANCE_H
#define HAMAHANG_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>

/* Grace after a period's end when an obligation names none. */
#define COMPLIANCE_DEFAULT_GRACE_DAYS 30
#define COMPLIANCE_MAX_GRACE_DAYS 365
/* How long without a submitted report makes an organization "silent". */
#define COMPLIANCE_SILENT_DAYS 730
/* No day: a report never submitted. */
#define COMPLIANCE_NO_DAY (-2147483647L)

typedef enum ReportCalendar {
	CAL_GREGORIAN = 0,   /* periods of January..December */
	CAL_SOLAR_HIJRI      /* periods of Hamal..Hut (the Afghan fiscal year) */
} ReportCalendar;

typedef struct Obligation {
	int months;              /* length of a period: 1, 3, 6 or 12 */
	ReportCalendar calendar; /* the calendar the periods follow */
	long start_day;          /* the first day the obligation covers */
	int grace_days;          /* days after a period's end before its report is late */
} Obligation;

typedef struct Period {
	long first_day;  /* the first day reported on (the obligation's start for the first period) */
	long last_day;   /* the period's last day */
	long due_day;    /* the last day a report counts as on time: last_day + grace */
} Period;

/* The state of one period as of a day. */
typedef enum PeriodState {
	PERIOD_OPEN = 0, /* not over yet: nothing expected */
	PERIOD_DUE,      /* over, the grace running, nothing submitted yet: not expected yet */
	PERIOD_ON_TIME,  /* a report first submitted on or before the due day */
	PERIOD_LATE,     /* a report first submitted after the due day */
	PERIOD_MISSING   /* past the due day and nothing submitted: overdue */
} PeriodState;

/* Counts over periods, and the rates from them. */
typedef struct ComplianceCounts {
	int expected;    /* periods whose report is owed: on time + late + missing */
	int submitted;   /* on time + late */
	int on_time;
	int late;
	int missing;     /* overdue now */
	int due;         /* over, within grace, not yet submitted */
} ComplianceCounts;

/* Writes a day number as "YYYY-MM-DD" (out holds at least 11 bytes). */
void compliance_day_text(long day, char out[11]);

/* "monthly", "quarterly", "half_year", "yearly" <-> months; 0 / NULL otherwise. */
int compliance_frequency_months(const char *name);
const char *compliance_frequency_name(int months);
/* "gregorian", "solar_hijri"; false for anything else. */
bool compliance_calendar_parse(const char *name, ReportCalendar *out);
const char *compliance_calendar_name(ReportCalendar c);

/* True when the obligation's fields are in range (months 1/3/6/12, grace
 * 0..COMPLIANCE_MAX_GRACE_DAYS, a start within the calendars' years). */
bool compliance_obligation_valid(const Obligation *o);

/* The calendar period (of the obligation's length and calendar) that holds
 * day: its first and last day, not cut at the obligation's start. False
 * when the day is outside the calendars' years. */
bool compliance_period_of(const Obligation *o, long day, long *first_day, long *last_day);

/* The periods of the obligation that end before until_day (those over by
 * then), oldest first, at most max of them in out. The first period runs
 * from the obligation's start to the end of the calendar period holding
 * it. Returns how many there are in all (may exceed max); 0 for an
 * obligation that is not valid. */
size_t compliance_periods(const Obligation *o, long until_day, Period *out, size_t max);

/* The state of a period as of today, given the day its report was first
 * submitted (COMPLIANCE_NO_DAY when none was). */
PeriodState compliance_state(const Period *p, long submitted_day, long today);
/* "open", "due", "on_time", "late", "missing". */
const char *compliance_state_name(PeriodState s);

/* Adds one period's state to the counts. */
void compliance_count(ComplianceCounts *c, PeriodState s);
/* A rate in whole per cent, rounded: part of whole; -1 when whole is 0. */
int compliance_rate(int part, int whole);

/* True when an organization with an obligation since start_day, whose last
 * report was submitted on last_submitted_day (COMPLIANCE_NO_DAY for none),
 * has been silent for COMPLIANCE_SILENT_DAYS as of today: a person may
 * then mark it inactive (never the program). */
bool compliance_silent(long start_day, long last_submitted_day, long today);

#endif
