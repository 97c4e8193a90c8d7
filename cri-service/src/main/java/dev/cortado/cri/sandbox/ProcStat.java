package dev.cortado.cri.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code /proc/PID/stat}, which names a process uniquely together with its pid. */
final class ProcStat {
    private ProcStat() {}

    /**
     * Field 22, {@code starttime}. The command name (field 2) may hold spaces and parentheses,
     * so fields are counted after its last {@code ')'}.
     */
    static long startTime(Path proc, long pid) throws IOException {
        String stat = Files.readString(proc.resolve(pid + "/stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IOException("malformed " + proc.resolve(pid + "/stat"));
        }
        String[] fields = stat.substring(close + 2).trim().split(" ");
        // fields[0] is field 3 (state), so field 22 is fields[19]
        if (fields.length < 20) {
            throw new IOException("malformed " + proc.resolve(pid + "/stat") + ": " + fields.length + " fields");
        }
        try {
            return Long.parseLong(fields[19]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed start time in " + proc.resolve(pid + "/stat"), e);
        }
    }
}
