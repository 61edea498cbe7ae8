/*
 * ui_project_form.c — the project form: GET /projects/new,
 * GET /projects/{id}/edit, POST /projects (create), POST /projects/{id}
 * (update).
 *
 * As the organization form (ui_org_form.c): a ProjectForm holds every
 * field as text, from the stored record or as typed; a post is read into a
 * Project with checked conversions and saved through svc_project_create or
 * svc_project_update; on any problem the form comes back with every
 * problem beside its field and everything as typed. An update starts from
 * the stored record, so what the form does not show (descriptions in Dari
 * and Pashto, the note) is kept.
 *
 * Results are rows of fields named "results[N].member", the names the
 * service uses in its problems. Blank rows are dropped when read, and the
 * form is shown again with the rows as read (then two blank ones), so row
 * N on the page is always results[N] in the problems.
 *
 * Before a valid post is saved, the projects already registered that are
 * likely the same are asked for (svc_project_duplicates, over what the
 * writer sees): when there are any, the form comes back as typed with the
 * list and a box "Save anyway" (409); the post with the box ticked saves.
 * On an update, the project itself and the pairs a coordinator dismissed
 * are not listed.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/validate.h"
#include "fmt/record_json.h"
#include "svc/svc_dedup.h"
#include "web/api.h"
#include "web/pages.h"

/* The organizations offered in the selects. */
#define ORG_CHOICES 500
/* Blank result rows offered under the existing ones. */
#define BLANK_RESULTS 2
/* Result rows read from a post, at most. */
#define RESULT_ROWS_MAX (LIST_MAX_ITEMS + BLANK_RESULTS)

/* One result row as text. */
typedef struct ResultForm {
	const char *indicator;
	const char *qualifier;     /* "", "more_than", "about", "at_least" */
	const char *value;
	const char *unit;
	const char *female;
	const char *male;
	const char *girls;
	const char *boys;
	const char *period_start;
	const char *period_end;
	const char *source;
	const char *note;
} ResultForm;

/* The members of a result row, in the order the form shows them, with
 * their labels (message ids) and where they sit in a ResultForm. */
typedef struct ResultMember {
	const char *name;          /* "value": the field is "results[N].value" */
	const char *label;         /* message id */
	size_t offset;             /* of the text in ResultForm */
} ResultMember;

static const ResultMember RESULT_MEMBERS[] = {
	{"indicator", N_("Indicator"), offsetof(ResultForm, indicator)},
	{"qualifier", N_("Qualifier"), offsetof(ResultForm, qualifier)},
	{"value", N_("Value"), offsetof(ResultForm, value)},
	{"unit", N_("Unit"), offsetof(ResultForm, unit)},
	{"female", N_("Female"), offsetof(ResultForm, female)},
	{"male", N_("Male"), offsetof(ResultForm, male)},
	{"girls", N_("of whom girls"), offsetof(ResultForm, girls)},
	{"boys", N_("of whom boys"), offsetof(ResultForm, boys)},
	{"period_start", N_("Period from"), offsetof(ResultForm, period_start)},
	{"period_end", N_("Period to"), offsetof(ResultForm, period_end)},
	{"source", N_("Source"), offsetof(ResultForm, source)},
	{"note", N_("Note"), offsetof(ResultForm, note)},
};
#define RESULT_MEMBER_COUNT (sizeof RESULT_MEMBERS / sizeof RESULT_MEMBERS[0])

static const char **member_slot(ResultForm *r, const ResultMember *m)
{
	return (const char **)((char *)r + m->offset);
}

static const char *member_text(const ResultForm *r, const ResultMember *m)
{
	return *(const char *const *)((const char *)r + m->offset);
}

/* The roles of organizations in a project, and the form field of each. */
static const struct {
	const char *role;          /* as stored */
	const char *field;         /* the select's name */
	const char *label;         /* message id */
} ROLES[] = {
	{"implementing", "org_implementing", N_("Implementing organization")},
	{"funding", "org_funding", N_("Funding organization")},
	{"intermediary", "org_intermediary", N_("Intermediary organization")},
};
#define ROLE_COUNT (sizeof ROLES / sizeof ROLES[0])

/* Every field of the form as text. */
typedef struct ProjectForm {
	const char *title_en;
	const char *title_prs;
	const char *title_pus;
	const char *description_en;
	const char *status;
	const char *start_date;
	const char *end_date;
	const char *budget;              /* as typed */
	const char *currency;
	const char *visibility;          /* "public", "members" or "restricted" */
	const char *source;
	const char **orgs[ROLE_COUNT];   /* organization ids in decimal, per role */
	size_t org_count[ROLE_COUNT];    /* entries in orgs[role] */
	const char *places;              /* one place per line, see ui_place_line */
	const char **sectors;            /* sector codes ticked */
	size_t sector_count;
	const char **targets;            /* target group codes ticked */
	size_t target_count;
	ResultForm *results;             /* rows as read (blank rows dropped) */
	size_t result_count;             /* entries in results */
} ProjectForm;

/* Currencies offered first; a stored one outside the list is offered too. */
static const char *const COMMON_CURRENCIES[] = {"AFN", "USD", "EUR", "GBP", "CHF", "SEK",
						"NOK", "DKK", "CAD", "AUD", "JPY"};
#define COMMON_CURRENCY_COUNT (sizeof COMMON_CURRENCIES / sizeof COMMON_CURRENCIES[0])

/* ---- stored record -> form ---- */

static const char *count_text(Arena *a, long long v)
{
	return v == NUM_UNKNOWN ? "" : arena_printf(a, "%lld", v);
}

/* A figure as the form shows it: plain digits, no grouping ("3000", "12.5"). */
static const char *value_text(Arena *a, double v)
{
	char text[64];
	snprintf(text, sizeof text, "%.6f", v);
	char *end = text + strlen(text);
	while (end > text && end[-1] == '0')
		*--end = '\0';
	if (end > text && end[-1] == '.')
		*--end = '\0';
	return arena_strdup(a, text);
}

static void form_from_project(Req *req, const RefData *ref, const Project *p, ProjectForm *f)
{
	Arena *a = req->arena;
	memset(f, 0, sizeof *f);
	f->title_en = p->title_en;
	f->title_prs = p->title_prs;
	f->title_pus = p->title_pus;
	f->description_en = p->description_en;
	f->status = p->status;
	f->start_date = p->start_date;
	f->end_date = p->end_date;
	f->budget = p->has_budget ? value_text(a, p->budget) : "";
	f->currency = p->currency;
	f->visibility = visibility_name(p->visibility);
	f->source = p->source;
	for (size_t r = 0; r < ROLE_COUNT; r++) {
		f->orgs[r] = arena_alloc(a, (p->org_count ? p->org_count : 1) * sizeof *f->orgs[r]);
		for (size_t i = 0; i < p->org_count; i++)
			if (p->orgs[i].role && strcmp(p->orgs[i].role, ROLES[r].role) == 0)
				f->orgs[r][f->org_count[r]++] = arena_printf(a, "%lld", (long long)p->orgs[i].org_id);
	}
	Buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < p->place_count; i++) {
		const ProjectPlace *pl = &p->places[i];
		buf_printf(&b, "%s%s", i ? "\n" : "", ui_place_text(a, ref->gaz, pl->pcode));
		bool note = pl->note && *pl->note;
		if (pl->villages != NUM_UNKNOWN)
			buf_printf(&b, " | %lld", pl->villages);
		else if (note)
			buf_puts(&b, " |");
		if (note)
			buf_printf(&b, " | %s", pl->note);
	}
	f->places = arena_strndup(a, buf_str(&b), b.used);
	buf_free(&b);
	f->sectors = p->sectors;
	f->sector_count = p->sector_count;
	f->targets = p->targets;
	f->target_count = p->target_count;
	f->results = arena_zalloc(a, (p->result_count ? p->result_count : 1) * sizeof *f->results);
	f->result_count = p->result_count;
	for (size_t i = 0; i < p->result_count; i++) {
		const Result *r = &p->results[i];
		ResultForm *rf = &f->results[i];
		rf->indicator = r->indicator;
		rf->qualifier = r->qualifier ? r->qualifier : "";
		rf->value = value_text(a, r->value);
		rf->unit = r->unit;
		rf->female = count_text(a, r->female);
		rf->male = count_text(a, r->male);
		rf->girls = count_text(a, r->girls);
		rf->boys = count_text(a, r->boys);
		rf->period_start = r->period_start;
		rf->period_end = r->period_end;
		rf->source = r->source;
		rf->note = r->note;
	}
}

/* ---- post -> form ---- */

/* Every value of a repeated form field, in the arena. */
static size_t form_all(Req *req, const char *name, const char ***out)
{
	size_t n = req_form_all(req, name, NULL, 0);
	*out = arena_alloc(req->arena, (n ? n : 1) * sizeof **out);
	return req_form_all(req, name, *out, n);
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static void form_from_request(Req *req, ProjectForm *f)
{
	memset(f, 0, sizeof *f);
	f->title_en = req_form(req, "title_en");
	f->title_prs = req_form(req, "title_prs");
	f->title_pus = req_form(req, "title_pus");
	f->description_en = req_form(req, "description_en");
	f->status = req_form(req, "status");
	f->start_date = req_form(req, "start_date");
	f->end_date = req_form(req, "end_date");
	f->budget = req_form(req, "budget");
	f->currency = req_form(req, "currency");
	f->visibility = req_form(req, "visibility");
	f->source = req_form(req, "source");
	for (size_t r = 0; r < ROLE_COUNT; r++)
		f->org_count[r] = form_all(req, ROLES[r].field, &f->orgs[r]);
	f->places = req_form(req, "places");
	f->sector_count = form_all(req, "sectors", &f->sectors);
	f->target_count = form_all(req, "targets", &f->targets);
	f->results = arena_zalloc(req->arena, RESULT_ROWS_MAX * sizeof *f->results);
	for (size_t i = 0; i < RESULT_ROWS_MAX; i++) {
		ResultForm row = {0};
		bool present = false, empty = true;
		for (size_t m = 0; m < RESULT_MEMBER_COUNT; m++) {
			const char *name = arena_printf(req->arena, "results[%zu].%s", i, RESULT_MEMBERS[m].name);
			const char *v = req_form(req, name);
			*member_slot(&row, &RESULT_MEMBERS[m]) = v;
			present = present || v;
			empty = empty && blank(v);
		}
		if (!present)
			break;
		if (!empty)
			f->results[f->result_count++] = row;
	}
}

/* ---- form -> record ---- */

static void result_from_form(Req *req, const ResultForm *rf, size_t index, Result *r, Errors *errs)
{
	Arena *a = req->arena;
	result_init(r);
#define FIELD(member) arena_printf(a, "results[%zu].%s", index, member)
	r->indicator = ui_trim(a, rf->indicator);
	r->qualifier = rf->qualifier && *rf->qualifier ? rf->qualifier : NULL;
	bool given = false;
	if (ui_form_decimal(rf->value, FIELD("value"), &r->value, &given, errs) && !given)
		errors_add(errs, FIELD("value"), "is required", NULL);
	r->unit = ui_trim(a, rf->unit);
	ui_form_count(rf->female, FIELD("female"), &r->female, errs);
	ui_form_count(rf->male, FIELD("male"), &r->male, errs);
	ui_form_count(rf->girls, FIELD("girls"), &r->girls, errs);
	ui_form_count(rf->boys, FIELD("boys"), &r->boys, errs);
	r->period_start = ui_trim(a, rf->period_start);
	r->period_end = ui_trim(a, rf->period_end);
	r->source = ui_trim(a, rf->source);
	r->note = ui_trim(a, rf->note);
#undef FIELD
}

/* Reads the form onto *p (new, or the stored record for an update). */
static void project_from_form(Req *req, const ProjectForm *f, Project *p, Errors *errs)
{
	Arena *a = req->arena;
	p->title_en = ui_trim(a, f->title_en);
	p->title_prs = ui_trim(a, f->title_prs);
	p->title_pus = ui_trim(a, f->title_pus);
	p->description_en = ui_trim(a, f->description_en);
	p->status = ui_trim(a, f->status);
	p->start_date = ui_trim(a, f->start_date);
	p->end_date = ui_trim(a, f->end_date);
	p->has_budget = false;
	p->budget = 0;
	ui_form_decimal(f->budget, "budget", &p->budget, &p->has_budget, errs);
	p->currency = ui_trim(a, f->currency);
	if (!f->visibility || !visibility_parse(f->visibility, &p->visibility))
		errors_add(errs, "visibility", "must be public, members or restricted", f->visibility);
	p->source = ui_trim(a, f->source);

	size_t total = 0;
	for (size_t r = 0; r < ROLE_COUNT; r++)
		total += f->org_count[r];
	p->orgs = arena_zalloc(a, (total ? total : 1) * sizeof *p->orgs);
	p->org_count = 0;
	for (size_t r = 0; r < ROLE_COUNT; r++)
		for (size_t i = 0; i < f->org_count[r]; i++) {
			const char *v = f->orgs[r][i];
			int64_t id;
			if (!v || !*v)
				continue; /* "none" */
			if (!parse_id(v, &id)) {
				errors_add(errs, ROLES[r].field, "must be the number of a record", v);
				continue;
			}
			bool dup = false;
			for (size_t j = 0; j < p->org_count && !dup; j++)
				dup = p->orgs[j].org_id == id && strcmp(p->orgs[j].role, ROLES[r].role) == 0;
			if (!dup)
				p->orgs[p->org_count++] = (ProjectOrg){.org_id = id, .role = ROLES[r].role};
		}

	const char **lines;
	size_t n = ui_lines(a, f->places, &lines);
	p->places = arena_zalloc(a, (n ? n : 1) * sizeof *p->places);
	p->place_count = n;
	for (size_t i = 0; i < n; i++) {
		UiPlaceLine pl;
		ui_place_line(a, lines[i], &pl);
		ProjectPlace *pp = &p->places[i];
		pp->place = pl.place;
		pp->within = pl.within;
		pp->villages = NUM_UNKNOWN;
		ui_form_count(pl.second, arena_printf(a, "places[%zu].villages", i), &pp->villages, errs);
		pp->note = pl.third;
	}
	p->sectors = f->sectors;
	p->sector_count = f->sector_count;
	p->targets = f->targets;
	p->target_count = f->target_count;
	/* Rows past those read are not silently lost: the post is refused. */
	if (req_form(req, arena_printf(a, "results[%d].indicator", (int)RESULT_ROWS_MAX)))
		errors_add(errs, "results", "has too many entries", NULL);
	p->results = arena_zalloc(a, (f->result_count ? f->result_count : 1) * sizeof *p->results);
	p->result_count = f->result_count;
	for (size_t i = 0; i < f->result_count; i++)
		result_from_form(req, &f->results[i], i, &p->results[i], errs);
}

/* ---- the page ---- */

static void text_field(Req *req, Resp *resp, const char *name, const char *label, const char *value,
		       const char *hint, const Errors *errs)
{
	UiField f = {.name = name, .label = label, .value = value, .hint = hint};
	ui_field_take_error(&f, errs);
	ui_input(req, resp, &f);
}

/* One field of a result row, named "results[N].member". Written here, not
 * with ui_input, whose names keep to [A-Za-z0-9_.-]. */
static void result_field(Req *req, Resp *resp, size_t row, const ResultMember *m, const char *value,
			 const Errors *errs)
{
	const char *name = arena_printf(req->arena, "results[%zu].%s", row, m->name);
	const FieldError *e = errs ? errors_find(errs, name) : NULL;
	ui_printf(resp, "<div class=\"field%h\">\n<label for=\"%h\">%h</label>\n", e ? " has-error" : "", name,
		  T(req, m->label));
	if (strcmp(m->name, "qualifier") == 0) {
		static const char *const qualifiers[][2] = {
			{"", N_("as stated")}, {"more_than", N_("more than")}, {"about", N_("about")}, {"at_least", N_("at least")}};
		ui_printf(resp, "<select id=\"%h\" name=\"%h\"", name, name);
		if (e)
			ui_printf(resp, " aria-invalid=\"true\" aria-describedby=\"%h-error\"", name);
		UI_LIT(resp, ">\n");
		for (size_t i = 0; i < 4; i++) {
			bool on = strcmp(value ? value : "", qualifiers[i][0]) == 0;
			ui_printf(resp, "<option value=\"%h\"%h>%h</option>\n", qualifiers[i][0], on ? " selected" : "",
				  T(req, qualifiers[i][1]));
		}
		UI_LIT(resp, "</select>\n");
	} else {
		/* Words may be in any script; figures and dates are not. */
		bool words = strcmp(m->name, "indicator") == 0 || strcmp(m->name, "unit") == 0 ||
			     strcmp(m->name, "source") == 0 || strcmp(m->name, "note") == 0;
		ui_printf(resp, "<input type=\"text\"%h id=\"%h\" name=\"%h\" value=\"%h\"", words ? " dir=auto" : "",
			  name, name, value ? value : "");
		if (e)
			ui_printf(resp, " aria-invalid=\"true\" aria-describedby=\"%h-error\"", name);
		UI_LIT(resp, ">\n");
	}
	if (e)
		ui_field_error(req, resp, name, e->message, e->detail);
	UI_LIT(resp, "</div>\n");
}

static void result_rows(Req *req, Resp *resp, const ProjectForm *f, const Errors *errs)
{
	ui_printf(resp, "<fieldset id=\"results\">\n<legend>%h</legend>\n<p class=\"field-hint\">%h</p>\n", T(req, "Results"),
		  T(req, "Each figure the project reached, with the report that says it. Two sources that disagree are both kept: enter each as its own row. A row left empty is ignored."));
	const FieldError *list_error = errs ? errors_find(errs, "results") : NULL;
	if (list_error)
		ui_field_error(req, resp, "results", list_error->message, list_error->detail);
	ResultForm empty = {0};
	for (size_t i = 0; i < f->result_count + BLANK_RESULTS; i++) {
		const ResultForm *rf = i < f->result_count ? &f->results[i] : &empty;
		ui_printf(resp, "<fieldset>\n<legend>%h %zu</legend>\n<div class=\"cards\">\n", T(req, "Result"), i + 1);
		for (size_t m = 0; m < RESULT_MEMBER_COUNT; m++)
			result_field(req, resp, i, &RESULT_MEMBERS[m], member_text(rf, &RESULT_MEMBERS[m]), errs);
		UI_LIT(resp, "</div>\n</fieldset>\n");
	}
	UI_LIT(resp, "</fieldset>\n");
}

/* The selects of one role: one per organization the project has in it,
 * at least one; each may be set to none. */
static void role_selects(Req *req, Resp *resp, size_t r, const ProjectForm *f, const UiOption *opts, size_t n,
			 const Errors *errs)
{
	size_t shown = f->org_count[r] ? f->org_count[r] : 1;
	for (size_t i = 0; i < shown; i++) {
		/* Only the first carries the field's name as id (the summary links there). */
		const char *id = i ? arena_printf(req->arena, "%s-%zu", ROLES[r].field, i + 1) : ROLES[r].field;
		const char *value = i < f->org_count[r] ? f->orgs[r][i] : NULL;
		bool selected_any = false;
		ui_printf(resp, "<div class=\"field\">\n<label for=\"%h\">%h</label>\n<select id=\"%h\" name=\"%h\">\n"
				"<option value=\"\">%h</option>\n",
			  id, T(req, ROLES[r].label), id, ROLES[r].field, T(req, "None"));
		for (size_t k = 0; k < n; k++) {
			bool on = value && strcmp(value, opts[k].value) == 0;
			selected_any = selected_any || on;
			ui_printf(resp, "<option value=\"%h\"%h>%h</option>\n", opts[k].value, on ? " selected" : "",
				  opts[k].label);
		}
		/* An organization no longer offered (not visible, or past the list)
		 * stays chosen rather than silently dropped. */
		if (value && *value && !selected_any)
			ui_printf(resp, "<option value=\"%h\" selected>%h %h</option>\n", value, T(req, "Organization"),
				  value);
		UI_LIT(resp, "</select>\n");
		if (i == 0) {
			const FieldError *e = errs ? errors_find(errs, ROLES[r].field) : NULL;
			if (e)
				ui_field_error(req, resp, ROLES[r].field, e->message, e->detail);
		}
		UI_LIT(resp, "</div>\n");
	}
}

/* The similar projects that stopped a save, if any. */
typedef struct SimilarList {
	const DedupPair *pairs;
	size_t count;
	bool confirmed;                  /* the "Save anyway" box as posted */
} SimilarList;

static void similar_section(Req *req, Resp *resp, const RefData *ref, const SimilarList *sim)
{
	if (!sim || !sim->count)
		return;
	ui_printf(resp, "<section class=\"similar\" id=\"similar\">\n<h2>%h</h2>\n<p>%h</p>\n<ul>\n",
		  T(req, "Similar projects already registered"),
		  T(req, "These projects look like the one you are saving. If it is one of them, edit that one instead."));
	for (size_t i = 0; i < sim->count; i++) {
		const DedupPair *d = &sim->pairs[i];
		char score[16];
		snprintf(score, sizeof score, "%.2f", d->score);
		ui_printf(resp, "<li><a href=\"/projects/%lld\" dir=\"auto\">%h</a> — %h, %h %h<br><span dir=\"auto\">%h</span></li>\n",
			  (long long)d->b_id, d->b_title && *d->b_title ? d->b_title : "?",
			  d->kind == MATCH_SAME ? T(req, "likely the same project") : T(req, "overlapping work"),
			  T(req, "score"), score, ui_pair_reasons(req, ref, d));
	}
	ui_printf(resp, "</ul>\n<div class=\"field\"><label><input type=\"checkbox\" name=\"confirm_new\" value=\"1\"%h> %h</label></div>\n</section>\n",
		  sim->confirmed ? " checked" : "", T(req, "Save anyway: this is a different project"));
}

static void render_form(Req *req, Resp *resp, Ctx *ctx, const ProjectForm *f, const Errors *errs,
			const Project *stored, const SimilarList *sim)
{
	const RefData *ref = ctx->ref;
	const char *title = stored ? T(req, "Edit project") : T(req, "New project");
	ui_page_begin(req, resp, title);
	ui_printf(resp, "<h1>%h", title);
	if (stored) {
		UI_LIT(resp, ": ");
		ui_name(req, resp, stored->title_en, stored->title_prs, stored->title_pus);
	}
	UI_LIT(resp, "</h1>\n");
	ui_errors_summary(req, resp, errs);
	if (stored)
		ui_printf(resp, "<form method=\"post\" action=\"/projects/%lld\" accept-charset=\"utf-8\">\n", (long long)stored->id);
	else
		UI_LIT(resp, "<form method=\"post\" action=\"/projects\" accept-charset=\"utf-8\">\n");
	ui_csrf_field(req, resp);
	similar_section(req, resp, ref, sim);

	ui_printf(resp, "<fieldset>\n<legend>%h</legend>\n", T(req, "Titles"));
	text_field(req, resp, "title_en", "Title in English", f->title_en, N_("At least one title is required."), errs);
	text_field(req, resp, "title_prs", "Title in Dari", f->title_prs, NULL, errs);
	text_field(req, resp, "title_pus", "Title in Pashto", f->title_pus, NULL, errs);
	UiField desc = {.name = "description_en", .label = N_("Description"), .value = f->description_en};
	ui_field_take_error(&desc, errs);
	ui_textarea(req, resp, &desc);
	UI_LIT(resp, "</fieldset>\n");

	ui_printf(resp, "<fieldset>\n<legend>%h</legend>\n", T(req, "Status, dates and budget"));
	static const char *const statuses[] = {"planned", "ongoing", "completed", "cancelled"};
	UiOption status_opts[4];
	for (size_t i = 0; i < 4; i++)
		status_opts[i] = (UiOption){statuses[i], T(req, ui_project_status(statuses[i]))};
	UiField status = {.name = "status", .label = N_("Status"), .value = f->status};
	ui_field_take_error(&status, errs);
	ui_select(req, resp, &status, status_opts, 4);
	const char *date_hint = N_("As much as is known: YYYY, YYYY-MM or YYYY-MM-DD, or a Solar Hijri day: sh:YYYY-MM-DD.");
	text_field(req, resp, "start_date", "Start", f->start_date, date_hint, errs);
	text_field(req, resp, "end_date", "End", f->end_date, date_hint, errs);
	text_field(req, resp, "budget", "Budget", f->budget, N_("Digits, e.g. 250000 or 250,000."), errs);
	UiOption cur_opts[COMMON_CURRENCY_COUNT + 1];
	size_t cur_count = 0;
	bool listed = !f->currency || !*f->currency;
	for (size_t i = 0; i < COMMON_CURRENCY_COUNT; i++) {
		const char *code = COMMON_CURRENCIES[i];
		listed = listed || strcmp(code, f->currency) == 0;
		cur_opts[cur_count++] = (UiOption){code, arena_printf(req->arena, "%s — %s", code, ui_code(req, &ref->currencies, code))};
	}
	if (!listed)
		cur_opts[cur_count++] = (UiOption){f->currency, f->currency};
	UiField cur = {.name = "currency", .label = N_("Currency"), .value = f->currency};
	ui_field_take_error(&cur, errs);
	ui_select(req, resp, &cur, cur_opts, cur_count);
	UI_LIT(resp, "</fieldset>\n");

	OrgFilter all = {.limit = ORG_CHOICES};
	OrgList orgs = {0};
	if (svc_org_list(ctx, &all, &orgs) != SVC_OK)
		orgs.count = 0; /* the selects then offer none; chosen ones stay (role_selects) */
	UiOption *org_opts = ui_org_options(req, req->arena, &orgs);
	ui_printf(resp, "<fieldset id=\"orgs\">\n<legend>%h</legend>\n", T(req, "Organizations"));
	for (size_t r = 0; r < ROLE_COUNT; r++)
		role_selects(req, resp, r, f, org_opts, orgs.count, errs);
	ui_list_errors(req, resp, errs, "orgs", NULL);
	UI_LIT(resp, "</fieldset>\n");

	ui_printf(resp, "<fieldset>\n<legend>%h</legend>\n", T(req, "Where, what and for whom"));
	UiField places = {.name = "places", .label = N_("Places"), .value = f->places,
			  .hint = N_("One place per line. After a district, write a comma and its province (Waras, Bamyan). The number of villages or CDCs and a note may follow, each after a bar: Waras, Bamyan | 2 | Abuka and Tagaw Ghar villages.")};
	ui_list_textarea(req, resp, &places, errs);
	ui_checkboxes(req, resp, "sectors", "Sectors", &ref->sectors, f->sectors, f->sector_count, errs);
	ui_checkboxes(req, resp, "targets", "Target groups", &ref->target_groups, f->targets, f->target_count, errs);
	UI_LIT(resp, "</fieldset>\n");

	result_rows(req, resp, f, errs);

	ui_printf(resp, "<fieldset>\n<legend>%h</legend>\n", T(req, "About the record"));
	UiField source = {.name = "source", .label = N_("Source"), .value = f->source,
			  .hint = N_("The documents these facts come from.")};
	ui_field_take_error(&source, errs);
	ui_textarea(req, resp, &source);
	UiOption vis_opts[] = {{"public", T(req, ui_visibility(VIS_PUBLIC))},
			       {"members", T(req, ui_visibility(VIS_MEMBERS))},
			       {"restricted", T(req, ui_visibility(VIS_RESTRICTED))}};
	UiField vis = {.name = "visibility", .label = N_("Who may see it"), .value = f->visibility, .required = true,
		       .hint = N_("Restrict records that could put people at risk.")};
	ui_field_take_error(&vis, errs);
	ui_select(req, resp, &vis, vis_opts, 3);
	UI_LIT(resp, "</fieldset>\n");

	ui_printf(resp, "<div class=\"actions\"><button type=\"submit\">%h</button> ", T(req, "Save"));
	if (stored)
		ui_printf(resp, "<a class=\"button secondary\" href=\"/projects/%lld\">%h</a>", (long long)stored->id, T(req, "Cancel"));
	else
		ui_printf(resp, "<a class=\"button secondary\" href=\"/projects\">%h</a>", T(req, "Cancel"));
	UI_LIT(resp, "</div>\n</form>\n");
	ui_page_end(req, resp);
}

/* ---- handlers ---- */

void ui_project_new(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	ProjectForm f = {.visibility = "members"};
	/* From an organization's page: that organization implements it. */
	int64_t org;
	const char *from = req_query(req, "org");
	if (from && parse_id(from, &org)) {
		f.orgs[0] = arena_alloc(req->arena, sizeof *f.orgs[0]);
		f.orgs[0][0] = arena_printf(req->arena, "%lld", (long long)org);
		f.org_count[0] = 1;
	}
	render_form(req, resp, &ctx, &f, NULL, NULL, NULL);
	ctx_end(&ctx);
}

void ui_project_edit(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Project p;
	SvcStatus st = svc_project_get(&ctx, id, &p);
	if (st == SVC_OK && !svc_may_change_project(&ctx, id))
		st = SVC_FORBIDDEN; /* not theirs to edit: say so before the form */
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
	} else {
		ProjectForm f;
		form_from_project(req, ctx.ref, &p, &f);
		render_form(req, resp, &ctx, &f, NULL, &p, NULL);
	}
	ctx_end(&ctx);
}

/* Reads the post onto *p and saves it (see ui_org_form.c: save). */
static void save(Req *req, Resp *resp, Ctx *ctx, Project *p, const Project *stored)
{
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	Errors *warns = arena_zalloc(req->arena, sizeof *warns);
	ProjectForm f;
	form_from_request(req, &f);
	project_from_form(req, &f, p, errs);
	SvcStatus st;
	SimilarList sim = {0};
	const char *confirm = req_form(req, "confirm_new");
	sim.confirmed = confirm && strcmp(confirm, "1") == 0;
	if (!errs->count && !sim.confirmed) {
		DedupPair *pairs;
		sim.count = svc_project_duplicates(ctx, p, stored ? stored->id : 0, &pairs);
		sim.pairs = pairs;
		if (sim.count) {
			/* Nothing is saved: the writer looks first. */
			render_form(req, resp, ctx, &f, NULL, stored, &sim);
			resp->status = 409;
			return;
		}
	}
	if (errs->count) {
		/* Some fields could not be read: check the rest too, store nothing. */
		validate_project(ctx->ref, p, errs, NULL);
		st = SVC_INVALID;
	} else {
		st = stored ? svc_project_update(ctx, p, errs, warns) : svc_project_create(ctx, p, errs, warns);
	}
	if (st == SVC_INVALID) {
		render_form(req, resp, ctx, &f, errs, stored, NULL);
		resp->status = 422;
		return;
	}
	if (st != SVC_OK) {
		ui_fail(req, resp, ctx, st);
		return;
	}
	const char *href = arena_printf(req->arena, "/projects/%lld", (long long)p->id);
	bool hidden = !svc_sees_project(ctx, p);
	if (warns->count || hidden)
		ui_saved_page(req, resp, T(req, "Project saved"), href, warns, hidden);
	else
		resp_redirect(resp, href);
}

void ui_project_create(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Project p;
	project_init(&p);
	save(req, resp, &ctx, &p, NULL);
	ctx_end(&ctx);
}

void ui_project_update(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Project stored;
	SvcStatus st = svc_project_get(&ctx, id, &stored);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
	} else {
		/* Read onto a copy of the stored record: what the form does not
		 * show is kept as it was. */
		Project p = stored;
		save(req, resp, &ctx, &p, &stored);
	}
	ctx_end(&ctx);
}
