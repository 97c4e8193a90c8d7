package dev.cortado.integration.bench;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerState;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.integration.containers.Kubelet;
import dev.cortado.integration.cri.CriClient;
import dev.cortado.integration.cri.KubeletConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lifecycle latency of every pod and container RPC kubelet makes for a one-container pod (CNI
 * bridge network): RunPodSandbox, PodSandboxStatus, CreateContainer, StartContainer,
 * ContainerStatus, StopContainer (grace 10 s; the container exits 0 on SIGTERM), RemoveContainer,
 * StopPodSandbox, RemovePodSandbox. Serially (one pod at a time, the sides in turn) and with
 * {@link #CONCURRENCY} pods at once on one side, then on the other, in rounds that alternate
 * which side goes first. Warm-ups are not recorded.
 */
final class LifecycleBench {
    static final int CONCURRENCY = 8;
    static final int WARM_UPS = 3;
    /*
     * The sums the targets name. Runtimes split the work differently: containerd's
     * CreateContainer makes no task (StartContainer runs runc create and start), Cortado's creates
     * it; containerd deletes the task when the container exits, Cortado at RemoveContainer.
     */
    static final String CREATE_START = "CreateContainer+StartContainer";
    static final String STOP_REMOVE = "StopContainer+RemoveContainer";
    static final String TEARDOWN = "StopPodSandbox+RemovePodSandbox";
    static final List<String> RPCS = List.of(
            "RunPodSandbox",
            "PodSandboxStatus",
            "CreateContainer",
            "StartContainer",
            "ContainerStatus",
            "StopContainer",
            "RemoveContainer",
            "StopPodSandbox",
            "RemovePodSandbox",
            CREATE_START,
            STOP_REMOVE,
            TEARDOWN);
    static final String[] COMMAND = {"sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"};
    private final AtomicInteger names = new AtomicInteger();

    void run(Pair pair, String image, int cycles, BenchReport report) throws Exception {
        for (int i = 0; i < WARM_UPS; i++) {
            for (Side side : pair.sides()) {
                cycle(side, image, new Timings());
            }
        }
        Timings[] serial = {new Timings(), new Timings()};
        for (int i = 0; i < cycles; i++) {
            for (Side side : pair.inTurn(i)) {
                cycle(side, image, serial[pair.sides().indexOf(side)]);
            }
        }
        Timings[] concurrent = {new Timings(), new Timings()};
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            for (int round = 0; round * CONCURRENCY < cycles; round++) {
                for (Side side : pair.inTurn(round)) {
                    List<Future<Timings>> futures = new ArrayList<>();
                    for (int i = 0; i < CONCURRENCY; i++) {
                        futures.add(pool.submit(() -> cycle(side, image, new Timings())));
                    }
                    for (Future<Timings> f : futures) {
                        concurrent[pair.sides().indexOf(side)].merge(f.get());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (String rpc : RPCS) {
            report.latency("lifecycle", rpc + " serial", serial[0].get(rpc), serial[1].get(rpc));
        }
        for (String rpc : RPCS) {
            report.latency(
                    "lifecycle", rpc + " concurrency " + CONCURRENCY, concurrent[0].get(rpc), concurrent[1].get(rpc));
        }
    }

    /** One pod with one container, from RunPodSandbox to RemovePodSandbox, each call timed into {@code t}. */
    Timings cycle(Side side, String image, Timings t) throws Exception {
        CriClient cri = side.cri();
        String name = "life-" + names.getAndIncrement();
        PodSandboxConfig pod = KubeletConfigs.pod(
                        "bench", name, side.runtime().logRoot(), side.runtime().cgroupRoot(), 0)
                .build();
        Files.createDirectories(Path.of(pod.getLogDirectory()));
        String podId = t.time(
                "RunPodSandbox", () -> cri.runPodSandbox(pod, side.runtime().handler()));
        t.time("PodSandboxStatus", () -> cri.podSandboxStatus(podId, false));
        ContainerConfig config = new Kubelet(side.runtime())
                .container(new Kubelet.Pod(podId, pod), "c", image, COMMAND)
                .build();
        KubeletConfigs.createLogDir(pod, config);
        String id = t.time("CreateContainer", () -> cri.createContainer(podId, config, pod));
        t.time("StartContainer", () -> {
            cri.startContainer(id);
            return null;
        });
        t.record(CREATE_START, t.last("CreateContainer") + t.last("StartContainer"));
        ContainerState state =
                t.time("ContainerStatus", () -> cri.containerStatus(id)).getState();
        if (state != ContainerState.CONTAINER_RUNNING) {
            throw new IllegalStateException(
                    side.name() + " container " + id + " is " + state + " after StartContainer");
        }
        t.time("StopContainer", () -> {
            cri.stopContainer(id, 10);
            return null;
        });
        t.time("RemoveContainer", () -> {
            cri.removeContainer(id);
            return null;
        });
        t.record(STOP_REMOVE, t.last("StopContainer") + t.last("RemoveContainer"));
        t.time("StopPodSandbox", () -> {
            cri.stopPodSandbox(podId);
            return null;
        });
        t.time("RemovePodSandbox", () -> {
            cri.removePodSandbox(podId);
            return null;
        });
        t.record(TEARDOWN, t.last("StopPodSandbox") + t.last("RemovePodSandbox"));
        return t;
    }
}
