/*
 * buf.h — the one growable byte buffer, with a size cap.
 *
 * Every string the program builds (a page, a JSON answer, a folded name) is
 * built in a Buf. A Buf never grows past its cap: an append that would
 * overflow is refused whole, and `overflowed` stays set so the caller can
 * answer "too large" instead of sending a truncated value. The contents are
 * always NUL-terminated. No I/O here.
 *
 * The formatter (buf_printf) knows these conversions:
 *   %s  raw string (never for HTML: pages use ui_printf, which has no %s)
 *   %h  string escaped for HTML text and attributes (& < > " ')
 *   %U  string escaped as a URL component (RFC 3986 unreserved kept)
 *   %d %ld %lld %zu %c %%   as in printf; %.*s with an int length
 * A NULL string prints as nothing.
 */
#ifndef HAMAHANG_BUF_H
#define HAMAHANG_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define BUF_DEFAULT_CAP (64u * 1024u * 1024u)

typedef struct Buf {
	char *data;      /* the bytes, NUL-terminated; NULL until the first append */
	size_t used;     /* bytes in data[], not counting the NUL */
	size_t alloc;    /* bytes allocated for data[] */
	size_t cap;      /* most bytes the buffer may ever hold */
	bool overflowed; /* an append was refused because of cap */
} Buf;

/* Sets up an empty buffer that may hold at most cap bytes (0 = BUF_DEFAULT_CAP). */
void buf_init(Buf *b, size_t cap);
/* Releases the bytes; the Buf may be reused after buf_init. */
void buf_free(Buf *b);
/* Empties the buffer, keeping its memory and cap; clears overflowed. */
void buf_reset(Buf *b);
/* Hands the bytes to the caller (who frees them) and empties the buffer.
 * Never returns NULL: an empty buffer gives "". */
char *buf_detach(Buf *b);
/* The contents as a string, borrowed; "" when empty. */
const char *buf_str(const Buf *b);

/* Appends; false (and nothing appended) when the cap would be passed. */
bool buf_append(Buf *b, const void *data, size_t len);
bool buf_puts(Buf *b, const char *s);
bool buf_putc(Buf *b, char c);
bool buf_printf(Buf *b, const char *fmt, ...);
bool buf_vprintf(Buf *b, const char *fmt, va_list ap);
/* Like buf_vprintf, but with allow_raw false a %s conversion aborts:
 * used by the HTML layer so that no unescaped value can slip in. */
bool buf_vformat(Buf *b, bool allow_raw, const char *fmt, va_list ap);

/* Escaping helpers, also used by the formatter. */
bool buf_append_html(Buf *b, const char *s);
bool buf_append_url(Buf *b, const char *s);

#endif
