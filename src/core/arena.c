/*
 * arena.c — per-request memory as a list of chunks (see arena.h).
 *
 * Pieces are cut from the newest chunk; when it is full a new chunk of
 * ARENA_CHUNK bytes (or more, for a large piece) is put at the head of the
 * list. Nothing is freed before arena_free. No I/O here.
 */
#include "core/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"

/* Usable bytes of an ordinary chunk: a typical page request fits in one. */
#define ARENA_CHUNK (16u * 1024u)
/* Every piece starts at a multiple of this. */
#define ARENA_ALIGN (alignof(max_align_t))

typedef struct Chunk {
	struct Chunk *next; /* the chunk made before this one, or NULL */
	size_t size;        /* usable bytes in data[] */
	size_t used;        /* bytes of data[] already handed out */
	alignas(max_align_t) unsigned char data[];
} Chunk;

struct Arena {
	Chunk *head;  /* the newest chunk, where pieces are cut; NULL when none yet */
	size_t total; /* bytes taken from the allocator, for arena_size */
};

Arena *arena_new(void)
{
	Arena *a = xcalloc(1, sizeof *a);
	a->total = sizeof *a;
	return a;
}

void arena_free(Arena *a)
{
	if (!a)
		return;
	Chunk *c = a->head;
	while (c) {
		Chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

/* Rounds n up to a multiple of ARENA_ALIGN; aborts if that overflows. */
static size_t round_up(size_t n)
{
	size_t r = (n + (ARENA_ALIGN - 1)) & ~(size_t)(ARENA_ALIGN - 1);
	if (r < n)
		abort();
	return r;
}

void *arena_alloc(Arena *a, size_t size)
{
	size_t want = round_up(size ? size : 1);
	Chunk *c = a->head;
	if (!c || c->size - c->used < want) {
		size_t chunk_size = want > ARENA_CHUNK ? want : ARENA_CHUNK;
		if (chunk_size > SIZE_MAX - sizeof(Chunk))
			abort();
		Chunk *fresh = xmalloc(sizeof(Chunk) + chunk_size);
		fresh->size = chunk_size;
		fresh->used = 0;
		a->total += sizeof(Chunk) + chunk_size;
		if (c && want > ARENA_CHUNK) {
			/* A large piece gets a chunk of its own behind the head,
			 * so the room left in the head is not thrown away. */
			fresh->next = c->next;
			c->next = fresh;
			fresh->used = want;
			return fresh->data;
		}
		fresh->next = c;
		a->head = c = fresh;
	}
	void *p = c->data + c->used;
	c->used += want;
	return p;
}

void *arena_zalloc(Arena *a, size_t size)
{
	void *p = arena_alloc(a, size);
	memset(p, 0, size);
	return p;
}

char *arena_strndup(Arena *a, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		abort();
	char *p = arena_alloc(a, len + 1);
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(Arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
	Buf b;
	buf_init(&b, 0);
	buf_vprintf(&b, fmt, ap);
	char *p = arena_strndup(a, buf_str(&b), b.used);
	buf_free(&b);
	return p;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_size(const Arena *a)
{
	return a->total;
}
