/*
 * ui_org_form.c — the organization form: GET /orgs/new, GET /orgs/{id}/edit,
 * POST /orgs (create), POST /orgs/{id} (update).
 *
 * The form is shown from an OrgForm: every field as text, taken either
 * from the stored record or from what the user typed. A post is read into
 * an Org (numbers by checked conversion) and saved through svc_org_create
 * or svc_org_update, which validate it; when anything is wrong the form
 * comes back with every problem beside its field and every value as typed.
 * An update starts from the stored record, so what the form does not show
 * is kept. Nothing here decides permission or writes but through svc_*.
 */
#include <string.h>

#include "core/validate.h"
#include "fmt/record_json.h"
#include "web/api.h"
#include "web/pages.h"

/* The organizations offered as parent and registration authority. */
#define ORG_CHOICES 500

/* Every field of the form as text. */
typedef struct OrgForm {
	const char *name_en;          /* English name */
	const char *name_prs;         /* Dari name */
	const char *name_pus;         /* Pashto name */
	const char *acronym;
	const char *aliases;          /* one per line */
	const char *kind;             /* an org_kinds code */
	const char *parent_id;        /* an organization id in decimal, or "" */
	const char *reg_authority_id; /* an organization id in decimal, or "" */
	const char *reg_number;
	const char *reg_date;         /* partial date as typed */
	const char *tin;
	const char *website;
	const char *description;
	const char *staff_total;      /* as typed */
	const char *staff_female;     /* as typed */
	const char *women_led;        /* "yes", "no" or "unknown" */
	const char *status;
	const char *visibility;       /* "public", "members" or "restricted" */
	const char *offices;          /* one place per line, see ui_place_line */
	const char *source;
	const char **sectors;         /* sector codes ticked */
	size_t sector_count;          /* entries in sectors */
} OrgForm;

/* The name of the form field for the registration authority: the one the
 * service names in its problems. */
#define F_REG_AUTHORITY "registration.authority_id"

/* ---- stored record or post -> form ---- */

/* Joins strings with a newline, in the arena. */
static const char *join_lines(Arena *a, const char *const *items, size_t count)
{
	Buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < count; i++)
		buf_printf(&b, "%s%s", i ? "\n" : "", items[i]);
	const char *out = arena_strndup(a, buf_str(&b), b.used);
	buf_free(&b);
	return out;
}

static const char *number_text(Arena *a, long long v)
{
	return v == NUM_UNKNOWN ? "" : arena_printf(a, "%lld", v);
}

static const char *id_text(Arena *a, int64_t id)
{
	return id ? arena_printf(a, "%lld", (long long)id) : "";
}

static void form_from_org(Req *req, const RefData *ref, const Org *o, OrgForm *f)
{
	Arena *a = req->arena;
	memset(f, 0, sizeof *f);
	f->name_en = o->name_en;
	f->name_prs = o->name_prs;
	f->name_pus = o->name_pus;
	f->acronym = o->acronym;
	f->aliases = join_lines(a, o->aliases, o->alias_count);
	f->kind = o->kind;
	f->parent_id = id_text(a, o->parent_id);
	f->reg_authority_id = id_text(a, o->reg_authority_id);
	f->reg_number = o->reg_number;
	f->reg_date = o->reg_date;
	f->tin = o->tin;
	f->website = o->website;
	f->description = o->description;
	f->staff_total = number_text(a, o->staff_total);
	f->staff_female = number_text(a, o->staff_female);
	f->women_led = o->women_led == 1 ? "yes" : o->women_led == 0 ? "no" : "unknown";
	f->status = o->status;
	f->visibility = visibility_name(o->visibility);
	f->source = o->source;
	const char **lines = arena_alloc(a, (o->office_count ? o->office_count : 1) * sizeof *lines);
	for (size_t i = 0; i < o->office_count; i++) {
		const OrgOffice *off = &o->offices[i];
		const char *place = ui_place_text(a, ref->gaz, off->pcode);
		lines[i] = off->note && *off->note ? arena_printf(a, "%s | %s", place, off->note) : place;
	}
	f->offices = join_lines(a, lines, o->office_count);
	f->sectors = o->sectors;
	f->sector_count = o->sector_count;
}

static void form_from_request(Req *req, OrgForm *f)
{
	memset(f, 0, sizeof *f);
	f->name_en = req_form(req, "name_en");
	f->name_prs = req_form(req, "name_prs");
	f->name_pus = req_form(req, "name_pus");
	f->acronym = req_form(req, "acronym");
	f->aliases = req_form(req, "aliases");
	f->kind = req_form(req, "kind");
	f->parent_id = req_form(req, "parent_id");
	f->reg_authority_id = req_form(req, F_REG_AUTHORITY);
	f->reg_number = req_form(req, "registration.number");
	f->reg_date = req_form(req, "registration.date");
	f->tin = req_form(req, "tin");
	f->website = req_form(req, "website");
	f->description = req_form(req, "description");
	f->staff_total = req_form(req, "staff_total");
	f->staff_female = req_form(req, "staff_female");
	f->women_led = req_form(req, "women_led");
	f->status = req_form(req, "status");
	f->visibility = req_form(req, "visibility");
	f->offices = req_form(req, "offices");
	f->source = req_form(req, "source");
	size_t n = req_form_all(req, "sectors", NULL, 0);
	f->sectors = arena_alloc(req->arena, (n ? n : 1) * sizeof *f->sectors);
	f->sector_count = req_form_all(req, "sectors", f->sectors, n);
}

/* ---- form -> record ---- */

/* An optional organization id field: 0 when empty. */
static int64_t form_id(const char *text, const char *field, Errors *errs)
{
	int64_t id = 0;
	if (text && *text && !parse_id(text, &id)) {
		errors_add(errs, field, "must be the number of a record", text);
		return 0;
	}
	return id;
}

/* Reads the form onto *o (a new record, or the stored one for an update);
 * problems of reading (a number that is not one) go to errs. */
static void org_from_form(Req *req, const OrgForm *f, Org *o, Errors *errs)
{
	Arena *a = req->arena;
	o->name_en = ui_trim(a, f->name_en);
	o->name_prs = ui_trim(a, f->name_prs);
	o->name_pus = ui_trim(a, f->name_pus);
	o->acronym = ui_trim(a, f->acronym);
	const char **aliases;
	o->alias_count = ui_lines(a, f->aliases, &aliases);
	o->aliases = aliases;
	o->kind = ui_trim(a, f->kind);
	o->parent_id = form_id(f->parent_id, "parent_id", errs);
	o->reg_authority_id = form_id(f->reg_authority_id, F_REG_AUTHORITY, errs);
	o->reg_number = ui_trim(a, f->reg_number);
	o->reg_date = ui_trim(a, f->reg_date);
	o->tin = ui_trim(a, f->tin);
	o->website = ui_trim(a, f->website);
	o->description = ui_trim(a, f->description);
	o->source = ui_trim(a, f->source);
	o->staff_total = NUM_UNKNOWN;
	ui_form_count(f->staff_total, "staff_total", &o->staff_total, errs);
	o->staff_female = NUM_UNKNOWN;
	ui_form_count(f->staff_female, "staff_female", &o->staff_female, errs);
	const char *wl = f->women_led ? f->women_led : "";
	if (strcmp(wl, "yes") == 0)
		o->women_led = 1;
	else if (strcmp(wl, "no") == 0)
		o->women_led = 0;
	else if (strcmp(wl, "unknown") == 0 || !*wl)
		o->women_led = NUM_UNKNOWN;
	else
		errors_add(errs, "women_led", "must be yes, no or not known", wl);
	o->status = ui_trim(a, f->status);
	if (!f->visibility || !visibility_parse(f->visibility, &o->visibility))
		errors_add(errs, "visibility", "must be public, members or restricted", f->visibility);

	const char **lines;
	size_t n = ui_lines(a, f->offices, &lines);
	o->offices = arena_zalloc(a, (n ? n : 1) * sizeof *o->offices);
	o->office_count = n;
	for (size_t i = 0; i < n; i++) {
		UiPlaceLine pl;
		ui_place_line(a, lines[i], &pl);
		OrgOffice *off = &o->offices[i];
		off->place = pl.place;
		off->within = pl.within;
		off->is_main = i == 0;
		/* For an office, everything after the first bar is the note. */
		off->note = pl.third ? arena_printf(a, "%s | %s", pl.second ? pl.second : "", pl.third) : pl.second;
	}
	o->sectors = f->sectors;
	o->sector_count = f->sector_count;
}

/* ---- the page ---- */

/* A text input with its problem from errs. */
static void text_field(Req *req, Resp *resp, const char *name, const char *label, const char *value,
		       const char *hint, bool required, const Errors *errs)
{
	UiField f = {.name = name, .label = label, .value = value, .hint = hint, .required = required};
	ui_field_take_error(&f, errs);
	ui_input(req, resp, &f);
}

static void select_field(Req *req, Resp *resp, const char *name, const char *label, const char *value,
			 const UiOption *opts, size_t n, bool required, const Errors *errs)
{
	UiField f = {.name = name, .label = label, .value = value, .required = required};
	ui_field_take_error(&f, errs);
	ui_select(req, resp, &f, opts, n);
}

static void render_form(Req *req, Resp *resp, Ctx *ctx, const OrgForm *f, const Errors *errs, const Org *stored)
{
	const RefData *ref = ctx->ref;
	const char *title = stored ? T(req, "Edit organization") : T(req, "New organization");
	ui_page_begin(req, resp, title);
	UI_LIT(resp, "<h1>");
	ui_printf(resp, "%h", title);
	if (stored) {
		UI_LIT(resp, ": ");
		ui_name(req, resp, stored->name_en, stored->name_prs, stored->name_pus);
	}
	UI_LIT(resp, "</h1>\n");
	ui_errors_summary(req, resp, errs);
	if (stored)
		ui_printf(resp, "<form method=\"post\" action=\"/orgs/%lld\" accept-charset=\"utf-8\">\n", (long long)stored->id);
	else
		UI_LIT(resp, "<form method=\"post\" action=\"/orgs\" accept-charset=\"utf-8\">\n");
	ui_csrf_field(req, resp);

	ui_printf(resp, "<fieldset>\n<legend>%h</legend>\n", T(req, "Names"));
	text_field(req, resp, "name_en", "Name in English", f->name_en, NULL, true, errs);
	text_field(req, resp, "name_prs", "Name in Dari", f->name_prs, NULL, false, errs);
	text_field(req, resp, "name_pus", "Name in Pashto", f->name_pus, NULL, false, errs);
	text_field(req, resp, "acronym", "Acronym", f->acronym, NULL, false, errs);
	UiField aliases = {.name = "aliases", .label = N_("Other names and spellings"), .value = f->aliases,
			   .hint = N_("One per line.")};
	ui_list_textarea(req, resp, &aliases, errs);
	UI_LIT(resp, "</fieldset>\n");

	size_t n;
	UiOption *kinds = ui_code_options(req, &ref->org_kinds, &n);
	/* A first choice without a value: the browser asks for a real one. */
	UiOption *kind_opts = arena_alloc(req->arena, (n + 1) * sizeof *kind_opts);
	kind_opts[0] = (UiOption){"", T(req, "Choose…")};
	memcpy(kind_opts + 1, kinds, n * sizeof *kinds);
	OrgFilter all = {.limit = ORG_CHOICES};
	OrgList orgs = {0};
	if (svc_org_list(ctx, &all, &orgs) != SVC_OK)
		orgs.count = 0; /* the selects then offer none; the rest of the form still works */
	UiOption *org_opts = ui_org_options(req, req->arena, &orgs);
	static const char *const statuses[] = {"active", "inactive", "suspended", "dissolved"};
	UiOption status_opts[4];
	for (size_t i = 0; i < 4; i++)
		status_opts[i] = (UiOption){statuses[i], T(req, ui_org_status(statuses[i]))};

	ui_printf(resp, "<fieldset>\n<legend>%h</legend>\n", T(req, "Kind and status"));
	select_field(req, resp, "kind", "Kind", f->kind, kind_opts, n + 1, true, errs);
	select_field(req, resp, "parent_id", "Part of", f->parent_id, org_opts, orgs.count, false, errs);
	select_field(req, resp, "status", "Status", f->status, status_opts, 4, true, errs);
	UI_LIT(resp, "</fieldset>\n");

	ui_printf(resp, "<fieldset>\n<legend>%h</legend>\n", T(req, "Registration"));
	select_field(req, resp, F_REG_AUTHORITY, "Registered with", f->reg_authority_id, org_opts, orgs.count, false, errs);
	text_field(req, resp, "registration.number", "Registration number", f->reg_number, NULL, false, errs);
	text_field(req, resp, "registration.date", "Registration date", f->reg_date,
		   N_("As much as is known: YYYY, YYYY-MM or YYYY-MM-DD, or a Solar Hijri day: sh:YYYY-MM-DD."), false, errs);
	text_field(req, resp, "tin", "Tax number (TIN)", f->tin, NULL, false, errs);
	text_field(req, resp, "website", "Website", f->website, NULL, false, errs);
	UI_LIT(resp, "</fieldset>\n");

	ui_printf(resp, "<fieldset>\n<legend>%h</legend>\n", T(req, "Staff"));
	text_field(req, resp, "staff_total", "Staff", f->staff_total, N_("Leave empty when not known."), false, errs);
	text_field(req, resp, "staff_female", "Female staff", f->staff_female, N_("Leave empty when not known."), false, errs);
	UiOption led_opts[] = {{"unknown", T(req, "Not known")}, {"yes", T(req, "Yes")}, {"no", T(req, "No")}};
	select_field(req, resp, "women_led", "Women-led", f->women_led, led_opts, 3, true, errs);
	UI_LIT(resp, "</fieldset>\n");

	ui_printf(resp, "<fieldset>\n<legend>%h</legend>\n", T(req, "Where and what"));
	UiField offices = {.name = "offices", .label = N_("Offices"), .value = f->offices,
			   .hint = N_("One place per line; the first is the head office. After a district, write a comma and its province (Nili, Daykundi). A note may follow a bar: Bamyan | regional office.")};
	ui_list_textarea(req, resp, &offices, errs);
	ui_checkboxes(req, resp, "sectors", "Areas of expertise", &ref->sectors, f->sectors, f->sector_count, errs);
	UI_LIT(resp, "</fieldset>\n");

	ui_printf(resp, "<fieldset>\n<legend>%h</legend>\n", T(req, "About"));
	UiField desc = {.name = "description", .label = N_("Description"), .value = f->description};
	ui_field_take_error(&desc, errs);
	ui_textarea(req, resp, &desc);
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
		ui_printf(resp, "<a class=\"button secondary\" href=\"/orgs/%lld\">%h</a>", (long long)stored->id, T(req, "Cancel"));
	else
		ui_printf(resp, "<a class=\"button secondary\" href=\"/orgs\">%h</a>", T(req, "Cancel"));
	UI_LIT(resp, "</div>\n</form>\n");
	ui_page_end(req, resp);
}

/* ---- handlers ---- */

void ui_org_new(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	OrgForm f = {.status = "active", .visibility = "members", .women_led = "unknown"};
	render_form(req, resp, &ctx, &f, NULL, NULL);
	ctx_end(&ctx);
}

void ui_org_edit(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Org o;
	SvcStatus st = svc_org_get(&ctx, id, &o);
	if (st == SVC_OK && !svc_may_change_org(&ctx, id))
		st = SVC_FORBIDDEN; /* not theirs to edit: say so before the form */
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
	} else {
		OrgForm f;
		form_from_org(req, ctx.ref, &o, &f);
		render_form(req, resp, &ctx, &f, NULL, &o);
	}
	ctx_end(&ctx);
}

/* Reads the post onto *o and saves it; answers the form again with every
 * problem, a page with the guesses made, or a redirect to the record.
 * stored is the record as it was before an update (NULL for a create). */
static void save(Req *req, Resp *resp, Ctx *ctx, Org *o, const Org *stored)
{
	Errors *errs = arena_zalloc(req->arena, sizeof *errs);
	Errors *warns = arena_zalloc(req->arena, sizeof *warns);
	OrgForm f;
	form_from_request(req, &f);
	org_from_form(req, &f, o, errs);
	SvcStatus st;
	if (errs->count) {
		/* Some fields could not even be read: check the rest too, so the
		 * form shows every problem at once, and store nothing. */
		validate_org(ctx->ref, o, errs, NULL);
		st = SVC_INVALID;
	} else {
		st = stored ? svc_org_update(ctx, o, errs, warns) : svc_org_create(ctx, o, errs, warns);
	}
	if (st == SVC_INVALID) {
		render_form(req, resp, ctx, &f, errs, stored);
		resp->status = 422;
		return;
	}
	if (st != SVC_OK) {
		ui_fail(req, resp, ctx, st);
		return;
	}
	const char *href = arena_printf(req->arena, "/orgs/%lld", (long long)o->id);
	bool hidden = !svc_sees_org(ctx, o);
	if (warns->count || hidden)
		ui_saved_page(req, resp, T(req, "Organization saved"), href, warns, hidden);
	else
		resp_redirect(resp, href);
}

void ui_org_create(Req *req, Resp *resp)
{
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Org o;
	org_init(&o);
	save(req, resp, &ctx, &o, NULL);
	ctx_end(&ctx);
}

void ui_org_update(Req *req, Resp *resp)
{
	int64_t id;
	if (!parse_id(req->params[0], &id)) {
		ui_not_found(req, resp);
		return;
	}
	Ctx ctx;
	web_ctx_begin(req, &ctx);
	Org stored;
	SvcStatus st = svc_org_get(&ctx, id, &stored);
	if (st != SVC_OK) {
		ui_fail(req, resp, &ctx, st);
	} else {
		/* The form is read onto a copy of the stored record: what it does
		 * not show is kept as it was. */
		Org o = stored;
		save(req, resp, &ctx, &o, &stored);
	}
	ctx_end(&ctx);
}
