package dev.cortado.cgroups.resources;

import static dev.cortado.cgroups.resources.Checks.check;

/**
 * RDMA limits for one device; null means unlimited ("max").
 *
 * @param hcaHandles maximum HCA handles
 * @param hcaObjects maximum HCA objects
 */
public record RdmaLimit(Integer hcaHandles, Integer hcaObjects) {
    /** Validates that at least one limit is given and both are non-negative. */
    public RdmaLimit {
        check(hcaHandles != null || hcaObjects != null, "an rdma limit needs hcaHandles or hcaObjects");
        check(hcaHandles == null || hcaHandles >= 0, "rdma hcaHandles must be non-negative");
        check(hcaObjects == null || hcaObjects >= 0, "rdma hcaObjects must be non-negative");
    }
}
