package dev.cortado.integration.containerd;

import dev.cortado.api.containerd.task.v3.TaskGrpc;
import dev.cortado.api.containerd.task.v3.WaitRequest;
import dev.cortado.ttrpc.Metadata;
import dev.cortado.ttrpc.TtrpcMethod;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: Cortado's shim against containerd-shim-runc-v2 under the same
 * containerd 1.6, in one run, containers started and removed alternately (one of each runtime
 * in turn) so that both see the same machine. Prints the latency of {@code ctr run -d} and of
 * {@code ctr t rm} (p50/p90), the PSS of every process that keeps the tasks at each count
 * (default 1 10 30; Cortado: the shim relay, the server and a cortado-init monitor per
 * container; runc: one containerd-shim-runc-v2 per container) and the server's threads, with a
 * Task.Wait held open on each task's shim, as containerd's CRI plugin waits on every container
 * it starts. Run by
 * {@code integration/bin/shim-footprint} as root.
 */
public final class ShimFootprint {
    private static final List<String> RUNTIMES = List.of(Containerd.RUNTIME, "io.containerd.runc.v2");

    private ShimFootprint() {}

    public static void main(String[] args) throws Exception {
        int[] counts = args.length == 0
                ? new int[] {1, 10, 30}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        int max = Arrays.stream(counts).max().orElse(1);
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "footprint");
        Containerd containerd = new Containerd(dir, ContainerdShimTest.shimScript());
        Map<String, List<Long>> runMs = new LinkedHashMap<>();
        Map<String, List<Long>> rmMs = new LinkedHashMap<>();
        Map<String, List<String>> pss = new LinkedHashMap<>();
        RUNTIMES.forEach(r -> {
            runMs.put(r, new ArrayList<>());
            rmMs.put(r, new ArrayList<>());
            pss.put(r, new ArrayList<>());
        });
        List<String> threads = new ArrayList<>();
        List<TtrpcClient> waiters = new ArrayList<>();
        try {
            containerd.start();
            check(containerd.ctr("image", "import", BusyboxImage.write(dir).toString()));
            for (int i = 0; i < max; i++) {
                for (String runtime : RUNTIMES) {
                    long t0 = System.nanoTime();
                    check(containerd.ctr(
                            "run", "-d", "--runtime", runtime, BusyboxImage.NAME, name(runtime, i), "sleep", "1000"));
                    if (i > 0) {
                        runMs.get(runtime).add((System.nanoTime() - t0) / 1_000_000);
                    }
                    waiters.add(waiter(dir, name(runtime, i)));
                }
                int running = i + 1;
                if (Arrays.stream(counts).anyMatch(c -> c == running)) {
                    Thread.sleep(2000); // let the shims settle after their last start
                    for (String runtime : RUNTIMES) {
                        pss.get(runtime)
                                .add(String.format("%d: %.1f MiB", i + 1, pssOfKeepers(containerd, runtime) / 1024.0));
                    }
                    threads.add("server threads at " + (i + 1) + " tasks: " + threadsOf(containerd.shimServerPid()));
                }
            }
            for (int i = 0; i < max; i++) {
                for (String runtime : RUNTIMES) {
                    rmMs.get(runtime).add(remove(containerd, name(runtime, i)));
                }
            }
        } finally {
            waiters.forEach(TtrpcClient::close);
            containerd.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        for (String runtime : RUNTIMES) {
            System.out.printf(
                    "%-24s ctr run -d %s   ctr t rm %s   PSS %s%n",
                    runtime,
                    percentiles(runMs.get(runtime)),
                    percentiles(rmMs.get(runtime)),
                    String.join(", ", pss.get(runtime)));
        }
        threads.forEach(System.out::println);
    }

    /** The process's thread count, then its threads by name (digits dropped: "shim-work-1" counts as "shim-work-"). */
    private static String threadsOf(long pid) throws IOException {
        Map<String, Integer> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    byName.merge(
                            Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", ""), 1, Integer::sum);
                } catch (IOException gone) {
                    // the thread ended while we listed
                }
            }
        }
        return byName.values().stream().mapToInt(Integer::intValue).sum() + " " + byName;
    }

    /**
     * A Task.Wait held open on the task's shim, on a connection of its own, as containerd's CRI
     * plugin holds one for every container it starts (ctr 1.6 has no {@code task wait}).
     */
    private static TtrpcClient waiter(Path dir, String id) throws IOException {
        String address = Files.readString(dir.resolve("state/io.containerd.runtime.v2.task/test")
                        .resolve(id)
                        .resolve("address"))
                .trim();
        TtrpcClient client =
                TtrpcClient.connect(TtrpcTransport.unixSocket(Path.of(address.replaceFirst("^unix://", ""))));
        client.unaryAsync(
                TtrpcMethod.of(TaskGrpc.getWaitMethod()).withService("containerd.task.v2.Task"),
                WaitRequest.newBuilder().setId(id).build(),
                CallOptions.DEFAULT.withMetadata(Metadata.of(Map.of("containerd-namespace-ttrpc", "test"))));
        return client;
    }

    private static String name(String runtime, int i) {
        return (runtime.equals(Containerd.RUNTIME) ? "c" : "r") + i;
    }

    private static String percentiles(List<Long> ms) {
        if (ms.isEmpty()) {
            return "-";
        }
        List<Long> sorted = ms.stream().sorted().toList();
        return String.format(
                "p50 %d / p90 %d ms (n=%d)",
                sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1)),
                sorted.size());
    }

    /** KiB of PSS of the processes that keep the runtime's running tasks. */
    private static long pssOfKeepers(Containerd containerd, String runtime) throws Exception {
        String prefix = runtime.equals(Containerd.RUNTIME) ? "c" : "r";
        Set<Long> keepers = new LinkedHashSet<>();
        for (String line : containerd.ctr("task", "ls").out().lines().skip(1).toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[2].equals("RUNNING") && f[0].startsWith(prefix)) {
                keepers.add(
                        Long.parseLong(status(Long.parseLong(f[1]), "PPid"))); // Cortado's monitor, or the runc shim
            }
        }
        if (prefix.equals("c") && Files.exists(containerd.shimRoot().resolve("ready"))) {
            long server = containerd.shimServerPid();
            keepers.add(server);
            long parent = Long.parseLong(status(server, "PPid"));
            if (Files.readString(Path.of("/proc/" + parent + "/cmdline")).contains("relay")) {
                keepers.add(parent); // the shim relay that holds the server's sockets
            }
        }
        long kib = 0;
        for (long pid : keepers) {
            kib += Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup")).stream()
                    .filter(l -> l.startsWith("Pss:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .sum();
        }
        return kib;
    }

    private static String status(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith(field + ":"))
                .findFirst()
                .orElseThrow()
                .substring(field.length() + 1)
                .trim();
    }

    /** Kills the task, waits until it stopped, and returns how long {@code ctr t rm} took in ms. */
    private static long remove(Containerd containerd, String id) throws Exception {
        containerd.ctr("task", "kill", "-s", "SIGKILL", id);
        for (int tries = 0;
                tries < 100 && !containerd.ctr("task", "ls").out().matches("(?s).*\\b" + id + "\\s+\\d+\\s+STOPPED.*");
                tries++) {
            Thread.sleep(50);
        }
        long t0 = System.nanoTime();
        Containerd.Result r = containerd.ctr("task", "rm", id);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        check(r);
        check(containerd.ctr("container", "rm", id));
        return ms;
    }

    private static void check(Containerd.Result r) {
        if (r.code() != 0) {
            throw new IllegalStateException(r.out());
        }
    }
}
