/*
 * ui_date.c — dates in both calendars (see ui_date.h).
 *
 * The conversion and the month names are core/shamsi's; this file only
 * chooses what to show for each precision and writes it escaped.
 */
#include "web/ui_date.h"

#include <string.h>

#include "core/shamsi.h"
#include "web/ui.h"

/* "Asad 1400" or "۱۴۰۰" and the like: a Solar Hijri date cut to precision. */
static void shamsi_text(Buf *b, const ShamsiDate *d, DatePrecision precision, const char *lang)
{
	ShamsiDate cut = *d;
	cut.precision = precision;
	if (precision == DATE_YEAR)
		cut.month = cut.day = 0;
	else if (precision == DATE_MONTH)
		cut.day = 0;
	shamsi_format_long(b, &cut, lang);
}

/* The Solar Hijri reading of a Gregorian date: the same day, or for a month
 * or a year the Solar Hijri months or years it overlaps ("Saratan–Asad 1400",
 * "1399–1400"). Appends nothing when out of the calendar's range. */
static void shamsi_of(Buf *b, const PDate *d, const char *lang)
{
	ShamsiDate first, last;
	if (!shamsi_from_days(pdate_first_day(d), &first) ||
	    !shamsi_from_days(pdate_last_day(d), &last))
		return;
	if (d->precision == DATE_DAY) {
		shamsi_text(b, &first, DATE_DAY, lang);
		return;
	}
	DatePrecision p = d->precision == DATE_MONTH ? DATE_MONTH : DATE_YEAR;
	bool same = first.year == last.year && (p == DATE_YEAR || first.month == last.month);
	if (same) {
		shamsi_text(b, &first, p, lang);
		return;
	}
	if (p == DATE_MONTH && first.year == last.year) {
		/* "Saratan–Asad 1400": the year once, after the second month */
		buf_puts(b, shamsi_month_name(first.month, lang));
	} else {
		shamsi_text(b, &first, p, lang);
	}
	buf_puts(b, "–");
	shamsi_text(b, &last, p, lang);
}

void ui_date(Req *req, Resp *resp, const char *value)
{
	if (!value || !*value)
		return;
	char iso[11];
	size_t date_len = strcspn(value, "T");
	const char *time = value[date_len] == 'T' ? value + date_len + 1 : NULL;
	PDate d;
	if (date_len >= sizeof iso) {
		ui_printf(resp, "<bdi>%h</bdi>", value);
		return;
	}
	memcpy(iso, value, date_len);
	iso[date_len] = '\0';
	if (!pdate_parse(iso, &d) || (time && d.precision != DATE_DAY)) {
		ui_printf(resp, "<bdi>%h</bdi>", value);
		return;
	}
	Buf gregorian, shamsi;
	buf_init(&gregorian, 256);
	buf_init(&shamsi, 256);
	shamsi_format_gregorian_long(&gregorian, &d, req->lang);
	shamsi_of(&shamsi, &d, req->lang);
	ui_printf(resp, "<time datetime=\"%h\"><bdi>%h</bdi>", value, buf_str(&gregorian));
	if (time)
		ui_printf(resp, " <bdi dir=\"ltr\">%h</bdi>", arena_strndup(req->arena, time, 5));
	if (shamsi.used)
		ui_printf(resp, " <span class=\"sh\">(<bdi>%h</bdi>)</span>", buf_str(&shamsi));
	UI_LIT(resp, "</time>");
	buf_free(&gregorian);
	buf_free(&shamsi);
}
