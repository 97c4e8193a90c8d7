package dev.cortado.cgroups.stats;

/** Computes CRI {@code usage_nano_cores} from two CPU usage samples, as containerd's stats collector does. */
public final class UsageNanoCores {
    private UsageNanoCores() {}

    /**
     * A cumulative CPU usage reading.
     *
     * @param usageNanos cumulative CPU time in nanoseconds ({@code usage_usec * 1000})
     * @param timestampNanos when it was read, from a monotonic clock
     */
    public record Sample(long usageNanos, long timestampNanos) {
        /** A sample from a cpu.stat reading. */
        public static Sample of(CpuStat stat, long timestampNanos) {
            return new Sample(stat.usageUsec() * 1000, timestampNanos);
        }
    }

    /**
     * Returns CPU cores used between the samples, in nano-cores (1e9 = one full core); 0 when time
     * did not advance or the counter went backwards (a recreated cgroup).
     */
    public static long between(Sample earlier, Sample later) {
        long dt = later.timestampNanos() - earlier.timestampNanos();
        long du = later.usageNanos() - earlier.usageNanos();
        if (dt <= 0 || du < 0) {
            return 0;
        }
        return (long) ((double) du / dt * 1_000_000_000L);
    }
}
