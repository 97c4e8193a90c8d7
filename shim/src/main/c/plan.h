/*
 * plan.h - the plan that the shim (Java, PlanWriter) hands to cortado-init.
 *
 * Wire format (read from fd 3 until EOF, at most PLAN_MAX bytes):
 *
 *   record := KEY ' ' COUNT '\n' arg*COUNT
 *   arg    := LEN ':' BYTES '\n'          (LEN decimal; BYTES may hold any byte)
 *
 * The first record must be "cortado-plan 1" with the single argument "1".
 * Everything a policy decision needs (mount flags, capability masks, seccomp BPF,
 * uid/gid, validated sysctls) is computed by Java; this side only executes it, in the
 * order fixed by child.c. Keys are documented in shim/README.md and PlanWriter.java.
 */
#ifndef CORTADO_PLAN_H
#define CORTADO_PLAN_H

#include <stddef.h>
#include <stdint.h>

#define PLAN_MAX (4 << 20)
#define MAX_ITEMS 256   /* mounts, nodes, masks, sysctls; argv and env have no cap of their own */

struct ns_entry {
	int type;
	const char *path;               /* NULL: new namespace */
	unsigned long long ino;         /* when not 0, the joined namespace must have this inode */
};
struct mount_entry {
	const char *src, *dst, *fstype, *data;
	unsigned long flags, propagation;
};
struct node_entry { const char *path; unsigned mode, major, minor, uid, gid; };
struct link_entry { const char *target, *path; };
struct kv_entry { const char *key, *value; };
struct rlimit_entry { int resource; uint64_t soft, hard; };
struct idmap_entry { unsigned container, host, size; };

struct plan {
	const char *state_dir;          /* control.sock and exit file live here */
	const char *cgroup;             /* cgroup directory to enter, or NULL */
	const char *monitor_cgroup;     /* cgroup directory the monitor moves to, or NULL */
	const char *rootfs;             /* NULL: no mount setup (keep the host root) */
	int rootfs_readonly;
	unsigned long root_propagation; /* MS_SLAVE|MS_REC by default */
	struct ns_entry ns[8]; int n_ns;
	struct mount_entry mounts[MAX_ITEMS]; int n_mounts;
	struct node_entry nodes[MAX_ITEMS]; int n_nodes;
	struct link_entry links[64]; int n_links;
	const char *masked[MAX_ITEMS]; int n_masked;
	const char *readonly[MAX_ITEMS]; int n_readonly;
	struct kv_entry sysctls[MAX_ITEMS]; int n_sysctls;
	struct rlimit_entry rlimits[32]; int n_rlimits;
	const char *hostname, *domainname;
	int has_oom; int oom_score_adj;
	const char *cwd;
	unsigned uid, gid; unsigned groups[64]; int n_groups;
	uint64_t cap_bounding, cap_effective, cap_permitted, cap_inheritable, cap_ambient;
	int no_new_privs;
	int terminal;                   /* stdio is a pty; /dev/console is bound to it */
	int has_stdio_owner;            /* "stdio-owner UID GID": host ids that own the */
	unsigned stdio_uid, stdio_gid;  /* container ends of the stdio pipes (not a pty) */
	const char *keyring;            /* "keyring NAME": session keyring to join; NULL keeps ours */
	struct idmap_entry uidmap[16]; int n_uidmap;   /* for a new user namespace */
	struct idmap_entry gidmap[16]; int n_gidmap;
	const unsigned char *seccomp; size_t seccomp_len;  /* struct sock_filter[] */
	const char **argv;              /* NULL-terminated, as long as the plan says (never NULL */
	const char **envp;              /* after a successful parse); size limits are Java's (ARG_MAX) */
};

/* Parses buf (len bytes, modified in place); returns 0 or -1 with *err set. argv and envp are
 * allocated (cortado-init execs or exits, so nothing frees them). */
int plan_parse(char *buf, size_t len, struct plan *p, const char **err);
/* Frees what a successful plan_parse allocated (for the fuzz target; cortado-init never needs to). */
void plan_release(struct plan *p);

#endif
