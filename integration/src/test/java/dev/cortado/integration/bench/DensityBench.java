package dev.cortado.integration.bench;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerFilter;
import dev.cortado.api.cri.v1.ContainerStatsFilter;
import dev.cortado.api.cri.v1.ListContainerStatsRequest;
import dev.cortado.integration.containers.Kubelet;
import dev.cortado.integration.cri.CriClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Density, one side after the other: the runtime idle, then N pods (each counts level, in
 * ascending order) with one busybox container each, started {@link LifecycleBench#CONCURRENCY}
 * at a time as kubelet does after a deploy: the wall time to reach N, the memory of every runtime
 * process ({@link Footprint}) and ListContainers / ListContainerStats latency with N containers;
 * optionally more containers in the same pods up to {@code manyContainers}; then the teardown of
 * all pods, timed.
 */
final class DensityBench {
    static final String[] COMMAND = {"sleep", "86400"};
    static final int LIST_CALLS = 20;
    /** Time for shims and JITs to settle after the last start, before memory is read. */
    static final long SETTLE_MS = 2000;

    /** What one side measured, per level ("idle", "10 pods", ...). */
    private static final class Result {
        final Map<String, Footprint> footprints = new LinkedHashMap<>();
        final Map<String, Double> wallSeconds = new LinkedHashMap<>();
        final Map<String, Timings> lists = new LinkedHashMap<>();
    }

    void run(Pair pair, String image, List<Integer> counts, int manyContainers, BenchReport report) throws Exception {
        List<Result> results = new ArrayList<>();
        for (Side side : pair.sides()) {
            results.add(measure(side, image, counts, manyContainers));
        }
        Result c = results.get(0);
        Result d = results.get(1);
        for (String level : c.footprints.keySet()) {
            if (c.wallSeconds.containsKey(level)) {
                report.add(
                        "density",
                        level + ": wall time to start",
                        "s",
                        new double[] {c.wallSeconds.get(level)},
                        new double[] {d.wallSeconds.get(level)});
            }
            Footprint fc = c.footprints.get(level);
            Footprint fd = d.footprints.get(level);
            report.add("density", level + ": daemon", "RSS/PSS MiB", mib(fc.role("daemon")), mib(fd.role("daemon")));
            report.add(
                    "density",
                    level + ": shims (server+relay / runc shims)",
                    "RSS/PSS MiB",
                    mib(fc.shims()),
                    mib(fd.shims()));
            report.add(
                    "density",
                    level + ": per pod (monitors / pause)",
                    "RSS/PSS MiB",
                    mib(fc.perPod()),
                    mib(fd.perPod()));
            report.add("density", level + ": whole runtime", "RSS/PSS MiB", mib(fc.total()), mib(fd.total()));
            report.processes("cortado " + level + ": " + fc.describe());
            report.processes("containerd " + level + ": " + fd.describe());
            if (c.lists.containsKey(level)) {
                for (String call : List.of("ListContainers", "ListContainerStats")) {
                    report.latency(
                            "list",
                            level + ": " + call,
                            c.lists.get(level).get(call),
                            d.lists.get(level).get(call));
                }
            }
        }
        List<String> podLevels = counts.stream().map(n -> n + " pods").toList();
        if (podLevels.size() >= 2) {
            String first = podLevels.get(0);
            String last = podLevels.get(podLevels.size() - 1);
            int pods = counts.get(counts.size() - 1) - counts.get(0);
            report.add(
                    "density",
                    "marginal PSS per pod, " + first + " to " + last,
                    "MiB",
                    new double[] {marginal(c, first, last, pods)},
                    new double[] {marginal(d, first, last, pods)});
        }
        report.add(
                "density",
                "teardown of all pods (StopPodSandbox+RemovePodSandbox)",
                "s",
                new double[] {c.wallSeconds.get("teardown")},
                new double[] {d.wallSeconds.get("teardown")});
    }

    private Result measure(Side side, String image, List<Integer> counts, int manyContainers) throws Exception {
        Result result = new Result();
        Thread.sleep(SETTLE_MS);
        result.footprints.put("idle", Footprint.of(side));
        Kubelet kubelet = new Kubelet(side.runtime());
        List<Kubelet.Pod> pods = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(LifecycleBench.CONCURRENCY);
        try {
            long t0 = System.nanoTime();
            for (int n : counts) {
                List<Future<Kubelet.Pod>> started = new ArrayList<>();
                for (int i = pods.size(); i < n; i++) {
                    String name = "dense-" + i;
                    started.add(pool.submit(() -> {
                        Kubelet.Pod pod = kubelet.runPod(name);
                        kubelet.run(
                                pod,
                                kubelet.container(pod, "c0", image, COMMAND).build());
                        return pod;
                    }));
                }
                for (Future<Kubelet.Pod> f : started) {
                    pods.add(f.get());
                }
                level(side, result, n + " pods", t0);
            }
            if (manyContainers > pods.size() && !pods.isEmpty()) {
                t0 = System.nanoTime();
                List<Future<String>> started = new ArrayList<>();
                for (int i = pods.size(); i < manyContainers; i++) {
                    Kubelet.Pod pod = pods.get(i % pods.size());
                    ContainerConfig config = kubelet.container(pod, "c" + (i / pods.size()), image, COMMAND)
                            .build();
                    started.add(pool.submit(() -> kubelet.run(pod, config)));
                }
                for (Future<String> f : started) {
                    f.get();
                }
                level(side, result, manyContainers + " containers in " + pods.size() + " pods", t0);
            }
            long t1 = System.nanoTime();
            List<Future<?>> removed = new ArrayList<>();
            for (Kubelet.Pod pod : pods) {
                removed.add(pool.submit(() -> {
                    side.cri().stopPodSandbox(pod.id());
                    side.cri().removePodSandbox(pod.id());
                }));
            }
            for (Future<?> f : removed) {
                f.get();
            }
            result.wallSeconds.put("teardown", (System.nanoTime() - t1) / 1e9);
        } finally {
            pool.shutdownNow();
        }
        return result;
    }

    /** Wall time since {@code t0}, then (after settling) memory and List latency at this level. */
    private static void level(Side side, Result result, String level, long t0) throws Exception {
        result.wallSeconds.put(level, (System.nanoTime() - t0) / 1e9);
        Thread.sleep(SETTLE_MS);
        result.footprints.put(level, Footprint.of(side));
        CriClient cri = side.cri();
        Timings t = new Timings();
        ListContainerStatsRequest stats = ListContainerStatsRequest.newBuilder()
                .setFilter(ContainerStatsFilter.getDefaultInstance())
                .build();
        for (int i = 0; i < LIST_CALLS; i++) {
            t.time("ListContainers", () -> cri.listContainers(ContainerFilter.getDefaultInstance()));
            t.time("ListContainerStats", () -> cri.runtime().listContainerStats(stats));
        }
        result.lists.put(level, t);
    }

    private static double marginal(Result r, String first, String last, int pods) {
        return (r.footprints.get(last).total().pssKib()
                        - r.footprints.get(first).total().pssKib())
                / 1024.0
                / pods;
    }

    private static double[] mib(Footprint.Usage u) {
        return new double[] {u.rssKib() / 1024.0, u.pssKib() / 1024.0};
    }
}
