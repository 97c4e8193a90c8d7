package dev.cortado.cri.grpc;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerMetadata;
import dev.cortado.api.cri.v1.ImageSpec;
import dev.cortado.api.cri.v1.LinuxContainerResources;
import dev.cortado.api.cri.v1.PodSandboxConfig;
import dev.cortado.cri.container.Container;
import dev.cortado.cri.container.ContainerEvent;
import dev.cortado.cri.container.ContainerFilter;
import dev.cortado.cri.container.ContainerState;
import dev.cortado.cri.container.ContainerStatus;
import dev.cortado.cri.container.ContainerUser;
import dev.cortado.cri.container.Containers;
import dev.cortado.cri.container.ExecSyncResult;
import dev.cortado.errors.CortadoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Containers in a map, with the domain's error kinds, the last arguments it got, and events on demand. */
final class FakeContainers implements Containers {
    private final Map<String, Container> byId = new LinkedHashMap<>();
    private final List<Consumer<ContainerEvent>> subscribers = new CopyOnWriteArrayList<>();
    volatile CortadoException failNext;
    volatile Duration lastStopTimeout;
    volatile List<String> lastExecCommand;
    volatile Duration lastExecTimeout;
    volatile ContainerFilter lastFilter;
    volatile ExecSyncResult execResult = new ExecSyncResult(new byte[0], new byte[0], 0, false, false);

    static String id(int n) {
        return "%064x".formatted(n);
    }

    static ContainerConfig config(String name) {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name).setAttempt(1))
                .setImage(ImageSpec.newBuilder().setImage("localhost:5000/busybox:1"))
                .build();
    }

    /** A record as ContainerService would keep it. */
    static Container container(String id, String sandboxId, ContainerConfig config, ContainerStatus status) {
        return new Container(
                id,
                sandboxId,
                config,
                "sha256:" + "ab".repeat(32),
                config.getImage().getImage(),
                "localhost:5000/busybox@sha256:" + "cd".repeat(32),
                "/var/log/pods/p/c/0.log",
                "cortado",
                "SIGTERM",
                new ContainerUser(0, 0, List.of(0L, 10L)),
                status);
    }

    synchronized void put(Container container) {
        byId.put(container.id(), container);
    }

    synchronized Container get(String id) {
        return byId.get(id);
    }

    /** Publishes as ContainerService does: in order, on the caller's thread. */
    void emit(ContainerEvent event) {
        subscribers.forEach(s -> s.accept(event));
    }

    int subscriberCount() {
        return subscribers.size();
    }

    private void maybeFail() {
        CortadoException failure = failNext;
        if (failure != null) {
            failNext = null;
            throw failure;
        }
    }

    private synchronized Container require(String id) {
        maybeFail();
        List<Container> found =
                byId.values().stream().filter(c -> c.id().startsWith(id)).toList();
        if (found.size() != 1) {
            throw CortadoException.notFound("container %s not found", id);
        }
        return found.get(0);
    }

    @Override
    public synchronized Container create(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        maybeFail();
        Container created = container(id(byId.size() + 1), sandboxId, config, ContainerStatus.created(1_000, 0));
        put(created);
        return created;
    }

    @Override
    public synchronized void start(String id) {
        Container c = require(id);
        if (c.state() != ContainerState.CREATED) {
            throw CortadoException.failedPrecondition("container %s is %s, not CREATED", id, c.state());
        }
        put(c.withStatus(new ContainerStatus(ContainerState.RUNNING, 1_000, 2_000, 0, 0, "", "", 42)));
    }

    @Override
    public synchronized void stop(String id, Duration timeout) {
        Container c = require(id);
        lastStopTimeout = timeout;
        put(c.withStatus(new ContainerStatus(ContainerState.EXITED, 1_000, 2_000, 3_000, 137, "", "", 0)));
    }

    @Override
    public synchronized void remove(String id) {
        maybeFail();
        byId.keySet().removeIf(k -> k.startsWith(id));
    }

    @Override
    public synchronized void updateResources(String id, LinuxContainerResources resources) {
        Container c = require(id);
        put(c.withConfig(c.config().toBuilder()
                .setLinux(c.config().getLinux().toBuilder().setResources(resources))
                .build()));
    }

    @Override
    public Container status(String id) {
        return require(id);
    }

    @Override
    public Map<String, String> verboseInfo(Container container) {
        return Map.of(
                "info",
                "{\"sandboxID\":\"" + container.sandboxId() + "\",\"pid\":"
                        + container.status().pid() + "}");
    }

    @Override
    public synchronized List<Container> list(ContainerFilter filter) {
        maybeFail();
        lastFilter = filter;
        List<Container> out = new ArrayList<>();
        for (Container c : byId.values()) {
            if (c.id().startsWith(filter.id())
                    && c.sandboxId().startsWith(filter.sandboxId())
                    && filter.state().map(s -> s == c.state()).orElse(true)
                    && c.config()
                            .getLabelsMap()
                            .entrySet()
                            .containsAll(filter.labels().entrySet())) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public ExecSyncResult execSync(String id, List<String> command, Duration timeout) {
        require(id);
        lastExecCommand = List.copyOf(command);
        lastExecTimeout = timeout;
        return execResult;
    }

    @Override
    public void reopenLog(String id) {
        Container c = require(id);
        if (c.state() != ContainerState.RUNNING) {
            throw CortadoException.failedPrecondition("container %s is %s, not RUNNING", id, c.state());
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<ContainerEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
