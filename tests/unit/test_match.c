/*
 * test_match.c — the duplicate and overlap engine (core/match) on small
 * labeled sets, over the real gazetteer (data/places.csv) and sectors.
 *
 * Every planted kind of duplicate must be found as the same record, with
 * the blocked and the unblocked pass each doing their part; overlapping
 * work of different organizations must come out as an overlap; records
 * that only look alike (same district, different sector and years) must
 * come out as nothing. The seed documents' two spellings of the Aga Khan
 * Foundation must be one organization.
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

#include "core/match.h"
#include "core/mem.h"
#include "fmt/csv.h"
#include "testlib.h"

static RefData *ref;

static int load_ref(void **state)
{
	(void)state;
	size_t len;
	char *data = test_read_file("data/places.csv", &len);
	CsvReader *r = csv_open(data, len, ',');
	const char *const *f;
	ref = refdata_new();
	ref->gaz = ref->gaz ? ref->gaz : gaz_new();
	assert_true(csv_next(r, &f) >= 8); /* pcode,level,parent,region,en,prs,pus,alt */
	while (csv_next(r, &f) > 0)
		gaz_add(ref->gaz, f[0], (PlaceLevel)(f[1][0] - '0'), f[2], f[3], f[4], f[5], f[6], f[7]);
	gaz_index(ref->gaz);
	csv_close(r);
	free(data);

	data = test_read_file("data/sectors.csv", &len);
	r = csv_open(data, len, ',');
	assert_true(csv_next(r, &f) >= 4); /* code,kind,name_en,name_prs,... */
	while (csv_next(r, &f) > 0)
		codelist_add(&ref->sectors, f[0], f[2], f[3], "", f[1]);
	codelist_sort(&ref->sectors);
	csv_close(r);
	free(data);
	return 0;
}

static int free_ref(void **state)
{
	(void)state;
	refdata_free(ref);
	return 0;
}

/* ---- words ---- */

static void check_words(const char *a, const char *b)
{
	char *wa = match_words(a), *wb = match_words(b);
	if (strcmp(wa, wb) != 0)
		fail_msg("words differ: \"%s\" -> \"%s\", \"%s\" -> \"%s\"", a, wa, b, wb);
	free(wa);
	free(wb);
}

static void test_words(void **state)
{
	(void)state;
	/* stop words in each language */
	check_words("Rehabilitation of the canal in Sheberghan", "Rehabilitation canal Shiberghan");
	check_words("\xd8\xa2\xd8\xa8 \xd9\x88 \xd8\xa8\xd8\xb1\xd9\x82", /* آب و برق */
		    "\xd8\xa2\xd8\xa8 \xd8\xa8\xd8\xb1\xd9\x82");                /* آب برق */
	check_words("\xd8\xaf \xda\xa9\xd8\xb1\xd9\x86\xd9\x87", /* د کرنه (Pashto) */
		    "\xda\xa9\xd8\xb1\xd9\x86\xd9\x87");
	/* Arabic yeh and kaf, and a zero-width non-joiner inside a word */
	check_words("\xd9\x83\xd9\x85\xd9\x83 \xd9\x87\xd8\xa7\xd9\x8a", /* كمك هاي */
		    "\xda\xa9\xd9\x85\xda\xa9\xe2\x80\x8c\xd9\x87\xd8\xa7\xdb\x8c");
	/* acronyms and their expansions */
	check_words("WASH services for IDPs", "Water, Sanitation and Hygiene services for internally displaced people");
	/* transliteration variants */
	check_words("Khawaja Dako road", "Khwaja Dukoh road");

	char *a = match_acronym("Aga Khan Foundation (AKF)");
	assert_string_equal(a, "akf");
	free(a);
	a = match_acronym("Agha Khan Foundation");
	assert_string_equal(a, "akf");
	free(a);
	a = match_acronym("Afghan Women's Network");
	assert_string_equal(a, "awsn"); /* women's folds to "women s" */
	free(a);
	a = match_acronym("Oxfam");
	assert_string_equal(a, "");
	free(a);
}

/* ---- organizations ---- */

static void test_orgs_aga_khan(void **state)
{
	(void)state;
	const char *akf1[] = {"Agha Khan Foundation"};
	const char *akf2[] = {"Aga Khan Foundation (AKF)",
			      "\xd8\xa8\xd9\x86\xdb\x8c\xd8\xa7\xd8\xaf \xd8\xa2\xd8\xba\xd8\xa7\xd8\xae\xd8\xa7\xd9\x86"};
	const char *akdn[] = {"Aga Khan Development Network"};
	const char *awn[] = {"Afghan Women's Network"};
	const char *awn2[] = {"Afghan Womens Network"};
	const char *sca[] = {"Swedish Committee for Afghanistan"};
	const char *dacaar[] = {"Danish Committee for Aid to Afghan Refugees"};
	const char *dacaar2[] = {"DACAAR"};
	MatchOrg orgs[] = {
		{.id = 1, .names = akf1, .name_count = 1},
		{.id = 2, .names = akf2, .name_count = 2, .acronym = "AKF"},
		{.id = 3, .names = akdn, .name_count = 1, .acronym = "AKDN"},
		{.id = 4, .names = awn, .name_count = 1, .website = "https://www.awn-af.net/"},
		{.id = 5, .names = awn2, .name_count = 1, .website = "http://awn-af.net/about"},
		{.id = 6, .names = sca, .name_count = 1, .tin = "1000-2345"},
		{.id = 7, .names = dacaar, .name_count = 1, .tin = "9000 1111"},
		{.id = 8, .names = dacaar2, .name_count = 1, .tin = "90001111"},
	};
	Buf why;
	buf_init(&why, 0);
	double s = match_org_score(&orgs[0], &orgs[1], &why);
	if (s < 0.9)
		fail_msg("Agha Khan Foundation / Aga Khan Foundation (AKF) scored %.2f: %s", s, buf_str(&why));
	assert_non_null(strstr(buf_str(&why), "same acronym akf"));
	buf_free(&why);

	MatchPair *pairs;
	size_t n = match_orgs(orgs, sizeof orgs / sizeof *orgs, 0.7, &pairs);
	bool akf = false, awn_pair = false, dacaar_pair = false;
	for (size_t i = 0; i < n; i++) {
		int64_t a = orgs[pairs[i].a].id, b = orgs[pairs[i].b].id;
		if (a == 1 && b == 2)
			akf = true;
		else if (a == 4 && b == 5)
			awn_pair = true;
		else if (a == 7 && b == 8)
			dacaar_pair = true;
		else
			fail_msg("organizations %lld and %lld called the same (%.2f)", (long long)a,
				 (long long)b, pairs[i].score);
	}
	free(pairs);
	assert_true(akf);
	assert_true(awn_pair);    /* same web domain, spelling aside */
	assert_true(dacaar_pair); /* same TIN, written two ways */
}

/* ---- projects ---- */

static const int64_t ORG_A[] = {101}, ORG_B[] = {102}, ORG_C[] = {103}, DONOR[] = {900};
static const int64_t DONOR_AND_A[] = {900, 101};
/* How many organizations each list above names (NULL names none). */
#define COUNT_OF_ORG_A 1
#define COUNT_OF_ORG_B 1
#define COUNT_OF_ORG_C 1
#define COUNT_OF_DONOR 1
#define COUNT_OF_DONOR_AND_A 2
#define COUNT_OF_NULL 0
static const char *WASH[] = {"WASH"}, *EDU[] = {"EiE"}, *FSAC[] = {"FSAC"}, *HEALTH[] = {"HEALTH"};
static const char *SHIB[] = {"AF2801"}, *KHWAJA[] = {"AF2802"}, *AQCHA[] = {"AF2807"};
static const char *HERAT[] = {"AF3001"};

/* A labeled record: the project and the group it is planted in (records of
 * one group are the same project; 0 is a group of its own). */
typedef struct Labeled {
	MatchProject p;
	int group;          /* same-record group, 0 for none */
	int overlap_group;  /* overlapping-work group, 0 for none */
	const char *kind;   /* what was planted, for messages */
} Labeled;

#define PROJ(id_, title_, start_, end_, places_, sectors_, impl_, fund_)                            \
	{.id = id_, .title = {title_, NULL, NULL}, .start_date = start_, .end_date = end_,         \
	 .pcodes = places_, .pcode_count = 1, .sectors = sectors_, .sector_count = 1,              \
	 .implementer_ids = impl_, .implementer_count = COUNT_OF_##impl_, .funder_ids = fund_,    \
	 .funder_count = COUNT_OF_##fund_, .people_reached = -1}

static Labeled set[] = {
	/* group 1: typos, a Latin variant, a date shifted by a month */
	{PROJ(1, "Rehabilitation of irrigation canals in Sheberghan", "2021-03", "2021-12", SHIB, FSAC, ORG_A, DONOR), 1, 0, "original"},
	{PROJ(2, "Rehabilitaton of irigation canals in Shiberghan", "2021-04", "2022-01", SHIB, FSAC, ORG_A, DONOR), 1, 0, "typos, Latin variant, dates shifted"},
	/* group 2: swapped and dropped words; the district miscoded */
	{PROJ(3, "Safe drinking water and latrines for returnee families", "2022-01", "2022-09", SHIB, WASH, ORG_B, DONOR), 2, 0, "original"},
	{PROJ(4, "Latrines and safe drinking water for returnee families", "2022-01", "2022-09", SHIB, WASH, ORG_B, NULL), 2, 0, "words swapped"},
	{PROJ(5, "Safe drinking water and latrines for returnee", "2022-02", "2022-09", KHWAJA, WASH, ORG_B, DONOR), 2, 0, "word dropped, district miscoded"},
	/* group 3: the same project reported by the donor and by the implementer */
	{PROJ(6, "Community based schools for girls in Aqcha", "2020-09", "2021-08", AQCHA, EDU, ORG_C, DONOR), 3, 0, "by implementer"},
	{PROJ(7, "Community-based schools for girls, Aqcha district", "2020-09", "2021-08", AQCHA, EDU, DONOR, NULL), 3, 0, "by donor"},
	/* group 4: sector miscoded and district in another province: titles carry it */
	{PROJ(8, "Mobile health teams for nomadic Kuchi communities in Herat", "2019-05", "2020-04", HERAT, HEALTH, ORG_A, DONOR), 4, 0, "original"},
	{PROJ(9, "Mobile health teams for nomadic Kuchi communities in Herat", "2019-05", "2020-04", SHIB, FSAC, ORG_A, DONOR), 4, 0, "district and sector miscoded"},
	/* overlap: different organizations, WASH in Shiberghan, months in common */
	{PROJ(10, "Water trucking and hygiene kits for drought-affected households", "2022-03", "2022-08", SHIB, WASH, ORG_C, NULL), 0, 1, "overlapping work"},
	/* look-alikes: same district, different sector and years */
	{PROJ(11, "Rehabilitation of school buildings in Sheberghan", "2016-01", "2016-12", SHIB, EDU, ORG_B, NULL), 0, 0, "look-alike"},
	{PROJ(12, "Rehabilitation of health clinics in Sheberghan", "2018-01", "2018-12", SHIB, HEALTH, ORG_C, NULL), 0, 0, "look-alike"},
};
#define SET_SIZE (sizeof set / sizeof *set)

static MatchProject *set_projects(void)
{
	static MatchProject items[SET_SIZE];
	for (size_t i = 0; i < SET_SIZE; i++)
		items[i] = set[i].p;
	return items;
}

/* Checks pairs against the labels: every same-group pair found as SAME,
 * the overlap found as OVERLAP, nothing else. */
static void check_labels(const MatchIndex *ix, const MatchPair *pairs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const Labeled *a = &set[pairs[i].a], *b = &set[pairs[i].b];
		Buf why;
		buf_init(&why, 0);
		match_reasons(ix, &pairs[i], NULL, &why);
		if (pairs[i].kind == MATCH_SAME && !(a->group && a->group == b->group))
			fail_msg("%lld and %lld called the same record (%.2f: %s)", (long long)a->p.id,
				 (long long)b->p.id, pairs[i].score, buf_str(&why));
		if (pairs[i].kind == MATCH_OVERLAP && !(a->overlap_group || b->overlap_group))
			fail_msg("%lld and %lld called overlapping (%.2f: %s)", (long long)a->p.id,
				 (long long)b->p.id, pairs[i].score, buf_str(&why));
		if ((a->kind[0] == 'l' && a->kind[1] == 'o') || (b->kind[0] == 'l' && b->kind[1] == 'o'))
			fail_msg("look-alike %lld and %lld paired (%s)", (long long)a->p.id,
				 (long long)b->p.id, buf_str(&why));
		buf_free(&why);
	}
	for (size_t i = 0; i < SET_SIZE; i++)
		for (size_t j = i + 1; j < SET_SIZE; j++) {
			if (!set[i].group || set[i].group != set[j].group)
				continue;
			bool found = false;
			for (size_t k = 0; k < n; k++)
				if ((size_t)pairs[k].a == i && (size_t)pairs[k].b == j && pairs[k].kind == MATCH_SAME)
					found = true;
			if (!found)
				fail_msg("planted pair %lld (%s) / %lld (%s) not found", (long long)set[i].p.id,
					 set[i].kind, (long long)set[j].p.id, set[j].kind);
		}
}

static void test_projects_planted(void **state)
{
	(void)state;
	MatchOptions o;
	match_options_default(&o);
	MatchIndex *ix = match_index_build(ref, set_projects(), SET_SIZE, &o);
	MatchPair *pairs;
	size_t n = match_pairs(ix, &o, &pairs);
	check_labels(ix, pairs, n);

	/* the overlap: record 10 with group 2's WASH records in Shiberghan */
	bool overlap = false;
	for (size_t i = 0; i < n; i++)
		if (pairs[i].kind == MATCH_OVERLAP && (set[pairs[i].a].p.id == 10 || set[pairs[i].b].p.id == 10))
			overlap = true;
	assert_true(overlap);
	free(pairs);
	match_index_free(ix);
}

/* The blocked pass alone misses the miscoded records; the join finds them. */
static void test_projects_passes(void **state)
{
	(void)state;
	MatchOptions o;
	match_options_default(&o);
	o.unblocked = false;
	MatchIndex *ix = match_index_build(ref, set_projects(), SET_SIZE, &o);
	MatchPair *pairs;
	size_t n = match_pairs(ix, &o, &pairs);
	bool miscoded = false;
	for (size_t i = 0; i < n; i++)
		if (set[pairs[i].a].p.id == 8 && set[pairs[i].b].p.id == 9)
			miscoded = true;
	assert_false(miscoded); /* different district and sector: not in one block */
	free(pairs);

	o.unblocked = true;
	o.blocked = false;
	n = match_pairs(ix, &o, &pairs);
	for (size_t i = 0; i < n; i++)
		if (set[pairs[i].a].p.id == 8 && set[pairs[i].b].p.id == 9)
			miscoded = true;
	assert_true(miscoded);
	free(pairs);
	match_index_free(ix);
}

static void test_reasons(void **state)
{
	(void)state;
	MatchOptions o;
	match_options_default(&o);
	MatchIndex *ix = match_index_build(ref, set_projects(), SET_SIZE, &o);
	MatchPair *pairs;
	size_t n = match_pairs(ix, &o, &pairs);
	bool seen = false;
	for (size_t i = 0; i < n; i++) {
		if (set[pairs[i].a].p.id != 3 || set[pairs[i].b].p.id != 4)
			continue;
		Buf why;
		buf_init(&why, 0);
		match_reasons(ix, &pairs[i], NULL, &why);
		const char *w = buf_str(&why);
		if (!strstr(w, "both WASH in Shiberghan district, Jawzjan") || !strstr(w, "9 months overlap") ||
		    !strstr(w, "titles 1.00 alike") || !strstr(w, "same implementer"))
			fail_msg("reasons: %s", w);
		buf_free(&why);
		seen = true;
	}
	assert_true(seen);
	free(pairs);
	match_index_free(ix);
}

/* A stand-in catalog: two message ids "translated", one with its
 * arguments in the other order. */
static const char *fake_tr(void *data, const char *msgid)
{
	(void)data;
	if (strcmp(msgid, "both %s in %s") == 0)
		return "in %2$s, both %1$s";
	if (strcmp(msgid, "%s district, %s") == 0)
		return "D:%s/%s";
	if (strcmp(msgid, "same implementer") == 0)
		return "SAME-IMPL";
	return msgid;
}

/* The reasons as parts, written in another language: the translation's
 * order, places and sectors named in that language, untranslated parts in
 * English. */
static void test_reasons_in_parts(void **state)
{
	(void)state;
	MatchOptions o;
	match_options_default(&o);
	MatchIndex *ix = match_index_build(ref, set_projects(), SET_SIZE, &o);
	MatchPair *pairs;
	size_t n = match_pairs(ix, &o, &pairs);
	bool seen = false;
	for (size_t i = 0; i < n; i++) {
		if (set[pairs[i].a].p.id != 3 || set[pairs[i].b].p.id != 4)
			continue;
		MatchReasons r;
		match_reason_parts(ix, &pairs[i], NULL, &r);
		assert_true(r.count >= 4);
		assert_string_equal(r.items[0].msgid, "both %s in %s");
		assert_int_equal(r.items[0].kinds[0], REASON_SECTOR);
		assert_int_equal(r.items[0].kinds[1], REASON_PLACE);
		Buf b;
		buf_init(&b, 0);
		match_reasons_text(&r, ref, "prs", fake_tr, NULL, &b);
		const Place *shib = gaz_get(ref->gaz, r.items[0].args[1]);
		const Place *jawzjan = gaz_get(ref->gaz, shib->parent_pcode);
		char want[512];
		snprintf(want, sizeof want, "in D:%s/%s, both ", shib->name_prs, jawzjan->name_prs);
		if (strncmp(buf_str(&b), want, strlen(want)) != 0)
			fail_msg("in Dari: %s (wanted it to start %s)", buf_str(&b), want);
		assert_non_null(strstr(buf_str(&b), "; 9 months overlap; titles 1.00 alike"));
		assert_non_null(strstr(buf_str(&b), "; SAME-IMPL"));
		/* no translation, in English: the words match_reasons writes */
		buf_reset(&b);
		match_reasons_text(&r, ref, "en", NULL, NULL, &b);
		Buf words;
		buf_init(&words, 0);
		match_reasons(ix, &pairs[i], NULL, &words);
		assert_string_equal(buf_str(&b), buf_str(&words));
		buf_free(&words);
		buf_free(&b);
		seen = true;
	}
	assert_true(seen);
	free(pairs);
	match_index_free(ix);
}

/* A would-be record finds its duplicate, wherever it was coded. */
static void test_similar(void **state)
{
	(void)state;
	MatchOptions o;
	match_options_default(&o);
	MatchIndex *ix = match_index_build(ref, set_projects(), SET_SIZE, &o);
	MatchProject probe = PROJ(0, "Rehabilitation of the irrigation canal in Shibirghan", "2021-05",
				  "2021-11", SHIB, FSAC, ORG_A, NULL);
	MatchPair *pairs;
	size_t n = match_similar(ix, &probe, &o, 10, &pairs);
	assert_true(n >= 2);
	assert_int_equal(pairs[0].a, -1);
	for (size_t i = 0; i < n; i++) {
		int64_t id = match_index_id(ix, (size_t)pairs[i].b);
		if (pairs[i].kind == MATCH_SAME && id != 1 && id != 2)
			fail_msg("probe matched %lld", (long long)id);
	}
	Buf why;
	buf_init(&why, 0);
	match_reasons(ix, &pairs[0], &probe, &why);
	assert_non_null(strstr(buf_str(&why), "both FSAC in Shiberghan district, Jawzjan"));
	buf_free(&why);
	free(pairs);

	/* the same title, miscoded to another province and sector, still comes up */
	MatchProject far = PROJ(0, "Mobile health teams for nomadic Kuchi communities", "2019-06", "2020-01",
				AQCHA, EDU, ORG_A, DONOR);
	n = match_similar(ix, &far, &o, 10, &pairs);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (match_index_id(ix, (size_t)pairs[i].b) == 8)
			found = true;
	assert_true(found);
	free(pairs);

	/* a look-alike finds nothing */
	MatchProject other = PROJ(0, "Rehabilitation of school buildings", "2023-01", "2023-06", SHIB,
				  HEALTH, DONOR_AND_A, NULL);
	n = match_similar(ix, &other, &o, 10, &pairs);
	for (size_t i = 0; i < n; i++)
		if (pairs[i].kind == MATCH_SAME)
			fail_msg("look-alike probe matched %lld", (long long)match_index_id(ix, (size_t)pairs[i].b));
	free(pairs);
	match_index_free(ix);
}

/* Titles of one template that name different villages are different
 * projects, even of one organization in one district and the same
 * months; a typo in the village, or the district written another way,
 * still leaves one project. */
static const char *MIR_BACHA_KOT[] = {"AF0108"};

static void test_village_names(void **state)
{
	(void)state;
	MatchProject items[] = {
		PROJ(1, "Water supply in Qala-e-Naw village, Shiberghan", "2021-03", "2021-12", SHIB, WASH, ORG_A, DONOR),
		PROJ(2, "Water supply in Sang-e-Surakh village, Shiberghan", "2021-03", "2021-12", SHIB, WASH, ORG_A, DONOR),
		PROJ(3, "Water suply in Sang-e-Surkah village, Sheberghan", "2021-03", "2021-12", SHIB, WASH, ORG_A, DONOR),
		PROJ(4, "Water supply in Gulbagh village, Shiberghan", "2021-04", "2021-12", SHIB, WASH, ORG_C, NULL),
		PROJ(5, "Water supply in Qala-e-Naw village, Mir Bacha Kot", "2021-03", "2021-12", MIR_BACHA_KOT, WASH, ORG_A, DONOR),
		PROJ(6, "Water supply in Qala-e-Naw village, Mirbachakot", "2021-03", "2021-12", MIR_BACHA_KOT, WASH, ORG_A, DONOR),
	};
	size_t count = sizeof items / sizeof *items;
	MatchOptions o;
	match_options_default(&o);
	MatchIndex *ix = match_index_build(ref, items, count, &o);
	MatchPair *pairs;
	size_t n = match_pairs(ix, &o, &pairs);
	MatchKind kind[7][7] = {{0}};
	for (size_t i = 0; i < n; i++)
		kind[items[pairs[i].a].id][items[pairs[i].b].id] = pairs[i].kind;
	assert_int_not_equal(kind[1][2], MATCH_SAME); /* two villages: two projects */
	assert_int_not_equal(kind[1][3], MATCH_SAME);
	assert_int_equal(kind[2][3], MATCH_SAME);     /* a typo in the village: one */
	assert_int_equal(kind[1][4], MATCH_OVERLAP);  /* another organization, another village */
	assert_int_equal(kind[5][6], MATCH_SAME);     /* the district written in one word */
	free(pairs);

	/* a would-be record naming another village is not the same as record 1 */
	MatchProject probe = PROJ(0, "Water supply in Karez-e-Mir village, Shiberghan", "2021-03", "2021-12",
				  SHIB, WASH, ORG_A, DONOR);
	n = match_similar(ix, &probe, &o, 10, &pairs);
	for (size_t i = 0; i < n; i++)
		if (pairs[i].kind == MATCH_SAME)
			fail_msg("probe naming another village matched %lld",
				 (long long)match_index_id(ix, (size_t)pairs[i].b));
	free(pairs);
	/* one naming record 2's village with a typo is */
	probe.title[0] = "Water supply in Sang-e-Surkah village, Shiberghan";
	n = match_similar(ix, &probe, &o, 10, &pairs);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		if (pairs[i].kind == MATCH_SAME && match_index_id(ix, (size_t)pairs[i].b) == 2)
			found = true;
	assert_true(found);
	free(pairs);
	match_index_free(ix);
}

/* A title of two words with a typo in one is still found by the title
 * join (the records are in one district, but not in one block: another
 * sector); a would-be record with one title finds the other. */
static void test_short_titles(void **state)
{
	(void)state;
	MatchProject items[] = {
		PROJ(1, "Kuchi clinic", "2021-03", "2021-12", SHIB, HEALTH, ORG_A, DONOR),
		PROJ(2, "Kuchi clinics", "2021-03", "2021-12", SHIB, FSAC, ORG_A, DONOR),
		PROJ(3, "Kuchi schools", "2021-03", "2021-12", SHIB, EDU, ORG_B, NULL),
	};
	MatchOptions o;
	match_options_default(&o);
	o.blocked = false;
	MatchIndex *ix = match_index_build(ref, items, 3, &o);
	MatchPair *pairs;
	size_t n = match_pairs(ix, &o, &pairs);
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		if (pairs[i].kind != MATCH_SAME)
			continue;
		if (pairs[i].a == 0 && pairs[i].b == 1)
			found = true;
		else
			fail_msg("records %d and %d called the same", pairs[i].a + 1, pairs[i].b + 1);
	}
	assert_true(found);
	free(pairs);
	/* record 1's title, against record 2 */
	MatchProject probe = PROJ(0, "Kuchi clinic", "2021-03", "2021-12", SHIB, EDU, ORG_A, DONOR);
	n = match_similar(ix, &probe, &o, 10, &pairs);
	found = false;
	for (size_t i = 0; i < n; i++)
		found = found || (pairs[i].kind == MATCH_SAME && pairs[i].b == 1);
	assert_true(found);
	free(pairs);
	match_index_free(ix);
}

/* Above the size where the index build and the join go on two threads,
 * their pairs are those of the calling thread alone: the same pairs, the
 * same kinds and scores, in the same order. Synthetic titles on a few
 * templates, with every seventh record a copy of an earlier one with a
 * letter dropped, so the join has candidates to verify and pairs to find. */
#define THREADED_RECORDS 4500

static void test_threads_same_result(void **state)
{
	(void)state;
	static const char *const WHAT[] = {"Rehabilitation of irrigation canals", "Latrines and hygiene kits",
					   "Community based schools", "Mobile health teams",
					   "Kitchen gardens and seed distribution"};
	static const char *const WHO[] = {"returnee families", "women headed households", "farmers"};
	static const char *const SYLLABLE[] = {"ka", "gul", "bad", "khel", "dar", "zai", "mir", "qal"};
	const char **places[] = {SHIB, KHWAJA, AQCHA, HERAT};
	const char **sectors[] = {WASH, EDU, FSAC, HEALTH};
	static const char *const MONTHS[] = {"2020-01", "2020-06", "2021-03", "2021-09"};
	static const int64_t ORGS[] = {101, 102, 103, 104, 105, 106, 107};
	char (*titles)[160] = xcalloc(THREADED_RECORDS, sizeof *titles);
	MatchProject *items = xcalloc(THREADED_RECORDS, sizeof *items);
	for (size_t i = 0; i < THREADED_RECORDS; i++) {
		size_t h = i * 2654435761u;
		if (i % 7 == 6) {
			size_t of = (i * 37) % i; /* an earlier record */
			items[i] = items[of];
			memcpy(titles[i], titles[of], sizeof titles[i]);
			size_t len = strlen(titles[i]);
			memmove(titles[i] + len / 2, titles[i] + len / 2 + 1, len - len / 2);
		} else {
			snprintf(titles[i], sizeof titles[i], "%s for %s in %s%s%s", WHAT[h % 5], WHO[(h >> 3) % 3],
				 SYLLABLE[(h >> 5) % 8], SYLLABLE[(h >> 8) % 8], SYLLABLE[(h >> 11) % 8]);
			items[i].pcodes = places[(h >> 14) % 4];
			items[i].pcode_count = 1;
			items[i].sectors = sectors[(h >> 16) % 4];
			items[i].sector_count = 1;
			items[i].start_date = MONTHS[(h >> 18) % 4];
			items[i].implementer_ids = &ORGS[(h >> 20) % 7];
			items[i].implementer_count = 1;
			items[i].people_reached = -1;
		}
		items[i].id = (int64_t)i + 1;
		items[i].title[0] = titles[i];
	}
	MatchOptions one, two;
	match_options_default(&one);
	one.threads = 1;
	match_options_default(&two);
	MatchIndex *ix1 = match_index_build(ref, items, THREADED_RECORDS, &one);
	MatchIndex *ix2 = match_index_build(ref, items, THREADED_RECORDS, &two);
	MatchPair *p1, *p2, *cross;
	size_t n1 = match_pairs(ix1, &one, &p1);
	size_t n2 = match_pairs(ix2, &two, &p2);
	size_t nc = match_pairs(ix1, &two, &cross); /* the join alone on two threads */
	assert_true(n1 > THREADED_RECORDS / 7 / 2);
	assert_int_equal(n1, n2);
	assert_int_equal(n1, nc);
	for (size_t k = 0; k < n1; k++) {
		if (p1[k].a != p2[k].a || p1[k].b != p2[k].b || p1[k].kind != p2[k].kind ||
		    p1[k].score != p2[k].score || p1[k].a != cross[k].a || p1[k].b != cross[k].b)
			fail_msg("pair %zu: %d-%d one thread, %d-%d two", k, p1[k].a, p1[k].b, p2[k].a, p2[k].b);
	}
	/* a lookup sees the same index either way */
	MatchPair *l1, *l2;
	size_t m1 = match_similar(ix1, &items[13], &one, 10, &l1);
	size_t m2 = match_similar(ix2, &items[13], &two, 10, &l2);
	assert_true(m1 >= 1);
	assert_int_equal(m1, m2);
	for (size_t k = 0; k < m1; k++)
		assert_int_equal(l1[k].b, l2[k].b);
	free(l1);
	free(l2);
	free(p1);
	free(p2);
	free(cross);
	match_index_free(ix1);
	match_index_free(ix2);
	free(items);
	free(titles);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_orgs_aga_khan),
		cmocka_unit_test(test_projects_planted),
		cmocka_unit_test(test_projects_passes),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_reasons_in_parts),
		cmocka_unit_test(test_similar),
		cmocka_unit_test(test_village_names),
		cmocka_unit_test(test_short_titles),
		cmocka_unit_test(test_threads_same_result),
	};
	return cmocka_run_group_tests(tests, load_ref, free_ref);
}
