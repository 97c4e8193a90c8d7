package dev.cortado.cri.sandbox;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * CRI's {@code PodSandboxFilter}: every given part must match.
 *
 * @param idPrefix empty for any; otherwise the id or a prefix of it, as crictl passes
 * @param labels each must be present with this value
 */
public record SandboxFilter(String idPrefix, Optional<SandboxState> state, Map<String, String> labels) {
    public static final SandboxFilter ALL = new SandboxFilter("", Optional.empty(), Map.of());

    public SandboxFilter {
        idPrefix = Objects.requireNonNullElse(idPrefix, "");
        Objects.requireNonNull(state, "state");
        labels = Map.copyOf(labels);
    }

    /** True when the pod (in its reported state) passes. */
    public boolean matches(Sandbox sandbox) {
        return sandbox.id().startsWith(idPrefix)
                && state.map(s -> s == sandbox.state()).orElse(true)
                && labels.entrySet().stream()
                        .allMatch(e ->
                                e.getValue().equals(sandbox.config().labels().get(e.getKey())));
    }
}
