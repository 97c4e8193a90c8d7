package dev.cortado.cgroups.resources;

import static dev.cortado.cgroups.resources.Checks.check;

/**
 * Memory limits in bytes, in OCI semantics; null means not set, -1 means unlimited.
 *
 * @param limit hard limit ({@code memory.max})
 * @param reservation soft guarantee ({@code memory.low}, as runc maps OCI reservation)
 * @param swap memory plus swap, as OCI and CRI {@code memory_swap_limit_in_bytes} define it;
 *     {@code memory.swap.max} gets {@code swap - limit}
 * @param high throttling threshold ({@code memory.high}); OCI and CRI only set it via unified
 * @param oomGroup whether the OOM killer kills the whole cgroup ({@code memory.oom.group})
 */
public record MemoryResources(Long limit, Long reservation, Long swap, Long high, Boolean oomGroup) {
    /** No memory settings. */
    public static final MemoryResources NONE = new MemoryResources(null, null, null, null, null);

    /** Validates each value and the swap rule of OCI (swap at least the limit). */
    public MemoryResources {
        Checks.limit(limit, "memory limit");
        Checks.limit(reservation, "memory reservation");
        Checks.limit(swap, "memory swap limit");
        Checks.limit(high, "memory high");
        if (swap != null && swap > 0) {
            check(
                    limit != null && limit > 0,
                    "memory swap limit " + swap + " needs a memory limit (swap is memory plus swap)");
            check(swap >= limit, "memory swap limit " + swap + " must be at least the memory limit " + limit);
        }
    }

    /** Returns whether any field is set. */
    public boolean isSet() {
        return limit != null || reservation != null || swap != null || high != null || oomGroup != null;
    }
}
