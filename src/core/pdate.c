/*
 * pdate.c — partial dates (see pdate.h).
 */
#include "core/pdate.h"

#include <string.h>

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* The proleptic Gregorian day count, after the well-known era-based method. */
long days_from_civil(int year, int month, int day)
{
	long y = year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_from_days(long days, int *year, int *month, int *day)
{
	days += 719468;
	long era = (days >= 0 ? days : days - 146096) / 146097;
	long doe = days - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(y + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

/* Reads exactly n ASCII digits. */
static bool read_digits(const char *s, int n, int *value)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return true;
}

bool pdate_parse(const char *text, PDate *out)
{
	memset(out, 0, sizeof *out);
	if (!text)
		return false;
	size_t len = strlen(text);
	PDate d = {0};
	if (len != 4 && len != 7 && len != 10)
		return false;
	if (!read_digits(text, 4, &d.year) || d.year < 1000 || d.year > 2999)
		return false;
	d.precision = DATE_YEAR;
	if (len >= 7) {
		if (text[4] != '-' || !read_digits(text + 5, 2, &d.month) || d.month < 1 ||
		    d.month > 12)
			return false;
		d.precision = DATE_MONTH;
	}
	if (len == 10) {
		if (text[7] != '-' || !read_digits(text + 8, 2, &d.day) || d.day < 1 ||
		    d.day > days_in_month(d.year, d.month))
			return false;
		d.precision = DATE_DAY;
	}
	*out = d;
	return true;
}

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

void pdate_format(const PDate *d, char out[11])
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

long pdate_first_day(const PDate *d)
{
	return days_from_civil(d->year, d->month ? d->month : 1, d->day ? d->day : 1);
}

long pdate_last_day(const PDate *d)
{
	int month = d->precision >= DATE_MONTH ? d->month : 12;
	int day = d->precision == DATE_DAY ? d->day : days_in_month(d->year, month);
	return days_from_civil(d->year, month, day);
}
