/*
 * errors.c — collected validation problems (see errors.h).
 */
#include "core/errors.h"

#include <string.h>

#include "core/buf.h"

void errors_clear(Errors *e)
{
	e->count = 0;
	e->dropped = 0;
}

/* Copies src into dst[size], cutting on a UTF-8 character boundary. */
static void copy_cut(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

void errors_add(Errors *e, const char *field, const char *message, const char *detail)
{
	if (e->count >= ERRORS_MAX) {
		e->dropped++;
		return;
	}
	FieldError *fe = &e->items[e->count++];
	copy_cut(fe->field, sizeof fe->field, field);
	fe->message = message;
	copy_cut(fe->detail, sizeof fe->detail, detail);
}

void errors_add_at(Errors *e, const char *list, size_t index, const char *member,
		   const char *message, const char *detail)
{
	Buf name;
	buf_init(&name, 63);
	buf_printf(&name, "%s[%zu]", list, index);
	if (member && *member)
		buf_printf(&name, ".%s", member);
	errors_add(e, buf_str(&name), message, detail);
	buf_free(&name);
}

const FieldError *errors_find(const Errors *e, const char *field)
{
	for (size_t i = 0; i < e->count; i++)
		if (strcmp(e->items[i].field, field) == 0)
			return &e->items[i];
	return NULL;
}
