/*
 * mem.h — allocation that never returns NULL.
 *
 * Out-of-memory is not an input error: these functions abort the process
 * with a message instead of returning NULL, so callers need no checks.
 * Nothing here does I/O beyond that final message.
 */
#ifndef HAMAHANG_MEM_H
#define HAMAHANG_MEM_H

#include <stddef.h>

/* Each returns memory the caller frees with free(); aborts when out of memory. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

#endif
