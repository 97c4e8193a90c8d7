package dev.cortado.shim.launch;

import dev.cortado.errors.CortadoException;

/**
 * The host uid and gid that own the container-side ends of a process's stdio pipes.
 *
 * <p>This is containerd's {@code io_uid}/{@code io_gid} runtime option (runc's
 * {@code NewPipeIO(uid, gid)}): a pipe is a root-owned 0600 inode, so a process that is not
 * root cannot reopen its own stdio through {@code /proc/self/fd/N} ({@code /dev/stdout}) unless
 * the pipes belong to it. Without an owner the pipes stay root's. The ids are host ids: the
 * monitor changes the owner before it joins any user namespace. A pty (terminal) is never
 * affected.
 */
public record StdioOwner(int uid, int gid) {
    /** Plan key: {@code stdio-owner UID GID}. */
    static final String PLAN_KEY = "stdio-owner";

    /** Refuses negative ids: -1 would mean "leave unchanged" to fchown. */
    public StdioOwner {
        if (uid < 0 || gid < 0) {
            throw CortadoException.invalidArgument("stdio owner uid and gid must not be negative: %d:%d", uid, gid);
        }
    }

    /** Appends this owner's plan record to {@code plan}. */
    PlanWriter writeTo(PlanWriter plan) {
        return plan.add(PLAN_KEY, Integer.toString(uid), Integer.toString(gid));
    }
}
