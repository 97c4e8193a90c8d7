/*
 * namespaces.c - opening namespace files by path (checked against an expected inode) and
 * joining them, for the monitor (user, pid) and child.c (the others).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

int in_user_namespace(const struct plan *p)
{
	for (int i = 0; i < p->n_ns; i++)
		if (p->ns[i].type == CLONE_NEWUSER) return 1;
	return 0;
}

int open_namespace(const struct ns_entry *ns)
{
	struct stat st;
	int fd = open(ns->path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && ns->ino && (fstat(fd, &st) || st.st_ino != ns->ino)) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}

/* Joins the namespaces given by path: all are opened first, since /proc/<pid>/ns paths
 * no longer resolve once we are in the container's mount namespace, which comes last. */
void join_namespaces(const struct plan *p)
{
	int fds[8], mnt = -1;
	for (int i = 0; i < p->n_ns; i++) {
		const struct ns_entry *n = &p->ns[i];
		fds[i] = -1;
		/* pid and user: joined by the monitor, before it cloned us */
		if (!n->path || n->type == CLONE_NEWPID || n->type == CLONE_NEWUSER) continue;
		if ((fds[i] = open_namespace(n)) < 0) child_fail("open namespace %s", n->path);
	}
	for (int i = 0; i < p->n_ns; i++) {
		if (fds[i] < 0) continue;
		if (p->ns[i].type == CLONE_NEWNS) { mnt = i; continue; }
		if (setns(fds[i], p->ns[i].type)) child_fail("join namespace %s", p->ns[i].path);
		close(fds[i]);
	}
	if (mnt >= 0) {   /* also sets our root and cwd to the namespace's root */
		if (setns(fds[mnt], CLONE_NEWNS)) child_fail("join namespace %s", p->ns[mnt].path);
		close(fds[mnt]);
	}
	for (int i = 0; i < p->n_ns; i++)   /* after the monitor moved us into the cgroup */
		if (p->ns[i].type == CLONE_NEWCGROUP && !p->ns[i].path && unshare(CLONE_NEWCGROUP))
			child_fail("new cgroup namespace");
}
