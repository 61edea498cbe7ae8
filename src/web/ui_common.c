/*
 * ui_common.c — what the HTML pages share (see pages.h): names in the
 * reader's language, links to records and places, paging, numbers read
 * from forms and written to pages, list fields with their problems, the
 * not-found page.
 *
 * Like every page file it writes HTML only through ui_printf and UI_LIT,
 * and holds no SQL and no policy.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/api.h"
#include "web/pages.h"

/* ---- hooks and failures ---- */

void ui_csrf_field(Req *req, Resp *resp)
{
	/* The dispatcher refuses a state-changing request made with a session
	 * cookie unless it carries this token (see csrf_token_ok in server.c). */
	if (req->csrf_token)
		ui_hidden(resp, "csrf", req->csrf_token);
}

void ui_not_found(Req *req, Resp *resp)
{
	buf_reset(&resp->body);
	const char *title = T(req, "Not found");
	ui_page_begin(req, resp, title);
	ui_printf(resp, "<h1>%h</h1>\n<p>%h</p>\n", title,
		  T(req, "There is no record at this address, or it is not visible to you."));
	ui_printf(resp,
		  "<ul>\n<li><a href=\"/orgs\">%h</a></li>\n<li><a href=\"/projects\">%h</a></li>\n"
		  "<li><a href=\"/search\">%h</a></li>\n</ul>\n",
		  T(req, "Organizations"), T(req, "Projects"), T(req, "Search"));
	ui_page_end(req, resp);
	resp->status = 404;
}

void ui_fail(Req *req, Resp *resp, Ctx *ctx, SvcStatus st)
{
	switch (st) {
	case SVC_OK:
		return;
	case SVC_NOT_FOUND:
		ui_not_found(req, resp);
		return;
	case SVC_FORBIDDEN:
		web_error(req, resp, 403, "forbidden", "You may not do this.");
		return;
	case SVC_INVALID:
		web_error(req, resp, 400, "invalid", "The request has invalid values.");
		return;
	case SVC_ERROR:
		/* The store's words stay in the log; the page says only that it failed. */
		fprintf(stderr, "hamahang: %s %s: store error: %s\n", req->method, req->path,
			ctx ? svc_error(ctx) : "?");
		web_error(req, resp, 500, "internal", "The database could not complete the request.");
		return;
	}
}

/* ---- names ---- */

static bool filled(const char *s)
{
	return s && *s;
}

const char *ui_pick(const Req *req, const char *en, const char *prs, const char *pus,
		    const char **lang)
{
	const char *want = req->lang ? req->lang : "en";
	const char *text = NULL, *chosen = "en";
	if (strcmp(want, "prs") == 0 && filled(prs))
		text = prs, chosen = "prs";
	else if (strcmp(want, "pus") == 0 && filled(pus))
		text = pus, chosen = "pus";
	else if (filled(en))
		text = en, chosen = "en";
	else if (filled(prs))
		text = prs, chosen = "prs";
	else if (filled(pus))
		text = pus, chosen = "pus";
	if (lang)
		*lang = chosen;
	return text ? text : "";
}

void ui_name(Req *req, Resp *resp, const char *en, const char *prs, const char *pus)
{
	const char *lang;
	const char *text = ui_pick(req, en, prs, pus, &lang);
	ui_printf(resp, "<bdi lang=\"%h\">%h</bdi>", i18n_html_lang(lang), text);
}

const char *ui_code(const Req *req, const CodeList *list, const char *code)
{
	if (!code)
		return "";
	const Code *c = codelist_find(list, code);
	if (!c)
		return code;
	const char *name = code_name(c, req->lang);
	return filled(name) ? name : c->code;
}

const char *ui_place_name(const Req *req, const Place *p)
{
	return ui_pick(req, p->name_en, p->name_prs, p->name_pus, NULL);
}

void ui_place_link(Req *req, Resp *resp, const Gazetteer *g, const char *pcode, bool with_province)
{
	const Place *p = pcode ? gaz_get(g, pcode) : NULL;
	if (!p) {
		ui_printf(resp, "<bdi>%h</bdi>", pcode ? pcode : "");
		return;
	}
	ui_printf(resp, "<a href=\"/places/%U\"><bdi>%h</bdi></a>", p->pcode, ui_place_name(req, p));
	if (with_province && p->level == PLACE_DISTRICT) {
		const Place *prov = gaz_get(g, p->parent_pcode);
		if (prov)
			ui_printf(resp, "%h <bdi>%h</bdi>", T(req, ","), ui_place_name(req, prov));
	}
}

void ui_org_link(Req *req, Resp *resp, int64_t id, const char *name)
{
	(void)req;
	ui_printf(resp, "<a href=\"/orgs/%lld\"><bdi>%h</bdi></a>", (long long)id, name ? name : "");
}

const char *ui_org_name(const Req *req, const Org *o)
{
	return ui_pick(req, o->name_en, o->name_prs, o->name_pus, NULL);
}

/* ---- paging ---- */

/* The request's path with its query, offset replaced; in the arena, not
 * yet HTML-escaped. */
static const char *page_href(Req *req, int offset)
{
	Buf b;
	buf_init(&b, 0);
	buf_printf(&b, "%s?", req->path && req->path[0] == '/' ? req->path : "/");
	for (size_t i = 0; i < req->query_count; i++)
		if (strcmp(req->query[i].name, "offset") != 0 && req->query[i].value[0])
			buf_printf(&b, "%U=%U&", req->query[i].name, req->query[i].value);
	buf_printf(&b, "offset=%d", offset);
	const char *href = arena_strndup(req->arena, buf_str(&b), b.used);
	buf_free(&b);
	return href;
}

void ui_pager(Req *req, Resp *resp, long long total, int limit, int offset)
{
	if (limit <= 0)
		return;
	long long first = total ? (long long)offset + 1 : 0;
	long long last = (long long)offset + limit < total ? (long long)offset + limit : total;
	if (offset == 0 && total <= limit)
		return;
	ui_printf(resp, "<nav class=\"pager\" aria-label=\"%h\">\n<p class=\"results-count\">%h %h–%h %h %h</p>\n",
		  T(req, "Pages"), T(req, "Showing"), ui_count(req->arena, first),
		  ui_count(req->arena, last), T(req, "of"), ui_count(req->arena, total));
	UI_LIT(resp, "<p class=\"actions\">");
	if (offset > 0) {
		int prev = offset - limit > 0 ? offset - limit : 0;
		ui_printf(resp, "<a class=\"button secondary\" rel=\"prev\" href=\"%h\">%h</a> ",
			  page_href(req, prev), T(req, "Previous"));
	}
	if ((long long)offset + limit < total)
		ui_printf(resp, "<a class=\"button secondary\" rel=\"next\" href=\"%h\">%h</a>",
			  page_href(req, offset + limit), T(req, "Next"));
	UI_LIT(resp, "</p>\n</nav>\n");
}

/* ---- numbers out ---- */

/* Copies the digits of an unsigned decimal text with ',' between groups of three. */
static void group_digits(Buf *b, const char *digits)
{
	size_t n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_putc(b, ',');
		buf_putc(b, digits[i]);
	}
}

const char *ui_decimal(Arena *a, double value)
{
	if (!isfinite(value))
		return "";
	char text[64];
	double whole;
	bool fraction = modf(fabs(value), &whole) != 0 && fabs(value) < 1e15;
	snprintf(text, sizeof text, fraction ? "%.2f" : "%.0f", fabs(value));
	const char *decimals = NULL;
	char *dot = strchr(text, '.');
	if (dot) {
		*dot = '\0';
		decimals = dot + 1;
		/* "12.50" reads "12.5". */
		for (char *end = dot + 1 + strlen(decimals); end > dot + 1 && end[-1] == '0'; end--)
			end[-1] = '\0';
	}
	Buf b;
	buf_init(&b, 0);
	if (value < 0)
		buf_putc(&b, '-');
	group_digits(&b, text);
	if (decimals && *decimals && strcmp(decimals, "0") != 0)
		buf_printf(&b, ".%s", decimals);
	const char *out = arena_strndup(a, buf_str(&b), b.used);
	buf_free(&b);
	return out;
}

const char *ui_count(Arena *a, long long value)
{
	if (value == NUM_UNKNOWN)
		return "";
	char digits[32];
	snprintf(digits, sizeof digits, "%llu",
		 value < 0 ? 0ull - (unsigned long long)value : (unsigned long long)value);
	Buf b;
	buf_init(&b, 0);
	if (value < 0)
		buf_putc(&b, '-');
	group_digits(&b, digits);
	const char *out = arena_strndup(a, buf_str(&b), b.used);
	buf_free(&b);
	return out;
}

/* ---- numbers in ---- */

#define NUMBER_MAX_CHARS 40

/* Rewrites a typed number as plain ASCII into out[NUMBER_MAX_CHARS + 1]:
 * Persian (U+06F0..) and Arabic-Indic (U+0660..) digits become ASCII, the
 * Arabic decimal separator becomes '.', and thousands separators (',' and
 * U+066C) are dropped where they separate groups of three digits. Returns
 * false for anything else: a sign, letters, a separator out of place
 * ("12,5" is refused, not read as 125). */
static bool number_ascii(const char *text, char *out, bool allow_point)
{
	size_t n = 0;
	bool point = false;
	int since_sep = -1;   /* digits since the last thousands separator; -1 before any */
	size_t lead = 0;      /* digits before the first separator */
	const unsigned char *p = (const unsigned char *)text;
	while (*p) {
		int digit = -1;
		bool sep = false, dec = false;
		if (*p >= '0' && *p <= '9') {
			digit = *p - '0';
			p++;
		} else if (p[0] == 0xDB && p[1] >= 0xB0 && p[1] <= 0xB9) {
			digit = p[1] - 0xB0;
			p += 2;
		} else if (p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9) {
			digit = p[1] - 0xA0;
			p += 2;
		} else if (*p == ',') {
			sep = true;
			p++;
		} else if (p[0] == 0xD9 && p[1] == 0xAC) {
			sep = true;
			p += 2;
		} else if (*p == '.') {
			dec = true;
			p++;
		} else if (p[0] == 0xD9 && p[1] == 0xAB) {
			dec = true;
			p += 2;
		} else {
			return false;
		}
		if (digit >= 0) {
			if (n >= NUMBER_MAX_CHARS)
				return false;
			out[n++] = (char)('0' + digit);
			if (!point) {
				if (since_sep >= 0)
					since_sep++;
				else
					lead++;
			}
		} else if (sep) {
			if (point || lead == 0 || lead > 3 || (since_sep >= 0 && since_sep != 3))
				return false;
			since_sep = 0;
		} else if (dec) {
			if (!allow_point || point || n == 0 || n >= NUMBER_MAX_CHARS ||
			    (since_sep >= 0 && since_sep != 3))
				return false;
			point = true;
			out[n++] = '.';
		}
	}
	if (n == 0 || out[n - 1] == '.' || (!point && since_sep >= 0 && since_sep != 3))
		return false;
	out[n] = '\0';
	return true;
}

/* Reads a typed number into ascii[]: 0 when the text is empty or only
 * spaces, 1 when it is a number (see number_ascii), -1 otherwise. */
static int number_text(const char *text, char ascii[NUMBER_MAX_CHARS + 1], bool allow_point)
{
	if (!text)
		return 0;
	size_t start = strspn(text, " \t\r\n");
	size_t len = strlen(text + start);
	while (len && strchr(" \t\r\n", text[start + len - 1]))
		len--;
	if (!len)
		return 0;
	char typed[NUMBER_MAX_CHARS * 2 + 1];
	if (len >= sizeof typed)
		return -1;
	memcpy(typed, text + start, len);
	typed[len] = '\0';
	return number_ascii(typed, ascii, allow_point) ? 1 : -1;
}

bool ui_form_count(const char *text, const char *field, long long *out, Errors *errs)
{
	char ascii[NUMBER_MAX_CHARS + 1];
	int read = number_text(text, ascii, false);
	if (read == 0)
		return true;
	if (read > 0) {
		errno = 0;
		char *end = NULL;
		long long v = strtoll(ascii, &end, 10);
		if (!errno && !*end && v >= 0 && v <= 1000000000000000LL) {
			*out = v;
			return true;
		}
	}
	errors_add(errs, field, "must be a whole number, written with digits", text);
	return false;
}

bool ui_form_decimal(const char *text, const char *field, double *out, bool *given, Errors *errs)
{
	char ascii[NUMBER_MAX_CHARS + 1];
	int read = number_text(text, ascii, true);
	if (given)
		*given = read != 0;
	if (read == 0)
		return true;
	if (read > 0) {
		errno = 0;
		char *end = NULL;
		double v = strtod(ascii, &end);
		if (!errno && !*end && isfinite(v) && v >= 0 && v <= 1e15) {
			*out = v;
			return true;
		}
	}
	errors_add(errs, field, "must be a number, written with digits", text);
	return false;
}

/* ---- text of list fields ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The trimmed text of s[0..len) in the arena; NULL when nothing is left. */
static const char *trim_n(Arena *a, const char *s, size_t len)
{
	while (len && is_space(*s))
		s++, len--;
	while (len && is_space(s[len - 1]))
		len--;
	return len ? arena_strndup(a, s, len) : NULL;
}

const char *ui_trim(Arena *a, const char *text)
{
	return text ? trim_n(a, text, strlen(text)) : NULL;
}

size_t ui_lines(Arena *a, const char *text, const char ***out)
{
	size_t count = 0, alloc = 0;
	const char **lines = NULL;
	for (const char *p = text; p && *p;) {
		size_t len = strcspn(p, "\n");
		const char *line = trim_n(a, p, len);
		if (line) {
			if (count == alloc) {
				size_t grown = alloc ? alloc * 2 : 8;
				const char **bigger = arena_alloc(a, grown * sizeof *bigger);
				if (count)
					memcpy(bigger, lines, count * sizeof *lines);
				lines = bigger;
				alloc = grown;
			}
			lines[count++] = line;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	*out = lines;
	return count;
}

/* The line number (from 1) of the index-th non-empty line of text; 0 when
 * there is no such line. */
static size_t line_of_item(const char *text, size_t index)
{
	size_t line = 0, items = 0;
	for (const char *p = text; p && *p;) {
		size_t len = strcspn(p, "\n");
		line++;
		bool blank = true;
		for (size_t i = 0; i < len; i++)
			if (!is_space(p[i]))
				blank = false;
		if (!blank && items++ == index)
			return line;
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}

/* The last "," or Arabic comma "،" (U+060C) in s[0..len), or NULL. */
static const char *last_comma(const char *s, size_t len)
{
	for (size_t i = len; i > 0; i--) {
		if (s[i - 1] == ',')
			return s + i - 1;
		if (i >= 2 && (unsigned char)s[i - 2] == 0xD8 && (unsigned char)s[i - 1] == 0x8C)
			return s + i - 2;
	}
	return NULL;
}

void ui_place_line(Arena *a, const char *line, UiPlaceLine *out)
{
	memset(out, 0, sizeof *out);
	size_t first = strcspn(line, "|");
	const char *comma = last_comma(line, first);
	if (comma) {
		out->place = trim_n(a, line, (size_t)(comma - line));
		size_t skip = *comma == ',' ? 1 : 2;
		out->within = trim_n(a, comma + skip, first - (size_t)(comma - line) - skip);
	} else {
		out->place = trim_n(a, line, first);
	}
	if (!line[first])
		return;
	const char *rest = line + first + 1;
	size_t second = strcspn(rest, "|");
	out->second = trim_n(a, rest, second);
	if (rest[second])
		out->third = ui_trim(a, rest + second + 1);
}

/* True when name resolves (inside within, when given) to exactly the place pcode. */
static bool resolves_to(const Gazetteer *g, const char *name, const char *within, const char *pcode)
{
	PlaceResult r;
	place_resolve(g, name, within, &r);
	return r.outcome == PLACE_MATCHED && strcmp(r.best.place->pcode, pcode) == 0;
}

const char *ui_place_text(Arena *a, const Gazetteer *g, const char *pcode)
{
	const Place *p = pcode ? gaz_get(g, pcode) : NULL;
	if (!p)
		return pcode ? arena_strdup(a, pcode) : "";
	if (p->level != PLACE_DISTRICT)
		return resolves_to(g, p->name_en, NULL, p->pcode) ? p->name_en : p->pcode;
	const Place *prov = gaz_get(g, p->parent_pcode);
	if (prov && resolves_to(g, prov->name_en, NULL, prov->pcode) &&
	    resolves_to(g, p->name_en, prov->pcode, p->pcode))
		return arena_printf(a, "%s, %s", p->name_en, prov->name_en);
	return p->pcode;
}

/* ---- list fields and their problems ---- */

/* True when field is prefix itself or an item of it ("offices[2].place"),
 * and then *index gets the item's number (or -1 for the list itself). */
static bool field_in_list(const char *field, const char *prefix, long *index)
{
	size_t n = strlen(prefix);
	if (strncmp(field, prefix, n) != 0)
		return false;
	if (field[n] == '\0') {
		*index = -1;
		return true;
	}
	if (field[n] != '[')
		return false;
	errno = 0;
	char *end = NULL;
	long i = strtol(field + n + 1, &end, 10);
	if (errno || end == field + n + 1 || *end != ']' || i < 0)
		return false;
	*index = i;
	return true;
}

bool ui_list_has_errors(const Errors *errs, const char *prefix)
{
	long index;
	for (size_t i = 0; errs && i < errs->count; i++)
		if (field_in_list(errs->items[i].field, prefix, &index))
			return true;
	return false;
}

void ui_list_errors(Req *req, Resp *resp, const Errors *errs, const char *prefix, const char *lines)
{
	if (!ui_list_has_errors(errs, prefix))
		return;
	ui_printf(resp, "<ul class=\"field-error\" id=\"%h-error\">\n", prefix);
	for (size_t i = 0; i < errs->count; i++) {
		const FieldError *e = &errs->items[i];
		long index;
		if (!field_in_list(e->field, prefix, &index))
			continue;
		/* The summary links to "#offices[1].place": the first problem of an
		 * item carries that id. The list itself is the control's id. */
		bool first = true;
		for (size_t j = 0; j < i; j++)
			if (strcmp(errs->items[j].field, e->field) == 0)
				first = false;
		if (index >= 0 && first)
			ui_printf(resp, "<li id=\"%h\">", e->field);
		else
			UI_LIT(resp, "<li>");
		size_t line = index >= 0 && lines ? line_of_item(lines, (size_t)index) : 0;
		if (line)
			ui_printf(resp, "%h %zu: ", T(req, "Line"), line);
		else if (index >= 0)
			ui_printf(resp, "%h %ld: ", T(req, "Item"), index + 1);
		ui_printf(resp, "%h", T(req, e->message));
		if (e->detail[0])
			ui_printf(resp, ": <bdi>%h</bdi>", e->detail);
		UI_LIT(resp, "</li>\n");
	}
	UI_LIT(resp, "</ul>\n");
}

void ui_list_textarea(Req *req, Resp *resp, const UiField *f, const Errors *errs)
{
	bool bad = ui_list_has_errors(errs, f->name);
	ui_printf(resp, "<div class=\"field%h\">\n<label for=\"%h\">%h", bad ? " has-error" : "", f->name,
		  T(req, f->label));
	if (f->required)
		ui_printf(resp, " <span class=\"required\" title=\"%h\">*</span>", T(req, "required"));
	ui_printf(resp, "</label>\n<textarea rows=\"6\" dir=\"auto\" id=\"%h\" name=\"%h\"", f->name, f->name);
	if (f->required)
		UI_LIT(resp, " required");
	if (bad)
		UI_LIT(resp, " aria-invalid=\"true\"");
	if (f->hint || bad) {
		UI_LIT(resp, " aria-describedby=\"");
		if (f->hint)
			ui_printf(resp, "%h-hint", f->name);
		if (f->hint && bad)
			UI_LIT(resp, " ");
		if (bad)
			ui_printf(resp, "%h-error", f->name);
		UI_LIT(resp, "\"");
	}
	/* The newline after the start tag is dropped by the parser. */
	ui_printf(resp, ">\n%h</textarea>\n", f->value ? f->value : "");
	if (f->hint)
		ui_printf(resp, "<p class=\"field-hint\" id=\"%h-hint\">%h</p>\n", f->name, T(req, f->hint));
	ui_list_errors(req, resp, errs, f->name, f->value);
	UI_LIT(resp, "</div>\n");
}

void ui_checkboxes(Req *req, Resp *resp, const char *name, const char *legend, const CodeList *list,
		   const char *const *checked, size_t count, const Errors *errs)
{
	bool bad = ui_list_has_errors(errs, name);
	ui_printf(resp, "<fieldset id=\"%h\" class=\"checks%h\"", name, bad ? " has-error" : "");
	if (bad)
		ui_printf(resp, " aria-describedby=\"%h-error\"", name);
	ui_printf(resp, ">\n<legend>%h</legend>\n", T(req, legend));
	for (size_t i = 0; i < list->count; i++) {
		const Code *c = &list->items[i];
		bool on = false;
		for (size_t j = 0; j < count && !on; j++)
			on = checked[j] && strcmp(checked[j], c->code) == 0;
		ui_printf(resp, "<div><label><input type=\"checkbox\" name=\"%h\" value=\"%h\"%h> %h</label></div>\n",
			  name, c->code, on ? " checked" : "", ui_code(req, list, c->code));
	}
	ui_list_errors(req, resp, errs, name, NULL);
	UI_LIT(resp, "</fieldset>\n");
}

/* ---- after a save ---- */

/* The words for the field a warning is about: the list it belongs to
 * ("offices[1].place" is about the offices), as a message id. */
static const char *warning_subject(const char *field)
{
	static const struct {
		const char *prefix;
		const char *label;
	} lists[] = {
		{"offices", N_("Offices")}, {"places", N_("Places")},   {"results", N_("Results")},
		{"orgs", N_("Organizations")}, {"sectors", N_("Sectors")}, {"aliases", N_("Other names and spellings")},
	};
	long index;
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		if (field_in_list(field, lists[i].prefix, &index))
			return lists[i].label;
	return field;
}

void ui_saved_page(Req *req, Resp *resp, const char *title, const char *href, const Errors *warns,
		   bool hidden_from_reader)
{
	ui_page_begin(req, resp, title);
	ui_printf(resp, "<h1>%h</h1>\n<p role=\"status\">%h</p>\n", title, T(req, "The record was saved."));
	if (warns && warns->count) {
		ui_printf(resp, "<div class=\"conflict\">\n<p>%h</p>\n<ul>\n",
			  T(req, "Some values were read with a guess. Check them, and correct the record if a guess is wrong:"));
		for (size_t i = 0; i < warns->count; i++) {
			const FieldError *w = &warns->items[i];
			ui_printf(resp, "<li><strong>%h</strong>: %h", T(req, warning_subject(w->field)), T(req, w->message));
			if (w->detail[0])
				ui_printf(resp, ": <bdi>%h</bdi>", w->detail);
			UI_LIT(resp, "</li>\n");
		}
		UI_LIT(resp, "</ul>\n</div>\n");
	}
	if (hidden_from_reader)
		ui_printf(resp, "<p>%h</p>\n",
			  T(req, "The record is not public: you will see it once you have signed in with an account that may read it."));
	ui_printf(resp, "<p class=\"actions\"><a class=\"button\" href=\"%h\">%h</a> <a class=\"button secondary\" href=\"%h/edit\">%h</a></p>\n",
		  href, T(req, "Open the record"), href, T(req, "Edit"));
	ui_page_end(req, resp);
}

UiOption *ui_org_options(Req *req, Arena *a, const OrgList *orgs)
{
	UiOption *opts = arena_alloc(a, (orgs->count ? orgs->count : 1) * sizeof *opts);
	for (size_t i = 0; i < orgs->count; i++) {
		const Org *o = &orgs->items[i];
		const char *name = ui_org_name(req, o);
		opts[i].value = arena_printf(a, "%lld", (long long)o->id);
		opts[i].label = filled(o->acronym) ? arena_printf(a, "%s (%s)", name, o->acronym) : name;
	}
	return opts;
}

/* ---- options of selects ---- */

UiOption *ui_code_options(Req *req, const CodeList *list, size_t *count)
{
	UiOption *opts = arena_alloc(req->arena, (list->count ? list->count : 1) * sizeof *opts);
	for (size_t i = 0; i < list->count; i++) {
		opts[i].value = list->items[i].code;
		opts[i].label = ui_code(req, list, list->items[i].code);
	}
	*count = list->count;
	return opts;
}

static int option_cmp(const void *a, const void *b)
{
	return strcmp(((const UiOption *)a)->label, ((const UiOption *)b)->label);
}

UiOption *ui_province_options(Req *req, const Gazetteer *g, size_t *count)
{
	size_t n = 0, places = gaz_count(g);
	for (size_t i = 0; i < places; i++)
		if (gaz_at(g, i)->level == PLACE_PROVINCE)
			n++;
	UiOption *opts = arena_alloc(req->arena, (n ? n : 1) * sizeof *opts);
	n = 0;
	for (size_t i = 0; i < places; i++) {
		const Place *p = gaz_at(g, i);
		if (p->level != PLACE_PROVINCE)
			continue;
		opts[n].value = p->pcode;
		opts[n].label = ui_place_name(req, p);
		n++;
	}
	qsort(opts, n, sizeof *opts, option_cmp);
	*count = n;
	return opts;
}

/* ---- words of closed vocabularies ---- */

typedef struct Word {
	const char *value; /* as stored */
	const char *label; /* message id */
} Word;

static const char *word_of(const Word *words, size_t n, const char *value)
{
	if (!value)
		return "";
	for (size_t i = 0; i < n; i++)
		if (strcmp(words[i].value, value) == 0)
			return words[i].label;
	return value;
}

const char *ui_project_status(const char *status)
{
	static const Word words[] = {{"planned", N_("Planned")}, {"ongoing", N_("Ongoing")},
				     {"completed", N_("Completed")}, {"cancelled", N_("Cancelled")}};
	return word_of(words, sizeof words / sizeof words[0], status);
}

const char *ui_org_status(const char *status)
{
	static const Word words[] = {{"active", N_("Active")}, {"inactive", N_("Inactive")},
				     {"suspended", N_("Suspended")}, {"dissolved", N_("Dissolved")}};
	return word_of(words, sizeof words / sizeof words[0], status);
}

const char *ui_role(const char *role)
{
	static const Word words[] = {{"implementing", N_("Implementing")}, {"funding", N_("Funding")},
				     {"intermediary", N_("Intermediary")}};
	return word_of(words, sizeof words / sizeof words[0], role);
}

const char *ui_visibility(Visibility v)
{
	switch (v) {
	case VIS_PUBLIC: return N_("Public");
	case VIS_MEMBERS: return N_("Members (signed-in users)");
	case VIS_RESTRICTED: return N_("Restricted");
	}
	return N_("Restricted");
}

const char *ui_span(Req *req, const char *start, const char *end)
{
	bool has_start = filled(start), has_end = filled(end);
	if (has_start && has_end)
		return arena_printf(req->arena, "%s – %s", start, end);
	if (has_start)
		return arena_printf(req->arena, "%s %s", T(req, "from"), start);
	if (has_end)
		return arena_printf(req->arena, "%s %s", T(req, "until"), end);
	return "";
}

/* ---- projects as a table ---- */

#define TABLE_MAX_PROVINCES 6

/* The provinces of a project's places (a district counts for its
 * province), each once, linked; at most TABLE_MAX_PROVINCES, then "+N". */
static void project_provinces(Req *req, Resp *resp, const Gazetteer *g, const Project *p)
{
	const char *seen[TABLE_MAX_PROVINCES];
	size_t shown = 0, more = 0;
	for (size_t i = 0; i < p->place_count; i++) {
		const Place *pl = p->places[i].pcode ? gaz_get(g, p->places[i].pcode) : NULL;
		if (pl && pl->level == PLACE_DISTRICT)
			pl = gaz_get(g, pl->parent_pcode);
		if (!pl || pl->level != PLACE_PROVINCE)
			continue;
		bool dup = false;
		for (size_t j = 0; j < shown && !dup; j++)
			dup = strcmp(seen[j], pl->pcode) == 0;
		if (dup)
			continue;
		if (shown == TABLE_MAX_PROVINCES) {
			more++;
			continue;
		}
		if (shown)
			ui_printf(resp, "%h ", T(req, ","));
		ui_place_link(req, resp, g, pl->pcode, false);
		seen[shown++] = pl->pcode;
	}
	if (more)
		ui_printf(resp, " +%zu", more);
}

void ui_project_table(Req *req, Resp *resp, const RefData *ref, const ProjectList *list)
{
	if (list->count == 0) {
		ui_printf(resp, "<p class=\"muted\">%h</p>\n", T(req, "No projects."));
		return;
	}
	ui_printf(resp, "<div class=\"table-wrap\">\n<table>\n<thead><tr><th scope=\"col\">%h</th><th scope=\"col\">%h</th>"
			"<th scope=\"col\">%h</th><th scope=\"col\">%h</th><th scope=\"col\">%h</th></tr></thead>\n<tbody>\n",
		  T(req, "Project"), T(req, "Organizations"), T(req, "Provinces"), T(req, "Status"), T(req, "Dates"));
	for (size_t i = 0; i < list->count; i++) {
		const Project *p = &list->items[i];
		ui_printf(resp, "<tr><th scope=\"row\"><a href=\"/projects/%lld\">", (long long)p->id);
		ui_name(req, resp, p->title_en, p->title_prs, p->title_pus);
		UI_LIT(resp, "</a></th><td>");
		for (size_t j = 0; j < p->org_count; j++) {
			if (j)
				UI_LIT(resp, "<br>");
			ui_org_link(req, resp, p->orgs[j].org_id, p->orgs[j].org_name);
			ui_printf(resp, " <span class=\"muted\">(%h)</span>", T(req, ui_role(p->orgs[j].role)));
		}
		UI_LIT(resp, "</td><td>");
		project_provinces(req, resp, ref->gaz, p);
		ui_printf(resp, "</td><td>%h</td><td><bdi>%h</bdi></td></tr>\n", T(req, ui_project_status(p->status)),
			  ui_span(req, p->start_date, p->end_date));
	}
	UI_LIT(resp, "</tbody>\n</table>\n</div>\n");
}

/* ---- query parameters ---- */

const char *ui_query_code(Req *req, const char *name, const CodeList *list, const char *message,
			  Errors *errs)
{
	const char *v = req_query(req, name);
	if (!v || !*v)
		return NULL;
	if (!codelist_find(list, v)) {
		errors_add(errs, name, message, v);
		return NULL;
	}
	return v;
}

int64_t ui_query_id(Req *req, const char *name, Errors *errs)
{
	const char *v = req_query(req, name);
	int64_t id = 0;
	if (v && *v && !parse_id(v, &id)) {
		errors_add(errs, name, "must be the number of a record", v);
		id = 0;
	}
	return id;
}

static const char *reason_tr(void *lang, const char *msgid)
{
	return i18n_tr(lang, msgid);
}

const char *ui_pair_reasons(Req *req, const RefData *ref, const DedupPair *d)
{
	if (!d->why)
		return d->reasons ? d->reasons : "";
	Buf b;
	buf_init(&b, 0);
	match_reasons_text(d->why, ref, req->lang, reason_tr, (void *)req->lang, &b);
	const char *out = arena_strdup(req->arena, buf_str(&b));
	buf_free(&b);
	return out;
}
