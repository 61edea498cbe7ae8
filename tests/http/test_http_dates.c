/*
 * test_http_dates.c — dates on the pages of the real binary, in both
 * calendars, with the Afghan month names of the page's language.
 *
 * The demo's project 1 ends on 2021-06-30, which is 9 Saratan 1400 (1
 * Saratan 1400 was 2021-06-22); organization 59 was registered in March
 * 2010, a month that runs from Hut 1388 into Hamal 1389 (Nowruz 1389 was
 * 2010-03-21).
 *
 * Dates are also accepted in either calendar, through the API here (forms
 * and imports take the same road, the service layer).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http_client.h"
#include "server_proc.h"

static ServerProc server;
static char auth[768]; /* "Authorization: Bearer ...\r\nContent-Type: ...\r\n" */

static int start(void **state)
{
	(void)state;
	if (server_start(&server, 1) != 0)
		return -1;
	char token[256];
	if (server_add_user(&server, "dates-admin", "admin", 0, "a long enough passphrase", token,
	                    sizeof token) != 0)
		return -1;
	snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n",
	         token);
	return 0;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

static void expect_on_page(const char *path, const char *text)
{
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, NULL, NULL, 0, &a), 0);
	assert_int_equal(a.status, 200);
	if (!strstr(a.body, text))
		fail_msg("%s does not show %s", path, text);
	http_answer_free(&a);
}

static void test_day_in_both_calendars(void **state)
{
	(void)state;
	expect_on_page("/projects/1?lang=en",
	               "<time datetime=\"2021-06-30\"><bdi>30 June 2021</bdi> "
	               "<span class=\"sh\">(<bdi>9 Saratan 1400</bdi>)</span></time>");
	expect_on_page("/projects/1?lang=prs", "<bdi>۹ سرطان ۱۴۰۰</bdi>");
	expect_on_page("/projects/1?lang=pus", "<bdi>۹ چنګاښ ۱۴۰۰</bdi>");
}

static void test_month_spans_two_solar_months(void **state)
{
	(void)state;
	expect_on_page("/orgs/59?lang=en", "<bdi>March 2010</bdi> <span class=\"sh\">(<bdi>Hut 1388–Hamal 1389</bdi>)");
	expect_on_page("/orgs/59?lang=prs", "<bdi>حوت ۱۳۸۸–حمل ۱۳۸۹</bdi>");
	expect_on_page("/orgs/59?lang=pus", "<bdi>کب ۱۳۸۸–وری ۱۳۸۹</bdi>");
}

static void test_recent_changes_in_both_calendars(void **state)
{
	(void)state;
	/* The demo was loaded just now: its changes carry a timestamp, shown
	 * with the day in both calendars. */
	expect_on_page("/?lang=prs", "<span class=\"sh\">(<bdi>");
}

/* Creates an organization through the API with that registration date;
 * checks the status and that the answer holds want. */
static void register_on(const char *date, int status, const char *want)
{
	char body[512];
	snprintf(body, sizeof body,
	         "{\"name_en\": \"Date Test %s\", \"kind\": \"cso\", \"registration\": {\"date\":\"%s\"}}",
	         date, date);
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "POST", "/api/v1/orgs", auth, body,
	                              strlen(body), &a),
	                 0);
	if (a.status != status || !strstr(a.body, want))
		fail_msg("registered on %s: %d %s; wanted %d with %s", date, a.status, a.body, status, want);
	http_answer_free(&a);
}

static void test_dates_typed_in_either_calendar(void **state)
{
	(void)state;
	/* FACTS: 24 Asad 1400 is 15 August 2021. */
	register_on("sh:1400-05-24", 201, "\"date\":\"2021-08-15\"");
	register_on("sh:۱۴۰۰-۰۵-۲۴", 201, "\"date\":\"2021-08-15\"");
	register_on("SH:1399/12/30", 201, "\"date\":\"2021-03-20\"");
	register_on("۲۰۱۹-۰۶", 201, "\"date\":\"2019-06\"");
	register_on("٢٠١٩", 201, "\"date\":\"2019\"");
	/* A Solar Hijri month is no Gregorian month: refused, and said why. */
	register_on("sh:1400-05", 400, "Solar Hijri month or year");
	register_on("sh:1400-13-01", 400, "registration.date");
	register_on("sh:1400-12-30", 400, "registration.date"); /* 1400 is not leap */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_day_in_both_calendars),
	    cmocka_unit_test(test_month_spans_two_solar_months),
	    cmocka_unit_test(test_recent_changes_in_both_calendars),
	    cmocka_unit_test(test_dates_typed_in_either_calendar),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
