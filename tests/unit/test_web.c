/*
 * test_web.c — the web framework, driven over a real socket: web_serve runs
 * in a thread on 127.0.0.1 with a small table of test handlers, and each
 * test speaks HTTP/1.1 to it with tests/http/http_client.c. Checks what a
 * client sees: statuses, headers, bodies, the language, limits, caching,
 * and that the route table and the HTML formatter refuse what they must.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"
/* The unit-test rule of the Makefile links only tests/lib; the HTTP client
 * is compiled in here, from its one source. */
#include "../http/http_client.c"
#include "web/http.h"
#include "web/json.h"
#include "web/ui.h"

/* ---- handlers of the test table ---- */

/* A page with a value that needs escaping, and a field with an error. */
static void page_hello(Req *req, Resp *resp)
{
	ui_page_begin(req, resp, T(req, "Organizations"));
	ui_printf(resp, "<h1>%h</h1>\n<p class=\"said\">%h</p>\n", T(req, "Organizations"),
	          req_query(req, "say"));
	UiField name = {.name = "name",
	                .label = "Name",
	                .value = "Aga \"Khan\" <AKF>",
	                .required = true,
	                .error = "must not be empty",
	                .error_detail = "x<y"};
	ui_input(req, resp, &name);
	ui_page_end(req, resp);
}

/* Echoes what the dispatcher parsed, as JSON. */
static void api_echo(Req *req, Resp *resp)
{
	json_t *query = json_array();
	for (size_t i = 0; i < req->query_count; i++)
		json_array_append_new(query,
		                      json_pack("[ss]", req->query[i].name, req->query[i].value));
	json_t *xs = json_array();
	const char *values[8];
	size_t n = req_query_all(req, "x", values, 8);
	for (size_t i = 0; i < n && i < 8; i++)
		json_array_append_new(xs, json_string(values[i]));
	json_t *params = json_array();
	for (size_t i = 0; i < WEB_MAX_PARAMS && req->params[i]; i++)
		json_array_append_new(params, json_string(req->params[i]));
	resp_json(resp, 200,
	          json_pack("{s:s,s:s,s:o,s:o,s:o,s:I,s:s,s:s,s:s?}", "method", req->method, "path",
	                    req->path, "query", query, "x", xs, "params", params, "body_len",
	                    (json_int_t)req->body_len, "lang", req->lang, "client", req->client,
	                    "q", req_query(req, "q")));
}

/* Parses a JSON body and sends it back. */
static void api_post(Req *req, Resp *resp)
{
	json_t *body;
	if (json_body_parse(req, &body, resp) != 0)
		return;
	resp_json(resp, 201, json_pack("{s:o}", "got", body));
}

/* Echoes the form. */
static void form_post(Req *req, Resp *resp)
{
	json_t *s = json_array();
	const char *values[8];
	size_t n = req_form_all(req, "s", values, 8);
	for (size_t i = 0; i < n && i < 8; i++)
		json_array_append_new(s, json_string(values[i]));
	resp_json(resp, 200,
	          json_pack("{s:s?,s:s?,s:o}", "name", req_form(req, "name"), "note",
	                    req_form(req, "note"), "s", s));
}

static void redirect_out(Req *req, Resp *resp)
{
	resp_redirect(resp, req_query(req, "to"));
}

static void too_big(Req *req, Resp *resp)
{
	(void)req;
	resp_html(resp);
	for (int i = 0; i < 70000; i++)
		UI_LIT(resp, "<p>0123456789</p>\n");
}

static void secret(Req *req, Resp *resp)
{
	(void)req;
	resp_json_text(resp, 200, "{\"secret\":true}");
}

static void org_new(Req *req, Resp *resp)
{
	(void)req;
	resp_json_text(resp, 200, "{\"page\":\"new\"}");
}

static const Route test_routes[] = {
    {"GET", "/hello", page_hello, PERM_PUBLIC, false},
    {"GET", "/api/echo", api_echo, PERM_PUBLIC, false},
    {"POST", "/api/echo", api_post, PERM_PUBLIC, false},
    {"GET", "/orgs/{id}", api_echo, PERM_PUBLIC, false},
    {"GET", "/orgs/new", org_new, PERM_PUBLIC, false},
    {"GET", "/orgs/{id}/projects/{project}", api_echo, PERM_PUBLIC, false},
    {"POST", "/form", form_post, PERM_PUBLIC, true},
    {"GET", "/redirect", redirect_out, PERM_PUBLIC, false},
    {"GET", "/big", too_big, PERM_PUBLIC, false},
    {"GET", "/edit", secret, PERM_EDIT, false},
    {"GET", "/api/admin", secret, PERM_ADMIN, false},
};

/* ---- the server in a thread ---- */

typedef struct TestServer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t ready_cond;
	int port;                   /* 0 until listening */
	int result;                 /* web_serve's return */
	bool done;                  /* web_serve returned */
	volatile sig_atomic_t stop; /* set by the teardown */
	FILE *log;                  /* the access log */
	WebConfig cfg;
} TestServer;

static TestServer server;

static void on_ready(void *arg, int port)
{
	TestServer *s = arg;
	pthread_mutex_lock(&s->lock);
	s->port = port;
	pthread_cond_signal(&s->ready_cond);
	pthread_mutex_unlock(&s->lock);
}

static void *serve_thread(void *arg)
{
	TestServer *s = arg;
	int rc = web_serve(&s->cfg);
	pthread_mutex_lock(&s->lock);
	s->result = rc;
	s->done = true;
	pthread_cond_signal(&s->ready_cond);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static int server_start(void **state)
{
	(void)state;
	pthread_mutex_init(&server.lock, NULL);
	pthread_cond_init(&server.ready_cond, NULL);
	server.log = tmpfile();
	server.cfg = (WebConfig){
	    .listen = "127.0.0.1:0",
	    .routes = test_routes,
	    .route_count = sizeof test_routes / sizeof test_routes[0],
	    .stop = &server.stop,
	    .max_response = 1u << 20,
	    .access_log = server.log,
	    .on_ready = on_ready,
	    .ready_arg = &server,
	};
	if (pthread_create(&server.thread, NULL, serve_thread, &server) != 0)
		return -1;
	pthread_mutex_lock(&server.lock);
	while (!server.port && !server.done)
		pthread_cond_wait(&server.ready_cond, &server.lock);
	pthread_mutex_unlock(&server.lock);
	return server.port ? 0 : -1;
}

static int server_stop(void **state)
{
	(void)state;
	server.stop = 1;
	pthread_join(server.thread, NULL);
	fclose(server.log);
	return server.result;
}

/* One request to the test server; fails the test when no answer comes. */
static void ask(const char *method, const char *path, const char *headers, const char *body,
                size_t body_len, HttpAnswer *out)
{
	int rc = http_request("127.0.0.1", server.port, method, path, headers, body, body_len, out);
	assert_int_equal(rc, 0);
}

static json_t *answer_json(const HttpAnswer *a)
{
	json_error_t err;
	json_t *j = json_loadb(a->body, a->body_len, 0, &err);
	if (!j)
		fail_msg("not JSON (%s): %s", err.text, a->body);
	return j;
}

static const char *json_path(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void assert_security_headers(const HttpAnswer *a)
{
	assert_string_equal(
	    http_answer_header(a, "Content-Security-Policy"),
	    "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; "
	    "base-uri 'none'; form-action 'self'");
	assert_string_equal(http_answer_header(a, "X-Content-Type-Options"), "nosniff");
	assert_string_equal(http_answer_header(a, "Referrer-Policy"), "same-origin");
	assert_string_equal(http_answer_header(a, "X-Frame-Options"), "DENY");
}

/* ---- tests ---- */

static void test_page_has_security_headers_and_escapes(void **state)
{
	(void)state;
	HttpAnswer a;
	ask("GET", "/hello?say=%3Cscript%3Ealert(1)%3C/script%3E", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	assert_security_headers(&a);
	assert_string_equal(http_answer_header(&a, "Content-Type"), "text/html; charset=utf-8");
	assert_non_null(http_answer_header(&a, "ETag"));
	assert_string_equal(http_answer_header(&a, "Cache-Control"), "private, no-cache");
	/* Answered on the last call, so the connection stays open. */
	assert_null(http_answer_header(&a, "Connection"));
	char length[32];
	snprintf(length, sizeof length, "%zu", a.body_len);
	assert_string_equal(http_answer_header(&a, "Content-Length"), length);
	assert_non_null(strstr(a.body, "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"));
	assert_non_null(strstr(a.body, "<meta name=\"viewport\""));
	assert_non_null(strstr(a.body, "<link rel=\"stylesheet\" href=\"/static/site."));
	assert_non_null(strstr(a.body, "<a href=\"/orgs\">Organizations</a>"));
	assert_non_null(
	    strstr(a.body, "<p class=\"said\">&lt;script&gt;alert(1)&lt;/script&gt;</p>"));
	assert_null(strstr(a.body, "<script>"));
	/* The field shows its value escaped and its error beside it. */
	assert_non_null(strstr(a.body, "value=\"Aga &quot;Khan&quot; &lt;AKF&gt;\""));
	assert_non_null(strstr(a.body, "aria-describedby=\"name-error\""));
	assert_non_null(strstr(
	    a.body, "<p class=\"field-error\" id=\"name-error\">must not be empty: x&lt;y</p>"));
	http_answer_free(&a);

	ask("HEAD", "/hello", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	assert_int_equal(a.body_len, 0);
	assert_non_null(http_answer_header(&a, "ETag"));
	http_answer_free(&a);
}

static void test_not_found_json_under_api_html_elsewhere(void **state)
{
	(void)state;
	HttpAnswer a;
	ask("GET", "/api/nothing/here", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 404);
	assert_security_headers(&a);
	assert_string_equal(http_answer_header(&a, "Content-Type"),
	                    "application/json; charset=utf-8");
	json_t *j = answer_json(&a);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
	                    "not_found");
	assert_non_null(json_object_get(json_object_get(j, "error"), "message"));
	json_decref(j);
	http_answer_free(&a);

	ask("GET", "/nothing/here", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 404);
	assert_security_headers(&a);
	assert_string_equal(http_answer_header(&a, "Content-Type"), "text/html; charset=utf-8");
	assert_non_null(strstr(a.body, "<!DOCTYPE html>"));
	assert_non_null(strstr(a.body, "<h1>Page not found</h1>"));
	http_answer_free(&a);

	/* A trailing slash is another address. */
	ask("GET", "/hello/", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 404);
	http_answer_free(&a);
}

static void test_method_not_allowed_lists_allow(void **state)
{
	(void)state;
	HttpAnswer a;
	ask("DELETE", "/hello", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 405);
	assert_string_equal(http_answer_header(&a, "Allow"), "GET, HEAD");
	assert_non_null(strstr(a.body, "<!DOCTYPE html>"));
	assert_security_headers(&a);
	http_answer_free(&a);

	ask("PUT", "/api/echo", "Content-Type: application/json\r\n", "{}", 2, &a);
	assert_int_equal(a.status, 405);
	assert_string_equal(http_answer_header(&a, "Allow"), "GET, HEAD, POST");
	json_t *j = answer_json(&a);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
	                    "method_not_allowed");
	json_decref(j);
	http_answer_free(&a);
}

static void test_body_over_one_mib_is_413(void **state)
{
	(void)state;
	size_t len = 2u << 20;
	char *body = malloc(len);
	assert_non_null(body);
	memset(body, 'a', len);
	HttpAnswer a;
	ask("POST", "/api/echo", "Content-Type: application/json\r\n", body, len, &a);
	assert_int_equal(a.status, 413);
	assert_security_headers(&a);
	json_t *j = answer_json(&a);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
	                    "too_large");
	json_decref(j);
	http_answer_free(&a);

	/* The client announces it and waits, as curl does for large bodies. */
	ask("POST", "/form",
	    "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n", body,
	    len, &a);
	assert_int_equal(a.status, 413);
	assert_non_null(strstr(a.body, "<!DOCTYPE html>"));
	http_answer_free(&a);

	/* Exactly at the cap is fine (and then the JSON is refused for what it is). */
	ask("POST", "/api/echo", "Content-Type: application/json\r\n", body, 1u << 20, &a);
	assert_int_equal(a.status, 400);
	http_answer_free(&a);
	free(body);
}

static void test_api_post_must_be_json(void **state)
{
	(void)state;
	HttpAnswer a;
	ask("POST", "/api/echo", "Content-Type: text/plain\r\n", "{\"a\":1}", 7, &a);
	assert_int_equal(a.status, 415);
	json_t *j = answer_json(&a);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
	                    "unsupported_media_type");
	json_decref(j);
	http_answer_free(&a);

	ask("POST", "/api/echo", NULL, "{\"a\":1}", 7, &a);
	assert_int_equal(a.status, 415);
	http_answer_free(&a);

	const char *json = "{\"a\":\"ا\"}";
	ask("POST", "/api/echo", "Content-Type: application/json; charset=utf-8\r\n", json,
	    strlen(json), &a);
	assert_int_equal(a.status, 201);
	j = answer_json(&a);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "got"), "a")),
	                    "ا");
	json_decref(j);
	/* UTF-8 stays UTF-8 in answers. */
	assert_non_null(strstr(a.body, "ا"));
	http_answer_free(&a);
}

static void test_bad_json_says_where(void **state)
{
	(void)state;
	HttpAnswer a;
	const char *bad = "{\"a\": 1,\n \"b\": }";
	ask("POST", "/api/echo", "Content-Type: application/json\r\n", bad, strlen(bad), &a);
	assert_int_equal(a.status, 400);
	json_t *j = answer_json(&a);
	json_t *error = json_object_get(j, "error");
	assert_string_equal(json_path(error, "code"), "bad_json");
	assert_non_null(strstr(json_path(error, "message"), "line 2, column"));
	json_decref(j);
	http_answer_free(&a);

	ask("POST", "/api/echo", "Content-Type: application/json\r\n", "[1,2]", 5, &a);
	assert_int_equal(a.status, 400);
	assert_non_null(strstr(a.body, "must be a JSON object"));
	http_answer_free(&a);

	char deep[200];
	memset(deep, '[', 100);
	memset(deep + 100, ']', 100);
	deep[0] = '{';
	ask("POST", "/api/echo", "Content-Type: application/json\r\n", deep, sizeof deep, &a);
	assert_int_equal(a.status, 400);
	assert_non_null(strstr(a.body, "nested more than"));
	http_answer_free(&a);

	ask("POST", "/api/echo", "Content-Type: application/json\r\n", "{\"a\":1,\"a\":2}", 13, &a);
	assert_int_equal(a.status, 400);
	assert_non_null(strstr(a.body, "duplicate"));
	http_answer_free(&a);
}

static void test_oversized_headers_are_refused(void **state)
{
	(void)state;
	size_t len = 20u << 10;
	char *headers = malloc(len + 32);
	assert_non_null(headers);
	memcpy(headers, "X-Big: ", 7);
	memset(headers + 7, 'a', len);
	memcpy(headers + 7 + len, "\r\n", 3);
	HttpAnswer a;
	ask("GET", "/api/echo", headers, NULL, 0, &a);
	assert_int_equal(a.status, 431);
	assert_security_headers(&a);
	json_t *j = answer_json(&a);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
	                    "headers_too_large");
	json_decref(j);
	http_answer_free(&a);
	free(headers);

	/* Past what the connection's memory holds, the library answers itself. */
	len = 64u << 10;
	headers = malloc(len + 32);
	assert_non_null(headers);
	memcpy(headers, "X-Big: ", 7);
	memset(headers + 7, 'a', len);
	memcpy(headers + 7 + len, "\r\n", 3);
	ask("GET", "/hello", headers, NULL, 0, &a);
	assert_int_equal(a.status, 431);
	http_answer_free(&a);
	free(headers);

	/* Just under the cap is served. */
	len = 15u << 10;
	headers = malloc(len + 32);
	assert_non_null(headers);
	memcpy(headers, "X-Big: ", 7);
	memset(headers + 7, 'a', len);
	memcpy(headers + 7 + len, "\r\n", 3);
	ask("GET", "/hello", headers, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	http_answer_free(&a);
	free(headers);
}

static void test_path_params_decoded(void **state)
{
	(void)state;
	HttpAnswer a;
	ask("GET", "/orgs/%D8%A7%20b+c/projects/42", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	json_t *j = answer_json(&a);
	json_t *params = json_object_get(j, "params");
	assert_int_equal(json_array_size(params), 2);
	/* In a path '+' is a plus; %20 a space. */
	assert_string_equal(json_string_value(json_array_get(params, 0)), "ا b+c");
	assert_string_equal(json_string_value(json_array_get(params, 1)), "42");
	assert_string_equal(json_path(j, "path"), "/orgs/ا b+c/projects/42");
	json_decref(j);
	http_answer_free(&a);

	/* A literal segment wins over a {name} one, whatever the table order. */
	ask("GET", "/orgs/new", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.body, "{\"page\":\"new\"}");
	http_answer_free(&a);

	/* An escaped slash stays inside its segment. */
	ask("GET", "/orgs/a%2Fb", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	j = answer_json(&a);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "params"), 0)),
	                    "a/b");
	json_decref(j);
	http_answer_free(&a);

	/* A NUL byte or bytes that are not UTF-8 are refused. */
	ask("GET", "/orgs/a%00b", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 400);
	http_answer_free(&a);
	ask("GET", "/api/echo?q=%FF", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 400);
	json_decref(answer_json(&a));
	http_answer_free(&a);
}

static void test_query_parsing(void **state)
{
	(void)state;
	HttpAnswer a;
	ask("GET", "/api/echo?q=a%20b+c%2B&x=1&x=2&x=%D8%A7&empty=&flag", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	json_t *j = answer_json(&a);
	assert_string_equal(json_path(j, "q"), "a b c+");
	json_t *xs = json_object_get(j, "x");
	assert_int_equal(json_array_size(xs), 3);
	assert_string_equal(json_string_value(json_array_get(xs, 0)), "1");
	assert_string_equal(json_string_value(json_array_get(xs, 1)), "2");
	assert_string_equal(json_string_value(json_array_get(xs, 2)), "ا");
	json_t *query = json_object_get(j, "query");
	assert_int_equal(json_array_size(query), 6);
	assert_string_equal(json_string_value(json_array_get(json_array_get(query, 4), 0)),
	                    "empty");
	assert_string_equal(json_string_value(json_array_get(json_array_get(query, 4), 1)), "");
	assert_string_equal(json_string_value(json_array_get(json_array_get(query, 5), 0)), "flag");
	assert_string_equal(json_string_value(json_array_get(json_array_get(query, 5), 1)), "");
	assert_string_equal(json_path(j, "path"), "/api/echo");
	assert_string_equal(json_path(j, "client"), "127.0.0.1");
	json_decref(j);
	http_answer_free(&a);
}

static void test_form_parsing_and_cross_site_posts(void **state)
{
	(void)state;
	HttpAnswer a;
	const char *form = "name=Aga+Khan&note=%3Cb%3E+%26+%D8%A7&s=1&s=2";
	ask("POST", "/form", "Content-Type: application/x-www-form-urlencoded\r\n", form,
	    strlen(form), &a);
	assert_int_equal(a.status, 200);
	json_t *j = answer_json(&a);
	assert_string_equal(json_path(j, "name"), "Aga Khan");
	assert_string_equal(json_path(j, "note"), "<b> & ا");
	assert_int_equal(json_array_size(json_object_get(j, "s")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "s"), 1)), "2");
	json_decref(j);
	http_answer_free(&a);

	/* Same site: the Origin's host is the Host. */
	char headers[256];
	snprintf(
	    headers, sizeof headers,
	    "Content-Type: application/x-www-form-urlencoded\r\nOrigin: http://127.0.0.1:%d\r\n",
	    server.port);
	ask("POST", "/form", headers, form, strlen(form), &a);
	assert_int_equal(a.status, 200);
	http_answer_free(&a);

	ask("POST", "/form",
	    "Content-Type: application/x-www-form-urlencoded\r\nOrigin: https://evil.example\r\n",
	    form, strlen(form), &a);
	assert_int_equal(a.status, 403);
	assert_non_null(strstr(a.body, "<!DOCTYPE html>"));
	http_answer_free(&a);

	ask("POST", "/form",
	    "Content-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: cross-site\r\n",
	    form, strlen(form), &a);
	assert_int_equal(a.status, 403);
	http_answer_free(&a);
}

static void test_etag_and_not_modified(void **state)
{
	(void)state;
	HttpAnswer a;
	ask("GET", "/api/echo?x=1", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	const char *tag = http_answer_header(&a, "ETag");
	assert_non_null(tag);
	assert_int_equal(tag[0], '"');
	char etag[64];
	snprintf(etag, sizeof etag, "%s", tag);
	http_answer_free(&a);

	char headers[128];
	snprintf(headers, sizeof headers, "If-None-Match: %s\r\n", etag);
	ask("GET", "/api/echo?x=1", headers, NULL, 0, &a);
	assert_int_equal(a.status, 304);
	assert_int_equal(a.body_len, 0);
	assert_string_equal(http_answer_header(&a, "ETag"), etag);
	assert_security_headers(&a);
	http_answer_free(&a);

	snprintf(headers, sizeof headers, "If-None-Match: \"0000\", W/%s\r\n", etag);
	ask("GET", "/api/echo?x=1", headers, NULL, 0, &a);
	assert_int_equal(a.status, 304);
	http_answer_free(&a);

	/* Another body, another tag. */
	snprintf(headers, sizeof headers, "If-None-Match: %s\r\n", etag);
	ask("GET", "/api/echo?x=2", headers, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_not_equal(http_answer_header(&a, "ETag"), etag);
	http_answer_free(&a);
}

static void test_static_css_cached_for_good(void **state)
{
	(void)state;
	HttpAnswer a;
	/* Pages link the stylesheet under a name that holds its content's hash. */
	ask("GET", "/hello", NULL, NULL, 0, &a);
	const char *link = strstr(a.body, "rel=\"stylesheet\" href=\"");
	assert_non_null(link);
	link += strlen("rel=\"stylesheet\" href=\"");
	char hashed[128];
	snprintf(hashed, sizeof hashed, "%.*s", (int)strcspn(link, "\""), link);
	http_answer_free(&a);
	assert_int_equal(strlen(hashed), strlen("/static/site.0123456789ab.css"));
	assert_null(strchr(hashed, '?'));

	/* Under the plain name, a short lifetime: its content may change. */
	ask("GET", "/static/site.css", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(http_answer_header(&a, "Cache-Control"), "public, max-age=300");
	size_t plain_len = a.body_len;
	http_answer_free(&a);

	/* Another hash (an old page's) is not served under the immutable name. */
	char stale[128];
	snprintf(stale, sizeof stale, "%s", hashed);
	stale[strlen("/static/site.")] = stale[strlen("/static/site.")] == '0' ? '1' : '0';
	ask("GET", stale, NULL, NULL, 0, &a);
	assert_int_equal(a.status, 404);
	http_answer_free(&a);

	/* Compressed once for a client that takes gzip, and said so. */
	ask("GET", hashed, "Accept-Encoding: deflate, gzip;q=0.8\r\n", NULL, 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(http_answer_header(&a, "Content-Encoding"), "gzip");
	assert_string_equal(http_answer_header(&a, "Vary"), "Accept-Encoding");
	assert_true(a.body_len < plain_len / 2);
	assert_int_equal((unsigned char)a.body[0], 0x1f); /* the gzip magic */
	assert_int_equal((unsigned char)a.body[1], 0x8b);
	http_answer_free(&a);
	ask("GET", hashed, "Accept-Encoding: gzip;q=0\r\n", NULL, 0, &a);
	assert_null(http_answer_header(&a, "Content-Encoding"));
	assert_int_equal(a.body_len, plain_len);
	http_answer_free(&a);

	ask("GET", hashed, NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(http_answer_header(&a, "Content-Type"), "text/css; charset=utf-8");
	assert_string_equal(http_answer_header(&a, "Cache-Control"),
	                    "public, max-age=31536000, immutable");
	assert_security_headers(&a);
	assert_non_null(strstr(a.body, "margin-inline"));
	assert_null(strstr(a.body, "margin-left"));
	assert_true(a.body_len < 6144);
	http_answer_free(&a);

	ask("GET", "/static/missing.css", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 404);
	http_answer_free(&a);
	ask("GET", "/static/..%2Fsite.css", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 404);
	http_answer_free(&a);
}

static void test_language_from_query_cookie_and_header(void **state)
{
	(void)state;
	HttpAnswer a;
	ask("GET", "/hello?lang=prs&say=x", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body, "<html lang=\"fa-AF\" dir=\"rtl\">"));
	assert_non_null(strstr(a.body, "<h1>نهادها</h1>"));
	assert_string_equal(http_answer_header(&a, "Set-Cookie"),
	                    "hh_lang=prs; Path=/; SameSite=Lax; Max-Age=31536000");
	/* The switch keeps the other parameters. */
	assert_non_null(strstr(a.body, "href=\"/hello?say=x&amp;lang=pus\""));
	http_answer_free(&a);

	ask("GET", "/hello", "Cookie: theme=dark; hh_lang=pus\r\n", NULL, 0, &a);
	assert_non_null(strstr(a.body, "<html lang=\"ps\" dir=\"rtl\">"));
	assert_non_null(strstr(a.body, "<h1>بنسټونه</h1>"));
	assert_null(http_answer_header(&a, "Set-Cookie"));
	http_answer_free(&a);

	ask("GET", "/hello", "Accept-Language: de, ps;q=0.8, en;q=0.5\r\n", NULL, 0, &a);
	assert_non_null(strstr(a.body, "dir=\"rtl\""));
	http_answer_free(&a);

	ask("GET", "/hello?lang=xx", "Accept-Language: fr\r\n", NULL, 0, &a);
	assert_non_null(strstr(a.body, "<html lang=\"en\" dir=\"ltr\">"));
	assert_null(http_answer_header(&a, "Set-Cookie"));
	http_answer_free(&a);
}

static void test_permission_and_redirect_and_cap(void **state)
{
	(void)state;
	HttpAnswer a;
	ask("GET", "/edit", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 401);
	assert_non_null(strstr(a.body, "<!DOCTYPE html>"));
	http_answer_free(&a);
	ask("GET", "/api/admin", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 401);
	assert_null(strstr(a.body, "secret"));
	json_decref(answer_json(&a));
	http_answer_free(&a);

	ask("GET", "/redirect?to=/orgs%3Fq%3D1", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 303);
	assert_string_equal(http_answer_header(&a, "Location"), "/orgs?q=1");
	http_answer_free(&a);
	ask("GET", "/redirect?to=//evil.example/", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 303);
	assert_string_equal(http_answer_header(&a, "Location"), "/");
	http_answer_free(&a);
	ask("GET", "/redirect?to=/a%0D%0ASet-Cookie:%20x=1", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 303);
	assert_string_equal(http_answer_header(&a, "Location"), "/");
	assert_null(http_answer_header(&a, "Set-Cookie"));
	http_answer_free(&a);

	/* A page past the response cap is not sent half. */
	ask("GET", "/big", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 500);
	assert_true(a.body_len < 10000);
	http_answer_free(&a);
}

static void test_access_log_has_no_query(void **state)
{
	(void)state;
	HttpAnswer a;
	ask("GET", "/api/echo?token=hunter2", NULL, NULL, 0, &a);
	assert_int_equal(a.status, 200);
	http_answer_free(&a);
	ask("POST", "/form", "Content-Type: application/x-www-form-urlencoded\r\n",
	    "password=hunter3", 16, &a);
	http_answer_free(&a);
	/* The line is written when the request completes, just after the answer. */
	char text[65536];
	size_t n = 0;
	for (int tries = 0; tries < 100; tries++) {
		fflush(server.log);
		int fd = fileno(server.log);
		n = (size_t)pread(fd, text, sizeof text - 1, 0);
		text[n] = '\0';
		if (strstr(text, "POST /form 200 "))
			break;
		usleep(10000);
	}
	assert_non_null(strstr(text, "GET /api/echo 200 "));
	assert_non_null(strstr(text, "POST /form 200 "));
	assert_null(strstr(text, "hunter"));
	assert_null(strstr(text, "token"));
}

/* ---- without the server ---- */

static void dummy(Req *req, Resp *resp)
{
	(void)req;
	(void)resp;
}

static void test_route_table_check(void **state)
{
	(void)state;
	Buf why;
	buf_init(&why, 0);
	assert_int_equal(
	    web_routes_check(test_routes, sizeof test_routes / sizeof test_routes[0], &why), 0);
	assert_string_equal(buf_str(&why), "");

	/* The perm left out of the initializer: refused, not public. */
	const Route forgot_perm[] = {{.method = "GET", .pattern = "/x", .handler = dummy}};
	assert_int_equal(web_routes_check(forgot_perm, 1, &why), -1);
	assert_non_null(strstr(buf_str(&why), "no permission"));
	buf_reset(&why);

	const Route bad_perm[] = {{"GET", "/x", dummy, (Perm)42, false}};
	assert_int_equal(web_routes_check(bad_perm, 1, &why), -1);
	buf_reset(&why);

	const Route no_handler[] = {{"GET", "/x", NULL, PERM_PUBLIC, false}};
	assert_int_equal(web_routes_check(no_handler, 1, &why), -1);
	assert_non_null(strstr(buf_str(&why), "no handler"));
	buf_reset(&why);

	const Route bad[] = {
	    {"GET", "x", dummy, PERM_PUBLIC, false},
	    {"GET", "/a/{id", dummy, PERM_PUBLIC, false},
	    {"GET", "/a/{a}/{b}/{c}/{d}/{e}", dummy, PERM_PUBLIC, false},
	    {"FETCH", "/a", dummy, PERM_PUBLIC, false},
	    {"GET", "/a//b", dummy, PERM_PUBLIC, false},
	    {"GET", "/orgs/{id}", dummy, PERM_PUBLIC, false},
	    {"GET", "/orgs/{org}", dummy, PERM_PUBLIC, false},
	};
	assert_int_equal(web_routes_check(bad, sizeof bad / sizeof bad[0], &why), -1);
	const char *text = buf_str(&why);
	assert_non_null(strstr(text, "route 0 (GET x): the pattern must start with '/'"));
	assert_non_null(strstr(text, "route 1 "));
	assert_non_null(
	    strstr(text, "route 2 (GET /a/{a}/{b}/{c}/{d}/{e}): more than 4 parameters"));
	assert_non_null(strstr(text, "route 3 (FETCH /a): the method"));
	assert_non_null(strstr(text, "route 4 (GET /a//b): the pattern has an empty segment"));
	assert_non_null(strstr(text, "route 6 (GET /orgs/{org}): same method and path as route 5"));
	buf_free(&why);

	/* And the server will not start with such a table. */
	WebConfig cfg = {.listen = "127.0.0.1:0", .routes = forgot_perm, .route_count = 1};
	int saved = dup(2);
	int null_fd = open("/dev/null", O_WRONLY);
	dup2(null_fd, 2);
	int rc = web_serve(&cfg);
	dup2(saved, 2);
	close(saved);
	close(null_fd);
	assert_int_equal(rc, -1);
}

static void test_raw_string_in_html_aborts(void **state)
{
	(void)state;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null_fd = open("/dev/null", O_WRONLY);
		dup2(null_fd, 2);
		Arena *arena = arena_new();
		Resp resp = {.arena = arena};
		buf_init(&resp.body, 0);
		ui_printf(&resp, "<p>%s</p>", "<script>");
		_exit(0); /* not reached when the formatter refuses */
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);

	/* The same with %h is fine, and escapes. */
	Arena *arena = arena_new();
	Resp resp = {.arena = arena};
	buf_init(&resp.body, 0);
	ui_printf(&resp, "<p>%h</p>", "<script>");
	UI_LIT(&resp, "<br>");
	assert_string_equal(buf_str(&resp.body), "<p>&lt;script&gt;</p><br>");
	buf_free(&resp.body);
	arena_free(arena);
}

static void test_arena(void **state)
{
	(void)state;
	Arena *a = arena_new();
	char *s = arena_strdup(a, "هماهنگ");
	assert_string_equal(s, "هماهنگ");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_null(arena_strdup(a, NULL));
	assert_string_equal(arena_printf(a, "%s=%U (%d)", "q", "a b/ی", 7), "q=a%20b%2F%DB%8C (7)");
	/* Many small pieces and one large one, all aligned and distinct. */
	char *prev = NULL;
	for (int i = 0; i < 5000; i++) {
		long double *p = arena_alloc(a, sizeof *p * 3);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		*p = i;
		assert_true((char *)p != prev);
		prev = (char *)p;
	}
	char *big = arena_zalloc(a, 100000);
	for (size_t i = 0; i < 100000; i++)
		assert_int_equal(big[i], 0);
	assert_true(arena_size(a) > 100000);
	arena_free(a);
	arena_free(NULL);
}

static void test_i18n(void **state)
{
	(void)state;
	assert_string_equal(i18n_tr("en", "Organizations"), "Organizations");
	assert_string_equal(i18n_tr("prs", "Organizations"), "نهادها");
	assert_string_equal(i18n_tr("pus", "Province"), "ولایت");
	assert_string_equal(i18n_tr("prs", "no such message"), "no such message");
	assert_string_equal(i18n_tr(NULL, "Home"), "Home");
	assert_string_equal(i18n_dir("prs"), "rtl");
	assert_string_equal(i18n_dir("pus"), "rtl");
	assert_string_equal(i18n_dir("en"), "ltr");
	assert_true(i18n_lang_valid("pus"));
	assert_false(i18n_lang_valid("ps"));
	assert_false(i18n_lang_valid(NULL));
	assert_string_equal(i18n_from_accept_language("fa-AF,fa;q=0.9,en-US;q=0.8"), "prs");
	assert_string_equal(i18n_from_accept_language("en-GB, ps;q=0.4"), "en");
	assert_string_equal(i18n_from_accept_language("de;q=1, ps;q=0.4, en;q=0.3"), "pus");
	assert_null(i18n_from_accept_language("de, fr"));
	assert_null(i18n_from_accept_language("en;q=0"));
}

int main(void)
{
	const struct CMUnitTest over_socket[] = {
	    cmocka_unit_test(test_page_has_security_headers_and_escapes),
	    cmocka_unit_test(test_not_found_json_under_api_html_elsewhere),
	    cmocka_unit_test(test_method_not_allowed_lists_allow),
	    cmocka_unit_test(test_body_over_one_mib_is_413),
	    cmocka_unit_test(test_api_post_must_be_json),
	    cmocka_unit_test(test_bad_json_says_where),
	    cmocka_unit_test(test_oversized_headers_are_refused),
	    cmocka_unit_test(test_path_params_decoded),
	    cmocka_unit_test(test_query_parsing),
	    cmocka_unit_test(test_form_parsing_and_cross_site_posts),
	    cmocka_unit_test(test_etag_and_not_modified),
	    cmocka_unit_test(test_static_css_cached_for_good),
	    cmocka_unit_test(test_language_from_query_cookie_and_header),
	    cmocka_unit_test(test_permission_and_redirect_and_cap),
	    cmocka_unit_test(test_access_log_has_no_query),
	};
	const struct CMUnitTest alone[] = {
	    cmocka_unit_test(test_route_table_check),
	    cmocka_unit_test(test_raw_string_in_html_aborts),
	    cmocka_unit_test(test_arena),
	    cmocka_unit_test(test_i18n),
	};
	int failed = cmocka_run_group_tests_name("web over a socket", over_socket, server_start,
	                                         server_stop);
	failed += cmocka_run_group_tests_name("web framework pieces", alone, NULL, NULL);
	return failed;
}
