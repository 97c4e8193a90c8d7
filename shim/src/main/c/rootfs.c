/*
 * rootfs.c - the container's mount namespace: rootfs bind, OCI mounts in order, device
 * nodes, pivot_root. Every mount target is opened inside the rootfs first and mounted
 * through /proc/self/fd/N, so no path the image controls can send a mount to the host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/filter.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "init.h"

int openat2_(int dirfd, const char *path, int flags, unsigned long long resolve)
{
	struct open_how how = { .flags = (unsigned long long)flags | O_CLOEXEC, .resolve = resolve };
	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

/* Opens path inside root (symlinks resolved as if root were "/"), creating missing
 * components; the last one as a file when as_file. Returns an O_PATH fd. This keeps
 * mount targets inside the rootfs (CVE-2021-30465, CVE-2024-45310, CVE-2026-41579). */
static int open_in_root(int rootfd, const char *path, int as_file)
{
	const unsigned long long res = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	char buf[4096];
	if (strlen(path) >= sizeof(buf)) { errno = ENAMETOOLONG; return -1; }
	strcpy(buf, path);
	int fd = openat2_(rootfd, buf, O_PATH, res);
	if (fd >= 0 || errno != ENOENT) return fd;
	for (char *s = buf + 1; ; s++) {
		if (*s != '/' && *s != '\0') continue;
		char saved = *s; *s = '\0';
		int last = saved == '\0';
		fd = openat2_(rootfd, buf, O_PATH, res);
		if (fd < 0 && errno == ENOENT) {
			char *slash = strrchr(buf, '/');
			*slash = '\0';
			int parent = openat2_(rootfd, slash == buf ? "/" : buf, O_PATH | O_DIRECTORY, res);
			*slash = '/';
			if (parent < 0) return -1;
			int rc = (last && as_file)
				? openat(parent, slash + 1, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644)
				: mkdirat(parent, slash + 1, 0755);
			if (rc > 0) close(rc);
			close(parent);
			if (rc < 0 && errno != EEXIST) return -1;
			fd = openat2_(rootfd, buf, O_PATH, res);
		}
		if (fd < 0) return -1;
		if (last) return fd;
		close(fd);
		*s = saved;
	}
}

const char *fdpath(int fd, char *buf)
{
	snprintf(buf, 32, "/proc/self/fd/%d", fd);
	return buf;
}

/* One OCI mount, made through an fd of its verified target. */
static void do_mount(int rootfd, const struct mount_entry *m)
{
	char p[32];
	int bind = (m->flags & MS_BIND) != 0;
	struct stat st;
	if (!bind) {
		/* proc, sysfs, tmpfs, ...: the destination must be a real directory, never a
		 * symlink chosen by the image (CVE-2019-16884, CVE-2023-27561). */
		int l = openat2_(rootfd, m->dst, O_PATH | O_NOFOLLOW, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
		if (l >= 0) {
			if (fstat(l, &st) == 0 && S_ISLNK(st.st_mode)) {
				errno = ELOOP;
				child_fail("mount destination %s is a symlink", m->dst);
			}
			close(l);
		}
	}
	int as_file = bind && stat(m->src, &st) == 0 && !S_ISDIR(st.st_mode);
	int fd = open_in_root(rootfd, m->dst, as_file);
	if (fd < 0) child_fail("mount destination %s", m->dst);
	unsigned long flags = m->flags;
	if (bind) flags &= MS_BIND | MS_REC;   /* bind ignores other flags: remount below */
	if (mount(m->src, fdpath(fd, p), m->fstype, flags, m->data[0] ? m->data : NULL))
		child_fail("mount %s on %s", m->src, m->dst);
	close(fd);
	if ((bind && (m->flags & ~(MS_BIND | MS_REC))) || m->propagation) {
		/* re-open: the fd above names the directory under the new mount */
		fd = open_in_root(rootfd, m->dst, 0);
		if (fd < 0) child_fail("reopen mount %s", m->dst);
		if (bind && (m->flags & ~(MS_BIND | MS_REC)) &&
		    mount(NULL, fdpath(fd, p), NULL, (m->flags & ~MS_REC) | MS_REMOUNT | MS_BIND, NULL))
			child_fail("remount %s", m->dst);
		if (m->propagation && mount(NULL, fdpath(fd, p), NULL, m->propagation, NULL))
			child_fail("set propagation of %s", m->dst);
		close(fd);
	}
}

static int parent_in_root(int rootfd, const char *path, const char **base)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash || slash - path >= (long)sizeof(dir)) { errno = EINVAL; return -1; }
	memcpy(dir, path, slash - path); dir[slash - path] = '\0';
	*base = slash + 1;
	return open_in_root(rootfd, dir[0] ? dir : "/", 0);
}

/* Binds the host's node of the same path, checked to be the same device, over a file. */
static void bind_host_device(int rootfd, const struct node_entry *n)
{
	char src[32], dst[32];
	struct stat st;
	int host = openat2_(AT_FDCWD, n->path, O_PATH | O_NOFOLLOW, RESOLVE_NO_SYMLINKS);
	if (host < 0 || fstat(host, &st) || (st.st_mode & S_IFMT) != (n->mode & S_IFMT) ||
	    st.st_rdev != makedev(n->major, n->minor)) {
		errno = EPERM;
		child_fail("mknod %s, and the host has no such device to bind", n->path);
	}
	int fd = open_in_root(rootfd, n->path, 1);
	if (fd < 0 || mount(fdpath(host, src), fdpath(fd, dst), NULL, MS_BIND, NULL))
		child_fail("bind host device %s", n->path);
	close(fd); close(host);
}

static void make_nodes(int rootfd, const struct plan *p)
{
	const char *base;
	for (int i = 0; i < p->n_nodes; i++) {
		const struct node_entry *n = &p->nodes[i];
		int d = parent_in_root(rootfd, n->path, &base);
		if (d < 0) child_fail("open parent of %s", n->path);
		/* O_PATH fds cannot be used for mknodat; reopen the directory for real */
		char fp[32];
		int dfd = open(fdpath(d, fp), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
		if (dfd < 0) child_fail("open directory of %s", n->path);
		if (mknodat(dfd, base, n->mode, makedev(n->major, n->minor)) == 0 || errno == EEXIST) {
			if (fchownat(dfd, base, n->uid, n->gid, AT_SYMLINK_NOFOLLOW)) child_fail("chown %s", n->path);
		} else if (errno == EPERM) {
			bind_host_device(rootfd, n);   /* in a user namespace mknod is refused */
		} else child_fail("mknod %s", n->path);
		close(dfd); close(d);
	}
	for (int i = 0; i < p->n_links; i++) {
		int d = parent_in_root(rootfd, p->links[i].path, &base);
		if (d < 0) child_fail("open parent of %s", p->links[i].path);
		char fp[32];
		int dfd = open(fdpath(d, fp), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
		if (dfd < 0 || (symlinkat(p->links[i].target, dfd, base) && errno != EEXIST))
			child_fail("symlink %s", p->links[i].path);
		close(dfd); close(d);
	}
}

/* Binds the pty on fd 0 to /dev/console. The source is our own fd, checked to be a pty
 * slave, never a path the image could swap (CVE-2025-52565). */
static void bind_console(int rootfd)
{
	char src[32], dst[32];
	struct stat st;
	if (fstat(0, &st) || !S_ISCHR(st.st_mode) || major(st.st_rdev) < 136 || major(st.st_rdev) > 143) {
		errno = ENOTTY;
		child_fail("stdin is not a pty slave");
	}
	/* fd 0 names the pty on the monitor's mount of devpts; a bind source must be in our
	 * mount namespace, so reopen it by name here and prove it is the same device */
	char name[64]; struct stat again;
	ssize_t n = readlink(fdpath(0, src), name, sizeof(name) - 1);
	if (n <= 0) child_fail("readlink stdin");
	name[n] = '\0';
	int pts = openat2_(AT_FDCWD, name, O_PATH | O_NOFOLLOW, RESOLVE_NO_SYMLINKS);
	if (pts < 0 || fstat(pts, &again) || again.st_rdev != st.st_rdev || !S_ISCHR(again.st_mode)) {
		errno = EXDEV;
		child_fail("reopen pty %s", name);
	}
	int fd = open_in_root(rootfd, "/dev/console", 1);
	if (fd < 0) child_fail("create /dev/console");
	if (mount(fdpath(pts, src), fdpath(fd, dst), NULL, MS_BIND, NULL)) child_fail("bind /dev/console");
	close(fd); close(pts);
}

/* Makes the mount that holds path private (not recursively), as runc's
 * rootfsParentMountPrivate: pivot_root fails with EINVAL when the new root's parent mount
 * is shared, and the rootfs bind below must not propagate to the host. mount(2) answers
 * EINVAL for a path that is no mount point, so walk up until one is. */
static void parent_mount_private(const char *rootfs)
{
	char path[4096];
	if (strlen(rootfs) >= sizeof(path)) { errno = ENAMETOOLONG; child_fail("rootfs %s", rootfs); }
	strcpy(path, rootfs);
	for (;;) {
		if (mount(NULL, path, NULL, MS_PRIVATE, NULL) == 0) return;
		if (errno != EINVAL || strcmp(path, "/") == 0) child_fail("make the mount of %s private", path);
		char *slash = strrchr(path, '/');
		if (slash == path) path[1] = '\0';
		else *slash = '\0';
	}
}

void rootfs_enter(const struct plan *p)
{
	if (mount(NULL, "/", NULL, p->root_propagation, NULL)) child_fail("make / %lx", p->root_propagation);
	parent_mount_private(p->rootfs);
	if (mount(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL)) child_fail("bind rootfs %s", p->rootfs);
	int rootfd = open(p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) child_fail("open rootfs %s", p->rootfs);
	for (int i = 0; i < p->n_mounts; i++) do_mount(rootfd, &p->mounts[i]);
	make_nodes(rootfd, p);
	if (p->terminal) bind_console(rootfd);
	int oldroot = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (oldroot < 0) child_fail("open old root");
	if (fchdir(rootfd)) child_fail("chdir rootfs");
	if (syscall(SYS_pivot_root, ".", ".")) child_fail("pivot_root %s", p->rootfs);
	/* the old root is stacked on the new one. Enter it through its own fd, as runc does: "."
	 * from the new root's cwd names the new root to mount(2), which would make the container's
	 * mounts rslave too (and a Bidirectional volume one-way). Then detach it without
	 * propagating anything to the host. */
	if (fchdir(oldroot)) child_fail("chdir old root");
	close(oldroot);
	if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL)) child_fail("make old root rslave");
	if (umount2(".", MNT_DETACH)) child_fail("detach old root");
	if (chdir("/")) child_fail("chdir /");
	/* runc: rootfsPropagation applies to the new root, after pivot_root (before it, a shared
	 * root would fail pivot_root and could reach the host); private is what it already is */
	if (!(p->root_propagation & MS_PRIVATE) && mount(NULL, "/", NULL, p->root_propagation, NULL))
		child_fail("make new / %lx", p->root_propagation);
	close(rootfd);
}
