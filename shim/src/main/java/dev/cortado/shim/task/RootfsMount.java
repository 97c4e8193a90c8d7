package dev.cortado.shim.task;

import java.util.List;

/** One mount of a Create request's rootfs, as containerd's {@code types.Mount}. */
public record RootfsMount(String type, String source, List<String> options) {
    /** Copies the options. */
    public RootfsMount {
        options = List.copyOf(options);
    }
}
