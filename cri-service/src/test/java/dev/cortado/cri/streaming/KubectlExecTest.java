package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real client: {@code kubectl exec} (client-go's WebSocket v5 executor, or with
 * {@code KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false} its SPDY executor over moby/spdystream) against
 * our server behind {@link FakeApiServer}. Skipped where kubectl is not installed.
 */
class KubectlExecTest {
    private final StreamingServer server = StreamingServer.start(StreamingConfig.defaults(), new FakeRuntime());

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        server.close();
    }

    private static boolean kubectlPresent() {
        return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false"})
    void kubectlExec_stdinStdoutStderrAndExitCode(String websockets) throws Exception {
        assumeTrue(kubectlPresent(), "kubectl not in PATH");
        try (FakeApiServer api = new FakeApiServer(() -> server.url(new StreamRequest.Exec(
                "running",
                List.of("sh", "-c", "cat; echo to-stderr >&2; exit 3"),
                new StreamOptions(true, true, true, false))))) {
            Files.writeString(tmp.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
            ProcessBuilder pb = new ProcessBuilder(
                            "kubectl",
                            "--server",
                            api.url(),
                            "--cache-dir",
                            tmp.resolve("cache").toString(),
                            "--kubeconfig",
                            tmp.resolve("kubeconfig").toString(),
                            "exec",
                            "-i",
                            "x",
                            "-c",
                            "c",
                            "--",
                            "sh")
                    .redirectOutput(tmp.resolve("out").toFile())
                    .redirectError(tmp.resolve("err").toFile());
            pb.environment().put("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", websockets);
            Process p = pb.start();
            p.getOutputStream().write("hello from stdin\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(tmp.resolve("err"));
            assertThat(Files.readString(tmp.resolve("out")))
                    .as("stderr: " + err)
                    .isEqualTo("hello from stdin\n");
            assertThat(err).contains("to-stderr");
            assertThat(p.exitValue()).as("stderr: " + err).isEqualTo(3);
        }
    }
}
