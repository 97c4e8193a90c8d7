/*
 * containerd-shim-cortado-v2-start - the shim's `start` command without a JVM.
 *
 * containerd runs `<shim> ... start` for every container, and a JVM costs about 0.25 s even
 * with class data sharing. When the node's shim server already runs, all `start` has to do is
 * hand what it got (the -namespace flag, stdin, MAX_SHIM_VERSION, TTRPC_ADDRESS and its working
 * directory, the bundle) to the server's cortado.shim.v1.Namespaces/Start over ttrpc and print
 * the reply bytes; the server does the rest (StartHandler.java). This client does exactly that,
 * with libc only. Whenever it cannot (no server answers, the server is stopping or predates
 * Start, not a start command), it hands over to the Java command: it re-runs the shim script
 * ($CORTADO_SHIM_SCRIPT) with CORTADO_SHIM_JVM=1 and the stdin it may already have read.
 * Written by hand because it must start in milliseconds: a protobuf or ttrpc library would
 * bring more than the few dozen lines of framing it needs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_MSG (4u << 20)

struct buf { unsigned char *p; size_t len, cap; };

static char **orig_argv;

static void put(struct buf *b, const void *data, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		if (!b->p) { perror("start: realloc"); exit(1); }
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void put_varint(struct buf *b, uint64_t v)
{
	unsigned char c;
	do { c = v & 0x7f; v >>= 7; if (v) c |= 0x80; put(b, &c, 1); } while (v);
}

/* A length-delimited protobuf field (string, bytes, message); empty ones are left out, as proto3 does. */
static void put_field(struct buf *b, int field, const void *data, size_t n)
{
	if (n == 0) return;
	put_varint(b, (uint64_t)field << 3 | 2);
	put_varint(b, n);
	put(b, data, n);
}

static void put_str(struct buf *b, int field, const char *s)
{
	if (s) put_field(b, field, s, strlen(s));
}

/* Hands over to the Java command, with the stdin bytes already read (if any) as its stdin. */
static void fallback(const struct buf *in)
{
	const char *script = getenv("CORTADO_SHIM_SCRIPT");
	if (!script || !*script) { fprintf(stderr, "start: CORTADO_SHIM_SCRIPT is not set\n"); exit(1); }
	if (in) {
		int fd = memfd_create("start-stdin", MFD_CLOEXEC);
		if (fd < 0 || (in->len && write(fd, in->p, in->len) != (ssize_t)in->len) || lseek(fd, 0, SEEK_SET) ||
		    dup2(fd, 0) < 0) { perror("start: pass stdin on"); exit(1); }
	}
	setenv("CORTADO_SHIM_JVM", "1", 1);
	execv(script, orig_argv);
	perror("start: exec the shim script");
	exit(1);
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

/* One protobuf field: its number, and its varint value or its length-delimited bytes. */
struct field { int number, wire; uint64_t value; const unsigned char *data; };

/* Reads the next field at *p; returns 0, or -1 at the end or on a malformed message. */
static int next_field(const unsigned char **p, const unsigned char *end, struct field *f)
{
	uint64_t key;
	if (*p >= end || get_varint(p, end, &key)) return -1;
	f->number = (int)(key >> 3);
	f->wire = (int)(key & 7);
	f->data = NULL;
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

/* Finds field `want` of a message (the last one wins, as protobuf says); 0 if found, else -1. */
static int find_field(const unsigned char *p, size_t len, int want, struct field *out)
{
	const unsigned char *end = p + len;
	int found = -1;
	for (struct field f; !next_field(&p, end, &f); )
		if (f.number == want) { *out = f; found = 0; }
	return found;
}

int main(int argc, char **argv)
{
	orig_argv = argv;
	const char *ns = "", *action = NULL;
	/* Go's flag syntax: -name value, -name=value, --name; booleans take no value */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-') { action = a; continue; }
		a += a[1] == '-' ? 2 : 1;
		const char *eq = strchr(a, '=');
		size_t n = eq ? (size_t)(eq - a) : strlen(a);
		int boolean = (n == 5 && !strncmp(a, "debug", 5)) || (n == 1 && a[0] == 'v') ||
			(n == 7 && !strncmp(a, "version", 7)) || (n == 4 && !strncmp(a, "info", 4));
		const char *value = eq ? eq + 1 : (!boolean && i + 1 < argc ? argv[++i] : "");
		if (n == 9 && !strncmp(a, "namespace", 9)) ns = value;
		if (n == 4 && !strncmp(a, "info", 4)) fallback(NULL);
		if ((n == 1 && a[0] == 'v') || (n == 7 && !strncmp(a, "version", 7))) fallback(NULL);
	}
	if (!action || strcmp(action, "start")) fallback(NULL);

	const char *root = getenv("CORTADO_SHIM_ROOT");
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	if ((size_t)snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/ttrpc.sock",
			     root && *root ? root : "/run/cortado/s") >= sizeof(addr.sun_path)) fallback(NULL);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) fallback(NULL);   /* no server: Java spawns one */

	struct buf in = { 0 }, req = { 0 }, frame = { 0 };
	unsigned char chunk[65536];
	for (ssize_t r; (r = read(0, chunk, sizeof(chunk))) != 0; ) {
		if (r < 0) { if (errno == EINTR) continue; perror("start: read stdin"); return 1; }
		put(&in, chunk, (size_t)r);
		if (in.len > MAX_MSG / 2) { fprintf(stderr, "start: stdin larger than 2 MiB\n"); return 1; }
	}
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd))) cwd[0] = '\0';
	put_str(&req, 1, ns);
	put_field(&req, 2, in.p, in.len);
	put_str(&req, 3, getenv("MAX_SHIM_VERSION"));
	put_str(&req, 4, getenv("TTRPC_ADDRESS"));
	put_str(&req, 5, cwd);

	struct buf call = { 0 };
	put_str(&call, 1, "cortado.shim.v1.Namespaces");
	put_str(&call, 2, "Start");
	put_field(&call, 3, req.p, req.len);
	put_varint(&call, 4 << 3 | 0);
	put_varint(&call, 10000000000ULL);   /* timeout_nano: 10 s, as the Java client */

	unsigned char header[10] = { call.len >> 24, call.len >> 16, call.len >> 8, call.len, 0, 0, 0, 1, 1, 0 };
	put(&frame, header, sizeof(header));
	put(&frame, call.p, call.len);
	struct timeval tv = { 10, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	for (size_t sent = 0; sent < frame.len; ) {
		ssize_t w = write(fd, frame.p + sent, frame.len - sent);
		if (w <= 0) { if (w < 0 && errno == EINTR) continue; fallback(&in); }
		sent += (size_t)w;
	}
	unsigned char h[10];
	if (read_full(fd, h, sizeof(h))) fallback(&in);   /* the server went away: Java retries */
	uint32_t len = (uint32_t)h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3];
	uint32_t stream = (uint32_t)h[4] << 24 | h[5] << 16 | h[6] << 8 | h[7];
	if (stream != 1 || h[8] != 2 || len > MAX_MSG) { fprintf(stderr, "start: unexpected ttrpc frame\n"); return 1; }
	unsigned char *resp = malloc(len ? len : 1);
	if (!resp || read_full(fd, resp, len)) fallback(&in);
	close(fd);

	struct field status, code, msg, payload, reply;
	if (!find_field(resp, len, 1, &status) && status.data && !find_field(status.data, status.value, 1, &code) &&
	    code.wire == 0 && code.value) {
		if (code.value == 12 || code.value == 14) fallback(&in);   /* UNIMPLEMENTED: an older server; UNAVAILABLE: stopping */
		int has_msg = !find_field(status.data, status.value, 2, &msg) && msg.data;
		fprintf(stderr, "containerd-shim-cortado-v2: %.*s\n", has_msg ? (int)msg.value : 0,
			has_msg ? (const char *)msg.data : "");
		return 1;
	}
	if (!find_field(resp, len, 2, &payload) && payload.data && !find_field(payload.data, payload.value, 1, &reply) &&
	    reply.data) {
		if (fwrite(reply.data, 1, reply.value, stdout) != reply.value || fflush(stdout)) {
			perror("start: write reply");
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "start: the shim server sent no reply\n");
	return 1;
}
