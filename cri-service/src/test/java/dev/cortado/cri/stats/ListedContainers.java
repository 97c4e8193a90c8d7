package dev.cortado.cri.stats;

import dev.cortado.api.cri.v1.ContainerConfig;
import dev.cortado.api.cri.v1.ContainerMetadata;
import dev.cortado.api.cri.v1.ImageSpec;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Containers in a map, for what stats read of them (list and status); the rest is not used here. */
final class ListedContainers implements Containers {
    private final Map<String, Container> byId = new LinkedHashMap<>();

    static String id(int n) {
        return "%064x".formatted(n);
    }

    /** A container record in {@code state}, its pid {@code pid}, with these labels. */
    static Container container(String id, String podId, ContainerState state, int pid, Map<String, String> labels) {
        ContainerConfig config = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder()
                        .setName("c-" + id.substring(56))
                        .setAttempt(1))
                .setImage(ImageSpec.newBuilder().setImage("busybox"))
                .putAllLabels(labels)
                .build();
        return new Container(
                id,
                podId,
                config,
                "sha256:" + "ab".repeat(32),
                "busybox",
                "",
                "",
                "cortado",
                "SIGTERM",
                new ContainerUser(0, 0, List.of()),
                new ContainerStatus(state, 1, 2, 0, 0, "", "", pid));
    }

    synchronized void put(Container c) {
        byId.put(c.id(), c);
    }

    @Override
    public synchronized void remove(String id) {
        byId.remove(id);
    }

    @Override
    public synchronized Container status(String id) {
        List<Container> found =
                byId.values().stream().filter(c -> c.id().startsWith(id)).toList();
        if (found.size() != 1) {
            throw CortadoException.notFound("container \"%s\" not found", id);
        }
        return found.get(0);
    }

    @Override
    public synchronized List<Container> list(ContainerFilter filter) {
        return byId.values().stream()
                .filter(c -> c.id().startsWith(filter.id())
                        && c.sandboxId().startsWith(filter.sandboxId())
                        && filter.state().map(s -> s == c.state()).orElse(true)
                        && filter.labels().entrySet().stream()
                                .allMatch(e -> e.getValue()
                                        .equals(c.config().getLabelsMap().get(e.getKey()))))
                .toList();
    }

    @Override
    public Container create(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void start(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stop(String id, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, String> verboseInfo(Container container) {
        return Map.of();
    }

    @Override
    public ExecSyncResult execSync(String id, List<String> command, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updateResources(String id, dev.cortado.api.cri.v1.LinuxContainerResources resources) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void reopenLog(String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AutoCloseable subscribe(Consumer<ContainerEvent> subscriber) {
        return () -> {};
    }
}
