package dev.cortado.cgroups.stats;

import java.util.Map;

/**
 * {@code memory.events} counters (hierarchical: they include descendants).
 *
 * @param low times usage fell under memory.low protection
 * @param high times usage went over memory.high
 * @param max times usage was about to go over memory.max
 * @param oom times the OOM killer was invoked
 * @param oomKill processes killed by the OOM killer
 * @param oomGroupKill group kills (memory.oom.group)
 */
public record MemoryEvents(long low, long high, long max, long oom, long oomKill, long oomGroupKill) {
    /** Parses the file's content; keys missing on older kernels count as 0. */
    public static MemoryEvents parse(String content) {
        Map<String, Long> m = StatFiles.flatKeyed(content, "memory.events");
        return new MemoryEvents(
                m.getOrDefault("low", 0L),
                m.getOrDefault("high", 0L),
                m.getOrDefault("max", 0L),
                m.getOrDefault("oom", 0L),
                m.getOrDefault("oom_kill", 0L),
                m.getOrDefault("oom_group_kill", 0L));
    }
}
