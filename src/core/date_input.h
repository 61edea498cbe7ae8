/*
 * date_input.h — dates as people type them, in either calendar.
 *
 * Records keep Gregorian partial dates ("2021", "2021-08", "2021-08-15").
 * People may type those, with ASCII, Persian (۲۰۲۱) or Arabic-Indic (٢٠٢١)
 * digits, or a Solar Hijri date with the "sh:" prefix ("sh:1400-05-24").
 * A Solar Hijri day becomes the same Gregorian day. A Solar Hijri month or
 * year does not: Asad 1400 runs from 23 July to 22 August 2021, so no
 * Gregorian month says the same thing, and such input is refused with a
 * message that says why, rather than stored wider or narrower than given.
 *
 * Pure: no I/O, no allocation.
 */
#ifndef HAMAHANG_DATE_INPUT_H
#define HAMAHANG_DATE_INPUT_H

#include <stdbool.h>

/* Bytes date_input_normalize writes at most, with the NUL. */
#define DATE_INPUT_SIZE 11

/* Reads text (surrounding blanks ignored) and writes the Gregorian form to
 * keep into out: "2021-08-15", "2021-08" or "2021". Returns true then.
 * Returns false when text is not a date in either calendar, or is a Solar
 * Hijri month or year; *problem is then a message id saying what is wrong
 * (for errors_add), and out is "". Text that is not a Gregorian date and
 * has no "sh:" prefix is returned as false with *problem NULL: the caller's
 * own check names that problem. */
bool date_input_normalize(const char *text, char out[DATE_INPUT_SIZE], const char **problem);

#endif
