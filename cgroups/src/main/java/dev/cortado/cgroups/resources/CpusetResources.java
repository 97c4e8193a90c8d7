package dev.cortado.cgroups.resources;

import static dev.cortado.cgroups.resources.Checks.check;

import java.util.regex.Pattern;

/**
 * CPUs and memory nodes a cgroup may use, in the kernel's list format ({@code 0-3,6}); null or
 * empty means not set.
 *
 * @param cpus {@code cpuset.cpus}
 * @param mems {@code cpuset.mems}
 */
public record CpusetResources(String cpus, String mems) {
    /** No cpuset settings. */
    public static final CpusetResources NONE = new CpusetResources(null, null);

    private static final Pattern LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

    /** Validates the list syntax (a stray newline would write a second value). */
    public CpusetResources {
        cpus = cpus == null || cpus.isBlank() ? null : cpus.trim();
        mems = mems == null || mems.isBlank() ? null : mems.trim();
        check(cpus == null || LIST.matcher(cpus).matches(), "cpuset cpus \"" + cpus + "\" is not a cpu list");
        check(mems == null || LIST.matcher(mems).matches(), "cpuset mems \"" + mems + "\" is not a node list");
    }

    /** Returns whether any field is set. */
    public boolean isSet() {
        return cpus != null || mems != null;
    }
}
