/*
 * containerd-shim-cortado-v2-relay - holds the shim's sockets so that a crash of the server
 * JVM never looks like a shim death to containerd (which would run `delete` for every task).
 *
 * usage: containerd-shim-cortado-v2-relay ROOT JAVA [ARG...]
 *
 * One relay per state root (so per server). It binds ROOT/ttrpc.sock and ROOT/relay.sock, then
 * runs the server (JAVA ARG..., with CORTADO_SHIM_RELAY=ROOT/relay.sock) as its child. The
 * server serves each socket on a private backend path under ROOT/b/ and asks the relay, on
 * relay.sock, to listen on the public path for it (control.c). Every connection containerd (or
 * cortado) makes is accepted here and paired with a connection to the backend; whole ttrpc
 * frames are relayed both ways (frames.c). When the server dies:
 *  - the client connections stay open; requests in flight get an UNAVAILABLE response;
 *  - new requests wait in the socket until the server is back (at most HOLD_MS, then they too
 *    are answered UNAVAILABLE);
 *  - the server is restarted (at once, then after 50 ms, four times longer each time it keeps
 *    dying young, at most 5 s); it re-adopts its tasks from ROOT/t and asks for its sockets
 *    again, and the waiting connections are paired with new backend connections (a gRPC
 *    socket's connections are closed instead: see conns.c).
 * The server exiting with status 0 (it stops when idle) ends the relay, which removes its
 * sockets. A server that dies before it ever said hello ends the relay with status 1, so a
 * `start` that spawned it reports the failure. SIGTERM: passed to the server, then exit.
 */
#define _GNU_SOURCE
#include "relay.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct relay R;

void logf_(const char *fmt, ...)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	struct tm tm;
	gmtime_r(&now.tv_sec, &tm);
	char line[1024];
	int n = (int)strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
	n += snprintf(line + n, sizeof(line) - (size_t)n, ".%03ldZ relay[%d]: ", now.tv_nsec / 1000000, (int)getpid());
	va_list ap;
	va_start(ap, fmt);
	if (n < (int)sizeof(line)) n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line) - 1) n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	ssize_t w = write(2, line, (size_t)n);
	(void)w;
}

long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* How many restarted servers in a row may die before their hello before the relay gives up
 * (with the backoff up to 5 s: about half a minute of trying). */
#define MAX_UNSERVED_RESTARTS 8

/* Forks the server with the signal mask and dispositions reset and every other fd closed. */
static void spawn_server(void)
{
	sigset_t all;
	sigfillset(&all);
	pid_t pid = fork();
	if (pid < 0) {
		logf_("fork the server: %s", strerror(errno));
		R.restart_at = now_ms() + 1000;
		return;
	}
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		/* every fd of the relay is O_CLOEXEC; stdio (the log) is inherited */
		umask(R.umask);
		setenv("CORTADO_SHIM_RELAY", R.control_path, 1);
		execvp(R.server_argv[0], R.server_argv);
		logf_("exec %s: %s", R.server_argv[0], strerror(errno));
		_exit(127);
	}
	R.server = pid;
	R.started_at = now_ms();
	R.restart_at = 0;
	logf_("server pid %d started", (int)pid);
}

/* Removes every socket the relay bound, then exits. */
__attribute__((noreturn)) static void finish(int status)
{
	for (size_t i = 0; i < R.n_listeners; i++) unlink(R.listeners[i].public_path);
	unlink(R.control_path);
	/* reaped only now: whoever sees the server gone sees its sockets gone too */
	if (R.zombie) waitpid(R.zombie, NULL, 0);
	logf_("exiting with status %d", status);
	exit(status);
}

/* The server exited (not reaped yet: R.zombie). */
static void on_server_exit(const siginfo_t *info)
{
	R.server = 0;
	int clean = info->si_code == CLD_EXITED && info->si_status == 0;
	if (info->si_code == CLD_EXITED) logf_("server exited with status %d", info->si_status);
	else logf_("server died of signal %d", info->si_status);
	if (clean || R.stopping) finish(clean ? 0 : 1);
	if (!R.greeted) {
		logf_("server died before it served: giving up");
		finish(1);
	}
	/* a state root that is gone, or a server that keeps dying before it serves, will not come
	 * back: holding the sockets (and restarting a JVM every 5 s) forever helps no one */
	struct stat root;
	if (stat(R.root, &root) || !S_ISDIR(root.st_mode)) {
		logf_("state root %s is gone: giving up", R.root);
		finish(1);
	}
	if (R.unserved_restarts >= MAX_UNSERVED_RESTARTS) {
		logf_("%d restarted servers in a row died before they served: giving up", R.unserved_restarts);
		finish(1);
	}
	R.unserved_restarts++;
	waitpid(R.zombie, NULL, 0);
	R.zombie = 0;
	/* containerd's calls wait: the first restart is at once, the next ones of a server that
	 * keeps dying young wait 50 ms, four times longer each time, at most 5 s */
	long long lived = now_ms() - R.started_at;
	if (lived > 30000) R.backoff_ms = 0;
	R.restart_at = now_ms() + R.backoff_ms;
	R.backoff_ms = R.backoff_ms ? R.backoff_ms * 4 : 50;
	if (R.backoff_ms > 5000) R.backoff_ms = 5000;
}

static void on_signal(void)
{
	struct signalfd_siginfo si;
	while (read(R.signal_fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
			logf_("signal %u: stopping the server", si.ssi_signo);
			R.stopping = 1;
			if (!R.server) finish(0);
			kill(R.server, SIGTERM);
			R.kill_at = now_ms() + 10000;
		}
	}
	siginfo_t info = { 0 };
	if (R.server && waitid(P_PID, (id_t)R.server, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == R.server) {
		R.zombie = R.server;
		on_server_exit(&info);
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s ROOT JAVA [ARG...]\n", argv[0]);
		return 2;
	}
	R.root = argv[1];
	R.server_argv = argv + 2;
	if (relay_paths(&R)) return 2;
	signal(SIGPIPE, SIG_IGN);
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) || (R.signal_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) {
		logf_("signalfd: %s", strerror(errno));
		return 1;
	}
	/* two fds per connection: as many as the hard limit allows */
	struct rlimit nofile;
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
		nofile.rlim_cur = nofile.rlim_max;
		setrlimit(RLIMIT_NOFILE, &nofile);
	}
	/* the kernel should pick a container before the node's shim (containerd's AdjustOOMScore) */
	int oom = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (oom >= 0) {
		ssize_t w = write(oom, "-999", 4);
		(void)w;
		close(oom);
	}
	if (control_open(&R) || listener_add(&R, R.ttrpc_path, R.ttrpc_backend, 0)) finish(1);
	spawn_server();
	for (;;) {
		long long now = now_ms();
		if (!R.server && R.restart_at && now >= R.restart_at && !R.stopping) spawn_server();
		if (R.stopping && R.server && R.kill_at && now >= R.kill_at) {
			kill(R.server, SIGKILL);
			R.kill_at = 0;
		}
		int timeout = conns_tick(&R, now);
		if (R.accept_paused_until > now && (timeout < 0 || R.accept_paused_until - now < timeout))
			timeout = (int)(R.accept_paused_until - now);
		if (!R.server && R.restart_at) {
			long long wait = R.restart_at - now;
			if (timeout < 0 || wait < timeout) timeout = wait < 0 ? 0 : (int)wait;
		}
		if (R.kill_at && (timeout < 0 || timeout > 100)) timeout = 100;
		struct pollfd *fds;
		size_t n = poll_fill(&R, &fds);
		if (poll(fds, n, timeout) < 0) {
			if (errno == EINTR) continue;
			logf_("poll: %s", strerror(errno));
			finish(1);
		}
		if (fds[0].revents) on_signal();
		poll_dispatch(&R, fds, n);
	}
}
