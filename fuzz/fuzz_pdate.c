/*
 * fuzz_pdate.c — partial dates (core/pdate.c): "2010", "2010-03",
 * "2010-03-15".
 *
 * Besides memory errors it stops on a broken promise: a date that parses
 * formats to text that parses to the same date; its first day is not after
 * its last (the same day for a whole date); day numbers convert back to the same calendar dates; a refused
 * text leaves precision DATE_NONE.
 */
#include <stdlib.h>
#include <string.h>

#include "core/pdate.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	PDate d, again;
	char out[11];

	if (!pdate_parse(text, &d)) {
		FUZZ_CHECK(d.precision == DATE_NONE, "a refused date has no precision");
		pdate_format(&d, out);
		FUZZ_CHECK(out[0] == '\0', "no date formats as nothing");
		free(text);
		return 0;
	}
	FUZZ_CHECK(d.precision >= DATE_YEAR && d.precision <= DATE_DAY, "a parsed date has a precision");
	FUZZ_CHECK(d.year >= 1000 && d.year <= 2999, "the year is in range");
	pdate_format(&d, out);
	FUZZ_CHECK(strlen(out) < sizeof out, "the format fits");
	FUZZ_CHECK(pdate_parse(out, &again), "a formatted date parses");
	FUZZ_CHECK(again.year == d.year && again.month == d.month && again.day == d.day &&
	               again.precision == d.precision,
	           "format and parse give the same date");

	long first = pdate_first_day(&d), last = pdate_last_day(&d);
	FUZZ_CHECK(first <= last, "the first day is not after the last");
	int y, m, dd;
	civil_from_days(first, &y, &m, &dd);
	FUZZ_CHECK(y == d.year && (d.month == 0 || m == d.month) && (d.day == 0 || dd == d.day),
	           "the first day is within the date");
	FUZZ_CHECK(days_from_civil(y, m, dd) == first, "day numbers convert both ways");
	civil_from_days(last, &y, &m, &dd);
	if (d.precision == DATE_DAY)
		FUZZ_CHECK(last == first, "a day spans one day");
	else
		FUZZ_CHECK(y == d.year && (d.month == 0 || m == d.month) && dd == days_in_month(y, m),
		           "the last day ends the date's month or year");
	free(text);
	return 0;
}
