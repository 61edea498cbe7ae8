/*
 * ui_date.h — dates on pages, in both calendars.
 *
 * Records keep dates in Gregorian ISO form at the precision they are known
 * to ("2021", "2021-08", "2021-08-15"). People in Afghanistan count in the
 * Solar Hijri calendar, so a page shows both: the Gregorian date and the
 * Solar Hijri one, with the Afghan month names in the page's language.
 */
#ifndef HAMAHANG_UI_DATE_H
#define HAMAHANG_UI_DATE_H

#include "web/http.h"

/* Writes a stored date in both calendars, each isolated from the text
 * around it (<bdi>), in a <time> element:
 *   2021-08-15 -> "15 August 2021 (24 Asad 1400)"
 *   2021-08    -> "August 2021 (Saratan–Asad 1400)"
 *   2021       -> "2021 (1399–1400)"
 * A timestamp "2021-08-15T10:20:30Z" shows its day in both calendars and
 * its time of day. A value that is none of these is written as it is,
 * escaped. Nothing for NULL or "". */
void ui_date(Req *req, Resp *resp, const char *value);

#endif
