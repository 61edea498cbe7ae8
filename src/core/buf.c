/*
 * buf.c — growable, capped byte buffer and its escaping formatter (see buf.h).
 */
#include "buf.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void buf_init(Buf *b, size_t cap)
{
	memset(b, 0, sizeof *b);
	b->cap = cap ? cap : BUF_DEFAULT_CAP;
}

void buf_free(Buf *b)
{
	free(b->data);
	b->data = NULL;
	b->used = b->alloc = 0;
	b->overflowed = false;
}

void buf_reset(Buf *b)
{
	b->used = 0;
	if (b->data)
		b->data[0] = '\0';
	b->overflowed = false;
}

char *buf_detach(Buf *b)
{
	char *s = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->used = b->alloc = 0;
	return s;
}

const char *buf_str(const Buf *b)
{
	return b->data ? b->data : "";
}

bool buf_append(Buf *b, const void *data, size_t len)
{
	if (b->cap == 0)
		b->cap = BUF_DEFAULT_CAP;
	if (len > b->cap - b->used) {
		b->overflowed = true;
		return false;
	}
	if (b->used + len + 1 > b->alloc) {
		size_t want = b->alloc ? b->alloc : 256;
		while (want < b->used + len + 1)
			want *= 2;
		b->data = xrealloc(b->data, want);
		b->alloc = want;
	}
	if (len)
		memcpy(b->data + b->used, data, len);
	b->used += len;
	b->data[b->used] = '\0';
	return true;
}

bool buf_puts(Buf *b, const char *s)
{
	return s ? buf_append(b, s, strlen(s)) : true;
}

bool buf_putc(Buf *b, char c)
{
	return buf_append(b, &c, 1);
}

bool buf_append_html(Buf *b, const char *s)
{
	if (!s)
		return true;
	const char *run = s;
	bool ok = true;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		ok = ok && buf_append(b, run, (size_t)(s - run)) && buf_puts(b, rep);
		run = s + 1;
	}
	return ok && buf_append(b, run, (size_t)(s - run));
}

bool buf_append_url(Buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return true;
	bool ok = true;
	for (const unsigned char *p = (const unsigned char *)s; *p && ok; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			ok = buf_putc(b, (char)c);
		} else {
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			ok = buf_append(b, esc, 3);
		}
	}
	return ok;
}

/* Appends the decimal form of v. */
static bool append_signed(Buf *b, long long v)
{
	char tmp[24];
	size_t n = 0;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[n++] = '-';
	char out[24];
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return buf_append(b, out, n);
}

static bool append_unsigned(Buf *b, unsigned long long u)
{
	char tmp[24];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	char out[24];
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return buf_append(b, out, n);
}

bool buf_vformat(Buf *b, bool allow_raw, const char *fmt, va_list ap)
{
	bool ok = true;
	const char *run = fmt;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		ok = ok && buf_append(b, run, (size_t)(p - run));
		p++;
		switch (*p) {
		case '%': ok = ok && buf_putc(b, '%'); break;
		case 'h': ok = ok && buf_append_html(b, va_arg(ap, const char *)); break;
		case 'U': ok = ok && buf_append_url(b, va_arg(ap, const char *)); break;
		case 'c': ok = ok && buf_putc(b, (char)va_arg(ap, int)); break;
		case 'd': ok = ok && append_signed(b, va_arg(ap, int)); break;
		case 's': {
			assert(allow_raw && "raw %s in an HTML format: use %h");
			if (!allow_raw)
				abort();
			ok = ok && buf_puts(b, va_arg(ap, const char *));
			break;
		}
		case '.':
			/* only %.*s: a raw string with an int length */
			assert(p[1] == '*' && p[2] == 's' && allow_raw);
			if (!(p[1] == '*' && p[2] == 's' && allow_raw))
				abort();
			{
				int len = va_arg(ap, int);
				const char *s = va_arg(ap, const char *);
				ok = ok && (s == NULL || len <= 0 || buf_append(b, s, (size_t)len));
			}
			p += 2;
			break;
		case 'l':
			if (p[1] == 'l' && p[2] == 'd') {
				ok = ok && append_signed(b, va_arg(ap, long long));
				p += 2;
			} else if (p[1] == 'd') {
				ok = ok && append_signed(b, va_arg(ap, long));
				p += 1;
			} else {
				abort();
			}
			break;
		case 'z':
			if (p[1] != 'u')
				abort();
			ok = ok && append_unsigned(b, va_arg(ap, size_t));
			p += 1;
			break;
		default:
			/* An unknown conversion is a programming error, never input. */
			abort();
		}
		run = p + 1;
	}
	return ok && buf_puts(b, run);
}

bool buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
	return buf_vformat(b, true, fmt, ap);
}

bool buf_printf(Buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool ok = buf_vformat(b, true, fmt, ap);
	va_end(ap);
	return ok;
}
