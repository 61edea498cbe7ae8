/*
 * test_coord.c — waiting times of applications and meeting schedules
 * (core/coord), on small cases worked out by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/coord.h"
#include "core/pdate.h"

static long day(int y, int m, int d)
{
	return days_from_civil(y, m, d);
}

static void test_wait_days_open_and_decided(void **state)
{
	(void)state;
	WaitCase decided = {day(2017, 1, 1), day(2017, 3, 1)};
	assert_int_equal(wait_days(&decided, day(2020, 1, 1)), 31 + 28); /* 2017 is not leap */
	WaitCase open = {day(2016, 2, 28), -1};
	assert_int_equal(wait_days(&open, day(2016, 3, 1)), 2); /* 2016-02-29 exists */
	WaitCase backwards = {day(2017, 3, 1), day(2017, 2, 1)};
	assert_int_equal(wait_days(&backwards, day(2018, 1, 1)), -1);
	WaitCase future = {day(2030, 1, 1), -1};
	assert_int_equal(wait_days(&future, day(2029, 1, 1)), -1);
}

static void test_percentile_nearest_rank(void **state)
{
	(void)state;
	long ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	/* rank = ceil(0.5 * 10) = 5 -> 5; ceil(0.9 * 10) = 9 -> 9 */
	assert_int_equal(percentile_nearest_rank(ten, 10, 50), 5);
	assert_int_equal(percentile_nearest_rank(ten, 10, 90), 9);
	assert_int_equal(percentile_nearest_rank(ten, 10, 100), 10);
	long three[] = {10, 20, 400};
	/* rank = ceil(1.5) = 2 -> 20; ceil(2.7) = 3 -> 400 */
	assert_int_equal(percentile_nearest_rank(three, 3, 50), 20);
	assert_int_equal(percentile_nearest_rank(three, 3, 90), 400);
	long one[] = {42};
	assert_int_equal(percentile_nearest_rank(one, 1, 50), 42);
	assert_int_equal(percentile_nearest_rank(one, 1, 90), 42);
	assert_int_equal(percentile_nearest_rank(one, 0, 50), -1);
	assert_int_equal(percentile_nearest_rank(ten, 10, 0), -1);
	/* eleven values: ceil(9.9) = 10 -> the 10th */
	long eleven[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	assert_int_equal(percentile_nearest_rank(eleven, 11, 90), 10);
	assert_int_equal(percentile_nearest_rank(eleven, 11, 50), 6);
}

static void test_wait_stats_by_hand(void **state)
{
	(void)state;
	long today = day(2017, 7, 1);
	WaitCase cases[] = {
		/* decided after 10, 20, 30, 40 and 200 days, given out of order */
		{day(2017, 1, 1), day(2017, 1, 1) + 40},
		{day(2017, 1, 1), day(2017, 1, 1) + 10},
		{day(2017, 2, 1), day(2017, 2, 1) + 200},
		{day(2017, 1, 5), day(2017, 1, 5) + 30},
		{day(2017, 1, 9), day(2017, 1, 9) + 20},
		/* open: 5 days, 31 days, 91 days, 181 days, exactly 30 and exactly 180 */
		{today - 5, -1},
		{today - 31, -1},
		{today - 91, -1},
		{today - 181, -1},
		{today - 30, -1},
		{today - 180, -1},
		/* nonsense: decided before it was submitted; left out of everything */
		{day(2017, 5, 1), day(2017, 4, 1)},
	};
	size_t n = sizeof cases / sizeof cases[0];
	long scratch[sizeof cases / sizeof cases[0]];
	WaitStats s;
	wait_stats(cases, n, today, scratch, &s);
	assert_int_equal(s.decided, 5);
	assert_int_equal(s.open, 6);
	/* sorted 10 20 30 40 200: median rank ceil(2.5)=3 -> 30; p90 rank ceil(4.5)=5 -> 200 */
	assert_int_equal(s.median_days, 30);
	assert_int_equal(s.p90_days, 200);
	/* "older than" is strict: 30 days is not over 30 */
	assert_int_equal(s.open_over_30, 4);  /* 31, 91, 181, 180 */
	assert_int_equal(s.open_over_90, 3);  /* 91, 181, 180 */
	assert_int_equal(s.open_over_180, 1); /* 181 */
	assert_int_equal(s.longest_open, 181);
}

static void test_wait_stats_empty_and_all_open(void **state)
{
	(void)state;
	WaitStats s;
	long scratch[2];
	wait_stats(NULL, 0, day(2020, 1, 1), scratch, &s);
	assert_int_equal(s.decided, 0);
	assert_int_equal(s.open, 0);
	assert_int_equal(s.median_days, -1);
	assert_int_equal(s.p90_days, -1);
	assert_int_equal(s.longest_open, -1);
	/* The Balkh labour directorate's MoU: waiting "almost six months". */
	WaitCase open[] = {{day(2016, 9, 20), -1}, {day(2017, 3, 1), -1}};
	wait_stats(open, 2, day(2017, 3, 13), scratch, &s);
	assert_int_equal(s.decided, 0);
	assert_int_equal(s.open, 2);
	assert_int_equal(s.median_days, -1);
	assert_int_equal(s.longest_open, 174);
	assert_int_equal(s.open_over_90, 1);
	assert_int_equal(s.open_over_180, 0);
}

static void test_recurrence_names(void **state)
{
	(void)state;
	Recurrence r;
	assert_true(recurrence_parse("monthly", &r));
	assert_int_equal(r, RECUR_MONTHLY);
	assert_true(recurrence_parse("quarterly", &r));
	assert_int_equal(r, RECUR_QUARTERLY);
	assert_false(recurrence_parse("weekly", &r));
	assert_false(recurrence_parse(NULL, &r));
	assert_string_equal(recurrence_name(RECUR_QUARTERLY), "quarterly");
}

static void test_schedule_quarterly(void **state)
{
	(void)state;
	/* Set up on 1 January 2017, checked on 30 September 2017: Q1, Q2 and
	 * Q3 are planned. Met in Q1 twice and in Q3 once; Q2 missed. A meeting
	 * in December 2016 is before the schedule and does not count. */
	long held[] = {day(2016, 12, 20), day(2017, 1, 10), day(2017, 3, 30), day(2017, 9, 30)};
	ScheduleCheck c;
	schedule_check(RECUR_QUARTERLY, day(2017, 1, 1), day(2017, 9, 30), held, 4, &c);
	assert_int_equal(c.periods_planned, 3);
	assert_int_equal(c.periods_met, 2);
	assert_int_equal(c.meetings, 3);
	assert_int_equal(c.missed, 1);

	/* Checked on 29 September: Q3 is still under way, so only Q1 and Q2 are due. */
	schedule_check(RECUR_QUARTERLY, day(2017, 1, 1), day(2017, 9, 29), held, 3, &c);
	assert_int_equal(c.periods_planned, 2);
	assert_int_equal(c.periods_met, 1);
	assert_int_equal(c.missed, 1);

	/* Set up mid-quarter (15 February): that quarter is not expected. */
	schedule_check(RECUR_QUARTERLY, day(2017, 2, 15), day(2017, 6, 30), held, 4, &c);
	assert_int_equal(c.periods_planned, 1); /* Q2 only */
	assert_int_equal(c.periods_met, 0);
	assert_int_equal(c.meetings, 1);        /* 30 March is held, in a quarter not planned */
	assert_int_equal(c.missed, 1);
}

static void test_schedule_monthly_across_a_year(void **state)
{
	(void)state;
	/* November 2016 to February 2017: four months; met in November,
	 * January (twice) and February; December missed. */
	long held[] = {day(2016, 11, 3), day(2017, 1, 2), day(2017, 1, 31), day(2017, 2, 28)};
	ScheduleCheck c;
	schedule_check(RECUR_MONTHLY, day(2016, 11, 1), day(2017, 2, 28), held, 4, &c);
	assert_int_equal(c.periods_planned, 4);
	assert_int_equal(c.periods_met, 3);
	assert_int_equal(c.meetings, 4);
	assert_int_equal(c.missed, 1);
	/* No schedule, or a window that ends before it starts: nothing planned. */
	schedule_check(RECUR_NONE, day(2016, 11, 1), day(2017, 2, 28), held, 4, &c);
	assert_int_equal(c.periods_planned, 0);
	schedule_check(RECUR_MONTHLY, day(2017, 3, 1), day(2017, 2, 1), held, 4, &c);
	assert_int_equal(c.periods_planned, 0);
	assert_int_equal(c.meetings, 0);
}

static void test_span_overlaps_reads_dates_widest(void **state)
{
	(void)state;
	bool undated;
	/* 2019 ends on 31 December: it meets a period from December 2019. */
	assert_true(span_overlaps("2018", "2019", "2019-12", "2020", &undated));
	assert_false(undated);
	assert_false(span_overlaps("2018", "2019", "2020-01", NULL, NULL));
	/* Still running (no end) from 2021-06: meets 2024, not 2020. */
	assert_true(span_overlaps("2021-06", NULL, "2024-01-01", "2024-12-31", NULL));
	assert_false(span_overlaps("2021-06", NULL, NULL, "2021-05-31", NULL));
	/* Started before anyone knows, ended 2016-06-30. */
	assert_true(span_overlaps(NULL, "2016-06-30", "2016-06-30", NULL, NULL));
	assert_false(span_overlaps(NULL, "2016-06-30", "2016-07-01", NULL, NULL));
	/* No dates: in every list without a period, in none with one. */
	assert_true(span_overlaps(NULL, NULL, NULL, NULL, &undated));
	assert_true(undated);
	assert_false(span_overlaps(NULL, NULL, "2020", NULL, &undated));
	assert_true(undated);
	/* Periods open at either end. */
	assert_true(span_overlaps("2014-06", "2016-06", NULL, "2014-06-01", NULL));
	assert_false(span_overlaps("2014-06", "2016-06", NULL, "2014-05-31", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wait_days_open_and_decided),
		cmocka_unit_test(test_percentile_nearest_rank),
		cmocka_unit_test(test_wait_stats_by_hand),
		cmocka_unit_test(test_wait_stats_empty_and_all_open),
		cmocka_unit_test(test_recurrence_names),
		cmocka_unit_test(test_schedule_quarterly),
		cmocka_unit_test(test_schedule_monthly_across_a_year),
		cmocka_unit_test(test_span_overlaps_reads_dates_widest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
