/*
 * csv.h — an RFC 4180 CSV reader over bytes in memory.
 *
 * Takes files as they come from the field: UTF-8 with or without a BOM,
 * LF or CRLF line ends, ',' or ';' separators (detected from the first
 * line when not given), quoted fields with doubled quotes and embedded
 * newlines. It turns bytes into fields and nothing else: no file I/O, no
 * knowledge of what the columns mean.
 */
#ifndef HAMAHANG_CSV_H
#define HAMAHANG_CSV_H

#include <stddef.h>

typedef struct CsvReader CsvReader;

#define CSV_MAX_FIELDS 512
#define CSV_MAX_FIELD_BYTES (64u * 1024u)

/* A reader over data[0..len), borrowed for the reader's lifetime.
 * sep is ',' or ';', or 0 to detect it. Free with csv_close. */
CsvReader *csv_open(const char *data, size_t len, char sep);
void csv_close(CsvReader *r);

/* Reads the next record. Returns the number of fields (>= 1), 0 at the end
 * of input, or -1 on malformed input (csv_error says what and where).
 * *fields points at NUL-terminated strings borrowed until the next call.
 * A blank line is skipped. */
int csv_next(CsvReader *r, const char *const **fields);

/* The separator in use (after detection). */
char csv_separator(const CsvReader *r);
/* 1-based line number where the last record returned began. */
size_t csv_line(const CsvReader *r);
/* The last error in words, or "" when none. Borrowed. */
const char *csv_error(const CsvReader *r);

#endif
