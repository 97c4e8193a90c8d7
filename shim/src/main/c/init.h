/*
 * init.h - the parts of cortado-init that call each other.
 *
 * main.c    the monitor's setup: reads the plan, detaches, clones the container, reports
 * clone.c   the monitor's namespaces, the clone, the child's cgroup and id maps
 * monitor.c the monitor afterwards: reaps, writes the exit file, answers the control socket
 * child.c   the container process from clone to execve
 * paths.c   procfs writes, read-only and masked paths, /dev/null, for child.c
 * namespaces.c  opening and joining namespaces by path
 * rootfs.c  mounts and pivot_root, for child.c
 * plan.c    the plan parser
 */
#ifndef CORTADO_INIT_H
#define CORTADO_INIT_H

#include <sys/types.h>

#include "plan.h"

/* The monitor's view of its container, filled by main.c and served by monitor.c. */
struct monitor {
	const char *state_dir;          /* from the plan, which is gone once the container runs */
	int terminal;                   /* stdio is a pty: resize applies */
	pid_t child;                    /* the container's pid (host pid namespace) */
	int started, exited, exit_code;
	long long exit_nanos;           /* reap time, Unix nanoseconds */
	int host_stdio[3];              /* stdin write end, stdout/stderr read ends */
	int sync_fd;                    /* socket to the container until it execs */
};

/* main.c: reports "error what: detail" to the shim, kills the child if any, exits. */
void monitor_fail(const char *what, const char *detail) __attribute__((noreturn));

/* clone.c: the monitor's steps around the clone, each failing through monitor_fail. */
void join_monitor_cgroup(const struct plan *p);
unsigned long clone_flags(const struct plan *p);
pid_t clone_into_cgroup(const struct plan *p, unsigned long flags, int *joined);
void join_cgroup(const struct plan *p, pid_t child);
void write_id_maps(const struct plan *p, pid_t child);

/* Serves the control socket lsock and reaps on sigfd (SIGCHLD); returns only by _exit. */
void serve(struct monitor *m, int lsock, int sigfd) __attribute__((noreturn));

/* Reports "E<message>: <strerror(errno)>" to the monitor and exits the child. */
void child_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* openat2(2) with O_CLOEXEC added. */
int openat2_(int dirfd, const char *path, int flags, unsigned long long resolve);

/* Writes "/proc/self/fd/<fd>" into buf (32 bytes) and returns it. */
const char *fdpath(int fd, char *buf);

/* Opens a namespace file and, when ns->ino is set, checks it is that namespace (a pid
 * reused by another process must not lead an exec into the wrong namespaces). -1 on error. */
int open_namespace(const struct ns_entry *ns);

/* paths.c: a verified procfs write; a read-only bind of path; path masked by the verified
 * /dev/null nullfd (files) or an empty read-only tmpfs (directories); missing paths skipped. */
void write_proc(const char *path, const char *value);
void readonly_path(const char *path);
void mask_path(const char *path, int nullfd);
/* Opens /dev/null O_PATH, refusing anything but the 1:3 character device (CVE-2025-31133). */
int open_dev_null(void);

/* namespaces.c: whether the plan puts us in a user namespace (new or joined), and the
 * child's joins of every namespace given by path but pid and user (the monitor's). */
int in_user_namespace(const struct plan *p);
void join_namespaces(const struct plan *p);

/* Bind-mounts the rootfs, makes the plan's mounts and nodes, and pivots into it. */
void rootfs_enter(const struct plan *p);

/* Runs the container side: never returns. sync is the socket to the monitor. */
void child_main(const struct plan *p, int sync, const int stdio[3]);

#endif
