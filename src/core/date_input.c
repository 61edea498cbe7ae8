/*
 * date_input.c — dates typed in either calendar (see date_input.h).
 */
#include "core/date_input.h"

#include <string.h>

#include "core/nls.h"
#include "core/pdate.h"
#include "core/shamsi.h"

/* Longest text looked at: a date with Persian digits is 2 bytes a digit. */
#define DATE_INPUT_MAX 48

/* Copies text without surrounding blanks, Persian and Arabic-Indic digits
 * turned to ASCII, into out (size bytes). False when it does not fit. */
static bool ascii_digits(const char *text, char *out, size_t size)
{
	while (*text == ' ' || *text == '\t')
		text++;
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		char c;
		if (p[0] == 0xDB && p[1] >= 0xB0 && p[1] <= 0xB9) { /* U+06F0..U+06F9 */
			c = (char)('0' + (p[1] - 0xB0));
			p += 2;
		} else if (p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9) { /* U+0660..U+0669 */
			c = (char)('0' + (p[1] - 0xA0));
			p += 2;
		} else {
			c = (char)*p++;
		}
		if (n + 1 >= size)
			return false;
		out[n++] = c;
	}
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out[n] = '\0';
	return true;
}

bool date_input_normalize(const char *text, char out[DATE_INPUT_SIZE], const char **problem)
{
	out[0] = '\0';
	*problem = NULL;
	char plain[DATE_INPUT_MAX];
	if (!text || !ascii_digits(text, plain, sizeof plain))
		return false;
	if (strncmp(plain, "sh:", 3) != 0 && strncmp(plain, "SH:", 3) != 0) {
		PDate g;
		if (!pdate_parse(plain, &g))
			return false;
		pdate_format(&g, out);
		return true;
	}
	ShamsiDate s;
	if (shamsi_parse(plain, &s) != SHAMSI_OK) {
		*problem = N_("is not a Solar Hijri date of the form sh:YYYY, sh:YYYY-MM or sh:YYYY-MM-DD");
		return false;
	}
	if (s.precision != DATE_DAY) {
		*problem = N_("is a Solar Hijri month or year, which no Gregorian month or year matches; "
		              "give the day, or the Gregorian month or year");
		return false;
	}
	PDate g = {.precision = DATE_DAY};
	if (!shamsi_to_gregorian(&s, &g.year, &g.month, &g.day) || g.year < 1000 || g.year > 2999) {
		*problem = N_("is a Solar Hijri date outside the years the registry keeps");
		return false;
	}
	pdate_format(&g, out);
	return true;
}
