package dev.cortado.cgroups.resources;

import static dev.cortado.cgroups.resources.Checks.check;

/**
 * CPU bandwidth and weight, in the OCI units (shares, microseconds); null means not set.
 *
 * @param shares relative weight in cgroup v1 shares (2..262144), converted to {@code cpu.weight}
 * @param quota microseconds per period, -1 or null for unlimited
 * @param period period in microseconds (1000..1000000)
 * @param idle 1 to make the cgroup SCHED_IDLE ({@code cpu.idle}), 0 to clear
 */
public record CpuResources(Long shares, Long quota, Long period, Long idle) {
    /** No CPU settings. */
    public static final CpuResources NONE = new CpuResources(null, null, null, null);

    /** Validates ranges the kernel would otherwise reject halfway through an update. */
    public CpuResources {
        check(shares == null || (shares >= 2 && shares <= 262144), "cpu shares must be in 2..262144, got " + shares);
        check(
                quota == null || quota == -1 || quota >= 1000,
                "cpu quota must be -1 (unlimited) or at least 1000 microseconds, got " + quota);
        check(
                period == null || (period >= 1000 && period <= 1_000_000),
                "cpu period must be in 1000..1000000 microseconds, got " + period);
        check(idle == null || idle == 0 || idle == 1, "cpu idle must be 0 or 1, got " + idle);
    }

    /** Returns whether any field is set. */
    public boolean isSet() {
        return shares != null || quota != null || period != null || idle != null;
    }
}
