package dev.cortado.cri.daemon;

import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cri.config.CortadoConfig;
import dev.cortado.cri.config.RuntimeConfig;
import dev.cortado.cri.config.RuntimeHandlerConfig;
import dev.cortado.cri.container.StoredImageUsage;
import dev.cortado.cri.grpc.ContainerEventFanout;
import dev.cortado.cri.grpc.CriCheckpoints;
import dev.cortado.cri.grpc.CriContainers;
import dev.cortado.cri.grpc.CriPodSandboxes;
import dev.cortado.cri.grpc.CriRuntimeParts;
import dev.cortado.cri.grpc.CriRuntimeService;
import dev.cortado.cri.grpc.CriServer;
import dev.cortado.cri.grpc.CriStatus;
import dev.cortado.cri.image.ImageService;
import dev.cortado.cri.image.api.CriImageService;
import dev.cortado.cri.linux.NativeDigests;
import dev.cortado.cri.linux.NativeFsOps;
import dev.cortado.cri.linux.NativePodDialer;
import dev.cortado.cri.network.CniConfigLoader;
import dev.cortado.cri.network.NetworkReadiness;
import dev.cortado.cri.runtime.HandlerFeatures;
import dev.cortado.cri.runtime.ShimBinary;
import dev.cortado.cri.sandbox.PodFiles;
import dev.cortado.cri.sandbox.SandboxService;
import dev.cortado.cri.status.CgroupV2Check;
import dev.cortado.cri.status.ReadinessCheck;
import dev.cortado.cri.status.RuntimeConditions;
import dev.cortado.cri.status.RuntimeVersion;
import dev.cortado.cri.status.ShimBinaryCheck;
import dev.cortado.cri.status.WritableDirCheck;
import dev.cortado.cri.store.SqliteMetadataStore;
import dev.cortado.cri.streaming.StreamingServer;
import dev.cortado.cri.streaming.api.CriStreaming;
import dev.cortado.cri.streaming.runtime.ContainerStreamingRuntime;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The running cortado daemon: state directories, the CRI services and their server. */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private final CriServer server;
    private final ContainerEventFanout fanout;
    /** Everything opened after the store, in order; closed in reverse, then the store. */
    private final List<AutoCloseable> opened;

    private final SqliteMetadataStore store;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Daemon(
            CriServer server, ContainerEventFanout fanout, List<AutoCloseable> opened, SqliteMetadataStore store) {
        this.server = server;
        this.fanout = fanout;
        this.opened = opened;
        this.store = store;
    }

    /** Creates the state directories, wires the services and starts serving. */
    public static Daemon start(CortadoConfig config, Map<String, String> environment) {
        Path root = Path.of(config.root());
        Path state = Path.of(config.state());
        createPrivateDir(root);
        createPrivateDir(state);
        // A second daemon on the same CRI socket is refused first, naming that socket (the shims'
        // events socket under the state dir would otherwise be the first one found taken).
        dev.cortado.transport.UnixSocketBinding.prepare(Path.of(config.grpc().address()));
        // One metadata database for pods, containers and images: opened first, closed last.
        SqliteMetadataStore store = openStore(root);
        try {
            return start(config, environment, root, state, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static Daemon start(
            CortadoConfig config, Map<String, String> environment, Path root, Path state, SqliteMetadataStore store) {
        List<ReadinessCheck> checks = new ArrayList<>(List.of(
                new WritableDirCheck("root", root),
                new WritableDirCheck("state", state),
                new CgroupV2Check(HierarchyDetector.forHost())));
        if (!config.runtime().defaultHandlerConfig().inProcess()) {
            // an in-process default handler runs no shim binary
            checks.add(new ShimBinaryCheck(defaultShim(config.runtime()), environment.getOrDefault("PATH", "")));
        }
        RuntimeConditions conditions = new RuntimeConditions(
                List.copyOf(checks),
                new NetworkReadiness(
                        Path.of(config.cni().confDir()),
                        config.cni().binDirs().stream().map(Path::of).toList(),
                        new CniConfigLoader()));
        String configJson = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build()
                .writeValueAsString(config.redacted());
        Clock clock = Clock.systemUTC();
        // blob digests and diff ids at full speed from the first pull, before the JIT compiled
        // the JDK's SHA-256 (issue 16); without libcrypto they stay the JDK's, only slower at first
        NativeDigests.install().ifPresent(why -> LOG.info("SHA-256 through the JDK: libcrypto unavailable: {}", why));
        Supplier<String> bootId = SandboxWiring.bootId(SandboxWiring.BOOT_ID);
        MetricsWiring metrics = new MetricsWiring(config.metrics());
        PullWarmup.Gate warmupGate = new PullWarmup.Gate();
        ImageService images = ImageWiring.imageService(
                config, store, new StoredImageUsage(store), clock, warmupGate.stoppingAt(metrics.pulls()));
        List<AutoCloseable> opened = new ArrayList<>(List.of(images));
        try {
            // The container service looks pods up in the sandbox service, which stops and removes
            // a pod's containers through it: the reference closes that circle before recovery.
            AtomicReference<SandboxService> sandboxRef = new AtomicReference<>();
            PodFiles podFiles = SandboxWiring.podFiles(config);
            Map<String, HandlerFeatures> features = ContainerWiring.handlerFeatures(config, environment);
            ContainerWiring.Wired containers = ContainerWiring.containers(
                    config, environment, store, images, sandboxRef::get, podFiles, bootId, features);
            opened.add(containers);
            SandboxService sandboxes = SandboxWiring.sandboxService(
                    config, store, NetworkWiring.podNetwork(config), podFiles, containers.service(), bootId, clock);
            sandboxRef.set(sandboxes);
            sandboxes.recover();
            containers.service().recover();
            ExecutorService eventDelivery = Executors.newFixedThreadPool(2, daemonThreads("container-events"));
            opened.add(eventDelivery::shutdownNow);
            ContainerEventFanout fanout = ContainerEventFanout.start(
                    containers.service(), sandboxes::status, eventDelivery, ContainerEventFanout.DEFAULT_QUEUE);
            opened.add(fanout);
            // Streaming sessions end before the CRI server stops (closed in reverse: it is opened after).
            StreamingServer streaming = StreamingServer.start(
                    config.streaming().toStreamingConfig(),
                    new ContainerStreamingRuntime(
                            containers.execs(), containers.attaches(), sandboxes, new NativePodDialer()));
            CriServer server;
            try {
                CriRuntimeService runtime = new CriRuntimeService(
                        RuntimeVersion.current(),
                        new CriStatus(
                                conditions,
                                config.runtime().defaultHandler(),
                                features,
                                () -> Map.of("config", configJson)),
                        new CriPodSandboxes(sandboxes, clock),
                        CriRuntimeParts.none()
                                .withContainers(new CriContainers(containers.service(), fanout))
                                .withStats(
                                        StatsWiring.stats(config, containers.service(), sandboxes, clock),
                                        StatsWiring.cgroupDriver(config))
                                .withStreaming(new CriStreaming(streaming))
                                .withCheckpoints(new CriCheckpoints(containers.service(), containers.criu())));
                server = new CriServer(
                        Path.of(config.grpc().address()),
                        config.grpc().maxRecvMessageSize(),
                        List.of(runtime, new CriImageService(images)),
                        metrics.interceptors());
                opened.add(server);
                try {
                    server.start();
                } catch (IOException e) {
                    throw new CortadoException(
                            ErrorKind.UNAVAILABLE,
                            "cannot listen on " + config.grpc().address() + ": " + e.getMessage(),
                            e);
                }
            } catch (RuntimeException e) {
                streaming.close();
                throw e;
            }
            opened.add(streaming);
            LOG.info(
                    "streaming server listening on {}{}",
                    streaming.address(),
                    streaming
                            .certificate()
                            .map(c -> " with TLS, certificate "
                                    + c.getSubjectX500Principal().getName())
                            .orElse(""));
            // closed first: no scrape reads a service that is shutting down
            opened.add(metrics);
            metrics.serve(containers, sandboxes, config.runtime().handlers().keySet());
            // closed first of all: it stops a warm-up still running
            opened.add(PullWarmup.start(
                    warmupGate,
                    Path.of(config.root()),
                    ImageWiring.storeConfig(Path.of(config.root()), config.image()),
                    new NativeFsOps(),
                    clock));
            return new Daemon(server, fanout, List.copyOf(opened), store);
        } catch (RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Closes in reverse order of opening, each failure added to {@code cause} (or logged when null). */
    private static void closeAll(List<AutoCloseable> opened, Throwable cause) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                } else {
                    LOG.warn("closing {} failed", opened.get(i), e);
                }
            }
        }
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Idempotent: the signal handler and the shutdown hook may both call it. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // event streams first: open GetContainerEvents calls would hold the server's shutdown
            fanout.close();
            closeAll(opened, null);
            store.close();
        }
    }

    /** The metadata store at {@code <root>/cortado.db}: what the pod and container services keep their records in. */
    static SqliteMetadataStore openStore(Path root) {
        return SqliteMetadataStore.open(root.resolve(SqliteMetadataStore.FILE_NAME));
    }

    /** Our own state dirs are 0711 even if they existed: only root may list or write them. */
    private static void createPrivateDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new CortadoException(
                    ErrorKind.UNAVAILABLE, "cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The default handler's shim: its runtime_path, else its binary name (looked up in PATH). */
    private static String defaultShim(RuntimeConfig runtime) {
        RuntimeHandlerConfig handler = runtime.defaultHandlerConfig();
        return handler.runtimePath().isEmpty() ? ShimBinary.nameOf(handler.runtimeType()) : handler.runtimePath();
    }
}
