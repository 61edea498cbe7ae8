/*
 * ui.c — HTML building blocks: the page skeleton, form fields (see ui.h).
 *
 * Every value reaches the page through %h or %U; markup without values
 * through UI_LIT. Nothing here formats with a raw %s.
 */
#include "web/ui.h"

#include <stdarg.h>
#include <string.h>

void ui_printf(Resp *resp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vformat(&resp->body, false, fmt, ap);
	va_end(ap);
}

void ui_literal_(Resp *resp, const char *markup)
{
	buf_puts(&resp->body, markup);
}

/* ---- the page ---- */

typedef struct NavItem {
	const char *href;  /* where it leads */
	const char *label; /* message id */
} NavItem;

static const NavItem nav_items[] = {
    {"/", N_("Home")},         {"/orgs", N_("Organizations")}, {"/projects", N_("Projects")},
    {"/places", N_("Places")}, {"/search", N_("Search")},
};

/* True when the request's page belongs to the navigation item at href. */
static bool nav_current(const Req *req, const char *href)
{
	const char *path = req->path ? req->path : "";
	if (strcmp(href, "/") == 0)
		return strcmp(path, "/") == 0;
	size_t len = strlen(href);
	return strncmp(path, href, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

const char *ui_lang_href(Req *req, const char *lang)
{
	Buf b;
	buf_init(&b, 0);
	const char *path = req->path && req->path[0] == '/' ? req->path : "/";
	/* Each segment re-escaped; the slashes between them kept. */
	for (const char *p = path; *p;) {
		if (*p == '/') {
			buf_putc(&b, '/');
			p++;
			continue;
		}
		size_t len = strcspn(p, "/");
		char *segment = arena_strndup(req->arena, p, len);
		buf_printf(&b, "%U", segment);
		p += len;
	}
	buf_putc(&b, '?');
	for (size_t i = 0; i < req->query_count; i++)
		if (strcmp(req->query[i].name, "lang") != 0)
			buf_printf(&b, "%U=%U&", req->query[i].name, req->query[i].value);
	buf_printf(&b, "lang=%U", lang);
	const char *href = arena_strndup(req->arena, buf_str(&b), b.used);
	buf_free(&b);
	return href;
}

void ui_page_begin(Req *req, Resp *resp, const char *title)
{
	resp_html(resp);
	ui_printf(
	    resp,
	    "<!DOCTYPE html>\n<html lang=\"%h\" dir=\"%h\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>%h — %h</title>\n<link rel=\"stylesheet\" href=\"%h\">\n</head>\n<body>\n",
	    i18n_html_lang(req->lang), i18n_dir(req->lang), title, T(req, "Hamahang"),
	    web_static_url(req, "site.css"));
	ui_printf(resp, "<a class=\"skip\" href=\"#main\">%h</a>\n<header class=\"site\">\n",
	          T(req, "Skip to content"));
	ui_printf(resp,
	          "<a class=\"brand\" href=\"/\">%h</a>\n<nav class=\"main-nav\" "
	          "aria-label=\"%h\">\n<ul>\n",
	          T(req, "Hamahang"), T(req, "Site"));
	for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
		const NavItem *n = &nav_items[i];
		if (nav_current(req, n->href))
			ui_printf(resp, "<li><a href=\"%h\" aria-current=\"page\">%h</a></li>\n",
			          n->href, T(req, n->label));
		else
			ui_printf(resp, "<li><a href=\"%h\">%h</a></li>\n", n->href,
			          T(req, n->label));
	}
	UI_LIT(resp, "</ul>\n</nav>\n");
	ui_printf(resp, "<nav class=\"lang-switch\" aria-label=\"%h\">\n<ul>\n",
	          T(req, "Language"));
	for (size_t i = 0; i18n_langs[i]; i++) {
		const char *lang = i18n_langs[i];
		ui_printf(resp, "<li><a href=\"%h\" hreflang=\"%h\" lang=\"%h\" dir=\"%h\"",
		          ui_lang_href(req, lang), i18n_html_lang(lang), i18n_html_lang(lang),
		          i18n_dir(lang));
		if (strcmp(lang, req->lang) == 0)
			UI_LIT(resp, " aria-current=\"true\"");
		ui_printf(resp, ">%h</a></li>\n", i18n_autonym(lang));
	}
	UI_LIT(resp, "</ul>\n</nav>\n");
	/* Signing out changes state: a form with the session's CSRF token. */
	if (req->user_name && req->csrf_token)
		ui_printf(resp,
		          "<form class=\"account\" method=\"post\" action=\"/logout\">"
		          "<span>%h</span> <input type=\"hidden\" name=\"csrf\" value=\"%h\">"
		          "<button type=\"submit\">%h</button></form>\n",
		          req->user_name, req->csrf_token, T(req, "Sign out"));
	else if (!req->user_name)
		ui_printf(resp, "<a class=\"account\" href=\"/login\">%h</a>\n", T(req, "Sign in"));
	UI_LIT(resp, "</header>\n<main id=\"main\">\n");
}

void ui_page_end(Req *req, Resp *resp)
{
	ui_printf(resp,
	          "</main>\n<footer class=\"site\">\n<p>%h</p>\n</footer>\n</body>\n</html>\n",
	          T(req, "Hamahang"));
}

/* ---- form fields ---- */

void ui_field_take_error(UiField *field, const Errors *errs)
{
	const FieldError *e = errs && field->name ? errors_find(errs, field->name) : NULL;
	field->error = e ? e->message : NULL;
	field->error_detail = e && e->detail[0] ? e->detail : NULL;
}

void ui_field_error(Req *req, Resp *resp, const char *field, const char *message,
                    const char *detail)
{
	if (!message)
		return;
	ui_printf(resp, "<p class=\"field-error\" id=\"%h-error\">%h", field, T(req, message));
	if (detail && *detail)
		ui_printf(resp, ": %h", detail);
	UI_LIT(resp, "</p>\n");
}

/* The label and the opening of the field's wrapper. */
static void field_open(Req *req, Resp *resp, const UiField *f)
{
	ui_printf(resp, "<div class=\"field%h\">\n<label for=\"%h\">%h",
	          f->error ? " has-error" : "", f->name, T(req, f->label));
	if (f->required)
		ui_printf(resp, " <span class=\"required\" title=\"%h\">*</span>",
		          T(req, "required"));
	UI_LIT(resp, "</label>\n");
}

/* The attributes every control shares: id, name, required, and the
 * description by the hint and the error. */
static void control_attributes(Resp *resp, const UiField *f)
{
	ui_printf(resp, " id=\"%h\" name=\"%h\"", f->name, f->name);
	if (f->required)
		UI_LIT(resp, " required");
	if (f->error)
		UI_LIT(resp, " aria-invalid=\"true\"");
	if (f->hint || f->error) {
		UI_LIT(resp, " aria-describedby=\"");
		if (f->hint)
			ui_printf(resp, "%h-hint", f->name);
		if (f->hint && f->error)
			UI_LIT(resp, " ");
		if (f->error)
			ui_printf(resp, "%h-error", f->name);
		UI_LIT(resp, "\"");
	}
}

/* The hint, the error and the end of the wrapper. */
static void field_close(Req *req, Resp *resp, const UiField *f)
{
	if (f->hint)
		ui_printf(resp, "<p class=\"field-hint\" id=\"%h-hint\">%h</p>\n", f->name,
		          T(req, f->hint));
	ui_field_error(req, resp, f->name, f->error, f->error_detail);
	UI_LIT(resp, "</div>\n");
}

/* The input type, from a fixed list; "text" for anything else. */
static const char *input_type(const char *type)
{
	static const char *const types[] = {"text",     "number", "date", "email", "search",
	                                    "password", "url",    "tel",  NULL};
	for (size_t i = 0; type && types[i]; i++)
		if (strcmp(type, types[i]) == 0)
			return types[i];
	return "text";
}

void ui_input(Req *req, Resp *resp, const UiField *field)
{
	field_open(req, resp, field);
	ui_printf(resp, "<input type=\"%h\"", input_type(field->type));
	control_attributes(resp, field);
	/* A password is never sent back to the browser. */
	if (field->value && strcmp(input_type(field->type), "password") != 0)
		ui_printf(resp, " value=\"%h\"", field->value);
	UI_LIT(resp, ">\n");
	field_close(req, resp, field);
}

void ui_textarea(Req *req, Resp *resp, const UiField *field)
{
	field_open(req, resp, field);
	UI_LIT(resp, "<textarea rows=\"6\"");
	control_attributes(resp, field);
	/* The newline after the start tag is dropped by the parser, so a value
	 * that starts with one keeps it. */
	ui_printf(resp, ">\n%h</textarea>\n", field->value ? field->value : "");
	field_close(req, resp, field);
}

void ui_select(Req *req, Resp *resp, const UiField *field, const UiOption *options, size_t count)
{
	field_open(req, resp, field);
	UI_LIT(resp, "<select");
	control_attributes(resp, field);
	UI_LIT(resp, ">\n");
	if (!field->required)
		UI_LIT(resp, "<option value=\"\"></option>\n");
	for (size_t i = 0; i < count; i++) {
		bool selected =
		    field->value && options[i].value && strcmp(field->value, options[i].value) == 0;
		ui_printf(resp, "<option value=\"%h\"%h>%h</option>\n", options[i].value,
		          selected ? " selected" : "", options[i].label);
	}
	UI_LIT(resp, "</select>\n");
	field_close(req, resp, field);
}

void ui_hidden(Resp *resp, const char *name, const char *value)
{
	ui_printf(resp, "<input type=\"hidden\" name=\"%h\" value=\"%h\">\n", name,
	          value ? value : "");
}

void ui_errors_summary(Req *req, Resp *resp, const Errors *errs)
{
	if (!errs || errs->count == 0)
		return;
	ui_printf(resp, "<div class=\"form-errors\" role=\"alert\">\n<p>%h</p>\n<ul>\n",
	          T(req, "Please correct the problems below."));
	for (size_t i = 0; i < errs->count; i++) {
		const FieldError *e = &errs->items[i];
		if (e->field[0])
			ui_printf(resp, "<li><a href=\"#%h\">%h</a>", e->field, T(req, e->message));
		else
			ui_printf(resp, "<li>%h", T(req, e->message));
		if (e->detail[0])
			ui_printf(resp, ": %h", e->detail);
		UI_LIT(resp, "</li>\n");
	}
	UI_LIT(resp, "</ul>\n</div>\n");
}
