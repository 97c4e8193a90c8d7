package dev.cortado.cri.container;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * ListContainers' filter (CRI {@code ContainerFilter}); every part is optional and all must match.
 *
 * @param id a full id or an id prefix (crictl passes prefixes); empty for any
 * @param state the state, or empty for any
 * @param sandboxId a pod's full id or prefix; empty for any
 * @param labels every pair must be among the container's labels
 */
public record ContainerFilter(String id, Optional<ContainerState> state, String sandboxId, Map<String, String> labels) {
    public static final ContainerFilter ALL = new ContainerFilter("", Optional.empty(), "", Map.of());

    public ContainerFilter {
        id = Objects.requireNonNullElse(id, "");
        Objects.requireNonNull(state, "state");
        sandboxId = Objects.requireNonNullElse(sandboxId, "");
        labels = Map.copyOf(labels);
    }
}
