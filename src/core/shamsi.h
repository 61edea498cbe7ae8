/*
 * shamsi.h — the Solar Hijri (Afghan and Iranian) calendar.
 *
 * Converts between Solar Hijri dates and the day numbers of pdate.h (days
 * since 1970-01-01), so between Solar Hijri and Gregorian; reads and writes
 * the "sh:1400-05-24" form; names the months in English, Dari and Pashto.
 * A Solar Hijri date keeps the precision it was given with, like a PDate:
 * "sh:1400" is a year, which covers 2021-03-21 .. 2022-03-20 and so has no
 * exact Gregorian PDate; shamsi_span gives the days it covers instead.
 *
 * The year begins on Nowruz (1 Hamal), the day of the March equinox when
 * the equinox comes before noon at 52.5°E (Iran Standard Time, UTC+3:30),
 * else the day after. Months 1-6 have 31 days, 7-11 have 30, and Hut has
 * 29, or 30 in a leap year. shamsi.c says how the leap years are found.
 *
 * Pure functions over constant tables: no I/O, no globals, no allocation
 * except through the Buf a caller hands in.
 */
#ifndef HAMAHANG_SHAMSI_H
#define HAMAHANG_SHAMSI_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/pdate.h"

/* The years the conversion covers (622 .. 3799 CE). */
#define SHAMSI_MIN_YEAR 1
#define SHAMSI_MAX_YEAR 3177

/* Bytes shamsi_format writes at most, with the NUL ("1400-05-24"). */
#define SHAMSI_FORMAT_SIZE 11

typedef struct ShamsiDate {
	int year;                /* SHAMSI_MIN_YEAR..SHAMSI_MAX_YEAR */
	int month;               /* 1 (Hamal) .. 12 (Hut), or 0 when not known */
	int day;                 /* 1..31, or 0 when not known */
	DatePrecision precision; /* how much of the above is known */
} ShamsiDate;

/* What is wrong with a text that shamsi_parse refused. */
typedef enum ShamsiError {
	SHAMSI_OK = 0,     /* parsed */
	SHAMSI_ERR_EMPTY,  /* no text at all */
	SHAMSI_ERR_PREFIX, /* does not start with "sh:" */
	SHAMSI_ERR_FORM,   /* not YYYY, YYYY-MM or YYYY-MM-DD in digits */
	SHAMSI_ERR_YEAR,   /* year outside SHAMSI_MIN_YEAR..SHAMSI_MAX_YEAR */
	SHAMSI_ERR_MONTH,  /* month not 1..12 */
	SHAMSI_ERR_DAY     /* day 0 or past the end of its month */
} ShamsiError;

/* True when the year has 366 days (Hut has 30). year must be in range. */
bool shamsi_is_leap(int year);

/* Days in a month of a year (29..31), or 0 when year or month is out of range. */
int shamsi_month_length(int year, int month);

/* Day number (days since 1970-01-01) of 1 Hamal of year, which must be in
 * SHAMSI_MIN_YEAR..SHAMSI_MAX_YEAR (a broken invariant otherwise: assert). */
long shamsi_nowruz(int year);

/* True when d is a real date of its precision within the covered years. */
bool shamsi_valid(const ShamsiDate *d);

/* The Solar Hijri date (day precision) of a day number. Returns false, with
 * *out set to precision DATE_NONE, when the day is outside the covered years. */
bool shamsi_from_days(long days, ShamsiDate *out);

/* The first and last day numbers a date covers: one day, a month or a
 * year. Returns false and leaves both untouched when d is not valid. */
bool shamsi_span(const ShamsiDate *d, long *first_day, long *last_day);

/* Gregorian <-> Solar Hijri for whole dates, through the day numbers.
 * shamsi_from_gregorian returns false for an impossible Gregorian date or
 * one outside the covered years; shamsi_to_gregorian false unless d is a
 * valid date of day precision. */
bool shamsi_from_gregorian(int year, int month, int day, ShamsiDate *out);
bool shamsi_to_gregorian(const ShamsiDate *d, int *year, int *month, int *day);

/* Reads "sh:YYYY", "sh:YYYY-MM" or "sh:YYYY-MM-DD" ("SH:" too): a year of
 * four digits, a month and a day of one or two, separated by '-' or '/'
 * (the same one throughout). Digits may be ASCII, Persian (۱۴۰۰) or
 * Arabic-Indic (١٤٠٠). On SHAMSI_OK *out holds the date; otherwise it has
 * precision DATE_NONE and the result names the first thing wrong. On
 * SHAMSI_ERR_DAY, out->year and out->month still say which month has no
 * such day, so that a message can name it. */
ShamsiError shamsi_parse(const char *text, ShamsiDate *out);

/* A sentence fragment saying what an error means ("the month must be 1 to
 * 12"), in English; static, never NULL. */
const char *shamsi_error_text(ShamsiError err);

/* Writes "1400", "1400-05" or "1400-05-24" (without "sh:") into out; ""
 * for precision DATE_NONE. */
void shamsi_format(const ShamsiDate *d, char out[SHAMSI_FORMAT_SIZE]);

/* Appends the date as people write it: "24 Asad 1400", "Asad 1400" or
 * "1400" in English; in Dari ("prs") and Pashto ("pus") with the month's
 * name in that language and Persian digits ("۲۴ اسد ۱۴۰۰"). Any other
 * lang is English. Returns false when the Buf's cap refused the text or d
 * is not valid (nothing appended then). */
bool shamsi_format_long(Buf *b, const ShamsiDate *d, const char *lang);

/* The same for a Gregorian date: "15 August 2021", "۱۵ اگست ۲۰۲۱". */
bool shamsi_format_gregorian_long(Buf *b, const PDate *d, const char *lang);

/* Month names, static UTF-8 strings, or NULL when month is not 1..12.
 * lang is "en", "prs" (Dari) or "pus" (Pashto); any other is "en". */
const char *shamsi_month_name(int month, const char *lang);
const char *shamsi_gregorian_month_name(int month, const char *lang);

#endif
