/*
 * import_table.c — a CSV table read for import (see import_table.h).
 */
#include "fmt/import_table.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "fmt/csv.h"

typedef struct Column {
	char *header; /* as written, owned */
	char *hxl;    /* the HXL tag, owned; "" when none */
	ImportField field;
	ColumnHow how;
} Column;

struct ImportTable {
	CsvReader *csv;
	Column *cols;
	size_t col_count;
	bool has_hxl;
	char error[300];
	/* a row read ahead while looking for the HXL row, returned first */
	char **pending;
	size_t pending_count;
	size_t pending_line;
	bool pending_used;
	const char **cells; /* the current row's cells, borrowed or from pending */
	size_t line;
	/* import_table_next_group */
	ImportRow *group;   /* the rows last given, their cells in group_cells */
	char ***group_cells; /* each row's cells, owned */
	size_t group_count;
	size_t group_alloc;
	char **ahead;       /* a row read past the group, owned; NULL when none */
	size_t ahead_count;
	size_t ahead_line;
	bool ahead_broken;  /* a broken record came after the group: say so next */
};

static char **copy_fields(const char *const *f, int n)
{
	char **out = xcalloc((size_t)n + 1, sizeof *out);
	for (int i = 0; i < n; i++)
		out[i] = xstrdup(f[i]);
	return out;
}

static void free_fields(char **f, size_t n)
{
	if (!f)
		return;
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

ImportTable *import_table_open(const char *data, size_t len, const char *remembered, char **err)
{
	*err = NULL;
	ImportTable *t = xcalloc(1, sizeof *t);
	t->csv = csv_open(data, len, 0);
	const char *const *f;
	int n = csv_next(t->csv, &f);
	if (n <= 0) {
		*err = xstrdup(n == 0 ? "the file is empty: a header row is needed"
		                      : csv_error(t->csv));
		import_table_close(t);
		return NULL;
	}
	t->col_count = (size_t)n;
	t->cols = xcalloc(t->col_count, sizeof *t->cols);
	for (size_t i = 0; i < t->col_count; i++) {
		t->cols[i].header = xstrdup(f[i]);
		t->cols[i].hxl = xstrdup("");
	}
	/* the HXL row is the first row whose non-empty cells are all hashtags */
	n = csv_next(t->csv, &f);
	if (n < 0) {
		*err = xstrdup(csv_error(t->csv));
		import_table_close(t);
		return NULL;
	}
	bool hxl = n > 0;
	size_t tags = 0;
	for (int i = 0; i < n && hxl; i++) {
		if (!f[i][0])
			continue;
		hxl = import_is_hxl_tag(f[i]);
		tags++;
	}
	hxl = hxl && tags > 0;
	/* so might the header row itself be */
	bool header_hxl = true;
	size_t header_tags = 0;
	for (size_t i = 0; i < t->col_count && header_hxl; i++) {
		if (!t->cols[i].header[0])
			continue;
		header_hxl = import_is_hxl_tag(t->cols[i].header);
		header_tags++;
	}
	header_hxl = header_hxl && header_tags > 0;
	if (hxl) {
		t->has_hxl = true;
		for (size_t i = 0; i < t->col_count && i < (size_t)n; i++) {
			free(t->cols[i].hxl);
			t->cols[i].hxl = xstrdup(f[i]);
		}
	} else if (n > 0) {
		t->pending = copy_fields(f, n);
		t->pending_count = (size_t)n;
		t->pending_line = csv_line(t->csv);
	}
	if (header_hxl) {
		t->has_hxl = true;
		for (size_t i = 0; i < t->col_count; i++) {
			free(t->cols[i].hxl);
			t->cols[i].hxl = xstrdup(t->cols[i].header);
		}
	}
	for (size_t i = 0; i < t->col_count; i++) {
		Column *c = &t->cols[i];
		c->field = IF_NONE;
		c->how = COL_UNMAPPED;
		if (c->hxl[0] && (c->field = import_map_hxl(c->hxl)) != IF_NONE)
			c->how = COL_HXL;
		else if ((c->field = import_map_header(c->header)) != IF_NONE)
			c->how = COL_HEADER;
	}
	if (remembered) {
		json_t *m = json_loads(remembered, 0, NULL);
		const char *key;
		json_t *v;
		json_object_foreach(m, key, v)
		{
			ImportField fld;
			if (!json_is_string(v) || !import_field_parse(json_string_value(v), &fld))
				continue;
			for (size_t i = 0; i < t->col_count; i++)
				if (strcmp(t->cols[i].header, key) == 0) {
					t->cols[i].field = fld;
					t->cols[i].how = COL_REMEMBERED;
				}
		}
		json_decref(m);
	}
	return t;
}

static void group_clear(ImportTable *t)
{
	for (size_t i = 0; i < t->group_count; i++)
		free_fields(t->group_cells[i], t->group[i].cell_count);
	t->group_count = 0;
}

void import_table_close(ImportTable *t)
{
	if (!t)
		return;
	group_clear(t);
	free(t->group);
	free(t->group_cells);
	free_fields(t->ahead, t->ahead_count);
	csv_close(t->csv);
	for (size_t i = 0; i < t->col_count; i++) {
		free(t->cols[i].header);
		free(t->cols[i].hxl);
	}
	free(t->cols);
	free_fields(t->pending, t->pending_count);
	free(t);
}

bool import_table_map(ImportTable *t, const char *header, ImportField f)
{
	bool found = false;
	for (size_t i = 0; i < t->col_count; i++)
		if (strcmp(t->cols[i].header, header) == 0) {
			t->cols[i].field = f;
			t->cols[i].how = COL_GIVEN;
			found = true;
		}
	if (found)
		return true;
	for (size_t i = 0; i < t->col_count; i++)
		if (t->cols[i].hxl[0] && strcmp(t->cols[i].hxl, header) == 0) {
			t->cols[i].field = f;
			t->cols[i].how = COL_GIVEN;
			found = true;
		}
	return found;
}

size_t import_table_columns(const ImportTable *t)
{
	return t->col_count;
}
const char *import_table_header(const ImportTable *t, size_t i)
{
	return t->cols[i].header;
}
const char *import_table_hxl(const ImportTable *t, size_t i)
{
	return t->cols[i].hxl;
}
ImportField import_table_field(const ImportTable *t, size_t i)
{
	return t->cols[i].field;
}
ColumnHow import_table_how(const ImportTable *t, size_t i)
{
	return t->cols[i].how;
}
bool import_table_has_hxl(const ImportTable *t)
{
	return t->has_hxl;
}

char *import_table_mapping_json(const ImportTable *t)
{
	json_t *m = json_object();
	for (size_t i = 0; i < t->col_count; i++)
		if (t->cols[i].how == COL_GIVEN || t->cols[i].how == COL_REMEMBERED)
			json_object_set_new(m, t->cols[i].header,
			                    json_string(import_field_name(t->cols[i].field)));
	char *out = json_object_size(m) ? json_dumps(m, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(m);
	return out;
}

/* values[f] = the first non-empty cell of a column mapped to f. */
static void fill_values(const ImportTable *t, const char *const *cells, size_t n,
                        const char *values[IF_FIELD_COUNT])
{
	for (int f = 0; f < IF_FIELD_COUNT; f++)
		values[f] = NULL;
	for (size_t i = 0; i < n && i < t->col_count; i++) {
		ImportField f = t->cols[i].field;
		if (f != IF_NONE && cells[i][0] && !values[f])
			values[f] = cells[i];
	}
}

int import_table_next(ImportTable *t, const char *values[IF_FIELD_COUNT], const char *const **raw,
                      size_t *raw_count)
{
	for (int f = 0; f < IF_FIELD_COUNT; f++)
		values[f] = NULL;
	t->error[0] = '\0';
	const char *const *cells;
	size_t n;
	if (t->pending && !t->pending_used) {
		t->pending_used = true;
		cells = (const char *const *)t->pending;
		n = t->pending_count;
		t->line = t->pending_line;
	} else {
		int rc = csv_next(t->csv, &cells);
		if (rc == 0)
			return 0;
		if (rc < 0) {
			snprintf(t->error, sizeof t->error, "%s", csv_error(t->csv));
			t->line = csv_line(t->csv);
			return -1;
		}
		n = (size_t)rc;
		t->line = csv_line(t->csv);
	}
	fill_values(t, cells, n, values);
	*raw = cells;
	*raw_count = n;
	return 1;
}

/* The row key of a row without its blanks, as a length and start. */
static const char *key_span(const char *key, size_t *len)
{
	*len = 0;
	if (!key)
		return NULL;
	while (*key == ' ' || *key == '\t')
		key++;
	size_t n = strlen(key);
	while (n && (key[n - 1] == ' ' || key[n - 1] == '\t'))
		n--;
	*len = n;
	return n ? key : NULL;
}

static bool same_key(const char *a, const char *b)
{
	size_t an, bn;
	a = key_span(a, &an);
	b = key_span(b, &bn);
	return a && b && an == bn && memcmp(a, b, an) == 0;
}

/* Appends a row to the group, taking its cells. */
static void group_add(ImportTable *t, char **cells, size_t n, size_t line)
{
	if (t->group_count == t->group_alloc) {
		t->group_alloc = t->group_alloc ? t->group_alloc * 2 : 16;
		t->group = xrealloc(t->group, t->group_alloc * sizeof *t->group);
		t->group_cells = xrealloc(t->group_cells, t->group_alloc * sizeof *t->group_cells);
	}
	t->group_cells[t->group_count] = cells;
	ImportRow *r = &t->group[t->group_count++];
	r->cells = (const char *const *)cells;
	r->cell_count = n;
	r->line = line;
}

int import_table_next_group(ImportTable *t, const ImportRow **rows, size_t *count)
{
	group_clear(t);
	*rows = NULL;
	*count = 0;
	if (t->ahead_broken) {
		t->ahead_broken = false;
		return -1;
	}
	const char *values[IF_FIELD_COUNT];
	const char *const *raw;
	size_t raw_count;
	if (t->ahead) {
		group_add(t, t->ahead, t->ahead_count, t->ahead_line);
		t->ahead = NULL;
		t->ahead_count = 0;
	} else {
		int rc = import_table_next(t, values, &raw, &raw_count);
		if (rc <= 0)
			return rc;
		group_add(t, copy_fields(raw, (int)raw_count), raw_count, t->line);
	}
	fill_values(t, t->group[0].cells, t->group[0].cell_count, t->group[0].values);
	const char *key = t->group[0].values[IF_ROW_KEY];
	while (key && t->group_count < IMPORT_GROUP_MAX) {
		int rc = import_table_next(t, values, &raw, &raw_count);
		if (rc == 0)
			break;
		if (rc < 0) {
			t->ahead_broken = true;
			break;
		}
		char **cells = copy_fields(raw, (int)raw_count);
		if (!same_key(key, values[IF_ROW_KEY])) {
			t->ahead = cells;
			t->ahead_count = raw_count;
			t->ahead_line = t->line;
			break;
		}
		group_add(t, cells, raw_count, t->line);
	}
	for (size_t i = 1; i < t->group_count; i++)
		fill_values(t, t->group[i].cells, t->group[i].cell_count, t->group[i].values);
	*rows = t->group;
	*count = t->group_count;
	return 1;
}

size_t import_table_line(const ImportTable *t)
{
	return t->line;
}
const char *import_table_error(const ImportTable *t)
{
	return t->error;
}

void import_csv_field(Buf *b, const char *s)
{
	if (!s)
		s = "";
	if (!strpbrk(s, ",;\"\r\n")) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}
