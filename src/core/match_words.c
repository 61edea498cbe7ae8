/*
 * match_words.c — the words of a title or name, and the words that tell
 * two titles apart (the names rule), for the duplicate engine (match.h).
 *
 * Words. A title or name is folded (text_fold), split into words, stripped
 * of the stop words of English, Dari and Pashto, its known acronyms
 * expanded (WASH -> water sanitation hygiene), and each Latin word reduced
 * to its transliteration skeleton (Sheberghan and Shiberghan alike).
 *
 * Names. Titles follow templates, so two records can be alike in all but
 * the village they name. The index keeps the text of each distinct word
 * (its skeleton) and how many titles hold it, and beside each title's
 * words the words as written there; a pair that would otherwise be the
 * same record is not when each title holds a rare word (at most one title
 * in RARE_SHARE holds it, see match.c) that the other lacks, that names
 * neither record's district or province (in any language or spelling of
 * the gazetteer), and that is no typo of a word of the other (edit
 * distance with swaps, on skeletons or as written, or the shorter mostly
 * within the longer), nor two of its words written together (see
 * match_names_differ, which match_judge asks last).
 *
 * No I/O; no state between calls.
 */
#include <stdlib.h>
#include <string.h>

#include "core/match_int.h"
#include "core/mem.h"
#include "core/text.h"

/* ---- words ---- */

/* Stop words, as text_fold leaves them (a unit test checks each is a fixed
 * point of text_fold), sorted by strcmp for bsearch. */
static const char *const STOP_WORDS[] = {
	"a", "an", "and", "at", "by", "for", "from", "in", "into", "its", "of", "on", "the",
	"their", "through", "to", "with",
	/* Dari */
	"\xd8\xa7\xd8\xb2",                             /* از from */
	"\xd8\xa7\xdb\x8c\xd9\x86",                     /* این this */
	"\xd8\xa7\xd9\x86",                             /* آن that */
	"\xd8\xa7\xd9\x88",                             /* او (Pashto: and) */
	"\xd8\xa8\xd8\xa7",                             /* با with */
	"\xd8\xa8\xd8\xb1\xd8\xa7\xdb\x8c",             /* برای for */
	"\xd8\xa8\xd9\x87",                             /* به to */
	"\xd9\xbe\xd9\x87",                             /* په (Pashto: in) */
	"\xd8\xaa\xd8\xa7",                             /* تا until */
	"\xd8\xaa\xd9\x87",                             /* ته (Pashto: to) */
	"\xda\x86\xdb\x8c",                             /* چې (Pashto: that) */
	"\xd8\xaf",                                     /* د (Pashto: of) */
	"\xd8\xaf\xd8\xa7",                             /* دا (Pashto: this) */
	"\xd8\xaf\xd8\xb1",                             /* در in */
	"\xd8\xb1\xd8\xa7",                             /* را (object marker) */
	"\xd8\xb3\xd8\xb1\xd9\x87",                     /* سره (Pashto: with) */
	"\xda\xa9\xd9\x87",                             /* که that */
	"\xd9\x84\xd9\x87",                             /* له (Pashto: from) */
	"\xd9\x84\xd9\xbe\xd8\xa7\xd8\xb1\xd9\x87",     /* لپاره (Pashto: for) */
	"\xd9\x87\xd8\xa7",                             /* ها plural */
	"\xd9\x87\xd8\xa7\xdb\x8c",                     /* های plural */
	"\xd9\x88",                                     /* و and */
	"\xdb\x8c\xda\xa9",                             /* یک one */
	"\xdb\x8c\xd9\x88",                             /* یو (Pashto: one) */
};

/* Acronyms of the field and their expansions, folded; sorted by acronym. */
static const struct {
	const char *acronym;
	const char *expansion;
} ACRONYMS[] = {
	{"cbe", "community based education"},
	{"cdc", "community development council"},
	{"cso", "civil society organization"},
	{"eie", "education emergencies"},
	{"fsac", "food security agriculture"},
	{"gbv", "gender based violence"},
	{"hlp", "housing land property"},
	{"idp", "internally displaced people"},
	{"idps", "internally displaced people"},
	{"mhpss", "mental health psychosocial support"},
	{"ngo", "non governmental organization"},
	{"nfi", "non food items"},
	{"wash", "water sanitation hygiene"},
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_stop_word(const char *w)
{
	return bsearch(&w, STOP_WORDS, sizeof STOP_WORDS / sizeof *STOP_WORDS, sizeof *STOP_WORDS,
		       cmp_str) != NULL;
}

static const char *acronym_expansion(const char *w)
{
	for (size_t i = 0; i < sizeof ACRONYMS / sizeof *ACRONYMS; i++)
		if (strcmp(ACRONYMS[i].acronym, w) == 0)
			return ACRONYMS[i].expansion;
	return NULL;
}

bool match_is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* Appends the key of one folded word (not a stop word) to out, and when
 * raw is not NULL, the word as written (folded, not reduced to its
 * skeleton) to raw: word for word, so the k-th of one is the k-th of the
 * other. */
static void put_word_key(Buf *out, Buf *raw, const char *w, size_t len)
{
	char small[64];
	char *word = len < sizeof small ? small : xmalloc(len + 1);
	memcpy(word, w, len);
	word[len] = '\0';
	if (!is_stop_word(word)) {
		const char *expansion = match_is_ascii(word) ? acronym_expansion(word) : NULL;
		if (expansion) {
			if (out->used)
				buf_putc(out, ' ');
			char *expanded = match_words(expansion);
			buf_puts(out, expanded);
			if (raw) {
				if (raw->used)
					buf_putc(raw, ' ');
				buf_puts(raw, expanded);
			}
			free(expanded);
		} else if (match_is_ascii(word)) {
			char *skeleton = text_skeleton(word);
			if (*skeleton) {
				if (out->used)
					buf_putc(out, ' ');
				buf_puts(out, skeleton);
				if (raw) {
					if (raw->used)
						buf_putc(raw, ' ');
					buf_puts(raw, word);
				}
			}
			free(skeleton);
		} else {
			if (out->used)
				buf_putc(out, ' ');
			buf_puts(out, word);
			if (raw) {
				if (raw->used)
					buf_putc(raw, ' ');
				buf_puts(raw, word);
			}
		}
	}
	if (word != small)
		free(word);
}

/* A copy of text where each zero-width non-joiner is a space: it joins the
 * parts of one Dari word (کمک‌های) that others write apart (کمک های), and
 * the parts then meet the stop words. */
static char *split_zwnj(const char *text)
{
	Buf b;
	buf_init(&b, 0);
	for (const char *p = text; *p;) {
		if (strncmp(p, "\xe2\x80\x8c", 3) == 0) {
			buf_putc(&b, ' ');
			p += 3;
		} else {
			buf_putc(&b, *p++);
		}
	}
	return buf_detach(&b);
}

/* match_words, with the words as written into raw when it is not NULL
 * (see put_word_key). */
char *match_words_of(const char *text, Buf *raw)
{
	char *split = split_zwnj(text ? text : "");
	char *folded = text_fold(split);
	free(split);
	Buf out;
	buf_init(&out, 0);
	if (folded) {
		const char *p = folded;
		while (*p) {
			const char *end = strchr(p, ' ');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (len)
				put_word_key(&out, raw, p, len);
			p += len;
			if (*p == ' ')
				p++;
		}
	}
	free(folded);
	return buf_detach(&out);
}

char *match_words(const char *text)
{
	return match_words_of(text, NULL);
}

/* A copy of name without any part in brackets. */
char *match_strip_brackets(const char *name)
{
	Buf b;
	int depth = 0;
	buf_init(&b, 0);
	for (const char *p = name; *p; p++) {
		if (*p == '(' || *p == '[')
			depth++;
		else if ((*p == ')' || *p == ']') && depth > 0)
			depth--;
		else if (depth == 0)
			buf_putc(&b, *p);
	}
	return buf_detach(&b);
}

char *match_acronym(const char *name)
{
	if (!name)
		return xstrdup("");
	const char *open = strchr(name, '(');
	if (open) {
		const char *close = strchr(open, ')');
		if (close && close - open > 2) {
			char *inside = xstrndup(open + 1, (size_t)(close - open - 1));
			char *folded = text_fold(inside);
			free(inside);
			if (folded && *folded && !strchr(folded, ' '))
				return folded;
			free(folded);
		}
	}
	char *bare = match_strip_brackets(name);
	char *folded = text_fold(bare);
	free(bare);
	Buf b;
	buf_init(&b, 0);
	size_t words = 0;
	if (folded) {
		char *save = NULL;
		for (char *w = strtok_r(folded, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			if (is_stop_word(w) || !match_is_ascii(w))
				continue;
			buf_putc(&b, w[0]);
			words++;
		}
	}
	free(folded);
	if (words < 2)
		buf_reset(&b);
	return buf_detach(&b);
}

/* ---- words that tell two titles apart ---- */

#define WORD_CHARS 48   /* longer words are compared on their first WORD_CHARS code points */
#define UNSHARED_MAX 16 /* words of one title the other lacks, looked at */

/* The text of a word (its key). */
static const char *word_text(const MatchIndex *ix, const View *v, uint32_t rank)
{
	if (rank < ix->word_count)
		return ix->word_text + ix->word_at[rank];
	return v->probe_words ? v->probe_words[rank - ix->word_count] : "";
}

/* The k-th word of a title in language l as it is written there. */
static const char *written_text(const MatchIndex *ix, const View *v, int l, size_t k)
{
	if (v->probe_written[l])
		return v->probe_written[l][k];
	return ix->word_text + v->written[l][k];
}

/* A word of the index held by few titles, or one it does not know. */
static bool word_rare(const MatchIndex *ix, uint32_t rank)
{
	return rank >= ix->word_count || ix->word_titles[rank] <= ix->rare_max;
}

/* The code points of a valid UTF-8 string, at most WORD_CHARS. */
static size_t code_points(const char *s, uint32_t out[WORD_CHARS])
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p && n < WORD_CHARS) {
		uint32_t cp = *p++;
		if (cp >= 0xC0) {
			int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : 1;
			cp &= 0x3Fu >> extra;
			while (extra-- && (*p & 0xC0) == 0x80)
				cp = (cp << 6) | (*p++ & 0x3Fu);
		}
		out[n++] = cp;
	}
	return n;
}

/* Whether at least three in four of the letter pairs of the shorter word
 * are in the longer, at most twice as long, next to each other or one
 * letter apart: letters lost on the way, which on skeletons can take a
 * vowel or a doubled letter with them ("Kaka" typed "Kka" has the
 * skeleton "ka", "Shagul" typed "Saul" "sal" for "shagal"). */
static bool mostly_within(const uint32_t *s, size_t ns, const uint32_t *l, size_t nl)
{
	if (ns < 2 || nl > 2 * ns)
		return false;
	size_t pairs = 0, found = 0;
	for (size_t i = 0; i + 1 < ns; i++) {
		bool again = false;
		for (size_t k = 0; k < i && !again; k++)
			again = s[k] == s[i] && s[k + 1] == s[i + 1];
		if (again)
			continue;
		pairs++;
		for (size_t j = 0; j + 1 < nl; j++)
			if (l[j] == s[i] && (l[j + 1] == s[i + 1] || (j + 2 < nl && l[j + 2] == s[i + 1]))) {
				found++;
				break;
			}
	}
	return 4 * found >= 3 * pairs;
}

/* Whether two words are one spelt twice: their edit distance, counting
 * two letters swapped as one edit (a typist's slip), is at most one when
 * the longer has up to four letters, two up to eight, three beyond (on
 * skeletons, where a dropped letter can take a vowel with it); or the
 * shorter is mostly within the longer (mostly_within). x may be two
 * words written together (x2 not NULL: "Shakar Dara" and "Shakardara"). */
static bool near_spelling(const char *x, const char *x2, const char *y)
{
	uint32_t a[2 * WORD_CHARS], b[WORD_CHARS];
	size_t na = code_points(x, a);
	if (x2)
		na += code_points(x2, a + na);
	size_t nb = code_points(y, b);
	if (na <= nb ? mostly_within(a, na, b, nb) : mostly_within(b, nb, a, na))
		return true;
	size_t longer = na > nb ? na : nb;
	size_t limit = longer <= 4 ? 1 : longer <= 8 ? 2 : 3;
	if ((na > nb ? na - nb : nb - na) > limit)
		return false;
	/* three rows of the optimal string alignment distance */
	size_t rows[3][WORD_CHARS + 1];
	size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = i;
		size_t row_min = cur[0];
		for (size_t j = 1; j <= nb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t d = prev[j - 1] + cost;
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    before[j - 2] + 1 < d)
				d = before[j - 2] + 1;
			cur[j] = d;
			if (d < row_min)
				row_min = d;
		}
		if (row_min > limit)
			return false;
		size_t *t = before;
		before = prev;
		prev = cur;
		cur = t;
	}
	return prev[nb] <= limit;
}

/* Whether a word (its hash) is in a name of one of the places ids[]. */
static bool names_place(const MatchIndex *ix, uint64_t hash, const uint32_t *ids, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		Span s = ix->place_words[ids[k]];
		for (size_t q = 0; q < s.n; q++)
			if (ix->u64[s.off + q] == hash)
				return true;
	}
	return false;
}

/* Whether one of the words mine[] (ranks of vx's title) is rare, names
 * none of the places of either record, and is no spelling of any of
 * others[] (ranks of vy's title), nor of two of them written together. */
static bool has_own_rare_word(const MatchIndex *ix, int l, const View *vx, const uint32_t *mine,
			      size_t n_mine, const View *vy, const uint32_t *others, size_t n_others)
{
	for (size_t i = 0; i < n_mine; i++) {
		uint32_t rank = vx->words[l][mine[i]];
		if (!word_rare(ix, rank))
			continue;
		const char *w = word_text(ix, vx, rank);
		uint64_t hash = hash_bytes(w, strlen(w)) | 1;
		if (names_place(ix, hash, vx->places, vx->place_n) ||
		    names_place(ix, hash, vx->provinces, vx->province_n) ||
		    names_place(ix, hash, vy->places, vy->place_n) ||
		    names_place(ix, hash, vy->provinces, vy->province_n))
			continue;
		const char *w_written = written_text(ix, vx, l, mine[i]);
		bool spelt = false;
		for (size_t j = 0; j < n_others && !spelt; j++) {
			const char *o = word_text(ix, vy, vy->words[l][others[j]]);
			spelt = near_spelling(o, NULL, w) ||
				near_spelling(written_text(ix, vy, l, others[j]), NULL, w_written);
			for (size_t k = 0; k < n_others && !spelt; k++)
				spelt = k != j && near_spelling(o, word_text(ix, vy, vy->words[l][others[k]]), w);
		}
		if (!spelt)
			return true;
	}
	return false;
}

/*
 * Whether two titles name different things: in a language both have, each
 * holds a rare word (held by few titles of the index) that the other
 * lacks and has no near spelling of. Titles follow templates ("Water
 * supply in Qala-e-Naw village, Khakrez" and "... Sang-e-Surakh village,
 * Khakrez"): the template's words are common, what is left to tell the
 * records apart are the names of villages, schools, canals. Two records
 * naming two villages are two projects (they may still overlap), however
 * alike the rest. A typo, a transliteration (one skeleton), a name
 * written in one word or two, and a word dropped or added on one side
 * only, still leave them the same.
 */
bool match_names_differ(const MatchIndex *ix, const View *a, const View *b)
{
	for (int l = 0; l < MATCH_LANGS; l++) {
		if (!a->word_n[l] || !b->word_n[l])
			continue;
		uint32_t only_a[UNSHARED_MAX], only_b[UNSHARED_MAX]; /* positions in the titles' words */
		size_t na = 0, nb = 0, i = 0, j = 0;
		const uint32_t *x = a->words[l], *y = b->words[l];
		size_t nx = a->word_n[l], ny = b->word_n[l];
		while (i < nx || j < ny) {
			if (j == ny || (i < nx && x[i] < y[j])) {
				if (na < UNSHARED_MAX)
					only_a[na++] = (uint32_t)i;
				i++;
			} else if (i == nx || y[j] < x[i]) {
				if (nb < UNSHARED_MAX)
					only_b[nb++] = (uint32_t)j;
				j++;
			} else {
				i++;
				j++;
			}
		}
		if (na && nb && has_own_rare_word(ix, l, a, only_a, na, b, only_b, nb) &&
		    has_own_rare_word(ix, l, b, only_b, nb, a, only_a, na))
			return true;
	}
	return false;
}
