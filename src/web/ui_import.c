/*
 * ui_import.c — the import pages: GET /import (the upload form), POST
 * /import/upload (the file arrives; a dry run is shown), POST
 * /import/preview (the dry run again with a changed mapping), POST /import
 * (the real import) and GET /import/{upload}/report.csv (the full report
 * of the last run).
 *
 * Every run goes through the import service (svc_import_*) as the
 * signed-in user, exactly as `hamahang import --as LOGIN` does: validation,
 * permissions and the audit trail are the service's. A preview is a dry
 * run: the service does everything and undoes it. This file reads the
 * file, shows the mapping and the per-row report, and keeps the upload
 * between the preview and the import; it decides nothing about the rows.
 *
 * Where the upload waits. The file is kept on the server, in a directory
 * beside the database ("hamahang.db-uploads", as SQLite keeps "-wal"
 * beside it), under a random name that carries the owner's account id:
 * "<user>-<32 hex>.data", with the last run's report as "....csv". Asking
 * the user to upload the file again for the import would be simpler but
 * breaks on a slow connection (a 20 MB 3W sent twice) and lets the
 * imported file differ from the previewed one; keeping it server-side
 * means the import runs on the very bytes that were previewed. The store
 * is bounded and cleaned: only the owner's account can name its files
 * (the id is checked to be 32 hex digits, so no path can be smuggled in),
 * a file is removed after its import, files older than an hour are removed
 * at every upload, and one account keeps at most UPLOADS_PER_USER of them.
 */
#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"
#include "fmt/iati.h"
#include "fmt/import_table.h"
#include "svc/svc_import.h"
#include "web/api.h"
#include "web/pages.h"

#define UPLOAD_KEEP_SECONDS 3600 /* an upload not imported within an hour is removed */
#define UPLOADS_PER_USER    4    /* uploads one account keeps at most */
#define UPLOAD_ID_LEN       32   /* hex digits of an upload's random id */
#define REPORT_ROWS_SHOWN   200  /* rows of the report on the page; the CSV has all */
#define SOURCE_MAX          200  /* characters of a source name */

/* The fields a column may be mapped to, with their labels (message ids). */
static const struct {
	ImportField field;
	const char *label;
} FIELD_LABELS[] = {
    {IF_NONE, N_("not imported")},
    {IF_ROW_KEY, N_("row id in its source")},
    {IF_ORG_NAME, N_("implementing organization: name")},
    {IF_ORG_ACRONYM, N_("implementing organization: acronym")},
    {IF_ORG_KIND, N_("implementing organization: kind")},
    {IF_DONOR_NAME, N_("funding organization: name")},
    {IF_DONOR_ACRONYM, N_("funding organization: acronym")},
    {IF_DONOR_KIND, N_("funding organization: kind")},
    {IF_TITLE, N_("project title (English)")},
    {IF_TITLE_PRS, N_("project title (Dari)")},
    {IF_TITLE_PUS, N_("project title (Pashto)")},
    {IF_DESCRIPTION, N_("project description")},
    {IF_STATUS, N_("project status")},
    {IF_START, N_("start date")},
    {IF_END, N_("end date")},
    {IF_BUDGET, N_("budget")},
    {IF_BUDGET_USD, N_("budget in US dollars")},
    {IF_CURRENCY, N_("currency")},
    {IF_ADM1_CODE, N_("province P-code")},
    {IF_ADM1_NAME, N_("province name")},
    {IF_ADM2_CODE, N_("district P-code")},
    {IF_ADM2_NAME, N_("district name")},
    {IF_SECTOR_CODE, N_("sector code")},
    {IF_SECTOR_NAME, N_("sector name")},
    {IF_REACHED, N_("people reached")},
    {IF_REACHED_FEMALE, N_("people reached, female")},
    {IF_REACHED_MALE, N_("people reached, male")},
    {IF_NOTE, N_("note")},
    {IF_ORG_IDS, N_("implementing organizations: ids in the source file")},
    {IF_DONOR_IDS, N_("funding organizations: ids in the source file")},
    {IF_VILLAGES, N_("villages at the row's place")},
    {IF_VISIBILITY, N_("visibility (public, members or restricted)")},
    {IF_SOURCE, N_("source of the record")},
    {IF_ORG_NAME_PRS, N_("organization: name in Dari")},
    {IF_ORG_NAME_PUS, N_("organization: name in Pashto")},
    {IF_ORG_ALIASES, N_("organization: other names")},
    {IF_ORG_REG_NUMBER, N_("organization: registration number")},
    {IF_ORG_REG_AUTHORITY, N_("organization: registered by")},
    {IF_ORG_REG_DATE, N_("organization: registration date")},
    {IF_ORG_TIN, N_("organization: tax identification number")},
    {IF_ORG_WEBSITE, N_("organization: website")},
    {IF_ORG_OFFICES, N_("organization: offices' P-codes")},
    {IF_DESCRIPTION_PRS, N_("project description (Dari)")},
    {IF_DESCRIPTION_PUS, N_("project description (Pashto)")},
    {IF_RESULT_INDICATOR, N_("result: indicator")},
    {IF_RESULT_VALUE, N_("result: figure")},
    {IF_RESULT_QUALIFIER, N_("result: more than or about")},
    {IF_RESULT_UNIT, N_("result: unit")},
    {IF_RESULT_FEMALE, N_("result: female")},
    {IF_RESULT_MALE, N_("result: male")},
    {IF_RESULT_GIRLS, N_("result: girls")},
    {IF_RESULT_BOYS, N_("result: boys")},
    {IF_RESULT_START, N_("result: period start")},
    {IF_RESULT_END, N_("result: period end")},
    {IF_RESULT_SOURCE, N_("result: source")},
    {IF_RESULT_NOTE, N_("result: note")},
    {IF_ORG_DESCRIPTION, N_("organization: description")},
    {IF_ORG_STAFF_TOTAL, N_("organization: staff")},
    {IF_ORG_STAFF_FEMALE, N_("organization: female staff")},
    {IF_ORG_WOMEN_LED, N_("organization: women-led (yes or no)")},
    {IF_ORG_PARENT_ID, N_("organization: part of (id in the source file)")},
    {IF_ORG_PARENT_NAME, N_("organization: part of (name)")},
};
#define FIELD_LABEL_COUNT (sizeof FIELD_LABELS / sizeof *FIELD_LABELS)

/* ---- the upload store ---- */

/* The directory of uploads, beside the database; in the arena. */
static const char *uploads_dir(Req *req)
{
	const App *app = req->app;
	return arena_printf(req->arena, "%s-uploads", app->db_path);
}

static int64_t user_id(const Req *req)
{
	const Actor *a = req->user;
	return a ? a->user_id : 0;
}

/* True when id is UPLOAD_ID_LEN lowercase hex digits. */
static bool upload_id_valid(const char *id)
{
	if (!id || strlen(id) != UPLOAD_ID_LEN)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* The path of the signed-in user's upload id with suffix ("data", "csv"). */
static const char *upload_path(Req *req, const char *id, const char *suffix)
{
	return arena_printf(req->arena, "%s/%lld-%s.%s", uploads_dir(req), (long long)user_id(req),
	                    id, suffix);
}

/* Removes uploads past their time, and the oldest of this user's beyond
 * UPLOADS_PER_USER - 1 (room for the one about to be kept). */
static void uploads_clean(Req *req)
{
	const char *dir = uploads_dir(req);
	DIR *d = opendir(dir);
	if (!d)
		return;
	const char *mine = arena_printf(req->arena, "%lld-", (long long)user_id(req));
	struct {
		char name[128];
		time_t mtime;
	} kept[UPLOADS_PER_USER * 2 + 2];
	size_t kept_count = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len >= sizeof kept[0].name)
			continue;
		const char *path = arena_printf(req->arena, "%s/%s", dir, e->d_name);
		struct stat sb;
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (sb.st_mtime + UPLOAD_KEEP_SECONDS < req->now) {
			unlink(path);
			continue;
		}
		if (strncmp(e->d_name, mine, strlen(mine)) != 0 || len < 5 ||
		    strcmp(e->d_name + len - 5, ".data") != 0)
			continue;
		/* keep the newest in kept[]; drop the oldest when it is full */
		if (kept_count == sizeof kept / sizeof *kept) {
			size_t oldest = 0;
			for (size_t i = 1; i < kept_count; i++)
				if (kept[i].mtime < kept[oldest].mtime)
					oldest = i;
			kept[oldest] = kept[--kept_count];
		}
		memcpy(kept[kept_count].name, e->d_name, len + 1); /* len < sizeof name, checked above */
		kept[kept_count++].mtime = sb.st_mtime;
	}
	closedir(d);
	while (kept_count >= UPLOADS_PER_USER) {
		size_t oldest = 0;
		for (size_t i = 1; i < kept_count; i++)
			if (kept[i].mtime < kept[oldest].mtime)
				oldest = i;
		const char *name = kept[oldest].name;
		unlink(arena_printf(req->arena, "%s/%s", dir, name));
		unlink(arena_printf(req->arena, "%s/%.*s.csv", dir, (int)(strlen(name) - 5), name));
		kept[oldest] = kept[--kept_count];
	}
}

/* Keeps data[0..len) as a new upload of the signed-in user; its id (in the
 * arena) or NULL when it cannot be written. */
static const char *upload_keep(Req *req, const char *data, size_t len)
{
	const char *dir = uploads_dir(req);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "hamahang: %s: %s\n", dir, strerror(errno));
		return NULL;
	}
	uploads_clean(req);
	unsigned char random[UPLOAD_ID_LEN / 2];
	randombytes_buf(random, sizeof random);
	char *id = arena_alloc(req->arena, UPLOAD_ID_LEN + 1);
	sodium_bin2hex(id, UPLOAD_ID_LEN + 1, random, sizeof random);
	const char *path = upload_path(req, id, "data");
	FILE *f = fopen(path, "wbx");
	if (!f) {
		fprintf(stderr, "hamahang: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	bool ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok) {
		unlink(path);
		return NULL;
	}
	return id;
}

/* Reads a whole file (NUL-terminated, the caller frees); NULL when it is
 * missing or cannot be read. */
static char *file_read(FILE *f, size_t max, size_t *len)
{
	Buf b;
	buf_init(&b, max);
	char chunk[65536];
	size_t n;
	bool ok = true;
	while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		ok = buf_append(&b, chunk, n);
	if (!ok || ferror(f)) {
		buf_free(&b);
		return NULL;
	}
	*len = b.used;
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

/* ---- what one run gives ---- */

/* One row of the report shown on the page. */
typedef struct ShownRow {
	size_t line;          /* in the file, 1-based */
	RowOutcome outcome;
	const char *messages; /* every reason and warning, in the reader's language */
	const char **cells;   /* the row's cells as they were */
	size_t cell_count;
} ShownRow;

typedef struct Run {
	bool iati;                 /* an IATI file (no mapping) */
	bool orgs;                 /* a table of organizations, one row each */
	ImportTable *table;        /* a CSV's table, or NULL */
	ImportCounts counts;       /* as the service counted */
	ShownRow rows[REPORT_ROWS_SHOWN];
	size_t row_count;          /* entries in rows[] */
	const char *broken;        /* why the file could not be read to its end, or NULL */
	bool wrote_report;         /* the report CSV was written */
} Run;

static const char *outcome_name(RowOutcome o)
{
	switch (o) {
	case ROW_ACCEPTED: return "accepted";
	case ROW_WARNED: return "warnings";
	case ROW_UNCHANGED: return "unchanged";
	case ROW_REJECTED: return "rejected";
	}
	return "";
}

static const char *outcome_label(RowOutcome o)
{
	switch (o) {
	case ROW_ACCEPTED: return N_("Accepted");
	case ROW_WARNED: return N_("Accepted with warnings");
	case ROW_UNCHANGED: return N_("Unchanged (imported before)");
	case ROW_REJECTED: return N_("Rejected");
	}
	return "";
}

/* The problems of a row as one text: "field message: detail; ...". With
 * req, the messages are translated; without, they stay English (the CSV). */
static void row_messages(Req *req, Buf *b, const Errors *e)
{
	for (size_t i = 0; i < e->count; i++) {
		const FieldError *fe = &e->items[i];
		if (b->used)
			buf_puts(b, "; ");
		if (fe->field[0])
			buf_printf(b, "%s ", fe->field);
		buf_puts(b, req ? T(req, fe->message) : fe->message);
		if (fe->detail[0])
			buf_printf(b, ": %s", fe->detail);
	}
	if (e->dropped)
		buf_printf(b, "%s(+%zu)", b->used ? "; " : "", e->dropped);
}

/* Notes one imported row: into the page (the first REPORT_ROWS_SHOWN) and
 * the report file (every row). */
static void run_note(Req *req, Run *run, FILE *report, size_t line, const ImportRowResult *res,
                     const char *const *cells, size_t cell_count)
{
	if (report) {
		Buf b, msg;
		buf_init(&b, 0);
		buf_init(&msg, 0);
		if (line)
			buf_printf(&b, "%zu", line);
		buf_printf(&b, ",%s,", outcome_name(res->outcome));
		if (res->project_id || res->org_id)
			buf_printf(&b, "%lld", (long long)(res->project_id ? res->project_id : res->org_id));
		buf_putc(&b, ',');
		row_messages(NULL, &msg, &res->errs);
		row_messages(NULL, &msg, &res->warns);
		import_csv_field(&b, buf_str(&msg));
		for (size_t i = 0; i < cell_count; i++) {
			buf_putc(&b, ',');
			import_csv_field(&b, cells[i] ? cells[i] : "");
		}
		buf_puts(&b, "\r\n");
		fputs(buf_str(&b), report);
		buf_free(&b);
		buf_free(&msg);
	}
	if (run->row_count == REPORT_ROWS_SHOWN)
		return;
	ShownRow *r = &run->rows[run->row_count++];
	r->line = line;
	r->outcome = res->outcome;
	Buf msg;
	buf_init(&msg, 0);
	row_messages(req, &msg, &res->errs);
	row_messages(req, &msg, &res->warns);
	r->messages = arena_strdup(req->arena, buf_str(&msg));
	buf_free(&msg);
	r->cells = arena_alloc(req->arena, (cell_count ? cell_count : 1) * sizeof *r->cells);
	for (size_t i = 0; i < cell_count; i++)
		r->cells[i] = arena_strdup(req->arena, cells[i] ? cells[i] : "");
	r->cell_count = cell_count;
}

static bool looks_like_xml(const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
		i++;
	return i < len && data[i] == '<';
}

/* The mapping the form sent: for column i, the field named by "map<i>".
 * Columns whose choice differs from what the table says are mapped as
 * given. Problems (an unknown field name) go to errs. */
static void apply_form_mapping(Req *req, ImportTable *t, Errors *errs)
{
	for (size_t i = 0; i < import_table_columns(t); i++) {
		const char *name = req_form(req, arena_printf(req->arena, "map%zu", i));
		if (!name)
			continue;
		ImportField f;
		if (!import_field_parse(name, &f)) {
			errors_add(errs, "map", "is not a field", name);
			continue;
		}
		if (f == import_table_field(t, i))
			continue;
		const char *header = import_table_header(t, i);
		if (!*header)
			header = import_table_hxl(t, i);
		import_table_map(t, header, f);
	}
}

/* Runs the import of data (a dry run unless for_real) as the signed-in
 * user, filling run and writing the full report to report_path. Returns
 * the service's status; errs gets what is wrong with the file or form. */
static SvcStatus run_import(Req *req, Ctx *ctx, const char *source, const char *data, size_t len,
                            bool for_real, bool use_form, const char *report_path, Run *run,
                            Errors *errs)
{
	Importer *im = NULL;
	SvcStatus st = svc_import_begin(ctx, source, !for_real, &im);
	if (st != SVC_OK) {
		if (st == SVC_INVALID)
			errors_add(errs, "source", "must be 1 to 200 characters of text", NULL);
		return st;
	}
	FILE *report = report_path ? fopen(report_path, "w") : NULL;
	run->iati = looks_like_xml(data, len);
	bool failed = false;
	if (run->iati) {
		if (report)
			fputs("line,outcome,project_id,messages,iati-identifier,title\r\n", report);
		IatiReader *r = iati_open(data, len, source);
		ImportActivity act;
		ImportRowResult res;
		Errors rerrs, rwarns;
		int rc;
		for (;;) {
			Arena *a = arena_new();
			errors_clear(&rerrs);
			errors_clear(&rwarns);
			rc = iati_next(r, a, &act, &rerrs, &rwarns);
			if (rc <= 0) {
				arena_free(a);
				break;
			}
			if (svc_import_activity(im, &act, &rerrs, &rwarns, &res) != SVC_OK) {
				failed = true;
				arena_free(a);
				break;
			}
			const char *cells[2] = {act.identifier,
			                        act.title_en ? act.title_en : act.title_prs};
			run_note(req, run, report, act.line, &res, cells, 2);
			arena_free(a);
		}
		if (rc < 0)
			run->broken = arena_strdup(req->arena, iati_error(r));
		iati_close(r);
	} else {
		char *err = NULL;
		run->table = import_table_open(data, len, svc_import_mapping(im), &err);
		if (!run->table) {
			errors_add(errs, "file", "could not be read as a table",
			           err ? arena_strdup(req->arena, err) : NULL);
			free(err);
			svc_import_end(im, false);
			if (report)
				fclose(report);
			return SVC_INVALID;
		}
		ImportTable *t = run->table;
		if (use_form)
			apply_form_mapping(req, t, errs);
		if (errs->count) {
			svc_import_end(im, false);
			if (report)
				fclose(report);
			return SVC_INVALID;
		}
		/* a table of organizations is known by its columns */
		bool present[IF_FIELD_COUNT] = {false};
		for (size_t i = 0; i < import_table_columns(t); i++)
			present[import_table_field(t, i)] = true;
		run->orgs = import_fields_are_orgs(present);
		char *mapping = import_table_mapping_json(t);
		if (mapping && for_real && svc_import_remember_mapping(im, mapping) != SVC_OK)
			failed = true;
		free(mapping);
		if (report) {
			Buf head;
			buf_init(&head, 0);
			buf_puts(&head, run->orgs ? "line,outcome,org_id,messages"
			                          : "line,outcome,project_id,messages");
			for (size_t i = 0; i < import_table_columns(t); i++) {
				buf_putc(&head, ',');
				import_csv_field(&head, import_table_header(t, i));
			}
			buf_puts(&head, "\r\n");
			fputs(buf_str(&head), report);
			buf_free(&head);
		}
		const ImportRow *rows;
		size_t row_count;
		int rc;
		/* the rows of one project come together: imported together */
		while (!failed && (rc = import_table_next_group(t, &rows, &row_count)) != 0) {
			if (rc < 0) {
				run->broken = arena_printf(req->arena, "%s", import_table_error(t));
				break;
			}
			const char *const **values = xcalloc(row_count, sizeof *values);
			ImportRowResult *res = xcalloc(row_count, sizeof *res);
			for (size_t r = 0; r < row_count; r++)
				values[r] = rows[r].values;
			if (run->orgs)
				for (size_t r = 0; !failed && r < row_count; r++)
					failed = svc_import_org_row(im, values[r], &res[r]) != SVC_OK;
			else
				failed = svc_import_rows(im, values, row_count, res) != SVC_OK;
			for (size_t r = 0; !failed && r < row_count; r++)
				run_note(req, run, report, rows[r].line, &res[r], rows[r].cells,
				         rows[r].cell_count);
			free(values);
			free(res);
		}
		if (!failed && run->orgs) {
			/* references left empty at the end of the run: a line of
			 * their own, without a line number */
			ImportRowResult *late = xcalloc(1, sizeof *late);
			failed = svc_import_orgs_finish(im, late) != SVC_OK;
			if (!failed && late->outcome == ROW_WARNED)
				run_note(req, run, report, 0, late, NULL, 0);
			free(late);
		}
	}
	run->counts = *svc_import_counts(im);
	st = svc_import_end(im, !failed);
	if (report)
		run->wrote_report = fclose(report) == 0;
	return failed ? SVC_ERROR : st;
}

/* ---- the pages ---- */

static void upload_form(Req *req, Resp *resp, const Errors *errs)
{
	ui_printf(resp, "<h1>%h</h1>\n<p>%h</p>\n", T(req, "Import a file"),
	          T(req, "A 3W sheet or any CSV table (with or without an HXL row, separated by "
	                 "commas or semicolons) or an IATI 2.03 activity file, up to 20 MB. You see "
	                 "what would happen to every row before anything is written."));
	ui_errors_summary(req, resp, errs);
	UI_LIT(resp, "<form method=\"post\" action=\"/import/upload\" enctype=\"multipart/form-data\">\n");
	ui_csrf_field(req, resp);
	ui_printf(resp,
	          "<p><label for=\"file\">%h</label>\n"
	          "<input type=\"file\" id=\"file\" name=\"file\" required "
	          "accept=\".csv,.txt,.xml,text/csv,application/xml,text/xml\"></p>\n",
	          T(req, "File"));
	ui_printf(resp, "<p><button type=\"submit\">%h</button></p>\n</form>\n",
	          T(req, "Upload and preview"));
}

void ui_import_form(Req *req, Resp *resp)
{
	ui_page_begin(req, resp, T(req, "Import a file"));
	upload_form(req, resp, NULL);
	ui_page_end(req, resp);
}

static const char *field_label(Req *req, ImportField f)
{
	for (size_t i = 0; i < FIELD_LABEL_COUNT; i++)
		if (FIELD_LABELS[i].field == f)
			return T(req, FIELD_LABELS[i].label);
	return "";
}

static void counts_block(Req *req, Resp *resp, const Run *run, bool for_real)
{
	const ImportCounts *c = &run->counts;
	ui_printf(resp, "<p class=\"results-count\" role=\"status\">%h</p>\n",
	          for_real ? T(req, "Imported.")
	                   : T(req, "Dry run: nothing has been written yet."));
	if (run->orgs)
		ui_printf(resp, "<p id=\"read-as\">%h</p>\n",
		          T(req, "Read as a table of organizations, one row each."));
	ui_printf(resp,
	          "<table class=\"counts\">\n<tbody>\n"
	          "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n"
	          "<tr><th scope=\"row\">%h</th><td id=\"count-accepted\">%h</td></tr>\n"
	          "<tr><th scope=\"row\">%h</th><td id=\"count-warned\">%h</td></tr>\n"
	          "<tr><th scope=\"row\">%h</th><td id=\"count-unchanged\">%h</td></tr>\n"
	          "<tr><th scope=\"row\">%h</th><td id=\"count-rejected\">%h</td></tr>\n"
	          "<tr><th scope=\"row\">%h</th><td id=\"count-projects-new\">%h</td></tr>\n"
	          "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n"
	          "<tr><th scope=\"row\">%h</th><td>%h</td></tr>\n"
	          "<tr><th scope=\"row\">%h</th><td id=\"count-orgs-updated\">%h</td></tr>\n"
	          "</tbody>\n</table>\n",
	          T(req, "Rows"), ui_count(req->arena, c->rows), T(req, "Accepted"),
	          ui_count(req->arena, c->accepted), T(req, "Accepted with warnings"),
	          ui_count(req->arena, c->warned), T(req, "Unchanged (imported before)"),
	          ui_count(req->arena, c->unchanged), T(req, "Rejected"),
	          ui_count(req->arena, c->rejected), T(req, "New projects"),
	          ui_count(req->arena, c->projects_created), T(req, "Projects updated"),
	          ui_count(req->arena, c->projects_updated), T(req, "New organizations"),
	          ui_count(req->arena, c->orgs_created), T(req, "Organizations updated"),
	          ui_count(req->arena, c->orgs_updated));
	if (run->broken)
		ui_printf(resp, "<p class=\"field-error\">%h %h</p>\n",
		          T(req, "The file could not be read to its end:"), run->broken);
}

/* The mapping as a form: one select per column. The form's buttons preview
 * again or import. */
static void mapping_form(Req *req, Resp *resp, const Run *run, const char *id, const char *source)
{
	UI_LIT(resp, "<form method=\"post\" action=\"/import\">\n");
	ui_csrf_field(req, resp);
	ui_hidden(resp, "upload", id);
	ui_hidden(resp, "source", source);
	if (run->table) {
		const ImportTable *t = run->table;
		ui_printf(resp, "<h2>%h</h2>\n<p>%h</p>\n", T(req, "Columns"),
		          import_table_has_hxl(t)
		              ? T(req, "The file has an HXL row; each column is read by its tag unless you choose otherwise.")
		              : T(req, "Each column is read by its header unless you choose otherwise."));
		ui_printf(resp,
		          "<table class=\"mapping\">\n<thead><tr><th scope=\"col\">%h</th>"
		          "<th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		          T(req, "Column"), T(req, "HXL tag"), T(req, "Imported as"));
		for (size_t i = 0; i < import_table_columns(t); i++) {
			ImportField cur = import_table_field(t, i);
			ui_printf(resp,
			          "<tr><td><label for=\"map%zu\"><bdi>%h</bdi></label></td><td>%h</td><td>"
			          "<select id=\"map%zu\" name=\"map%zu\">",
			          i, import_table_header(t, i), import_table_hxl(t, i), i, i);
			for (size_t k = 0; k < FIELD_LABEL_COUNT; k++) {
				ImportField f = FIELD_LABELS[k].field;
				ui_printf(resp, "<option value=\"%h\"%h>%h</option>",
				          f == IF_NONE ? "none" : import_field_name(f),
				          f == cur ? " selected" : "", field_label(req, f));
			}
			UI_LIT(resp, "</select></td></tr>\n");
		}
		UI_LIT(resp, "</tbody>\n</table>\n");
		ui_printf(resp,
		          "<p><button type=\"submit\" class=\"secondary\" formaction=\"/import/preview\">%h</button> ",
		          T(req, "Preview again with this mapping"));
	} else {
		ui_printf(resp, "<p>%h</p>\n<p>",
		          T(req, "An IATI file: its elements are read as they are."));
	}
	ui_printf(resp, "<button type=\"submit\">%h</button></p>\n</form>\n", T(req, "Import"));
}

static void report_table(Req *req, Resp *resp, const Run *run, const char *id)
{
	ui_printf(resp, "<h2>%h</h2>\n", T(req, "Rows"));
	if (run->counts.rows > (long long)run->row_count)
		ui_printf(resp, "<p>%h %h</p>\n", T(req, "Only the first rows are shown here:"),
		          ui_count(req->arena, (long long)run->row_count));
	if (run->wrote_report)
		ui_printf(resp, "<p><a href=\"/import/%U/report.csv\" download>%h</a></p>\n", id,
		          T(req, "The whole report (CSV)"));
	ui_printf(resp,
	          "<table class=\"import-report\">\n<thead><tr><th scope=\"col\">%h</th>"
	          "<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
	          "</tr></thead>\n<tbody>\n",
	          T(req, "Line"), T(req, "Outcome"), T(req, "What was guessed or why it was rejected"),
	          T(req, "Values as in the file"));
	for (size_t i = 0; i < run->row_count; i++) {
		const ShownRow *r = &run->rows[i];
		ui_printf(resp, "<tr class=\"%h\"><td>%h</td><td>%h</td><td>%h</td><td>",
		          outcome_name(r->outcome),
		          r->line ? arena_printf(req->arena, "%zu", r->line) : T(req, "after the last row"),
		          T(req, outcome_label(r->outcome)), r->messages);
		bool first = true;
		for (size_t k = 0; k < r->cell_count; k++) {
			if (!r->cells[k][0])
				continue;
			ui_printf(resp, "%h<bdi>%h</bdi>", first ? "" : " | ", r->cells[k]);
			first = false;
		}
		UI_LIT(resp, "</td></tr>\n");
	}
	UI_LIT(resp, "</tbody>\n</table>\n");
}

/* A run over the kept upload id, shown as a page. */
static void run_page(Req *req, Resp *resp, const char *id, const char *source, bool for_real,
                     bool use_form)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	Run *run = arena_zalloc(req->arena, sizeof *run);
	char *data = NULL;
	size_t len = 0;
	if (!upload_id_valid(id)) {
		errors_add(errs, "upload", "is not an upload of yours; upload the file again", NULL);
	} else {
		FILE *f = fopen(upload_path(req, id, "data"), "rb");
		if (f) {
			data = file_read(f, IMPORT_UPLOAD_MAX + 1, &len);
			fclose(f);
		}
		if (!data)
			errors_add(errs, "upload",
			           "is not an upload of yours, or it was removed after an hour; upload the file again",
			           NULL);
	}
	if (!source || !*source)
		source = "upload";
	SvcStatus st = SVC_INVALID;
	if (!errs->count)
		st = run_import(req, &ctx, source, data, len, for_real, use_form,
		                upload_path(req, id, "csv"), run, errs);
	if (st != SVC_OK && st != SVC_INVALID) {
		ui_fail(req, resp, &ctx, st);
		goto done;
	}
	if (st == SVC_INVALID) {
		resp->status = 400;
		ui_page_begin(req, resp, T(req, "Import a file"));
		upload_form(req, resp, errs);
		ui_page_end(req, resp);
		goto done;
	}
	if (for_real)
		unlink(upload_path(req, id, "data")); /* imported: the report stays for its hour */
	ui_page_begin(req, resp, for_real ? T(req, "Import done") : T(req, "Import preview"));
	ui_printf(resp, "<h1>%h</h1>\n<p>%h <bdi>%h</bdi></p>\n",
	          for_real ? T(req, "Import done") : T(req, "Import preview"), T(req, "Source:"),
	          source);
	counts_block(req, resp, run, for_real);
	if (!for_real)
		mapping_form(req, resp, run, id, source);
	else
		ui_printf(resp, "<p><a href=\"/projects\">%h</a> · <a href=\"/import\">%h</a></p>\n",
		          T(req, "Projects"), T(req, "Import another file"));
	report_table(req, resp, run, id);
	ui_page_end(req, resp);
done:
	if (run->table)
		import_table_close(run->table);
	free(data);
	ctx_end(&ctx);
}

/* The source name of an uploaded file: its base name, trimmed. */
static const char *source_name(Req *req)
{
	const char *name = req->upload_name ? req->upload_name : "";
	const char *slash = strrchr(name, '/');
	if (slash)
		name = slash + 1;
	const char *back = strrchr(name, '\\');
	if (back)
		name = back + 1;
	name = ui_trim(req->arena, name);
	return name ? name : "upload";
}

void ui_import_upload(Req *req, Resp *resp)
{
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	char *data = NULL;
	size_t len = 0;
	if (!req->upload || req->upload_size == 0)
		errors_add(errs, "file", "is required: choose a CSV or IATI XML file", NULL);
	else if (!(data = file_read(req->upload, IMPORT_UPLOAD_MAX + 1, &len)))
		errors_add(errs, "file", "could not be read", NULL);
	const char *id = NULL;
	if (!errs->count && !(id = upload_keep(req, data, len)))
		errors_add(errs, "file", "could not be kept on the server; try again", NULL);
	free(data);
	if (errs->count) {
		resp->status = 400;
		ui_page_begin(req, resp, T(req, "Import a file"));
		upload_form(req, resp, errs);
		ui_page_end(req, resp);
		return;
	}
	run_page(req, resp, id, source_name(req), false, false);
}

void ui_import_preview(Req *req, Resp *resp)
{
	run_page(req, resp, req_form(req, "upload"), ui_trim(req->arena, req_form(req, "source")),
	         false, true);
}

void ui_import_run(Req *req, Resp *resp)
{
	run_page(req, resp, req_form(req, "upload"), ui_trim(req->arena, req_form(req, "source")),
	         true, true);
}

void ui_import_report(Req *req, Resp *resp)
{
	const char *id = req->params[0];
	FILE *f = upload_id_valid(id) ? fopen(upload_path(req, id, "csv"), "rb") : NULL;
	if (!f) {
		ui_not_found(req, resp);
		return;
	}
	size_t len = 0;
	char *data = file_read(f, WEB_MAX_RESPONSE - 1, &len);
	fclose(f);
	if (!data) {
		web_error(req, resp, 500, "internal", "The answer was too large to send.");
		return;
	}
	buf_append(&resp->body, data, len);
	free(data);
	resp_type(resp, "text/csv; charset=utf-8");
	resp_header(resp, "Content-Disposition", "attachment; filename=\"import-report.csv\"");
	resp_header(resp, "Cache-Control", "private, no-store");
}
