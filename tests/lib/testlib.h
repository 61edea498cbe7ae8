/*
 * testlib.h — small helpers shared by the test programs.
 */
#ifndef HAMAHANG_TESTLIB_H
#define HAMAHANG_TESTLIB_H

#include <stddef.h>

/* Reads a whole file; the caller frees. Fails the test (aborts) if unreadable. */
char *test_read_file(const char *path, size_t *len);
/* Makes a fresh temporary directory and returns its path (caller frees). */
char *test_tmpdir(void);
/* Removes a directory tree made by test_tmpdir. */
void test_rmtree(const char *path);

#endif
