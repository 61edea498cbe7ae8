/*
 * fuzz_shamsi.c — Solar Hijri dates (core/shamsi.c): "sh:1400",
 * "sh:1400-05", "sh:۱۴۰۰/۰۵/۲۴".
 *
 * Besides memory errors it stops on a broken promise: a date that parses
 * is valid, formats to text that parses back to the same date, spans days
 * that convert back to it, and converts to a Gregorian date and back; a
 * refused text names its error in words and has precision DATE_NONE.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/shamsi.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	ShamsiDate d, again;
	ShamsiError err = shamsi_parse(text, &d);

	FUZZ_CHECK(shamsi_error_text(err) != NULL && shamsi_error_text(err)[0], "errors have words");
	if (err != SHAMSI_OK) {
		FUZZ_CHECK(d.precision == DATE_NONE, "a refused date has no precision");
		free(text);
		return 0;
	}
	FUZZ_CHECK(shamsi_valid(&d), "a parsed date is valid");

	char out[3 + SHAMSI_FORMAT_SIZE] = "sh:";
	shamsi_format(&d, out + 3);
	FUZZ_CHECK(shamsi_parse(out, &again) == SHAMSI_OK, "a formatted date parses");
	FUZZ_CHECK(again.year == d.year && again.month == d.month && again.day == d.day &&
	               again.precision == d.precision,
	           "format and parse give the same date");

	long first, last;
	FUZZ_CHECK(shamsi_span(&d, &first, &last), "a valid date has a span");
	FUZZ_CHECK(first <= last && last - first <= 365, "a span is at most a year");
	ShamsiDate from_first, from_last;
	FUZZ_CHECK(shamsi_from_days(first, &from_first) && shamsi_from_days(last, &from_last),
	           "the span's days are in range");
	FUZZ_CHECK(from_first.year == d.year && from_last.year == d.year, "the span is in its year");
	FUZZ_CHECK(d.month == 0 || (from_first.month == d.month && from_last.month == d.month),
	           "the span is in its month");
	FUZZ_CHECK(from_first.day == (d.day ? d.day : 1), "the span starts on its first day");
	FUZZ_CHECK(from_last.day == shamsi_month_length(from_last.year, from_last.month) ||
	               d.day != 0,
	           "the span ends on a month's last day");

	if (d.precision == DATE_DAY) {
		int gy, gm, gd;
		ShamsiDate back;
		FUZZ_CHECK(shamsi_to_gregorian(&d, &gy, &gm, &gd), "a day converts to Gregorian");
		FUZZ_CHECK(shamsi_from_gregorian(gy, gm, gd, &back), "and back");
		FUZZ_CHECK(back.year == d.year && back.month == d.month && back.day == d.day,
		           "Gregorian and back gives the same day");
	}
	static const char *const langs[] = {"en", "prs", "pus", "xx"};
	for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
		Buf b;
		buf_init(&b, 256);
		FUZZ_CHECK(shamsi_format_long(&b, &d, langs[i]) && b.used > 0,
		           "a valid date is written out");
		buf_free(&b);
	}
	free(text);
	return 0;
}
