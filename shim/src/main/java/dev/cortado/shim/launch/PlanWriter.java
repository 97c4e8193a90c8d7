package dev.cortado.shim.launch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the plan that cortado-init executes (format defined in shim/src/main/c/plan.h).
 *
 * <pre>
 *   record := KEY ' ' COUNT '\n' arg*COUNT
 *   arg    := LEN ':' BYTES '\n'
 * </pre>
 *
 * <p>Length prefixes mean no value is ever escaped or split: a '\n', ',' or '+' inside a value
 * stays inside that value (the CRI-O pinns sysctl injection, CVE-2022-0811, cannot happen).
 *
 * <p>The keys and their arguments are listed in shim/README.md (Plan format); {@link PlanBuilder}
 * writes those of the spec, {@link Launcher} adds {@code monitor-cgroup} and {@code stdio-owner}.
 */
public final class PlanWriter {
    /** Plan format version that cortado-init accepts. */
    public static final String VERSION = "1";

    /** One record: its key and raw arguments. */
    public record Entry(String key, List<byte[]> args) {
        public Entry {
            args = args.stream().map(byte[]::clone).toList();
        }

        /** The arguments as UTF-8 strings (for tests and logs). */
        public List<String> text() {
            return args.stream().map(a -> new String(a, StandardCharsets.UTF_8)).toList();
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    public PlanWriter() {
        add("cortado-plan", VERSION);
    }

    /** Appends a record with text arguments. */
    public PlanWriter add(String key, String... args) {
        return add(key, Arrays.asList(args));
    }

    /** Appends a record with text arguments. */
    public PlanWriter add(String key, List<String> args) {
        List<byte[]> raw = new ArrayList<>();
        for (String a : args) {
            if (a.indexOf('\0') >= 0) {
                throw new dev.cortado.errors.CortadoException(
                        dev.cortado.errors.ErrorKind.INVALID_ARGUMENT,
                        "plan value for " + key + " contains a NUL byte");
            }
            raw.add(a.getBytes(StandardCharsets.UTF_8));
        }
        entries.add(new Entry(key, raw));
        return this;
    }

    /** Appends a record with one binary argument. */
    public PlanWriter addBytes(String key, byte[] arg) {
        entries.add(new Entry(key, List.of(arg)));
        return this;
    }

    /** The records so far, in order. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The encoded plan. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            out.writeBytes((e.key() + " " + e.args().size() + "\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] a : e.args()) {
                out.writeBytes((a.length + ":").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(a);
                out.write('\n');
            }
        }
        return out.toByteArray();
    }
}
