/*
 * ui_export.c — GET /export: the records of a list page as a file
 * (?format=csv|hxl|xlsx|json|iati&kind=projects|orgs|all and the list's
 * filters), and the download links the list pages show.
 *
 * The records are gathered by svc_export as the request's reader, so a
 * download holds what the list page shows that reader and nothing more; a
 * coordinator's ?reason= opens restricted records as on the pages, and
 * each such read is logged. A bad filter answers 400 with a page naming
 * every problem. A workbook is written to a private temporary file, read
 * back into the answer and removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svc/svc_export.h"
#include "web/api.h"
#include "web/pages.h"

/* The query parameters that select records, as the list pages name them. */
static const char *const FILTERS[] = {"q", "province", "district", "sector", "org",
				      "donor", "year", "status", "org_kind"};

/* Reads the whole file at path into the answer's body; false when it
 * cannot be read or does not fit. */
static bool body_from_file(Resp *resp, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char chunk[65536];
	size_t n;
	bool ok = true;
	while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		ok = buf_append(&resp->body, chunk, n);
	if (ferror(f))
		ok = false;
	fclose(f);
	return ok;
}

static bool xlsx_body(Req *req, Resp *resp, const ExportSet *set, const RefData *ref,
		      const ExportMeta *meta)
{
	const char *dir = getenv("TMPDIR");
	char *path = arena_printf(req->arena, "%s/hamahang-export-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return false;
	close(fd);
	char *err = NULL;
	bool ok = export_xlsx(set, ref, meta, path, &err);
	if (!ok) {
		fprintf(stderr, "export: the workbook failed: %s\n", err ? err : "?");
		free(err);
	}
	ok = ok && body_from_file(resp, path);
	unlink(path);
	return ok;
}

void ui_export(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	ExportFilter f = {0};
	const char *format = req_query(req, "format");
	if (!format || !*format)
		errors_add(errs, "format", "is required: csv, hxl, xlsx, json or iati", NULL);
	else
		svc_export_filter_set(&ctx, &f, "format", format, errs);
	svc_export_filter_set(&ctx, &f, "kind", req_query(req, "kind"), errs);
	for (size_t i = 0; i < sizeof FILTERS / sizeof *FILTERS; i++)
		svc_export_filter_set(&ctx, &f, FILTERS[i], ui_trim(req->arena, req_query(req, FILTERS[i])),
				      errs);
	if (!errs->count)
		svc_export_filter_check(&f, errs);
	ExportSet set;
	if (!errs->count) {
		SvcStatus st = svc_export_gather(&ctx, &f, &set, errs);
		if (st == SVC_OK && f.format == EXPORT_IATI && export_iati_count(&set) == 0)
			errors_add(errs, "", "selects no project with a date and an organization; an IATI file needs one", NULL);
		if (st != SVC_OK && st != SVC_INVALID) {
			ui_fail(req, resp, &ctx, st);
			goto done;
		}
	}
	if (errs->count) {
		ui_page_begin(req, resp, T(req, "Download"));
		ui_printf(resp, "<h1>%h</h1>\n", T(req, "Download"));
		ui_errors_summary(req, resp, errs);
		ui_page_end(req, resp);
		resp->status = 400;
		goto done;
	}
	bool ok = f.format == EXPORT_XLSX ? xlsx_body(req, resp, &set, ctx.ref, &f.meta)
					  : export_text(&set, ctx.ref, f.format, &f.meta, ctx.arena, &resp->body);
	if (!ok) {
		buf_reset(&resp->body);
		web_error(req, resp, resp->body.overflowed ? 413 : 500, "too_large",
			  "The file would be too large; add a filter.");
		goto done;
	}
	resp_type(resp, export_content_type(f.format));
	resp_header(resp, "Content-Disposition",
		    arena_printf(req->arena, "attachment; filename=\"hamahang-%s.%s\"", export_kind_name(f.kind),
				 export_extension(f.format)));
done:
	ctx_end(&ctx);
}

/* Whether an IATI file of the list would hold an activity: a project on this
 * page has what IATI requires, or the list goes on past this page (whose
 * projects are not at hand; /export then says so if none qualifies). */
static bool iati_possible(const ProjectList *projects)
{
	if (!projects || projects->total == 0)
		return false;
	if ((long long)projects->count < projects->total)
		return true;
	ExportSet shown = {.projects = projects->items, .project_count = projects->count};
	return export_iati_count(&shown) > 0;
}

void ui_export_links(Req *req, Resp *resp, const char *kind, const ProjectList *projects)
{
	static const struct {
		const char *format;
		const char *label;
	} LINKS[] = {
		{"csv", N_("CSV")}, {"hxl", N_("CSV with HXL tags")}, {"xlsx", N_("Excel")}, {"json", N_("JSON")},
		{"iati", N_("IATI XML")},
	};
	/* The list's own filters go along, so the file holds what the list shows. */
	Buf query;
	buf_init(&query, 4096);
	for (size_t i = 0; i < sizeof FILTERS / sizeof *FILTERS; i++) {
		const char *name = FILTERS[i];
		const char *v = req_query(req, strcmp(kind, "orgs") == 0 && strcmp(name, "org_kind") == 0 ? "kind" : name);
		if (strcmp(name, "org_kind") == 0 && strcmp(kind, "orgs") != 0)
			continue;
		if (v && *v)
			buf_printf(&query, "&%U=%U", name, v);
	}
	ui_printf(resp, "<p class=\"downloads\">%h:", T(req, "Download"));
	for (size_t i = 0; i < sizeof LINKS / sizeof *LINKS; i++) {
		if (strcmp(LINKS[i].format, "iati") == 0 && !iati_possible(projects))
			continue;
		ui_printf(resp, " <a href=\"/export?format=%U&amp;kind=%U%h\" download>%h</a>", LINKS[i].format, kind,
			  buf_str(&query), T(req, LINKS[i].label));
	}
	UI_LIT(resp, "</p>\n");
	buf_free(&query);
}
