/*
 * cortado-init - creates one container and stays outside it as its monitor.
 *
 * Spawned by the shim (posix_spawn through JNA) with:
 *   fd 3  the plan (plan.h), read to EOF
 *   fd 4  the report pipe: "ok <container pid>\n" once created, or "error <message>\n"
 *   fd 0-2 /dev/null and a log file; the container gets its own stdio pipes.
 *   fd 5  the sealed memfd this program was exec'd from (/proc/self/fd/5): closed at once,
 *         the mapping keeps it alive (CVE-2019-5736: /proc/PID/exe is never the host file)
 *
 * The monitor detaches (fork + setsid, so the JVM can die without taking it along),
 * moves to its own cgroup if the plan names one, clones the container, writes its pid into
 * the cgroup before it runs any user code, reports, and then serves the control socket
 * (monitor.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <linux/sched.h>
#include <malloc.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "init.h"

/* Mapped on its own (32 KiB, every page touched by the parse) so that all of it goes back to
 * the kernel once the container runs: a monitor lives as long as its container. */
static struct plan *plan;
static int report_fd = 4;
static struct monitor mon = { .child = -1, .host_stdio = { -1, -1, -1 }, .sync_fd = -1 };

void monitor_fail(const char *what, const char *detail)
{
	/* reap first: once the shim reads the report it may remove the cgroup */
	if (mon.child > 0) { kill(mon.child, SIGKILL); waitpid(mon.child, NULL, 0); }
	dprintf(report_fd, "error %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	_exit(1);
}

static char *read_all(int fd, size_t *len)
{
	char *buf = malloc(PLAN_MAX);
	size_t n = 0; ssize_t r;
	if (!buf) return NULL;
	while ((r = read(fd, buf + n, PLAN_MAX - n)) > 0) n += (size_t)r;
	if (r < 0 || n == PLAN_MAX) { free(buf); return NULL; }
	*len = n;
	return buf;
}

static int listen_socket(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if ((size_t)snprintf(a.sun_path, sizeof(a.sun_path), "%s/control.sock", plan->state_dir) >= sizeof(a.sun_path))
		monitor_fail("control socket path too long", plan->state_dir);
	unlink(a.sun_path);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) || chmod(a.sun_path, 0600) || listen(s, 16))
		monitor_fail("control socket", strerror(errno));
	return s;
}

/* A pty in place of the three pipes: the container gets the slave as 0, 1 and 2; the shim
 * gets the master as stdin and stdout, and an empty pipe as stderr (a terminal merges them). */
static void open_pty(int in[2], int out[2], int errp[2])
{
	char name[64];
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) || unlockpt(master) || ptsname_r(master, name, sizeof(name)))
		monitor_fail("open pty", strerror(errno));
	int slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0 || pipe2(errp, O_CLOEXEC)) monitor_fail("open pty slave", strerror(errno));
	in[0] = slave; in[1] = master;
	out[0] = fcntl(master, F_DUPFD_CLOEXEC, 0); out[1] = fcntl(slave, F_DUPFD_CLOEXEC, 0);
	close(errp[1]); errp[1] = fcntl(slave, F_DUPFD_CLOEXEC, 0);
}

/* Gives the container ends of the stdio pipes to the plan's stdio owner (containerd's
 * io_uid/io_gid), so that a process which is not root can reopen /proc/self/fd/N: a pipe is
 * a root-owned 0600 inode, and both ends share it. Called before clone_flags() joins any user
 * namespace, so the ids are host ids. Never for a pty: the slave belongs to the terminal path
 * (as in containerd, whose io_uid applies to pipe IO only); it is a node of the host's devpts,
 * and chowning it would hand a host /dev/pts entry to that uid. */
static void own_pipes(int in, int out, int err)
{
	const int fds[3] = { in, out, err };
	for (int i = 0; i < 3; i++) {
		if (fchown(fds[i], plan->stdio_uid, plan->stdio_gid)) {
			char detail[96];
			snprintf(detail, sizeof(detail), "to %u:%u: %s", plan->stdio_uid, plan->stdio_gid, strerror(errno));
			monitor_fail("chown stdio pipes", detail);
		}
	}
}

int main(void)
{
	const char *err = NULL;
	size_t len;
	char *buf = read_all(3, &len);
	if (!buf) monitor_fail("read plan", strerror(errno));
	close(3);
	close(5);
	plan = mmap(NULL, sizeof(*plan), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (plan == MAP_FAILED) monitor_fail("map plan", strerror(errno));
	if (plan_parse(buf, len, plan, &err)) monitor_fail("bad plan", err);

	/* detach from the JVM: it reaps the intermediate at once; we survive its death */
	pid_t pid = fork();
	if (pid < 0) monitor_fail("fork", strerror(errno));
	if (pid > 0) _exit(0);
	setsid();
	join_monitor_cgroup(plan);
	signal(SIGPIPE, SIG_IGN);
	sigset_t chld; sigemptyset(&chld); sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	int sigfd = signalfd(-1, &chld, SFD_CLOEXEC);
	if (sigfd < 0) monitor_fail("signalfd", strerror(errno));   /* without it no exit is ever seen */
	int lsock = listen_socket();

	int in[2], out[2], errp[2], sv[2];
	if (plan->terminal) open_pty(in, out, errp);
	else if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(errp, O_CLOEXEC))
		monitor_fail("stdio pipes", strerror(errno));
	else if (plan->has_stdio_owner) own_pipes(in[0], out[1], errp[1]);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) monitor_fail("sync socket", strerror(errno));
	unsigned long flags = clone_flags(plan);
	int joined;
	mon.child = clone_into_cgroup(plan, flags, &joined);
	if (mon.child < 0) mon.child = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
	if (mon.child < 0) monitor_fail("clone", strerror(errno));
	if (mon.child == 0) {
		int stdio[3] = { in[0], out[1], errp[1] };
		close(sv[0]); close(lsock); close(sigfd);
		close(in[1]); close(out[0]); close(errp[0]);
		child_main(plan, sv[1], stdio);
	}
	close(sv[1]); close(in[0]); close(out[1]); close(errp[1]);
	mon.host_stdio[0] = in[1]; mon.host_stdio[1] = out[0]; mon.host_stdio[2] = errp[0];
	mon.sync_fd = sv[0];
	if (!joined) join_cgroup(plan, mon.child);   /* before the child runs any user code */
	write_id_maps(plan, mon.child);
	if (write(mon.sync_fd, "c", 1) != 1) monitor_fail("signal child", strerror(errno));
	char msg[512];
	ssize_t n = read(mon.sync_fd, msg, sizeof(msg) - 1);
	if (n <= 0 || msg[0] != 'R') {
		msg[n > 0 ? n : 0] = '\0';
		monitor_fail("create container", n > 1 ? msg + 1 : "container setup ended without a report");
	}
	/* the container has its own copy of the plan: the monitor keeps only what it serves with,
	 * and gives the plan, its buffer and the freed heap back (about 50 KiB of each monitor) */
	mon.terminal = plan->terminal;
	mon.state_dir = strdup(plan->state_dir);
	if (!mon.state_dir) monitor_fail("keep state dir", strerror(errno));
	plan_release(plan);
	munmap(plan, sizeof(*plan));
	plan = NULL;
	free(buf);
	malloc_trim(0);
	dprintf(report_fd, "ok %d\n", mon.child);
	close(report_fd);
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull >= 0) { dup2(devnull, 0); dup2(devnull, 1); close(devnull); }
	serve(&mon, lsock, sigfd);
	return 0;
}
