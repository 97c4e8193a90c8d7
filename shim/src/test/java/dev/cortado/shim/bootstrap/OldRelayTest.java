package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cortado.api.containerd.task.v3.StateRequest;
import dev.cortado.api.containerd.task.v3.StateResponse;
import dev.cortado.api.containerd.task.v3.TaskGrpc;
import dev.cortado.api.cortado.shim.v1.ListenRequest;
import dev.cortado.api.cortado.shim.v1.ListenResponse;
import dev.cortado.shim.events.EventRoutes;
import dev.cortado.shim.events.EventSink;
import dev.cortado.shim.io.StdioPaths;
import dev.cortado.shim.task.CreateTask;
import dev.cortado.shim.task.TaskFixture;
import dev.cortado.shim.task.TaskKey;
import dev.cortado.shim.task.api.TaskApiAdapter;
import dev.cortado.transport.UnixGrpc;
import dev.cortado.ttrpc.TtrpcTransport;
import dev.cortado.ttrpc.client.CallOptions;
import dev.cortado.ttrpc.client.TtrpcClient;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A newly installed server under a relay that an older install started and that still runs: it
 * knows {@code hello} and {@code listen} but answers {@code listen-bytes} "error unknown
 * request" (relays before the gRPC sockets were held). The server serves its gRPC sockets itself
 * and goes on, instead of failing to start (which the old relay would retry until it gave up).
 */
class OldRelayTest {
    private Path root;
    private ServerSocketChannel relay;
    private Thread relayThread;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private ShimServer server;

    @BeforeEach
    void startOldRelay() throws IOException {
        root = Files.createTempDirectory(Path.of("/tmp"), "oldrelay"); // a short path: sockets live under it
        Files.createDirectories(root.resolve("b"));
        relay = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        relay.bind(UnixDomainSocketAddress.of(root.resolve("relay.sock")));
        relayThread = new Thread(this::answerAsAnOldRelay, "old-relay");
        relayThread.setDaemon(true);
        relayThread.start();
    }

    /** The old control protocol: one line per connection; listen-bytes is unknown to it. */
    private void answerAsAnOldRelay() {
        while (relay.isOpen()) {
            try (SocketChannel c = relay.accept()) {
                ByteBuffer in = ByteBuffer.allocate(1024);
                while (c.read(in) > 0 && in.get(in.position() - 1) != '\n') {
                    // a whole line
                }
                String line = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).trim();
                asked.add(line);
                String verb = line.split(" ")[0];
                String reply = verb.equals("hello") || verb.equals("listen") ? "ok\n" : "error unknown request\n";
                c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException closed) {
                return;
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        relay.close();
        relayThread.join(5000);
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void relayWithoutListenBytes_serverStarts_andServesItsGrpcSocketsItself() throws Exception {
        TaskFixture f = new TaskFixture(root.resolve("fixture"));
        f.service.create(new CreateTask(new TaskKey("ns1", "c1"), f.bundle, List.of(), StdioPaths.none()));
        TaskApiAdapter adapter = new TaskApiAdapter(f.service, f.operations, f.resources, () -> {});
        StateRoot state = new StateRoot(root);

        server = ShimServer.start(
                state,
                adapter,
                Set.of(),
                new EventRoutes(EventSink.discarding(), a -> EventSink.discarding()),
                Optional.of(new RelayControl(root.resolve("relay.sock"))));

        assertThat(asked).anyMatch(l -> l.startsWith("listen-bytes " + state.grpcSocket()));
        assertThat(stateOver(state.grpcSocket()).getId()).isEqualTo("c1");
        // a namespace's gRPC endpoint, asked for by `start` on the server's (relayed) ttrpc socket
        String address;
        try (TtrpcClient admin =
                TtrpcClient.connect(TtrpcTransport.unixSocket(RelayControl.backendOf(state, state.ttrpcSocket())))) {
            ListenResponse r = admin.unary(
                    NamespaceListeners.LISTEN,
                    ListenRequest.newBuilder()
                            .setNamespace("ns1")
                            .setProtocol("grpc")
                            .build(),
                    CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)));
            address = r.getAddress();
        }
        assertThat(stateOver(Path.of(address.replaceFirst("^unix://", ""))).getId())
                .isEqualTo("c1");
        // asked once: the server remembers this relay cannot hold gRPC sockets
        assertThat(asked.stream().filter(l -> l.startsWith("listen-bytes"))).hasSize(1);
    }

    private static StateResponse stateOver(Path socket) throws Exception {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER), "ns1");
        try (UnixGrpc.Channel channel = UnixGrpc.channel(socket)) {
            return ClientCalls.blockingUnaryCall(
                    ClientInterceptors.intercept(channel.managed(), MetadataUtils.newAttachHeadersInterceptor(headers)),
                    TaskGrpc.getStateMethod(),
                    io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    StateRequest.newBuilder().setId("c1").build());
        }
    }
}
