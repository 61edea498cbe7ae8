/*
 * arena.h — memory that lives as long as one request.
 *
 * An Arena hands out pieces of larger chunks and frees them all at once:
 * the web dispatcher makes one per request and frees it when the request is
 * complete, so a handler never frees what it takes from the arena. Strings
 * a handler keeps past its request must be copied out (xstrdup).
 *
 * Out of memory aborts, as everywhere (mem.h). No I/O here.
 */
#ifndef HAMAHANG_ARENA_H
#define HAMAHANG_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct Arena Arena;

/* A new, empty arena; release it with arena_free. Never returns NULL. */
Arena *arena_new(void);
/* Releases every piece the arena handed out, and the arena. NULL is a no-op. */
void arena_free(Arena *a);

/* size bytes, aligned for any type, uninitialized; valid until arena_free.
 * Never returns NULL (0 bytes gives a valid, unique pointer). */
void *arena_alloc(Arena *a, size_t size);
/* Like arena_alloc, zero-filled. */
void *arena_zalloc(Arena *a, size_t size);
/* A copy of s in the arena; NULL gives NULL. */
char *arena_strdup(Arena *a, const char *s);
/* A NUL-terminated copy of the first len bytes of s (which may hold no NUL). */
char *arena_strndup(Arena *a, const char *s, size_t len);
/* A string formatted by buf_printf's conversions (%s %h %U %d ... see buf.h),
 * in the arena. */
char *arena_printf(Arena *a, const char *fmt, ...);
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);

/* Bytes the arena holds from the allocator (chunks, headers included). */
size_t arena_size(const Arena *a);

#endif
