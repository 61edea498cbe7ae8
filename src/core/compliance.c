/*
 * compliance.c — reporting periods, due days, period states and rates
 * (see compliance.h). Calendar arithmetic is left to pdate.c (Gregorian)
 * and shamsi.c (Solar Hijri); this file only cuts their years into
 * periods. No I/O.
 */
#include "core/compliance.h"

#include <string.h>

#include "core/pdate.h"
#include "core/shamsi.h"

/* The years an obligation may start in: well inside both calendars. */
#define FIRST_START_YEAR 1900
#define LAST_START_YEAR 2999

static const struct {
	const char *name;
	int months;
} FREQUENCIES[] = {
	{"monthly", 1},
	{"quarterly", 3},
	{"half_year", 6},
	{"yearly", 12},
};

void compliance_day_text(long day, char out[11])
{
	PDate d = {.precision = DATE_DAY};
	civil_from_days(day, &d.year, &d.month, &d.day);
	pdate_format(&d, out);
}

int compliance_frequency_months(const char *name)
{
	for (size_t i = 0; name && i < sizeof FREQUENCIES / sizeof *FREQUENCIES; i++)
		if (strcmp(name, FREQUENCIES[i].name) == 0)
			return FREQUENCIES[i].months;
	return 0;
}

const char *compliance_frequency_name(int months)
{
	for (size_t i = 0; i < sizeof FREQUENCIES / sizeof *FREQUENCIES; i++)
		if (FREQUENCIES[i].months == months)
			return FREQUENCIES[i].name;
	return NULL;
}

bool compliance_calendar_parse(const char *name, ReportCalendar *out)
{
	if (name && strcmp(name, "gregorian") == 0)
		*out = CAL_GREGORIAN;
	else if (name && strcmp(name, "solar_hijri") == 0)
		*out = CAL_SOLAR_HIJRI;
	else
		return false;
	return true;
}

const char *compliance_calendar_name(ReportCalendar c)
{
	return c == CAL_SOLAR_HIJRI ? "solar_hijri" : "gregorian";
}

bool compliance_obligation_valid(const Obligation *o)
{
	if (!compliance_frequency_name(o->months))
		return false;
	if (o->calendar != CAL_GREGORIAN && o->calendar != CAL_SOLAR_HIJRI)
		return false;
	if (o->grace_days < 0 || o->grace_days > COMPLIANCE_MAX_GRACE_DAYS)
		return false;
	return o->start_day >= days_from_civil(FIRST_START_YEAR, 1, 1) &&
	       o->start_day <= days_from_civil(LAST_START_YEAR, 12, 31);
}

bool compliance_period_of(const Obligation *o, long day, long *first_day, long *last_day)
{
	if (!compliance_frequency_name(o->months))
		return false;
	if (o->calendar == CAL_SOLAR_HIJRI) {
		ShamsiDate d;
		if (!shamsi_from_days(day, &d))
			return false;
		int first_month = (d.month - 1) / o->months * o->months + 1;
		ShamsiDate from = {d.year, first_month, 0, DATE_MONTH};
		ShamsiDate to = {d.year, first_month + o->months - 1, 0, DATE_MONTH};
		long ignored;
		return shamsi_span(&from, first_day, &ignored) && shamsi_span(&to, &ignored, last_day);
	}
	int year, month, mday;
	civil_from_days(day, &year, &month, &mday);
	if (year < FIRST_START_YEAR || year > LAST_START_YEAR + 1)
		return false;
	int first_month = (month - 1) / o->months * o->months + 1;
	int last_month = first_month + o->months - 1;
	*first_day = days_from_civil(year, first_month, 1);
	*last_day = days_from_civil(year, last_month, days_in_month(year, last_month));
	return true;
}

size_t compliance_periods(const Obligation *o, long until_day, Period *out, size_t max)
{
	if (!compliance_obligation_valid(o))
		return 0;
	size_t n = 0;
	long day = o->start_day;
	long first, last;
	while (compliance_period_of(o, day, &first, &last) && last < until_day) {
		if (n < max) {
			out[n].first_day = day;
			out[n].last_day = last;
			out[n].due_day = last + o->grace_days;
		}
		n++;
		day = last + 1;
	}
	return n;
}

PeriodState compliance_state(const Period *p, long submitted_day, long today)
{
	if (submitted_day != COMPLIANCE_NO_DAY)
		return submitted_day <= p->due_day ? PERIOD_ON_TIME : PERIOD_LATE;
	if (today <= p->last_day)
		return PERIOD_OPEN;
	return today <= p->due_day ? PERIOD_DUE : PERIOD_MISSING;
}

const char *compliance_state_name(PeriodState s)
{
	switch (s) {
	case PERIOD_OPEN:
		return "open";
	case PERIOD_DUE:
		return "due";
	case PERIOD_ON_TIME:
		return "on_time";
	case PERIOD_LATE:
		return "late";
	case PERIOD_MISSING:
		return "missing";
	}
	return "open";
}

void compliance_count(ComplianceCounts *c, PeriodState s)
{
	switch (s) {
	case PERIOD_OPEN:
		break;
	case PERIOD_DUE:
		c->due++;
		break;
	case PERIOD_ON_TIME:
		c->on_time++;
		c->submitted++;
		c->expected++;
		break;
	case PERIOD_LATE:
		c->late++;
		c->submitted++;
		c->expected++;
		break;
	case PERIOD_MISSING:
		c->missing++;
		c->expected++;
		break;
	}
}

int compliance_rate(int part, int whole)
{
	if (whole <= 0)
		return -1;
	return (int)(((long long)part * 200 + whole) / (2LL * whole));
}

bool compliance_silent(long start_day, long last_submitted_day, long today)
{
	long since = last_submitted_day != COMPLIANCE_NO_DAY && last_submitted_day > start_day
			     ? last_submitted_day
			     : start_day;
	return today - since >= COMPLIANCE_SILENT_DAYS;
}
