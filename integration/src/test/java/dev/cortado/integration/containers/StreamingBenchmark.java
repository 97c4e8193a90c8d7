package dev.cortado.integration.containers;

import dev.cortado.api.cri.v1.ExecRequest;
import dev.cortado.api.cri.v1.PortForwardRequest;
import dev.cortado.integration.containerd.HostCleanup;
import dev.cortado.integration.cri.SpdyClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Not a test: streaming side by side in one run, Debian's containerd 1.6 CRI plugin with runc (the
 * reference) and Cortado with its own shim, through the same client ({@link SpdyClient}, SPDY/3.1
 * as crictl and kubelet speak it, plain HTTP: both servers' default). Each runtime gets one pod with
 * one busybox container that makes 50 MiB of random data and serves it with {@code nc} on the pod's
 * 127.0.0.1:8080. Measured: the exec round trip (Exec RPC, SPDY upgrade, error and stdout streams,
 * {@code echo}'s output and the Success status) of {@code count} execs (default 100) after 5
 * warm-ups, in batches of 10 alternating which runtime goes first, p50/p90/p99; and port-forward
 * throughput, {@code transfers} (default 3) transfers of the 50 MiB per runtime, alternating, from
 * the PortForward RPC to the last byte, each checked against the file's SHA-256 in the container.
 * Prints one table with Cortado's ratios to containerd, writes JSON, removes everything it started.
 * Run with {@code integration/bin/streaming-benchmark [count] [transfers] [json-file]}.
 */
public final class StreamingBenchmark {
    static final int WARM_UPS = 5;
    static final int BATCH = 10;
    static final long SIZE = 50L << 20;
    static final int PORT = 8080;
    /** Port 8080 (1F90) listening (state 0A) on any address, as nc -l binds (IPv6 any, dual-stack, where the pod has IPv6). */
    private static final String LISTENING = "grep -q ':1F90 0*:0000 0A' /proc/net/tcp /proc/net/tcp6";

    private StreamingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int transfers = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path json = Path.of(args.length > 2 ? args[2] : "integration/target/streaming-benchmark.json");
        Optional<String> missing = ContainerdRuntime.unavailable();
        if (missing.isPresent() || !Files.isExecutable(ImageRegistry.BINARY)) {
            throw new IllegalStateException("cannot run here: " + missing.orElse("needs docker-registry"));
        }
        String loadBefore = loadAverage();
        StreamingBenchmarkReport report = new StreamingBenchmarkReport(count, WARM_UPS, transfers, SIZE);
        Path registryDir = Files.createTempDirectory(Path.of("/tmp"), "ctr-it-sbench-registry");
        List<RuntimeUnderTest> runtimes = new ArrayList<>();
        ImageRegistry registry = null;
        try {
            registry = ImageRegistry.start(registryDir);
            String busybox = registry.push("ctr-it/busybox", "1", new OciImage.Builder().build());
            runtimes.add(ContainerdRuntime.start(RuntimeUnderTest.uniqueNetwork('x')));
            runtimes.add(CortadoRuntime.start("", RuntimeUnderTest.uniqueNetwork('y')));
            Map<RuntimeUnderTest, Target> targets = new LinkedHashMap<>();
            for (RuntimeUnderTest runtime : runtimes) {
                targets.put(runtime, Target.start(runtime, busybox));
            }
            for (Target t : targets.values()) {
                for (int i = 0; i < WARM_UPS; i++) {
                    t.exec("warm" + i);
                }
            }
            List<Target> order = new ArrayList<>(targets.values());
            for (int first = 0; first < count; first += BATCH) {
                for (Target t : order) {
                    for (int i = first; i < Math.min(count, first + BATCH); i++) {
                        report.exec(t.name(), t.exec("bench-" + i));
                    }
                }
                order.add(order.remove(0));
            }
            for (int r = 0; r < transfers; r++) {
                for (Target t : order) {
                    report.transfer(t.name(), t.transfer());
                }
                order.add(order.remove(0));
            }
        } finally {
            for (RuntimeUnderTest runtime : runtimes) {
                try {
                    runtime.close();
                } catch (Exception e) {
                    System.err.println("could not clean up " + runtime.name() + ": " + e);
                }
            }
            if (registry != null) {
                registry.close();
            }
            HostCleanup.deleteTree(registryDir);
        }
        String loadAfter = loadAverage();
        System.out.print(report.table(loadBefore, loadAfter));
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, report.json(loadBefore, loadAfter));
        System.out.println("JSON: " + json.toAbsolutePath());
    }

    /** One runtime's pod and container, and the two measured operations on them. */
    private record Target(RuntimeUnderTest runtime, Kubelet.Pod pod, String container, String sha256) {
        static Target start(RuntimeUnderTest runtime, String image) throws Exception {
            Kubelet kubelet = new Kubelet(runtime);
            kubelet.cri().pullImage(image, null);
            Kubelet.Pod pod = kubelet.runPod("ctr-it-sbench");
            String id = kubelet.run(
                    pod,
                    kubelet.container(
                                    pod,
                                    "data",
                                    image,
                                    "sh",
                                    "-c",
                                    "head -c " + SIZE + " /dev/urandom > /tmp/big.tmp && mv /tmp/big.tmp /tmp/big"
                                            + " && exec nc -ll -p " + PORT + " -e cat /tmp/big")
                            .build());
            Kubelet.await(
                    runtime.name() + ": the data made and nc listening",
                    () -> run(runtime, id, "sh", "-c", "test -f /tmp/big && " + LISTENING)
                                    .getExitCode()
                            == 0);
            String sum = run(runtime, id, "busybox", "sha256sum", "/tmp/big")
                    .getStdout()
                    .toString(StandardCharsets.US_ASCII);
            return new Target(runtime, pod, id, sum.substring(0, 64));
        }

        private static dev.cortado.api.cri.v1.ExecSyncResponse run(RuntimeUnderTest runtime, String id, String... cmd) {
            return runtime.client().execSync(id, Duration.ofSeconds(60), cmd);
        }

        String name() {
            return runtime.name();
        }

        /** One {@code echo word} over SPDY v4, checked; returns its round trip in nanoseconds. */
        long exec(String word) throws Exception {
            long t0 = System.nanoTime();
            String url = runtime.client()
                    .runtime()
                    .exec(ExecRequest.newBuilder()
                            .setContainerId(container)
                            .addCmd("echo")
                            .addCmd(word)
                            .setStdout(true)
                            .build())
                    .getUrl();
            try (SpdyClient c = SpdyClient.connect(url, SSLContext.getDefault(), "v4.channel.k8s.io")) {
                int error = c.open("streamType", "error");
                int out = c.open("streamType", "stdout");
                String status = c.awaitEnd(error, 30).text();
                String stdout = c.awaitEnd(out, 30).text();
                long nanos = System.nanoTime() - t0;
                if (!stdout.equals(word + "\n") || !status.contains("Success")) {
                    throw new IllegalStateException(
                            name() + " exec of echo " + word + ": stdout " + stdout + ", status " + status);
                }
                return nanos;
            }
        }

        /** The 50 MiB from the pod's nc through PortForward, digest checked; returns nanoseconds to the last byte. */
        long transfer() throws Exception {
            long t0 = System.nanoTime();
            String url = runtime.client()
                    .runtime()
                    .portForward(PortForwardRequest.newBuilder()
                            .setPodSandboxId(pod.id())
                            .addPort(PORT)
                            .build())
                    .getUrl();
            try (SpdyClient c = SpdyClient.connect(url, SSLContext.getDefault(), "portforward.k8s.io")) {
                String port = Integer.toString(PORT);
                int error = c.open("streamType", "error", "port", port, "requestID", "0");
                int data = c.open("streamType", "data", "port", port, "requestID", "0");
                // the last byte, not the stream's end: containerd 1.6 waits up to 1 s for the client's half after the
                // pod's
                SpdyClient.Stream s = c.awaitBytes(data, SIZE, 120);
                long nanos = System.nanoTime() - t0;
                if (s.bytes() != SIZE) {
                    throw new IllegalStateException(name() + " port-forward ended after " + s.bytes()
                            + " bytes; error stream: " + c.awaitEnd(error, 5).text());
                }
                c.fin(data);
                c.awaitEnd(data, 30);
                if (s.bytes() != SIZE || !s.sha256().equals(sha256)) {
                    throw new IllegalStateException(name() + " port-forward: " + s.bytes() + " bytes, sha256 "
                            + s.sha256() + ", the file's " + sha256);
                }
                return nanos;
            }
        }
    }

    /** The 1, 5 and 15 minute load averages, as uptime prints them. */
    private static String loadAverage() throws java.io.IOException {
        return String.join(
                " ",
                List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" "))
                        .subList(0, 3));
    }
}
