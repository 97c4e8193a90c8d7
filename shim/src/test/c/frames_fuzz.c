/*
 * frames_fuzz - libFuzzer target for the shim relay's frame handling (src/main/c/relay/frames.c).
 * The input is a script of steps: bytes from the client, bytes from the server, the server
 * dying (requests in flight answered UNAVAILABLE), the hold running out (requests refused).
 * After every step what the relay would send either way must be whole frames only, and no
 * request may be both answered and still in flight. Built and run by FramesFuzzTest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frames.h"

/* out holds whole frames only; returns how many */
static size_t whole_frames(const struct rbuf *out)
{
	size_t at = 0, n = 0;
	while (at < out->len) {
		if (out->len - at < FRAME_HEADER) abort();
		const unsigned char *h = out->p + at;
		uint32_t len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
		if (len > FRAME_MAX_PAYLOAD || out->len - at - FRAME_HEADER < len) abort();
		at += FRAME_HEADER + len;
		n++;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rbuf cin = { 0 }, cout = { 0 }, bin = { 0 }, bout = { 0 };
	struct streams s = { 0 };
	int broken = 0;
	for (size_t i = 0; i < size && !broken; ) {
		uint8_t op = data[i++] % 5;
		size_t n = i < size ? data[i++] : 0;
		if (n > size - i) n = size - i;
		switch (op) {
		case 0: if (rbuf_append(&cin, data + i, n)) broken = 1; i += n; break;
		case 1: if (rbuf_append(&bin, data + i, n)) broken = 1; i += n; break;
		case 2: rbuf_free(&bin); rbuf_free(&bout); if (frames_fail_inflight(&s, &cout, "gone")) broken = 1; break;
		case 3: if (frames_refuse(&cin, &cout, 64, "down")) broken = 1; break;
		case 4: rbuf_consume(&cout, cout.len); rbuf_consume(&bout, bout.len); break;   /* both sides flushed */
		}
		if (broken) break;
		if (frames_relay(&cin, &bout, 64, &s, 1) || frames_relay(&bin, &cout, 64, &s, 0)) broken = 1;
		if (s.n > MAX_INFLIGHT) abort();
		whole_frames(&cout);
		whole_frames(&bout);
	}
	rbuf_free(&cin); rbuf_free(&cout); rbuf_free(&bin); rbuf_free(&bout);
	streams_free(&s);
	return 0;
}
