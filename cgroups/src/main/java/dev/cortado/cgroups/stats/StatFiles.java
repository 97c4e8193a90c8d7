package dev.cortado.cgroups.stats;

import dev.cortado.cgroups.CgroupException;
import java.util.Arrays;
import java.util.HashMap;
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
        Map<String, Long> out = new HashMap<>();
        for (String line : content.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] kv = fields(line);
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

    /**
     * The whitespace-separated fields of a non-blank line, exactly {@code line.trim().split("\\s+")}
     * but without compiling that regex for every line: stats are read for every container on
     * every ListContainerStats (JMH {@code CgroupStatsBenchmark}).
     */
    static String[] fields(String line) {
        String t = line.trim();
        String[] out = new String[8];
        int count = 0;
        int i = 0;
        int n = t.length();
        while (i < n) {
            int start = i;
            while (i < n && !isSpace(t.charAt(i))) {
                i++;
            }
            if (count == out.length) {
                out = Arrays.copyOf(out, count * 2);
            }
            out[count++] = t.substring(start, i);
            while (i < n && isSpace(t.charAt(i))) {
                i++;
            }
        }
        return Arrays.copyOf(out, count);
    }

    /** The characters of regex {@code \\s}. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    static CgroupException malformed(String file, String why, Throwable cause) {
        return new CgroupException(CgroupException.Reason.IO, "malformed " + file + ": " + why, cause);
    }
}
