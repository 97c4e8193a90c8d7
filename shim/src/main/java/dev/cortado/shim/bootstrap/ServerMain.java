package dev.cortado.shim.bootstrap;

import dev.cortado.shim.events.EventRoutes;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.events.ForwardingPublisher;
import dev.cortado.shim.events.PublishBinaryForwarder;
import dev.cortado.shim.events.TtrpcForwarder;
import dev.cortado.shim.options.ShimConfig;
import dev.cortado.shim.task.Readoption;
import dev.cortado.shim.task.TaskRegistry;
import dev.cortado.shim.task.api.TaskApiAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The long-running shim server: the task service on this host ({@link TaskHost}) behind the Task API, served until idle shutdown. */
final class ServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);
    /** Tasks re-adopted at a time after a restart. */
    private static final int READOPTION_THREADS = 2;

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
        String ttrpcAddress = env.getOrDefault("TTRPC_ADDRESS", "");
        EventRoutes events = events(flags, ttrpcAddress);
        ShimConfig config = ShimConfig.fromEnv(env);
        TaskHost host = TaskHost.open(root.dir(), events, config::unenforceableLimits);
        TaskRegistry registry = host.registry();
        // the sockets open while the tasks are re-adopted (a call for one waits for it): a restart
        // after kill -9 is served sooner
        Readoption readoption = host.readoption();
        java.util.Set<String> namespaces = readoption.expectAll();
        readoption
                .readoptExpected(READOPTION_THREADS)
                .thenAccept(adopted -> LOG.info(
                        "shim server pid {} on {} ({} task(s) re-adopted, events to {})",
                        ProcessHandle.current().pid(),
                        root.dir(),
                        adopted,
                        ttrpcAddress.isEmpty() ? "nowhere" : ttrpcAddress));
        AtomicReference<Runnable> onShutdown = new AtomicReference<>(() -> {});
        TaskApiAdapter adapter = new TaskApiAdapter(
                host.service(),
                host.operations(),
                host.resources(),
                () -> onShutdown.get().run(),
                java.util.Optional.of(host.checkpointer()));
        java.util.Optional<RelayControl> relay = RelayControl.fromEnv(env);
        try (ShimServer server = ShimServer.start(root, adapter, namespaces, events, relay)) {
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
