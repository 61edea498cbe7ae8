/*
 * import_table.h — a CSV table read for import: its header, the HXL
 * hashtag row if it has one, what each column means, and its rows as
 * import fields.
 *
 * A column's field comes, strongest first, from: a mapping given now
 * (import --map, the upload page), the mapping remembered for the source,
 * the column's HXL hashtag, its header's usual name. Bytes in, values out:
 * no file I/O, nothing written.
 */
#ifndef HAMAHANG_IMPORT_TABLE_H
#define HAMAHANG_IMPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/import_map.h"

typedef struct ImportTable ImportTable;

typedef enum ColumnHow {
	COL_UNMAPPED,   /* nothing says what it is */
	COL_HEADER,     /* its header's usual name */
	COL_HXL,        /* its HXL hashtag */
	COL_REMEMBERED, /* the source's remembered mapping */
	COL_GIVEN       /* a mapping given for this run */
} ColumnHow;

/* Opens a table over data[0..len) (borrowed while the table lives) and
 * reads its header (and HXL row). remembered is the source's mapping (JSON
 * object header -> field name) or NULL. NULL on failure with a message in
 * *err (the caller frees it): an empty file, a broken first line. */
ImportTable *import_table_open(const char *data, size_t len, const char *remembered, char **err);
void import_table_close(ImportTable *t);

/* Maps the column whose header is `header` (or, failing that, whose HXL
 * tag is) to a field, by a mapping given now. False when no column has
 * that header. */
bool import_table_map(ImportTable *t, const char *header, ImportField f);

size_t import_table_columns(const ImportTable *t);
const char *import_table_header(const ImportTable *t, size_t i);
/* The column's HXL hashtag, or "" */
const char *import_table_hxl(const ImportTable *t, size_t i);
ImportField import_table_field(const ImportTable *t, size_t i);
ColumnHow import_table_how(const ImportTable *t, size_t i);
bool import_table_has_hxl(const ImportTable *t);
/* The mapping to remember (given and remembered columns) as a JSON object
 * text the caller frees, or NULL when there is none. */
char *import_table_mapping_json(const ImportTable *t);

/* Reads the next row: values[f] gets the text of field f (borrowed until
 * the next call; NULL when no column gives it), *raw and *raw_count the
 * row's cells as they are. Returns 1 for a row, 0 at the end, -1 on a
 * broken record (import_table_error says what and where; the next call
 * goes on after it when it can). */
int import_table_next(ImportTable *t, const char *values[IF_FIELD_COUNT], const char *const **raw,
                      size_t *raw_count);
/* The rows of one record, as import_table_next_group gives them. */
#define IMPORT_GROUP_MAX 5000

typedef struct ImportRow {
	const char *values[IF_FIELD_COUNT]; /* the row's fields, NULL when none */
	const char *const *cells;           /* the row's cells as they are */
	size_t cell_count;                  /* how many */
	size_t line;                        /* where the row began (1-based) */
} ImportRow;

/* Reads the rows of the next record: consecutive rows with the same row
 * key (IF_ROW_KEY; the export writes a project as one row per place and
 * sector), or one row without a key. *rows (owned by the table, valid
 * until the next call) gets them and *count how many, at most
 * IMPORT_GROUP_MAX (a longer run comes in parts). Returns 1, 0 at the end,
 * or -1 on a broken record (the rows before it are given first; see
 * import_table_error). Do not mix with import_table_next. */
int import_table_next_group(ImportTable *t, const ImportRow **rows, size_t *count);

/* The line where the last row began (1-based, counting the header). */
size_t import_table_line(const ImportTable *t);
const char *import_table_error(const ImportTable *t);

/* Appends s to b as one CSV field (quoted when it needs to be). */
void import_csv_field(Buf *b, const char *s);

#endif
