/*
 * svc_ref.c — loading the reference tables compiled into the binary
 * (the CSV files under data/, made by tools/make-reference.py) into a new database.
 *
 * One transaction, one audit entry: a database has all of its reference
 * data or none of it.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "fmt/csv.h"
#include "store/embedded.h"
#include "svc/svc.h"
#include "svc/svc_int.h"
#include "svc/svc_ref.h"

/* Column positions found by name in the header row. */
typedef struct Columns {
	int code, name_en, name_prs, name_pus, kind, dac, ocha, level, parent, region, alt, pcode;
} Columns;

static int find_col(const char *const *fields, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(fields[i], name) == 0)
			return i;
	return -1;
}

static const char *field_at(const char *const *fields, int n, int col)
{
	return col >= 0 && col < n ? fields[col] : "";
}

/* Loads one table. list is the vocab list name, or "region" / "place". */
static int load_table(Ctx *ctx, const char *path, const char *list, long long *rows, Buf *err)
{
	const EmbeddedFile *f = embedded_find(path);
	if (!f) {
		buf_printf(err, "%s is not compiled in", path);
		return -1;
	}
	CsvReader *r = csv_open(f->data, f->size, ',');
	const char *const *fields;
	int n = csv_next(r, &fields);
	if (n <= 0) {
		buf_printf(err, "%s: no header row", path);
		csv_close(r);
		return -1;
	}
	Columns c = {
		.code = find_col(fields, n, "code"),
		.name_en = find_col(fields, n, "name_en"),
		.name_prs = find_col(fields, n, "name_prs"),
		.name_pus = find_col(fields, n, "name_pus"),
		.kind = find_col(fields, n, "kind"),
		.dac = find_col(fields, n, "dac_codes"),
		.ocha = find_col(fields, n, "ocha_type_id"),
		.level = find_col(fields, n, "level"),
		.parent = find_col(fields, n, "parent_pcode"),
		.region = find_col(fields, n, "region_code"),
		.alt = find_col(fields, n, "alt_names"),
		.pcode = find_col(fields, n, "pcode"),
	};
	bool is_place = strcmp(list, "place") == 0;
	if ((is_place ? c.pcode : c.code) < 0 || c.name_en < 0) {
		buf_printf(err, "%s: the header lacks the code or name_en column", path);
		csv_close(r);
		return -1;
	}
	int rc = STORE_OK;
	while (rc == STORE_OK && (n = csv_next(r, &fields)) > 0) {
		if (is_place) {
			const char *level = field_at(fields, n, c.level);
			if (strlen(level) != 1 || level[0] < '0' || level[0] > '2') {
				buf_printf(err, "%s line %zu: bad level '%s'", path, csv_line(r), level);
				rc = STORE_ERROR;
				break;
			}
			rc = store_place_put(ctx->store, field_at(fields, n, c.pcode), level[0] - '0',
					     field_at(fields, n, c.parent), field_at(fields, n, c.region),
					     field_at(fields, n, c.name_en), field_at(fields, n, c.name_prs),
					     field_at(fields, n, c.name_pus), field_at(fields, n, c.alt));
		} else {
			Buf extra;
			buf_init(&extra, 4096);
			/* sectors keep "kind;dac|codes", organization kinds their OCHA type id */
			if (c.kind >= 0)
				buf_printf(&extra, "%s;%s", field_at(fields, n, c.kind),
					   field_at(fields, n, c.dac));
			else if (c.ocha >= 0)
				buf_puts(&extra, field_at(fields, n, c.ocha));
			Code code = {
				.code = (char *)field_at(fields, n, c.code),
				.name_en = (char *)field_at(fields, n, c.name_en),
				.name_prs = (char *)field_at(fields, n, c.name_prs),
				.name_pus = (char *)field_at(fields, n, c.name_pus),
				.extra = (char *)buf_str(&extra),
			};
			rc = strcmp(list, "region") == 0 ? store_region_put(ctx->store, &code)
							 : store_vocab_put(ctx->store, list, &code);
			buf_free(&extra);
		}
		if (rc == STORE_OK)
			(*rows)++;
		else if (!err->used)
			buf_printf(err, "%s line %zu: %s", path, csv_line(r), store_error(ctx->store));
	}
	if (n < 0) {
		buf_printf(err, "%s: %s", path, csv_error(r));
		rc = STORE_ERROR;
	}
	csv_close(r);
	return rc == STORE_OK ? 0 : -1;
}

SvcStatus svc_reference_load(Ctx *ctx, long long *rows, char **error)
{
	/* Regions before places (places refer to them); the country and
	 * provinces come before districts in places.csv. */
	static const struct {
		const char *path;
		const char *list;
	} tables[] = {
		{"data/regions.csv", "region"},
		{"data/places.csv", "place"},
		{"data/sectors.csv", "sector"},
		{"data/org_kinds.csv", "org_kind"},
		{"data/currencies.csv", "currency"},
		{"data/target_groups.csv", "target_group"},
		{"data/relation_kinds.csv", "relation_kind"},
	};
	*rows = 0;
	*error = NULL;
	Buf err;
	buf_init(&err, 1024);
	if (store_begin(ctx->store) != STORE_OK) {
		*error = arena_strdup(ctx->arena, store_error(ctx->store));
		buf_free(&err);
		return SVC_ERROR;
	}
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		if (load_table(ctx, tables[i].path, tables[i].list, rows, &err) != 0)
			goto fail;

	char after[64];
	snprintf(after, sizeof after, "{\"rows\":%lld}", *rows);
	if (svc_audit_append(ctx, "load", "reference", 0, NULL, after) != STORE_OK ||
	    store_commit(ctx->store) != STORE_OK)
		goto fail;
	buf_free(&err);
	return SVC_OK;
fail:
	if (!err.used)
		buf_puts(&err, store_error(ctx->store));
	*error = arena_strdup(ctx->arena, buf_str(&err));
	store_rollback(ctx->store);
	buf_free(&err);
	return SVC_ERROR;
}
