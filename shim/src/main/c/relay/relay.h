/* relay.h - what the relay's parts share (see relay.c for the picture). */
#ifndef CORTADO_RELAY_H
#define CORTADO_RELAY_H

#include <poll.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>

#include "frames.h"

#define PATH_SIZE sizeof(((struct sockaddr_un *)0)->sun_path)
#define MAX_LISTENERS 256
#define MAX_CONNS 4096
#define MAX_CONTROLS 16
#define CONTROL_LINE 1024
/* bytes queued towards one peer before the relay stops reading from the other */
#define OUT_LIMIT 65536
/* how long requests wait for a server that is down before they are answered UNAVAILABLE */
#define HOLD_MS 10000
#define RETRY_MS 50

/* A held socket; bytes: its connections are relayed byte for byte (gRPC), else frame by frame (ttrpc). */
struct listener { char public_path[PATH_SIZE], backend_path[PATH_SIZE]; int fd, pi, bytes; };

/* One client connection and its backend connection (bfd -1 while the server is away). A
 * byte-relayed connection (bytes) is paired once: its server's death ends it. */
struct conn {
	int cfd, bfd, ci, bi, dead, bytes;
	size_t listener;
	struct rbuf cin, cout, bin, bout;
	struct streams inflight;
	long long down_since, retry_at;
	struct conn *next;
};

struct control { int fd, pi; size_t len; char line[CONTROL_LINE]; };

struct relay {
	const char *root;
	char **server_argv;
	char ttrpc_path[PATH_SIZE], ttrpc_backend[PATH_SIZE], control_path[PATH_SIZE];
	int signal_fd, control_fd;
	struct listener listeners[MAX_LISTENERS];
	size_t n_listeners;
	struct conn *conns;
	size_t n_conns;
	struct control controls[MAX_CONTROLS];
	size_t n_controls;
	pid_t server, zombie;
	long long started_at, restart_at, kill_at, accept_paused_until;
	int backoff_ms, greeted, stopping;
	int unserved_restarts;   /* restarted servers in a row that died before their hello */
	mode_t umask;
	struct pollfd *fds;
	size_t fds_cap;
};

void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long long now_ms(void);

/* control.c: the paths, relay.sock and the listeners it adds */
int relay_paths(struct relay *r);
int control_open(struct relay *r);
int listener_add(struct relay *r, const char *public_path, const char *backend_path, int bytes);
void control_poll(struct relay *r, size_t *n);
void control_dispatch(struct relay *r);

/* conns.c: the relayed connections */
/* Reconnects what waits for the server; returns the poll timeout it needs (ms, -1 none). */
int conns_tick(struct relay *r, long long now);
/* The pollfd array for everything (index 0: the signalfd); its size. */
size_t poll_fill(struct relay *r, struct pollfd **fds);
void poll_dispatch(struct relay *r, struct pollfd *fds, size_t n);
/* Appends a pollfd; its index. */
int poll_add(struct relay *r, size_t *n, int fd, short events);

#endif
