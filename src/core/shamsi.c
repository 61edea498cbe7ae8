/*
 * shamsi.c — the Solar Hijri calendar (see shamsi.h).
 *
 * Which years are leap years. The calendar is astronomical: a year is a
 * leap year when the next Nowruz comes 366 days after this one, and Nowruz
 * is set by the equinox and the noon rule, so no arithmetic rule is exact
 * forever. The plain 33-year cycle (years 1, 5, 9, .. 29 of each cycle)
 * keeps close for a few centuries and then slips a day: against the
 * astronomical dates it is wrong in 1176-1177 and 1634-1635 SH.
 *
 * Borkowski ("The Persian calendar for 3000 years", Earth, Moon and
 * Planets 74, 1996) computed the equinox for every year from 1 to 3177 SH
 * and found that the leap years do follow the 33-year pattern, but in
 * stretches: at a few "break" years the pattern starts over. Within a
 * stretch that starts at break year B:
 *   - year B + n is a leap year when p = n mod 33 is 0, 4, 8, .. 28;
 *   - except in the last five years before the next break B', where the
 *     one leap year is B' - 5 (the pattern is counted back from B', which
 *     is itself a leap year, so the gap before it is always five years).
 * Only the break years and one known Nowruz (1 Hamal 1300 = 21 March 1921,
 * an equinox at 03:51 UT) are data; everything else follows. This is the
 * rule the common conversion libraries and printed tables use.
 *
 * How we know it is right where it matters: tests/unit/test_shamsi.c
 * computes every Nowruz of 1300-1450 SH a second way, from the equinox
 * (Meeus, Astronomical Algorithms, ch. 27) and the noon rule, and they
 * agree. Checked once more against a modern ephemeris (VSOP87) over 1079-
 * 1878 SH, the break rule gives the noon-rule day in every year but 1111,
 * 1144 and 1701 SH, whose equinoxes came within four minutes of noon, where
 * the choice between mean and true noon already decides.
 *
 * Nothing here does I/O or keeps state.
 */
#include "core/shamsi.h"

#include <assert.h>
#include <string.h>

/* The years at which the 33-year pattern starts over; the last one closes
 * the covered range (SHAMSI_MAX_YEAR + 1). */
static const int BREAKS[] = {-61,  9,    38,   199,  426,  686,  756,  818,  1111, 1181,
                             1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178};
enum { BREAK_COUNT = sizeof BREAKS / sizeof *BREAKS };

_Static_assert(SHAMSI_MAX_YEAR + 1 == 3178, "the break table closes the covered range");

/* The known Nowruz everything is counted from. */
enum { ANCHOR_YEAR = 1300, ANCHOR_GREGORIAN_YEAR = 1921 };

/* Days from 1 Hamal to the first of a month: six months of 31, then 30s. */
static int month_offset(int month)
{
	return month <= 7 ? (month - 1) * 31 : 186 + (month - 7) * 30;
}

/* Leap years among the first `years` years of an unbroken 33-year pattern
 * (leap at positions 0, 4, .. 28 of each cycle). */
static int pattern_leaps(int years)
{
	return years / 33 * 8 + (years % 33 + 3) / 4;
}

/* Leap years among the first `years` years of a stretch `length` years
 * long: the plain pattern up to five years before its end, then the one
 * leap year at length - 5. */
static int stretch_leaps(int length, int years)
{
	int tail = length - 5;
	if (years <= tail)
		return pattern_leaps(years);
	return pattern_leaps(tail) + 1;
}

/* Leap years from the first break year up to, not including, year. */
static int leaps_before(int year)
{
	int count = 0;
	for (int i = 0; i + 1 < BREAK_COUNT && BREAKS[i] < year; i++) {
		int length = BREAKS[i + 1] - BREAKS[i];
		int years = year - BREAKS[i] < length ? year - BREAKS[i] : length;
		count += stretch_leaps(length, years);
	}
	return count;
}

/* Nowruz of year, for SHAMSI_MIN_YEAR .. SHAMSI_MAX_YEAR + 1 (the last
 * gives the end of the covered range). */
static long nowruz_day(int year)
{
	assert(year >= SHAMSI_MIN_YEAR && year <= SHAMSI_MAX_YEAR + 1);
	return days_from_civil(ANCHOR_GREGORIAN_YEAR, 3, 21) + 365L * (year - ANCHOR_YEAR) +
	       leaps_before(year) - leaps_before(ANCHOR_YEAR);
}

bool shamsi_is_leap(int year)
{
	assert(year >= SHAMSI_MIN_YEAR && year <= SHAMSI_MAX_YEAR);
	int i = 0;
	while (BREAKS[i + 1] <= year)
		i++;
	int n = year - BREAKS[i];
	int length = BREAKS[i + 1] - BREAKS[i];
	if (length - n <= 5)
		return n == length - 5;
	int position = n % 33;
	return position % 4 == 0 && position <= 28;
}

int shamsi_month_length(int year, int month)
{
	if (year < SHAMSI_MIN_YEAR || year > SHAMSI_MAX_YEAR || month < 1 || month > 12)
		return 0;
	if (month <= 6)
		return 31;
	if (month <= 11)
		return 30;
	return shamsi_is_leap(year) ? 30 : 29;
}

long shamsi_nowruz(int year)
{
	assert(year >= SHAMSI_MIN_YEAR && year <= SHAMSI_MAX_YEAR);
	return nowruz_day(year);
}

bool shamsi_valid(const ShamsiDate *d)
{
	if (d->year < SHAMSI_MIN_YEAR || d->year > SHAMSI_MAX_YEAR)
		return false;
	switch (d->precision) {
	case DATE_YEAR: return true;
	case DATE_MONTH: return d->month >= 1 && d->month <= 12;
	case DATE_DAY:
		return d->month >= 1 && d->month <= 12 && d->day >= 1 &&
		       d->day <= shamsi_month_length(d->year, d->month);
	case DATE_NONE: break;
	}
	return false;
}

bool shamsi_from_days(long days, ShamsiDate *out)
{
	memset(out, 0, sizeof *out);
	if (days < nowruz_day(SHAMSI_MIN_YEAR) || days >= nowruz_day(SHAMSI_MAX_YEAR + 1))
		return false;
	/* A first guess from the mean year (365.2424 days), then settle it. */
	long long since = days - nowruz_day(ANCHOR_YEAR);
	long long guess = since * 10000;
	guess = (guess >= 0 ? guess : guess - 3652423) / 3652424;
	int year = ANCHOR_YEAR + (int)guess;
	if (year < SHAMSI_MIN_YEAR)
		year = SHAMSI_MIN_YEAR;
	if (year > SHAMSI_MAX_YEAR)
		year = SHAMSI_MAX_YEAR;
	while (nowruz_day(year) > days)
		year--;
	while (nowruz_day(year + 1) <= days)
		year++;
	int day_of_year = (int)(days - nowruz_day(year)); /* 0 = 1 Hamal */
	out->year = year;
	if (day_of_year < 186) {
		out->month = day_of_year / 31 + 1;
		out->day = day_of_year % 31 + 1;
	} else {
		out->month = (day_of_year - 186) / 30 + 7;
		out->day = (day_of_year - 186) % 30 + 1;
	}
	out->precision = DATE_DAY;
	return true;
}

bool shamsi_span(const ShamsiDate *d, long *first_day, long *last_day)
{
	if (!shamsi_valid(d))
		return false;
	long start = nowruz_day(d->year);
	switch (d->precision) {
	case DATE_YEAR:
		*first_day = start;
		*last_day = nowruz_day(d->year + 1) - 1;
		break;
	case DATE_MONTH:
		*first_day = start + month_offset(d->month);
		*last_day = *first_day + shamsi_month_length(d->year, d->month) - 1;
		break;
	default: *first_day = *last_day = start + month_offset(d->month) + d->day - 1; break;
	}
	return true;
}

bool shamsi_from_gregorian(int year, int month, int day, ShamsiDate *out)
{
	memset(out, 0, sizeof *out);
	if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
		return false;
	return shamsi_from_days(days_from_civil(year, month, day), out);
}

bool shamsi_to_gregorian(const ShamsiDate *d, int *year, int *month, int *day)
{
	long first, last;
	if (d->precision != DATE_DAY || !shamsi_span(d, &first, &last))
		return false;
	civil_from_days(first, year, month, day);
	return true;
}

/* ---------------------------------------------------------------- text */

/* The value of the digit at *p, ASCII, Persian (U+06F0..U+06F9) or
 * Arabic-Indic (U+0660..U+0669), and moves *p past it; -1 and *p unmoved
 * when there is no digit there. */
static int take_digit(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	if (s[0] >= '0' && s[0] <= '9') {
		*p += 1;
		return s[0] - '0';
	}
	if (s[0] == 0xDB && s[1] >= 0xB0 && s[1] <= 0xB9) {
		*p += 2;
		return s[1] - 0xB0;
	}
	if (s[0] == 0xD9 && s[1] >= 0xA0 && s[1] <= 0xA9) {
		*p += 2;
		return s[1] - 0xA0;
	}
	return -1;
}

/* Reads a run of least..most digits as a number; false when the run is
 * shorter or longer. */
static bool take_number(const char **p, int least, int most, int *value)
{
	int count = 0, v = 0, digit;
	while ((digit = take_digit(p)) >= 0) {
		if (++count > most)
			return false;
		v = v * 10 + digit;
	}
	if (count < least)
		return false;
	*value = v;
	return true;
}

ShamsiError shamsi_parse(const char *text, ShamsiDate *out)
{
	memset(out, 0, sizeof *out);
	if (!text || !*text)
		return SHAMSI_ERR_EMPTY;
	if ((text[0] != 's' && text[0] != 'S') || (text[1] != 'h' && text[1] != 'H') ||
	    text[2] != ':')
		return SHAMSI_ERR_PREFIX;
	const char *p = text + 3;
	ShamsiDate d = {0};
	if (!take_number(&p, 4, 4, &d.year))
		return SHAMSI_ERR_FORM;
	d.precision = DATE_YEAR;
	if (*p == '-' || *p == '/') {
		char separator = *p++;
		if (!take_number(&p, 1, 2, &d.month))
			return SHAMSI_ERR_FORM;
		d.precision = DATE_MONTH;
		if (*p == separator) {
			p++;
			if (!take_number(&p, 1, 2, &d.day))
				return SHAMSI_ERR_FORM;
			d.precision = DATE_DAY;
		}
	}
	if (*p)
		return SHAMSI_ERR_FORM;
	if (d.year < SHAMSI_MIN_YEAR || d.year > SHAMSI_MAX_YEAR)
		return SHAMSI_ERR_YEAR;
	if (d.precision >= DATE_MONTH && (d.month < 1 || d.month > 12))
		return SHAMSI_ERR_MONTH;
	if (d.precision == DATE_DAY &&
	    (d.day < 1 || d.day > shamsi_month_length(d.year, d.month))) {
		out->year = d.year; /* the month that has no such day */
		out->month = d.month;
		return SHAMSI_ERR_DAY;
	}
	*out = d;
	return SHAMSI_OK;
}

const char *shamsi_error_text(ShamsiError err)
{
	switch (err) {
	case SHAMSI_OK: return "no error";
	case SHAMSI_ERR_EMPTY: return "no date given";
	case SHAMSI_ERR_PREFIX: return "a Solar Hijri date starts with sh: (as in sh:1400-05-24)";
	case SHAMSI_ERR_FORM: return "write sh:YYYY, sh:YYYY-MM or sh:YYYY-MM-DD in digits";
	case SHAMSI_ERR_YEAR: return "the year must be 1 to 3177";
	case SHAMSI_ERR_MONTH: return "the month must be 1 to 12";
	case SHAMSI_ERR_DAY: return "the day is not in the month";
	}
	return "not a date";
}

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

void shamsi_format(const ShamsiDate *d, char out[SHAMSI_FORMAT_SIZE])
{
	out[0] = '\0';
	if (d->precision == DATE_NONE)
		return;
	put2(out, d->year / 100);
	put2(out + 2, d->year % 100);
	out[4] = '\0';
	if (d->precision >= DATE_MONTH) {
		out[4] = '-';
		put2(out + 5, d->month);
		out[7] = '\0';
	}
	if (d->precision == DATE_DAY) {
		out[7] = '-';
		put2(out + 8, d->day);
		out[10] = '\0';
	}
}

/* ---------------------------------------------------------------- names */

enum { LANG_EN, LANG_PRS, LANG_PUS, LANG_COUNT };

static int lang_index(const char *lang)
{
	if (lang && strcmp(lang, "prs") == 0)
		return LANG_PRS;
	if (lang && strcmp(lang, "pus") == 0)
		return LANG_PUS;
	return LANG_EN;
}

/* The Afghan month names: the signs of the zodiac, in Arabic form in Dari
 * and in Pashto's own words. Pashto writes its g as ګ (U+06AB). */
static const char *const SHAMSI_MONTHS[LANG_COUNT][12] = {
    [LANG_EN] = {"Hamal", "Sawr", "Jawza", "Saratan", "Asad", "Sunbula", "Mizan", "Aqrab", "Qaws",
                 "Jadi", "Dalw", "Hut"},
    [LANG_PRS] = {"حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی",
                  "دلو", "حوت"},
    [LANG_PUS] = {"وری", "غویی", "غبرګولی", "چنګاښ", "زمری", "وږی", "تله", "لړم", "لیندۍ", "مرغومی",
                  "سلواغه", "کب"},
};

/* Gregorian months as Afghanistan writes them (from English, not the
 * French-derived forms of Iran). */
static const char *const GREGORIAN_MONTHS[LANG_COUNT][12] = {
    [LANG_EN] = {"January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"},
    [LANG_PRS] = {"جنوری", "فبروری", "مارچ", "اپریل", "می", "جون", "جولای", "اگست", "سپتمبر",
                  "اکتوبر", "نومبر", "دسمبر"},
    [LANG_PUS] = {"جنوري", "فبروري", "مارچ", "اپرېل", "مۍ", "جون", "جولای", "اګست", "سپتمبر",
                  "اکتوبر", "نومبر", "دسمبر"},
};

const char *shamsi_month_name(int month, const char *lang)
{
	if (month < 1 || month > 12)
		return NULL;
	return SHAMSI_MONTHS[lang_index(lang)][month - 1];
}

const char *shamsi_gregorian_month_name(int month, const char *lang)
{
	if (month < 1 || month > 12)
		return NULL;
	return GREGORIAN_MONTHS[lang_index(lang)][month - 1];
}

/* Appends a non-negative number in ASCII or Persian digits. */
static void append_number(Buf *b, int n, bool persian)
{
	char digits[12];
	int count = 0;
	do {
		digits[count++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0 && count < (int)sizeof digits);
	while (count > 0) {
		char c = digits[--count];
		if (persian) {
			char utf8[2] = {(char)0xDB, (char)(0xB0 + (c - '0'))};
			buf_append(b, utf8, 2);
		} else {
			buf_putc(b, c);
		}
	}
}

/* Appends "DAY MONTH YEAR" cut to the precision, built aside first so that
 * b receives all of it or nothing. */
static bool append_long(Buf *b, DatePrecision precision, int year, const char *month_name, int day,
                        const char *lang)
{
	bool persian = lang_index(lang) != LANG_EN;
	Buf text;
	buf_init(&text, 64);
	if (precision == DATE_DAY) {
		append_number(&text, day, persian);
		buf_putc(&text, ' ');
	}
	if (precision >= DATE_MONTH) {
		buf_puts(&text, month_name);
		buf_putc(&text, ' ');
	}
	append_number(&text, year, persian);
	bool ok = !text.overflowed && buf_append(b, text.data, text.used);
	buf_free(&text);
	return ok;
}

bool shamsi_format_long(Buf *b, const ShamsiDate *d, const char *lang)
{
	if (!shamsi_valid(d))
		return false;
	return append_long(b, d->precision, d->year, shamsi_month_name(d->month, lang), d->day,
	                   lang);
}

bool shamsi_format_gregorian_long(Buf *b, const PDate *d, const char *lang)
{
	if (d->precision == DATE_NONE || d->year < 0)
		return false;
	if (d->precision >= DATE_MONTH && (d->month < 1 || d->month > 12))
		return false;
	if (d->precision == DATE_DAY && (d->day < 1 || d->day > days_in_month(d->year, d->month)))
		return false;
	return append_long(b, d->precision, d->year, shamsi_gregorian_month_name(d->month, lang),
	                   d->day, lang);
}
