package dev.cortado.cgroups.stats;

import java.util.Map;

/**
 * {@code cpu.stat}: usage always present; the throttling counters only where the cpu controller
 * is enabled (0 otherwise, as in hybrid mode).
 *
 * @param usageUsec total CPU time in microseconds
 * @param userUsec user time
 * @param systemUsec system time
 * @param nrPeriods enforcement periods that have elapsed
 * @param nrThrottled periods in which the cgroup was throttled
 * @param throttledUsec total throttled time
 */
public record CpuStat(
        long usageUsec, long userUsec, long systemUsec, long nrPeriods, long nrThrottled, long throttledUsec) {

    /** Validates that counters are non-negative. */
    public CpuStat {
        if (usageUsec < 0 || userUsec < 0 || systemUsec < 0 || nrPeriods < 0 || nrThrottled < 0 || throttledUsec < 0) {
            throw new IllegalArgumentException("cpu.stat counters must be non-negative");
        }
    }

    /** Parses the file's content. */
    public static CpuStat parse(String content) {
        Map<String, Long> m = StatFiles.flatKeyed(content, "cpu.stat");
        if (!m.containsKey("usage_usec")) {
            throw StatFiles.malformed("cpu.stat", "no usage_usec", null);
        }
        return new CpuStat(
                m.get("usage_usec"),
                m.getOrDefault("user_usec", 0L),
                m.getOrDefault("system_usec", 0L),
                m.getOrDefault("nr_periods", 0L),
                m.getOrDefault("nr_throttled", 0L),
                m.getOrDefault("throttled_usec", 0L));
    }
}
