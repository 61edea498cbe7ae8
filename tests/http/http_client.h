/*
 * http_client.h — a small HTTP/1.1 client for tests.
 *
 * One request per connection, over a real TCP socket, with a timeout. It
 * stands alone (libc only), so a test can link it without the server's
 * objects. It does not send "Connection: close" unless told to: it reads
 * the answer by its Content-Length (or chunks), so a test can see whether
 * the server kept the connection open.
 */
#ifndef HAMAHANG_HTTP_CLIENT_H
#define HAMAHANG_HTTP_CLIENT_H

#include <stddef.h>

#define HTTP_MAX_HEADERS     64
#define HTTP_TIMEOUT_SECONDS 10

typedef struct HttpHeader {
	const char *name;  /* as received; points into HttpAnswer.head */
	const char *value; /* leading and trailing blanks removed */
} HttpHeader;

typedef struct HttpAnswer {
	int status; /* 200, 404, ...; 0 when nothing was read */
	char *head; /* status line and headers, NUL-separated after parsing */
	HttpHeader headers[HTTP_MAX_HEADERS]; /* the headers, in order */
	size_t header_count;                  /* entries in headers[] */
	char *body;      /* the body, NUL-terminated (chunks joined); never NULL after success */
	size_t body_len; /* bytes in body, not counting the NUL */
} HttpAnswer;

/* Sends one request to host:port (a numeric address or a name) and reads
 * the answer into *out (free it with http_answer_free, also after a
 * failure). headers are extra header lines, each ending in "\r\n", or NULL;
 * Host is always sent, and Content-Length when body is not NULL. Returns 0
 * when an answer was read, -1 on a connection failure, a timeout
 * (HTTP_TIMEOUT_SECONDS without progress) or a malformed answer. */
int http_request(const char *host, int port, const char *method, const char *path,
                 const char *headers, const char *body, size_t body_len, HttpAnswer *out);

/* The value of the first header of that name (compared without case), or NULL. */
const char *http_answer_header(const HttpAnswer *answer, const char *name);

/* How many headers of that name the answer has. */
size_t http_answer_header_count(const HttpAnswer *answer, const char *name);

void http_answer_free(HttpAnswer *answer);

#endif
