/*
 * cmd_export.c — `hamahang export`: the registry's records as a file in
 * the formats the field uses (CSV, CSV with HXL, XLSX, JSON, IATI XML).
 *
 * It reads as an actor — an anonymous visitor unless --as names an
 * account — through svc_export, so the file holds exactly what that
 * reader may see, and a coordinator's --reason is logged as on the pages.
 * Text goes to stdout or --out; a workbook needs --out. A file given with
 * --out is written beside its place and renamed at the end, so a failed
 * export never leaves half a file.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "svc/svc_export.h"

static const char USAGE[] =
	"usage: hamahang export --db FILE --format csv|hxl|xlsx|json|iati [--kind orgs|projects|all]\n"
	"                       [--as LOGIN [--reason TEXT]] [--out FILE] [filters]\n\n"
	"Writes the records a reader may see: by default an anonymous visitor\n"
	"(public records only); --as LOGIN reads as that account.\n\n"
	"  --format F       csv, hxl (CSV with an HXL hashtag row), xlsx, json, iati\n"
	"  --kind K         projects (default for csv, hxl, iati), orgs, or all\n"
	"                   (default for xlsx and json); csv and hxl hold one kind\n"
	"  --out FILE       write there instead of stdout (required for xlsx)\n"
	"  --as LOGIN       read as this account\n"
	"  --reason TEXT    why a coordinator or admin reads restricted records (logged)\n"
	"  --iati-ref REF   the reporting organization's IATI reference (default XI-HAMAHANG)\n"
	"  --db FILE        the database (default var/hamahang.db)\n\n"
	"Filters (as on the list pages): --province P --district D (names or P-codes)\n"
	"  --sector CODE --org ID --donor ID --year YYYY --status S --q WORDS\n"
	"  --org-kind CODE. --district, --donor, --year and --status select\n"
	"  projects only; --org-kind organizations only.\n"
	"Exit status: 0 written, 2 a usage error or a failure.\n";

/* Writes bytes to path through a temporary file renamed at the end. */
static int write_file(const char *path, const char *data, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	if (!tmp)
		abort();
	snprintf(tmp, plen + 16, "%s.part", path);
	FILE *f = fopen(tmp, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},     {"format", required_argument, NULL, 'f'},
		{"kind", required_argument, NULL, 'k'},   {"out", required_argument, NULL, 'o'},
		{"as", required_argument, NULL, 'a'},     {"reason", required_argument, NULL, 'r'},
		{"iati-ref", required_argument, NULL, 'i'},
		{"province", required_argument, NULL, 1}, {"district", required_argument, NULL, 2},
		{"sector", required_argument, NULL, 3},   {"org", required_argument, NULL, 4},
		{"donor", required_argument, NULL, 5},    {"year", required_argument, NULL, 6},
		{"status", required_argument, NULL, 7},   {"q", required_argument, NULL, 8},
		{"org-kind", required_argument, NULL, 9},
		{"help", no_argument, NULL, 'h'},         {0, 0, 0, 0},
	};
	static const char *const FILTERS[] = {NULL, "province", "district", "sector", "org",
					      "donor", "year", "status", "q", "org_kind"};
	const char *db = "var/hamahang.db", *format = NULL, *kind = NULL, *out_path = NULL;
	const char *login = NULL, *reason = NULL, *iati_ref = NULL;
	/* Filters in the order given (a district is read within the province). */
	const char *names[16], *values[16];
	size_t nfilters = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f': format = optarg; break;
		case 'k': kind = optarg; break;
		case 'o': out_path = optarg; break;
		case 'a': login = optarg; break;
		case 'r': reason = optarg; break;
		case 'i': iati_ref = optarg; break;
		case 'h': fputs(USAGE, stdout); return 0;
		default:
			if (c >= 1 && c <= 9 && nfilters < 16) {
				names[nfilters] = FILTERS[c];
				values[nfilters++] = optarg;
				break;
			}
			fputs(USAGE, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(USAGE, stderr);
		return 2;
	}
	if (!format)
		return cmd_fail("export", "--format is required: csv, hxl, xlsx, json or iati");

	char *err = NULL;
	App *app = app_open(db, 1, &err);
	if (!app) {
		int rc = cmd_fail("export", "%s", err);
		free(err);
		return rc;
	}
	int status = 2;
	Ctx ctx;
	ctx_begin(app, &ACTOR_SYSTEM, &ctx);
	Actor *reader = arena_zalloc(ctx.arena, sizeof *reader);
	*reader = ACTOR_ANONYMOUS;
	if (login) {
		SvcStatus st = svc_actor_of_login(&ctx, login, reader);
		if (st != SVC_OK) {
			cmd_fail("export", "--as %s: %s", login,
				 st == SVC_NOT_FOUND ? "no such account" : st == SVC_FORBIDDEN ? "the account is disabled" : svc_error(&ctx));
			goto done;
		}
	}
	ctx.actor = reader;
	ctx.reason = reason && *reason ? reason : NULL;

	Errors *errs = arena_zalloc(ctx.arena, sizeof *errs);
	ExportFilter f = {0};
	svc_export_filter_set(&ctx, &f, "format", format, errs);
	if (kind)
		svc_export_filter_set(&ctx, &f, "kind", kind, errs);
	for (size_t i = 0; i < nfilters; i++)
		svc_export_filter_set(&ctx, &f, names[i], values[i], errs);
	if (!errs->count)
		svc_export_filter_check(&f, errs);
	if (!errs->count && f.format == EXPORT_XLSX && !out_path)
		errors_add(errs, "out", "is required for xlsx: a workbook is not written to a terminal", NULL);
	ExportSet set;
	if (!errs->count) {
		SvcStatus st = svc_export_gather(&ctx, &f, &set, errs);
		if (st == SVC_OK && f.format == EXPORT_IATI && export_iati_count(&set) == 0)
			errors_add(errs, "", "selects no project with a date and an organization; an IATI file needs one", NULL);
		if (st != SVC_OK && st != SVC_INVALID) {
			cmd_fail("export", "reading the records failed: %s", svc_error(&ctx));
			goto done;
		}
	}
	if (errs->count) {
		for (size_t i = 0; i < errs->count; i++) {
			const FieldError *e = &errs->items[i];
			fprintf(stderr, "hamahang export: %s%s%s%s%s%s\n", e->field[0] ? "--" : "", e->field,
				e->field[0] ? " " : "", e->message, e->detail[0] ? ": " : "", e->detail);
		}
		goto done;
	}
	f.meta.iati_reporter_ref = iati_ref;
	if (f.format == EXPORT_XLSX) {
		char *tmp = arena_printf(ctx.arena, "%s.part", out_path);
		if (!export_xlsx(&set, ctx.ref, &f.meta, tmp, &err)) {
			cmd_fail("export", "%s: %s", out_path, err);
			free(err);
			unlink(tmp);
			goto done;
		}
		if (rename(tmp, out_path) != 0) {
			cmd_fail("export", "%s: cannot be written", out_path);
			unlink(tmp);
			goto done;
		}
		status = 0;
		goto done;
	}
	Buf out;
	buf_init(&out, 1u << 30);
	if (!export_text(&set, ctx.ref, f.format, &f.meta, ctx.arena, &out)) {
		cmd_fail("export", "the file would pass 1 GiB; add a filter");
		buf_free(&out);
		goto done;
	}
	if (out_path) {
		if (write_file(out_path, out.data ? out.data : "", out.used) != 0)
			cmd_fail("export", "%s: cannot be written", out_path);
		else
			status = 0;
	} else if (fwrite(out.data ? out.data : "", 1, out.used, stdout) == out.used && fflush(stdout) == 0) {
		status = 0;
	}
	buf_free(&out);
done:
	ctx_end(&ctx);
	app_close(app);
	return status;
}
