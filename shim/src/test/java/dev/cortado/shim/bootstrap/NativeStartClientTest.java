package dev.cortado.shim.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native {@code start} client (src/main/c/client) against a server that stops as the client
 * comes: the server closes the connection (it chose to exit when idle) before the client sends
 * its request. The client must fall back to the Java start, not die of SIGPIPE (exit status 141,
 * which containerd and cortado saw as a failed start).
 */
class NativeStartClientTest {
    private static final Path CLIENT = Path.of("target/classes/native/containerd-shim-cortado-v2-start");

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void aServerThatHangsUpBeforeTheRequest_meansTheJavaStart_notASigpipe() throws Exception {
        assumeTrue(Files.isExecutable(CLIENT), "the native client is built by the compile phase (gcc)");
        Path root = Files.createDirectories(dir.resolve("root"));
        Path script = Files.writeString(dir.resolve("java-start"), "#!/bin/sh\ncat >/dev/null\necho java-start-ran\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(root.resolve("ttrpc.sock")));
            // SIGPIPE at its default, as containerd runs shims (a JVM's children inherit it ignored)
            ProcessBuilder pb = new ProcessBuilder(
                            "env",
                            "--default-signal=PIPE",
                            CLIENT.toAbsolutePath().toString(),
                            "-namespace",
                            "ns",
                            "-id",
                            "c1",
                            "start")
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("CORTADO_SHIM_ROOT", root.toString());
            pb.environment().put("CORTADO_SHIM_SCRIPT", script.toString());
            Process client = pb.start();
            server.configureBlocking(false);
            SocketChannel accepted = null;
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); accepted == null; Thread.sleep(10)) {
                accepted = server.accept();
                if (accepted == null && (!client.isAlive() || System.nanoTime() > deadline)) {
                    String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    client.destroyForcibly();
                    throw new AssertionError("the client never connected: " + out);
                }
            }
            accepted.close(); // the server hangs up while the client still reads its stdin
            try {
                client.getOutputStream().write("params".getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().close(); // now the client sends its request to a closed connection
            } catch (java.io.IOException e) {
                throw new AssertionError(
                        "the client ended before its stdin did (" + client.waitFor() + "): "
                                + new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                        e);
            }
            String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(client.exitValue()).as(out).isZero();
            assertThat(out).contains("java-start-ran");
        }
    }
}
