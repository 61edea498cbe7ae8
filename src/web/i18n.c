/*
 * i18n.c — translation of interface words (see i18n.h).
 *
 * The words come from GNU gettext catalogs, po/prs.po and po/pus.po,
 * compiled by the build with msgfmt and carried inside the binary (see the
 * Makefile). They are read here, not through the C library's gettext, so
 * that each request may have its own language without touching the
 * process's locale. Catalogs hold interface words only: names of
 * provinces, sectors and organizations come from the records and the
 * reference tables in three languages.
 */
#include "web/i18n.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/embedded.h"

/* A compiled catalog as msgfmt writes it (GNU gettext manual, "The Format
 * of GNU MO Files"): a header of 32-bit words — magic, revision, N, the
 * offset of the table of originals, the offset of the table of
 * translations, the hash table's size and offset — then two tables of N
 * (length, offset) pairs, the originals sorted by strcmp. We search the
 * originals by bisection and leave the hash table alone. The words may be
 * in either byte order (the magic tells which) and at any alignment, so
 * they are read byte by byte. */
#define MO_MAGIC        0x950412deu
#define MO_HEADER_WORDS 7

typedef struct Catalog {
	const unsigned char *data; /* the .mo file's bytes, or NULL when unusable */
	size_t size;               /* bytes in data */
	bool swapped;              /* words are in the other byte order */
	uint32_t count;            /* N, the number of strings */
	uint32_t originals;        /* offset of the table of originals */
	uint32_t translations;     /* offset of the table of translations */
} Catalog;

/* The catalogs, checked once and then only read, so shared by threads. */
static struct {
	pthread_once_t once; /* guards the loading below */
	Catalog prs;         /* Dari */
	Catalog pus;         /* Pashto */
} catalogs = {PTHREAD_ONCE_INIT};

static uint32_t mo_word(const unsigned char *p, bool swapped)
{
	if (swapped)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* String i of a table at offset table: its bytes and length, after checking
 * that it lies inside the file and ends with a NUL. False when it does not. */
static bool mo_string(const Catalog *c, uint32_t table, uint32_t i, const char **s, size_t *len)
{
	const unsigned char *entry = c->data + table + (size_t)i * 8;
	uint32_t length = mo_word(entry, c->swapped);
	uint32_t offset = mo_word(entry + 4, c->swapped);
	if (offset >= c->size || length >= c->size - offset || c->data[offset + length] != '\0')
		return false;
	*s = (const char *)c->data + offset;
	*len = length;
	return true;
}

/* Checks a catalog through and through — header, tables, every string, the
 * order of the originals — so that lookups can trust it. Leaves c->data
 * NULL when anything is wrong: the language then falls back to English
 * rather than read past the end of the file. */
static void catalog_open(Catalog *c, const char *path)
{
	memset(c, 0, sizeof *c);
	const EmbeddedFile *f = embedded_find(path);
	if (!f || f->size < MO_HEADER_WORDS * 4)
		return;
	const unsigned char *data = (const unsigned char *)f->data;
	Catalog probe = {.data = data, .size = f->size};
	if (mo_word(data, false) == MO_MAGIC)
		probe.swapped = false;
	else if (mo_word(data, true) == MO_MAGIC)
		probe.swapped = true;
	else
		return;
	if (mo_word(data + 4, probe.swapped) >> 16 != 0) /* major revision 0 only */
		return;
	probe.count = mo_word(data + 8, probe.swapped);
	probe.originals = mo_word(data + 12, probe.swapped);
	probe.translations = mo_word(data + 16, probe.swapped);
	size_t table_bytes = (size_t)probe.count * 8;
	if (probe.count > f->size / 16 || probe.originals > f->size - table_bytes ||
	    probe.translations > f->size - table_bytes)
		return;
	const char *previous = NULL;
	for (uint32_t i = 0; i < probe.count; i++) {
		const char *original, *translation;
		size_t original_len, translation_len;
		if (!mo_string(&probe, probe.originals, i, &original, &original_len) ||
		    !mo_string(&probe, probe.translations, i, &translation, &translation_len))
			return;
		if (previous && strcmp(previous, original) >= 0)
			return;
		previous = original;
	}
	*c = probe;
}

static void catalogs_open(void)
{
	catalog_open(&catalogs.prs, "build/po/prs.mo");
	catalog_open(&catalogs.pus, "build/po/pus.mo");
}

/* The catalog of a language, or NULL for English and unknown codes. */
static const Catalog *catalog_for(const char *lang)
{
	pthread_once(&catalogs.once, catalogs_open);
	if (strcmp(lang, "prs") == 0)
		return catalogs.prs.data ? &catalogs.prs : NULL;
	if (strcmp(lang, "pus") == 0)
		return catalogs.pus.data ? &catalogs.pus : NULL;
	return NULL;
}

const char *const i18n_langs[] = {"en", "prs", "pus", NULL};

/* The translation of msgid in c, or NULL when c has none (or an empty one,
 * which msgfmt keeps only for the header). The empty msgid, the header, is
 * never looked up. */
static const char *catalog_lookup(const Catalog *c, const char *msgid)
{
	uint32_t low = 0, high = c->count;
	while (low < high) {
		uint32_t mid = low + (high - low) / 2;
		const char *original = "", *translation = "";
		size_t len = 0;
		mo_string(c, c->originals, mid, &original, &len);
		int order = strcmp(msgid, original);
		if (order == 0) {
			mo_string(c, c->translations, mid, &translation, &len);
			return len ? translation : NULL;
		}
		if (order < 0)
			high = mid;
		else
			low = mid + 1;
	}
	return NULL;
}

const char *i18n_tr(const char *lang, const char *msgid)
{
	if (!msgid || !lang || !*msgid)
		return msgid;
	const Catalog *c = catalog_for(lang);
	const char *translation = c ? catalog_lookup(c, msgid) : NULL;
	return translation ? translation : msgid;
}

bool i18n_has_catalog(const char *lang)
{
	return lang && catalog_for(lang) != NULL;
}

bool i18n_lang_valid(const char *lang)
{
	if (!lang)
		return false;
	for (size_t i = 0; i18n_langs[i]; i++)
		if (strcmp(lang, i18n_langs[i]) == 0)
			return true;
	return false;
}

const char *i18n_dir(const char *lang)
{
	return lang && (strcmp(lang, "prs") == 0 || strcmp(lang, "pus") == 0) ? "rtl" : "ltr";
}

const char *i18n_html_lang(const char *lang)
{
	if (lang && strcmp(lang, "prs") == 0)
		return "fa-AF";
	if (lang && strcmp(lang, "pus") == 0)
		return "ps";
	return "en";
}

const char *i18n_autonym(const char *lang)
{
	if (!lang)
		return NULL;
	if (strcmp(lang, "en") == 0)
		return "English";
	if (strcmp(lang, "prs") == 0)
		return "دری";
	if (strcmp(lang, "pus") == 0)
		return "پښتو";
	return NULL;
}

/* Our code for a language range's primary tag (the part before '-'), or NULL. */
static const char *lang_for_tag(const char *tag, size_t len)
{
	static const struct {
		const char *tag;
		const char *lang;
	} tags[] = {{"en", "en"}, {"fa", "prs"}, {"prs", "prs"}, {"ps", "pus"}, {"pus", "pus"}};
	size_t primary = 0;
	while (primary < len && tag[primary] != '-')
		primary++;
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (strlen(tags[i].tag) == primary && strncasecmp(tag, tags[i].tag, primary) == 0)
			return tags[i].lang;
	return NULL;
}

/* The q-value of one range's parameters ("; q=0.5"), in thousandths; 1000
 * when absent, 0 when malformed. */
static int quality(const char *params, size_t len)
{
	const char *q = NULL;
	for (size_t i = 0; i + 1 < len; i++)
		if ((params[i] == 'q' || params[i] == 'Q') && params[i + 1] == '=') {
			q = params + i + 2;
			break;
		}
	if (!q)
		return 1000;
	const char *end = params + len;
	while (q < end && *q == ' ')
		q++;
	if (q >= end || (*q != '0' && *q != '1'))
		return 0;
	int value = (*q - '0') * 1000;
	q++;
	if (q < end && *q == '.') {
		int scale = 100;
		for (q++; q < end && *q >= '0' && *q <= '9' && scale > 0; q++, scale /= 10)
			value += (*q - '0') * scale;
	}
	return value > 1000 ? 1000 : value;
}

const char *i18n_from_accept_language(const char *header)
{
	if (!header)
		return NULL;
	const char *best = NULL;
	int best_q = 0;
	const char *p = header;
	while (*p) {
		const char *item = p;
		while (*p && *p != ',')
			p++;
		size_t item_len = (size_t)(p - item);
		if (*p == ',')
			p++;
		while (item_len && (*item == ' ' || *item == '\t')) {
			item++;
			item_len--;
		}
		size_t tag_len = 0;
		while (tag_len < item_len && item[tag_len] != ';' && item[tag_len] != ' ')
			tag_len++;
		const char *lang = lang_for_tag(item, tag_len);
		if (!lang)
			continue;
		int q = quality(item + tag_len, item_len - tag_len);
		/* Ties go to the range listed first, as browsers list by preference. */
		if (q > best_q) {
			best = lang;
			best_q = q;
		}
	}
	return best;
}
