package dev.cortado.cri.runtime;

import java.util.List;
import java.util.Objects;

/** A mount the shim makes at {@code <bundle>/rootfs} before create (e.g. overlay or bind). */
public record RootfsMount(String type, String source, List<String> options) {
    public RootfsMount {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        options = List.copyOf(options);
    }
}
