package dev.cortado.cgroups.stats;

import java.util.Map;

/**
 * {@code memory.stat}, all keys kept (the kernel adds keys over time) with accessors for the ones
 * CRI and containerd's metrics use.
 *
 * @param values every key of the file, in bytes or counts
 */
public record MemoryStat(Map<String, Long> values) {
    /** Copies. */
    public MemoryStat {
        values = Map.copyOf(values);
    }

    /** Parses the file's content. */
    public static MemoryStat parse(String content) {
        return new MemoryStat(StatFiles.flatKeyed(content, "memory.stat"));
    }

    /** Returns a key's value, 0 when the kernel does not report it. */
    public long get(String key) {
        return values.getOrDefault(key, 0L);
    }

    /** Anonymous memory (RSS in CRI terms). */
    public long anon() {
        return get("anon");
    }

    /** Page cache. */
    public long file() {
        return get("file");
    }

    /** Inactive page cache, subtracted for the working set. */
    public long inactiveFile() {
        return get("inactive_file");
    }

    /** Page faults. */
    public long pgfault() {
        return get("pgfault");
    }

    /** Major page faults. */
    public long pgmajfault() {
        return get("pgmajfault");
    }
}
