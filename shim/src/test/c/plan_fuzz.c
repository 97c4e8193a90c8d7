/*
 * plan_fuzz - libFuzzer target for cortado-init's plan parser (plan.c). Built with clang
 * -fsanitize=fuzzer,address,undefined by PlanFuzzTest, which runs it for a bounded time on
 * the corpus in plan-corpus/ (seeds written by PlanWriter, plus the inputs the fuzzer found).
 * Any crash, sanitizer report or leak fails the test.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > PLAN_MAX) return 0;
	char *buf = malloc(size ? size : 1);   /* exactly size bytes: ASan sees any overread */
	if (!buf) return 0;
	memcpy(buf, data, size);
	struct plan p;
	const char *err = NULL;
	if (plan_parse(buf, size, &p, &err) == 0) {
		/* what the monitor and child read: every pointer must be inside the buffer or NULL */
		size_t n = 0;
		for (const char **a = p.argv; *a; a++) n += strlen(*a);
		for (const char **e = p.envp; *e; e++) n += strlen(*e);
		if (p.cwd) n += strlen(p.cwd);
		if (p.seccomp_len % 8) abort();
		plan_release(&p);
		(void)n;
	} else if (!err) {
		abort();   /* a refusal always says why */
	}
	free(buf);
	return 0;
}
