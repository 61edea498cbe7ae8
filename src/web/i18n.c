/*
 * i18n.c — translation of interface words (see i18n.h).
 *
 * The table below is a stopgap for the navigation and common words until
 * message catalogs arrive; it holds no domain data (names of provinces,
 * sectors and organizations come from the reference tables in three
 * languages). It is small and scanned in order.
 */
#include "web/i18n.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct Translation {
	const char *msgid; /* the English text */
	const char *prs;   /* Dari */
	const char *pus;   /* Pashto */
} Translation;

static const Translation translations[] = {
    {"Hamahang", "هماهنگ", "هماهنگ"},
    {"Home", "صفحه اصلی", "کور"},
    {"Organizations", "نهادها", "بنسټونه"},
    {"Projects", "پروژه‌ها", "پروژې"},
    {"Places", "مکان‌ها", "ځایونه"},
    {"Search", "جستجو", "لټون"},
    {"Sign in", "ورود", "ننوتل"},
    {"Language", "زبان", "ژبه"},
    {"Province", "ولایت", "ولایت"},
    {"District", "ولسوالی", "ولسوالي"},
    {"Sector", "سکتور", "سکتور"},
    {"Kind", "نوع", "ډول"},
    {"Status", "وضعیت", "حالت"},
    {"Save", "ذخیره", "خوندي کول"},
    {"Cancel", "لغو", "لغوه"},
    {"Edit", "ویرایش", "سمول"},
    {"New organization", "نهاد جدید", "نوی بنسټ"},
    {"New project", "پروژه جدید", "نوې پروژه"},
    {"Filter", "فلتر", "فلټر"},
    {"Results", "نتایج", "پایلې"},
    {"Source", "منبع", "سرچینه"},
    {"Donor", "تمویل‌کننده", "مرسته‌کوونکی"},
    {"Year", "سال", "کال"},
    {"Text", "متن", "متن"},
    {"Page not found", "صفحه پیدا نشد", "پاڼه ونه موندل شوه"},
    {"Skip to content", "رفتن به محتوا", "منځپانګې ته تګ"},
};

const char *const i18n_langs[] = {"en", "prs", "pus", NULL};

const char *i18n_tr(const char *lang, const char *msgid)
{
	if (!msgid || !lang)
		return msgid;
	bool dari = strcmp(lang, "prs") == 0;
	if (!dari && strcmp(lang, "pus") != 0)
		return msgid;
	for (size_t i = 0; i < sizeof translations / sizeof translations[0]; i++)
		if (strcmp(translations[i].msgid, msgid) == 0)
			return dari ? translations[i].prs : translations[i].pus;
	return msgid;
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
