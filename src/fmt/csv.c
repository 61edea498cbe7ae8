/*
 * csv.c — an RFC 4180 CSV reader over bytes in memory (see csv.h).
 *
 * It turns bytes into fields and nothing else: it reads no file and knows
 * nothing of what the columns mean. Where RFC 4180 is strict and files from
 * the field are not, it is lenient in ways that keep every byte: a quote in
 * the middle of an unquoted field is kept as written, and text after a
 * closing quote is appended to the field. What it cannot read without
 * guessing (a quote that is never closed, a field or a record past the caps
 * of csv.h, a NUL byte) stops the reader with an error that names the line.
 */
#include "csv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"

struct CsvReader {
	const char *data;              /* the input, borrowed */
	size_t len;                    /* bytes in data[] */
	size_t pos;                    /* next byte of data[] to read */
	char sep;                      /* the field separator in use */
	size_t line;                   /* 1-based line of data[pos] */
	size_t record_line;            /* line where the last record began */
	bool failed;                   /* malformed input was met; reading has stopped */
	Buf text;                      /* the current record: its fields, each NUL-terminated */
	size_t starts[CSV_MAX_FIELDS]; /* offset in text of each field */
	const char *fields[CSV_MAX_FIELDS]; /* what csv_next hands out, into text */
	Buf error;                          /* the last error in words, "" when none */
};

/* The caps in words, for error messages. */
#define CSV_STR_(x) #x
#define CSV_STR(x)  CSV_STR_(x)
#define TOO_LONG    "is longer than 65536 bytes"
_Static_assert(CSV_MAX_FIELD_BYTES == 65536, "TOO_LONG names the field cap");

/* The most bytes one record can take in `text`: every field at its cap
 * plus its NUL. */
#define CSV_MAX_RECORD_BYTES ((size_t)CSV_MAX_FIELDS * (CSV_MAX_FIELD_BYTES + 1))

/* ',' unless the first line (outside quotes) has more ';' than ','. */
static char detect_separator(const char *data, size_t len)
{
	size_t commas = 0, semicolons = 0;
	bool quoted = false;

	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			commas++;
		else if (c == ';')
			semicolons++;
	}
	return semicolons > commas ? ';' : ',';
}

CsvReader *csv_open(const char *data, size_t len, char sep)
{
	CsvReader *r = xcalloc(1, sizeof *r);

	if (!data)
		len = 0;
	/* A UTF-8 byte order mark is not part of the first field. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	r->data = data;
	r->len = len;
	r->line = 1;
	if (sep == 0 || sep == '"' || sep == '\n' || sep == '\r')
		sep = detect_separator(data, len);
	r->sep = sep;
	buf_init(&r->text, CSV_MAX_RECORD_BYTES);
	buf_init(&r->error, 1024);
	return r;
}

void csv_close(CsvReader *r)
{
	if (!r)
		return;
	buf_free(&r->text);
	buf_free(&r->error);
	free(r);
}

char csv_separator(const CsvReader *r)
{
	return r->sep;
}

size_t csv_line(const CsvReader *r)
{
	return r->record_line;
}

const char *csv_error(const CsvReader *r)
{
	return buf_str(&r->error);
}

/* Records "line N: field K <what>", stops the reader, and returns -1 for
 * csv_next. */
static int fail(CsvReader *r, size_t line, size_t field_number, const char *what)
{
	buf_reset(&r->error);
	buf_printf(&r->error, "line %zu: field %zu %s", line, field_number, what);
	r->failed = true;
	return -1;
}

/* Appends data[from..to) to the current field, which began at offset
 * field_start of r->text; false when that would pass the field cap. */
static bool append_run(CsvReader *r, size_t field_start, size_t from, size_t to)
{
	if (r->text.used - field_start + (to - from) > CSV_MAX_FIELD_BYTES)
		return false;
	return buf_append(&r->text, r->data + from, to - from);
}

/* Skips empty lines (LF, CRLF or a lone CR); true when a record follows. */
static bool skip_blank_lines(CsvReader *r)
{
	while (r->pos < r->len) {
		char c = r->data[r->pos];
		if (c == '\n') {
			r->pos++;
		} else if (c == '\r') {
			r->pos++;
			if (r->pos < r->len && r->data[r->pos] == '\n')
				r->pos++;
		} else {
			return true;
		}
		r->line++;
	}
	return false;
}

int csv_next(CsvReader *r, const char *const **fields)
{
	const char *data = r->data;
	size_t count = 0;

	*fields = NULL;
	if (r->failed)
		return -1;
	if (!skip_blank_lines(r))
		return 0;
	r->record_line = r->line;
	buf_reset(&r->text);

	for (;;) {
		size_t field_number = count + 1;
		if (count == CSV_MAX_FIELDS)
			return fail(r, r->line, field_number,
			            "is one too many (a record has at most " CSV_STR(
			                CSV_MAX_FIELDS) " fields)");
		size_t field_start = r->text.used;
		r->starts[count] = field_start;

		if (r->pos < r->len && data[r->pos] == '"') {
			size_t opened_line = r->line;
			r->pos++;
			for (;;) {
				const char *quote = memchr(data + r->pos, '"', r->len - r->pos);
				size_t run_end = quote ? (size_t)(quote - data) : r->len;
				for (size_t i = r->pos; i < run_end; i++) {
					if (data[i] == '\n')
						r->line++;
					else if (data[i] == '\r' &&
					         !(i + 1 < r->len && data[i + 1] == '\n'))
						r->line++;
				}
				if (!append_run(r, field_start, r->pos, run_end))
					return fail(r, opened_line, field_number, TOO_LONG);
				if (!quote) {
					r->pos = r->len;
					return fail(r, opened_line, field_number,
					            "opens a quote that is never closed");
				}
				r->pos = run_end + 1;
				if (r->pos < r->len && data[r->pos] == '"') {
					/* a doubled quote stands for one quote */
					if (!append_run(r, field_start, run_end, run_end + 1))
						return fail(r, opened_line, field_number, TOO_LONG);
					r->pos++;
					continue;
				}
				break;
			}
		}

		/* An unquoted field, or what follows a closing quote: up to the
		 * separator or the end of the line, quotes kept as written. */
		size_t run_start = r->pos;
		while (r->pos < r->len) {
			char c = data[r->pos];
			if (c == r->sep || c == '\n' || c == '\r')
				break;
			r->pos++;
		}
		if (!append_run(r, field_start, run_start, r->pos))
			return fail(r, r->line, field_number, TOO_LONG);
		if (memchr(r->text.data ? r->text.data + field_start : "", '\0',
		           r->text.used - field_start))
			return fail(r, r->line, field_number, "contains a NUL byte");
		buf_putc(&r->text, '\0');
		count++;

		if (r->pos >= r->len)
			break;
		char c = data[r->pos];
		if (c == r->sep) {
			r->pos++;
			continue;
		}
		/* end of the line, and of the record */
		r->pos++;
		if (c == '\r' && r->pos < r->len && data[r->pos] == '\n')
			r->pos++;
		r->line++;
		break;
	}

	for (size_t i = 0; i < count; i++)
		r->fields[i] = r->text.data + r->starts[i];
	*fields = r->fields;
	return (int)count;
}
