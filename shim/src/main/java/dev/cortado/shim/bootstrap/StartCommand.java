package dev.cortado.shim.bootstrap;

import com.google.protobuf.ByteString;
import dev.cortado.api.cortado.shim.v1.StartRequest;
import dev.cortado.api.cortado.shim.v1.StartResponse;
import dev.cortado.errors.CortadoException;
import dev.cortado.errors.ErrorKind;
import dev.cortado.shim.options.RuntimeOptions;
import dev.cortado.shim.options.ShimOptions;
import dev.cortado.ttrpc.client.BlockingUnaryCall;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * {@code start}: makes sure the node's shim server runs and prints its address in the form
 * the caller expects. A running server that answers is reused, so a second container starts
 * no JVM; otherwise one is spawned, under a file lock so that parallel starts spawn only one.
 */
public final class StartCommand {
    private static final long READY_TIMEOUT_MS = 15_000;
    /** The cgroup v2 mount: /sys/fs/cgroup/unified on a hybrid host. */
    private static final java.nio.file.Path CGROUP2 =
            Files.exists(java.nio.file.Path.of("/sys/fs/cgroup/unified/cgroup.procs"))
                    ? java.nio.file.Path.of("/sys/fs/cgroup/unified")
                    : java.nio.file.Path.of("/sys/fs/cgroup");

    private StartCommand() {}

    /**
     * Returns the reply bytes for stdout. The options are read here too, so that bad ones fail
     * before a server is spawned and ShimCgroup can place a new one; the reply itself comes from
     * the server ({@link StartHandler}), as it does for the native start client.
     */
    public static byte[] run(ShimFlags flags, byte[] stdin, Map<String, String> env) {
        StateRoot root = StateRoot.fromEnv(env);
        BootstrapReply.Input input = BootstrapReply.parse(stdin, flags.namespace());
        ShimOptions options = RuntimeOptions.parse(input.options());
        java.util.Optional<String> shimCgroup = options.shimCgroup().isEmpty()
                ? java.util.Optional.empty()
                : java.util.Optional.of(options.shimCgroup());
        StartRequest request = StartRequest.newBuilder()
                .setNamespace(flags.namespace())
                .setStdin(ByteString.copyFrom(stdin))
                .setMaxShimVersion(env.getOrDefault("MAX_SHIM_VERSION", ""))
                .setTtrpcAddress(env.getOrDefault("TTRPC_ADDRESS", ""))
                .setBundle(java.nio.file.Path.of("").toAbsolutePath().toString())
                .build();
        try {
            return serverReply(root, flags, shimCgroup, request).getReply().toByteArray();
        } catch (CortadoException e) {
            if (e.kind() != ErrorKind.UNIMPLEMENTED) {
                throw e;
            }
            // a server from before Start (the shim was upgraded under it): answer here, with the
            // server's Listen opening the endpoint
            return new StartHandler(endpoint -> BlockingUnaryCall.call(
                                    root.ttrpcSocket(),
                                    NamespaceListeners.LISTEN,
                                    endpoint.toRequest(),
                                    java.time.Duration.ofSeconds(10))
                            .getAddress())
                    .start(request)
                    .getReply()
                    .toByteArray();
        }
    }

    /**
     * containerd runs {@code start} in the bundle and, after its own restart, reconnects to the
     * address in {@code <bundle>/address}, which the shim writes (runc shim: {@code shim.WriteAddress}).
     */
    static void writeAddressFile(java.nio.file.Path bundle, String address) {
        if (!Files.exists(bundle.resolve("config.json"))) {
            return; // not run by containerd in a bundle
        }
        try {
            java.nio.file.Path tmp = bundle.resolve(".address");
            Files.writeString(tmp, address);
            Files.move(
                    tmp,
                    bundle.resolve("address"),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "write " + bundle.resolve("address"), e);
        }
    }

    /**
     * The namespace socket of a live server. Listen is always asked (it is what keeps a server
     * from stopping under a new container); a server that is stopping refuses it, so this waits
     * for that server to go and starts a new one.
     */
    private static StartResponse serverReply(
            StateRoot root, ShimFlags flags, java.util.Optional<String> shimCgroup, StartRequest request) {
        for (int attempt = 1; ; attempt++) {
            ensureServer(root, flags, shimCgroup);
            try {
                // one call from a short-lived process: no Netty to load (see BlockingUnaryCall)
                return BlockingUnaryCall.call(
                        root.ttrpcSocket(), NamespaceListeners.START, request, java.time.Duration.ofSeconds(10));
            } catch (CortadoException e) {
                if (e.kind() != ErrorKind.UNAVAILABLE || attempt == 3) {
                    throw e;
                }
                awaitGone(root);
            }
        }
    }

    private static void awaitGone(StateRoot root) {
        long end = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000L;
        while (ServerProbe.answers(root.ttrpcSocket()) && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CortadoException.unavailable("interrupted while waiting for the old shim server to stop");
            }
        }
    }

    static void ensureServer(StateRoot root, ShimFlags flags) {
        ensureServer(root, flags, java.util.Optional.empty());
    }

    /** Spawns the server if none answers, moving it into {@code shimCgroup} when given and present. */
    @SuppressWarnings("try") // the file lock is held for the body of its try statement, never read
    static void ensureServer(StateRoot root, ShimFlags flags, java.util.Optional<String> shimCgroup) {
        if (ServerProbe.answers(root.ttrpcSocket())) {
            return;
        }
        root.create();
        try (FileChannel ch = FileChannel.open(root.startLock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            if (ServerProbe.answers(root.ttrpcSocket())) {
                return;
            }
            Files.deleteIfExists(root.dir().resolve("ready")); // a crashed server's, never the new one's
            long pid = ServerSpawner.spawn(root, flags);
            shimCgroup.ifPresent(cg -> ShimCgroup.moveInto(CGROUP2, cg, pid));
            awaitReady(root, pid);
            // under the relay, the JVM (its child) may have started before the relay moved
            long server =
                    Long.parseLong(Files.readString(root.dir().resolve("ready")).trim());
            if (server != pid) {
                shimCgroup.ifPresent(cg -> ShimCgroup.moveInto(CGROUP2, cg, server));
                ServerSpawner.adjustOomScore(server);
            }
        } catch (IOException e) {
            throw new CortadoException(ErrorKind.INTERNAL, "lock " + root.startLock(), e);
        }
    }

    private static void awaitReady(StateRoot root, long pid) throws IOException {
        long end = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000L;
        while (System.nanoTime() < end) {
            if (ServerProbe.answers(root.ttrpcSocket())
                    && Files.exists(root.dir().resolve("ready"))) {
                return;
            }
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                throw CortadoException.unavailable("shim server exited at start: %s", tail(root));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CortadoException.unavailable("interrupted while starting the shim server");
            }
        }
        throw CortadoException.unavailable("shim server did not answer on %s: %s", root.ttrpcSocket(), tail(root));
    }

    private static String tail(StateRoot root) throws IOException {
        if (!Files.exists(root.log())) {
            return "no log";
        }
        List<String> lines = Files.readAllLines(root.log());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }
}
