/*
 * fuzz_hxl.c — a CSV table read for import (fmt/import_table.c), its
 * columns mapped to fields by header, HXL hashtag and remembered mapping
 * (core/import_map.c), on any bytes.
 *
 * The input is a CSV file; when it holds a byte 0xFF, the bytes before it
 * are first taken as the source's remembered mapping (a JSON object, as
 * the store keeps it) and the rest as the file. The table is read as the
 * importer reads it: its columns, a mapping given for the run (the first
 * column's header to the title, as --map or the upload page would), the
 * mapping to remember, then every group of rows until the end or the first
 * broken record. Besides memory errors, it stops on a broken promise of
 * import_table.h and import_map.h: open fails exactly with a message; each
 * column's field agrees with how it was mapped; an HXL tag is kept only
 * from a row of hashtags; the mapping to remember is a JSON object of
 * field names that, given back as the remembered mapping, maps the same
 * columns the same way; a group holds 1..IMPORT_GROUP_MAX rows that share
 * one row key, whose values are cells of columns mapped to their field;
 * lines go forward; a broken record says what went wrong.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/import_map.h"
#include "core/text.h"
#include "fmt/import_table.h"
#include "fuzz_common.h"

/* A header to map that the input most likely does not have. */
#define NO_SUCH_HEADER "\x01no such header"

static bool has_header(const ImportTable *t, const char *header)
{
	for (size_t i = 0; i < import_table_columns(t); i++)
		if (strcmp(import_table_header(t, i), header) == 0 ||
		    strcmp(import_table_hxl(t, i), header) == 0)
			return true;
	return false;
}

static void check_columns(const ImportTable *t)
{
	size_t n = import_table_columns(t);
	FUZZ_CHECK(n >= 1, "a table has a column");
	for (size_t i = 0; i < n; i++) {
		const char *header = import_table_header(t, i);
		const char *hxl = import_table_hxl(t, i);
		ImportField f = import_table_field(t, i);
		ColumnHow how = import_table_how(t, i);
		FUZZ_CHECK(header && hxl, "a column has a header and a tag, maybe empty");
		FUZZ_CHECK(f >= IF_NONE && f < IF_FIELD_COUNT, "a field we know");
		FUZZ_CHECK(!hxl[0] || import_table_has_hxl(t), "a tag only with an HXL row");
		FUZZ_CHECK(!hxl[0] || import_is_hxl_tag(hxl), "a kept tag is a hashtag");
		switch (how) {
		case COL_UNMAPPED:
			FUZZ_CHECK(f == IF_NONE, "an unmapped column has no field");
			break;
		case COL_HEADER:
			FUZZ_CHECK(f != IF_NONE && f == import_map_header(header),
			           "a column mapped by its header has the header's field");
			break;
		case COL_HXL:
			FUZZ_CHECK(f != IF_NONE && f == import_map_hxl(hxl),
			           "a column mapped by its tag has the tag's field");
			break;
		case COL_REMEMBERED:
		case COL_GIVEN:
			break;
		default:
			FUZZ_CHECK(0, "a column is mapped in a way we know");
		}
	}
}

/* The mapping to remember is a JSON object of field names; opened again
 * with it, every column it names is mapped the same way. */
static void check_mapping(const ImportTable *t, const char *csv, size_t csv_len)
{
	char *mapping = import_table_mapping_json(t);
	if (!mapping) {
		/* JSON keys are UTF-8: a header that is not text cannot be kept */
		const char *h = import_table_header(t, 0);
		FUZZ_CHECK(!text_valid_utf8(h, strlen(h)), "a given mapping is remembered");
		return;
	}
	json_t *m = json_loads(mapping, 0, NULL);
	FUZZ_CHECK(json_is_object(m), "the mapping to remember is a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach(m, key, v)
	{
		ImportField f;
		FUZZ_CHECK(json_is_string(v) && import_field_parse(json_string_value(v), &f),
		           "the mapping holds field names");
	}
	json_decref(m);
	char *err = NULL;
	ImportTable *again = import_table_open(csv, csv_len, mapping, &err);
	FUZZ_CHECK(again && !err, "a table that opened opens again");
	FUZZ_CHECK(import_table_columns(again) == import_table_columns(t), "the same columns");
	for (size_t i = 0; i < import_table_columns(t); i++) {
		ColumnHow how = import_table_how(again, i);
		if (how == COL_REMEMBERED)
			FUZZ_CHECK(import_table_field(again, i) == import_table_field(t, i),
			           "a remembered mapping maps as it was given");
	}
	import_table_close(again);
	free(mapping);
}

static void check_rows(ImportTable *t)
{
	const ImportRow *rows;
	size_t count, last_line = 0, ncols = import_table_columns(t);
	int rc;

	while ((rc = import_table_next_group(t, &rows, &count)) == 1) {
		FUZZ_CHECK(count >= 1 && count <= IMPORT_GROUP_MAX, "a group of 1..max rows");
		const char *key = rows[0].values[IF_ROW_KEY];
		FUZZ_CHECK(count == 1 || key, "only rows with a key come together");
		for (size_t r = 0; r < count; r++) {
			const ImportRow *row = &rows[r];
			FUZZ_CHECK(row->cell_count >= 1, "a row has a cell");
			FUZZ_CHECK(row->line >= 2 && row->line >= last_line, "lines go forward");
			last_line = row->line;
			for (int f = 0; f < IF_FIELD_COUNT; f++) {
				const char *value = row->values[f];
				if (!value)
					continue;
				FUZZ_CHECK(f != IF_NONE && value[0], "a value is a non-empty field");
				bool found = false;
				for (size_t i = 0; i < row->cell_count && i < ncols && !found; i++)
					found = row->cells[i] == value &&
					        import_table_field(t, i) == (ImportField)f;
				FUZZ_CHECK(found, "a value is the cell of a column mapped to it");
			}
		}
	}
	FUZZ_CHECK(rc == 0 || rc == -1, "a group read answers 1, 0 or -1");
	if (rc < 0)
		FUZZ_CHECK(import_table_error(t)[0] != '\0', "a broken record says what is wrong");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *cut = memchr(data, 0xFF, size);
	char *remembered = cut ? fuzz_cstring(data, (size_t)(cut - data)) : NULL;
	const char *csv = cut ? (const char *)cut + 1 : (const char *)data;
	size_t csv_len = cut ? size - (size_t)(cut - data) - 1 : size;
	char *err = NULL;

	ImportTable *t = import_table_open(csv, csv_len, remembered, &err);
	if (!t) {
		FUZZ_CHECK(err && err[0], "a table that does not open says why");
		free(err);
		free(remembered);
		return 0;
	}
	FUZZ_CHECK(!err, "no message when the table opens");
	check_columns(t);
	FUZZ_CHECK(import_table_map(t, import_table_header(t, 0), IF_TITLE),
	           "a column's own header can be mapped");
	FUZZ_CHECK(import_table_field(t, 0) == IF_TITLE && import_table_how(t, 0) == COL_GIVEN,
	           "a given mapping holds");
	if (!has_header(t, NO_SUCH_HEADER))
		FUZZ_CHECK(!import_table_map(t, NO_SUCH_HEADER, IF_TITLE),
		           "a header no column has is refused");
	check_columns(t);
	check_mapping(t, csv, csv_len);
	check_rows(t);
	import_table_close(t);
	free(remembered);
	return 0;
}
