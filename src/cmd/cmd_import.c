/*
 * cmd_import.c — `hamahang import`: a 3W, an FTS export or any CSV sheet
 * into the registry, through the import service (src/svc/svc_import.c),
 * with a report of what became of every row.
 *
 * This file reads the file, shows the mapping and a progress bar, and
 * writes the report; it decides nothing about the rows.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/mem.h"
#include "fmt/iati.h"
#include "fmt/import_table.h"
#include "svc/svc.h"
#include "svc/svc_import.h"

static const char USAGE[] =
    "usage: hamahang import --db FILE INPUT [--as LOGIN] [--dry-run] [--report OUT.csv]\n"
    "                       [--format csv|iati] [--source NAME] [--map HEADER=FIELD]...\n"
    "                       [--kind projects|orgs] [--public] [--quiet]\n\n"
    "Imports the rows of INPUT into the registry as organizations and projects,\n"
    "through the same checks as the forms, and says what became of every row:\n"
    "accepted, accepted with warnings (what was guessed), unchanged (imported\n"
    "before), or rejected with every reason. A rejected row changes nothing;\n"
    "running the same file again adds nothing twice.\n\n"
    "  --db FILE         the database\n"
    "  --as LOGIN        import as this account, with its permissions (default:\n"
    "                    the system)\n"
    "  --dry-run         do everything, then undo it: the report without the writes\n"
    "  --report OUT.csv  every row with its outcome, messages and original values\n"
    "  --format FORMAT   csv or iati (IATI 2.03 activity XML); detected when not given\n"
    "  --source NAME     the name the source is remembered by (default: INPUT's\n"
    "                    file name); rows are keyed and mappings remembered per source\n"
    "  --map H=FIELD     read the column with header (or HXL tag) H as FIELD;\n"
    "                    remembered for the source. FIELD 'none' skips a column\n"
    "  --kind KIND       projects (and presences) or orgs (one row per organization,\n"
    "                    as `hamahang export --kind orgs` writes them); detected\n"
    "                    from the columns when not given\n"
    "  --public          make new records public (the default is members only)\n"
    "  --quiet           no mapping, no progress bar: the summary only\n\n"
    "Columns are read by their HXL hashtags (#org+name, #org+acronym, #adm1+code,\n"
    "#adm2+name, #sector+cluster+code, #reached+f, ...) or by their headers.\n"
    "Fields: row.key org.name org.acronym org.kind donor.name donor.acronym\n"
    "donor.kind project.title project.title_prs project.title_pus\n"
    "project.description project.status project.start project.end project.budget\n"
    "project.budget_usd project.currency adm1.code adm1.name adm2.code adm2.name\n"
    "sector.code sector.name reached reached.female reached.male note org.ids\n"
    "donor.ids place.villages visibility source; for organizations also\n"
    "org.name_prs org.name_pus org.aliases org.reg_number org.reg_authority\n"
    "org.reg_date org.tin org.website org.offices (with org.ids, adm1.code as the\n"
    "head office's province, sector.code, project.status as the organization's).\n\n"
    "A table of organizations is keyed by its id column (#org+code), else the\n"
    "registration number, else the name; a row names the organization with that\n"
    "id in this database when the names agree, else the one with its registration\n"
    "number or name, and updates it with the cells it gives, or adds a new one.\n\n"
    "Rows with the same row key that come together (an HXL export from\n"
    "`hamahang export` has one row per place and sector of a project) make one\n"
    "project with all their places, sectors and organizations; the file's\n"
    "visibility and source columns are kept. Such an export imported into another\n"
    "database gives the same records.\n\n"
    "IATI 2.03 activity XML is read one activity at a time and checked against the\n"
    "IATI schema: each problem is a warning naming the element and its line.\n\n"
    "Exit status: 0 every row imported; 1 some rows rejected (or an IATI file that\n"
    "breaks the schema outside its activities); 2 usage error or failure.\n";

#define INPUT_MAX_BYTES (4ull << 30)
#define MAPS_MAX        64

static char *read_file(const char *path, size_t *len, char **err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*err = xstrdup(strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		*err = xstrdup("not a regular file");
		return NULL;
	}
	if ((unsigned long long)sb.st_size > INPUT_MAX_BYTES) {
		fclose(f);
		*err = xstrdup("larger than 4 GiB");
		return NULL;
	}
	size_t size = (size_t)sb.st_size;
	char *data = xmalloc(size + 1);
	size_t got = fread(data, 1, size, f);
	fclose(f);
	if (got != size) {
		free(data);
		*err = xstrdup("could not be read whole");
		return NULL;
	}
	data[size] = '\0';
	*len = size;
	return data;
}

static bool looks_like_xml(const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
	    (unsigned char)data[2] == 0xBF)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
		i++;
	return i < len && data[i] == '<';
}

static size_t count_lines(const char *data, size_t len)
{
	size_t n = 0;
	for (const char *p = data; (p = memchr(p, '\n', len - (size_t)(p - data))); p++)
		n++;
	return n ? n : 1;
}

/* The progress bar, drawn on stderr at most every half percent. */
typedef struct Progress {
	bool on;
	size_t total;
	int shown; /* half-percents shown */
} Progress;

static void progress_show(Progress *pr, size_t line, bool last)
{
	if (!pr->on)
		return;
	int half = pr->total ? (int)((double)line * 200.0 / (double)pr->total) : 200;
	if (half > 200)
		half = 200;
	if (!last && half == pr->shown)
		return;
	pr->shown = half;
	char bar[41];
	int filled = half * 40 / 200;
	for (int i = 0; i < 40; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[40] = '\0';
	fprintf(stderr, "\r[%s] %3d%%  line %zu of %zu", bar, half / 2, line, pr->total);
	if (last)
		fputc('\n', stderr);
	fflush(stderr);
}

static const char *outcome_name(RowOutcome o)
{
	switch (o) {
	case ROW_ACCEPTED: return "accepted";
	case ROW_WARNED: return "warnings";
	case ROW_UNCHANGED: return "unchanged";
	case ROW_REJECTED: return "rejected";
	}
	return "?";
}

static void messages(Buf *b, const Errors *e, const char *kind)
{
	for (size_t i = 0; i < e->count; i++) {
		if (b->used)
			buf_puts(b, "; ");
		buf_printf(b, "%s: %s%s%s%s", kind, e->items[i].field,
		           e->items[i].field[0] ? " " : "", e->items[i].message,
		           e->items[i].detail[0] ? ": " : "");
		buf_puts(b, e->items[i].detail);
	}
	if (e->dropped) {
		if (b->used)
			buf_puts(b, "; ");
		buf_printf(b, "%s: %zu more", kind, e->dropped);
	}
}

static const char *how_name(ColumnHow h)
{
	switch (h) {
	case COL_UNMAPPED: return "not imported";
	case COL_HEADER: return "by its header";
	case COL_HXL: return "by its HXL tag";
	case COL_REMEMBERED: return "remembered for this source";
	case COL_GIVEN: return "given with --map";
	}
	return "";
}

static void print_counts(const ImportCounts *c, bool dry_run, bool broken, bool orgs)
{
	printf("%s%lld rows: %lld accepted, %lld with warnings, %lld unchanged, %lld rejected\n",
	       dry_run  ? "dry run, nothing written: "
	       : broken ? "stopped at a broken record (the rows before it are imported): "
	                : "",
	       c->rows, c->accepted, c->warned, c->unchanged, c->rejected);
	if (orgs) {
		printf("organizations: %lld new, %lld updated\n", c->orgs_created, c->orgs_updated);
		return;
	}
	printf("organizations: %lld new, %lld rows matched to the registry\n", c->orgs_created,
	       c->orgs_matched);
	printf("projects: %lld new, %lld updated\n", c->projects_created, c->projects_updated);
	printf("places: %lld provinces, %lld districts resolved\n", c->provinces, c->districts);
}

static void report_line(FILE *report, size_t line, const ImportRowResult *res, const char *id,
                        const char *title)
{
	Buf b, msg;
	buf_init(&b, 1 << 22);
	buf_init(&msg, 1 << 20);
	buf_printf(&b, "%zu,%s,", line, outcome_name(res->outcome));
	if (res->project_id)
		buf_printf(&b, "%lld", (long long)res->project_id);
	buf_putc(&b, ',');
	messages(&msg, &res->errs, "error");
	messages(&msg, &res->warns, "warning");
	if (res->outcome == ROW_UNCHANGED)
		buf_puts(&msg, "imported before (by this run or an earlier one): nothing to do");
	import_csv_field(&b, buf_str(&msg));
	buf_putc(&b, ',');
	import_csv_field(&b, id);
	buf_putc(&b, ',');
	import_csv_field(&b, title);
	buf_puts(&b, "\r\n");
	fputs(buf_str(&b), report);
	buf_free(&b);
	buf_free(&msg);
}

/* IATI activity XML: one activity at a time, each a row of the report.
 * Ends the import (im). */
static int import_iati(Ctx *ctx, Importer *im, const char *input, const char *data, size_t len,
                       const char *report_path, bool quiet, bool dry_run)
{
	FILE *report = NULL;
	if (report_path) {
		report = fopen(report_path, "w");
		if (!report) {
			svc_import_end(im, false);
			return cmd_fail("import", "%s: %s", report_path, strerror(errno));
		}
		fputs("line,outcome,project_id,messages,iati-identifier,title\r\n", report);
	}
	IatiReader *r = iati_open(data, len, input);
	Progress pr = {
	    .on = !quiet && isatty(STDERR_FILENO), .total = count_lines(data, len), .shown = -1};
	int rc;
	bool broken = false, failed = false;
	ImportActivity act;
	ImportRowResult res;
	Errors errs, warns;
	for (;;) {
		Arena *a = arena_new();
		errors_clear(&errs);
		errors_clear(&warns);
		rc = iati_next(r, a, &act, &errs, &warns);
		if (rc <= 0) {
			arena_free(a);
			break;
		}
		if (svc_import_activity(im, &act, &errs, &warns, &res) != SVC_OK) {
			cmd_fail("import", "line %zu: %s", act.line, svc_error(ctx));
			arena_free(a);
			failed = true;
			break;
		}
		progress_show(&pr, act.line, false);
		if (report)
			report_line(report, act.line, &res, act.identifier,
			            act.title_en ? act.title_en : act.title_prs);
		arena_free(a);
	}
	if (rc < 0) {
		cmd_fail("import", "%s: %s", input, iati_error(r));
		broken = true;
	}
	/* problems outside any activity still name their element */
	errors_clear(&warns);
	iati_trailing(r, &warns);
	for (size_t i = 0; i < warns.count; i++)
		fprintf(stderr, "hamahang import: %s: %s %s: %s\n", input, warns.items[i].field,
		        warns.items[i].message, warns.items[i].detail);
	iati_close(r);
	progress_show(&pr, pr.total, true);
	ImportCounts counts = *svc_import_counts(im);
	SvcStatus st = svc_import_end(im, !failed);
	int status = 0;
	if (report && fclose(report) != 0)
		status = cmd_fail("import", "%s: %s", report_path, strerror(errno));
	if (failed || status)
		return 2;
	if (st != SVC_OK)
		return cmd_fail("import", "the import could not be saved: %s", svc_error(ctx));
	print_counts(&counts, dry_run, broken, false);
	if (warns.count)
		printf(
		    "the file breaks the IATI 2.03 schema outside its activities: %zu problems\n",
		    warns.count);
	return broken ? 2 : counts.rejected || warns.count ? 1 : 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"as", required_argument, NULL, 'a'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"report", required_argument, NULL, 'r'},
	    {"format", required_argument, NULL, 'f'},
	    {"source", required_argument, NULL, 's'},
	    {"map", required_argument, NULL, 'm'},
	    {"public", no_argument, NULL, 'p'},
	    {"kind", required_argument, NULL, 'k'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {0, 0, 0, 0},
	};
	const char *db = NULL, *as = NULL, *report_path = NULL, *format = NULL, *source = NULL;
	const char *kind = NULL;
	const char *maps[MAPS_MAX];
	size_t map_count = 0;
	bool dry_run = false, public = false, quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': as = optarg; break;
		case 'n': dry_run = true; break;
		case 'r': report_path = optarg; break;
		case 'f': format = optarg; break;
		case 's': source = optarg; break;
		case 'm':
			if (map_count == MAPS_MAX)
				return cmd_fail("import", "at most %d --map options", MAPS_MAX);
			maps[map_count++] = optarg;
			break;
		case 'p':
			public
			= true;
			break;
		case 'q': quiet = true; break;
		case 'k': kind = optarg; break;
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (!db || optind != argc - 1) {
		fputs(USAGE, stderr);
		return 2;
	}
	const char *input = argv[optind];
	if (kind && strcmp(kind, "projects") != 0 && strcmp(kind, "orgs") != 0)
		return cmd_fail("import", "--kind must be projects or orgs, not '%s'", kind);
	if (format && strcmp(format, "csv") != 0 && strcmp(format, "iati") != 0)
		return cmd_fail("import", "--format must be csv or iati, not '%s'", format);
	if (!source) {
		const char *slash = strrchr(input, '/');
		source = slash ? slash + 1 : input;
	}

	int status = 2;
	char *err = NULL;
	size_t len = 0;
	char *data = read_file(input, &len, &err);
	if (!data) {
		status = cmd_fail("import", "%s: %s", input, err);
		free(err);
		return status;
	}
	if (!format)
		format = looks_like_xml(data, len) ? "iati" : "csv";
	bool iati = strcmp(format, "iati") == 0;
	if (iati && map_count) {
		free(data);
		return cmd_fail("import",
		                "--map is for CSV sheets; IATI elements are read as they are");
	}

	App *app = app_open(db, 1, &err);
	if (!app) {
		status = cmd_fail("import", "%s", err);
		free(err);
		free(data);
		return status;
	}
	Ctx ctx;
	ctx_begin(app, &ACTOR_SYSTEM, &ctx);
	Actor actor;
	Importer *im = NULL;
	ImportTable *t = NULL;
	FILE *report = NULL;
	char *mapping = NULL;
	if (as) {
		SvcStatus st = svc_import_actor(&ctx, as, &actor);
		if (st != SVC_OK) {
			cmd_fail("import",
			         st == SVC_NOT_FOUND ? "no enabled account '%s'"
			                             : "cannot read the account '%s'",
			         as);
			goto done;
		}
		ctx.actor = &actor;
	}
	SvcStatus st = svc_import_begin(&ctx, source, dry_run, &im);
	if (st != SVC_OK) {
		cmd_fail("import", "%s",
		         st == SVC_FORBIDDEN ? "this account may not import"
		         : st == SVC_INVALID ? "the source name must be 1 to 200 characters of text"
		                             : svc_error(&ctx));
		goto done;
	}
	if (public)
		svc_import_set_visibility(im, VIS_PUBLIC);
	if (iati) {
		status = import_iati(&ctx, im, input, data, len, report_path, quiet, dry_run);
		im = NULL;
		goto done;
	}
	t = import_table_open(data, len, svc_import_mapping(im), &err);
	if (!t) {
		cmd_fail("import", "%s: %s", input, err);
		goto done;
	}
	for (size_t i = 0; i < map_count; i++) {
		const char *eq = strrchr(maps[i], '=');
		ImportField f;
		if (!eq || eq == maps[i]) {
			cmd_fail("import", "--map '%s': write HEADER=FIELD", maps[i]);
			goto done;
		}
		char *header = xstrndup(maps[i], (size_t)(eq - maps[i]));
		bool ok = import_field_parse(eq + 1, &f);
		bool found = ok && import_table_map(t, header, f);
		if (!ok)
			cmd_fail("import", "--map '%s': '%s' is not a field (see --help)", maps[i],
			         eq + 1);
		else if (!found)
			cmd_fail("import", "--map '%s': no column has the header '%s'", maps[i],
			         header);
		free(header);
		if (!found)
			goto done;
	}
	bool present[IF_FIELD_COUNT] = {false};
	for (size_t i = 0; i < import_table_columns(t); i++)
		present[import_table_field(t, i)] = true;
	bool orgs = kind ? strcmp(kind, "orgs") == 0 : import_fields_are_orgs(present);
	mapping = import_table_mapping_json(t);
	if (map_count && svc_import_remember_mapping(im, mapping) != SVC_OK) {
		cmd_fail("import", "%s", svc_error(&ctx));
		goto done;
	}
	if (!quiet) {
		fprintf(stderr, "columns of %s%s, read as %s:\n", input,
		        import_table_has_hxl(t) ? " (with an HXL row)" : "",
		        orgs ? "organizations" : "projects");
		for (size_t i = 0; i < import_table_columns(t); i++) {
			ImportField f = import_table_field(t, i);
			fprintf(stderr, "  %-28s %-22s %s\n", import_table_header(t, i),
			        f == IF_NONE ? "-" : import_field_name(f),
			        how_name(import_table_how(t, i)));
		}
	}
	if (report_path) {
		report = fopen(report_path, "w");
		if (!report) {
			cmd_fail("import", "%s: %s", report_path, strerror(errno));
			goto done;
		}
		Buf head;
		buf_init(&head, 1 << 20);
		buf_puts(&head, orgs ? "line,outcome,org_id,messages" : "line,outcome,project_id,messages");
		for (size_t i = 0; i < import_table_columns(t); i++) {
			buf_putc(&head, ',');
			import_csv_field(&head, import_table_header(t, i));
		}
		buf_puts(&head, "\r\n");
		fputs(buf_str(&head), report);
		buf_free(&head);
	}

	Progress pr = {
	    .on = !quiet && isatty(STDERR_FILENO), .total = count_lines(data, len), .shown = -1};
	const ImportRow *rows;
	size_t row_count;
	int rc;
	bool broken = false;
	Buf line;
	buf_init(&line, 1u << 30);
	/* the rows of one project come together (a CSV export writes one row
	 * per place and sector): they are imported together */
	while ((rc = import_table_next_group(t, &rows, &row_count)) != 0) {
		if (rc < 0) {
			cmd_fail("import", "%s: %s", input, import_table_error(t));
			broken = true;
			break;
		}
		const char *const **values = xcalloc(row_count, sizeof *values);
		ImportRowResult *res = xcalloc(row_count, sizeof *res);
		for (size_t r = 0; r < row_count; r++)
			values[r] = rows[r].values;
		SvcStatus row_st = SVC_OK;
		if (orgs)
			for (size_t r = 0; r < row_count && row_st == SVC_OK; r++)
				row_st = svc_import_org_row(im, values[r], &res[r]);
		else
			row_st = svc_import_rows(im, values, row_count, res);
		free(values);
		if (row_st != SVC_OK) {
			cmd_fail("import", "line %zu: %s", rows[0].line, svc_error(&ctx));
			free(res);
			buf_free(&line);
			goto done;
		}
		progress_show(&pr, rows[row_count - 1].line, false);
		for (size_t r = 0; report && r < row_count; r++) {
			buf_reset(&line);
			buf_printf(&line, "%zu,%s,", rows[r].line, outcome_name(res[r].outcome));
			int64_t id = orgs ? res[r].org_id : res[r].project_id;
			if (id)
				buf_printf(&line, "%lld", (long long)id);
			buf_putc(&line, ',');
			Buf msg;
			buf_init(&msg, 1 << 20);
			messages(&msg, &res[r].errs, "error");
			messages(&msg, &res[r].warns, "warning");
			if (res[r].outcome == ROW_UNCHANGED)
				buf_puts(&msg, "imported before (by this run or an earlier one): "
				               "nothing to do");
			import_csv_field(&line, buf_str(&msg));
			buf_free(&msg);
			for (size_t i = 0; i < rows[r].cell_count; i++) {
				buf_putc(&line, ',');
				import_csv_field(&line, rows[r].cells[i]);
			}
			buf_puts(&line, "\r\n");
			fputs(buf_str(&line), report);
		}
		free(res);
	}
	ImportRowResult late;
	if (orgs && svc_import_orgs_finish(im, &late) != SVC_OK) {
		cmd_fail("import", "%s", svc_error(&ctx));
		buf_free(&line);
		goto done;
	}
	if (orgs && late.outcome == ROW_WARNED) {
		/* references left empty at the end of the run: a line of their own,
		 * without a line number, in the report and on the terminal */
		Buf msg;
		buf_init(&msg, 1 << 20);
		messages(&msg, &late.warns, "warning");
		if (report) {
			buf_reset(&line);
			buf_printf(&line, ",%s,%lld,", outcome_name(late.outcome), (long long)late.org_id);
			import_csv_field(&line, buf_str(&msg));
			buf_puts(&line, "\r\n");
			fputs(buf_str(&line), report);
		}
		fprintf(stderr, "import: after the last row: %s\n", buf_str(&msg));
		buf_free(&msg);
	}
	buf_free(&line);
	progress_show(&pr, pr.total, true);
	const ImportCounts *n = svc_import_counts(im);
	ImportCounts counts = *n;
	st = svc_import_end(im, true);
	im = NULL;
	if (st != SVC_OK) {
		cmd_fail("import", "the import could not be saved: %s", svc_error(&ctx));
		goto done;
	}
	if (report && fclose(report) != 0) {
		report = NULL;
		cmd_fail("import", "%s: %s", report_path, strerror(errno));
		goto done;
	}
	report = NULL;
	print_counts(&counts, dry_run, broken, orgs);
	status = broken ? 2 : counts.rejected ? 1 : 0;
done:
	if (im)
		svc_import_end(im, false);
	if (report)
		fclose(report);
	import_table_close(t);
	free(mapping);
	free(err);
	ctx_end(&ctx);
	app_close(app);
	free(data);
	return status;
}
