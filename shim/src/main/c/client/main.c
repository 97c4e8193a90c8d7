/* main.c - the native client's command line (see client.h). */
#define _GNU_SOURCE
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char **orig_argv;

const char *state_root(void)
{
	const char *root = getenv("CORTADO_SHIM_ROOT");
	return root && *root ? root : "/run/cortado/s";
}

void fallback(const struct buf *in)
{
	const char *script = getenv("CORTADO_SHIM_SCRIPT");
	if (!script || !*script) { fprintf(stderr, "containerd-shim-cortado-v2: CORTADO_SHIM_SCRIPT is not set\n"); exit(1); }
	if (in) {
		int fd = memfd_create("stdin", MFD_CLOEXEC);
		if (fd < 0 || (in->len && write(fd, in->p, in->len) != (ssize_t)in->len) || lseek(fd, 0, SEEK_SET) ||
		    dup2(fd, 0) < 0) { perror("containerd-shim-cortado-v2: pass stdin on"); exit(1); }
	}
	setenv("CORTADO_SHIM_JVM", "1", 1);
	execv(script, orig_argv);
	perror("containerd-shim-cortado-v2: exec the shim script");
	exit(1);
}

int main(int argc, char **argv)
{
	orig_argv = argv;
	struct flags f = { "", "", "", NULL };
	/* Go's flag syntax: -name value, -name=value, --name; booleans take no value */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-') { f.action = a; continue; }
		a += a[1] == '-' ? 2 : 1;
		const char *eq = strchr(a, '=');
		size_t n = eq ? (size_t)(eq - a) : strlen(a);
		int boolean = (n == 5 && !strncmp(a, "debug", 5)) || (n == 1 && a[0] == 'v') ||
			(n == 7 && !strncmp(a, "version", 7)) || (n == 4 && !strncmp(a, "info", 4));
		const char *value = eq ? eq + 1 : (!boolean && i + 1 < argc ? argv[++i] : "");
		if (n == 9 && !strncmp(a, "namespace", 9)) f.ns = value;
		if (n == 2 && !strncmp(a, "id", 2)) f.id = value;
		if (n == 6 && !strncmp(a, "bundle", 6)) f.bundle = value;
		if ((n == 4 && !strncmp(a, "info", 4)) || (n == 1 && a[0] == 'v') || (n == 7 && !strncmp(a, "version", 7)))
			fallback(NULL);
	}
	if (f.action && !strcmp(f.action, "start")) return cmd_start(&f);
	if (f.action && !strcmp(f.action, "delete")) return cmd_delete(&f);
	fallback(NULL);
}
