/*
 * compress.c — gzip with zlib (see compress.h).
 *
 * Knows nothing of routes or pages: server.c decides what to compress.
 * The cache of compressed static files is one static struct guarded by a
 * mutex; entries are added, never changed or removed, so a pointer handed
 * out stays valid until the process ends.
 */
#include "web/compress.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "core/mem.h"

/* Static files are few (the stylesheet, perhaps an icon): a small table. */
#define COMPRESS_CACHE_MAX 32

typedef struct CachedFile {
	const EmbeddedFile *file; /* the embedded file, the key */
	char *gzip;               /* its gzip form, owned */
	size_t len;               /* bytes in gzip */
} CachedFile;

static struct {
	pthread_mutex_t lock;                  /* guards the table */
	CachedFile entries[COMPRESS_CACHE_MAX]; /* filled from the start */
	size_t count;                          /* entries used */
} cache = {PTHREAD_MUTEX_INITIALIZER};

/* The q-value of an Accept-Encoding item's parameters, in thousandths;
 * 1000 when absent. */
static int item_quality(const char *params, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if ((params[i] == 'q' || params[i] == 'Q') && params[i + 1] == '=') {
			const char *q = params + i + 2;
			const char *end = params + len;
			while (q < end && *q == ' ')
				q++;
			if (q >= end || *q == '0') {
				/* "0", "0.0", "0.000" refuse; "0.5" accepts */
				for (q++; q < end && (*q == '.' || *q == '0'); q++)
					;
				return q < end && *q >= '1' && *q <= '9' ? 1 : 0;
			}
			return 1000;
		}
	}
	return 1000;
}

bool compress_accepted(const Req *req)
{
	const char *header = req_header(req, "Accept-Encoding");
	if (!header || strlen(header) > 1024)
		return false;
	for (const char *p = header; *p;) {
		p += strspn(p, " \t,");
		size_t item = strcspn(p, ",");
		size_t token = strcspn(p, ";, \t");
		if (token > item)
			token = item;
		if ((token == 4 && strncasecmp(p, "gzip", 4) == 0) || (token == 1 && *p == '*'))
			return item_quality(p + token, item - token) > 0;
		p += item;
	}
	return false;
}

bool compress_worth(const char *content_type)
{
	if (!content_type)
		return false;
	return strncasecmp(content_type, "text/", 5) == 0 ||
	       strncasecmp(content_type, "application/json", 16) == 0 ||
	       strncasecmp(content_type, "image/svg+xml", 13) == 0;
}

bool compress_gzip(const void *data, size_t len, Buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	/* 15 bits of window, +16 for the gzip wrapper; level 6 is zlib's balance. */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	uLong bound = deflateBound(&z, (uLong)len);
	unsigned char *bytes = xmalloc(bound);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = bytes;
	z.avail_out = (uInt)bound;
	int rc = deflate(&z, Z_FINISH);
	size_t produced = bound - z.avail_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(bytes);
		return false;
	}
	buf_append(out, bytes, produced);
	free(bytes);
	return true;
}

const char *compress_embedded(const EmbeddedFile *file, size_t *len)
{
	const char *found = NULL;
	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < cache.count; i++)
		if (cache.entries[i].file == file) {
			found = cache.entries[i].gzip;
			*len = cache.entries[i].len;
			break;
		}
	if (!found && cache.count < COMPRESS_CACHE_MAX) {
		Buf b;
		buf_init(&b, 0);
		if (compress_gzip(file->data, file->size, &b)) {
			CachedFile *e = &cache.entries[cache.count++];
			e->file = file;
			e->len = b.used;
			e->gzip = buf_detach(&b);
			found = e->gzip;
			*len = e->len;
		}
		buf_free(&b);
	}
	pthread_mutex_unlock(&cache.lock);
	return found;
}
