/* frames.c - see frames.h. */
#include "frames.h"

#include <stdlib.h>
#include <string.h>

#define STATUS_UNAVAILABLE 14

int rbuf_append(struct rbuf *b, const void *data, size_t n)
{
	if (n > RBUF_MAX || b->len > RBUF_MAX - n) return -1;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n) cap *= 2;
		if (cap > RBUF_MAX) cap = RBUF_MAX;
		unsigned char *p = realloc(b->p, cap);
		if (!p) return -1;
		b->p = p;
		b->cap = cap;
	}
	if (n) memcpy(b->p + b->len, data, n);
	b->len += n;
	return 0;
}

void rbuf_consume(struct rbuf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		if (b->cap > 65536) rbuf_free(b);   /* a large frame went through: give the memory back */
		return;
	}
	memmove(b->p, b->p + n, b->len - n);
	b->len -= n;
}

void rbuf_free(struct rbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void streams_free(struct streams *s)
{
	free(s->ids);
	s->ids = NULL;
	s->n = s->cap = 0;
}

static int streams_add(struct streams *s, uint32_t id)
{
	if (s->n >= MAX_INFLIGHT) return -1;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		uint32_t *ids = realloc(s->ids, cap * sizeof(*ids));
		if (!ids) return -1;
		s->ids = ids;
		s->cap = cap;
	}
	s->ids[s->n++] = id;
	return 0;
}

static void streams_remove(struct streams *s, uint32_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->ids[i] == id) { s->ids[i] = s->ids[--s->n]; return; }
}

/* The length of the complete frame at the start of b: 0 if incomplete, -1 if too long. */
static long frame_at(const struct rbuf *b, uint32_t *stream, uint8_t *type)
{
	if (b->len < FRAME_HEADER) return 0;
	const unsigned char *h = b->p;
	uint32_t len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
	if (len > FRAME_MAX_PAYLOAD) return -1;
	*stream = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 | (uint32_t)h[6] << 8 | h[7];
	*type = h[8];
	return b->len - FRAME_HEADER >= len ? (long)(FRAME_HEADER + len) : 0;
}

int frames_relay(struct rbuf *in, struct rbuf *out, size_t limit, struct streams *s, int from_client)
{
	uint32_t stream;
	uint8_t type;
	for (long n; out->len < limit && (n = frame_at(in, &stream, &type)) != 0; ) {
		if (n < 0) return -1;
		if (from_client && type == FRAME_REQUEST && streams_add(s, stream)) return -1;
		if (rbuf_append(out, in->p, (size_t)n)) {
			if (from_client && type == FRAME_REQUEST) streams_remove(s, stream);
			return -1;
		}
		if (!from_client && type == FRAME_RESPONSE) streams_remove(s, stream);
		rbuf_consume(in, (size_t)n);
	}
	return 0;
}

/* A ttrpc Response {status: {code: UNAVAILABLE, message}} for one stream. */
static int append_unavailable(struct rbuf *out, uint32_t stream, const char *message)
{
	size_t mlen = strlen(message);
	if (mlen > 100) mlen = 100;   /* every length below is then one varint byte */
	unsigned char status[4 + 100], frame[FRAME_HEADER + 2 + sizeof(status)];
	size_t sl = 0;
	status[sl++] = 1 << 3;
	status[sl++] = STATUS_UNAVAILABLE;
	status[sl++] = 2 << 3 | 2;
	status[sl++] = (unsigned char)mlen;
	memcpy(status + sl, message, mlen);
	sl += mlen;
	size_t len = 2 + sl;
	frame[0] = 0; frame[1] = 0; frame[2] = (unsigned char)(len >> 8); frame[3] = (unsigned char)len;
	frame[4] = stream >> 24; frame[5] = stream >> 16; frame[6] = stream >> 8; frame[7] = stream;
	frame[8] = FRAME_RESPONSE;
	frame[9] = 0;
	frame[10] = 1 << 3 | 2;
	frame[11] = (unsigned char)sl;
	memcpy(frame + 12, status, sl);
	return rbuf_append(out, frame, FRAME_HEADER + len);
}

int frames_fail_inflight(struct streams *s, struct rbuf *out, const char *message)
{
	while (s->n) {
		if (append_unavailable(out, s->ids[s->n - 1], message)) return -1;
		s->n--;
	}
	return 0;
}

int frames_refuse(struct rbuf *in, struct rbuf *out, size_t limit, const char *message)
{
	uint32_t stream;
	uint8_t type;
	for (long n; out->len < limit && (n = frame_at(in, &stream, &type)) != 0; ) {
		if (n < 0) return -1;
		if (type == FRAME_REQUEST && append_unavailable(out, stream, message)) return -1;
		rbuf_consume(in, (size_t)n);
	}
	return 0;
}
