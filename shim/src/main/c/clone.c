/*
 * clone.c - the monitor's part in making the container process: the namespaces it joins
 * itself, the clone (into the cgroup when the kernel can), the cgroup and id maps it sets
 * before the child may go on, and the monitor's own cgroup.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

/* Joins a user namespace given by path before anything else, so that the namespaces
 * cloned next are owned by it (a pod's containers, an exec). The monitor keeps kernel uid 0,
 * so file permissions still let it write cgroup.procs and the state directory; the host
 * capabilities it loses are needed only for id maps, which a joined namespace already has. */
static void join_user_namespace(const struct plan *p)
{
	for (int i = 0; i < p->n_ns; i++) {
		const struct ns_entry *n = &p->ns[i];
		if (n->type != CLONE_NEWUSER || !n->path) continue;
		int fd = open_namespace(n);
		if (fd < 0 || setns(fd, CLONE_NEWUSER)) monitor_fail("join user namespace", n->path);
		close(fd);
	}
}

/* Clone flags for the namespaces the plan wants new; cgroup comes later (child.c) so that
 * its root is the container's cgroup. */
unsigned long clone_flags(const struct plan *p)
{
	unsigned long flags = 0;
	join_user_namespace(p);
	for (int i = 0; i < p->n_ns; i++) {
		const struct ns_entry *n = &p->ns[i];
		if (n->path && n->type == CLONE_NEWPID) {
			/* setns(pid) only changes the namespace of our future children */
			int fd = open_namespace(n);
			if (fd < 0 || setns(fd, CLONE_NEWPID)) monitor_fail("join pid namespace", n->path);
			close(fd);
		} else if (!n->path && n->type != CLONE_NEWCGROUP) flags |= (unsigned long)n->type;
	}
	return flags;
}

/* clone3 with CLONE_INTO_CGROUP: the child is born in its cgroup, which saves the
 * cgroup.procs migration (several ms: it waits for an RCU grace period). Returns -1 with
 * errno set when the kernel cannot, so the caller falls back to clone + cgroup.procs. */
pid_t clone_into_cgroup(const struct plan *p, unsigned long flags, int *joined)
{
	*joined = 0;
	if (!p->cgroup) { errno = ENOSYS; return -1; }
	int cg = open(p->cgroup, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cg < 0) monitor_fail("open cgroup", p->cgroup);
	struct clone_args args;
	memset(&args, 0, sizeof(args));
	args.flags = flags | CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (__u64)cg;
	pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));   /* no stack: fork-like */
	int e = errno;
	if (pid != 0) close(cg);   /* the child closes it with every other fd later */
	if (pid > 0) *joined = 1;
	errno = e;
	return pid;
}

/* Writes the child's uid_map and gid_map: we are root in the parent namespace, so any
 * mapping the plan (validated by Java) asks for is allowed, and setgroups stays allowed. */
void write_id_maps(const struct plan *p, pid_t child)
{
	for (int kind = 0; kind < 2; kind++) {
		const struct idmap_entry *m = kind ? p->gidmap : p->uidmap;
		int n = kind ? p->n_gidmap : p->n_uidmap;
		if (!n) continue;
		char path[64], buf[1024]; int len = 0;
		for (int i = 0; i < n; i++)
			len += snprintf(buf + len, sizeof(buf) - len, "%u %u %u\n", m[i].container, m[i].host, m[i].size);
		snprintf(path, sizeof(path), "/proc/%d/%s", child, kind ? "gid_map" : "uid_map");
		int fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, buf, len) != len) monitor_fail("write id map", path);
		close(fd);
	}
}

void join_cgroup(const struct plan *p, pid_t child)
{
	char path[4096], pid[32];
	if (!p->cgroup) return;
	snprintf(path, sizeof(path), "%s/cgroup.procs", p->cgroup);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int n = snprintf(pid, sizeof(pid), "%d", child);
	if (fd < 0 || write(fd, pid, n) != n) monitor_fail("join cgroup", path);
	close(fd);
}

/* Leaves the shim's cgroup, so that stopping the shim's service (systemd kills its whole
 * cgroup) does not take the monitor, and with it the container's exit status, along. */
void join_monitor_cgroup(const struct plan *p)
{
	char path[4096];
	if (!p->monitor_cgroup) return;
	snprintf(path, sizeof(path), "%s/cgroup.procs", p->monitor_cgroup);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0", 1) != 1) monitor_fail("join monitor cgroup", path);
	close(fd);
}
