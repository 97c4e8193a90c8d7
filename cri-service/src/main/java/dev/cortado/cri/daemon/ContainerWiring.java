package dev.cortado.cri.daemon;

import dev.cortado.cgroups.CgroupMode;
import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cri.checkpoint.CriuStatus;
import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.config.RuntimeHandlerConfig;
import dev.cortado.cri.container.ContainerParts;
import dev.cortado.cri.container.ContainerService;
import dev.cortado.cri.container.SandboxPods;
import dev.cortado.cri.container.ServiceImages;
import dev.cortado.cri.container.StreamingAttaches;
import dev.cortado.cri.container.StreamingExecs;
import dev.cortado.cri.image.ImageService;
import dev.cortado.cri.linux.NativeFifoMaker;
import dev.cortado.cri.linux.NativeFifos;
import dev.cortado.cri.linux.NativeRootfsMounter;
import dev.cortado.cri.logs.FifoContainerIo;
import dev.cortado.cri.runtime.HandlerFeatureProbe;
import dev.cortado.cri.runtime.HandlerFeatures;
import dev.cortado.cri.runtime.HandlerTasks;
import dev.cortado.cri.runtime.LocalTasks;
import dev.cortado.cri.runtime.NoLocalTasks;
import dev.cortado.cri.runtime.RuntimeHandlers;
import dev.cortado.cri.runtime.ShimLauncher;
import dev.cortado.cri.runtime.ShimTasks;
import dev.cortado.cri.runtime.inprocess.InProcessTasks;
import dev.cortado.cri.sandbox.PodFiles;
import dev.cortado.cri.sandbox.SandboxService;
import dev.cortado.cri.spec.OciSpecBuilder;
import dev.cortado.cri.spec.RuntimeOptions;
import dev.cortado.cri.spec.host.LinuxHostFacts;
import dev.cortado.cri.store.MetadataStore;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.loop.IoLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the container service: every handler's tasks behind {@link HandlerTasks}, through shims
 * ({@link ShimTasks}, events at {@code <state>/events.sock}) or, for an {@code in_process} handler,
 * in this JVM ({@link InProcessTasks}, state under {@code <state>/tasks}), fifos into CRI logs, overlay rootfs mounts, and one spec builder
 * per handler with containerd's defaults for this host.
 */
final class ContainerWiring {
    /** containerd's CRI namespace: shims and their sockets are named by it. */
    static final String NAMESPACE = "k8s.io";
    /** How long {@code <shim> start}/{@code delete} and each Task API call may take. */
    static final Duration SHIM_TIMEOUT = Duration.ofSeconds(30);
    /** Where in-process tasks keep their state, under cortado's state dir. */
    static final String IN_PROCESS_ROOT = "tasks";
    /** How long an exit waits for the log copier to take the container's last output. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private ContainerWiring() {}

    /**
     * The container service, its interactive execs and attaches, and the shim tasks under them;
     * closing stops handling events, containers keep running.
     */
    record Wired(
            ContainerService service,
            StreamingExecs execs,
            StreamingAttaches attaches,
            HandlerTasks tasks,
            CriuStatus criu,
            IoLoop logLoop)
            implements AutoCloseable {
        @Override
        public void close() {
            service.close();
            tasks.close();
            logLoop.close();
        }
    }

    static Wired containers(
            CortadoConfig config,
            Map<String, String> environment,
            MetadataStore store,
            ImageService images,
            Supplier<SandboxService> sandboxes,
            PodFiles podFiles,
            Supplier<String> bootId,
            Map<String, HandlerFeatures> features) {
        Path root = Path.of(config.root());
        Path state = Path.of(config.state());
        RuntimeHandlers handlers = new RuntimeHandlers(config.runtime(), environment.getOrDefault("PATH", ""));
        NativeFifoMaker fifos = new NativeFifoMaker();
        ShimLauncher launcher = new ShimLauncher(fifos, SHIM_TIMEOUT, Map.of());
        ShimTasks shims = ShimTasks.open(
                handlers,
                launcher,
                state.resolve("events.sock"),
                NAMESPACE,
                config.grpc().address(),
                SHIM_TIMEOUT);
        HandlerTasks tasks;
        try {
            tasks = new HandlerTasks(handlers, shims, localTasks(config, environment, handlers, state));
        } catch (RuntimeException e) {
            shims.close();
            throw e;
        }
        IoLoop logLoop = null;
        try {
            LinuxHostFacts host = new LinuxHostFacts();
            OciSpecBuilder plain = new OciSpecBuilder(runtimeOptions(config, false), host);
            OciSpecBuilder withRro = new OciSpecBuilder(runtimeOptions(config, true), host);
            Function<String, OciSpecBuilder> specs = handler -> features.getOrDefault(
                                    handler.isEmpty() ? config.runtime().defaultHandler() : handler,
                                    HandlerFeatures.NONE)
                            .recursiveReadOnlyMounts()
                    ? withRro
                    : plain;
            NativeFifos fifoReader = new NativeFifos();
            // one epoll thread copies every container's output into its log (no thread per stream)
            logLoop = IoLoop.start(new LibcSyscalls(), "cri-log");
            ContainerParts parts = new ContainerParts(
                    store,
                    new SandboxPods(sandboxes, podFiles),
                    new ServiceImages(images),
                    tasks,
                    new FifoContainerIo(
                            fifoReader, logLoop, Clock.systemDefaultZone(), FifoContainerIo.DEFAULT_MAX_LINE_BYTES),
                    fifos,
                    new NativeRootfsMounter(),
                    specs,
                    handlers::options,
                    root,
                    state,
                    Clock.systemUTC(),
                    bootId,
                    DRAIN_TIMEOUT);
            CriuStatus criu = CriuStatus.forHost();
            ContainerService service = new ContainerService(parts, criu);
            tasks.readoptLocal(); // now that the service hears their exits
            return new Wired(
                    service,
                    new StreamingExecs(service, parts, fifoReader),
                    new StreamingAttaches(service, parts),
                    tasks,
                    criu,
                    logLoop);
        } catch (RuntimeException e) {
            if (logLoop != null) {
                logLoop.close();
            }
            tasks.close();
            throw e;
        }
    }

    /**
     * The in-process task service, on {@code <state>/tasks}: opened when a handler is configured
     * {@code in_process}, or when an earlier run left tasks there (their containers are recovered
     * where they were made, whatever the setting is now); otherwise none.
     */
    static LocalTasks localTasks(
            CortadoConfig config, Map<String, String> environment, RuntimeHandlers handlers, Path state) {
        Path root = state.resolve(IN_PROCESS_ROOT);
        boolean configured = config.runtime().handlers().values().stream().anyMatch(RuntimeHandlerConfig::inProcess);
        if (!configured && !Files.isDirectory(root.resolve("t"))) {
            return new NoLocalTasks();
        }
        return InProcessTasks.open(root, NAMESPACE, handlers::options, environment);
    }

    /** containerd's defaults, the cgroup driver from the config, cgroup v2 specifics only on a pure v2 host. */
    static RuntimeOptions runtimeOptions(CortadoConfig config, boolean recursiveReadOnlyMounts) {
        boolean unified = HierarchyDetector.forHost().detect().mode() == CgroupMode.UNIFIED;
        return RuntimeOptions.builder()
                .systemdCgroup(config.runtime().cgroupDriver().equals("systemd"))
                .unifiedCgroups(unified)
                .recursiveReadOnlyMounts(recursiveReadOnlyMounts)
                .build();
    }

    /** What each configured handler supports, asked once at start; in the config's order. */
    static Map<String, HandlerFeatures> handlerFeatures(CortadoConfig config, Map<String, String> environment) {
        HandlerFeatureProbe probe = HandlerFeatureProbe.forHost(environment.getOrDefault("PATH", ""));
        Map<String, HandlerFeatures> features = new LinkedHashMap<>();
        config.runtime().handlers().forEach((name, handler) -> features.put(name, probe.probe(name, handler)));
        return features;
    }
}
