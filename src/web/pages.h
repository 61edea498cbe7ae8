/*
 * pages.h — the HTML pages (one file per page, ui_*.c) and the helpers
 * they share (ui_common.c).
 *
 * A page handler reads and writes the registry only through svc_* calls
 * with a Ctx (web_ctx_begin), so visibility and permission are decided in
 * the service; it writes HTML only through ui_printf / UI_LIT (escaped by
 * default) and every word a reader sees through T(). It holds no SQL and
 * no policy. What a handler allocates comes from req->arena or the Ctx's
 * arena; nothing is freed by hand.
 */
#ifndef HAMAHANG_PAGES_H
#define HAMAHANG_PAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/refdata.h"
#include "svc/svc.h"
#include "svc/svc_dedup.h"
#include "web/http.h"
#include "web/ui.h"

/* ---- page handlers (entries of the route table in routes.c) ---- */

void ui_home(Req *req, Resp *resp);            /* GET  /                    */
void ui_orgs_list(Req *req, Resp *resp);       /* GET  /orgs                */
void ui_org_page(Req *req, Resp *resp);        /* GET  /orgs/{id}           */
void ui_org_new(Req *req, Resp *resp);         /* GET  /orgs/new            */
void ui_org_edit(Req *req, Resp *resp);        /* GET  /orgs/{id}/edit      */
void ui_org_create(Req *req, Resp *resp);      /* POST /orgs                */
void ui_org_update(Req *req, Resp *resp);      /* POST /orgs/{id}           */
void ui_projects_list(Req *req, Resp *resp);   /* GET  /projects            */
void ui_project_page(Req *req, Resp *resp);    /* GET  /projects/{id}       */
void ui_project_new(Req *req, Resp *resp);     /* GET  /projects/new        */
void ui_project_edit(Req *req, Resp *resp);    /* GET  /projects/{id}/edit  */
void ui_project_create(Req *req, Resp *resp);  /* POST /projects            */
void ui_project_update(Req *req, Resp *resp);  /* POST /projects/{id}       */
void ui_places_list(Req *req, Resp *resp);     /* GET  /places              */
void ui_place_page(Req *req, Resp *resp);      /* GET  /places/{pcode}      */
void ui_search(Req *req, Resp *resp);          /* GET  /search              */
void ui_org_history(Req *req, Resp *resp);     /* GET  /orgs/{id}/history   */
void ui_project_history(Req *req, Resp *resp); /* GET  /projects/{id}/history */
void ui_audit_trail(Req *req, Resp *resp);     /* GET  /audit               */
void ui_export(Req *req, Resp *resp);          /* GET  /export              */
void ui_coverage(Req *req, Resp *resp);        /* GET  /coverage (ui_coverage.c) */
/* Importing a file from the browser (ui_import.c). */
void ui_import_form(Req *req, Resp *resp);     /* GET  /import              */
void ui_import_upload(Req *req, Resp *resp);   /* POST /import/upload (multipart) */
void ui_import_preview(Req *req, Resp *resp);  /* POST /import/preview      */
void ui_import_run(Req *req, Resp *resp);      /* POST /import              */
void ui_import_report(Req *req, Resp *resp);   /* GET  /import/{upload}/report.csv */

/* The largest file the import page takes: 20 MB. */
#define IMPORT_UPLOAD_MAX (20u * 1000u * 1000u)

/* ---- shared by the pages (ui_common.c, ui_history.c) ---- */

/* The verb of an audit action ("Added", "Changed", ...) and the kind of
 * record an entry is about ("Organization", ...): message ids. */
const char *ui_action_label(const char *action);
const char *ui_entity_label(const char *entity);
/* The label of a record's field by its JSON name (a message id), the
 * name itself for a field without one. */
const char *ui_field_label(const char *field);

/* The anti-forgery token of a state-changing form, written inside every
 * such <form>. Writes nothing yet: the permissions work fills it in (and
 * the route table's csrf flag checks it). */
void ui_csrf_field(Req *req, Resp *resp);

/* Replaces whatever was written with the HTML page for a record that does
 * not exist or that the reader may not see (status 404). */
void ui_not_found(Req *req, Resp *resp);
/* Answers a service status other than SVC_OK as a page: 404 (ui_not_found),
 * 403, or 500 (the store's words go to the log, not to the page). */
void ui_fail(Req *req, Resp *resp, Ctx *ctx, SvcStatus st);

/* The first non-empty of the name in the reader's language, English,
 * Dari, Pashto; borrowed; "" when all are empty. *lang (may be NULL) gets
 * the language of the text chosen ("en", "prs", "pus"). */
const char *ui_pick(const Req *req, const char *en, const char *prs, const char *pus,
		    const char **lang);
/* Writes a name chosen by ui_pick inside <bdi lang=...>, so a Latin
 * acronym inside Dari text (or the reverse) keeps its order. */
void ui_name(Req *req, Resp *resp, const char *en, const char *prs, const char *pus);
/* The name of a code in the reader's language (English when untranslated);
 * the code itself when the list does not hold it; "" for NULL. Borrowed. */
const char *ui_code(const Req *req, const CodeList *list, const char *code);
/* A place's name in the reader's language; borrowed. */
const char *ui_place_name(const Req *req, const Place *p);
/* <a href="/places/PCODE"><bdi>name</bdi></a>; a district is followed by
 * its province ("Nili, Daykundi") when with_province. An unknown P-code is
 * written as text. */
void ui_place_link(Req *req, Resp *resp, const Gazetteer *g, const char *pcode,
		   bool with_province);
/* <a href="/orgs/ID"><bdi>name</bdi></a>. */
void ui_org_link(Req *req, Resp *resp, int64_t id, const char *name);
/* The organization's name in the reader's language (see ui_pick). */
const char *ui_org_name(const Req *req, const Org *o);

/* "Showing 1–50 of 120" and previous/next links that keep every query
 * parameter of the request but offset. Nothing when everything fits. */
void ui_pager(Req *req, Resp *resp, long long total, int limit, int offset);

/* A number as text in the arena: whole numbers with thousands grouped
 * ("3,000"), others with up to two decimals ("12.5"). */
const char *ui_decimal(Arena *a, double value);
/* "1,234" for a count; "" for NUM_UNKNOWN. In the arena. */
const char *ui_count(Arena *a, long long value);

/* Checked conversions of what a form sent. Spaces around the text are
 * ignored; Dari/Arabic digits count as digits and ',' as a thousands
 * separator. An empty text leaves *out alone and returns true (the field
 * was not filled in); anything else that is not a number records a problem
 * about field in errs and returns false. */
bool ui_form_count(const char *text, const char *field, long long *out, Errors *errs);
bool ui_form_decimal(const char *text, const char *field, double *out, bool *given, Errors *errs);

/* The text with spaces trimmed, in the arena; NULL for NULL or a text that
 * is only spaces. */
const char *ui_trim(Arena *a, const char *text);
/* The non-empty lines of a text, trimmed, in the arena. */
size_t ui_lines(Arena *a, const char *text, const char ***out);

/* One line of a places textarea: "place[, province][ | second[ | third]]".
 * Every part trimmed, NULL when absent. */
typedef struct UiPlaceLine {
	const char *place;   /* a name or P-code, as written */
	const char *within;  /* the province after the last comma, or NULL */
	const char *second;  /* text after the first '|', or NULL */
	const char *third;   /* text after the second '|', or NULL */
} UiPlaceLine;
void ui_place_line(Arena *a, const char *line, UiPlaceLine *out);
/* How a stored P-code is written back into a places textarea: the English
 * name, followed by ", Province" for a district, or the P-code itself when
 * the name would not resolve back to the same place. In the arena. */
const char *ui_place_text(Arena *a, const Gazetteer *g, const char *pcode);

/* A labelled <textarea> for a list field (one item per line): shows every
 * problem of the list (field "offices" and "offices[N]...") beside it,
 * each with the line it is about and an id equal to the field name, so the
 * links of ui_errors_summary lead there. */
void ui_list_textarea(Req *req, Resp *resp, const UiField *field, const Errors *errs);
/* The problems of a list field (prefix "sectors" covers "sectors" and
 * "sectors[N]..."), as a list; lines (may be NULL) is the textarea's text,
 * to tell the line an item came from. Nothing when there are none. */
void ui_list_errors(Req *req, Resp *resp, const Errors *errs, const char *prefix, const char *lines);
/* True when errs holds a problem of the list field prefix. */
bool ui_list_has_errors(const Errors *errs, const char *prefix);

/* A <fieldset> of checkboxes named name, one per code of list (labels in
 * the reader's language); the codes in checked[0..count) are ticked. The
 * problems of the list are shown inside it. */
void ui_checkboxes(Req *req, Resp *resp, const char *name, const char *legend, const CodeList *list,
		   const char *const *checked, size_t count, const Errors *errs);

/* The page shown after a successful save that needed guesses: lists the
 * warnings and links to the record at href (a local path). */
void ui_saved_page(Req *req, Resp *resp, const char *title, const char *href, const Errors *warns,
		   bool hidden_from_reader);

/* Options of a select over organizations: "Name (ACRONYM)" in the reader's
 * language, value the id in decimal. In the arena. */
UiOption *ui_org_options(Req *req, Arena *a, const OrgList *orgs);

/* An optional query parameter that must be a code of list: NULL when
 * absent or empty; recorded in errs (with message, a message id) when not
 * in the list. */
const char *ui_query_code(Req *req, const char *name, const CodeList *list, const char *message,
			  Errors *errs);
/* An optional organization id parameter; 0 when absent, recorded in errs
 * when it is not a record id. */
int64_t ui_query_id(Req *req, const char *name, Errors *errs);

/* Options of a select over a code list (labels in the reader's language),
 * and over the provinces (sorted by name as shown). In the arena. */
UiOption *ui_code_options(Req *req, const CodeList *list, size_t *count);
UiOption *ui_province_options(Req *req, const Gazetteer *g, size_t *count);

/* Message ids of closed vocabularies: "Ongoing" for "ongoing", "Funding"
 * for "funding", "Active" for "active"... the value itself when unknown. */
const char *ui_project_status(const char *status);
const char *ui_org_status(const char *status);
const char *ui_role(const char *role);
const char *ui_visibility(Visibility v);

/* "2019-01 – 2021-06", "from 2018", "until 2021", "" (as stored). In the arena. */
const char *ui_span(Req *req, const char *start, const char *end);

/* A table of projects: title, organizations with their roles, provinces,
 * status, dates. Nothing but a short note when the list is empty. */
void ui_project_table(Req *req, Resp *resp, const RefData *ref, const ProjectList *list);

/* The download links of a list page ("orgs" or "projects"): one per
 * format, to /export with the list's filters (ui_export.c). The IATI link
 * comes with projects only, and only when the list may hold a project IATI
 * can carry (projects is the page shown; NULL for organizations). */
void ui_export_links(Req *req, Resp *resp, const char *kind, const ProjectList *projects);

/* The reasons of a pair in the request's language, in the arena: each
 * part translated, sectors and places named in that language (ui_common.c);
 * its English words when it has no parts. */
const char *ui_pair_reasons(Req *req, const RefData *ref, const DedupPair *d);

#endif
