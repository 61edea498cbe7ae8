/*
 * match_reasons.c — why the duplicate engine (match.h) paired two records,
 * in words.
 *
 * A pair's reasons are made first as parts (match_reason_parts; those of
 * two organizations in match_org.c): a message id marked N_(), so that it
 * is in the catalogs, and its arguments, each text as it is, a sector
 * code or a P-code. match_reasons_text writes the parts in a language: the
 * message ids through the caller's translation, sectors and places named
 * from the reference data. This file never translates by itself, and
 * formats numbers without the C library's formatter.
 *
 * No I/O; no state between calls.
 */
#include "core/match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/match_int.h"
#include "core/mem.h"
#include "core/nls.h"

/* ---- reasons as parts ---- */

/* The code (a P-code, a sector code) of an id of the index; "" when unknown. */
static const char *code_text(const MatchIndex *ix, int64_t id)
{
	return id >= 0 && (size_t)id < ix->code_count ? ix->codes[id] : "";
}

/* Starts a part with its message id; NULL when the list is full. */
MatchReason *match_reason_add(MatchReasons *r, const char *msgid)
{
	if (r->count == MATCH_REASONS_MAX)
		return NULL;
	MatchReason *m = &r->items[r->count++];
	memset(m, 0, sizeof *m);
	m->msgid = msgid;
	return m;
}

/* Adds an argument to a part, cut on a character boundary to fit. */
void match_reason_arg(MatchReason *m, ReasonArgKind kind, const char *text)
{
	if (!m || m->arg_count == MATCH_REASON_ARGS)
		return;
	char *to = m->args[m->arg_count];
	size_t n = strlen(text ? text : "");
	if (n > MATCH_REASON_ARG_MAX) {
		n = MATCH_REASON_ARG_MAX;
		while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(to, text, n);
	to[n] = '\0';
	m->kinds[m->arg_count++] = kind;
}

/* A ratio as two decimals ("0.81"), without the C library's formatter. */
void match_ratio_text(double x, char out[8])
{
	int hundredths = (int)lround(x * 100.0);
	if (hundredths >= 100) {
		memcpy(out, "1.00", 5);
		return;
	}
	if (hundredths < 0)
		hundredths = 0;
	out[0] = '0';
	out[1] = '.';
	out[2] = (char)('0' + hundredths / 10);
	out[3] = (char)('0' + hundredths % 10);
	out[4] = '\0';
}

/* A whole number in decimal, without the C library's formatter. */
static void long_text(long v, char out[24])
{
	char tmp[24];
	size_t n = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u && n < sizeof tmp - 1);
	size_t o = 0;
	if (v < 0)
		out[o++] = '-';
	while (n)
		out[o++] = tmp[--n];
	out[o] = '\0';
}

static void reason_ratio(MatchReasons *r, const char *msgid, double x)
{
	char t[8];
	match_ratio_text(x, t);
	match_reason_arg(match_reason_add(r, msgid), REASON_TEXT, t);
}

void match_reason_parts(const MatchIndex *ix, const MatchPair *p, const MatchProject *probe,
			MatchReasons *out)
{
	View va, vb;
	ProbeData d;
	Facts f;
	bool is_probe = p->a < 0;
	out->count = 0;
	if (is_probe)
		match_probe_view(ix, probe, &d, &va);
	else
		match_view_of(ix, (size_t)p->a, &va);
	match_view_of(ix, (size_t)p->b, &vb);
	match_facts_of(&va, &vb, &f);

	bool same_place = f.place >= 0 || f.province >= 0;
	if (f.sector >= 0 && same_place) {
		MatchReason *m = match_reason_add(out, N_("both %s in %s"));
		match_reason_arg(m, REASON_SECTOR, code_text(ix, f.sector));
		match_reason_arg(m, REASON_PLACE, code_text(ix, f.place >= 0 ? f.place : f.province));
	} else if (f.sector >= 0) {
		match_reason_arg(match_reason_add(out, N_("both %s")), REASON_SECTOR, code_text(ix, f.sector));
	} else if (same_place) {
		match_reason_arg(match_reason_add(out, N_("both in %s")), REASON_PLACE,
			   code_text(ix, f.place >= 0 ? f.place : f.province));
	} else {
		match_reason_add(out, N_("different places and sectors"));
	}
	if (f.place < 0 && va.place_n && vb.place_n)
		match_reason_add(out, f.province >= 0 ? N_("different districts") : N_("different provinces"));
	if (f.sector < 0 && va.sector_n && vb.sector_n && same_place)
		match_reason_add(out, N_("different sectors"));
	if (f.both_dated) {
		if (f.overlap_days > 0) {
			long months = lround((double)f.overlap_days / 30.44);
			char n[24];
			if (months < 1) {
				long_text(f.overlap_days, n);
				match_reason_arg(match_reason_add(out, N_("%s days overlap")), REASON_TEXT, n);
			} else if (months == 1) {
				match_reason_add(out, N_("1 month overlap"));
			} else {
				long_text(months, n);
				match_reason_arg(match_reason_add(out, N_("%s months overlap")), REASON_TEXT, n);
			}
		} else {
			match_reason_add(out, N_("dates do not overlap"));
		}
	}
	reason_ratio(out, N_("titles %s alike"), f.title);
	if (f.description >= 0)
		reason_ratio(out, N_("descriptions %s alike"), f.description);
	if (f.same_donor)
		match_reason_add(out, N_("same donor"));
	if (f.same_implementer)
		match_reason_add(out, N_("same implementer"));
	if (f.crossed)
		match_reason_add(out, N_("the donor of one is named on the other"));
	if (p->kind == MATCH_OVERLAP)
		match_reason_add(out, N_("different organizations"));
	if (f.targets >= 1.0)
		match_reason_add(out, N_("same target groups"));
	if (f.people_close)
		match_reason_add(out, N_("similar numbers of people reached"));
	if (is_probe)
		match_probe_free(&d);
}

/* ---- reasons as text ---- */

/* A name in lang, else in English. */
static const char *name_in(const char *lang, const char *en, const char *prs, const char *pus)
{
	if (lang && strcmp(lang, "prs") == 0 && prs && *prs)
		return prs;
	if (lang && strcmp(lang, "pus") == 0 && pus && *pus)
		return pus;
	return en;
}

static bool english(const char *lang)
{
	return !lang || (strcmp(lang, "prs") != 0 && strcmp(lang, "pus") != 0);
}

static const char *translated(MatchTranslate translate, void *data, const char *msgid)
{
	const char *t = translate ? translate(data, msgid) : msgid;
	return t ? t : msgid;
}

static void put_filled(Buf *b, const char *format, const char *const *args, int count);

/* A sector by its name: in English, a short code ("WASH", "FSAC") is the
 * name people use; a long one is named. */
static void put_sector(Buf *b, const RefData *ref, const char *lang, const char *code)
{
	const Code *c = ref ? codelist_find(&ref->sectors, code) : NULL;
	if (!c) {
		buf_puts(b, code);
		return;
	}
	if (english(lang) || !name_in(lang, NULL, c->name_prs, c->name_pus))
		buf_puts(b, strlen(code) <= 5 ? code : c->name_en);
	else
		buf_puts(b, name_in(lang, c->name_en, c->name_prs, c->name_pus));
}

static void put_place(Buf *b, const RefData *ref, const char *lang, MatchTranslate translate,
		      void *data, const char *pcode)
{
	const Place *pl = ref ? gaz_get(ref->gaz, pcode) : NULL;
	if (!pl) {
		buf_puts(b, pcode);
		return;
	}
	const char *name = name_in(lang, pl->name_en, pl->name_prs, pl->name_pus);
	if (pl->level == PLACE_DISTRICT) {
		const Place *prov = gaz_get(ref->gaz, pl->parent_pcode);
		const char *args[2] = {
		    name, prov ? name_in(lang, prov->name_en, prov->name_prs, prov->name_pus)
			       : pl->parent_pcode};
		put_filled(b, translated(translate, data, N_("%s district, %s")), args, 2);
	} else {
		const char *args[1] = {name};
		put_filled(b, translated(translate, data, N_("%s province")), args, 1);
	}
}

/* Writes format with each %s replaced by the next argument (or %N$s by
 * the N-th, for a translation that puts them in another order); %% is a
 * percent sign. Anything else is written as it is. */
static void put_filled(Buf *b, const char *format, const char *const *args, int count)
{
	int next = 0;
	for (const char *f = format; *f; f++) {
		if (*f != '%') {
			buf_putc(b, *f);
			continue;
		}
		if (f[1] == '%') {
			buf_putc(b, '%');
			f++;
		} else if (f[1] == 's') {
			if (next < count)
				buf_puts(b, args[next]);
			next++;
			f++;
		} else if (f[1] >= '1' && f[1] <= '9' && f[2] == '$' && f[3] == 's') {
			int i = f[1] - '1';
			if (i < count)
				buf_puts(b, args[i]);
			f += 3;
		} else {
			buf_putc(b, '%');
		}
	}
}

void match_reasons_text(const MatchReasons *r, const RefData *ref, const char *lang,
			MatchTranslate translate, void *data, Buf *b)
{
	for (size_t i = 0; i < r->count; i++) {
		const MatchReason *m = &r->items[i];
		Buf arg[MATCH_REASON_ARGS];
		const char *args[MATCH_REASON_ARGS];
		for (int k = 0; k < m->arg_count; k++) {
			buf_init(&arg[k], 0);
			if (m->kinds[k] == REASON_SECTOR)
				put_sector(&arg[k], ref, lang, m->args[k]);
			else if (m->kinds[k] == REASON_PLACE)
				put_place(&arg[k], ref, lang, translate, data, m->args[k]);
			else
				buf_puts(&arg[k], m->args[k]);
			args[k] = buf_str(&arg[k]);
		}
		if (i)
			buf_puts(b, "; ");
		put_filled(b, translated(translate, data, m->msgid), args, m->arg_count);
		for (int k = 0; k < m->arg_count; k++)
			buf_free(&arg[k]);
	}
}

void match_reasons(const MatchIndex *ix, const MatchPair *p, const MatchProject *probe, Buf *b)
{
	MatchReasons *r = xmalloc(sizeof *r);
	match_reason_parts(ix, p, probe, r);
	match_reasons_text(r, ix->ref, "en", NULL, NULL, b);
	free(r);
}

