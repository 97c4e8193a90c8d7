/*
 * paths.c - procfs writes and path hardening inside the container's root, for child.c:
 * every path is opened without following symlinks and proved to be what we expect
 * before anything is written to it or mounted over it (reliability.md A4, A7, A9).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "init.h"

/* Opens a path under /proc (after pivot_root: the container's own procfs) without
 * following any symlink, and proves it is procfs (CVE-2019-19921, CVE-2025-52881). */
static int open_checked(const char *path, int flags)
{
	int fd = openat2_(AT_FDCWD, path, flags, RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
	if (fd < 0) return -1;
	struct statfs sfs;
	if (!strncmp(path, "/proc/", 6) && (fstatfs(fd, &sfs) || sfs.f_type != PROC_SUPER_MAGIC)) {
		close(fd); errno = EXDEV;
		child_fail("%s is not on procfs", path);
	}
	return fd;
}

void write_proc(const char *path, const char *value)
{
	int fd = open_checked(path, O_WRONLY);
	if (fd < 0 || write(fd, value, strlen(value)) != (ssize_t)strlen(value)) child_fail("write %s", path);
	close(fd);
}

void readonly_path(const char *path)
{
	char p[32];
	int fd = open_checked(path, O_PATH);
	if (fd < 0) { if (errno == ENOENT) return; child_fail("open readonly path %s", path); }
	if (mount(fdpath(fd, p), fdpath(fd, p), NULL, MS_BIND | MS_REC, NULL)) child_fail("bind %s", path);
	close(fd);
	fd = open_checked(path, O_PATH);   /* now names the new bind mount */
	struct statvfs sv;
	if (fd < 0 || fstatvfs(fd, &sv)) child_fail("reopen %s", path);
	/* flags a user namespace locks must be repeated, or the remount fails with EPERM */
	unsigned long keep = sv.f_flag & (ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_NOATIME | ST_NODIRATIME);
	if (sv.f_flag & ST_RELATIME) keep |= MS_RELATIME;
	if (mount(NULL, fdpath(fd, p), NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, NULL))
		child_fail("remount %s read-only", path);
	close(fd);
}

/* Files are masked by a verified /dev/null (CVE-2025-31133), directories by an empty
 * read-only tmpfs; missing paths are skipped as runc does. */
void mask_path(const char *path, int nullfd)
{
	char p[32], q[32];
	struct stat st;
	int fd = open_checked(path, O_PATH);
	if (fd < 0) { if (errno == ENOENT) return; child_fail("open masked path %s", path); }
	if (fstat(fd, &st)) child_fail("stat %s", path);
	int rc = S_ISDIR(st.st_mode)
		? mount("tmpfs", fdpath(fd, p), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0,nr_inodes=1")
		: mount(fdpath(nullfd, q), fdpath(fd, p), NULL, MS_BIND, NULL);
	if (rc) child_fail("mask %s", path);
	close(fd);
}

int open_dev_null(void)
{
	struct stat st;
	int fd = openat2_(AT_FDCWD, "/dev/null", O_PATH, RESOLVE_NO_SYMLINKS);
	if (fd < 0 || fstat(fd, &st)) child_fail("open /dev/null");
	if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3)) { errno = EPERM; child_fail("/dev/null is not 1:3"); }
	return fd;
}
