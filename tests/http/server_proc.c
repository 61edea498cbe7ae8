/*
 * server_proc.c — the real server in a child process, for tests (see server_proc.h).
 */
#include "server_proc.h"
#include "http_client.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *binary(void)
{
	const char *b = getenv("HAMAHANG_BIN");
	return b && *b ? b : "./hamahang";
}

int run_binary(const char *const *args, char *out, size_t size)
{
	return run_binary_input(args, NULL, out, size);
}

int run_binary_input(const char *const *args, const char *input, char *out, size_t size)
{
	int pipefd[2], infd[2];
	if (pipe(pipefd) != 0 || pipe(infd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(pipefd[1], 1);
		dup2(infd[0], 0);
		close(pipefd[0]);
		close(pipefd[1]);
		close(infd[0]);
		close(infd[1]);
		const char *argv[32];
		size_t n = 0;
		argv[n++] = binary();
		for (size_t i = 0; args[i] && n < 31; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	close(infd[0]);
	if (input && write(infd[1], input, strlen(input)) < 0)
		perror("write");
	close(infd[1]);
	size_t used = 0;
	char scratch[4096];
	ssize_t got;
	while ((got = read(pipefd[0], scratch, sizeof scratch)) > 0) {
		if (out && used + 1 < size) {
			size_t take = (size_t)got;
			if (take > size - 1 - used)
				take = size - 1 - used;
			memcpy(out + used, scratch, take);
			used += take;
		}
	}
	if (out && size)
		out[used] = '\0';
	close(pipefd[0]);
	int status;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Starts the server; with logged, its standard error goes to s->log. */
static int start(ServerProc *s, int demo, int logged)
{
	memset(s, 0, sizeof *s);
	s->bin = binary();
	char tmpl[] = "/tmp/hamahang-http-XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!dir) {
		perror("mkdtemp");
		return -1;
	}
	s->dir = strdup(dir);
	snprintf(s->db, sizeof s->db, "%s/test.db", s->dir);
	if (logged)
		snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
	const char *init[] = {"init", "--db", s->db, demo ? "--demo" : NULL, NULL};
	char out[4096];
	if (run_binary(init, out, sizeof out) != 0) {
		fprintf(stderr, "init failed: %s\n", out);
		return -1;
	}
	int pipefd[2];
	if (pipe(pipefd) != 0)
		return -1;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		close(pipefd[1]);
		if (logged && !freopen(s->log, "w", stderr))
			_exit(127);
		execl(s->bin, s->bin, "serve", "--db", s->db, "--listen", "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	/* The server prints "listening on http://127.0.0.1:PORT/" once ready. */
	FILE *f = fdopen(pipefd[0], "r");
	char line[512];
	while (f && fgets(line, sizeof line, f)) {
		const char *p = strstr(line, "http://127.0.0.1:");
		if (p) {
			s->port = atoi(p + strlen("http://127.0.0.1:"));
			break;
		}
	}
	if (f)
		fclose(f);
	if (s->port <= 0) {
		fprintf(stderr, "the server did not say where it listens\n");
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
		return -1;
	}
	return 0;
}

int server_start(ServerProc *s, int demo)
{
	return start(s, demo, 0);
}

int server_start_logged(ServerProc *s, int demo)
{
	return start(s, demo, 1);
}

/* Copies the server's log to the test's standard error. */
static void show_log(const ServerProc *s)
{
	FILE *f = s->log[0] ? fopen(s->log, "r") : NULL;
	if (!f)
		return;
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, got, stderr);
	fclose(f);
}

int server_add_user(const ServerProc *s, const char *login, const char *role, long long org,
		    const char *password, char *token, size_t token_size)
{
	char org_text[32], out[512], input[256];
	snprintf(org_text, sizeof org_text, "%lld", org);
	snprintf(input, sizeof input, "%s\n", password);
	const char *add[] = {"user", "add", "--db", s->db, "--login", login, "--role", role,
			     "--password-stdin", org ? "--org" : NULL, org_text, NULL};
	if (run_binary_input(add, input, out, sizeof out) != 0) {
		fprintf(stderr, "user add %s failed: %s\n", login, out);
		return -1;
	}
	if (!token)
		return 0;
	const char *tok[] = {"token", "create", "--db", s->db, "--login", login, NULL};
	if (run_binary(tok, out, sizeof out) != 0) {
		fprintf(stderr, "token create %s failed: %s\n", login, out);
		return -1;
	}
	out[strcspn(out, "\r\n")] = '\0';
	snprintf(token, token_size, "%s", out);
	return 0;
}

int server_stop(ServerProc *s)
{
	int status = -1;
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, &status, 0);
		status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	show_log(s);
	if (s->dir) {
		char cmd[1100];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", s->dir);
		free(s->dir);
	}
	memset(s, 0, sizeof *s);
	return status;
}

int server_sign_in(const ServerProc *srv, const char *login, const char *password_form,
		   WebSession *s)
{
	HttpAnswer a;
	char form[256];
	snprintf(form, sizeof form, "login=%s&password=%s", login, password_form);
	if (http_request("127.0.0.1", srv->port, "POST", "/login",
			 "Content-Type: application/x-www-form-urlencoded\r\n", form, strlen(form), &a) != 0)
		return -1;
	const char *set = http_answer_header(&a, "Set-Cookie");
	if (a.status != 303 || !set) {
		http_answer_free(&a);
		return -1;
	}
	snprintf(s->cookie, sizeof s->cookie, "Cookie: %.*s\r\n", (int)strcspn(set, ";"), set);
	http_answer_free(&a);
	if (http_request("127.0.0.1", srv->port, "GET", "/projects/new", s->cookie, NULL, 0, &a) != 0)
		return -1;
	const char *v = strstr(a.body, "name=\"csrf\" value=\"");
	if (!v) {
		http_answer_free(&a);
		return -1;
	}
	v += strlen("name=\"csrf\" value=\"");
	snprintf(s->csrf, sizeof s->csrf, "%.*s", (int)strcspn(v, "\""), v);
	http_answer_free(&a);
	snprintf(s->headers, sizeof s->headers, "%sContent-Type: application/x-www-form-urlencoded\r\n", s->cookie);
	return 0;
}
