/*
 * plandump - parses a plan from stdin with cortado-init's own plan.c and prints what the
 * monitor would see of it, or "error <reason>". Built by PlanRoundTripTest with gcc, so that
 * the records PlanWriter writes are checked against the parser that reads them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "plan.h"

int main(void)
{
	static char buf[PLAN_MAX];
	size_t len = fread(buf, 1, sizeof(buf), stdin);
	struct plan p;
	const char *err = NULL;
	if (plan_parse(buf, len, &p, &err)) {
		printf("error %s\n", err);
		return 1;
	}
	printf("statedir %s\nargs %s\n", p.state_dir, p.argv[0]);
	if (p.has_stdio_owner) printf("stdio-owner %u %u\n", p.stdio_uid, p.stdio_gid);
	else printf("stdio-owner none\n");
	int n = 0;
	while (p.envp[n]) n++;
	if (n) printf("env %d %s %s\n", n, p.envp[0], p.envp[n - 1]);
	return 0;
}
