/*
 * client.h - containerd-shim-cortado-v2-start, the shim's native client: the `start` and
 * `delete` commands without a JVM. containerd runs both for every container, and a JVM costs
 * about 0.25 s even with class data sharing. Whenever the client cannot answer (no server for
 * start, a task the server must end while none answers, an unexpected reply), it hands over
 * to the Java command: it re-runs the shim script ($CORTADO_SHIM_SCRIPT) with
 * CORTADO_SHIM_JVM=1 and the stdin it may already have read.
 */
#ifndef CORTADO_CLIENT_H
#define CORTADO_CLIENT_H

#include "wire.h"

/* The flags containerd passes (Go's flag syntax), and the action. */
struct flags { const char *ns, *id, *bundle, *action; };

/* The state root: $CORTADO_SHIM_ROOT or /run/cortado/s. */
const char *state_root(void);

/* Hands over to the Java command with `in` (if not NULL) as its stdin; never returns. */
__attribute__((noreturn)) void fallback(const struct buf *in);

int cmd_start(const struct flags *f);
int cmd_delete(const struct flags *f);

#endif
