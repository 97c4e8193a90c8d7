package dev.cortado.integration.containers;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerStatsFilter;
import dev.cortado.api.cri.v1.ListContainerStatsRequest;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.api.cri.v1.ContainerStatus;
import dev.cortado.integration.containerd.HostCleanup;
import dev.cortado.integration.cri.CriClient;
import dev.cortado.integration.cri.KubeletConfigs;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Not a test: container latency side by side in one run, driven by the same {@link Kubelet}
 * with the same kubelet-shaped config, for Debian's containerd 1.6 CRI plugin with runc (the
 * reference), Cortado with its own shim and Cortado with runc's shim as handler {@code runc}.
 * Each runtime gets one pod; in batches of 10, rotating which runtime goes first, it creates 10
 * containers ({@code sh} that exits 0 on SIGTERM), starts them, stops them (grace 10 s) and
 * removes them, timing CreateContainer, StartContainer, StopContainer and RemoveContainer, and
 * checking each container's state between steps. Five untimed warm-ups per runtime, then
 * {@code count} containers (default 50). A runtime that fails with a gRPC error is reported as
 * not measured (with the error) and the others go on. Prints one table, writes it as JSON and
 * removes everything it started. Run with {@code integration/bin/containers-benchmark [count] [json-file]}.
 */
public final class ContainersBenchmark {
    static final int WARM_UPS = 5;
    static final int BATCH = 10;
    static final String[] COMMAND = {"sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"};

    private ContainersBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path json = Path.of(args.length > 1 ? args[1] : "integration/target/containers-benchmark.json");
        Optional<String> missing = ContainerdRuntime.unavailable();
        if (missing.isPresent() || !Files.isExecutable(ImageRegistry.BINARY)) {
            throw new IllegalStateException("cannot run here: " + missing.orElse("needs docker-registry"));
        }
        String loadBefore = loadAverage();
        ContainersBenchmarkReport report = new ContainersBenchmarkReport(count, WARM_UPS);
        Path registryDir = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-bench-registry");
        List<RuntimeUnderTest> runtimes = new ArrayList<>();
        try (ImageRegistry registry = ImageRegistry.start(registryDir)) {
            TestImages images = TestImages.push(registry);
            runtimes.add(ContainerdRuntime.start(RuntimeUnderTest.uniqueNetwork('x')));
            runtimes.add(CortadoRuntime.start("", RuntimeUnderTest.uniqueNetwork('y')));
            runtimes.add(CortadoRuntime.start(CortadoRuntime.RUNC, RuntimeUnderTest.uniqueNetwork('z')));
            Map<RuntimeUnderTest, Kubelet.Pod> pods = new LinkedHashMap<>();
            for (RuntimeUnderTest runtime : runtimes) {
                report.runtime(runtime.name());
                try {
                    Kubelet kubelet = new Kubelet(runtime);
                    kubelet.cri().pullImage(images.busybox(), null);
                    Kubelet.Pod pod = kubelet.runPod("ctr-it-bench");
                    batch(runtime, pod, images.busybox(), "warm", WARM_UPS, null);
                    pods.put(runtime, pod);
                } catch (StatusRuntimeException e) {
                    report.unavailable(runtime.name(), e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                }
            }
            List<RuntimeUnderTest> order = new ArrayList<>(pods.keySet());
            for (int first = 0; first < count; first += BATCH) {
                for (RuntimeUnderTest runtime : List.copyOf(order)) {
                    try {
                        batch(runtime, pods.get(runtime), images.busybox(), "c" + first + "-", Math.min(BATCH, count - first), report);
                    } catch (StatusRuntimeException e) {
                        report.unavailable(runtime.name(), e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                        order.remove(runtime);
                    }
                }
                if (!order.isEmpty()) {
                    order.add(order.remove(0)); // the next batch starts with the next runtime
                }
            }
        } finally {
            for (RuntimeUnderTest runtime : runtimes) {
                try {
                    runtime.close();
                } catch (Exception e) {
                    System.err.println("could not clean up " + runtime.name() + ": " + e);
                }
            }
            HostCleanup.deleteTree(registryDir);
        }
        String loadAfter = loadAverage();
        System.out.print(report.table(loadBefore, loadAfter));
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, report.json(loadBefore, loadAfter));
        System.out.println("JSON: " + json.toAbsolutePath());
    }

    /**
     * {@code n} containers named {@code prefix<i>} in {@code pod}: created, started, stopped and
     * removed, each step for all of them before the next; timed into {@code report} unless null.
     */
    private static void batch(RuntimeUnderTest runtime, Kubelet.Pod pod, String image, String prefix, int n,
            ContainersBenchmarkReport report) throws Exception {
        Kubelet kubelet = new Kubelet(runtime);
        CriClient cri = runtime.client();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ContainerConfig config = kubelet.container(pod, prefix + i, image, COMMAND).build();
            KubeletConfigs.createLogDir(pod.config(), config);
            long t0 = System.nanoTime();
            ids.add(cri.createContainer(pod.id(), config, pod.config()));
            record(report, runtime, "CreateContainer", t0);
        }
        for (String id : ids) {
            long t0 = System.nanoTime();
            cri.startContainer(id);
            record(report, runtime, "StartContainer", t0);
        }
        for (String id : ids) {
            expect(runtime, cri.containerStatus(id), ContainerState.CONTAINER_RUNNING);
        }
        // kubelet's per-second call, with the batch's n (10) containers running in the pod (issue 15)
        ListContainerStatsRequest stats = ListContainerStatsRequest.newBuilder()
                .setFilter(ContainerStatsFilter.newBuilder().setPodSandboxId(pod.id())).build();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            int seen = cri.runtime().listContainerStats(stats).getStatsCount();
            record(report, runtime, "ListContainerStats", t0);
            if (seen != n) {
                throw new IllegalStateException(runtime.name() + " ListContainerStats gave " + seen + ", expected " + n);
            }
        }
        for (String id : ids) {
            long t0 = System.nanoTime();
            cri.stopContainer(id, 10);
            record(report, runtime, "StopContainer", t0);
        }
        for (String id : ids) {
            ContainerStatus stopped = cri.containerStatus(id);
            expect(runtime, stopped, ContainerState.CONTAINER_EXITED);
            if (stopped.getExitCode() != 0) {
                throw new IllegalStateException(runtime.name() + " container " + id + " exited " + stopped.getExitCode()
                        + ", expected 0 (its trap exits 0 on SIGTERM)");
            }
        }
        for (String id : ids) {
            long t0 = System.nanoTime();
            cri.removeContainer(id);
            record(report, runtime, "RemoveContainer", t0);
        }
    }

    private static void record(ContainersBenchmarkReport report, RuntimeUnderTest runtime, String rpc, long t0) {
        long nanos = System.nanoTime() - t0;
        if (report != null) {
            report.record(runtime.name(), rpc, nanos);
        }
    }

    private static void expect(RuntimeUnderTest runtime, ContainerStatus status, ContainerState state) {
        if (status.getState() != state) {
            throw new IllegalStateException(runtime.name() + " container " + status.getId() + " is " + status.getState()
                    + ", expected " + state);
        }
    }

    /** The 1, 5 and 15 minute load averages, as uptime prints them. */
    private static String loadAverage() throws java.io.IOException {
        return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).subList(0, 3));
    }
}
