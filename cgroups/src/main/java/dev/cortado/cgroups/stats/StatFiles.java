package dev.cortado.cgroups.stats;

import dev.cortado.cgroups.CgroupException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parsers for the two generic cgroup v2 file shapes: single values and flat keyed ("key value" lines). */
public final class StatFiles {
    /** The value {@link #singleValue} returns for "max". */
    public static final long MAX = -1;

    private StatFiles() {}

    /** Parses a single-value file ({@code memory.current}, {@code pids.max}); "max" gives {@link #MAX}. */
    public static long singleValue(String content, String file) {
        String v = content.trim();
        if (v.equals("max")) {
            return MAX;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw malformed(file, "\"" + v + "\" is not a number", e);
        }
    }

    /** Parses a flat keyed file ({@code cpu.stat}, {@code memory.stat}, {@code memory.events}). */
    public static Map<String, Long> flatKeyed(String content, String file) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : content.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] kv = line.trim().split("\\s+");
            if (kv.length != 2) {
                throw malformed(file, "line \"" + line + "\" is not \"key value\"", null);
            }
            try {
                out.put(kv[0], kv[1].equals("max") ? MAX : Long.parseUnsignedLong(kv[1]));
            } catch (NumberFormatException e) {
                throw malformed(file, "value of " + kv[0] + " is not a number", e);
            }
        }
        return Map.copyOf(out);
    }

    static CgroupException malformed(String file, String why, Throwable cause) {
        return new CgroupException(CgroupException.Reason.IO, "malformed " + file + ": " + why, cause);
    }
}
