/*
 * cmd_date.c — `hamahang date DATE [--lang en|prs|pus]`: prints a date in
 * both calendars, Gregorian and Solar Hijri. A month or a year is printed
 * as the span of days it covers in the other calendar. The calendar itself
 * is core/shamsi; this file only reads the argument and words the answer.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/buf.h"
#include "core/pdate.h"
#include "core/shamsi.h"

static const char USAGE[] =
    "usage: hamahang date DATE [--lang en|prs|pus]\n\n"
    "Prints a date in both calendars: Gregorian and Solar Hijri (the Afghan\n"
    "calendar, months Hamal .. Hut). DATE is Gregorian (2021-08-15, 2021-08 or\n"
    "2021) or Solar Hijri with the prefix sh: (sh:1400-05-24, sh:1400-05 or\n"
    "sh:1400; Persian digits are fine). A month or a year is printed as the\n"
    "span of days it covers in the other calendar:\n\n"
    "  $ hamahang date 2021-08-15\n"
    "  2021-08-15 = 1400-05-24 SH (24 Asad 1400)\n"
    "  $ hamahang date sh:1400\n"
    "  1400 SH = 2021-03-21 .. 2022-03-20\n\n"
    "Exit status: 0 printed, 2 not a date or a usage error.\n\n"
    "  --lang LANG   month names in en (English, the default), prs (Dari) or\n"
    "                pus (Pashto)\n";

/* "1400-05-24 SH (24 Asad 1400)", "1400-05 SH (Asad 1400)" or "1400 SH". */
static void put_shamsi(Buf *out, const ShamsiDate *d, const char *lang)
{
	char iso[SHAMSI_FORMAT_SIZE];
	shamsi_format(d, iso);
	buf_printf(out, "%s SH", iso);
	if (d->precision != DATE_YEAR) {
		buf_puts(out, " (");
		shamsi_format_long(out, d, lang);
		buf_putc(out, ')');
	}
}

static void put_gregorian_day(Buf *out, long day)
{
	PDate d = {.precision = DATE_DAY};
	char iso[11];
	civil_from_days(day, &d.year, &d.month, &d.day);
	pdate_format(&d, iso);
	buf_puts(out, iso);
}

static int show_shamsi(const char *text, const char *lang)
{
	ShamsiDate d;
	ShamsiError err = shamsi_parse(text, &d);
	if (err == SHAMSI_ERR_DAY)
		return cmd_fail("date", "'%s': no such day: %s %d has %d days", text,
		                shamsi_month_name(d.month, "en"), d.year,
		                shamsi_month_length(d.year, d.month));
	if (err != SHAMSI_OK)
		return cmd_fail("date", "'%s': %s", text, shamsi_error_text(err));
	long first, last;
	shamsi_span(&d, &first, &last);
	Buf out;
	buf_init(&out, 0);
	put_shamsi(&out, &d, lang);
	buf_puts(&out, " = ");
	put_gregorian_day(&out, first);
	if (last != first) {
		buf_puts(&out, " .. ");
		put_gregorian_day(&out, last);
	}
	buf_putc(&out, '\n');
	fputs(buf_str(&out), stdout);
	buf_free(&out);
	return 0;
}

/* Why text is not a Gregorian date pdate_parse takes, in words. */
static int refuse_gregorian(const char *text)
{
	size_t len = strlen(text);
	bool shaped = len == 4 || len == 7 || len == 10;
	for (size_t i = 0; shaped && i < len; i++)
		shaped = (i == 4 || i == 7) ? text[i] == '-' : text[i] >= '0' && text[i] <= '9';
	if (!shaped)
		return cmd_fail("date",
		                "'%s' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (Gregorian) "
		                "or sh:YYYY-MM-DD (Solar Hijri)",
		                text);
	int year =
	    (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
	int month = len >= 7 ? (text[5] - '0') * 10 + (text[6] - '0') : 1;
	if (year < 1000 || year > 2999)
		return cmd_fail("date", "'%s': the year must be 1000 to 2999", text);
	if (month < 1 || month > 12)
		return cmd_fail("date", "'%s': the month must be 1 to 12", text);
	return cmd_fail("date", "'%s': no such day: %s %d has %d days", text,
	                shamsi_gregorian_month_name(month, "en"), year, days_in_month(year, month));
}

static int show_gregorian(const char *text, const char *lang)
{
	PDate d;
	if (!pdate_parse(text, &d))
		return refuse_gregorian(text);
	if (d.year < 1600)
		fprintf(stderr,
		        "hamahang date: note: '%s' is read as a Gregorian date; "
		        "for Solar Hijri write sh:%s\n",
		        text, text);
	ShamsiDate first, last;
	shamsi_from_days(pdate_first_day(&d), &first);
	shamsi_from_days(pdate_last_day(&d), &last);
	char iso[11];
	pdate_format(&d, iso);
	Buf out;
	buf_init(&out, 0);
	buf_printf(&out, "%s = ", iso);
	put_shamsi(&out, &first, lang);
	if (d.precision != DATE_DAY) {
		buf_puts(&out, " .. ");
		put_shamsi(&out, &last, lang);
	}
	buf_putc(&out, '\n');
	fputs(buf_str(&out), stdout);
	buf_free(&out);
	return 0;
}

int cmd_date(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"lang", required_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},
	    {0, 0, 0, 0},
	};
	const char *lang = "en";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': lang = optarg; break;
		case 'h': fputs(USAGE, stdout); return 0;
		default: fputs(USAGE, stderr); return 2;
		}
	}
	if (strcmp(lang, "en") != 0 && strcmp(lang, "prs") != 0 && strcmp(lang, "pus") != 0)
		return cmd_fail("date", "--lang %s: give en, prs (Dari) or pus (Pashto)", lang);
	if (argc - optind != 1) {
		fputs(USAGE, stderr);
		return 2;
	}
	const char *text = argv[optind];
	if ((text[0] == 's' || text[0] == 'S') && (text[1] == 'h' || text[1] == 'H'))
		return show_shamsi(text, lang);
	return show_gregorian(text, lang);
}
