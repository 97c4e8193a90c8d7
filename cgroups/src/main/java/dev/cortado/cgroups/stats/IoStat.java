package dev.cortado.cgroups.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code io.stat}: one entry per device with any I/O.
 *
 * @param devices the per-device counters
 */
public record IoStat(List<Device> devices) {
    private static final List<String> KEYS = List.of("rbytes", "wbytes", "rios", "wios", "dbytes", "dios");

    /** Copies. */
    public IoStat {
        devices = List.copyOf(devices);
    }

    /** Parses lines such as {@code 8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0}. */
    public static IoStat parse(String content) {
        List<Device> out = new ArrayList<>();
        for (String line : content.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = StatFiles.fields(line);
            String[] mm = f[0].split(":");
            if (mm.length != 2) {
                throw StatFiles.malformed("io.stat", "bad device \"" + f[0] + "\"", null);
            }
            long[] v = new long[6];
            try {
                for (int i = 1; i < f.length; i++) {
                    String[] kv = f[i].split("=", 2);
                    int idx = KEYS.indexOf(kv[0]);
                    if (idx >= 0) {
                        v[idx] = Long.parseUnsignedLong(kv[1]);
                    }
                }
                out.add(new Device(Long.parseLong(mm[0]), Long.parseLong(mm[1]), v[0], v[1], v[2], v[3], v[4], v[5]));
            } catch (RuntimeException e) {
                throw StatFiles.malformed("io.stat", "bad line \"" + line + "\"", e);
            }
        }
        return new IoStat(out);
    }

    /** Counters of one device. */
    public record Device(
            long major, long minor, long rbytes, long wbytes, long rios, long wios, long dbytes, long dios) {}
}
