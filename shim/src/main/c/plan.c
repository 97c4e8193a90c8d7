/*
 * plan.c - parser for the length-prefixed plan format described in plan.h.
 *
 * Arguments are NUL-terminated in place (the '\n' after each argument's bytes becomes '\0')
 * and the plan struct points into the buffer; the only allocations are each record's array
 * of argument pointers, kept for argv and env (no fixed cap: kubelet's service-link variables
 * alone can pass 256) and freed for every other record.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

struct cursor { char *p, *end; };

/* Reads a decimal number terminated by `stop`. */
static int read_num(struct cursor *c, char stop, unsigned long *out)
{
	unsigned long v = 0; int digits = 0;
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && digits < 12) {
		v = v * 10 + (unsigned long)(*c->p++ - '0'); digits++;
	}
	if (!digits || c->p >= c->end || *c->p != stop) return -1;
	c->p++; *out = v; return 0;
}

/*
 * Reads a whole field as a decimal number in [0, max]: digits only (no sign, no space, no
 * empty string, which strtoull would all accept), every byte consumed, no overflow. A field
 * that fails is an error, never 0: a garbled uid must not become root.
 */
static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	if (s[0] < '0' || s[0] > '9') return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max) return -1;
	*out = v;
	return 0;
}

/* Sets dst from field s or fails the parse with a message that names the field. */
#define NUM(dst, s, max, field) do { uint64_t v_; \
	if (parse_u64((s), (max), &v_)) { *err = "malformed number in " field; return -1; } \
	(dst) = v_; } while (0)
/* uid and gid: (uid_t)-1 means "unchanged" to setresuid and fchown, so it is refused too */
#define ID_MAX (UINT32_MAX - 1)

static int ns_type(const char *name)
{
	static const struct { const char *n; int t; } types[] = {
		{"mnt", CLONE_NEWNS}, {"pid", CLONE_NEWPID}, {"uts", CLONE_NEWUTS},
		{"ipc", CLONE_NEWIPC}, {"net", CLONE_NEWNET}, {"cgroup", CLONE_NEWCGROUP},
		{"user", CLONE_NEWUSER}, {NULL, 0}};
	for (int i = 0; types[i].n; i++)
		if (!strcmp(types[i].n, name)) return types[i].t;
	return 0;
}

#define NEED(n) do { if (argc != (n)) { *err = "wrong argument count"; return -1; } } while (0)
#define ROOM(count, cap) do { if ((count) >= (int)(cap)) { *err = "too many entries"; return -1; } } while (0)

static const char *empty_list[1];   /* argv and env before their records: just the NULL */

/* Applies one record; a has argc + 1 slots, and *keep set means the plan now owns it. */
static int apply(struct plan *p, const char *key, char **a, int argc, size_t lastlen, int *keep,
		 const char **err)
{
	if (!strcmp(key, "cortado-plan")) { NEED(1); if (strcmp(a[0], "1")) { *err = "unsupported plan version"; return -1; } }
	else if (!strcmp(key, "statedir")) { NEED(1); p->state_dir = a[0]; }
	else if (!strcmp(key, "cgroup")) { NEED(1); p->cgroup = a[0]; }
	else if (!strcmp(key, "rootfs")) { NEED(2); p->rootfs = a[0];
		if (strcmp(a[1], "0") && strcmp(a[1], "1")) { *err = "malformed rootfs read-only flag"; return -1; }
		p->rootfs_readonly = a[1][0] == '1'; }
	else if (!strcmp(key, "propagation")) { NEED(1); NUM(p->root_propagation, a[0], ULONG_MAX, "propagation"); }
	else if (!strcmp(key, "ns")) {
		if (argc < 1 || argc > 3) { *err = "ns takes 1 to 3 arguments"; return -1; }
		ROOM(p->n_ns, 8);
		int t = ns_type(a[0]);
		if (!t) { *err = "unknown namespace type"; return -1; }
		p->ns[p->n_ns].type = t; p->ns[p->n_ns].path = argc >= 2 ? a[1] : NULL;
		p->ns[p->n_ns].ino = 0;
		if (argc == 3) NUM(p->ns[p->n_ns].ino, a[2], UINT64_MAX, "ns inode");
		p->n_ns++;
	} else if (!strcmp(key, "mount")) {
		NEED(6); ROOM(p->n_mounts, MAX_ITEMS);
		struct mount_entry *m = &p->mounts[p->n_mounts++];
		m->src = a[0]; m->dst = a[1]; m->fstype = a[2];
		NUM(m->flags, a[3], ULONG_MAX, "mount flags"); NUM(m->propagation, a[4], ULONG_MAX, "mount propagation");
		m->data = a[5];
	} else if (!strcmp(key, "mknod")) {
		NEED(6); ROOM(p->n_nodes, MAX_ITEMS);
		struct node_entry *n = &p->nodes[p->n_nodes++];
		n->path = a[0]; NUM(n->mode, a[1], UINT32_MAX, "mknod mode"); NUM(n->major, a[2], UINT32_MAX, "mknod major");
		NUM(n->minor, a[3], UINT32_MAX, "mknod minor"); NUM(n->uid, a[4], ID_MAX, "mknod uid"); NUM(n->gid, a[5], ID_MAX, "mknod gid");
	} else if (!strcmp(key, "symlink")) {
		NEED(2); ROOM(p->n_links, 64);
		p->links[p->n_links].target = a[0]; p->links[p->n_links++].path = a[1];
	} else if (!strcmp(key, "mask")) { NEED(1); ROOM(p->n_masked, MAX_ITEMS); p->masked[p->n_masked++] = a[0]; }
	else if (!strcmp(key, "readonly")) { NEED(1); ROOM(p->n_readonly, MAX_ITEMS); p->readonly[p->n_readonly++] = a[0]; }
	else if (!strcmp(key, "sysctl")) {
		NEED(2); ROOM(p->n_sysctls, MAX_ITEMS);
		p->sysctls[p->n_sysctls].key = a[0]; p->sysctls[p->n_sysctls++].value = a[1];
	} else if (!strcmp(key, "rlimit")) {
		NEED(3); ROOM(p->n_rlimits, 32);
		struct rlimit_entry *r = &p->rlimits[p->n_rlimits++];
		NUM(r->resource, a[0], 63, "rlimit resource"); NUM(r->soft, a[1], UINT64_MAX, "rlimit soft");
		NUM(r->hard, a[2], UINT64_MAX, "rlimit hard");
	} else if (!strcmp(key, "monitor-cgroup")) { NEED(1); p->monitor_cgroup = a[0];
	} else if (!strcmp(key, "hostname")) { NEED(1); p->hostname = a[0]; }
	else if (!strcmp(key, "domainname")) { NEED(1); p->domainname = a[0]; }
	else if (!strcmp(key, "oom")) { NEED(1); uint64_t v; int neg = a[0][0] == '-';
		if (parse_u64(a[0] + neg, 1000, &v)) { *err = "malformed number in oom score adj"; return -1; }
		p->has_oom = 1; p->oom_score_adj = neg ? -(int)v : (int)v; }
	else if (!strcmp(key, "cwd")) {
		NEED(1);
		if (a[0][0] != '/') { *err = "cwd is not absolute"; return -1; }
		if (strlen(a[0]) >= PATH_MAX) { *err = "cwd is longer than PATH_MAX-1"; return -1; }
		p->cwd = a[0];
	}
	else if (!strcmp(key, "user")) {
		if (argc < 2 || argc > 66) { *err = "user takes uid gid groups..."; return -1; }
		NUM(p->uid, a[0], ID_MAX, "user uid"); NUM(p->gid, a[1], ID_MAX, "user gid"); p->n_groups = argc - 2;
		for (int i = 2; i < argc; i++) NUM(p->groups[i - 2], a[i], ID_MAX, "user additional gid");
	} else if (!strcmp(key, "caps")) {
		NEED(5);
		NUM(p->cap_bounding, a[0], UINT64_MAX, "caps bounding"); NUM(p->cap_effective, a[1], UINT64_MAX, "caps effective");
		NUM(p->cap_permitted, a[2], UINT64_MAX, "caps permitted"); NUM(p->cap_inheritable, a[3], UINT64_MAX, "caps inheritable");
		NUM(p->cap_ambient, a[4], UINT64_MAX, "caps ambient");
	} else if (!strcmp(key, "nnp")) { NEED(0); p->no_new_privs = 1; }
	else if (!strcmp(key, "terminal")) { NEED(0); p->terminal = 1; }
	else if (!strcmp(key, "keyring")) { NEED(1); p->keyring = a[0]; }
	else if (!strcmp(key, "stdio-owner")) {
		NEED(2); p->has_stdio_owner = 1; NUM(p->stdio_uid, a[0], UINT32_MAX, "stdio-owner uid"); NUM(p->stdio_gid, a[1], UINT32_MAX, "stdio-owner gid");
		/* (unsigned)-1 would mean "unchanged" to fchown */
		if (p->stdio_uid == (unsigned)-1 || p->stdio_gid == (unsigned)-1) { *err = "bad stdio-owner id"; return -1; }
	}
	else if (!strcmp(key, "uidmap") || !strcmp(key, "gidmap")) {
		NEED(3);
		int uid = key[0] == 'u';
		int *n = uid ? &p->n_uidmap : &p->n_gidmap;
		ROOM(*n, 16);
		struct idmap_entry *m = uid ? &p->uidmap[*n] : &p->gidmap[*n];
		NUM(m->container, a[0], UINT32_MAX, "id map container id"); NUM(m->host, a[1], UINT32_MAX, "id map host id");
		NUM(m->size, a[2], UINT32_MAX, "id map size"); (*n)++;
	}
	else if (!strcmp(key, "seccomp")) {
		NEED(1);
		if (lastlen == 0 || lastlen % 8) { *err = "seccomp program size is not a multiple of 8"; return -1; }
		p->seccomp = (const unsigned char *)a[0]; p->seccomp_len = lastlen;
	} else if (!strcmp(key, "args")) {
		if (argc < 1) { *err = "args needs at least 1 entry"; return -1; }
		if (p->argv != empty_list) { *err = "args given twice"; return -1; }
		a[argc] = NULL; p->argv = (const char **)a; *keep = 1;
	} else if (!strcmp(key, "env")) {
		if (p->envp != empty_list) { *err = "env given twice"; return -1; }
		a[argc] = NULL; p->envp = (const char **)a; *keep = 1;
	} else { *err = "unknown plan key"; return -1; }
	return 0;
}

static int parse_records(char *buf, size_t len, struct plan *p, const char **err)
{
	struct cursor c = { buf, buf + len };
	int first = 1;
	memset(p, 0, sizeof(*p));
	p->root_propagation = 0x80000 | 0x4000; /* MS_SLAVE | MS_REC */
	p->argv = p->envp = empty_list;
	while (c.p < c.end) {
		char *key = c.p;
		while (c.p < c.end && *c.p != ' ') c.p++;
		if (c.p >= c.end) { *err = "truncated record key"; return -1; }
		*c.p++ = '\0';
		unsigned long argc, alen = 0;
		/* each argument takes at least 3 bytes ("0:\n"): a count beyond that is a lie, and
		 * bounding it keeps the array's size far from overflow */
		if (read_num(&c, '\n', &argc) || argc > (unsigned long)(c.end - c.p) / 3) {
			*err = "bad argument count"; return -1;
		}
		char **args = calloc(argc + 1, sizeof(*args));
		if (!args) { *err = "out of memory for arguments"; return -1; }
		for (unsigned long i = 0; i < argc; i++) {
			if (read_num(&c, ':', &alen) || alen >= (unsigned long)(c.end - c.p) || c.p[alen] != '\n') {
				free(args); *err = "bad argument length"; return -1;
			}
			args[i] = c.p; c.p[alen] = '\0'; c.p += alen + 1;
		}
		if (first && strcmp(key, "cortado-plan")) { free(args); *err = "plan does not start with cortado-plan"; return -1; }
		first = 0;
		int keep = 0;
		int failed = argc > INT_MAX || apply(p, key, args, (int)argc, alen, &keep, err);
		if (!keep) free(args);
		if (failed) { if (argc > INT_MAX) *err = "bad argument count"; return -1; }
	}
	if (first) { *err = "empty plan"; return -1; }
	if (!p->state_dir || !p->argv[0]) { *err = "plan lacks statedir or args"; return -1; }
	return 0;
}

void plan_release(struct plan *p)
{
	if (p->argv && p->argv != empty_list) free((void *)p->argv);
	if (p->envp && p->envp != empty_list) free((void *)p->envp);
	p->argv = p->envp = empty_list;
}

int plan_parse(char *buf, size_t len, struct plan *p, const char **err)
{
	if (!parse_records(buf, len, p, err)) return 0;
	plan_release(p);   /* nothing half-parsed stays allocated */
	return -1;
}
