/*
 * server_proc.h — runs the real hamahang binary for HTTP tests: a fresh
 * database made with `init --demo` in a temporary directory, and `serve`
 * on a free port of 127.0.0.1.
 *
 * The binary is $HAMAHANG_BIN (default ./hamahang), so the same tests run
 * against the sanitizer build. Stopping the server checks that it exits
 * cleanly: a sanitizer report at exit fails the test.
 */
#ifndef HAMAHANG_SERVER_PROC_H
#define HAMAHANG_SERVER_PROC_H

#include <sys/types.h>

typedef struct ServerProc {
	pid_t pid;        /* the serve process */
	int port;         /* where it listens */
	char *dir;        /* the temporary directory, owned */
	char db[1024];    /* the database file inside it */
	char log[1024];   /* its standard error, with server_start_logged; "" otherwise */
	const char *bin;  /* the binary run */
} ServerProc;

/* Makes the database (with the demo data when demo is nonzero) and starts
 * the server; returns 0, or -1 with a message on stderr. */
int server_start(ServerProc *s, int demo);
/* server_start, with the server's standard error (the access log and its
 * messages) written to s->log in the temporary directory, for tests that
 * read what the server logs. server_stop copies the file to the test's
 * standard error before removing it, so a sanitizer report stays seen. */
int server_start_logged(ServerProc *s, int demo);
/* Stops the server (SIGTERM) and removes the directory; returns the
 * server's exit status (0 for a clean exit). */
int server_stop(ServerProc *s);
/* Runs the binary with arguments (NULL-terminated) and returns its exit
 * status; its standard output goes to out (may be NULL) up to size bytes. */
int run_binary(const char *const *args, char *out, size_t size);
/* run_binary with input written to the program's standard input. */
int run_binary_input(const char *const *args, const char *input, char *out, size_t size);
/* Adds an account to the server's database with the command line (`user
 * add`; org is the organization of an editor, 0 for none) and makes it a
 * personal API token (`token create`), written to token (token_size bytes,
 * may be NULL). Returns 0, or -1 with a message on stderr. */
int server_add_user(const ServerProc *s, const char *login, const char *role, long long org,
		    const char *password, char *token, size_t token_size);

/* A signed-in browser: its Cookie header, the CSRF token of its forms,
 * and both headers a form post needs (Cookie and the form content type). */
typedef struct WebSession {
	char headers[512];
	char cookie[256];
	char csrf[64];
} WebSession;

/* Signs login in on the server with its password (form-encoded, "a+b")
 * and reads a CSRF token from /projects/new. Returns 0, or -1. */
int server_sign_in(const ServerProc *s, const char *login, const char *password_form,
		   WebSession *out);

#endif
