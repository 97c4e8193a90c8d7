/*
 * control.c - the relay's sockets: ROOT/relay.sock, where the server (and only it: 0600 in the
 * 0700 root) says what to hold, and the public sockets it holds.
 *
 * Control protocol: one line per connection, one reply line, then the relay closes it.
 *   hello                    the server serves: from now on its death means a restart
 *   listen PUBLIC BACKEND    hold PUBLIC (bind it if not held yet) and relay its connections
 *                            to BACKEND, a socket the server serves, frame by frame (ttrpc)
 *   listen-bytes PUBLIC BACKEND
 *                            the same, byte for byte (gRPC: HTTP/2 connection state lives in
 *                            the server, so a connection whose server died is closed; the
 *                            socket stays, and new connections wait for the next server)
 * replies: "ok" or "error <why>". Paths are absolute, shorter than sun_path, without spaces.
 */
#define _GNU_SOURCE
#include "relay.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static int path_join(char *out, const char *root, const char *name)
{
	if ((size_t)snprintf(out, PATH_SIZE, "%s/%s", root, name) >= PATH_SIZE) {
		logf_("%s/%s is too long for a socket address", root, name);
		return -1;
	}
	return 0;
}

int relay_paths(struct relay *r)
{
	char backend_dir[PATH_SIZE];
	if (r->root[0] != '/' || path_join(r->ttrpc_path, r->root, "ttrpc.sock") ||
	    path_join(r->ttrpc_backend, r->root, "b/ttrpc.sock") || path_join(r->control_path, r->root, "relay.sock") ||
	    path_join(backend_dir, r->root, "b")) {
		logf_("bad state root %s", r->root);
		return -1;
	}
	r->umask = umask(0077);   /* the server gets the caller's back */
	if (mkdir(r->root, 0700) && errno != EEXIST) { logf_("mkdir %s: %s", r->root, strerror(errno)); return -1; }
	if (mkdir(backend_dir, 0700) && errno != EEXIST) { logf_("mkdir %s: %s", backend_dir, strerror(errno)); return -1; }
	umask(0177);   /* sockets are 0600 from their first moment */
	return 0;
}

/* Binds and listens on path: a stale socket file is replaced, a live one refused. -1 on failure. */
static int bind_socket(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(addr.sun_path)) return -1;
	strcpy(addr.sun_path, path);
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) { logf_("%s exists and is no socket", path); return -1; }
		int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		int live = probe >= 0 && connect(probe, (struct sockaddr *)&addr, sizeof(addr)) == 0;
		if (probe >= 0) close(probe);
		if (live) { logf_("%s is served by another process", path); return -1; }
		unlink(path);
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || listen(fd, 128)) {
		logf_("listen on %s: %s", path, strerror(errno));
		if (fd >= 0) close(fd);
		return -1;
	}
	return fd;
}

int control_open(struct relay *r)
{
	r->control_fd = bind_socket(r->control_path);
	return r->control_fd < 0 ? -1 : 0;
}

static int valid_path(const char *p)
{
	if (p[0] != '/' || strlen(p) >= PATH_SIZE) return 0;
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f) return 0;
	return 1;
}

int listener_add(struct relay *r, const char *public_path, const char *backend_path, int bytes)
{
	if (!valid_path(public_path) || !valid_path(backend_path)) return -1;
	for (size_t i = 0; i < r->n_listeners; i++) {
		if (!strcmp(r->listeners[i].public_path, public_path)) {
			if (r->listeners[i].bytes != bytes) {
				logf_("%s is held with another protocol; refused", public_path);
				return -1;
			}
			strcpy(r->listeners[i].backend_path, backend_path);
			return 0;
		}
	}
	if (r->n_listeners == MAX_LISTENERS) { logf_("too many sockets; %s refused", public_path); return -1; }
	int fd = bind_socket(public_path);
	if (fd < 0) return -1;
	struct listener *l = &r->listeners[r->n_listeners++];
	strcpy(l->public_path, public_path);
	strcpy(l->backend_path, backend_path);
	l->fd = fd;
	l->bytes = bytes;
	logf_("holding %s for %s%s", public_path, backend_path, bytes ? " (bytes)" : "");
	return 0;
}

void control_poll(struct relay *r, size_t *n)
{
	for (size_t i = 0; i < r->n_controls; i++) r->controls[i].pi = poll_add(r, n, r->controls[i].fd, POLLIN);
}

static void reply(int fd, const char *text)
{
	ssize_t w = send(fd, text, strlen(text), MSG_DONTWAIT | MSG_NOSIGNAL);
	(void)w;   /* a server that does not read its reply learns nothing: it retries */
}

static void handle(struct relay *r, struct control *c)
{
	char *line = c->line, *save = NULL;
	char *verb = strtok_r(line, " ", &save);
	if (verb && !strcmp(verb, "hello") && !strtok_r(NULL, " ", &save)) {
		/* what waits for the server connects now, not at its next retry */
		for (struct conn *w = r->conns; w; w = w->next)
			if (w->bfd < 0) w->retry_at = 0;
		r->greeted = 1;
		r->unserved_restarts = 0;
		reply(c->fd, "ok\n");
		return;
	}
	int bytes = verb && !strcmp(verb, "listen-bytes");
	if (verb && (bytes || !strcmp(verb, "listen"))) {
		char *pub = strtok_r(NULL, " ", &save), *back = strtok_r(NULL, " ", &save);
		if (pub && back && !strtok_r(NULL, " ", &save)) {
			reply(c->fd, listener_add(r, pub, back, bytes) ? "error cannot listen (see shim.log)\n" : "ok\n");
			return;
		}
	}
	reply(c->fd, "error unknown request\n");
}

static void control_close(struct relay *r, size_t i)
{
	close(r->controls[i].fd);
	r->controls[i] = r->controls[--r->n_controls];
}

void control_dispatch(struct relay *r)
{
	for (size_t i = r->n_controls; i-- > 0; ) {
		struct control *c = &r->controls[i];
		if (c->pi < 0 || !r->fds[c->pi].revents) continue;
		ssize_t got = recv(c->fd, c->line + c->len, sizeof(c->line) - 1 - c->len, MSG_DONTWAIT);
		if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
		if (got <= 0) { control_close(r, i); continue; }
		c->len += (size_t)got;
		char *nl = memchr(c->line, '\n', c->len);
		if (!nl && c->len < sizeof(c->line) - 1) continue;
		if (!nl) reply(c->fd, "error line too long\n");
		else {
			*nl = '\0';
			handle(r, c);
		}
		control_close(r, i);
	}
	for (int k = 0; k < 16 && r->n_controls < MAX_CONTROLS; k++) {
		int fd = accept4(r->control_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) break;
		struct control *c = &r->controls[r->n_controls++];
		c->fd = fd;
		c->len = 0;
		c->pi = -1;
	}
}
