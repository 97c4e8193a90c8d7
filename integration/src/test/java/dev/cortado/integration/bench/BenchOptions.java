package dev.cortado.integration.bench;

import dev.cortado.integration.DaemonProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark's command line.
 *
 * @param sections which parts run: lifecycle, density (with the List calls), exec, pull
 * @param cycles lifecycle cycles per side, serially and again with concurrency 8
 * @param counts density levels in pods, ascending
 * @param manyContainers with {@code --containers-1000}, 1000: containers added to the pods of the
 *     last level for the List calls; 0 otherwise
 * @param execs ExecSync calls per side
 * @param pullRepeats warm pulls per image and side
 * @param largeMib the large image's random data in MiB
 * @param jvm how Cortado's daemon is started: the launcher's options, or {@code java -jar} plain
 * @param json where the JSON goes
 * @param cortadoHandler the RuntimeClass handler Cortado's pods ask for: {@code inproc} (cortado's
 *     own task service in the daemon's JVM, the default) or {@code cortado} (through its shim)
 */
record BenchOptions(
        Set<String> sections,
        int cycles,
        List<Integer> counts,
        int manyContainers,
        int execs,
        int pullRepeats,
        int largeMib,
        DaemonProcess.Jvm jvm,
        Path json,
        String cortadoHandler) {
    static final Set<String> SECTIONS = Set.of("lifecycle", "density", "exec", "pull");
    static final String USAGE = """
            Usage: integration/bin/benchmark [options]
              --sections LIST      comma-separated subset of lifecycle,density,exec,pull (default: all)
              --quick              a quick run: 8 cycles, density at 10 pods, 10 execs, 1 warm pull, 50 MiB large image
              --cycles N           lifecycle cycles per side, serial and concurrent (default 24)
              --counts N,N,...     density levels in pods (default 10,50,100)
              --containers-1000    also List* with 1000 containers (added to the last level's pods)
              --execs N            ExecSync calls per side (default 30)
              --pull-repeats N     warm pulls per image and side (default 3)
              --large-mib N        the large image's size in MiB (default 200)
              --cortado-jvm MODE   launcher (default: the project's options) or plain (java -jar, no options)
              --cortado-handler H  the handler Cortado's pods use: inproc (default: its own in the daemon's JVM) or cortado (through its shim)
              --json FILE          JSON output (default integration/target/benchmark.json)
            """;

    static BenchOptions parse(String... args) {
        Set<String> sections = SECTIONS;
        int cycles = 24;
        List<Integer> counts = List.of(10, 50, 100);
        int many = 0;
        int execs = 30;
        int repeats = 3;
        int largeMib = 200;
        DaemonProcess.Jvm jvm = DaemonProcess.Jvm.LAUNCHER;
        Path json = Path.of("integration/target/benchmark.json");
        String handler = "inproc";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> {
                    cycles = 8;
                    counts = List.of(10);
                    execs = 10;
                    repeats = 1;
                    largeMib = 50;
                }
                case "--containers-1000" -> many = 1000;
                case "--sections" -> sections = sections(value(args, ++i, arg));
                case "--cycles" -> cycles = positive(value(args, ++i, arg), arg);
                case "--counts" -> counts = counts(value(args, ++i, arg));
                case "--execs" -> execs = positive(value(args, ++i, arg), arg);
                case "--pull-repeats" -> repeats = positive(value(args, ++i, arg), arg);
                case "--large-mib" -> largeMib = positive(value(args, ++i, arg), arg);
                case "--cortado-jvm" ->
                    jvm = DaemonProcess.Jvm.valueOf(value(args, ++i, arg).toUpperCase(Locale.ROOT));
                case "--json" -> json = Path.of(value(args, ++i, arg));
                case "--cortado-handler" -> handler = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new BenchOptions(sections, cycles, counts, many, execs, repeats, largeMib, jvm, json, handler);
    }

    boolean runs(String section) {
        return sections.contains(section);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int positive(String value, String option) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, not " + value);
        }
        return n;
    }

    private static Set<String> sections(String list) {
        Set<String> out = Set.of(list.split(","));
        if (!SECTIONS.containsAll(out)) {
            throw new IllegalArgumentException("unknown section in " + list + "; known: " + SECTIONS);
        }
        return out;
    }

    private static List<Integer> counts(String list) {
        List<Integer> out = new ArrayList<>();
        for (String n : list.split(",")) {
            int count = positive(n, "--counts");
            if (!out.isEmpty() && count <= out.get(out.size() - 1)) {
                throw new IllegalArgumentException("--counts must ascend: " + list);
            }
            out.add(count);
        }
        return List.copyOf(out);
    }
}
