package dev.cortado.cgroups;

/** How cgroups are mounted on this machine, as far as a cgroup v2 library cares. */
public enum CgroupMode {
    /** {@code /sys/fs/cgroup} itself is a cgroup2 mount: every controller can be on v2. */
    UNIFIED,
    /**
     * A cgroup2 mount at {@code /sys/fs/cgroup/unified} beside v1 hierarchies: v1 owns the resource
     * controllers, so v2 offers only what is left (freeze, kill, events, cpu.stat, PSI).
     */
    HYBRID,
    /** No cgroup2 mount found: nothing can be managed. */
    NONE;

    /** Returns the lower-case name used in error messages ("unified", "hybrid", "none"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
