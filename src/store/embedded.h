/*
 * embedded.h — files compiled into the binary by tools/embed.c: reference
 * tables (the CSV files under data/), the demo data set, SQL migrations and static files.
 */
#ifndef HAMAHANG_EMBEDDED_H
#define HAMAHANG_EMBEDDED_H

#include <stddef.h>

typedef struct EmbeddedFile {
	const char *path;  /* as in the source tree: "data/places.csv" */
	const char *data;  /* the bytes, followed by a NUL */
	size_t size;       /* bytes, without the NUL */
} EmbeddedFile;

/* Terminated by an entry whose path is NULL. */
extern const EmbeddedFile embedded_files[];

/* The file at that path, or NULL. */
const EmbeddedFile *embedded_find(const char *path);

#endif
