/*
 * conns.c - the relayed connections: each client connection accepted on a held socket is
 * paired with a connection to that socket's backend; whole frames go both ways (frames.c).
 * The backend connection failing (the server died) detaches the pair: requests in flight are
 * answered UNAVAILABLE, the client's next requests wait unread in its socket, and the pair is
 * re-made as soon as the backend accepts again.
 * Connections of a byte-relayed socket (gRPC) are copied as they come: HTTP/2 keeps connection
 * state (settings, header tables, streams) in the server, which no new server could take
 * over, so the server's death closes the client connection (its calls in flight fail
 * UNAVAILABLE at the client, which reconnects); a connection made while no server runs waits
 * unread until one serves, at most HOLD_MS.
 */
#define _GNU_SOURCE
#include "relay.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *GONE = "shim server restarting: the call may or may not have happened";
static const char *DOWN = "shim server is not running";

static int backend_connect(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	strcpy(addr.sun_path, path);   /* checked shorter than sun_path by listener_add */
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) return -1;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) { close(fd); return -1; }
	return fd;
}

static void conn_kill(struct conn *c)
{
	c->dead = 1;
}

/* Writes what is queued; -1 when the socket failed. */
static int flush(int fd, struct rbuf *b)
{
	while (b->len) {
		ssize_t w = send(fd, b->p, b->len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (w < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
		rbuf_consume(b, (size_t)w);
	}
	return 0;
}

/* Moves the bytes of in to out while out holds less than limit; -1 on no memory. */
static int bytes_move(struct rbuf *in, struct rbuf *out, size_t limit)
{
	if (!in->len || out->len >= limit) return 0;
	if (rbuf_append(out, in->p, in->len)) return -1;
	rbuf_consume(in, in->len);
	return 0;
}

/* The server side of the pair failed: answer what was in flight, wait for the server. */
static void detach(struct conn *c, long long now)
{
	if (c->bfd >= 0) close(c->bfd);
	c->bfd = -1;
	if (c->bytes) {
		/* what the server sent before it died goes out if it can, then the client learns */
		if (!bytes_move(&c->bin, &c->cout, RBUF_MAX)) flush(c->cfd, &c->cout);
		conn_kill(c);
		return;
	}
	/* answers the server sent before it died still reach the client */
	if (frames_relay(&c->bin, &c->cout, RBUF_MAX, &c->inflight, 0)) conn_kill(c);
	rbuf_free(&c->bin);
	rbuf_free(&c->bout);
	if (frames_fail_inflight(&c->inflight, &c->cout, GONE)) conn_kill(c);
	c->down_since = now;
	c->retry_at = now + RETRY_MS;
}

/* Moves what can move between the two sides. */
static void pump(struct conn *c, long long now)
{
	if (c->bytes) {
		if (c->bfd < 0) {
			if (now - c->down_since >= HOLD_MS) conn_kill(c);   /* the client retries on its own */
		} else if (bytes_move(&c->cin, &c->bout, OUT_LIMIT) || bytes_move(&c->bin, &c->cout, OUT_LIMIT)) {
			conn_kill(c);
		}
		return;
	}
	if (c->bfd >= 0) {
		if (frames_relay(&c->cin, &c->bout, OUT_LIMIT, &c->inflight, 1)) { conn_kill(c); return; }
		if (frames_relay(&c->bin, &c->cout, OUT_LIMIT, &c->inflight, 0)) detach(c, now);
	} else if (now - c->down_since >= HOLD_MS) {
		if (frames_refuse(&c->cin, &c->cout, OUT_LIMIT, DOWN)) conn_kill(c);
	}
}


/* Reads what is there into b; -1 at EOF or on an error. */
static int fill(int fd, struct rbuf *b)
{
	unsigned char chunk[65536];
	ssize_t got = recv(fd, chunk, sizeof(chunk), MSG_DONTWAIT);
	if (got < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (got == 0) return -1;
	return rbuf_append(b, chunk, (size_t)got);
}

static void accept_on(struct relay *r, size_t li, long long now)
{
	for (int k = 0; k < 64; k++) {
		int fd = accept4(r->listeners[li].fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE) {
				/* out of fds: let connections close before accepting again, never spin */
				logf_("accept on %s: %s", r->listeners[li].public_path, strerror(errno));
				r->accept_paused_until = now + 100;
			}
			return;
		}
		struct conn *c = r->n_conns < MAX_CONNS ? calloc(1, sizeof(*c)) : NULL;
		if (!c) { logf_("too many connections: one refused"); close(fd); continue; }
		c->cfd = fd;
		c->listener = li;
		c->bytes = r->listeners[li].bytes;
		c->bfd = backend_connect(r->listeners[li].backend_path);
		c->down_since = now;
		c->retry_at = now + RETRY_MS;
		c->next = r->conns;
		r->conns = c;
		r->n_conns++;
	}
}

int conns_tick(struct relay *r, long long now)
{
	long long wake = -1;
	for (struct conn *c = r->conns; c; c = c->next) {
		if (c->bfd >= 0 || c->dead) continue;
		if (now >= c->retry_at) {
			c->bfd = backend_connect(r->listeners[c->listener].backend_path);
			if (c->bfd >= 0) { pump(c, now); continue; }
			c->retry_at = now + RETRY_MS;
		}
		long long next = c->retry_at;
		if (now - c->down_since < HOLD_MS && c->down_since + HOLD_MS < next) next = c->down_since + HOLD_MS;
		if (now - c->down_since >= HOLD_MS) pump(c, now);
		if (c->dead) next = now;   /* closed at once: its client is waiting to learn */
		if (wake < 0 || next < wake) wake = next;
	}
	return wake < 0 ? -1 : (int)(wake > now ? wake - now : 0);
}

int poll_add(struct relay *r, size_t *n, int fd, short events)
{
	if (*n == r->fds_cap) {
		size_t cap = r->fds_cap ? r->fds_cap * 2 : 64;
		struct pollfd *p = realloc(r->fds, cap * sizeof(*p));
		if (!p) { logf_("out of memory"); exit(1); }
		r->fds = p;
		r->fds_cap = cap;
	}
	r->fds[*n] = (struct pollfd){ .fd = fd, .events = events };
	return (int)(*n)++;
}

size_t poll_fill(struct relay *r, struct pollfd **fds)
{
	size_t n = 0;
	poll_add(r, &n, r->signal_fd, POLLIN);
	poll_add(r, &n, r->control_fd, POLLIN);
	control_poll(r, &n);
	long long now = now_ms();
	int accepting = r->n_conns < MAX_CONNS && now >= r->accept_paused_until;
	for (size_t i = 0; i < r->n_listeners; i++)
		r->listeners[i].pi = accepting ? poll_add(r, &n, r->listeners[i].fd, POLLIN) : -1;
	for (struct conn *c = r->conns; c; c = c->next) {
		int attached = c->bfd >= 0;
		int reading = attached ? c->bout.len < OUT_LIMIT
				       : !c->bytes && now - c->down_since >= HOLD_MS && c->cout.len < OUT_LIMIT;
		/* the client's hang-up is reported even when nothing is read from it */
		c->ci = poll_add(r, &n, c->cfd, (short)((reading ? POLLIN : 0) | (c->cout.len ? POLLOUT : 0)));
		c->bi = attached ? poll_add(r, &n, c->bfd, (short)((c->cout.len < OUT_LIMIT ? POLLIN : 0) |
								  (c->bout.len ? POLLOUT : 0))) : -1;
	}
	*fds = r->fds;
	return n;
}

static void conn_io(struct conn *c, struct pollfd *fds, long long now)
{
	short cr = fds[c->ci].revents, br = c->bi >= 0 ? fds[c->bi].revents : 0;
	if (cr & POLLIN) { if (fill(c->cfd, &c->cin)) { conn_kill(c); return; } }
	else if (cr & (POLLHUP | POLLERR)) { conn_kill(c); return; }
	if (br & (POLLIN | POLLHUP | POLLERR)) { if (fill(c->bfd, &c->bin)) detach(c, now); }
	pump(c, now);
	if (c->bfd >= 0 && flush(c->bfd, &c->bout)) { detach(c, now); pump(c, now); }
	if (flush(c->cfd, &c->cout)) conn_kill(c);
}

void poll_dispatch(struct relay *r, struct pollfd *fds, size_t n)
{
	(void)n;
	long long now = now_ms();
	control_dispatch(r);
	for (struct conn *c = r->conns; c; c = c->next)
		if (!c->dead && (fds[c->ci].revents || (c->bi >= 0 && fds[c->bi].revents))) conn_io(c, fds, now);
	for (struct conn **p = &r->conns; *p; ) {
		struct conn *c = *p;
		if (!c->dead) { p = &c->next; continue; }
		*p = c->next;
		close(c->cfd);
		if (c->bfd >= 0) close(c->bfd);
		rbuf_free(&c->cin);
		rbuf_free(&c->cout);
		rbuf_free(&c->bin);
		rbuf_free(&c->bout);
		streams_free(&c->inflight);
		free(c);
		r->n_conns--;
	}
	for (size_t i = 0; i < r->n_listeners; i++)
		if (r->listeners[i].pi >= 0 && fds[r->listeners[i].pi].revents) accept_on(r, i, now);
}
