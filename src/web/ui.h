/*
 * ui.h — writing HTML so that no unescaped value can slip in.
 *
 * Pages write markup with ui_printf, whose format knows %h (HTML-escaped
 * text), %U (URL component), %d %ld %lld %zu %c — and no %s: a raw %s
 * aborts the program, whatever the argument. Markup that needs no value is
 * written with UI_LIT, which only accepts a string literal. So text from a
 * record, a query or a translation reaches the page escaped, or not at all.
 *
 * Page skeleton: ui_page_begin ... ui_page_end. Form fields: UiField with
 * ui_input / ui_textarea / ui_select, which show the current value and the
 * problem with it beside the field. Labels, hints and error messages given
 * to these helpers are English message ids; the helpers translate them.
 */
#ifndef HAMAHANG_UI_H
#define HAMAHANG_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/errors.h"
#include "web/http.h"

/* Appends to the page; see above for the conversions. */
void ui_printf(Resp *resp, const char *fmt, ...);

/* Appends literal markup. The "" s "" makes anything but a string literal
 * a compile error. */
#define UI_LIT(resp, s) ui_literal_((resp), "" s "")
/* For UI_LIT only. */
void ui_literal_(Resp *resp, const char *markup);

/* Starts an HTML page: sets the content type; writes the doctype, <html>
 * with the request's lang and dir, <head> (charset, viewport, the title
 * followed by the site name, the stylesheet), and the header with the site
 * navigation and the language switch; then opens <main>. title is text
 * already in the page's language (pass T(req, "...")); it is escaped. */
void ui_page_begin(Req *req, Resp *resp, const char *title);
/* Closes <main>, writes the footer and closes the page. */
void ui_page_end(Req *req, Resp *resp);

/* The link to the same page in another language: the request's path and
 * query with lang= replaced, in the arena, not yet HTML-escaped. */
const char *ui_lang_href(Req *req, const char *lang);

/* One form field. */
typedef struct UiField {
	const char *name;  /* the form parameter, also the element id */
	const char *label; /* message id of the label */
	const char *value; /* the current value, shown escaped; NULL for empty */
	const char *type;  /* for ui_input: "text" (when NULL), "number", "date", "email",
	                    * "search", "password", "url", "tel" */
	const char *hint;  /* message id of help text under the field, or NULL */
	const char *error; /* message id of the problem with the value, or NULL */
	/* Value-specific words after the message (not translated), or NULL. */
	const char *error_detail;
	bool required; /* marks the field required */
} UiField;

/* Copies the first problem about field->name from errs into field->error
 * and field->error_detail (pointers into errs, which must outlive the page). */
void ui_field_take_error(UiField *field, const Errors *errs);

/* A labelled <input>, with its hint and error beside it. */
void ui_input(Req *req, Resp *resp, const UiField *field);
/* A labelled <textarea>. */
void ui_textarea(Req *req, Resp *resp, const UiField *field);

/* One choice of a select. label is shown as given (not translated): take it
 * in the page's language from the reference data, or pass T(req, ...). */
typedef struct UiOption {
	const char *value; /* what the form sends */
	const char *label; /* what the user reads */
} UiOption;

/* A labelled <select>; the option whose value equals field->value is
 * selected. A first, empty choice is added unless the field is required. */
void ui_select(Req *req, Resp *resp, const UiField *field, const UiOption *options, size_t count);

/* <input type="hidden">. */
void ui_hidden(Resp *resp, const char *name, const char *value);

/* The problem with a field, as the element ui_input puts beside it:
 * <p class="field-error" id="{field}-error">message detail</p>. message is
 * a message id; nothing is written when it is NULL. */
void ui_field_error(Req *req, Resp *resp, const char *field, const char *message,
                    const char *detail);

/* A box listing every problem of a form, each linked to its field; nothing
 * when errs is empty. */
void ui_errors_summary(Req *req, Resp *resp, const Errors *errs);

#endif
