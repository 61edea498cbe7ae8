/*
 * test_i18n.c — the translation catalogs compiled into the binary and the
 * reader of them (web/i18n).
 *
 * The .mo files come from po/LANG.po through msgfmt; these tests read them
 * through i18n_tr as the pages do, so a catalog that msgfmt wrote in a way
 * the reader refuses, or that lost its order, shows up here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/embedded.h"
#include "web/i18n.h"

static void test_catalogs_load(void **state)
{
	(void)state;
	assert_true(i18n_has_catalog("prs"));
	assert_true(i18n_has_catalog("pus"));
	assert_false(i18n_has_catalog("en"));
	assert_false(i18n_has_catalog("de"));
	assert_false(i18n_has_catalog(NULL));
}

static void test_words_of_the_glossary(void **state)
{
	(void)state;
	/* Afghan usage: ولایت and ولسوالی, in both languages. */
	assert_string_equal(i18n_tr("prs", "Province"), "ولایت");
	assert_string_equal(i18n_tr("pus", "Province"), "ولایت");
	assert_string_equal(i18n_tr("prs", "District"), "ولسوالی");
	assert_string_equal(i18n_tr("pus", "District"), "ولسوالي");
	assert_string_equal(i18n_tr("prs", "Organizations"), "نهادها");
	assert_string_equal(i18n_tr("pus", "Organizations"), "بنسټونه");
}

static void test_validation_messages_translate(void **state)
{
	(void)state;
	/* Messages of core/validate.c are message ids too. */
	assert_string_equal(i18n_tr("prs", "is required"), "ضروری است");
	assert_string_equal(i18n_tr("pus", "is required"), "اړین دی");
	assert_string_not_equal(i18n_tr("prs", "must not be before the start"),
	                        "must not be before the start");
}

static void test_misses_fall_back_to_english(void **state)
{
	(void)state;
	assert_string_equal(i18n_tr("prs", "no such message"), "no such message");
	assert_string_equal(i18n_tr("en", "Province"), "Province");
	assert_string_equal(i18n_tr("xx", "Province"), "Province");
	/* The empty message id names the catalog's header: never its text. */
	assert_string_equal(i18n_tr("prs", ""), "");
	assert_null(i18n_tr("prs", NULL));
}

/* Every original of the catalog, looked up by bisection, finds its own
 * translation: the first, the last and all between. */
static void test_every_entry_is_found(void **state)
{
	(void)state;
	static const char *const paths[] = {"build/po/prs.mo", "build/po/pus.mo"};
	static const char *const langs[] = {"prs", "pus"};
	for (size_t l = 0; l < 2; l++) {
		const EmbeddedFile *f = embedded_find(paths[l]);
		assert_non_null(f);
		const unsigned char *d = (const unsigned char *)f->data;
		uint32_t n, originals, translations;
		memcpy(&n, d + 8, 4);
		memcpy(&originals, d + 12, 4);
		memcpy(&translations, d + 16, 4);
		assert_true(n > 300);
		for (uint32_t i = 1; i < n; i++) { /* 0 is the header */
			uint32_t o_off, t_off;
			memcpy(&o_off, d + originals + i * 8 + 4, 4);
			memcpy(&t_off, d + translations + i * 8 + 4, 4);
			const char *original = f->data + o_off;
			const char *translation = f->data + t_off;
			assert_string_equal(i18n_tr(langs[l], original), translation);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalogs_load),
	    cmocka_unit_test(test_words_of_the_glossary),
	    cmocka_unit_test(test_validation_messages_translate),
	    cmocka_unit_test(test_misses_fall_back_to_english),
	    cmocka_unit_test(test_every_entry_is_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
