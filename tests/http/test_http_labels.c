/*
 * test_http_labels.c — labels kept in tables reach the page translated.
 *
 * A label that reaches T() through a table, a struct field or a condition
 * is extracted only when marked N_(); unmarked, it is missing from the
 * catalogs and the page shows it in English without any catalog check
 * failing. Each case names a page and such a label: the English page must
 * show it (so the case tests something), and the Dari and Pashto pages
 * must show the catalog's translation instead of the English words.
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

#include "http_client.h"
#include "server_proc.h"

#define PASSWORD "a long enough passphrase"

static ServerProc server;
static char admin_auth[512]; /* "Authorization: Bearer ...\r\n" */

static const struct {
	const char *path;
	const char *label; /* a message id shown on that page */
} CASES[] = {
	{"/audit", "Added"},                          /* action, ui_history.c */
	{"/audit", "Kind of record"},                 /* filter label */
	{"/audit", "API token"},                      /* record kind option */
	{"/coverage", "Leave empty for the whole country."}, /* field hint */
	{"/coverage", "Provinces and sectors"},       /* heading chosen by a condition */
	{"/compliance", "Periods ending from"},       /* field label */
	{"/compliance", "Periods ending until"},
	{"/permits", "Registration renewal"},         /* application kind */
	{"/projects", "CSV with HXL tags"},           /* export link */
	{"/meetings/new", "One item per line"},       /* field hint */
	{"/meetings/new", "Other participants"},      /* field label */
};

static int start(void **state)
{
	(void)state;
	char token[128];
	if (server_start(&server, 1) != 0)
		return -1;
	if (server_add_user(&server, "labels-admin", "admin", 0, PASSWORD, token, sizeof token) != 0)
		return -1;
	snprintf(admin_auth, sizeof admin_auth, "Authorization: Bearer %s\r\n", token);
	return 0;
}

static int stop(void **state)
{
	(void)state;
	return server_stop(&server) == 0 ? 0 : -1;
}

/* The translation of msgid in po/LANG.po (caller frees), or NULL. The
 * catalogs are written without wrapping: one line per msgid and msgstr. */
static char *translation(const char *lang, const char *msgid)
{
	char path[64];
	snprintf(path, sizeof path, "po/%s.po", lang);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char want[512];
	snprintf(want, sizeof want, "msgid \"%s\"\n", msgid);
	char line[4096];
	char *found = NULL;
	bool next = false;
	while (!found && fgets(line, sizeof line, f)) {
		if (next && strncmp(line, "msgstr \"", 8) == 0) {
			char *end = strrchr(line, '"');
			if (end > line + 8) {
				*end = '\0';
				found = strdup(line + 8);
			}
			break;
		}
		next = strcmp(line, want) == 0;
	}
	fclose(f);
	return found;
}

static char *page(const char *path, const char *lang)
{
	char headers[700];
	snprintf(headers, sizeof headers, "Cookie: hh_lang=%s\r\n%s", lang, admin_auth);
	HttpAnswer a;
	assert_int_equal(http_request("127.0.0.1", server.port, "GET", path, headers, NULL, 0, &a), 0);
	if (a.status != 200)
		fail_msg("GET %s in %s: status %d", path, lang, a.status);
	char *body = strdup(a.body);
	http_answer_free(&a);
	return body;
}

static void test_labels_from_tables_are_translated(void **state)
{
	(void)state;
	static const char *const LANGS[] = {"prs", "pus"};
	for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
		char *en = page(CASES[i].path, "en");
		if (!strstr(en, CASES[i].label))
			fail_msg("%s in English does not show \"%s\"", CASES[i].path, CASES[i].label);
		free(en);
		for (size_t k = 0; k < sizeof LANGS / sizeof *LANGS; k++) {
			char *want = translation(LANGS[k], CASES[i].label);
			if (!want || !*want)
				fail_msg("po/%s.po has no translation of \"%s\"", LANGS[k], CASES[i].label);
			char *body = page(CASES[i].path, LANGS[k]);
			if (!strstr(body, want))
				fail_msg("%s in %s does not show \"%s\" for \"%s\"", CASES[i].path, LANGS[k], want,
					 CASES[i].label);
			if (strstr(body, CASES[i].label))
				fail_msg("%s in %s still shows \"%s\" in English", CASES[i].path, LANGS[k],
					 CASES[i].label);
			free(body);
			free(want);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_labels_from_tables_are_translated),
	};
	return cmocka_run_group_tests(tests, start, stop);
}
