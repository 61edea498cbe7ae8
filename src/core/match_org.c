/*
 * match_org.c — organizations that are likely one, for the duplicate
 * engine (match.h).
 *
 * Candidates are found on keys every organization gives: each word of its
 * names (with every h removed: agha and aga alike), its acronyms, its
 * registration number and TIN, its web domain; a key held by more than
 * ORG_KEY_MAX_HOLDERS organizations says nothing and is skipped. Each
 * candidate pair is then scored: names compared word by word (a Latin
 * word one edit away still alike), a shared acronym, and the same
 * registration number, TIN or web domain, which nearly settle it.
 *
 * No I/O; no state between calls.
 */
#include "core/match.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/match_int.h"
#include "core/mem.h"
#include "core/nls.h"
#include "core/text.h"

/* ---- organizations ---- */

/* The words of a name without the part in brackets. */
static char *name_words(const char *name)
{
	char *bare = match_strip_brackets(name ? name : "");
	char *words = match_words(bare);
	free(bare);
	return words;
}

/* A word with every h removed: agha and aga, khan and kan give one key,
 * for finding candidates (the score still tells them apart). */
static uint64_t loose_key(const char *w, size_t len)
{
	char tmp[128];
	size_t n = 0;
	for (size_t i = 0; i < len && n < sizeof tmp; i++)
		if (w[i] != 'h')
			tmp[n++] = w[i];
	return hash_bytes(tmp, n) | 1;
}

/* Two words are alike when equal, or (Latin, 4+ letters) one edit apart. */
static bool words_alike(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return true;
	size_t la = strlen(a), lb = strlen(b);
	if (la < 3 || lb < 3 || !match_is_ascii(a) || !match_is_ascii(b))
		return false;
	return text_distance(a, b, 1) <= 1;
}

/* Soft Dice of the words of two names. */
static double name_similarity(const char *wa, const char *wb)
{
	char *a = xstrdup(wa), *b = xstrdup(wb);
	const char *ta[64], *tb[64];
	size_t na = 0, nb = 0;
	char *save = NULL;
	for (char *w = strtok_r(a, " ", &save); w && na < 64; w = strtok_r(NULL, " ", &save))
		ta[na++] = w;
	for (char *w = strtok_r(b, " ", &save); w && nb < 64; w = strtok_r(NULL, " ", &save))
		tb[nb++] = w;
	bool used[64] = {false};
	size_t matched = 0;
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (!used[j] && words_alike(ta[i], tb[j])) {
				used[j] = true;
				matched++;
				break;
			}
	free(a);
	free(b);
	return na + nb ? 2.0 * (double)matched / (double)(na + nb) : 0.0;
}

/* The web domain of a site, folded, without scheme and "www."; the caller frees. */
static char *web_domain(const char *site)
{
	if (!site || !*site)
		return xstrdup("");
	const char *p = strstr(site, "://");
	p = p ? p + 3 : site;
	if (strncasecmp(p, "www.", 4) == 0)
		p += 4;
	size_t n = strcspn(p, "/?#:");
	char *d = xstrndup(p, n);
	for (char *c = d; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return d;
}

/* Identifiers compare folded, without spaces or punctuation. */
static char *id_key(const char *s)
{
	char *f = text_fold(s ? s : "");
	if (!f)
		return xstrdup("");
	size_t w = 0;
	for (size_t r = 0; f[r]; r++)
		if (f[r] != ' ')
			f[w++] = f[r];
	f[w] = '\0';
	return f;
}

/* The acronyms of an organization: its own and each name's. */
static size_t org_acronyms(const MatchOrg *o, char **out, size_t cap)
{
	size_t n = 0;
	if (o->acronym && *o->acronym && n < cap) {
		char *a = id_key(o->acronym);
		if (*a)
			out[n++] = a;
		else
			free(a);
	}
	for (size_t i = 0; i < o->name_count && n < cap; i++) {
		char *a = match_acronym(o->names[i]);
		if (strlen(a) >= 2)
			out[n++] = a;
		else
			free(a);
	}
	return n;
}

/* The score of two organizations being one; the reasons as parts into
 * reasons unless it is NULL. */
static double org_score(const MatchOrg *a, const MatchOrg *b, MatchReasons *reasons)
{
	double best = 0;
	size_t best_i = 0, best_j = 0;
	for (size_t i = 0; i < a->name_count; i++) {
		if (!a->names[i] || !*a->names[i])
			continue;
		char *wa = name_words(a->names[i]);
		for (size_t j = 0; j < b->name_count; j++) {
			if (!b->names[j] || !*b->names[j])
				continue;
			char *wb = name_words(b->names[j]);
			double s = name_similarity(wa, wb);
			if (s > best) {
				best = s;
				best_i = i;
				best_j = j;
			}
			free(wb);
		}
		free(wa);
	}
	char *acr_a[16], *acr_b[16];
	size_t na = org_acronyms(a, acr_a, 16), nb = org_acronyms(b, acr_b, 16);
	const char *same_acronym = NULL;
	for (size_t i = 0; i < na && !same_acronym; i++)
		for (size_t j = 0; j < nb && !same_acronym; j++)
			if (strcmp(acr_a[i], acr_b[j]) == 0)
				same_acronym = acr_a[i];

	char *reg_a = id_key(a->reg_number), *reg_b = id_key(b->reg_number);
	char *tin_a = id_key(a->tin), *tin_b = id_key(b->tin);
	char *dom_a = web_domain(a->website), *dom_b = web_domain(b->website);
	bool same_reg = *reg_a && strcmp(reg_a, reg_b) == 0;
	bool same_tin = *tin_a && strcmp(tin_a, tin_b) == 0;
	bool same_domain = *dom_a && strcmp(dom_a, dom_b) == 0;

	double score = 0.8 * best + (same_acronym ? 0.2 : 0.0);
	if (same_tin || same_reg)
		score = score > 0.95 ? score : 0.95;
	if (same_domain)
		score = score > 0.9 ? score : 0.9;
	if (score > 1)
		score = 1;

	if (reasons) {
		reasons->count = 0;
		MatchReason *m = match_reason_add(reasons, N_("names %s alike (\"%s\" and \"%s\")"));
		char ratio[8];
		match_ratio_text(best, ratio);
		match_reason_arg(m, REASON_TEXT, ratio);
		match_reason_arg(m, REASON_TEXT, a->name_count ? a->names[best_i] : "");
		match_reason_arg(m, REASON_TEXT, b->name_count ? b->names[best_j] : "");
		if (same_acronym)
			match_reason_arg(match_reason_add(reasons, N_("same acronym %s")), REASON_TEXT, same_acronym);
		if (same_reg)
			match_reason_add(reasons, N_("same registration number"));
		if (same_tin)
			match_reason_add(reasons, N_("same TIN"));
		if (same_domain)
			match_reason_arg(match_reason_add(reasons, N_("same web domain %s")), REASON_TEXT, dom_a);
	}
	for (size_t i = 0; i < na; i++)
		free(acr_a[i]);
	for (size_t i = 0; i < nb; i++)
		free(acr_b[i]);
	free(reg_a);
	free(reg_b);
	free(tin_a);
	free(tin_b);
	free(dom_a);
	free(dom_b);
	return score;
}

double match_org_score(const MatchOrg *a, const MatchOrg *b, Buf *reasons)
{
	if (!reasons)
		return org_score(a, b, NULL);
	MatchReasons *r = xmalloc(sizeof *r);
	double score = org_score(a, b, r);
	match_reasons_text(r, NULL, "en", NULL, NULL, reasons);
	free(r);
	return score;
}

void match_org_reasons(const MatchOrg *a, const MatchOrg *b, MatchReasons *out)
{
	org_score(a, b, out);
}

/* A candidate key of an organization and who holds it. */
typedef struct OrgKey {
	uint64_t key;
	uint32_t org;
} OrgKey;

static int cmp_org_key(const void *x, const void *y)
{
	const OrgKey *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->org < b->org ? -1 : a->org > b->org;
}

/* Keys more common than this say nothing ("foundation", "afghanistan"). */
#define ORG_KEY_MAX_HOLDERS 200

size_t match_orgs(const MatchOrg *items, size_t n, double min_score, MatchPair **out)
{
	OrgKey *keys = NULL;
	size_t key_count = 0, key_alloc = 0;
	for (size_t i = 0; i < n; i++) {
		const MatchOrg *o = &items[i];
		for (size_t k = 0; k < o->name_count; k++) {
			if (!o->names[k])
				continue;
			char *words = name_words(o->names[k]);
			for (const char *p = words; *p;) {
				size_t len = strcspn(p, " ");
				if (len >= 3) {
					OrgKey ok = {loose_key(p, len), (uint32_t)i};
					VEC_PUSH(keys, key_count, key_alloc, ok);
				}
				p += len;
				while (*p == ' ')
					p++;
			}
			free(words);
		}
		char *acr[16];
		size_t na = org_acronyms(o, acr, 16);
		for (size_t k = 0; k < na; k++) {
			OrgKey ok = {hash_bytes(acr[k], strlen(acr[k])) ^ 0xA, (uint32_t)i};
			VEC_PUSH(keys, key_count, key_alloc, ok);
			free(acr[k]);
		}
		const char *ids[3] = {o->reg_number, o->tin, NULL};
		char *dom = web_domain(o->website);
		for (int k = 0; k < 2; k++) {
			char *idk = id_key(ids[k]);
			if (*idk) {
				OrgKey ok = {hash_bytes(idk, strlen(idk)) ^ (uint64_t)(0xB + k), (uint32_t)i};
				VEC_PUSH(keys, key_count, key_alloc, ok);
			}
			free(idk);
		}
		if (*dom) {
			OrgKey ok = {hash_bytes(dom, strlen(dom)) ^ 0xD, (uint32_t)i};
			VEC_PUSH(keys, key_count, key_alloc, ok);
		}
		free(dom);
	}
	sort_items(keys, key_count, sizeof *keys, cmp_org_key);
	uint64_t *candidates = NULL;
	size_t cand_count = 0, cand_alloc = 0;
	for (size_t lo = 0; lo < key_count;) {
		size_t hi = lo + 1;
		while (hi < key_count && keys[hi].key == keys[lo].key)
			hi++;
		if (hi - lo <= ORG_KEY_MAX_HOLDERS)
			for (size_t i = lo; i < hi; i++)
				for (size_t j = i + 1; j < hi; j++)
					if (keys[i].org != keys[j].org)
						VEC_PUSH(candidates, cand_count, cand_alloc,
							 ((uint64_t)keys[i].org << 32) | keys[j].org);
		lo = hi;
	}
	free(keys);
	sort_u64(candidates, cand_count);
	cand_count = unique_u64(candidates, cand_count);
	PairVec v = {0};
	for (size_t c = 0; c < cand_count; c++) {
		uint32_t a = (uint32_t)(candidates[c] >> 32), b = (uint32_t)candidates[c];
		double s = match_org_score(&items[a], &items[b], NULL);
		if (s >= min_score) {
			MatchPair p = {(int32_t)a, (int32_t)b, MATCH_SAME, (float)s};
			VEC_PUSH(v.items, v.count, v.alloc, p);
		}
	}
	free(candidates);
	*out = v.items;
	return match_finish_pairs(&v);
}
