/*
 * http_client.c — a small HTTP/1.1 client for tests (see http_client.h).
 */
#include "http_client.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* Bytes read from the socket and not yet used. */
typedef struct Input {
	int fd;      /* the connection */
	char *data;  /* bytes read */
	size_t used; /* bytes in data */
	size_t alloc;
	size_t pos; /* first byte not yet consumed */
	int eof;    /* the peer closed */
} Input;

/* Reads more from the socket; -1 on error or timeout, 0 at end, else 1. */
static int input_more(Input *in)
{
	if (in->eof)
		return 0;
	if (in->alloc - in->used < 16384) {
		size_t want = in->alloc ? in->alloc * 2 : 65536;
		char *p = realloc(in->data, want);
		if (!p)
			return -1;
		in->data = p;
		in->alloc = want;
	}
	ssize_t n;
	do
		n = recv(in->fd, in->data + in->used, in->alloc - in->used - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0) {
		in->eof = 1;
		return 0;
	}
	in->used += (size_t)n;
	in->data[in->used] = '\0';
	return 1;
}

/* Makes sure len unconsumed bytes are there; -1 when they never come. */
static int input_need(Input *in, size_t len)
{
	while (in->used - in->pos < len)
		if (input_more(in) <= 0)
			return -1;
	return 0;
}

/* The offset just past the next CRLF from pos, reading as needed; 0 when none comes. */
static size_t input_line_end(Input *in)
{
	for (;;) {
		for (size_t i = in->pos; i + 1 < in->used; i++)
			if (in->data[i] == '\r' && in->data[i + 1] == '\n')
				return i + 2;
		if (input_more(in) <= 0)
			return 0;
	}
}

static int connect_to(const char *host, int port)
{
	char service[16];
	snprintf(service, sizeof service, "%d", port);
	struct addrinfo hints, *found = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, service, &hints, &found) != 0)
		return -1;
	int fd = -1;
	for (struct addrinfo *a = found; a && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
		if (fd < 0)
			continue;
		struct timeval tv = {HTTP_TIMEOUT_SECONDS, 0};
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(found);
	return fd;
}

/* Sends all of data; false when the peer stops taking it (it may have
 * answered already: the caller still reads). */
static int send_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Splits the head into the status and the headers. */
static int parse_head(HttpAnswer *out)
{
	char *line = out->head;
	char *end = strstr(line, "\r\n");
	if (!end || strncmp(line, "HTTP/1.", 7) != 0 || strlen(line) < 12)
		return -1;
	*end = '\0';
	long status = strtol(line + 9, NULL, 10);
	if (status < 100 || status > 999)
		return -1;
	out->status = (int)status;
	line = end + 2;
	while (*line && out->header_count < HTTP_MAX_HEADERS) {
		end = strstr(line, "\r\n");
		if (!end)
			break;
		*end = '\0';
		char *colon = strchr(line, ':');
		if (colon) {
			*colon = '\0';
			char *value = colon + 1;
			while (*value == ' ' || *value == '\t')
				value++;
			char *tail = value + strlen(value);
			while (tail > value && (tail[-1] == ' ' || tail[-1] == '\t'))
				*--tail = '\0';
			out->headers[out->header_count].name = line;
			out->headers[out->header_count].value = value;
			out->header_count++;
		}
		line = end + 2;
	}
	return 0;
}

/* Reads chunked content into out->body. */
static int read_chunked(Input *in, HttpAnswer *out)
{
	size_t total = 0;
	char *body = malloc(1);
	if (!body)
		return -1;
	for (;;) {
		size_t line_end = input_line_end(in);
		if (!line_end)
			goto fail;
		unsigned long size = strtoul(in->data + in->pos, NULL, 16);
		in->pos = line_end;
		if (size == 0)
			break;
		if (input_need(in, size + 2) != 0)
			goto fail;
		char *grown = realloc(body, total + size + 1);
		if (!grown)
			goto fail;
		body = grown;
		memcpy(body + total, in->data + in->pos, size);
		total += size;
		in->pos += size + 2;
	}
	body[total] = '\0';
	out->body = body;
	out->body_len = total;
	return 0;
fail:
	free(body);
	return -1;
}

int http_request(const char *host, int port, const char *method, const char *path,
                 const char *headers, const char *body, size_t body_len, HttpAnswer *out)
{
	memset(out, 0, sizeof *out);
	int fd = connect_to(host, port);
	if (fd < 0)
		return -1;
	int rc = -1;
	Input in = {.fd = fd};
	size_t head_len =
	    strlen(method) + strlen(path) + strlen(host) + (headers ? strlen(headers) : 0) + 128;
	char *head = malloc(head_len);
	if (!head)
		goto done;
	int n = snprintf(head, head_len, "%s %s HTTP/1.1\r\nHost: %s:%d\r\n%s", method, path, host,
	                 port, headers ? headers : "");
	if (body)
		n += snprintf(head + n, head_len - (size_t)n, "Content-Length: %zu\r\n", body_len);
	n += snprintf(head + n, head_len - (size_t)n, "\r\n");
	int sent = send_all(fd, head, (size_t)n);
	free(head);
	if (sent == 0 && body && body_len)
		send_all(fd, body, body_len);

	/* The head, skipping interim 1xx answers (100 Continue). */
	size_t head_end;
	for (;;) {
		char *found;
		while (!(found = in.data ? strstr(in.data + in.pos, "\r\n\r\n") : NULL))
			if (input_more(&in) <= 0)
				goto done;
		head_end = (size_t)(found - in.data) + 4;
		if (strncmp(in.data + in.pos, "HTTP/1.1 1", 10) == 0) {
			in.pos = head_end;
			continue;
		}
		break;
	}
	out->head = malloc(head_end - in.pos + 1);
	if (!out->head)
		goto done;
	memcpy(out->head, in.data + in.pos, head_end - in.pos);
	out->head[head_end - in.pos] = '\0';
	in.pos = head_end;
	if (parse_head(out) != 0)
		goto done;

	const char *length = http_answer_header(out, "Content-Length");
	const char *coding = http_answer_header(out, "Transfer-Encoding");
	int no_body = strcmp(method, "HEAD") == 0 || out->status == 204 || out->status == 304;
	if (no_body) {
		out->body = calloc(1, 1);
	} else if (coding && strcasecmp(coding, "chunked") == 0) {
		if (read_chunked(&in, out) != 0)
			goto done;
	} else {
		size_t want;
		if (length) {
			want = (size_t)strtoull(length, NULL, 10);
			if (input_need(&in, want) != 0)
				goto done;
		} else {
			while (input_more(&in) > 0)
				;
			if (!in.eof)
				goto done;
			want = in.used - in.pos;
		}
		out->body = malloc(want + 1);
		if (!out->body)
			goto done;
		memcpy(out->body, in.data + in.pos, want);
		out->body[want] = '\0';
		out->body_len = want;
	}
	rc = out->body ? 0 : -1;
done:
	free(in.data);
	close(fd);
	return rc;
}

const char *http_answer_header(const HttpAnswer *answer, const char *name)
{
	for (size_t i = 0; i < answer->header_count; i++)
		if (strcasecmp(answer->headers[i].name, name) == 0)
			return answer->headers[i].value;
	return NULL;
}

size_t http_answer_header_count(const HttpAnswer *answer, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < answer->header_count; i++)
		n += strcasecmp(answer->headers[i].name, name) == 0;
	return n;
}

void http_answer_free(HttpAnswer *answer)
{
	free(answer->head);
	free(answer->body);
	memset(answer, 0, sizeof *answer);
}
