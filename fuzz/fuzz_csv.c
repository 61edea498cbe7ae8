/*
 * fuzz_csv.c — the CSV reader (fmt/csv.c) on any bytes.
 *
 * Reads every record with the separator detected, then again with each
 * separator forced. Besides memory errors, it stops on a broken promise:
 * a record of 1..CSV_MAX_FIELDS fields, fields no longer than
 * CSV_MAX_FIELD_BYTES, line numbers that never go back, an error message
 * exactly when the reader reports failure, and a reader that stays at the
 * end once it said so.
 */
#include <string.h>

#include "fmt/csv.h"
#include "fuzz_common.h"

static void read_all(const uint8_t *data, size_t size, char sep)
{
	CsvReader *r = csv_open((const char *)data, size, sep);
	const char *const *fields;
	size_t last_line = 0;
	int n;

	FUZZ_CHECK(csv_separator(r) == ',' || csv_separator(r) == ';', "separator is , or ;");
	while ((n = csv_next(r, &fields)) > 0) {
		FUZZ_CHECK(n <= CSV_MAX_FIELDS, "record within the field cap");
		for (int i = 0; i < n; i++)
			FUZZ_CHECK(strlen(fields[i]) <= CSV_MAX_FIELD_BYTES, "field within its cap");
		FUZZ_CHECK(csv_line(r) >= 1 && csv_line(r) >= last_line, "line numbers go forward");
		last_line = csv_line(r);
	}
	if (n < 0)
		FUZZ_CHECK(csv_error(r)[0] != '\0', "a failure says what went wrong");
	else
		FUZZ_CHECK(csv_error(r)[0] == '\0', "no error text without a failure");
	/* Past the end (or a failure) the reader stays where it stopped. */
	FUZZ_CHECK(csv_next(r, &fields) == n, "the reader stays at its end");
	csv_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_all(data, size, 0);
	read_all(data, size, ',');
	read_all(data, size, ';');
	return 0;
}
