/*
 * test_http_crawl.c — walks the whole demo site as its readers would: as
 * an anonymous visitor and signed in as an editor, a coordinator and an
 * administrator, in English, Dari and Pashto, following every same-site
 * link from the home page.
 *
 * The anonymous visitor walks in every language; each signed-in reader in
 * one (the editor in Dari, the coordinator in Pashto, the administrator in
 * English), which keeps the test to a few thousand requests while every
 * role and every language is walked.
 *
 * Every page must answer (no 4xx or 5xx on a link, except a sign-in wall
 * for the anonymous visitor), carry the right lang and dir, parse as HTML
 * without errors, and weigh at most 60 KB uncompressed together with its
 * stylesheet. Anonymous pages are fetched with Accept-Encoding: gzip and
 * must come compressed when above 1 KB; the stylesheet must be served
 * under its content-hashed name with a long, immutable cache lifetime.
 *
 * HTML is checked with libxml2's HTML parser: it is the parser Debian
 * already carries for us (libxml2-dev), it reports every error with a code,
 * and it knows HTML 4's elements only, so its "unknown tag" notice for the
 * HTML5 elements we use (header, nav, main, section…) is the one kind of
 * report left out. Unclosed or misnested elements, stray end tags, bad
 * entities and broken attributes all fail the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <zlib.h>

#include "http_client.h"
#include "server_proc.h"

#define PAGE_BUDGET    (60 * 1024) /* bytes of a page with its stylesheet */
#define MAX_PAGES      4000        /* pages one walk may visit: keeps the test bounded */
#define MAX_PATH       512         /* longest link followed */
#define PASSWORD       "a long enough passphrase"
#define PASSWORD_FORM  "a+long+enough+passphrase"
#define DEMO_ORG       59 /* an organization of the demo data, for the editor */

static ServerProc server;

typedef struct Reader {
	const char *name;  /* for messages */
	int lang;          /* the index in LANGS[] of its one language; -1: all of them */
	const char *login; /* NULL for anonymous */
	const char *role;  /* for `user add` */
	char cookie[256];  /* the session cookie, once signed in */
} Reader;

static Reader readers[] = {
    {.name = "anonymous", .lang = -1},
    {.name = "editor", .lang = 1, .login = "crawl-editor", .role = "editor"},
    {.name = "coordinator", .lang = 2, .login = "crawl-coord", .role = "coordinator"},
    {.name = "admin", .lang = 0, .login = "crawl-admin", .role = "admin"},
};

static const char *const LANGS[][3] = {
    {"en", "en", "ltr"}, {"prs", "fa-AF", "rtl"}, {"pus", "ps", "rtl"}};

/* What one walk has seen. */
typedef struct Walk {
	char *queue[MAX_PAGES]; /* paths to visit, then visited; owned */
	size_t count;           /* entries in queue[] */
	size_t visited;         /* entries of queue[] already fetched */
	size_t css_bytes;       /* size of the stylesheet, added to each page */
	size_t largest;         /* the largest page seen, with its stylesheet */
	char largest_path[MAX_PATH];
} Walk;

/* ---- HTML errors from libxml2 ---- */

static char html_errors[4096];
static size_t html_error_count;

static void on_html_error(void *ctx, const xmlError *e)
{
	(void)ctx;
	if (e->code == XML_HTML_UNKNOWN_TAG) /* HTML5 elements: see the top of the file */
		return;
	html_error_count++;
	size_t used = strlen(html_errors);
	if (used < sizeof html_errors - 200)
		snprintf(html_errors + used, sizeof html_errors - used, "  line %d: %s", e->line,
		         e->message ? e->message : "?\n");
}

/* ---- helpers ---- */

/* Inflates a gzip body into a new NUL-terminated string (the caller frees). */
static char *gunzip(const char *data, size_t len, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	size_t cap = len * 8 + 1024, used = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	int rc;
	do {
		if (cap - used < 1024) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		z.next_out = (Bytef *)out + used;
		z.avail_out = (uInt)(cap - used - 1);
		rc = inflate(&z, Z_NO_FLUSH);
		used = cap - 1 - z.avail_out;
	} while (rc == Z_OK);
	inflateEnd(&z);
	if (rc != Z_STREAM_END)
		fail_msg("a gzip body does not inflate (%d)", rc);
	out[used] = '\0';
	*out_len = used;
	return out;
}

static void fetch(const Reader *r, const char *lang, const char *path, bool gzip, HttpAnswer *a)
{
	char headers[512];
	snprintf(headers, sizeof headers, "Cookie: hh_lang=%s%s%s\r\n%s", lang,
	         r->cookie[0] ? "; " : "", r->cookie, gzip ? "Accept-Encoding: gzip\r\n" : "");
	if (http_request("127.0.0.1", server.port, "GET", path, headers, NULL, 0, a) != 0)
		fail_msg("GET %s as %s in %s: no answer", path, r->name, lang);
}

static void sign_in(Reader *r)
{
	assert_int_equal(server_add_user(&server, r->login, r->role,
	                                 strcmp(r->role, "editor") == 0 ? DEMO_ORG : 0, PASSWORD,
	                                 NULL, 0),
	                 0);
	char body[256];
	snprintf(body, sizeof body, "login=%s&password=" PASSWORD_FORM, r->login);
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/login",
	                              "Content-Type: application/x-www-form-urlencoded\r\n", body,
	                              strlen(body), &a),
	                 0);
	if (a.status != 303)
		fail_msg("signing in %s: %d", r->login, a.status);
	const char *set = http_answer_header(&a, "Set-Cookie");
	assert_non_null(set);
	snprintf(r->cookie, sizeof r->cookie, "%.*s", (int)strcspn(set, ";"), set);
	http_answer_free(&a);
}

/* Adds a same-site link to the walk unless seen; "&amp;" already decoded
 * by the parser. Links that only switch the language are left to the
 * walks in those languages. */
static void enqueue(Walk *w, const char *href)
{
	if (href[0] != '/' || href[1] == '/' || strlen(href) >= MAX_PATH)
		return;
	if (strstr(href, "lang="))
		return;
	char path[MAX_PATH];
	snprintf(path, sizeof path, "%.*s", (int)strcspn(href, "#"), href);
	for (size_t i = 0; i < w->count; i++)
		if (strcmp(w->queue[i], path) == 0)
			return;
	if (w->count == MAX_PAGES)
		fail_msg("more than %d pages: the walk is unbounded (%s)", MAX_PAGES, path);
	w->queue[w->count++] = strdup(path);
}

static void collect_links(Walk *w, xmlNode *node)
{
	for (xmlNode *n = node; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    (xmlStrcasecmp(n->name, BAD_CAST "a") == 0 ||
		     xmlStrcasecmp(n->name, BAD_CAST "link") == 0)) {
			xmlChar *href = xmlGetProp(n, BAD_CAST "href");
			if (href) {
				enqueue(w, (const char *)href);
				xmlFree(href);
			}
		}
		collect_links(w, n->children);
	}
}

/* Checks one HTML page and queues its links. */
static void check_page(Walk *w, const Reader *r, const char *const lang[3], const char *path,
                       const char *html, size_t len)
{
	if (len + w->css_bytes > w->largest) {
		w->largest = len + w->css_bytes;
		snprintf(w->largest_path, sizeof w->largest_path, "%s", path);
	}
	if (len + w->css_bytes > PAGE_BUDGET)
		fail_msg("%s as %s in %s: %zu bytes with its stylesheet, over the %d budget", path,
		         r->name, lang[0], len + w->css_bytes, PAGE_BUDGET);
	html_errors[0] = '\0';
	html_error_count = 0;
	htmlDocPtr doc = htmlReadMemory(html, (int)len, path, "UTF-8", HTML_PARSE_NONET);
	if (!doc)
		fail_msg("%s as %s in %s does not parse", path, r->name, lang[0]);
	if (html_error_count)
		fail_msg("%s as %s in %s: %zu HTML errors:\n%s", path, r->name, lang[0],
		         html_error_count, html_errors);
	xmlNode *root = xmlDocGetRootElement(doc);
	assert_non_null(root);
	xmlChar *l = xmlGetProp(root, BAD_CAST "lang");
	xmlChar *d = xmlGetProp(root, BAD_CAST "dir");
	if (!l || !d || strcmp((char *)l, lang[1]) != 0 || strcmp((char *)d, lang[2]) != 0)
		fail_msg("%s as %s in %s: <html lang=\"%s\" dir=\"%s\">, wanted lang=\"%s\" dir=\"%s\"",
		         path, r->name, lang[0], l ? (char *)l : "(none)", d ? (char *)d : "(none)",
		         lang[1], lang[2]);
	xmlFree(l);
	xmlFree(d);
	collect_links(w, root);
	xmlFreeDoc(doc);
}

/* The stylesheet the home page links to: its size, and its caching. */
static size_t check_stylesheet(const Reader *r, const char *href)
{
	if (!strstr(href, "/static/site.") || strchr(href, '?'))
		fail_msg("the stylesheet is not under a content-hashed name: %s", href);
	HttpAnswer a;
	fetch(r, "en", href, false, &a);
	assert_int_equal(a.status, 200);
	const char *cache = http_answer_header(&a, "Cache-Control");
	if (!cache || !strstr(cache, "immutable") || !strstr(cache, "max-age=31536000"))
		fail_msg("%s: Cache-Control %s", href, cache ? cache : "(none)");
	size_t len = a.body_len;
	http_answer_free(&a);
	return len;
}

static void walk(Reader *r, const char *const lang[3])
{
	Walk w = {0};
	bool anonymous = r->login == NULL;
	enqueue(&w, "/");
	size_t pages = 0;
	for (w.visited = 0; w.visited < w.count; w.visited++) {
		const char *path = w.queue[w.visited];
		HttpAnswer a;
		fetch(r, lang[0], path, anonymous, &a);
		if (a.status == 401 && anonymous) {
			/* a sign-in wall, shown to visitors: not broken */
			http_answer_free(&a);
			continue;
		}
		if (a.status >= 400)
			fail_msg("link %s as %s in %s answers %d", path, r->name, lang[0], a.status);
		const char *type = http_answer_header(&a, "Content-Type");
		const char *encoding = http_answer_header(&a, "Content-Encoding");
		char *body = a.body;
		size_t len = a.body_len;
		char *inflated = NULL;
		if (encoding) {
			if (strcmp(encoding, "gzip") != 0)
				fail_msg("%s: Content-Encoding %s", path, encoding);
			inflated = gunzip(a.body, a.body_len, &len);
			body = inflated;
		}
		if (type && strstr(type, "text/html")) {
			if (anonymous && len > 1024 && !encoding)
				fail_msg("%s: %zu bytes sent uncompressed to a client that takes gzip", path, len);
			const char *vary = http_answer_header(&a, "Vary");
			if (anonymous && (!vary || !strstr(vary, "Accept-Encoding")))
				fail_msg("%s: Vary lacks Accept-Encoding", path);
			if (w.css_bytes == 0) {
				const char *css = strstr(body, "rel=\"stylesheet\" href=\"");
				assert_non_null(css);
				css += strlen("rel=\"stylesheet\" href=\"");
				char href[MAX_PATH];
				snprintf(href, sizeof href, "%.*s", (int)strcspn(css, "\""), css);
				w.css_bytes = check_stylesheet(r, href);
			}
			check_page(&w, r, lang, path, body, len);
			pages++;
		}
		free(inflated);
		http_answer_free(&a);
	}
	print_message("%s in %s: %zu pages, %zu links; largest %s, %zu bytes with its stylesheet\n",
	              r->name, lang[0], pages, w.count, w.largest_path, w.largest);
	assert_true(pages > 10);
	for (size_t i = 0; i < w.count; i++)
		free(w.queue[i]);
}

/* ---- tests ---- */

static int start(void **state)
{
	(void)state;
	xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)on_html_error);
	if (server_start(&server, 1) != 0)
		return -1;
	return 0;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

static void test_crawl(void **state)
{
	size_t who = (size_t)(uintptr_t)*state;
	Reader *r = &readers[who];
	if (r->login && !r->cookie[0])
		sign_in(r);
	for (int l = 0; l < 3; l++)
		if (r->lang < 0 || r->lang == l)
			walk(r, LANGS[l]);
}

/* The checker itself notices a broken page: a page cut in the middle of
 * an element fails to parse cleanly. */
static void test_checker_sees_errors(void **state)
{
	(void)state;
	static const char bad[] = "<!DOCTYPE html><html lang=\"en\" dir=\"ltr\"><head><title>x</title>"
	                          "</head><body><p><b>unclosed</i></p></table></body></html>";
	html_errors[0] = '\0';
	html_error_count = 0;
	htmlDocPtr doc = htmlReadMemory(bad, (int)strlen(bad), "bad", "UTF-8", HTML_PARSE_NONET);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	assert_true(html_error_count > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_checker_sees_errors),
	    cmocka_unit_test_prestate(test_crawl, (void *)(uintptr_t)0),
	    cmocka_unit_test_prestate(test_crawl, (void *)(uintptr_t)1),
	    cmocka_unit_test_prestate(test_crawl, (void *)(uintptr_t)2),
	    cmocka_unit_test_prestate(test_crawl, (void *)(uintptr_t)3),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
