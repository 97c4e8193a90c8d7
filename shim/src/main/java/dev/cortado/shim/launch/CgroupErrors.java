package dev.cortado.shim.launch;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;

/** The one mapping of the cgroups library's failures to error kinds, for the launcher and the task service alike. */
public final class CgroupErrors {
    private CgroupErrors() {}

    /** The kind a client sees for a cgroup failure of this reason. */
    public static ErrorKind kindOf(CgroupException.Reason reason) {
        return switch (reason) {
            case INVALID_ARGUMENT -> ErrorKind.INVALID_ARGUMENT;
            case NOT_FOUND -> ErrorKind.NOT_FOUND;
            // the request is valid; this host (or the cgroup's state) cannot honour it now
            case UNSUPPORTED, FAILED_PRECONDITION -> ErrorKind.FAILED_PRECONDITION;
            // the kernel did not answer in time, or an I/O error: not the client's doing
            case TIMEOUT, IO -> ErrorKind.INTERNAL;
        };
    }

    /** The failure {@code e} of {@code what} (such as "freeze cgroup /a/b"), with its kind and cause. */
    public static CortadoException mapped(String what, CgroupException e) {
        return new CortadoException(kindOf(e.reason()), what + ": " + e.getMessage(), e);
    }
}
