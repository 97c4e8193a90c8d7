package dev.cortado.cgroups.resources;

import dev.cortado.cgroups.CgroupException;

/** Argument checks shared by the resource records; every failure is INVALID_ARGUMENT. */
final class Checks {
    private Checks() {}

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new CgroupException(CgroupException.Reason.INVALID_ARGUMENT, message);
        }
    }

    /** A byte or count limit: null (unset), -1 (unlimited) or positive. */
    static void limit(Long v, String name) {
        check(v == null || v == -1 || v > 0, name + " must be -1 (unlimited) or positive, got " + v);
    }
}
