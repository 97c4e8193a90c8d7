/*
 * frames.h - the relay's view of ttrpc (containerd's ttrpc PROTOCOL.md): frames of a 10-byte
 * header (payload length u32 BE, stream id u32 BE, type u8, flags u8) and at most 4 MiB of
 * payload. The relay forwards whole frames only, so that a connection to the server that dies
 * mid-frame never leaves containerd half a frame, and it keeps the ids of the requests the
 * server has not answered yet, to answer them UNAVAILABLE itself when it does die.
 * Pure buffer work, no I/O: relay.c does the sockets, frames_fuzz.c feeds it anything.
 */
#ifndef CORTADO_FRAMES_H
#define CORTADO_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_HEADER 10
#define FRAME_MAX_PAYLOAD (4u << 20)
#define FRAME_REQUEST 1
#define FRAME_RESPONSE 2
/* a buffer holds at most one largest frame plus one read */
#define RBUF_MAX (FRAME_HEADER + FRAME_MAX_PAYLOAD + (1u << 20))
/* requests one connection may have in flight at the server (containerd sends a few at a time) */
#define MAX_INFLIGHT 4096

struct rbuf { unsigned char *p; size_t len, cap; };

/* Appends n bytes; -1 (nothing appended) when the buffer would pass RBUF_MAX or memory runs out. */
int rbuf_append(struct rbuf *b, const void *data, size_t n);
/* Drops the first n bytes. */
void rbuf_consume(struct rbuf *b, size_t n);
/* Empties the buffer and gives its memory back. */
void rbuf_free(struct rbuf *b);

/* The stream ids of requests forwarded to the server and not answered yet. */
struct streams { uint32_t *ids; size_t n, cap; };

void streams_free(struct streams *s);

/*
 * Moves every complete frame at the start of `in` to the end of `out`, while `out` holds less
 * than `limit` bytes. Frames from the client (from_client) that are requests are recorded as
 * in flight; responses from the server clear theirs. Returns 0, or -1 on a frame longer than
 * FRAME_MAX_PAYLOAD, more than MAX_INFLIGHT requests in flight, or no memory: the peer that
 * sent it is broken and is dropped.
 */
int frames_relay(struct rbuf *in, struct rbuf *out, size_t limit, struct streams *s, int from_client);

/*
 * Answers every request in flight with a ttrpc Response whose status is UNAVAILABLE and
 * `message`, appended to `out`, and forgets them. Returns 0, or -1 when out is full.
 */
int frames_fail_inflight(struct streams *s, struct rbuf *out, const char *message);

/*
 * With no server for too long: consumes every complete frame of `in` and answers each request
 * among them UNAVAILABLE into `out` (others are dropped). Returns 0, or -1 as frames_relay.
 */
int frames_refuse(struct rbuf *in, struct rbuf *out, size_t limit, const char *message);

#endif
