package dev.cortado.cgroups.stats;

import java.util.Map;

/**
 * {@code cgroup.events}.
 *
 * @param populated whether any process lives in the cgroup or its descendants
 * @param frozen whether the cgroup is frozen (the freeze has completed)
 */
public record CgroupEvents(boolean populated, boolean frozen) {
    /** Parses the file's content. */
    public static CgroupEvents parse(String content) {
        Map<String, Long> m = StatFiles.flatKeyed(content, "cgroup.events");
        if (!m.containsKey("populated")) {
            throw StatFiles.malformed("cgroup.events", "no populated line", null);
        }
        return new CgroupEvents(m.get("populated") != 0, m.getOrDefault("frozen", 0L) != 0);
    }
}
