package dev.cortado.cgroups.stats;

/**
 * {@code pids.current} and {@code pids.max}.
 *
 * @param current tasks in the cgroup and its descendants
 * @param max limit, -1 for unlimited
 */
public record PidsStat(long current, long max) {
    /** Parses both files' contents. */
    public static PidsStat parse(String current, String max) {
        return new PidsStat(StatFiles.singleValue(current, "pids.current"), StatFiles.singleValue(max, "pids.max"));
    }
}
