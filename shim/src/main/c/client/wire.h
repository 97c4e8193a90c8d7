/*
 * wire.h - the little protobuf and ttrpc that the native shim clients need (start, delete),
 * written by hand so the clients start in milliseconds with libc only. ttrpc (containerd's
 * ttrpc PROTOCOL.md): a frame is a 10-byte header (length u32 BE of the payload, stream id
 * u32 BE, type u8: 1 request, 2 response; flags u8) and at most 4 MiB of payload; a request
 * payload is a ttrpc Request message, a response payload a Response {status, payload}.
 */
#ifndef CORTADO_WIRE_H
#define CORTADO_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define WIRE_MAX_MSG (4u << 20)
#define WIRE_HEADER 10
#define WIRE_REQUEST 1
#define WIRE_RESPONSE 2

/* grpc status codes the clients act on */
#define CODE_NOT_FOUND 5
#define CODE_FAILED_PRECONDITION 9
#define CODE_UNIMPLEMENTED 12
#define CODE_UNAVAILABLE 14

struct buf { unsigned char *p; size_t len, cap; };

/* Appending; every append exits the process with a message when memory runs out. */
void put(struct buf *b, const void *data, size_t n);
void put_varint(struct buf *b, uint64_t v);
/* A length-delimited field (string, bytes, message); empty ones are left out, as proto3 does. */
void put_field(struct buf *b, int field, const void *data, size_t n);
void put_str(struct buf *b, int field, const char *s);
/* A varint field; zero is left out, as proto3 does. */
void put_uint(struct buf *b, int field, uint64_t v);

/* One protobuf field: its number, and its varint value or its length-delimited bytes. */
struct field { int number, wire; uint64_t value; const unsigned char *data; };

/* Reads the next field at *p; returns 0, or -1 at the end or on a malformed message. */
int next_field(const unsigned char **p, const unsigned char *end, struct field *f);
/* Finds field `want` (the last one wins, as protobuf says): 0 if found, -1 if absent, -2 if malformed. */
int find_field(const unsigned char *p, size_t len, int want, struct field *out);

/* The 10-byte header of a frame. */
void frame_header(unsigned char h[WIRE_HEADER], uint32_t len, uint32_t stream, uint8_t type);
/* Parses a header: 0, or -1 when its length is over WIRE_MAX_MSG. */
int frame_parse(const unsigned char h[WIRE_HEADER], uint32_t *len, uint32_t *stream, uint8_t *type);

/* What a unary call answered. */
struct reply {
	int transport_error;           /* the socket failed: nothing is known about the call */
	uint64_t code;                 /* grpc status code, 0 = OK */
	const unsigned char *msg;      /* status message (not NUL-terminated), msg_len bytes */
	size_t msg_len;
	const unsigned char *payload;  /* the response message, payload_len bytes */
	size_t payload_len;
	unsigned char *frame;          /* owns the bytes above; free() it */
};

/*
 * One unary ttrpc call on a connected socket (stream `stream`, odd), with the namespace as
 * containerd-namespace-ttrpc metadata when not NULL, and a timeout in seconds.
 */
void ttrpc_call(int fd, uint32_t stream, const char *service, const char *method, const char *ns,
		const struct buf *req, unsigned timeout_s, struct reply *out);

/* Connects to a unix socket; -1 when nothing listens there. */
int unix_connect(const char *path);

#endif
