/* wire.c - see wire.h. */
#define _GNU_SOURCE
#include "wire.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

void put(struct buf *b, const void *data, size_t n)
{
	if (n > WIRE_MAX_MSG * 2 || b->len + n > WIRE_MAX_MSG * 2) { fprintf(stderr, "message too large\n"); exit(1); }
	if (b->len + n > b->cap) {
		size_t cap = (b->len + n) * 2 + 64;
		unsigned char *p = realloc(b->p, cap);
		if (!p) { perror("realloc"); exit(1); }
		b->p = p;
		b->cap = cap;
	}
	if (n) memcpy(b->p + b->len, data, n);
	b->len += n;
}

void put_varint(struct buf *b, uint64_t v)
{
	unsigned char c;
	do { c = v & 0x7f; v >>= 7; if (v) c |= 0x80; put(b, &c, 1); } while (v);
}

void put_field(struct buf *b, int field, const void *data, size_t n)
{
	if (n == 0) return;
	put_varint(b, (uint64_t)field << 3 | 2);
	put_varint(b, n);
	put(b, data, n);
}

void put_str(struct buf *b, int field, const char *s)
{
	if (s) put_field(b, field, s, strlen(s));
}

void put_uint(struct buf *b, int field, uint64_t v)
{
	if (v == 0) return;
	put_varint(b, (uint64_t)field << 3);
	put_varint(b, v);
}

static int get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; *p < end && shift < 64; shift += 7) {
		unsigned char c = *(*p)++;
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) return 0;
	}
	return -1;
}

int next_field(const unsigned char **p, const unsigned char *end, struct field *f)
{
	uint64_t key;
	if (*p >= end || get_varint(p, end, &key)) return -1;
	if (key >> 3 == 0 || key >> 3 > 536870911) return -1;
	f->number = (int)(key >> 3);
	f->wire = (int)(key & 7);
	f->data = NULL;
	f->value = 0;
	switch (f->wire) {
	case 0: return get_varint(p, end, &f->value);
	case 1: case 5: {
		size_t n = f->wire == 1 ? 8 : 4;
		if ((size_t)(end - *p) < n) return -1;
		*p += n;
		return 0;
	}
	case 2:
		if (get_varint(p, end, &f->value) || f->value > (uint64_t)(end - *p)) return -1;
		f->data = *p;
		*p += f->value;
		return 0;
	default: return -1;
	}
}

int find_field(const unsigned char *p, size_t len, int want, struct field *out)
{
	const unsigned char *end = p + len;
	int found = -1;
	struct field f;
	while (p < end) {
		if (next_field(&p, end, &f)) return -2;
		if (f.number == want) { *out = f; found = 0; }
	}
	return found;
}

void frame_header(unsigned char h[WIRE_HEADER], uint32_t len, uint32_t stream, uint8_t type)
{
	h[0] = len >> 24; h[1] = len >> 16; h[2] = len >> 8; h[3] = len;
	h[4] = stream >> 24; h[5] = stream >> 16; h[6] = stream >> 8; h[7] = stream;
	h[8] = type; h[9] = 0;
}

int frame_parse(const unsigned char h[WIRE_HEADER], uint32_t *len, uint32_t *stream, uint8_t *type)
{
	*len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
	*stream = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 | (uint32_t)h[6] << 8 | h[7];
	*type = h[8];
	return *len > WIRE_MAX_MSG ? -1 : 0;
}

static int read_full(int fd, void *p, size_t n)
{
	for (size_t got = 0; got < n; ) {
		ssize_t r = read(fd, (char *)p + got, n - got);
		if (r <= 0) { if (r < 0 && errno == EINTR) continue; return -1; }
		got += (size_t)r;
	}
	return 0;
}

/* send(2) with MSG_NOSIGNAL: a server that closes the connection as it stops (it chose to exit
 * when idle) must be an EPIPE here, which falls back to the Java start, never a SIGPIPE that kills
 * the client (exit status 141). Not signal(SIGPIPE, SIG_IGN): the fallback exec would pass the
 * ignored disposition on to the server and its containers. */
static int write_full(int fd, const void *p, size_t n)
{
	for (size_t sent = 0; sent < n; ) {
		ssize_t w = send(fd, (const char *)p + sent, n - sent, MSG_NOSIGNAL);
		if (w <= 0) { if (w < 0 && errno == EINTR) continue; return -1; }
		sent += (size_t)w;
	}
	return 0;
}

void ttrpc_call(int fd, uint32_t stream, const char *service, const char *method, const char *ns,
		const struct buf *req, unsigned timeout_s, struct reply *out)
{
	memset(out, 0, sizeof(*out));
	out->transport_error = 1;
	struct buf call = { 0 }, md = { 0 };
	put_str(&call, 1, service);
	put_str(&call, 2, method);
	put_field(&call, 3, req->p, req->len);
	put_uint(&call, 4, (uint64_t)timeout_s * 1000000000ULL);
	if (ns && *ns) {
		put_str(&md, 1, "containerd-namespace-ttrpc");
		put_str(&md, 2, ns);
		put_field(&call, 5, md.p, md.len);
	}
	unsigned char h[WIRE_HEADER];
	frame_header(h, (uint32_t)call.len, stream, WIRE_REQUEST);
	struct timeval tv = { timeout_s + 1, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	int failed = write_full(fd, h, sizeof(h)) || write_full(fd, call.p, call.len);
	free(call.p);
	free(md.p);
	if (failed) return;
	uint32_t len, got_stream;
	uint8_t type;
	/* skip frames of other streams (none are expected: one call at a time) */
	for (;;) {
		if (read_full(fd, h, sizeof(h)) || frame_parse(h, &len, &got_stream, &type)) return;
		unsigned char *frame = malloc(len ? len : 1);
		if (!frame) return;
		if (read_full(fd, frame, len)) { free(frame); return; }
		if (got_stream != stream || type != WIRE_RESPONSE) { free(frame); continue; }
		out->frame = frame;
		break;
	}
	struct field status = { 0 }, f = { 0 };
	int s = find_field(out->frame, len, 1, &status);
	if (s == -2 || (s == 0 && !status.data)) { fprintf(stderr, "malformed ttrpc response\n"); return; }
	out->transport_error = 0;
	if (s == 0) {
		if (find_field(status.data, status.value, 1, &f) == 0 && f.wire == 0) out->code = f.value;
		if (find_field(status.data, status.value, 2, &f) == 0 && f.data) { out->msg = f.data; out->msg_len = f.value; }
	}
	if (find_field(out->frame, len, 2, &f) == 0 && f.data) { out->payload = f.data; out->payload_len = f.value; }
}

int unix_connect(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(addr.sun_path)) return -1;
	strcpy(addr.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) return -1;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) { close(fd); return -1; }
	return fd;
}
