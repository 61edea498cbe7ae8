/*
 * embedded.c — lookup in the table of files compiled into the binary.
 */
#include "store/embedded.h"

#include <string.h>

const EmbeddedFile *embedded_find(const char *path)
{
	for (const EmbeddedFile *f = embedded_files; f->path; f++)
		if (strcmp(f->path, path) == 0)
			return f;
	return NULL;
}
