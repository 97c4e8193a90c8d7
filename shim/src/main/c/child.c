/*
 * child.c - the container process from clone to execve, in the order of runc's init.
 *
 * Create phase (ends with "R" to the monitor): join namespaces, the session keyring, enter the rootfs,
 * hostname, sysctls, read-only and masked paths, read-only root, rlimits, oom_score_adj,
 * cwd, close every fd but stdio. Start phase (after "s" from the monitor): drop the
 * bounding set, uid/gid/groups, capabilities, no_new_privs, seccomp last, execve.
 * Any failure is sent as "E<message>" on the sync socket; success is the socket's EOF
 * when execve closes it (SOCK_CLOEXEC).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/keyctl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "init.h"

#ifndef KEY_USR_SEARCH
#define KEY_USR_SEARCH 0x00080000   /* keyutils.h; the kernel's key permission bits */
#endif

static int sync_fd;

void child_fail(const char *fmt, ...)
{
	char msg[512]; va_list ap; int e = errno, n;
	msg[0] = 'E';
	va_start(ap, fmt); n = vsnprintf(msg + 1, sizeof(msg) - 64, fmt, ap); va_end(ap);
	if (n < 0) n = 0;
	if (n > (int)sizeof(msg) - 65) n = sizeof(msg) - 65;
	n += 1 + snprintf(msg + 1 + n, 64, ": %s", strerror(e));
	if (write(sync_fd, msg, n) < 0) { /* the monitor is gone; nobody to tell */ }
	_exit(1);
}

static void set_cwd(const char *cwd)
{
	char buf[PATH_MAX];
	size_t len = strlen(cwd);
	if (cwd[0] != '/' || len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		child_fail("working directory is not absolute or is %zu bytes, over PATH_MAX-1 (%zu)", len, sizeof(buf) - 1);
	}
	if (chdir("/")) child_fail("chdir /");
	/* create it inside the root, never through /proc/self/fd magic links (CVE-2024-21626) */
	memcpy(buf, cwd, len + 1);
	for (char *s = buf + 1; *s; s++)
		if (*s == '/') { *s = '\0'; mkdir(buf, 0755); *s = '/'; }
	mkdir(buf, 0755);
	int fd = openat2_(AT_FDCWD, cwd, O_PATH | O_DIRECTORY, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
	if (fd < 0 || fchdir(fd)) child_fail("working directory %s", cwd);
	close(fd);
	if (!getcwd(buf, sizeof(buf)) || buf[0] != '/') child_fail("working directory %s is outside the root", cwd);
}

/* The home directory of uid in the container's /etc/passwd (read after pivot_root, so links
 * resolve inside the root), "/" when there is no such entry or file: runc sets HOME so when the
 * process's env has none. Only a regular file is read (a fifo there would block), and at most
 * 1 MiB of it; lines are "name:pw:uid:gid:gecos:home:shell". */
static const char *passwd_home(unsigned uid, char *buf, size_t len)
{
	static char data[1 << 20];
	int fd = openat2_(AT_FDCWD, "/etc/passwd", O_RDONLY | O_NONBLOCK | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
	struct stat st;
	if (fd < 0) return "/";
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) { close(fd); return "/"; }
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(data) - 1 && (r = read(fd, data + n, sizeof(data) - 1 - n)) > 0) n += (size_t)r;
	close(fd);
	data[n] = '\0';
	for (char *line = data; line && *line; ) {
		char *next = strchr(line, '\n');
		if (next) *next++ = '\0';
		char *f[7] = { 0 };
		int nf = 0;
		for (char *c = line; nf < 7; nf++) {
			f[nf] = c;
			c = strchr(c, ':');
			if (!c) { nf++; break; }
			*c++ = '\0';
		}
		char *end;
		if (nf >= 6 && f[2][0] && strtoul(f[2], &end, 10) == uid && *end == '\0' && f[5][0]) {
			snprintf(buf, len, "%s", f[5]);
			return buf;
		}
		line = next;
	}
	return "/";
}

/* p->envp, with HOME=<passwd home> added when it has no HOME (as runc does). */
static const char **env_with_home(const struct plan *p)
{
	size_t n = 0;
	for (const char **e = p->envp; *e; e++, n++)
		if (!strncmp(*e, "HOME=", 5)) return p->envp;
	char home[PATH_MAX];
	const char *dir = passwd_home(p->uid, home, sizeof(home));
	const char **env = calloc(n + 2, sizeof(*env));
	char *entry = malloc(strlen(dir) + 6);
	if (!env || !entry) child_fail("allocate the environment");
	memcpy(env, p->envp, n * sizeof(*env));
	strcpy(entry, "HOME=");
	strcat(entry, dir);
	env[n] = entry;
	env[n + 1] = NULL;
	return env;
}

static const char *find_exec(const char *file, char *buf, size_t len)
{
	if (strchr(file, '/')) return file;
	const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (char *const *e = environ; *e; e++)
		if (!strncmp(*e, "PATH=", 5)) path = *e + 5;
	for (const char *s = path; *s; ) {
		const char *colon = strchrnul(s, ':');
		snprintf(buf, len, "%.*s/%s", (int)(colon - s), s, file);
		if (access(buf, X_OK) == 0) return buf;
		s = *colon ? colon + 1 : colon;
	}
	errno = ENOENT;
	child_fail("executable %s not found in PATH", file);
}

static void set_caps(const struct plan *p)
{
	int last = CAP_LAST_CAP;
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "r");
	if (f) { if (fscanf(f, "%d", &last) != 1) last = CAP_LAST_CAP; fclose(f); }
	for (int c = 0; c <= last; c++)
		if (!(p->cap_bounding & (1ULL << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0))
			child_fail("drop bounding capability %d", c);
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0)) child_fail("keepcaps");
	if (setgroups(p->n_groups, p->groups)) child_fail("setgroups");
	if (setresgid(p->gid, p->gid, p->gid)) child_fail("setgid %u", p->gid);
	if (setresuid(p->uid, p->uid, p->uid)) child_fail("setuid %u", p->uid);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0)) child_fail("keepcaps off");
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (__u32)p->cap_effective, (__u32)p->cap_permitted, (__u32)p->cap_inheritable },
		{ (__u32)(p->cap_effective >> 32), (__u32)(p->cap_permitted >> 32), (__u32)(p->cap_inheritable >> 32) } };
	if (syscall(SYS_capset, &h, d)) child_fail("capset");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)) child_fail("clear ambient capabilities");
	for (int c = 0; c <= last; c++)
		if ((p->cap_ambient & (1ULL << c)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0))
			child_fail("raise ambient capability %d", c);
}

static void install_seccomp(const struct plan *p)
{
	struct sock_fprog prog = { (unsigned short)(p->seccomp_len / 8), (struct sock_filter *)p->seccomp };
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog)) child_fail("install seccomp filter");
}

/* Joins (creating it if absent) the named session keyring, as runc's "_ses.<id>", so the
 * container never shares the monitor's keyring with the host; then lets its owner search it.
 * A kernel or user namespace that refuses keyrings (ENOSYS, EPERM, EACCES, EDQUOT) leaves the
 * inherited one: the default seccomp profile denies keyctl to the container anyway. */
static void join_keyring(const char *name)
{
	long id = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, name, 0, 0, 0);
	if (id < 0) {
		if (errno == ENOSYS || errno == EPERM || errno == EACCES || errno == EDQUOT) return;
		child_fail("join session keyring %s", name);
	}
	char desc[512];
	unsigned perm;
	long n = syscall(SYS_keyctl, KEYCTL_DESCRIBE, id, desc, sizeof(desc) - 1, 0);
	if (n <= 0 || (size_t)n >= sizeof(desc)) child_fail("describe session keyring %s", name);
	desc[n] = '\0';
	/* "type;uid;gid;perm;description" with perm in hex */
	const char *f = desc;
	for (int i = 0; i < 3 && f; i++) { f = strchr(f, ';'); if (f) f++; }
	if (!f || sscanf(f, "%x", &perm) != 1) child_fail("parse session keyring description %s", desc);
	if (syscall(SYS_keyctl, KEYCTL_SETPERM, id, perm | KEY_USR_SEARCH, 0, 0))
		child_fail("make session keyring %s searchable", name);
}

/* Closes every fd above stdio except keep: no host directory may leak (CVE-2024-21626). */
static void close_fds(int keep)
{
	if (keep > 3) syscall(SYS_close_range, 3, keep - 1, 0);
	syscall(SYS_close_range, keep + 1, ~0U, 0);
}

void child_main(const struct plan *p, int sync, const int stdio[3])
{
	char cmd, exe[4096];
	sync_fd = sync;
	sigset_t none; sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);   /* no ptrace from the container before exec */
	if (read(sync, &cmd, 1) != 1 || cmd != 'c') _exit(1);   /* cgroup joined, id maps written */
	/* in a user namespace, new or joined by the monitor, our host uid 0 is unmapped: become its
	 * root, or files we create there (the /dev tmpfs) fail with EOVERFLOW */
	if (in_user_namespace(p) && (setresgid(0, 0, 0) || setresuid(0, 0, 0)))
		child_fail("become root in the user namespace");
	for (int i = 0; i < 3; i++)
		if (dup2(stdio[i], i) < 0) child_fail("dup2 stdio %d", i);
	if (setsid() < 0) child_fail("setsid");
	if (p->terminal && ioctl(0, TIOCSCTTY, 0)) child_fail("set controlling terminal");
	join_namespaces(p);
	if (p->keyring) join_keyring(p->keyring);
	if (p->rootfs) rootfs_enter(p);
	if (p->hostname && sethostname(p->hostname, strlen(p->hostname))) child_fail("sethostname");
	if (p->domainname && setdomainname(p->domainname, strlen(p->domainname))) child_fail("setdomainname");
	char path[512];
	for (int i = 0; i < p->n_sysctls; i++) {
		snprintf(path, sizeof(path), "/proc/sys/%s", p->sysctls[i].key);
		write_proc(path, p->sysctls[i].value);
	}
	for (int i = 0; i < p->n_readonly; i++) readonly_path(p->readonly[i]);
	if (p->n_masked) {
		int nullfd = open_dev_null();
		for (int i = 0; i < p->n_masked; i++) mask_path(p->masked[i], nullfd);
		close(nullfd);
	}
	if (p->rootfs && p->rootfs_readonly && mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL))
		child_fail("remount / read-only");
	for (int i = 0; i < p->n_rlimits; i++) {
		struct rlimit r = { p->rlimits[i].soft, p->rlimits[i].hard };
		if (setrlimit(p->rlimits[i].resource, &r)) child_fail("setrlimit %d", p->rlimits[i].resource);
	}
	if (p->has_oom) {
		/* /proc/self is a plain symlink (not a magic link), and the only one we follow: it
		 * names us in whichever procfs this is, where a pid number might name another */
		snprintf(path, sizeof(path), "%d", p->oom_score_adj);
		int fd = openat2_(AT_FDCWD, "/proc/self/oom_score_adj", O_WRONLY, RESOLVE_NO_MAGICLINKS);
		struct statfs sfs;
		if (fd < 0 || fstatfs(fd, &sfs) || sfs.f_type != PROC_SUPER_MAGIC ||
		    write(fd, path, strlen(path)) != (ssize_t)strlen(path))
			child_fail("write /proc/self/oom_score_adj");
		close(fd);
	}
	const char **envp = env_with_home(p);
	environ = (char **)envp;
	if (p->cwd) set_cwd(p->cwd);
	const char *file = find_exec(p->argv[0], exe, sizeof(exe));
	close_fds(sync);
	if (write(sync, "R", 1) != 1) _exit(1);
	if (read(sync, &cmd, 1) != 1 || cmd != 's') _exit(1);     /* start */
	/* without no_new_privs the filter needs CAP_SYS_ADMIN, so it goes in before the drop */
	if (p->seccomp && !p->no_new_privs) install_seccomp(p);
	set_caps(p);
	if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) child_fail("no_new_privs");
	if (p->seccomp && p->no_new_privs) install_seccomp(p);
	execve(file, (char *const *)p->argv, (char *const *)envp);
	child_fail("exec %s", file);
}
