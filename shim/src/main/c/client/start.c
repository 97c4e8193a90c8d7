/*
 * start.c - `start` without a JVM. When the node's shim server already runs, all `start` has
 * to do is hand what it got (the -namespace flag, stdin, MAX_SHIM_VERSION, TTRPC_ADDRESS and
 * its working directory, the bundle) to the server's cortado.shim.v1.Namespaces/Start and
 * print the reply bytes; the server does the rest (StartHandler.java). No server answers, or
 * it is stopping or predates Start: the Java command does it (fallback).
 */
#define _GNU_SOURCE
#include "client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_start(const struct flags *f)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/ttrpc.sock", state_root()) >= sizeof(path)) fallback(NULL);
	int fd = unix_connect(path);
	if (fd < 0) fallback(NULL);   /* no server: Java spawns one */

	struct buf in = { 0 }, req = { 0 };
	unsigned char chunk[65536];
	for (ssize_t r; (r = read(0, chunk, sizeof(chunk))) != 0; ) {
		if (r < 0) { if (errno == EINTR) continue; perror("start: read stdin"); return 1; }
		if (in.len + (size_t)r > WIRE_MAX_MSG / 2) { fprintf(stderr, "start: stdin larger than 2 MiB\n"); return 1; }
		put(&in, chunk, (size_t)r);
	}
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd))) cwd[0] = '\0';
	put_str(&req, 1, f->ns);
	put_field(&req, 2, in.p, in.len);
	put_str(&req, 3, getenv("MAX_SHIM_VERSION"));
	put_str(&req, 4, getenv("TTRPC_ADDRESS"));
	put_str(&req, 5, cwd);

	struct reply r;
	ttrpc_call(fd, 1, "cortado.shim.v1.Namespaces", "Start", NULL, &req, 10, &r);
	close(fd);
	if (r.transport_error) fallback(&in);   /* the server went away: Java retries */
	if (r.code) {
		if (r.code == CODE_UNIMPLEMENTED || r.code == CODE_UNAVAILABLE) fallback(&in);   /* older server; stopping */
		fprintf(stderr, "containerd-shim-cortado-v2: %.*s\n", (int)r.msg_len, r.msg ? (const char *)r.msg : "");
		return 1;
	}
	struct field reply;
	if (r.payload && find_field(r.payload, r.payload_len, 1, &reply) == 0 && reply.data) {
		if (fwrite(reply.data, 1, reply.value, stdout) != reply.value || fflush(stdout)) {
			perror("start: write reply");
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "start: the shim server sent no reply\n");
	return 1;
}
