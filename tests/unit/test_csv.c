/*
 * test_csv.c — the CSV reader (fmt/csv) on hand-made input and on the first
 * 50 lines of the OCHA 3W operational-presence file (tests/data/3w-sample.csv:
 * BOM, CRLF, an HXL hashtag row).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/mem.h"
#include "fmt/csv.h"
#include "testlib.h"

/* Reads the next record and checks it has exactly the fields given
 * (NULL-terminated list). */
static void expect_record(CsvReader *r, ...)
{
	const char *const *fields;
	const char *want[64];
	int count = 0;
	va_list ap;

	va_start(ap, r);
	for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *))
		want[count++] = s;
	va_end(ap);

	int n = csv_next(r, &fields);
	if (n != count)
		fail_msg("expected %d fields, got %d (error: \"%s\")", count, n, csv_error(r));
	for (int i = 0; i < count; i++)
		if (strcmp(fields[i], want[i]) != 0)
			fail_msg("field %d is \"%s\", expected \"%s\"", i + 1, fields[i], want[i]);
}

static void expect_end(CsvReader *r)
{
	const char *const *fields;
	assert_int_equal(csv_next(r, &fields), 0);
	assert_int_equal(csv_next(r, &fields), 0); /* and stays at the end */
	assert_string_equal(csv_error(r), "");
}

static CsvReader *open_text(const char *text, char sep)
{
	return csv_open(text, strlen(text), sep);
}

static void test_simple(void **state)
{
	(void)state;
	CsvReader *r = open_text("a,b,c\n1,2,3\n", 0);
	assert_int_equal(csv_separator(r), ',');
	expect_record(r, "a", "b", "c", NULL);
	assert_int_equal(csv_line(r), 1);
	expect_record(r, "1", "2", "3", NULL);
	assert_int_equal(csv_line(r), 2);
	expect_end(r);
	csv_close(r);
}

static void test_no_final_newline_and_empty_fields(void **state)
{
	(void)state;
	CsvReader *r = open_text("a,,c\n,\nx,y,", 0);
	expect_record(r, "a", "", "c", NULL);
	expect_record(r, "", "", NULL);
	expect_record(r, "x", "y", "", NULL);
	expect_end(r);
	csv_close(r);
}

static void test_bom(void **state)
{
	(void)state;
	CsvReader *r = open_text("\xef\xbb\xbfname,code\nKabul,AF01\n", 0);
	expect_record(r, "name", "code", NULL); /* not "\xef\xbb\xbfname" */
	expect_record(r, "Kabul", "AF01", NULL);
	expect_end(r);
	csv_close(r);
}

static void test_crlf(void **state)
{
	(void)state;
	CsvReader *r = open_text("a,b\r\n1,2\r\n3,4\r\n", 0);
	expect_record(r, "a", "b", NULL);
	expect_record(r, "1", "2", NULL); /* no "2\r" */
	expect_record(r, "3", "4", NULL);
	assert_int_equal(csv_line(r), 3);
	expect_end(r);
	csv_close(r);
}

static void test_semicolon_detected(void **state)
{
	(void)state;
	CsvReader *r = open_text("name;amount;note\nLSO;1,5;\"a;b\"\n", 0);
	assert_int_equal(csv_separator(r), ';');
	expect_record(r, "name", "amount", "note", NULL);
	expect_record(r, "LSO", "1,5", "a;b", NULL);
	expect_end(r);
	csv_close(r);
}

static void test_separator_detection_ignores_quotes(void **state)
{
	(void)state;
	/* Three ';' inside quotes, one ',' outside: comma. */
	CsvReader *r = open_text("\"a;b;c;d\",e\n", 0);
	assert_int_equal(csv_separator(r), ',');
	expect_record(r, "a;b;c;d", "e", NULL);
	csv_close(r);
	/* Only the first line counts. */
	r = open_text("a;b\nc,d,e,f\n", 0);
	assert_int_equal(csv_separator(r), ';');
	csv_close(r);
	/* A tie, or none at all, is a comma. */
	r = open_text("a;b,c\n", 0);
	assert_int_equal(csv_separator(r), ',');
	csv_close(r);
	r = open_text("single\n", 0);
	assert_int_equal(csv_separator(r), ',');
	csv_close(r);
}

static void test_separator_given(void **state)
{
	(void)state;
	CsvReader *r = open_text("a;b,c;d\n", ',');
	assert_int_equal(csv_separator(r), ',');
	expect_record(r, "a;b", "c;d", NULL);
	csv_close(r);
}

static void test_quoted_newline(void **state)
{
	(void)state;
	CsvReader *r = open_text("id,address\n1,\"Street 4\nKarte Se\r\nKabul\"\n2,x\n", 0);
	expect_record(r, "id", "address", NULL);
	expect_record(r, "1", "Street 4\nKarte Se\r\nKabul", NULL);
	assert_int_equal(csv_line(r), 2);
	expect_record(r, "2", "x", NULL);
	assert_int_equal(csv_line(r), 5); /* the quoted newlines were counted */
	expect_end(r);
	csv_close(r);
}

static void test_doubled_quotes(void **state)
{
	(void)state;
	CsvReader *r = open_text("\"He said \"\"salaam\"\"\",\"\"\"\",\"\"\n", 0);
	expect_record(r, "He said \"salaam\"", "\"", "", NULL);
	expect_end(r);
	csv_close(r);
}

static void test_quote_inside_unquoted_field(void **state)
{
	(void)state;
	CsvReader *r = open_text("5\" pipe,O\"Brien\n", 0);
	expect_record(r, "5\" pipe", "O\"Brien", NULL);
	expect_end(r);
	csv_close(r);
}

static void test_text_after_closing_quote(void **state)
{
	(void)state;
	CsvReader *r = open_text("\"Kabul\" City,b\n", 0);
	expect_record(r, "Kabul City", "b", NULL);
	expect_end(r);
	csv_close(r);
}

static void test_blank_lines_skipped(void **state)
{
	(void)state;
	CsvReader *r = open_text("\n\na,b\n\r\n\n1,2\n\n", 0);
	expect_record(r, "a", "b", NULL);
	assert_int_equal(csv_line(r), 3);
	expect_record(r, "1", "2", NULL);
	assert_int_equal(csv_line(r), 6);
	expect_end(r);
	csv_close(r);
}

static void test_empty_input(void **state)
{
	(void)state;
	const char *const *fields;
	CsvReader *r = csv_open("", 0, 0);
	assert_int_equal(csv_next(r, &fields), 0);
	csv_close(r);
	r = csv_open(NULL, 0, 0);
	assert_int_equal(csv_next(r, &fields), 0);
	csv_close(r);
	r = open_text("\xef\xbb\xbf", 0);
	assert_int_equal(csv_next(r, &fields), 0);
	csv_close(r);
}

static void test_dari_text(void **state)
{
	(void)state;
	/* نام,ولایت / لیسو,"بلخ، مزار شریف" */
	CsvReader *r = open_text(
	    "\u0646\u0627\u0645,\u0648\u0644\u0627\u06cc\u062a\n"
	    "\u0644\u06cc\u0633\u0648,\"\u0628\u0644\u062e\u060c \u0645\u0632\u0627\u0631 "
	    "\u0634\u0631\u06cc\u0641\"\n",
	    0);
	expect_record(r, "\u0646\u0627\u0645", "\u0648\u0644\u0627\u06cc\u062a", NULL);
	expect_record(r, "\u0644\u06cc\u0633\u0648",
	              "\u0628\u0644\u062e\u060c \u0645\u0632\u0627\u0631 \u0634\u0631\u06cc\u0641",
	              NULL);
	expect_end(r);
	csv_close(r);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	const char *const *fields;
	CsvReader *r = open_text("a,b\n1,2\n3,\"never closed\n4,5\n", 0);
	expect_record(r, "a", "b", NULL);
	expect_record(r, "1", "2", NULL);
	assert_int_equal(csv_next(r, &fields), -1);
	assert_string_equal(csv_error(r), "line 3: field 2 opens a quote that is never closed");
	assert_int_equal(csv_line(r), 3);
	/* The reader stays stopped: it does not guess where the field ends. */
	assert_int_equal(csv_next(r, &fields), -1);
	csv_close(r);
}

static void test_too_many_fields(void **state)
{
	(void)state;
	const char *const *fields;
	size_t len = CSV_MAX_FIELDS + 1; /* 513 fields: 512 commas */
	char *text = xmalloc(len + 8);
	memcpy(text, "ok\n", 3);
	memset(text + 3, ',', len - 1);
	text[3 + len - 1] = '\n';
	CsvReader *r = csv_open(text, 3 + len, ',');
	expect_record(r, "ok", NULL);
	assert_int_equal(csv_next(r, &fields), -1);
	assert_string_equal(csv_error(r),
	                    "line 2: field 513 is one too many (a record has at most 512 fields)");
	csv_close(r);

	/* Exactly 512 fields is fine. */
	r = csv_open(text + 3 + 1, len - 1, ',');
	assert_int_equal(csv_next(r, &fields), CSV_MAX_FIELDS);
	csv_close(r);
	free(text);
}

static void test_field_too_long(void **state)
{
	(void)state;
	const char *const *fields;
	size_t big = CSV_MAX_FIELD_BYTES + 1;
	char *text = xmalloc(big + 16);

	/* unquoted, on line 2 */
	memcpy(text, "h\nx,", 4);
	memset(text + 4, 'a', big);
	CsvReader *r = csv_open(text, 4 + big, ',');
	expect_record(r, "h", NULL);
	assert_int_equal(csv_next(r, &fields), -1);
	assert_string_equal(csv_error(r), "line 2: field 2 is longer than 65536 bytes");
	csv_close(r);

	/* quoted */
	text[0] = '"';
	memset(text + 1, 'b', big);
	text[big + 1] = '"';
	r = csv_open(text, big + 2, ',');
	assert_int_equal(csv_next(r, &fields), -1);
	assert_string_equal(csv_error(r), "line 1: field 1 is longer than 65536 bytes");
	csv_close(r);

	/* exactly at the cap is fine */
	r = csv_open(text + 1, big - 1, ',');
	assert_int_equal(csv_next(r, &fields), 1);
	assert_int_equal(strlen(fields[0]), CSV_MAX_FIELD_BYTES);
	csv_close(r);
	free(text);
}

static void test_nul_byte(void **state)
{
	(void)state;
	const char *const *fields;
	static const char text[] = "a,b\nc,d\0e\n";
	CsvReader *r = csv_open(text, sizeof text - 1, ',');
	expect_record(r, "a", "b", NULL);
	assert_int_equal(csv_next(r, &fields), -1);
	assert_string_equal(csv_error(r), "line 2: field 2 contains a NUL byte");
	csv_close(r);
}

static void test_3w_sample(void **state)
{
	(void)state;
	size_t len;
	char *data = test_read_file("tests/data/3w-sample.csv", &len);
	const char *const *fields;
	CsvReader *r = csv_open(data, len, 0);

	assert_int_equal(csv_separator(r), ',');
	int header = csv_next(r, &fields);
	assert_int_equal(header, 11);
	assert_string_equal(fields[0], "REGION"); /* the BOM is gone */
	assert_string_equal(fields[4], "DIST_CODE");
	assert_string_equal(fields[10], "Question"); /* no "\r" left over */

	int hxl = csv_next(r, &fields);
	assert_int_equal(hxl, header);
	assert_int_equal(csv_line(r), 2);
	assert_int_equal(fields[0][0], '#');
	assert_string_equal(fields[0], "#region+name");
	assert_string_equal(fields[2], "#adm1+code");
	assert_string_equal(fields[10], "");

	int rows = 2;
	int n;
	while ((n = csv_next(r, &fields)) > 0) {
		rows++;
		if (n != header)
			fail_msg("line %zu has %d fields, the header %d", csv_line(r), n, header);
		assert_int_equal(fields[2][0], 'A'); /* a province P-code such as AF01 */
		assert_int_equal(fields[2][1], 'F');
	}
	assert_int_equal(n, 0);
	assert_string_equal(csv_error(r), "");
	assert_int_equal(rows, 50);
	assert_int_equal(csv_line(r), 50);
	csv_close(r);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_simple),
	    cmocka_unit_test(test_no_final_newline_and_empty_fields),
	    cmocka_unit_test(test_bom),
	    cmocka_unit_test(test_crlf),
	    cmocka_unit_test(test_semicolon_detected),
	    cmocka_unit_test(test_separator_detection_ignores_quotes),
	    cmocka_unit_test(test_separator_given),
	    cmocka_unit_test(test_quoted_newline),
	    cmocka_unit_test(test_doubled_quotes),
	    cmocka_unit_test(test_quote_inside_unquoted_field),
	    cmocka_unit_test(test_text_after_closing_quote),
	    cmocka_unit_test(test_blank_lines_skipped),
	    cmocka_unit_test(test_empty_input),
	    cmocka_unit_test(test_dari_text),
	    cmocka_unit_test(test_unterminated_quote),
	    cmocka_unit_test(test_too_many_fields),
	    cmocka_unit_test(test_field_too_long),
	    cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_3w_sample),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
