/*
 * text.h — the text normalization shared by search, place resolution and
 * matching.
 *
 * Folding turns a name as people type it into a key that compares equal
 * across the usual variants: Unicode NFKC and case folding, Arabic-script
 * letter variants (ي ى/ی, ك/ک, ة/ه, hamza forms, tatweel, diacritics,
 * zero-width joiners), Persian and Arabic-Indic digits to ASCII, punctuation
 * to spaces, runs of spaces to one. Pure functions: no I/O, no globals
 * beyond constant tables.
 */
#ifndef HAMAHANG_TEXT_H
#define HAMAHANG_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 with no NUL and no C0 control
 * other than tab, newline and carriage return. */
bool text_valid_utf8(const char *s, size_t len);

/* Number of code points in a valid UTF-8 string. */
size_t text_length(const char *s);

/* The bytes of the first max_chars code points of a valid UTF-8 string:
 * where to cut it without splitting a character (strlen(s) when it is
 * no longer). */
size_t text_prefix_bytes(const char *s, size_t max_chars);

/* The folded key of s (see above). Returns a string the caller frees, or
 * NULL when s is not valid UTF-8. An input of only punctuation folds to "". */
char *text_fold(const char *s);

/* A looser key for Latin-script transliterations of Dari and Pashto names,
 * taken from a folded string: "Daikundi" and "Daykundi", "Khawaja Dako" and
 * "Khwaja Dukoh", "Sheberghan" and "Shiberghan" give the same skeleton.
 * Arabic-script input is returned folded but otherwise unchanged.
 * Returns a string the caller frees. */
char *text_skeleton(const char *folded);

/* Levenshtein distance between two strings, counted in code points, or
 * limit + 1 as soon as it is known to exceed limit. */
size_t text_distance(const char *a, const char *b, size_t limit);

#endif
