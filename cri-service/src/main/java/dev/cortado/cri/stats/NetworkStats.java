package dev.cortado.cri.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pod's network counters, from {@code /proc/<pid>/net/dev} of a process in its namespace.
 *
 * @param timestampNanos wall-clock nanoseconds of the reading
 * @param defaultInterface {@code eth0} (CNI's and containerd's default interface), empty when absent
 * @param interfaces every interface but loopback, the default one included
 */
public record NetworkStats(long timestampNanos, Optional<Interface> defaultInterface, List<Interface> interfaces) {
    static final String DEFAULT_INTERFACE = "eth0";

    public NetworkStats {
        interfaces = List.copyOf(interfaces);
    }

    /** One interface's counters (the columns of {@code /proc/net/dev} cAdvisor reports). */
    public record Interface(
            String name,
            long rxBytes,
            long rxPackets,
            long rxErrors,
            long rxDropped,
            long txBytes,
            long txPackets,
            long txErrors,
            long txDropped) {}

    /**
     * Parses {@code /proc/net/dev}: two header lines, then {@code name: 8 receive and 8 transmit
     * counters}. Fails closed (IllegalArgumentException naming the line) on any other shape.
     */
    static NetworkStats parse(String content, long timestampNanos) {
        String[] lines = content.split("\n");
        if (lines.length < 2 || !lines[0].contains("Receive") || !lines[1].contains("bytes")) {
            throw new IllegalArgumentException("net/dev: unexpected header");
        }
        List<Interface> out = new ArrayList<>();
        Optional<Interface> main = Optional.empty();
        for (int i = 2; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            int colon = lines[i].indexOf(':');
            String[] f = colon < 0
                    ? new String[0]
                    : lines[i].substring(colon + 1).trim().split("\\s+");
            if (colon < 0 || f.length != 16) {
                throw new IllegalArgumentException("net/dev: malformed line \"" + lines[i].trim() + "\"");
            }
            String name = lines[i].substring(0, colon).trim();
            if (name.equals("lo")) {
                continue;
            }
            Interface it;
            try {
                it = new Interface(
                        name,
                        Long.parseUnsignedLong(f[0]),
                        Long.parseUnsignedLong(f[1]),
                        Long.parseUnsignedLong(f[2]),
                        Long.parseUnsignedLong(f[3]),
                        Long.parseUnsignedLong(f[8]),
                        Long.parseUnsignedLong(f[9]),
                        Long.parseUnsignedLong(f[10]),
                        Long.parseUnsignedLong(f[11]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("net/dev: malformed counter in \"" + lines[i].trim() + "\"", e);
            }
            out.add(it);
            if (name.equals(DEFAULT_INTERFACE)) {
                main = Optional.of(it);
            }
        }
        return new NetworkStats(timestampNanos, main, out);
    }
}
