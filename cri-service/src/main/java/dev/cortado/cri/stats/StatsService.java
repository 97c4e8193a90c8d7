package dev.cortado.cri.stats;

import dev.cortado.cgroups.CgroupException;
import dev.cortado.cgroups.CgroupParent;
import dev.cortado.cgroups.CgroupPath;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cri.container.Container;
import dev.cortado.cri.container.ContainerFilter;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.container.Containers;
import dev.cortado.cri.sandbox.Sandbox;
import dev.cortado.cri.sandbox.SandboxFilter;
import dev.cortado.cri.sandbox.SandboxState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stats RPCs' domain side. As containerd's CRI: ListContainerStats and ListPodSandboxStats
 * report running containers and ready pods only; ContainerStats and PodSandboxStats report the
 * one asked for in any state (parts that cannot be read are left unset). Stats never fail
 * because a cgroup or layer vanished between listing and reading.
 */
public final class StatsService {
    /** How long a writable layer's size is reused: walking 100 layers every second is not cheap. */
    static final Duration LAYER_TTL = Duration.ofSeconds(10);

    static final long LAYER_MAX_ENTRIES = 100_000;

    private final Containers containers;
    private final PodSource pods;
    private final CgroupParent.Driver driver;
    private final CgroupLocator locator;
    private final CpuSamples containerSamples = new CpuSamples();
    private final CpuSamples podSamples = new CpuSamples();
    private final CgroupUsage usage;
    private final WritableLayers layers;
    private final PodNetworkReader network;
    private final MetricsCollector metrics;

    /**
     * As {@link #StatsService(Containers, PodSource, CgroupManager, CgroupParent.Driver, Path, Path, Path, Path,
     * Clock)} with sysfs next to {@code proc} ({@code /sys} for {@code /proc}).
     */
    public StatsService(
            Containers containers,
            PodSource pods,
            CgroupManager cgroups,
            CgroupParent.Driver driver,
            Path root,
            Path state,
            Path proc,
            Clock clock) {
        this(containers, pods, cgroups, driver, root, state, proc, proc.resolveSibling("sys"), clock);
    }

    /**
     * @param root cortado's root (writable layers under {@code containers/<id>/upper})
     * @param state cortado's state dir (bundles under {@code containers/<id>})
     * @param proc {@code /proc}
     * @param sys {@code /sys} (block device names for the io metrics)
     */
    public StatsService(
            Containers containers,
            PodSource pods,
            CgroupManager cgroups,
            CgroupParent.Driver driver,
            Path root,
            Path state,
            Path proc,
            Path sys,
            Clock clock) {
        this.containers = containers;
        this.pods = pods;
        this.driver = driver;
        this.locator = new CgroupLocator(state.resolve("containers"));
        this.usage = new CgroupUsage(cgroups, clock);
        this.layers = new WritableLayers(root.resolve("containers"), clock, LAYER_TTL, LAYER_MAX_ENTRIES);
        this.network = new PodNetworkReader(proc, clock);
        this.metrics = new MetricsCollector(new BlockDevices(sys), cgroups, clock);
    }

    /**
     * ListPodSandboxMetrics: the cAdvisor metrics of every ready pod and its running containers
     * (as containerd, pods that are not ready are left out).
     */
    public List<PodMetrics> metrics() {
        return pods(SandboxFilter.ALL).stream().map(metrics::collect).toList();
    }

    /** ContainerStats: NOT_FOUND for an unknown container. */
    public ContainerStats container(String idOrPrefix) {
        return read(containers.status(idOrPrefix));
    }

    /** ListContainerStats: the running containers that pass the filter. */
    public List<ContainerStats> containers(ContainerFilter filter) {
        List<Container> all = containers.list(filter);
        if (isEverything(filter)) {
            forgetAllBut(all);
        }
        return all.stream()
                .filter(c -> c.state() == ContainerState.RUNNING)
                .map(this::read)
                .toList();
    }

    /** PodSandboxStats: NOT_FOUND for an unknown pod. */
    public PodStats pod(String idOrPrefix) {
        Sandbox pod = pods.get(idOrPrefix);
        return read(pod, running(pod.id()));
    }

    /** ListPodSandboxStats: the ready pods that pass the filter (its state is ignored: always READY). */
    public List<PodStats> pods(SandboxFilter filter) {
        SandboxFilter ready = new SandboxFilter(filter.idPrefix(), Optional.of(SandboxState.READY), filter.labels());
        Map<String, List<Container>> byPod = containers.list(ContainerFilter.ALL).stream()
                .filter(c -> c.state() == ContainerState.RUNNING)
                .collect(Collectors.groupingBy(Container::sandboxId));
        List<Sandbox> found = pods.list(ready);
        if (filter.idPrefix().isEmpty() && filter.labels().isEmpty()) {
            podSamples.retain(found.stream().map(Sandbox::id).collect(Collectors.toSet()));
        }
        List<PodStats> out = new ArrayList<>();
        for (Sandbox pod : found) {
            out.add(read(pod, byPod.getOrDefault(pod.id(), List.of())));
        }
        return out;
    }

    private ContainerStats read(Container c) {
        return new ContainerStats(c, usage.read(containerSamples, c.id(), locator.of(c.id())), layers.of(c.id()));
    }

    private PodStats read(Sandbox pod, List<Container> running) {
        List<ContainerStats> stats = running.stream().map(this::read).toList();
        List<Long> pids = new ArrayList<>();
        if (pod.namespaces().initPid() > 0) {
            pids.add(pod.namespaces().initPid());
        }
        running.forEach(c -> pids.add((long) c.status().pid()));
        return new PodStats(
                pod,
                usage.read(podSamples, pod.id(), podCgroup(pod)),
                network.read(pod.id(), pod.namespaces().net(), pids),
                stats);
    }

    /** The pod cgroup containerd reads: kubelet's {@code cgroup_parent}, else the one RunPodSandbox made. */
    private Optional<CgroupPath> podCgroup(Sandbox pod) {
        try {
            if (!pod.config().cgroupParent().isEmpty()) {
                return Optional.of(CgroupParent.parse(pod.config().cgroupParent(), driver));
            }
            return pod.cgroupPath().isEmpty() ? Optional.empty() : Optional.of(CgroupPath.parse(pod.cgroupPath()));
        } catch (CgroupException e) {
            return Optional.empty();
        }
    }

    private List<Container> running(String podId) {
        return containers.list(new ContainerFilter("", Optional.of(ContainerState.RUNNING), podId, Map.of()));
    }

    /** Drops what was kept for containers and pods that are gone (called on unfiltered lists). */
    private void forgetAllBut(List<Container> all) {
        Set<String> ids = new HashSet<>();
        all.forEach(c -> ids.add(c.id()));
        locator.retain(ids);
        layers.retain(ids);
        containerSamples.retain(ids);
    }

    private static boolean isEverything(ContainerFilter f) {
        return f.id().isEmpty()
                && f.sandboxId().isEmpty()
                && f.labels().isEmpty()
                && f.state().isEmpty();
    }

    int samplesKept() {
        return containerSamples.size() + podSamples.size();
    }
}
