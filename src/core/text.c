/*
 * text.c — folding, transliteration skeletons and edit distance for names
 * (see text.h).
 *
 * Unicode tables come from utf8proc: it does NFKC, case folding and the
 * removal of combining marks and default-ignorable code points in one pass.
 * What Unicode does not fold — the Arabic-script letter variants that Dari
 * and Pashto writers mix up, the Eastern digits, punctuation — is folded
 * here, by code point, afterwards. Everything here is a pure function of
 * its arguments: no I/O, no state between calls.
 */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "mem.h"

/*
 * text_valid_utf8 — strict UTF-8 (RFC 3629): no overlong forms, no UTF-16
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, and no NUL or C0
 * control byte other than tab, newline and carriage return.
 */
bool text_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	if (!s)
		return false;
	while (i < len) {
		unsigned char c = p[i];
		unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
		size_t continuation;

		if (c < 0x80) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				return false;
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			continuation = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			continuation = 2;
			if (c == 0xE0)
				lo = 0xA0; /* below is overlong */
			else if (c == 0xED)
				hi = 0x9F; /* above are surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			continuation = 3;
			if (c == 0xF0)
				lo = 0x90; /* below is overlong */
			else if (c == 0xF4)
				hi = 0x8F; /* above is past U+10FFFF */
		} else {
			/* 0x80..0xC1: stray continuation or overlong lead; 0xF5..: out of range */
			return false;
		}
		if (len - i <= continuation)
			return false;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= continuation; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
		i += continuation + 1;
	}
	return true;
}

size_t text_length(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

size_t text_prefix_bytes(const char *s, size_t max_chars)
{
	size_t chars = 0, i = 0;

	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max_chars)
			break;
	return i;
}

/*
 * Reads one code point at *s and advances past it. Tolerant: a byte that
 * does not start a complete sequence is returned as itself (plus 0x110000,
 * so it can never equal a real code point), and never reads past a NUL.
 */
static uint32_t next_code_point(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t cp;
	size_t extra;

	if (p[0] < 0x80) {
		*s = p + 1;
		return p[0];
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		cp = p[0] & 0x1F;
		extra = 1;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		cp = p[0] & 0x0F;
		extra = 2;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		cp = p[0] & 0x07;
		extra = 3;
	} else {
		*s = p + 1;
		return 0x110000u + p[0];
	}
	for (size_t k = 1; k <= extra; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			*s = p + 1;
			return 0x110000u + p[0];
		}
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	*s = p + extra + 1;
	return cp;
}

/* What the Arabic-script and digit pass does with one code point. */
enum {
	FOLD_DROP = -1, /* the code point disappears */
	FOLD_SPACE = -2 /* the code point separates words */
};

/* One code point that folds to another (or to FOLD_DROP / FOLD_SPACE). */
typedef struct CodePointFold {
	int32_t from; /* the code point as written */
	int32_t to;   /* what it folds to */
} CodePointFold;

/*
 * The folding that Unicode normalization does not do, in code point order
 * (looked up by binary search). It runs after NFKC, case folding and mark
 * stripping, so hamza-on-a-seat letters (أ إ آ ؤ ئ ۀ) arrive as their bare
 * seat and the harakat are already gone; they are still listed so that
 * this table alone states the whole rule.
 */
/* clang-format off */
static const CodePointFold code_point_folds[] = {
	{'\t', FOLD_SPACE},
	{'\n', FOLD_SPACE},
	{'\r', FOLD_SPACE},
	{0x02BB, FOLD_SPACE}, /* ʻ modifier letter turned comma */
	{0x02BC, FOLD_SPACE}, /* ʼ modifier letter apostrophe */
	{0x02BE, FOLD_SPACE}, /* ʾ right half ring (hamza in transliteration) */
	{0x02BF, FOLD_SPACE}, /* ʿ left half ring (ayn in transliteration) */
	{0x0621, FOLD_DROP},  /* ء standalone hamza */
	{0x0622, 0x0627},     /* آ alef with madda -> ا */
	{0x0623, 0x0627},     /* أ alef with hamza above -> ا */
	{0x0624, 0x0648},     /* ؤ waw with hamza -> و */
	{0x0625, 0x0627},     /* إ alef with hamza below -> ا */
	{0x0626, 0x06CC},     /* ئ yeh with hamza -> ی */
	{0x0629, 0x0647},     /* ة teh marbuta -> ه */
	{0x0640, FOLD_DROP},  /* ـ tatweel (kashida) */
	{0x0643, 0x06A9},     /* ك Arabic kaf -> ک keheh */
	{0x0649, 0x06CC},     /* ى alef maksura -> ی */
	{0x064A, 0x06CC},     /* ي Arabic yeh -> ی Farsi yeh */
	{0x0671, 0x0627},     /* ٱ alef wasla -> ا */
	{0x0672, 0x0627},     /* ٲ alef with wavy hamza above -> ا */
	{0x0673, 0x0627},     /* ٳ alef with wavy hamza below -> ا */
	{0x0674, FOLD_DROP},  /* ٴ high hamza */
	{0x06AA, 0x06A9},     /* ڪ swash kaf -> ک */
	{0x06AB, 0x06AF},     /* ګ Pashto gaf, often typed as گ */
	{0x06BE, 0x0647},     /* ھ heh doachashmee -> ه */
	{0x06C0, 0x0647},     /* ۀ heh with yeh above (ezafe) -> ه */
	{0x06C1, 0x0647},     /* ہ heh goal -> ه */
	{0x06C2, 0x0647},     /* ۂ heh goal with hamza -> ه */
	{0x06C3, 0x0647},     /* ۃ teh marbuta goal -> ه */
	{0x06CD, 0x06CC},     /* ۍ Pashto yeh with tail, often typed as ی */
	{0x06D0, 0x06CC},     /* ې Pashto yeh, often typed as ی */
	{0x06D2, 0x06CC},     /* ے yeh barree -> ی */
	{0x06D5, 0x0647},     /* ە ae, what ۀ becomes once its hamza is stripped -> ه */
	{0x200C, FOLD_DROP},  /* zero-width non-joiner: joins the parts of one Dari word */
	{0x200D, FOLD_DROP},  /* zero-width joiner */
	{0x200E, FOLD_DROP},  /* left-to-right mark */
	{0x200F, FOLD_DROP},  /* right-to-left mark */
	{0x202A, FOLD_DROP},  /* left-to-right embedding */
	{0x202B, FOLD_DROP},  /* right-to-left embedding */
	{0x202C, FOLD_DROP},  /* pop directional formatting */
	{0x202D, FOLD_DROP},  /* left-to-right override */
	{0x202E, FOLD_DROP},  /* right-to-left override */
	{0x2066, FOLD_DROP},  /* left-to-right isolate */
	{0x2067, FOLD_DROP},  /* right-to-left isolate */
	{0x2068, FOLD_DROP},  /* first strong isolate */
	{0x2069, FOLD_DROP},  /* pop directional isolate */
	{0xFEFF, FOLD_DROP},  /* byte order mark */
};
/* clang-format on */

/* What the Arabic-script, digit and punctuation pass makes of one code
 * point: the code point to write, FOLD_DROP or FOLD_SPACE. */
static int32_t fold_code_point(int32_t cp)
{
	/* Persian (U+06F0..) and Arabic-Indic (U+0660..) digits to ASCII. */
	if (cp >= 0x06F0 && cp <= 0x06F9)
		return '0' + (cp - 0x06F0);
	if (cp >= 0x0660 && cp <= 0x0669)
		return '0' + (cp - 0x0660);
	/* Harakat, Quranic marks and the superscript alef: dropped. */
	if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED))
		return FOLD_DROP;

	size_t lo = 0, hi = sizeof code_point_folds / sizeof *code_point_folds;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (code_point_folds[mid].from == cp)
			return code_point_folds[mid].to;
		if (code_point_folds[mid].from < cp)
			lo = mid + 1;
		else
			hi = mid;
	}

	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_PC: /* punctuation: connector (_), */
	case UTF8PROC_CATEGORY_PD: /* dash (-), */
	case UTF8PROC_CATEGORY_PS: /* open and close brackets, */
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI: /* quotes, */
	case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO: /* and the rest (' , . ، ؛ ؟ ٫) */
	case UTF8PROC_CATEGORY_SM: /* symbols: math, */
	case UTF8PROC_CATEGORY_SC: /* currency, */
	case UTF8PROC_CATEGORY_SK: /* modifier, */
	case UTF8PROC_CATEGORY_SO: /* other */
	case UTF8PROC_CATEGORY_ZS: /* separators: space, line, paragraph */
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP: return FOLD_SPACE;
	case UTF8PROC_CATEGORY_CC: /* C1 controls (C0 ones never pass validation) */
	case UTF8PROC_CATEGORY_CF: /* format characters utf8proc did not already ignore */
	case UTF8PROC_CATEGORY_MN: /* marks, should any survive STRIPMARK */
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME: return FOLD_DROP;
	default: return cp;
	}
}

/*
 * The Unicode part: NFKC (COMPOSE + COMPAT), case folding, marks stripped
 * (Latin accents: Hirāt -> hirat; Arabic harakat; the hamza of أ ؤ ئ ۀ),
 * default-ignorable code points removed (ZWNJ, ZWJ, bidi controls, soft
 * hyphen). STABLE keeps the result stable across Unicode versions.
 */
#define FOLD_OPTIONS                                                                               \
	(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |                \
	 UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* Printable ASCII alone, the common case of a Latin title or name, folded
 * without the Unicode pass: what that pass makes of it (letters
 * lowercased, digits kept, every other character a space, spaces
 * collapsed and trimmed; a unit test holds the two to the same result),
 * several times faster. NULL when s holds anything else. */
static char *fold_ascii(const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7E)
			return NULL;
	if (len >= BUF_DEFAULT_CAP)
		return NULL;
	char *out = xmalloc(len + 1);
	size_t n = 0;
	bool space_pending = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			space_pending = n > 0;
			continue;
		}
		if (space_pending) {
			out[n++] = ' ';
			space_pending = false;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return out;
}

char *text_fold(const char *s)
{
	char *ascii = s ? fold_ascii(s) : NULL;
	if (ascii)
		return ascii;
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t mapped_len;
	char *result = NULL;
	Buf out;
	bool space_pending = false;

	buf_init(&out, 0);
	if (!s || !text_valid_utf8(s, strlen(s)))
		goto done;
	mapped_len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &mapped,
	                          FOLD_OPTIONS);
	if (mapped_len < 0)
		goto done;

	for (utf8proc_ssize_t at = 0; at < mapped_len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = utf8proc_iterate(mapped + at, mapped_len - at, &cp);
		if (step <= 0)
			goto done; /* cannot happen: utf8proc wrote it */
		at += step;

		int32_t folded = fold_code_point(cp);
		if (folded == FOLD_DROP)
			continue;
		if (folded == FOLD_SPACE) {
			space_pending = out.used > 0; /* no leading space */
			continue;
		}
		if (space_pending) {
			buf_putc(&out, ' ');
			space_pending = false;
		}
		utf8proc_uint8_t encoded[4];
		utf8proc_ssize_t n = utf8proc_encode_char(folded, encoded);
		buf_append(&out, encoded, (size_t)n);
	}
	if (!out.overflowed)
		result = buf_detach(&out);
done:
	free(mapped);
	buf_free(&out);
	return result;
}

/*
 * Transliteration skeletons.
 *
 * Latin spellings of one Dari or Pashto name differ mostly in their vowels
 * (Hirat/Herat, Sheberghan/Shibirghan), in whether a glide is written
 * (Bamyan/Bamiyan/Bamian, Paktya/Paktia), in y/i and w/u/o for the same
 * diphthong (Daikundi/Daykundi, Jawzjan/Jauzjan/Jowzjan, Ghor/Ghowr), in
 * q/k (Kunduz/Qunduz), in doubled letters (Sayad/Sayyad), in a silent final
 * h (Dako/Dukoh, Sholgara/Sholgareh), in the silent w of خوا (Khwaja/
 * Khawaja), and in word breaks (Sar-e-Pul/Sari Pul, Dai Kundi). The
 * skeleton erases exactly those differences and keeps the consonants in
 * order, and keeps *that* a vowel stood between them, so that a dropped
 * or added vowel still shows (Jawzjn is a typo for Jawzjan, not a variant).
 *
 * The rules, applied in order to the lowercase ASCII letters and digits of
 * the folded name (everything else, spaces included, is removed first):
 *
 *   1. Letters: q -> k, v -> w, x -> ks, c -> k unless in "ch", ph -> f.
 *   2. A letter written twice in a row is written once (yy, ss, ee, oo).
 *   3. Glides: i after a consonant (or at the start) and before a vowel is
 *      y, and "iy" before a vowel is y (Bamian, Bamiyan -> Bamyan;
 *      Paktia -> Paktya); u or o after a consonant and before "a" is w
 *      (Khuaja -> Khwaja; Doab -> Dwab).
 *   4. The silent w of خوا: "kh", any vowels, "w", "a" is "kha"
 *      (Khwaja, Khawaja, Khuaja -> Khaja).
 *   5. A final h after a vowel is silent and removed (Dukoh -> Duko).
 *   6. y and w followed by a vowel are consonants; anywhere else they are
 *      part of a vowel (Daykundi's y, Jawzjan's w, Ghowr's w).
 *   7. Every run of vowels (a e i o u, and y/w by rule 6) becomes one "a".
 *   8. Doubled letters are collapsed once more.
 *
 * Distinct consonants stay distinct: kh is not k, gh is not g, sh is not s,
 * so Khost and Kost, Ghor and Gor differ; Ghor (ghar) and Ghazni (ghazna),
 * Kabul (kabal) and Kapisa (kapasa), Balkh (balkh) and Bakwa (bakwa) differ.
 */

static bool is_vowel_letter(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Rule 2 and 8: collapses runs of one letter, in place. */
static size_t collapse_doubles(char *s, size_t n)
{
	size_t w = 0;

	for (size_t r = 0; r < n; r++)
		if (w == 0 || s[w - 1] != s[r])
			s[w++] = s[r];
	return w;
}

char *text_skeleton(const char *folded)
{
	if (!folded)
		return xstrdup("");
	for (const unsigned char *p = (const unsigned char *)folded; *p; p++)
		if (*p >= 0x80)
			return xstrdup(folded); /* Arabic script (or other non-ASCII): as folded */

	size_t len = strlen(folded);
	/* Rule 1 can lengthen (x -> ks): at most twice the input. */
	char *letters = xmalloc(2 * len + 1);
	char *out = xmalloc(2 * len + 1);
	size_t n = 0;

	/* Keep letters and digits, lowercased; rule 1. */
	for (size_t i = 0; i < len; i++) {
		char c = folded[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			continue;
		switch (c) {
		case 'q': c = 'k'; break;
		case 'v': c = 'w'; break;
		case 'x':
			letters[n++] = 'k';
			c = 's';
			break;
		case 'c': {
			/* look ahead past removed characters for the h of "ch" */
			size_t k = i + 1;
			while (k < len && !((folded[k] >= 'a' && folded[k] <= 'z') ||
			                    (folded[k] >= 'A' && folded[k] <= 'Z') ||
			                    (folded[k] >= '0' && folded[k] <= '9')))
				k++;
			if (!(k < len && (folded[k] == 'h' || folded[k] == 'H')))
				c = 'k';
			break;
		}
		case 'h':
			if (n > 0 && letters[n - 1] == 'p') {
				letters[n - 1] = 'f';
				continue;
			}
			break;
		default: break;
		}
		letters[n++] = c;
	}
	n = collapse_doubles(letters, n); /* rule 2 */

	/* Rule 3: glides. */
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		char c = letters[i];
		char next = i + 1 < n ? letters[i + 1] : '\0';
		char after = i + 2 < n ? letters[i + 2] : '\0';
		bool after_consonant = m == 0 || !is_vowel_letter(out[m - 1]);

		if (c == 'i' && after_consonant && next == 'y' && is_vowel_letter(after))
			continue; /* "iy" + vowel: the y is written next */
		if (c == 'i' && after_consonant && is_vowel_letter(next) && next != 'i')
			c = 'y';
		else if ((c == 'u' || c == 'o') && m > 0 && after_consonant && next == 'a')
			c = 'w';
		out[m++] = c;
	}
	memcpy(letters, out, m);
	n = m;

	/* Rule 4: kh + vowels + w + a -> kha. */
	m = 0;
	for (size_t i = 0; i < n; i++) {
		out[m++] = letters[i];
		if (letters[i] == 'h' && i > 0 && letters[i - 1] == 'k') {
			size_t k = i + 1;
			while (k < n && is_vowel_letter(letters[k]))
				k++;
			if (k + 1 < n && letters[k] == 'w' && letters[k + 1] == 'a')
				i = k; /* skip the vowels and the w; the a comes next */
		}
	}
	memcpy(letters, out, m);
	n = m;

	/* Rule 5: a final h after a vowel is silent. */
	if (n >= 2 && letters[n - 1] == 'h' && is_vowel_letter(letters[n - 2]))
		n--;

	/* Rules 6 and 7: vowel runs, with y and w as vowels unless before one. */
	m = 0;
	bool in_vowel = false;
	for (size_t i = 0; i < n; i++) {
		char c = letters[i];
		char next = i + 1 < n ? letters[i + 1] : '\0';
		bool vowel =
		    is_vowel_letter(c) || ((c == 'y' || c == 'w') && !is_vowel_letter(next));
		if (vowel) {
			if (!in_vowel)
				out[m++] = 'a';
			in_vowel = true;
		} else {
			out[m++] = c;
			in_vowel = false;
		}
	}
	m = collapse_doubles(out, m); /* rule 8 */
	out[m] = '\0';
	free(letters);
	return out;
}

/* Decodes s into code points: into small[] when it fits, else onto the heap
 * (*heap, which the caller frees). Returns the array and sets *count. */
static const uint32_t *decode_all(const char *s, uint32_t *small, size_t small_cap, uint32_t **heap,
                                  size_t *count)
{
	size_t bytes = strlen(s);
	uint32_t *cps = small;

	*heap = NULL;
	if (bytes > small_cap) {
		*heap = xmalloc(bytes * sizeof **heap);
		cps = *heap;
	}
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p)
		cps[n++] = next_code_point(&p);
	*count = n;
	return cps;
}

/* Code points held on the stack before text_distance allocates; also the
 * longest pattern of the bit-parallel algorithm, one bit per code point. */
#define DISTANCE_SMALL 64
_Static_assert(DISTANCE_SMALL <= 64, "the bit-parallel pattern fits in a uint64_t");

/*
 * Edit distance by Myers' bit-parallel algorithm (in Hyyrö's form for the
 * distance between whole strings): one 64-bit word holds a column of the
 * dynamic-programming matrix for a pattern of up to 64 code points, so the
 * text is read once, a handful of word operations per code point. Returns
 * limit + 1 as soon as the rest of the text cannot bring the distance back
 * under the limit.
 */
static size_t bit_parallel_distance(const uint32_t *pattern, size_t m, const uint32_t *text,
                                    size_t n, size_t limit)
{
	uint32_t points[DISTANCE_SMALL]; /* the distinct code points of the pattern ... */
	uint64_t masks[DISTANCE_SMALL];  /* ... and the positions where each occurs */
	size_t distinct = 0;

	for (size_t i = 0; i < m; i++) {
		size_t k = 0;
		while (k < distinct && points[k] != pattern[i])
			k++;
		if (k == distinct) {
			points[distinct] = pattern[i];
			masks[distinct++] = 0;
		}
		masks[k] |= (uint64_t)1 << i;
	}

	uint64_t last = (uint64_t)1 << (m - 1);
	uint64_t plus_vertical = ~(uint64_t)0, minus_vertical = 0;
	size_t score = m;
	for (size_t j = 0; j < n; j++) {
		uint64_t eq = 0;
		for (size_t k = 0; k < distinct; k++) {
			if (points[k] == text[j]) {
				eq = masks[k];
				break;
			}
		}
		uint64_t xv = eq | minus_vertical;
		uint64_t xh = (((eq & plus_vertical) + plus_vertical) ^ plus_vertical) | eq;
		uint64_t plus_horizontal = minus_vertical | ~(xh | plus_vertical);
		uint64_t minus_horizontal = plus_vertical & xh;
		if (plus_horizontal & last)
			score++;
		else if (minus_horizontal & last)
			score--;
		/* The top row of the matrix counts up: a 1 comes in from below. */
		plus_horizontal = (plus_horizontal << 1) | 1;
		minus_horizontal <<= 1;
		plus_vertical = minus_horizontal | ~(xv | plus_horizontal);
		minus_vertical = plus_horizontal & xv;
		/* Each code point still to read lowers the score by one at most. */
		if (score > limit + (n - j - 1))
			return limit + 1;
	}
	return score > limit ? limit + 1 : score;
}

/* Edit distance by the classic matrix, two rows at a time, only within the
 * band |i - j| <= limit (cells outside it cannot be within the limit). */
static size_t banded_distance(const uint32_t *ca, size_t la, const uint32_t *cb, size_t lb,
                              size_t limit)
{
	size_t small_rows[2 * (DISTANCE_SMALL + 1)];
	size_t *heap_rows = NULL, *rows = small_rows;
	size_t beyond = limit + 1, result;

	if (lb + 1 > DISTANCE_SMALL + 1) {
		heap_rows = xmalloc(2 * (lb + 1) * sizeof *heap_rows);
		rows = heap_rows;
	}
	size_t *prev = rows, *cur = rows + lb + 1;

	/* Row 0, with cells outside the band held at beyond. */
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j <= limit ? j : beyond;

	for (size_t i = 1; i <= la; i++) {
		size_t lo = i > limit ? i - limit : 1;
		size_t hi = i + limit < lb ? i + limit : lb;

		cur[0] = i <= limit ? i : beyond;
		if (lo > 1)
			cur[lo - 1] = beyond;
		size_t row_min = cur[0];
		for (size_t j = lo; j <= hi; j++) {
			size_t best = prev[j - 1] + (ca[i - 1] != cb[j - 1]);
			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (best > beyond)
				best = beyond;
			cur[j] = best;
			if (best < row_min)
				row_min = best;
		}
		if (hi < lb)
			cur[hi + 1] = beyond;
		if (row_min > limit) {
			result = beyond;
			goto done;
		}
		size_t *swap = prev;
		prev = cur;
		cur = swap;
	}
	result = prev[lb] > limit ? beyond : prev[lb];
done:
	free(heap_rows);
	return result;
}

size_t text_distance(const char *a, const char *b, size_t limit)
{
	uint32_t small_a[DISTANCE_SMALL], small_b[DISTANCE_SMALL];
	uint32_t *heap_a = NULL, *heap_b = NULL;
	size_t la, lb, result;

	const uint32_t *ca = decode_all(a ? a : "", small_a, DISTANCE_SMALL, &heap_a, &la);
	const uint32_t *cb = decode_all(b ? b : "", small_b, DISTANCE_SMALL, &heap_b, &lb);

	/* The distance never exceeds the longer length; capping the limit
	 * there keeps limit + 1 from overflowing. */
	size_t longer = la > lb ? la : lb;
	if (limit > longer)
		limit = longer;

	if ((la > lb ? la - lb : lb - la) > limit)
		result = limit + 1;
	else if (la == 0 || lb == 0)
		result = longer;
	else if (la <= DISTANCE_SMALL && la <= lb)
		result = bit_parallel_distance(ca, la, cb, lb, limit);
	else if (lb <= DISTANCE_SMALL)
		result = bit_parallel_distance(cb, lb, ca, la, limit);
	else
		result = banded_distance(ca, la, cb, lb, limit);
	free(heap_a);
	free(heap_b);
	return result;
}
