/*
 * monitor.c - the monitor after the container exists: reaps it, records its exit status,
 * and serves one-line commands on <statedir>/control.sock:
 *   state        -> "created <pid>" | "running <pid>" | "exited <code> <unix-nanos>"
 *   start        -> "ok" | "error <message>"      (the container execs, same pid)
 *   kill <sig>   -> "ok" | "error <message>"
 *   stdio        -> "ok" with SCM_RIGHTS: stdin write end, stdout and stderr read ends
 *   close-stdin  -> "ok"
 *   resize R C   -> "ok" (terminal only: sets the pty window size)
 *   wait         -> "exited <code> <unix-nanos>" once the container has exited
 *   delete       -> "ok <monitor pid>" and the monitor exits, only after the container exited
 * The exit status (code, or 128+signal) is also written atomically to <statedir>/exit.
 * It keeps the host ends of the stdio pipes open, so output survives a shim restart.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "init.h"

static void write_exit_file(const struct monitor *mon)
{
	char tmp[4096], dst[4096], line[64];
	snprintf(tmp, sizeof(tmp), "%s/exit.tmp", mon->state_dir);
	snprintf(dst, sizeof(dst), "%s/exit", mon->state_dir);
	int n = snprintf(line, sizeof(line), "%d %lld\n", mon->exit_code, mon->exit_nanos);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) return;
	if (write(fd, line, n) == n && fsync(fd) == 0) rename(tmp, dst);
	close(fd);
}

static void reap(struct monitor *mon)
{
	int status; pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid != mon->child) continue;
		struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts);
		mon->exit_nanos = ts.tv_sec * 1000000000LL + ts.tv_nsec;
		mon->exit_code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
		mon->exited = 1;
		write_exit_file(mon);
	}
}

static void reply_fds(int c, const char *line, const int *fds, int n)
{
	char ctl[CMSG_SPACE(3 * sizeof(int))] = { 0 };
	struct iovec iov = { (void *)line, strlen(line) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (n) {
		m.msg_control = ctl; m.msg_controllen = CMSG_SPACE(n * sizeof(int));
		struct cmsghdr *h = CMSG_FIRSTHDR(&m);
		h->cmsg_level = SOL_SOCKET; h->cmsg_type = SCM_RIGHTS; h->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(h), fds, n * sizeof(int));
	}
	if (sendmsg(c, &m, MSG_NOSIGNAL) < 0) { /* the client went away */ }
}

static void reply(int c, const char *line) { reply_fds(c, line, NULL, 0); }

/* Waiting clients: as many as come (kubelet, ctr, shim restarts), grown on demand. Those that
 * hung up are dropped before the list grows, so it is bounded by live clients. */
struct waiters { int *fds; size_t n, cap; };

static void drop_gone(struct waiters *w)
{
	size_t kept = 0;
	for (size_t i = 0; i < w->n; i++) {
		struct pollfd pf = { w->fds[i], 0, 0 };   /* POLLHUP: the client closed (a half-close is still a waiter) */
		if (poll(&pf, 1, 0) > 0 && (pf.revents & (POLLHUP | POLLERR))) close(w->fds[i]);
		else w->fds[kept++] = w->fds[i];
	}
	w->n = kept;
}

/* Adds c, or answers it with an error: a waiter is never closed without a reply. */
static void add_waiter(struct waiters *w, int c)
{
	if (w->n == w->cap) drop_gone(w);
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 32;
		int *fds = cap < w->cap || cap > SIZE_MAX / sizeof(int) ? NULL : realloc(w->fds, cap * sizeof(int));
		if (!fds) { reply(c, "error too many waiters\n"); close(c); return; }
		w->fds = fds; w->cap = cap;
	}
	w->fds[w->n++] = c;
}

static void exited_line(const struct monitor *mon, char *buf, size_t len)
{
	snprintf(buf, len, "exited %d %lld\n", mon->exit_code, mon->exit_nanos);
}

/* Sends "s" to the child and reads its answer: EOF means execve succeeded. */
static void do_start(struct monitor *mon, int c)
{
	char msg[512];
	if (mon->started || mon->exited) { reply(c, "error container is not in the created state\n"); return; }
	mon->started = 1;
	if (write(mon->sync_fd, "s", 1) != 1) { reply(c, "error start signal not delivered\n"); return; }
	ssize_t n = read(mon->sync_fd, msg, sizeof(msg) - 1);
	close(mon->sync_fd); mon->sync_fd = -1;
	if (n > 1 && msg[0] == 'E') {
		char out[600]; msg[n] = '\0';
		snprintf(out, sizeof(out), "error %s\n", msg + 1);
		reply(c, out);
	} else reply(c, "ok\n");
}

/* Handles one command; returns 1 when the connection must stay open (wait). */
static int command(struct monitor *mon, int c, char *line)
{
	char out[128];
	if (!strcmp(line, "state")) {
		if (mon->exited) exited_line(mon, out, sizeof(out));
		else snprintf(out, sizeof(out), "%s %d\n", mon->started ? "running" : "created", mon->child);
		reply(c, out);
	} else if (!strcmp(line, "start")) do_start(mon, c);
	else if (!strncmp(line, "kill ", 5)) {
		if (mon->exited) reply(c, "error container has exited\n");
		else if (kill(mon->child, atoi(line + 5))) reply(c, "error kill failed\n");
		else reply(c, "ok\n");
	} else if (!strcmp(line, "stdio")) reply_fds(c, "ok\n", mon->host_stdio, 3);
	else if (!strcmp(line, "close-stdin")) {
		if (mon->host_stdio[0] >= 0) { close(mon->host_stdio[0]); mon->host_stdio[0] = open("/dev/null", O_WRONLY | O_CLOEXEC); }
		reply(c, "ok\n");
	} else if (!strncmp(line, "resize ", 7)) {
		struct winsize ws = { 0 };
		if (!mon->terminal || sscanf(line + 7, "%hu %hu", &ws.ws_row, &ws.ws_col) != 2 ||
		    ioctl(mon->host_stdio[1], TIOCSWINSZ, &ws))
			reply(c, "error resize needs a terminal and rows cols\n");
		else reply(c, "ok\n");
	} else if (!strcmp(line, "wait")) {
		if (!mon->exited) return 1;
		exited_line(mon, out, sizeof(out)); reply(c, out);
	} else if (!strcmp(line, "delete")) {
		if (!mon->exited) { reply(c, "error container is still running\n"); return 0; }
		char sock[4096]; snprintf(sock, sizeof(sock), "%s/control.sock", mon->state_dir);
		unlink(sock);
		/* our pid, so that a shim that is our subreaper can reap us (Monitor.delete) */
		snprintf(out, sizeof(out), "ok %d\n", getpid());
		reply(c, out);
		_exit(0);
	} else reply(c, "error unknown command\n");
	return 0;
}

void serve(struct monitor *mon, int lsock, int sigfd)
{
	struct waiters waiters = { NULL, 0, 0 };
	for (;;) {
		struct pollfd pf[2] = { { lsock, POLLIN, 0 }, { sigfd, POLLIN, 0 } };
		if (poll(pf, 2, -1) < 0) continue;
		if (pf[1].revents & POLLIN) {
			struct signalfd_siginfo si;
			if (read(sigfd, &si, sizeof(si)) < 0) { /* spurious */ }
			int was = mon->exited;
			reap(mon);
			if (mon->exited && !was) {
				char out[128]; exited_line(mon, out, sizeof(out));
				for (size_t i = 0; i < waiters.n; i++) { reply(waiters.fds[i], out); close(waiters.fds[i]); }
				waiters.n = 0;
			}
		}
		if (!(pf[0].revents & POLLIN)) continue;
		int c = accept4(lsock, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0) continue;
		struct timeval tv = { 5, 0 };   /* a silent client must not stall the monitor */
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		char line[256]; ssize_t n = recv(c, line, sizeof(line) - 1, 0);
		if (n <= 0) { close(c); continue; }
		line[n] = '\0'; line[strcspn(line, "\n")] = '\0';
		if (command(mon, c, line)) add_waiter(&waiters, c);
		else close(c);
	}
}
