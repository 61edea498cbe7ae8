/*
 * test_http_security.c — the defences of the real server, from outside:
 *
 *   - CSRF: a form post with a session cookie but no token, a wrong token,
 *     another session's token, or the right token from another site is
 *     refused and changes nothing; the JSON API with a cookie wants the
 *     token in X-CSRF-Token;
 *   - sessions: the cookie's attributes, a new token at each sign-in,
 *     sign-out ending the session on the server, a replayed cookie refused,
 *     the idle and absolute limits (the clock moved by moving the
 *     session's recorded times back);
 *   - failed sign-ins: an unknown login and a wrong password answered
 *     alike; an attempt too soon after a second failure refused unheard,
 *     right password or not;
 *   - the security headers on every answer, and no-store on signed-in ones;
 *   - injection: SQL, HTML and right-to-left payloads in every text field
 *     of organizations and projects, by the API and by the forms, come
 *     back byte for byte in JSON and escaped on the pages;
 *   - the audit trail: `hamahang check` passes on an untouched database
 *     and names the entry changed or removed by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "http_client.h"
#include "server_proc.h"
#include "testlib.h"

#define PASSWORD      "a long enough passphrase"
#define PASSWORD_FORM "a+long+enough+passphrase"
#define FORM_TYPE     "Content-Type: application/x-www-form-urlencoded\r\n"
#define JSON_TYPE     "Content-Type: application/json\r\n"

static ServerProc server;
static char admin_token[128];
static long long lso;

/* A signed-in browser: its cookie header line and the session's CSRF token. */
typedef struct Session {
	char cookie[128]; /* "Cookie: hh_session=...\r\n" */
	char value[64];   /* the token alone */
	char csrf[64];
} Session;

/* ---- requests ---- */

/* Sends a request with header lines (or NULL) and a body (or NULL). */
static void send_raw(const char *method, const char *path, const char *headers, const char *body,
		     HttpAnswer *a)
{
	if (http_request("127.0.0.1", server.port, method, path, headers, body, body ? strlen(body) : 0, a) != 0)
		fail_msg("%s %s: no answer", method, path);
}

/* An API call with the admin's token that must answer want; the JSON (caller decrefs). */
static json_t *admin_json(const char *method, const char *path, const char *body, int want)
{
	char headers[256];
	snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n%s", admin_token, body ? JSON_TYPE : "");
	HttpAnswer a;
	send_raw(method, path, headers, body, &a);
	if (a.status != want)
		fail_msg("%s %s as admin: %d, wanted %d: %s", method, path, a.status, want, a.body);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	if (!j && a.body_len)
		fail_msg("%s %s: not JSON: %s", method, path, a.body);
	http_answer_free(&a);
	return j;
}

/* The admin's view of a record, as text (caller frees). */
static char *record_text(const char *path)
{
	json_t *j = admin_json("GET", path, NULL, 200);
	char *text = json_dumps(j, JSON_SORT_KEYS);
	json_decref(j);
	return text;
}

static long long total(const char *path)
{
	json_t *j = admin_json("GET", path, NULL, 200);
	long long n = (long long)json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

/* Posts the login form; the caller reads and frees the answer. */
static void post_login(const char *login, const char *password_form, const char *extra, HttpAnswer *a)
{
	char body[256], headers[512];
	snprintf(body, sizeof body, "login=%s&password=%s", login, password_form);
	snprintf(headers, sizeof headers, FORM_TYPE "%s", extra ? extra : "");
	send_raw("POST", "/login", headers, body, a);
}

/* Signs in through the form and reads the CSRF token from a page. */
static void sign_in(const char *login, Session *s)
{
	HttpAnswer a;
	post_login(login, PASSWORD_FORM, NULL, &a);
	if (a.status != 303)
		fail_msg("signing in %s: %d", login, a.status);
	const char *set = http_answer_header(&a, "Set-Cookie");
	assert_non_null(set);
	assert_int_equal(strncmp(set, "hh_session=", 11), 0);
	snprintf(s->value, sizeof s->value, "%.*s", (int)strcspn(set + 11, ";"), set + 11);
	snprintf(s->cookie, sizeof s->cookie, "Cookie: hh_session=%s\r\n", s->value);
	http_answer_free(&a);
	send_raw("GET", "/", s->cookie, NULL, &a);
	const char *v = strstr(a.body, "name=\"csrf\" value=\"");
	if (!v)
		fail_msg("no CSRF token on the page of %s", login);
	v += strlen("name=\"csrf\" value=\"");
	snprintf(s->csrf, sizeof s->csrf, "%.*s", (int)strcspn(v, "\""), v);
	http_answer_free(&a);
}

/* The CSRF token inside the form that posts to action; "" when that form
 * has none. */
static void form_csrf(const char *page, const char *action, char *out, size_t size)
{
	char tag[96];
	snprintf(tag, sizeof tag, "action=\"%s\"", action);
	const char *form = strstr(page, tag);
	if (!form)
		fail_msg("no form posting to %s on the page", action);
	const char *end = strstr(form, "</form>");
	const char *v = strstr(form, "name=\"csrf\" value=\"");
	out[0] = '\0';
	if (v && end && v < end) {
		v += strlen("name=\"csrf\" value=\"");
		snprintf(out, size, "%.*s", (int)strcspn(v, "\""), v);
	}
}

/* Sends with the session's cookie, and extra header lines. */
static int send_session(const Session *s, const char *extra, const char *method, const char *path,
			const char *body, HttpAnswer *a)
{
	char headers[1024];
	snprintf(headers, sizeof headers, "%s%s", s->cookie, extra ? extra : "");
	send_raw(method, path, headers, body, a);
	return a->status;
}

/* The status alone of a request made with the session. */
static int session_status(const Session *s, const char *extra, const char *method, const char *path,
			  const char *body)
{
	HttpAnswer a;
	int status = send_session(s, extra, method, path, body, &a);
	http_answer_free(&a);
	return status;
}

/* ---- set-up ---- */

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "sec-admin", "admin", 0, PASSWORD, admin_token, sizeof admin_token) != 0)
		return -1;
	json_t *j = admin_json("GET", "/api/v1/orgs?q=labor%20spring", NULL, 200);
	lso = (long long)json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
	json_decref(j);
	return lso > 0 ? 0 : -1;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* ---- CSRF ---- */

static void test_csrf(void **state)
{
	(void)state;
	Session s, other;
	sign_in("sec-admin", &s);
	sign_in("sec-admin", &other);
	assert_string_not_equal(s.csrf, other.csrf);

	const char *fields = "name_en=Forged+org&kind=cso&status=active&visibility=public&women_led=unknown";
	char body[512], origin[128];
	snprintf(origin, sizeof origin, FORM_TYPE "Origin: http://127.0.0.1:%d\r\n", server.port);
	long long count = total("/api/v1/orgs?limit=1");

	/* No token, a wrong one, another session's, the right one from another site. */
	snprintf(body, sizeof body, "%s", fields);
	assert_int_equal(session_status(&s, FORM_TYPE, "POST", "/orgs", body), 403);
	snprintf(body, sizeof body, "csrf=%.*sX&%s", (int)strlen(s.csrf) - 1, s.csrf, fields);
	assert_int_equal(session_status(&s, FORM_TYPE, "POST", "/orgs", body), 403);
	snprintf(body, sizeof body, "csrf=&%s", fields);
	assert_int_equal(session_status(&s, FORM_TYPE, "POST", "/orgs", body), 403);
	snprintf(body, sizeof body, "csrf=%s&%s", other.csrf, fields);
	assert_int_equal(session_status(&s, FORM_TYPE, "POST", "/orgs", body), 403);
	snprintf(body, sizeof body, "csrf=%s&%s", s.csrf, fields);
	assert_int_equal(session_status(&s, FORM_TYPE "Origin: http://evil.example\r\n", "POST", "/orgs", body), 403);
	assert_int_equal(session_status(&s, FORM_TYPE "Origin: null\r\n", "POST", "/orgs", body), 403);
	assert_int_equal(session_status(&s, FORM_TYPE "Sec-Fetch-Site: cross-site\r\n", "POST", "/orgs", body), 403);
	assert_int_equal(total("/api/v1/orgs?limit=1"), count);

	/* An update is guarded the same way. */
	char path[64], record[64];
	snprintf(path, sizeof path, "/orgs/%lld", lso);
	snprintf(record, sizeof record, "/api/v1/orgs/%lld", lso);
	char *before = record_text(record);
	const char *update = "name_en=Hijacked&kind=cso&status=active&visibility=public&women_led=unknown";
	assert_int_equal(session_status(&s, FORM_TYPE, "POST", path, update), 403);
	snprintf(body, sizeof body, "csrf=%s&%s", other.csrf, update);
	assert_int_equal(session_status(&s, FORM_TYPE, "POST", path, body), 403);
	snprintf(body, sizeof body, "csrf=%s&%s", s.csrf, update);
	assert_int_equal(session_status(&s, FORM_TYPE "Origin: https://evil.example\r\n", "POST", path, body), 403);
	/* Signing out is a form too: without the token the session lives on. */
	assert_int_equal(session_status(&s, FORM_TYPE, "POST", "/logout", ""), 403);
	assert_int_equal(session_status(&s, NULL, "GET", "/orgs/new", NULL), 200);
	char *after = record_text(record);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* The right token from this site is taken: the refusals above were the token's. */
	snprintf(body, sizeof body, "csrf=%s&%s", s.csrf, fields);
	HttpAnswer a;
	assert_int_equal(send_session(&s, origin, "POST", "/orgs", body, &a), 303);
	http_answer_free(&a);
	assert_int_equal(total("/api/v1/orgs?limit=1"), count + 1);

	/* The JSON API with a cookie wants the token in X-CSRF-Token. */
	const char *org = "{\"name_en\": \"Scripted org\", \"kind\": \"cso\", \"visibility\": \"public\"}";
	assert_int_equal(session_status(&s, JSON_TYPE, "POST", "/api/v1/orgs", org), 403);
	char headers[256];
	snprintf(headers, sizeof headers, JSON_TYPE "X-CSRF-Token: %s\r\n", other.csrf);
	assert_int_equal(session_status(&s, headers, "POST", "/api/v1/orgs", org), 403);
	assert_int_equal(session_status(&s, JSON_TYPE, "PATCH", record, "{\"source\": \"forged\"}"), 403);
	assert_int_equal(session_status(&s, NULL, "DELETE", record, NULL), 403);
	assert_int_equal(total("/api/v1/orgs?limit=1"), count + 1);
	before = record_text(record);
	assert_null(strstr(before, "forged"));
	free(before);
	snprintf(headers, sizeof headers, JSON_TYPE "X-CSRF-Token: %s\r\n", s.csrf);
	assert_int_equal(session_status(&s, headers, "POST", "/api/v1/orgs", org), 201);
	assert_int_equal(session_status(&s, headers, "PATCH", record, "{\"source\": \"scripted\"}"), 200);
	assert_int_equal(total("/api/v1/orgs?limit=1"), count + 2);
	/* Reading needs no token. */
	assert_int_equal(session_status(&s, NULL, "GET", record, NULL), 200);
}

/* ---- sessions ---- */

/* Runs SQL on the server's database (it is live: WAL lets both write). */
static void db_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		fail_msg("cannot open %s", path);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
	sqlite3_close(db);
}

/* The first column of the first row of a query with one text parameter (or NULL). */
static long long db_number(const char *path, const char *sql, const char *param)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long n = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (param)
			sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (n < 0)
		fail_msg("%s: failed", sql);
	return n;
}

/* Moves the clock of every session of a login: seconds back in time. */
static void age_sessions(const char *column, long long seconds)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE session SET %s = %s - %lld WHERE user_id = (SELECT id FROM app_user WHERE login = 'sec-clock')",
		 column, column, seconds);
	db_exec(server.db, sql);
}

static void test_sessions(void **state)
{
	(void)state;
	HttpAnswer a;
	/* The cookie: HttpOnly, SameSite=Strict, all paths, not Secure over plain HTTP. */
	post_login("sec-admin", PASSWORD_FORM, NULL, &a);
	assert_int_equal(a.status, 303);
	assert_int_equal(http_answer_header_count(&a, "Set-Cookie"), 1);
	const char *set = http_answer_header(&a, "Set-Cookie");
	assert_non_null(strstr(set, "; HttpOnly"));
	assert_non_null(strstr(set, "; SameSite=Strict"));
	assert_non_null(strstr(set, "; Path=/"));
	assert_null(strcasestr(set, "Secure"));
	char first[64];
	snprintf(first, sizeof first, "%.*s", (int)strcspn(set, ";"), set);
	http_answer_free(&a);
	/* Behind a proxy that says the browser came over TLS: Secure. */
	post_login("sec-admin", PASSWORD_FORM, "X-Forwarded-Proto: https\r\n", &a);
	assert_int_equal(a.status, 303);
	set = http_answer_header(&a, "Set-Cookie");
	assert_non_null(strstr(set, "; Secure"));
	assert_non_null(strstr(set, "; HttpOnly"));
	http_answer_free(&a);

	/* A new token at each sign-in, even from a browser signed in already,
	 * which posts the sign-in form as it finds it on the page. */
	Session s, again;
	sign_in("sec-admin", &s);
	char extra[256], csrf[64];
	snprintf(extra, sizeof extra, "Cookie: %s\r\n", first);
	send_raw("GET", "/login", extra, NULL, &a);
	form_csrf(a.body, "/login", csrf, sizeof csrf);
	http_answer_free(&a);
	char form[256];
	snprintf(form, sizeof form, "csrf=%s&login=sec-admin&password=" PASSWORD_FORM, csrf);
	snprintf(extra, sizeof extra, "Cookie: %s\r\n" FORM_TYPE, first);
	send_raw("POST", "/login", extra, form, &a);
	assert_int_equal(a.status, 303);
	set = http_answer_header(&a, "Set-Cookie");
	assert_int_not_equal(strncmp(set, first, strlen(first)), 0);
	http_answer_free(&a);
	sign_in("sec-admin", &again);
	assert_string_not_equal(s.value, again.value);
	assert_string_not_equal(s.value, first + strlen("hh_session="));
	assert_int_equal(strlen(s.value), 22); /* 128 random bits in base64url */

	/* Signing out ends the session on the server, not only in the browser. */
	assert_int_equal(session_status(&s, NULL, "GET", "/orgs/new", NULL), 200);
	char body[128];
	snprintf(body, sizeof body, "csrf=%s", s.csrf);
	assert_int_equal(send_session(&s, FORM_TYPE, "POST", "/logout", body, &a), 303);
	set = http_answer_header(&a, "Set-Cookie");
	assert_non_null(set);
	assert_non_null(strstr(set, "Max-Age=0"));
	http_answer_free(&a);
	/* The old cookie, replayed: refused for pages, forms and the API. */
	long long count = total("/api/v1/orgs?limit=1");
	assert_int_equal(session_status(&s, NULL, "GET", "/orgs/new", NULL), 401);
	snprintf(body, sizeof body, "csrf=%s&name_en=Replayed&kind=cso&status=active&visibility=public", s.csrf);
	assert_int_equal(session_status(&s, FORM_TYPE, "POST", "/orgs", body), 401);
	char headers[256];
	snprintf(headers, sizeof headers, JSON_TYPE "X-CSRF-Token: %s\r\n", s.csrf);
	assert_int_equal(session_status(&s, headers, "POST", "/api/v1/orgs",
					"{\"name_en\": \"Replayed\", \"kind\": \"cso\"}"),
			 401);
	snprintf(body, sizeof body, "csrf=%s", s.csrf);
	assert_int_equal(session_status(&s, FORM_TYPE, "POST", "/logout", body), 401);
	/* A signed-out page shows no one signed in. */
	assert_int_equal(send_session(&s, NULL, "GET", "/", NULL, &a), 200);
	assert_null(strstr(a.body, "name=\"csrf\""));
	http_answer_free(&a);
	assert_int_equal(total("/api/v1/orgs?limit=1"), count);
	/* The other session of the same account lives on. */
	assert_int_equal(session_status(&again, NULL, "GET", "/orgs/new", NULL), 200);

	/* The clock: 29 idle minutes are fine, 31 are not; nor are 12 hours
	 * however busy. */
	assert_int_equal(server_add_user(&server, "sec-clock", "coordinator", 0, PASSWORD, NULL, 0), 0);
	Session idle, busy;
	sign_in("sec-clock", &idle);
	age_sessions("last_seen", 29 * 60);
	assert_int_equal(session_status(&idle, NULL, "GET", "/orgs/new", NULL), 200);
	age_sessions("last_seen", 31 * 60);
	assert_int_equal(session_status(&idle, NULL, "GET", "/orgs/new", NULL), 401);
	sign_in("sec-clock", &busy);
	age_sessions("created_at", 12 * 60 * 60 + 1);
	assert_int_equal(session_status(&busy, NULL, "GET", "/orgs/new", NULL), 401);
}

/* ---- failed sign-ins ---- */

/* Replaces each occurrence of what in text by "LOGIN" (in place; what is longer). */
static void blank_login(char *text, const char *what)
{
	size_t n = strlen(what);
	for (char *p = strstr(text, what); p; p = strstr(p + 5, what)) {
		memcpy(p, "LOGIN", 5);
		memmove(p + 5, p + n, strlen(p + n) + 1);
	}
}

static void test_failed_sign_ins(void **state)
{
	(void)state;
	assert_int_equal(server_add_user(&server, "sec-target", "editor", lso, PASSWORD, NULL, 0), 0);
	HttpAnswer unknown, wrong;
	post_login("sec-nobody", PASSWORD_FORM, NULL, &unknown);
	post_login("sec-target", "not+the+passphrase", NULL, &wrong);
	assert_int_equal(unknown.status, 401);
	assert_int_equal(wrong.status, 401);
	assert_null(http_answer_header(&unknown, "Set-Cookie"));
	assert_null(http_answer_header(&wrong, "Set-Cookie"));
	/* The same page but for the login as typed, which the form keeps. */
	blank_login(unknown.body, "sec-nobody");
	blank_login(wrong.body, "sec-target");
	assert_string_equal(unknown.body, wrong.body);
	http_answer_free(&unknown);
	http_answer_free(&wrong);

	/* A second failure slows the login: the next attempt, sooner than the
	 * answer's Retry-After, is refused without a look at the password,
	 * the right one included. (Five failures lock the login for the
	 * window: tests/unit/test_accounts.c moves a clock through that.) */
	post_login("sec-target", "not+the+passphrase", NULL, &wrong);
	assert_int_equal(wrong.status, 401);
	const char *retry = http_answer_header(&wrong, "Retry-After");
	assert_non_null(retry);
	assert_true(atoi(retry) >= 2);
	http_answer_free(&wrong);
	HttpAnswer refused;
	post_login("sec-target", PASSWORD_FORM, NULL, &refused);
	assert_int_equal(refused.status, 429);
	assert_null(http_answer_header(&refused, "Set-Cookie"));
	assert_non_null(http_answer_header(&refused, "Retry-After"));
	http_answer_free(&refused);
	/* An unknown login is slowed the same way: the answer tells nothing. */
	post_login("sec-nobody", PASSWORD_FORM, NULL, &unknown);
	assert_int_equal(unknown.status, 401);
	http_answer_free(&unknown);
	post_login("sec-nobody", PASSWORD_FORM, NULL, &unknown);
	assert_int_equal(unknown.status, 429);
	http_answer_free(&unknown);
	/* Other accounts still sign in. */
	Session s;
	sign_in("sec-admin", &s);
}

/* ---- headers ---- */

/* Checks the headers every answer must carry; names the answer in a failure. */
static void check_security_headers(const HttpAnswer *a, const char *what)
{
	const char *csp = http_answer_header(a, "Content-Security-Policy");
	if (!csp || !strstr(csp, "default-src") || !strstr(csp, "frame-ancestors 'none'") ||
	    strstr(csp, "unsafe-inline") || strstr(csp, "unsafe-eval"))
		fail_msg("%s (%d): Content-Security-Policy is %s", what, a->status, csp ? csp : "missing");
	const char *nosniff = http_answer_header(a, "X-Content-Type-Options");
	if (!nosniff || strcmp(nosniff, "nosniff") != 0)
		fail_msg("%s (%d): X-Content-Type-Options is %s", what, a->status, nosniff ? nosniff : "missing");
	const char *referrer = http_answer_header(a, "Referrer-Policy");
	if (!referrer || !(strcmp(referrer, "no-referrer") == 0 || strcmp(referrer, "same-origin") == 0 ||
			   strcmp(referrer, "strict-origin") == 0 ||
			   strcmp(referrer, "strict-origin-when-cross-origin") == 0))
		fail_msg("%s (%d): Referrer-Policy is %s", what, a->status, referrer ? referrer : "missing");
}

/* The GET routes as `routes` prints them, with a real id or P-code. */
static size_t get_paths(char paths[][160], size_t max)
{
	static char text[16384];
	const char *args[] = {"routes", NULL};
	assert_int_equal(run_binary(args, text, sizeof text), 0);
	size_t n = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line && n < max; line = strtok_r(NULL, "\n", &save)) {
		char method[16], pattern[128];
		if (sscanf(line, "%15s %127s", method, pattern) != 2 || strcmp(method, "GET") != 0)
			continue;
		const char *brace = strchr(pattern, '{');
		if (!brace) {
			snprintf(paths[n++], 160, "%s%s", pattern, strstr(pattern, "resolve") ? "?q=Nili" : "");
			continue;
		}
		const char *value = strncmp(brace, "{pcode}", 7) == 0 ? "AF24" : strstr(pattern, "orgs/") ? NULL : "1";
		char id[32];
		snprintf(id, sizeof id, "%lld", lso);
		snprintf(paths[n++], 160, "%.*s%s%s", (int)(brace - pattern), pattern, value ? value : id,
			 strchr(brace, '}') + 1);
	}
	return n;
}

static void test_security_headers_on_every_answer(void **state)
{
	(void)state;
	Session s;
	sign_in("sec-admin", &s);
	char paths[64][160];
	size_t n = get_paths(paths, 64);
	assert_true(n > 15);
	char what[256], token[256];
	snprintf(token, sizeof token, "Authorization: Bearer %s\r\n", admin_token);
	HttpAnswer a;
	for (size_t i = 0; i < n; i++) {
		/* anonymous */
		send_raw("GET", paths[i], NULL, NULL, &a);
		snprintf(what, sizeof what, "GET %.160s", paths[i]);
		check_security_headers(&a, what);
		http_answer_free(&a);
		/* signed in: also never stored */
		bool api = strncmp(paths[i], "/api/", 5) == 0;
		send_raw("GET", paths[i], api ? token : s.cookie, NULL, &a);
		snprintf(what, sizeof what, "GET %.160s signed in", paths[i]);
		check_security_headers(&a, what);
		const char *cache = http_answer_header(&a, "Cache-Control");
		if (!cache || !strstr(cache, "no-store"))
			fail_msg("%s: Cache-Control is %s", what, cache ? cache : "missing");
		http_answer_free(&a);
	}

	/* Errors, redirects and the rest answer with them too. */
	static const struct {
		const char *method, *path, *headers, *body;
		int status;
	} others[] = {
		{"GET", "/no/such/page", NULL, NULL, 404},
		{"GET", "/api/v1/nothing", NULL, NULL, 404},
		{"DELETE", "/orgs", NULL, NULL, 405},
		{"GET", "/orgs/new", NULL, NULL, 401},
		{"POST", "/api/v1/orgs", JSON_TYPE, "{}", 401},
		{"GET", "/api/v1/orgs?limit=many", NULL, NULL, 400},
		{"POST", "/login", FORM_TYPE, "login=&password=", 400},
		{"POST", "/login", FORM_TYPE, "login=sec-admin&password=" PASSWORD_FORM, 303},
		{"GET", "/%ff%fe", NULL, NULL, 400},
	};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		send_raw(others[i].method, others[i].path, others[i].headers, others[i].body, &a);
		snprintf(what, sizeof what, "%s %s", others[i].method, others[i].path);
		assert_int_equal(a.status, others[i].status);
		check_security_headers(&a, what);
		http_answer_free(&a);
	}
	/* Forbidden (a form post without its token), unsupported type, 201 and 204. */
	assert_int_equal(send_session(&s, FORM_TYPE, "POST", "/orgs", "name_en=x", &a), 403);
	check_security_headers(&a, "POST /orgs without a token");
	http_answer_free(&a);
	char headers[512];
	snprintf(headers, sizeof headers, "%sContent-Type: text/plain\r\n", token);
	send_raw("POST", "/api/v1/orgs", headers, "x", &a);
	assert_int_equal(a.status, 415);
	check_security_headers(&a, "POST /api/v1/orgs as text");
	http_answer_free(&a);
	snprintf(headers, sizeof headers, "%s" JSON_TYPE, token);
	send_raw("POST", "/api/v1/orgs", headers, "{\"name_en\": \"Short-lived\", \"kind\": \"cso\"}", &a);
	assert_int_equal(a.status, 201);
	check_security_headers(&a, "POST /api/v1/orgs");
	char path[64];
	snprintf(path, sizeof path, "/api/v1/orgs/%lld",
		 (long long)strtoll(strrchr(http_answer_header(&a, "Location"), '/') + 1, NULL, 10));
	http_answer_free(&a);
	send_raw("DELETE", path, token, NULL, &a);
	assert_int_equal(a.status, 204);
	check_security_headers(&a, "DELETE");
	http_answer_free(&a);
	/* A 304 and a static file. */
	send_raw("GET", "/orgs", NULL, NULL, &a);
	snprintf(headers, sizeof headers, "If-None-Match: %s\r\n", http_answer_header(&a, "ETag"));
	http_answer_free(&a);
	send_raw("GET", "/orgs", headers, NULL, &a);
	assert_int_equal(a.status, 304);
	check_security_headers(&a, "GET /orgs (not modified)");
	http_answer_free(&a);
	send_raw("GET", "/static/site.css", NULL, NULL, &a);
	assert_int_equal(a.status, 200);
	check_security_headers(&a, "GET /static/site.css");
	http_answer_free(&a);
	/* Too large: the body, and headers past the cap. */
	snprintf(headers, sizeof headers, "%s" JSON_TYPE, token);
	size_t big = (1u << 20) + 10;
	char *huge = malloc(big + 1);
	memset(huge, 'a', big);
	huge[big] = '\0';
	send_raw("POST", "/api/v1/orgs", headers, huge, &a);
	assert_int_equal(a.status, 413);
	check_security_headers(&a, "a body too large");
	http_answer_free(&a);
	huge[20000] = '\0';
	char *long_header = malloc(20100);
	snprintf(long_header, 20100, "X-Padding: %s\r\n", huge);
	send_raw("GET", "/", long_header, NULL, &a);
	assert_int_equal(a.status, 431);
	check_security_headers(&a, "headers too large");
	http_answer_free(&a);
	free(long_header);
	free(huge);
}

/* ---- injection ---- */

/* What must come back as it went in: SQL, markup in text and in an
 * attribute, Dari with right-to-left controls (RLO, LRI, RLI, FSI, PDI),
 * and Arabic yeh and kaf, which Dari writes otherwise. */
static const char *const PAYLOADS[] = {
	"'; DROP TABLE org; --",
	"<script>alert(1)</script>",
	"\"><img src=x onerror=alert(1)>",
	"سازمان \u202Eزنان\u202C \u2066کابل\u2069 \u2067هرات\u2069 \u2068بلخ\u2069",
	"مؤسسه كمك يتيمان",
};
#define PAYLOAD_COUNT (sizeof PAYLOADS / sizeof PAYLOADS[0])

static const char *const ORG_TEXT[] = {"name_en", "name_prs", "name_pus", "acronym", "tin", "website",
				       "description", "source"};
static const char *const PROJECT_TEXT[] = {"title_en", "title_prs", "title_pus", "description_en",
					   "description_prs", "description_pus", "source", "note"};
static const char *const RESULT_TEXT[] = {"indicator", "unit", "source", "note"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* An organization with the payload in every text field, as JSON (caller frees). */
static char *org_with(const char *payload)
{
	json_t *o = json_pack("{s:s,s:s,s:[s],s:{s:s},s:[{s:s,s:s}]}", "kind", "cso", "visibility", "public",
			      "aliases", payload, "registration", "number", payload, "offices", "place", "Kabul",
			      "note", payload);
	for (size_t i = 0; i < COUNT(ORG_TEXT); i++)
		json_object_set_new(o, ORG_TEXT[i], json_string(payload));
	char *text = json_dumps(o, 0);
	json_decref(o);
	return text;
}

static char *project_with(const char *payload)
{
	json_t *result = json_pack("{s:i}", "value", 10);
	for (size_t i = 0; i < COUNT(RESULT_TEXT); i++)
		json_object_set_new(result, RESULT_TEXT[i], json_string(payload));
	json_t *p = json_pack("{s:s,s:[{s:I,s:s}],s:[{s:s,s:s}],s:[o]}", "visibility", "public", "orgs", "org_id",
			      (json_int_t)lso, "role", "implementing", "places", "place", "Kabul", "note", payload,
			      "results", result);
	for (size_t i = 0; i < COUNT(PROJECT_TEXT); i++)
		json_object_set_new(p, PROJECT_TEXT[i], json_string(payload));
	char *text = json_dumps(p, 0);
	json_decref(p);
	return text;
}

/* Fails unless the string at a JSON pointer-like path is the payload, byte for byte. */
static void same_text(json_t *value, const char *payload, const char *what)
{
	const char *got = json_string_value(value);
	if (!got || strcmp(got, payload) != 0)
		fail_msg("%s came back as [%s], sent [%s]", what, got ? got : "(none)", payload);
}

static void check_org_json(json_t *o, const char *payload, const char *how)
{
	char what[96];
	for (size_t i = 0; i < COUNT(ORG_TEXT); i++) {
		snprintf(what, sizeof what, "%s: %s", how, ORG_TEXT[i]);
		same_text(json_object_get(o, ORG_TEXT[i]), payload, what);
	}
	snprintf(what, sizeof what, "%s: aliases[0]", how);
	same_text(json_array_get(json_object_get(o, "aliases"), 0), payload, what);
	snprintf(what, sizeof what, "%s: registration.number", how);
	same_text(json_object_get(json_object_get(o, "registration"), "number"), payload, what);
}

static void check_project_json(json_t *p, const char *payload, const char *how)
{
	char what[96];
	for (size_t i = 0; i < COUNT(PROJECT_TEXT); i++) {
		snprintf(what, sizeof what, "%s: %s", how, PROJECT_TEXT[i]);
		same_text(json_object_get(p, PROJECT_TEXT[i]), payload, what);
	}
	json_t *r = json_array_get(json_object_get(p, "results"), 0);
	for (size_t i = 0; i < COUNT(RESULT_TEXT); i++) {
		snprintf(what, sizeof what, "%s: results[0].%s", how, RESULT_TEXT[i]);
		same_text(json_object_get(r, RESULT_TEXT[i]), payload, what);
	}
	snprintf(what, sizeof what, "%s: places[0].note", how);
	same_text(json_object_get(json_array_get(json_object_get(p, "places"), 0), "note"), payload, what);
}

/* %-encodes text for a form or a query. */
static void form_encode(const char *text, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p && n + 4 < size; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.') {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
}

/* Fails when a page holds markup a payload brought: the pages carry no
 * script or image of their own. shown: the page must show the payload. */
static void inert_page(const Session *s, const char *path, const char *payload, bool shown)
{
	HttpAnswer a;
	send_session(s, NULL, "GET", path, NULL, &a);
	if (a.status != 200)
		fail_msg("GET %s: %d", path, a.status);
	if (strcasestr(a.body, "<script") || strcasestr(a.body, "<img"))
		fail_msg("GET %s: raw markup from [%s] on the page", path, payload);
	/* Text without markup characters shows as it is: not mangled, not normalized. */
	if (shown && !strpbrk(payload, "<>\"'&") && !strstr(a.body, payload))
		fail_msg("GET %s: [%s] is not on the page", path, payload);
	http_answer_free(&a);
}

static void test_injection_payloads_come_back_inert(void **state)
{
	(void)state;
	Session s;
	sign_in("sec-admin", &s);
	for (size_t k = 0; k < PAYLOAD_COUNT; k++) {
		const char *payload = PAYLOADS[k];
		char path[96], how[64];

		/* By the API. */
		char *body = org_with(payload);
		json_t *o = admin_json("POST", "/api/v1/orgs", body, 201);
		free(body);
		long long org_id = (long long)json_integer_value(json_object_get(o, "id"));
		snprintf(how, sizeof how, "payload %zu, API org", k);
		check_org_json(o, payload, how);
		json_decref(o);
		snprintf(path, sizeof path, "/api/v1/orgs/%lld", org_id);
		o = admin_json("GET", path, NULL, 200);
		check_org_json(o, payload, how);
		json_decref(o);
		body = project_with(payload);
		json_t *p = admin_json("POST", "/api/v1/projects", body, 201);
		free(body);
		long long project_id = (long long)json_integer_value(json_object_get(p, "id"));
		json_decref(p);
		snprintf(path, sizeof path, "/api/v1/projects/%lld", project_id);
		p = admin_json("GET", path, NULL, 200);
		snprintf(how, sizeof how, "payload %zu, API project", k);
		check_project_json(p, payload, how);
		json_decref(p);

		/* By the forms. */
		char enc[1024], form[16384];
		form_encode(payload, enc, sizeof enc);
		snprintf(form, sizeof form,
			 "csrf=%s&kind=cso&status=active&visibility=public&women_led=unknown"
			 "&name_en=%s&name_prs=%s&name_pus=%s&acronym=%s&aliases=%s&tin=%s&website=%s"
			 "&description=%s&source=%s&registration.number=%s&offices=Kabul",
			 s.csrf, enc, enc, enc, enc, enc, enc, enc, enc, enc, enc);
		HttpAnswer a;
		assert_int_equal(send_session(&s, FORM_TYPE, "POST", "/orgs", form, &a), 303);
		long long form_org = strtoll(strrchr(http_answer_header(&a, "Location"), '/') + 1, NULL, 10);
		http_answer_free(&a);
		snprintf(path, sizeof path, "/api/v1/orgs/%lld", form_org);
		o = admin_json("GET", path, NULL, 200);
		snprintf(how, sizeof how, "payload %zu, org form", k);
		for (size_t i = 0; i < COUNT(ORG_TEXT); i++)
			same_text(json_object_get(o, ORG_TEXT[i]), payload, how);
		json_decref(o);
		snprintf(form, sizeof form,
			 "csrf=%s&status=ongoing&visibility=public&org_implementing=%lld"
			 "&title_en=%s&title_prs=%s&title_pus=%s&description_en=%s&source=%s"
			 "&places=Kabul+%%7C+%%7C+%s&results%%5B0%%5D.indicator=%s&results%%5B0%%5D.value=10"
			 "&results%%5B0%%5D.unit=%s&results%%5B0%%5D.source=%s&results%%5B0%%5D.note=%s"
			 "&confirm_new=1", /* the same payload was just registered through the API */
			 s.csrf, lso, enc, enc, enc, enc, enc, enc, enc, enc, enc, enc);
		assert_int_equal(send_session(&s, FORM_TYPE, "POST", "/projects", form, &a), 303);
		long long form_project = strtoll(strrchr(http_answer_header(&a, "Location"), '/') + 1, NULL, 10);
		http_answer_free(&a);
		snprintf(path, sizeof path, "/api/v1/projects/%lld", form_project);
		p = admin_json("GET", path, NULL, 200);
		snprintf(how, sizeof how, "payload %zu, project form", k);
		for (size_t i = 0; i < 5; i++) /* the form has titles, English description and source */
			same_text(json_object_get(p, PROJECT_TEXT[i == 4 ? 6 : i]), payload, how);
		same_text(json_object_get(json_array_get(json_object_get(p, "places"), 0), "note"), payload, how);
		for (size_t i = 0; i < COUNT(RESULT_TEXT); i++)
			same_text(json_object_get(json_array_get(json_object_get(p, "results"), 0), RESULT_TEXT[i]),
				  payload, how);
		json_decref(p);

		/* The pages show it inert, in text and in form fields. */
		const long long orgs[] = {org_id, form_org}, projects[] = {project_id, form_project};
		for (size_t i = 0; i < 2; i++) {
			snprintf(path, sizeof path, "/orgs/%lld", orgs[i]);
			inert_page(&s, path, payload, true);
			snprintf(path, sizeof path, "/orgs/%lld/edit", orgs[i]);
			inert_page(&s, path, payload, true);
			snprintf(path, sizeof path, "/projects/%lld", projects[i]);
			inert_page(&s, path, payload, true);
			snprintf(path, sizeof path, "/projects/%lld/edit", projects[i]);
			inert_page(&s, path, payload, true);
		}
		inert_page(&s, "/", payload, false);
		inert_page(&s, "/orgs?province=Kabul", payload, false);
		inert_page(&s, "/projects?district=AF0101", payload, false);
		inert_page(&s, "/places/AF0101", payload, false);
		/* As a query, too: echoed escaped, and never an error. */
		char query[1200];
		snprintf(query, sizeof query, "/search?q=%s", enc);
		inert_page(&s, query, payload, true);
		snprintf(query, sizeof query, "/orgs?q=%s", enc);
		inert_page(&s, query, payload, true);
		snprintf(query, sizeof query, "/api/v1/search?q=%s", enc);
		json_decref(admin_json("GET", query, NULL, 200));
		snprintf(query, sizeof query, "/api/v1/projects?q=%s", enc);
		json_decref(admin_json("GET", query, NULL, 200));
	}
	/* The tables are all still there, with their rows. */
	assert_true(total("/api/v1/orgs?limit=1") > 50);
	assert_true(total("/api/v1/projects?limit=1") > 20);
	assert_true(db_number(server.db, "SELECT count(*) FROM org", NULL) > 50);
	assert_true(db_number(server.db, "SELECT count(*) FROM project", NULL) > 20);
	assert_true(db_number(server.db, "SELECT count(*) FROM sqlite_schema WHERE name = ?1", "org") == 1);
}

/* ---- the audit trail ---- */

/* Runs `hamahang check` on a database; returns its exit status and output. */
static int check_db(const char *db, char *out, size_t size)
{
	const char *args[] = {"check", "--db", db, NULL};
	return run_binary(args, out, size);
}

static void test_audit_check(void **state)
{
	(void)state;
	char out[2048];
	/* Everything so far went through the service: the trail is whole. */
	int rc = check_db(server.db, out, sizeof out);
	if (rc != 0)
		fail_msg("check on an untouched database: %d: %s", rc, out);
	assert_non_null(strstr(out, "chain intact"));

	/* (a) One entry's "after" changed by hand, past the trigger that forbids it. */
	long long last = db_number(server.db, "SELECT max(id) FROM audit", NULL);
	long long changed = last / 2;
	assert_true(changed > 1);
	char sql[512], name[64];
	snprintf(sql, sizeof sql,
		 "DROP TRIGGER audit_no_update;"
		 " UPDATE audit SET after = replace(coalesce(after, '{}'), '\"', '''') WHERE id = %lld;",
		 changed);
	db_exec(server.db, sql);
	rc = check_db(server.db, out, sizeof out);
	assert_int_equal(rc, 1);
	snprintf(name, sizeof name, "audit entry %lld ", changed);
	if (!strstr(out, name))
		fail_msg("check does not name entry %lld: %s", changed, out);

	/* (b) On a fresh server, one entry deleted. */
	ServerProc fresh;
	assert_int_equal(server_start(&fresh, 1), 0);
	assert_int_equal(check_db(fresh.db, out, sizeof out), 0);
	last = db_number(fresh.db, "SELECT max(id) FROM audit", NULL);
	long long removed = last - 3;
	snprintf(sql, sizeof sql, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = %lld;", removed);
	db_exec(fresh.db, sql);
	rc = check_db(fresh.db, out, sizeof out);
	assert_int_equal(rc, 1);
	snprintf(name, sizeof name, "audit entry %lld ", removed);
	if (!strstr(out, name))
		fail_msg("check does not name entry %lld: %s", removed, out);
	assert_int_equal(server_stop(&fresh), 0);

	/* (c) On a database just made, the newest entry deleted: the chain
	 * before it is whole, and only the head recorded beside it tells. */
	char *dir = test_tmpdir();
	char db[1024];
	snprintf(db, sizeof db, "%s/made.db", dir);
	const char *init[] = {"init", "--db", db, "--demo", NULL};
	assert_int_equal(run_binary(init, out, sizeof out), 0);
	last = db_number(db, "SELECT max(id) FROM audit", NULL);
	snprintf(sql, sizeof sql, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = %lld;", last);
	db_exec(db, sql);
	rc = check_db(db, out, sizeof out);
	assert_int_equal(rc, 1);
	snprintf(name, sizeof name, "audit entry %lld ", last);
	if (!strstr(out, name))
		fail_msg("check does not name the newest entry %lld: %s", last, out);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_failed_sign_ins),
		cmocka_unit_test(test_security_headers_on_every_answer),
		cmocka_unit_test(test_injection_payloads_come_back_inert),
		cmocka_unit_test(test_audit_check),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
