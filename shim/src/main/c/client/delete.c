/*
 * delete.c - `delete` without a JVM. containerd 1.6 runs `<shim> delete` whenever a task's
 * connection closes, so after every Task.Delete too (features.md §5.3), and for a shim it
 * cannot reach. Three cases:
 *  - the task's state directory (<root>/t/<hash>, TaskStore) is gone: the server deleted the
 *    task already or never knew it. Nothing is left to end; unmount <bundle>/rootfs in case a
 *    mount outlived a crash, and answer as the runc shim does for a task that is gone.
 *  - it exists and the server answers: the server ends the task through the Task API it serves
 *    (Kill SIGKILL to all, Wait, Delete), so it also forgets it; its DeleteResponse is printed.
 *  - anything else (no server answers, it does not know the task): the Java command, which
 *    talks to the task's monitor itself (DeleteCommand.java).
 */
#define _GNU_SOURCE
#include "client.h"
#include "sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SIGKILL_EXIT 137   /* 128 + SIGKILL, as the runc shim answers */

static const char *TASK_V2 = "containerd.task.v2.Task";

/* umount -R for the one mount a rootfs has; EINVAL: not (or no longer) a mount point. */
static void unmount_rootfs(const char *bundle)
{
	char path[4096];
	if (!*bundle || (size_t)snprintf(path, sizeof(path), "%s/rootfs", bundle) >= sizeof(path)) return;
	for (int i = 0; i < 16 && umount2(path, 0) == 0; i++)
		;
}

static int print_gone(void)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	struct buf ts = { 0 }, resp = { 0 };
	put_uint(&ts, 1, (uint64_t)now.tv_sec);
	put_uint(&ts, 2, (uint64_t)now.tv_nsec);
	put_uint(&resp, 2, SIGKILL_EXIT);
	put_field(&resp, 3, ts.p, ts.len);
	if (fwrite(resp.p, 1, resp.len, stdout) != resp.len || fflush(stdout)) { perror("delete: write reply"); return 1; }
	return 0;
}

/* Kill, Wait and Delete through the server; 0 when the reply was printed, -1 to fall back. */
static int delete_through_server(const struct flags *f)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/ttrpc.sock", state_root()) >= sizeof(path)) return -1;
	int fd = unix_connect(path);
	if (fd < 0) return -1;
	struct buf kill = { 0 }, id = { 0 };
	put_str(&kill, 1, f->id);
	put_uint(&kill, 3, 9);
	put_uint(&kill, 4, 1);
	put_str(&id, 1, f->id);
	struct reply r;
	/* an exited task refuses the kill: that is fine, Wait and Delete decide */
	ttrpc_call(fd, 1, TASK_V2, "Kill", f->ns, &kill, 10, &r);
	free(r.frame);
	if (r.transport_error || r.code == CODE_NOT_FOUND) { close(fd); return -1; }
	ttrpc_call(fd, 3, TASK_V2, "Wait", f->ns, &id, 10, &r);
	free(r.frame);
	if (r.transport_error || r.code) { close(fd); return -1; }
	ttrpc_call(fd, 5, TASK_V2, "Delete", f->ns, &id, 10, &r);
	close(fd);
	int ok = !r.transport_error && !r.code;
	if (ok && (fwrite(r.payload ? r.payload : (const unsigned char *)"", 1, r.payload_len, stdout) != r.payload_len ||
		   fflush(stdout))) {
		perror("delete: write reply");
		ok = 0;
	}
	free(r.frame);
	return ok ? 0 : -1;
}

int cmd_delete(const struct flags *f)
{
	if (!*f->id || !*f->ns) fallback(NULL);   /* Java names what is missing */
	char key[1024], hex[65], dir[4096];
	if ((size_t)snprintf(key, sizeof(key), "%s/%s", f->ns, f->id) >= sizeof(key)) fallback(NULL);
	sha256_hex(key, strlen(key), hex);
	if ((size_t)snprintf(dir, sizeof(dir), "%s/t/%.16s", state_root(), hex) >= sizeof(dir)) fallback(NULL);
	struct stat st;
	if (stat(dir, &st) && errno == ENOENT) {
		unmount_rootfs(f->bundle);
		return print_gone();
	}
	if (delete_through_server(f) == 0) return 0;
	fallback(NULL);
}
