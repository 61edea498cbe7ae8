/*
 * pdate.h — dates known to the day, the month or only the year.
 *
 * Real records say "March 2010", "2014 to 2021" or "January 01, 2019":
 * a date keeps the precision it was given with. The text form is ISO 8601
 * cut to its precision ("2010", "2010-03", "2010-03-15"), which also sorts
 * correctly as text. No I/O.
 */
#ifndef HAMAHANG_PDATE_H
#define HAMAHANG_PDATE_H

#include <stdbool.h>

typedef enum DatePrecision {
	DATE_NONE = 0,  /* no date */
	DATE_YEAR,
	DATE_MONTH,
	DATE_DAY
} DatePrecision;

typedef struct PDate {
	int year;                /* 1000..2999 */
	int month;               /* 1..12, or 0 when not known */
	int day;                 /* 1..31, or 0 when not known */
	DatePrecision precision; /* how much of the above is known */
} PDate;

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a real calendar date). Returns
 * false for anything else, leaving *out with precision DATE_NONE. */
bool pdate_parse(const char *text, PDate *out);

/* Writes the ISO form cut to its precision into out (at least 11 bytes);
 * "" for DATE_NONE. */
void pdate_format(const PDate *d, char out[11]);

/* Days since 1970-01-01 of the first and the last day the date can mean:
 * "2019" spans 2019-01-01 .. 2019-12-31. */
long pdate_first_day(const PDate *d);
long pdate_last_day(const PDate *d);

/* Days since 1970-01-01 of a Gregorian calendar date, and back. */
long days_from_civil(int year, int month, int day);
void civil_from_days(long days, int *year, int *month, int *day);
int days_in_month(int year, int month);

#endif
