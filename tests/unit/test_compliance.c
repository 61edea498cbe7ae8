/*
 * test_compliance.c — reporting periods, due days, states and rates
 * (core/compliance) on cases worked out by hand: Gregorian and Solar Hijri
 * half-years and quarters, a Solar Hijri period that crosses a Gregorian
 * new year, an obligation that starts in the middle of a period, a report
 * a day late, and the rates.
 *
 * The Solar Hijri days come from FACTS-style anchors checked by hand:
 * 1 Hamal 1399 = 2020-03-20, 1 Mizan 1399 = 2020-09-22, 1 Jadi 1399 =
 * 2020-12-21, 29 Hut 1399 = 2021-03-20, 1 Hamal 1400 = 2021-03-21.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/compliance.h"
#include "core/pdate.h"

static long day(int y, int m, int d)
{
	return days_from_civil(y, m, d);
}

static void expect_period(const Period *p, long first, long last, long due)
{
	assert_int_equal(p->first_day, first);
	assert_int_equal(p->last_day, last);
	assert_int_equal(p->due_day, due);
}

static void test_gregorian_half_years(void **state)
{
	(void)state;
	Obligation o = {.months = 6, .calendar = CAL_GREGORIAN, .start_day = day(2020, 1, 1), .grace_days = 30};
	Period p[8];
	/* As of 1 March 2021 two half-years are over; the third is still open. */
	assert_int_equal(compliance_periods(&o, day(2021, 3, 1), p, 8), 2);
	expect_period(&p[0], day(2020, 1, 1), day(2020, 6, 30), day(2020, 7, 30));
	expect_period(&p[1], day(2020, 7, 1), day(2020, 12, 31), day(2021, 1, 30));
	/* On the last day of a period it is not over yet. */
	assert_int_equal(compliance_periods(&o, day(2020, 6, 30), p, 8), 0);
	assert_int_equal(compliance_periods(&o, day(2020, 7, 1), p, 8), 1);
	/* More periods than room: all are counted, max are written. */
	assert_int_equal(compliance_periods(&o, day(2025, 1, 1), p, 3), 10);
}

static void test_start_in_the_middle_of_a_period(void **state)
{
	(void)state;
	Obligation o = {.months = 6, .calendar = CAL_GREGORIAN, .start_day = day(2020, 4, 15), .grace_days = 30};
	Period p[4];
	assert_int_equal(compliance_periods(&o, day(2021, 1, 1), p, 4), 2);
	/* The first period runs from the start to the end of its half-year. */
	expect_period(&p[0], day(2020, 4, 15), day(2020, 6, 30), day(2020, 7, 30));
	expect_period(&p[1], day(2020, 7, 1), day(2020, 12, 31), day(2021, 1, 30));
	long first, last;
	assert_true(compliance_period_of(&o, day(2020, 4, 15), &first, &last));
	assert_int_equal(first, day(2020, 1, 1));
	assert_int_equal(last, day(2020, 6, 30));
}

static void test_gregorian_quarters_months_and_years(void **state)
{
	(void)state;
	Obligation o = {.months = 3, .calendar = CAL_GREGORIAN, .start_day = day(2023, 2, 10), .grace_days = 0};
	Period p[8];
	assert_int_equal(compliance_periods(&o, day(2024, 1, 1), p, 8), 4);
	expect_period(&p[0], day(2023, 2, 10), day(2023, 3, 31), day(2023, 3, 31));
	expect_period(&p[3], day(2023, 10, 1), day(2023, 12, 31), day(2023, 12, 31));
	o.months = 1;
	/* February of a leap year. */
	o.start_day = day(2024, 2, 1);
	assert_int_equal(compliance_periods(&o, day(2024, 3, 1), p, 8), 1);
	expect_period(&p[0], day(2024, 2, 1), day(2024, 2, 29), day(2024, 2, 29));
	o.months = 12;
	o.grace_days = 90;
	o.start_day = day(2019, 7, 1);
	assert_int_equal(compliance_periods(&o, day(2021, 1, 1), p, 8), 2);
	expect_period(&p[0], day(2019, 7, 1), day(2019, 12, 31), day(2019, 12, 31) + 90);
	expect_period(&p[1], day(2020, 1, 1), day(2020, 12, 31), day(2020, 12, 31) + 90);
}

static void test_solar_hijri_half_year_crosses_the_gregorian_year(void **state)
{
	(void)state;
	/* From 1 Hamal 1399: Hamal-Sunbula, then Mizan-Hut, which runs from
	 * September 2020 into March 2021. */
	Obligation o = {.months = 6, .calendar = CAL_SOLAR_HIJRI, .start_day = day(2020, 3, 20), .grace_days = 30};
	Period p[4];
	assert_int_equal(compliance_periods(&o, day(2021, 3, 21), p, 4), 2);
	expect_period(&p[0], day(2020, 3, 20), day(2020, 9, 21), day(2020, 10, 21));
	expect_period(&p[1], day(2020, 9, 22), day(2021, 3, 20), day(2021, 4, 19));
	/* On 29 Hut 1399 (20 March 2021) the second half-year is not over. */
	assert_int_equal(compliance_periods(&o, day(2021, 3, 20), p, 4), 1);
}

static void test_solar_hijri_quarter_and_mid_period_start(void **state)
{
	(void)state;
	/* Started on 1 January 2021, inside Jadi 1399: the first quarter is
	 * Jadi-Hut cut at the start, ending on 29 Hut 1399. */
	Obligation o = {.months = 3, .calendar = CAL_SOLAR_HIJRI, .start_day = day(2021, 1, 1), .grace_days = 15};
	Period p[4];
	long first, last;
	assert_true(compliance_period_of(&o, day(2021, 1, 1), &first, &last));
	assert_int_equal(first, day(2020, 12, 21));
	assert_int_equal(last, day(2021, 3, 20));
	assert_int_equal(compliance_periods(&o, day(2021, 7, 1), p, 4), 2);
	expect_period(&p[0], day(2021, 1, 1), day(2021, 3, 20), day(2021, 4, 4));
	/* Hamal-Saratan 1400: 93 days from 21 March 2021. */
	expect_period(&p[1], day(2021, 3, 21), day(2021, 6, 21), day(2021, 7, 6));
	/* A Solar Hijri year: 1 Hamal 1399 .. 30 Hut 1399 (1399 is leap: 366 days). */
	o.months = 12;
	assert_true(compliance_period_of(&o, day(2020, 6, 1), &first, &last));
	assert_int_equal(first, day(2020, 3, 20));
	assert_int_equal(last, day(2021, 3, 20));
}

static void test_a_day_late_is_late(void **state)
{
	(void)state;
	Period p = {.first_day = day(2020, 1, 1), .last_day = day(2020, 6, 30), .due_day = day(2020, 7, 30)};
	long today = day(2020, 9, 1);
	assert_int_equal(compliance_state(&p, day(2020, 7, 30), today), PERIOD_ON_TIME);
	assert_int_equal(compliance_state(&p, day(2020, 7, 31), today), PERIOD_LATE);
	/* Submitted before the period was even over: on time. */
	assert_int_equal(compliance_state(&p, day(2020, 6, 1), today), PERIOD_ON_TIME);
	/* Nothing submitted: open while the period runs, due during the grace, then missing. */
	assert_int_equal(compliance_state(&p, COMPLIANCE_NO_DAY, day(2020, 6, 30)), PERIOD_OPEN);
	assert_int_equal(compliance_state(&p, COMPLIANCE_NO_DAY, day(2020, 7, 1)), PERIOD_DUE);
	assert_int_equal(compliance_state(&p, COMPLIANCE_NO_DAY, day(2020, 7, 30)), PERIOD_DUE);
	assert_int_equal(compliance_state(&p, COMPLIANCE_NO_DAY, day(2020, 7, 31)), PERIOD_MISSING);
	assert_string_equal(compliance_state_name(PERIOD_LATE), "late");
	assert_string_equal(compliance_state_name(PERIOD_MISSING), "missing");
}

static void test_counts_and_rates(void **state)
{
	(void)state;
	ComplianceCounts c = {0};
	compliance_count(&c, PERIOD_ON_TIME);
	compliance_count(&c, PERIOD_ON_TIME);
	compliance_count(&c, PERIOD_LATE);
	compliance_count(&c, PERIOD_MISSING);
	compliance_count(&c, PERIOD_DUE);
	compliance_count(&c, PERIOD_OPEN);
	assert_int_equal(c.expected, 4);
	assert_int_equal(c.submitted, 3);
	assert_int_equal(c.on_time, 2);
	assert_int_equal(c.late, 1);
	assert_int_equal(c.missing, 1);
	assert_int_equal(c.due, 1);
	assert_int_equal(compliance_rate(c.on_time, c.expected), 50);
	assert_int_equal(compliance_rate(c.submitted, c.expected), 75);
	assert_int_equal(compliance_rate(2, 3), 67);
	assert_int_equal(compliance_rate(1, 3), 33);
	assert_int_equal(compliance_rate(0, 0), -1);
}

static void test_silence_and_vocabularies(void **state)
{
	(void)state;
	long start = day(2020, 1, 1);
	assert_false(compliance_silent(start, COMPLIANCE_NO_DAY, start + 729));
	assert_true(compliance_silent(start, COMPLIANCE_NO_DAY, start + 730));
	assert_false(compliance_silent(start, day(2021, 6, 1), day(2023, 5, 31)));
	assert_true(compliance_silent(start, day(2021, 6, 1), day(2023, 6, 1)));

	assert_int_equal(compliance_frequency_months("half_year"), 6);
	assert_int_equal(compliance_frequency_months("quarterly"), 3);
	assert_int_equal(compliance_frequency_months("weekly"), 0);
	assert_int_equal(compliance_frequency_months(NULL), 0);
	assert_string_equal(compliance_frequency_name(12), "yearly");
	assert_null(compliance_frequency_name(5));
	ReportCalendar cal;
	assert_true(compliance_calendar_parse("solar_hijri", &cal));
	assert_int_equal(cal, CAL_SOLAR_HIJRI);
	assert_false(compliance_calendar_parse("lunar", &cal));

	Obligation o = {.months = 5, .calendar = CAL_GREGORIAN, .start_day = start, .grace_days = 30};
	Period p[2];
	assert_false(compliance_obligation_valid(&o));
	assert_int_equal(compliance_periods(&o, day(2030, 1, 1), p, 2), 0);
	o.months = 6;
	o.grace_days = COMPLIANCE_MAX_GRACE_DAYS + 1;
	assert_false(compliance_obligation_valid(&o));
	o.grace_days = 0;
	assert_true(compliance_obligation_valid(&o));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gregorian_half_years),
		cmocka_unit_test(test_start_in_the_middle_of_a_period),
		cmocka_unit_test(test_gregorian_quarters_months_and_years),
		cmocka_unit_test(test_solar_hijri_half_year_crosses_the_gregorian_year),
		cmocka_unit_test(test_solar_hijri_quarter_and_mid_period_start),
		cmocka_unit_test(test_a_day_late_is_late),
		cmocka_unit_test(test_counts_and_rates),
		cmocka_unit_test(test_silence_and_vocabularies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
