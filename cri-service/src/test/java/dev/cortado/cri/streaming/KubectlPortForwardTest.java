package dev.cortado.cri.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl port-forward} (client-go SPDY, portforward.k8s.io) through {@link FakeApiServer}. */
class KubectlPortForwardTest {
    private final StreamingServer server = StreamingServer.start(StreamingConfig.defaults(), new FakeRuntime());

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void kubectlPortForward_twoConnectionsEchoed() throws Exception {
        assumeTrue(
                List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl"))),
                "kubectl not in PATH");
        try (ServerSocket echo = new ServerSocket(0);
                FakeApiServer api =
                        new FakeApiServer(() -> server.url(new StreamRequest.PortForward("pod", List.of())))) {
            Thread accept = new Thread(() -> {
                while (true) {
                    try {
                        Socket s = echo.accept();
                        Thread t = new Thread(() -> {
                            try (s;
                                    InputStream in = s.getInputStream()) {
                                in.transferTo(s.getOutputStream());
                            } catch (IOException ignored) {
                                // closed
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            Files.writeString(tmp.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
            ProcessBuilder pb = new ProcessBuilder(
                            "kubectl",
                            "--server",
                            api.url(),
                            "--cache-dir",
                            tmp.resolve("cache").toString(),
                            "--kubeconfig",
                            tmp.resolve("kubeconfig").toString(),
                            "port-forward",
                            "x",
                            ":" + echo.getLocalPort())
                    .redirectError(tmp.resolve("err").toFile());
            pb.environment().put("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false");
            Process p = pb.start();
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line = out.readLine();
                assertThat(line)
                        .as("kubectl stderr: " + Files.readString(tmp.resolve("err")))
                        .isNotNull();
                Matcher m = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+)")
                        .matcher(line);
                assertThat(m.find()).as(line).isTrue();
                int local = Integer.parseInt(m.group(1));
                try (Socket a = new Socket("127.0.0.1", local);
                        Socket b = new Socket("127.0.0.1", local)) {
                    a.getOutputStream().write("first\n".getBytes(StandardCharsets.UTF_8));
                    b.getOutputStream().write("second\n".getBytes(StandardCharsets.UTF_8));
                    assertThat(new BufferedReader(new InputStreamReader(b.getInputStream(), StandardCharsets.UTF_8))
                                    .readLine())
                            .isEqualTo("second");
                    assertThat(new BufferedReader(new InputStreamReader(a.getInputStream(), StandardCharsets.UTF_8))
                                    .readLine())
                            .isEqualTo("first");
                }
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
    }
}
