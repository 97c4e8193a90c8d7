package dev.cortado.shim.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;

/**
 * Subreaper status and reaping of single children, for shims whose orphaned monitors are
 * re-parented to them.
 */
final class ChildProcesses {
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int ECHILD = 10;
    private static final int EINTR = 4;

    private final Libc libc;

    ChildProcesses(Libc libc) {
        this.libc = libc;
    }

    void becomeChildSubreaper() {
        try {
            libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        } catch (LastErrorException e) {
            throw LibcSyscalls.failed("prctl PR_SET_CHILD_SUBREAPER", e.getErrorCode());
        }
    }

    boolean reapIfChild(int pid) {
        // waitpid on this pid only: waitpid(-1) would steal the statuses that the JDK's own
        // process reaper waits for
        IntByReference status = new IntByReference();
        while (true) {
            try {
                libc.waitpid(pid, status, 0);
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ECHILD) {
                    return false; // not ours: init or another subreaper reaps it
                }
                if (e.getErrorCode() != EINTR) {
                    throw LibcSyscalls.failed("waitpid " + pid, e.getErrorCode());
                }
            }
        }
    }
}
