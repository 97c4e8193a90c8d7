package dev.cortado.integration.containers;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.KeyValue;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.integration.cri.CriClient;
import dev.cortado.integration.cri.CriLog;
import dev.cortado.integration.cri.KubeletConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Plays kubelet against one {@link RuntimeUnderTest}: pods with kubelet's config (log directory
 * created first, cgroup parent per pod uid, cluster DNS), containers with kubelet's labels,
 * annotations, masked and read-only paths, service env vars and log path
 * {@code <name>/<attempt>.log}, and the waits a test needs (a state, log lines).
 */
public final class Kubelet {
    static final Duration WAIT = Duration.ofSeconds(30);
    /** What kubelet puts in every container's env for the API service (enableServiceLinks), and more. */
    static final List<String> SERVICE_ENV = List.of(
            "KUBERNETES_SERVICE_HOST=10.96.0.1",
            "KUBERNETES_SERVICE_PORT=443",
            "KUBERNETES_SERVICE_PORT_HTTPS=443",
            "KUBERNETES_PORT=tcp://10.96.0.1:443",
            "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443",
            "KUBERNETES_PORT_443_TCP_PROTO=tcp",
            "KUBERNETES_PORT_443_TCP_PORT=443",
            "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1");

    private final RuntimeUnderTest runtime;

    /** A pod as kubelet knows it: its id and the config it was run with. */
    public record Pod(String id, PodSandboxConfig config) {}

    public Kubelet(RuntimeUnderTest runtime) {
        this.runtime = runtime;
    }

    public CriClient cri() {
        return runtime.client();
    }

    /** The runtime handler the pods run on ("" for the runtime's default). */
    public String handler() {
        return runtime.handler();
    }

    /** RunPodSandbox of pod {@code name} in namespace {@code ctr-it}, on the runtime's handler. */
    public Pod runPod(String name) throws Exception {
        PodSandboxConfig config = KubeletConfigs.pod("ctr-it", name, runtime.logRoot(), runtime.cgroupRoot(), 0)
                .build();
        Files.createDirectories(Path.of(config.getLogDirectory()));
        return new Pod(cri().runPodSandbox(config, runtime.handler()), config);
    }

    /**
     * Container {@code name} of {@code pod} as kubelet shapes it, with the service env vars and
     * 40 more ({@code CTR_IT_<i>=value-<i>}), as a Deployment with a long env list sends them.
     */
    public ContainerConfig.Builder container(Pod pod, String name, String image, String... command) {
        ContainerConfig.Builder builder = KubeletConfigs.container(pod.config(), name, image, command);
        for (String e : SERVICE_ENV) {
            builder.addEnvs(env(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1)));
        }
        for (int i = 0; i < 40; i++) {
            builder.addEnvs(env("CTR_IT_" + i, "value-" + i));
        }
        return builder;
    }

    /** One env var (CRI carries values as bytes). */
    static KeyValue env(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(com.google.protobuf.ByteString.copyFromUtf8(value))
                .build();
    }

    /** CreateContainer, after creating the log's directory as kubelet does; returns the id. */
    public String create(Pod pod, ContainerConfig config) throws Exception {
        KubeletConfigs.createLogDir(pod.config(), config);
        return cri().createContainer(pod.id(), config, pod.config());
    }

    /** CreateContainer then StartContainer; returns the id. */
    public String run(Pod pod, ContainerConfig config) throws Exception {
        String id = create(pod, config);
        cri().startContainer(id);
        return id;
    }

    /** The host path of {@code config}'s log file. */
    static Path logOf(Pod pod, ContainerConfig config) {
        return Path.of(pod.config().getLogDirectory()).resolve(config.getLogPath());
    }

    /** The lines of {@code log} once {@code done} holds for them; an AssertionError with what it has after {@link #WAIT}. */
    static List<CriLog.Line> awaitLog(Path log, Predicate<List<CriLog.Line>> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<CriLog.Line> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(log) ? CriLog.read(log) : List.of();
            if (done.test(lines)) {
                return lines;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("log " + log + " not as awaited after " + WAIT + "; " + lines.size() + " lines, last: "
                + lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    /** Waits until {@code condition} holds, polling every 50 ms; an AssertionError naming {@code what} after {@link #WAIT}. */
    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
