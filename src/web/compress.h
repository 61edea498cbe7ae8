/*
 * compress.h — gzip for answers, so pages cross slow connections light.
 *
 * The dispatcher compresses a page on the fly when the client accepts
 * gzip and the body is worth it; static files are compressed once, the
 * first time one is asked for, and kept for the life of the process.
 */
#ifndef HAMAHANG_COMPRESS_H
#define HAMAHANG_COMPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "store/embedded.h"
#include "web/http.h"

/* Bodies smaller than this are sent as they are: gzip's header and the
 * work would cost more than they save. */
#define COMPRESS_MIN_BYTES 1024

/* True when the request's Accept-Encoding names gzip (or "*") with a
 * q-value above zero. */
bool compress_accepted(const Req *req);

/* True for content types that compress well: text, JSON, SVG. */
bool compress_worth(const char *content_type);

/* Appends the gzip form of data[0..len) to out. Returns false (out
 * unchanged) when zlib fails; out-of-memory aborts. */
bool compress_gzip(const void *data, size_t len, Buf *out);

/* The gzip form of an embedded file, made on first use and kept: sets
 * *len and returns bytes owned by this module, or NULL when it could not
 * be made. Thread-safe. */
const char *compress_embedded(const EmbeddedFile *file, size_t *len);

#endif
