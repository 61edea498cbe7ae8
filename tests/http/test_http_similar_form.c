/*
 * test_http_similar_form.c — the project form stops on a likely duplicate,
 * against the real binary and a fresh demo database.
 *
 * A near-copy of a demo project (a typo in the title, the same district,
 * sector, months and implementer) posted to POST /projects comes back
 * unsaved with the list of similar projects and the "Save anyway" box,
 * everything typed kept; posted again with the box ticked, it is saved. A
 * genuinely new project saves at once, and saving it again through its
 * edit form is not stopped by itself. A restricted project is never listed
 * to a writer who may not see it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "http_client.h"
#include "server_proc.h"

#define PASSWORD "a long enough passphrase"
#define DEMO_TITLE "Rehabilitation of Degraded Land and Livelihood Improvement: afforestation in Waras"
#define RESTRICTED_TITLE "Women Protection Centres in Bamyan and Daikundi"
/* The demo project with "Degraded" and "afforestation" misspelled; the same
 * district, sector, months (give or take one) and implementer (%lld). */
#define NEAR_COPY                                                                               \
	"title_en=Rehabilitation+of+Degradd+Land+and+Livelihood+Improvement%%3A+aforestation+in+Waras" \
	"&status=completed&start_date=2014-07&end_date=2016-05&visibility=public"                    \
	"&places=Waras%%2C+Bamyan&sectors=ENVIRONMENT&org_implementing=%lld&source=a+donor+list"
/* A project like none in the demo data; its implementer is %lld. */
#define NEW_ONE                                                                  \
	"title_en=Solar+pumps+for+village+schools+in+Nimroz"                           \
	"&status=planned&start_date=2027-03&end_date=2028-02&visibility=public"       \
	"&places=Nimroz&sectors=EiE&org_implementing=%lld&source=the+proposal"

static ServerProc server;
static char admin_token[128], awec_token[128], lso_token[128];
static long long lso_id, awec_id, gef_id;

static json_t *get_json(const char *token, const char *path)
{
	char headers[256];
	snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n", token);
	HttpAnswer a;
	if (http_request("127.0.0.1", server.port, "GET", path, headers, NULL, 0, &a) != 0)
		fail_msg("GET %s: no answer", path);
	if (a.status != 200)
		fail_msg("GET %s: %d: %s", path, a.status, a.body);
	json_t *j = json_loadb(a.body, a.body_len, 0, NULL);
	http_answer_free(&a);
	assert_non_null(j);
	return j;
}

static long long first_id(const char *path)
{
	json_t *j = get_json(admin_token, path);
	long long id = (long long)json_integer_value(
		json_object_get(json_array_get(json_object_get(j, "items"), 0), "id"));
	json_decref(j);
	return id;
}

static long long project_total(void)
{
	json_t *j = get_json(admin_token, "/api/v1/projects?limit=1");
	long long n = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "admin", "admin", 0, PASSWORD, admin_token, sizeof admin_token) != 0)
		return -1;
	lso_id = first_id("/api/v1/orgs?q=labor%20spring");
	awec_id = first_id("/api/v1/orgs?q=AWEC");
	gef_id = first_id("/api/v1/projects?q=Degraded%20Land%20Waras");
	if (lso_id <= 0 || awec_id <= 0 || gef_id <= 0)
		return -1;
	if (server_add_user(&server, "lso", "editor", lso_id, PASSWORD, lso_token, sizeof lso_token) != 0)
		return -1;
	return server_add_user(&server, "awec", "editor", awec_id, PASSWORD, awec_token, sizeof awec_token);
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* Signs in through the login form: headers get the session cookie and the
 * form content type, csrf the token read from the project form. */
static void sign_in(const char *login, char *headers, size_t headers_size, char *csrf, size_t csrf_size)
{
	HttpAnswer a;
	char form[128];
	snprintf(form, sizeof form, "login=%s&password=a+long+enough+passphrase", login);
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/login",
				      "Content-Type: application/x-www-form-urlencoded\r\n", form, strlen(form), &a),
			 0);
	assert_int_equal(a.status, 303);
	const char *set = http_answer_header(&a, "Set-Cookie");
	assert_non_null(set);
	char cookie[256];
	snprintf(cookie, sizeof cookie, "Cookie: %.*s\r\n", (int)strcspn(set, ";"), set);
	http_answer_free(&a);
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", "/projects/new", cookie, NULL, 0, &a), 0);
	assert_int_equal(a.status, 200);
	const char *v = strstr(a.body, "name=\"csrf\" value=\"");
	assert_non_null(v);
	v += strlen("name=\"csrf\" value=\"");
	snprintf(csrf, csrf_size, "%.*s", (int)strcspn(v, "\""), v);
	http_answer_free(&a);
	snprintf(headers, headers_size, "%sContent-Type: application/x-www-form-urlencoded\r\n", cookie);
}

static void post(const char *headers, const char *path, const char *body, HttpAnswer *a)
{
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", path, headers, body, strlen(body), a), 0);
}

static void test_near_copy_is_stopped_then_saved_anyway(void **state)
{
	(void)state;
	char headers[512], csrf[64], body[2048];
	sign_in("admin", headers, sizeof headers, csrf, sizeof csrf);
	long long before = project_total();
	int n = snprintf(body, sizeof body, "csrf=%s&", csrf);
	n += snprintf(body + n, sizeof body - (size_t)n, NEAR_COPY, lso_id);
	HttpAnswer a;
	post(headers, "/projects", body, &a);
	if (a.status != 409)
		fail_msg("a near-copy was not stopped: %d: %.2000s", a.status, a.body);
	assert_non_null(strstr(a.body, "Similar projects already registered"));
	char link[128];
	snprintf(link, sizeof link, "href=\"/projects/%lld\"", gef_id);
	assert_non_null(strstr(a.body, link));          /* the demo project, linked */
	assert_non_null(strstr(a.body, DEMO_TITLE));
	assert_non_null(strstr(a.body, "titles "));     /* reasons in words */
	assert_non_null(strstr(a.body, "name=\"confirm_new\" value=\"1\""));
	assert_non_null(strstr(a.body, "Degradd Land")); /* what was typed is kept */
	assert_non_null(strstr(a.body, "Waras, Bamyan"));
	assert_non_null(strstr(a.body, "value=\"2014-07\""));
	http_answer_free(&a);
	assert_int_equal(project_total(), before);       /* nothing saved */

	/* with the box ticked, it is saved */
	n = snprintf(body, sizeof body, "csrf=%s&confirm_new=1&", csrf);
	n += snprintf(body + n, sizeof body - (size_t)n, NEAR_COPY, lso_id);
	post(headers, "/projects", body, &a);
	if (a.status != 303)
		fail_msg("saving anyway failed: %d: %.2000s", a.status, a.body);
	http_answer_free(&a);
	assert_int_equal(project_total(), before + 1);
}

static void test_new_project_saves_at_once_and_edit_is_not_stopped_by_itself(void **state)
{
	(void)state;
	char headers[512], csrf[64], body[2048];
	sign_in("admin", headers, sizeof headers, csrf, sizeof csrf);
	long long before = project_total();
	int n = snprintf(body, sizeof body, "csrf=%s&", csrf);
	n += snprintf(body + n, sizeof body - (size_t)n, NEW_ONE, awec_id);
	HttpAnswer a;
	post(headers, "/projects", body, &a);
	if (a.status != 303)
		fail_msg("a new project was not saved at once: %d: %.3000s", a.status, strstr(a.body, "<main") ? strstr(a.body, "<main") : a.body);
	const char *location = http_answer_header(&a, "Location");
	assert_non_null(location);
	char path[64];
	snprintf(path, sizeof path, "%s", strstr(location, "/projects/"));
	http_answer_free(&a);
	assert_int_equal(project_total(), before + 1);

	/* its edit form, posted with the same values, saves: it is not its own duplicate */
	post(headers, path, body, &a);
	if (a.status != 303)
		fail_msg("an edit was stopped: %d: %.2000s", a.status, a.body);
	http_answer_free(&a);
	assert_int_equal(project_total(), before + 1);
}

/* The form in Dari lists the similar projects with their reasons in Dari. */
static void test_reasons_in_dari(void **state)
{
	(void)state;
	char headers[512], csrf[64], body[2048];
	sign_in("admin", headers, sizeof headers, csrf, sizeof csrf);
	int n = snprintf(body, sizeof body, "csrf=%s&", csrf);
	n += snprintf(body + n, sizeof body - (size_t)n, NEAR_COPY, lso_id);
	HttpAnswer a;
	post(headers, "/projects?lang=prs", body, &a);
	if (a.status != 409)
		fail_msg("a near-copy was not stopped: %d: %.2000s", a.status, a.body);
	const char *list = strstr(a.body, "id=\"similar\"");
	assert_non_null(list);
	if (!strstr(list, "هر دو محیط زیست و منابع طبیعی در ولسوالی ورث، بامیان"))
		fail_msg("the reasons are not in Dari: %.3000s", list);
	assert_non_null(strstr(list, "عنوان‌ها "));
	assert_null(strstr(list, "titles "));
	assert_null(strstr(list, " alike"));
	http_answer_free(&a);
}

/* The list of similar projects on a page, copied; NULL when there is none. */
static char *similar_list(const char *page)
{
	const char *list = strstr(page, "id=\"similar\"");
	const char *end = list ? strstr(list, "</section>") : NULL;
	return end ? strndup(list, (size_t)(end - list)) : NULL;
}

static void test_restricted_project_never_listed(void **state)
{
	(void)state;
	const char *who[] = {"awec", "lso"};
	long long org[] = {awec_id, lso_id};
	for (size_t i = 0; i < 2; i++) {
		char headers[512], csrf[64], body[2048];
		sign_in(who[i], headers, sizeof headers, csrf, sizeof csrf);
		/* a copy of the restricted project of LSO */
		snprintf(body, sizeof body,
			 "csrf=%s&title_en=Women+Protection+Centres+in+Bamyan+and+Daikundi&status=ongoing"
			 "&start_date=2015&end_date=2020&visibility=members&places=Bamyan%%0ADaikundi"
			 "&sectors=PROTECTION&sectors=GBV&org_implementing=%lld&source=our+plan",
			 csrf, org[i]);
		HttpAnswer a;
		post(headers, "/projects", body, &a);
		char *list = similar_list(a.body);
		bool listed = list && strstr(list, RESTRICTED_TITLE);
		if (i == 0 && listed)
			fail_msg("a restricted project is listed to another organization: %s", list);
		/* its own organization's editor sees it, and is stopped */
		if (i == 1 && (a.status != 409 || !listed))
			fail_msg("the owner is not shown its own project: %d: %.2000s", a.status, a.body);
		free(list);
		http_answer_free(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_near_copy_is_stopped_then_saved_anyway),
		cmocka_unit_test(test_new_project_saves_at_once_and_edit_is_not_stopped_by_itself),
		cmocka_unit_test(test_restricted_project_never_listed),
		cmocka_unit_test(test_reasons_in_dari),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
