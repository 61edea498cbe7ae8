/*
 * fuzz_iati.c — the IATI activity reader (fmt/iati.c) on any bytes.
 *
 * Reads the bytes as the importer does (cmd_import.c, ui_import.c): one
 * arena and one pair of error lists per activity, until the end or the
 * first failure, then the trailing problems. Besides memory errors, hangs
 * and a memory cap (run.sh), it stops on a broken promise of iati.h and
 * activity.h: iati_next answers 1, 0 or -1; a failure says what went wrong;
 * an activity's lists stay within ACTIVITY_MAX_ITEMS; every organization
 * kept has a role we know and a name or a ref; a budget has a currency;
 * dates are cut to the day; activities come in the order of the file; and
 * no entity is ever loaded from outside the bytes (a seed declares one on
 * /etc/passwd: its text must never show up unless the input holds it).
 */
#include <stdbool.h>
#include <string.h>

#include "core/arena.h"
#include "core/errors.h"
#include "fmt/iati.h"
#include "fuzz_common.h"

/* A line that only /etc/passwd holds: read through an external entity. */
#define OUTSIDE_TEXT "root:x:0:0"

/* Whether the input itself holds OUTSIDE_TEXT (then it may show up). */
static bool outside_in_input;

static void check_text(const char *s, const char *what)
{
	if (!s || outside_in_input)
		return;
	FUZZ_CHECK(!strstr(s, OUTSIDE_TEXT), what);
}

static void check_errors(const Errors *e)
{
	FUZZ_CHECK(e->count <= ERRORS_MAX, "an error list within its cap");
	for (size_t i = 0; i < e->count; i++) {
		FUZZ_CHECK(e->items[i].message && e->items[i].message[0],
		           "every problem has a message");
		FUZZ_CHECK(strlen(e->items[i].field) < sizeof e->items[i].field,
		           "a problem's field fits");
		FUZZ_CHECK(strlen(e->items[i].detail) < sizeof e->items[i].detail,
		           "a problem's detail fits");
		check_text(e->items[i].detail, "no outside entity in a problem");
	}
}

static bool one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

static void check_day(const char *d)
{
	FUZZ_CHECK(!d || strlen(d) <= 10, "a date is cut to its day");
}

static void check_activity(const ImportActivity *act)
{
	static const char *const ROLES[] = {"funding", "implementing", "intermediary", NULL};
	static const char *const STATUSES[] = {"planned", "ongoing", "completed", "cancelled", NULL};

	FUZZ_CHECK(act->org_count <= ACTIVITY_MAX_ITEMS, "organizations within the cap");
	FUZZ_CHECK(act->dac_count <= ACTIVITY_MAX_ITEMS, "sectors within the cap");
	FUZZ_CHECK(act->place_count <= ACTIVITY_MAX_ITEMS, "places within the cap");
	FUZZ_CHECK(act->result_count <= ACTIVITY_MAX_ITEMS, "results within the cap");
	FUZZ_CHECK(!act->status || one_of(act->status, STATUSES), "a status we know");
	FUZZ_CHECK(act->has_budget == (act->currency != NULL), "a budget has a currency");
	check_day(act->start_date);
	check_day(act->end_date);
	check_text(act->identifier, "no outside entity in the identifier");
	check_text(act->title_en, "no outside entity in the title");
	check_text(act->title_prs, "no outside entity in the title");
	check_text(act->title_pus, "no outside entity in the title");
	check_text(act->description_en, "no outside entity in the description");
	check_text(act->description_prs, "no outside entity in the description");
	check_text(act->description_pus, "no outside entity in the description");
	check_text(act->countries, "no outside entity in the countries");
	for (size_t i = 0; i < act->org_count; i++) {
		const ActivityOrg *o = &act->orgs[i];
		FUZZ_CHECK(o->role && one_of(o->role, ROLES), "a kept organization has a role");
		FUZZ_CHECK(o->name || o->ref, "a kept organization has a name or a ref");
		check_text(o->name, "no outside entity in an organization");
	}
	for (size_t i = 0; i < act->dac_count; i++)
		FUZZ_CHECK(act->dac_codes[i] && act->dac_codes[i][0], "a sector has a code");
	for (size_t i = 0; i < act->place_count; i++) {
		const ActivityPlace *p = &act->places[i];
		FUZZ_CHECK(p->pcode || p->name, "a kept place has a P-code or a name");
		FUZZ_CHECK(!p->pcode || strncmp(p->pcode, "AF", 2) == 0,
		           "a kept P-code is Afghan");
		check_text(p->name, "no outside entity in a place");
	}
	for (size_t i = 0; i < act->result_count; i++) {
		const ActivityResult *r = &act->results[i];
		FUZZ_CHECK(r->has_value, "a kept result has a value");
		check_day(r->period_start);
		check_day(r->period_end);
		check_text(r->title, "no outside entity in a result");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	IatiReader *r = iati_open((const char *)data, size, "fuzz.xml");
	ImportActivity act;
	Errors errs, warns;
	size_t last_line = 0;
	int rc;

	outside_in_input = memmem(data, size, OUTSIDE_TEXT, strlen(OUTSIDE_TEXT)) != NULL;
	for (;;) {
		Arena *a = arena_new();
		errors_clear(&errs);
		errors_clear(&warns);
		rc = iati_next(r, a, &act, &errs, &warns);
		FUZZ_CHECK(rc == 1 || rc == 0 || rc == -1, "iati_next answers 1, 0 or -1");
		check_errors(&errs);
		check_errors(&warns);
		if (rc == 1) {
			check_activity(&act);
			FUZZ_CHECK(act.line == 0 || act.line >= last_line,
			           "activities come in the order of the file");
			if (act.line)
				last_line = act.line;
		}
		arena_free(a);
		if (rc <= 0)
			break;
	}
	if (rc < 0)
		FUZZ_CHECK(iati_error(r)[0] != '\0', "a failure says what went wrong");
	errors_clear(&warns);
	iati_trailing(r, &warns);
	check_errors(&warns);
	iati_close(r);
	return 0;
}
