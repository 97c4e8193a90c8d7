package dev.cortado.cri.runtime;

import java.util.Objects;

/**
 * A process's stdio as the shim gets it: fifo paths, {@code file://} paths or
 * {@code binary://} URIs (an empty string means none), and whether it has a terminal.
 */
public record Stdio(String stdin, String stdout, String stderr, boolean terminal) {
    public static final Stdio NONE = new Stdio("", "", "", false);

    public Stdio {
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }
}
