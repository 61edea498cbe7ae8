/*
 * test_http_pages.c — the HTML pages of the real binary over a real socket,
 * on the demo database: every page answers, carries lang and dir, stays
 * small, links only to pages that exist, and never shows a restricted
 * record to an anonymous visitor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http_client.h"
#include "server_proc.h"

static ServerProc server;

static int start(void **state)
{
	(void)state;
	return server_start(&server, 1);
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* GETs a page; fails unless the status is want. The caller frees *a. */
static void get_page(const char *path, int want, HttpAnswer *a)
{
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, NULL, NULL, 0, a), 0);
	if (a->status != want)
		fail_msg("GET %s: status %d, wanted %d", path, a->status, want);
}

static const char *const PAGES[] = {
	"/", "/orgs", "/orgs?kind=cluster", "/orgs?province=AF24&sector=WASH", "/projects",
	"/projects?province=AF10&year=2020", "/places", "/places/AF24", "/places/AF2802",
	"/search?q=women", "/search?q=%D8%AF%D8%A7%DB%8C%DA%A9%D9%86%D8%AF%DB%8C",
};

static void test_every_page_has_lang_dir_and_stays_small(void **state)
{
	(void)state;
	static const char *const langs[][2] = {{"en", "ltr"}, {"prs", "rtl"}, {"pus", "rtl"}};
	for (size_t i = 0; i < sizeof PAGES / sizeof *PAGES; i++) {
		for (size_t l = 0; l < 3; l++) {
			char path[512], dir[32];
			snprintf(path, sizeof path, "%s%slang=%s", PAGES[i], strchr(PAGES[i], '?') ? "&" : "?",
				 langs[l][0]);
			HttpAnswer a;
			get_page(path, 200, &a);
			assert_non_null(strstr(a.body, "<!DOCTYPE html>"));
			assert_non_null(strstr(a.body, "<html lang=\""));
			snprintf(dir, sizeof dir, "dir=\"%s\"", langs[l][1]);
			if (!strstr(a.body, dir))
				fail_msg("%s lacks %s", path, dir);
			if (a.body_len > 60 * 1024)
				fail_msg("%s is %zu bytes, over the 60 KB budget", path, a.body_len);
			const char *type = http_answer_header(&a, "Content-Type");
			assert_non_null(type);
			assert_non_null(strstr(type, "text/html"));
			assert_non_null(http_answer_header(&a, "Content-Security-Policy"));
			http_answer_free(&a);
		}
	}
}

/* Follows every link of the organization page and of a project page. */
static void test_links_lead_somewhere(void **state)
{
	(void)state;
	static const char *const from[] = {"/orgs/59", "/projects/1", "/places/AF10", "/"};
	for (size_t i = 0; i < sizeof from / sizeof *from; i++) {
		HttpAnswer a;
		get_page(from[i], 200, &a);
		const char *p = a.body;
		int links = 0;
		while ((p = strstr(p, "href=\"/")) != NULL) {
			p += strlen("href=\"");
			size_t n = strcspn(p, "\"");
			char path[512];
			if (n >= sizeof path)
				n = sizeof path - 1;
			memcpy(path, p, n);
			path[n] = '\0';
			/* entities in hrefs: &amp; stands for & */
			for (char *amp; (amp = strstr(path, "&amp;")) != NULL;)
				memmove(amp + 1, amp + 5, strlen(amp + 5) + 1);
			HttpAnswer b;
			assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, NULL, NULL, 0, &b), 0);
			/* pages behind a sign-in answer 401; nothing may be missing or broken */
			if (b.status != 200 && b.status != 401)
				fail_msg("link %s on %s answers %d", path, from[i], b.status);
			http_answer_free(&b);
			links++;
		}
		assert_true(links > 3);
		http_answer_free(&a);
	}
}

static void test_missing_records_answer_404_pages(void **state)
{
	(void)state;
	static const char *const missing[] = {"/orgs/999999", "/orgs/x", "/projects/999999",
					      "/places/AF99", "/nowhere"};
	for (size_t i = 0; i < sizeof missing / sizeof *missing; i++) {
		HttpAnswer a;
		get_page(missing[i], 404, &a);
		assert_non_null(strstr(a.body, "<html lang="));
		http_answer_free(&a);
	}
}

static void test_restricted_project_absent_for_visitors(void **state)
{
	(void)state;
	/* The demo's women protection centres project is restricted: its title
	 * must not appear on any page a visitor can reach. */
	static const char *const pages[] = {"/", "/projects?limit=500", "/orgs/59", "/places/AF24",
					    "/places/AF10", "/search?q=protection"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		HttpAnswer a;
		get_page(pages[i], 200, &a);
		if (strstr(a.body, "Women Protection Cent"))
			fail_msg("%s shows the restricted project", pages[i]);
		http_answer_free(&a);
	}
}

static void test_forms_need_sign_in(void **state)
{
	(void)state;
	static const char *const forms[] = {"/orgs/new", "/projects/new", "/orgs/59/edit"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		HttpAnswer a;
		get_page(forms[i], 401, &a);
		http_answer_free(&a);
	}
	HttpAnswer a;
	const char *form = "name_en=Sneaky&kind=cso";
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/orgs",
				      "Content-Type: application/x-www-form-urlencoded\r\n", form,
				      strlen(form), &a), 0);
	assert_int_equal(a.status, 401);
	http_answer_free(&a);
	get_page("/search?q=Sneaky", 200, &a);
	assert_null(strstr(a.body, "Sneaky</a>"));
	http_answer_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_page_has_lang_dir_and_stays_small),
		cmocka_unit_test(test_links_lead_somewhere),
		cmocka_unit_test(test_missing_records_answer_404_pages),
		cmocka_unit_test(test_restricted_project_absent_for_visitors),
		cmocka_unit_test(test_forms_need_sign_in),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
