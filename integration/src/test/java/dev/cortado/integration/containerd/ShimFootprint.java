package dev.cortado.integration.containerd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: the memory and start latency of Cortado's shim against
 * containerd-shim-runc-v2 under the same containerd 1.6, in one run. For each runtime it starts
 * {@code sleep} containers with {@code ctr run -d} up to each count (default 1 10 50) and sums
 * the RSS of the processes that keep them (Cortado: the one shim server plus a cortado-init
 * monitor per container; runc: one containerd-shim-runc-v2 per container); it also reports the
 * median wall time of {@code ctr run -d} after the first container. Run by
 * {@code integration/bin/shim-footprint} as root.
 */
public final class ShimFootprint {
    private static final List<String> RUNTIMES = List.of(Containerd.RUNTIME, "io.containerd.runc.v2");

    private ShimFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0 ? new int[] {1, 10, 50} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "footprint");
        Containerd containerd = new Containerd(dir, ContainerdShimTest.shimScript());
        List<String> rows = new ArrayList<>();
        try {
            containerd.start();
            check(containerd.ctr("image", "import", BusyboxImage.write(dir).toString()));
            for (String runtime : RUNTIMES) {
                List<Long> startMillis = new ArrayList<>();
                int running = 0;
                for (int count : counts) {
                    for (; running < count; running++) {
                        long t0 = System.nanoTime();
                        check(containerd.ctr("run", "-d", "--runtime", runtime, BusyboxImage.NAME, "f" + running,
                                "sleep", "1000"));
                        if (running > 0) {
                            startMillis.add((System.nanoTime() - t0) / 1_000_000);
                        }
                    }
                    Thread.sleep(2000); // let the shims settle after their last start
                    rows.add(String.format("%-24s %4d tasks  %8.1f MB", runtime, count, rssOfKeepers(containerd) / 1024.0));
                }
                startMillis.sort(Comparator.naturalOrder());
                rows.add(String.format("%-24s ctr run -d median %d ms (n=%d)", runtime,
                        startMillis.isEmpty() ? 0 : startMillis.get(startMillis.size() / 2), startMillis.size()));
                removeAll(containerd, running);
            }
        } finally {
            containerd.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        rows.forEach(System.out::println);
    }

    /** KiB of RSS of the shim processes and monitors that keep the running tasks. */
    private static long rssOfKeepers(Containerd containerd) throws Exception {
        Set<Long> keepers = new LinkedHashSet<>();
        for (String line : containerd.ctr("task", "ls").out().lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[2].equals("RUNNING")) {
                long parent = Long.parseLong(status(Long.parseLong(f[1]), "PPid"));
                keepers.add(parent); // Cortado's monitor, or the runc shim
            }
        }
        if (Files.exists(containerd.shimRoot().resolve("ready"))) {
            keepers.add(containerd.shimServerPid());
        }
        long kib = 0;
        for (long pid : keepers) {
            kib += Long.parseLong(status(pid, "VmRSS").replace("kB", "").trim());
        }
        return kib;
    }

    private static String status(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith(field + ":")).findFirst().orElseThrow()
                .substring(field.length() + 1).trim();
    }

    private static void removeAll(Containerd containerd, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            containerd.ctr("task", "kill", "-s", "SIGKILL", "f" + i);
        }
        for (int i = 0; i < n; i++) {
            for (int tries = 0; tries < 100 && containerd.ctr("task", "delete", "f" + i).code() != 0
                    && containerd.ctr("task", "ls").out().contains("f" + i + " "); tries++) {
                Thread.sleep(100);
            }
            containerd.ctr("container", "rm", "f" + i);
        }
    }

    private static void check(Containerd.Result r) {
        if (r.code() != 0) {
            throw new IllegalStateException(r.out());
        }
    }
}
