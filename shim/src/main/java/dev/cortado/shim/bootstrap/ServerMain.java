package dev.cortado.shim.bootstrap;

import dev.cortado.cgroups.Hierarchy;
import dev.cortado.cgroups.HierarchyDetector;
import dev.cortado.cgroups.RealCgroupFs;
import dev.cortado.cgroups.control.CgroupManager;
import dev.cortado.cgroups.control.Signaller;
import dev.cortado.cgroups.control.Ticker;
import dev.cortado.shim.checkpoint.CriuProcess;
import dev.cortado.shim.checkpoint.TaskCheckpointer;
import dev.cortado.shim.events.EventRoutes;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.ForwardingPublisher;
import dev.cortado.shim.events.PublishBinaryForwarder;
import dev.cortado.shim.events.TtrpcForwarder;
import dev.cortado.shim.io.LogSinks;
import dev.cortado.shim.launch.ContainerCgroups;
import dev.cortado.shim.launch.InitBinary;
import dev.cortado.shim.launch.Launcher;
import dev.cortado.shim.launch.PlanBuilder;
import dev.cortado.shim.linux.LibSeccomp;
import dev.cortado.shim.linux.LibcSyscalls;
import dev.cortado.shim.loop.FileWatches;
import dev.cortado.shim.loop.IoLoop;
import dev.cortado.shim.options.ShimConfig;
import dev.cortado.shim.task.HostCgroups;
import dev.cortado.shim.task.LauncherProcesses;
import dev.cortado.shim.task.ProcessOperations;
import dev.cortado.shim.task.Readoption;
import dev.cortado.shim.task.TaskRegistry;
import dev.cortado.shim.task.TaskResources;
import dev.cortado.shim.task.TaskService;
import dev.cortado.shim.task.TaskStore;
import dev.cortado.shim.task.api.TaskApiAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The long-running shim server: wires the task service to the host and serves it until idle shutdown. */
final class ServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);
    /** How long one criu run (check or dump) may take. */
    private static final long CRIU_TIMEOUT_SECONDS = 300;

    private ServerMain() {}

    /**
     * Events/Forward to the containerd that started each namespace's endpoint; by default to
     * TTRPC_ADDRESS, else the -publish-binary, else nowhere.
     */
    private static EventRoutes events(ShimFlags flags, String ttrpcAddress) {
        return new EventRoutes(defaultSink(flags, ttrpcAddress), ServerMain::forwardingTo);
    }

    private static EventSink forwardingTo(String ttrpcAddress) {
        return new ForwardingPublisher(
                new TtrpcForwarder(Path.of(ttrpcAddress.replaceFirst("^unix://", ""))),
                Clock.systemUTC(),
                Duration.ofSeconds(1));
    }

    private static EventSink defaultSink(ShimFlags flags, String ttrpcAddress) {
        if (!ttrpcAddress.isEmpty()) {
            return forwardingTo(ttrpcAddress);
        }
        if (!flags.publishBinary().isEmpty() && !flags.address().isEmpty()) {
            return new ForwardingPublisher(
                    new PublishBinaryForwarder(flags.publishBinary(), flags.address()),
                    Clock.systemUTC(),
                    Duration.ofSeconds(1));
        }
        return EventSink.discarding();
    }

    static void run(ShimFlags flags, Map<String, String> env) throws Exception {
        StateRoot root = StateRoot.fromEnv(env);
        root.create();
        Files.deleteIfExists(root.dir().resolve("ready"));
        LibcSyscalls sys = new LibcSyscalls();
        Hierarchy hierarchy = HierarchyDetector.forHost().detect();
        CgroupManager cgroups =
                new CgroupManager(new RealCgroupFs(), hierarchy, Ticker.system(), Signaller.processHandles());
        Path init = InitBinary.locate(root.dir().resolve("bin"));
        // one manager, detected once, for the launcher's cgroups and the task service's
        Launcher launcher = new Launcher(
                sys, new PlanBuilder(new LibSeccomp(sys), hierarchy.root()), init, null, new ContainerCgroups(cgroups));
        String ttrpcAddress = env.getOrDefault("TTRPC_ADDRESS", "");
        EventRoutes events = events(flags, ttrpcAddress);
        TaskRegistry registry = new TaskRegistry();
        // a deleted task's files go after Delete answered (one thread for the whole server)
        TaskStore store = new TaskStore(root.dir(), java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "state-cleanup");
            t.setDaemon(true);
            return t;
        }));
        // one thread for every exit, stdio stream and OOM watch, whatever the number of tasks
        IoLoop loop = IoLoop.start(sys);
        HostCgroups taskCgroups = new HostCgroups(cgroups, new SyscallSignals(sys), new FileWatches(loop));
        LauncherProcesses processes = new LauncherProcesses(launcher, loop);
        LogSinks logs = new LogSinks(new SyscallFifoWriters(sys), LogSinks.CONTAINERD_FIFO_DIR, loop);
        ShimConfig config = ShimConfig.fromEnv(env);
        TaskService service = new TaskService(
                registry,
                store,
                processes,
                new SyscallMounter(sys),
                taskCgroups,
                events,
                logs,
                config::unenforceableLimits);
        int adopted = new Readoption(registry, store, processes, taskCgroups, service, events).readoptAll();
        LOG.info(
                "shim server pid {} on {} ({} task(s) re-adopted, events to {})",
                ProcessHandle.current().pid(),
                root.dir(),
                adopted,
                ttrpcAddress.isEmpty() ? "nowhere" : ttrpcAddress);
        AtomicReference<Runnable> onShutdown = new AtomicReference<>(() -> {});
        TaskApiAdapter adapter = new TaskApiAdapter(
                service,
                new ProcessOperations(registry, store, processes, taskCgroups, events, logs),
                new TaskResources(registry, taskCgroups, events, store),
                () -> onShutdown.get().run(),
                java.util.Optional.of(new TaskCheckpointer(
                        registry, new CriuProcess(CriuProcess.binary(env), CRIU_TIMEOUT_SECONDS))));
        java.util.Optional<RelayControl> relay = RelayControl.fromEnv(env);
        try (ShimServer server = ShimServer.start(
                root,
                adapter,
                registry.all().stream().map(t -> t.key().namespace()).collect(java.util.stream.Collectors.toSet()),
                events,
                relay)) {
            onShutdown.set(server.stopWhenIdle(registry));
            // written whole, then renamed: `start` reads it as soon as it exists
            java.nio.file.Path tmp = root.dir().resolve("ready.tmp");
            Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
            Files.move(
                    tmp,
                    root.dir().resolve("ready"),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            relay.ifPresent(RelayControl::hello);
            if (env.containsKey(CdsArchive.TRAINING_ENV)) {
                CdsArchive.exercise(root); // one call through the server, then exit: the JVM dumps what it loaded
                return;
            }
            server.awaitStop();
        }
        events.drain(Duration.ofSeconds(3));
        events.close();
    }
}
